package app

import (
	"context"
	"sync"
	"time"

	"ydp1/models"
)

// startJobs runs the background work until ctx ends; the returned channel
// closes when every job has stopped.
func (a *App) startJobs(ctx context.Context) <-chan struct{} {
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); a.mailer.run(ctx) }()
	go func() { defer wg.Done(); a.sweep(ctx) }()
	go func() { defer wg.Done(); a.recount(ctx) }()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	return done
}

// sweep stores the time-driven state changes once a minute and queues the
// reminders of tomorrow's meetings. Pages never wait for it: they compute
// the state at the moment they are shown. Every instance runs it; one at a
// time does the work (the steps are guarded updates, safe even if two ran).
func (a *App) sweep(ctx context.Context) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if _, err := models.Exclusive(a.db, "sweep", a.sweepOnce); err != nil {
			a.log.Error("sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// sweepOnce is one pass of the sweep.
func (a *App) sweepOnce() error {
	if n, err := models.SweepExpired(a.db, a.now()); err != nil {
		a.log.Error("sweep", "err", err)
	} else if n > 0 {
		a.log.Info("sweep", "changed", n)
	}
	if n, err := models.DueReminders(a.db, a.now()); err != nil {
		a.log.Error("reminders", "err", err)
	} else if n > 0 {
		a.log.Info("reminders", "meetings", n)
		a.mailer.wake()
	}
	return nil
}

// recount repairs the support and booking counters once a day, then
// anonymises the supporters whose time has come; they move
// only in the transactions that insert their rows, so a difference means a
// bug or a hand edit, and each one is logged and audit-logged.
func (a *App) recount(ctx context.Context) {
	tick := time.NewTicker(24 * time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		// one instance at a time, or each repair would be audit-logged twice
		if _, err := models.Exclusive(a.db, "recount", a.recountOnce); err != nil {
			a.log.Error("recount", "err", err)
		}
	}
}

// recountOnce is the daily recount and anonymisation.
func (a *App) recountOnce() error {
	rep, err := models.Recount(a.db, true, a.now())
	if err != nil {
		return err
	}
	for _, d := range rep.Differences {
		a.log.Warn("recount repaired a counter", "table", d.Table, "id", d.ID, "field", d.Field, "stored", d.Stored, "counted", d.Counted)
	}
	a.anonymise()
	return nil
}

// anonymise unlinks the supporters of petitions that closed more than the
// configured number of months ago (models/anonymise.go).
func (a *App) anonymise() {
	s, err := models.LoadSettings(a.db)
	if err == nil {
		var res models.AnonymiseResult
		res, err = models.AnonymiseSupports(a.db, s.AnonymiseMonths, a.now())
		if res.Supports > 0 {
			a.log.Info("anonymised supporters", "petitions", res.Petitions, "supports", res.Supports)
		}
	}
	if err != nil {
		a.log.Error("anonymise", "err", err)
	}
}
