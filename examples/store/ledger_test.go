package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/store"
)

// TestLedger walks emails through the ledger as a sender and a bounce
// reader do, on every backend: queue, claim (a second sender sees nothing
// while the leases hold), record, retry, bounce, and count.
func TestLedger(t *testing.T) {
	t0 := time.Date(2018, 10, 25, 1, 0, 0, 0, time.UTC)
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := be.open(t)
			defer s.Close()
			var people []store.Person
			var queue []store.Entry
			for i, id := range []string{"A1", "A2", "A3", "A4"} {
				people = append(people, person(id, "", int64(i+1)))
				queue = append(queue, store.Entry{ID: id, Channel: store.ChannelEmail, Status: store.StatusQueued, MessageID: id + ".test-1@example.com", QueuedAt: t0})
			}
			if _, err := s.Put(ctx, people); err != nil {
				t.Fatal(err)
			}
			if n, err := s.Queue(ctx, queue); err != nil || n != 4 {
				t.Fatalf("queue: %d, %v", n, err)
			}
			if n, err := s.Queue(ctx, queue); err != nil || n != 0 {
				t.Errorf("queueing again: %d added, %v", n, err)
			}
			if id, err := s.QueuedThrough(ctx); err != nil || id != "A4" {
				t.Errorf("QueuedThrough = %q, %v", id, err)
			}
			claim := store.Claim{Owner: "one", Now: t0, Lease: time.Minute, MaxAttempts: 3, N: 3}
			got, err := s.Claim(ctx, claim)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, n := range got {
				ids = append(ids, n.Entry.ID)
			}
			if diff := cmp.Diff([]string{"A1", "A2", "A3"}, ids); diff != "" {
				t.Errorf("claimed (-want +got):\n%s", diff)
			}
			other := claim
			other.Owner = "two"
			got, err = s.Claim(ctx, other)
			if err != nil || len(got) != 1 || got[0].Entry.ID != "A4" || got[0].Person.Email != "A4@example.com" {
				t.Errorf("the second sender claimed %+v, %v; want A4 only", got, err)
			}
			at := t0.Add(time.Second)
			if err := s.Record(ctx, []store.Outcome{
				{ID: "A1", Status: store.StatusSent, Reply: "2.0.0 queued as X1", Digest: []byte{1}, At: at},
				{ID: "A2", Status: store.StatusDeferred, Reply: "4.2.2 full", At: at, NextAt: at.Add(time.Minute)},
				{ID: "A3", Status: store.StatusFailed, Reply: "5.1.1 no such user", At: at},
			}); err != nil {
				t.Fatal(err)
			}
			// A late report from a sender whose lease ran out does not undo a 250.
			if err := s.Record(ctx, []store.Outcome{{ID: "A1", Status: store.StatusDeferred, At: at}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Release(ctx, "two"); err != nil {
				t.Fatal(err)
			}
			if next, ok, err := s.NextRetry(ctx, 3); err != nil || !ok || !next.IsZero() {
				t.Errorf("NextRetry = %v, %v, %v; want A4 due at once (the zero time)", next, ok, err)
			}
			claim.Now = at.Add(2 * time.Minute)
			got, err = s.Claim(ctx, claim)
			ids = ids[:0]
			for _, n := range got {
				ids = append(ids, n.Entry.ID)
			}
			if diff := cmp.Diff([]string{"A2", "A4"}, ids); diff != "" || err != nil {
				t.Errorf("claimed after the retry time (-want +got):\n%s%v", diff, err)
			}
			res, err := s.RecordBounces(ctx, []store.Bounce{
				{ID: "A1", Status: store.StatusBounced, Reply: "5.1.1", At: at.Add(time.Hour)},
				{ID: "A1", Status: store.StatusDeferred, Reply: "4.4.1", At: at},
				{ID: "ZZ", Status: store.StatusBounced, At: at},
			})
			if diff := cmp.Diff([]store.BounceResult{store.BounceRecorded, store.BounceAlready, store.BounceUnknown}, res); diff != "" || err != nil {
				t.Errorf("bounces (-want +got):\n%s%v", diff, err)
			}
			var rows []string
			for after, ch := "", ""; ; {
				page, err := s.Ledger(ctx, after, ch, 2)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 {
					break
				}
				for _, n := range page {
					rows = append(rows, n.Entry.ID+" "+n.Entry.Channel+" "+n.Entry.Status.String()+" "+n.Entry.Reply)
				}
				after, ch = page[len(page)-1].Entry.ID, page[len(page)-1].Entry.Channel
			}
			want := []string{
				"A1 email bounced 5.1.1", "A1 letter letter email bounced: 5.1.1",
				"A2 email deferred 4.2.2 full",
				"A3 email failed 5.1.1 no such user", "A3 letter letter 5.1.1 no such user",
				"A4 email queued ",
			}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("ledger (-want +got):\n%s", diff)
			}
			events, err := s.Events(ctx, "A1")
			if err != nil {
				t.Fatal(err)
			}
			var history []string
			for _, e := range events {
				history = append(history, e.Channel+" "+e.Status.String()+" "+e.Reply)
			}
			if diff := cmp.Diff([]string{"email sent 2.0.0 queued as X1", "email bounced 5.1.1", "letter letter email bounced: 5.1.1"}, history); diff != "" {
				t.Errorf("A1's history (-want +got):\n%s", diff)
			}
			counts, err := s.LedgerCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var total int64
			for _, c := range counts {
				total += c.N
			}
			if total != 6 {
				t.Errorf("counts sum to %d, want 6: %+v", total, counts)
			}
		})
	}
}

func TestStatusText(t *testing.T) {
	for _, s := range store.Statuses() {
		b, err := s.MarshalText()
		var back store.Status
		if err != nil || back.UnmarshalText(b) != nil || back != s {
			t.Errorf("%v does not round-trip: %q %v", s, b, err)
		}
	}
	if got := store.Status(42).String(); got != "Status(42)" {
		t.Errorf("String of an invalid status = %q", got)
	}
}
