package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
)

// fakeClock is the limiter's clock in tests: it moves only when told to.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2018, time.October, 25, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer is a log destination that the race detector accepts.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func samplePassengers(t testing.TB) []sample.Passenger {
	t.Helper()
	ps, err := readPassengers(sample.PassengerFile())
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// samplePassenger returns the sample passenger with the given ID.
func samplePassenger(t testing.TB, id string) sample.Passenger {
	t.Helper()
	for _, p := range samplePassengers(t) {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no sample passenger %s", id)
	return sample.Passenger{}
}

// testConfig is the sample incident and passengers, in a store of their
// own, with a limit generous enough that tests other than the limiter's
// never meet it.
func testConfig(t testing.TB) config {
	t.Helper()
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		t.Fatal(err)
	}
	b := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	s, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "people.db"), b, store.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := importSample(context.Background(), s, policy); err != nil {
		t.Fatal(err)
	}
	return config{Incident: inc, Store: s, Policy: policy, Burst: 1 << 20}
}

func newTestHandler(t testing.TB, cfg config) http.Handler {
	t.Helper()
	h, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// testWording returns the portal's wording in tag, as the server uses it.
func testWording(t testing.TB, tag string) wording {
	t.Helper()
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	lt, err := locale.Exact(tag)
	if err != nil {
		t.Fatal(err)
	}
	inc := sample.MustIncident("seed")
	w, err := newWording(c, lt, &inc)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

const testClient = "192.0.2.10:4321"

func get(h http.Handler, target, acceptLanguage string) *http.Response {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.RemoteAddr = testClient
	if acceptLanguage != "" {
		r.Header.Set("Accept-Language", acceptLanguage)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

// lookup posts form to /lookup from the client at remoteAddr.
func lookup(h http.Handler, remoteAddr, acceptLanguage string, form url.Values) *http.Response {
	r := httptest.NewRequest(http.MethodPost, "/lookup", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = remoteAddr
	if acceptLanguage != "" {
		r.Header.Set("Accept-Language", acceptLanguage)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func pair(membership, familyName string) url.Values {
	return url.Values{"membership": {membership}, "family_name": {familyName}}
}

func readBody(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// parsePage parses a page and checks what every page of the portal must be:
// well-formed enough to parse, with no script, no inline style, no image,
// no frame, and no element with an event handler attribute.
func parsePage(t testing.TB, body []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "script", "style", "img", "iframe", "object", "embed", "svg", "math", "base":
			t.Errorf("page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has a %s attribute", n.Data, a.Key)
			}
		}
	}
	return doc
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

// elements returns the elements called tag, in document order.
func elements(doc *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
	}
	return out
}

func withClass(doc *html.Node, class string) []*html.Node {
	var out []*html.Node
	for n := range doc.Descendants() {
		if hasClass(n, class) {
			out = append(out, n)
		}
	}
	return out
}

func rootLang(doc *html.Node) string {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "html" {
			return attr(n, "lang")
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// inputs maps the names of a form's inputs to their values.
func inputs(form *html.Node) map[string]string {
	m := make(map[string]string)
	for _, in := range elements(form, "input") {
		m[attr(in, "name")] = attr(in, "value")
	}
	return m
}

// noticeArticle returns the page's notice, or nil.
func noticeArticle(t testing.TB, doc *html.Node) *html.Node {
	t.Helper()
	arts := withClass(doc, "breach-notice")
	switch len(arts) {
	case 0:
		return nil
	case 1:
		if arts[0].Data != "article" {
			t.Errorf("the notice is a <%s>, want <article>", arts[0].Data)
		}
		return arts[0]
	}
	t.Fatalf("page has %d notices", len(arts))
	return nil
}

func newRequest(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.RemoteAddr = testClient
	return r
}

func serve(h http.Handler, r *http.Request) *http.Response {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}
