package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// wantIncidentPage is the library's public page of the test config's
// incident, counted from the sample passengers independently of the
// portal's code: everyone in the sample has an email address.
func wantIncidentPage(t *testing.T, tag string) []byte {
	t.Helper()
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		t.Fatal(err)
	}
	var tally exposure.Tally
	var letter bool
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		p, _, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tally.Add(policy.Assess(p.Exposed))
		letter = letter || p.Email == "" && !p.Exposed.IsEmpty()
	}
	channels := []notice.Channel{notice.ChannelEmail}
	if letter {
		channels = append(channels, notice.ChannelLetter)
	}
	p, err := notice.NewPublicPage(inc, tally, notice.PageOptions{Language: tag, Rounding: notice.RoundAbout, Threshold: 10,
		Channels: channels, StylesheetURL: "/incident.css"})
	if err != nil {
		t.Fatal(err)
	}
	return p.AppendHTML(nil)
}

// TestIncidentRoutes: /incident/<lang> serves the page of every language
// with the portal's security headers and a stylesheet the policy allows;
// /incident negotiates; an unknown language is the portal's 404, a tag in
// another letter case is redirected to ours; only GET and HEAD.
func TestIncidentRoutes(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tag := range locale.Supported() {
		resp := get(h, "/incident/"+tag.String(), "")
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Language") != tag.String() ||
			!strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("%v: status %d, headers %v", tag, resp.StatusCode, resp.Header)
		}
		if diff := cmp.Diff(string(wantIncidentPage(t, tag.String())), string(body)); diff != "" {
			t.Errorf("%v: page (-want +got):\n%s", tag, diff)
		}
		doc := parsePage(t, body)
		if rootLang(doc) != tag.String() {
			t.Errorf("%v: root lang %q", tag, rootLang(doc))
		}
		var sheets []string
		for _, l := range elements(doc, "link") {
			if attr(l, "rel") == "stylesheet" {
				sheets = append(sheets, attr(l, "href"))
			}
		}
		if !slices.Equal(sheets, []string{"/incident.css"}) || len(elements(doc, "style")) != 0 || len(elements(doc, "script")) != 0 {
			t.Errorf("%v: stylesheets %v, %d <style>, %d <script>", tag, sheets, len(elements(doc, "style")), len(elements(doc, "script")))
		}
	}

	resp := get(h, "/incident", "ko-KR,ko;q=0.9")
	if body := readBody(t, resp); resp.StatusCode != 200 || resp.Header.Get("Content-Language") != "ko" ||
		resp.Header.Get("Vary") != "Accept-Language" || string(body) != string(wantIncidentPage(t, "ko")) {
		t.Errorf("/incident for a Korean reader: status %d, headers %v", resp.StatusCode, resp.Header)
	}

	resp = get(h, "/incident.css", "")
	css := string(readBody(t, resp))
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") ||
		!strings.Contains(css, notice.Stylesheet) || !strings.Contains(css, notice.PublicStylesheet) {
		t.Errorf("/incident.css: status %d, %v", resp.StatusCode, resp.Header)
	}

	for _, tc := range []struct {
		method, path string
		status       int
		location     string
	}{
		{"GET", "/incident/xx", 404, ""},
		{"GET", "/incident/", 404, ""},
		{"GET", "/incident/ja/more", 404, ""},
		{"GET", "/incident/JA", 301, "/incident/ja"},
		{"GET", "/incident/zh_hant_hk", 301, "/incident/zh-Hant-HK"},
		{"HEAD", "/incident/fr", 200, ""},
		{"POST", "/incident", 405, ""},
		{"DELETE", "/incident/ja", 405, ""},
		{"POST", "/incident.css", 405, ""},
		{"GET", "/incidents", 404, ""},
	} {
		resp := serve(h, newRequest(tc.method, tc.path, ""))
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s %s: status %d, Location %q; want %d, %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.location)
		}
		if tc.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", tc.method, tc.path, resp.Header.Get("Allow"))
		}
	}
}

// TestIncidentLinkedFromForm: the form links to the public page in its own
// language, with the link's text in that language.
func TestIncidentLinkedFromForm(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tag := range locale.Supported() {
		doc := parsePage(t, readBody(t, get(h, "/?lang="+tag.String(), "")))
		var found []string
		for _, a := range elements(doc, "a") {
			if attr(a, "href") == "/incident/"+tag.String() {
				found = append(found, text(a))
			}
		}
		m, _, _ := notice.PublicCatalog().Lookup(tag, "link")
		if len(found) != 1 || found[0] != m.String() {
			t.Errorf("%v: links to the incident page %q, want one reading %q", tag, found, m.String())
		}
	}
}

// TestIncidentTallyFromStore: the page counts the store's people, and
// people without an email address were told by letter.
func TestIncidentTallyFromStore(t *testing.T) {
	cfg := testConfig(t)
	tally, channels, err := tallyStore(context.Background(), cfg.Store, cfg.Policy)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(samplePassengers(t)); tally.Total() != int64(n) {
		t.Errorf("counted %d people, the sample has %d", tally.Total(), n)
	}
	var want exposure.Tally
	for _, p := range samplePassengers(t) {
		want.Add(cfg.Policy.Assess(p.Exposed))
	}
	for _, c := range exposure.Categories() {
		if tally.Category(c) != want.Category(c) {
			t.Errorf("%v: %d, want %d", c, tally.Category(c), want.Category(c))
		}
	}
	// The sample tells most people by email and those without an address
	// by letter: the page says both.
	wantChannels := []notice.Channel{notice.ChannelEmail}
	for _, p := range samplePassengers(t) {
		if p.Email == "" {
			wantChannels = append(wantChannels, notice.ChannelLetter)
			break
		}
	}
	if !slices.Equal(channels, wantChannels) {
		t.Errorf("channels %v, want %v", channels, wantChannels)
	}
}

var _ = html.Parse
