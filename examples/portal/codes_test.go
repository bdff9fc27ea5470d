package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var testCodeKey = []byte("portal test verification code key")

// testCodeConfig is testConfig with verification codes: every affected
// sample passenger's notice counts as sent on the incident's first day of
// notices.
func testCodeConfig(t testing.TB) config {
	t.Helper()
	cfg := testConfig(t)
	codes, err := codeBookFromPeople(context.Background(), cfg.Store, cfg.Incident.ID, cfg.Incident.NoticesFrom, testCodeKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg.CodeKey, cfg.Codes = testCodeKey, codes
	return cfg
}

func passengerCode(t testing.TB, p sample.Passenger, ch notice.Channel) notice.VerificationCode {
	t.Helper()
	c, err := notice.DeriveCode(testCodeKey, sample.MustIncident("seed").ID, p.ID, ch)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func checkCode(h http.Handler, lang, code string) *http.Response {
	r := newRequest(http.MethodPost, "/verify", url.Values{"lang": {lang}, "code": {code}}.Encode())
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(h, r)
}

// alter changes the character at i of a code as written to the next one
// of the alphabet.
func alter(code string, i int) string {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	j := strings.IndexByte(alphabet, code[i])
	return code[:i] + string(alphabet[(j+1)%len(alphabet)]) + code[i+1:]
}

// TestVerify checks a sample passenger's code in every language: the
// portal confirms it with the day and channel and nothing about the
// person; a malformed code, the code with any one character changed, the
// letter's code of a person told by email, and the code of someone never
// sent a notice all get the same bytes.
func TestVerify(t *testing.T) {
	h := newTestHandler(t, testCodeConfig(t))
	inc := sample.MustIncident("seed")
	yamada := samplePassenger(t, "P000004")
	code := passengerCode(t, yamada, notice.ChannelEmail).String()
	nobody, _ := notice.DeriveCode(testCodeKey, inc.ID, "P999999", notice.ChannelEmail)
	for _, tag := range locale.Supported() {
		lang := tag.String()
		w := testWording(t, lang)

		resp := checkCode(h, lang, strings.ToLower(strings.ReplaceAll(code, "-", " ")))
		body := readBody(t, resp)
		want := strings.Replace(w.SentEmail, dateMark, locale.FormatDate(tag, inc.NoticesFrom), 1)
		doc := parsePage(t, body)
		if got := withClass(doc, "portal-good"); len(got) != 1 || text(got[0]) != want {
			t.Errorf("%s: the answer to %s is not %q:\n%s", lang, code, want, body)
		}
		for _, secret := range []string{yamada.Name, yamada.FamilyName, yamada.Membership, yamada.ID, yamada.Email, code} {
			if bytes.Contains(bytes.ToLower(body), []byte(strings.ToLower(secret))) {
				t.Errorf("%s: the answer shows %q", lang, secret)
			}
		}

		miss := readBody(t, checkCode(h, lang, nobody.String()))
		if !bytes.Contains(miss, []byte(templateEscape(w.NotSent))) {
			t.Errorf("%s: the answer to an unknown code does not say %q", lang, w.NotSent)
		}
		others := map[string]string{
			"malformed":    "not a code",
			"empty":        "",
			"too long":     code + "-ABCD",
			"letter code":  passengerCode(t, yamada, notice.ChannelLetter).String(),
			"look-alike 0": "0" + code[1:],
		}
		for i := range code {
			if code[i] != '-' {
				others["altered at "+string(rune('a'+i))] = alter(code, i)
			}
		}
		for name, typed := range others {
			resp := checkCode(h, lang, typed)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, name, resp.StatusCode)
			}
			if diff := cmp.Diff(string(miss), string(readBody(t, resp))); diff != "" {
				t.Errorf("%s %s %q: answer differs from an unknown code's (-unknown +got):\n%s", lang, name, typed, diff)
			}
		}
	}
}

func templateEscape(s string) string {
	return strings.NewReplacer("'", "&#39;", "&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestVerifyRateLimited: checking codes shares the lookup's limit.
func TestVerifyRateLimited(t *testing.T) {
	cfg := testCodeConfig(t)
	cfg.Burst = 2
	h := newTestHandler(t, cfg)
	var statuses []int
	for range 3 {
		statuses = append(statuses, checkCode(h, "en", "ABCD-EFGH-JKMN").StatusCode)
	}
	if diff := cmp.Diff([]int{200, 200, 429}, statuses); diff != "" {
		t.Errorf("statuses mismatch (-want +got):\n%s", diff)
	}
}

// TestLookupShowsCode: the notice the portal shows carries the code of the
// notice sent to that person, which /verify then confirms; without a key,
// neither the code nor /verify.
func TestLookupShowsCode(t *testing.T) {
	yamada := samplePassenger(t, "P000004")
	code := passengerCode(t, yamada, notice.ChannelEmail).String()
	body := readBody(t, lookup(newTestHandler(t, testCodeConfig(t)), "192.0.2.1:1234", "en", pair(yamada.Membership, yamada.FamilyName)))
	if got := withClass(parsePage(t, body), "notice-verification-code"); len(got) != 1 || text(got[0]) != code {
		t.Errorf("the notice does not show the code %s", code)
	}
	plain := newTestHandler(t, testConfig(t))
	body = readBody(t, lookup(plain, "192.0.2.1:1234", "en", pair(yamada.Membership, yamada.FamilyName)))
	if bytes.Contains(body, []byte("notice-verification-code")) {
		t.Error("without a key, the notice has a code")
	}
	if resp := get(plain, "/verify", "en"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("without a key, GET /verify: status %d, want 404", resp.StatusCode)
	}
}

// TestCodeBookFromLedger: an email the relay accepted counts on the day it
// was sent, a letter on the day it was put due; an email still queued does
// not count.
func TestCodeBookFromLedger(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t)
	s := cfg.Store
	ps := samplePassengers(t)
	sent := time.Date(2018, time.October, 26, 9, 30, 0, 0, time.UTC)
	queued := sent.Add(-time.Hour)
	if _, err := s.Queue(ctx, []store.Entry{
		{ID: ps[0].ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: queued},
		{ID: ps[1].ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: queued},
		{ID: ps[2].ID, Channel: store.ChannelLetter, Status: store.StatusLetter, QueuedAt: queued},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Record(ctx, []store.Outcome{{ID: ps[0].ID, Status: store.StatusSent, Reply: "250 ok", At: sent}}); err != nil {
		t.Fatal(err)
	}
	b, err := codeBookFromLedger(ctx, s, cfg.Incident.ID, testCodeKey)
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		Issue codeIssue
		OK    bool
	}
	check := func(p sample.Passenger, ch notice.Channel) answer {
		issue, ok := b.check(passengerCode(t, p, ch).String())
		return answer{issue, ok}
	}
	got := []answer{check(ps[0], notice.ChannelEmail), check(ps[1], notice.ChannelEmail), check(ps[2], notice.ChannelLetter), check(ps[0], notice.ChannelLetter)}
	want := []answer{
		{codeIssue{notice.ChannelEmail, locale.Day(2018, time.October, 26)}, true},
		{},
		{codeIssue{notice.ChannelLetter, locale.Day(2018, time.October, 26)}, true},
		{},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(codeIssue{}, locale.Date{})); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// BenchmarkCodeCheck compares the work behind the one answer for codes we
// did not send: malformed, altered (a typo the check character catches) and
// well-formed but unknown, against a code we sent. The first three should
// cost the same, so that timing does not tell them apart.
//
//	go test ./examples/portal -run '^$' -bench CodeCheck
func BenchmarkCodeCheck(b *testing.B) {
	cfg := testCodeConfig(b)
	code := passengerCode(b, samplePassenger(b, "P000004"), notice.ChannelEmail).String()
	unknown, _ := notice.DeriveCode(testCodeKey, cfg.Incident.ID, "P999999", notice.ChannelEmail)
	for _, bc := range []struct{ name, typed string }{
		{"malformed", "not a code at all"},
		{"altered", alter(code, 0)},
		{"unknown", unknown.String()},
		{"sent", code},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				cfg.Codes.check(bc.typed)
			}
		})
	}
}
