package notice

import (
	"html"
	"slices"
	"strings"

	"golang.org/x/text/language"

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
	tag       language.Tag
	subject   string
	greeting  locale.Message // has a {name} placeholder
	text      layout
	html      layout
	htmlOpen  []byte // the complete document up to the fragment
	htmlClose []byte
	fallbacks []fallbackUse
}

// layout is a notice cut where recipients differ.
type layout struct {
	start      []byte                             // before the greeting
	head       []byte                             // after the greeting up to the category list
	category   [exposure.NumCategories + 1][]byte // one list item per category
	middle     []byte                             // after the category list up to the actions
	groupOpen  [exposure.UrgencyOngoing + 1][]byte
	groupClose []byte
	action     [exposure.NumActions + 1][]byte // one list item per action
	tail       []byte                          // after the actions to the end
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
	org      string
	uses     []fallbackUse
	category exposure.Category // whose text is being looked up, if any
	action   exposure.Action
}

func (b *pageBuilder) lookup(id string) locale.Message {
	m, from, ok := b.cat.Lookup(b.tag, id)
	if !ok {
		// The catalog is embedded and TestCatalogCheck requires English to
		// have every ID the code uses: reaching this is a programming error.
		panic("notice: no message " + id)
	}
	use := fallbackUse{Fallback{id, from}, b.category, b.action}
	if from != b.tag && !slices.Contains(b.uses, use) { // text and HTML look up the same message
		b.uses = append(b.uses, use)
	}
	return m
}

// text fills message id with args (the organisation is always available).
func (b *pageBuilder) text(id string, args ...locale.Arg) string {
	s, err := b.lookup(id).Format(append(args, locale.Arg{Name: "organisation", Value: b.org})...)
	if err != nil {
		panic("notice: message " + id + ": " + err.Error()) // see lookup; TestCatalogCheck
	}
	return s
}

// html renders message id as HTML: its own text escaped, placeholders
// replaced by args, which are HTML already.
func (b *pageBuilder) html(id string, args ...locale.Arg) string {
	var sb strings.Builder
	args = append(args, locale.Arg{Name: "organisation", Value: html.EscapeString(b.org)})
	for p := range b.lookup(id).Parts() {
		if p.Placeholder == "" {
			sb.WriteString(html.EscapeString(p.Text))
			continue
		}
		found := false
		for _, a := range args {
			if a.Name == p.Placeholder {
				sb.WriteString(a.Value)
				found = true
				break
			}
		}
		if !found {
			panic("notice: message " + id + ": no value for {" + p.Placeholder + "}")
		}
	}
	return sb.String()
}

// incidentText returns an incident text's paragraphs in b's language,
// recording a fallback as id.
func (b *pageBuilder) incidentText(id string, l Localized) []string {
	text, from := localizedText(l, b.tag)
	if from != b.tag {
		b.uses = append(b.uses, fallbackUse{Fallback: Fallback{id, from}})
	}
	var paras []string
	for p := range strings.SplitSeq(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			if b.tag == locale.Pseudo {
				p = locale.Pseudolocalize(p)
			}
			paras = append(paras, p)
		}
	}
	return paras
}

// doc writes the same content as plain text and HTML side by side.
type doc struct {
	text, html []byte
}

func (d *doc) heading(text, class string) {
	start := len(d.text)
	d.text = textwrap.Append(d.text, text, lineWidth, "", "")
	widest := 0
	for line := range strings.Lines(string(d.text[start:])) {
		widest = max(widest, textwrap.Width(strings.TrimSuffix(line, "\n")))
	}
	d.text = append(d.text, strings.Repeat("=", widest)...)
	d.text = append(d.text, "\n\n"...)
	d.html = append(d.html, `<section class="notice-`+class+`">`+"\n<h2>"...)
	d.html = append(d.html, html.EscapeString(text)...)
	d.html = append(d.html, "</h2>\n"...)
}

func (d *doc) endSection() { d.html = append(d.html, "</section>\n"...) }

func (d *doc) para(text, htmlText string) {
	d.text = textwrap.Append(d.text, text, lineWidth, "", "")
	d.text = append(d.text, '\n')
	d.html = append(d.html, "<p>"+htmlText+"</p>\n"...)
}

// list writes an introduction and its items; class names the HTML list.
func (d *doc) list(intro, introHTML, class string, items, itemsHTML []string) {
	d.text = textwrap.Append(d.text, intro, lineWidth, "", "")
	d.html = append(d.html, "<p>"+introHTML+"</p>\n"+`<ul class="notice-`+class+`">`+"\n"...)
	for i, item := range items {
		d.text = textwrap.Append(d.text, item, lineWidth, "- ", "  ")
		d.html = append(d.html, "<li>"+itemsHTML[i]+"</li>\n"...)
	}
	d.text = append(d.text, '\n')
	d.html = append(d.html, "</ul>\n"...)
}

// cut returns what was written since the last cut.
func (d *doc) cut() (text, html []byte) {
	text, html = d.text, d.html
	d.text, d.html = nil, nil
	return text, html
}

func buildPage(cat *locale.Catalog, inc *Incident, tag language.Tag) *page {
	b := &pageBuilder{cat: cat, tag: tag}
	b.org = b.incidentText("incident.organisation", inc.Organisation)[0]
	p := &page{tag: tag}
	p.subject = b.text("subject")
	p.greeting = b.lookup("greeting")
	esc := html.EscapeString
	arg := func(name, value string) locale.Arg { return locale.Arg{Name: name, Value: value} }
	date := func(d locale.Date) string { return locale.FormatDate(tag, d) }

	var d doc
	d.html = append(d.html, `<article class="breach-notice" lang="`+tag.String()+`">`+"\n"+
		`<h1 class="notice-subject">`+esc(p.subject)+"</h1>\n"...)
	p.text.start, p.html.start = d.cut()

	// After the greeting: the introduction and section 1, what happened.
	d.para(b.text("intro"), b.html("intro"))
	d.heading(b.text("heading.what_happened"), "what-happened")
	for _, para := range b.incidentText("incident.narrative", inc.Narrative) {
		d.para(para, esc(para))
	}
	detected, announced := date(inc.Detected), date(inc.Announced)
	from, until := date(inc.NoticesFrom), date(inc.NoticesUntil)
	d.list(b.text("dates.intro"), b.html("dates.intro"), "dates",
		[]string{
			b.text("dates.detected", arg("date", detected)),
			b.text("dates.announced", arg("date", announced)),
			b.text("dates.notices", arg("from", from), arg("until", until)),
		}, []string{
			b.html("dates.detected", arg("date", esc(detected))),
			b.html("dates.announced", arg("date", esc(announced))),
			b.html("dates.notices", arg("from", esc(from)), arg("until", esc(until))),
		})
	count := locale.FormatCount(tag, inc.Affected)
	d.para(b.text("happened.affected", arg("count", count)), b.html("happened.affected", arg("count", esc(count))))
	if inc.SeparateFromOperations {
		d.para(b.text("happened.separate"), b.html("happened.separate"))
	}
	if !inc.NotExposed.IsEmpty() {
		var items, itemsHTML []string
		for c := range inc.NotExposed.All() {
			label := b.text("category." + c.String())
			items, itemsHTML = append(items, label), append(itemsHTML, esc(label))
		}
		d.list(b.text("happened.not_involved"), b.html("happened.not_involved"), "not-involved", items, itemsHTML)
	}
	d.endSection()

	// Section 2: what information was involved, this recipient's categories.
	d.heading(b.text("heading.what_information"), "what-information")
	d.text = textwrap.Append(d.text, b.text("involved.intro"), lineWidth, "", "")
	d.html = append(d.html, "<p>"+b.html("involved.intro")+"</p>\n"+`<ul class="notice-categories">`+"\n"...)
	p.text.head, p.html.head = d.cut()
	for c := range inc.Exposed.All() {
		b.category = c
		label := b.text("category." + c.String())
		p.text.category[c] = textwrap.Append(nil, label, lineWidth, "- ", "  ")
		p.html.category[c] = []byte("<li>" + esc(label) + "</li>\n")
	}
	b.category = 0

	// Section 3: what we are doing.
	d.text = append(d.text, '\n')
	d.html = append(d.html, "</ul>\n"...)
	d.endSection()
	d.heading(b.text("heading.what_we_are_doing"), "what-we-are-doing")
	for _, para := range b.incidentText("incident.response", inc.Response) {
		d.para(para, esc(para))
	}
	d.para(b.text("doing.individual"), b.html("doing.individual"))
	d.endSection()

	// Section 4: what you can do, by urgency.
	d.heading(b.text("heading.what_you_can_do"), "what-you-can-do")
	d.para(b.text("you_can_do.intro"), b.html("you_can_do.intro"))
	p.text.middle, p.html.middle = d.cut()
	for u := exposure.UrgencyNow; u <= exposure.UrgencyOngoing; u++ {
		id := "urgency." + u.String()
		p.text.groupOpen[u] = textwrap.Append(nil, b.text(id), lineWidth, "", "")
		p.html.groupOpen[u] = []byte(`<h3 class="notice-urgency notice-urgency-` + u.String() + `">` + b.html(id) + "</h3>\n" +
			`<ul class="notice-actions notice-actions-` + u.String() + `">` + "\n")
	}
	p.text.groupClose, p.html.groupClose = []byte("\n"), []byte("</ul>\n")
	for _, a := range exposure.Actions() {
		b.action = a
		advice := b.text("action." + a.String())
		p.text.action[a] = textwrap.Append(nil, advice, lineWidth, "- ", "  ")
		p.html.action[a] = []byte("<li>" + b.html("action."+a.String()) + "</li>\n")
	}
	b.action = 0
	d.endSection()

	// Section 5: how to recognise our messages.
	d.heading(b.text("heading.recognise_our_messages"), "recognise-our-messages")
	d.para(b.text("recognise.never_ask"), b.html("recognise.never_ask"))
	d.para(b.text("recognise.links"), b.html("recognise.links"))
	d.endSection()

	// Section 6: for more information. The only links a notice carries.
	d.heading(b.text("heading.more_information"), "more-information")
	var items, itemsHTML []string
	if e := inc.Contact.Email; e != "" {
		items = append(items, b.text("more.email", arg("email", e)))
		itemsHTML = append(itemsHTML, b.html("more.email", arg("email", `<a href="mailto:`+esc(e)+`">`+esc(e)+`</a>`)))
	}
	if ph := inc.Contact.Phone; ph != "" {
		items = append(items, b.text("more.phone", arg("phone", ph)))
		itemsHTML = append(itemsHTML, b.html("more.phone", arg("phone", esc(ph))))
	}
	if w := inc.Contact.Web; w != "" {
		items = append(items, b.text("more.web", arg("web", w)))
		itemsHTML = append(itemsHTML, b.html("more.web", arg("web", `<a href="`+esc(w)+`">`+esc(w)+`</a>`)))
	}
	d.list(b.text("more.intro"), b.html("more.intro"), "contact", items, itemsHTML)
	d.endSection()

	// Section 7, in translations only: the English text prevails.
	if tag != locale.English && tag != locale.Pseudo {
		d.heading(b.text("heading.translation"), "translation")
		d.para(b.text("translation.prevails"), b.html("translation.prevails"))
		d.endSection()
	}

	d.para(b.text("closing"), b.html("closing"))
	d.text = textwrap.Append(d.text, b.text("signoff"), lineWidth, "", "")
	d.text = textwrap.Append(d.text, b.org, lineWidth, "", "")
	d.html = append(d.html, `<p class="notice-signoff">`+b.html("signoff")+"<br>\n"+esc(b.org)+"</p>\n</article>\n"...)
	p.text.tail, p.html.tail = d.cut()

	p.htmlOpen = []byte("<!DOCTYPE html>\n" + `<html lang="` + tag.String() + `">` + "\n<head>\n" +
		`<meta charset="utf-8">` + "\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" +
		"<title>" + esc(p.subject) + "</title>\n<style>\n" + Stylesheet + "</style>\n</head>\n<body>\n")
	p.htmlClose = []byte("</body>\n</html>\n")
	p.fallbacks = b.uses
	return p
}
