package main

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// The portal's own wording, one JSON file per language as locale.Load reads
// them. The notice itself is worded by the notice package.
//
//go:embed catalog/*.json
var catalogFiles embed.FS

// loadCatalog loads the portal's wording.
func loadCatalog() (*locale.Catalog, error) {
	sub, err := fs.Sub(catalogFiles, "catalog")
	if err != nil {
		return nil, err
	}
	return locale.Load(sub)
}

// wording is the portal's text in one language, looked up and formatted once
// when the server is built, so that serving a page looks nothing up.
type wording struct {
	Organisation string // the incident's organisation, in this language

	Title, Heading, Intro string

	// Skip is the skip link's text. TitleOf holds pageMark where a page's
	// own heading goes, before the organisation: see titleOf.
	Skip, TitleOf string

	Membership, MembershipHint string
	FamilyName, FamilyNameHint string
	Submit, Privacy            string

	ChooseLanguage, LanguageName string

	NotFound, Involved, NotInvolved, ReadIn, Again string
	NotFoundTitle, NotInvolvedTitle                string

	TooMany, BadRequest, TooLarge, PageNotFound, MethodNotAllowed, Internal, Back string

	// Each error page's heading, which is also its title's first part.
	TooManyHeading, BadRequestHeading, TooLargeHeading, PageNotFoundHeading string
	MethodHeading, InternalHeading                                          string

	// The page that checks a verification code. SentEmail and SentLetter
	// hold dateMark where the date goes.
	VerifyLink, VerifyTitle, VerifyHeading, VerifyIntro string
	VerifyCode, VerifyCodeHint, VerifySubmit            string
	SentEmail, SentLetter, NotSent, VerifyPrivacy       string
	SentTitle, NotSentTitle                             string

	// from holds, for each message that fell back to another language
	// (locale.Catalog.Lookup's from), that language's tag; orgFrom is the
	// same for Organisation. The page marks such text with its own lang
	// (WCAG 2.1 SC 3.1.2), so that a screen reader does not read English
	// with a Japanese voice. Both are empty when nothing fell back, as with
	// the shipped catalog.
	from    map[string]string
	orgFrom string
}

// dateMark stands for the date in a wording's SentEmail and SentLetter
// until a code's answer fills it in.
const dateMark = "\x00date\x00"

// pageMark stands for a page's heading in a wording's TitleOf.
const pageMark = "\x00page\x00"

// titleOf is the title of a page whose heading is heading: the heading
// first, so that a screen reader announcing the title says first what the
// page is (WCAG 2.1 SC 2.4.2), then the organisation.
func (w *wording) titleOf(heading string) string {
	return strings.Replace(w.TitleOf, pageMark, heading, 1)
}

// Lang is the lang attribute the text of message id needs inside a page
// in the wording's language: lang="en" when id fell back to English, else
// nothing. The template calls it; an id that is not one of messages() is an
// error, so that a typo fails when the server's pages are rendered at
// start, not silently.
func (w *wording) Lang(id string) (template.HTMLAttr, error) {
	if from, ok := w.from[id]; ok {
		// from is a tag from locale's own list, never input: safe as an
		// attribute.
		return template.HTMLAttr(` lang="` + from + `"`), nil
	}
	if !messageIDs[id] {
		return "", fmt.Errorf("portal: the page asks for the language of an unknown message %q", id)
	}
	return "", nil
}

// messageIDs is the set of messages() IDs, built once: Lang runs for every
// text of every page rendered per request, and must not allocate.
var messageIDs = func() map[string]bool {
	ids := make(map[string]bool)
	for _, m := range new(wording).messages() {
		ids[m.id] = true
	}
	return ids
}()

// OrgLang is Lang for the organisation's name.
func (w *wording) OrgLang() template.HTMLAttr {
	if w.orgFrom == "" {
		return ""
	}
	return template.HTMLAttr(` lang="` + w.orgFrom + `"`)
}

// messages pairs each catalog message ID with the field that holds its text.
// It is the one list of the messages the portal uses; a test checks that the
// catalog holds exactly these.
func (w *wording) messages() []struct {
	id  string
	dst *string
} {
	return []struct {
		id  string
		dst *string
	}{
		{"page.title", &w.Title},
		{"page.heading", &w.Heading},
		{"page.intro", &w.Intro},
		{"page.skip", &w.Skip},
		{"page.title_of", &w.TitleOf},
		{"form.membership", &w.Membership},
		{"form.membership_hint", &w.MembershipHint},
		{"form.family_name", &w.FamilyName},
		{"form.family_name_hint", &w.FamilyNameHint},
		{"form.submit", &w.Submit},
		{"form.privacy", &w.Privacy},
		{"language.choose", &w.ChooseLanguage},
		{"language.name", &w.LanguageName},
		{"lookup.not_found", &w.NotFound},
		{"lookup.involved", &w.Involved},
		{"lookup.not_involved", &w.NotInvolved},
		{"lookup.read_in", &w.ReadIn},
		{"lookup.again", &w.Again},
		{"lookup.not_found_title", &w.NotFoundTitle},
		{"lookup.not_involved_title", &w.NotInvolvedTitle},
		{"error.too_many", &w.TooMany},
		{"error.bad_request", &w.BadRequest},
		{"error.not_found", &w.PageNotFound},
		{"error.method", &w.MethodNotAllowed},
		{"error.internal", &w.Internal},
		{"error.back", &w.Back},
		{"error.too_large", &w.TooLarge},
		{"error.too_many_heading", &w.TooManyHeading},
		{"error.bad_request_heading", &w.BadRequestHeading},
		{"error.too_large_heading", &w.TooLargeHeading},
		{"error.not_found_heading", &w.PageNotFoundHeading},
		{"error.method_heading", &w.MethodHeading},
		{"error.internal_heading", &w.InternalHeading},
		{"verify.link", &w.VerifyLink},
		{"verify.title", &w.VerifyTitle},
		{"verify.heading", &w.VerifyHeading},
		{"verify.intro", &w.VerifyIntro},
		{"verify.code", &w.VerifyCode},
		{"verify.code_hint", &w.VerifyCodeHint},
		{"verify.submit", &w.VerifySubmit},
		{"verify.sent_email", &w.SentEmail},
		{"verify.sent_letter", &w.SentLetter},
		{"verify.not_sent", &w.NotSent},
		{"verify.privacy", &w.VerifyPrivacy},
		{"verify.sent_title", &w.SentTitle},
		{"verify.not_sent_title", &w.NotSentTitle},
	}
}

// newWording looks up every message for tag and fills in the incident's
// organisation name and contact address. It records which messages fell
// back to another language (see wording.Lang).
func newWording(c *locale.Catalog, tag language.Tag, inc *notice.Incident) (wording, error) {
	org, orgFrom := localizedFrom(inc.Organisation, tag)
	w := wording{Organisation: org}
	if orgFrom != tag {
		w.orgFrom = orgFrom.String()
	}
	args := []locale.Arg{
		{Name: "organisation", Value: w.Organisation},
		{Name: "contact", Value: inc.Contact.Email},
		{Name: "date", Value: dateMark},
		{Name: "page", Value: pageMark},
	}
	for _, m := range w.messages() {
		msg, from, ok := c.Lookup(tag, m.id)
		if !ok {
			return wording{}, fmt.Errorf("portal: catalog: %s: no message %q", tag, m.id)
		}
		s, err := msg.Format(args...)
		if err != nil {
			return wording{}, fmt.Errorf("portal: catalog: %s: %w", tag, err)
		}
		*m.dst = s
		if from != tag {
			if w.from == nil {
				w.from = make(map[string]string)
			}
			w.from[m.id] = from.String()
		}
	}
	if !strings.Contains(w.TitleOf, pageMark) {
		return wording{}, fmt.Errorf("portal: catalog: %s: page.title_of %q has no {page}", tag, w.TitleOf)
	}
	return w, nil
}

// localizedFrom picks the text of l for tag along the same fallback chain as the
// catalogs (zh-Hant-HK to zh-Hant to English); en-XA is English
// pseudo-localized, as the notice writes it.
//
// It also says which language the text is in.
func localizedFrom(l notice.Localized, tag language.Tag) (string, language.Tag) {
	if tag == locale.Pseudo {
		return locale.Pseudolocalize(l[locale.English]), tag
	}
	for t := tag; ; {
		if s := l[t]; s != "" {
			return s, t
		}
		parent, ok := locale.Fallback(t)
		if !ok {
			return l[locale.English], locale.English
		}
		t = parent
	}
}
