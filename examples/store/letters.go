package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Letter is a letter entry of the ledger with its person: due
// (StatusLetter) or printed (StatusPrinted, with its batch and pages).
type Letter struct {
	Person    Person
	Status    Status
	Reply     string    // why the letter is due ("no email address", the bounce)
	Batch     string    // the batch file it was printed in; "" until printed
	Pages     string    // its pages in the batch, "3-5"; "" until printed
	UpdatedAt time.Time // the last change: when it was printed, for a printed letter
}

// Printed says that a person's letter was printed: in which batch file,
// on which pages, when.
type Printed struct {
	ID    string
	Batch string // the batch file's name: "batch-0001-a4.pdf"
	Pages string // "3-5"
	At    time.Time
}

// prefixScanner scans some columns before the ones another scan function
// reads, so that a query can add columns to the person's without a second
// copy of the person's scan.
type prefixScanner struct {
	rows *sql.Rows
	pre  []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.rows.Scan(append(p.pre, dest...)...) }

func (s *sqlStore) Letters(ctx context.Context, after string, n int, statuses ...Status) ([]Letter, error) {
	if len(statuses) == 0 {
		return nil, errors.New("store: Letters needs at least one status")
	}
	args := []any{after, n}
	for _, st := range statuses {
		if st != StatusLetter && st != StatusPrinted {
			return nil, fmt.Errorf("store: Letters: %v is not a status of a letter", st)
		}
		args = append(args, st.String())
	}
	rows, err := s.db.QueryContext(ctx, "SELECT l.status, l.reply, l.letter_batch, l.letter_pages, l.updated_at, "+prefixed("p.", personColumns)+
		" FROM ledger l JOIN people p ON p.id = l.id WHERE l.channel = 'letter' AND l.id > "+s.arg(1)+
		" AND l.status IN ("+s.args(3, len(statuses))+") ORDER BY l.id LIMIT "+s.arg(2), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Letter
	for rows.Next() {
		var l Letter
		var status, updated string
		if l.Person, err = s.scan(prefixScanner{rows, []any{&status, &l.Reply, &l.Batch, &l.Pages, &updated}}); err != nil {
			return nil, err
		}
		if err := l.Status.UnmarshalText([]byte(status)); err != nil {
			return nil, fmt.Errorf("store: ledger %s: %w", l.Person.ID, err)
		}
		if l.UpdatedAt, err = parseTS(updated); err != nil {
			return nil, fmt.Errorf("store: ledger %s: %w", l.Person.ID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

func (s *sqlStore) RecordPrinted(ctx context.Context, printed []Printed) error {
	if len(printed) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "UPDATE ledger SET status = "+s.arg(1)+", attempts = attempts + 1, letter_batch = "+s.arg(2)+
		", letter_pages = "+s.arg(3)+", updated_at = "+s.arg(4)+", sent_at = "+s.arg(4)+" WHERE id = "+s.arg(5)+" AND channel = 'letter'")
	if err != nil {
		return err
	}
	defer stmt.Close()
	event, err := tx.PrepareContext(ctx, insertEvent(s))
	if err != nil {
		return err
	}
	defer event.Close()
	for _, p := range printed {
		if p.Batch == "" || p.Pages == "" || strings.ContainsAny(p.Batch, "/\\") {
			return fmt.Errorf("store: printed letter of %s: want a batch file name and pages, got %q and %q", p.ID, p.Batch, p.Pages)
		}
		res, err := stmt.ExecContext(ctx, StatusPrinted.String(), p.Batch, p.Pages, ts(p.At), p.ID)
		if err != nil {
			return fmt.Errorf("store: recording the letter of %s: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: %s has no letter in the ledger", p.ID)
		}
		if _, err := event.ExecContext(ctx, p.ID, ChannelLetter, ts(p.At), StatusPrinted.String(), p.Batch+" pages "+p.Pages); err != nil {
			return err
		}
	}
	return tx.Commit()
}
