package notice

import (
	"html"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/textwrap"
	"github.com/breachkit/breachkit/locale"
)

// lineWidth is the widest a plain-text line may be, in columns.
const lineWidth = 76

// page is one incident's notice in one language, laid out in advance: every
// piece that does not depend on the recipient is rendered once, as plain
// text and as HTML, and a notice is the recipient's greeting followed by
// the pieces for their categories and actions.
type page struct {
	tag      language.Tag
	subject  string
	title    string
	greeting locale.Message // has a {name} placeholder
	// greetingOpen is the greeting's HTML start tag, with a lang
	// attribute if the greeting fell back to another language.
	greetingOpen string
	text         layout
	html         layout // the fragment: class names only, for a page with a strict CSP
	mail         layout // the complete document's body: html made mail-safe (see mailSafe)
	htmlOpen     []byte // the complete document up to the notice
	htmlClose    []byte
	fallbacks    []fallbackUse
}

// layout is a notice cut where recipients differ.
type layout struct {
	start    []byte                             // before the greeting
	head     []byte                             // after the greeting: the introduction, up to the summary's category list
	category [exposure.NumCategories + 1][]byte // one list item per category (in the summary and in section 2); groupClose closes the summary's list
	// The summary's "now" actions: nowOpen, a short item per action, and
	// nowClose; or nothingNow when the assessment has no "now" action.
	nowOpen, nowClose, nothingNow []byte
	nowAction                     [exposure.NumActions + 1][]byte
	info                          []byte // after the summary up to section 2's category list
	middle                        []byte // after the category list up to the actions
	groupOpen                     [exposure.UrgencyOngoing + 1][]byte
	groupClose                    []byte
	action                        [exposure.NumActions + 1][]byte // one list item per action
	tail                          []byte                          // after the actions, up to the verification code's paragraph
	// The paragraph with the recipient's verification code: codeOpen, the
	// code, codeClose; left out for a recipient without one.
	codeOpen, codeClose []byte
	end                 []byte // after the code's paragraph to the end
}

// fallbackUse is a fallback and the category or action whose text it is
// (zero for the text every notice carries).
type fallbackUse struct {
	Fallback
	category exposure.Category
	action   exposure.Action
}

// pageBuilder looks messages up for one language, recording fallbacks.
type pageBuilder struct {
	cat      *locale.Catalog
	tag      language.Tag
	org      value
	uses     []fallbackUse
	category exposure.Category // whose text is being looked up, if any
	action   exposure.Action
}

// lookup returns message id in b's language, or in the language it falls
// back to, and that language.
func (b *pageBuilder) lookup(id string) (locale.Message, language.Tag) {
	m, from, ok := b.cat.Lookup(b.tag, id)
	if !ok {
		// The catalog is embedded and TestCatalogCheck requires English to
		// have every ID the code uses: reaching this is a programming error.
		panic("notice: no message " + id)
	}
	use := fallbackUse{Fallback{id, from}, b.category, b.action}
	if from != b.tag && !slices.Contains(b.uses, use) {
		b.uses = append(b.uses, use)
	}
	return m, from
}

// piece is one piece of a notice, rendered once as plain text and as HTML.
// lang is empty, or the language of a text that fell back to another
// language than the notice's: the HTML element that holds it says so
// (WCAG SC 3.1.2), so that a screen reader reads English text in English
// inside a Japanese notice.
type piece struct{ text, html, lang string }

// langAttr returns the lang attribute the HTML element holding p needs:
// none in the notice's own language.
func (p piece) langAttr() string {
	if p.lang == "" {
		return ""
	}
	return ` lang="` + p.lang + `"`
}

// value fills a placeholder: as plain text, and as HTML (escaped, or a link).
type value struct{ name, text, html string }

// plain is a placeholder value that is the same text in both forms.
func plain(name, s string) value { return value{name, s, html.EscapeString(s)} }

// msg renders message id in both forms: the message's own text (escaped
// for HTML) with its placeholders filled by vals; the organisation is
// always available.
func (b *pageBuilder) msg(id string, vals ...value) piece {
	var t, h strings.Builder
	vals = append(vals, b.org)
	m, from := b.lookup(id)
	for p := range m.Parts() {
		if p.Placeholder == "" {
			t.WriteString(p.Text)
			h.WriteString(html.EscapeString(p.Text))
			continue
		}
		i := slices.IndexFunc(vals, func(v value) bool { return v.name == p.Placeholder })
		if i < 0 {
			// See lookup; TestCatalogCheck.
			panic("notice: message " + id + ": no value for {" + p.Placeholder + "}")
		}
		t.WriteString(vals[i].text)
		h.WriteString(vals[i].html)
	}
	return piece{t.String(), h.String(), b.fellBackTo(from)}
}

// fellBackTo returns from as a lang attribute's value if it is not the
// notice's language, else "".
func (b *pageBuilder) fellBackTo(from language.Tag) string {
	if from == b.tag {
		return ""
	}
	return from.String()
}

// has reports whether the catalog has message id in some language.
func (b *pageBuilder) has(id string) bool {
	_, _, ok := b.cat.Lookup(b.tag, id)
	return ok
}

// incidentText returns an incident text's paragraphs in b's language,
// recording a fallback as id.
// The notice and the public page both call it.
func (b *pageBuilder) incidentText(id string, l Localized) []piece {
	text, from := localizedText(l, b.tag)
	// Notices are NFC throughout: a Vietnamese letter with two marks is one
	// code point where Unicode has one, as readers' search and copy expect.
	text = norm.NFC.String(text)
	if from != b.tag {
		b.uses = append(b.uses, fallbackUse{Fallback: Fallback{id, from}})
	}
	var paras []piece
	for p := range strings.SplitSeq(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			if b.tag == locale.Pseudo {
				p = locale.Pseudolocalize(p)
			}
			paras = append(paras, piece{p, html.EscapeString(p), b.fellBackTo(from)})
		}
	}
	return paras
}

// doc writes the same content as plain text and HTML side by side.
type doc struct {
	text, html []byte
}

func (d *doc) heading(h piece, class string) {
	start := len(d.text)
	d.text = textwrap.Append(d.text, h.text, lineWidth, "", "")
	d.underline(start, "=")
	d.html = append(d.html, `<section class="notice-`+class+`">`+"\n<h2"+h.langAttr()+">"...)
	d.html = append(d.html, h.html...)
	d.html = append(d.html, "</h2>\n"...)
}

// underline underlines the text written since start, as wide as its
// widest line, with mark, and leaves a blank line.
func (d *doc) underline(start int, mark string) {
	widest := 0
	for line := range strings.Lines(string(d.text[start:])) {
		widest = max(widest, textwrap.Width(strings.TrimSuffix(line, "\n")))
	}
	d.text = append(d.text, strings.Repeat(mark, widest)...)
	d.text = append(d.text, "\n\n"...)
}

func (d *doc) endSection() { d.html = append(d.html, "</section>\n"...) }

func (d *doc) para(p piece) {
	d.text = textwrap.Append(d.text, p.text, lineWidth, "", "")
	d.text = append(d.text, '\n')
	d.html = append(d.html, "<p"+p.langAttr()+">"+p.html+"</p>\n"...)
}

// listOpen writes a list's introduction and opens it; class names the HTML
// list.
func (d *doc) listOpen(intro piece, class string) {
	d.text = textwrap.Append(d.text, intro.text, lineWidth, "", "")
	d.html = append(d.html, "<p"+intro.langAttr()+">"+intro.html+"</p>\n"+`<ul class="notice-`+class+`">`+"\n"...)
}

func (d *doc) item(p piece) {
	d.text = appendItem(d.text, p)
	d.html = append(d.html, listItem(p)...)
}

// listItem returns p as an HTML list item.
func listItem(p piece) string { return "<li" + p.langAttr() + ">" + p.html + "</li>\n" }

func (d *doc) listClose() {
	d.text = append(d.text, '\n')
	d.html = append(d.html, "</ul>\n"...)
}

// list writes an introduction and its items.
func (d *doc) list(intro piece, class string, items []piece) {
	d.listOpen(intro, class)
	for _, it := range items {
		d.item(it)
	}
	d.listClose()
}

// lines writes a paragraph of several lines, each laid out on its own: a
// sign-off ("Yours sincerely," then the organisation; "此致", "敬礼！", then
// the organisation).
func (d *doc) lines(p piece, class string) {
	for line := range strings.SplitSeq(p.text, "\n") {
		d.text = textwrap.Append(d.text, line, lineWidth, "", "")
	}
	d.html = append(d.html, `<p class="notice-`+class+`"`+p.langAttr()+`>`+strings.ReplaceAll(p.html, "\n", "<br>\n")+"</p>\n"...)
}

// cut returns what was written since the last cut.
func (d *doc) cut() (text, html []byte) {
	text, html = d.text, d.html
	d.text, d.html = nil, nil
	return text, html
}

func appendItem(dst []byte, p piece) []byte {
	return textwrap.Append(dst, p.text, lineWidth, "- ", "  ")
}

func buildPage(cat *locale.Catalog, inc *Incident, tag language.Tag) *page {
	b := &pageBuilder{cat: cat, tag: tag}
	b.org = plain("organisation", b.incidentText("incident.organisation", inc.Organisation)[0].text)
	p := &page{tag: tag}
	p.subject = b.msg("subject").text
	title := b.msg("heading.title")
	p.title = title.text
	greeting, greetingFrom := b.lookup("greeting")
	p.greeting = greeting
	p.greetingOpen = `<p class="notice-greeting"` + piece{lang: b.fellBackTo(greetingFrom)}.langAttr() + ">"
	date := func(name string, d locale.Date) value { return plain(name, locale.FormatDate(tag, d)) }

	var d doc
	d.html = append(d.html, `<article class="breach-notice" lang="`+tag.String()+`">`+"\n"+
		`<h1 class="notice-subject"`+title.langAttr()+`>`+title.html+"</h1>\n"...)
	p.text.start, p.html.start = d.cut()

	// After the greeting: the introduction, then section 0, the summary:
	// this recipient's categories and "now" actions.
	d.para(b.msg("intro"))
	d.heading(b.msg("heading.summary"), "summary")
	d.listOpen(b.msg("summary.involved"), "summary-categories")
	p.text.head, p.html.head = d.cut()
	for c := range inc.Exposed.All() {
		b.category = c
		label := b.msg("category." + c.String())
		p.text.category[c] = appendItem(nil, label)
		p.html.category[c] = []byte(listItem(label))
	}
	b.category = 0
	// (groupClose closes the list.)
	now := b.msg("urgency.now")
	d.text = textwrap.Append(d.text, now.text, lineWidth, "", "")
	d.html = append(d.html, `<p class="notice-summary-now"`+now.langAttr()+`>`+now.html+"</p>\n"+`<ul class="notice-summary-actions">`+"\n"...)
	p.text.nowOpen, p.html.nowOpen = d.cut()
	for _, a := range exposure.Actions() {
		if a.Urgency() != exposure.UrgencyNow {
			continue
		}
		b.action = a
		// A short form where the catalog has one, else the advice itself.
		id := "summary.action." + a.String()
		if !b.has(id) {
			id = "action." + a.String()
		}
		short := b.msg(id)
		p.text.nowAction[a] = appendItem(nil, short)
		p.html.nowAction[a] = []byte(listItem(short))
	}
	b.action = 0
	d.listClose()
	p.text.nowClose, p.html.nowClose = d.cut()
	nothing := b.msg("summary.nothing_now")
	d.text = textwrap.Append(d.text, nothing.text, lineWidth, "", "")
	d.text = append(d.text, '\n')
	d.html = append(d.html, `<p class="notice-summary-nothing-now"`+nothing.langAttr()+`>`+nothing.html+"</p>\n"...)
	p.text.nothingNow, p.html.nothingNow = d.cut()
	d.endSection()

	// Section 1: what happened.
	d.heading(b.msg("heading.what_happened"), "what-happened")
	for _, para := range b.incidentText("incident.narrative", inc.Narrative) {
		d.para(para)
	}
	from, until := locale.FormatDateRange(tag, inc.NoticesFrom, inc.NoticesUntil)
	d.list(b.msg("dates.intro"), "dates", []piece{
		b.msg("dates.detected", date("date", inc.Detected)),
		b.msg("dates.announced", date("date", inc.Announced)),
		b.msg("dates.notices", plain("from", from), plain("until", until)),
	})
	d.para(b.msg("happened.affected", plain("count", locale.FormatCount(tag, inc.Affected))))
	if inc.SeparateFromOperations {
		d.para(b.msg("happened.separate"))
	}
	if !inc.NotExposed.IsEmpty() {
		var items []piece
		for c := range inc.NotExposed.All() {
			items = append(items, b.msg("category."+c.String()))
		}
		d.list(b.msg("happened.not_involved"), "not-involved", items)
	}
	d.endSection()

	// Section 2: what information was involved, this recipient's categories.
	d.heading(b.msg("heading.what_information"), "what-information")
	d.listOpen(b.msg("involved.intro"), "categories")
	p.text.info, p.html.info = d.cut()

	// Section 3: what we are doing.
	d.listClose()
	d.endSection()
	d.heading(b.msg("heading.what_we_are_doing"), "what-we-are-doing")
	for _, para := range b.incidentText("incident.response", inc.Response) {
		d.para(para)
	}
	d.para(b.msg("doing.individual"))
	d.endSection()

	// Section 4: what you can do, by urgency.
	d.heading(b.msg("heading.what_you_can_do"), "what-you-can-do")
	d.para(b.msg("you_can_do.intro"))
	p.text.middle, p.html.middle = d.cut()
	for u := exposure.UrgencyNow; u <= exposure.UrgencyOngoing; u++ {
		h := b.msg("urgency." + u.String())
		p.text.groupOpen[u] = textwrap.Append(nil, h.text, lineWidth, "", "")
		p.html.groupOpen[u] = []byte(`<h3 class="notice-urgency notice-urgency-` + u.String() + `"` + h.langAttr() + `>` + h.html + "</h3>\n" +
			`<ul class="notice-actions notice-actions-` + u.String() + `">` + "\n")
	}
	p.text.groupClose, p.html.groupClose = []byte("\n"), []byte("</ul>\n")
	for _, a := range exposure.Actions() {
		b.action = a
		advice := b.msg("action." + a.String())
		p.text.action[a] = appendItem(nil, advice)
		p.html.action[a] = []byte(listItem(advice))
	}
	b.action = 0
	d.endSection()

	// Section 5: how to recognise our messages.
	d.heading(b.msg("heading.recognise_our_messages"), "recognise-our-messages")
	d.para(b.msg("recognise.never_ask"))
	d.para(b.msg("recognise.links"))
	p.text.tail, p.html.tail = d.cut()
	// The code is laid out as a placeholder word of its width, which the
	// line breaking keeps whole, and cut out.
	sentinel := strings.Repeat("X", codeTextLen)
	d.para(b.msg("recognise.code", value{"code", sentinel, `<strong class="notice-verification-code">` + sentinel + `</strong>`}))
	ctext, chtml := d.cut()
	p.text.codeOpen, p.text.codeClose = splitAt(ctext, sentinel)
	p.html.codeOpen, p.html.codeClose = splitAt(chtml, sentinel)
	d.endSection()

	// Section 6: for more information. The addresses are text, not links,
	// in both HTML forms: the notice tells its reader not to follow links in
	// messages they did not expect and to type our address themselves
	// (recognise.links, recognise.code), and a link here would teach the
	// opposite; filters and readers alike take a link next to "sign in"
	// advice for phishing.
	d.heading(b.msg("heading.more_information"), "more-information")
	var items []piece
	if e := inc.Contact.Email; e != "" {
		items = append(items, b.msg("more.email", plain("email", e)))
	}
	if ph := inc.Contact.Phone; ph != "" {
		items = append(items, b.msg("more.phone", plain("phone", ph)))
	}
	if w := inc.Contact.Web; w != "" {
		items = append(items, b.msg("more.web", plain("web", w)))
	}
	d.list(b.msg("more.intro"), "contact", items)
	d.endSection()

	// The closing: the apology and the sign-off, which names the
	// organisation on the lines each language writes it.
	d.para(b.msg("closing"))
	d.lines(b.msg("signoff"), "signoff")

	// Last, in translations only, a short note under its own heading: the
	// English text prevails.
	if tag != locale.English && tag != locale.Pseudo {
		d.text = append(d.text, '\n')
		d.heading(b.msg("heading.translation"), "translation")
		d.text = textwrap.Append(d.text, b.msg("translation.prevails").text, lineWidth, "", "")
		d.html = append(d.html, "<p"+b.msg("translation.prevails").langAttr()+">"+b.msg("translation.prevails").html+"</p>\n"...)
		d.endSection()
	}
	d.html = append(d.html, "</article>\n"...)
	p.text.end, p.html.end = d.cut()

	p.htmlOpen = []byte("<!DOCTYPE html>\n" + `<html lang="` + tag.String() + `">` + "\n<head>\n" +
		`<meta charset="utf-8">` + "\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" +
		"<title>" + title.html + "</title>\n<style>\n" + Stylesheet + "</style>\n</head>\n" +
		`<body style="` + bodyStyle + `">` + "\n<main>\n")
	p.htmlClose = []byte("</main>\n</body>\n</html>\n")
	p.mail = p.html.mailSafe(tag)
	p.fallbacks = b.uses
	return p
}

// splitAt cuts b around the only occurrence of sentinel.
func splitAt(b []byte, sentinel string) (before, after []byte) {
	i := strings.Index(string(b), sentinel)
	if i < 0 || strings.Contains(string(b[i+1:]), sentinel) {
		panic("notice: the verification code's paragraph must hold {code} once") // see TestCatalogCheck
	}
	return b[:i:i], b[i+len(sentinel):]
}

// mailSafe returns the layout made safe for mail clients, for the complete
// document, which is sent as an e-mail: the <article> and <section>
// wrappers become <div>s (Outlook.com, Yahoo and AOL strip the semantic
// elements, and with them every rule scoped to their classes), and the
// styles that carry meaning are repeated inline (Gmail's apps drop <style>
// for accounts not at Google). Only those are inline: the wrapper's font
// (a Japanese notice must not borrow Chinese glyphs), the title's size, the
// summary's box, the urgent list's bar, the urgent line's weight and the
// translation note's smaller type; headings and lists read well with a
// client's defaults, and repeating their styles on every element would
// make each message larger and slower to write. The class names stay, for
// clients that keep the <style> element.
//
// It runs once per language when a Composer is made; writing a notice
// costs the same as before.
func (l *layout) mailSafe(tag language.Tag) layout {
	r := strings.NewReplacer(
		`<article class="breach-notice"`, `<div role="article" class="breach-notice" style="`+wrapperStyle+fontStack(tag)+`"`,
		"</article>", "</div>",
		`<section class="notice-summary">`, `<div class="notice-summary" style="`+summaryStyle+`">`,
		`<section class="notice-translation">`, `<div class="notice-translation" style="`+translationStyle+`">`,
		`<section `, `<div `,
		"</section>", "</div>",
		`<h1 `, `<h1 style="`+h1Style+`" `,
		`<ul class="notice-actions notice-actions-now"`, `<ul style="`+nowListStyle+`" class="notice-actions notice-actions-now"`,
		`<p class="notice-summary-now"`, `<p style="`+summaryNowStyle+`" class="notice-summary-now"`,
	)
	conv := func(b []byte) []byte {
		if b == nil {
			return nil
		}
		return []byte(r.Replace(string(b)))
	}
	m := layout{
		start: conv(l.start), head: conv(l.head), nowOpen: conv(l.nowOpen), nowClose: conv(l.nowClose),
		nothingNow: conv(l.nothingNow), info: conv(l.info), middle: conv(l.middle), groupClose: conv(l.groupClose),
		tail: conv(l.tail), codeOpen: conv(l.codeOpen), codeClose: conv(l.codeClose), end: conv(l.end),
	}
	for i := range l.category {
		m.category[i] = conv(l.category[i])
	}
	for i := range l.nowAction {
		m.nowAction[i] = conv(l.nowAction[i])
	}
	for i := range l.action {
		m.action[i] = conv(l.action[i])
	}
	for i := range l.groupOpen {
		m.groupOpen[i] = conv(l.groupOpen[i])
	}
	return m
}
