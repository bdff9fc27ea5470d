package notice

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/locale"
)

// The font stack of each language: one definition each, used by both the
// stylesheet's :lang() rules and the complete document's inline style.
//
// Chinese text never falls to a Japanese font nor the reverse (the same
// Han character has different shapes in each), and Traditional Chinese
// prefers Hong Kong or Taiwan forms as the tag says. A Latin font comes
// first in every stack: it has no Han or Hangul, so those come from the
// language's own fonts. German, French and Indonesian read well in the
// Latin stack. Vietnamese stacks two marks on a letter (ệ, ở): its stack
// names only fonts that draw them well, system-ui, Segoe UI, Roboto, Noto
// Sans and Arial, and leaves out Helvetica Neue, whose older versions place
// them poorly. Thai has its own stack (Thonburi on Apple systems,
// Leelawadee UI on Windows, Noto Sans Thai elsewhere).
const (
	fontLatin = `system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif`
	fontJa    = `-apple-system, BlinkMacSystemFont, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", ` +
		`"Yu Gothic UI", "Yu Gothic", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif`
	fontZhHant = `-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang TC", "Microsoft JhengHei UI", ` +
		`"Microsoft JhengHei", "Noto Sans CJK TC", "Noto Sans TC", sans-serif`
	fontZhHantHK = `-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang HK", "Microsoft JhengHei UI", ` +
		`"Microsoft JhengHei", "Noto Sans CJK HK", "Noto Sans HK", "Noto Sans CJK TC", sans-serif`
	fontZhHans = `-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei UI", ` +
		`"Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif`
	fontVi = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif`
	fontTh = `-apple-system, BlinkMacSystemFont, "Segoe UI", Thonburi, "Leelawadee UI", Leelawadee, ` +
		`"Noto Sans Thai", "Noto Sans Thai UI", Tahoma, sans-serif`
	fontKo = `-apple-system, BlinkMacSystemFont, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", ` +
		`"Noto Sans CJK KR", "Noto Sans KR", sans-serif`
)

// fontStack returns the inline declarations of tag's font stack, and the
// line breaking its script needs, for the complete document's wrapper: in
// a style attribute, which double quotes delimit, so the font names are
// quoted with single quotes.
func fontStack(tag language.Tag) string {
	return strings.ReplaceAll(fontDeclarations(tag), `"`, `'`)
}

// Each language's declarations, written once: the stylesheet's :lang()
// rules and the complete document's inline style both use them.
const (
	declJa       = "font-family: " + fontJa + "; line-break: strict;"
	declZhHant   = "font-family: " + fontZhHant + ";"
	declZhHantHK = "font-family: " + fontZhHantHK + ";"
	declZhHans   = "font-family: " + fontZhHans + ";"
	declKo       = "font-family: " + fontKo + "; word-break: keep-all;"
	declVi       = "font-family: " + fontVi + ";"
	declTh       = "font-family: " + fontTh + "; line-height: 1.8;"
	declLatin    = "font-family: " + fontLatin + ";"
)

func fontDeclarations(tag language.Tag) string {
	switch tag {
	case locale.Japanese:
		return declJa
	case locale.ChineseTraditional:
		return declZhHant
	case locale.ChineseHK:
		return declZhHantHK
	case locale.ChineseSimplified:
		return declZhHans
	case locale.Korean:
		return declKo
	case locale.Vietnamese:
		return declVi
	case locale.Thai:
		return declTh
	}
	return declLatin
}

// The inline styles of the complete document (see layout.mailSafe): those
// whose loss would lose meaning or make the notice hard to read, in px
// (Outlook for Windows, Yahoo and AOL ignore rem) and without the font
// shorthand, which a client that rejects one value of drops whole. The
// urgent heading is in the body's colour and bold: native readers found red
// headings phishing-like, and its words say how soon.
const (
	bodyStyle        = `margin: 0; padding: 16px; background: #ffffff; color: #1b1b1b;`
	wrapperStyle     = `max-width: 640px; margin: 0 auto; color: #1b1b1b; font-size: 16px; line-height: 1.6; `
	h1Style          = `font-size: 22px; line-height: 1.3; margin: 0 0 20px;`
	summaryStyle     = `margin: 20px 0; padding: 4px 16px 8px; border: 1px solid #d0d0d0; background: #f7f7f7;`
	summaryNowStyle  = `font-weight: bold; margin-bottom: 0;`
	nowListStyle     = `padding-left: 20px; margin: 4px 0 16px; border-left: 4px solid #4a4a4a;`
	translationStyle = `margin-top: 40px; font-size: 14px; color: #4a4a4a;`
)

// Stylesheet is the CSS of the complete HTML document, which carries it in
// one <style> element. The fragment has class names and no style
// attributes, so a page with a strict Content-Security-Policy can embed the
// fragment and serve these rules from its own stylesheet. (The complete
// document, an e-mail, repeats the rules that carry meaning inline, for the
// mail clients that drop <style>.)
//
// It is written for a phone first: no fixed widths, long addresses wrap
// instead of scrolling sideways, and text is sized for reading. Sizes are
// in px, which every mail client honours (several ignore rem), and the
// font is set by its longhand properties.
//
// Each language has one font stack, chosen by the lang attribute that the
// document's root and the fragment's <article> carry (see fontLatin and
// the others above). The rules use :lang(), not the lang attribute's
// value, so zh-Hant-HK also matches zh-Hant; it comes later and wins.
// Korean does not break inside a word (word-break: keep-all), and Japanese
// keeps small kana and the long-vowel mark off the start of a line
// (line-break: strict). Thai gets a taller line for its stacked vowels and
// tone marks, and word-break: keep-all is not set: browsers break Thai
// between words with their own dictionaries.
// TestStylesheetFonts holds every supported language to a stack of its
// script.
const Stylesheet = `body { margin: 0; padding: 16px; background: #fff; color: #1b1b1b;
  font-family: ` + fontLatin + `; font-size: 16px; line-height: 1.6;
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
:lang(ja) { ` + declJa + ` }
:lang(zh-Hant) { ` + declZhHant + ` }
:lang(zh-Hant-HK) { ` + declZhHantHK + ` }
:lang(zh-Hans) { ` + declZhHans + ` }
:lang(vi) { ` + declVi + ` }
:lang(th) { ` + declTh + ` }
:lang(ko) { ` + declKo + ` }
.breach-notice { max-width: 640px; margin: 0 auto; overflow-wrap: anywhere; }
.breach-notice h1 { font-size: 22px; line-height: 1.3; margin: 0 0 20px; }
.breach-notice h2 { font-size: 18px; line-height: 1.3; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d0d0; }
.breach-notice h3 { font-size: 16px; line-height: 1.3; margin: 20px 0 4px; }
.breach-notice ul { padding-left: 20px; margin: 4px 0 16px; }
.breach-notice li { margin: 4px 0; }
.breach-notice .notice-summary { margin: 20px 0; padding: 4px 16px 8px; border: 1px solid #d0d0d0; border-radius: 4px; background: #f7f7f7; }
.breach-notice .notice-summary h2 { margin-top: 12px; border-bottom: 0; }
.breach-notice .notice-summary-now { font-weight: bold; margin-bottom: 0; }
.breach-notice .notice-actions-now { border-left: 4px solid #4a4a4a; padding-left: 24px; }
.breach-notice .notice-translation { margin-top: 40px; font-size: 14px; color: #4a4a4a; }
.breach-notice .notice-translation h2 { font-size: 15px; }
.breach-notice a { color: #0b57a4; }
`
