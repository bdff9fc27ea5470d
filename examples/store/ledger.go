package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/breachkit/breachkit/exposure"
)

// The ledger is the record of every notice: one row per person and
// channel (email, letter), with its status, the number of attempts, the
// times of its changes, the Message-ID, the relay's last reply and the
// SHA-256 of the exact message sent; and, in ledger_events, every change
// after queueing (each attempt, bounce and letter) with its time and reply. It is the source of truth of who was
// notified: a rerun of the mailer sends only what the ledger does not
// record as accepted by the relay.

// Channels of the ledger.
const (
	ChannelEmail  = "email"
	ChannelLetter = "letter"
)

// Status is where a notice is. The zero value is invalid, so that a
// forgotten status shows.
type Status uint8

// The statuses, in the order a notice usually goes through them.
const (
	StatusQueued   Status = iota + 1 // to be sent
	StatusSent                       // the relay accepted it (250)
	StatusDeferred                   // a 4xx at submission (retried), or a DSN saying delayed
	StatusBounced                    // a DSN saying failed: a letter is due
	StatusFailed                     // a 5xx at submission: permanent for this person; a letter is due
	StatusLetter                     // the letter channel: a letter is to be printed
	StatusPrinted                    // the letter channel: printed into a batch (letter_batch, letter_pages)
	numStatus
)

var statusNames = [numStatus]string{"", "queued", "sent", "deferred", "bounced", "failed", "letter", "printed"}

// Statuses lists every status in order.
func Statuses() []Status {
	out := make([]Status, 0, numStatus-1)
	for s := StatusQueued; s < numStatus; s++ {
		out = append(out, s)
	}
	return out
}

// String returns the wire name, or Status(N) for an invalid value.
func (s Status) String() string {
	if s > 0 && s < numStatus {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// ErrStatus is the error of an unknown status name.
var ErrStatus = errors.New("store: unknown ledger status")

// MarshalText returns the wire name; an invalid status is an error.
func (s Status) MarshalText() ([]byte, error) {
	if s == 0 || s >= numStatus {
		return nil, fmt.Errorf("%w: %d", ErrStatus, uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText reads a wire name, exactly.
func (s *Status) UnmarshalText(b []byte) error {
	for i := StatusQueued; i < numStatus; i++ {
		if statusNames[i] == string(b) {
			*s = i
			return nil
		}
	}
	return fmt.Errorf("%w: %q", ErrStatus, b)
}

// Entry is one row of the ledger. Times are UTC to the microsecond; a zero
// time is one that has not happened.
type Entry struct {
	ID        string // the person's id
	Channel   string // ChannelEmail or ChannelLetter
	Status    Status
	Attempts  int
	MessageID string // without angle brackets
	Reply     string // the relay's last reply (its queue id), a DSN's status, or why a letter is due
	Digest    []byte // SHA-256 of the exact message sent
	QueuedAt  time.Time
	SentAt    time.Time // when the relay accepted the message
	UpdatedAt time.Time // the last change
	NextAt    time.Time // a deferred notice is not retried before

	// MessageDate is the Date field of the message of the last attempt:
	// the moment it was handed to the relay (schema 3).
	MessageDate time.Time
}

// Notice is a ledger entry with its person.
type Notice struct {
	Person Person
	Entry  Entry
}

// Outcome is what one attempt to send a person's email came to: sent,
// deferred (retry at NextAt) or failed (a letter is due).
type Outcome struct {
	ID     string
	Status Status
	Reply  string
	Digest []byte
	At     time.Time
	NextAt time.Time
	// MessageID and MessageDate are those of the message of this attempt
	// (its Message-ID names the version of the notice, its Date the
	// moment it was handed to the relay); empty, they leave the ledger's
	// as they were.
	MessageID   string
	MessageDate time.Time
}

// Bounce is what a delivery status notification said of a person's
// email: bounced (a letter is due) or deferred (the relay goes on
// trying).
type Bounce struct {
	ID     string
	Status Status
	Reply  string // the DSN's status and diagnostic
	At     time.Time
}

// Event is one change of a ledger entry after it was queued: an attempt,
// a bounce, a letter put due.
type Event struct {
	ID      string
	Channel string
	At      time.Time
	Status  Status
	Reply   string
}

// BounceResult is what recording a bounce did.
type BounceResult uint8

// Results of RecordBounces.
const (
	BounceRecorded BounceResult = iota // the ledger changed
	BounceUnknown                      // no email of that person in the ledger
	BounceAlready                      // the ledger already said as much
)

// LedgerCount is how many entries share a channel, status, tier and
// language.
type LedgerCount struct {
	Channel  string
	Status   Status
	Tier     exposure.Tier
	Language string
	N        int64
}

// Claim is what a sender asks of Ledger.Claim.
type Claim struct {
	Owner       string        // who claims: a lease names its holder
	Now         time.Time     // due entries are those whose NextAt has come
	Lease       time.Duration // another sender may take the entries after this long
	MaxAttempts int           // entries tried this often are left alone
	N           int           // at most this many
}

// timeLayout is how the ledger writes times: fixed width, so that they
// sort as text in both databases, and readable with the sqlite3 CLI.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTS(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}

// pending is the condition of an email still to be sent; the partial index
// ledger_pending has exactly this condition, so that finding the next ones
// does not scan the millions already sent.
const pending = "l.channel = 'email' AND l.sent_at = '' AND l.status IN ('queued', 'deferred')"

const ledgerPendingIndex = `CREATE INDEX ledger_pending ON ledger (id) WHERE channel = 'email' AND sent_at = '' AND status IN ('queued', 'deferred')`

const ledgerColumns = "l.id, l.channel, l.status, l.attempts, l.message_id, l.reply, l.digest, l.queued_at, l.sent_at, l.updated_at, l.next_at" +
	", l.message_date"

func (s *sqlStore) arg(n int) string { return s.d.arg(n) }

// args returns the placeholders from..from+n-1, comma separated.
func (s *sqlStore) args(from, n int) string {
	a := make([]string, n)
	for i := range a {
		a[i] = s.arg(from + i)
	}
	return strings.Join(a, ", ")
}

func (s *sqlStore) Queue(ctx context.Context, entries []Entry) (int64, error) {
	if len(entries) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, insertEntry(s))
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var added int64
	for _, e := range entries {
		code, err := s.codeDigest(e.ID, e.Channel)
		if err != nil {
			return 0, err
		}
		res, err := stmt.ExecContext(ctx, e.ID, e.Channel, e.Status.String(), e.Attempts, e.MessageID, e.Reply, ts(e.QueuedAt), ts(e.QueuedAt),
			code)
		if err != nil {
			return 0, fmt.Errorf("store: queueing %s: %w", e.ID, err)
		}
		n, _ := res.RowsAffected()
		added += n
	}
	return added, tx.Commit()
}

func (s *sqlStore) QueuedThrough(ctx context.Context) (string, error) {
	var id sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT max(id) FROM ledger").Scan(&id)
	return id.String, err
}

func (s *sqlStore) Claim(ctx context.Context, c Claim) ([]Notice, error) {
	// The ledger is queued: its codes are indexed in one pass before the
	// first email goes out, so that the portal can check them.
	if err := s.IndexCodes(ctx); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := ts(c.Now)
	rows, err := tx.QueryContext(ctx, "SELECT "+ledgerColumns+", "+prefixed("p.", personColumns)+
		" FROM ledger l JOIN people p ON p.id = l.id WHERE "+pending+
		" AND l.next_at <= "+s.arg(1)+" AND l.lease_until < "+s.arg(1)+" AND l.attempts < "+s.arg(2)+
		" ORDER BY l.id LIMIT "+s.arg(3)+s.d.skipLocked, now, c.MaxAttempts, c.N)
	if err != nil {
		return nil, err
	}
	var out []Notice
	for rows.Next() {
		var n Notice
		if n.Entry, n.Person, err = s.scanNotice(rows); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	// One statement for the batch, not one per email.
	args := make([]any, 0, 2+len(out))
	args = append(args, ts(c.Now.Add(c.Lease)), c.Owner)
	for _, n := range out {
		args = append(args, n.Entry.ID)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE ledger SET lease_until = "+s.arg(1)+", lease_owner = "+s.arg(2)+
		" WHERE channel = 'email' AND id IN ("+s.args(3, len(out))+")", args...); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func prefixed(p, columns string) string {
	f := strings.Split(columns, ", ")
	for i := range f {
		f[i] = p + f[i]
	}
	return strings.Join(f, ", ")
}

func (s *sqlStore) scanNotice(rows *sql.Rows) (Entry, Person, error) {
	var e Entry
	var status, queued, sent, updated, next, messageDate string
	// The ledger's columns come first, then the person's, read as every
	// query of people reads them.
	p, err := s.scan(prefixScanner{rows, []any{&e.ID, &e.Channel, &status, &e.Attempts, &e.MessageID, &e.Reply, &e.Digest,
		&queued, &sent, &updated, &next, &messageDate}})
	if err != nil {
		return e, p, err
	}
	if err := e.Status.UnmarshalText([]byte(status)); err != nil {
		return e, p, fmt.Errorf("store: ledger %s: %w", e.ID, err)
	}
	for _, f := range []struct {
		s string
		t *time.Time
	}{{queued, &e.QueuedAt}, {sent, &e.SentAt}, {updated, &e.UpdatedAt}, {next, &e.NextAt},
		{messageDate, &e.MessageDate},
	} {
		if *f.t, err = parseTS(f.s); err != nil {
			return e, p, fmt.Errorf("store: ledger %s: %w", e.ID, err)
		}
	}
	return e, p, nil
}

func (s *sqlStore) Release(ctx context.Context, owner string) error {
	q, args := "UPDATE ledger SET lease_until = '', lease_owner = '' WHERE lease_until <> ''", []any{}
	if owner != "" {
		q, args = q+" AND lease_owner = "+s.arg(1), []any{owner}
	}
	_, err := s.db.ExecContext(ctx, q, args...)
	return err
}

func (s *sqlStore) Record(ctx context.Context, outcomes []Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The guard: an email the relay accepted is never changed by a send
	// again, whichever sender reports last.
	stmt, err := tx.PrepareContext(ctx, "UPDATE ledger SET status = "+s.arg(1)+", attempts = attempts + 1, reply = "+s.arg(2)+
		", digest = "+s.arg(3)+", sent_at = "+s.arg(4)+", next_at = "+s.arg(5)+", updated_at = "+s.arg(6)+
		", lease_until = '', lease_owner = ''"+
		", message_id = CASE WHEN "+s.arg(8)+" = '' THEN message_id ELSE "+s.arg(8)+" END"+
		", message_date = CASE WHEN "+s.arg(9)+" = '' THEN message_date ELSE "+s.arg(9)+" END"+
		" WHERE id = "+s.arg(7)+" AND channel = 'email' AND sent_at = ''")
	if err != nil {
		return err
	}
	defer stmt.Close()
	event, err := tx.PrepareContext(ctx, insertEvent(s))
	if err != nil {
		return err
	}
	defer event.Close()
	for _, o := range outcomes {
		sent := ""
		if o.Status == StatusSent {
			sent = ts(o.At)
		}
		res, err := stmt.ExecContext(ctx, o.Status.String(), o.Reply, o.Digest, sent, ts(o.NextAt), ts(o.At), o.ID,
			o.MessageID, ts(o.MessageDate))
		if err != nil {
			return fmt.Errorf("store: recording %s: %w", o.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // already sent: a late report of a sender whose lease ran out
		}
		if _, err := event.ExecContext(ctx, o.ID, ChannelEmail, ts(o.At), o.Status.String(), o.Reply); err != nil {
			return err
		}
		if o.Status == StatusFailed {
			if err := s.letterDue(ctx, tx, o.ID, o.Reply, o.At); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// letterDue adds a person's letter entry, unless they have one.
func (s *sqlStore) letterDue(ctx context.Context, tx *sql.Tx, id, why string, at time.Time) error {
	code, err := s.codeDigest(id, ChannelLetter)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, insertEntry(s), id, ChannelLetter, StatusLetter.String(), 0, "", why, ts(at), ts(at), code)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		_, err = tx.ExecContext(ctx, insertEvent(s), id, ChannelLetter, ts(at), StatusLetter.String(), why)
	}
	return err
}

// insertEntry adds a ledger entry unless the person already has one on
// that channel.
func insertEntry(s *sqlStore) string {
	return "INSERT INTO ledger (id, channel, status, attempts, message_id, reply, queued_at, updated_at, code_digest) VALUES (" +
		s.args(1, 9) + ") ON CONFLICT DO NOTHING"
}

func insertEvent(s *sqlStore) string {
	return "INSERT INTO ledger_events (id, channel, at, status, reply) VALUES (" + s.args(1, 5) + ")"
}

func (s *sqlStore) SentAt(ctx context.Context, id string) (email, letter time.Time, err error) {
	rows, err := s.db.QueryContext(ctx, "SELECT channel, sent_at FROM ledger WHERE id = "+s.arg(1), id)
	if err != nil {
		return email, letter, err
	}
	defer rows.Close()
	for rows.Next() {
		var channel, sent string
		if err := rows.Scan(&channel, &sent); err != nil {
			return email, letter, err
		}
		at, err := parseTS(sent)
		if err != nil {
			return email, letter, fmt.Errorf("store: the ledger entry of %s: %w", id, err)
		}
		switch channel {
		case ChannelEmail:
			email = at
		case ChannelLetter:
			letter = at
		}
	}
	return email, letter, rows.Err()
}

func (s *sqlStore) Events(ctx context.Context, id string) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, channel, at, status, reply FROM ledger_events WHERE id = "+s.arg(1)+" ORDER BY at, channel", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at, status string
		if err := rows.Scan(&e.ID, &e.Channel, &at, &status, &e.Reply); err != nil {
			return nil, err
		}
		if e.At, err = parseTS(at); err != nil {
			return nil, err
		}
		if err := e.Status.UnmarshalText([]byte(status)); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *sqlStore) RecordBounces(ctx context.Context, bounces []Bounce) ([]BounceResult, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	results := make([]BounceResult, len(bounces))
	for i, b := range bounces {
		var status string
		err := tx.QueryRowContext(ctx, "SELECT status FROM ledger WHERE id = "+s.arg(1)+" AND channel = 'email'", b.ID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			results[i] = BounceUnknown
			continue
		} else if err != nil {
			return nil, err
		}
		// A delay is news only about a message the relay has; a failure
		// ends every other status (even queued: the crash fell between the
		// relay's 250 and the ledger, and the bounce proves it was sent).
		if status == StatusBounced.String() || status == StatusFailed.String() ||
			(b.Status == StatusDeferred && status != StatusSent.String()) {
			results[i] = BounceAlready
			continue
		}
		if _, err := tx.ExecContext(ctx, "UPDATE ledger SET status = "+s.arg(1)+", reply = "+s.arg(2)+", updated_at = "+s.arg(3)+
			" WHERE id = "+s.arg(4)+" AND channel = 'email'", b.Status.String(), b.Reply, ts(b.At), b.ID); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, insertEvent(s), b.ID, ChannelEmail, ts(b.At), b.Status.String(), b.Reply); err != nil {
			return nil, err
		}
		if b.Status == StatusBounced {
			if err := s.letterDue(ctx, tx, b.ID, "email bounced: "+b.Reply, b.At); err != nil {
				return nil, err
			}
		}
	}
	return results, tx.Commit()
}

func (s *sqlStore) NextRetry(ctx context.Context, maxAttempts int) (time.Time, bool, error) {
	var next sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT min(l.next_at) FROM ledger l WHERE "+pending+" AND l.attempts < "+s.arg(1), maxAttempts).Scan(&next)
	if err != nil || !next.Valid {
		return time.Time{}, false, err
	}
	t, err := parseTS(next.String)
	return t, err == nil, err
}

func (s *sqlStore) Unsent(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM ledger l WHERE "+pending).Scan(&n)
	return n, err
}

func (s *sqlStore) LedgerCounts(ctx context.Context) ([]LedgerCount, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT l.channel, l.status, p.tier, p.language, count(*) FROM ledger l JOIN people p ON p.id = l.id GROUP BY l.channel, l.status, p.tier, p.language ORDER BY 1, 2, 3, 4")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LedgerCount
	for rows.Next() {
		var c LedgerCount
		var status, tier string
		if err := rows.Scan(&c.Channel, &status, &tier, &c.Language, &c.N); err != nil {
			return nil, err
		}
		if err := c.Status.UnmarshalText([]byte(status)); err != nil {
			return nil, err
		}
		if err := c.Tier.UnmarshalText([]byte(tier)); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *sqlStore) Ledger(ctx context.Context, afterID, afterChannel string, n int) ([]Notice, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+ledgerColumns+", "+prefixed("p.", personColumns)+
		" FROM ledger l JOIN people p ON p.id = l.id WHERE l.id > "+s.arg(1)+" OR (l.id = "+s.arg(1)+" AND l.channel > "+s.arg(2)+
		") ORDER BY l.id, l.channel LIMIT "+s.arg(3), afterID, afterChannel, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		if n.Entry, n.Person, err = s.scanNotice(rows); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
