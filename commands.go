package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"

	"ydp1/app"
	"ydp1/internal/demo"
	"ydp1/internal/progress"
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/deliberations/opendata"
	"ydp1/models/maintenance"
)

// serve serves the site until SIGINT or SIGTERM, then lets requests in
// flight finish.
func serve(c *call) error {
	db, err := c.openDB()
	if err != nil {
		return err
	}
	a, err := app.New(c.cfg, db, c.log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return a.Run(ctx)
}

// migrate applies the migrations, as opening the database does.
func migrate(c *call) error {
	if _, err := c.openDB(); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "database %s is at schema version %d\n", c.cfg.DatabaseURL, models.SchemaVersion())
	return nil
}

// demoFlags is the demo command: the story, or with --petitions a large
// generated database.
func demoFlags(fs *flag.FlagSet) func(*call) error {
	petitions := fs.Int("petitions", 0, "instead of the story, generate this many petitions over five years (for measuring)")
	supports := fs.Int("supports", 0, "with --petitions: about this many supports spread over them")
	return func(c *call) error { return seedDemo(c, *petitions, *supports) }
}

func seedDemo(c *call, petitions, supports int) error {
	cfg, out := c.cfg, c.out
	db, err := c.openDB()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if err := models.SeedSettings(db, cfg.Petition, cfg.PetitionSet, now); err != nil {
		return err
	}
	start := time.Now()
	// the story takes a few seconds: it speaks only when a step outlasts one
	quiet := time.Second
	if petitions > 0 {
		quiet = 0
	}
	rep := progress.New(out, quiet)
	seed := db.WithContext(progress.NewContext(context.Background(), rep))
	var sum fmt.Stringer
	what := "demo content"
	if petitions > 0 {
		what = "generated content"
		sum, err = demo.SeedLarge(seed, petitions, supports, now)
	} else {
		sum, err = demo.Seed(seed, now)
	}
	if errors.Is(err, demo.ErrExists) {
		fmt.Fprintln(out, "demo content is already in", cfg.DatabaseURL, "- nothing changed")
		return nil
	}
	if err != nil {
		return err
	}
	rep.Start("checkpoint", 0)
	err = models.Checkpoint(db)
	rep.Done()
	if err != nil { // the content is committed: the log is moved at a later checkpoint
		fmt.Fprintln(out, "note:", err)
	}
	fmt.Fprintf(out, "%s written to %s in %s\n%s", what, cfg.DatabaseURL, time.Since(start).Round(time.Millisecond), sum)
	return nil
}

// userCreateFlags is the user create command: a verified account, made
// without a mail.
func userCreateFlags(fs *flag.FlagSet) func(*call) error {
	email := fs.String("email", "", "email address (required)")
	password := fs.String("password", "", "password: at least 8 characters with letters and digits (required)")
	name := fs.String("name", "", "name (required)")
	role := fs.String("role", "resident", "resident, staff or admin")
	dong := fs.String("dong", "", "거주 행정동 (default 구외 거주)")
	return func(c *call) error {
		db, err := c.openDB()
		if err != nil {
			return err
		}
		u, err := models.CreateVerifiedUser(db, *email, *password, *name, *dong, models.Role(*role), time.Now().UTC())
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "created %s account %d for %s (%s)\n", u.Role, u.ID, u.Email, u.Name)
		return nil
	}
}

// backup copies the SQLite database to the FILE given.
func backup(c *call) error {
	if len(c.args) != 1 {
		return errors.New(`backup needs exactly one FILE; use "ydp1 backup -h"`)
	}
	cfg, out, file := c.cfg, c.out, c.args[0]
	if models.IsPostgres(cfg.DatabaseURL) {
		return models.ErrBackupPostgres
	}
	// opening a missing database would create an empty one and back that up
	if _, err := os.Stat(strings.TrimPrefix(cfg.DatabaseURL, "sqlite://")); err != nil {
		return fmt.Errorf("database %s: %w", cfg.DatabaseURL, err)
	}
	db, err := c.openDB()
	if err != nil {
		return err
	}
	if err := models.Backup(db, file); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup of %s written to %s\n", cfg.DatabaseURL, file)
	return nil
}

// checkFlags is the check command: the counters against their rows, and
// the periodic jobs' last runs.
func checkFlags(fs *flag.FlagSet) func(*call) error {
	repair := fs.Bool("repair", false, "set every differing counter to its count, in one transaction")
	return func(c *call) error { return check(c, *repair) }
}

func check(c *call, repair bool) error {
	out := c.out
	db, err := c.openDB()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	rep, err := maintenance.Recount(db, repair, now)
	if err != nil {
		return err
	}
	for _, d := range rep.Differences {
		fmt.Fprintln(out, d)
	}
	switch {
	case rep.Clean():
		fmt.Fprintln(out, "all counters match their rows")
	case rep.Repaired:
		fmt.Fprintf(out, "repaired %d counters\n", len(rep.Differences))
	default:
		return fmt.Errorf("%d counters differ from their rows; run \"ydp1 check --repair\" to fix them", len(rep.Differences))
	}
	return checkJobs(db, out, now)
}

// checkJobs prints when each periodic job last ran and what it did, and
// fails when one of them is overdue.
func checkJobs(db *gorm.DB, out io.Writer, now time.Time) error {
	states, err := models.JobStates(db, now)
	if err != nil {
		return err
	}
	var overdue []string
	for _, s := range states {
		fmt.Fprintf(out, "job %s (every %s): ", s.Name, strings.TrimSuffix(strings.TrimSuffix(s.Interval.String(), "0s"), "0m"))
		r := s.Last
		switch {
		case r == nil:
			fmt.Fprintln(out, "never ran")
			continue
		case r.Failed():
			fmt.Fprintf(out, "last run %s, took %s, failed: %s", clock(r.StartedAt), r.Duration(), r.Error)
			if r.SucceededAt != nil {
				fmt.Fprintf(out, "; last success %s", clock(*r.SucceededAt))
			}
		default:
			fmt.Fprintf(out, "last run %s, took %s, %s", clock(r.StartedAt), r.Duration(), r.Counts().English())
		}
		if s.Overdue {
			overdue = append(overdue, s.Name)
			fmt.Fprint(out, "; OVERDUE")
		}
		fmt.Fprintf(out, "; next due %s\n", clock(r.DueAt(s.Job)))
	}
	if len(overdue) > 0 {
		return fmt.Errorf("periodic jobs overdue (no success for twice their interval): %s; is a server running?", strings.Join(overdue, ", "))
	}
	return nil
}

// clock writes a time as the operator's log reads it, in Seoul.
func clock(t time.Time) string { return t.In(models.Seoul).Format("2006-01-02 15:04:05 MST") }

// exportDeliberation writes a 공론장 in Polis' openData format.
func exportDeliberation(c *call) error {
	if len(c.args) != 2 {
		return errors.New(`deliberation export needs ID and DIR; use "ydp1 deliberation export -h"`)
	}
	id, err := strconv.ParseUint(c.args[0], 10, 32)
	if err != nil || id == 0 {
		return fmt.Errorf("%q is not the number of a 공론장", c.args[0])
	}
	dir := c.args[1]
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	db, err := c.openDB()
	if err != nil {
		return err
	}
	if err := deliberations.Export(db, uint(id), dir); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return fmt.Errorf("no 공론장 %d in %s", id, c.cfg.DatabaseURL)
		}
		return err
	}
	fmt.Fprintf(c.out, "wrote 공론장 %d to %s: %s, %s, %s\n", id, dir, opendata.ParticipantsVotesFile, opendata.CommentsFile, opendata.VotesFile)
	return nil
}

// importDeliberationFlags is the deliberation import command.
func importDeliberationFlags(fs *flag.FlagSet) func(*call) error {
	meta := fs.String("meta", "", "comma-separated comment ids of statements about the participants themselves (meta), left out of the map")
	return func(c *call) error {
		if len(c.args) != 1 {
			return errors.New(`deliberation import needs one DIR; use "ydp1 deliberation import -h"`)
		}
		var opts deliberations.ImportOptions
		for _, f := range strings.FieldsFunc(*meta, func(r rune) bool { return r == ',' || r == ' ' }) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return fmt.Errorf("--meta: %q is not a comment id", f)
			}
			opts.Meta = append(opts.Meta, id)
		}
		db, err := c.openDB()
		if err != nil {
			return err
		}
		id, err := deliberations.Import(db, c.args[0], opts, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(c.out, id)
		return nil
	}
}
