package main

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"ydp1/internal/testdb"
	"ydp1/models"
)

// ydp1 check says when each periodic job last ran and what it did, and
// fails when one has not succeeded for twice its interval.
func TestCheckSaysWhenTheJobsRan(t *testing.T) {
	dsn := testdb.DSN(t, "check.db")
	db, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	check := func() (string, error) {
		var out strings.Builder
		err := run([]string{"check", "--db", dsn}, &out, slog.New(slog.NewTextHandler(io.Discard, nil)))
		return out.String(), err
	}

	out, err := check()
	if err != nil || !strings.Contains(out, "all counters match their rows") || !strings.Contains(out, "job daily (every 24h): never ran") {
		t.Fatalf("before any run: %v\n%s", err, out)
	}

	now := time.Now().UTC()
	if err := models.RecordJobRun(db, models.JobDaily, now.Add(-time.Hour), 2*time.Second, models.JobResult{models.JobAnonymised: 120}, nil); err != nil {
		t.Fatal(err)
	}
	if err := models.RecordJobRun(db, models.JobSweep, now.Add(-10*time.Minute), time.Second, nil, errors.New("database is locked")); err != nil {
		t.Fatal(err)
	}
	out, err = check()
	for _, want := range []string{
		"job daily (every 24h): last run " + clock(now.Add(-time.Hour)) + ", took 2s, 120 supporters anonymised; next due",
		"job sweep (every 1m): last run " + clock(now.Add(-10*time.Minute)) + ", took 1s, failed: database is locked; OVERDUE",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check lacks %q:\n%s", want, out)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "overdue") || !strings.Contains(err.Error(), "sweep") || strings.Contains(err.Error(), "daily") {
		t.Errorf("check with the sweep overdue: err %v, want it named", err)
	}
}
