package main

import (
	"embed"
	"fmt"
	"io/fs"

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

	Membership, MembershipHint string
	FamilyName, FamilyNameHint string
	Submit, Privacy            string

	ChooseLanguage, LanguageName string

	NotFound, Involved, NotInvolved, ReadIn, Again string

	TooMany, BadRequest, PageNotFound, MethodNotAllowed, Internal, Back string

	// The page that checks a verification code. SentEmail and SentLetter
	// hold dateMark where the date goes.
	VerifyLink, VerifyTitle, VerifyHeading, VerifyIntro string
	VerifyCode, VerifyCodeHint, VerifySubmit            string
	SentEmail, SentLetter, NotSent, VerifyPrivacy       string
}

// dateMark stands for the date in a wording's SentEmail and SentLetter
// until a code's answer fills it in.
const dateMark = "\x00date\x00"

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
		{"error.too_many", &w.TooMany},
		{"error.bad_request", &w.BadRequest},
		{"error.not_found", &w.PageNotFound},
		{"error.method", &w.MethodNotAllowed},
		{"error.internal", &w.Internal},
		{"error.back", &w.Back},
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
	}
}

// newWording looks up every message for tag and fills in the incident's
// organisation name and contact address.
func newWording(c *locale.Catalog, tag language.Tag, inc *notice.Incident) (wording, error) {
	w := wording{Organisation: localized(inc.Organisation, tag)}
	args := []locale.Arg{
		{Name: "organisation", Value: w.Organisation},
		{Name: "contact", Value: inc.Contact.Email},
		{Name: "date", Value: dateMark},
	}
	for _, m := range w.messages() {
		msg, _, ok := c.Lookup(tag, m.id)
		if !ok {
			return wording{}, fmt.Errorf("portal: catalog: %s: no message %q", tag, m.id)
		}
		s, err := msg.Format(args...)
		if err != nil {
			return wording{}, fmt.Errorf("portal: catalog: %s: %w", tag, err)
		}
		*m.dst = s
	}
	return w, nil
}

// localized picks the text of l for tag along the same fallback chain as the
// catalogs (zh-Hant-HK to zh-Hant to English); en-XA is English
// pseudo-localized, as the notice writes it.
func localized(l notice.Localized, tag language.Tag) string {
	if tag == locale.Pseudo {
		return locale.Pseudolocalize(l[locale.English])
	}
	for t := tag; ; {
		if s := l[t]; s != "" {
			return s
		}
		parent, ok := locale.Fallback(t)
		if !ok {
			return l[locale.English]
		}
		t = parent
	}
}
