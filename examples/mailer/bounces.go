package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"github.com/breachkit/breachkit/examples/store"
)

// Bounces come back as delivery status notifications (RFC 3464): a
// multipart/report whose message/delivery-status part says, per
// recipient, what the receiving systems did (Action: failed or delayed),
// with a status code (5.1.1) and a diagnostic. mailer send asked for them
// with the person in three places, and bounces looks in each: the
// envelope id (ENVID=<id>.<incident>, returned as Original-Envelope-Id),
// the bounce address the DSN is sent to (bounces+<id>@...), and the
// Message-ID in the returned headers (RET=HDRS: only the headers come
// back, never the notice's body).

// dsn is what one notification says of one person.
type dsn struct {
	source string // the file, or mbox message number
	id     string // "" when no person could be matched
	action string // failed, delayed, delivered, ...
	status string // 5.1.1
	diag   string
	at     time.Time
}

// bounces reads the notifications in cfg.from and records them.
func (j *job) bounces(ctx context.Context) error {
	cfg := j.cfg
	var found []dsn
	var notDSN []string
	handle := func(source string, r io.Reader) error {
		ds, err := j.readDSN(source, r)
		if err != nil {
			notDSN = append(notDSN, fmt.Sprintf("%s: %v", source, err))
			return nil
		}
		found = append(found, ds...)
		return nil
	}
	var err error
	switch fi, serr := os.Stat(cfg.from); {
	case cfg.from == "-":
		err = readMbox("standard input", cfg.stdin, handle)
	case serr != nil:
		return usageError{serr}
	case fi.IsDir():
		err = readMaildir(cfg.from, handle)
	default:
		f, oerr := os.Open(cfg.from)
		if oerr != nil {
			return oerr
		}
		err = readMbox(cfg.from, f, handle)
		f.Close()
	}
	if err != nil {
		return err
	}
	var batch []store.Bounce
	var sources []string
	var unmatched []string
	other := 0
	for _, d := range found {
		var status store.Status
		switch d.action {
		case "failed":
			status = store.StatusBounced
		case "delayed":
			status = store.StatusDeferred
		default:
			other++ // delivered, relayed, expanded: nothing to do
			continue
		}
		if d.id == "" {
			unmatched = append(unmatched, d.source+": no envelope id, bounce address or Message-ID of this incident")
			continue
		}
		reply := strings.TrimSpace("DSN " + d.action + " " + d.status + " " + d.diag)
		batch = append(batch, store.Bounce{ID: d.id, Status: status, Reply: reply, At: d.at})
		sources = append(sources, d.source)
	}
	var recorded = map[store.Status]int{}
	already := 0
	for start := 0; start < len(batch); start += 256 {
		part := batch[start:min(start+256, len(batch))]
		results, err := j.store.RecordBounces(ctx, part)
		if err != nil {
			return err
		}
		for i, r := range results {
			switch r {
			case store.BounceRecorded:
				recorded[part[i].Status]++
			case store.BounceAlready:
				already++
			case store.BounceUnknown:
				unmatched = append(unmatched, fmt.Sprintf("%s: %s has no email in the ledger", sources[start+i], part[i].ID))
			}
		}
	}
	for _, u := range unmatched {
		fmt.Fprintln(cfg.stderr, u)
	}
	for _, n := range notDSN {
		fmt.Fprintln(cfg.stderr, n)
	}
	fmt.Fprintf(cfg.stderr, "mailer: bounces: %d recipients in the notifications: %d bounced (a letter is due), %d delayed, %d already recorded, %d not matched, %d other actions; %d messages were not delivery status notifications\n",
		len(found), recorded[store.StatusBounced], recorded[store.StatusDeferred], already, len(unmatched), other, len(notDSN))
	return nil
}

var errNotDSN = errors.New("not a delivery status notification")

// readDSN reads one message and returns what it says of each recipient.
func (j *job) readDSN(source string, r io.Reader) ([]dsn, error) {
	m, err := message.Read(r)
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, err
	}
	mt, params, _ := m.Header.ContentType()
	if mt != "multipart/report" || !strings.HasSuffix(strings.ToLower(params["report-type"]), "delivery-status") {
		return nil, errNotDSN
	}
	at := time.Now()
	if d, err := mail.ParseDate(m.Header.Get("Date")); err == nil {
		at = d
	}
	verp := j.verpID(m.Header.Get("To"))
	mr := m.MultipartReader()
	if mr == nil {
		return nil, errNotDSN
	}
	var out []dsn
	var msgID, envID string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		pt, _, _ := p.Header.ContentType()
		switch pt {
		case "message/delivery-status", "message/global-delivery-status":
			br := bufio.NewReader(p.Body)
			perMessage, err := textproto.ReadHeader(br)
			if err != nil {
				return nil, fmt.Errorf("delivery status: %w", err)
			}
			envID = strings.TrimSpace(perMessage.Get("Original-Envelope-Id"))
			for {
				if _, err := br.Peek(1); err != nil {
					break
				}
				h, err := textproto.ReadHeader(br)
				if err != nil {
					return nil, fmt.Errorf("delivery status: %w", err)
				}
				if h.Get("Action") == "" {
					continue
				}
				out = append(out, dsn{source: source, action: strings.ToLower(strings.TrimSpace(h.Get("Action"))),
					status: strings.TrimSpace(h.Get("Status")), diag: strings.TrimSpace(h.Get("Diagnostic-Code")), at: at})
			}
		case "text/rfc822-headers", "message/rfc822", "message/global-headers":
			h, err := textproto.ReadHeader(bufio.NewReader(p.Body))
			if err == nil {
				msgID = h.Get("Message-Id")
			}
		}
	}
	if len(out) == 0 {
		return nil, errNotDSN
	}
	id := j.envelopeID(envID)
	if id == "" {
		id = verp
	}
	if id == "" {
		id = j.messageID(msgID)
	}
	for i := range out {
		out[i].id = id
	}
	return out, nil
}

// envelopeID is the person of an ENVID this mailer set: <id>.<incident>.
func (j *job) envelopeID(env string) string {
	id, ok := strings.CutSuffix(env, "."+j.inc.ID)
	if !ok {
		return ""
	}
	return id
}

// verpID is the person of a bounce address bounces+<id>@domain.
func (j *job) verpID(to string) string {
	a, err := mail.ParseAddress(to)
	if err != nil {
		return ""
	}
	local, _, _ := strings.Cut(a.Address, "@")
	_, id, ok := strings.Cut(local, "+")
	if !ok {
		return ""
	}
	return id
}

// messageID is the person of a Message-ID this mailer made:
// <id>.<incident>.<version>@domain, where version is 16 hex digits (a
// digest of the notice), or <id>.<incident>@domain as it was before.
func (j *job) messageID(h string) string {
	h = strings.Trim(strings.TrimSpace(h), "<>")
	left, _, _ := strings.Cut(h, "@")
	if i := strings.LastIndexByte(left, '.'); i >= 0 && isVersion(left[i+1:]) {
		left = left[:i]
	}
	id, ok := strings.CutSuffix(left, "."+j.inc.ID)
	if !ok {
		return ""
	}
	return id
}

// readMaildir reads every message of a maildir (new/ and cur/) or of a
// folder of message files, in name order.
func readMaildir(dir string, handle func(string, io.Reader) error) error {
	var files []string
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				files = append(files, filepath.Join(dir, sub, e.Name()))
			}
		}
	}
	if len(files) == 0 {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				files = append(files, filepath.Join(dir, e.Name()))
			}
		}
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := handle(f, bytes.NewReader(b)); err != nil {
			return err
		}
	}
	return nil
}

// readMbox splits an mbox (mboxrd: "From " lines separate messages, and
// ">From " in a body is unquoted) into messages.
func readMbox(name string, r io.Reader, handle func(string, io.Reader) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var msg bytes.Buffer
	n := 0
	flush := func() error {
		if msg.Len() == 0 {
			return nil
		}
		n++
		err := handle(fmt.Sprintf("%s message %d", name, n), bytes.NewReader(msg.Bytes()))
		msg.Reset()
		return err
	}
	started := false
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			switch {
			case bytes.HasPrefix(line, []byte("From ")):
				if err := flush(); err != nil {
					return err
				}
				started = true
			case !started:
				return fmt.Errorf("%s: not an mbox (it does not start with a From line)", name)
			default:
				if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
					line = line[1:]
				}
				msg.Write(line)
			}
		}
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return err
		}
	}
}

// isVersion reports whether v is a Message-ID's version: 16 lower-case
// hex digits.
func isVersion(v string) bool {
	if len(v) != 16 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !(v[i] >= '0' && v[i] <= '9' || v[i] >= 'a' && v[i] <= 'f') {
			return false
		}
	}
	return true
}
