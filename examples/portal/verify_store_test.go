package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
	"github.com/breachkit/breachkit/notice"
)

// TestNotifyCodeConfirmedByPortal is the issue's "done when", end to end:
// the code that "go run ./examples/notify" prints in the sample notice is
// confirmed by the portal as run (go run ./examples/portal, the sample,
// no flags), and the same code with one character changed is refused
// with the bytes of a code that is not a code.
func TestNotifyCodeConfirmedByPortal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs examples/notify")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and no go command on PATH")
		}
		t.Skip("no go command on PATH to run examples/notify")
	}
	cmd := exec.Command(goBin, "run", "./examples/notify")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), sample.CodeKeyEnv+"=") // the sample key, as the portal without a key
	printed, err := cmd.Output()
	if err != nil {
		t.Fatalf("notify: %v", err)
	}
	typed := regexp.MustCompile(`[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}`).FindString(string(printed))
	if typed == "" {
		t.Fatalf("notify printed no verification code:\n%s", printed)
	}

	t.Setenv(sample.CodeKeyEnv, "")
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, slog.New(slog.NewTextHandler(&logs, nil))) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the portal: %v", err)
		}
	}()
	serving := regexp.MustCompile(`msg=serving url=(http://\S+)`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := serving.FindStringSubmatch(logs.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("the portal did not start:\n%s", logs.String())
		}
	}
	check := func(code string) []byte {
		t.Helper()
		resp, err := http.PostForm(base+"verify", url.Values{"lang": {"en"}, "code": {code}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("checking %q: status %d\n%s", code, resp.StatusCode, body)
		}
		return body
	}
	w := testWording(t, "en")
	inc := sample.MustIncident("seed")
	want := string(bytes.Replace([]byte(w.SentEmail), []byte(dateMark), []byte(locale.FormatDate(locale.English, inc.NoticesFrom)), 1))
	if got := withClass(parsePage(t, check(typed)), "portal-good"); len(got) != 1 || text(got[0]) != want {
		t.Errorf("the portal does not confirm notify's code %s with %q", typed, want)
	}
	refused, malformed := check(alter(typed, 5)), check("not a code")
	if diff := cmp.Diff(string(malformed), string(refused)); diff != "" {
		t.Errorf("notify's code with one character changed: not refused as a malformed code is (-malformed +altered):\n%s", diff)
	}
	if !bytes.Contains(refused, []byte(templateEscape(w.NotSent))) {
		t.Errorf("the altered code's answer does not say %q", w.NotSent)
	}
}

// verifyLoadStore is a SQLite store of n synthetic passengers of the seed
// incident, every one sent an email (or, without an address, a letter)
// with its code issued under testCodeKey, as mailer send leaves it.
// n is BREACHKIT_VERIFY_PEOPLE, or 20,000.
func verifyLoadStore(b *testing.B) (config, []string, int) {
	n := 20_000
	if v := os.Getenv("BREACHKIT_VERIFY_PEOPLE"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("BREACHKIT_VERIFY_PEOPLE=%q: want a number of people", v)
		}
	}
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		b.Fatal(err)
	}
	binding := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	ctx := context.Background()
	s, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "people.db"), binding, store.SQLiteOptions{Bulk: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.IssueCodes(ctx, testCodeKey); err != nil {
		b.Fatal(err)
	}
	key := s.LookupKey()
	sent := time.Date(2018, 10, 26, 9, 0, 0, 0, time.UTC)
	var codes []string
	var line []byte
	const batch = 10_000
	for from := 0; from < n; from += batch {
		var people []store.Person
		var entries []store.Entry
		var outcomes []store.Outcome
		for i := from; i < min(from+batch, n); i++ {
			line = sample.AppendSynthetic(line[:0], int64(i))
			p, err := sample.ParsePassenger(line)
			if err != nil {
				b.Fatal(err)
			}
			sp := store.NewPerson(&p, i+1, policy, key, locale.Choose(p.Language))
			people = append(people, sp)
			if p.Exposed.IsEmpty() {
				continue
			}
			ch := channelOf(&sp)
			c, err := notice.DeriveCode(testCodeKey, inc.ID, sp.ID, ch)
			if err != nil {
				b.Fatal(err)
			}
			codes = append(codes, c.String())
			entries = append(entries, store.Entry{ID: sp.ID, Channel: ch.String(), Status: store.StatusQueued, QueuedAt: sent})
			if ch == notice.ChannelLetter {
				entries[len(entries)-1].Status = store.StatusLetter
			} else {
				outcomes = append(outcomes, store.Outcome{ID: sp.ID, Status: store.StatusSent, Reply: "250 ok", At: sent})
			}
		}
		if _, err := s.Put(ctx, people); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Queue(ctx, entries); err != nil {
			b.Fatal(err)
		}
		if err := s.Record(ctx, outcomes); err != nil {
			b.Fatal(err)
		}
	}
	checker, err := newCodeChecker(ctx, s, testCodeKey)
	if err != nil {
		b.Fatal(err)
	}
	return config{Incident: inc, Store: s, Policy: policy, Codes: checker}, codes, n
}

// BenchmarkVerifyLoad serves the portal on 127.0.0.1 and checks codes
// through HTTP from 16 concurrent clients against a store of many people
// (BREACHKIT_VERIFY_PEOPLE, default 20,000), for each kind of code: sent,
// well formed but never issued, altered (one character changed) and
// malformed; then the three refusals interleaved, whose latencies must
// match. Every check is counted in the store, as in production. It
// reports checks per second and the p50 and p99 latency.
//
//	go test ./examples/portal -run '^$' -bench VerifyLoad -benchtime 20000x
func BenchmarkVerifyLoad(b *testing.B) {
	cfg, codes, _ := verifyLoadStore(b)
	cfg.Rate, cfg.Burst = rate.Inf, 1
	h, err := newServer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	s, err := buildServer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	notSent := s.sites[locale.English].notSent
	kinds := map[string]func(rng *rand.Rand) string{
		"sent": func(rng *rand.Rand) string { return codes[rng.IntN(len(codes))] },
		"unknown": func(rng *rand.Rand) string {
			c, _ := notice.DeriveCode(testCodeKey, cfg.Incident.ID, "X"+strconv.Itoa(rng.Int()), notice.ChannelEmail)
			return c.String()
		},
		"altered":   func(rng *rand.Rand) string { return alter(codes[rng.IntN(len(codes))], rng.IntN(4)) },
		"malformed": func(rng *rand.Rand) string { return "not-" + codes[rng.IntN(len(codes))] },
	}
	post := func(code string) ([]byte, time.Duration, error) {
		start := time.Now()
		resp, err := client.PostForm(srv.URL+"/verify", url.Values{"lang": {"en"}, "code": {code}})
		if err != nil {
			return nil, 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return body, time.Since(start), nil
	}
	report := func(b *testing.B, name string, lat []time.Duration) {
		slices.Sort(lat)
		if len(lat) > 0 {
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, name+"p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, name+"p99-ms")
		}
	}
	for _, name := range []string{"sent", "unknown", "altered", "malformed"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var mu sync.Mutex
			var latencies []time.Duration
			b.SetParallelism(8) // 16 clients on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				rng := rand.New(rand.NewPCG(rand.Uint64(), 0))
				var local []time.Duration
				for pb.Next() {
					body, d, err := post(kinds[name](rng))
					if err != nil {
						b.Error(err)
						return
					}
					local = append(local, d)
					if (name == "sent") == bytes.Equal(body, notSent) {
						b.Errorf("%s: the wrong answer", name)
						return
					}
				}
				mu.Lock()
				latencies = append(latencies, local...)
				mu.Unlock()
			})
			report(b, "", latencies)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
		})
	}
	b.Run("refusals-interleaved", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		lat := map[string][]time.Duration{}
		names := []string{"unknown", "altered", "malformed"}
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			rng := rand.New(rand.NewPCG(rand.Uint64(), 0))
			local := map[string][]time.Duration{}
			for k := 0; pb.Next(); k++ {
				name := names[k%len(names)]
				body, d, err := post(kinds[name](rng))
				if err != nil {
					b.Error(err)
					return
				}
				if !bytes.Equal(body, notSent) {
					b.Errorf("%s: not the answer of a code not sent", name)
					return
				}
				local[name] = append(local[name], d)
			}
			mu.Lock()
			for k, v := range local {
				lat[k] = append(lat[k], v...)
			}
			mu.Unlock()
		})
		for _, name := range names {
			report(b, name+"-", lat[name])
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checks/s")
	})
}
