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
	Notice    template.HTML  // the notice's fragment
	Resubmit  *resubmit      // the buttons that repeat a lookup in another language

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
	internal                                            []byte
}

func newSite(tag language.Tag, w wording, names map[language.Tag]string, verify bool) (*site, error) {
	s := &site{tag: tag, w: w}
	var links []languageLink
	for _, t := range chooserLanguages() {
		links = append(links, languageLink{Tag: t.String(), Name: names[t], Current: t == tag})
	}
	for _, p := range []struct {
		dst        *[]byte
		kind, text string
	}{
		{&s.form, "form", ""},
		{&s.notFound, "form", w.NotFound},
		{&s.tooMany, "error", w.TooMany},
		{&s.badRequest, "error", w.BadRequest},
		{&s.pageNotFound, "error", w.PageNotFound},
		{&s.methodNotAllowed, "error", w.MethodNotAllowed},
		{&s.internal, "error", w.Internal},
	} {
		b, err := render(&page{Lang: tag.String(), Title: w.Title, W: &s.w, Kind: p.kind, Languages: links, Message: p.text, Verify: verify})
		if err != nil {
			return nil, err
		}
		*p.dst = b
	}
	s.links = links
	if verify {
		for _, p := range []struct {
			dst  *[]byte
			text string
		}{{&s.verifyForm, ""}, {&s.notSent, w.NotSent}} {
			b, err := render(&page{Lang: tag.String(), Title: w.VerifyTitle, W: &s.w, Kind: "verify", Languages: links, Message: p.text})
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
