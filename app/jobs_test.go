package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"ydp1/internal/jobs"
	"ydp1/models"
	"ydp1/models/petitions"
)

// restarts is the clock of a server that is stopped and started again
// every lifetime: each process's scheduler ticks every step of this clock,
// and the process stops once it has lived a lifetime. Fewer ticks than a
// real ticker's only make a job later, never earlier.
type restarts struct {
	mu       sync.Mutex
	at       time.Time
	step     time.Duration
	left     time.Duration // of the running process's lifetime
	shutdown context.CancelFunc
}

func (r *restarts) now() time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.at
}

// ticker moves the clock on a step at each tick, until the lifetime is over.
func (r *restarts) ticker(time.Duration) func(context.Context) bool {
	return func(context.Context) bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.left < r.step {
			r.shutdown()
			return false
		}
		r.at = r.at.Add(r.step)
		r.left -= r.step
		return true
	}
}

// live runs one process on db for a lifetime: a new App, its background
// jobs started, stopped when the lifetime is over.
func (r *restarts) live(t *testing.T, cfg Config, s *testSite, lifetime time.Duration) {
	t.Helper()
	a, err := New(cfg, s.db, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.now, a.ticker = r.now, r.ticker
	ctx, cancel := context.WithCancel(context.Background())
	r.mu.Lock()
	r.left, r.shutdown = lifetime, cancel
	r.mu.Unlock()
	<-a.startJobs(ctx)
}

// A server redeployed every 23 hours for a week still anonymises the
// supporters on time (the consent promised 12 months after the petition
// closed), within the scheduler's tick of it, and runs the daily job once a
// day, not at every start.
func TestJobsSurviveDailyRestarts(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 1000, PreconsentGoal: 0, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	start := time.Date(2026, time.December, 1, 3, 0, 0, 0, models.Seoul).UTC()
	// a petition that closed 12 months ago less three days and a few hours
	opened := start.AddDate(-1, 0, 3-30).Add(-5 * time.Hour)
	author, err := models.CreateVerifiedUser(s.db, "author@example.com", "authorpass1", "김영희", "문래동", models.RoleResident, opened.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	p, err := petitions.FilePetition(s.db, author.ID, petitions.Input{Title: "도림천 산책로 가로등 설치", Category: "도시",
		Body: "도림천 산책로는 밤이 되면 너무 어둡습니다. 가로등을 설치해 주세요."}, opened)
	if err != nil {
		t.Fatal(err)
	}
	if err := petitions.Publish(s.db, p.ID, 0, opened); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		u, err := models.CreateVerifiedUser(s.db, fmt.Sprintf("resident%d@example.com", i), "residentpass1", "이철수", "당산1동", models.RoleResident, opened)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := petitions.SupportPetition(s.db, petitions.SupportInput{PetitionID: p.ID, UserID: u.ID}, opened.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	stored, err := petitions.FindPetition(s.db, p.ID, start)
	if err != nil {
		t.Fatal(err)
	}
	due := stored.ClosesAt.AddDate(0, 12, 0) // the supporters are anonymised from here on
	if !due.After(start.Add(2*24*time.Hour)) || !due.Before(start.Add(4*24*time.Hour)) {
		t.Fatalf("the petition closes %s: due %s, want in three days of %s", stored.ClosesAt, due, start)
	}

	clock := &restarts{at: start, step: 10 * time.Minute}
	const lifetime = 23 * time.Hour
	for clock.now().Before(start.Add(7 * 24 * time.Hour)) {
		clock.live(t, s.app.cfg, s, lifetime)
	}

	entries, _, err := models.ListAudit(s.db, models.AuditQuery{Action: petitions.AuditAnonymise})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].TargetID != p.ID {
		t.Fatalf("anonymised %d times in a week of restarts (%+v), want once, the petition %d", len(entries), entries, p.ID)
	}
	if at := entries[0].CreatedAt; at.Before(due) || at.After(due.Add(clock.step+jobs.Every)) {
		t.Errorf("anonymised at %s, due %s: want within %s of it", at, due, clock.step+jobs.Every)
	}
	var linked int64
	if err := s.db.Model(&petitions.Support{}).Where("petition_id = ? AND user_id IS NOT NULL", p.ID).Count(&linked).Error; err != nil {
		t.Fatal(err)
	}
	if linked != 0 {
		t.Errorf("%d supports still name their supporter", linked)
	}
	// it ran every 24 hours from the first start, whatever the restarts: the
	// eighth process started at 161 h and ran it at 168 h
	states, err := models.JobStates(s.db, clock.now())
	if err != nil {
		t.Fatal(err)
	}
	if last := states[0].Last; last == nil || !last.StartedAt.Equal(start.Add(7*24*time.Hour)) || last.Failed() || states[0].Overdue {
		t.Errorf("the daily job's last run: %+v, want a success at %s", last, start.Add(7*24*time.Hour))
	}
}
