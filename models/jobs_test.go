package models_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
)

func TestJobDue(t *testing.T) {
	daily := models.JobDaily
	for _, c := range []struct {
		name    string
		last    time.Time // zero: never ran
		failed  bool
		at      time.Time
		wantDue bool
	}{
		{"never ran", time.Time{}, false, modeltest.T0, true},
		{"an hour after its run", modeltest.T0, false, modeltest.T0.Add(time.Hour), false},
		{"23 hours after its run (a restart)", modeltest.T0, false, modeltest.T0.Add(23 * time.Hour), false},
		{"a day after its run", modeltest.T0, false, modeltest.T0.Add(modeltest.Day), true},
		{"a tick of its own interval after its run, the run having started late", modeltest.T0, false, modeltest.T0.Add(modeltest.Day - time.Second), true},
		{"long after its run", modeltest.T0, false, modeltest.T0.Add(9 * modeltest.Day), true},
		{"a failed run, five minutes on", modeltest.T0, true, modeltest.T0.Add(5 * time.Minute), false},
		{"a failed run, retried", modeltest.T0, true, modeltest.T0.Add(models.JobRetry), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := modeltest.NewDB(t)
			if !c.last.IsZero() {
				var err error
				if c.failed {
					err = errors.New("database is locked")
				}
				modeltest.WantErr(t, models.RecordJobRun(db, daily, c.last, time.Second, nil, err), nil)
			}
			due, err := models.JobDue(db, daily, c.at)
			modeltest.WantErr(t, err, nil)
			if due != c.wantDue {
				t.Errorf("due = %v, want %v", due, c.wantDue)
			}
		})
	}
}

// A job's row is its last run; a failure keeps the time of the last success,
// which is what says whether the job is overdue.
func TestRecordJobRunKeepsTheLastSuccess(t *testing.T) {
	db := modeltest.NewDB(t)
	states, err := models.JobStates(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if len(states) != len(models.Jobs) || states[0].Last != nil || states[0].Overdue {
		t.Fatalf("before any run: %+v", states)
	}

	modeltest.WantErr(t, models.RecordJobRun(db, models.JobDaily, modeltest.T0, 2300*time.Millisecond, models.JobResult{models.JobAnonymised: 120, models.JobRepaired: 3}, nil), nil)
	modeltest.WantErr(t, models.RecordJobRun(db, models.JobSweep, modeltest.T0, 40*time.Millisecond, nil, nil), nil)
	states, err = models.JobStates(db, modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, nil)
	d, s := states[0], states[1]
	if d.Name != "daily" || d.Last == nil || !d.Last.StartedAt.Equal(modeltest.T0) || d.Last.Duration() != 2300*time.Millisecond || d.Overdue {
		t.Fatalf("daily after a run: %+v %+v", d, d.Last)
	}
	if got := d.Last.Counts().Msgs(); !slices.Equal(got, []string{"desk.jobs.repaired?Count=3&N=3", "desk.jobs.anonymised?Count=120&N=120"}) {
		t.Errorf("the desk's result %q", got)
	}
	if got := d.Last.Counts().English(); got != "3 counters repaired, 120 supporters anonymised" {
		t.Errorf("English result %q", got)
	}
	if s.Last == nil || !slices.Equal(s.Last.Counts().Msgs(), []string{"desk.jobs.unchanged"}) {
		t.Errorf("sweep after a run that changed nothing: %+v", s.Last)
	}

	// the next day's run fails: the result is the error, the last success stays
	next := modeltest.T0.Add(modeltest.Day)
	modeltest.WantErr(t, models.RecordJobRun(db, models.JobDaily, next, time.Second, nil, errors.New("disk I/O error")), nil)
	states, err = models.JobStates(db, next.Add(time.Minute))
	modeltest.WantErr(t, err, nil)
	d = states[0]
	if !d.Last.StartedAt.Equal(next) || !d.Last.Failed() || d.Last.Error != "disk I/O error" || !d.Last.SucceededAt.Equal(modeltest.T0) || d.Overdue {
		t.Fatalf("daily after a failure: %+v %+v", d, d.Last)
	}
	// two days without a success is overdue; the minute sweep is overdue after two minutes
	states, err = models.JobStates(db, modeltest.T0.Add(2*modeltest.Day+time.Minute))
	modeltest.WantErr(t, err, nil)
	if !states[0].Overdue || !states[1].Overdue {
		t.Errorf("two days on: daily overdue %v, sweep overdue %v; want both", states[0].Overdue, states[1].Overdue)
	}
	// a success again clears it
	modeltest.WantErr(t, models.RecordJobRun(db, models.JobDaily, modeltest.T0.Add(2*modeltest.Day), time.Second, nil, nil), nil)
	states, err = models.JobStates(db, modeltest.T0.Add(2*modeltest.Day+time.Minute))
	modeltest.WantErr(t, err, nil)
	if states[0].Overdue || states[0].Last.Failed() || !states[0].Last.SucceededAt.Equal(modeltest.T0.Add(2*modeltest.Day)) {
		t.Errorf("after a success: %+v %+v", states[0], states[0].Last)
	}
}
