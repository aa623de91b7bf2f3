package models

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/plugin/dbresolver"
)

// Times are stored in UTC: the SQLite driver writes a time as text with its
// offset, and SQL compares that text, so every exported function that takes
// "now" converts it first.

// Open connects to the database named by dsn and runs pending migrations: a
// postgres:// or postgresql:// URL opens PostgreSQL, anything else is a SQLite
// file path.
func Open(dsn string) (*gorm.DB, error) {
	var db *gorm.DB
	var err error
	if IsPostgres(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := migrateAlone(db); err != nil {
		Close(db)
		return nil, err
	}
	return db, nil
}

// migrateAlone runs Migrate while holding a PostgreSQL advisory lock, so
// instances starting together on a new release migrate one after the other:
// the first applies the steps, the others then find nothing to do.
func migrateAlone(db *gorm.DB) error {
	if db.Dialector.Name() != "postgres" {
		return Migrate(db)
	}
	return db.Connection(func(conn *gorm.DB) error {
		const key = 0x796470316d6967 // "ydp1mig"
		if err := conn.Exec("SELECT pg_advisory_lock(?)", key).Error; err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", key)
		return Migrate(conn)
	})
}

// openSQLite opens one SQLite file as two pools: a single writer connection and
// a pool of readers. SQLite allows one writer at a time; funnelling writes
// through one connection turns lock contention into a queue in Go instead of
// SQLITE_BUSY errors, while WAL lets readers proceed alongside it.
func openSQLite(path string) (*gorm.DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	params := url.Values{}
	params.Set("_journal_mode", "WAL")   // readers never block the writer, nor the writer the readers
	params.Set("_busy_timeout", "5000")  // wait up to 5 s for a lock instead of failing at once
	params.Set("_foreign_keys", "on")    // enforce REFERENCES clauses
	params.Set("_synchronous", "NORMAL") // durable across application crashes; in WAL it is safe and fast
	params.Set("_txlock", "immediate")   // take the write lock at BEGIN, so no transaction fails half-way on upgrade
	params.Set("_cache_size", "-4000")   // about 4 MB of page cache per connection; the OS caches the file for all

	cfg := gormConfig()
	// the path goes into a file: URI, where % ? and # have meanings of their own
	uri := "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	db, err := gorm.Open(sqlite.Open(uri+"?"+params.Encode()), cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	writer, err := db.DB()
	if err != nil {
		return nil, err
	}
	writer.SetMaxOpenConns(1) // the one writer connection
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxIdleTime(0)

	// Readers: deferred transactions and query_only, so a read can never take the write lock.
	// Two per core keep the cores busy; each more is another page cache.
	n := max(4, 2*runtime.GOMAXPROCS(0))
	params.Set("_txlock", "deferred")
	params.Set("_query_only", "true")
	readers, err := sql.Open("sqlite3", uri+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database readers: %w", err)
	}
	readers.SetMaxOpenConns(n)
	readers.SetMaxIdleConns(n)
	err = db.Use(dbresolver.Register(dbresolver.Config{Replicas: []gorm.Dialector{&sqlite.Dialector{Conn: readers}}}))
	if err != nil {
		return nil, fmt.Errorf("open database readers: %w", err)
	}
	if err := db.Use(&readPool{db: readers}); err != nil {
		return nil, err
	}
	return db, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// gormConfig is the same for both databases.
func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:         logger.Default.LogMode(logger.Silent),
		NowFunc:        func() time.Time { return time.Now().UTC() },
		TranslateError: true, // unique violations come back as gorm.ErrDuplicatedKey
	}
}

// openPostgres opens one pool for reads and writes: PostgreSQL handles
// concurrent writers itself, so no writer funnel is needed. Several app
// instances may share the database; keep (instances × pool) under the
// server's max_connections (100 by default).
func openPostgres(dsn string) (*gorm.DB, error) {
	conf, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	pool := stdlib.OpenDB(*conf, stdlib.OptionAfterConnect(func(_ context.Context, c *pgx.Conn) error {
		// times come back in UTC, as from SQLite, whatever the machine's zone
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}))
	pool.SetMaxOpenConns(16)                  // enough for two cores' worth of work waiting on I/O
	pool.SetMaxIdleConns(4)                   // keep a few warm, give the rest back to the server
	pool.SetConnMaxIdleTime(5 * time.Minute)  // idle connections of a quiet instance are returned
	pool.SetConnMaxLifetime(30 * time.Minute) // follow a failover or a restarted pooler in time
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: pool}), gormConfig())
	if err != nil {
		_ = pool.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// Close releases every connection of db.
func Close(db *gorm.DB) {
	if p, ok := db.Config.Plugins[(*readPool)(nil).Name()].(*readPool); ok {
		_ = p.db.Close()
	}
	if sqlDB, err := db.DB(); err == nil {
		_ = sqlDB.Close()
	}
}

// Ping checks that the database answers.
func Ping(db *gorm.DB) error {
	var one int
	return db.Raw("SELECT 1").Scan(&one).Error
}

// readPool is the pool of SQLite's reader connections, kept for the few
// reads every request makes (its account, whether it supported the
// petition on the page): readRow prepares each of them once per connection
// instead of for every request.
type readPool struct {
	db    *sql.DB
	stmts sync.Map // query → *sql.Stmt
}

func (*readPool) Name() string { return "ydp1:reads" }

func (*readPool) Initialize(*gorm.DB) error { return nil }

// readRow runs a query of one row into dest: through a prepared statement of
// the reader pool outside a transaction on SQLite, through GORM otherwise.
func readRow(db *gorm.DB, dest []any, query string, args ...any) error {
	p, ok := db.Config.Plugins[(*readPool)(nil).Name()].(*readPool)
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); !ok || inTx {
		return db.Raw(query, args...).Row().Scan(dest...)
	}
	st, ok := p.stmts.Load(query)
	if !ok {
		prepared, err := p.db.Prepare(query)
		if err != nil {
			return err
		}
		if st, ok = p.stmts.LoadOrStore(query, prepared); ok {
			_ = prepared.Close() // another request prepared it first
		}
	}
	return st.(*sql.Stmt).QueryRow(args...).Scan(dest...)
}
