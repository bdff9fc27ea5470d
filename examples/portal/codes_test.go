package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/internal/pgtest"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

var testCodeKey = []byte("portal test verification code key")

// testCodeConfig is testConfig with verification codes: every affected
// sample passenger's notice is in the store's ledger as sent on the
// incident's first day of notices, as the portal does without -store.
func testCodeConfig(t testing.TB) config {
	t.Helper()
	cfg := testConfig(t)
	ctx := context.Background()
	if err := issueSampleNotices(ctx, cfg.Store, cfg.Incident.NoticesFrom, testCodeKey); err != nil {
		t.Fatal(err)
	}
	codes, err := newCodeChecker(ctx, cfg.Store, testCodeKey)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Codes = codes
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
	cfg := testCodeConfig(t)
	h := newTestHandler(t, cfg)
	inc := sample.MustIncident("seed")
	yamada := samplePassenger(t, "P000004")
	code := passengerCode(t, yamada, notice.ChannelEmail).String()
	nobody, _ := notice.DeriveCode(testCodeKey, inc.ID, "P999999", notice.ChannelEmail)
	var wantCounts store.CodeCheckCounts
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
			if _, err := notice.ParseVerificationCode(typed); err != nil {
				wantCounts.UnknownMalformed++
			} else {
				wantCounts.UnknownWellFormed++
			}
		}
		wantCounts.Checks++
		wantCounts.UnknownWellFormed++ // nobody's
	}
	// Every check is counted: Yamada's code, once a language; the rest as
	// codes never issued, the malformed apart.
	wantCounts.Codes = 1
	got, err := cfg.Store.CodeCheckCounts(context.Background())
	if diff := cmp.Diff(wantCounts, got); diff != "" || err != nil {
		t.Errorf("checks counted (-want +got):\n%s%v", diff, err)
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

// ledgerBackends opens a store of the seed sample's people in each
// backend (SQLite; PostgreSQL when it runs, as in CI), as mailer import
// leaves it: no ledger yet.
func ledgerBackends(t *testing.T) map[string]store.Store {
	t.Helper()
	ctx := context.Background()
	cfg := testConfig(t)
	out := map[string]store.Store{"sqlite": cfg.Store}
	if pgtest.Reachable(t) {
		b := store.Binding{Incident: cfg.Incident.ID, Scoring: store.ScoringOf(cfg.Incident.Exposed, cfg.Incident.NotExposed, cfg.Incident.Circumstances)}
		s, err := store.OpenPostgres(ctx, pgtest.Schema(t, "portal_codes"), b, false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := importSample(ctx, s, cfg.Policy); err != nil {
			t.Fatal(err)
		}
		out["postgres"] = s
	}
	return out
}

// TestVerifyThroughLedger: codes issued as the mailer issues them, when it
// queues (an email then accepted by the relay, an email still queued, a
// letter for a person without an address, then printed, the letter a
// failed email puts due, not yet printed), are checked through the store:
// the sent and printed ones confirmed with their day and channel, those
// not yet sent or printed refused; each code with one
// character changed gets the bytes of an unknown and of a malformed code.
// Every check is counted in the store.
func TestVerifyThroughLedger(t *testing.T) {
	var affected []sample.Passenger
	for _, p := range samplePassengers(t) {
		if !p.Exposed.IsEmpty() {
			affected = append(affected, p)
		}
	}
	if len(affected) < 4 {
		t.Fatalf("the sample has %d affected people; the test needs 4", len(affected))
	}
	// The letter's person is sent one as if the store had no address.
	sentP, queuedP, failedP, letterP := affected[0], affected[1], affected[2], affected[3]
	queued := time.Date(2018, time.October, 25, 23, 30, 0, 0, time.UTC)
	sent, failed, printed := queued.Add(time.Hour), queued.Add(2*time.Hour), queued.Add(3*time.Hour) // on the 26th
	for name, s := range ledgerBackends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if _, err := s.IssueCodes(ctx, testCodeKey); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Queue(ctx, []store.Entry{
				{ID: sentP.ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: queued},
				{ID: queuedP.ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: queued},
				{ID: failedP.ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: queued},
				{ID: letterP.ID, Channel: store.ChannelLetter, Status: store.StatusLetter, QueuedAt: queued},
			}); err != nil {
				t.Fatal(err)
			}
			if err := s.Record(ctx, []store.Outcome{
				{ID: sentP.ID, Status: store.StatusSent, Reply: "250 ok", At: sent},
				{ID: failedP.ID, Status: store.StatusFailed, Reply: "550 no such user", At: failed},
			}); err != nil {
				t.Fatal(err)
			}
			// The letter of the person without an address is printed; the
			// one the failed email put due is not yet.
			if err := s.RecordPrinted(ctx, []store.Printed{{ID: letterP.ID, Batch: "batch-0001-a4.pdf", Pages: "1-2", At: printed}}); err != nil {
				t.Fatal(err)
			}
			cfg := testConfig(t)
			cfg.Store = s
			codes, err := newCodeChecker(ctx, s, testCodeKey)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Codes = codes
			h := newTestHandler(t, cfg)
			w := testWording(t, "en")
			on := func(answer string, d locale.Date) string {
				return strings.Replace(answer, dateMark, locale.FormatDate(locale.English, d), 1)
			}
			unknown, _ := notice.DeriveCode(testCodeKey, cfg.Incident.ID, "P999999", notice.ChannelLetter)
			notSent := readBody(t, checkCode(h, "en", unknown.String()))
			malformed := readBody(t, checkCode(h, "en", "not a code"))
			if diff := cmp.Diff(string(notSent), string(malformed)); diff != "" {
				t.Errorf("a malformed code's answer differs from an unknown code's (-unknown +malformed):\n%s", diff)
			}
			for _, c := range []struct {
				p      sample.Passenger
				ch     notice.Channel
				answer string // "" for "not sent"
			}{
				{sentP, notice.ChannelEmail, on(w.SentEmail, locale.Day(2018, time.October, 26))},
				{queuedP, notice.ChannelEmail, ""},
				{failedP, notice.ChannelEmail, ""},
				{failedP, notice.ChannelLetter, ""}, // due, not printed: not sent
				{letterP, notice.ChannelLetter, on(w.SentLetter, locale.Day(2018, time.October, 26))},
				{letterP, notice.ChannelEmail, ""},
			} {
				code := passengerCode(t, c.p, c.ch).String()
				body := readBody(t, checkCode(h, "en", code))
				if c.answer == "" {
					if diff := cmp.Diff(string(notSent), string(body)); diff != "" {
						t.Errorf("%s's %v code: not the answer of a code not sent (-want +got):\n%s", c.p.ID, c.ch, diff)
					}
				} else if got := withClass(parsePage(t, body), "portal-good"); len(got) != 1 || text(got[0]) != c.answer {
					t.Errorf("%s's %v code: the answer is not %q:\n%s", c.p.ID, c.ch, c.answer, body)
				}
				for i := range code {
					if code[i] == '-' {
						continue
					}
					if diff := cmp.Diff(string(notSent), string(readBody(t, checkCode(h, "en", alter(code, i))))); diff != "" {
						t.Fatalf("%s's %v code altered at %d: the answer differs from an unknown code's (-unknown +got):\n%s", c.p.ID, c.ch, i, diff)
					}
				}
			}
			counts, err := s.CodeCheckCounts(ctx)
			// The five issued codes checked once each (the queued and the
			// failed emails' are issued, though not sent); the unknown code
			// and the email code of the letter's person as never issued;
			// the malformed text and the 6×12 altered codes as malformed.
			want := store.CodeCheckCounts{Codes: 5, Checks: 5, UnknownWellFormed: 2, UnknownMalformed: 1 + 6*12}
			if diff := cmp.Diff(want, counts); diff != "" || err != nil {
				t.Errorf("checks counted (-want +got):\n%s%v", diff, err)
			}

			// The notice the portal shows carries the code of the notice
			// that went out: the letter once it is printed (also after an
			// email that failed), else the email; before either, the
			// channel the person will be told by.
			shown := func(p sample.Passenger) string {
				t.Helper()
				body := readBody(t, lookup(h, "198.51.100.7:1234", "en", pair(p.Membership, p.FamilyName)))
				got := withClass(parsePage(t, body), "notice-verification-code")
				if len(got) != 1 {
					t.Fatalf("%s: the notice shows %d codes", p.ID, len(got))
				}
				return text(got[0])
			}
			for _, c := range []struct {
				p  sample.Passenger
				ch notice.Channel
			}{
				{sentP, notice.ChannelEmail},
				{queuedP, notice.ChannelEmail},
				{failedP, notice.ChannelEmail}, // its letter is due, not printed
				{letterP, notice.ChannelLetter},
			} {
				if got, want := shown(c.p), passengerCode(t, c.p, c.ch).String(); got != want {
					t.Errorf("%s: the portal shows the code %s, want its %v code %s", c.p.ID, got, c.ch, want)
				}
			}
			if err := s.RecordPrinted(ctx, []store.Printed{{ID: failedP.ID, Batch: "batch-0002-a4.pdf", Pages: "1-2", At: printed}}); err != nil {
				t.Fatal(err)
			}
			code := shown(failedP)
			if want := passengerCode(t, failedP, notice.ChannelLetter).String(); code != want {
				t.Errorf("%s after its letter is printed: the portal shows %s, want the letter's code %s", failedP.ID, code, want)
			}
			if got := withClass(parsePage(t, readBody(t, checkCode(h, "en", code))), "portal-good"); len(got) != 1 {
				t.Errorf("%s: the code the portal shows is not confirmed by /verify", failedP.ID)
			}
		})
	}
}

// TestCodeKeyMismatch: a portal given another key than the mailer's does
// not start, as it would tell every reader their genuine notice is not ours.
func TestCodeKeyMismatch(t *testing.T) {
	cfg := testCodeConfig(t)
	if _, err := newCodeChecker(context.Background(), cfg.Store, []byte("not the key the codes were issued with")); !errors.Is(err, store.ErrCodeKey) {
		t.Errorf("another key: %v, want ErrCodeKey", err)
	}
}

// BenchmarkCodeCheck compares the work behind the one answer for codes we
// did not send: malformed, altered (a typo the check character catches) and
// well-formed but unknown, against a code we sent: a parse, a digest, one
// search of the ledger's index and one count, in the sample's SQLite store.
// The first three should cost the same, so that timing does not tell them
// apart.
//
//	go test ./examples/portal -run '^$' -bench CodeCheck
func BenchmarkCodeCheck(b *testing.B) {
	cfg := testCodeConfig(b)
	code := passengerCode(b, samplePassenger(b, "P000004"), notice.ChannelEmail).String()
	unknown, _ := notice.DeriveCode(testCodeKey, cfg.Incident.ID, "P999999", notice.ChannelEmail)
	ctx := context.Background()
	at := time.Now()
	for _, bc := range []struct{ name, typed string }{
		{"malformed", "not a code at all"},
		{"altered", alter(code, 0)},
		{"unknown", unknown.String()},
		{"sent", code},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := cfg.Codes.check(ctx, bc.typed, at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
