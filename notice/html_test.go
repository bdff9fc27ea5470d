package notice_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// The sections of every notice, in order; the last only in translations.
var sectionClasses = []string{"notice-summary", "notice-what-happened", "notice-what-information", "notice-what-we-are-doing",
	"notice-what-you-can-do", "notice-recognise-our-messages", "notice-more-information", "notice-translation"}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	return slices.Contains(strings.Fields(v), class)
}

// textOf returns the text under n, squashed like the plain-text checks.
func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return squash(b.String())
}

func elements(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := range n.ChildNodes() {
		if c.Type == html.ElementNode {
			out = append(out, c)
		}
	}
	return out
}

// htmlExpectation is what a notice's HTML must show.
type htmlExpectation struct {
	tag        language.Tag
	name       string   // the greeting's name, as text
	categories []string // section 2's items, squashed
	summary    []string // the summary: its category items, then "#" and the "now" items or "!" and the no-action line
	actions    []string // section 4: "#" urgency headings and items, squashed
}

// hasRem reports whether CSS text css has a length in rem (which Outlook
// for Windows, Yahoo and AOL ignore) or em (which mail clients scale
// unevenly). A scan, not a regexp: checkHTML runs on thousands of
// documents under -race.
func hasRem(css string) bool {
	for i := 1; i+1 < len(css); i++ {
		if c := css[i-1]; (c >= '0' && c <= '9' || c == '.') &&
			(strings.HasPrefix(css[i:], "em") || strings.HasPrefix(css[i:], "rem")) {
			end := i + 2
			if css[i] == 'r' {
				end++
			}
			if end == len(css) || !(css[end] >= 'a' && css[end] <= 'z') {
				return true
			}
		}
	}
	return false
}

// TestStylesheetMailSafe: the stylesheet sizes nothing in rem or em
// (checkHTML checks the inline styles of every document), sets no font
// shorthand (a client that rejects one of its values drops it whole), and
// colours none of the urgent text: urgency is in the words, and native
// readers found red headings phishing-like.
func TestStylesheetMailSafe(t *testing.T) {
	if hasRem(notice.Stylesheet) {
		t.Errorf("the stylesheet sizes something in rem or em:\n%s", notice.Stylesheet)
	}
	for rule := range strings.SplitSeq(notice.Stylesheet, "}") {
		sel, body, _ := strings.Cut(rule, "{")
		for d := range strings.SplitSeq(body, ";") {
			prop, _, _ := strings.Cut(d, ":")
			prop = strings.TrimSpace(prop)
			if prop == "font" {
				t.Errorf("%s: font shorthand", strings.TrimSpace(sel))
			}
			if prop == "color" && (strings.Contains(sel, "urgency") || strings.Contains(sel, "-now")) {
				t.Errorf("%s: the urgent text is coloured: %s", strings.TrimSpace(sel), strings.TrimSpace(d))
			}
		}
	}
	for css, want := range map[string]bool{"a: 1rem;": true, "a: 1.5em }": true, "a: 16px": false, "Ihrem 1 remove": false} {
		if got := hasRem(css); got != want {
			t.Errorf("hasRem(%q) = %t, want %t", css, got, want)
		}
	}
}

// checkHTML parses a complete document and checks its structure: lang on
// the root and the notice's wrapper, one <style> in the head, no scripts,
// no external resources and no event handlers; made for mail clients: no
// links at all (the notice tells its reader not to follow links), no
// <article> or <section> (Outlook.com, Yahoo and AOL strip them), no rem
// (Outlook for Windows, Yahoo and AOL ignore it), the notice in one <main>
// as a <div class="breach-notice" role="article"> with its font inline;
// the sections in order each headed by an <h2>, and the recipient's
// categories and actions.
func checkHTML(t testing.TB, doc []byte, want htmlExpectation) {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	htmlEl := elements(root)[0]
	if lang, _ := attr(htmlEl, "lang"); lang != want.tag.String() {
		t.Fatalf("<html lang=%q>, want %q", lang, want.tag)
	}
	var styles, mains int
	var article *html.Node
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Script, atom.Link, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Form, atom.Base, atom.Meta,
			atom.Article, atom.Section, atom.A:
			if n.DataAtom == atom.Meta {
				break // charset and viewport
			}
			t.Fatalf("forbidden element <%s>", n.Data)
		case atom.Style:
			styles++
			if n.Parent.DataAtom != atom.Head {
				t.Fatalf("<style> outside <head>")
			}
		case atom.Main:
			mains++
		case atom.Div:
			if !hasClass(n, "breach-notice") {
				break
			}
			if article != nil {
				t.Fatalf("two notices")
			}
			article = n
			if n.Parent.DataAtom != atom.Main {
				t.Fatalf("the notice is in <%s>, want <main>", n.Parent.Data)
			}
			if role, _ := attr(n, "role"); role != "article" {
				t.Fatalf("the notice's <div role=%q>, want article", role)
			}
			// The whole stack, to its generic family: a quote in the
			// attribute would cut it short.
			if style, _ := attr(n, "style"); !strings.Contains(style, "font-family:") || !strings.Contains(style, "sans-serif;") ||
				!strings.Contains(style, "font-size: 16px") {
				t.Fatalf("the notice's inline style %q has no font", style)
			}
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "src" || a.Key == "href" {
				t.Fatalf("<%s> has attribute %s", n.Data, a.Key)
			}
			if a.Key == "style" && (strings.Contains(a.Val, "url(") || hasRem(a.Val)) {
				t.Fatalf("<%s style=%q>", n.Data, a.Val)
			}
		}
	}
	if styles != 1 {
		t.Fatalf("%d <style> elements, want 1", styles)
	}
	if mains != 1 {
		t.Fatalf("%d <main> elements, want 1", mains)
	}
	if article == nil {
		t.Fatal("no <div class=breach-notice>")
	}
	if lang, _ := attr(article, "lang"); lang != want.tag.String() {
		t.Fatalf("<div class=breach-notice lang=%q>, want %q", lang, want.tag)
	}

	children := elements(article)
	if children[0].DataAtom != atom.H1 || !hasClass(children[1], "notice-greeting") {
		t.Fatalf("article starts <%s><%s>, want h1 then the greeting", children[0].Data, children[1].Data)
	}
	if !strings.Contains(textOf(children[1]), squash(want.name)) {
		t.Fatalf("greeting %q does not show the name %q", textOf(children[1]), want.name)
	}
	var classes []string
	sections := map[string]*html.Node{}
	for _, c := range children {
		if c.DataAtom == atom.Div && slices.ContainsFunc(sectionClasses, func(s string) bool { return hasClass(c, s) }) {
			class, _ := attr(c, "class")
			classes = append(classes, class)
			sections[class] = c
			if first := elements(c); len(first) == 0 || first[0].DataAtom != atom.H2 {
				t.Fatalf("section %s does not start with <h2>", class)
			}
		}
	}
	wantClasses := sectionClasses
	if want.tag == locale.English || want.tag == locale.Pseudo {
		wantClasses = sectionClasses[:len(sectionClasses)-1]
	}
	if !slices.Equal(classes, wantClasses) {
		t.Fatalf("sections mismatch (-want +got):\n%s", cmp.Diff(wantClasses, classes))
	}

	var gotCategories []string
	for n := range sections["notice-what-information"].Descendants() {
		if n.DataAtom == atom.Li {
			gotCategories = append(gotCategories, textOf(n))
		}
	}
	if !slices.Equal(gotCategories, want.categories) {
		t.Fatalf("section 2 mismatch (-want +got):\n%s", cmp.Diff(want.categories, gotCategories))
	}
	var gotSummary []string
	for n := range sections["notice-summary"].Descendants() {
		switch {
		case n.DataAtom == atom.Li:
			gotSummary = append(gotSummary, textOf(n))
		case n.DataAtom == atom.P && hasClass(n, "notice-summary-now"):
			gotSummary = append(gotSummary, "#"+textOf(n))
		case n.DataAtom == atom.P && hasClass(n, "notice-summary-nothing-now"):
			gotSummary = append(gotSummary, "!"+textOf(n))
		}
	}
	if !slices.Equal(gotSummary, want.summary) {
		t.Fatalf("summary mismatch (-want +got):\n%s", cmp.Diff(want.summary, gotSummary))
	}
	var gotActions []string
	for n := range sections["notice-what-you-can-do"].Descendants() {
		switch {
		case n.DataAtom == atom.H3:
			gotActions = append(gotActions, "#"+textOf(n))
		case n.DataAtom == atom.Li && hasClass(n.Parent, "notice-actions"):
			gotActions = append(gotActions, textOf(n))
		}
	}
	if !slices.Equal(gotActions, want.actions) {
		t.Fatalf("section 4 mismatch (-want +got):\n%s", cmp.Diff(want.actions, gotActions))
	}
}

// TestHTMLProperties checks the HTML structure for every language over a
// smaller sample of the cards incident's sets than the text checks use:
// parsing HTML is slow under -race, and the HTML pieces are the same ones
// the text checks cover.
func TestHTMLProperties(t *testing.T) {
	inc := sample.MustIncident("cards")
	c := composer("cards")
	spread := sampleSets(inc.Exposed, 150, 2)
	for _, tag := range locale.Supported() {
		t.Run(tag.String(), func(t *testing.T) {
			t.Parallel()
			w := wordingFor(t, tag, organisation(inc, tag))
			for _, s := range spread {
				a := exposure.Assess(s)
				name := `Chan "Tai" <Man> & Co`
				d, err := c.Compose(notice.Recipient{Name: name, Language: tag.String()}, a)
				if err != nil {
					t.Fatal(err)
				}
				checkHTML(t, d.AppendHTML(nil), htmlExpectation{
					tag: tag, name: name, categories: w.section2(s), summary: w.summary(a), actions: w.section4(a),
				})
				frag := string(d.AppendHTMLFragment(nil))
				if !strings.HasPrefix(frag, `<article class="breach-notice" lang="`+tag.String()+`">`) ||
					!strings.HasSuffix(frag, "</article>\n") || strings.Contains(frag, "style=") || strings.Contains(frag, "<a ") {
					t.Fatalf("fragment is not one <article> without styles or links:\n%s", frag)
				}
			}
		})
	}
}

// TestHTMLEscapesRecipient: a hostile name is shown, not run.
func TestHTMLEscapesRecipient(t *testing.T) {
	name := `<script>alert(1)</script>`
	d, err := composer("seed").Compose(notice.Recipient{Name: name, Language: "en"}, exposure.Assess(exposure.Of(exposure.Name)))
	if err != nil {
		t.Fatal(err)
	}
	doc := d.AppendHTML(nil)
	if bytes.Contains(doc, []byte("<script")) {
		t.Fatalf("the name reached the document unescaped:\n%s", doc)
	}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && hasClass(n, "notice-greeting") {
			found = strings.Contains(fmt.Sprint(n.FirstChild.Data), name)
		}
	}
	if !found {
		t.Errorf("the greeting does not show the name as text")
	}
}

// TestStylesheetFonts: every language written in a script other than Latin
// has one :lang() rule with a font stack of that script's fonts and none
// of another's, so that Chinese never renders with Japanese glyph shapes
// or the reverse; Korean keeps words whole.
func TestStylesheetFonts(t *testing.T) {
	fonts := map[string][]string{ // fonts that belong to one script
		"Jpan": {"Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP"},
		"Hant": {"Microsoft JhengHei", "Noto Sans CJK TC"},
		"Hans": {"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"},
		"Kore": {"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR"},
		"Thai": {"Thonburi", "Leelawadee UI", "Noto Sans Thai"},
	}
	rules := map[string]string{}
	for rule := range strings.SplitSeq(notice.Stylesheet, "}") {
		sel, body, ok := strings.Cut(rule, "{")
		if sel = strings.TrimSpace(sel); ok && strings.HasPrefix(sel, ":lang(") {
			lang := strings.TrimSuffix(strings.TrimPrefix(sel, ":lang("), ")")
			if _, dup := rules[lang]; dup {
				t.Errorf("two rules for :lang(%s)", lang)
			}
			rules[lang] = body
		}
	}
	if body := rules["vi"]; !strings.Contains(body, `"Noto Sans"`) || strings.Contains(body, "Helvetica") {
		t.Errorf(":lang(vi) is not a stack of fonts that draw Vietnamese's stacked marks: %q", body)
	}
	for _, tag := range locale.Supported() {
		script, _ := locale.Script(tag)
		if script == "Latn" {
			continue
		}
		body, ok := rules[tag.String()]
		if !ok {
			t.Errorf("no :lang(%v) rule", tag)
			continue
		}
		for sc, names := range fonts {
			for _, f := range names {
				if sc != script && strings.Contains(body, `"`+f+`"`) {
					t.Errorf(":lang(%v) (%s) names %q, a font of %s", tag, script, f, sc)
				}
			}
		}
		if !slices.ContainsFunc(fonts[script], func(f string) bool { return strings.Contains(body, `"`+f+`"`) }) {
			t.Errorf(":lang(%v) names no %s font", tag, script)
		}
		if script == "Kore" && !strings.Contains(body, "word-break: keep-all") {
			t.Errorf(":lang(%v) does not keep words whole", tag)
		}
	}
}

// TestHTMLFallbackLang: text that fell back to English inside a Japanese
// notice, a catalog message and the incident's narrative, is marked
// lang="en" in both HTML forms (WCAG SC 3.1.2), and the notice's own text
// is not.
func TestHTMLFallbackLang(t *testing.T) {
	en, err := os.ReadFile(filepath.Join("catalog", "en.json"))
	if err != nil {
		t.Fatal(err)
	}
	jaFile, err := os.ReadFile(filepath.Join("catalog", "ja.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ja map[string]string
	if err := json.Unmarshal(jaFile, &ja); err != nil {
		t.Fatal(err)
	}
	delete(ja, "closing")
	jaLess, err := json.Marshal(ja)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load(fstest.MapFS{"en.json": {Data: en}, "ja.json": {Data: jaLess}})
	if err != nil {
		t.Fatal(err)
	}
	inc := sample.MustIncident("seed")
	narrative := "The English-only narrative of this test."
	inc.Narrative = notice.Localized{locale.English: narrative}
	c, err := notice.NewComposer(inc, notice.WithCatalog(cat))
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Compose(notice.Recipient{Name: "山田 花子", Language: "ja"}, exposure.Assess(exposure.Of(exposure.Name)))
	if err != nil {
		t.Fatal(err)
	}
	var enClosing struct{ Closing string }
	if err := json.Unmarshal(en, &enClosing); err != nil {
		t.Fatal(err)
	}
	for form, doc := range map[string][]byte{"AppendHTML": d.AppendHTML(nil), "AppendHTMLFragment": d.AppendHTMLFragment(nil)} {
		root, err := html.Parse(bytes.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{} // the text of each <p>, to its language
		for n := range root.Descendants() {
			if n.DataAtom == atom.P {
				lang, _ := attr(n, "lang")
				got[textOf(n)] = lang
			}
		}
		want := map[string]string{squash(narrative): "en", squash(enClosing.Closing): "en", squash(ja["you_can_do.intro"]): ""}
		for text, lang := range want {
			if l, ok := got[text]; !ok || l != lang {
				t.Errorf("%s: <p> %q: lang %q (present %t), want %q", form, text, l, ok, lang)
			}
		}
	}
}

// TestInlineFontStack: the complete document's inline font stack, for the
// mail clients that drop <style>, is the stylesheet's stack for the
// language (one stack per language), and Latin-script languages get the
// body's.
func TestInlineFontStack(t *testing.T) {
	family := func(decls string) string {
		for d := range strings.SplitSeq(decls, ";") {
			if k, v, ok := strings.Cut(d, ":"); ok && strings.TrimSpace(k) == "font-family" {
				return strings.ReplaceAll(strings.TrimSpace(v), `"`, `'`)
			}
		}
		return ""
	}
	rules := map[string]string{}
	for rule := range strings.SplitSeq(notice.Stylesheet, "}") {
		if sel, body, ok := strings.Cut(rule, "{"); ok {
			rules[strings.TrimSpace(sel)] = family(body)
		}
	}
	c := composer("seed")
	for _, tag := range locale.Supported() {
		d, err := c.Compose(notice.Recipient{Name: "A", Language: tag.String()}, exposure.Assess(exposure.Of(exposure.Name)))
		if err != nil {
			t.Fatal(err)
		}
		root, err := html.Parse(bytes.NewReader(d.AppendHTML(nil)))
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for n := range root.Descendants() {
			if n.DataAtom == atom.Div && hasClass(n, "breach-notice") {
				style, _ := attr(n, "style")
				got = family(style)
			}
		}
		want, ok := rules[":lang("+tag.String()+")"]
		if script, _ := locale.Script(tag); script == "Latn" && !ok {
			want = rules["body"]
		}
		if got == "" || got != want {
			t.Errorf("%v: inline font-family %q, want the stylesheet's %q", tag, got, want)
		}
	}
}
