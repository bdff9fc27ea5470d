package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

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
