package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// startJobs runs the background work until ctx ends; the returned channel
// closes when every job has stopped.
func (a *App) startJobs(ctx context.Context) <-chan struct{} {
	var wg sync.WaitGroup
	wg.Go(func() { a.mailer.run(ctx) })
	wg.Go(func() { a.schedule(ctx) })
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	return done
}

// scheduleEvery is how often the scheduler looks for periodic jobs that are due.
const scheduleEvery = time.Minute

// periodic is a job and the work it does at now.
type periodic struct {
	models.Job
	work func(now time.Time) (models.JobResult, error)
}

func (a *App) periodicJobs() []periodic {
	return []periodic{{models.JobDaily, a.daily}, {models.JobSweep, a.sweep}}
}

// schedule runs the periodic jobs that are due on start and then at every
// tick. When each job last ran is in the database, so a restart neither
// skips a job nor repeats one, and every instance sees the same schedule.
func (a *App) schedule(ctx context.Context) {
	wait := a.ticker(scheduleEvery)
	for {
		for _, j := range a.periodicJobs() {
			a.runIfDue(j)
		}
		if !wait(ctx) {
			return
		}
	}
}

// everyTick is the scheduler's real clock: wait blocks until the next tick
// and reports false once ctx ends.
func everyTick(d time.Duration) func(ctx context.Context) bool {
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

// runIfDue runs j and records the run, if it is due, on one instance at a
// time: due-ness is read under the lock, so a run another instance has just
// finished is not repeated.
func (a *App) runIfDue(j periodic) {
	_, err := models.Exclusive(a.db, "job "+j.Name, func() error {
		now := a.now()
		if due, err := models.JobDue(a.db, j.Job, now); err != nil || !due {
			return err
		}
		start := time.Now()
		res, err := j.work(now)
		took := time.Since(start)
		if err != nil {
			a.log.Error("job failed", "job", j.Name, "took", took, "err", err)
		} else if len(res) > 0 {
			a.log.Info("job", "job", j.Name, "took", took, "result", res.English())
		}
		return models.RecordJobRun(a.db, j.Job, now, took, res, err)
	})
	if err != nil {
		a.log.Error("job", "job", j.Name, "err", err)
	}
}

// sweep stores the time-driven state changes, queues the reminders of
// tomorrow's meetings and anonymises the supporters whose time has come,
// within a minute of it, whatever the restarts. Pages never wait for it:
// they compute the state at the moment they are shown. Its steps are
// guarded updates, safe even if two instances ran them at once.
func (a *App) sweep(now time.Time) (models.JobResult, error) {
	res := models.JobResult{}
	closed, errClose := petitions.SweepExpired(a.db, now)
	if closed > 0 {
		res[models.JobClosed] = closed
	}
	reminded, errRemind := meetings.DueReminders(a.db, now)
	if reminded > 0 {
		res[models.JobReminded] = int64(reminded)
		a.mailer.wake()
	}
	errAnon := a.anonymise(now, res)
	return res, errors.Join(errClose, errRemind, errAnon)
}

// anonymise unlinks the supporters of petitions that closed the promised
// number of months ago (the consent's 보유기간) and counts them in res.
func (a *App) anonymise(now time.Time, res models.JobResult) error {
	s, err := models.LoadSettings(a.db)
	if err != nil {
		return err
	}
	anon, err := petitions.AnonymiseSupports(a.db, s.AnonymiseMonths, now)
	if anon.Supports > 0 {
		res[models.JobAnonymised] = anon.Supports
		a.log.Info("anonymised supporters", "petitions", anon.Petitions, "supports", anon.Supports)
	}
	return err
}

// daily repairs the support and booking counters. They move only in the
// transactions that insert their rows, so a difference means a bug or a
// hand edit, and each one is logged and audit-logged.
func (a *App) daily(now time.Time) (models.JobResult, error) {
	res := models.JobResult{}
	rep, err := maintenance.Recount(a.db, true, now)
	for _, d := range rep.Differences {
		a.log.Warn("recount repaired a counter", "table", d.Table, "id", d.ID, "field", d.Field, "stored", d.Stored, "counted", d.Counted)
	}
	if len(rep.Differences) > 0 {
		res[models.JobRepaired] = int64(len(rep.Differences))
	}
	return res, err
}
