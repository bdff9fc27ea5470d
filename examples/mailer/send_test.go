package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/mail"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
)

// openAny opens the store of the seed incident at a path or URL.
func openAny(ctx context.Context, where string) (store.Store, error) {
	inc, err := sample.LoadIncident("seed")
	if err != nil {
		return nil, err
	}
	b := store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}
	if strings.HasPrefix(where, "postgres://") {
		return store.OpenPostgres(ctx, where, b, true)
	}
	return store.OpenSQLite(ctx, where, b, store.SQLiteOptions{ReadOnly: true})
}

// runCmd runs the mailer as main does, with an environment of its own, a
// fixed clock, and its standard output and error returned.
func runCmd(t testing.TB, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdContext(context.Background(), t, env, stdin, args...)
}

func runCmdContext(ctx context.Context, t testing.TB, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdClock(ctx, t, func() time.Time { return fixedNow }, env, stdin, args...)
}

// runCmdClock is runCmdContext with the clock now.
func runCmdClock(ctx context.Context, t testing.TB, now func() time.Time, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cfg, err := parseFlags(args)
	if err != nil {
		fmt.Fprintln(&errOut, "mailer:", err)
		return 2, "", errOut.String()
	}
	cfg.stdin, cfg.stdout, cfg.stderr = strings.NewReader(stdin), &out, &errOut
	cfg.now = now
	cfg.getenv = func(k string) string { return env[k] }
	sum, err := runJob(ctx, cfg)
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintln(&errOut, "mailer:", err)
		return 2, out.String(), errOut.String()
	case err != nil:
		fmt.Fprintln(&errOut, "mailer:", err)
		return 1, out.String(), errOut.String()
	case sum.rejected > 0:
		return 1, out.String(), errOut.String()
	}
	return 0, out.String(), errOut.String()
}

// importSample imports the embedded sample into a new SQLite store.
func importSample(t testing.TB) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, "", "import", "-store", db); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	return db
}

// sampleEmails are the addresses of the sample's affected people with
// one, by id; the others are owed letters (sampleLetters).
func sampleEmails(t testing.TB, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	s, err := openAny(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	out := map[string]string{}
	for after := ""; ; {
		people, err := s.Page(ctx, after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) == 0 {
			return out
		}
		for _, p := range people {
			if p.Tier.String() != "none" && p.Email != "" {
				out[p.ID] = p.Email
			}
		}
		after = people[len(people)-1].ID
	}
}

// sampleLetters are the ids of the sample's affected people without an
// email address: send queues a letter for each.
func sampleLetters() []string {
	var ids []string
	dec := sample.NewPassengerDecoder(sample.PassengerFile())
	for {
		p, _, err := dec.Next()
		if err != nil {
			return ids // io.EOF: the sample's lines are all good (sample's tests)
		}
		if p.Email == "" && !p.Exposed.IsEmpty() {
			ids = append(ids, p.ID)
		}
	}
}

func sendArgs(db string, sk *sink, more ...string) []string {
	return append([]string{"send", "-store", db, "-relay", "smtp://" + sk.addr, "-insecure-plaintext", "-retry-after", "10ms"}, more...)
}

// statuses summarises a ledger as "status attempts" per entry.
func statuses(l map[string]store.Entry) map[string]string {
	out := map[string]string{}
	for k, e := range l {
		out[k] = fmt.Sprintf("%s %d", e.Status, e.Attempts)
	}
	return out
}

// wantAll is every sample email in one status, with these exceptions.
func wantAll(emails map[string]string, status string, except map[string]string) map[string]string {
	out := map[string]string{}
	for id := range emails {
		out[id+"/email"] = status
	}
	for _, id := range sampleLetters() {
		out[id+"/letter"] = "letter 0"
	}
	for k, v := range except {
		out[k] = v
	}
	return out
}

// TestSend: every affected sample passenger's message reaches the relay
// once, as the exact bytes whose digest the ledger keeps, with the
// envelope of the research (per-person bounce address, ENVID, RET=HDRS,
// NOTIFY=FAILURE,DELAY), the same bytes write makes but for the Date (the
// same Message-ID, which the ledger records); a second run sends nothing.
func TestSend(t *testing.T) {
	db := importSample(t)
	emails := sampleEmails(t, db)
	sk := newSink(t, nil)
	code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...)
	if code != 0 || !strings.Contains(stderr, "19 sent, 0 deferred, 0 failed") {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	ledger := ledgerOf(t, db)
	if diff := cmp.Diff(wantAll(emails, "sent 1", nil), statuses(ledger)); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
	got := sk.got()
	written := t.TempDir()
	if code, _, stderr := runCmd(t, nil, "", "write", "-store", db, "-out", written); code != 0 {
		t.Fatalf("write: %s", stderr)
	}
	files := readDir(t, written)
	for id, addr := range emails {
		msgs := got[addr]
		if len(msgs) != 1 {
			t.Errorf("%s: %d messages", id, len(msgs))
			continue
		}
		e := ledger[id+"/email"]
		if sum := sha256.Sum256(msgs[0]); !bytes.Equal(sum[:], e.Digest) {
			t.Errorf("%s: the digest in the ledger is not that of the message received", id)
		}
		if !bytes.Contains(msgs[0], []byte("\r\nMessage-ID: <"+e.MessageID+">\r\n")) || !messageIDForm.MatchString("<"+e.MessageID+">") ||
			!bytes.Contains([]byte(files[id+".eml"]), []byte("\r\nMessage-ID: <"+e.MessageID+">\r\n")) {
			t.Errorf("%s: the ledger's Message-ID %q is not that of the message sent and written", id, e.MessageID)
		}
		// The clock is fixed: the Date is the moment of sending, in UTC.
		if !bytes.Contains(msgs[0], []byte("\r\nDate: Thu, 25 Oct 2018 01:00:00 +0000\r\n")) || !e.MessageDate.Equal(fixedNow) {
			t.Errorf("%s: the ledger's Date %v, want %v in the message too", id, e.MessageDate, fixedNow)
		}
		if !strings.HasPrefix(e.Reply, "250 ") || e.SentAt.IsZero() {
			t.Errorf("%s: reply %q, sent at %v", id, e.Reply, e.SentAt)
		}
		wantEnv := "bounces+" + id + "@cathaypacific.com RET=HDRS ENVID=" + id + ".cathay-2018 NOTIFY=FAILURE,DELAY ORCPT=" + addr
		if env := sk.envelope[addr]; env != wantEnv {
			t.Errorf("%s: envelope %q, want %q", id, env, wantEnv)
		}
		// write dates a message when it renders it; send when it hands it
		// over.
		if dateless(msgs[0]) != dateless([]byte(files[id+".eml"])) {
			t.Errorf("%s: the message sent differs from the one write renders", id)
		}
	}
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...); code != 0 || !strings.Contains(stderr, "0 sent") {
		t.Errorf("a second send: exit %d\n%s", code, stderr)
	}
	if n := len(sk.got()[emails["P000001"]]); n != 1 {
		t.Errorf("after a second send P000001 has %d messages", n)
	}
}

// steppingClock is a clock, safe for concurrent use, that moves step
// forward at each reading, from fixedNow.
func steppingClock(step time.Duration) func() time.Time {
	var n atomic.Int64
	return func() time.Time { return fixedNow.Add(time.Duration(n.Add(1)) * step) }
}

// TestSendStampsDate: send dates each message when it hands it to the
// relay, not when it queued the people or rendered the message: with a
// clock that moves an hour at each reading, every message has a Date of
// its own, later than the queueing, that the ledger records with the
// digest of the bytes the relay got.
func TestSendStampsDate(t *testing.T) {
	db := importSample(t)
	emails := sampleEmails(t, db)
	sk := newSink(t, nil)
	code, _, stderr := runCmdClock(t.Context(), t, steppingClock(time.Hour), nil, "", sendArgs(db, sk, "-connections", "2")...)
	if code != 0 {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	ledger := ledgerOf(t, db)
	dates := map[time.Time]string{}
	for id, addr := range emails {
		msgs := sk.got()[addr]
		if len(msgs) != 1 {
			t.Errorf("%s: %d messages", id, len(msgs))
			continue
		}
		e := ledger[id+"/email"]
		m, err := mail.ReadMessage(bytes.NewReader(msgs[0]))
		if err != nil {
			t.Fatal(err)
		}
		date, err := m.Header.Date()
		if err != nil || !date.Equal(e.MessageDate) || !date.After(e.QueuedAt) {
			t.Errorf("%s: Date %v (%v); the ledger says %v, queued at %v", id, date, err, e.MessageDate, e.QueuedAt)
		}
		if other, ok := dates[date]; ok {
			t.Errorf("%s and %s have the same Date %v: not stamped each at its handing over", id, other, date)
		}
		dates[date] = id
		if sum := sha256.Sum256(msgs[0]); !bytes.Equal(sum[:], e.Digest) {
			t.Errorf("%s: the ledger's digest is not that of the message received", id)
		}
		if got := "<" + e.MessageID + ">"; m.Header.Get("Message-ID") != got {
			t.Errorf("%s: Message-ID %q, the ledger says %q", id, m.Header.Get("Message-ID"), got)
		}
	}
}

// dateless is a message without its Date field.
func dateless(b []byte) string {
	s := string(b)
	i := strings.Index(s, "\r\nDate: ")
	if i < 0 {
		return s
	}
	j := strings.Index(s[i+2:], "\r\n")
	return s[:i] + s[i+2+j:]
}

// oneOrTwo stands for either count of copies received.
const oneOrTwo = -1

// TestSendFaults injects the relay's faults and checks the ledger after
// each run.
func TestSendFaults(t *testing.T) {
	refuse := func(code int, enh smtp.EnhancedCode, msg string) error {
		return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: msg}
	}
	tests := []struct {
		name     string
		fault    func(emails map[string]string) func(cmd, who string, n int) error
		delay    time.Duration
		args     []string
		wantCode int
		wantErr  string
		// want is the ledger: every email sent once, but for these.
		want    func(emails map[string]string) map[string]string
		wantGot func(emails map[string]string) map[string]int // messages received, when not one each
	}{
		{
			name: "a recipient refused with 5xx",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "RCPT" && who == e["P000003"] {
						return refuse(550, smtp.EnhancedCode{5, 1, 1}, "no such user")
					}
					return nil
				}
			},
			want: func(e map[string]string) map[string]string {
				return wantAll(e, "sent 1", map[string]string{"P000003/email": "failed 1", "P000003/letter": "letter 0"})
			},
			wantGot: func(e map[string]string) map[string]int { return map[string]int{e["P000003"]: 0} },
		},
		{
			name: "a 4xx then success",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "RCPT" && who == e["P000004"] && n == 1 {
						return refuse(451, smtp.EnhancedCode{4, 3, 0}, "try later")
					}
					return nil
				}
			},
			want: func(e map[string]string) map[string]string {
				return wantAll(e, "sent 1", map[string]string{"P000004/email": "sent 2"})
			},
		},
		{
			name: "a 4xx every time, with two attempts",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "RCPT" && who == e["P000004"] {
						return refuse(452, smtp.EnhancedCode{4, 2, 2}, "mailbox full")
					}
					return nil
				}
			},
			args:     []string{"-attempts", "2"},
			wantCode: 1,
			wantErr:  "1 emails are still to send (deferred by the relay with a 4xx",
			want: func(e map[string]string) map[string]string {
				return wantAll(e, "sent 1", map[string]string{"P000004/email": "deferred 2"})
			},
			wantGot: func(e map[string]string) map[string]int { return map[string]int{e["P000004"]: 0} },
		},
		{
			name: "a connection dropped mid-DATA",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "DATA" && who == e["P000005"] && n == 1 {
						return errDrop
					}
					return nil
				}
			},
			args: []string{"-connections", "2"},
			want: func(e map[string]string) map[string]string {
				return wantAll(e, "sent 1", map[string]string{"P000005/email": "sent 2"})
			},
		},
		{
			// The relay takes the message but answers after -timeout: the
			// mailer cannot know, and sends again over a new connection;
			// the person has two copies with one Message-ID.
			name: "a relay answering after the timeout",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "DATA" && who == e["P000006"] && n == 1 {
						time.Sleep(500 * time.Millisecond)
					}
					return nil
				}
			},
			args: []string{"-timeout", "150ms"},
			want: func(e map[string]string) map[string]string {
				return wantAll(e, "sent 1", map[string]string{"P000006/email": "sent 2"})
			},
			// Whether the relay kept the first copy is the relay's business.
			wantGot: func(e map[string]string) map[string]int { return map[string]int{e["P000006"]: oneOrTwo} },
		},
		{
			name:  "a slow relay",
			delay: 20 * time.Millisecond,
			args:  []string{"-connections", "3"},
			want:  func(e map[string]string) map[string]string { return wantAll(e, "sent 1", nil) },
		},
		{
			name: "a relay refusing every recipient",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "RCPT" {
						return refuse(554, smtp.EnhancedCode{5, 7, 1}, "relay access denied")
					}
					return nil
				}
			},
			args:     []string{"-stop-after", "5", "-connections", "1"},
			wantCode: 1,
			wantErr:  "the relay refuses every recipient: 5 people in a row, none accepted since; the last reply: 554 5.7.1 relay access denied",
			want:     func(e map[string]string) map[string]string { return wantAll(e, "queued 0", nil) },
			wantGot: func(e map[string]string) map[string]int {
				out := map[string]int{}
				for _, a := range e {
					out[a] = 0
				}
				return out
			},
		},
		{
			// A quota reached mid-run: the people refused since the last
			// acceptance are not marked failed; the next run sends them.
			name: "a relay refusing everyone after five messages",
			fault: func(e map[string]string) func(string, string, int) error {
				var rcpts atomic.Int64
				return func(cmd, who string, n int) error {
					if cmd == "RCPT" && rcpts.Add(1) > 5 {
						return refuse(550, smtp.EnhancedCode{5, 7, 1}, "daily quota exceeded")
					}
					return nil
				}
			},
			args:     []string{"-stop-after", "5", "-connections", "1"},
			wantCode: 1,
			wantErr:  "5 people in a row, none accepted since; the last reply: 550 5.7.1 daily quota exceeded",
			want: func(e map[string]string) map[string]string {
				out := wantAll(e, "queued 0", nil)
				for _, id := range []string{"P000001", "P000002", "P000003", "P000004", "P000005"} {
					out[id+"/email"] = "sent 1"
				}
				return out
			},
			wantGot: func(e map[string]string) map[string]int {
				out := map[string]int{}
				for id, a := range e {
					if id > "P000005" {
						out[a] = 0
					}
				}
				return out
			},
		},
		{
			name: "a relay refusing the sender",
			fault: func(e map[string]string) func(string, string, int) error {
				return func(cmd, who string, n int) error {
					if cmd == "MAIL" {
						return refuse(550, smtp.EnhancedCode{5, 7, 1}, "sender domain not allowed")
					}
					return nil
				}
			},
			wantCode: 1,
			wantErr:  "refuses the sender bounces+…@cathaypacific.com: 550 5.7.1 sender domain not allowed",
			want:     func(e map[string]string) map[string]string { return wantAll(e, "queued 0", nil) },
			wantGot: func(e map[string]string) map[string]int {
				out := map[string]int{}
				for _, a := range e {
					out[a] = 0
				}
				return out
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := importSample(t)
			emails := sampleEmails(t, db)
			var fault func(string, string, int) error
			if tt.fault != nil {
				fault = tt.fault(emails)
			}
			sk := newSink(t, fault)
			sk.delay.Store(int64(tt.delay))
			code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, tt.wantCode, tt.wantErr, stderr)
			}
			if diff := cmp.Diff(tt.want(emails), statuses(ledgerOf(t, db))); diff != "" {
				t.Errorf("ledger (-want +got):\n%s", diff)
			}
			wantGot := map[string]int{}
			for _, a := range emails {
				wantGot[a] = 1
			}
			if tt.wantGot != nil {
				for a, n := range tt.wantGot(emails) {
					wantGot[a] = n
				}
			}
			gotN := map[string]int{}
			for _, a := range emails {
				gotN[a] = len(sk.got()[a])
				if wantGot[a] == oneOrTwo && (gotN[a] == 1 || gotN[a] == 2) {
					gotN[a] = oneOrTwo
				}
			}
			if diff := cmp.Diff(wantGot, gotN); diff != "" {
				t.Errorf("messages received per address (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSendFlags: the relay's password never comes from the command line,
// and a relay without STARTTLS is refused unless the run says otherwise.
func TestSendFlags(t *testing.T) {
	db := importSample(t)
	sk := newSink(t, nil)
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no relay", nil, []string{"send", "-store", db}, 2, "needs -relay"},
		{"a password in the URL", nil, []string{"send", "-store", db, "-relay", "smtp://u:secret@" + sk.addr}, 2, "no password on the command line"},
		{"another scheme", nil, []string{"send", "-store", db, "-relay", "http://" + sk.addr}, 2, "want smtp:// or smtps://"},
		{"a user without a password", nil, []string{"send", "-store", db, "-relay", "smtp://u@" + sk.addr}, 2, `the relay user "u" has no password`},
		{"no STARTTLS", nil, []string{"send", "-store", db, "-relay", "smtp://" + sk.addr}, 1, "STARTTLS"},
		{"nothing listening", nil, []string{"send", "-store", db, "-relay", "smtp://127.0.0.1:1", "-insecure-plaintext"}, 1, "cannot be reached"},
		{"credentials the relay cannot take", map[string]string{envUser: "u", envPassword: "p"}, sendArgs(db, sk), 1, "offers no AUTH"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tt.env, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d with %q:\n%s", code, tt.code, tt.want, stderr)
			}
			if strings.Contains(stderr, "secret") {
				t.Errorf("the password is printed:\n%s", stderr)
			}
		})
	}
	if got := slices.Collect(func(yield func(string) bool) {
		for k := range sk.got() {
			yield(k)
		}
	}); len(got) != 0 {
		t.Errorf("messages sent by refused runs: %v", got)
	}
}

// TestSendPause: a send interrupted (Ctrl-C, SIGTERM) stops after what it
// has in hand, records it, says how to go on, and the same command then
// sends the rest: everyone once.
func TestSendPause(t *testing.T) {
	db := importSample(t)
	emails := sampleEmails(t, db)
	sk := newSink(t, nil)
	sk.delay.Store(int64(20 * time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(sk.got()) < 3 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	code, _, stderr := runCmdContext(ctx, t, nil, "", sendArgs(db, sk, "-connections", "1")...)
	if code != 1 || !strings.Contains(stderr, "run the same command again to go on") {
		t.Errorf("interrupted: exit %d\n%s", code, stderr)
	}
	sent := 0
	for _, e := range ledgerOf(t, db) {
		if e.Status.String() == "sent" {
			sent++
		}
	}
	if received := len(sk.got()); sent != received || sent == len(emails) {
		t.Errorf("after the pause the ledger has %d sent, the relay %d received, of %d", sent, received, len(emails))
	}
	sk.delay.Store(0)
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...); code != 0 {
		t.Fatalf("resumed: exit %d\n%s", code, stderr)
	}
	for id, addr := range emails {
		if n := len(sk.got()[addr]); n != 1 {
			t.Errorf("%s received %d messages", id, n)
		}
	}
}

// TestNoEmailIsALetter: a person in the store without an email address is
// queued as a letter, and nothing is sent for them.
func TestNoEmailIsALetter(t *testing.T) {
	db := importSample(t)
	ctx := context.Background()
	inc, err := sample.LoadIncident("seed")
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenSQLite(ctx, db, store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)}, store.SQLiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	policy, err := sample.Policy(inc)
	if err != nil {
		t.Fatal(err)
	}
	p := store.Person{ID: "L1", Line: 99, Name: "Letter Only", Language: "en", Exposed: inc.Exposed, AddressLines: []string{"1 Harbour Road"}, Country: "HK"}
	p.Tier = policy.Assess(p.Exposed).Tier()
	if errs, err := s.Put(ctx, []store.Person{p}); err != nil || errs[0] != nil {
		t.Fatal(err, errs)
	}
	s.Close()
	sk := newSink(t, nil)
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...); code != 0 {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	l := ledgerOf(t, db)
	if e, ok := l["L1/letter"]; !ok || e.Status.String() != "letter" || e.Reply != "no email address" {
		t.Errorf("L1's letter: %+v", e)
	}
	if _, ok := l["L1/email"]; ok || len(sk.got()) != 19 {
		t.Errorf("an email for L1, or %d messages sent, want 19", len(sk.got()))
	}
}

// TestSendRate: -rate holds the run to that many messages per second
// (after a burst of one per connection).
func TestSendRate(t *testing.T) {
	db := importSample(t)
	sk := newSink(t, nil)
	start := time.Now()
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk, "-rate", "40", "-connections", "2")...); code != 0 {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	// 19 messages, 2 at once, then 40 a second: at least 17/40 s.
	if elapsed := time.Since(start); elapsed < 400*time.Millisecond || len(sk.got()) != 19 {
		t.Errorf("19 messages at -rate 40 took %v (%d received); want at least 425ms", elapsed, len(sk.got()))
	}
}
