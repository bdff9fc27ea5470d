package main

import (
	"bytes"
	"context"
	"fmt"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// maxSpamScore is the most SpamAssassin may give a notice: well below its
// default threshold of 5.0, so that a receiver's network and Bayes rules,
// which this test cannot run, have room before the notice is spam.
const maxSpamScore = 2.0

// spamAssassin returns the path of Debian's spamassassin; without it, it
// skips the test, saying how to install it, or under CI, where it must
// run, fails.
func spamAssassin(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("spamassassin")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("spamassassin is not installed: .ci/run installs it (apt-get install spamassassin)")
		}
		t.Skip("spamassassin is not installed: `sudo apt-get install --no-install-recommends spamassassin` (Debian), as .ci/run does, to run this test")
	}
	return path
}

// spamCase is one message as a receiver's SpamAssassin sees it.
type spamCase struct {
	label     string // "seed P000003 vi, now"
	messageID string
	file      string
	score     float64
	rules     string // RULE=score,...
}

// TestSpamScores scores every sample message of both sample incidents
// with SpamAssassin's local rules (no network tests, no Bayes: the rules
// and scores Debian's spamassassin ships) as a receiver gets it, and
// fails when one scores above maxSpamScore, printing the rules that
// fired. Each message is sent by mailer send to an in-process relay and
// given the Return-Path and Received fields a receiving MX adds, dated a
// few seconds after the relay got it, in two cases:
//
//   - now: queued and handed to the relay at once;
//   - 24 hours later: queued, deferred by the relay (4xx), and handed over
//     a day later. A Date stamped at queueing or rendering, as the mailer
//     once did, is then a day old when it arrives (DATE_IN_PAST_24_48);
//     a Date stamped at the handing over is not.
//
// All messages go to a few spamassassin processes (one per CPU), many
// files each: starting one costs a second or two.
func TestSpamScores(t *testing.T) {
	sa := spamAssassin(t)
	dir := t.TempDir()
	t0 := time.Now().UTC().Truncate(time.Second)
	var cases []*spamCase
	for _, incident := range []string{"seed", "cards"} {
		for _, lag := range []struct {
			name  string
			after time.Duration
		}{{"now", 0}, {"24 h later", 24 * time.Hour}} {
			cases = append(cases, sendForScoring(t, dir, incident, lag.name, t0, lag.after)...)
		}
	}
	start := time.Now()
	cpu := scoreAll(t, sa, cases)
	t.Logf("SpamAssassin scored %d messages in %v (%v of CPU)", len(cases), time.Since(start).Round(time.Millisecond), cpu.Round(time.Millisecond))
	var table strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&table, "\n%-32s %4.1f  %s", c.label, c.score, c.rules)
		if c.score > maxSpamScore {
			t.Errorf("%s scores %.1f, above %.1f; the rules that fired: %s", c.label, c.score, maxSpamScore, c.rules)
		}
	}
	t.Logf("scores:%s", table.String())
}

// sendForScoring imports the sample passengers of incident, sends them
// with mailer send handing every message over at t0+after (queued at
// t0), and writes each message the relay got into dir as the receiver
// stores it: with Return-Path and Received fields on top.
func sendForScoring(t *testing.T, dir, incident, lagName string, t0 time.Time, after time.Duration) []*spamCase {
	t.Helper()
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, "", "import", "-incident", incident, "-store", db); code != 0 {
		t.Fatalf("import %s: %s", incident, stderr)
	}
	var refuse atomic.Bool
	sk := newSink(t, func(cmd, who string, n int) error {
		if cmd == "RCPT" && refuse.Load() {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
		return nil
	})
	ctx := context.Background()
	if after > 0 {
		// Queued at t0, and the relay defers everyone.
		refuse.Store(true)
		code, _, stderr := runCmdClock(ctx, t, func() time.Time { return t0 }, nil, "", sendArgs(db, sk, "-incident", incident, "-attempts", "1")...)
		if code != 1 || !strings.Contains(stderr, "still to send") {
			t.Fatalf("%s: the deferred run: exit %d\n%s", incident, code, stderr)
		}
		refuse.Store(false)
	}
	handover := t0.Add(after)
	code, _, stderr := runCmdClock(ctx, t, func() time.Time { return handover }, nil, "", sendArgs(db, sk, "-incident", incident, "-attempts", "2")...)
	if code != 0 {
		t.Fatalf("%s: send: exit %d\n%s", incident, code, stderr)
	}
	received := handover.Add(5 * time.Second)
	var out []*spamCase
	got := sk.got()
	addrs := slices.Sorted(func(yield func(string) bool) {
		for a := range got {
			if !yield(a) {
				return
			}
		}
	})
	for _, addr := range addrs {
		msg := got[addr][len(got[addr])-1]
		m, err := mail.ReadMessage(bytes.NewReader(msg))
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		date, err := m.Header.Date()
		if err != nil || !date.Equal(handover) {
			t.Errorf("%s: Date %v (%v), want the moment of the handing over, %v", addr, date, err, handover)
		}
		from, err := mail.ParseAddress(m.Header.Get("From"))
		if err != nil {
			t.Fatalf("%s: From: %v", addr, err)
		}
		domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
		returnPath, _, _ := strings.Cut(sk.envelope[addr], " ")
		// What a receiving MX puts above the message: the envelope sender,
		// and its Received field for a sending MTA set up as it should be
		// (a name in the sender's domain that matches its address, TLS).
		var full bytes.Buffer
		fmt.Fprintf(&full, "Return-Path: <%s>\r\n", returnPath)
		fmt.Fprintf(&full, "Received: from mta1.notices.%s (mta1.notices.%s [52.0.0.10])\r\n\tby mx1.example.net (Postfix) with ESMTPS id 4BK%X\r\n\tfor <%s>; %s\r\n",
			domain, domain, len(out)+1, addr, received.Format(time.RFC1123Z))
		full.Write(msg)
		id := strings.Trim(m.Header.Get("Message-ID"), "<>")
		person, _, _ := strings.Cut(id, ".")
		c := &spamCase{
			label:     fmt.Sprintf("%s %s %s, %s", incident, person, m.Header.Get("Content-Language"), lagName),
			messageID: id,
			file:      filepath.Join(dir, fmt.Sprintf("%s-%s-%d.eml", incident, person, after/time.Hour)),
		}
		if err := os.WriteFile(c.file, full.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no message reached the relay", incident)
	}
	return out
}

// scoreAll runs spamassassin over the cases, a share in each of a few
// processes at once, fills in their scores, and returns the CPU time the
// processes took.
func scoreAll(t *testing.T, sa string, cases []*spamCase) time.Duration {
	t.Helper()
	home := t.TempDir() // spamassassin writes its user preferences there
	procs := min(runtime.GOMAXPROCS(0), len(cases))
	var cpu atomic.Int64
	var wg sync.WaitGroup
	for k := range procs {
		share := cases[len(cases)*k/procs : len(cases)*(k+1)/procs]
		wg.Go(func() {
			// -L: local tests only (no DNS, no Razor or Pyzor); no Bayes;
			// each message gets a field with its score and the rules that
			// fired, and the Message-ID, to tie the answer to the file.
			args := []string{"-L", "-t", "--cf=use_bayes 0",
				"--cf=add_header all Check _HEADER(Message-ID)_ _SCORE_ _TESTSSCORES(,)_"}
			for _, c := range share {
				args = append(args, c.file)
			}
			cmd := exec.Command(sa, args...)
			cmd.Env = append(os.Environ(), "HOME="+home)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if cmd.ProcessState != nil {
				cpu.Add(int64(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()))
			}
			if err != nil {
				t.Errorf("spamassassin: %v\n%s", err, stderr.String())
				return
			}
			checks := spamChecks(out)
			if len(checks) != len(share) {
				t.Errorf("spamassassin answered for %d messages of %d\n%s", len(checks), len(share), stderr.String())
				return
			}
			for i, c := range share {
				f := strings.Fields(checks[i])
				if len(f) < 2 || strings.Trim(f[0], "<>") != c.messageID {
					t.Errorf("%s: spamassassin's answer %q is for another message", c.label, checks[i])
					continue
				}
				var err error
				if c.score, err = strconv.ParseFloat(f[1], 64); err != nil {
					t.Errorf("%s: score %q: %v", c.label, f[1], err)
				}
				if len(f) > 2 {
					c.rules = strings.Join(f[2:], "")
				}
			}
		})
	}
	wg.Wait()
	return time.Duration(cpu.Load())
}

// spamChecks returns the X-Spam-Check fields of spamassassin's output,
// unfolded, in the order of the messages.
func spamChecks(out []byte) []string {
	var checks []string
	lines := strings.Split(strings.ReplaceAll(string(out), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		v, ok := strings.CutPrefix(lines[i], "X-Spam-Check: ")
		if !ok {
			continue
		}
		for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "\t")) {
			i++
			v += " " + strings.TrimSpace(lines[i])
		}
		checks = append(checks, v)
	}
	return checks
}
