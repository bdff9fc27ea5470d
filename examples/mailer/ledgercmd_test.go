package main

import (
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"github.com/breachkit/breachkit/examples/sample"
	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/notice"
)

// sentSample imports the sample and sends it to a sink that refuses
// P000003 with a 5xx.
func sentSample(t *testing.T) (db string, emails map[string]string) {
	t.Helper()
	db = importSample(t)
	emails = sampleEmails(t, db)
	sk := newSink(t, func(cmd, who string, n int) error {
		if cmd == "RCPT" && who == emails["P000003"] {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	})
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...); code != 0 {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	return db, emails
}

// TestStatusAndReport: status counts the ledger per channel and status,
// tier and language; report writes one record per person and channel, as
// CSV or JSON Lines, with the categories only when asked.
func TestStatusAndReport(t *testing.T) {
	db, emails := sentSample(t)
	code, out, stderr := runCmd(t, nil, "", "status", "-store", db)
	if code != 0 {
		t.Fatalf("status: exit %d\n%s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	// One letter for the failed email, one for each person without one.
	letters := 1 + len(sampleLetters())
	if len(lines) < 3 || strings.Join(strings.Fields(lines[1]), " ") != "email sent email failed letter letter" ||
		strings.Join(strings.Fields(lines[2]), " ") != fmt.Sprintf("all 18 1 %d", letters) {
		t.Errorf("status:\n%s", out)
	}

	code, out, stderr = runCmd(t, nil, "", "report", "-store", db)
	if code != 0 {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(reportHeader, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(recs) != 1+len(emails)+letters {
		t.Errorf("%d records, want %d emails and %d letters", len(recs)-1, len(emails), letters)
	}
	byKey := map[string][]string{}
	for _, r := range recs[1:] {
		byKey[r[0]+"/"+r[1]] = r
	}
	if r := byKey["P000003/email"]; r[2] != "failed" || r[9] != "550 5.1.1 no such user" || r[8] == "" {
		t.Errorf("P000003's email: %q", r)
	}
	if r := byKey["P000003/letter"]; r[2] != "letter" {
		t.Errorf("P000003's letter: %q", r)
	}
	if r := byKey["P000001/email"]; r[2] != "sent" || !messageIDForm.MatchString("<"+r[7]+">") || !strings.HasPrefix(r[7], "P000001.cathay-2018.") || len(r[8]) != 64 || r[5] == "" {
		t.Errorf("P000001's email: %q", r)
	}
	if strings.Contains(out, "passport") {
		t.Errorf("categories in a report that did not ask for them")
	}

	code, out, stderr = runCmd(t, nil, "", "report", "-store", db, "-format", "json", "-details")
	if code != 0 {
		t.Fatalf("report json: exit %d\n%s", code, stderr)
	}
	var first reportRecord
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.ID != "P000001" || first.Exposed != "name,email,passport_number" || first.Status != "sent" {
		t.Errorf("the first JSON record: %+v", first)
	}
	if code, _, stderr := runCmd(t, nil, "", "report", "-store", db, "-format", "xml"); code != 2 || !strings.Contains(stderr, "want csv or json") {
		t.Errorf("-format xml: exit %d\n%s", code, stderr)
	}
}

// dsnMessage is a delivery status notification as postfix writes one, for
// a message sent by the mailer to person id.
func dsnMessage(to, envid, recipient, action, status, msgID string) string {
	return fmt.Sprintf(`From: MAILER-DAEMON@relay.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: %s
Date: Thu, 25 Oct 2018 10:00:00 +0800
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.test
X-Postfix-Queue-ID: 9A8E6B600B
Original-Envelope-Id: %s
Arrival-Date: Thu, 25 Oct 2018 09:59:59 +0800

Final-Recipient: rfc822; %s
Original-Recipient: rfc822;%s
Action: %s
Status: %s
Diagnostic-Code: smtp; 550 %s no such user here

--B1
Content-Type: text/rfc822-headers

From: Cathay Pacific <notices@cathaypacific.com>
Message-ID: <%s>
Subject: notice

--B1--
`, to, envid, recipient, recipient, action, status, status, msgID)
}

// TestBounces: notifications in a maildir are matched by envelope id,
// bounce address or Message-ID; a failure becomes bounced with a letter
// due, a delay deferred (not sent again); the same notifications again
// from an mbox change nothing.
func TestBounces(t *testing.T) {
	db, emails := sentSample(t)
	msgs := []string{
		// matched by ENVID
		dsnMessage("<bounces+P000004@cathaypacific.com>", "P000004.cathay-2018", emails["P000004"], "failed", "5.1.1", "P000004.cathay-2018@cathaypacific.com"),
		// matched by the bounce address only
		dsnMessage("<bounces+P000005@cathaypacific.com>", "", emails["P000005"], "delayed", "4.2.2", "x@y"),
		// matched by the Message-ID only
		dsnMessage("<postmaster@cathaypacific.com>", "", emails["P000006"], "failed", "5.2.1", "P000006.cathay-2018@cathaypacific.com"),
		// another incident's
		dsnMessage("<postmaster@cathaypacific.com>", "Q1.other", "q@example.com", "failed", "5.1.1", "Q1.other@x"),
		"From: someone@example.com\nSubject: Out of office\n\nI am away.\n",
	}
	dir := t.TempDir()
	for _, sub := range []string{"new", "cur", "tmp"} {
		os.Mkdir(filepath.Join(dir, sub), 0o755)
	}
	for i, m := range msgs {
		os.WriteFile(filepath.Join(dir, "new", fmt.Sprintf("%d.dsn", i)), []byte(strings.ReplaceAll(m, "\n", "\r\n")), 0o644)
	}
	code, _, stderr := runCmd(t, nil, "", "bounces", "-store", db, dir)
	if code != 0 || !strings.Contains(stderr, "4 recipients in the notifications: 2 bounced (a letter is due), 1 delayed, 0 already recorded, 1 not matched, 0 other actions; 1 messages were not delivery status notifications") {
		t.Errorf("bounces: exit %d\n%s", code, stderr)
	}
	want := wantAll(emails, "sent 1", map[string]string{
		"P000003/email": "failed 1", "P000003/letter": "letter 0",
		"P000004/email": "bounced 1", "P000004/letter": "letter 0",
		"P000005/email": "deferred 1",
		"P000006/email": "bounced 1", "P000006/letter": "letter 0",
	})
	if diff := cmp.Diff(want, statuses(ledgerOf(t, db))); diff != "" {
		t.Errorf("ledger (-want +got):\n%s", diff)
	}
	var mbox strings.Builder
	for _, m := range msgs[:3] {
		mbox.WriteString("From MAILER-DAEMON Thu Oct 25 10:00:00 2018\n" + m + "\n")
	}
	code, _, stderr = runCmd(t, nil, mbox.String(), "bounces", "-store", db, "-")
	if code != 0 || !strings.Contains(stderr, "3 recipients in the notifications: 0 bounced (a letter is due), 0 delayed, 3 already recorded") {
		t.Errorf("the same again as an mbox: exit %d\n%s", code, stderr)
	}
	if diff := cmp.Diff(want, statuses(ledgerOf(t, db))); diff != "" {
		t.Errorf("ledger after the mbox (-want +got):\n%s", diff)
	}
	// A deferred DSN does not send again: the relay has the message.
	sk := newSink(t, nil)
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...); code != 0 || len(sk.got()) != 0 {
		t.Errorf("send after the bounces: exit %d, %d messages\n%s", code, len(sk.got()), stderr)
	}
}

// codePattern finds a verification code as a notice writes it.
var codePattern = regexp.MustCompile(`\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b`)

// TestCodeChecksReport: send records the digest of each notice's code as
// it queues it (and of the letter a failure puts due); the code in the
// email the relay received is found through the store, as the portal
// checks it, and its checks, and those of codes never issued, appear in
// "report -codes" and in the normal report's summary, naming no one.
func TestCodeChecksReport(t *testing.T) {
	db := importSample(t)
	emails := sampleEmails(t, db)
	sk := newSink(t, func(cmd, who string, n int) error {
		if cmd == "RCPT" && who == emails["P000003"] {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	})
	if code, _, stderr := runCmd(t, nil, "", sendArgs(db, sk)...); code != 0 {
		t.Fatalf("send: exit %d\n%s", code, stderr)
	}
	sk.mu.Lock()
	msgs := sk.received[emails["P000001"]]
	sk.mu.Unlock()
	if len(msgs) != 1 {
		t.Fatalf("P000001 received %d messages", len(msgs))
	}
	// The text part as its reader sees it, decoded from its transfer
	// encoding.
	typed := codePattern.FindString(parseMessage(t, "P000001's email", msgs[0]).text)
	if typed == "" {
		t.Fatalf("no verification code in P000001's email:\n%s", msgs[0])
	}
	code, err := notice.ParseVerificationCode(typed)
	if err != nil {
		t.Fatal(err)
	}
	key := []byte(sample.SampleCodeKey)
	letter, err := notice.DeriveCode(key, sample.MustIncident("seed").ID, "P000003", notice.ChannelLetter)
	if err != nil {
		t.Fatal(err)
	}

	// The portal's checks, straight on the store, opened as it opens it.
	ctx := context.Background()
	inc := sample.MustIncident("seed")
	s, err := store.OpenSQLite(ctx, db, store.Binding{Incident: inc.ID, Scoring: store.ScoringOf(inc.Exposed, inc.NotExposed, inc.Circumstances)},
		store.SQLiteOptions{ReadOnly: true, RecordChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	first, later := time.Date(2018, 10, 26, 8, 0, 0, 0, time.UTC), time.Date(2018, 10, 27, 9, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		digest    [16]byte
		malformed bool
		at        time.Time
		issued    bool
	}{
		{code.Digest(key), false, first, true},
		{code.Digest(key), false, later, true},
		{letter.Digest(key), false, first, true},
		{letter.Digest([]byte("another verification code key")), false, first, false},
		{code.Digest(key), true, later, false},
	} {
		if _, issued, err := s.CheckCode(ctx, store.CodeCheck{Digest: c.digest, Malformed: c.malformed, At: c.at}); issued != c.issued || err != nil {
			t.Errorf("check of %x: issued %v, %v; want %v", c.digest[:4], issued, err, c.issued)
		}
	}
	s.Close()

	exit, out, stderr := runCmd(t, nil, "", "report", "-store", db, "-codes")
	if exit != 0 {
		t.Fatalf("report -codes: exit %d\n%s", exit, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	emailDigest, letterDigest := code.Digest(key), letter.Digest(key)
	want := [][]string{
		codeReportHeader,
		{"issued", hex.EncodeToString(emailDigest[:8]), "email", "", "2", "2018-10-26T08:00:00Z", "2018-10-27T09:30:00Z"},
		{"issued", hex.EncodeToString(letterDigest[:8]), "letter", "", "1", "2018-10-26T08:00:00Z", "2018-10-26T08:00:00Z"},
		{"never_issued_well_formed", "", "", "2018-10-26", "1", "", ""},
		{"never_issued_malformed", "", "", "2018-10-27", "1", "", ""},
	}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("report -codes (-want +got):\n%s", diff)
	}
	summary := "mailer: report: verification codes: 2 codes of ours checked, 3 checks in all; 2 checks of codes we never issued (1 well formed, 1 malformed)"
	if !strings.Contains(stderr, summary) {
		t.Errorf("report -codes: no summary %q:\n%s", summary, stderr)
	}
	for id := range emails {
		if strings.Contains(out, id) || strings.Contains(out, emails[id]) {
			t.Errorf("report -codes names %s", id)
		}
	}
	if strings.Contains(out, typed) {
		t.Error("report -codes shows a code")
	}

	exit, out, stderr = runCmd(t, nil, "", "report", "-store", db, "-codes", "-format", "json")
	if exit != 0 {
		t.Fatalf("report -codes -format json: exit %d\n%s", exit, stderr)
	}
	var first3 codeRecord
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &first3); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(codeRecord{Kind: "issued", Code: hex.EncodeToString(emailDigest[:8]), Channel: "email", Checks: 2,
		FirstCheck: "2018-10-26T08:00:00Z", LastCheck: "2018-10-27T09:30:00Z"}, first3); diff != "" {
		t.Errorf("the first JSON record (-want +got):\n%s", diff)
	}

	if exit, _, stderr = runCmd(t, nil, "", "report", "-store", db); exit != 0 || !strings.Contains(stderr, summary) {
		t.Errorf("report: exit %d, no summary %q:\n%s", exit, summary, stderr)
	}
	if exit, _, stderr = runCmd(t, nil, "", "report", "-store", db, "-codes", "-details"); exit != 2 {
		t.Errorf("report -codes -details: exit %d, want 2\n%s", exit, stderr)
	}
}
