package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

var postgresDialect = dialect{
	schema: []string{
		`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE people (
			id TEXT NOT NULL PRIMARY KEY,
			line BIGINT NOT NULL,
			name TEXT NOT NULL,
			email TEXT NOT NULL,
			language TEXT NOT NULL,
			exposed TEXT NOT NULL,
			tier TEXT NOT NULL,
			jurisdiction TEXT NOT NULL,
			address TEXT NOT NULL,
			membership TEXT,
			family BYTEA
		)`,
		// Ids are ASCII (sample.CheckID): lower() is exactly "differ only in case".
		`CREATE UNIQUE INDEX people_id_fold ON people (lower(id))`,
		// The portal's lookup: one search of this index answers it, and a
		// wrong family name misses it exactly as an unknown number does.
		`CREATE UNIQUE INDEX people_lookup ON people (membership, family) WHERE membership IS NOT NULL`,
		`CREATE TABLE refused (line BIGINT PRIMARY KEY, id TEXT NOT NULL, reason TEXT NOT NULL)`,
		`CREATE TABLE ledger (
			id TEXT NOT NULL,
			channel TEXT NOT NULL,
			status TEXT NOT NULL,
			attempts INTEGER NOT NULL,
			message_id TEXT NOT NULL,
			message_date TEXT NOT NULL DEFAULT '',
			reply TEXT NOT NULL,
			digest BYTEA,
			queued_at TEXT NOT NULL,
			sent_at TEXT NOT NULL DEFAULT '',
			updated_at TEXT NOT NULL,
			next_at TEXT NOT NULL DEFAULT '',
			lease_until TEXT NOT NULL DEFAULT '',
			lease_owner TEXT NOT NULL DEFAULT '',
			code_digest BYTEA,
			letter_batch TEXT NOT NULL DEFAULT '',
			letter_pages TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (id, channel)
		)`,
		ledgerPendingIndex,
		`CREATE TABLE code_checks (code_digest BYTEA PRIMARY KEY, checks BIGINT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL)`,
		`CREATE TABLE code_checks_unknown (day TEXT PRIMARY KEY, well_formed BIGINT NOT NULL, malformed BIGINT NOT NULL)`,
		`CREATE TABLE ledger_events (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL, channel TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL, reply TEXT NOT NULL)`,
	},
	arg:         func(n int) string { return "$" + strconv.Itoa(n) },
	sameID:      "lower(id) = lower($1)",
	skipLocked:  " FOR UPDATE OF l SKIP LOCKED",
	codeIndexed: "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'ledger_code'",
}

// OpenPostgres opens the store in the PostgreSQL database at url
// ("postgres://user@127.0.0.1:5432/db?search_path=incident_x"), creating
// its tables if the schema has none. Give each incident its own schema
// (search_path) or database.
func OpenPostgres(ctx context.Context, url string, b Binding, readOnly bool) (Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	s, err := open(ctx, db, postgresDialect, b, readOnly)
	if err != nil {
		db.Close()
		return nil, err
	}
	// readOnly only refuses to make the tables: what a connection may
	// write is the role's privileges (a portal's role needs INSERT and
	// UPDATE on code_checks and code_checks_unknown to count checks).
	s.checks = db
	return s, nil
}
