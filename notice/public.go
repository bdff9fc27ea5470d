package notice

import (
	"embed"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/internal/textwrap"
	"github.com/breachkit/breachkit/locale"
)

// The public page's own wording, one JSON file per language. It is apart
// from the notice's catalog so that each can change without the other; the
// page borrows the notice's texts of categories, actions, key dates, contact
// lines and the advice on recognising messages (see publicNoticeIDs).
//
//go:embed catalog/public/*.json
var publicCatalogFiles embed.FS

// PublicCatalog returns the catalog of the public page's wording in every
// supported language ([NewPublicPage] also uses texts of [Catalog]). Its
// message "link" is not on the page: it is the text of a link to the page
// from elsewhere ("About this incident: what happened and what you can
// do"). It is loaded once; a Catalog is immutable.
func PublicCatalog() *locale.Catalog { return loadPublicCatalog() }

var loadPublicCatalog = sync.OnceValue(func() *locale.Catalog {
	sub, err := fs.Sub(publicCatalogFiles, "catalog/public")
	if err != nil {
		panic(err)
	}
	c, err := locale.Load(sub)
	if err != nil {
		// Embedded and checked by TestPublicCatalogCheck.
		panic("notice: embedded public catalog: " + err.Error())
	}
	return c
})

// publicNoticeIDs are the messages of the notice's catalog that the public
// page uses as they are, besides every "category." and "action." message:
// one wording for the same thing in the notice and on the page.
var publicNoticeIDs = []string{
	"dates.intro", "dates.detected", "dates.announced", "dates.notices",
	"happened.separate", "recognise.never_ask", "recognise.links",
	"more.email", "more.phone", "more.web",
}

// Rounding is how a public page writes the number of people who lost each
// category of information.
type Rounding uint8

const (
	// RoundExact writes each count as it is: "403 people".
	RoundExact Rounding = iota
	// RoundAbout rounds each count to two significant figures and says so:
	// "about 9,400,000 people" (a count that rounding leaves unchanged, such
	// as 27, is written exactly, without "about").
	RoundAbout
)

// PageOptions are the organisation's choices for its public page.
type PageOptions struct {
	// Language is the page's language: exactly a supported tag (en-XA
	// included), or an Accept-Language value to negotiate. Empty: English.
	Language string

	// Rounding is how counts are written.
	Rounding Rounding

	// Threshold hides small counts, which could identify the people behind
	// them: a count from 1 to Threshold-1 is written "fewer than
	// Threshold people" and never as itself, whatever the rounding. The
	// category is still listed: leaving it out would say it was not
	// involved. The number of people affected (Incident.Affected) is
	// written the same way. 0 or 1: no count is hidden.
	Threshold int64

	// Channels are how the people affected were told individually: email,
	// letter or both. Empty means email.
	Channels []Channel

	// Updated is the page's "last updated" date. The zero Date: the date
	// of the incident's last update, else the day it was announced.
	Updated locale.Date

	// Policy decides the actions recommended for each category (the same
	// policy that assessed each person). Nil: exposure's default rules with
	// the incident's circumstances.
	Policy *exposure.Policy

	// LanguageURL is the address of the page in each language, for the
	// language switcher and the hreflang alternates: "{lang}" in it is
	// replaced with the tag. Default "/incident/{lang}". XDefaultURL is the
	// address for readers of no listed language (hreflang x-default);
	// default "/incident", which negotiates.
	LanguageURL, XDefaultURL string

	// StylesheetURL, when set, makes the HTML link to a stylesheet there
	// (which must serve [Stylesheet] and [PublicStylesheet]) instead of
	// carrying its rules in a <style> element: for a server whose
	// Content-Security-Policy allows only its own stylesheets.
	StylesheetURL string
}

// ErrInvalidPageOptions is wrapped by the error of [NewPublicPage] for
// options that cannot be right: a negative threshold, an unknown channel or
// rounding, an invalid date, or addresses that cannot be linked.
var ErrInvalidPageOptions = errors.New("notice: invalid public page options")

// PublicPage is an incident's public page in one language, rendered once:
// writing it copies bytes. It is immutable and safe for concurrent use.
//
// The page has, in this order: the title and the "last updated" date; the
// apology; what happened (the narrative, key dates, how many people, the
// separation from operations where the incident states it); what
// information was involved, across everyone, with counts; what was not
// involved (the incident's own statement); what the organisation is doing;
// whom it contacted individually, and how; what to do, the union of the
// recommended actions grouped by the information they concern; how to
// recognise genuine messages; how to contact the organisation; questions
// and answers that follow from the data (a question about payment cards
// only when a card number was involved, one about passwords only when the
// incident either exposed passwords or states it did not); the updates
// with their dates; and, in translations, that the English text prevails.
type PublicPage struct {
	tag       language.Tag
	title     string
	text      []byte
	html      []byte
	fallbacks []Fallback
}

// Language returns the page's language: one of [locale.Supported].
func (p *PublicPage) Language() language.Tag { return p.tag }

// Title returns the page's title, for its heading and <title>.
func (p *PublicPage) Title() string { return p.title }

// FellBack lists the messages and incident texts the page's language
// lacked, and the language used instead; empty when the page is wholly in
// its own language.
func (p *PublicPage) FellBack() []Fallback { return slices.Clone(p.fallbacks) }

// AppendText appends the page as plain text: lines of at most 76 columns
// (East Asian Width), headings underlined, as the notice's text.
func (p *PublicPage) AppendText(dst []byte) []byte { return append(dst, p.text...) }

// AppendHTML appends the page as a complete HTML document: its root's lang
// our tag, hreflang alternates to every language and a language switcher,
// no scripts and no style attributes.
func (p *PublicPage) AppendHTML(dst []byte) []byte { return append(dst, p.html...) }

// WriteText writes the page as plain text (see [PublicPage.AppendText]).
func (p *PublicPage) WriteText(w io.Writer) error {
	_, err := w.Write(p.text)
	return err
}

// WriteHTML writes the page as HTML (see [PublicPage.AppendHTML]).
func (p *PublicPage) WriteHTML(w io.Writer) error {
	_, err := w.Write(p.html)
	return err
}

// NewPublicPage renders the public page of inc in the language o asks for,
// with the counts of t: how many people lost each category. It refuses an
// invalid incident ([ErrInvalidIncident]), a tally that counts a category
// the incident did not expose ([ErrContradiction]) and options that cannot
// be right ([ErrInvalidPageOptions]). A category the incident exposed that
// t counts for no one is not listed.
func NewPublicPage(inc Incident, t exposure.Tally, o PageOptions) (*PublicPage, error) {
	if err := inc.Validate(); err != nil {
		return nil, err
	}
	var counted exposure.Set
	for _, c := range exposure.Categories() {
		if t.Category(c) < 0 {
			return nil, fmt.Errorf("%w: the tally counts %d people for %v", ErrInvalidPageOptions, t.Category(c), c)
		}
		if t.Category(c) > 0 {
			counted = counted.With(c)
		}
	}
	if extra := counted.Difference(inc.Exposed); !extra.IsEmpty() {
		return nil, fmt.Errorf("%w: the tally counts %v, which the incident did not expose", ErrContradiction, extra)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	policy := o.Policy
	if policy == nil {
		var err error
		if policy, err = exposure.NewPolicy(exposure.DefaultRules(), exposure.DefaultBands(), inc.Circumstances); err != nil {
			return nil, err
		}
	}
	tag := Recipient{Language: o.Language}.language()
	b := &publicBuilder{
		pageBuilder: pageBuilder{cat: PublicCatalog(), tag: tag},
		notice:      &pageBuilder{cat: Catalog(), tag: tag},
		opts:        o,
	}
	b.org = plain("organisation", b.incidentText("incident.organisation", inc.Organisation)[0].text)
	b.notice.org = b.org
	b.render(&inc, &t, counted, policy)
	p := &PublicPage{tag: tag, title: b.title, text: b.d.text, html: b.d.html}
	for _, u := range append(b.uses, b.notice.uses...) {
		if !slices.Contains(p.fallbacks, u.Fallback) {
			p.fallbacks = append(p.fallbacks, u.Fallback)
		}
	}
	return p, nil
}

func (o *PageOptions) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidPageOptions}, args...)...)
	}
	if o.Threshold < 0 {
		return bad("threshold %d; want 0 (none) or more", o.Threshold)
	}
	if o.Rounding > RoundAbout {
		return bad("rounding %d; want RoundExact or RoundAbout", o.Rounding)
	}
	for _, c := range o.Channels {
		if c != ChannelEmail && c != ChannelLetter {
			return bad("channel %v; want email or letter", c)
		}
	}
	if o.Updated != (locale.Date{}) {
		if err := o.Updated.Validate(); err != nil {
			return bad("updated: %v", err)
		}
	}
	if o.LanguageURL == "" {
		o.LanguageURL = "/incident/{lang}"
	}
	if o.XDefaultURL == "" {
		o.XDefaultURL = "/incident"
	}
	if !strings.Contains(o.LanguageURL, "{lang}") {
		return bad("language address %q has no {lang}", o.LanguageURL)
	}
	for _, u := range []string{o.LanguageURL, o.XDefaultURL, o.StylesheetURL} {
		if strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || strings.ContainsRune("\"'<>\\", r) }) ||
			strings.HasPrefix(strings.ToLower(u), "javascript:") {
			return bad("address %q cannot be linked", u)
		}
	}
	return nil
}

// publicBuilder renders one public page: its own messages from the public
// catalog (the embedded pageBuilder), the shared ones from the notice's.
type publicBuilder struct {
	pageBuilder
	notice *pageBuilder
	opts   PageOptions
	title  string
	d      publicDoc
}

// countForm is how a count was written: the page explains the rounded
// and the hidden ones under the list.
type countForm uint8

const (
	countExact countForm = iota
	countAbout
	countHidden
)

// people writes a count of people as the options say: hidden below the
// threshold, rounded, or exact; and says which.
func (b *publicBuilder) people(n int64) (piece, countForm) {
	count := func(v int64) value { return plain("count", locale.FormatCount(b.tag, v)) }
	switch {
	case b.opts.Threshold > 1 && n < b.opts.Threshold:
		return b.msg("count.fewer", count(b.opts.Threshold)), countHidden
	case b.opts.Rounding == RoundAbout:
		if r := roundTwoFigures(n); r != n {
			return b.msg("count.about", count(r)), countAbout
		}
	}
	if n == 1 {
		return b.msg("count.one", count(n)), countExact // "1 person", "1 personne"
	}
	return b.msg("count.exact", count(n)), countExact
}

// roundTwoFigures rounds n to two significant figures, half away from zero:
// 403 to 400, 9,412,345 to 9,400,000; below 100 n is itself.
func roundTwoFigures(n int64) int64 {
	if n < 100 {
		return n
	}
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	if n > math.MaxInt64-p/2 {
		return n / p * p // rounding up would overflow
	}
	return (n + p/2) / p * p
}

// render writes the page. counted are the categories it lists: those the
// incident exposed that the tally counts for someone, in canonical order.
func (b *publicBuilder) render(inc *Incident, t *exposure.Tally, counted exposure.Set, policy *exposure.Policy) {
	d := &b.d
	tag := b.tag
	date := func(name string, dt locale.Date) value { return plain(name, locale.FormatDate(tag, dt)) }
	title := b.msg("title")
	b.title = title.text

	updated := b.opts.Updated
	if updated == (locale.Date{}) {
		updated = inc.Announced
		if n := len(inc.Updates); n > 0 {
			updated = inc.Updates[n-1].Date
		}
	}

	d.open(b, tag, title)
	d.title(title)
	d.para(b.msg("updated", date("date", updated)), "public-updated")
	d.para(b.msg("apology"), "")

	// What happened.
	d.heading(b.msg("heading.what_happened"), "what-happened")
	for _, p := range b.incidentText("incident.narrative", inc.Narrative) {
		d.para(p, "")
	}
	from, until := locale.FormatDateRange(tag, inc.NoticesFrom, inc.NoticesUntil)
	d.list(b.notice.msg("dates.intro"), "dates", []piece{
		b.notice.msg("dates.detected", date("date", inc.Detected)),
		b.notice.msg("dates.announced", date("date", inc.Announced)),
		b.notice.msg("dates.notices", plain("from", from), plain("until", until)),
	})
	affected, _ := b.people(inc.Affected)
	d.para(b.msg("happened.affected", b.value("people", affected)), "")
	if inc.SeparateFromOperations {
		d.para(b.notice.msg("happened.separate"), "")
	}
	d.endSection()

	// What was involved, across everyone, with counts.
	d.heading(b.msg("heading.involved"), "involved")
	var items []piece
	hidden, rounded := false, false
	for c := range counted.All() {
		n := t.Category(c)
		b.notice.category = c
		label := b.notice.msg("category." + c.String())
		b.notice.category = 0
		people, form := b.people(n)
		items = append(items, b.msg("involved.item", b.value("category", label), b.value("people", people)))
		hidden = hidden || form == countHidden
		rounded = rounded || form == countAbout
	}
	if len(items) == 0 {
		d.para(b.msg("involved.none"), "")
	} else {
		d.list(b.msg("involved.intro"), "involved-counts", items)
	}
	if rounded {
		d.para(b.msg("involved.rounded"), "")
	}
	if hidden {
		d.para(b.msg("involved.threshold", plain("count", locale.FormatCount(tag, b.opts.Threshold))), "")
	}
	d.endSection()

	// What was not involved: the incident's own statement.
	if !inc.NotExposed.IsEmpty() {
		d.heading(b.msg("heading.not_involved"), "not-involved")
		items = nil
		for c := range inc.NotExposed.All() {
			items = append(items, b.notice.msg("category."+c.String()))
		}
		d.list(b.msg("not_involved.intro"), "not-involved", items)
		d.endSection()
	}

	// What we are doing.
	d.heading(b.msg("heading.doing"), "doing")
	for _, p := range b.incidentText("incident.response", inc.Response) {
		d.para(p, "")
	}
	d.endSection()

	// Whom we contacted, and how.
	d.heading(b.msg("heading.contacted"), "contacted")
	email := len(b.opts.Channels) == 0 || slices.Contains(b.opts.Channels, ChannelEmail)
	letter := slices.Contains(b.opts.Channels, ChannelLetter)
	switch {
	case email && letter:
		d.para(b.msg("contacted.email_or_letter", plain("from", from), plain("until", until)), "")
	case letter:
		d.para(b.msg("contacted.letter", plain("from", from), plain("until", until)), "")
	default:
		d.para(b.msg("contacted.email", plain("from", from), plain("until", until)), "")
	}
	d.para(b.msg("contacted.not_heard"), "")
	d.endSection()

	// What to do, grouped by the information the actions concern.
	d.heading(b.msg("heading.what_to_do"), "what-to-do")
	d.para(b.msg("todo.intro"), "")
	for _, g := range actionGroups(counted, policy) {
		var head piece
		if g.concerns.IsEmpty() {
			head = b.msg("todo.everyone")
		} else {
			var labels []piece
			for c := range g.concerns.All() {
				labels = append(labels, b.notice.msg("category."+c.String()))
			}
			head = b.msg("todo.group", b.value("categories", b.join(labels)))
		}
		d.subheading(head)
		d.listOpen("actions")
		for _, a := range g.actions {
			b.notice.action = a
			d.item(b.notice.msg("action." + a.String()))
			b.notice.action = 0
		}
		d.listClose()
	}
	d.endSection()

	// How to recognise genuine messages.
	d.heading(b.msg("heading.recognise"), "recognise")
	d.para(b.notice.msg("recognise.never_ask"), "")
	d.para(b.notice.msg("recognise.links"), "")
	if w := inc.Contact.Web; w != "" {
		d.para(b.msg("recognise.type_address", plain("web", w)), "")
	}
	d.para(b.msg("recognise.code"), "")
	d.endSection()

	// How to ask.
	d.heading(b.msg("heading.contact"), "contact")
	items = nil
	if e := inc.Contact.Email; e != "" {
		items = append(items, b.notice.msg("more.email", value{"email", e, `<a href="mailto:` + html.EscapeString(e) + `">` + html.EscapeString(e) + `</a>`}))
	}
	if ph := inc.Contact.Phone; ph != "" {
		items = append(items, b.notice.msg("more.phone", plain("phone", ph)))
	}
	if w := inc.Contact.Web; w != "" {
		items = append(items, b.notice.msg("more.web", value{"web", w, `<a href="` + html.EscapeString(w) + `">` + html.EscapeString(w) + `</a>`}))
	}
	d.list(b.msg("contact.intro"), "contact", items)
	d.endSection()

	// Questions and answers that follow from the data.
	d.heading(b.msg("heading.questions"), "questions")
	d.question(b.msg("qa.affected.q"), b.msg("qa.affected.a"))
	if cards := counted.Intersect(cardCategories); !cards.IsEmpty() {
		a := []piece{b.msg("qa.card.a")}
		if inc.NotExposed.Has(exposure.CardWithCVV) {
			a = append(a, b.msg("qa.card.no_cvv"))
		}
		d.question(b.msg("qa.card.q"), a...)
	}
	switch {
	case !counted.Intersect(passwordCategories).IsEmpty():
		d.question(b.msg("qa.password.q"), b.msg("qa.password.yes"))
	case inc.NotExposed.Has(exposure.Password):
		d.question(b.msg("qa.password.q"), b.msg("qa.password.no"))
	}
	if inc.SeparateFromOperations {
		d.question(b.msg("qa.operations.q"), b.msg("qa.operations.a"))
	}
	d.endSection()

	// Updates, oldest first, as the incident lists them.
	if len(inc.Updates) > 0 {
		d.heading(b.msg("heading.updates"), "updates")
		items = nil
		for i, u := range inc.Updates {
			text := b.incidentText(updateField(i), u.Text)
			for _, p := range text {
				items = append(items, b.msg("updates.item", date("date", u.Date), b.value("text", p)))
			}
		}
		d.listOpen("updates")
		for _, it := range items {
			d.item(it)
		}
		d.listClose()
		d.endSection()
	}

	if tag != locale.English && tag != locale.Pseudo {
		d.heading(b.msg("heading.translation"), "translation")
		d.para(b.msg("translation.prevails"), "")
		d.endSection()
	}
	d.close()
}

// value makes a rendered piece a placeholder's value.
func (b *publicBuilder) value(name string, p piece) value { return value{name, p.text, p.html} }

// join writes pieces as a list in a sentence, with the language's
// separator ("、" in Japanese and Chinese, ", " elsewhere).
func (b *publicBuilder) join(ps []piece) piece {
	sep := b.msg("list.separator")
	var t, h []string
	for _, p := range ps {
		t, h = append(t, p.text), append(h, p.html)
	}
	return piece{text: strings.Join(t, sep.text), html: strings.Join(h, sep.html)}
}

var (
	cardCategories     = exposure.Of(exposure.CardExpired, exposure.CardWithoutCVV, exposure.CardWithCVV, exposure.CardPIN)
	passwordCategories = exposure.Of(exposure.Password, exposure.PasswordHash)
)

// actionGroup is the actions that concern the same categories.
type actionGroup struct {
	concerns exposure.Set // empty: everyone (an action of a combination)
	actions  []exposure.Action
}

// actionGroups returns the union of the actions recommended for the
// categories, grouped by the categories whose loss alone calls for them: an
// action concerns category c when the policy recommends it to someone who
// lost c alone. Actions only a combination calls for, and those that
// concern every category listed, are everyone's and come first. Groups are ordered by their first category, actions by
// urgency.
func actionGroups(cats exposure.Set, policy *exposure.Policy) []actionGroup {
	concerns := map[exposure.Action]exposure.Set{}
	union := map[exposure.Action]bool{}
	for a := range policy.Assess(cats).Actions() {
		union[a] = true
	}
	for c := range cats.All() {
		for a := range policy.Assess(exposure.Of(c)).Actions() {
			union[a] = true
			concerns[a] = concerns[a].With(c)
		}
	}
	var groups []actionGroup
	for _, a := range exposure.Actions() {
		if !union[a] {
			continue
		}
		if concerns[a] == cats {
			concerns[a] = exposure.Set{} // everyone's
		}
		i := slices.IndexFunc(groups, func(g actionGroup) bool { return g.concerns == concerns[a] })
		if i < 0 {
			groups = append(groups, actionGroup{concerns: concerns[a]})
			i = len(groups) - 1
		}
		groups[i].actions = append(groups[i].actions, a)
	}
	first := func(s exposure.Set) int {
		for c := range s.All() {
			return int(c)
		}
		return -1 // everyone's: first
	}
	slices.SortStableFunc(groups, func(x, y actionGroup) int { return first(x.concerns) - first(y.concerns) })
	return groups
}

// publicDoc writes the page as plain text and HTML side by side.
// It is the notice's doc (headings, sections, items) with what a page adds:
// a head with alternates, a title, subheadings, classed paragraphs and the
// page's own list classes.
type publicDoc struct {
	doc
}

// open writes the HTML document's head, the language switcher and opens
// <main>.
func (d *publicDoc) open(b *publicBuilder, tag language.Tag, title piece) {
	o := &b.opts
	url := func(t language.Tag) string {
		return html.EscapeString(strings.ReplaceAll(o.LanguageURL, "{lang}", t.String()))
	}
	h := "<!DOCTYPE html>\n" + `<html lang="` + tag.String() + `">` + "\n<head>\n" +
		`<meta charset="utf-8">` + "\n" +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n" +
		"<title>" + title.html + "</title>\n"
	for _, t := range publicLanguages() {
		h += `<link rel="alternate" hreflang="` + t.String() + `" href="` + url(t) + `">` + "\n"
	}
	h += `<link rel="alternate" hreflang="x-default" href="` + html.EscapeString(o.XDefaultURL) + `">` + "\n"
	if o.StylesheetURL != "" {
		h += `<link rel="stylesheet" href="` + html.EscapeString(o.StylesheetURL) + `">` + "\n"
	} else {
		h += "<style>\n" + Stylesheet + PublicStylesheet + "</style>\n"
	}
	h += "</head>\n<body>\n<header class=\"public-header\">\n" +
		`<nav class="public-languages" aria-label="` + b.msg("languages").html + `">` + "\n<ul>\n"
	for _, t := range publicLanguages() {
		name := PublicCatalog()
		m, _, _ := name.Lookup(t, "language.name")
		n := html.EscapeString(m.String())
		if t == tag {
			h += `<li><a href="` + url(t) + `" hreflang="` + t.String() + `" lang="` + t.String() + `" aria-current="page">` + n + "</a></li>\n"
		} else {
			h += `<li><a href="` + url(t) + `" hreflang="` + t.String() + `" lang="` + t.String() + `">` + n + "</a></li>\n"
		}
	}
	h += "</ul>\n</nav>\n</header>\n" + `<main class="breach-notice public-page" lang="` + tag.String() + `">` + "\n"
	d.html = append(d.html, h...)
}

func (d *publicDoc) close() {
	d.html = append(d.html, "</main>\n</body>\n</html>\n"...)
}

// publicLanguages are the languages a reader can choose: every supported
// one but en-XA, which is for testing.
func publicLanguages() []language.Tag {
	return slices.DeleteFunc(locale.Supported(), func(t language.Tag) bool { return t == locale.Pseudo })
}

func (d *publicDoc) title(p piece) {
	start := len(d.text)
	d.text = textwrap.Append(d.text, p.text, lineWidth, "", "")
	d.underline(start, "#")
	d.html = append(d.html, "<h1>"+p.html+"</h1>\n"...)
}

// subheading writes an h3: in the text, underlined with "-" (a question,
// a group of actions).
func (d *publicDoc) subheading(p piece) {
	start := len(d.text)
	d.text = textwrap.Append(d.text, p.text, lineWidth, "", "")
	d.underline(start, "-")
	d.text = d.text[:len(d.text)-1] // no blank line under it
	d.html = append(d.html, "<h3"+p.langAttr()+">"+p.html+"</h3>\n"...)
}

func (d *publicDoc) para(p piece, class string) {
	d.text = textwrap.Append(d.text, p.text, lineWidth, "", "")
	d.text = append(d.text, '\n')
	if class != "" {
		d.html = append(d.html, `<p class="`+class+`"`+p.langAttr()+`>`+p.html+"</p>\n"...)
	} else {
		d.html = append(d.html, "<p"+p.langAttr()+">"+p.html+"</p>\n"...)
	}
}

func (d *publicDoc) listOpen(class string) {
	d.html = append(d.html, `<ul class="public-`+class+`">`+"\n"...)
}

func (d *publicDoc) list(intro piece, class string, items []piece) {
	d.text = textwrap.Append(d.text, intro.text, lineWidth, "", "")
	d.html = append(d.html, "<p"+intro.langAttr()+">"+intro.html+"</p>\n"...)
	d.listOpen(class)
	for _, it := range items {
		d.item(it)
	}
	d.listClose()
}

// question writes a question as a small heading and its answer.
func (d *publicDoc) question(q piece, answer ...piece) {
	d.subheading(q)
	for _, a := range answer {
		d.para(a, "")
	}
}

// PublicStylesheet is the CSS the public page adds to [Stylesheet]: the
// language switcher, which wraps rather than scrolls at 390 px, and the
// "last updated" line. A server with a strict Content-Security-Policy
// serves both from one stylesheet (see [PageOptions.StylesheetURL]).
const PublicStylesheet = `.public-header { max-width: 40rem; margin: 0 auto 1rem; }
.public-languages ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; font-size: 0.95rem; }
.public-languages a { color: #0b57a4; display: inline-block; padding: 0.25rem 0; }
.public-languages a[aria-current] { color: #1b1b1b; font-weight: 600; text-decoration: none; }
.public-page .public-updated { color: #4a4a4a; font-size: 0.95rem; margin-top: -0.75rem; }
.public-page h3 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
.public-page .notice-translation { margin-top: 2.5rem; font-size: 0.9rem; color: #4a4a4a; }
`
