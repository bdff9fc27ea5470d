package notice_test

import (
	"bytes"
	"fmt"
	htemplate "html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	ttemplate "text/template"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/textwrap"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// templateNotice writes an incident's notices the way one would without
// preparing anything per language: a text/template for the plain-text notice
// and an html/template for the complete HTML document, parsed once, and per
// notice every message looked up in [notice.Catalog] and formatted, the dates
// and the count formatted, the recipient's categories and actions picked from
// the assessment, and the text laid out by template funcs as it executes.
// It is the baseline of the benchmarks, and TestTemplateBaselineMatches keeps
// it writing what [notice.Document] writes.
type templateNotice struct {
	inc  notice.Incident
	text *ttemplate.Template
	html *htemplate.Template
}

// The widest a plain-text line may be, as the notice package lays it out.
const baselineWidth = 76

// baselineText is the plain-text notice. Each paragraph is followed by a
// blank line; a list's introduction is not.
const baselineText = `{{wrap .Greeting}}
{{wrap .Intro}}
{{heading .Summary -}}
{{wrap .SummaryInvolved}}{{range .Categories}}{{item .}}{{end}}
{{if .NowActions}}{{wrap .UrgencyNow}}{{range .NowActions}}{{item .}}{{end}}
{{else}}{{wrap .NothingNow}}
{{end -}}
{{heading .WhatHappened -}}
{{range .Narrative}}{{wrap .}}
{{end -}}
{{wrap .DatesIntro}}{{range .Dates}}{{item .}}{{end}}
{{wrap .Affected}}
{{with .Separate}}{{wrap .}}
{{end -}}
{{with .NotInvolved}}{{wrap $.NotInvolvedIntro}}{{range .}}{{item .}}{{end}}
{{end -}}
{{heading .WhatInformation -}}
{{wrap .InvolvedIntro}}{{range .Categories}}{{item .}}{{end}}
{{heading .WhatWeAreDoing -}}
{{range .Response}}{{wrap .}}
{{end -}}
{{wrap .DoingIndividual}}
{{heading .WhatYouCanDo -}}
{{wrap .YouCanDoIntro}}
{{range .Groups}}{{wrap .Heading}}{{range .Actions}}{{item .}}{{end}}
{{end -}}
{{heading .Recognise -}}
{{wrap .NeverAsk}}
{{wrap .Links}}
{{heading .MoreInformation -}}
{{wrap .MoreIntro}}{{range .Contact}}{{item .Text}}{{end}}
{{wrap .Closing}}
{{range .Signoff}}{{wrap .}}{{end}}{{with .Translation}}
{{heading .Heading -}}
{{wrap .Prevails}}{{end}}`

// baselineHTML is the complete HTML document around the fragment's markup
// (class names only; the complete notice's inline styles and mail-safe
// wrappers are a rewrite of the same pieces done once per Composer, which
// a baseline that prepares nothing would have to write out in full).
const baselineHTML = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
{{.Stylesheet}}</style>
</head>
<body>
<main>
<article class="breach-notice" lang="{{.Lang}}">
<h1 class="notice-subject">{{.Title}}</h1>
<p class="notice-greeting">{{.Greeting}}</p>
<p>{{.Intro}}</p>
<section class="notice-summary">
<h2>{{.Summary}}</h2>
<p>{{.SummaryInvolved}}</p>
<ul class="notice-summary-categories">
{{range .Categories}}<li>{{.}}</li>
{{end -}}
</ul>
{{if .NowActions -}}
<p class="notice-summary-now">{{.UrgencyNow}}</p>
<ul class="notice-summary-actions">
{{range .NowActions}}<li>{{.}}</li>
{{end -}}
</ul>
{{else -}}
<p class="notice-summary-nothing-now">{{.NothingNow}}</p>
{{end -}}
</section>
<section class="notice-what-happened">
<h2>{{.WhatHappened}}</h2>
{{range .Narrative}}<p>{{.}}</p>
{{end -}}
<p>{{.DatesIntro}}</p>
<ul class="notice-dates">
{{range .Dates}}<li>{{.}}</li>
{{end -}}
</ul>
<p>{{.Affected}}</p>
{{with .Separate}}<p>{{.}}</p>
{{end -}}
{{with .NotInvolved}}<p>{{$.NotInvolvedIntro}}</p>
<ul class="notice-not-involved">
{{range .}}<li>{{.}}</li>
{{end -}}
</ul>
{{end -}}
</section>
<section class="notice-what-information">
<h2>{{.WhatInformation}}</h2>
<p>{{.InvolvedIntro}}</p>
<ul class="notice-categories">
{{range .Categories}}<li>{{.}}</li>
{{end -}}
</ul>
</section>
<section class="notice-what-we-are-doing">
<h2>{{.WhatWeAreDoing}}</h2>
{{range .Response}}<p>{{.}}</p>
{{end -}}
<p>{{.DoingIndividual}}</p>
</section>
<section class="notice-what-you-can-do">
<h2>{{.WhatYouCanDo}}</h2>
<p>{{.YouCanDoIntro}}</p>
{{range .Groups -}}
<h3 class="notice-urgency notice-urgency-{{.Urgency}}">{{.Heading}}</h3>
<ul class="notice-actions notice-actions-{{.Urgency}}">
{{range .Actions}}<li>{{.}}</li>
{{end -}}
</ul>
{{end -}}
</section>
<section class="notice-recognise-our-messages">
<h2>{{.Recognise}}</h2>
<p>{{.NeverAsk}}</p>
<p>{{.Links}}</p>
</section>
<section class="notice-more-information">
<h2>{{.MoreInformation}}</h2>
<p>{{.MoreIntro}}</p>
<ul class="notice-contact">
{{range .Contact -}}
<li>{{.Before}}{{if .Href}}<a href="{{.Href}}">{{.Value}}</a>{{else}}{{.Value}}{{end}}{{.After}}</li>
{{end -}}
</ul>
</section>
<p>{{.Closing}}</p>
<p class="notice-signoff">{{range $i, $line := .Signoff}}{{if $i}}<br>
{{end}}{{$line}}{{end}}</p>
{{with .Translation -}}
<section class="notice-translation">
<h2>{{.Heading}}</h2>
<p>{{.Prevails}}</p>
</section>
{{end -}}
</article>
</main>
</body>
</html>
`

// tmplData is one notice's words, formatted for its recipient.
type tmplData struct {
	Lang, Subject, Title string
	Stylesheet           htemplate.CSS
	Greeting             string
	Intro                string

	Summary, SummaryInvolved string
	UrgencyNow, NothingNow   string
	NowActions               []string // short forms of the "now" actions

	WhatHappened, WhatInformation, WhatWeAreDoing, WhatYouCanDo, Recognise, MoreInformation string

	Narrative        []string
	DatesIntro       string
	Dates            []string
	Affected         string
	Separate         string // empty unless the systems were separate
	NotInvolvedIntro string
	NotInvolved      []string

	InvolvedIntro string
	Categories    []string

	Response        []string
	DoingIndividual string

	YouCanDoIntro string
	Groups        []tmplActionGroup

	NeverAsk, Links string

	MoreIntro string
	Contact   []tmplContact

	Translation *tmplTranslation // nil in English

	Closing string
	Signoff []string // lines, the organisation among them
}

type tmplActionGroup struct {
	Urgency, Heading string
	Actions          []string
}

// tmplContact is a contact message cut around its value, which HTML could
// link (the notice links none: see page.go).
type tmplContact struct {
	Before, Value, After string
	Href                 string // empty for a value that is not linked
}

func (c tmplContact) Text() string { return c.Before + c.Value + c.After }

type tmplTranslation struct{ Heading, Prevails string }

func newTemplateNotice(inc notice.Incident) (*templateNotice, error) {
	funcs := ttemplate.FuncMap{
		"wrap": func(s string) string { return string(textwrap.Append(nil, s, baselineWidth, "", "")) },
		"item": func(s string) string { return string(textwrap.Append(nil, s, baselineWidth, "- ", "  ")) },
		"heading": func(s string) string {
			b := textwrap.Append(nil, s, baselineWidth, "", "")
			widest := 0
			for line := range strings.Lines(string(b)) {
				widest = max(widest, textwrap.Width(strings.TrimSuffix(line, "\n")))
			}
			return string(b) + strings.Repeat("=", widest) + "\n\n"
		},
	}
	text, err := ttemplate.New("text").Funcs(funcs).Parse(baselineText)
	if err != nil {
		return nil, err
	}
	h, err := htemplate.New("html").Parse(baselineHTML)
	if err != nil {
		return nil, err
	}
	return &templateNotice{inc: inc, text: text, html: h}, nil
}

func (t *templateNotice) writeText(w io.Writer, r notice.Recipient, a exposure.Assessment) error {
	d, err := t.data(r, a)
	if err != nil {
		return err
	}
	return t.text.Execute(w, d)
}

func (t *templateNotice) writeHTML(w io.Writer, r notice.Recipient, a exposure.Assessment) error {
	d, err := t.data(r, a)
	if err != nil {
		return err
	}
	return t.html.Execute(w, d)
}

// data formats the words of r's notice.
func (t *templateNotice) data(r notice.Recipient, a exposure.Assessment) (*tmplData, error) {
	tag, err := locale.Exact(r.Language)
	if err != nil {
		tag = locale.Negotiate(r.Language)
	}
	inc := &t.inc
	org := tmplParagraphs(inc.Organisation, tag)[0]
	w := &tmplWording{tag: tag, org: locale.Arg{Name: "organisation", Value: org}}
	arg := func(name, value string) locale.Arg { return locale.Arg{Name: name, Value: value} }
	date := func(d locale.Date) string { return locale.FormatDate(tag, d) }

	from, until := locale.FormatDateRange(tag, inc.NoticesFrom, inc.NoticesUntil)
	d := &tmplData{
		Lang:            tag.String(),
		Subject:         w.text("subject"),
		Title:           w.text("heading.title"),
		Stylesheet:      htemplate.CSS(notice.Stylesheet),
		Greeting:        w.text("greeting", arg("name", r.Name)),
		Intro:           w.text("intro"),
		Summary:         w.text("heading.summary"),
		SummaryInvolved: w.text("summary.involved"),
		UrgencyNow:      w.text("urgency.now"),
		NothingNow:      w.text("summary.nothing_now"),
		WhatHappened:    w.text("heading.what_happened"),
		WhatInformation: w.text("heading.what_information"),
		WhatWeAreDoing:  w.text("heading.what_we_are_doing"),
		WhatYouCanDo:    w.text("heading.what_you_can_do"),
		Recognise:       w.text("heading.recognise_our_messages"),
		MoreInformation: w.text("heading.more_information"),
		Narrative:       tmplParagraphs(inc.Narrative, tag),
		DatesIntro:      w.text("dates.intro"),
		Dates: []string{
			w.text("dates.detected", arg("date", date(inc.Detected))),
			w.text("dates.announced", arg("date", date(inc.Announced))),
			w.text("dates.notices", arg("from", from), arg("until", until)),
		},
		Affected:        w.text("happened.affected", arg("count", locale.FormatCount(tag, inc.Affected))),
		InvolvedIntro:   w.text("involved.intro"),
		Response:        tmplParagraphs(inc.Response, tag),
		DoingIndividual: w.text("doing.individual"),
		YouCanDoIntro:   w.text("you_can_do.intro"),
		NeverAsk:        w.text("recognise.never_ask"),
		Links:           w.text("recognise.links"),
		MoreIntro:       w.text("more.intro"),
		Closing:         w.text("closing"),
		Signoff:         strings.Split(w.text("signoff"), "\n"),
	}
	if inc.SeparateFromOperations {
		d.Separate = w.text("happened.separate")
	}
	if !inc.NotExposed.IsEmpty() {
		d.NotInvolvedIntro = w.text("happened.not_involved")
		for c := range inc.NotExposed.All() {
			d.NotInvolved = append(d.NotInvolved, w.text("category."+c.String()))
		}
	}
	for c := range a.Exposed().All() {
		d.Categories = append(d.Categories, w.text("category."+c.String()))
	}
	for act := range a.Actions() {
		if act.Urgency() != exposure.UrgencyNow {
			break
		}
		id := "summary.action." + act.String()
		if _, _, ok := notice.Catalog().Lookup(tag, id); !ok {
			id = "action." + act.String()
		}
		d.NowActions = append(d.NowActions, w.text(id))
	}
	for act := range a.Actions() {
		u := act.Urgency()
		if len(d.Groups) == 0 || d.Groups[len(d.Groups)-1].Urgency != u.String() {
			d.Groups = append(d.Groups, tmplActionGroup{Urgency: u.String(), Heading: w.text("urgency." + u.String())})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Actions = append(g.Actions, w.text("action."+act.String()))
	}
	if e := inc.Contact.Email; e != "" {
		d.Contact = append(d.Contact, w.contact("more.email", "email", e, ""))
	}
	if ph := inc.Contact.Phone; ph != "" {
		d.Contact = append(d.Contact, w.contact("more.phone", "phone", ph, ""))
	}
	if web := inc.Contact.Web; web != "" {
		d.Contact = append(d.Contact, w.contact("more.web", "web", web, ""))
	}
	if tag != locale.English && tag != locale.Pseudo {
		d.Translation = &tmplTranslation{Heading: w.text("heading.translation"), Prevails: w.text("translation.prevails")}
	}
	if w.err != nil {
		return nil, w.err
	}
	return d, nil
}

// tmplWording formats catalog messages in one language, keeping the first error.
type tmplWording struct {
	tag language.Tag
	org locale.Arg
	err error
}

func (w *tmplWording) lookup(id string) locale.Message {
	m, _, ok := notice.Catalog().Lookup(w.tag, id)
	if !ok && w.err == nil {
		w.err = fmt.Errorf("no message %q", id)
	}
	return m
}

func (w *tmplWording) text(id string, args ...locale.Arg) string {
	s, err := w.lookup(id).Format(append(args, w.org)...)
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("message %q: %w", id, err)
	}
	return s
}

// contact formats message id, whose placeholder name is to hold value.
func (w *tmplWording) contact(id, name, value, href string) tmplContact {
	c := tmplContact{Value: value, Href: href}
	seen := false
	for p := range w.lookup(id).Parts() {
		s := p.Text
		switch p.Placeholder {
		case "":
		case name:
			seen = true
			continue
		case w.org.Name:
			s = w.org.Value
		default:
			if w.err == nil {
				w.err = fmt.Errorf("message %q: no value for {%s}", id, p.Placeholder)
			}
		}
		if seen {
			c.After += s
		} else {
			c.Before += s
		}
	}
	if !seen && w.err == nil {
		w.err = fmt.Errorf("message %q: no {%s}", id, name)
	}
	return c
}

// tmplParagraphs returns an incident text's paragraphs in tag's language, or in
// the one it falls back to; en-XA pseudo-localizes the English ones.
func tmplParagraphs(l notice.Localized, tag language.Tag) []string {
	text := l[locale.English]
	if tag != locale.Pseudo {
		for t, ok := tag, true; ok; t, ok = locale.Fallback(t) {
			if s, found := l[t]; found {
				text = s
				break
			}
		}
	}
	var paras []string
	for p := range strings.SplitSeq(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			if tag == locale.Pseudo {
				p = locale.Pseudolocalize(p)
			}
			paras = append(paras, p)
		}
	}
	return paras
}

// TestTemplateBaselineMatches holds the benchmarks' baseline to the notice:
// the same plain text, byte for byte, and HTML that parses to the same
// document (html/template escapes in its own way).
func TestTemplateBaselineMatches(t *testing.T) {
	seed, cards := sample.MustIncident("seed"), sample.MustIncident("cards")
	seedPassenger, err := sample.SamplePassenger("seed")
	if err != nil {
		t.Fatal(err)
	}
	cardsPassenger, err := sample.SamplePassenger("cards")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		inc      notice.Incident
		person   string
		exposed  exposure.Set
		wantWrap bool // the greeting is too wide for a line
	}{
		{name: "seed passenger", inc: seed, person: seedPassenger.Name, exposed: seedPassenger.Exposed},
		{name: "seed contact only", inc: seed, person: "Wong Siu Ming", exposed: exposure.Of(exposure.Name, exposure.Email)},
		{name: "cards passenger", inc: cards, person: cardsPassenger.Name, exposed: cardsPassenger.Exposed},
		{
			name: "cards long name", inc: cards, exposed: exposure.Of(exposure.Name, exposure.Password),
			person: "Maximiliane Alexandrina Theodora Wilhelmina Friederike von Hohenzollern-Sigmaringen", wantWrap: true,
		},
	}
	if !tests[2].exposed.Has(exposure.CardWithCVV) || !tests[2].exposed.Has(exposure.Password) {
		t.Fatalf("cards sample passenger exposed %v; want card_with_cvv and password among them", tests[2].exposed)
	}
	for _, tt := range tests {
		c, err := notice.NewComposer(tt.inc)
		if err != nil {
			t.Fatal(err)
		}
		base, err := newTemplateNotice(tt.inc)
		if err != nil {
			t.Fatal(err)
		}
		a := exposure.Assess(tt.exposed)
		// Every language, not only the benchmarks' two: the others cost
		// little, and they cover fallbacks, en-XA and section 7.
		for _, tag := range locale.Supported() {
			t.Run(tt.name+"/"+tag.String(), func(t *testing.T) {
				r := notice.Recipient{Name: tt.person, Language: tag.String()}
				doc, err := c.Compose(r, a)
				if err != nil {
					t.Fatal(err)
				}

				want := string(doc.AppendText(nil))
				var got bytes.Buffer
				if err := base.writeText(&got, r, a); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(strings.SplitAfter(want, "\n"), strings.SplitAfter(got.String(), "\n")); diff != "" {
					t.Errorf("text/template baseline: mismatch (-want +got):\n%s", diff)
				}
				if first, _, _ := strings.Cut(want, "\n\n"); strings.Contains(first, "\n") != tt.wantWrap {
					t.Errorf("greeting %q: wrapped %t, want %t", first, !tt.wantWrap, tt.wantWrap)
				}

				wantHTML := fragmentDocument(doc)
				got.Reset()
				if err := base.writeHTML(&got, r, a); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(parsedHTML(t, wantHTML), parsedHTML(t, got.Bytes())); diff != "" {
					t.Errorf("html/template baseline: parsed documents differ (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// fragmentDocument returns d's fragment in a complete document as the
// baseline writes it.
func fragmentDocument(d notice.Document) []byte {
	doc := []byte("<!DOCTYPE html>\n" + `<html lang="` + d.Language().String() + `">` + "\n<head>\n" +
		`<meta charset="utf-8">` + "\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" +
		"<title>" + html.EscapeString(d.Title()) + "</title>\n<style>\n" + notice.Stylesheet + "</style>\n</head>\n<body>\n<main>\n")
	doc = d.AppendHTMLFragment(doc)
	return append(doc, "</main>\n</body>\n</html>\n"...)
}

// parsedHTML parses an HTML document and lists its nodes, one a line,
// indented by depth: elements with their attributes sorted, and text and
// comments quoted, white space and all.
func parsedHTML(t testing.TB, doc []byte) []string {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		indent := strings.Repeat("  ", depth)
		switch n.Type {
		case html.ElementNode:
			var attrs []string
			for _, a := range n.Attr {
				key := a.Key
				if a.Namespace != "" {
					key = a.Namespace + ":" + key
				}
				attrs = append(attrs, " "+key+"="+strconv.Quote(a.Val))
			}
			slices.Sort(attrs)
			name := n.Data
			if n.Namespace != "" {
				name = n.Namespace + ":" + name
			}
			lines = append(lines, indent+"<"+name+strings.Join(attrs, "")+">")
		case html.TextNode:
			lines = append(lines, indent+strconv.Quote(n.Data))
		case html.CommentNode:
			lines = append(lines, indent+"<!--"+strconv.Quote(n.Data)+"-->")
		case html.DoctypeNode:
			lines = append(lines, indent+"<!DOCTYPE "+n.Data+">")
		case html.DocumentNode:
		default:
			t.Fatalf("unexpected node type %v", n.Type)
		}
		for c := range n.ChildNodes() {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	if len(lines) == 0 {
		t.Fatal("empty document")
	}
	return lines
}
