package app

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/labstack/echo/v4"

	"ydp1/internal/demo"
	"ydp1/models"
	"ydp1/models/petitions"
)

// The accessibility and markup gates: every kind of page the site serves,
// filled with the demo content, is checked in headless Chromium by axe-core
// (the WCAG 2.0/2.1 A and AA rules) and, as served, by the Nu HTML Checker.
// Every GET route of the desk is walked from e.Routes(), so a new page is
// checked as soon as it exists, and a public page the walk does not know
// fails the test.

// axeTags are the rule sets of WCAG 2.1 AA, the level KWCAG 2.2 follows.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// gate is one Chromium tab walking the demo site as different people.
type gate struct {
	t    *testing.T
	site *testSite
	ctx  context.Context
	axe  string // the axe-core script; empty when its gate is skipped
	dir  string // the HTML of every page, as served, for the Nu HTML Checker

	mu      sync.Mutex
	lastDoc network.RequestID

	lang     string // the language the walk reads the site in, by the cookie the header's switch sets
	pages    int
	routes   map[string]bool // route patterns visited
	files    map[string]string
	failures []string
}

func newGate(t *testing.T, s *testSite, axe string) *gate {
	t.Helper()
	ctx := startChromium(t, s, 1280, 900, 0)
	g := &gate{t: t, site: s, ctx: ctx, axe: axe, dir: t.TempDir(), routes: map[string]bool{}, files: map[string]string{}}
	// the page as served (not as the browser repaired it) goes to the HTML checker
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && ev.Type == network.ResourceTypeDocument &&
			strings.HasPrefix(ev.Response.URL, s.app.cfg.BaseURL+"/") {
			g.mu.Lock()
			g.lastDoc = ev.RequestID
			g.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	g.do("set the viewport", chromedp.EmulateViewport(1280, 900))
	return g
}

func (g *gate) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	g.t.Helper()
	ctx, cancel := context.WithTimeout(g.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		g.t.Fatalf("%s: %v", what, err)
	}
}

// load runs the steps that lead to a page and waits for it.
func (g *gate) load(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	g.t.Helper()
	ctx, cancel := context.WithTimeout(g.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		g.t.Fatalf("%s: %v", what, err)
	}
	return res.Status
}

// visit opens path, served by the route pattern, and checks the page.
func (g *gate) visit(route, path, name string, status int64) {
	g.t.Helper()
	got := g.load("open "+path, chromedp.Navigate(g.site.app.cfg.BaseURL+path))
	g.check(route, name, got, status)
}

// send fills the form posting to action on the current page with values and
// submits it as it is, without the browser's own checks (the server's are
// the ones under test), then checks the page that comes back.
func (g *gate) send(route, action string, values map[string]string, name string, status int64) {
	g.t.Helper()
	script := fmt.Sprintf(`(() => {
		const f = [...document.forms].find(f => f.getAttribute("action") === %s);
		if (!f) return false;
		for (const [k, v] of Object.entries(%s)) {
			const el = f.elements.namedItem(k);
			if (!el) throw new Error("no field " + k);
			if (el.type === "checkbox") el.checked = v === "yes"; else el.value = v;
		}
		setTimeout(() => HTMLFormElement.prototype.submit.call(f), 0);
		return true;
	})()`, js(action), mustJSON(values))
	var found bool
	got := g.load("send "+action, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		found, err = chromedp.Evaluate[bool](script)(ctx, t)
		if err == nil && !found {
			err = fmt.Errorf("no form posting to %s on the page", action)
		}
		return err
	}))
	g.check(route, name, got, status)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// axeViolation is what axe-core reports for one rule.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// check checks the status, runs axe-core on the page in the tab (when its gate
// runs) and keeps the HTML as served.
func (g *gate) check(route, name string, got, want int64) {
	g.t.Helper()
	g.routes[route] = true
	g.pages++
	where := fmt.Sprintf("%s in %s (%s)", name, g.lang, g.location())
	if got != want {
		g.failf("%s: status %d, want %d", where, got, want)
	}
	ctx, cancel := context.WithTimeout(g.ctx, 2*actionTimeout)
	defer cancel()
	if g.axe != "" {
		g.runAxe(ctx, where)
	}
	g.saveHTML(ctx, name, where)
}

// runAxe runs axe-core on the page in the tab.
func (g *gate) runAxe(ctx context.Context, where string) {
	g.t.Helper()
	// Evaluation over the DevTools protocol is not bound by the page's CSP.
	runAxe := fmt.Sprintf(`(async () => {
		if (typeof axe === "undefined") { %s }
		const r = await axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"], iframes: false});
		return r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			targets: v.nodes.map(n => n.target.flat().join(" "))}));
	})()`, g.axe, mustJSON(axeTags))
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
	if err != nil {
		g.t.Fatalf("axe-core on %s: %v", where, err)
	}
	for _, v := range found {
		g.failf("axe %s: %s [%s] %s — %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "))
	}
}

// selfTest proves that axe-core runs in the tab and reports what it finds:
// an image without a text alternative, added for a moment, must be caught.
func (g *gate) selfTest() {
	g.t.Helper()
	if g.axe == "" {
		return
	}
	ctx, cancel := context.WithTimeout(g.ctx, 2*actionTimeout)
	defer cancel()
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
		const probe = document.createElement("div");
		probe.innerHTML = '<img src="/favicon.ico">';
		document.body.append(probe);
		const r = await axe.run(probe, {runOnly: {type: "tag", values: ["wcag2a"]}});
		probe.remove();
		return r.violations.map(v => v.id);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || !slices.Contains(ids, "image-alt") {
		g.t.Fatalf("axe-core did not catch an image without alt text (found %v, %v)", ids, err)
	}
}

func (g *gate) location() string {
	ctx, cancel := context.WithTimeout(g.ctx, actionTimeout)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search`))
	if err != nil {
		g.t.Fatal(err)
	}
	return loc
}

var fileSafe = regexp.MustCompile(`[^a-z0-9-]+`)

func (g *gate) saveHTML(ctx context.Context, name, where string) {
	g.t.Helper()
	g.mu.Lock()
	id := g.lastDoc
	g.mu.Unlock()
	body, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id})
	if err != nil {
		g.t.Fatalf("the HTML of %s: %v", where, err)
	}
	file := fmt.Sprintf("%04d-%s-%s.html", g.pages, g.lang, strings.Trim(fileSafe.ReplaceAllString(strings.ToLower(name), "-"), "-"))
	if err := os.WriteFile(filepath.Join(g.dir, file), body.Body, 0o644); err != nil {
		g.t.Fatal(err)
	}
	g.files[file] = where
}

func (g *gate) failf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); !slices.Contains(g.failures, msg) {
		g.failures = append(g.failures, msg)
	}
}

// logIn signs in through the form, after dropping whoever was signed in.
func (g *gate) logIn(email string) {
	g.t.Helper()
	g.logOut()
	g.load("open /login", chromedp.Navigate(g.site.app.cfg.BaseURL+"/login"))
	g.send("/login", "/login", map[string]string{"email": email, "password": demo.Password}, "log in as "+email, 200)
	if loc := g.location(); loc == "/login" {
		g.t.Fatalf("log-in as %s stayed on the log-in page", email)
	}
}

func (g *gate) logOut() {
	g.t.Helper()
	if _, err := chromedp.Call(g.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		g.t.Fatal(err)
	}
	g.setLang(g.lang)
}

// setLang reads the site in a language from now on, as a visitor who chose
// it with the header's switch.
func (g *gate) setLang(code string) {
	g.t.Helper()
	g.lang = code
	if code == "" {
		return
	}
	if _, err := chromedp.Call(g.ctx, network.SetCookie, network.SetCookieParams{Name: langCookie, Value: code, URL: g.site.app.cfg.BaseURL + "/"}); err != nil {
		g.t.Fatal(err)
	}
}

// readmeScreenshots keeps the top of each page as a visitor sees it on a
// phone (390 px) and on a desktop (1280 px), for the README. A relative dir
// is taken from the top of the repository.
func (g *gate) readmeScreenshots(dir string, pages map[string]string) {
	g.t.Helper()
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		g.t.Fatal(err)
	}
	g.logOut()
	for _, screen := range []struct {
		name          string
		width, height int64
		opts          []chromedp.EmulateViewportOption
	}{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch}},
		{"desktop", 1280, 800, nil},
	} {
		g.do("set the viewport", chromedp.EmulateViewport(screen.width, screen.height, screen.opts...))
		for name, path := range pages {
			g.load("open "+path, chromedp.Navigate(g.site.app.cfg.BaseURL+path))
			ctx, cancel := context.WithTimeout(g.ctx, actionTimeout)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			cancel()
			if err != nil {
				g.t.Fatal(err)
			}
			file := filepath.Join(dir, name+"-"+screen.name+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				g.t.Fatal(err)
			}
			g.t.Logf("%s: %d KB", file, len(png)/1024)
		}
	}
	g.do("set the viewport", chromedp.EmulateViewport(1280, 900))
}

// demoIDs are the records of the demo that the walk opens.
type demoIDs struct {
	petitions map[petitions.Status]petitions.Petition
	meeting   uint // open for booking
	finished  uint // with published results
	opinion   uint
	unsub     string
	resident  uint
}

func findDemo(t *testing.T, s *testSite) demoIDs {
	t.Helper()
	d := demoIDs{petitions: map[petitions.Status]petitions.Petition{}}
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusOpen, petitions.StatusAwaitingAnswer,
		petitions.StatusAnswered, petitions.StatusLapsed, petitions.StatusExpired, petitions.StatusDeptAnswered, petitions.StatusHidden} {
		var p petitions.Petition
		if err := s.db.Preload("Author").Where("status = ?", st).Order("support_count DESC, id").First(&p).Error; err != nil {
			t.Fatalf("no demo petition %s: %v", st, err)
		}
		d.petitions[st] = p
	}
	row := func(dst any, q string, args ...any) {
		t.Helper()
		if err := s.db.Raw(q, args...).Row().Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	row(&d.meeting, `SELECT id FROM meetings WHERE booking_enabled AND published_at IS NOT NULL AND cancelled_at IS NULL
		AND results_at IS NULL AND starts_at > ? AND booked_count < capacity ORDER BY booked_count DESC LIMIT 1`, time.Now().UTC())
	row(&d.finished, `SELECT id FROM meetings WHERE results_at IS NOT NULL ORDER BY id LIMIT 1`)
	row(&d.opinion, `SELECT id FROM opinions ORDER BY id LIMIT 1`)
	row(&d.resident, `SELECT id FROM users WHERE email = 'resident@ydp1.kr'`)
	row(&d.unsub, `SELECT unsubscribe_token FROM users WHERE id = ?`, d.resident)
	return d
}

// notHTML tells the routes that serve data rather than pages.
func notHTML(path string) bool {
	for _, ext := range []string{".json", ".ics", ".atom", ".csv", ".png", ".zip"} {
		if strings.HasSuffix(path, ext) {
			return true
		}
	}
	return path == "/healthz" || strings.HasPrefix(path, "/api/v1/") || strings.HasPrefix(path, "/static/")
}

// deskSpecial are the desk pages only some staff may open: a query for the
// page's address and one for an account (with the demo password) that may.
var deskSpecial = map[string]struct{ path, viewer string }{
	"/admin/ideas/rounds/:id/ideas/:idea": { // the round's members score its ideas
		path: `SELECT '/admin/ideas/rounds/' || ri.round_id || '/ideas/' || ri.idea_id FROM round_ideas ri
			WHERE EXISTS (SELECT 1 FROM round_members rm WHERE rm.round_id = ri.round_id) ORDER BY ri.round_id, ri.idea_id LIMIT 1`,
		viewer: `SELECT u.email FROM round_members rm JOIN users u ON u.id = rm.user_id
			WHERE rm.round_id = (SELECT MIN(ri.round_id) FROM round_ideas ri JOIN round_members m ON m.round_id = ri.round_id) ORDER BY u.id LIMIT 1`,
	},
}

// deskTables names the table of a path segment whose name is not the table's.
var deskTables = map[string]string{"teams": "bureaus", "rounds": "review_rounds"}

// deskPath fills each parameter of a desk route with a record of the table
// named before it (/admin/meetings/:id → meetings), preferring the records in
// prefer.
func deskPath(s *testSite, route string, prefer map[string]uint) (string, error) {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") && !strings.HasPrefix(p, "*") {
			continue
		}
		table := parts[i-1]
		if t, ok := deskTables[table]; ok {
			table = t
		}
		if !strings.HasPrefix(p, ":") || !regexp.MustCompile(`^[a-z_]+$`).MatchString(table) {
			return "", fmt.Errorf("the desk route %s has a parameter %s the walk cannot fill; teach deskPath about it", route, p)
		}
		id, ok := prefer[table]
		if !ok {
			if err := s.db.Raw("SELECT COALESCE(MIN(id), 0) FROM " + table).Row().Scan(&id); err != nil || id == 0 {
				return "", fmt.Errorf("the desk route %s needs a record in the table %s in the demo content (%v)", route, table, err)
			}
		}
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, "/"), nil
}

func TestA11y(t *testing.T) {
	started := time.Now()
	chromium := findChromium()
	axeJS := ciTool("AXE_JS", filepath.Join("axe-core", "axe.min.js"), "axe-core")
	vnuJar := ciTool("VNU_JAR", filepath.Join("vnu-jar", "build", "dist", "vnu.jar"), "vnu.jar")
	java := findJava()
	// each gate runs when its own tools are there; the walk serves both
	axeSkip := axeGate.unmet(t, axeJS, chromium, koreanFont())
	htmlSkip := htmlGate.unmet(t, java, vnuJar, chromium)
	switch {
	case t.Failed():
		t.FailNow()
	case axeSkip != "" && htmlSkip != "":
		t.Skip(axeSkip + "\n" + htmlSkip)
	case axeSkip != "":
		t.Log(axeSkip)
	case htmlSkip != "":
		t.Log(htmlSkip)
	}
	var axe []byte
	if axeSkip == "" {
		var err error
		if axe, err = os.ReadFile(axeJS.path); err != nil {
			t.Fatal(err)
		}
	}

	s := newTestSite(t, models.DefaultSettings)
	if _, err := demo.Seed(s.db, time.Now()); err != nil {
		t.Fatal(err)
	}
	// the demo has no 부서답변 yet: one of its expired petitions gets one
	var expired uint
	if err := s.db.Raw(`SELECT id FROM petitions WHERE status = 'expired' ORDER BY id LIMIT 1`).Row().Scan(&expired); err != nil {
		t.Fatal(err)
	}
	staffHTTP := s.logIn("staff@ydp1.kr", demo.Password)
	staffHTTP.submit(fmt.Sprintf("/petitions/%d", expired), fmt.Sprintf("/admin/petitions/%d/dept-answer", expired), url.Values{
		"department": {"교통행정과"}, "dept_body": {"현장을 확인했고, 내년 예산에 반영해 검토하겠습니다."}}).has(t, "부서답변을 저장했습니다")
	d := findDemo(t, s)
	t.Logf("demo content seeded in %s", time.Since(started).Round(time.Millisecond))

	// a mail, a reset link and a verification link, as people get them
	anonHTTP := s.browser()
	anonHTTP.submit("/password/forgot", "/password/forgot", url.Values{"email": {"resident@ydp1.kr"}}).is(t, 200)
	mails, err := models.MailsTo(s.db, "resident@ydp1.kr")
	if err != nil || len(mails) == 0 {
		t.Fatalf("no reset mail (%v)", err)
	}
	reset := resetLink.FindStringSubmatch(mails[0].Text)
	if reset == nil {
		t.Fatalf("no reset link in %q", mails[0].Text)
	}
	anonHTTP.submit("/signup", "/signup", url.Values{"email": {"newcomer@example.com"}, "password": {"비밀번호pass123"},
		"password_confirm": {"비밀번호pass123"}, "name": {"박새봄"}, "dong": {"도림동"}, "consent": {"yes"}}).is(t, 200)
	verify := s.mailedLink("newcomer@example.com")

	// every page in every language: one walk in each, side by side, each in
	// a Chromium of its own that chose its language with the cookie
	dir := t.TempDir()
	var mu sync.Mutex
	var walked []*gate
	t.Run("walk", func(t *testing.T) {
		for _, code := range []string{"ko", "en", "zh"} {
			t.Run(code, func(t *testing.T) {
				t.Parallel()
				passStarted := time.Now()
				g := newGate(t, s, string(axe))
				g.dir = dir // the Nu HTML Checker reads every language's pages after the walks
				g.setLang(code)
				g.walk(s, d, reset[1], verify)
				if dir := os.Getenv("README_SCREENSHOTS"); dir != "" && code == "ko" {
					g.readmeScreenshots(dir, map[string]string{"home": "/", "answered": fmt.Sprintf("/petitions/%d", d.petitions[petitions.StatusAnswered].ID)})
				}
				t.Logf("%d pages in %s in %s", g.pages, code, time.Since(passStarted).Round(time.Millisecond))
				g.report()
				mu.Lock()
				walked = append(walked, g)
				mu.Unlock()
			})
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	pages, where := 0, map[string]string{}
	for _, g := range walked {
		pages += g.pages
		maps.Copy(where, g.files)
	}
	if htmlSkip != "" {
		t.Logf("%d pages checked by axe-core %s in %s", pages, strings.Join(axeTags, ","), time.Since(started).Round(time.Millisecond))
		return
	}
	// the Nu HTML Checker, once over every page: it is slow to start
	files := make([]string, 0, len(where))
	for f := range where {
		files = append(files, filepath.Join(dir, f))
	}
	slices.Sort(files)
	vnuStart := time.Now()
	out, err := exec.Command(java.path, append([]string{"-jar", vnuJar.path, "--errors-only", "--format", "gnu"}, files...)...).CombinedOutput()
	if err != nil && len(out) == 0 {
		t.Fatalf("Nu HTML Checker: %v", err)
	}
	var problems []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		for f, w := range where {
			if strings.Contains(line, f) {
				line = strings.Replace(line, filepath.Join(dir, f), w, 1)
			}
		}
		if line = "HTML " + line; !slices.Contains(problems, line) {
			problems = append(problems, line)
		}
	}
	checked := "axe-core " + strings.Join(axeTags, ",") + " and the Nu HTML Checker"
	if axeSkip != "" {
		checked = "the Nu HTML Checker"
	}
	t.Logf("%d pages checked by %s (%s) in %s", pages, checked, time.Since(vnuStart).Round(time.Millisecond), time.Since(started).Round(time.Millisecond))
	if len(problems) > 0 {
		t.Errorf("%d problems:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

func (g *gate) report() {
	g.t.Helper()
	if len(g.failures) > 0 {
		g.t.Errorf("%d problems:\n%s", len(g.failures), strings.Join(g.failures, "\n"))
	}
}

// walk opens every kind of page the site serves, as anyone, a resident, the
// authors, staff and admins, in the gate's language.
func (g *gate) walk(s *testSite, d demoIDs, reset, verify string) {
	t := g.t
	t.Helper()
	base := s.app.cfg.BaseURL
	pet := func(st petitions.Status) string { return fmt.Sprintf("/petitions/%d", d.petitions[st].ID) }
	share := func(st petitions.Status) string {
		return pet(st) + "?share=" + d.petitions[st].ShareToken
	}

	// anyone
	g.visit("/", "/", "home", 200)
	g.selfTest()
	g.visit("/petitions", "/petitions", "petition list", 200)
	g.visit("/petitions", "/petitions?status=answered&sort=support", "petition list answered", 200)
	g.visit("/petitions/:id", share(petitions.StatusPreconsent), "사전동의 share link", 200)
	for _, st := range []petitions.Status{petitions.StatusOpen, petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusDeptAnswered} {
		g.visit("/petitions/:id", pet(st), "petition "+string(st), 200)
	}
	g.visit("/meetings", "/meetings", "meetings", 200)
	g.visit("/meetings/:id", fmt.Sprintf("/meetings/%d", d.meeting), "meeting open", 200)
	g.visit("/meetings/:id", fmt.Sprintf("/meetings/%d", d.finished), "meeting results", 200)
	var openDelib, closedDelib, statement uint
	if err := s.db.Raw(`SELECT id FROM deliberations WHERE status = 'open' ORDER BY id LIMIT 1`).Row().Scan(&openDelib); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Raw(`SELECT id FROM deliberations WHERE status = 'closed' ORDER BY id LIMIT 1`).Row().Scan(&closedDelib); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Raw(`SELECT id FROM deliberation_statements WHERE deliberation_id = ? AND status = 'shown' ORDER BY id LIMIT 1`, openDelib).Row().Scan(&statement); err != nil {
		t.Fatal(err)
	}
	g.visit("/deliberations", "/deliberations", "deliberations", 200)
	g.visit("/deliberations/:id", fmt.Sprintf("/deliberations/%d", openDelib), "deliberation open", 200)
	g.visit("/deliberations/:id", fmt.Sprintf("/deliberations/%d", closedDelib), "deliberation closed", 200)
	g.visit("/deliberations/:id/results", fmt.Sprintf("/deliberations/%d/results", openDelib), "deliberation map", 200)
	g.visit("/deliberations/:id/results", fmt.Sprintf("/deliberations/%d/results", closedDelib), "deliberation results", 200)
	g.visit("/opinions", "/opinions", "opinions", 200)
	g.visit("/opinions/:id", fmt.Sprintf("/opinions/%d", d.opinion), "opinion", 200)
	g.visit("/stats", "/stats", "stats", 200)
	g.visit("/signup", "/signup", "signup", 200)
	g.send("/signup", "/signup", map[string]string{"email": "kim@example", "password": "짧음", "password_confirm": "다름", "name": ""}, "signup errors", 422)
	g.visit("/login", "/login", "login", 200)
	g.send("/login", "/login", map[string]string{"email": "resident@ydp1.kr", "password": "wrong-password"}, "login errors", 422)
	g.visit("/password/forgot", "/password/forgot", "password forgot", 200)
	g.send("/password/forgot", "/password/forgot", map[string]string{"email": ""}, "password forgot errors", 422)
	g.visit("/password/reset", reset, "password reset", 200)
	g.send("/password/reset", "/password/reset", map[string]string{"password": "newpass123", "password_confirm": "newpass124"}, "password reset errors", 422)
	g.visit("/verify", verify, "verify", 200)
	g.visit("/unsubscribe/:token", "/unsubscribe/"+d.unsub, "unsubscribe", 200)
	g.visit("", "/no-such-page", "not found", 404)

	// a resident
	g.logIn("resident@ydp1.kr")
	g.visit("/me", "/me", "me", 200)
	g.send("/me", "/me/password#password-change", map[string]string{"current_password": "wrong-password", "password": "짧음", "password_confirm": "다름"}, "me password errors", 422)
	g.visit("/me/delete", "/me/delete", "me delete", 200)
	g.visit("/petitions/new", "/petitions/new", "petition form", 200)
	g.send("/petitions/preview", "/petitions/preview", map[string]string{"title": "", "body": "짧음"}, "petition form errors", 422)
	g.send("/petitions/preview", "/petitions/preview", map[string]string{"title": "신길동 어린이공원에 그늘막을 설치해 주세요", "category": "도시",
		"body": "여름이면 어린이공원 놀이터가 너무 뜨거워 아이들이 놀 수 없습니다. 그늘막을 설치해 주세요."}, "petition preview", 200)
	var unsupported uint
	if err := s.db.Raw(`SELECT id FROM petitions WHERE status = 'open' AND author_id <> ? AND id NOT IN (SELECT petition_id FROM supports WHERE user_id = ?) ORDER BY id LIMIT 1`,
		d.resident, d.resident).Row().Scan(&unsupported); err != nil {
		t.Fatal(err)
	}
	g.visit("/petitions/:id", fmt.Sprintf("/petitions/%d", unsupported), "petition to support", 200)
	g.send("/petitions/:id", fmt.Sprintf("/petitions/%d/support", unsupported), map[string]string{"comment": strings.Repeat("가", 201)}, "support comment errors", 422)
	g.visit("/petitions/:id/report", fmt.Sprintf("/petitions/%d/report", unsupported), "report form", 200)
	g.send("/petitions/:id/report", fmt.Sprintf("/petitions/%d/report", unsupported), map[string]string{}, "report form errors", 422)
	g.visit("/meetings/:id", fmt.Sprintf("/meetings/%d", d.meeting), "meeting as resident", 200)
	g.send("/meetings/:id", fmt.Sprintf("/meetings/%d/book", d.meeting), map[string]string{"question": strings.Repeat("질문", 251)}, "booking errors", 422)
	g.visit("/deliberations/:id", fmt.Sprintf("/deliberations/%d", openDelib), "deliberation as resident", 200)
	g.send("/deliberations/:id", fmt.Sprintf("/deliberations/%d/statements", openDelib), map[string]string{"body": strings.Repeat("가", 141)}, "statement errors", 422)
	g.visit("/deliberations/:id/results", fmt.Sprintf("/deliberations/%d/results", openDelib), "deliberation map as resident", 200)
	report := fmt.Sprintf("/deliberations/%d/statements/%d/report", openDelib, statement)
	g.visit("/deliberations/:id/statements/:statement/report", report, "statement report form", 200)
	g.send("/deliberations/:id/statements/:statement/report", report, map[string]string{}, "statement report errors", 422)
	for _, st := range []petitions.Status{petitions.StatusReview, petitions.StatusLapsed, petitions.StatusHidden} {
		g.logIn(d.petitions[st].Author.Email)
		g.visit("/petitions/:id", pet(st), "petition "+string(st)+" as author", 200)
	}

	// staff and admins: every page of the desk
	e := s.srv.Config.Handler.(*echo.Echo)
	var desk []string
	for _, r := range e.Routes() {
		if r.Method == "GET" && (r.Path == "/admin" || strings.HasPrefix(r.Path, "/admin/")) && !notHTML(r.Path) {
			desk = append(desk, r.Path)
		}
	}
	slices.Sort(desk)
	prefer := map[string]uint{"users": d.resident, "meetings": d.finished, "petitions": d.petitions[petitions.StatusOpen].ID}
	opened := map[string]bool{}
	deskVisit := func(who, route, path string) {
		ctx, cancel := context.WithTimeout(g.ctx, actionTimeout)
		res, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
		cancel()
		if err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		want := res.Status
		if want != 403 { // a page may be for admins or for some staff only: its refusal is checked too
			want = 200
		}
		opened[route] = opened[route] || res.Status == 200
		g.check(route, who+" "+route, res.Status, want)
	}
	for _, who := range []string{"staff@ydp1.kr", "admin@ydp1.kr"} {
		g.logIn(who)
		for _, route := range desk {
			if sp, ok := deskSpecial[route]; ok {
				var path string
				if err := s.db.Raw(sp.path).Row().Scan(&path); err != nil {
					t.Fatalf("%s: %v", sp.path, err)
				}
				deskVisit(who, route, path)
				continue
			}
			path, err := deskPath(s, route, prefer)
			if err != nil {
				g.routes[route] = true // reported here, not again below
				opened[route] = true
				g.failf("%s", err)
				continue
			}
			deskVisit(who, route, path)
		}
		for _, st := range []petitions.Status{petitions.StatusReview, petitions.StatusAwaitingAnswer, petitions.StatusExpired, petitions.StatusHidden} {
			g.visit("/petitions/:id", pet(st), who+" petition "+string(st), 200)
		}
	}
	// pages for some staff only, opened by one of them
	for _, route := range desk {
		sp, ok := deskSpecial[route]
		if opened[route] {
			continue
		}
		if !ok {
			g.failf("neither staff nor an admin may open %s: add it to deskSpecial with someone who may", route)
			continue
		}
		var path, who string
		if err := s.db.Raw(sp.path).Row().Scan(&path); err != nil {
			t.Fatalf("%s: %v", sp.path, err)
		}
		if err := s.db.Raw(sp.viewer).Row().Scan(&who); err != nil {
			t.Fatalf("%s: %v", sp.viewer, err)
		}
		g.logIn(who)
		g.visit(route, path, who+" "+route, 200)
	}
	g.logIn("staff@ydp1.kr")
	g.visit("/petitions/:id", pet(petitions.StatusAwaitingAnswer), "answer form", 200)
	g.send("/petitions/:id", "/admin"+pet(petitions.StatusAwaitingAnswer)+"/answer", map[string]string{"body": "", "video_url": "영상"}, "answer form errors", 422)
	g.logIn("admin@ydp1.kr")
	g.visit("/admin/settings", "/admin/settings", "settings", 200)
	g.send("/admin/settings", "/admin/settings", map[string]string{"petition_threshold": "천 명"}, "settings errors", 422)
	for _, form := range []struct{ page, action string }{
		{"/admin/meetings/new", "/admin/meetings"}, {"/admin/opinions/new", "/admin/opinions"}, {"/admin/users/new", "/admin/users"},
		{"/admin/deliberations/new", "/admin/deliberations"},
	} {
		g.visit(form.page, form.page, form.page, 200)
		g.send(form.page, form.action, map[string]string{}, form.page+" errors", 422)
	}

	// the language switch leads back to the page in the chosen language: the
	// home page in English and in Chinese, then the walk's language again
	switches := []string{g.lang}
	if g.lang == "ko" {
		switches = []string{"en", "zh", "ko"}
	}
	for _, code := range switches {
		g.visit("/language/:code", "/language/"+code, "home in "+code, 200)
	}

	// every page of the site is seen: a new one without parameters is opened
	// here by a visitor; one with parameters must be added to the walk above
	g.logOut()
	for _, r := range e.Routes() {
		switch {
		case r.Method != "GET" || notHTML(r.Path) || g.routes[r.Path]:
		case strings.ContainsAny(r.Path, ":*"):
			g.failf("the walk never opened %s: add it to TestA11y", r.Path)
		default:
			g.visit(r.Path, r.Path, r.Path, 200)
		}
	}
}
