package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
	"golang.org/x/text/language"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// realistic Accept-Language headers, as browsers send them, and the
// language each gets.
var acceptLanguages = []struct{ header, want string }{
	{"en-GB,en;q=0.9", "en"},
	{"ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7", "ja"},
	{"zh-HK,zh;q=0.9,en;q=0.8", "zh-Hant-HK"},
	{"zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "zh-Hant"},
	{"zh-CN,zh;q=0.9", "zh-Hans"},
	{"ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"},
	{"de-CH,de;q=0.9,en;q=0.8", "de"},
	{"fr-CA,fr;q=0.9,en-CA;q=0.8", "fr"},
	{"vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", "vi"},
	{"in-ID,in;q=0.9", "id"},
	{"th-TH,th;q=0.9,en;q=0.8", "th"},
	{"es-ES,es;q=0.9", "en"}, // a language we lack
	{"", "en"},
}

var chooser = []string{"en", "ja", "zh-Hant-HK", "zh-Hant", "zh-Hans", "ko", "de", "fr", "vi", "id", "th"}

func TestFormEveryLanguage(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tc := range acceptLanguages {
		t.Run(tc.header, func(t *testing.T) {
			resp := get(h, "/", tc.header)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Language"); got != tc.want {
				t.Errorf("Content-Language %q, want %q", got, tc.want)
			}
			doc := parsePage(t, readBody(t, resp))
			if got := rootLang(doc); got != tc.want {
				t.Errorf("<html lang=%q>, want %q", got, tc.want)
			}
			w := testWording(t, tc.want)
			checkForm(t, doc, w, tc.want, w.Title)

			// The chooser links to every language but en-XA, by its own name.
			var tags []string
			for a := range withClass(doc, "portal-languages")[0].Descendants() {
				if a.Type == html.ElementNode && a.Data == "a" {
					tag := attr(a, "lang")
					tags = append(tags, tag)
					if got, want := attr(a, "href"), "/?lang="+tag; got != want {
						t.Errorf("chooser link %q, want %q", got, want)
					}
					if got, want := text(a), testWording(t, tag).LanguageName; got != want {
						t.Errorf("chooser names %s %q, want %q", tag, got, want)
					}
					if (attr(a, "aria-current") != "") != (tag == tc.want) {
						t.Errorf("chooser: %s marked current wrongly", tag)
					}
				}
			}
			if diff := cmp.Diff(chooser, tags); diff != "" {
				t.Errorf("chooser mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// checkForm checks the lookup form: the two fields, posted to /lookup, with
// the page's language, labelled in it, under the title given.
func checkForm(t *testing.T, doc *html.Node, w wording, lang, title string) {
	t.Helper()
	forms := elements(doc, "form")
	if len(forms) != 1 {
		t.Fatalf("%d forms, want 1", len(forms))
	}
	f := forms[0]
	if attr(f, "method") != "post" || attr(f, "action") != "/lookup" {
		t.Errorf("form method=%q action=%q, want post to /lookup", attr(f, "method"), attr(f, "action"))
	}
	want := map[string]string{"lang": lang, "membership": "", "family_name": ""}
	if diff := cmp.Diff(want, inputs(f)); diff != "" {
		t.Errorf("form inputs mismatch (-want +got):\n%s", diff)
	}
	var labels []string
	for _, l := range elements(f, "label") {
		labels = append(labels, text(l))
	}
	if diff := cmp.Diff([]string{w.Membership, w.FamilyName}, labels); diff != "" {
		t.Errorf("labels mismatch (-want +got):\n%s", diff)
	}
	if got := text(elements(f, "button")[0]); got != w.Submit {
		t.Errorf("button %q, want %q", got, w.Submit)
	}
	if got := text(elements(doc, "title")[0]); got != title {
		t.Errorf("title %q, want %q", got, title)
	}
}

func TestFormChosenLanguage(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tc := range []struct{ target, header, want string }{
		{"/?lang=ja", "en-GB,en;q=0.9", "ja"},
		{"/?lang=zh-Hant-HK", "ko", "zh-Hant-HK"},
		{"/?lang=zh_hant_hk", "", "zh-Hant-HK"},
		{"/?lang=en-XA", "ja", "en-XA"}, // the pseudo-locale, only by name
		{"/", "en-XA", "en"},
		{"/?lang=zh-HK", "ko", "ko"}, // not exactly ours: negotiated instead
		{"/?lang=%3Cscript%3E", "ja", "ja"},
		{"/?lang=", "zh-TW", "zh-Hant"},
	} {
		t.Run(tc.target+" "+tc.header, func(t *testing.T) {
			resp := get(h, tc.target, tc.header)
			doc := parsePage(t, readBody(t, resp))
			if got := rootLang(doc); got != tc.want {
				t.Errorf("<html lang=%q>, want %q", got, tc.want)
			}
			w := testWording(t, tc.want)
			checkForm(t, doc, w, tc.want, w.Title)
		})
	}
}

func TestLookupEveryLanguage(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	yamada := samplePassenger(t, "P000004")
	for _, tc := range append(acceptLanguages, struct{ header, want string }{"en-XA", "en"}) {
		t.Run(tc.header, func(t *testing.T) {
			resp := lookup(h, testClient, tc.header, pair(yamada.Membership, yamada.FamilyName))
			checkNotice(t, resp, tc.want, yamada.Membership, yamada.FamilyName)
		})
	}
	// A language chosen in the form beats Accept-Language; the re-submit
	// buttons choose this way.
	for _, lang := range append(slices.Clone(chooser), "en-XA") {
		t.Run("lang="+lang, func(t *testing.T) {
			form := pair(yamada.Membership, yamada.FamilyName)
			form.Set("lang", lang)
			resp := lookup(h, testClient, "ko-KR,ko;q=0.9", form)
			checkNotice(t, resp, lang, yamada.Membership, yamada.FamilyName)
		})
	}
}

// checkNotice checks a page that shows a notice in lang: the root lang and
// the notice's are both lang, and there is a button for each other language
// that posts the same lookup again.
func checkNotice(t *testing.T, resp *http.Response, lang, membership, familyName string) *html.Node {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	doc := parsePage(t, readBody(t, resp))
	if got := rootLang(doc); got != lang {
		t.Errorf("<html lang=%q>, want %q", got, lang)
	}
	art := noticeArticle(t, doc)
	if art == nil {
		t.Fatal("no notice on the page")
	}
	// The page says plainly, once and first, that the visitor's
	// information was involved.
	msgs := withClass(doc, "portal-message")
	if want := testWording(t, lang).Involved; len(msgs) != 1 || text(msgs[0]) != want {
		t.Errorf("want the one message %q above the notice", want)
	}
	if main := elements(doc, "main"); len(main) != 1 || len(msgs) == 0 || firstElement(main[0]) != msgs[0] {
		t.Errorf("the message that the information was involved does not come first")
	}
	if got := attr(art, "lang"); got != lang {
		t.Errorf("<article lang=%q>, want %q", got, lang)
	}
	if len(elements(art, "h2")) < 5 || len(elements(art, "li")) == 0 {
		t.Errorf("the notice lost its headings or lists")
	}
	var others []string
	for _, f := range elements(doc, "form") {
		in := inputs(f)
		others = append(others, in["lang"])
		want := map[string]string{"membership": membership, "family_name": familyName, "lang": in["lang"]}
		if diff := cmp.Diff(want, in); diff != "" {
			t.Errorf("re-submit form mismatch (-want +got):\n%s", diff)
		}
		if attr(f, "method") != "post" || attr(f, "action") != "/lookup" {
			t.Errorf("re-submit form method=%q action=%q, want post to /lookup", attr(f, "method"), attr(f, "action"))
		}
		b := elements(f, "button")
		if len(b) != 1 || attr(b[0], "lang") != in["lang"] || text(b[0]) != testWording(t, in["lang"]).LanguageName {
			t.Errorf("re-submit button for %s is not named in its language", in["lang"])
		}
	}
	want := slices.DeleteFunc(slices.Clone(chooser), func(s string) bool { return s == lang })
	if diff := cmp.Diff(want, others); diff != "" {
		t.Errorf("re-submit languages mismatch (-want +got):\n%s", diff)
	}
	return doc
}

// Every sample passenger, looked up from a browser in their own language:
// their notice in the negotiated language, greeting them by name; or, for
// the one with nothing exposed, a plain "not involved".
func TestLookupSamplePassengers(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, p := range samplePassengers(t) {
		t.Run(p.ID, func(t *testing.T) {
			lang := locale.Negotiate(p.Language).String()
			resp := lookup(h, testClient, p.Language, pair(p.Membership, p.FamilyName))
			if p.Exposed.Len() == 0 {
				checkNotInvolved(t, resp, lang)
				return
			}
			doc := checkNotice(t, resp, lang, p.Membership, p.FamilyName)
			if got := text(withClass(doc, "notice-greeting")[0]); !strings.Contains(got, p.Name) {
				t.Errorf("greeting %q does not name %q", got, p.Name)
			}
			var got []string
			for _, li := range elements(withClass(doc, "notice-categories")[0], "li") {
				got = append(got, text(li))
			}
			if len(got) != p.Exposed.Len() {
				t.Errorf("%d categories listed, want %d: %q", len(got), p.Exposed.Len(), got)
			}
		})
	}
}

func checkNotInvolved(t *testing.T, resp *http.Response, lang string) {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	doc := parsePage(t, readBody(t, resp))
	if got := rootLang(doc); got != lang {
		t.Errorf("<html lang=%q>, want %q", got, lang)
	}
	if noticeArticle(t, doc) != nil {
		t.Error("a notice for a passenger with nothing exposed")
	}
	msgs := withClass(doc, "portal-message")
	if want := testWording(t, lang).NotInvolved; len(msgs) != 1 || text(msgs[0]) != want {
		t.Errorf("want the message %q", want)
	}
	if n := len(elements(doc, "form")); n != len(chooser)-1 {
		t.Errorf("%d re-submit forms, want %d", n, len(chooser)-1)
	}
}

func TestLookupNotInvolvedEveryLanguage(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	lam := samplePassenger(t, "P000019")
	for _, tc := range acceptLanguages {
		t.Run(tc.header, func(t *testing.T) {
			checkNotInvolved(t, lookup(h, testClient, tc.header, pair(lam.Membership, lam.FamilyName)), tc.want)
		})
	}
}

// A number and name typed the ways people type them still find the notice.
func TestLookupNormalises(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tc := range []struct {
		name, membership, familyName, id string
	}{
		{"spaces around", "  1234567893\t", " Yamada ", "P000004"},
		{"full-width digits", "１２３４５６７８９３", "YAMADA", "P000004"},
		{"grouped", "1234 567 893", "yamada", "P000004"},
		{"hyphens", "1234-567-893", "Yamada", "P000004"},
		{"upper case", "1234567907", "MÜLLER", "P000018"},
		{"lower case", "1234567907", "müller", "P000018"},
		{"decomposed umlaut", "1234567907", "Mu\u0308ller", "P000018"},
		{"typographic apostrophe", "1234567900", "O’Brien", "P000011"},
		{"full-width Latin", "1234567898", "ＰＡＲＫ", "P000009"},
		{"Korean passenger", "1234567897", "KIM", "P000008"},
		{"Simplified Chinese passenger", "1234567896", "chen", "P000007"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := lookup(h, testClient, "en", pair(tc.membership, tc.familyName))
			doc := parsePage(t, readBody(t, resp))
			if noticeArticle(t, doc) == nil {
				t.Fatalf("%q, %q: no notice", tc.membership, tc.familyName)
			}
			want := samplePassenger(t, tc.id).Name
			if got := text(withClass(doc, "notice-greeting")[0]); !strings.Contains(got, want) {
				t.Errorf("greeting %q, want %q's", got, want)
			}
		})
	}
}

// wrongAndUnknown are lookups that find no one: wrong names for real
// numbers, real names for unknown numbers, and input of every other shape.
var wrongAndUnknown = []url.Values{
	pair("1234567893", "山田"),      // real number, name in another script
	pair("1234567893", "Yama"),    // real number, part of the name
	pair("1234567893", "Tanaka"),  // real number, another passenger's name
	pair("1234567893", ""),        // real number, no name
	pair("1234567908", "Lamb"),    // the passenger with nothing exposed, wrong name
	pair("9999999999", "Yamada"),  // unknown number, a real name
	pair("123456789", "Chan"),     // one digit short
	pair("12345678930", "Yamada"), // one digit long
	pair("", "Yamada"),            // no number
	pair("", ""),                  // nothing
	pair("abc", "Chan"),           // not a number
	pair("1234567890 OR 1=1", "x' OR '1'='1"),
	pair("<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`),
	pair(`"><img src=x onerror=alert(1)>`, "<script>alert(1)</script>"),
	pair(strings.Repeat("1", 1000), strings.Repeat("山", 300)),
	pair("1234567893\x00", "Yamada"),
	pair("\xff\xfe", "\xc0\x80"),                                                // not UTF-8
	{"membership": {"1234567893", "1234567893"}, "family_name": {"Chan", "山田"}}, // duplicates: the first counts
	{"membership": {"1234567893"}},                                              // a field missing
	{},
}

func TestWrongAndUnknownAreIdentical(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tc := range acceptLanguages {
		t.Run(tc.header, func(t *testing.T) {
			var first []byte
			var firstHeader http.Header
			for i, form := range wrongAndUnknown {
				resp := lookup(h, testClient, tc.header, form)
				body := readBody(t, resp)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%q: status %d, want 200", form.Encode(), resp.StatusCode)
				}
				resp.Header.Del("Date")
				if i == 0 {
					first, firstHeader = body, resp.Header
					doc := parsePage(t, body)
					if got := rootLang(doc); got != tc.want {
						t.Errorf("<html lang=%q>, want %q", got, tc.want)
					}
					w := testWording(t, tc.want)
					if msgs := withClass(doc, "portal-message"); len(msgs) != 1 || text(msgs[0]) != w.NotFound {
						t.Errorf("want the message %q", w.NotFound)
					}
					// The form to try again, empty, under a title that says
					// first that we found nothing.
					checkForm(t, doc, w, tc.want, w.titleOf(w.NotFoundTitle))
					continue
				}
				if !bytes.Equal(body, first) {
					t.Errorf("%q: answer differs from %q's:\n%s\n----\n%s", form.Encode(), wrongAndUnknown[0].Encode(), body, first)
				}
				if diff := cmp.Diff(firstHeader, resp.Header); diff != "" {
					t.Errorf("%q: headers differ (-first +got):\n%s", form.Encode(), diff)
				}
			}
		})
	}
}

const (
	scriptTag = "<script>alert(1)</script>"
	imgTag    = `"><img src=x onerror=alert(1)>`
)

// Hostile input in any field never appears unescaped. The not-found page
// does not echo input at all; to see the escaping of what is echoed, a
// passenger whose family and full names are themselves hostile looks
// themselves up, and the re-submit buttons carry the values back intact.
func TestHostileInputIsEscaped(t *testing.T) {
	cfg := testConfig(t)
	hostile := samplePassenger(t, "P000011")
	hostile.ID, hostile.Membership = "P999999", "1234599999"
	hostile.FamilyName = imgTag + scriptTag + `&amp;'`
	hostile.Name = scriptTag + " " + imgTag
	person := store.NewPerson(&hostile, 99, cfg.Policy, cfg.Store.LookupKey(), locale.English)
	if results, err := cfg.Store.Put(context.Background(), []store.Person{person}); err != nil || results[0] != nil {
		t.Fatal(err, results)
	}
	h := newTestHandler(t, cfg)

	for _, field := range []string{"membership", "family_name", "lang"} {
		for _, v := range []string{scriptTag, imgTag, `javascript:alert(1)`, "</title><script>x</script>"} {
			form := pair("1234567893", "Yamada")
			form.Set(field, v)
			body := readBody(t, lookup(h, testClient, "ja", form))
			parsePage(t, body)
			for _, raw := range []string{scriptTag, imgTag, "<script", "<img", "javascript:"} {
				if bytes.Contains(body, []byte(raw)) {
					t.Errorf("%s=%q: page holds %q", field, v, raw)
				}
			}
		}
	}

	for _, lang := range chooser {
		form := pair(" "+hostile.Membership, hostile.FamilyName)
		form.Set("lang", lang)
		resp := lookup(h, testClient, "", form)
		doc := checkNotice(t, resp, lang, " "+hostile.Membership, hostile.FamilyName)
		if got := text(withClass(doc, "notice-greeting")[0]); !strings.Contains(got, hostile.Name) {
			t.Errorf("%s: greeting %q does not hold the name as text", lang, got)
		}
	}
	body := readBody(t, lookup(h, testClient, "", pair(hostile.Membership, hostile.FamilyName)))
	for _, raw := range []string{"<script", "<img"} {
		if bytes.Contains(body, []byte(raw)) {
			t.Errorf("page holds %q", raw)
		}
	}
}

// pageRequests is one request of each kind the portal answers.
func pageRequests(t *testing.T, h http.Handler) map[string]*http.Response {
	yamada, lam := samplePassenger(t, "P000004"), samplePassenger(t, "P000019")
	post := func(ct, body string) *http.Response {
		r := newRequest(http.MethodPost, "/lookup", body)
		r.Header.Set("Content-Type", ct)
		return serve(h, r)
	}
	return map[string]*http.Response{
		"form":         get(h, "/", "ja"),
		"head form":    serve(h, newRequest(http.MethodHead, "/", "")),
		"notice":       lookup(h, testClient, "ja", pair(yamada.Membership, yamada.FamilyName)),
		"not involved": lookup(h, testClient, "ja", pair(lam.Membership, lam.FamilyName)),
		"not found":    lookup(h, testClient, "ja", pair("1", "x")),
		"404":          get(h, "/admin", ""),
		"405":          serve(h, newRequest(http.MethodDelete, "/", "")),
		"400":          post("text/plain", "membership=1"),
		"413":          post("application/x-www-form-urlencoded", "membership="+strings.Repeat("1", 5000)),
		"style":        get(h, "/style.css", ""),
	}
}

func TestSecurityHeaders(t *testing.T) {
	cfg := testConfig(t)
	h := newTestHandler(t, cfg)
	resps := pageRequests(t, h)
	cfg.Burst = 1
	limited := newTestHandler(t, cfg)
	lookup(limited, testClient, "", pair("1", "x"))
	resps["429"] = lookup(limited, testClient, "", pair("1", "x"))
	if got := resps["429"].StatusCode; got != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", got)
	}

	for name, resp := range resps {
		t.Run(name, func(t *testing.T) {
			want := map[string]string{
				"Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Referrer-Policy":         "no-referrer",
				"Cache-Control":           "no-store",
			}
			if name == "style" {
				want["Cache-Control"] = "public, max-age=86400"
			}
			got := make(map[string]string)
			for k := range want {
				got[k] = resp.Header.Get(k)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("headers mismatch (-want +got):\n%s", diff)
			}
			if name == "style" || name == "head form" {
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			doc := parsePage(t, readBody(t, resp)) // no scripts, no inline styles
			links := elements(doc, "link")
			if len(links) != 1 || attr(links[0], "rel") != "stylesheet" || attr(links[0], "href") != "/style.css" {
				t.Errorf("want one stylesheet, /style.css")
			}
			if vp := elements(doc, "meta"); len(vp) < 2 || attr(vp[1], "content") != "width=device-width, initial-scale=1" {
				t.Errorf("want a viewport meta element for phones")
			}
		})
	}
}

func TestRoutes(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	for _, tc := range []struct {
		method, target string
		status         int
		allow          string
	}{
		{"GET", "/", 200, ""},
		{"HEAD", "/", 200, ""},
		{"GET", "/style.css", 200, ""},
		{"HEAD", "/style.css", 200, ""},
		{"POST", "/", 405, "GET, HEAD"},
		{"PUT", "/", 405, "GET, HEAD"},
		{"DELETE", "/", 405, "GET, HEAD"},
		{"OPTIONS", "/", 405, "GET, HEAD"},
		{"GET", "/lookup", 405, "POST"},
		{"HEAD", "/lookup", 405, "POST"},
		{"PUT", "/lookup", 405, "POST"},
		{"POST", "/style.css", 405, "GET, HEAD"},
		{"GET", "/index.html", 404, ""},
		{"GET", "/lookup/", 404, ""},
		{"GET", "/1234567893", 404, ""},
		{"POST", "/admin", 404, ""},
		{"GET", "/style.css/", 404, ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			r := newRequest(tc.method, tc.target, "")
			r.Header.Set("Accept-Language", "zh-CN")
			resp := serve(h, r)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
			if tc.status >= 400 && tc.method != "HEAD" {
				doc := parsePage(t, readBody(t, resp))
				w := testWording(t, "zh-Hans")
				want := w.PageNotFound
				if tc.status == 405 {
					want = w.MethodNotAllowed
				}
				if msgs := withClass(doc, "portal-message"); len(msgs) != 1 || text(msgs[0]) != want {
					t.Errorf("want the message %q", want)
				}
				if rootLang(doc) != "zh-Hans" {
					t.Errorf("error page not in the negotiated language")
				}
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	big := url.Values{"membership": {"1234567893"}, "family_name": {"Yamada"}, "pad": {strings.Repeat("x", defaultMaxBody)}}
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
	}{
		{"oversized body", "application/x-www-form-urlencoded", big.Encode(), http.StatusRequestEntityTooLarge},
		{"huge body", "application/x-www-form-urlencoded", strings.Repeat("a", 1<<20), http.StatusRequestEntityTooLarge},
		{"not a form", "application/json", `{"membership":"1234567893"}`, http.StatusBadRequest},
		{"multipart", "multipart/form-data; boundary=x", "--x--", http.StatusBadRequest},
		{"no content type", "", "membership=1234567893&family_name=x", http.StatusBadRequest},
		{"bad escape", "application/x-www-form-urlencoded", "membership=%zz&family_name=x", http.StatusBadRequest},
		{"semicolon", "application/x-www-form-urlencoded", "membership=1;family_name=x", http.StatusBadRequest},
		{"at the limit", "application/x-www-form-urlencoded", "family_name=x&membership=" + strings.Repeat("1", defaultMaxBody-len("family_name=x&membership=")), http.StatusOK},
		{"charset", "application/x-www-form-urlencoded; charset=UTF-8", "membership=1&family_name=x", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRequest(http.MethodPost, "/lookup", tc.body)
			if tc.contentType != "" {
				r.Header.Set("Content-Type", tc.contentType)
			}
			r.Header.Set("Accept-Language", "ko")
			resp := serve(h, r)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			doc := parsePage(t, readBody(t, resp))
			if rootLang(doc) != "ko" {
				t.Errorf("<html lang=%q>, want ko", rootLang(doc))
			}
			if tc.status != http.StatusOK {
				w := testWording(t, "ko")
				want := w.BadRequest
				if tc.status == http.StatusRequestEntityTooLarge {
					want = w.TooLarge
				}
				if msgs := withClass(doc, "portal-message"); len(msgs) != 1 || text(msgs[0]) != want {
					t.Errorf("want the calm message %q", want)
				}
			}
		})
	}
}

// The header limit is enforced by net/http's server, so it is tested on a
// real one, configured as main configures it.
func TestHeaderLimit(t *testing.T) {
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = newHTTPServer(newTestHandler(t, testConfig(t)), nil)
	ts.Start()
	defer ts.Close()

	for _, tc := range []struct {
		name   string
		size   int
		status int
	}{
		{"ordinary", 1 << 10, http.StatusOK},
		{"oversized", 64 << 10, http.StatusRequestHeaderFieldsTooLarge},
		{"enormous", 2 << 20, http.StatusRequestHeaderFieldsTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, ts.URL+"/", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("X-Padding", strings.Repeat("a", tc.size))
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
		})
	}
}

func TestHTTPServerLimits(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), nil)
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout,
		"ReadTimeout":       srv.ReadTimeout,
		"WriteTimeout":      srv.WriteTimeout,
		"IdleTimeout":       srv.IdleTimeout,
	} {
		if d <= 0 || d > time.Minute+time.Second {
			t.Errorf("%s = %v, want a bound of at most a minute", name, d)
		}
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 16<<10 {
		t.Errorf("MaxHeaderBytes = %d, want at most 16 KiB", srv.MaxHeaderBytes)
	}
}

func TestCrossOriginLookupRefused(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	yamada := samplePassenger(t, "P000004")
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
	}{
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusOK},
		{"typed by hand", map[string]string{"Sec-Fetch-Site": "none"}, http.StatusOK},
		{"no browser", nil, http.StatusOK},
		{"cross site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"other origin", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRequest(http.MethodPost, "/lookup", pair(yamada.Membership, yamada.FamilyName).Encode())
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Accept-Language", "ja")
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			resp := serve(h, r)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("no security headers")
			}
			doc := parsePage(t, readBody(t, resp))
			if tc.status == http.StatusForbidden && noticeArticle(t, doc) != nil {
				t.Error("a cross-origin lookup showed a notice")
			}
		})
	}
}

func TestStylesheet(t *testing.T) {
	h := newTestHandler(t, testConfig(t))
	resp := get(h, "/style.css", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	css := string(readBody(t, resp))
	if !strings.Contains(css, notice.Stylesheet) || !strings.Contains(css, ".portal-form") {
		t.Error("the stylesheet lacks the notice's rules or the portal's")
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	r := newRequest(http.MethodGet, "/style.css", "")
	r.Header.Set("If-None-Match", etag)
	if resp := serve(h, r); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", resp.StatusCode)
	}
}

// TestNewServerRefuses: a portal that could not answer correctly does not
// start. (Repeated membership numbers and blank names are refused by the
// import, before any portal: see the store's and the sample's tests.)
func TestNewServerRefuses(t *testing.T) {
	noEmail := testConfig(t)
	noEmail.Incident.Contact.Email = ""
	badRate := testConfig(t)
	badRate.Rate = -1
	noStore := testConfig(t)
	noStore.Store = nil
	noPolicy := testConfig(t)
	noPolicy.Policy = nil
	for name, cfg := range map[string]config{
		"no contact email": noEmail,
		"negative rate":    badRate,
		"no store":         noStore,
		"no policy":        noPolicy,
	} {
		if _, err := newServer(cfg); err == nil {
			t.Errorf("%s: newServer succeeded", name)
		}
	}
}

func TestLogsHoldNoPersonalData(t *testing.T) {
	var logs syncBuffer
	cfg := testConfig(t)
	cfg.Log = slog.New(slog.NewTextHandler(&logs, nil))
	h := newTestHandler(t, cfg)
	yamada, lam := samplePassenger(t, "P000004"), samplePassenger(t, "P000019")

	lookup(h, testClient, "ja", pair(yamada.Membership, yamada.FamilyName))
	lookup(h, testClient, "", pair(lam.Membership, lam.FamilyName))
	lookup(h, testClient, "", pair("7777777777", "Zebedee"))
	get(h, "/"+yamada.Membership+"/"+url.PathEscape(yamada.FamilyName), "")
	get(h, "/?membership="+yamada.Membership+"&family_name=Zebedee", "")
	serve(h, newRequest("SECRET7777", "/", ""))

	out := logs.String()
	if n := strings.Count(out, "msg=request"); n != 6 {
		t.Errorf("%d request lines, want 6:\n%s", n, out)
	}
	for _, secret := range []string{
		yamada.Membership, yamada.FamilyName, yamada.Name, yamada.Email, url.PathEscape(yamada.FamilyName),
		lam.Membership, lam.FamilyName, lam.Name,
		"7777777777", "Zebedee", "SECRET", "192.0.2.10",
	} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"method=POST route=/lookup status=200", "route=other status=404", "method=other route=/ status=405"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
}

// The answer's language set for every supported tag exists, and no two
// languages share a page.
func TestSitesPerLanguage(t *testing.T) {
	s, err := buildServer(testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Collect(maps.Keys(s.sites))
	if len(got) != len(locale.Supported()) {
		t.Errorf("%d sites, want one per supported language", len(got))
	}
	seen := make(map[string]string)
	for tag, st := range s.sites {
		if other, dup := seen[string(st.notFound)]; dup {
			t.Errorf("%s and %s share a not-found page", tag, other)
		}
		seen[string(st.notFound)] = tag.String()
	}
}

// Personal data is read from the body only: a lookup put in the URL finds
// no one, so no link can carry it (into a history, a log or a Referer).
func TestLookupIgnoresTheURL(t *testing.T) {
	s, err := buildServer(testConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	h := newTestHandler(t, testConfig(t))
	yamada := samplePassenger(t, "P000004")
	r := newRequest(http.MethodPost, "/lookup?"+pair(yamada.Membership, yamada.FamilyName).Encode(), "")
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := serve(h, r)
	if body := readBody(t, resp); !bytes.Equal(body, s.sites[locale.English].notFound) {
		t.Errorf("a lookup in the URL got another answer than not found:\n%s", body)
	}
}

// firstElement returns n's first child element, or nil.
func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// pageKind is one kind of page the portal serves, and how to get it in a
// language: every kind a reader can meet, so that the accessibility tests
// (here and in the browser) cover each of them.
type pageKind struct {
	name   string
	status int
	// fetch gets the page for a reader of lang, who chose it (?lang= or
	// the form's lang) and whose browser asks for it (Accept-Language).
	fetch func(lang string) *http.Response
	// negotiated: the page's language comes from Accept-Language alone, so
	// en-XA, which is never negotiated, reads English.
	negotiated bool
}

// failingStore is a store whose every lookup fails, for the 500 page.
type failingStore struct{ store.Store }

func (failingStore) Find(context.Context, string, []byte) (store.Person, bool, error) {
	return store.Person{}, false, errors.New("the disk is on fire")
}

func pageKinds(t testing.TB) []pageKind {
	t.Helper()
	h := newTestHandler(t, testCodeConfig(t))
	// One lookup, then every further lookup of the client is refused.
	limitedCfg := testCodeConfig(t)
	limitedCfg.Burst, limitedCfg.Rate = 1, 1e-6
	limited := newTestHandler(t, limitedCfg)
	failingCfg := testConfig(t)
	failingCfg.Store = failingStore{failingCfg.Store}
	failing := newTestHandler(t, failingCfg)

	yamada, lam := samplePassenger(t, "P000004"), samplePassenger(t, "P000019")
	code := passengerCode(t, yamada, notice.ChannelEmail).String()
	do := func(h http.Handler, method, target, lang, contentType, body string) *http.Response {
		r := newRequest(method, target, body)
		r.Header.Set("Accept-Language", lang)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		return serve(h, r)
	}
	const formType = "application/x-www-form-urlencoded"
	post := func(h http.Handler, target, lang string, v url.Values) *http.Response {
		v.Set("lang", lang)
		return do(h, http.MethodPost, target, lang, formType, v.Encode())
	}
	return []pageKind{
		{name: "form", status: 200, fetch: func(l string) *http.Response { return do(h, "GET", "/?lang="+l, l, "", "") }},
		{name: "not-found", status: 200, fetch: func(l string) *http.Response {
			return post(h, "/lookup", l, pair(yamada.Membership, "Wrongname"))
		}},
		{name: "not-involved", status: 200, fetch: func(l string) *http.Response {
			return post(h, "/lookup", l, pair(lam.Membership, lam.FamilyName))
		}},
		{name: "notice", status: 200, fetch: func(l string) *http.Response {
			return post(h, "/lookup", l, pair(yamada.Membership, yamada.FamilyName))
		}},
		{name: "verify", status: 200, fetch: func(l string) *http.Response { return do(h, "GET", "/verify?lang="+l, l, "", "") }},
		{name: "verify-sent", status: 200, fetch: func(l string) *http.Response {
			return post(h, "/verify", l, url.Values{"code": {code}})
		}},
		{name: "verify-not-sent", status: 200, fetch: func(l string) *http.Response {
			return post(h, "/verify", l, url.Values{"code": {alter(code, 3)}})
		}},
		{name: "400", status: 400, negotiated: true, fetch: func(l string) *http.Response {
			return do(h, "POST", "/lookup", l, "application/json", `{}`)
		}},
		{name: "404", status: 404, negotiated: true, fetch: func(l string) *http.Response { return do(h, "GET", "/nope", l, "", "") }},
		{name: "405", status: 405, negotiated: true, fetch: func(l string) *http.Response { return do(h, "POST", "/", l, formType, "") }},
		{name: "413", status: 413, negotiated: true, fetch: func(l string) *http.Response {
			return do(h, "POST", "/lookup", l, formType, "pad="+strings.Repeat("x", defaultMaxBody))
		}},
		{name: "429", status: 429, fetch: func(l string) *http.Response {
			post(limited, "/lookup", l, pair(yamada.Membership, "Wrongname"))
			return post(limited, "/lookup", l, pair(yamada.Membership, "Wrongname"))
		}},
		{name: "500", status: 500, fetch: func(l string) *http.Response {
			return post(failing, "/lookup", l, pair(yamada.Membership, yamada.FamilyName))
		}},
	}
}

// TestEveryPageAccessible holds every kind of page, in every language, to
// what the accessibility review asked (shared/reviews/accessibility.md):
// one h1, inside <main>; a title that no other kind of page has; a skip
// link to <main> before the language switcher; every aria-describedby
// resolving; the family name's autocomplete purpose; and an answer that
// says no match announced and tied to the fields it is about.
func TestEveryPageAccessible(t *testing.T) {
	kinds := pageKinds(t)
	for _, tag := range locale.Supported() {
		lang := tag.String()
		t.Run(lang, func(t *testing.T) {
			titles := make(map[string]string) // title -> kind
			for _, k := range kinds {
				resp := k.fetch(lang)
				if resp.StatusCode != k.status {
					t.Fatalf("%s: status %d, want %d", k.name, resp.StatusCode, k.status)
				}
				doc := parsePage(t, readBody(t, resp))
				want := lang
				if k.negotiated && tag == locale.Pseudo {
					want = "en"
				}
				if got := rootLang(doc); got != want {
					t.Errorf("%s: <html lang=%q>, want %q", k.name, got, want)
				}
				checkAccessible(t, k.name, doc)
				title := text(elements(doc, "title")[0])
				if other, dup := titles[title]; dup {
					t.Errorf("%s and %s have the same title %q", k.name, other, title)
				}
				titles[title] = k.name
			}
		})
	}
}

func checkAccessible(t *testing.T, kind string, doc *html.Node) {
	t.Helper()
	mains := elements(doc, "main")
	if len(mains) != 1 || attr(mains[0], "id") != "main" {
		t.Fatalf("%s: want one <main id=main>", kind)
	}
	main := mains[0]
	if h1s, inMain := elements(doc, "h1"), elements(main, "h1"); len(h1s) != 1 || len(inMain) != 1 || strings.TrimSpace(text(h1s[0])) == "" {
		t.Errorf("%s: %d h1 elements, %d of them in <main>; want one, in <main>, not empty", kind, len(h1s), len(inMain))
	}
	if title := elements(doc, "title"); len(title) != 1 || strings.TrimSpace(text(title[0])) == "" {
		t.Errorf("%s: want one title, not empty", kind)
	}
	if art := noticeArticle(t, doc); art != nil && !contains(main, art) {
		t.Errorf("%s: the notice is outside <main>", kind)
	}

	// The skip link is the first thing in the body: before the language
	// switcher, whose links a keyboard reader would otherwise tab through.
	var body *html.Node
	for _, b := range elements(doc, "body") {
		body = b
	}
	first := body.FirstChild
	for first != nil && first.Type != html.ElementNode {
		first = first.NextSibling
	}
	if first == nil || first.Data != "a" || !hasClass(first, "portal-skip") || attr(first, "href") != "#main" || strings.TrimSpace(text(first)) == "" {
		t.Errorf("%s: the body does not start with a skip link to #main", kind)
	}

	ids := make(map[string]*html.Node)
	for n := range doc.Descendants() {
		if id := attr(n, "id"); n.Type == html.ElementNode && id != "" {
			if ids[id] != nil {
				t.Errorf("%s: id %q twice", kind, id)
			}
			ids[id] = n
		}
	}
	for n := range doc.Descendants() {
		for _, key := range []string{"aria-describedby", "aria-labelledby"} {
			for _, id := range strings.Fields(attr(n, key)) {
				if ids[id] == nil {
					t.Errorf("%s: <%s %s> names %q, which is not in the page", kind, n.Data, key, id)
				}
			}
		}
	}

	// The fields' purposes (WCAG 2.1 SC 1.3.5): the family name says what
	// it is; the membership number and the code have no listed purpose.
	wantAutocomplete := map[string]string{"membership": "off", "family_name": "family-name", "code": "off"}
	var invalid []string
	for _, in := range elements(doc, "input") {
		if attr(in, "type") != "text" {
			continue
		}
		id := attr(in, "id")
		if got := attr(in, "autocomplete"); got != wantAutocomplete[id] {
			t.Errorf("%s: #%s autocomplete=%q, want %q", kind, id, got, wantAutocomplete[id])
		}
		if attr(in, "aria-invalid") == "true" {
			invalid = append(invalid, id)
		}
	}

	// A lookup or code that matched nothing: announced, the first field
	// focused, every field marked and described by the answer.
	var answerID string
	switch kind {
	case "not-found":
		answerID = "lookup-answer"
		if diff := cmp.Diff([]string{"membership", "family_name"}, invalid); diff != "" {
			t.Errorf("%s: fields marked invalid (-want +got):\n%s", kind, diff)
		}
	case "verify-not-sent":
		answerID = "verify-answer"
		if diff := cmp.Diff([]string{"code"}, invalid); diff != "" {
			t.Errorf("%s: fields marked invalid (-want +got):\n%s", kind, diff)
		}
	default:
		if len(invalid) != 0 {
			t.Errorf("%s: fields %q marked invalid", kind, invalid)
		}
	}
	if answerID != "" {
		answer := ids[answerID]
		if answer == nil || attr(answer, "role") != "alert" || !hasClass(answer, "portal-message") {
			t.Fatalf("%s: no answer with role=alert and id %s", kind, answerID)
		}
		var focused []string
		for _, id := range invalid {
			in := ids[id]
			if !slices.Contains(strings.Fields(attr(in, "aria-describedby")), answerID) {
				t.Errorf("%s: #%s is not described by the answer", kind, id)
			}
			if _, ok := attrOK(in, "autofocus"); ok {
				focused = append(focused, id)
			}
		}
		if diff := cmp.Diff(invalid[:1], focused); diff != "" {
			t.Errorf("%s: autofocus (-want +got):\n%s", kind, diff)
		}
	}
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func contains(ancestor, n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == ancestor {
			return true
		}
	}
	return false
}

// Text that fell back to another language carries that language's tag
// (WCAG 2.1 SC 3.1.2): a Japanese catalog without two messages, and an
// organisation named only in English, give a Japanese page whose heading,
// answer and organisation say lang="en", and nothing else does.
func TestFallbackTextCarriesLang(t *testing.T) {
	files := fstest.MapFS{}
	entries, err := fs.ReadDir(catalogFiles, "catalog")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(catalogFiles, "catalog/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "ja.json" {
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "page.heading")
			delete(m, "lookup.not_found")
			if b, err = json.Marshal(m); err != nil {
				t.Fatal(err)
			}
		}
		files[e.Name()] = &fstest.MapFile{Data: b}
	}
	c, err := locale.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	inc := sample.MustIncident("seed")
	inc.Organisation = notice.Localized{locale.English: inc.Organisation[locale.English]}
	w, err := newWording(c, locale.Japanese, &inc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := newSite(locale.Japanese, w, map[language.Tag]string{}, false)
	if err != nil {
		t.Fatal(err)
	}
	doc := parsePage(t, st.notFound)
	got := make(map[string]string) // element (tag.class) -> lang
	for n := range doc.Descendants() {
		// The chooser's links name each language in itself, with its lang.
		if attr(n, "hreflang") != "" {
			continue
		}
		if l, ok := attrOK(n, "lang"); ok && n.Type == html.ElementNode && n.Data != "html" {
			got[n.Data+"."+attr(n, "class")] = l
		}
	}
	want := map[string]string{"h1.": "en", "p.portal-message": "en", "p.portal-org": "en"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("elements with their own lang (-want +got):\n%s", diff)
	}
	if rootLang(doc) != "ja" {
		t.Errorf("<html lang=%q>, want ja", rootLang(doc))
	}

	// The shipped catalog falls back nowhere: no page marks any text.
	shipped := testWording(t, "ja")
	if len(shipped.from) != 0 || shipped.orgFrom != "" {
		t.Errorf("the shipped Japanese wording fell back: %v, organisation %q", shipped.from, shipped.orgFrom)
	}
}

// The pages rendered per request (the others are rendered once, at start):
// the template asks each text's lang (wording.Lang), which must cost
// nothing when nothing fell back.
func BenchmarkRenderPage(b *testing.B) {
	w := testWording(b, "ja")
	links := []languageLink{{Tag: "en", Name: "English"}, {Tag: "ja", Name: "日本語", Current: true}}
	for _, p := range []*page{
		{Lang: "ja", Title: w.titleOf(w.NotInvolvedTitle), W: &w, Kind: "not_involved",
			Resubmit: &resubmit{Membership: "1234567893", FamilyName: "Yamada", Languages: links}},
		{Lang: "ja", Title: w.titleOf(w.SentTitle), W: &w, Kind: "verify", Languages: links,
			Message: w.SentEmail, MessageID: "verify.sent_email", Sent: true},
	} {
		b.Run(p.Kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := render(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
