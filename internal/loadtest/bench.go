// Package loadtest is "ydp1 bench": it measures the site under load against
// references run on the same machine in the same run. It is a tool, not part
// of the product.
package loadtest

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/internal/demo"
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/maintenance"
	"ydp1/models/petitions"
)

// The load tool of issue 6: it prepares its own data in a temporary folder,
// runs the built binary as a child process, drives it over loopback HTTP with
// many clients, and measures the references (a bare Echo handler, SQLite's
// single-transaction support ceiling) in the same run, so the ratios hold on
// whatever machine it runs on.

type benchOptions struct {
	concurrency int
	duration    time.Duration
	bin         string
	keep        bool
	largeN      int
	largeM      int
	largeDB     string
	// clients of the large comparison
	largeClients int
}

// Run is the bench command: it reads its flags from args and writes the
// measurements to out.
func Run(args []string, out io.Writer) error {
	var o benchOptions
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Measure the site under load against references run on the same machine.\n\nUsage of ydp1 bench:\n")
		fs.PrintDefaults()
	}
	fs.IntVar(&o.concurrency, "concurrency", 64, "concurrent clients, each with its own session")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each measured phase")
	fs.StringVar(&o.bin, "bin", "", "the ydp1 binary to run as the server (default: this one)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary folder (databases, server logs)")
	large := fs.Bool("large", false, "also compare list, petition and search on 100,000 petitions and 1,000,000 supports with a small database")
	fs.IntVar(&o.largeN, "petitions", 0, "petitions of the large comparison (implies it; --large means 100000)")
	fs.IntVar(&o.largeM, "supports", 0, "supports of the large comparison (--large means 1000000)")
	fs.IntVar(&o.largeClients, "large-clients", 2, "concurrent clients of the large comparison: one per core shows the time of a query, not a queue")
	fs.StringVar(&o.largeDB, "large-db", "", "use this database made by \"ydp1 demo --petitions N --supports M\" for the large comparison instead of generating one (only read, after any pending migrations and the periodic jobs due at start: the server anonymises old supports as it would on a real site)")
	serveHello := fs.String("serve-hello", "", "only serve the bare Echo reference on this address until stopped (the bench runs itself so)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *serveHello != "" {
		return serveHelloReference(*serveHello)
	}
	if *large && o.largeN == 0 {
		o.largeN, o.largeM = 100_000, 1_000_000
	}
	if o.largeN > 0 && o.largeM == 0 {
		o.largeM = o.largeN * 10
	}
	if o.concurrency < 1 || o.duration <= 0 {
		return errors.New("bench: --concurrency and --duration must be positive")
	}
	if o.bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		o.bin = exe
	}
	dir, err := os.MkdirTemp("", "ydp1-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(out, "temporary folder:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	return runBench(o, dir, out)
}

func runBench(o benchOptions, dir string, out io.Writer) error {
	fmt.Fprintf(out, "ydp1 bench: %d clients, %s per phase, %d CPUs\n", o.concurrency, o.duration, runtime.NumCPU())

	// The references run on this machine in this run, in turns with what is
	// compared with them (a second of one, a second of the other), so a
	// machine whose speed drifts during the run (a noisy neighbour) slows
	// both sides of a ratio alike.
	hello, err := startHello()
	if err != nil {
		return err
	}
	defer hello.stop()
	helloClients := make([]*benchClient, o.concurrency)
	for i := range helloClients {
		helloClients[i] = newBenchClient()
	}
	helloTurn := func(d time.Duration) loadRun { return runLoad(d, getter(hello.base+"/"), helloClients) }
	raw, err := openRawSQLite(filepath.Join(dir, "raw.db"))
	if err != nil {
		return err
	}
	defer raw.close()
	var rawErr error
	rawTurn := func(d time.Duration) loadRun {
		r, err := raw.run(d, raw.nextSupport)
		rawErr = cmp.Or(rawErr, err)
		return r
	}
	rawVoteTurn := func(d time.Duration) loadRun {
		r, err := raw.run(d, raw.nextVote)
		rawErr = cmp.Or(rawErr, err)
		return r
	}
	var helloRuns, rawRuns []loadRun

	// the site: its own data, the real binary, sessions logged in over HTTP
	site := filepath.Join(dir, "site.db")
	// more pairs than supports can be sent, for each of the two support phases
	petitions := max(1000, int(40_000*o.duration.Seconds())/o.concurrency)
	delib, statements, err := prepareBenchSite(site, o.concurrency, 2*petitions)
	if err != nil {
		return err
	}
	srv, err := startServer(o.bin, site, dir)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Fprintf(out, "server     first response %.0f ms after start (pid %d)\n", ms(srv.firstResponse), srv.cmd.Process.Pid)
	clients, err := logInAll(srv.base, o.concurrency)
	if err != nil {
		return err
	}

	// supports through the whole stack: session, CSRF, verified account, unique row, counter, threshold
	var acked atomic.Int64
	support := func(first int, spread bool) (loadResult, loadResult) {
		sent := make([]int, len(clients)) // each client's supports so far, across turns
		next := func(w int, _ int) (*http.Request, func(*http.Response) bool) {
			i := sent[w]
			if i >= petitions {
				return nil, nil // this client has supported every petition
			}
			sent[w]++
			c := clients[w]
			id := first + i
			if spread {
				id = first + (w*7919+i)%petitions
			}
			form := url.Values{"_csrf": {c.csrf}, "comment": {benchComment(i)}}
			req, _ := http.NewRequest(http.MethodPost, srv.base+"/petitions/"+strconv.Itoa(id)+"/support", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req, func(res *http.Response) bool {
				ok := res.StatusCode == http.StatusSeeOther && strings.HasSuffix(res.Header.Get("Location"), "#support")
				if ok {
					acked.Add(1)
				}
				return ok
			}
		}
		refs, runs := inTurns(o.duration, rawTurn, srv.measured(func(d time.Duration) loadRun { return runLoad(d, next, clients) }))
		rawRuns = append(rawRuns, refs...)
		return summarize(refs...), summarize(runs...)
	}
	// A petition going viral: every client supports the same petitions one
	// after another, so the supports arriving together are mostly for one.
	ceiling, sup := support(1, false)
	if rawErr != nil {
		return rawErr
	}
	supportRatio := sup.rate / ceiling.rate
	fmt.Fprintf(out, "supports   POST /petitions/:id/support       %s ratio=%.2f (≥ 0.6 of raw SQLite at tx/s=%.0f)\n", sup, supportRatio, ceiling.rate)
	// Many petitions at once: each client on a petition of its own.
	spreadCeiling, spread := support(petitions+1, true)
	fmt.Fprintf(out, "supports   (each client on its own petition)  %s ratio=%.2f (of raw SQLite at tx/s=%.0f)\n", spread, spread.rate/spreadCeiling.rate, spreadCeiling.rate)

	// votes through the whole stack: session, CSRF, verified account, participant, vote row, counters
	voted := make([]map[uint]bool, len(clients)) // the statements each client's acknowledged votes are on
	for w := range voted {
		voted[w] = map[uint]bool{}
	}
	cast := make([]int, len(clients)) // each client's votes so far, across turns
	nextVote := func(w int, _ int) (*http.Request, func(*http.Response) bool) {
		n := cast[w]
		cast[w]++
		// four first votes, then a change of the last of them, each client
		// going through the statements from a place of its own
		k := n - n/5
		value := k%3 - 1
		if n%5 == 4 {
			k--
			value = (k+1)%3 - 1
		}
		st := statements[(w*7919+k)%len(statements)]
		c := clients[w]
		form := url.Values{"_csrf": {c.csrf}, "statement_id": {strconv.Itoa(int(st))}, "value": {voteValue(value)}}
		req, _ := http.NewRequest(http.MethodPost, srv.base+"/deliberations/"+strconv.Itoa(int(delib))+"/votes", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req, func(res *http.Response) bool {
			ok := res.StatusCode == http.StatusSeeOther && strings.HasSuffix(res.Header.Get("Location"), "#vote")
			if ok {
				voted[w][st] = true
			}
			return ok
		}
	}
	voteRefs, voteRuns := inTurns(o.duration, rawVoteTurn, srv.measured(func(d time.Duration) loadRun { return runLoad(d, nextVote, clients) }))
	if rawErr != nil {
		return rawErr
	}
	voteCeiling, votes := summarize(voteRefs...), summarize(voteRuns...)
	voteRatio := votes.rate / voteCeiling.rate
	fmt.Fprintf(out, "votes      POST /deliberations/:id/votes     %s ratio=%.2f (of raw SQLite at tx/s=%.0f)\n", votes, voteRatio, voteCeiling.rate)

	// hot pages, anonymous and logged in
	anon := make([]*benchClient, o.concurrency)
	for i := range anon {
		anon[i] = newBenchClient()
	}
	page := func(path string, clients []*benchClient) (loadResult, loadResult) {
		refs, runs := inTurns(o.duration, helloTurn, srv.measured(func(d time.Duration) loadRun { return runLoad(d, getter(srv.base+path), clients) }))
		helloRuns = append(helloRuns, refs...)
		return summarize(refs...), summarize(runs...)
	}
	pages := []struct{ name, path string }{{"home", "/"}, {"list", "/petitions"}, {"petition", "/petitions/1"}}
	for _, p := range pages {
		ref, r := page(p.path, anon)
		fmt.Fprintf(out, "page       %-9s (anonymous) GET %-12s %s ratio=%.2f (≥ 0.5 of hello at requests/s=%.0f)\n", p.name, p.path, r, r.rate/ref.rate, ref.rate)
	}
	ref, r := page("/petitions", clients)
	fmt.Fprintf(out, "page       list      (logged in) GET /petitions   %s ratio=%.2f of hello at requests/s=%.0f\n", r, r.rate/ref.rate, ref.rate)
	fmt.Fprintf(out, "reference  bare Echo \"hello\" in all its turns  %s\n", summarize(helloRuns...))
	fmt.Fprintf(out, "reference  raw SQLite in all its turns        tx/s=%.0f (INSERT + counter UPDATE per transaction, WAL, synchronous=NORMAL, one writer)\n", summarize(rawRuns...).rate)
	fmt.Fprintf(out, "reference  raw SQLite votes in all its turns  tx/s=%.0f (INSERT … ON CONFLICT DO UPDATE + counter UPDATE per transaction)\n", voteCeiling.rate)
	peak, rss := srv.memory()
	fmt.Fprintf(out, "memory     server peak RSS %.1f MB, now %.1f MB (< 100 MB)\n", peak, rss)
	if err := srv.stop(); err != nil {
		fmt.Fprintln(out, "server     stop:", err)
	}

	// the database must hold exactly the acknowledged supports, and counters equal their rows
	errs := sup.errors + spread.errors + votes.errors
	rows, voteRows, diffs, err := checkBenchSite(site, delib)
	if err != nil {
		return err
	}
	ackedVotes := 0
	for _, v := range voted {
		ackedVotes += len(v)
	}
	if rows != acked.Load() || diffs > 0 {
		errs += int(max(rows-acked.Load(), acked.Load()-rows)) + diffs
		fmt.Fprintf(out, "check      FAILED: %d supports in the database, %d acknowledged; %d counters differ from their rows\n", rows, acked.Load(), diffs)
	} else {
		fmt.Fprintf(out, "check      %d supports in the database = %d acknowledged; every counter equals its rows\n", rows, acked.Load())
	}
	if voteRows != int64(ackedVotes) || diffs > 0 {
		errs += int(max(voteRows-int64(ackedVotes), int64(ackedVotes)-voteRows))
		fmt.Fprintf(out, "check      FAILED: %d vote rows in the database, %d statements voted on with an acknowledged vote; %d counters differ from their rows\n", voteRows, ackedVotes, diffs)
	} else {
		fmt.Fprintf(out, "check      %d vote rows in the database = %d statements voted on with an acknowledged vote; agree, disagree and pass counters equal their rows\n", voteRows, ackedVotes)
	}

	if o.largeN > 0 || o.largeDB != "" {
		if err := benchLarge(o, dir, out); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "supports/s=%.0f ratio=%.2f p99_ms=%.1f votes/s=%.0f vote_ratio=%.2f vote_p99_ms=%.1f errors=%d\n",
		sup.rate, supportRatio, ms(sup.p99), votes.rate, voteRatio, ms(votes.p99), errs)
	if errs > 0 {
		return fmt.Errorf("bench: %d errors", errs)
	}
	return nil
}

// benchComment is a 공감 한마디 on one support in five, as on the real site.
func benchComment(i int) string {
	if i%5 != 0 {
		return ""
	}
	return "공감합니다. 꼭 개선되면 좋겠습니다."
}

// voteValue is the form's value of a vote.
func voteValue(v int) string {
	return map[int]string{1: "agree", -1: "disagree", 0: "pass"}[v]
}

// benchStatements is how many shown statements the bench's 공론장 has.
const benchStatements = 400

// prepareBenchSite makes the bench's accounts and open petitions, and an
// open 공론장 with benchStatements seed statements; it returns the 공론장
// and its statements.
func prepareBenchSite(path string, users, petitions int) (uint, []uint, error) {
	db, err := models.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer models.Close(db)
	now := time.Now().UTC()
	s := models.DefaultSettings
	s.Threshold = 50 // many petitions cross it during the run: the transition is part of the path measured
	if err := models.SeedSettings(db, s, []string{"petition_threshold"}, now); err != nil {
		return 0, nil, err
	}
	if err := demo.SeedBench(db, users, petitions, now); err != nil {
		return 0, nil, err
	}
	var opener models.User
	if err := db.Where("email = ?", demo.BenchEmail(0)).Take(&opener).Error; err != nil {
		return 0, nil, err
	}
	in := deliberations.Input{Title: "영등포 생활 공론장", Question: "영등포에서 살면서 무엇이 바뀌면 좋을까요?",
		Moderation: deliberations.ModerationPost,
		OpensAt:    deliberations.FormTime(now.Add(-24 * time.Hour)), ClosesAt: deliberations.FormTime(now.Add(14 * 24 * time.Hour))}
	var d *deliberations.Deliberation
	for first := 0; first < benchStatements; first += deliberations.MaxSeeds {
		var seeds []string
		for i := first; i < min(first+deliberations.MaxSeeds, benchStatements); i++ {
			seeds = append(seeds, fmt.Sprintf("영등포 생활 의견 %d번", i+1))
		}
		in.Seeds = strings.Join(seeds, "\n")
		if d == nil {
			d, err = deliberations.Open(db, opener.ID, in, now)
		} else {
			err = deliberations.Update(db, d.ID, opener.ID, in, now)
		}
		if err != nil {
			return 0, nil, err
		}
	}
	shown, err := deliberations.Statements(db, d.ID, deliberations.StatementShown)
	if err != nil {
		return 0, nil, err
	}
	ids := make([]uint, len(shown))
	for i, st := range shown {
		ids[i] = st.ID
	}
	return d.ID, ids, nil
}

// checkBenchSite counts the supports and the 공론장's vote rows, and the
// counters (of petitions, meetings and 공론장) that differ from their rows.
func checkBenchSite(path string, delib uint) (supports, votes int64, differences int, err error) {
	db, err := models.Open(path)
	if err != nil {
		return 0, 0, 0, err
	}
	defer models.Close(db)
	if supports, err = petitions.CountSupports(db); err != nil {
		return 0, 0, 0, err
	}
	if err = db.Model(&deliberations.VoteRecord{}).Where("deliberation_id = ?", delib).Count(&votes).Error; err != nil {
		return 0, 0, 0, err
	}
	rep, err := maintenance.Recount(db, false, time.Now())
	return supports, votes, len(rep.Differences), err
}

// benchServer is the ydp1 binary serving one database on a loopback port.
type benchServer struct {
	cmd           *exec.Cmd
	base          string
	firstResponse time.Duration
	stopped       bool
}

func startServer(bin, db, dir string) (*benchServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	logFile, err := os.Create(filepath.Join(dir, "server-"+filepath.Base(db)+".log")) // #nosec G304 -- dir is the temporary folder this run made, the name is the database file's own
	if err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // never fails since Go 1.24
	// #nosec G204 -- bin is this binary or the one the operator names with -bin; the arguments are fixed
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", addr, "--base-url", "http://"+addr)
	cmd.Env = append(os.Environ(), "RATE_LIMITS=off", "SESSION_SECRET="+hex.EncodeToString(secret), "SMTP_URL=")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &benchServer{cmd: cmd, base: "http://" + addr}
	client := &http.Client{Timeout: time.Second}
	for time.Since(start) < 30*time.Second {
		if res, err := client.Get(s.base + "/healthz"); err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.firstResponse = time.Since(start)
				if err := jobsSettled(db); err != nil {
					_ = s.stop()
					return nil, err
				}
				return s, nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	_ = s.stop()
	return nil, fmt.Errorf("bench: the server did not answer within 30 s; see %s", logFile.Name())
}

// jobsSettled waits until the server has run the periodic jobs due at its
// start (on a large database the daily recount and anonymisation take a
// while), so that no phase measures them.
func jobsSettled(path string) error {
	db, err := models.Open(path)
	if err != nil {
		return err
	}
	defer models.Close(db)
	for deadline := time.Now().Add(10 * time.Minute); ; time.Sleep(20 * time.Millisecond) {
		due := false
		for _, job := range models.Jobs {
			d, err := models.JobDue(db, job, time.Now().UTC())
			if err != nil {
				return err
			}
			due = due || d
		}
		if !due {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: the server's periodic jobs on %s have not finished in 10 minutes", path)
		}
	}
}

// cpu is the processor time the server has used so far (user and system),
// from /proc; zero where there is none.
func (s *benchServer) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// the fields after the command name, which is in parentheses: utime and stime are the 12th and 13th
	_, rest, _ := bytes.Cut(b, []byte(") "))
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// measured adds the server's processor time to each stretch of a load.
func (s *benchServer) measured(load func(time.Duration) loadRun) func(time.Duration) loadRun {
	return func(d time.Duration) loadRun {
		before, clientBefore := s.cpu(), ownCPU()
		run := load(d)
		run.cpu, run.clientCPU = s.cpu()-before, ownCPU()-clientBefore
		return run
	}
}

// ownCPU is the processor time this process (the load generator) has used.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// clockTicks is USER_HZ, the unit of /proc's processor times: 100 on Linux.
const clockTicks = 100

// memory is the peak and current resident set of the server, in MB.
func (s *benchServer) memory() (peak, now float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	field := func(name string) float64 {
		m := regexp.MustCompile(name + `:\s+(\d+) kB`).FindSubmatch(b)
		if m == nil {
			return 0
		}
		kb, _ := strconv.ParseFloat(string(m[1]), 64)
		return kb / 1024
	}
	return field("VmHWM"), field("VmRSS")
}

func (s *benchServer) stop() error {
	if s.stopped {
		return nil
	}
	s.stopped = true
	_ = s.cmd.Process.Signal(syscall.SIGTERM) // finish requests in flight, close the database
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		return errors.New("the server did not stop within 15 s and was killed")
	}
}

// benchClient is one visitor: a cookie jar and the CSRF token of its session.
type benchClient struct {
	http   *http.Client
	csrf   string
	cookie string // the Cookie header of its session, once logged in
}

var benchTransport = &http.Transport{MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: time.Minute}

func newBenchClient() *benchClient {
	jar, _ := cookiejar.New(nil)
	return &benchClient{http: &http.Client{
		Jar: jar, Transport: benchTransport, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// loadConn is one worker's keep-alive connection. The measured requests
// are written as bytes and their answers read by net/http's own parser,
// without a Transport's goroutines and channels or a cookie jar: the load
// tool shares the machine with the server, and what it spends the server
// cannot (wrk and h2load are built the same way). Each client sends the
// Cookie header of the session it logged in with, as a browser does once
// it has opened the page a flash message was for.
type loadConn struct {
	addr string
	conn net.Conn
	r    *bufio.Reader
	buf  bytes.Buffer
}

func (l *loadConn) do(req *http.Request) (*http.Response, error) {
	if l.conn == nil {
		conn, err := net.DialTimeout("tcp", l.addr, 10*time.Second)
		if err != nil {
			return nil, err
		}
		l.conn, l.r = conn, bufio.NewReaderSize(conn, 32<<10)
	}
	l.buf.Reset()
	if err := req.Write(&l.buf); err != nil {
		return nil, err
	}
	_ = l.conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := l.conn.Write(l.buf.Bytes()); err != nil {
		l.close()
		return nil, err
	}
	res, err := http.ReadResponse(l.r, req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
	}
	if err != nil || res.Close {
		l.close()
	}
	return res, err
}

func (l *loadConn) close() {
	if l.conn != nil {
		_ = l.conn.Close()
		l.conn = nil
	}
}

var benchCSRFField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// logIn signs one account in through the log-in form, as a person would.
func (c *benchClient) logIn(base, email string) error {
	res, err := c.http.Get(base + "/login")
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	m := benchCSRFField.FindSubmatch(body)
	if m == nil {
		return errors.New("bench: no CSRF token on the log-in page")
	}
	form := url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {demo.Password}}
	res, err = c.http.PostForm(base+"/login", form)
	if err != nil {
		return err
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("bench: log-in of %s answered %d", email, res.StatusCode)
	}
	u, _ := url.Parse(base)
	var cookies []string
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "_csrf" {
			c.csrf = ck.Value
		}
		cookies = append(cookies, ck.String())
	}
	c.cookie = strings.Join(cookies, "; ")
	if c.csrf == "" {
		c.csrf = string(m[1])
	}
	return nil
}

func logInAll(base string, n int) ([]*benchClient, error) {
	clients := make([]*benchClient, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 4) // bcrypt: a few at a time
	for i := range clients {
		clients[i] = newBenchClient()
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := clients[i].logIn(base, demo.BenchEmail(i)); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return clients, <-errs
}

// loadRun is what one stretch of load measured.
type loadRun struct {
	lat     []time.Duration // of each successful request
	errors  int
	elapsed time.Duration
	cpu     time.Duration // the server's processor time during the stretch
	// the load generator's, which shares the machine's cores with the server
	clientCPU time.Duration
}

// loadResult sums up one phase.
type loadResult struct {
	requests, errors int
	rate             float64 // successful requests per second
	p50, p99         time.Duration
	cpu, clientCPU   time.Duration // the server's and the load generator's processor time per successful request
}

func (r loadResult) String() string {
	s := fmt.Sprintf("requests/s=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d", r.rate, ms(r.p50), ms(r.p99), r.requests, r.errors)
	if r.cpu > 0 {
		s += fmt.Sprintf(" server_cpu_us=%.0f client_cpu_us=%.0f", float64(r.cpu)/float64(time.Microsecond), float64(r.clientCPU)/float64(time.Microsecond))
	}
	return s
}

// summarize sums up the stretches of one phase.
func summarize(runs ...loadRun) loadResult {
	var all []time.Duration
	var elapsed time.Duration
	r := loadResult{}
	for _, run := range runs {
		all = append(all, run.lat...)
		r.errors += run.errors
		elapsed += run.elapsed
		r.cpu += run.cpu
		r.clientCPU += run.clientCPU
	}
	slices.Sort(all)
	r.requests = len(all) + r.errors
	if elapsed > 0 {
		r.rate = float64(len(all)) / elapsed.Seconds()
	}
	r.p50, r.p99 = percentile(all, 0.50), percentile(all, 0.99)
	if len(all) > 0 {
		r.cpu /= time.Duration(len(all))
		r.clientCPU /= time.Duration(len(all))
	}
	return r
}

// inTurns runs a reference and a subject for d each, a second of one and
// then a second of the other, and returns the stretches of each.
func inTurns(d time.Duration, ref, subject func(time.Duration) loadRun) (refs, runs []loadRun) {
	turns := max(1, int(d/time.Second))
	for range turns {
		refs = append(refs, ref(d/time.Duration(turns)))
		runs = append(runs, subject(d/time.Duration(turns)))
	}
	return refs, runs
}

// nextRequest makes the i-th request of worker w and the check of its
// response; a nil request ends the worker.
type nextRequest func(w, i int) (*http.Request, func(*http.Response) bool)

func getter(u string) nextRequest {
	return func(int, int) (*http.Request, func(*http.Response) bool) {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		return req, func(res *http.Response) bool { return res.StatusCode == http.StatusOK }
	}
}

// uncached is getter with a query string of its own on every request, so no
// page cache answers: the large comparison measures queries and rendering.
// The number counts across the whole run: a phase measured in turns calls
// its requests afresh in each turn, and must not meet the pages of the last.
func uncached(u string) nextRequest {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return func(int, int) (*http.Request, func(*http.Response) bool) {
		req, _ := http.NewRequest(http.MethodGet, u+sep+"r="+strconv.FormatInt(uncachedSeq.Add(1), 10), nil)
		return req, func(res *http.Response) bool { return res.StatusCode == http.StatusOK }
	}
}

var uncachedSeq atomic.Int64

// runLoad sends requests from one worker per client for d, each worker
// waiting for its answer before the next (a closed loop), and measures
// every answer.
func runLoad(d time.Duration, next nextRequest, clients []*benchClient) loadRun {
	var wg sync.WaitGroup
	lat := make([][]time.Duration, len(clients))
	errs := make([]int, len(clients))
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	start := time.Now()
	for w, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var conn loadConn
			defer conn.close()
			for i := 0; ctx.Err() == nil; i++ {
				req, check := next(w, i)
				if req == nil {
					return
				}
				conn.addr = req.URL.Host
				req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd") // as every browser asks
				if c.cookie != "" {
					req.Header.Set("Cookie", c.cookie)
				}
				t := time.Now()
				res, err := conn.do(req)
				if err != nil || !check(res) {
					errs[w]++
					continue
				}
				lat[w] = append(lat[w], time.Since(t))
			}
		}()
	}
	wg.Wait()
	run := loadRun{elapsed: time.Since(start)}
	for w := range clients {
		run.lat = append(run.lat, lat[w]...)
		run.errors += errs[w]
	}
	return run
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// benchHello drives a bare Echo handler over loopback: the ceiling of any
// page served through Echo on this machine. The handler runs in a process of
// its own, started from this binary, as the site's server does: load and
// server then share the machine the same way in both measurements.
func startHello() (*benchServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "bench", "--serve-hello", addr) // #nosec G204 -- this binary, fixed arguments
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &benchServer{cmd: cmd, base: "http://" + addr}
	client := &http.Client{Timeout: time.Second}
	for start := time.Now(); ; time.Sleep(2 * time.Millisecond) {
		if res, err := client.Get(s.base + "/"); err == nil {
			_ = res.Body.Close()
			return s, nil
		}
		if time.Since(start) > 30*time.Second {
			_ = s.stop()
			return nil, errors.New("bench: the reference server did not answer within 30 s")
		}
	}
}

// serveHelloReference serves the bare Echo handler until SIGTERM.
func serveHelloReference(addr string) error {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "hello") })
	srv := &http.Server{Addr: addr, Handler: e, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// rawSQLite is the support path with nothing around it: one writer
// committing one INSERT and one counter UPDATE per transaction, in WAL with
// synchronous=NORMAL, the settings of the site's database.
type rawSQLite struct {
	db    *sql.DB
	n     int // supports so far, across turns
	votes int // votes so far, across turns
}

func openRawSQLite(path string) (*rawSQLite, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	for _, stmt := range []string{
		"CREATE TABLE petitions (id INTEGER PRIMARY KEY, support_count INTEGER NOT NULL DEFAULT 0)",
		"CREATE TABLE supports (id INTEGER PRIMARY KEY, petition_id INTEGER NOT NULL, user_id INTEGER NOT NULL, created_at TIMESTAMP NOT NULL)",
		"CREATE UNIQUE INDEX idx_supports_petition_user ON supports (petition_id, user_id)",
		"CREATE TABLE statements (id INTEGER PRIMARY KEY, agree_count INTEGER NOT NULL DEFAULT 0, disagree_count INTEGER NOT NULL DEFAULT 0, pass_count INTEGER NOT NULL DEFAULT 0)",
		"CREATE TABLE votes (statement_id INTEGER NOT NULL, user_id INTEGER NOT NULL, value INTEGER NOT NULL, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (statement_id, user_id))",
	} {
		if _, err := db.Exec(stmt); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	for i := 1; i <= 1000; i++ {
		if _, err := db.Exec("INSERT INTO petitions (id) VALUES (?)", i); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	for i := 1; i <= benchStatements; i++ {
		if _, err := db.Exec("INSERT INTO statements (id) VALUES (?)", i); err != nil {
			_ = db.Close()
			return nil, err
		}
	}
	return &rawSQLite{db: db}, nil
}

// run commits the transactions of tx for d; the load run counts each as a
// request.
func (r *rawSQLite) run(d time.Duration, tx func() error) (loadRun, error) {
	run := loadRun{}
	start := time.Now()
	for time.Since(start) < d {
		t := time.Now()
		if err := tx(); err != nil {
			return run, err
		}
		run.lat = append(run.lat, time.Since(t))
	}
	run.elapsed = time.Since(start)
	return run, nil
}

// nextSupport commits the next support, each user on every petition in turn.
func (r *rawSQLite) nextSupport() error {
	err := r.support(r.n%1000+1, r.n/1000+1)
	r.n++
	return err
}

// nextVote commits the next vote, each user on every statement in turn, and
// one vote in five a change of the user's last, as the vote phase sends them.
func (r *rawSQLite) nextVote() error {
	n := r.votes
	r.votes++
	k := n - n/5
	value, old := k%3-1, 2 // 2: no vote before
	if n%5 == 4 {
		k--
		value, old = (k+1)%3-1, k%3-1
	}
	return r.vote(k%benchStatements+1, k/benchStatements+1, value, old)
}

// vote is the vote's minimal work: the vote row written or changed by one
// INSERT … ON CONFLICT DO UPDATE, and the statement's counters moved by one
// UPDATE (from old to value; old is 2 for a first vote).
func (r *rawSQLite) vote(statement, user, value, old int) error {
	tx, err := r.db.Begin()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if _, err := tx.Exec("INSERT INTO votes (statement_id, user_id, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (statement_id, user_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
		statement, user, value, now, now); err != nil {
		_ = tx.Rollback()
		return err
	}
	counters := map[int]string{1: "agree_count", -1: "disagree_count", 0: "pass_count"}
	set := counters[value] + " = " + counters[value] + " + 1"
	if c, ok := counters[old]; ok {
		set += ", " + c + " = " + c + " - 1"
	}
	if _, err := tx.Exec("UPDATE statements SET "+set+" WHERE id = ?", statement); err != nil { // #nosec G202 -- set names only the three fixed counter columns
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (r *rawSQLite) support(petition, user int) error {
	tx, err := r.db.Begin()
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO supports (petition_id, user_id, created_at) VALUES (?, ?, ?)", petition, user, time.Now().UTC()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if _, err := tx.Exec("UPDATE petitions SET support_count = support_count + 1 WHERE id = ?", petition); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (r *rawSQLite) close() { _ = r.db.Close() }

// smallPetitions is the size of the small site of the large comparison.
const smallPetitions = 2000

// benchLarge compares list, petition and search on a large generated
// database with a small one, both generated the same way.
func benchLarge(o benchOptions, dir string, out io.Writer) error {
	// The small site has enough public petitions for page 50 to be a full
	// page, as it is on the large one: a page past the end costs less.
	small := filepath.Join(dir, "small.db")
	if err := seedLargeDB(small, smallPetitions, 10*smallPetitions); err != nil {
		return err
	}
	big := o.largeDB
	if big == "" {
		big = filepath.Join(dir, "large.db")
		start := time.Now()
		if err := seedLargeDB(big, o.largeN, o.largeM); err != nil {
			return err
		}
		fmt.Fprintf(out, "large      generated %d petitions and %d supports in %s\n", o.largeN, o.largeM, time.Since(start).Round(time.Second))
	}
	// Both sites serve at once and each phase runs on them in turns, so the
	// machine's drift does not land on one of them.
	type site struct {
		srv     *benchServer
		top     uint
		clients []*benchClient
	}
	open := func(db string) (*site, error) {
		top, err := mostSupported(db)
		if err != nil {
			return nil, err
		}
		srv, err := startServer(o.bin, db, dir)
		if err != nil {
			return nil, err
		}
		clients := make([]*benchClient, max(o.largeClients, 1))
		for i := range clients {
			clients[i] = newBenchClient()
		}
		return &site{srv, top, clients}, nil
	}
	smallSite, err := open(small)
	if err != nil {
		return err
	}
	defer smallSite.srv.stop()
	bigSite, err := open(big)
	if err != nil {
		return err
	}
	defer bigSite.srv.stop()
	phases := []struct {
		name string
		path func(*site) string
	}{
		{"list", func(*site) string { return "/petitions" }},
		{"list p.50", func(*site) string { return "/petitions?page=50" }},
		{"list 공감순", func(*site) string { return "/petitions?sort=support" }},
		{"petition", func(s *site) string { return "/petitions/" + strconv.Itoa(int(s.top)) }},
		{"search 주차", func(*site) string { return "/petitions?q=" + url.QueryEscape("주차") }},
		{"search 어린이집", func(*site) string { return "/petitions?q=" + url.QueryEscape("어린이집") }},
		{"search 2 words", func(*site) string { return "/petitions?q=" + url.QueryEscape("공원 화장실") }},
	}
	var smallRes, bigRes []loadResult
	for _, p := range phases {
		turn := func(s *site) func(time.Duration) loadRun {
			return func(d time.Duration) loadRun { return runLoad(d, uncached(s.srv.base+p.path(s)), s.clients) }
		}
		smalls, bigs := inTurns(o.duration, turn(smallSite), turn(bigSite))
		smallRes, bigRes = append(smallRes, summarize(smalls...)), append(bigRes, summarize(bigs...))
	}
	fmt.Fprintf(out, "large      %d clients, every request past the page cache; small: %d petitions and %d supports\n", max(o.largeClients, 1), smallPetitions, 10*smallPetitions)
	for i, p := range phases {
		s, b := smallRes[i], bigRes[i]
		ratio := ms(b.p99) / max(ms(s.p99), 0.001)
		fmt.Fprintf(out, "large      %-16s small p50_ms=%.2f p99_ms=%.2f | large p50_ms=%.2f p99_ms=%.2f requests/s=%.0f errors=%d | p99 ratio=%.2f (≤ 2)\n",
			p.name, ms(s.p50), ms(s.p99), ms(b.p50), ms(b.p99), b.rate, s.errors+b.errors, ratio)
	}
	return nil
}

func seedLargeDB(path string, n, m int) error {
	db, err := models.Open(path)
	if err != nil {
		return err
	}
	defer models.Close(db)
	now := time.Now().UTC()
	if err := models.SeedSettings(db, models.DefaultSettings, nil, now); err != nil {
		return err
	}
	_, err = demo.SeedLarge(db, n, m, now)
	return err
}

// mostSupported is the public petition with the most supports: the heaviest page.
func mostSupported(path string) (uint, error) {
	db, err := models.Open(path)
	if err != nil {
		return 0, err
	}
	defer models.Close(db)
	ps, _, err := petitions.ListPetitions(db, petitions.Query{Sort: petitions.SortSupport, PerPage: 1}, time.Now())
	if err != nil || len(ps) == 0 {
		return 0, fmt.Errorf("bench: no public petition in %s: %v", path, err)
	}
	return ps[0].ID, nil
}
