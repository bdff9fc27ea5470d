package notice

// Stylesheet is the CSS of the complete HTML document, which carries it in
// one <style> element. The fragment has class names and no style
// attributes, so a page with a strict Content-Security-Policy can embed the
// fragment and serve these rules from its own stylesheet.
//
// It is written for a phone first: no fixed widths, long addresses wrap
// instead of scrolling sideways, and text is sized for reading.
//
// Each language has one font stack, chosen by the lang attribute that the
// document's root and the fragment's <article> carry: Chinese text never
// falls to a Japanese font nor the reverse (the same Han character has
// different shapes in each), and Traditional Chinese prefers Hong Kong or
// Taiwan forms as the tag says. A Latin font comes first in every stack:
// it has no Han or Hangul, so those come from the language's own fonts.
// The rules use :lang(), not the lang attribute's value, so zh-Hant-HK
// also matches zh-Hant; it comes later and wins. Korean does not break
// inside a word (word-break: keep-all), and Japanese keeps small kana and
// the long-vowel mark off the start of a line (line-break: strict).
// German, French and Indonesian read well in the body's Latin stack.
// Vietnamese stacks two marks on a letter (ệ, ở): its rule names only
// fonts that draw them well, system-ui, Segoe UI, Roboto, Noto Sans and
// Arial, and leaves out Helvetica Neue, whose older versions place them
// poorly. Thai has its own stack (Thonburi on Apple systems, Leelawadee UI
// on Windows, Noto Sans Thai elsewhere), a taller line for its stacked
// vowels and tone marks, and word-break: keep-all is not set: browsers
// break Thai between words with their own dictionaries.
// TestStylesheetFonts holds every supported language to a stack of its
// script.
const Stylesheet = `body { margin: 0; padding: 1rem; background: #fff; color: #1b1b1b;
  font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
:lang(ja) { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN",
  "Yu Gothic UI", "Yu Gothic", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif; line-break: strict; }
:lang(zh-Hant) { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang TC", "Microsoft JhengHei UI",
  "Microsoft JhengHei", "Noto Sans CJK TC", "Noto Sans TC", sans-serif; }
:lang(zh-Hant-HK) { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang HK", "Microsoft JhengHei UI",
  "Microsoft JhengHei", "Noto Sans CJK HK", "Noto Sans HK", "Noto Sans CJK TC", sans-serif; }
:lang(zh-Hans) { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei UI",
  "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
:lang(vi) { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
:lang(th) { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Thonburi, "Leelawadee UI", Leelawadee,
  "Noto Sans Thai", "Noto Sans Thai UI", Tahoma, sans-serif; line-height: 1.8; }
:lang(ko) { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic",
  "Noto Sans CJK KR", "Noto Sans KR", sans-serif; word-break: keep-all; }
.breach-notice { max-width: 40rem; margin: 0 auto; overflow-wrap: anywhere; }
.breach-notice h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 1.25rem; }
.breach-notice h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid #d0d0d0; }
.breach-notice h3 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
.breach-notice ul { padding-left: 1.25rem; margin: 0.25rem 0 1rem; }
.breach-notice li { margin: 0.25rem 0; }
.breach-notice .notice-summary { margin: 1.25rem 0; padding: 0.25rem 1rem 0.5rem; border: 1px solid #d0d0d0; border-radius: 4px; background: #f7f7f7; }
.breach-notice .notice-summary h2 { margin-top: 0.75rem; border-bottom: 0; }
.breach-notice .notice-summary-now { font-weight: 600; color: #8b1a1a; margin-bottom: 0; }
.breach-notice .notice-urgency-now { color: #8b1a1a; }
.breach-notice .notice-actions-now { border-left: 4px solid #8b1a1a; padding-left: 1.5rem; }
.breach-notice .notice-categories li, .breach-notice .notice-summary-categories li { font-weight: 600; }
.breach-notice .notice-translation { margin-top: 2.5rem; font-size: 0.9rem; color: #4a4a4a; }
.breach-notice .notice-translation h2 { font-size: 0.95rem; }
.breach-notice a { color: #0b57a4; }
`
