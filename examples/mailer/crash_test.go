package main

import (
	"bytes"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestKill9: a real mailer send, killed with SIGKILL mid-run, then run
// again: everyone gets their message, and a second copy goes only to
// those whose 250 came before the ledger's write, with the same bytes but
// for the Date of its own handing over (the same Message-ID). The test
// counts, per person, what the relay received, and checks that the
// ledger's digest is that of the copy it records, the last.
func TestKill9(t *testing.T) {
	db := filepath.Join(t.TempDir(), "people.db")
	if code, _, stderr := runCmd(t, nil, "", "import", "-synthetic", "1500", "-store", db); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	emails := sampleEmails(t, db)
	people := len(emails)
	sk := newSink(t, nil)
	sk.delay.Store(int64(200 * time.Microsecond))
	args := "send -store " + db + " -relay smtp://" + sk.addr + " -insecure-plaintext -connections 2"
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "BREACHKIT_MAILER_MAIN=1", "BREACHKIT_MAILER_ARGS="+args)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(sk.got()) < 300 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	time.Sleep(200 * time.Millisecond) // the sink finishes what reached it before the kill
	sk.delay.Store(0)
	before := len(sk.got())
	if before >= people {
		t.Fatalf("the run ended before it was killed (%d sent):\n%s", before, stderr.String())
	}
	ledger := ledgerOf(t, db)
	recorded := 0
	for _, e := range ledger {
		if e.SentAt.IsZero() == false {
			recorded++
		}
	}
	start := time.Now()
	code, _, errOut := runCmd(t, nil, "", "send", "-store", db, "-relay", "smtp://"+sk.addr, "-insecure-plaintext", "-connections", "2")
	if code != 0 {
		t.Fatalf("the rerun: exit %d\n%s", code, errOut)
	}
	resumed := time.Since(start)
	got := sk.got()
	twice, missing := 0, 0
	ledger = ledgerOf(t, db)
	for id, addr := range emails {
		msgs := got[addr]
		switch {
		case len(msgs) == 0:
			missing++
			continue
		case len(msgs) == 2:
			twice++
			if dateless(msgs[0]) != dateless(msgs[1]) {
				t.Errorf("%s: the second copy differs from the first in more than its Date", addr)
			}
		case len(msgs) > 2:
			t.Errorf("%s: %d copies", addr, len(msgs))
		}
		last := msgs[len(msgs)-1]
		if sum := sha256.Sum256(last); !bytes.Equal(sum[:], ledger[id+"/email"].Digest) {
			t.Errorf("%s: the ledger's digest is not that of the last copy received", id)
		}
	}
	// At most what was between the relay's 250 and the ledger: the batch
	// being gathered, the outcomes waiting for the writer, and one message
	// per connection.
	bound := 2*writeBatch + 2
	t.Logf("killed after %d messages received, %d recorded as sent; the rerun took %v; %d people got a second copy (bound %d)",
		before, recorded, resumed.Round(time.Millisecond), twice, bound)
	if missing > 0 || twice > bound || twice != before-recorded {
		t.Errorf("%d people got nothing and %d got two copies (want 0, and %d = received %d - recorded %d, at most %d)",
			missing, twice, before-recorded, before, recorded, bound)
	}
}
