package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
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
	if len(lines) < 3 || strings.Join(strings.Fields(lines[1]), " ") != "email sent email failed letter letter" ||
		strings.Join(strings.Fields(lines[2]), " ") != "all 18 1 1" {
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
	if len(recs) != 1+len(emails)+1 {
		t.Errorf("%d records, want %d emails and a letter", len(recs)-1, len(emails))
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
