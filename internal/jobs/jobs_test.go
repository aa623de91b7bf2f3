package jobs

import (
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"ydp1/internal/testdb"
	"ydp1/models"
)

// Two instances find the daily job due at the same moment: one runs it, and
// the other neither runs it alongside (on PostgreSQL, the lock; SQLite
// serves one instance) nor again after it (the run is recorded before the
// lock goes).
func TestDueJobRunsOnceAcrossInstances(t *testing.T) {
	dsn := testdb.DSN(t, "jobs.db")
	at := time.Now().UTC()
	instance := func() *Scheduler {
		db, err := models.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { models.Close(db) })
		return &Scheduler{DB: db, Log: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: func() time.Time { return at }}
	}
	one, other := instance(), instance()

	var runs atomic.Int32
	inside, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	slow := Periodic{Job: models.JobDaily, Work: func(time.Time) (models.JobResult, error) {
		runs.Add(1)
		close(inside)
		<-release
		return models.JobResult{}, nil
	}}
	quick := Periodic{Job: models.JobDaily, Work: func(time.Time) (models.JobResult, error) {
		runs.Add(1)
		return models.JobResult{}, nil
	}}
	go func() { defer close(done); one.RunIfDue(slow) }()
	<-inside
	if testdb.Postgres() {
		other.RunIfDue(quick) // while the first instance runs it
	}
	close(release)
	<-done
	other.RunIfDue(quick) // after it ran
	if n := runs.Load(); n != 1 {
		t.Errorf("the daily job ran %d times on two instances, want once", n)
	}
	at = at.Add(models.JobDaily.Interval)
	other.RunIfDue(quick)
	if n := runs.Load(); n != 2 {
		t.Errorf("a day later it ran %d times in all, want twice", n)
	}
}
