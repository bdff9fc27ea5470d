package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/store"
)

// TestLedgerMessageDate: each attempt records the Message-ID and the Date
// of the message it handed to the relay (schema 3); an outcome without
// them (an attempt that never rendered a message) leaves the last ones.
func TestLedgerMessageDate(t *testing.T) {
	t0 := time.Date(2018, 10, 25, 1, 0, 0, 0, time.UTC)
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := be.open(t)
			defer s.Close()
			if _, err := s.Put(ctx, []store.Person{person("D1", "", 1)}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Queue(ctx, []store.Entry{{ID: "D1", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: t0}}); err != nil {
				t.Fatal(err)
			}
			first, second := t0.Add(time.Hour), t0.Add(3*time.Hour)
			type got struct {
				MessageID string
				Date      time.Time
			}
			read := func() got {
				t.Helper()
				page, err := s.Ledger(ctx, "", "", 10)
				if err != nil || len(page) != 1 {
					t.Fatalf("ledger: %d entries, %v", len(page), err)
				}
				return got{page[0].Entry.MessageID, page[0].Entry.MessageDate}
			}
			for _, step := range []struct {
				out  store.Outcome
				want got
			}{
				{store.Outcome{ID: "D1", Status: store.StatusDeferred, At: first, NextAt: first, MessageID: "D1.x.v1@example.com", MessageDate: first}, got{"D1.x.v1@example.com", first}},
				{store.Outcome{ID: "D1", Status: store.StatusDeferred, At: first, NextAt: first}, got{"D1.x.v1@example.com", first}},
				{store.Outcome{ID: "D1", Status: store.StatusSent, At: second, MessageID: "D1.x.v2@example.com", MessageDate: second}, got{"D1.x.v2@example.com", second}},
			} {
				if err := s.Record(ctx, []store.Outcome{step.out}); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(step.want, read()); diff != "" {
					t.Errorf("after %+v (-want +got):\n%s", step.out, diff)
				}
			}
		})
	}
}
