package petitions_test

import (
	"slices"
	"testing"
	"time"

	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestByDeadlinePutsTheMostOverdueFirst(t *testing.T) {
	now := modeltest.T0
	at := func(days int) *time.Time { return modeltest.Ptr(now.Add(time.Duration(days) * modeltest.Day)) }
	items := []petitions.DeskItem{
		{Petition: petitions.Petition{ID: 1}, Due: at(12)},  // D-12
		{Petition: petitions.Petition{ID: 2}, Due: at(-3)},  // 3 days overdue
		{Petition: petitions.Petition{ID: 3}, Due: nil},     // no deadline
		{Petition: petitions.Petition{ID: 4}, Due: at(-18)}, // 18 days overdue
		{Petition: petitions.Petition{ID: 5}, Due: at(2)},   // D-2
		{Petition: petitions.Petition{ID: 6}, Due: at(-3)},  // as overdue as 2, filed later
	}
	petitions.ByDeadline(items)
	var ids []uint
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	if want := []uint{4, 2, 6, 5, 1, 3}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v: overdue first (most overdue on top), then the nearest deadline, none last", ids, want)
	}
}

func TestDeskQueueOfDepartmentAnswers(t *testing.T) {
	db := modeltest.NewDB(t)
	older := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	newer := modeltest.MkOpen(t, db, 1000, modeltest.T0.Add(20*modeltest.Day))
	// both periods ended below the threshold; the older one's department answer is due first
	now := newer.ClosesAt.Add(15 * modeltest.Day)
	got, err := petitions.DeskQueue(db, petitions.StatusExpired, now, 10, 200)
	modeltest.WantErr(t, err, nil)
	if len(got) != 2 || got[0].ID != older.ID || got[1].ID != newer.ID {
		t.Fatalf("queue %+v, want the older petition first", got)
	}
	if want := older.ClosesAt.AddDate(0, 0, 10); got[0].Due == nil || !got[0].Due.Equal(want) || !got[0].Due.Before(now) {
		t.Errorf("due %v, want %v, past at now", got[0].Due, want)
	}
}
