package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/breachkit/breachkit/exposure"
)

// dialect is what differs between SQLite and PostgreSQL.
type dialect struct {
	schema []string // statements that create the tables
	// arg returns the placeholder of argument n (from 1).
	arg func(n int) string
	// sameID is a condition matching an id in any letter case.
	sameID string
	// skipLocked ends a query that claims rows, so that concurrent
	// senders claim different ones.
	skipLocked string
	// codeIndexed counts the indexes named ledger_code (0 or 1).
	codeIndexed string
}

// sqlStore is a Store on database/sql.
type sqlStore struct {
	db      *sql.DB
	d       dialect
	binding Binding
	key     []byte
	put     string // the insert statement
	code    codeStatements
	// checks is the connection that counts code checks: db, or a writable
	// one beside a read-only db; nil when the store cannot count them.
	checks *sql.DB
	// codeKey is the verification code key of IssueCodes, in memory only.
	codeKey atomic.Pointer[[]byte]
	// codesIndexed is set once ledger_code is known to exist.
	codesIndexed atomic.Bool
}

const personColumns = "id, line, name, email, language, exposed, tier, jurisdiction, address, membership, family"

// open makes the tables of an empty database, or checks that a database
// already holds a store of this schema and incident.
func open(ctx context.Context, db *sql.DB, d dialect, b Binding, readOnly bool) (*sqlStore, error) {
	s := &sqlStore{db: db, d: d, binding: b, code: newCodeStatements(d)}
	if !readOnly {
		s.checks = db
	}
	var placeholders []string
	for i := range strings.Count(personColumns, ",") + 1 {
		placeholders = append(placeholders, d.arg(i+1))
	}
	s.put = "INSERT INTO people (" + personColumns + ") VALUES (" + strings.Join(placeholders, ", ") + ") ON CONFLICT DO NOTHING"

	meta, err := s.readMeta(ctx)
	switch {
	case err != nil:
		return nil, err
	case meta == nil && readOnly:
		return nil, errors.New("store: the store is empty: import the passengers first (mailer import)")
	case meta == nil:
		if err := s.create(ctx); err != nil {
			return nil, err
		}
		return s, nil
	}
	switch {
	case meta["schema_version"] != SchemaVersion:
		return nil, fmt.Errorf("%w: %q, this program reads %q", ErrSchema, meta["schema_version"], SchemaVersion)
	case meta["incident"] != b.Incident:
		return nil, fmt.Errorf("%w: it holds incident %q, not %q", ErrOtherIncident, meta["incident"], b.Incident)
	case meta["scoring"] != b.Scoring:
		return nil, fmt.Errorf("%w: incident %q was imported with other exposed categories or circumstances (%s; the file now says %s): import it again into a new store",
			ErrOtherIncident, b.Incident, meta["scoring"], b.Scoring)
	}
	if s.key, err = hex.DecodeString(meta["lookup_key"]); err != nil || len(s.key) != 32 {
		return nil, errors.New("store: the lookup key is damaged")
	}
	return s, nil
}

// readMeta returns the meta table, or nil when the database has none.
func (s *sqlStore) readMeta(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT key, value FROM meta")
	if err != nil {
		// No meta table: a new database. Anything else shows on create.
		return nil, nil
	}
	defer rows.Close()
	meta := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		meta[k] = v
	}
	return meta, rows.Err()
}

func (s *sqlStore) create(ctx context.Context) error {
	s.key = make([]byte, 32)
	rand.Read(s.key)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, stmt := range s.d.schema {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("store: creating the tables: %w", err)
		}
	}
	for k, v := range map[string]string{
		"schema_version": SchemaVersion, "incident": s.binding.Incident, "scoring": s.binding.Scoring,
		"lookup_key": hex.EncodeToString(s.key),
	} {
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ("+s.d.arg(1)+", "+s.d.arg(2)+")", k, v); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *sqlStore) Binding() Binding  { return s.binding }
func (s *sqlStore) LookupKey() []byte { return append([]byte(nil), s.key...) }

func (s *sqlStore) Close() error {
	err := s.db.Close()
	if s.checks != nil && s.checks != s.db {
		err = errors.Join(err, s.checks.Close())
	}
	return err
}

func (s *sqlStore) Put(ctx context.Context, people []Person) ([]error, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, s.put)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	results := make([]error, len(people))
	for i := range people {
		p := &people[i]
		res, err := stmt.ExecContext(ctx, s.row(p)...)
		if err != nil {
			return nil, fmt.Errorf("store: adding %s: %w", p.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 0 {
			results[i] = s.whyNot(ctx, tx, p)
		}
	}
	return results, tx.Commit()
}

// whyNot says which person already in the store kept p out.
func (s *sqlStore) whyNot(ctx context.Context, tx *sql.Tx, p *Person) error {
	var other string
	var line int64
	err := tx.QueryRowContext(ctx, "SELECT id, line FROM people WHERE "+s.d.sameID, p.ID).Scan(&other, &line)
	if err == nil && other == p.ID && line == p.Line {
		return ErrAlreadyImported
	}
	if err == nil {
		return fmt.Errorf("%w: %q repeats %q of line %d", ErrDuplicateID, p.ID, other, line)
	}
	err = tx.QueryRowContext(ctx, "SELECT id FROM people WHERE membership = "+s.d.arg(1)+" AND family = "+s.d.arg(2), p.Membership, p.Family).Scan(&other)
	if err == nil {
		return fmt.Errorf("%w: %q with the same family name already belongs to %q", ErrDuplicateCard, p.Membership, other)
	}
	return fmt.Errorf("store: %s was not added, for no reason the store can find: %w", p.ID, err)
}

func (s *sqlStore) row(p *Person) []any {
	var address string
	if len(p.AddressLines) > 0 || p.Country != "" {
		b, _ := json.Marshal(struct {
			Lines   []string `json:"lines"`
			Country string   `json:"country"`
		}{p.AddressLines, p.Country})
		address = string(b)
	}
	var membership any
	if p.Membership != "" {
		membership = p.Membership
	}
	var family any
	if p.Family != nil {
		family = p.Family
	}
	return []any{p.ID, p.Line, p.Name, p.Email, p.Language, p.Exposed.String(), p.Tier.String(),
		p.Jurisdiction, address, membership, family}
}

func (s *sqlStore) scan(sc interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var exposed, tier, address string
	var membership sql.NullString
	if err := sc.Scan(&p.ID, &p.Line, &p.Name, &p.Email, &p.Language, &exposed, &tier,
		&p.Jurisdiction, &address, &membership, &p.Family); err != nil {
		return Person{}, err
	}
	p.Membership = membership.String
	if err := finishPerson(&p, exposed, tier, address); err != nil {
		return Person{}, err
	}
	return p, nil
}

// finishPerson decodes the columns of a person kept as text.
func finishPerson(p *Person, exposed, tier, address string) error {
	var err error
	if p.Exposed, err = exposure.ParseSet(exposed); err != nil {
		return fmt.Errorf("store: %s: %w", p.ID, err)
	}
	if err := p.Tier.UnmarshalText([]byte(tier)); err != nil {
		return fmt.Errorf("store: %s: %w", p.ID, err)
	}
	if address != "" {
		var a struct {
			Lines   []string `json:"lines"`
			Country string   `json:"country"`
		}
		if err := json.Unmarshal([]byte(address), &a); err != nil {
			return fmt.Errorf("store: %s: address: %w", p.ID, err)
		}
		p.AddressLines, p.Country = a.Lines, a.Country
	}
	return nil
}

func (s *sqlStore) Refuse(ctx context.Context, refusals []Refusal) error {
	if len(refusals) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range refusals {
		// A rerun of the same import refuses the same lines again.
		if _, err := tx.ExecContext(ctx, "INSERT INTO refused (line, id, reason) VALUES ("+s.d.arg(1)+", "+s.d.arg(2)+", "+s.d.arg(3)+") ON CONFLICT DO NOTHING",
			r.Line, r.ID, r.Reason); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *sqlStore) Page(ctx context.Context, after string, n int) ([]Person, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+" FROM people WHERE id > "+s.d.arg(1)+" ORDER BY id LIMIT "+s.d.arg(2), after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	people := make([]Person, 0, n)
	for rows.Next() {
		p, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		people = append(people, p)
	}
	return people, rows.Err()
}

func (s *sqlStore) Find(ctx context.Context, membership string, family []byte) (Person, bool, error) {
	if membership == "" || family == nil {
		return Person{}, false, nil
	}
	row := s.db.QueryRowContext(ctx, "SELECT "+personColumns+" FROM people WHERE membership = "+s.d.arg(1)+" AND family = "+s.d.arg(2), membership, family)
	p, err := s.scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, false, nil
	}
	return p, err == nil, err
}

func (s *sqlStore) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM people WHERE tier <> 'none'), (SELECT count(*) FROM refused)").
		Scan(&c.People, &c.Affected, &c.Refused)
	return c, err
}
