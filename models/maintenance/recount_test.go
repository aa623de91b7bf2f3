package maintenance_test

import (
	"reflect"
	"testing"

	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/meetings"
	"ydp1/models/modeltest"
)

func TestRecountFindsAndRepairsCounters(t *testing.T) {
	db := modeltest.NewDB(t)
	right := modeltest.SeedSupports(t, db, 2)
	wrong := modeltest.SeedSupports(t, db, 3)
	m := modeltest.MkMeeting(t, db, 1)
	for i := 0; i < 3; i++ { // one seat, two on the waiting list
		if _, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: modeltest.MkUser(t, db).ID}, modeltest.T0); err != nil {
			t.Fatalf("book: %v", err)
		}
	}
	clean, err := maintenance.Recount(db, false, modeltest.T0)
	modeltest.WantErr(t, err, nil)
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
	want := []models.Difference{
		{Table: "petitions", ID: wrong.ID, Field: "support_count", Stored: 7, Counted: 3},
		{Table: "meetings", ID: m.ID, Field: "booked_count", Stored: 0, Counted: 1},
		{Table: "meetings", ID: m.ID, Field: "waitlist_count", Stored: 5, Counted: 2},
	}

	check, err := maintenance.Recount(db, false, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if !reflect.DeepEqual(check.Differences, want) || check.Repaired {
		t.Fatalf("check = %+v, want %v unrepaired", check, want)
	}
	if modeltest.StoredRow(t, db, wrong.ID).SupportCount != 7 {
		t.Fatal("a check without repair changed a counter")
	}

	before := modeltest.StoredRow(t, db, right.ID)
	fixed, err := maintenance.Recount(db, true, modeltest.T0.Add(modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if !reflect.DeepEqual(fixed.Differences, want) || !fixed.Repaired {
		t.Fatalf("repair = %+v, want %v repaired", fixed, want)
	}
	if got := modeltest.StoredRow(t, db, wrong.ID).SupportCount; got != 3 {
		t.Errorf("support_count after repair = %d, want 3", got)
	}
	got, err := meetings.FindMeeting(db, m.ID)
	modeltest.WantErr(t, err, nil)
	if got.BookedCount != 1 || got.WaitlistCount != 2 {
		t.Errorf("meeting counters after repair = %d/%d, want 1/2", got.BookedCount, got.WaitlistCount)
	}
	if after := modeltest.StoredRow(t, db, right.ID); !reflect.DeepEqual(after, before) {
		t.Errorf("a right petition changed: %+v → %+v", before, after)
	}
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ? AND actor_id = 0", models.AuditRecount); n != 3 {
		t.Errorf("recount audit entries = %d, want 3", n)
	}

	again, err := maintenance.Recount(db, true, modeltest.T0.Add(2*modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if !again.Clean() || again.Repaired {
		t.Errorf("second run = %+v, want clean", again)
	}
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ?", models.AuditRecount); n != 3 {
		t.Errorf("a clean run wrote audit entries: %d, want 3", n)
	}
}
