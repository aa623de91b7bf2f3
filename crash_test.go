package main

// Crash-safety tests that build and run the real binary: a storm of supports
// and bookings while the server is killed with SIGKILL and restarted, and a
// graceful SIGTERM with requests in flight. Everything talks to 127.0.0.1 only.

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// TestMain removes the built binary after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// ydp1Binary builds the command once per test run.
func ydp1Binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ydp1-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "ydp1")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// fixture is a fresh database with residents, one open petition per target
// and one bookable meeting per target.
type fixture struct {
	dbPath    string
	emails    []string
	petitions []uint
	meetings  []uint
	capacity  int
}

const crashPassword = "storm12345"

func newFixture(t *testing.T, residents, targets, capacity int) fixture {
	t.Helper()
	models.PasswordCost = bcrypt.MinCost
	f := fixture{dbPath: testdb.DSN(t, "ydp1.db"), capacity: capacity}
	db, err := models.Open(f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	now := time.Now().UTC()
	s := models.DefaultSettings
	s.PreconsentGoal, s.Threshold = 0, 100000
	if err := models.SeedSettings(db, s, nil, now); err != nil {
		t.Fatal(err)
	}
	staff, err := models.CreateVerifiedUser(db, "staff@ydp1.test", crashPassword, "담당자", "", models.RoleStaff, now)
	if err != nil {
		t.Fatal(err)
	}
	for i := range residents {
		email := fmt.Sprintf("r%02d@ydp1.test", i)
		if _, err := models.CreateVerifiedUser(db, email, crashPassword, fmt.Sprintf("주민%02d", i), "", models.RoleResident, now); err != nil {
			t.Fatal(err)
		}
		f.emails = append(f.emails, email)
	}
	at := func(d time.Duration) string { x := now.Add(d); return meetings.FormTime(&x) }
	for i := range targets {
		p, err := petitions.FilePetition(db, staff.ID, petitions.Input{
			Title: fmt.Sprintf("충돌 시험 청원 %d", i), Category: models.Categories[0],
			Body: "서버가 갑자기 꺼져도 공감이 사라지지 않는지 확인하는 청원입니다.",
		}, now)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != petitions.StatusReview {
			t.Fatalf("petition status %s, want review", p.Status)
		}
		if err := petitions.Publish(db, p.ID, staff.ID, now); err != nil {
			t.Fatal(err)
		}
		f.petitions = append(f.petitions, p.ID)
		m, err := meetings.CreateMeeting(db, staff.ID, meetings.Input{
			Kind: meetings.KindTownHall, Title: fmt.Sprintf("충돌 시험 타운홀 %d", i), Place: "영등포구청 별관 강당",
			StartsAt: at(10 * 24 * time.Hour), EndsAt: at(10*24*time.Hour + 2*time.Hour),
			BookingEnabled: true, Capacity: fmt.Sprint(capacity),
			BookingOpensAt: at(-time.Hour), BookingClosesAt: at(9 * 24 * time.Hour),
		}, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := meetings.PublishMeeting(db, m.ID, staff.ID, now); err != nil {
			t.Fatal(err)
		}
		f.meetings = append(f.meetings, m.ID)
	}
	return f
}

// server is one run of the binary, restartable on the same database and port.
type server struct {
	t    *testing.T
	bin  string
	db   string
	base string
	addr string
	env  []string // more environment, after the defaults
	log  *os.File
	cmd  *exec.Cmd
	wait chan error
}

func newServer(t *testing.T, dbPath string) *server {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	logf, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, bin: ydp1Binary(t), db: dbPath, addr: addr, base: "http://" + addr, log: logf}
	if testdb.Postgres() { // no data folder to keep a generated secret in
		s.env = append(s.env, "SESSION_SECRET="+sharedSecret)
	}
	t.Cleanup(func() {
		if s.cmd != nil {
			s.cmd.Process.Kill()
			<-s.wait
		}
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			var errs []string
			for _, line := range strings.Split(string(b), "\n") {
				if strings.Contains(line, "level=ERROR") || strings.Contains(line, "status=5") {
					errs = append(errs, line)
				}
			}
			if len(b) > 4000 {
				b = b[len(b)-4000:]
			}
			t.Logf("server errors:\n%s\nserver log tail:\n%s", strings.Join(errs, "\n"), b)
		}
	})
	return s
}

func (s *server) start() {
	s.t.Helper()
	cmd := exec.Command(s.bin, "serve")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+s.db, "ADDR="+s.addr, "BASE_URL="+s.base, "RATE_LIMITS=off",
		"SMTP_URL=", "SESSION_SECRET=")
	cmd.Env = append(cmd.Env, s.env...)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd, s.wait = cmd, make(chan error, 1)
	go func() { s.wait <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(s.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-s.wait:
			s.t.Fatalf("server exited during start: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	s.t.Fatal("server not healthy within 10 s")
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *server) kill() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		s.t.Fatal(err)
	}
	select {
	case <-s.wait:
	case <-time.After(10 * time.Second):
		s.t.Fatal("killed server did not exit")
	}
	s.cmd = nil
}

// sharedSecret signs the session cookies of every instance in a test.
const sharedSecret = "one secret for every instance behind the proxy"

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// resident is one logged-in visitor with its own cookie jar.
type resident struct {
	client *http.Client
	csrf   string
}

// get fetches path, retrying while the server is down (bounded by deadline).
func (r *resident) get(base, path string, deadline time.Time) (string, error) {
	for {
		res, err := r.client.Get(base + path)
		if err == nil {
			body, rerr := io.ReadAll(res.Body)
			res.Body.Close()
			if rerr == nil && res.StatusCode == http.StatusOK {
				return html.UnescapeString(string(body)), nil
			}
			err = fmt.Errorf("GET %s: status %d %v", path, res.StatusCode, rerr)
		}
		if time.Now().After(deadline) {
			return "", err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func login(base, email string) (*resident, error) {
	jar, _ := cookiejar.New(nil)
	r := &resident{client: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	page, err := r.get(base, "/login", time.Now().Add(5*time.Second))
	if err != nil {
		return nil, err
	}
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return nil, errors.New("no CSRF token on /login")
	}
	r.csrf = m[1]
	res, err := r.client.PostForm(base+"/login", url.Values{"_csrf": {r.csrf}, "email": {email}, "password": {crashPassword}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login %s: status %d", email, res.StatusCode)
	}
	return r, nil
}

type outcome int

const (
	unknown outcome = iota // no answer: the write may or may not have happened
	acked                  // the server said it recorded the write
	refused                // the server answered without recording (duplicate, error page)
)

// post sends one form and, on a 303, reads the flash on the page it points to
// (retrying across restarts: the flash lives in the session cookie). success
// lists the flash texts that mean the write was recorded.
func (r *resident) post(base, path string, form url.Values, success []string, deadline time.Time) outcome {
	form.Set("_csrf", r.csrf)
	res, err := r.client.PostForm(base+path, form)
	if err != nil {
		return unknown
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return refused
	}
	loc := res.Header.Get("Location")
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		loc = loc[:i]
	}
	page, err := r.get(base, loc, deadline)
	if err != nil {
		return unknown
	}
	for _, s := range success {
		if strings.Contains(page, s) {
			return acked
		}
	}
	return refused
}

type ack struct{ target, user int }

func TestCrashStorm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const (
		residents = 40
		targets   = 6
		capacity  = 15
		minKills  = 10
		repeats   = 3 // each support and booking is sent this many times per target
	)
	began := time.Now()
	f := newFixture(t, residents, targets, capacity)
	srv := newServer(t, f.dbPath)
	srv.start()

	users := make([]*resident, residents)
	for i, email := range f.emails {
		r, err := login(srv.base, email)
		if err != nil {
			t.Fatal(err)
		}
		users[i] = r
	}

	var (
		mu                    sync.Mutex
		supportAcks, bookAcks []ack
		stats                 [2][3]int // [support|book][outcome]
		stop                  atomic.Bool
		kills                 atomic.Int32
		acksByRound           = map[int]int{}
		wg                    sync.WaitGroup
	)
	stormDeadline := time.Now().Add(40 * time.Second)
	supportOK := []string{"공감했습니다."}
	bookOK := []string{"신청했습니다. 입장 코드는", "정원이 차서 대기 신청했습니다."}
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// each resident walks the targets in its own order, sending each request a few
			// times; a request without an answer (server down) is sent again, like a user would
			for step, tries := 0, 0; step < targets*repeats && tries < 400 && !stop.Load() && time.Now().Before(stormDeadline); tries++ {
				k := (i + step/repeats) % targets
				pid, mid := f.petitions[k], f.meetings[k]
				o := u.post(srv.base, fmt.Sprintf("/petitions/%d/support", pid), url.Values{"comment": {""}}, supportOK, stormDeadline)
				o2 := u.post(srv.base, fmt.Sprintf("/meetings/%d/book", mid), url.Values{"question": {fmt.Sprintf("질문 %d-%d", i, step)}}, bookOK, stormDeadline)
				mu.Lock()
				stats[0][o]++
				stats[1][o2]++
				round := int(kills.Load())
				if o == acked {
					supportAcks = append(supportAcks, ack{k, i})
					acksByRound[round]++
				}
				if o2 == acked {
					bookAcks = append(bookAcks, ack{k, i})
					acksByRound[round]++
				}
				mu.Unlock()
				if o != unknown && o2 != unknown {
					step++
				}
				time.Sleep(time.Duration(10+rand.IntN(40)) * time.Millisecond)
			}
		}()
	}

	for kills.Load() < minKills && time.Now().Before(stormDeadline) {
		time.Sleep(time.Duration(300+rand.IntN(700)) * time.Millisecond)
		srv.kill()
		kills.Add(1)
		srv.start()
	}
	// a little more load on the last run, then stop the residents and kill once more
	time.Sleep(300 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	srv.kill()
	kills.Add(1)
	if kills.Load() < minKills {
		t.Errorf("only %d kills before the deadline", kills.Load())
	}

	db, err := models.Open(f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	ids := userIDs(t, db)

	for _, a := range supportAcks {
		ok, err := petitions.HasSupported(db, f.petitions[a.target], ids[f.emails[a.user]])
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("acknowledged support of %s for petition %d is missing", f.emails[a.user], f.petitions[a.target])
		}
	}
	for _, a := range bookAcks {
		b, err := meetings.ActiveBooking(db, f.meetings[a.target], ids[f.emails[a.user]])
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			t.Errorf("acknowledged booking of %s for meeting %d is missing", f.emails[a.user], f.meetings[a.target])
		}
	}
	var dup []struct{ PetitionID, UserID, N int }
	db.Raw(`SELECT petition_id, user_id, COUNT(*) AS n FROM supports GROUP BY petition_id, user_id HAVING COUNT(*) > 1`).Scan(&dup)
	if len(dup) > 0 {
		t.Errorf("double supports: %+v", dup)
	}
	var dupB []struct{ MeetingID, UserID, N int }
	db.Raw(`SELECT meeting_id, user_id, COUNT(*) AS n FROM bookings WHERE status <> ? GROUP BY meeting_id, user_id HAVING COUNT(*) > 1`,
		meetings.BookingCancelled).Scan(&dupB)
	if len(dupB) > 0 {
		t.Errorf("double active bookings: %+v", dupB)
	}
	rep, err := maintenance.Recount(db, false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Differences {
		t.Errorf("counter differs: %s", d)
	}
	var rowsS, rowsB int64
	db.Model(&petitions.Support{}).Count(&rowsS)
	db.Model(&meetings.Booking{}).Where("status <> ?", meetings.BookingCancelled).Count(&rowsB)
	for _, id := range f.meetings {
		m, err := meetings.FindMeeting(db, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.BookedCount > m.Capacity {
			t.Errorf("meeting %d: %d booked over capacity %d", id, m.BookedCount, m.Capacity)
		}
		if m.BookedCount+m.WaitlistCount > residents {
			t.Errorf("meeting %d: %d booked + %d waiting > %d residents", id, m.BookedCount, m.WaitlistCount, residents)
		}
	}
	if len(supportAcks) == 0 || len(bookAcks) == 0 {
		t.Errorf("the storm acknowledged nothing (supports %d, bookings %d)", len(supportAcks), len(bookAcks))
	}
	t.Logf("acknowledged writes by round (between kills): %v", acksByRound)
	t.Logf("%d kills; supports: %d acknowledged, %d refused, %d unanswered, %d rows; bookings: %d acknowledged, %d refused, %d unanswered, %d active rows; %s",
		kills.Load(), stats[0][acked], stats[0][refused], stats[0][unknown], rowsS,
		stats[1][acked], stats[1][refused], stats[1][unknown], rowsB, time.Since(began).Round(time.Millisecond))
}

// userIDs maps each resident's email to its account id.
func userIDs(t *testing.T, db *gorm.DB) map[string]uint {
	t.Helper()
	var rows []models.User
	if err := db.Select("id", "email").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	ids := map[string]uint{}
	for _, u := range rows {
		ids[u.Email] = u.ID
	}
	return ids
}

// TestSIGTERMDrainsRequests stops the server with SIGTERM while supports are
// half sent: the process waits for them, answers them, and exits 0.
func TestSIGTERMDrainsRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const inFlight = 4
	f := newFixture(t, inFlight, 1, 15)
	srv := newServer(t, f.dbPath)
	srv.start()

	type result struct {
		status int
		loc    string
		err    error
	}
	results := make(chan result, inFlight)
	var rests []func()
	for _, email := range f.emails {
		r, err := login(srv.base, email)
		if err != nil {
			t.Fatal(err)
		}
		body := url.Values{"_csrf": {r.csrf}, "comment": {"끝까지 처리되어야 하는 공감입니다"}}.Encode()
		pr, pw := io.Pipe()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		t.Cleanup(cancel)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/petitions/%d/support", srv.base, f.petitions[0]), pr)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.ContentLength = int64(len(body))
		go func() {
			res, err := r.client.Do(req)
			if err != nil {
				results <- result{err: err}
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			results <- result{status: res.StatusCode, loc: res.Header.Get("Location")}
		}()
		half := len(body) / 2
		if _, err := pw.Write([]byte(body[:half])); err != nil {
			t.Fatal(err)
		}
		rests = append(rests, func() { pw.Write([]byte(body[half:])); pw.Close() })
	}
	time.Sleep(200 * time.Millisecond) // the headers and half of each body have reached the server

	sent := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-srv.wait:
		srv.cmd = nil
		t.Fatalf("server exited with requests in flight: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	for _, rest := range rests {
		rest()
	}
	for range inFlight {
		select {
		case r := <-results:
			if r.err != nil || r.status != http.StatusSeeOther || !strings.HasPrefix(r.loc, "/petitions/") {
				t.Errorf("in-flight support: status %d, location %q, err %v", r.status, r.loc, r.err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("in-flight request not answered within 10 s")
		}
	}
	select {
	case err := <-srv.wait:
		srv.cmd = nil
		if err != nil {
			t.Fatalf("server exit after SIGTERM: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server still running 5 s after SIGTERM")
	}
	took := time.Since(sent)

	db, err := models.Open(f.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	p, err := petitions.FindPetition(db, f.petitions[0], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p.SupportCount != inFlight {
		t.Errorf("support_count %d after drain, want %d", p.SupportCount, inFlight)
	}
	rep, err := maintenance.Recount(db, false, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Clean() {
		t.Errorf("counters differ after SIGTERM: %v", rep.Differences)
	}
	t.Logf("SIGTERM with %d requests in flight: all answered, exit 0 after %s", inFlight, took.Round(time.Millisecond))
}
