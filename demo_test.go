package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/petitions"
)

// runDemo runs "ydp1 demo" with args on a new database and gives its output.
func runDemo(t *testing.T, dsn string, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(append([]string{"demo", "-db", dsn}, args...), &out, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("demo %q: %v\n%s", args, err, out.String())
	}
	return out.String()
}

// TestDemoWithAThresholdOfAMillion is the demo someone runs with their own
// threshold: it says what the demo's petitions were published under, keeps
// the threshold for new ones, and leaves a database file that is whole.
func TestDemoWithAThresholdOfAMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo")
	}
	dsn := testdb.DSN(t, "demo.db")
	if !testdb.Postgres() {
		// another connection on the file, as a running site has: the demo's
		// own connections closing then do not fold the log into the file
		held, err := models.Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer models.Close(held)
		if err := models.Ping(held); err != nil {
			t.Fatal(err)
		}
	}
	out := runDemo(t, dsn, "-petition-threshold", "1000000")
	for _, want := range []string{"threshold of 1,000 instead of 1,000,000", "new petitions follow the settings (threshold 1,000,000", "답변완료"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var check bytes.Buffer
	if err := run([]string{"check", "-db", dsn}, &check, nil); err != nil || !strings.Contains(check.String(), "all counters match their rows") {
		t.Errorf("check after the demo: %v\n%s", err, check.String())
	}
	if testdb.Postgres() {
		return // no log file beside the database
	}

	if fi, err := os.Stat(dsn + "-wal"); err != nil || fi.Size() > 0 {
		t.Errorf("the log beside the database should be there and empty: %v %v", fi.Size(), err)
	}
	// the file alone, as someone copies it to another machine
	data, err := os.ReadFile(dsn)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(copied)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	s, err := models.LoadSettings(db)
	if err != nil {
		t.Fatal(err)
	}
	var supports int64
	db.Model(&petitions.Support{}).Count(&supports)
	if s.Threshold != 1_000_000 || supports > 25_000 || !strings.Contains(out, fmt.Sprintf(", %d supports", supports)) {
		t.Errorf("the copied file has threshold %d and %d supports, want 1000000 and the count the demo gave, at most 25,000:\n%s",
			s.Threshold, supports, out)
	}
}

// TestLargeDemoLinesPerStep: written to a pipe or a file, the generated
// demo says each step once when it ends, with its rows and rate.
func TestLargeDemoLinesPerStep(t *testing.T) {
	out := runDemo(t, testdb.DSN(t, "large.db"), "--petitions", "300", "--supports", "3000")
	if strings.Contains(out, "\r") {
		t.Errorf("carriage returns in output that is not a terminal: %q", out)
	}
	steps := []string{"planning", "accounts", "petitions", "supports", "answers", "indexing", "search terms", "commit", "checkpoint"}
	var got []string
	ended := regexp.MustCompile(`^([a-z ]+): (done in |[0-9,]+ in )`)
	for _, line := range strings.Split(out, "\n") {
		if m := ended.FindStringSubmatch(line); m != nil {
			got = append(got, m[1])
		}
	}
	if strings.Join(got, "|") != strings.Join(steps, "|") {
		t.Errorf("steps ended: %q, want %q\n%s", got, steps, out)
	}
	if !regexp.MustCompile(`(?m)^supports: 3,[0-9]{3} in [0-9.]+m?s, [0-9,]+/s$`).MatchString(out) {
		t.Errorf("no line with the supports written and their rate:\n%s", out)
	}
}
