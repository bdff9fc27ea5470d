package notice

// Stylesheet is the CSS of the complete HTML document, which carries it in
// one <style> element. The fragment has class names and no style
// attributes, so a page with a strict Content-Security-Policy can embed the
// fragment and serve these rules from its own stylesheet.
//
// It is written for a phone first: no fixed widths, long addresses wrap
// instead of scrolling sideways, and text is sized for reading.
const Stylesheet = `body { margin: 0; padding: 1rem; background: #fff; color: #1b1b1b;
  font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Microsoft JhengHei", "Malgun Gothic", sans-serif;
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
.breach-notice { max-width: 40rem; margin: 0 auto; overflow-wrap: anywhere; }
.breach-notice h1 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 1.25rem; }
.breach-notice h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid #d0d0d0; }
.breach-notice h3 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
.breach-notice ul { padding-left: 1.25rem; margin: 0.25rem 0 1rem; }
.breach-notice li { margin: 0.25rem 0; }
.breach-notice .notice-urgency-now { color: #8b1a1a; }
.breach-notice .notice-actions-now { border-left: 4px solid #8b1a1a; padding-left: 1.5rem; }
.breach-notice .notice-categories li { font-weight: 600; }
.breach-notice a { color: #0b57a4; }
`
