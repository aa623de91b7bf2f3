package jobs

import (
	"log/slog"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

// Votes of a 공론장 get their opinion map from the scheduler within a tick,
// and a 공론장 whose votes the map already holds is not computed again.
func TestSchedulerComputesTheMapsOfNewVotes(t *testing.T) {
	db := modeltest.NewDB(t)
	d := modeltest.MkDeliberation(t, db, deliberations.ModerationPost)
	stmts, err := deliberations.Statements(db, d.ID)
	modeltest.WantErr(t, err, nil)
	for i, u := range modeltest.MkUsers(t, db, 20) {
		for j, s := range stmts {
			v := deliberations.Agree
			if (i+j)%2 == 0 {
				v = deliberations.Disagree
			}
			_, err := deliberations.Vote(db, deliberations.VoteInput{StatementID: s.ID, UserID: u.ID, Value: v}, modeltest.T0)
			modeltest.WantErr(t, err, nil)
		}
	}
	now := modeltest.T0
	s := &Scheduler{DB: db, Log: slog.New(slog.NewTextHandler(t.Output(), nil)), Now: func() time.Time { return now }}
	maps := func() Periodic {
		for _, j := range s.Jobs() {
			if j.Job == models.JobMaps {
				return j
			}
		}
		t.Fatal("no job computes the maps")
		return Periodic{}
	}()

	before, err := deliberations.Result(db, d.ID)
	if err != nil || before != nil {
		t.Fatalf("a map before the job ran: %v, %v", before, err)
	}
	s.RunIfDue(maps)
	m, err := deliberations.Result(db, d.ID)
	if err != nil || m == nil || m.Voters != 20 {
		t.Fatalf("after the job: %+v, %v", m, err)
	}
	states, err := models.JobStates(db, now)
	modeltest.WantErr(t, err, nil)
	for _, st := range states {
		if st.Job == models.JobMaps && (st.Last == nil || st.Last.Counts()[models.JobMapped] != 1 || st.Overdue) {
			t.Errorf("the maps job recorded %+v", st)
		}
	}

	now = now.Add(models.JobMaps.Interval)
	s.RunIfDue(maps)
	again, err := deliberations.Result(db, d.ID)
	modeltest.WantErr(t, err, nil)
	if !again.ComputedAt.Equal(m.ComputedAt) {
		t.Errorf("the map was computed again without new votes: %s, then %s", m.ComputedAt, again.ComputedAt)
	}
}
