// Command ydp1 runs 영등포1번가, the online participation platform of 영등포구.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Asia/Seoul without depending on the host's zoneinfo

	"gorm.io/gorm"

	"ydp1/app"
	"ydp1/internal/demo"
	"ydp1/internal/loadtest"
	"ydp1/internal/progress"
	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/petitions"
)

const usage = `ydp1 — 영등포1번가, the online participation platform of 영등포구

Usage:
  ydp1 [flags]                 serve the site (default)
  ydp1 migrate [flags]         apply database migrations and exit
  ydp1 demo [flags]            fill the database with Korean demo content
                               (--petitions N --supports M: a large generated one)
  ydp1 user create [flags] --email E --password P --name N --role resident|staff|admin [--dong D]
                               create a verified account
  ydp1 backup [flags] FILE     copy the SQLite database to FILE, also while serving
  ydp1 check [flags] [--repair]
                               recount supports and bookings against the counters
                               and say when each periodic job last ran; exit status 1
                               when counters differ (--repair fixes them) or a job is overdue
  ydp1 bench [--concurrency C] [--duration D] [--large]
                               measure the site under load against references
                               measured in the same run (see README, Performance)

Every command accepts the flags below; each flag defaults to its environment
variable. Run "ydp1 COMMAND -h" for the flags of one command.
`

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(os.Args[1:], os.Stdout, log); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "ydp1:", err)
			os.Exit(1)
		}
	}
}

func run(args []string, out io.Writer, log *slog.Logger) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, log)
	case "migrate":
		return migrate(args, out)
	case "demo":
		return seedDemo(args, out)
	case "user":
		if len(args) == 0 || args[0] != "create" {
			return errors.New(`unknown user command; use "ydp1 user create -h"`)
		}
		return createUser(args[1:], out)
	case "backup":
		return backup(args, out)
	case "check":
		return check(args, out)
	case "bench":
		return loadtest.Run(args, out)
	case "help":
		fmt.Fprint(out, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

// flags makes the flag set of one command with the shared configuration flags.
func flags(name, about string, cfg *app.Config) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg.BindFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUsage of ydp1 %s:\n", about, name)
		fs.PrintDefaults()
	}
	return fs
}

func openDB(cfg app.Config) (func(), *gorm.DB, error) {
	db, err := models.Open(cfg.DatabaseURL, petitions.IndexPending)
	if err != nil {
		return nil, nil, err
	}
	return func() { models.Close(db) }, db, nil
}

func serve(args []string, log *slog.Logger) error {
	var cfg app.Config
	if err := cfg.Parse(flags("serve", usage, &cfg), args); err != nil {
		return err
	}
	closeDB, db, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	a, err := app.New(cfg, db, log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return a.Run(ctx)
}

func migrate(args []string, out io.Writer) error {
	var cfg app.Config
	if err := cfg.Parse(flags("migrate", "Apply database migrations and exit.", &cfg), args); err != nil {
		return err
	}
	closeDB, _, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	fmt.Fprintf(out, "database %s is at schema version %d\n", cfg.DatabaseURL, models.SchemaVersion())
	return nil
}

func seedDemo(args []string, out io.Writer) error {
	var cfg app.Config
	fs := flags("demo", "Fill the database with Korean demo content in every petition state.", &cfg)
	petitions := fs.Int("petitions", 0, "instead of the story, generate this many petitions over five years (for measuring)")
	supports := fs.Int("supports", 0, "with --petitions: about this many supports spread over them")
	if err := cfg.Parse(fs, args); err != nil {
		return err
	}
	closeDB, db, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	now := time.Now().UTC()
	if err := models.SeedSettings(db, cfg.Petition, cfg.PetitionSet, now); err != nil {
		return err
	}
	start := time.Now()
	// the story takes a few seconds: it speaks only when a step outlasts one
	quiet := time.Second
	if *petitions > 0 {
		quiet = 0
	}
	rep := progress.New(out, quiet)
	seed := db.WithContext(progress.NewContext(context.Background(), rep))
	var sum fmt.Stringer
	what := "demo content"
	if *petitions > 0 {
		what = "generated content"
		sum, err = demo.SeedLarge(seed, *petitions, *supports, now)
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

func createUser(args []string, out io.Writer) error {
	var cfg app.Config
	fs := flags("user create", "Create a verified account.", &cfg)
	email := fs.String("email", "", "email address (required)")
	password := fs.String("password", "", "password: at least 8 characters with letters and digits (required)")
	name := fs.String("name", "", "name (required)")
	role := fs.String("role", "resident", "resident, staff or admin")
	dong := fs.String("dong", "", "거주 행정동 (default 구외 거주)")
	if err := cfg.Parse(fs, args); err != nil {
		return err
	}
	closeDB, db, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	u, err := models.CreateVerifiedUser(db, *email, *password, *name, *dong, models.Role(*role), time.Now().UTC())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s account %d for %s (%s)\n", u.Role, u.ID, u.Email, u.Name)
	return nil
}

func backup(args []string, out io.Writer) error {
	var cfg app.Config
	fs := flags("backup", "Copy the SQLite database to FILE, consistently, also while the site is serving.\nUsage: ydp1 backup [flags] FILE", &cfg)
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") { // FILE may come before the flags too
		file, args = args[0], args[1:]
	}
	if err := cfg.Parse(fs, args); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() > 0 {
		return errors.New(`backup needs exactly one FILE; use "ydp1 backup -h"`)
	}
	if models.IsPostgres(cfg.DatabaseURL) {
		return models.ErrBackupPostgres
	}
	// opening a missing database would create an empty one and back that up
	if _, err := os.Stat(strings.TrimPrefix(cfg.DatabaseURL, "sqlite://")); err != nil {
		return fmt.Errorf("database %s: %w", cfg.DatabaseURL, err)
	}
	closeDB, db, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if err := models.Backup(db, file); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup of %s written to %s\n", cfg.DatabaseURL, file)
	return nil
}

func check(args []string, out io.Writer) error {
	var cfg app.Config
	fs := flags("check", "Recount supports and bookings against the stored counters, and say when each periodic job last ran.", &cfg)
	repair := fs.Bool("repair", false, "set every differing counter to its count, in one transaction")
	if err := cfg.Parse(fs, args); err != nil {
		return err
	}
	closeDB, db, err := openDB(cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	now := time.Now().UTC()
	rep, err := maintenance.Recount(db, *repair, now)
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
