// Package progress tells someone waiting on a long command how far it has
// got. On a terminal each step is one line that rewrites itself with the rows
// written, the rate and the time left; elsewhere (a pipe, a log file) each
// step writes a line when it ends and one every few seconds while it runs.
package progress

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-isatty"
)

// Reporter reports the steps of one command, one after the other. A nil
// *Reporter reports nothing, so code can report without asking whether anyone listens.
type Reporter struct {
	w     io.Writer
	tty   bool
	quiet time.Duration    // a step that ends sooner prints nothing
	every time.Duration    // how often the running step's line is written
	now   func() time.Time // the clock, replaced in tests

	done atomic.Int64 // rows of the running step written so far

	mu    sync.Mutex
	step  string
	total int64 // rows the step will write; 0 when not known
	start time.Time
	shown bool // a line of the running step has been written
	width int  // of the line on the terminal, to blank out what a shorter one leaves
	stop  chan struct{}
	ended sync.WaitGroup
}

// New reports to w. A file that is a terminal gets the rewritten line; a
// step that ends within quiet prints nothing, so a quick command stays quiet.
func New(w io.Writer, quiet time.Duration) *Reporter {
	r := &Reporter{w: w, quiet: quiet, every: 5 * time.Second, now: time.Now}
	if f, ok := w.(interface{ Fd() uintptr }); ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		r.tty, r.every = true, 200*time.Millisecond
	}
	return r
}

// Start ends the running step, if any, and starts the next one, which will
// write total rows (0 when that is not known).
func (r *Reporter) Start(step string, total int) {
	if r == nil {
		return
	}
	r.Done()
	r.mu.Lock()
	r.step, r.total, r.start, r.shown = step, int64(total), r.now(), false
	r.done.Store(0)
	r.stop = make(chan struct{})
	r.ended.Add(1)
	go r.tick(r.stop, r.every)
	r.mu.Unlock()
}

// Add counts n more rows of the running step; it is cheap enough for a hot loop.
func (r *Reporter) Add(n int) {
	if r != nil {
		r.done.Add(int64(n))
	}
}

// Done ends the running step with a line saying what it did, unless it was quiet.
func (r *Reporter) Done() {
	if r == nil {
		return
	}
	r.mu.Lock()
	stop := r.stop
	r.stop = nil
	r.mu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	r.ended.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	took := r.now().Sub(r.start)
	if !r.shown && took < r.quiet {
		return
	}
	r.write(r.summary(took), true)
}

func (r *Reporter) tick(stop <-chan struct{}, every time.Duration) {
	defer r.ended.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			r.show()
		}
	}
}

// show writes the running step's line, once the step has outlasted quiet.
func (r *Reporter) show() {
	r.mu.Lock()
	defer r.mu.Unlock()
	took := r.now().Sub(r.start)
	if took < r.quiet {
		return
	}
	r.shown = true
	r.write(r.running(took), false)
}

// write puts out one line: on a terminal over the line before, and ending it
// only when the step is over; elsewhere as a line of its own.
func (r *Reporter) write(line string, final bool) {
	if !r.tty {
		fmt.Fprintln(r.w, line)
		return
	}
	pad := max(r.width-len(line), 0)
	r.width = len(line)
	end := ""
	if final {
		end, r.width = "\n", 0
	}
	fmt.Fprint(r.w, "\r"+line+strings.Repeat(" ", pad)+end)
}

func (r *Reporter) running(took time.Duration) string {
	done := r.done.Load()
	if r.total <= 0 {
		if done == 0 {
			return fmt.Sprintf("%s: %s", r.step, took.Round(time.Second))
		}
		return fmt.Sprintf("%s: %s, %s/s", r.step, Number(done), Number(rate(done, took)))
	}
	line := fmt.Sprintf("%s: %s of %s (%d%%)", r.step, Number(done), Number(r.total), done*100/r.total)
	if done == 0 || done >= r.total {
		return line
	}
	perSecond := float64(done) / took.Seconds()
	left := time.Duration(float64(r.total-done) / perSecond * float64(time.Second))
	left = (left + time.Second - 1).Truncate(time.Second) // "1s left" until the end, never "0s"
	return fmt.Sprintf("%s, %s/s, about %s left", line, Number(int64(perSecond)), left)
}

func (r *Reporter) summary(took time.Duration) string {
	done := r.done.Load()
	if took < time.Second {
		took = took.Round(time.Millisecond)
	} else {
		took = took.Round(100 * time.Millisecond)
	}
	if done == 0 {
		return fmt.Sprintf("%s: done in %s", r.step, took)
	}
	return fmt.Sprintf("%s: %s in %s, %s/s", r.step, Number(done), took, Number(rate(done, took)))
}

func rate(n int64, took time.Duration) int64 {
	if took <= 0 {
		return n
	}
	return int64(float64(n) / took.Seconds())
}

// Number writes n with a comma between thousands, as in 1,000,000.
func Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

type contextKey struct{}

// NewContext carries r to code that reports through FromContext, as
// net/http/httptrace carries its hooks.
func NewContext(ctx context.Context, r *Reporter) context.Context {
	return context.WithValue(ctx, contextKey{}, r)
}

// FromContext is the Reporter ctx carries, or nil, which reports nothing.
func FromContext(ctx context.Context) *Reporter {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(contextKey{}).(*Reporter)
	return r
}
