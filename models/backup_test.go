package models_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestBackupRoundTrip(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.SeedSupports(t, db, 3)
	users := modeltest.CountRows(t, db, &models.User{})

	path := filepath.Join(t.TempDir(), "backup.db")
	if db.Dialector.Name() == "postgres" {
		// PostgreSQL is copied with pg_dump; backup says so instead of writing a file
		err := models.Backup(db, path)
		if !errors.Is(err, models.ErrBackupPostgres) || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("backup on PostgreSQL: %v, want the pg_dump advice", err)
		}
		return
	}
	modeltest.WantErr(t, models.Backup(db, path), nil)

	copyDB, err := models.Open(path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer models.Close(copyDB)
	if got := modeltest.CountRows(t, copyDB, &models.User{}); got != users {
		t.Errorf("users in backup = %d, want %d", got, users)
	}
	if got := modeltest.CountRows(t, copyDB, &petitions.Support{}, "petition_id = ?", p.ID); got != 3 {
		t.Errorf("supports in backup = %d, want 3", got)
	}
	got := modeltest.StoredRow(t, copyDB, p.ID)
	if got.Title != p.Title || got.SupportCount != 3 || got.Status != p.Status {
		t.Errorf("petition in backup = %q %d %s, want %q 3 %s", got.Title, got.SupportCount, got.Status, p.Title, p.Status)
	}

	err = models.Backup(db, path)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second backup to the same file: err = %v, want already exists", err)
	}
}

func TestCheckpointLeavesAWholeFile(t *testing.T) {
	path := testdb.DSN(t, "whole.db")
	db, err := models.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	p := modeltest.SeedSupports(t, db, 3)
	if testdb.Postgres() {
		modeltest.WantErr(t, models.Checkpoint(db), nil) // nothing to move
		return
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("before the checkpoint the log should hold the writes: %v %v", fi, err)
	}
	modeltest.WantErr(t, models.Checkpoint(db), nil)
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("log of %d bytes after the checkpoint, want it emptied", fi.Size())
	}

	// the database file alone, as cp would copy it while the log is left behind
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	copyDB, err := models.Open(copied)
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	defer models.Close(copyDB)
	if got := modeltest.StoredRow(t, copyDB, p.ID); got.SupportCount != 3 || modeltest.CountRows(t, copyDB, &petitions.Support{}) != 3 {
		t.Errorf("copy has support_count %d and %d supports, want 3 and 3", got.SupportCount, modeltest.CountRows(t, copyDB, &petitions.Support{}))
	}
}
