package models

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// ErrBackupPostgres says how to back up PostgreSQL, which has its own
// consistent copy.
var ErrBackupPostgres = errors.New(`backup copies a SQLite database only; for PostgreSQL use pg_dump, e.g. pg_dump -Fc -f FILE "$DATABASE_URL"`)

// Backup writes a consistent copy of the SQLite database to path while the
// site keeps serving: VACUUM INTO reads one snapshot, so writes made during
// the copy are either wholly in it or not at all.
func Backup(db *gorm.DB, path string) error {
	if db.Dialector.Name() == "postgres" {
		return ErrBackupPostgres
	}
	if name := db.Dialector.Name(); name != "sqlite" {
		return fmt.Errorf("backup supports SQLite only, not %s: use the database's own tools", name)
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := db.Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Checkpoint moves every page of SQLite's write-ahead log into the database
// file and empties the log, so the file alone holds the whole database and a
// plain copy of it is complete. PostgreSQL has nothing to move.
func Checkpoint(db *gorm.DB) error {
	if db.Dialector.Name() != "sqlite" {
		return nil
	}
	var busy, logged, moved int
	// on the writer: a reader connection is query_only
	err := db.Clauses(dbresolver.Write).Raw("PRAGMA wal_checkpoint(TRUNCATE)").Row().Scan(&busy, &logged, &moved)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("checkpoint: the database is in use, so part of its log stays beside the file")
	}
	return nil
}
