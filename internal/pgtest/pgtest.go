// Package pgtest gives tests a PostgreSQL schema of their own on the
// server that CI and the project's machines run on 127.0.0.1:5432 (trust
// auth, database test).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Reachable reports whether the server answers on 127.0.0.1:5432. When it
// does not, it logs how to run the PostgreSQL tests, or under CI
// (CI=true), where they must run, fails the test.
func Reachable(t testing.TB) bool {
	t.Helper()
	conn, err := net.DialTimeout("tcp", "127.0.0.1:5432", time.Second)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is not on 127.0.0.1:5432, and CI must test the PostgreSQL store: %v", err)
		}
		t.Log("PostgreSQL is not on 127.0.0.1:5432: its tests are skipped; start one with trust auth and a database named test to run them (.ci/run does)")
		return false
	}
	conn.Close()
	return true
}

// Schema makes a new, empty schema named after prefix, drops it when the
// test ends, and returns a URL whose connections use it. Without a server
// it skips the test, saying how to run it; under CI (CI=true), where the
// PostgreSQL tests must run, it fails instead.
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	if !Reachable(t) {
		t.SkipNow()
	}
	var b [6]byte
	rand.Read(b[:])
	schema := prefix + "_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, "postgres://postgres@127.0.0.1:5432/test")
	if err != nil {
		t.Fatalf("PostgreSQL listens on 127.0.0.1:5432 but: %v", err)
	}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close(context.Background())
	})
	return "postgres://postgres@127.0.0.1:5432/test?search_path=" + schema
}
