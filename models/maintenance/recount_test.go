package models

import (
	"reflect"
	"testing"
)

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
