package models

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/testdb"
)

// seedSupports opens a petition and gives it n supports.
func seedSupports(t *testing.T, db *gorm.DB, n int) *Petition {
	t.Helper()
	p := mkOpen(t, db, 1000, t0)
	for i := 0; i < n; i++ {
		mustSupport(t, db, p, mkUser(t, db), t0.Add(time.Duration(i+1)*time.Second))
	}
	return storedRow(t, db, p.ID)
}

func TestBackupRoundTrip(t *testing.T) {
	db := newTestDB(t)
	p := seedSupports(t, db, 3)
	users := countRows(t, db, &User{})

	path := filepath.Join(t.TempDir(), "backup.db")
	if db.Dialector.Name() == "postgres" {
		// PostgreSQL is copied with pg_dump; backup says so instead of writing a file
		err := Backup(db, path)
		if !errors.Is(err, ErrBackupPostgres) || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("backup on PostgreSQL: %v, want the pg_dump advice", err)
		}
		return
	}
	wantErr(t, Backup(db, path), nil)

	copyDB, err := Open(path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer Close(copyDB)
	if got := countRows(t, copyDB, &User{}); got != users {
		t.Errorf("users in backup = %d, want %d", got, users)
	}
	if got := countRows(t, copyDB, &Support{}, "petition_id = ?", p.ID); got != 3 {
		t.Errorf("supports in backup = %d, want 3", got)
	}
	got := storedRow(t, copyDB, p.ID)
	if got.Title != p.Title || got.SupportCount != 3 || got.Status != p.Status {
		t.Errorf("petition in backup = %q %d %s, want %q 3 %s", got.Title, got.SupportCount, got.Status, p.Title, p.Status)
	}

	err = Backup(db, path)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("second backup to the same file: err = %v, want already exists", err)
	}
}

func TestCheckpointLeavesAWholeFile(t *testing.T) {
	path := testdb.DSN(t, "whole.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(db)
	p := seedSupports(t, db, 3)
	if testdb.Postgres() {
		wantErr(t, Checkpoint(db), nil) // nothing to move
		return
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("before the checkpoint the log should hold the writes: %v %v", fi, err)
	}
	wantErr(t, Checkpoint(db), nil)
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
	copyDB, err := Open(copied)
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	defer Close(copyDB)
	if got := storedRow(t, copyDB, p.ID); got.SupportCount != 3 || countRows(t, copyDB, &Support{}) != 3 {
		t.Errorf("copy has support_count %d and %d supports, want 3 and 3", got.SupportCount, countRows(t, copyDB, &Support{}))
	}
}

func TestRecountFindsAndRepairsCounters(t *testing.T) {
	db := newTestDB(t)
	right := seedSupports(t, db, 2)
	wrong := seedSupports(t, db, 3)
	m := mkMeeting(t, db, 1)
	for i := 0; i < 3; i++ { // one seat, two on the waiting list
		if _, err := Book(db, BookInput{MeetingID: m.ID, UserID: mkUser(t, db).ID}, t0); err != nil {
			t.Fatalf("book: %v", err)
		}
	}
	clean, err := Recount(db, false, t0)
	wantErr(t, err, nil)
	if !clean.Clean() {
		t.Fatalf("fresh data: differences %v", clean.Differences)
	}

	raw := func(sql string, args ...any) {
		t.Helper()
		if err := db.Exec(sql, args...).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	raw("UPDATE petitions SET support_count = 7 WHERE id = ?", wrong.ID)
	raw("UPDATE meetings SET booked_count = 0, waitlist_count = 5 WHERE id = ?", m.ID)
	want := []Difference{
		{"petitions", wrong.ID, "support_count", 7, 3},
		{"meetings", m.ID, "booked_count", 0, 1},
		{"meetings", m.ID, "waitlist_count", 5, 2},
	}

	check, err := Recount(db, false, t0)
	wantErr(t, err, nil)
	if !reflect.DeepEqual(check.Differences, want) || check.Repaired {
		t.Fatalf("check = %+v, want %v unrepaired", check, want)
	}
	if storedRow(t, db, wrong.ID).SupportCount != 7 {
		t.Fatal("a check without repair changed a counter")
	}

	before := storedRow(t, db, right.ID)
	fixed, err := Recount(db, true, t0.Add(day))
	wantErr(t, err, nil)
	if !reflect.DeepEqual(fixed.Differences, want) || !fixed.Repaired {
		t.Fatalf("repair = %+v, want %v repaired", fixed, want)
	}
	if got := storedRow(t, db, wrong.ID).SupportCount; got != 3 {
		t.Errorf("support_count after repair = %d, want 3", got)
	}
	got, err := FindMeeting(db, m.ID)
	wantErr(t, err, nil)
	if got.BookedCount != 1 || got.WaitlistCount != 2 {
		t.Errorf("meeting counters after repair = %d/%d, want 1/2", got.BookedCount, got.WaitlistCount)
	}
	if after := storedRow(t, db, right.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("a right petition changed: %+v → %+v", before, after)
	}
	if n := countRows(t, db, &AuditEntry{}, "action = ? AND actor_id = 0", AuditRecount); n != 3 {
		t.Errorf("recount audit entries = %d, want 3", n)
	}

	again, err := Recount(db, true, t0.Add(2*day))
	wantErr(t, err, nil)
	if !again.Clean() || again.Repaired {
		t.Errorf("second run = %+v, want clean", again)
	}
	if n := countRows(t, db, &AuditEntry{}, "action = ?", AuditRecount); n != 3 {
		t.Errorf("a clean run wrote audit entries: %d, want 3", n)
	}
}
