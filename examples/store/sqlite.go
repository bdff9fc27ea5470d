package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

var sqliteDialect = dialect{
	schema: []string{
		`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		// Keyed by id without regard to ASCII letter case: ids are ASCII
		// (sample.CheckID), so NOCASE is exactly "differ only in case".
		`CREATE TABLE people (
			id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
			line INTEGER NOT NULL,
			name TEXT NOT NULL,
			email TEXT NOT NULL,
			language TEXT NOT NULL,
			exposed TEXT NOT NULL,
			tier TEXT NOT NULL,
			jurisdiction TEXT NOT NULL,
			address TEXT NOT NULL,
			membership TEXT,
			family BLOB
		) WITHOUT ROWID`,
		// The portal's lookup: one search of this index answers it, and a
		// wrong family name misses it exactly as an unknown number does.
		`CREATE UNIQUE INDEX people_lookup ON people (membership, family) WHERE membership IS NOT NULL`,
		`CREATE TABLE refused (line INTEGER PRIMARY KEY, id TEXT NOT NULL, reason TEXT NOT NULL)`,
		`CREATE TABLE ledger (
			id TEXT NOT NULL COLLATE NOCASE,
			channel TEXT NOT NULL,
			status TEXT NOT NULL,
			attempts INTEGER NOT NULL,
			message_id TEXT NOT NULL,
			message_date TEXT NOT NULL DEFAULT '',
			reply TEXT NOT NULL,
			digest BLOB,
			queued_at TEXT NOT NULL,
			sent_at TEXT NOT NULL DEFAULT '',
			updated_at TEXT NOT NULL,
			next_at TEXT NOT NULL DEFAULT '',
			lease_until TEXT NOT NULL DEFAULT '',
			lease_owner TEXT NOT NULL DEFAULT '',
			code_digest BLOB,
			letter_batch TEXT NOT NULL DEFAULT '',
			letter_pages TEXT NOT NULL DEFAULT '',
			PRIMARY KEY (id, channel)
		) WITHOUT ROWID`,
		ledgerPendingIndex,
		`CREATE TABLE code_checks (code_digest BLOB PRIMARY KEY, checks INTEGER NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL) WITHOUT ROWID`,
		`CREATE TABLE code_checks_unknown (day TEXT PRIMARY KEY, well_formed INTEGER NOT NULL, malformed INTEGER NOT NULL)`,
		`CREATE TABLE ledger_events (id TEXT NOT NULL COLLATE NOCASE, channel TEXT NOT NULL, at TEXT NOT NULL, status TEXT NOT NULL, reply TEXT NOT NULL)`,
	},
	arg:         func(n int) string { return "?" + strconv.Itoa(n) },
	sameID:      "id = ?1 COLLATE NOCASE",
	codeIndexed: "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ledger_code'",
}

// SQLiteOptions tune a SQLite store.
type SQLiteOptions struct {
	// ReadOnly opens an existing store for reading only, as the portal does.
	ReadOnly bool
	// Bulk trades durability for speed while importing: a crash may lose
	// the transactions of the last moments (an import is rerun, and a rerun
	// adds only what is missing), never corrupt the file.
	Bulk bool
	// CacheMiB is SQLite's page cache per connection; 0 means 16.
	CacheMiB int
	// RecordChecks, with ReadOnly, opens beside the read-only connections
	// one that may write, used only to count the checks of verification
	// codes (Ledger.CheckCode), as the portal does: everything else it
	// reads stays read-only.
	RecordChecks bool
}

// OpenSQLite opens the SQLite store in the file at path, creating it if it
// does not exist (unless ReadOnly).
func OpenSQLite(ctx context.Context, path string, b Binding, o SQLiteOptions) (Store, error) {
	cache := o.CacheMiB
	if cache == 0 {
		cache = 16
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-"+strconv.Itoa(cache*1024)+")")
	q.Add("_txlock", "immediate")
	if o.ReadOnly {
		q.Add("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		if o.Bulk {
			q.Add("_pragma", "synchronous(OFF)")
		} else {
			q.Add("_pragma", "synchronous(NORMAL)")
		}
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if !o.ReadOnly {
		// One writer: SQLite has one anyway, and one connection keeps the
		// page cache warm.
		db.SetMaxOpenConns(1)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	s, err := open(ctx, db, sqliteDialect, b, o.ReadOnly)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if o.ReadOnly && o.RecordChecks {
		q.Del("mode")
		// A count lost to a power cut is no harm; a commit that waits for
		// the disk is one the reader waits for.
		q.Add("_pragma", "synchronous(NORMAL)")
		// One writer, as SQLite has; a check that finds the mailer
		// writing waits for it (busy_timeout).
		w, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
		if err == nil {
			w.SetMaxOpenConns(1)
			err = w.PingContext(ctx)
			if err != nil {
				w.Close()
			}
		}
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: %s: opening it to count code checks: %w", path, err)
		}
		s.checks = w
	}
	return s, nil
}
