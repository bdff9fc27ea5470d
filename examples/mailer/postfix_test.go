package main

import (
	"bytes"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breachkit/breachkit/examples/sample"
)

// postfix returns the address of the local postfix that .ci/postfix
// configures, and its mail folder; without one it skips the test, saying
// how to run it, or under CI, where it must run, fails.
func postfix(t *testing.T) (addr, mail string) {
	t.Helper()
	addr, mail = os.Getenv("BREACHKIT_POSTFIX"), os.Getenv("BREACHKIT_POSTFIX_MAIL")
	if addr == "" || mail == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("BREACHKIT_POSTFIX is not set: .ci/run starts postfix for this test")
		}
		t.Skip("no local postfix: run `eval $(sudo bash .ci/postfix)` (Debian) to start one for this test, as .ci/run does")
	}
	return addr, mail
}

// newFiles waits until dir holds at least n files not in old, and
// returns them.
func newFiles(t *testing.T, dir string, old map[string]bool, n int) []string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var out []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !old[e.Name()] {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
		if len(out) >= n || time.Now().After(deadline) {
			return out
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func names(dir string) map[string]bool {
	out := map[string]bool{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		out[e.Name()] = true
	}
	return out
}

// TestPostfix sends the sample, and one person whose address does not
// exist, through a real MTA: every message arrives once, byte for byte
// what the ledger's digest says, and the unknown address comes back as a
// DSN that mailer bounces turns into a letter.
func TestPostfix(t *testing.T) {
	addr, mail := postfix(t)
	sink, bounceBox := filepath.Join(mail, "sink", "new"), filepath.Join(mail, "bounces", "new")
	oldSink, oldBounces := names(sink), names(bounceBox)

	passengers, err := io.ReadAll(sample.PassengerFile())
	if err != nil {
		t.Fatal(err)
	}
	passengers = append(passengers, `{"id":"U1","name":"No One","email":"unknown.person@example.com","exposed":["name","email"]}`+"\n"...)
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, string(passengers), "import", "-store", db, "-in", "-"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	emails := sampleEmails(t, db)
	start := time.Now()
	code, _, stderr := runCmd(t, nil, "", "send", "-store", db, "-relay", "smtp://"+addr, "-insecure-plaintext", "-bounce", "bounces@bounce.test")
	if code != 0 {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	ledger := ledgerOf(t, db)
	arrived := newFiles(t, sink, oldSink, len(emails)-1)
	t.Logf("%d messages accepted by postfix and in the maildir %v after the send began", len(arrived), time.Since(start).Round(time.Millisecond))
	perID := map[string]int{}
	for _, f := range arrived {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// postfix puts Return-Path, Delivered-To and Received above the
		// message, and stores lines with LF.
		i := bytes.Index(b, []byte("\nFrom: "))
		if i < 0 {
			t.Errorf("%s: no From field", f)
			continue
		}
		msg := bytes.ReplaceAll(b[i+1:], []byte("\n"), []byte("\r\n"))
		var id string
		for l := range strings.SplitSeq(string(msg), "\r\n") {
			if v, ok := strings.CutPrefix(l, "Message-ID: <"); ok {
				id, _, _ = strings.Cut(v, ".")
				break
			}
		}
		perID[id]++
		sum := sha256.Sum256(msg)
		if e, ok := ledger[id+"/email"]; !ok || !bytes.Equal(e.Digest, sum[:]) {
			t.Errorf("%s: the message delivered is not the one whose digest the ledger keeps", id)
		}
	}
	for id := range emails {
		if id != "U1" && perID[id] != 1 {
			t.Errorf("%s arrived %d times", id, perID[id])
		}
	}
	dsns := newFiles(t, bounceBox, oldBounces, 1)
	if len(dsns) == 0 {
		t.Fatal("no DSN came back for unknown.person@example.com")
	}
	box := t.TempDir()
	for _, f := range dsns {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(box, filepath.Base(f)), b, 0o644)
	}
	code, _, stderr = runCmd(t, nil, "", "bounces", "-store", db, box)
	if code != 0 || !strings.Contains(stderr, "1 bounced (a letter is due)") {
		t.Errorf("bounces: exit %d\n%s", code, stderr)
	}
	ledger = ledgerOf(t, db)
	if e := ledger["U1/email"]; e.Status.String() != "bounced" || !strings.Contains(e.Reply, "5.1.1") {
		t.Errorf("U1's email: %s %q", e.Status, e.Reply)
	}
	if e := ledger["U1/letter"]; e.Status.String() != "letter" {
		t.Errorf("U1 has no letter due: %+v", e)
	}
}
