package main

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// The one page template: html/template escapes every value for its context
// (text, attribute, URL). Only the notice's fragment goes in as trusted
// HTML; notice escapes every value in it.
//
//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Parse(pageHTML))

// The portal's own CSS. It is served after notice.Stylesheet, which it
// builds on.
//
//go:embed style.css
var portalCSS string

// page is what the template shows.
type page struct {
	Lang  string // the root lang: our tag verbatim
	Title string
	W     *wording
	Kind  string // "form", "notice", "not_involved", "verify" or "error"

	Languages []languageLink // the chooser in the header: links to GET /?lang=
	Message   string         // above the form, or an error page's message
	MessageID string         // Message's catalog ID, for its lang (wording.Lang)

	Heading, HeadingID string        // an error page's h1 and its catalog ID
	Notice             template.HTML // the notice's fragment
	Resubmit           *resubmit     // the buttons that repeat a lookup in another language

	Verify bool // the form links to the page that checks a verification code
	Sent   bool // the Message of a "verify" page says we sent the code's notice
}

type languageLink struct {
	Tag, Name string // Name: the language's name in itself
	Current   bool
}

// resubmit carries a lookup's values, as typed, into the small forms that
// repeat it in another language. They are posted again, never put in a URL.
type resubmit struct {
	Membership, FamilyName string
	Languages              []languageLink
}

// chooserLanguages are the languages the chooser offers: all but en-XA,
// which serves only whoever asks for it by name (lang=en-XA).
func chooserLanguages() []language.Tag {
	var tags []language.Tag
	for _, t := range locale.Supported() {
		if t != locale.Pseudo {
			tags = append(tags, t)
		}
	}
	return tags
}

// site holds a language's wording and the pages that are the same for
// everyone who reads it, rendered once when the server is built.
//
// Among them is notFound, the answer to any lookup that finds no one: it is
// the same bytes for a wrong name and an unknown number, whatever was typed,
// by construction.
//
// So is notSent, the answer to any verification code we did not send,
// malformed, altered or unknown.
type site struct {
	tag   language.Tag
	w     wording
	links []languageLink

	verifyForm, notSent []byte

	form, notFound                                      []byte
	tooMany, badRequest, pageNotFound, methodNotAllowed []byte
	tooLarge, internal                                  []byte
}

// unreadable is the page for a request body we could not read: 413 when
// it was too large, else 400.
func (s *site) unreadable(status int) []byte {
	if status == http.StatusRequestEntityTooLarge {
		return s.tooLarge
	}
	return s.badRequest
}

func newSite(tag language.Tag, w wording, names map[language.Tag]string, verify bool) (*site, error) {
	s := &site{tag: tag, w: w}
	var links []languageLink
	for _, t := range chooserLanguages() {
		links = append(links, languageLink{Tag: t.String(), Name: names[t], Current: t == tag})
	}
	// Every page has an h1 and a title of its own, the page's heading
	// first (WCAG 2.1 SC 2.4.2): a screen reader announces the title first,
	// and a not-found answer must not sound like the form it came from.
	for _, p := range []struct {
		dst                *[]byte
		kind, title        string
		text, textID       string
		heading, headingID string
	}{
		{dst: &s.form, kind: "form", title: w.Title},
		{dst: &s.notFound, kind: "form", title: w.titleOf(w.NotFoundTitle), text: w.NotFound, textID: "lookup.not_found"},
		{&s.tooMany, "error", w.titleOf(w.TooManyHeading), w.TooMany, "error.too_many", w.TooManyHeading, "error.too_many_heading"},
		{&s.badRequest, "error", w.titleOf(w.BadRequestHeading), w.BadRequest, "error.bad_request", w.BadRequestHeading, "error.bad_request_heading"},
		{&s.tooLarge, "error", w.titleOf(w.TooLargeHeading), w.TooLarge, "error.too_large", w.TooLargeHeading, "error.too_large_heading"},
		{&s.pageNotFound, "error", w.titleOf(w.PageNotFoundHeading), w.PageNotFound, "error.not_found", w.PageNotFoundHeading, "error.not_found_heading"},
		{&s.methodNotAllowed, "error", w.titleOf(w.MethodHeading), w.MethodNotAllowed, "error.method", w.MethodHeading, "error.method_heading"},
		{&s.internal, "error", w.titleOf(w.InternalHeading), w.Internal, "error.internal", w.InternalHeading, "error.internal_heading"},
	} {
		b, err := render(&page{Lang: tag.String(), Title: p.title, W: &s.w, Kind: p.kind, Languages: links,
			Message: p.text, MessageID: p.textID, Heading: p.heading, HeadingID: p.headingID, Verify: verify})
		if err != nil {
			return nil, err
		}
		*p.dst = b
	}
	s.links = links
	if verify {
		for _, p := range []struct {
			dst                 *[]byte
			title, text, textID string
		}{{&s.verifyForm, w.VerifyTitle, "", ""}, {&s.notSent, w.titleOf(w.NotSentTitle), w.NotSent, "verify.not_sent"}} {
			b, err := render(&page{Lang: tag.String(), Title: p.title, W: &s.w, Kind: "verify", Languages: links, Message: p.text, MessageID: p.textID})
			if err != nil {
				return nil, err
			}
			*p.dst = b
		}
	}
	return s, nil
}

// render executes the template into memory, so that a failure never sends
// half a page.
func render(p *page) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(8 << 10)
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writePage sends a page in the language of s.
func writePage(w http.ResponseWriter, status int, s *site, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", s.tag.String())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Vary", "Accept-Language")
	w.WriteHeader(status)
	w.Write(body)
}

// stylesheet is the CSS of every page: the notice's, then the portal's.
type stylesheet struct {
	css  []byte
	etag string
}

func newStylesheet() stylesheet {
	css := []byte(notice.Stylesheet + "\n" + portalCSS)
	sum := sha256.Sum256(css)
	return stylesheet{css: css, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

func (st stylesheet) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	// The same for everyone and never personal: caches may keep it, and
	// revalidate it by its ETag after a day.
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("ETag", st.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(st.css))
}
