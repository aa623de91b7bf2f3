package app

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The gates that need programs a fresh machine lacks (Chromium, a Korean
// font, java, the pinned npm packages) skip without them, each with one
// line that the plain `go test ./...` shows, and fail without them where
// they must run: .ci/run sets YDP1_REQUIRE_BROWSER=1.

// requireEnv turns a missing tool from a skip into a failure.
const requireEnv = "YDP1_REQUIRE_BROWSER"

// toolGate is a check that runs only where its tools are.
type toolGate struct {
	name string // in the summary
	what string // in a failure
	runs string // ends its SKIP line
}

var (
	browserGate = toolGate{"browser journeys", "the browser journeys", "the browser journeys run in CI (.ci/run)"}
	axeGate     = toolGate{"accessibility", "the accessibility gate", "the accessibility gate runs in CI (.ci/run)"}
	htmlGate    = toolGate{"HTML checker", "the Nu HTML checker", "the Nu HTML checker runs in CI (.ci/run)"}
	toolGates   = []toolGate{browserGate, axeGate, htmlGate} // the order of the summary
)

// tool is a program or file a gate needs: its path, or what is missing and
// what installs it.
type tool struct {
	path    string // empty when it is missing
	missing string // "no java"
	apt     string // the Debian package that brings it
	npm     bool   // installed by npm ci --prefix .ci
}

// findChromium takes $CHROMIUM, else chromium (or chromium-browser) on PATH.
func findChromium() tool {
	if p := os.Getenv("CHROMIUM"); p != "" {
		_, err := os.Stat(p)
		return tool{path: p, missing: "CHROMIUM=" + p + " does not exist", apt: "chromium"}.found(err == nil)
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		p, err = exec.LookPath("chromium-browser")
	}
	return tool{path: p, missing: "no Chromium on PATH", apt: "chromium"}.found(err == nil)
}

// koreanFont is what keeps Korean from rendering as boxes in Chromium.
var koreanFont = sync.OnceValue(func() tool {
	out, err := exec.Command("fc-list", ":lang=ko", "family").Output()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		return tool{missing: "no Korean font (fc-list :lang=ko)", apt: "fonts-noto-cjk"}
	}
	return tool{path: string(bytes.TrimSpace(out))} // the families found
})

func findJava() tool {
	p, err := exec.LookPath("java")
	return tool{path: p, missing: "no java", apt: "default-jre-headless"}.found(err == nil)
}

// ciTool finds a file of the pinned CI tools (.ci/package.json): from the
// environment variable, else under .ci/node_modules. Installing them is
// .ci/run's job; a test reaches no network.
func ciTool(env, rel, name string) tool {
	if p := os.Getenv(env); p != "" {
		_, err := os.Stat(p)
		return tool{path: p, missing: env + "=" + p + " does not exist"}.found(err == nil)
	}
	p, err := filepath.Abs(filepath.Join("..", ".ci", "node_modules", rel))
	if err == nil {
		_, err = os.Stat(p)
	}
	return tool{path: p, missing: name + " not installed (.ci/node_modules)", apt: "npm", npm: true}.found(err == nil)
}

func (t tool) found(ok bool) tool {
	if !ok {
		t.path = ""
	}
	return t
}

// skipped are the gates this process skipped, with their SKIP line and the
// tools they lacked, for the lines after the run.
var skipped struct {
	sync.Mutex
	line   map[toolGate]string
	absent map[toolGate][]tool
}

// unmet returns the gate's SKIP line when one of its tools is missing, or ""
// when all are there. Under YDP1_REQUIRE_BROWSER=1 a missing tool is an
// error of the test instead, and the caller stops.
func (g toolGate) unmet(t *testing.T, tools ...tool) string {
	t.Helper()
	var why []string
	var absent []tool
	for _, tl := range tools {
		if tl.path == "" {
			why, absent = append(why, tl.missing), append(absent, tl)
		}
	}
	if len(absent) == 0 {
		return ""
	}
	if os.Getenv(requireEnv) == "1" {
		t.Errorf("%s: %s cannot run, and %s=1 requires it (see README)", strings.Join(why, ", "), g.what, requireEnv)
		return strings.Join(why, ", ")
	}
	line := "SKIP: " + strings.Join(why, ", ") + "; " + g.runs
	skipped.Lock()
	defer skipped.Unlock()
	if skipped.line == nil {
		skipped.line, skipped.absent = map[toolGate]string{}, map[toolGate][]tool{}
	}
	skipped.line[g], skipped.absent[g] = line, absent
	keepUncached()
	return line
}

// require skips the test unless every tool of the gate is there (fails it
// under YDP1_REQUIRE_BROWSER=1).
func (g toolGate) require(t *testing.T, tools ...tool) {
	t.Helper()
	if line := g.unmet(t, tools...); line != "" {
		if t.Failed() {
			t.FailNow()
		}
		t.Skip(line)
	}
}

// skipMarker is a file in the module (ignored by git) that a run which
// skipped gates reads and then changes: the go command does not cache a run
// that read a file of the module changed in the last two seconds, so the
// next `go test ./...` runs the package again and shows its SKIP lines
// instead of a silent "(cached)".
const skipMarker = ".gates-skipped"

func keepUncached() {
	_ = os.WriteFile(skipMarker, nil, 0o600)
}

// reportSkips writes one line per skipped gate and a summary where the
// person who typed `go test ./...` sees them: the go command shows a passing
// package's output only with -v, so then they go to the go command's own
// output. code is m.Run's result.
func reportSkips(code int) {
	skipped.Lock()
	defer skipped.Unlock()
	if len(skipped.line) == 0 {
		return
	}
	now := time.Now()
	_ = os.Chtimes(skipMarker, now, now)
	var text strings.Builder
	var names, apt []string
	npm := false
	for _, g := range toolGates {
		if line, ok := skipped.line[g]; ok {
			text.WriteString(line + "\n")
			names = append(names, g.name)
		}
		for _, tl := range skipped.absent[g] {
			if tl.apt != "" && !slices.Contains(apt, tl.apt) {
				apt = append(apt, tl.apt)
			}
			npm = npm || tl.npm
		}
	}
	var fix []string
	if len(apt) > 0 {
		fix = append(fix, "apt-get install -y "+strings.Join(apt, " "))
	}
	if npm {
		fix = append(fix, "npm ci --prefix .ci --ignore-scripts")
	}
	howTo := "run .ci/run; see README"
	if len(fix) > 0 {
		howTo = strings.Join(fix, " && ") + ", or " + howTo
	}
	gates := "gates"
	if len(names) == 1 {
		gates = "gate"
	}
	fmt.Fprintf(&text, "%s: %d %s skipped (%s) — %s\n", reflect.TypeFor[toolGate]().PkgPath(), len(names), gates, strings.Join(names, ", "), howTo)
	out := os.Stdout
	if code == 0 && !testing.Verbose() {
		if f := goTestOutput(); f != nil {
			defer f.Close()
			out = f
		}
	}
	_, _ = out.WriteString(text.String()) // one write: a pipe keeps it whole among the go command's lines
}

// TestToolGatesWithoutTools runs a browser journey and the accessibility
// test again in a child process whose PATH holds nothing: each gate skips
// with its line and the run passes; under YDP1_REQUIRE_BROWSER=1 they fail
// and name what is missing.
func TestToolGatesWithoutTools(t *testing.T) {
	bare := t.TempDir()
	run := func(env ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run", "^(TestBrowserKeyboardOnly|TestA11y)$", "-test.count=1", "-test.v")
		cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
			name, _, _ := strings.Cut(kv, "=")
			return slices.Contains([]string{"PATH", "CHROMIUM", "AXE_JS", "VNU_JAR", requireEnv}, name)
		})
		cmd.Env = append(cmd.Env, append(env, "PATH="+bare)...)
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("%s: %v", cmd, err)
		}
		return string(out), cmd.ProcessState.ExitCode()
	}
	// the lines that hold start, from there on
	lines := func(out, start string) []string {
		var found []string
		for l := range strings.Lines(out) {
			if i := strings.Index(l, start); i >= 0 {
				found = append(found, strings.TrimSpace(l[i:]))
			}
		}
		return found
	}

	gates := []struct {
		gate    toolGate
		missing string // whether .ci/node_modules is there or not
	}{{browserGate, "no Chromium on PATH, no Korean font (fc-list :lang=ko)"}, {axeGate, "no Chromium on PATH"}, {htmlGate, "no java"}}

	out, code := run()
	if code != 0 {
		t.Fatalf("without the tools the run failed (exit %d):\n%s", code, out)
	}
	for _, want := range []string{"--- SKIP: TestBrowserKeyboardOnly", "--- SKIP: TestA11y",
		"ydp1/app: 3 gates skipped (browser journeys, accessibility, HTML checker) — apt-get install -y chromium fonts-noto-cjk "} {
		if !strings.Contains(out, want) {
			t.Errorf("without the tools the output lacks %q:\n%s", want, out)
		}
	}
	for _, g := range gates {
		// once as the test skips (-v), once after the run
		var seen int
		for _, l := range lines(out, "SKIP: ") {
			if strings.HasSuffix(l, "; "+g.gate.runs) && strings.Contains(l, g.missing) {
				seen++
			}
		}
		if seen != 2 {
			t.Errorf("the %s's SKIP line naming %q shows %d times, want 2:\n%s", g.gate.name, g.missing, seen, out)
		}
	}

	out, code = run(requireEnv + "=1")
	if code != 1 {
		t.Fatalf("with %s=1 and without the tools the run exits %d, want 1:\n%s", requireEnv, code, out)
	}
	for _, want := range []string{"--- FAIL: TestBrowserKeyboardOnly", "--- FAIL: TestA11y"} {
		if !strings.Contains(out, want) {
			t.Errorf("with %s=1 the output lacks %q:\n%s", requireEnv, want, out)
		}
	}
	for _, g := range gates {
		failure := ": " + g.gate.what + " cannot run, and " + requireEnv + "=1 requires it"
		if !slices.ContainsFunc(lines(out, g.missing), func(l string) bool { return strings.Contains(l, failure) }) {
			t.Errorf("with %s=1 no failure names %q and says %q:\n%s", requireEnv, g.missing, failure, out)
		}
	}
	if len(lines(out, "SKIP")) > 0 || strings.Contains(out, "gates skipped") {
		t.Errorf("with %s=1 a gate still skips:\n%s", requireEnv, out)
	}
}
