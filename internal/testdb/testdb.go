// Package testdb gives each test a database of its own: a SQLite file under
// t.TempDir(), or, when TEST_DATABASE_URL names a PostgreSQL database, a fresh
// schema in it, dropped when the test ends. Tests in every package get their
// database here, so one switch runs the whole suite on either.
package testdb

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvVar names the PostgreSQL database the tests use when set, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const EnvVar = "TEST_DATABASE_URL"

// Postgres reports whether tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvVar) != "" }

// DSN returns the data source name of a new, empty database for t: pass it
// to models.Open, or to a server process as DATABASE_URL. name is the SQLite
// file's name under t.TempDir().
func DSN(t testing.TB, name string) string {
	t.Helper()
	base := os.Getenv(EnvVar)
	if base == "" {
		return filepath.Join(t.TempDir(), name)
	}
	admin := connect(t, base)
	defer admin.Close()
	schema := schemaName(t)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		admin := connect(t, base)
		defer admin.Close()
		// a connection still inside a transaction would hold the drop forever
		if _, err := admin.Exec(`SET lock_timeout = '20s'`); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvVar, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// a test needs no durability across a power cut: commits do not wait for the disk
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// connect opens the database named by TEST_DATABASE_URL.
func connect(t testing.TB, base string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvVar, err)
	}
	return db
}

// schemaName is a new schema name that says which test made it.
func schemaName(t testing.TB) string {
	var b strings.Builder
	b.WriteString("t_")
	for _, r := range strings.ToLower(t.Name()) {
		if b.Len() >= 40 {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	var rnd [5]byte
	_, _ = rand.Read(rnd[:])
	return b.String() + "_" + hex.EncodeToString(rnd[:])
}
