package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/time/rate"

	"github.com/breachkit/breachkit/examples/store"
	"github.com/breachkit/breachkit/exposure"
	"github.com/breachkit/breachkit/notice"
)

// Sending works from the ledger, in four kinds of goroutine:
//
//	claim (1) -> connections (N: render, then MAIL, RCPT, DATA) -> ledger writer (1, batched)
//
// The claimer leases batches of emails still to be sent from the ledger
// (on PostgreSQL, several senders claim different batches); each
// connection renders a person's message exactly as write does and submits
// it; the writer records outcomes in batches. The ledger is the source of
// truth: an email is sent until the ledger records that the relay
// accepted it. A crash between the relay's 250 and the ledger's write
// sends the messages of that moment again on the next run, with the same
// Message-ID (it names the notice's content, not the attempt), so that
// mail clients and the relay can tell the copies.
//
// Each message is dated when it is handed to the relay, not when it was
// queued or rendered: receivers score a Date hours older than its
// arrival as spam (SpamAssassin's DATE_IN_PAST_*), and a large run, a
// slow -rate or a retry after a 4xx would otherwise deliver notices hours
// or days after their Date. The ledger records that Date and the digest
// of the exact bytes handed over, per attempt.

const (
	claimBatch   = 256
	writeBatch   = 128
	writeEvery   = 100 * time.Millisecond
	queueBatch   = 1024
	reconnects   = 5 // tries to reopen a connection before the run stops
	pollInterval = time.Second
)

// sendCounts are what a run of send did.
type sendCounts struct {
	queued, letters, sent, deferred, failed atomic.Int64
}

// sender is one run of mailer send.
type sender struct {
	job     *job
	cfg     *sendConfig
	relay   *relay
	env     envelope
	owner   string
	limiter *rate.Limiter
	signer  *signer // nil without DKIM
	counts  sendCounts
	results chan result
}

// result is one attempt, for the ledger writer.
type result struct {
	out     store.Outcome
	refusal bool // a 5xx of one person: held until the relay accepts someone
}

// sendAll queues every affected person not yet in the ledger, then sends
// what the ledger says is still to send.
func (j *job) sendAll(ctx context.Context, sum *summary) error {
	cfg := j.cfg
	r, err := cfg.send.openRelay(cfg.getenv)
	if err != nil {
		return err
	}
	env, err := newEnvelope(j.inc, cfg.now())
	if err != nil {
		return err
	}
	s := &sender{job: j, cfg: &cfg.send, relay: r, env: env, owner: ownerName(), results: make(chan result, writeBatch)}
	if cfg.send.bounce == "" {
		cfg.send.bounce = "bounces@" + env.domain
	}
	if cfg.send.dkimKey != "" {
		if s.signer, err = newSigner(&cfg.send, env); err != nil {
			return err
		}
	}
	limit := rate.Inf
	if cfg.send.rate > 0 {
		limit = rate.Limit(cfg.send.rate)
	}
	s.limiter = rate.NewLimiter(limit, cfg.send.connections)
	queueStart := time.Now()
	prog := startProgress(cfg, func() string {
		return fmt.Sprintf("mailer: queueing: %d people added to the ledger", s.counts.queued.Load())
	})
	err = s.queue(ctx)
	prog.stop()
	if err != nil {
		return err
	}
	if n := s.counts.queued.Load(); n > 0 {
		fmt.Fprintf(cfg.stderr, "mailer: queued %d people in the ledger (%d by letter: no email), in %v\n", n, s.counts.letters.Load(), time.Since(queueStart).Round(time.Millisecond))
	}
	if !strings.HasPrefix(cfg.store, "postgres") {
		// One sender per SQLite store (the lock says so): leases left by a
		// run that was killed are its own, and end now.
		if err := j.store.Release(ctx, ""); err != nil {
			return err
		}
	}
	start := time.Now()
	prog = startProgress(cfg, func() string {
		n := s.counts.sent.Load()
		return fmt.Sprintf("mailer: %d sent, %d deferred, %d failed, %v, %.0f messages/s",
			n, s.counts.deferred.Load(), s.counts.failed.Load(), time.Since(start).Round(time.Second), float64(n)/time.Since(start).Seconds())
	})
	err = s.run(ctx)
	prog.stop()
	// The leases of what this run claimed and did not send end with it.
	if rerr := j.store.Release(context.WithoutCancel(ctx), s.owner); err == nil {
		err = rerr
	}
	elapsed := time.Since(start)
	fmt.Fprintf(cfg.stderr, "mailer: send: %d sent, %d deferred, %d failed (a letter is due), in %v (%.0f messages/s)\n",
		s.counts.sent.Load(), s.counts.deferred.Load(), s.counts.failed.Load(), elapsed.Round(time.Millisecond),
		float64(s.counts.sent.Load())/max(elapsed.Seconds(), 1e-9))
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(cfg.stderr, "mailer: stopped; the ledger has every outcome so far: run the same command again to go on")
		}
		return err
	}
	return s.leftOver(ctx)
}

// leftOver says what remains for a later run, and fails the run when
// anything does.
func (s *sender) leftOver(ctx context.Context) error {
	n, err := s.job.store.Unsent(ctx)
	if err != nil || n == 0 {
		return err
	}
	return fmt.Errorf("%d emails are still to send (deferred by the relay with a 4xx, or beyond -limit): run the same command again later (mailer status counts them)", n)
}

// ownerName names this sender in the leases it takes.
func ownerName() string {
	h, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", h, os.Getpid(), hex.EncodeToString(b[:]))
}

// queue adds to the ledger every affected person after the last one
// queued: an email for those with an address, a letter for the others.
func (s *sender) queue(ctx context.Context) error {
	st := s.job.store
	after, err := st.QueuedThrough(ctx)
	if err != nil {
		return err
	}
	now := s.job.cfg.now().UTC().Truncate(time.Second)
	entries := make([]store.Entry, 0, queueBatch)
	for {
		people, err := st.Page(ctx, after, queueBatch)
		if err != nil {
			return err
		}
		if len(people) == 0 {
			return nil
		}
		after = people[len(people)-1].ID
		entries = entries[:0]
		for i := range people {
			p := &people[i]
			if p.Tier == exposure.TierNone {
				continue
			}
			// No Message-ID yet: it names the content, known when the
			// message is rendered; each attempt records it.
			e := store.Entry{ID: p.ID, Channel: store.ChannelEmail, Status: store.StatusQueued, QueuedAt: now}
			if p.Email == "" {
				e = store.Entry{ID: p.ID, Channel: store.ChannelLetter, Status: store.StatusLetter, Reply: "no email address", QueuedAt: now}
				s.counts.letters.Add(1)
			}
			entries = append(entries, e)
		}
		n, err := st.Queue(ctx, entries)
		if err != nil {
			return err
		}
		s.counts.queued.Add(n)
	}
}

// run sends until the ledger has nothing left due, the limit is reached,
// or the run must stop.
func (s *sender) run(ctx context.Context) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan store.Notice, claimBatch)
	var conns, writer sync.WaitGroup
	writer.Go(func() {
		if err := s.write(ctx, cancel); err != nil {
			cancel(err)
		}
	})
	for range s.cfg.connections {
		conns.Go(func() {
			if err := s.connection(ctx, work); err != nil {
				cancel(err)
			}
		})
	}
	err := s.claim(ctx, work)
	close(work)
	conns.Wait()
	close(s.results)
	writer.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}

// claim hands out the emails due, batch by batch, and waits for deferred
// ones to come due, until none is left.
func (s *sender) claim(ctx context.Context, work chan<- store.Notice) error {
	var claimed int64
	for {
		if s.cfg.limit > 0 && claimed >= s.cfg.limit {
			return nil
		}
		n := claimBatch
		if s.cfg.rate > 0 {
			// Two batches wait at most (one claimed, one in the channel):
			// at a slow rate, claim less, so that they are sent well within
			// their lease and no other sender takes them meanwhile.
			n = max(1, min(n, int(s.cfg.rate*s.cfg.lease.Seconds()/4)))
		}
		if s.cfg.limit > 0 {
			n = int(min(int64(n), s.cfg.limit-claimed))
		}
		now := time.Now()
		batch, err := s.job.store.Claim(ctx, store.Claim{Owner: s.owner, Now: now, Lease: s.cfg.lease, MaxAttempts: s.cfg.attempts, N: n})
		if err != nil {
			return err
		}
		for _, nt := range batch {
			select {
			case work <- nt:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		claimed += int64(len(batch))
		if len(batch) > 0 {
			continue
		}
		// Nothing due now: what is left is in flight here (recorded
		// shortly), leased to another sender, or deferred.
		next, ok, err := s.job.store.NextRetry(ctx, s.cfg.attempts)
		if err != nil || !ok {
			return err
		}
		wait := min(max(time.Until(next), 20*time.Millisecond), pollInterval)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// connection submits messages over one connection to the relay, reopened
// after an error and every perConnection messages. Its messages are
// rendered one or two ahead, by a goroutine of its own, while it waits for
// the relay's replies.
func (s *sender) connection(ctx context.Context, work <-chan store.Notice) error {
	var c *relayConn
	defer func() {
		if c != nil {
			c.Quit()
			c.Close()
		}
	}()
	rendered, free := make(chan rendering, renderAhead-1), make(chan msgBuffers, renderAhead)
	for range renderAhead {
		free <- msgBuffers{}
	}
	done := make(chan struct{})
	var renderer sync.WaitGroup
	renderer.Go(func() { s.renderAll(ctx, work, rendered, free, done) })
	defer renderer.Wait()
	defer close(done)
	used, broken := 0, 0
	for r := range rendered {
		if r.err != nil {
			return r.err
		}
		if err := s.limiter.Wait(ctx); err != nil {
			free <- r.bufs
			continue
		}
		if c == nil {
			var err error
			if c, err = s.redial(ctx, broken); err != nil {
				return err
			}
		}
		// The message was dated when it was rendered, a moment ago as a
		// rule; after a wait (the rate, a slow relay, a reconnection) its
		// Date is stamped again, to the second it is handed over.
		if now := s.now(); !now.Equal(r.date) {
			if err := s.stamp(&r, now); err != nil {
				return err
			}
		}
		out, connErr := s.submit(c, &r)
		free <- r.bufs
		if relayErr := (errRelay{}); errors.As(connErr, &relayErr) {
			return connErr
		}
		if connErr != nil {
			// The connection broke (or the relay closed it with a 421):
			// the person is retried at once over a new one.
			c.Close()
			c = nil
			broken++
		} else {
			broken = 0
		}
		used++
		if c != nil && used >= s.cfg.perConnection {
			c.Quit()
			c.Close()
			c, used = nil, 0
		}
		s.results <- out
	}
	return nil
}

// renderAhead is how many messages of a connection exist at once: the one
// being submitted and those rendered for it.
const renderAhead = 3

// rendering is a person's message, rendered for a connection.
type rendering struct {
	nt        store.Notice
	unsigned  []byte    // the message before DKIM (msg itself without it)
	dateAt    int       // where the Date value starts in unsigned
	date      time.Time // the Date it carries
	messageID string
	msg       []byte // the bytes handed to the relay
	wire      []byte // msg as relayConn.data writes it itself, or nil
	sum       [sha256.Size]byte
	err       error // the message could not be made: the run stops
	bufs      msgBuffers
}

// msgBuffers hold a message and its dot-stuffed form, reused.
type msgBuffers struct{ msg, stuffed []byte }

// renderAll renders the messages of one connection ahead of it, into the
// buffers the connection hands back through free, until work is closed
// (then it closes rendered) or the connection is done.
func (s *sender) renderAll(ctx context.Context, work <-chan store.Notice, rendered chan<- rendering, free <-chan msgBuffers, done <-chan struct{}) {
	var bufs buffers
	for {
		var r rendering
		select {
		case nt, ok := <-work:
			if !ok {
				close(rendered)
				return
			}
			r.nt = nt
		case <-done:
			return
		}
		if ctx.Err() != nil {
			continue // drain: the claimer stops on its own
		}
		select {
		case r.bufs = <-free:
		case <-done:
			return
		}
		bufs.msg = r.bufs.msg[:0]
		r.err = s.render(&r, &bufs, s.now())
		bufs.msg = nil // the connection's now, until it comes back through free
		r.bufs.msg = r.unsigned
		select {
		case rendered <- r:
		case <-done:
			return
		}
	}
}

// redial opens a connection, trying again with a growing pause when the
// relay cannot be reached, and gives up after a few tries.
func (s *sender) redial(ctx context.Context, broken int) (*relayConn, error) {
	var last error
	for try := range reconnects {
		if broken+try > 0 {
			select {
			case <-time.After(time.Duration(1<<min(broken+try, 6)) * 50 * time.Millisecond):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		c, err := s.relay.dial()
		if err == nil {
			return c, nil
		}
		last = err
		if relayErr := (errRelay{}); errors.As(err, &relayErr) && !relayErr.transient {
			return nil, err // no TLS, credentials refused: trying again changes nothing
		}
	}
	return nil, fmt.Errorf("%w (tried %d times)", last, reconnects)
}

// now is the time a message handed over now is dated: UTC, to the
// second (a Date has no finer grain).
func (s *sender) now() time.Time {
	return s.job.cfg.now().UTC().Truncate(time.Second)
}

// render makes a person's message into r: the same bytes as write makes
// (the same Message-ID), but dated at, then sealed (stamp).
func (s *sender) render(r *rendering, bufs *buffers, at time.Time) error {
	p := &r.nt.Person
	a, err := s.job.assess(p)
	if err != nil {
		return fmt.Errorf("%s: %w", p.ID, err)
	}
	rc, err := s.job.recipient(p, notice.ChannelEmail)
	if err != nil {
		return err
	}
	d, err := s.job.composer.Compose(rc, a)
	if err != nil {
		return fmt.Errorf("%s: %w", p.ID, err)
	}
	env := s.env
	bufs.date = appendDate(bufs.date[:0], at)
	env.date = bufs.date
	r.unsigned = appendMessage(bufs.msg[:0], &env, p.ID, p.Name, p.Email, d, bufs)
	r.dateAt, r.date, r.messageID = bufs.dateAt, at, string(bufs.messageID)
	return s.seal(r)
}

// stamp dates r's message at t, in place, and seals it again.
func (s *sender) stamp(r *rendering, t time.Time) error {
	stampDate(r.unsigned, r.dateAt, t)
	r.date = t
	return s.seal(r)
}

// seal makes what is handed to the relay from r's message as dated: the
// DKIM signature over it (with -dkim-key), its SHA-256 for the ledger,
// and its dot-stuffed form when relayConn.data writes it itself.
func (s *sender) seal(r *rendering) error {
	r.msg = r.unsigned
	if s.signer != nil {
		var err error
		if r.msg, err = s.signer.sign(r.unsigned); err != nil {
			return fmt.Errorf("%s: DKIM: %w", r.nt.Person.ID, err)
		}
	}
	r.sum = sha256.Sum256(r.msg)
	r.wire = nil
	if s.relay.implicit || s.relay.plaintext {
		r.wire = dotStuffed(&r.bufs.stuffed, r.msg)
	}
	return nil
}

// submit sends one message and says what came of it. The error is nil,
// errRelay when the relay refuses the run as a whole, or the connection's
// error when it must be reopened.
func (s *sender) submit(c *relayConn, r *rendering) (result, error) {
	p, e := &r.nt.Person, &r.nt.Entry
	out := store.Outcome{ID: p.ID, Digest: bytes.Clone(r.sum[:]), MessageID: r.messageID, MessageDate: r.date}
	local, domain, _ := strings.Cut(s.cfg.bounce, "@")
	var mailOpts *smtp.MailOptions
	var rcptOpts *smtp.RcptOptions
	if ok, _ := c.Extension("DSN"); ok {
		mailOpts = &smtp.MailOptions{Return: smtp.DSNReturnHeaders, EnvelopeID: p.ID + "." + s.job.inc.ID}
		rcptOpts = &smtp.RcptOptions{Notify: []smtp.DSNNotify{smtp.DSNNotifyFailure, smtp.DSNNotifyDelayed},
			OriginalRecipientType: smtp.DSNAddressTypeRFC822, OriginalRecipient: p.Email}
	}
	err := c.Mail(local+"+"+p.ID+"@"+domain, mailOpts)
	if err == nil {
		err = c.Rcpt(p.Email, rcptOpts)
	} else if smtpErr, ok := err.(*smtp.SMTPError); ok && smtpErr.Code >= 500 {
		return result{}, errRelay{fmt.Errorf("the relay %s refuses the sender %s: %s", s.relay.addr, local+"+…@"+domain, smtpReply(smtpErr)), false}
	}
	var reply string
	if err == nil {
		reply, err = c.data(r.msg, r.wire)
	}
	out.At = time.Now()
	if err == nil {
		out.Status, out.Reply = store.StatusSent, "250 "+reply
		s.counts.sent.Add(1)
		return result{out: out}, nil
	}
	var smtpErr *smtp.SMTPError
	if !errors.As(err, &smtpErr) {
		// The connection broke: the relay did not say 250, so the message
		// is not sent. Retry at once, over a new connection.
		out.Status, out.Reply, out.NextAt = store.StatusDeferred, "connection: "+err.Error(), out.At
		s.counts.deferred.Add(1)
		return result{out: out}, err
	}
	out.Reply = smtpReply(smtpErr)
	var connErr error
	if smtpErr.Code == 421 {
		connErr = err // the relay closes the connection
	} else if rerr := c.Reset(); rerr != nil {
		connErr = rerr
	}
	if smtpErr.Code >= 500 {
		out.Status = store.StatusFailed
		return result{out: out, refusal: true}, connErr
	}
	out.Status = store.StatusDeferred
	out.NextAt = out.At.Add(s.cfg.retryAfter << min(e.Attempts, 20))
	s.counts.deferred.Add(1)
	return result{out: out}, connErr
}

// smtpReply is a reply as the ledger keeps it: "550 5.1.1 text".
func smtpReply(e *smtp.SMTPError) string {
	r := fmt.Sprint(e.Code)
	if e.EnhancedCode != (smtp.EnhancedCode{}) && e.EnhancedCode != smtp.NoEnhancedCode {
		r += fmt.Sprintf(" %d.%d.%d", e.EnhancedCode[0], e.EnhancedCode[1], e.EnhancedCode[2])
	}
	return r + " " + e.Message
}

// errRefusesAll stops a run whose relay refuses everyone.
var errRefusesAll = errors.New("the relay refuses every recipient")

// write records outcomes in the ledger in batches. A 5xx for one person
// is held until the relay accepts someone: a relay that refuses everyone
// (a quota, a blocked sender, a policy) would otherwise mark millions of
// people failed. When stopAfter are held with no acceptance, the run
// stops and the held people stay as they were, to be sent by a later run.
func (s *sender) write(ctx context.Context, stopRun context.CancelCauseFunc) error {
	var batch []store.Outcome
	var held []store.Outcome
	tick := time.NewTicker(writeEvery)
	defer tick.Stop()
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.job.store.Record(context.WithoutCancel(ctx), batch)
		batch = batch[:0]
		return err
	}
	var stop error
	for {
		select {
		case r, ok := <-s.results:
			if !ok {
				if stop == nil {
					for _, h := range held {
						s.counts.failed.Add(1)
						batch = append(batch, h)
					}
				}
				return errors.Join(stop, flush())
			}
			switch {
			case stop != nil:
				// Stopping: what was sent is recorded, refusals are not.
				if !r.refusal {
					batch = append(batch, r.out)
				}
			case r.refusal:
				held = append(held, r.out)
				if len(held) >= s.cfg.stopAfter {
					stop = fmt.Errorf("%w: %d people in a row, none accepted since; the last reply: %s. Nothing was recorded for them: check the relay (its quota, the sender's domain, its policy), then run again",
						errRefusesAll, len(held), held[len(held)-1].Reply)
					held = nil
					stopRun(stop) // and go on draining what is in flight
				}
			default:
				if r.out.Status == store.StatusSent {
					for _, h := range held {
						s.counts.failed.Add(1)
						batch = append(batch, h)
					}
					held = held[:0]
				}
				batch = append(batch, r.out)
			}
			if len(batch) >= writeBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		case <-tick.C:
			if err := flush(); err != nil {
				return err
			}
		}
	}
}
