package main

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/locale"
)

// loadStore is the store the load benchmark looks people up in: the one
// named by BREACHKIT_LOAD_STORE (made by "mailer import -synthetic N
// -store FILE", with BREACHKIT_LOAD_PEOPLE=N), or else a store of 20,000
// synthetic passengers made here.
func loadStore(b *testing.B) (config, int64) {
	inc := sample.MustIncident("seed")
	policy, err := sample.Policy(inc)
	if err != nil {
		b.Fatal(err)
	}
	binding := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	ctx := context.Background()
	if path := os.Getenv("BREACHKIT_LOAD_STORE"); path != "" {
		n, err := strconv.ParseInt(os.Getenv("BREACHKIT_LOAD_PEOPLE"), 10, 64)
		if err != nil || n < 1 {
			b.Fatal("BREACHKIT_LOAD_STORE needs BREACHKIT_LOAD_PEOPLE, the number of synthetic passengers in it")
		}
		s, err := store.OpenSQLite(ctx, path, binding, store.SQLiteOptions{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return config{Incident: inc, Store: s, Policy: policy}, n
	}
	const n = 20_000
	s, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "people.db"), binding, store.SQLiteOptions{Bulk: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	key := s.LookupKey()
	var people []store.Person
	var line []byte
	for i := range int64(n) {
		line = sample.AppendSynthetic(line[:0], i)
		p, err := sample.ParsePassenger(line)
		if err != nil {
			b.Fatal(err)
		}
		people = append(people, store.NewPerson(&p, int(i+1), policy, key, locale.Choose(p.Language)))
	}
	if _, err := s.Put(ctx, people); err != nil {
		b.Fatal(err)
	}
	return config{Incident: inc, Store: s, Policy: policy}, n
}

// BenchmarkLookupLoad serves the portal on 127.0.0.1 and looks people up
// through HTTP from 16 concurrent clients, for each kind of answer: found
// (the notice), a real number with a wrong family name, and an unknown
// number. It reports lookups per second and the p50 and p99 latency; the
// wrong-name and unknown-number answers must cost the same, so that timing
// does not tell who is in the store.
//
//	go test ./examples/portal -run '^$' -bench LookupLoad -benchtime 20000x
//
// against 9.4 million people: make the store with
// "mailer import -synthetic 9400000 -store /tmp/big.db" and run with
// BREACHKIT_LOAD_STORE=/tmp/big.db BREACHKIT_LOAD_PEOPLE=9400000.
func BenchmarkLookupLoad(b *testing.B) {
	cfg, n := loadStore(b)
	cfg.Rate, cfg.Burst = rate.Inf, 1
	h, err := newServer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	notFound := buildNotFound(b, cfg)
	for _, kind := range []struct {
		name string
		form func(i int64) url.Values
	}{
		{"found", func(i int64) url.Values {
			return pair(strconv.FormatInt(1_000_000_000+i+1, 10), sample.SyntheticFamilyName(i))
		}},
		{"wrong-name", func(i int64) url.Values {
			return pair(strconv.FormatInt(1_000_000_000+i+1, 10), "Nobody")
		}},
		{"unknown-number", func(i int64) url.Values {
			// A number no one has that sorts among the real ones, so that
			// the search ends in a leaf of the index as cold as a real
			// number's, not always in the hot last one.
			return pair(strconv.FormatInt(1_000_000_000+i+1, 10)+"9", sample.SyntheticFamilyName(i))
		}},
	} {
		b.Run(kind.name, func(b *testing.B) {
			b.ReportAllocs()
			var mu sync.Mutex
			var latencies []time.Duration
			b.SetParallelism(8) // 16 clients on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				rng := rand.New(rand.NewPCG(rand.Uint64(), 0))
				var local []time.Duration
				for pb.Next() {
					form := kind.form(rng.Int64N(n))
					start := time.Now()
					resp, err := client.PostForm(srv.URL+"/lookup", form)
					if err != nil {
						b.Error(err)
						return
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					local = append(local, time.Since(start))
					found := bytes.Contains(body, []byte(`class="notice`))
					if resp.StatusCode != http.StatusOK || found != (kind.name == "found") || (!found && !bytes.Equal(body, notFound)) {
						b.Errorf("%s: status %d, a notice: %v", kind.name, resp.StatusCode, found)
						return
					}
				}
				mu.Lock()
				latencies = append(latencies, local...)
				mu.Unlock()
			})
			slices.Sort(latencies)
			if len(latencies) > 0 {
				b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
		})
	}
	// The two answers that find no one, interleaved in one run so that
	// both meet the same cache and the same load: their latencies must
	// match for timing not to tell whether a number belongs to someone.
	b.Run("misses-interleaved", func(b *testing.B) {
		b.ReportAllocs()
		var mu sync.Mutex
		var wrong, unknown []time.Duration
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			rng := rand.New(rand.NewPCG(rand.Uint64(), 0))
			var w, u []time.Duration
			for k := 0; pb.Next(); k++ {
				i := rng.Int64N(n)
				number := strconv.FormatInt(1_000_000_000+i+1, 10)
				form := pair(number, "Nobody")
				if k%2 == 1 {
					form = pair(number+"9", sample.SyntheticFamilyName(i))
				}
				start := time.Now()
				resp, err := client.PostForm(srv.URL+"/lookup", form)
				if err != nil {
					b.Error(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if k%2 == 1 {
					u = append(u, time.Since(start))
				} else {
					w = append(w, time.Since(start))
				}
				if resp.StatusCode != http.StatusOK || !bytes.Equal(body, notFound) {
					b.Errorf("a miss got another answer than the not-found page (status %d)", resp.StatusCode)
					return
				}
			}
			mu.Lock()
			wrong, unknown = append(wrong, w...), append(unknown, u...)
			mu.Unlock()
		})
		for _, m := range []struct {
			name string
			lat  []time.Duration
		}{{"wrong", wrong}, {"unknown", unknown}} {
			slices.Sort(m.lat)
			if len(m.lat) > 0 {
				b.ReportMetric(float64(m.lat[len(m.lat)/2].Microseconds())/1000, m.name+"-p50-ms")
				b.ReportMetric(float64(m.lat[len(m.lat)*99/100].Microseconds())/1000, m.name+"-p99-ms")
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	})
}

// buildNotFound is the English not-found page, which a lookup that finds
// no one gets byte for byte.
func buildNotFound(b *testing.B, cfg config) []byte {
	s, err := buildServer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return s.sites[locale.English].notFound
}
