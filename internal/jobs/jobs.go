// Package jobs runs the site's periodic jobs: the minute sweep (petitions
// whose period ended, tomorrow's meeting reminders, the anonymisation of
// supporters) and the daily recount of the counters. When each job last ran
// is kept in the database, so restarts and several instances share one
// schedule.
package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/maintenance"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// Every is how often the scheduler looks for periodic jobs that are due: the
// shortest interval of a job (models.JobMaps).
const Every = 15 * time.Second

// Scheduler runs the periodic jobs of the site: the daily recount and the
// minute sweep.
type Scheduler struct {
	DB  *gorm.DB
	Log *slog.Logger
	// Now is the time a job runs at; Ticker paces the scheduler (EveryTick).
	Now    func() time.Time
	Ticker func(every time.Duration) (wait func(context.Context) bool)
	// Wake tells the mail worker that mails are waiting.
	Wake func()
}

// Periodic is a job and the work it does at now.
type Periodic struct {
	models.Job
	Work func(now time.Time) (models.JobResult, error)
}

// Jobs are the periodic jobs the scheduler runs.
func (s *Scheduler) Jobs() []Periodic {
	return []Periodic{{models.JobDaily, s.daily}, {models.JobSweep, s.sweep}, {models.JobMaps, s.maps}}
}

// Run runs the periodic jobs that are due on start and then at every tick,
// until ctx ends. When each job last ran is in the database, so a restart
// neither skips a job nor repeats one, and every instance sees the same
// schedule.
func (s *Scheduler) Run(ctx context.Context) {
	wait := s.Ticker(Every)
	for {
		for _, j := range s.Jobs() {
			s.RunIfDue(j)
		}
		if !wait(ctx) {
			return
		}
	}
}

// EveryTick is the scheduler's real clock: wait blocks until the next tick
// and reports false once ctx ends.
func EveryTick(d time.Duration) func(ctx context.Context) bool {
	t := time.NewTicker(d)
	return func(ctx context.Context) bool {
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
			return true
		}
	}
}

// RunIfDue runs j and records the run, if it is due, on one instance at a
// time: due-ness is read under the lock, so a run another instance has just
// finished is not repeated.
func (s *Scheduler) RunIfDue(j Periodic) {
	_, err := models.Exclusive(s.DB, "job "+j.Name, func() error {
		now := s.Now()
		if due, err := models.JobDue(s.DB, j.Job, now); err != nil || !due {
			return err
		}
		start := time.Now()
		res, err := j.Work(now)
		took := time.Since(start)
		if err != nil {
			s.Log.Error("job failed", "job", j.Name, "took", took, "err", err)
		} else if len(res) > 0 {
			s.Log.Info("job", "job", j.Name, "took", took, "result", res.English())
		}
		return models.RecordJobRun(s.DB, j.Job, now, took, res, err)
	})
	if err != nil {
		s.Log.Error("job", "job", j.Name, "err", err)
	}
}

// sweep stores the time-driven state changes, queues the reminders of
// tomorrow's meetings and anonymises the supporters whose time has come,
// within a minute of it, whatever the restarts. Pages never wait for it:
// they compute the state at the moment they are shown. Its steps are
// guarded updates, safe even if two instances ran them at once.
func (s *Scheduler) sweep(now time.Time) (models.JobResult, error) {
	res := models.JobResult{}
	closed, errClose := petitions.SweepExpired(s.DB, now)
	if closed > 0 {
		res[models.JobClosed] = closed
	}
	reminded, errRemind := meetings.DueReminders(s.DB, now)
	if reminded > 0 {
		res[models.JobReminded] = int64(reminded)
		s.Wake()
	}
	errAnon := s.anonymise(now, res)
	return res, errors.Join(errClose, errRemind, errAnon)
}

// anonymise unlinks the supporters of petitions that closed the promised
// number of months ago (the consent's 보유기간) and counts them in res.
func (s *Scheduler) anonymise(now time.Time, res models.JobResult) error {
	settings, err := models.LoadSettings(s.DB)
	if err != nil {
		return err
	}
	anon, err := petitions.AnonymiseSupports(s.DB, settings.AnonymiseMonths, now)
	if anon.Supports > 0 {
		res[models.JobAnonymised] = anon.Supports
		s.Log.Info("anonymised supporters", "petitions", anon.Petitions, "supports", anon.Supports)
	}
	return err
}

// daily repairs the support and booking counters. They move only in the
// transactions that insert their rows, so a difference means a bug or a
// hand edit, and each one is logged and audit-logged.
// maps computes the opinion maps of the 공론장 with new votes, a few seconds
// after the votes came in and never on a resident's request.
func (s *Scheduler) maps(now time.Time) (models.JobResult, error) {
	n, err := deliberations.RecomputeDue(s.DB, now)
	if n > 0 {
		return models.JobResult{models.JobMapped: int64(n)}, err
	}
	return nil, err
}

func (s *Scheduler) daily(now time.Time) (models.JobResult, error) {
	res := models.JobResult{}
	rep, err := maintenance.Recount(s.DB, true, now)
	for _, d := range rep.Differences {
		s.Log.Warn("recount repaired a counter", "table", d.Table, "id", d.ID, "field", d.Field, "stored", d.Stored, "counted", d.Counted)
	}
	if len(rep.Differences) > 0 {
		res[models.JobRepaired] = int64(len(rep.Differences))
	}
	return res, err
}
