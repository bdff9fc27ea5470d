package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
)

// status prints the ledger's counts per channel and status, then per tier
// and per language.
func (j *job) status(ctx context.Context) error {
	counts, err := j.store.LedgerCounts(ctx)
	if err != nil {
		return err
	}
	out := j.cfg.stdout
	fmt.Fprintf(out, "ledger of incident %s in %s\n", j.inc.ID, describeStore(j.cfg.store))
	if len(counts) == 0 {
		fmt.Fprintln(out, "empty: nothing was queued yet (mailer send queues, then sends)")
		return nil
	}
	type key struct {
		channel string
		status  store.Status
	}
	var keys []key // columns: each channel and status present, in order
	for _, ch := range []string{store.ChannelEmail, store.ChannelLetter} {
		for _, st := range store.Statuses() {
			if slices.ContainsFunc(counts, func(c store.LedgerCount) bool { return c.Channel == ch && c.Status == st }) {
				keys = append(keys, key{ch, st})
			}
		}
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "\t"
	for _, k := range keys {
		head += k.channel + " " + k.status.String() + "\t"
	}
	row := func(label string, match func(store.LedgerCount) bool) {
		line := label + "\t"
		for _, k := range keys {
			var n int64
			for _, c := range counts {
				if c.Channel == k.channel && c.Status == k.status && match(c) {
					n += c.N
				}
			}
			line += strconv.FormatInt(n, 10) + "\t"
		}
		fmt.Fprintln(tw, line)
	}
	fmt.Fprintln(tw, head)
	row("all", func(store.LedgerCount) bool { return true })
	for t := exposure.TierLow; t <= exposure.TierVeryHigh; t++ {
		row("tier "+t.String(), func(c store.LedgerCount) bool { return c.Tier == t })
	}
	var langs []string
	for _, c := range counts {
		if !slices.Contains(langs, c.Language) {
			langs = append(langs, c.Language)
		}
	}
	for _, l := range langs {
		row(l, func(c store.LedgerCount) bool { return c.Language == l })
	}
	return tw.Flush()
}

// reportRecord is one line of the report: what a regulator or counsel
// asks of each notice. No message body and, unless asked, no categories.
type reportRecord struct {
	ID        string `json:"id"`
	Channel   string `json:"channel"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	QueuedAt  string `json:"queued_at"`
	SentAt    string `json:"sent_at,omitempty"`
	UpdatedAt string `json:"updated_at"`
	MessageID string `json:"message_id,omitempty"`
	Digest    string `json:"sha256,omitempty"`
	Reply     string `json:"reply,omitempty"`
	Tier      string `json:"tier,omitempty"`
	Language  string `json:"language,omitempty"`
	Exposed   string `json:"exposed,omitempty"`
}

var reportHeader = []string{"id", "channel", "status", "attempts", "queued_at", "sent_at", "updated_at", "message_id", "sha256", "reply"}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// report writes the ledger, one record per person and channel, in id
// order: CSV with a header row, or JSON Lines.
func (j *job) report(ctx context.Context) error {
	w := bufio.NewWriterSize(j.cfg.stdout, 64<<10)
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	if j.cfg.format == "csv" {
		h := reportHeader
		if j.cfg.details {
			h = append(h, "tier", "language", "exposed")
		}
		cw.Write(h)
	}
	var n int64
	for after, ch := "", ""; ; {
		page, err := j.store.Ledger(ctx, after, ch, 1000)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, nt := range page {
			e := &nt.Entry
			r := reportRecord{ID: e.ID, Channel: e.Channel, Status: e.Status.String(), Attempts: e.Attempts,
				QueuedAt: when(e.QueuedAt), SentAt: when(e.SentAt), UpdatedAt: when(e.UpdatedAt),
				MessageID: e.MessageID, Reply: e.Reply}
			if e.Digest != nil {
				r.Digest = hex.EncodeToString(e.Digest)
			}
			if j.cfg.details {
				r.Tier, r.Language, r.Exposed = nt.Person.Tier.String(), nt.Person.Language, nt.Person.Exposed.String()
			}
			if j.cfg.format == "json" {
				if err := enc.Encode(r); err != nil {
					return err
				}
			} else {
				rec := []string{r.ID, r.Channel, r.Status, strconv.Itoa(r.Attempts), r.QueuedAt, r.SentAt, r.UpdatedAt, r.MessageID, r.Digest, r.Reply}
				if j.cfg.details {
					rec = append(rec, r.Tier, r.Language, r.Exposed)
				}
				cw.Write(rec)
			}
			n++
		}
		after, ch = page[len(page)-1].Entry.ID, page[len(page)-1].Entry.Channel
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(j.cfg.stderr, "mailer: report: %d entries\n", n)
	return j.codeSummary(ctx)
}

// issueCodes gives the ledger the verification code key for the run, so
// that it records the digest of the code of each notice it queues (and of
// each letter a failure puts due); it fills in the digests of entries
// added by a run that had no key (a letter put due by mailer bounces).
func (j *job) issueCodes(ctx context.Context) error {
	n, err := j.store.IssueCodes(ctx, j.codeKey)
	if err != nil {
		return fmt.Errorf("the verification code key: %w", err)
	}
	if n > 0 {
		fmt.Fprintf(j.cfg.stderr, "mailer: recorded the code digests of %d ledger entries added without the key\n", n)
	}
	return nil
}

// codeRecord is one line of "mailer report -codes": an issued code and how
// often it was checked, or a day's checks of codes never issued. A code
// is shown by the start of its keyed digest, which neither is the code
// nor names its person.
type codeRecord struct {
	Kind       string `json:"kind"` // "issued", "never_issued_well_formed" or "never_issued_malformed"
	Code       string `json:"code_digest,omitempty"`
	Channel    string `json:"channel,omitempty"`
	Day        string `json:"day,omitempty"`
	Checks     int64  `json:"checks"`
	FirstCheck string `json:"first_check,omitempty"`
	LastCheck  string `json:"last_check,omitempty"`
}

var codeReportHeader = []string{"kind", "code_digest", "channel", "day", "checks", "first_check", "last_check"}

// shortDigest is how a report shows a code's digest: its first 8 bytes in
// hex. Among the 18.8 million codes of 9.4 million people two share them
// with a probability of about 1e-5, and it is short enough to read out.
func shortDigest(d [16]byte) string { return hex.EncodeToString(d[:8]) }

// codeReport writes "mailer report -codes": every issued code checked on
// the portal, most checked first, then per day the checks of codes never
// issued; CSV with a header row, or JSON Lines.
func (j *job) codeReport(ctx context.Context) error {
	w := bufio.NewWriterSize(j.cfg.stdout, 64<<10)
	cw := csv.NewWriter(w)
	enc := json.NewEncoder(w)
	if j.cfg.format == "csv" {
		cw.Write(codeReportHeader)
	}
	put := func(r codeRecord) error {
		if j.cfg.format == "json" {
			return enc.Encode(r)
		}
		return cw.Write([]string{r.Kind, r.Code, r.Channel, r.Day, strconv.FormatInt(r.Checks, 10), r.FirstCheck, r.LastCheck})
	}
	err := j.store.CheckedCodes(ctx, func(c store.CheckedCode) error {
		return put(codeRecord{Kind: "issued", Code: shortDigest(c.Digest), Channel: c.Channel, Checks: c.Checks,
			FirstCheck: when(c.First), LastCheck: when(c.Last)})
	})
	if err != nil {
		return err
	}
	days, err := j.store.UnknownCodeChecks(ctx)
	if err != nil {
		return err
	}
	for _, d := range days {
		for _, r := range []codeRecord{{Kind: "never_issued_well_formed", Day: d.Day, Checks: d.WellFormed}, {Kind: "never_issued_malformed", Day: d.Day, Checks: d.Malformed}} {
			if r.Checks == 0 {
				continue
			}
			if err := put(r); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return j.codeSummary(ctx)
}

// plural writes n with the noun in its number: "1 check", "3 checks".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// codeSummary prints the report's line on the checks of verification
// codes.
func (j *job) codeSummary(ctx context.Context) error {
	c, err := j.store.CodeCheckCounts(ctx)
	if err != nil {
		return err
	}
	unknown := c.UnknownWellFormed + c.UnknownMalformed
	fmt.Fprintf(j.cfg.stderr, "mailer: report: verification codes: %s of ours checked, %s in all; %s of codes we never issued (%d well formed, %d malformed)\n",
		plural(c.Codes, "code", "codes"), plural(c.Checks, "check", "checks"), plural(unknown, "check", "checks"), c.UnknownWellFormed, c.UnknownMalformed)
	return nil
}
