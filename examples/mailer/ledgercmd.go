package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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
	type key struct{ channel, status string }
	var keys []key // columns: each channel and status present, in order
	seen := map[key]bool{}
	for _, ch := range []string{store.ChannelEmail, store.ChannelLetter} {
		for _, st := range store.Statuses() {
			for _, c := range counts {
				k := key{ch, st.String()}
				if c.Channel == ch && c.Status == st && !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "\t"
	for _, k := range keys {
		head += k.channel + " " + k.status + "\t"
	}
	row := func(label string, match func(store.LedgerCount) bool) {
		line := label + "\t"
		for _, k := range keys {
			var n int64
			for _, c := range counts {
				if c.Channel == k.channel && c.Status.String() == k.status && match(c) {
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
		if !strings.Contains(strings.Join(langs, "\x00")+"\x00", c.Language+"\x00") {
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
	return nil
}
