package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
)

// BenchmarkPutSQLite measures the import's writing step: batches of 256
// people into a SQLite store, as mailer import writes them.
func BenchmarkPutSQLite(b *testing.B) {
	ctx := context.Background()
	s, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "people.db"), binding, store.SQLiteOptions{Bulk: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	key := s.LookupKey()
	const batch = 256
	people := make([]store.Person, batch)
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		for i := range people {
			n++
			people[i] = store.Person{ID: fmt.Sprintf("S%09d", n), Line: int64(n), Name: "Chan Tai Man", Email: fmt.Sprintf("s%09d@example.com", n),
				Language: "zh-Hant-HK", Exposed: exposure.Of(exposure.Name, exposure.Email), Tier: exposure.TierLow,
				Membership: fmt.Sprintf("%d", 1_000_000_000+n), Family: store.FamilyDigest(key, "Chan")}
		}
		if _, err := s.Put(ctx, people); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "people/s")
}

// BenchmarkQueueSQLite measures queueing, as mailer send does it, in
// batches of 1,000, with and without the code key: with it, each entry
// records the digest of its notice's code (two HMAC-SHA-256), and the
// index of the digests is then made in one pass (index-s), as the first
// claim makes it.
//
//	go test ./examples/store -run '^$' -bench Queue -benchtime 2000x   # 2 million entries
func BenchmarkQueueSQLite(b *testing.B) {
	for _, withKey := range []bool{false, true} {
		name := "without-key"
		if withKey {
			name = "with-key"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			s, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "people.db"), binding, store.SQLiteOptions{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if withKey {
				if _, err := s.IssueCodes(ctx, codeKey); err != nil {
					b.Fatal(err)
				}
			}
			const batch = 1000
			entries := make([]store.Entry, batch)
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				for i := range entries {
					n++
					entries[i] = store.Entry{ID: fmt.Sprintf("S%09d", n), Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: time.Unix(0, 0)}
				}
				if _, err := s.Queue(ctx, entries); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "entries/s")
			if withKey {
				// What the first claim then adds: the index, in one pass.
				start := time.Now()
				if err := s.IndexCodes(ctx); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(time.Since(start).Seconds(), "index-s")
			}
		})
	}
}
