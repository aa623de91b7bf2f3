// Package models is the core every capability shares: the database set-up
// and its migrations (db.go, migrations.go), settings, accounts and their
// sessions, the audit log, events and the mail outbox, periodic job runs,
// places (행정동, 권역, categories), formatting, markdown, backups and the
// recount of counters. It imports no capability: petitions, meetings and
// ideas are packages of their own below it, and each imports it.
package models

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
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

// Open connects to the database named by dsn, runs pending migrations and
// then each backfill: a capability's catch-up on rows written before one of
// its migrations (the search index of older petitions). A postgres:// or
// postgresql:// URL opens PostgreSQL, anything else is a SQLite file path.
func Open(dsn string, backfills ...func(*gorm.DB) error) (*gorm.DB, error) {
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
	if err := db.Use(newAccounts()); err != nil {
		Close(db)
		return nil, err
	}
	if err := migrateAlone(db, backfills); err != nil {
		Close(db)
		return nil, err
	}
	return db, nil
}

// migrateAlone runs Migrate and the backfills while holding a PostgreSQL
// advisory lock, so instances starting together on a new release migrate one
// after the other: the first applies the steps, the others then find nothing
// to do.
func migrateAlone(db *gorm.DB, backfills []func(*gorm.DB) error) error {
	if db.Dialector.Name() != "postgres" {
		return migrateAndBackfill(db, backfills)
	}
	return db.Connection(func(conn *gorm.DB) error {
		const key = 0x796470316d6967 // "ydp1mig"
		if err := conn.Exec("SELECT pg_advisory_lock(?)", key).Error; err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", key)
		// a statement of its own for each query on the connection: a reused one keeps the last query's state
		return migrateAndBackfill(conn.Session(&gorm.Session{NewDB: true}), backfills)
	})
}

func migrateAndBackfill(db *gorm.DB, backfills []func(*gorm.DB) error) error {
	if err := Migrate(db); err != nil {
		return err
	}
	for _, backfill := range backfills {
		if err := backfill(db); err != nil {
			return err
		}
	}
	return nil
}

// openSQLite opens one SQLite file as two pools: a single writer connection and
// a pool of readers. SQLite allows one writer at a time; funnelling writes
// through one connection turns lock contention into a queue in Go instead of
// SQLITE_BUSY errors, while WAL lets readers proceed alongside it.
func openSQLite(path string) (*gorm.DB, error) {
	keepFreedMemory()
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
	if err := db.Use(&prepared{readers: readers, writer: writer, writes: map[string]*sql.Stmt{}}); err != nil {
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
	if p, ok := db.Config.Plugins[(*prepared)(nil).Name()].(*prepared); ok {
		p.close()
		_ = p.readers.Close()
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

// prepared holds SQLite's statements that run for nearly every request
// (its account, whether it supported the petition on the page) and for
// every support, each prepared once per connection instead of parsed again
// each time: reads outside a transaction on the reader pool, statements in a
// transaction on the writer's connection.
type prepared struct {
	readers, writer *sql.DB
	reads           sync.Map // query → *sql.Stmt

	mu     sync.Mutex
	writes map[string]*sql.Stmt // nil while it waits for the writer
}

func (*prepared) Name() string { return "ydp1:prepared" }

func (*prepared) Initialize(*gorm.DB) error { return nil }

// QueryRow runs a query of one row into dest. On SQLite it goes through a
// prepared statement: of the reader pool outside a transaction, of the
// writer inside one (so it sees the transaction's own writes). PostgreSQL's
// driver keeps its own statement cache, so GORM runs it there.
func QueryRow(db *gorm.DB, dest []any, query string, args ...any) error {
	p, ok := db.Config.Plugins[(*prepared)(nil).Name()].(*prepared)
	if !ok {
		return db.Raw(query, args...).Row().Scan(dest...)
	}
	ctx := cmp.Or(db.Statement.Context, context.Background())
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx {
		tx, ok := db.Statement.ConnPool.(*sql.Tx)
		st := p.write(query)
		if !ok || st == nil {
			return db.Raw(query, args...).Row().Scan(dest...)
		}
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...).Scan(dest...)
	}
	st, err := p.read(query)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// InsertRow runs an INSERT of at most one row inside a transaction and
// tells the new row's id, or written false when it inserted nothing (ON
// CONFLICT DO NOTHING, a SELECT that found nothing). On SQLite the prepared
// statement is executed and the driver tells the id and the count, with no
// result rows to read; elsewhere RETURNING id reads them.
func InsertRow(db *gorm.DB, query string, args ...any) (id uint, written bool, err error) {
	if p, ok := db.Config.Plugins[(*prepared)(nil).Name()].(*prepared); ok {
		tx, inTx := db.Statement.ConnPool.(*sql.Tx)
		if st := p.write(query); inTx && st != nil {
			ctx := cmp.Or(db.Statement.Context, context.Background())
			res, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...)
			if err != nil {
				return 0, false, err
			}
			n, err := res.RowsAffected()
			if err != nil || n == 0 {
				return 0, false, err
			}
			last, err := res.LastInsertId()
			return uint(last), err == nil, err // #nosec G115 -- a row id is positive
		}
	}
	err = QueryRow(db, []any{&id}, query+" RETURNING id", args...)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// Exec runs a statement inside a transaction and tells how many rows it
// changed. On SQLite it goes through the writer's prepared statement.
func Exec(db *gorm.DB, query string, args ...any) (int64, error) {
	if p, ok := db.Config.Plugins[(*prepared)(nil).Name()].(*prepared); ok {
		tx, inTx := db.Statement.ConnPool.(*sql.Tx)
		if st := p.write(query); inTx && st != nil {
			ctx := cmp.Or(db.Statement.Context, context.Background())
			res, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		}
	}
	res := db.Exec(query, args...)
	return res.RowsAffected, res.Error
}

func (p *prepared) read(query string) (*sql.Stmt, error) {
	if st, ok := p.reads.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := p.readers.Prepare(query)
	if err != nil {
		return nil, err
	}
	if first, ok := p.reads.LoadOrStore(query, st); ok {
		_ = st.Close() // another request prepared it first
		return first.(*sql.Stmt), nil
	}
	return st, nil
}

// write is the writer's statement for query, or nil until it is prepared.
// The transaction asking holds the one writer connection, so the statement
// is prepared in the background once the connection is free; the few
// statements before that go through GORM.
func (p *prepared) write(query string) *sql.Stmt {
	p.mu.Lock()
	defer p.mu.Unlock()
	st, seen := p.writes[query]
	if !seen {
		p.writes[query] = nil
		go func() {
			st, err := p.writer.Prepare(query)
			if err != nil {
				return // stays with GORM
			}
			p.mu.Lock()
			p.writes[query] = st
			p.mu.Unlock()
		}()
	}
	return st
}

// close finalises every statement before the pools close.
func (p *prepared) close() {
	p.reads.Range(func(_, st any) bool {
		_ = st.(*sql.Stmt).Close()
		return true
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	for q, st := range p.writes {
		if st != nil {
			_ = st.Close()
		}
		delete(p.writes, q)
	}
}

// EscapeLike escapes LIKE's wildcards in s, for a pattern matched with ESCAPE '\'.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
