package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// incidentPages serves the incident's public page (notice.NewPublicPage):
//
//	GET /incident         in the language negotiated from Accept-Language
//	GET /incident/<lang>  in one supported language (the hreflang links)
//	GET /incident.css     its stylesheet: the notice's and the page's rules
//
// Every language's page is rendered once, at start, from a tally of the
// store's people; a request copies bytes. Everything else goes to next.
type incidentPages struct {
	next  http.Handler
	srv   *server
	pages map[language.Tag][]byte
	css   []byte
	etag  string
}

const incidentCSSPath = "/incident.css"

// withIncidentPages counts the people of cfg.Store per category, as
// cfg.Policy assesses them, and renders the public page in every language.
// The counting reads every person once, at start: 9.2 s for a million
// people from SQLite on a busy 2-core machine, in 64 MB (measured for
// issue 14); the portal serves nothing until it is done, as with its
// other start-up work. People with an email address were told by email,
// the others by letter.
func withIncidentPages(cfg config, s *server, next http.Handler) (http.Handler, error) {
	start := time.Now()
	tally, channels, err := tallyStore(context.Background(), cfg.Store, cfg.Policy)
	if err != nil {
		return nil, fmt.Errorf("portal: counting the people for the incident's page: %w", err)
	}
	ip := &incidentPages{next: next, srv: s, pages: map[language.Tag][]byte{}}
	for _, tag := range locale.Supported() {
		p, err := notice.NewPublicPage(cfg.Incident, tally, notice.PageOptions{
			Language:      tag.String(),
			Rounding:      notice.RoundAbout,
			Threshold:     incidentThreshold,
			Channels:      channels,
			StylesheetURL: incidentCSSPath,
		})
		if err != nil {
			return nil, fmt.Errorf("portal: the incident's page in %v: %w", tag, err)
		}
		ip.pages[tag] = p.AppendHTML(nil)
	}
	ip.css = []byte(notice.Stylesheet + notice.PublicStylesheet)
	sum := sha256.Sum256(ip.css)
	ip.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	s.log.Info("the incident's public page is ready", "people", tally.Total(), "duration", time.Since(start).Round(time.Millisecond))
	return ip, nil
}

// incidentThreshold: the portal's page never prints a count under 10, so
// that a small count cannot point at anyone.
const incidentThreshold = 10

// tallyStore counts the store's people a page at a time, and says how they
// were told: by email when they have an address, else by letter.
func tallyStore(ctx context.Context, st store.Store, policy *exposure.Policy) (exposure.Tally, []notice.Channel, error) {
	var tally exposure.Tally
	var email, letter bool
	// Most people lose one of a few hundred sets of categories: each is
	// assessed once.
	assessed := map[exposure.Set]exposure.Assessment{}
	after := ""
	for {
		people, err := st.Page(ctx, after, 10_000)
		if err != nil {
			return exposure.Tally{}, nil, err
		}
		for i := range people {
			p := &people[i]
			a, ok := assessed[p.Exposed]
			if !ok {
				a = policy.Assess(p.Exposed)
				assessed[p.Exposed] = a
			}
			tally.Add(a)
			if p.Exposed.IsEmpty() {
				continue
			}
			if p.Email != "" {
				email = true
			} else {
				letter = true
			}
		}
		if len(people) < 10_000 {
			break
		}
		after = people[len(people)-1].ID
	}
	var channels []notice.Channel
	if email || !letter {
		channels = append(channels, notice.ChannelEmail)
	}
	if letter {
		channels = append(channels, notice.ChannelLetter)
	}
	return tally, channels, nil
}

func (ip *incidentPages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if path != "/incident" && path != incidentCSSPath && !strings.HasPrefix(path, "/incident/") {
		ip.next.ServeHTTP(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		st := ip.srv.site(ip.srv.negotiate(r))
		writePage(w, http.StatusMethodNotAllowed, st, st.methodNotAllowed)
		return
	}
	switch {
	case path == incidentCSSPath:
		h := w.Header()
		h.Set("Content-Type", "text/css; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=86400") // the same for everyone
		h.Set("ETag", ip.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(ip.css))
	case path == "/incident":
		ip.write(w, ip.srv.negotiate(r), true)
	default:
		lang := strings.TrimPrefix(path, "/incident/")
		tag, err := locale.Exact(lang)
		if err != nil {
			st := ip.srv.site(ip.srv.negotiate(r))
			writePage(w, http.StatusNotFound, st, st.pageNotFound)
			return
		}
		if tag.String() != lang { // "JA", "zh_hant_hk": the address hreflang names
			http.Redirect(w, r, "/incident/"+tag.String(), http.StatusMovedPermanently)
			return
		}
		ip.write(w, tag, false)
	}
}

func (ip *incidentPages) write(w http.ResponseWriter, tag language.Tag, negotiated bool) {
	body := ip.pages[tag]
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", tag.String())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if negotiated {
		h.Set("Vary", "Accept-Language")
		h.Set("Content-Location", "/incident/"+tag.String())
	}
	// The page is the same for everyone and holds nothing personal.
	h.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// IncidentLink is the text of the form's link to the incident's public
// page, in the page's language.
func (p page) IncidentLink() string {
	tag, err := locale.Exact(p.Lang)
	if err != nil {
		tag = locale.English
	}
	m, _, _ := notice.PublicCatalog().Lookup(tag, "link")
	s, err := m.Format(locale.Arg{Name: "organisation", Value: p.W.Organisation})
	if err != nil {
		return m.String()
	}
	return s
}
