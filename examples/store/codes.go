package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/breachkit/breachkit/notice"
)

// Verification codes in the ledger.
//
// Every ledger entry records, in code_digest, the keyed digest of the
// verification code its notice carries ([notice.VerificationCode.Digest]:
// HMAC-SHA-256 under the organisation's code key, with a label of its own,
// so the digest is not the code's MAC and cannot be turned back into a
// code, nor made for a person, without the key). The code itself is never
// stored, nor is the key: the mailer gives it to the store for the run
// ([Ledger.IssueCodes]), and the store keeps only a fingerprint of it, so
// that a portal started with another key is refused rather than telling
// every reader their genuine notice is not ours.
//
// The portal checks a typed code with one search of the index ledger_code
// ([Ledger.CheckCode]) and counts the check: per code in code_checks (how
// often, first and last time: many checks of one code are a sign that a
// copy of that notice, or a phishing message imitating it, is going
// round), and for codes we never issued only per day, in
// code_checks_unknown. Those are not kept one by one because we cannot
// tell a reader's typo from a forger's invention, the text typed may be
// anything a frightened person pastes (their membership number, a
// password), and a table anyone on the internet can add a row to would
// grow without bound; a daily count still shows a wave of forged codes.
// Nothing records who checked a code.

// ErrCodeKey is the error of a verification code key other than the one
// the ledger's codes were issued under.
var ErrCodeKey = errors.New("store: the ledger's verification codes were issued under another key")

// ErrCheckNotCounted is wrapped by the error of a code check that was
// answered but could not be counted: the answer returned with it holds.
var ErrCheckNotCounted = errors.New("store: the code check was answered but not counted")

// CodeCheck is one check of a typed verification code, as the portal asks
// it of [Ledger.CheckCode].
type CodeCheck struct {
	// Digest is the keyed digest of the code typed, or, when what was
	// typed is not a code, of a stand-in, so that every check searches the
	// index alike.
	Digest [16]byte
	// Malformed says that what was typed was not a code (or had a typo
	// its check character caught): it is counted as a code never issued,
	// whatever Digest finds.
	Malformed bool
	At        time.Time
}

// CodeIssue is what the ledger says of the notice a code belongs to: its
// channel and when it went out. Never whose it is.
type CodeIssue struct {
	Channel string // ChannelEmail or ChannelLetter
	// Sent is when the notice went out, zero if it has not: for an email,
	// when the relay accepted it; for a letter, when it was printed
	// (RecordPrinted). A letter only due has not gone out: the portal must
	// not tell its reader we sent it.
	Sent time.Time
}

// CheckedCode is how often one issued code was checked.
type CheckedCode struct {
	Digest      [16]byte // the code's keyed digest: not the code, and not whose it is
	Channel     string
	Checks      int64
	First, Last time.Time
}

// UnknownCodeChecks counts, for one day (UTC), the checks of codes we
// never issued: well formed (a forgery, or a code of another incident or
// key), or malformed (not a code, or a typo).
type UnknownCodeChecks struct {
	Day                   string // "2018-10-26"
	WellFormed, Malformed int64
}

// CodeCheckCounts sums the checks the ledger has counted.
type CodeCheckCounts struct {
	Codes  int64 // issued codes checked at least once
	Checks int64 // checks of issued codes
	// Checks of codes never issued.
	UnknownWellFormed, UnknownMalformed int64
}

const dayLayout = "2006-01-02"

// ledgerCodeIndex makes a check one search of one index. It is not
// unique: two codes whose 128-bit digests coincide (about 1e-26 at 18.8
// million codes) should not stop a queue. It is made by IndexCodes, not
// with the tables: kept up row by row while the mailer first queues
// millions, each insert lands on a random page of it (the digests are
// random), and queueing ran 4 times slower (BenchmarkQueueSQLite: 7,500
// entries a second instead of 31,000 at 2 million); made in one pass after
// the queue, it costs seconds.
const ledgerCodeIndex = `CREATE INDEX IF NOT EXISTS ledger_code ON ledger (code_digest)`

func (s *sqlStore) IndexCodes(ctx context.Context) error {
	if s.codesIndexed.Load() {
		return nil
	}
	db := s.db
	if s.checks != nil {
		db = s.checks // a portal's read-only SQLite store makes it with its writer
	}
	var n int
	if err := s.db.QueryRowContext(ctx, s.d.codeIndexed).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		if _, err := db.ExecContext(ctx, ledgerCodeIndex); err != nil {
			// Another sender of a PostgreSQL store may have made it
			// meanwhile.
			if err2 := s.db.QueryRowContext(ctx, s.d.codeIndexed).Scan(&n); err2 != nil || n == 0 {
				return fmt.Errorf("store: indexing the verification codes: %w", err)
			}
		}
	}
	s.codesIndexed.Store(true)
	return nil
}

// keyFingerprint identifies a code key without revealing it: HMAC-SHA-256
// of a fixed label under the key.
func keyFingerprint(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("breachkit code key fingerprint v1"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// codeDigest is the digest of the code of the notice of the person id by
// channel, under the key the ledger was given; nil without one.
func (s *sqlStore) codeDigest(id, channel string) ([]byte, error) {
	key := s.codeKey.Load()
	if key == nil {
		return nil, nil
	}
	var ch notice.Channel
	if err := ch.UnmarshalText([]byte(channel)); err != nil {
		return nil, fmt.Errorf("store: the code of %s: %w", id, err)
	}
	c, err := notice.DeriveCode(*key, s.binding.Incident, id, ch)
	if err != nil {
		return nil, fmt.Errorf("store: the code of %s: %w", id, err)
	}
	d := c.Digest(*key)
	return d[:], nil
}

func (s *sqlStore) IssueCodes(ctx context.Context, key []byte) (int64, error) {
	if len(key) < notice.MinCodeKeyLen {
		return 0, fmt.Errorf("%w: %d bytes, at least %d", notice.ErrShortCodeKey, len(key), notice.MinCodeKeyLen)
	}
	fp := keyFingerprint(key)
	if _, err := s.db.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('code_key', "+s.arg(1)+") ON CONFLICT DO NOTHING", fp); err != nil {
		return 0, err
	}
	if err := s.VerifyCodeKey(ctx, key); err != nil {
		return 0, err
	}
	k := append([]byte(nil), key...)
	s.codeKey.Store(&k)
	// Entries added without the key (a letter put due by a bounce, read
	// by a run that had none) get their digest now.
	var filled int64
	for {
		rows, err := s.db.QueryContext(ctx, "SELECT id, channel FROM ledger WHERE code_digest IS NULL ORDER BY id, channel LIMIT 1000")
		if err != nil {
			return filled, err
		}
		type row struct{ id, channel string }
		var page []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.channel); err != nil {
				rows.Close()
				return filled, err
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return filled, err
		}
		if len(page) == 0 {
			return filled, nil
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return filled, err
		}
		for _, r := range page {
			d, err := s.codeDigest(r.id, r.channel)
			if err == nil {
				_, err = tx.ExecContext(ctx, "UPDATE ledger SET code_digest = "+s.arg(1)+" WHERE id = "+s.arg(2)+" AND channel = "+s.arg(3)+" AND code_digest IS NULL", d, r.id, r.channel)
			}
			if err != nil {
				tx.Rollback()
				return filled, err
			}
		}
		if err := tx.Commit(); err != nil {
			return filled, err
		}
		filled += int64(len(page))
	}
}

func (s *sqlStore) VerifyCodeKey(ctx context.Context, key []byte) error {
	var fp string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'code_key'").Scan(&fp)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil // no code issued yet
	case err != nil:
		return err
	case !hmac.Equal([]byte(fp), []byte(keyFingerprint(key))):
		return fmt.Errorf("%w: give the key the mailer sent them with", ErrCodeKey)
	}
	return nil
}

// The statements of a check: every check runs the search, then one of two
// upserts of one row each, so that a code never issued costs the same
// whether it was malformed, altered or well formed.
const (
	searchCode = "SELECT channel, sent_at FROM ledger WHERE code_digest = "
	countCode  = "INSERT INTO code_checks (code_digest, checks, first_at, last_at) VALUES ($1, 1, $2, $2) ON CONFLICT (code_digest) DO UPDATE SET checks = code_checks.checks + 1," +
		" first_at = CASE WHEN excluded.first_at < code_checks.first_at THEN excluded.first_at ELSE code_checks.first_at END," +
		" last_at = CASE WHEN excluded.last_at > code_checks.last_at THEN excluded.last_at ELSE code_checks.last_at END"
	countUnknown = "INSERT INTO code_checks_unknown (day, well_formed, malformed) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET" +
		" well_formed = code_checks_unknown.well_formed + excluded.well_formed, malformed = code_checks_unknown.malformed + excluded.malformed"
)

func (s *sqlStore) CheckCode(ctx context.Context, c CodeCheck) (CodeIssue, bool, error) {
	var issue CodeIssue
	var sent string
	err := s.db.QueryRowContext(ctx, s.code.search, c.Digest[:]).Scan(&issue.Channel, &sent)
	issued := err == nil && !c.Malformed
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return CodeIssue{}, false, err
	}
	if !issued {
		issue = CodeIssue{}
	} else {
		if issue.Sent, err = parseTS(sent); err != nil {
			return CodeIssue{}, false, fmt.Errorf("store: the ledger entry of a checked code: %w", err)
		}
	}
	// The count goes through the connection that may write (the portal
	// reads a SQLite store through a read-only one).
	if s.checks == nil {
		return issue, issued, fmt.Errorf("%w: the store is open read-only, without RecordChecks", ErrCheckNotCounted)
	}
	at := c.At.UTC()
	if issued {
		_, err = s.checks.ExecContext(ctx, s.code.count, c.Digest[:], ts(at))
	} else {
		wellFormed, malformed := 1, 0
		if c.Malformed {
			wellFormed, malformed = 0, 1
		}
		_, err = s.checks.ExecContext(ctx, s.code.unknown, at.Format(dayLayout), wellFormed, malformed)
	}
	if err != nil {
		return issue, issued, fmt.Errorf("%w: %w", ErrCheckNotCounted, err)
	}
	return issue, issued, nil
}

// codeStatements are the statements of a check in the store's dialect,
// made once when the store is opened: a check is on the portal's request
// path.
type codeStatements struct{ search, count, unknown string }

func newCodeStatements(d dialect) codeStatements {
	numbered := func(q string) string {
		if d.arg(1) == "$1" {
			return q
		}
		return strings.ReplaceAll(q, "$", "?") // SQLite reads ?N as $N
	}
	return codeStatements{search: searchCode + d.arg(1) + " LIMIT 1", count: numbered(countCode), unknown: numbered(countUnknown)}
}

func (s *sqlStore) CheckedCodes(ctx context.Context, fn func(CheckedCode) error) error {
	rows, err := s.db.QueryContext(ctx, "SELECT c.code_digest, l.channel, c.checks, c.first_at, c.last_at FROM code_checks c JOIN ledger l ON l.code_digest = c.code_digest"+
		" ORDER BY c.checks DESC, c.first_at, c.code_digest")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c CheckedCode
		var digest []byte
		var first, last string
		if err := rows.Scan(&digest, &c.Channel, &c.Checks, &first, &last); err != nil {
			return err
		}
		if len(digest) != len(c.Digest) {
			return fmt.Errorf("store: a code digest of %d bytes in code_checks", len(digest))
		}
		copy(c.Digest[:], digest)
		if c.First, err = parseTS(first); err == nil {
			c.Last, err = parseTS(last)
		}
		if err != nil {
			return fmt.Errorf("store: code_checks: %w", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *sqlStore) UnknownCodeChecks(ctx context.Context) ([]UnknownCodeChecks, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT day, well_formed, malformed FROM code_checks_unknown ORDER BY day")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnknownCodeChecks
	for rows.Next() {
		var u UnknownCodeChecks
		if err := rows.Scan(&u.Day, &u.WellFormed, &u.Malformed); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *sqlStore) CodeCheckCounts(ctx context.Context) (CodeCheckCounts, error) {
	var c CodeCheckCounts
	err := s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM code_checks), (SELECT CAST(coalesce(sum(checks), 0) AS BIGINT) FROM code_checks),"+
		" (SELECT CAST(coalesce(sum(well_formed), 0) AS BIGINT) FROM code_checks_unknown), (SELECT CAST(coalesce(sum(malformed), 0) AS BIGINT) FROM code_checks_unknown)").
		Scan(&c.Codes, &c.Checks, &c.UnknownWellFormed, &c.UnknownMalformed)
	return c, err
}
