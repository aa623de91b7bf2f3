package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a Reporter on a clock the test moves, whose own ticker never fires:
// the test calls show where the ticker would.
func fake(tty bool, quiet time.Duration) (*Reporter, *bytes.Buffer, *time.Time) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	r := New(&out, quiet)
	r.tty, r.every, r.now = tty, time.Hour, func() time.Time { return clock }
	return r, &out, &clock
}

func TestLinesPerStepWhenNotATerminal(t *testing.T) {
	r, out, clock := fake(false, 0)
	if r.tty {
		t.Fatal("a bytes.Buffer was taken for a terminal")
	}
	r.Start("accounts", 100)
	r.Add(100)
	*clock = clock.Add(2 * time.Second)
	r.Start("supports", 1000) // ends the accounts step
	*clock = clock.Add(5 * time.Second)
	r.Add(250)
	r.show()
	*clock = clock.Add(15 * time.Second)
	r.Add(750)
	r.Start("checkpoint", 0)
	*clock = clock.Add(1500 * time.Millisecond)
	r.Done()
	r.Done() ///s Done writes nothing

	want := []string{
		"accounts: 100 in 2s, 50/s",
		"supports: 250 of 1,000 (25%), 50/s, about 15s left",
		"supports: 1,000 in 20s, 50/s",
		"checkpoint: done in 1.5s",
	}
	if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(out.String(), "\r") {
		t.Errorf("carriage return written to a file that is not a terminal: %q", out.String())
	}
}

func TestTerminalRewritesOneLinePerStep(t *testing.T) {
	r, out, clock := fake(true, 0)
	r.Start("supports", 1_000_000)
	*clock = clock.Add(time.Second)
	r.Add(100_000)
	r.show()
	*clock = clock.Add(9 * time.Second)
	r.Add(900_000)
	r.show()
	r.Done()
	got := out.String()
	first := "supports: 100,000 of 1,000,000 (10%), 100,000/s, about 9s left"
	second := "supports: 1,000,000 of 1,000,000 (100%)"
	final := "supports: 1,000,000 in 10s, 100,000/s"
	// each line blanks out what the longer line before it would leave
	want := "\r" + first + "\r" + second + strings.Repeat(" ", len(first)-len(second)) +
		"\r" + final + strings.Repeat(" ", len(second)-len(final)) + "\n"
	if got != want {
		t.Errorf("terminal output:\n%q\nwant\n%q", got, want)
	}
}

func TestQuietStepsPrintNothing(t *testing.T) {
	for _, tty := range []bool{false, true} {
		r, out, clock := fake(tty, time.Second)
		r.Start("accounts", 10)
		*clock = clock.Add(500 * time.Millisecond)
		r.show()
		r.Add(10)
		r.Start("supports", 10) // a slow one
		*clock = clock.Add(3 * time.Second)
		r.Add(10)
		r.Done()
		if got := out.String(); strings.Contains(got, "accounts") || !strings.Contains(got, "supports: 10 in 3s") {
			t.Errorf("terminal %v: %q, want only the step that outlasted/s", tty, got)
		}
	}
}

// lockedBuffer is written by the ticker's goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestTickerWritesWhileAStepRuns(t *testing.T) {
	var out lockedBuffer
	r := New(&out, 0)
	r.every = time.Millisecond
	r.Start("checkpoint", 0)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "checkpoint: 0s"); {
		if time.Now().After(deadline) {
			t.Fatalf("no line while the step ran: %q", out.String())
		}
		time.Sleep(time.Millisecond)
	}
	r.Done()
	if got := out.String(); !strings.Contains(got, "checkpoint: done in") {
		t.Errorf("no final line: %q", got)
	}
}

func TestNilReporterAndContext(t *testing.T) {
	var r *Reporter
	r.Start("x", 1)
	r.Add(1)
	r.Done()
	if FromContext(t.Context()) != nil {
		t.Error("a context without a Reporter gave one")
	}
	want := New(&bytes.Buffer{}, 0)
	if FromContext(NewContext(t.Context(), want)) != want {
		t.Error("the Reporter put in the context did not come out")
	}
}

func TestNumber(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
}
