package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/notice"
)

var codeKey = []byte("store test verification code key")

// digestOf is the digest of the code of id's notice by channel, derived
// here as the mailer derives the code it writes in the notice.
func digestOf(t testing.TB, key []byte, id string, ch notice.Channel) [16]byte {
	t.Helper()
	c, err := notice.DeriveCode(key, binding.Incident, id, ch)
	if err != nil {
		t.Fatal(err)
	}
	return c.Digest(key)
}

// TestCodes issues codes as the mailer does (an email queued then sent,
// one queued and never sent, a letter for a person without an address, a
// letter put due by a failure and one put due by a bounce read without
// the key) and checks them as the portal does, on every backend: what
// each check answers, and what is counted.
func TestCodes(t *testing.T) {
	t0 := time.Date(2018, 10, 25, 9, 0, 0, 0, time.UTC)
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			s := be.open(t)
			defer s.Close()
			var people []store.Person
			for i, id := range []string{"C1", "C2", "C3", "C4", "C5"} {
				people = append(people, person(id, "", int64(i+1)))
			}
			if _, err := s.Put(ctx, people); err != nil {
				t.Fatal(err)
			}
			// C5's email is queued and bounced by a run without the key:
			// its letter gets its digest when the key comes.
			if _, err := s.Queue(ctx, []store.Entry{{ID: "C5", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: t0}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Record(ctx, []store.Outcome{{ID: "C5", Status: store.StatusFailed, Reply: "5.1.1", At: t0}}); err != nil {
				t.Fatal(err)
			}
			if n, err := s.IssueCodes(ctx, codeKey); err != nil || n != 2 {
				t.Fatalf("IssueCodes filled %d entries, %v; want C5's email and letter", n, err)
			}
			if _, err := s.Queue(ctx, []store.Entry{
				{ID: "C1", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: t0},
				{ID: "C2", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: t0},
				{ID: "C3", Channel: store.ChannelLetter, Status: store.StatusLetter, Reply: "no email address", QueuedAt: t0},
				{ID: "C4", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: t0},
			}); err != nil {
				t.Fatal(err)
			}
			sent, failed, printed := t0.Add(26*time.Hour), t0.Add(49*time.Hour), t0.Add(30*time.Hour)
			if err := s.Record(ctx, []store.Outcome{
				{ID: "C1", Status: store.StatusSent, Reply: "250 ok", At: sent},
				{ID: "C4", Status: store.StatusFailed, Reply: "550 no such user", At: failed},
			}); err != nil {
				t.Fatal(err)
			}
			// C3's letter is printed; C4's and C5's are only due: they
			// have not gone out, and a check must not say they have.
			if err := s.RecordPrinted(ctx, []store.Printed{{ID: "C3", Batch: "batch-0001-a4.pdf", Pages: "1-2", At: printed}}); err != nil {
				t.Fatal(err)
			}

			type answer struct {
				Issue  store.CodeIssue
				Issued bool
			}
			check := func(d [16]byte, malformed bool, at time.Time) answer {
				t.Helper()
				issue, ok, err := s.CheckCode(ctx, store.CodeCheck{Digest: d, Malformed: malformed, At: at})
				if err != nil {
					t.Fatal(err)
				}
				return answer{issue, ok}
			}
			day1, day2 := t0.Add(48*time.Hour), t0.Add(72*time.Hour)
			c1 := digestOf(t, codeKey, "C1", notice.ChannelEmail)
			got := []answer{
				check(c1, false, day2),
				check(c1, false, day1),
				check(c1, false, day2.Add(time.Hour)),
				check(digestOf(t, codeKey, "C2", notice.ChannelEmail), false, day1),
				check(digestOf(t, codeKey, "C3", notice.ChannelLetter), false, day1),
				check(digestOf(t, codeKey, "C4", notice.ChannelLetter), false, day1),
				check(digestOf(t, codeKey, "C5", notice.ChannelLetter), false, day1),
				// C1's letter was never due; another key's code of C1 was
				// never issued; C1's own digest typed with a typo is malformed.
				check(digestOf(t, codeKey, "C1", notice.ChannelLetter), false, day1),
				check(digestOf(t, []byte("another verification code key"), "C1", notice.ChannelEmail), false, day1),
				check(c1, true, day1),
				check([16]byte{}, true, day2),
			}
			want := []answer{
				{store.CodeIssue{Channel: store.ChannelEmail, Sent: sent}, true},
				{store.CodeIssue{Channel: store.ChannelEmail, Sent: sent}, true},
				{store.CodeIssue{Channel: store.ChannelEmail, Sent: sent}, true},
				{store.CodeIssue{Channel: store.ChannelEmail}, true}, // issued, never sent
				{store.CodeIssue{Channel: store.ChannelLetter, Sent: printed}, true},
				{store.CodeIssue{Channel: store.ChannelLetter}, true}, // due after the failure, not printed
				{store.CodeIssue{Channel: store.ChannelLetter}, true}, // due after the bounce, not printed
				{}, {}, {}, {},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("checks (-want +got):\n%s", diff)
			}

			var checked []store.CheckedCode
			if err := s.CheckedCodes(ctx, func(c store.CheckedCode) error { checked = append(checked, c); return nil }); err != nil {
				t.Fatal(err)
			}
			wantChecked := []store.CheckedCode{
				{Digest: c1, Channel: store.ChannelEmail, Checks: 3, First: day1, Last: day2.Add(time.Hour)},
				{Digest: digestOf(t, codeKey, "C2", notice.ChannelEmail), Channel: store.ChannelEmail, Checks: 1, First: day1, Last: day1},
				{Digest: digestOf(t, codeKey, "C3", notice.ChannelLetter), Channel: store.ChannelLetter, Checks: 1, First: day1, Last: day1},
				{Digest: digestOf(t, codeKey, "C4", notice.ChannelLetter), Channel: store.ChannelLetter, Checks: 1, First: day1, Last: day1},
				{Digest: digestOf(t, codeKey, "C5", notice.ChannelLetter), Channel: store.ChannelLetter, Checks: 1, First: day1, Last: day1},
			}
			// Codes checked as often, first on the same day, come in digest order.
			if diff := cmp.Diff(wantChecked[0], checked[0]); diff != "" || len(checked) != len(wantChecked) {
				t.Errorf("the most checked code (-want +got):\n%s\nall: %+v", diff, checked)
			}
			if diff := cmp.Diff(sortedByDigest(wantChecked[1:]), checked[1:]); diff != "" {
				t.Errorf("the codes checked once (-want +got):\n%s", diff)
			}
			unknown, err := s.UnknownCodeChecks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantUnknown := []store.UnknownCodeChecks{
				{Day: "2018-10-27", WellFormed: 2, Malformed: 1},
				{Day: "2018-10-28", Malformed: 1},
			}
			if diff := cmp.Diff(wantUnknown, unknown); diff != "" {
				t.Errorf("checks of codes never issued (-want +got):\n%s", diff)
			}
			counts, err := s.CodeCheckCounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(store.CodeCheckCounts{Codes: 5, Checks: 7, UnknownWellFormed: 2, UnknownMalformed: 2}, counts); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}

			// The key is checked, not stored.
			other := []byte("another verification code key")
			if err := s.VerifyCodeKey(ctx, codeKey); err != nil {
				t.Errorf("VerifyCodeKey of the key the codes were issued under: %v", err)
			}
			if err := s.VerifyCodeKey(ctx, other); !errors.Is(err, store.ErrCodeKey) {
				t.Errorf("VerifyCodeKey of another key: %v, want ErrCodeKey", err)
			}
			if _, err := s.IssueCodes(ctx, other); !errors.Is(err, store.ErrCodeKey) {
				t.Errorf("IssueCodes with another key: %v, want ErrCodeKey", err)
			}
			if _, err := s.IssueCodes(ctx, []byte("short")); !errors.Is(err, notice.ErrShortCodeKey) {
				t.Errorf("IssueCodes with a short key: %v, want ErrShortCodeKey", err)
			}
		})
	}
}

func sortedByDigest(cs []store.CheckedCode) []store.CheckedCode {
	out := append([]store.CheckedCode(nil), cs...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if string(out[j].Digest[:]) < string(out[i].Digest[:]) {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestCodesBeforeTheKey: a store whose ledger has no code yet accepts any
// key, and an entry queued without a key has none to find.
func TestCodesBeforeTheKey(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "people.db"), binding, store.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.VerifyCodeKey(ctx, codeKey); err != nil {
		t.Errorf("VerifyCodeKey before any code: %v", err)
	}
	if _, err := s.Put(ctx, []store.Person{person("K1", "", 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Queue(ctx, []store.Entry{{ID: "K1", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.CheckCode(ctx, store.CodeCheck{Digest: digestOf(t, codeKey, "K1", notice.ChannelEmail), At: time.Now()}); ok || err != nil {
		t.Errorf("a code found before it was issued: %v, %v", ok, err)
	}
}

// TestCodeChecksReadOnly: a SQLite store opened read-only counts checks
// only through the writable connection RecordChecks opens beside it.
func TestCodeChecksReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "people.db")
	w, err := store.OpenSQLite(ctx, path, binding, store.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(ctx, []store.Person{person("R1", "", 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.IssueCodes(ctx, codeKey); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2018, 10, 26, 0, 0, 0, 0, time.UTC)
	if _, err := w.Queue(ctx, []store.Entry{{ID: "R1", Channel: store.ChannelLetter, Status: store.StatusLetter, QueuedAt: at}}); err != nil {
		t.Fatal(err)
	}
	if err := w.RecordPrinted(ctx, []store.Printed{{ID: "R1", Batch: "batch-0001-a4.pdf", Pages: "1", At: at}}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	d := digestOf(t, codeKey, "R1", notice.ChannelLetter)

	ro, err := store.OpenSQLite(ctx, path, binding, store.SQLiteOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if issue, ok, err := ro.CheckCode(ctx, store.CodeCheck{Digest: d, At: at}); !ok || issue.Sent != at || !errors.Is(err, store.ErrCheckNotCounted) {
		t.Errorf("read-only: %+v, %v, %v; want the answer, and an error for the count", issue, ok, err)
	}
	ro.Close()

	rc, err := store.OpenSQLite(ctx, path, binding, store.SQLiteOptions{ReadOnly: true, RecordChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	for range 2 {
		if _, ok, err := rc.CheckCode(ctx, store.CodeCheck{Digest: d, At: at}); !ok || err != nil {
			t.Fatalf("read-only with RecordChecks: %v, %v", ok, err)
		}
	}
	if _, err := rc.Queue(ctx, []store.Entry{{ID: "R1", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: at}}); err == nil {
		t.Error("a read-only store with RecordChecks wrote the ledger")
	}
	counts, err := rc.CodeCheckCounts(ctx)
	if diff := cmp.Diff(store.CodeCheckCounts{Codes: 1, Checks: 2}, counts); diff != "" || err != nil {
		t.Errorf("counts (-want +got):\n%s%v", diff, err)
	}
}

// TestCodesIndexedAtClaim: queueing leaves the codes unindexed (a bulk
// queue is 4 times faster so); the first claim indexes them in one pass,
// before any email goes out; IndexCodes again does nothing.
func TestCodesIndexedAtClaim(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "people.db")
	s, err := store.OpenSQLite(ctx, path, binding, store.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	indexed := func() bool {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ledger_code'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if _, err := s.Put(ctx, []store.Person{person("I1", "", 1)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueCodes(ctx, codeKey); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2018, 10, 25, 0, 0, 0, 0, time.UTC)
	if _, err := s.Queue(ctx, []store.Entry{{ID: "I1", Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: at}}); err != nil {
		t.Fatal(err)
	}
	if indexed() {
		t.Error("the codes are indexed while queueing")
	}
	if _, err := s.Claim(ctx, store.Claim{Owner: "one", Now: at, Lease: time.Minute, MaxAttempts: 3, N: 10}); err != nil {
		t.Fatal(err)
	}
	if !indexed() {
		t.Error("the codes are not indexed after the first claim")
	}
	if err := s.IndexCodes(ctx); err != nil {
		t.Errorf("IndexCodes again: %v", err)
	}
}
