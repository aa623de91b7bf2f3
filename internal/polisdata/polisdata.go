// Package polisdata finds the conversations published by Polis' openData
// project that tests check the opinion map against. The data is CC BY 4.0
// and lives outside the repository, in shared/polis beside it; POLIS_DATA
// names another place.
package polisdata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the directory holding the published conversations.
const EnvVar = "POLIS_DATA"

// RequireEnv, set to 1, makes a missing directory fail the test instead of
// skipping it: the data is on every machine of the project, so CI sets it.
const RequireEnv = "YDP1_REQUIRE_POLIS_DATA"

// Conversations are the published conversations expected in the directory.
var Conversations = []string{
	"brexit-consensus",
	"15-per-hour-seattle",
	"american-assembly.bowling-green",
	"london.youth.policing",
}

// Dir returns the directory of the published conversations: POLIS_DATA, else
// shared/polis beside the repository. Without it the test skips with one
// line, or fails when YDP1_REQUIRE_POLIS_DATA=1.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(EnvVar)
	if dir == "" {
		if root, ok := repoRoot(); ok {
			dir = filepath.Join(root, "..", "shared", "polis")
		}
	}
	if dir != "" {
		if st, err := os.Stat(filepath.Join(dir, Conversations[0])); err == nil && st.IsDir() { // #nosec G703 -- the data directory the developer names
			return dir
		}
	}
	msg := "no published Polis conversations at " + dir + " (set " + EnvVar + ")"
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatal(msg)
	}
	tb.Skip("SKIP: " + msg + "; the tests on published conversations run in CI")
	return ""
}

// repoRoot is the nearest directory above the working directory with a go.mod.
func repoRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
