package main

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/time/rate"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// config is what the portal serves and how. Zero fields take the defaults.
type config struct {
	// Incident is the incident the portal is about. Its contact email
	// address is required: the "not found" page gives it.
	Incident notice.Incident
	// Store holds the people it affected, who can look themselves up;
	// Policy assesses them (the incident's circumstances).
	Store  store.Store
	Policy *exposure.Policy
	// TrustedProxies are the load balancers whose X-Forwarded-For header
	// names the client; from any other address the header is ignored.
	TrustedProxies []netip.Prefix

	// Each client may make Burst lookups at once, refilled at Rate per
	// second (defaults: 10, and one every 6 s), and at most MaxClients
	// clients are tracked (default 10,000).
	Rate       rate.Limit
	Burst      int
	MaxClients int

	// MaxBody is the largest lookup request body, in bytes (default 4 KiB).
	MaxBody int64

	// Codes checks verification codes against the store's ledger, under
	// the organisation's key: with it, every notice the portal shows
	// carries its code (of the notice that went out: see shownChannel),
	// and /verify checks codes. Without it, notices have no code and there
	// is no /verify.
	Codes *codeChecker

	// Now is the clock of the rate limiter (default time.Now).
	Now func() time.Time
	// Log receives one line per request (default: discarded).
	Log *slog.Logger
}

const (
	defaultRate       = rate.Limit(1.0 / 6) // 10 a minute
	defaultBurst      = 10
	defaultMaxClients = 10_000
	defaultMaxBody    = 4 << 10
)

// server answers the portal's three routes:
//
//	GET  /           the lookup form, in the language negotiated from
//	                 Accept-Language, or chosen with ?lang=
//	POST /lookup     the lookup: the passenger's notice, "not involved",
//	                 or "not found"
//	GET  /style.css  the stylesheet
//	GET  /verify     the form that checks a verification code (with a key)
//	POST /verify     the check: "a notice we sent on DATE by email/letter",
//	                 or "we did not send a notice with this code"
type server struct {
	dir      *directory
	policy   *exposure.Policy
	proxies  []netip.Prefix
	composer *notice.Composer
	limiter  *limiter
	sites    map[language.Tag]*site
	names    map[language.Tag]string // each chooser language's name in itself
	style    stylesheet
	incident string
	codes    *codeChecker

	maxBody    int64
	retryAfter string
	now        func() time.Time
	log        *slog.Logger
}

// newServer builds the portal's handler: the routes, wrapped in the
// security headers, cross-origin protection for the lookup, and the request
// log. It prepares everything it can up front: every language's wording
// and fixed pages, and a trial notice in every language naming every
// category the incident exposed, so that a notice that would fail does so
// now rather than in front of a visitor. Its only work per person is the
// count for the incident's public page (incident.go), once.
func newServer(cfg config) (http.Handler, error) {
	s, err := buildServer(cfg)
	if err != nil {
		return nil, err
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := s.site(s.negotiate(r))
		writePage(w, http.StatusForbidden, st, st.badRequest)
	}))
	h, err := withIncidentPages(cfg, s, s) // GET /incident, /incident/<lang>, /incident.css (incident.go)
	if err != nil {
		return nil, err
	}
	return logRequests(s.log, secure(cop.Handler(h))), nil
}

func buildServer(cfg config) (*server, error) {
	if cfg.Rate == 0 {
		cfg.Rate = defaultRate
	}
	if cfg.Burst == 0 {
		cfg.Burst = defaultBurst
	}
	if cfg.MaxClients == 0 {
		cfg.MaxClients = defaultMaxClients
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = defaultMaxBody
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	switch {
	case !(cfg.Rate > 0) || math.IsInf(float64(cfg.Rate), 0):
		return nil, fmt.Errorf("portal: rate %v: want a positive, finite number of lookups per second", float64(cfg.Rate))
	case cfg.Burst < 1 || cfg.MaxClients < 1 || cfg.MaxBody < 1:
		return nil, errors.New("portal: burst, client limit and body limit must be positive")
	case cfg.Incident.Contact.Email == "":
		return nil, errors.New("portal: the incident needs a contact email address")
	case cfg.Store == nil || cfg.Policy == nil:
		return nil, errors.New("portal: a store and a policy are required")
	}

	composer, err := notice.NewComposer(cfg.Incident)
	if err != nil {
		return nil, err
	}
	catalog, err := loadCatalog()
	if err != nil {
		return nil, err
	}
	s := &server{
		dir:        newDirectory(cfg.Store),
		policy:     cfg.Policy,
		proxies:    cfg.TrustedProxies,
		composer:   composer,
		limiter:    newLimiter(cfg.Rate, cfg.Burst, cfg.MaxClients),
		sites:      make(map[language.Tag]*site),
		names:      make(map[language.Tag]string),
		style:      newStylesheet(),
		incident:   cfg.Incident.ID,
		codes:      cfg.Codes,
		maxBody:    cfg.MaxBody,
		retryAfter: strconv.Itoa(int(math.Ceil(1 / float64(cfg.Rate)))),
		now:        cfg.Now,
		log:        cfg.Log,
	}
	words := make(map[language.Tag]wording)
	for _, tag := range locale.Supported() {
		w, err := newWording(catalog, tag, &cfg.Incident)
		if err != nil {
			return nil, err
		}
		words[tag] = w
		s.names[tag] = w.LanguageName
	}
	for _, tag := range locale.Supported() {
		if s.sites[tag], err = newSite(tag, words[tag], s.names, s.codes != nil); err != nil {
			return nil, err
		}
	}
	everything := cfg.Policy.Assess(cfg.Incident.Exposed)
	for _, tag := range locale.Supported() {
		if _, err := composer.Compose(notice.Recipient{Name: "Trial Notice", Language: tag.String()}, everything); err != nil {
			return nil, fmt.Errorf("portal: a notice in %v: %w", tag, err)
		}
	}
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var allow string
	switch r.URL.Path {
	case "/":
		allow = "GET, HEAD"
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			st := s.site(s.language(r, r.URL.Query().Get("lang")))
			writePage(w, http.StatusOK, st, st.form)
			return
		}
	case "/lookup":
		allow = "POST"
		if r.Method == http.MethodPost {
			s.lookup(w, r)
			return
		}
	case "/verify":
		if s.codes == nil {
			break
		}
		allow = "GET, HEAD, POST"
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			st := s.site(s.language(r, r.URL.Query().Get("lang")))
			writePage(w, http.StatusOK, st, st.verifyForm)
			return
		case http.MethodPost:
			s.verify(w, r)
			return
		}
	case "/style.css":
		allow = "GET, HEAD"
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			s.style.serve(w, r)
			return
		}
	}
	if allow == "" {
		st := s.site(s.negotiate(r))
		writePage(w, http.StatusNotFound, st, st.pageNotFound)
		return
	}
	w.Header().Set("Allow", allow)
	st := s.site(s.negotiate(r))
	writePage(w, http.StatusMethodNotAllowed, st, st.methodNotAllowed)
}

// lookup answers POST /lookup. The form values are read from the body only,
// never the URL, and are never logged.
func (s *server) lookup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		st := s.site(s.negotiate(r))
		writePage(w, http.StatusBadRequest, st, st.badRequest)
		return
	}
	if err := r.ParseForm(); err != nil {
		st := s.site(s.negotiate(r))
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status = http.StatusRequestEntityTooLarge
		}
		writePage(w, status, st, st.unreadable(status))
		return
	}
	form := r.PostForm
	st := s.site(s.language(r, form.Get("lang")))

	if !s.limiter.allow(clientKey(clientAddr(r, s.proxies)), s.now()) {
		w.Header().Set("Retry-After", s.retryAfter)
		writePage(w, http.StatusTooManyRequests, st, st.tooMany)
		return
	}

	membership, familyName := form.Get("membership"), form.Get("family_name")
	p, ok, err := s.dir.find(r.Context(), membership, familyName)
	if err != nil {
		s.log.Error("the store failed a lookup", "error", err.Error())
		writePage(w, http.StatusInternalServerError, st, st.internal)
		return
	}
	if !ok {
		writePage(w, http.StatusOK, st, st.notFound)
		return
	}

	pg := &page{
		Lang:     st.tag.String(),
		Title:    st.w.titleOf(st.w.NotInvolvedTitle),
		W:        &st.w,
		Kind:     "not_involved",
		Resubmit: &resubmit{Membership: membership, FamilyName: familyName},
	}
	for _, t := range chooserLanguages() {
		if t != st.tag {
			pg.Resubmit.Languages = append(pg.Resubmit.Languages, languageLink{Tag: t.String(), Name: s.names[t]})
		}
	}
	if a := s.policy.Assess(p.Exposed); a.Tier() != exposure.TierNone {
		var code notice.VerificationCode
		if s.codes != nil {
			ch, err := shownChannel(r.Context(), s.dir.store, &p)
			if err == nil {
				code, err = notice.DeriveCode(s.codes.key, s.incident, p.ID, ch)
			}
			if err != nil {
				s.log.Error("choosing the verification code failed", "error", err.Error())
				writePage(w, http.StatusInternalServerError, st, st.internal)
				return
			}
		}
		doc, err := s.composer.Compose(notice.Recipient{Name: p.Name, Language: st.tag.String(), Code: code}, a)
		if err != nil {
			// Not expected: newServer composed a notice with every category
			// in every language. The error may quote the name, so it is not
			// logged.
			s.log.Error("composing a notice failed")
			writePage(w, http.StatusInternalServerError, st, st.internal)
			return
		}
		if doc.Language() != st.tag {
			st = s.site(doc.Language())
			pg.Lang, pg.W = st.tag.String(), &st.w
		}
		pg.Kind, pg.Title = "notice", doc.Subject()
		pg.Notice = template.HTML(doc.AppendHTMLFragment(nil))
	}
	body, err := render(pg)
	if err != nil {
		s.log.Error("rendering a page failed")
		writePage(w, http.StatusInternalServerError, st, st.internal)
		return
	}
	writePage(w, http.StatusOK, st, body)
}

// verify answers POST /verify, under the lookup's rate limit. Whatever
// was typed, a code we did not send gets the same bytes after the same
// work (codeChecker.check); the code is never logged.
func (s *server) verify(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		st := s.site(s.negotiate(r))
		writePage(w, http.StatusBadRequest, st, st.badRequest)
		return
	}
	if err := r.ParseForm(); err != nil {
		st := s.site(s.negotiate(r))
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status = http.StatusRequestEntityTooLarge
		}
		writePage(w, status, st, st.unreadable(status))
		return
	}
	st := s.site(s.language(r, r.PostForm.Get("lang")))
	if !s.limiter.allow(clientKey(clientAddr(r, s.proxies)), s.now()) {
		w.Header().Set("Retry-After", s.retryAfter)
		writePage(w, http.StatusTooManyRequests, st, st.tooMany)
		return
	}
	issue, ok, err := s.codes.check(r.Context(), r.PostForm.Get("code"), s.now())
	if err != nil && !errors.Is(err, store.ErrCheckNotCounted) {
		s.log.Error("the store failed a code check", "error", err.Error())
		writePage(w, http.StatusInternalServerError, st, st.internal)
		return
	} else if err != nil {
		// The reader's answer matters more than our count of it.
		s.log.Error("a code check was answered but not counted", "error", err.Error())
	}
	if !ok {
		writePage(w, http.StatusOK, st, st.notSent)
		return
	}
	answer, answerID := st.w.SentEmail, "verify.sent_email"
	if issue.channel == notice.ChannelLetter {
		answer, answerID = st.w.SentLetter, "verify.sent_letter"
	}
	answer = strings.Replace(answer, dateMark, locale.FormatDate(st.tag, issue.sent), 1)
	body, err := render(&page{Lang: st.tag.String(), Title: st.w.titleOf(st.w.SentTitle), W: &st.w, Kind: "verify",
		Languages: st.links, Message: answer, MessageID: answerID, Sent: true})
	if err != nil {
		s.log.Error("rendering a page failed")
		writePage(w, http.StatusInternalServerError, st, st.internal)
		return
	}
	writePage(w, http.StatusOK, st, body)
}

// language is the page's language: chosen, when chosen is exactly one of
// the supported tags (en-XA included), else negotiated.
func (s *server) language(r *http.Request, chosen string) language.Tag {
	if chosen != "" {
		if tag, err := locale.Exact(chosen); err == nil {
			return tag
		}
	}
	return s.negotiate(r)
}

// negotiate picks the language from Accept-Language. A request may carry
// the header more than once; the values are one list.
func (s *server) negotiate(r *http.Request) language.Tag {
	return locale.Negotiate(strings.Join(r.Header.Values("Accept-Language"), ","))
}

func (s *server) site(tag language.Tag) *site {
	if st, ok := s.sites[tag]; ok {
		return st
	}
	return s.sites[locale.English]
}
