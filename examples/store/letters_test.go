package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/store"
)

// TestLetters: letters due are listed with their people and addresses;
// recording them printed moves them to the printed list with their batch
// and pages, with an event each; an unknown person or a batch name with a
// path is refused and changes nothing. On every backend.
func TestLetters(t *testing.T) {
	t0 := time.Date(2018, 10, 25, 1, 0, 0, 0, time.UTC)
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := be.open(t)
			defer s.Close()
			var people []store.Person
			var queue []store.Entry
			for i, id := range []string{"L1", "L2", "L3"} {
				p := person(id, "", int64(i+1))
				p.Email, p.AddressLines, p.Country = "", []string{"〒150-0002", "東京都渋谷区渋谷二丁目21番1号"}, "JP"
				people = append(people, p)
				queue = append(queue, store.Entry{ID: id, Channel: store.ChannelLetter, Status: store.StatusLetter, Reply: "no email address", QueuedAt: t0})
			}
			people = append(people, person("E1", "", 4))
			queue = append(queue, store.Entry{ID: "E1", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: t0})
			if _, err := s.Put(ctx, people); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Queue(ctx, queue); err != nil {
				t.Fatal(err)
			}
			ids := func(status ...store.Status) map[string]string {
				t.Helper()
				ls, err := s.Letters(ctx, "", 10, status...)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]string{}
				for _, l := range ls {
					out[l.Person.ID] = l.Status.String() + " " + l.Batch + " " + l.Pages
					if l.Person.Country != "JP" || len(l.Person.AddressLines) != 2 {
						t.Errorf("%s: address %v %q", l.Person.ID, l.Person.AddressLines, l.Person.Country)
					}
				}
				return out
			}
			if diff := cmp.Diff(map[string]string{"L1": "letter  ", "L2": "letter  ", "L3": "letter  "}, ids(store.StatusLetter)); diff != "" {
				t.Errorf("due (-want +got):\n%s", diff)
			}
			if page, err := s.Letters(ctx, "L1", 1, store.StatusLetter); err != nil || len(page) != 1 || page[0].Person.ID != "L2" {
				t.Errorf("the page after L1: %+v, %v", page, err)
			}
			at := t0.Add(time.Hour)
			if err := s.RecordPrinted(ctx, []store.Printed{
				{ID: "L1", Batch: "batch-0001-a4.pdf", Pages: "1-3", At: at},
				{ID: "L3", Batch: "batch-0001-a4.pdf", Pages: "4-6", At: at},
			}); err != nil {
				t.Fatal(err)
			}
			for _, bad := range [][]store.Printed{
				{{ID: "L2", Batch: "batch-0002-a4.pdf", Pages: "1-2", At: at}, {ID: "E1", Batch: "batch-0002-a4.pdf", Pages: "3", At: at}},
				{{ID: "L2", Batch: "../batch-0002-a4.pdf", Pages: "1-2", At: at}},
			} {
				if err := s.RecordPrinted(ctx, bad); err == nil {
					t.Errorf("RecordPrinted(%+v) succeeded", bad)
				}
			}
			if diff := cmp.Diff(map[string]string{"L2": "letter  "}, ids(store.StatusLetter)); diff != "" {
				t.Errorf("due after printing (-want +got):\n%s", diff)
			}
			want := map[string]string{"L1": "printed batch-0001-a4.pdf 1-3", "L3": "printed batch-0001-a4.pdf 4-6"}
			if diff := cmp.Diff(want, ids(store.StatusPrinted)); diff != "" {
				t.Errorf("printed (-want +got):\n%s", diff)
			}
			ev, err := s.Events(ctx, "L3")
			if err != nil || len(ev) != 1 || ev[0].Status != store.StatusPrinted || ev[0].Reply != "batch-0001-a4.pdf pages 4-6" || !ev[0].At.Equal(at) {
				t.Errorf("events of L3: %+v, %v", ev, err)
			}
			if _, err := s.Letters(ctx, "", 10, store.StatusSent); err == nil {
				t.Error("Letters with an email status succeeded")
			}
		})
	}
}
