package app

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// csrfExempt lists the state-changing routes that may be posted without a
// CSRF token, each with the reason. Anything else must be refused.
var csrfExempt = map[string]string{
	"POST /unsubscribe/:token": "RFC 8058 one-click unsubscribe: mail clients post here with no page and no cookie; " +
		"the secret token in the address is the proof, and the only effect is turning mails off",
}

// TestEveryStateChangingRouteNeedsCSRF posts to every route that changes
// state from a logged-in admin who holds a CSRF cookie but sends no token, or
// a wrong one: each must be refused and the database left as it was, so a
// new route (or a widened skipper) cannot forget CSRF.
func TestEveryStateChangingRouteNeedsCSRF(t *testing.T) {
	d := newDeskSite(t)
	now := time.Now().UTC()
	staff := d.staffUser(t)
	m, err := meetings.CreateMeeting(d.db, staff.ID, meetings.Input{Kind: meetings.KindTownHall, Title: "당산권역 타운홀미팅",
		Place: "당산1동 주민센터", StartsAt: meetings.FormTime(ptrTime(now.Add(72 * time.Hour))),
		EndsAt: meetings.FormTime(ptrTime(now.Add(74 * time.Hour)))}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := meetings.RecordOpinion(d.db, staff.ID, meetings.OpinionInput{Body: "경로당 난방비 지원을 늘려 주세요.", Category: "도시",
		Source: "찾아가는 영등포1번가", HeardOn: now.In(models.Seoul).Format("2006-01-02")}, now); err != nil {
		t.Fatal(err)
	}
	var author models.User
	d.db.Take(&author, d.author.ID)
	ids := map[string]string{"/admin/users/": strconv.Itoa(int(d.author.ID)), "/admin/meetings/": strconv.Itoa(int(m.ID)),
		"/meetings/": strconv.Itoa(int(m.ID)), "/admin/opinions/": "1", "/admin/mails/": "1"}
	fill := func(path string) string {
		id := strconv.Itoa(int(d.open.ID))
		for prefix, v := range ids {
			if strings.HasPrefix(path, prefix) {
				id = v
			}
		}
		return strings.NewReplacer(":id", id, ":type", petitions.TargetComment, ":token", author.UnsubscribeToken).Replace(path)
	}
	jarURL, _ := url.Parse(d.srv.URL)
	hasCookie := false
	for _, c := range d.admin.client.Jar.Cookies(jarURL) {
		hasCookie = hasCookie || c.Name == "_csrf"
	}
	if !hasCookie {
		t.Fatal("the logged-in admin holds no CSRF cookie; the test would prove nothing")
	}

	var open petitions.Petition
	d.db.Take(&open, d.open.ID)
	before := dbDigest(t, d.db)
	seen := map[string]bool{}
	n := 0
	for _, rt := range d.app.Handler().Routes() {
		switch rt.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, "echo_route_not_found": // the last: a group's 404 catch-all
			continue
		}
		key := rt.Method + " " + rt.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, ok := csrfExempt[key]; ok {
			continue
		}
		n++
		path := fill(rt.Path)
		for _, tc := range []struct {
			name   string
			form   url.Values
			header string
		}{
			{"no token", url.Values{"title": {"위조된 요청"}}, ""},
			{"wrong token", url.Values{"_csrf": {"forged-token-forged-token"}, "title": {"위조된 요청"}}, ""},
			{"wrong header", url.Values{"title": {"위조된 요청"}}, "forged-token-forged-token"},
		} {
			req, _ := http.NewRequest(rt.Method, d.srv.URL+path, strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.header != "" {
				req.Header.Set("X-CSRF-Token", tc.header)
			}
			r := d.admin.do(req)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, "보안 확인 시간이 지났습니다") {
				t.Errorf("%s %s with %s: status %d, want 403 보안 확인 시간이 지났습니다", rt.Method, path, tc.name, r.status)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d state-changing routes found", n)
	}
	for key := range csrfExempt {
		if !seen[key] {
			t.Errorf("exempt route %s no longer exists; drop it from csrfExempt", key)
		}
	}
	if after := dbDigest(t, d.db); after != before {
		t.Error("refused requests changed the database")
	}
	var p petitions.Petition
	d.db.Take(&p, d.open.ID)
	if p.SupportCount != open.SupportCount || p.Status != open.Status {
		t.Errorf("petition changed by refused requests: %d supports, %s (was %d, %s)", p.SupportCount, p.Status, open.SupportCount, open.Status)
	}
	var roles []string
	d.db.Model(&models.User{}).Order("id").Pluck("role", &roles)
	if strings.Join(roles, ",") != "staff,admin,resident" {
		t.Errorf("roles changed by refused requests: %v", roles)
	}

	// the exemption still works, without a token, for a mail client
	r := d.browser().post(fill("/unsubscribe/:token"), url.Values{"List-Unsubscribe": {"One-Click"}})
	r.is(t, http.StatusOK)
	r.has(t, "더 이상 보내지 않습니다")
}

func (d *deskSite) staffUser(t *testing.T) *models.User {
	t.Helper()
	var u models.User
	if err := d.db.Where("email = ?", "staff@ydp1.test").Take(&u).Error; err != nil {
		t.Fatal(err)
	}
	return &u
}

// dbDigest is every row of every table, to tell whether anything changed.
func dbDigest(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var tables []string
	db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").Scan(&tables)
	var b strings.Builder
	for _, name := range tables {
		rows, err := db.Raw(`SELECT * FROM "` + name + `"`).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %v\n", name, vals)
		}
		rows.Close()
	}
	return b.String()
}

// TestSecurityHeaders checks the headers on a page, the API, a static asset
// and an error page, over http and then over https.
func TestSecurityHeaders(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	b := s.browser()
	home := b.get("/")
	asset := regexp.MustCompile(`/static/[^"]+\.css`).FindString(home.body)
	if asset == "" {
		t.Fatal("no stylesheet on the home page")
	}
	for _, p := range []struct {
		path   string
		status int
	}{{"/", 200}, {"/petitions", 200}, {"/api/v1/petitions", 200}, {asset, 200}, {"/feeds/petitions.atom", 200}, {"/no-such-page", 404}} {
		r := b.get(p.path)
		if r.status != p.status {
			t.Errorf("%s: status %d, want %d", p.path, r.status, p.status)
		}
		checkSecurityHeaders(t, p.path, r.header)
		if hsts := r.header.Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("%s: HSTS %q on a site served over http", p.path, hsts)
		}
	}

	// the same site behind https: HSTS, and every cookie Secure
	cfg := s.app.cfg
	cfg.BaseURL = "https://ydp1.test"
	a, err := New(cfg, s.db, s.app.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	srv := httptest.NewTLSServer(a.Handler())
	t.Cleanup(srv.Close)
	if _, err := models.CreateVerifiedUser(s.db, "tls@example.com", "tlspass1234", "김보안", "여의동", models.RoleResident, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	client := srv.Client()
	client.Jar, _ = cookiejar.New(nil)
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tb := &browser{site: &testSite{t: t, app: a, db: s.db, srv: srv}, client: client}
	for _, path := range []string{"/", "/api/v1/petitions", asset} {
		r := tb.get(path)
		checkSecurityHeaders(t, "https "+path, r.header)
		if hsts := r.header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") || strings.Contains(hsts, "max-age=0") {
			t.Errorf("https %s: HSTS %q", path, hsts)
		}
	}
	r := tb.submit("/login", "/login", url.Values{"email": {"tls@example.com"}, "password": {"tlspass1234"}})
	r.is(t, http.StatusSeeOther)
	names := map[string]bool{}
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		names[c.Name] = true
		if !c.Secure || !c.HttpOnly {
			t.Errorf("https cookie %s: Secure=%v HttpOnly=%v", c.Name, c.Secure, c.HttpOnly)
		}
	}
	if !names[sessionName] {
		t.Errorf("log-in over https set no session cookie; got %v", names)
	}
	for _, c := range (&http.Response{Header: tb.get("/login").header}).Cookies() {
		if c.Name == "_csrf" && !c.Secure {
			t.Error("https CSRF cookie is not Secure")
		}
	}
}

func checkSecurityHeaders(t *testing.T, where string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	directives := map[string][]string{}
	for _, d := range strings.Split(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			directives[f[0]] = f[1:]
		}
	}
	if got := strings.Join(directives["script-src"], " "); got != "'self'" {
		t.Errorf("%s: CSP script-src %q, want 'self' (CSP %q)", where, got, csp)
	}
	if got := strings.Join(directives["frame-ancestors"], " "); got != "'none'" {
		t.Errorf("%s: CSP frame-ancestors %q, want 'none'", where, got)
	}
	if got := strings.Join(directives["object-src"], " "); got != "'none'" {
		t.Errorf("%s: CSP object-src %q, want 'none'", where, got)
	}
	if directives["default-src"] == nil {
		t.Errorf("%s: CSP has no default-src", where)
	}
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*;", "data: 'self'; script"} {
		if strings.Contains(csp, bad) {
			t.Errorf("%s: CSP allows %s: %q", where, bad, csp)
		}
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", where, got)
	}
	switch got := h.Get("Referrer-Policy"); got {
	case "strict-origin-when-cross-origin", "same-origin", "strict-origin", "no-referrer":
	default:
		t.Errorf("%s: Referrer-Policy %q", where, got)
	}
	if got := h.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("%s: X-Frame-Options %q", where, got)
	}
}

// xssPayloads are stored through every free-text field; none may ever reach
// a page as markup. Each fits the shortest field (답변자, 50 characters).
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`javascript:alert(1)`,
	`"><script>alert(1)</script>`,
	`'><script>alert(1)</script>`,
	`" onmouseover="alert(1)`,
	`' onfocus='alert(1)' autofocus='`,
	`</textarea><script>alert(1)</script>`,
	`</title><script>alert(1)</script>`,
	`</script><script>alert(1)</script>`,
	`</style><script>alert(1)</script>`,
	`{{.}}{{template "layout"}}`,
	`{{constructor.constructor('alert(1)')()}}`,
	"${alert(1)}`-alert(1)-`",
	`<iframe src="javascript:alert(1)">`,
	`<a href="javascript:alert(1)">눌러 주세요</a>`,
	`[x](javascript:alert(1))`,
	`[x](JaVaScRiPt:alert(1))`,
	`![x](x" onerror="alert(1))`,
	`<a href=&#106;avascript:alert(1)>x</a>`,
	`<details open ontoggle=alert(1)>`,
	`<body onload=alert(1)>`,
	`<input autofocus onfocus=alert(1)>`,
	`<math><mi xlink:href="javascript:alert(1)">x`,
	`<object data="javascript:alert(1)">`,
	`<meta http-equiv=refresh content=0;url=//e.x>`,
	`<base href="//evil.example/">`,
	`<form action=//evil.example><button>보내기`,
	`<style>*{display:none}</style>`,
	`<scr<script>ipt>alert(1)</script>`,
	`＜script＞alert(1)＜/script＞`,
	"<img src=\"x\u202e\" onerror=alert(1)>",
	`\u003cscript\u003ealert(1)\u003c/script\u003e`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<img src=x:alert(alt) onerror=eval(src) alt=0>`,
}

// TestXSSCorpusNeverExecutes stores every payload in every free-text field,
// then reads every page, feed and API answer that shows them: the payloads
// must come back as text, never as markup.
func TestXSSCorpusNeverExecutes(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 1, PreconsentGoal: 0, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	now := time.Now().UTC()
	today := now.In(models.Seoul).Format("2006-01-02")
	staff, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, now)
	if err != nil {
		t.Fatal(err)
	}
	n := len(xssPayloads)
	if n < 30 {
		t.Fatalf("only %d payloads", n)
	}
	// every field a payload goes through, and the pages that must show it as text
	type stored struct {
		petition, meeting, opinion uint
	}
	users := make([]*models.User, n)
	for i, p := range xssPayloads {
		if users[i], err = models.CreateVerifiedUser(s.db, fmt.Sprintf("xss%d@example.com", i), "xsspass1234", p, "문래동", models.RoleResident, now); err != nil {
			t.Fatalf("user named %q: %v", p, err)
		}
	}
	rows := make([]stored, n)
	for i, p := range xssPayloads {
		pet, err := petitions.FilePetition(s.db, users[i].ID, petitions.Input{Title: p, Category: "도시", Dong: "문래동",
			Body: p + "\n문래동 골목길 보행 안전 시설이 필요합니다."}, now)
		if err != nil {
			t.Fatalf("petition %q: %v", p, err)
		}
		if err := petitions.Publish(s.db, pet.ID, staff.ID, now); err != nil {
			t.Fatal(err)
		}
		rows[i].petition = pet.ID
	}
	for i, p := range xssPayloads {
		supporter := users[(i+1)%n] // nobody supports their own petition
		if _, err := petitions.SupportPetition(s.db, petitions.SupportInput{PetitionID: rows[i].petition, UserID: supporter.ID, Comment: p}, now); err != nil {
			t.Fatalf("support %q: %v", p, err)
		}
		if err := petitions.AnswerPetition(s.db, rows[i].petition, staff.ID, petitions.AnswerInput{Body: p, Answerer: p}, now); err != nil {
			t.Fatalf("answer %q: %v", p, err)
		}
		if err := petitions.AddProgress(s.db, rows[i].petition, staff.ID, petitions.ProgressInput{Kind: "기타", Body: p, Date: today}, now); err != nil {
			t.Fatalf("progress %q: %v", p, err)
		}
		m, err := meetings.CreateMeeting(s.db, staff.ID, meetings.Input{Kind: meetings.KindTownHall, Title: p, Intro: p,
			Agenda: "구청장 인사\n" + p, Place: "영등포구청 별관 강당", StartsAt: meetings.FormTime(ptrTime(now.Add(72 * time.Hour))),
			EndsAt: meetings.FormTime(ptrTime(now.Add(74 * time.Hour)))}, now)
		if err != nil {
			t.Fatalf("meeting %q: %v", p, err)
		}
		if err := meetings.PublishMeeting(s.db, m.ID, staff.ID, now); err != nil {
			t.Fatal(err)
		}
		o, err := meetings.RecordOpinion(s.db, staff.ID, meetings.OpinionInput{Body: p, Category: "도시", Dong: "문래동", Source: p, HeardOn: today}, now)
		if err != nil {
			t.Fatalf("opinion %q: %v", p, err)
		}
		rows[i].meeting, rows[i].opinion = m.ID, o.ID
	}

	anon := s.browser()
	desk := s.logIn("staff@ydp1.test", "staffpass123")
	resident := s.logIn("xss0@example.com", "xsspass1234")
	// read opens a page, checks that it is the page (its status and what it
	// shows) and then that no payload became markup on it
	read := func(b *browser, path string, shown ...string) {
		t.Helper()
		checkNoMarkup(t, path, b.get(path).rendered(t, http.StatusOK, shown...).r)
	}
	read(anon, "/", "<h1>구민의 목소리가 구정이 됩니다</h1>")
	read(anon, "/petitions", "<h1>영등포신문고</h1>")
	read(anon, "/petitions?page=2", "<h1>영등포신문고</h1>")
	read(anon, "/meetings", "<h1>타운홀미팅</h1>")
	read(anon, "/opinions", "<h1>현장 의견</h1>")
	read(anon, "/opinions?page=2", "<h1>현장 의견</h1>")
	read(anon, "/stats", "<h1>영등포신문고 통계</h1>")
	read(anon, "/feeds/petitions.atom", "<title>영등포신문고 새 청원</title>")
	read(anon, "/feeds/answers.atom", "<title>영등포신문고 구청장 답변</title>")
	read(anon, "/api/v1/petitions", `"items":[{"id":`)
	read(anon, "/api/v1/petitions?page=2", `"items":[{"id":`)
	read(anon, "/api/v1/meetings", `"items":[{"id":`)
	read(resident, "/me", xssPayloads[0], xssPayloads[n-1]) // the name and own petition, and the one supported
	for path, heading := range map[string]string{"/admin": "업무 데스크", "/admin/audit": "감사 기록", "/admin/opinions": "현장 의견",
		"/admin/meetings": "모임", "/admin/users": "회원", "/admin/mails": "메일 발송함"} {
		read(desk, path, "<h1>"+heading+"</h1>")
	}
	for i, p := range xssPayloads {
		pet, meet, op := strconv.Itoa(int(rows[i].petition)), strconv.Itoa(int(rows[i].meeting)), strconv.Itoa(int(rows[i].opinion))
		read(anon, "/petitions/"+pet, p) // title, body, comment, progress, answerer
		read(desk, "/petitions/"+pet, p)
		read(anon, "/api/v1/petitions/"+pet, `{"id":`+pet+`,`)
		read(anon, "/meetings/"+meet, p)
		read(anon, "/api/v1/meetings/"+meet, `{"id":`+meet+`,`)
		read(anon, "/opinions/"+op, p)
		read(desk, "/admin/opinions/"+op, p)
		read(desk, "/admin/meetings/"+meet+"/edit", p)
		read(desk, "/admin/users/"+strconv.Itoa(int(users[i].ID)), p)
	}
}

// rawMarkers are pieces of the payloads that only appear when a payload
// reached the page as markup.
var rawMarkers = []string{"<script>alert", "<SCRIPT SRC", "<svg onload", "<svg><script", "<img src=x", "<img src=\"x",
	"<details open", "<body onload", "<input autofocus", "<iframe src=", "<object data", "<base href", "<style>*", "<meta http-equiv=refresh",
	"href=\"javascript:", "href='javascript:", "src=\"javascript:", "data=\"javascript:", "xlink:href=\"javascript:"}

// checkNoMarkup reads a response as its client would and fails on anything
// a payload could have made executable.
func checkNoMarkup(t *testing.T, path string, r response) {
	t.Helper()
	ct := r.header.Get("Content-Type")
	for _, p := range xssPayloads {
		// JSON needs only < and > escaped (the encoder does so); quotes are its own syntax
		if strings.ContainsAny(p, `<>"'`) && !strings.HasPrefix(ct, "application/json") && strings.Contains(r.body, p) {
			t.Errorf("%s shows the payload %q unescaped", path, p)
		}
	}
	for _, m := range rawMarkers {
		if strings.Contains(r.body, m) {
			t.Errorf("%s contains %q", path, m)
		}
	}
	switch {
	case strings.HasPrefix(ct, "text/html"):
		checkHTML(t, path, r.body)
	case strings.HasPrefix(ct, "application/json"):
		if strings.ContainsAny(r.body, "<>") {
			t.Errorf("%s: JSON with unescaped < or >", path)
		}
		var v any
		if err := json.Unmarshal([]byte(r.body), &v); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		walkJSON(v, func(key, s string) {
			if strings.HasSuffix(key, "_html") {
				checkHTML(t, path+" "+key, s)
			}
		})
	case strings.Contains(ct, "xml"):
		var feed struct {
			Entries []struct {
				Title   atomText `xml:"title"`
				Summary atomText `xml:"summary"`
				Content atomText `xml:"content"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(r.body), &feed); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, e := range feed.Entries {
			for _, f := range []atomText{e.Title, e.Summary, e.Content} {
				if f.Type == "html" || f.Type == "xhtml" {
					checkHTML(t, path+" entry", f.Text)
				}
			}
		}
	default:
		t.Errorf("%s: unexpected Content-Type %q", path, ct)
	}
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

func walkJSON(v any, f func(key, s string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok {
				f(k, s)
			} else {
				walkJSON(x, f)
			}
		}
	case []any:
		for _, x := range v {
			walkJSON(x, f)
		}
	}
}

// checkHTML tokenises a page as a browser would and fails on any script,
// event handler, dangerous URL or element that only a payload could bring.
func checkHTML(t *testing.T, where, body string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(body))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if inScript && strings.TrimSpace(string(z.Text())) != "" {
				t.Errorf("%s: inline script %q", where, z.Text())
			}
		case html.EndTagToken:
			inScript = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Key] = a.Val
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler <%s %s=%q>", where, tok.Data, a.Key, a.Val)
				}
				switch a.Key {
				case "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc":
					if dangerousURL(a.Val) {
						t.Errorf("%s: <%s %s=%q>", where, tok.Data, a.Key, a.Val)
					}
				}
			}
			switch tok.Data {
			case "script":
				inScript = tt == html.StartTagToken
				if !strings.HasPrefix(attrs["src"], "/static/") {
					t.Errorf("%s: script not from /static/: %v", where, tok)
				}
			case "iframe":
				if !strings.HasPrefix(attrs["src"], "https://www.youtube-nocookie.com/embed/") {
					t.Errorf("%s: foreign iframe %v", where, tok)
				}
			case "object", "embed", "base", "math", "style", "form":
				if tok.Data == "form" && !strings.HasPrefix(attrs["action"], "/") {
					t.Errorf("%s: form posting to %q", where, attrs["action"])
				} else if tok.Data != "form" {
					t.Errorf("%s: <%s> on the page", where, tok.Data)
				}
			case "meta":
				if attrs["http-equiv"] != "" && !strings.EqualFold(attrs["http-equiv"], "content-type") {
					t.Errorf("%s: <meta http-equiv=%q>", where, attrs["http-equiv"])
				}
			}
		}
	}
}

func dangerousURL(u string) bool {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, strings.ToLower(u))
	return strings.HasPrefix(clean, "javascript:") || strings.HasPrefix(clean, "vbscript:") ||
		(strings.HasPrefix(clean, "data:") && !strings.HasPrefix(clean, "data:image/"))
}
