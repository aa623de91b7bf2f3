// Command ydp1 runs 영등포1번가, the online participation platform of 영등포구.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	_ "time/tzdata" // Asia/Seoul without depending on the host's zoneinfo

	"gorm.io/gorm"

	"ydp1/app"
	"ydp1/internal/loadtest"
	"ydp1/models"
	"ydp1/models/petitions"
)

// commands are what ydp1 does, in the order "ydp1 -h" lists them; the first
// is the default. Their bodies are in commands.go.
var commands = []command{{
	name:     "serve",
	synopsis: "ydp1 [flags]",
	summary:  "serve the site (default)",
	setup:    noFlags(serve),
}, {
	name:     "migrate",
	synopsis: "ydp1 migrate [flags]",
	summary:  "apply database migrations and exit",
	about:    "Apply database migrations and exit.",
	setup:    noFlags(migrate),
}, {
	name:     "demo",
	synopsis: "ydp1 demo [flags]",
	summary:  "fill the database with Korean demo content\n(--petitions N --supports M: a large generated one)",
	about:    "Fill the database with Korean demo content in every petition state.",
	setup:    demoFlags,
}, {
	name:     "user create",
	synopsis: "ydp1 user create [flags] --email E --password P --name N --role resident|staff|admin [--dong D]",
	summary:  "create a verified account",
	about:    "Create a verified account.",
	setup:    userCreateFlags,
}, {
	name:     "backup",
	synopsis: "ydp1 backup [flags] FILE",
	summary:  "copy the SQLite database to FILE, also while serving",
	about:    "Copy the SQLite database to FILE, consistently, also while the site is serving.\nUsage: ydp1 backup [flags] FILE",
	operands: 1,
	setup:    noFlags(backup),
}, {
	name:     "check",
	synopsis: "ydp1 check [flags] [--repair]",
	summary:  "recount supports and bookings against the counters\nand say when each periodic job last ran; exit status 1\nwhen counters differ (--repair fixes them) or a job is overdue",
	about:    "Recount supports and bookings against the stored counters, and say when each periodic job last ran.",
	setup:    checkFlags,
}, {
	name:     "deliberation export",
	synopsis: "ydp1 deliberation export [flags] ID DIR",
	summary:  "write 공론장 ID in Polis' openData format (participants-votes.csv,\ncomments.csv, votes.csv) into DIR, participants under export ids",
	about:    "Write 공론장 ID in Polis' openData format into DIR (made if missing).\nUsage: ydp1 deliberation export [flags] ID DIR",
	operands: 2,
	setup:    noFlags(exportDeliberation),
}, {
	name:     "deliberation import",
	synopsis: "ydp1 deliberation import [flags] [--meta IDS] DIR",
	summary:  "load a conversation published in Polis' openData format from DIR\nas a closed 공론장 with its map computed; prints the new 공론장's id",
	about:    "Load a conversation published in Polis' openData format from DIR as a closed 공론장,\nkeeping its participant and comment ids, compute its opinion map, and print the new 공론장's id.\nUsage: ydp1 deliberation import [flags] [--meta IDS] DIR",
	operands: 1,
	setup:    importDeliberationFlags,
}, {
	name:     "bench",
	synopsis: "ydp1 bench [--concurrency C] [--duration D] [--large]",
	summary:  "measure the site under load against references\nmeasured in the same run (see README, Performance)",
	own:      loadtest.Run,
}}

// A command is one line of the usage and what runs it.
type command struct {
	name     string // what follows "ydp1": "migrate", "user create"
	synopsis string // how it is called, in the usage
	summary  string // what it does, in the usage; one line per line
	about    string // the first lines of "ydp1 NAME -h"; the usage when empty
	// setup adds the command's own flags to fs, beside the configuration's,
	// and returns what runs the command once they are parsed.
	setup func(fs *flag.FlagSet) func(c *call) error
	// operands is how many arguments (FILE, ID DIR) the command takes, before
	// or after the flags.
	operands int
	// own runs a command that reads all its flags itself, not the configuration's.
	own func(args []string, out io.Writer) error
}

// call is one run of a command: the configuration its flags gave, the
// arguments after them, and the database, opened on first use and closed
// when the command returns.
type call struct {
	cfg  app.Config
	args []string
	out  io.Writer
	log  *slog.Logger
	db   *gorm.DB
}

// noFlags is the setup of a command without flags of its own.
func noFlags(run func(c *call) error) func(*flag.FlagSet) func(*call) error {
	return func(*flag.FlagSet) func(*call) error { return run }
}

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
	name := commands[0].name
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	switch name {
	case "help":
		fmt.Fprint(out, usage())
		return nil
	}
	var family []string // the commands of two words whose first is name, such as "user create"
	for _, cmd := range commands {
		if rest, ok := strings.CutPrefix(cmd.name, name+" "); ok {
			family = append(family, rest)
		}
	}
	if len(family) > 0 {
		if len(args) == 0 || !slices.Contains(family, args[0]) {
			return fmt.Errorf(`unknown %s command; use "ydp1 %s %s -h"`, name, name, strings.Join(family, " -h\" or \"ydp1 "+name+" "))
		}
		name, args = name+" "+args[0], args[1:]
	}
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd.run(args, out, log)
		}
	}
	return fmt.Errorf("unknown command %q\n\n%s", name, usage())
}

// run parses the command's flags, each defaulting to its environment
// variable, and runs it.
func (cmd command) run(args []string, out io.Writer, log *slog.Logger) error {
	if cmd.own != nil {
		return cmd.own(args, out)
	}
	c := &call{out: out, log: log}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	c.cfg.BindFlags(fs)
	about := cmd.about
	if about == "" {
		about = usage()
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nUsage of ydp1 %s:\n", about, cmd.name)
		fs.PrintDefaults()
	}
	body := cmd.setup(fs)
	var operand []string
	for len(operand) < cmd.operands && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		operand, args = append(operand, args[0]), args[1:]
	}
	if err := c.cfg.Parse(fs, args); err != nil {
		return err
	}
	c.args = append(operand, fs.Args()...)
	defer func() {
		if c.db != nil {
			models.Close(c.db)
		}
	}()
	return body(c)
}

// openDB opens the configured database, migrated, once per call.
func (c *call) openDB() (*gorm.DB, error) {
	if c.db == nil {
		db, err := models.Open(c.cfg.DatabaseURL, petitions.IndexPending)
		if err != nil {
			return nil, err
		}
		c.db = db
	}
	return c.db, nil
}

// usage is the text of "ydp1 -h": the commands, then the flags they share.
func usage() string {
	const column = 31 // where the summaries start
	var b strings.Builder
	b.WriteString("ydp1 — 영등포1번가, the online participation platform of 영등포구\n\nUsage:\n")
	for _, cmd := range commands {
		line := "  " + cmd.synopsis
		if len(line) < column {
			line += strings.Repeat(" ", column-len(line))
		} else {
			line += "\n" + strings.Repeat(" ", column)
		}
		b.WriteString(line + strings.ReplaceAll(cmd.summary, "\n", "\n"+strings.Repeat(" ", column)) + "\n")
	}
	b.WriteString(`
Every command accepts the flags below; each flag defaults to its environment
variable. Run "ydp1 COMMAND -h" for the flags of one command.
`)
	return b.String()
}
