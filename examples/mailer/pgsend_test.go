package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/internal/pgtest"
)

// TestPostgresTwoSenders: two mailer send runs share one PostgreSQL store
// and send everyone exactly once between them; the batch a crashed sender
// had claimed (its lease left behind) is taken by the others once the
// lease runs out.
func TestPostgresTwoSenders(t *testing.T) {
	url := pgtest.Schema(t, "mailer_send")
	if code, _, stderr := runCmd(t, nil, "", "import", "-synthetic", "1500", "-store", url); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	emails := sampleEmails(t, url)
	sk := newSink(t, nil)
	sk.delay.Store(int64(100 * time.Microsecond))

	// A sender that died holding a batch: queue everyone, claim some for
	// a lease of a second, and never come back.
	ctx := context.Background()
	if code, _, stderr := runCmd(t, nil, "", "send", "-store", url, "-relay", "smtp://"+sk.addr, "-insecure-plaintext", "-limit", "1"); code != 1 {
		t.Fatalf("a first send of one message: exit %d\n%s", code, stderr)
	}
	s, err := openAny(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	dead, err := s.Claim(ctx, store.Claim{Owner: "dead", Now: time.Now(), Lease: time.Second, MaxAttempts: 5, N: 100})
	s.Close()
	if err != nil || len(dead) != 100 {
		t.Fatalf("the dead sender's claim: %d, %v", len(dead), err)
	}

	var wg sync.WaitGroup
	var codes [2]int
	var logs [2]string
	for i := range 2 {
		wg.Go(func() {
			codes[i], _, logs[i] = runCmd(t, nil, "", "send", "-store", url, "-relay", "smtp://"+sk.addr, "-insecure-plaintext", "-connections", "2")
		})
	}
	wg.Wait()
	sentRE := regexp.MustCompile(`send: (\d+) sent`)
	total := 1
	for i := range 2 {
		if codes[i] != 0 {
			t.Errorf("sender %d: exit %d\n%s", i, codes[i], logs[i])
		}
		if m := sentRE.FindStringSubmatch(logs[i]); m != nil {
			n, _ := strconv.Atoi(m[1])
			total += n
			t.Logf("sender %d sent %d", i, n)
		}
	}
	got := sk.got()
	for id, addr := range emails {
		if n := len(got[addr]); n != 1 {
			t.Errorf("%s received %d messages", id, n)
		}
	}
	if total != len(emails) {
		t.Errorf("the senders say they sent %d, want %d", total, len(emails))
	}
	want := map[string]string{}
	for id := range emails {
		want[id+"/email"] = "sent"
	}
	gotStatus := map[string]string{}
	for k, e := range ledgerOf(t, url) {
		gotStatus[k] = e.Status.String()
	}
	for k, v := range want {
		if gotStatus[k] != v {
			t.Errorf("%s: %s, want %s", k, gotStatus[k], v)
		}
	}
	// status and report read the PostgreSQL ledger as they read SQLite's.
	code, out, stderr := runCmd(t, nil, "", "status", "-store", url)
	if code != 0 || !strings.Contains(out, "email sent") || !strings.Contains(strings.Join(strings.Fields(out), " "), "all "+strconv.Itoa(len(emails))) {
		t.Errorf("status: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCmd(t, nil, "", "report", "-store", url, "-format", "json")
	if code != 0 || strings.Count(out, "\n") != len(emails) {
		t.Errorf("report: exit %d, %d lines, want %d\n%s", code, strings.Count(out, "\n"), len(emails), stderr)
	}
}
