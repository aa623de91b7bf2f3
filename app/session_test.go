package app

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"ydp1/models"
)

// in checks that b's next request opens /me as the account named name.
func (b *browser) in(t *testing.T, name string) {
	t.Helper()
	r := b.get("/me")
	r.is(t, http.StatusOK)
	if r.url != "/me" {
		t.Fatalf("%s's session ended: /me led to %s", name, r.url)
	}
	r.has(t, "나의 영등포1번가", name+"님", `action="/logout"`)
}

// out checks that b's session has ended: its next request for /me goes to
// the log-in page, which says why, and nothing of the account shows.
func (b *browser) out(t *testing.T) {
	t.Helper()
	r := b.get("/me")
	if !strings.HasPrefix(r.url, "/login") {
		t.Fatalf("the session still opens the account: /me led to %s", r.url)
	}
	r.rendered(t, http.StatusOK, "이 기기의 로그인이 끝났습니다", `action="/login"`).lacks(t, `action="/logout"`)
}

// cookie is b's Cookie header, as someone who copied it from the browser
// would send it.
func (b *browser) cookie() string {
	u, _ := url.Parse(b.site.srv.URL)
	var parts []string
	for _, c := range b.client.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// replayRefused sends a copied Cookie header from a plain client, with no jar
// and no redirects followed, and checks that path does not open.
func (s *testSite) replayRefused(t *testing.T, cookie, path string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	req.Header.Set("Cookie", cookie)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("a copied cookie opened %s: %s, Location %q", path, res.Status, res.Header.Get("Location"))
	}
}

// two logs the account of email in a second time, as on another device.
func (s *peopleSite) two(email string) *browser { return s.logIn(email, peoplePassword) }

func TestPasswordChangeOnMeEndsTheOtherSessions(t *testing.T) {
	s := newPeopleSite(t, 3)
	here, there := s.resident, s.two("resident@example.com")
	copied := there.cookie()
	r := here.get("/me")
	r.has(t, "비밀번호 변경", "지금 쓰는 비밀번호", "새 비밀번호 확인", "다른 기기에서 모두 로그아웃", "마지막 로그인", "이전 로그인")

	// refused: every problem next to its field, no password kept, no session ended
	r = here.submit("/me", "/me/password", url.Values{"current_password": {"wrongpass9"}, "password": {"short"}, "password_confirm": {"shirt"}})
	r.rendered(t, http.StatusUnprocessableEntity, "입력한 내용을 확인해 주세요", "지금 쓰는 비밀번호가 맞지 않습니다", "비밀번호는 8자 이상이어야 합니다",
		"비밀번호가 서로 다릅니다", `href="#current_password"`, `aria-describedby="current_password-error"`,
		`aria-describedby="password-hint password-error"`, `aria-describedby="password_confirm-error"`, "나의 청원").
		lacks(t, "wrongpass9", "short", "shirt")
	here.submit("/me", "/me/password", url.Values{"current_password": {peoplePassword}, "password": {peoplePassword}, "password_confirm": {peoplePassword}}).
		has(t, "지금 쓰는 비밀번호와 다른 비밀번호를 입력해 주세요")
	there.in(t, "정하늘")

	r = here.submit("/me", "/me/password", url.Values{"current_password": {peoplePassword}, "password": {"새비밀번호2026"}, "password_confirm": {"새비밀번호2026"}})
	r.is(t, http.StatusOK)
	r.has(t, "비밀번호를 바꿨습니다. 다른 기기에서는 모두 로그아웃되었습니다.")
	here.in(t, "정하늘")
	there.out(t)
	s.replayRefused(t, copied, "/me")
	s.staff.in(t, "박담당") // another account's sessions go on

	mails, err := models.MailsTo(s.db, "resident@example.com")
	if err != nil || len(mails) != 1 || mails[0].Subject != "[영등포1번가] 비밀번호가 변경되었습니다" || !strings.Contains(mails[0].Text, "/password/forgot") {
		t.Errorf("notice mails = %+v (%v)", mails, err)
	}
	s.logIn("resident@example.com", "새비밀번호2026").in(t, "정하늘")
	s.browser().submit("/login", "/login", url.Values{"email": {"resident@example.com"}, "password": {peoplePassword}}).
		is(t, http.StatusUnprocessableEntity)
}

func TestPasswordChangeIsLimitedPerAddress(t *testing.T) {
	s := newPeopleSite(t, 3)
	s.app.cfg.RateLimits = true
	limited := httptest.NewServer(s.app.Handler())
	t.Cleanup(limited.Close)
	s.srv = limited
	b := s.two("resident@example.com")
	token := csrfInput.FindStringSubmatch(b.get("/me").body)[1]
	for i := range 21 {
		r := b.post("/me/password", url.Values{"_csrf": {token}, "current_password": {"wrongpass9"}, "password": {"newpass123"}, "password_confirm": {"newpass123"}})
		if i < 20 {
			r.is(t, http.StatusUnprocessableEntity)
		} else {
			r.is(t, http.StatusTooManyRequests)
			r.has(t, "요청이 너무 많습니다")
		}
	}
}

func TestPasswordResetByMailEndsEverySession(t *testing.T) {
	s := newPeopleSite(t, 3)
	phone, laptop := s.resident, s.two("resident@example.com")
	copied := phone.cookie()

	b := s.browser()
	b.submit("/password/forgot", "/password/forgot", url.Values{"email": {"resident@example.com"}}).has(t, "가입된 계정이 있으면")
	mails, _ := models.MailsTo(s.db, "resident@example.com")
	link := resetLink.FindStringSubmatch(mails[0].Text)[1]
	phone.in(t, "정하늘") // asking for a link ends nothing
	r := b.submit(link, "/password/reset", url.Values{"token": {strings.TrimPrefix(link, "/password/reset?token=")},
		"password": {"newpass123"}, "password_confirm": {"newpass123"}})
	r.has(t, "비밀번호를 바꿨습니다. 새 비밀번호로 로그인되었습니다.")

	// the browser that reset it is logged in afresh; every session from before has ended
	b.in(t, "정하늘")
	phone.out(t)
	laptop.out(t)
	s.replayRefused(t, copied, "/me")
	s.replayRefused(t, copied, "/petitions/new")
}

func TestLogOutElsewhere(t *testing.T) {
	s := newPeopleSite(t, 3)
	here, there, third := s.resident, s.two("resident@example.com"), s.two("resident@example.com")
	r := here.submit("/me", "/me/logout-others", url.Values{})
	r.is(t, http.StatusOK)
	r.has(t, "다른 기기에서 모두 로그아웃했습니다. 이 기기는 로그인한 채로 있습니다.")
	here.in(t, "정하늘")
	there.out(t)
	third.out(t)
	s.staff.in(t, "박담당")
	// the kept session acts as before
	here.submit(s.page(), s.page()+"/support", url.Values{}).has(t, "공감했습니다")
}

func TestDeactivationEndsSessionsAlsoAfterReactivation(t *testing.T) {
	s := newPeopleSite(t, 3)
	target := userPath(s.residentUser)
	phone, laptop := s.resident, s.two("resident@example.com")
	copied := phone.cookie()
	s.admin.submit(target, target+"/deactivate", url.Values{}).has(t, "계정 사용을 중지했습니다")
	phone.out(t)
	s.admin.submit(target, target+"/reactivate", url.Values{}).has(t, "계정을 다시 사용할 수 있게 했습니다")
	laptop.out(t)
	s.replayRefused(t, copied, "/me")
	s.logIn("resident@example.com", peoplePassword).in(t, "정하늘")
}

func TestDeletingTheAccountEndsItsSessions(t *testing.T) {
	s := newPeopleSite(t, 3)
	here, there := s.resident, s.two("resident@example.com")
	copied := there.cookie()
	here.submit("/me/delete", "/me/delete", url.Values{"password": {peoplePassword}}).has(t, "탈퇴했습니다")
	there.out(t)
	s.replayRefused(t, copied, "/me")
	s.replayRefused(t, here.cookie(), "/me")
}

// A role change ends the person's sessions: they log in again to act in the
// new role, and a session copied before a demotion opens nothing.
func TestRoleChangeEndsSessions(t *testing.T) {
	s := newPeopleSite(t, 3)
	target := userPath(s.staffUser)
	desk, phone := s.staff, s.two("staff@ydp1.test")
	desk.get("/admin").has(t, "검토 대기")
	copied := desk.cookie()

	s.admin.submit(target, target+"/role", url.Values{"role": {"resident"}}).has(t, "역할을 주민(으)로 바꿨습니다")
	r := desk.get("/admin")
	if !strings.HasPrefix(r.url, "/login") {
		t.Fatalf("a demoted staff member's session opened /admin (at %s)", r.url)
	}
	r.has(t, "이 기기의 로그인이 끝났습니다")
	phone.out(t)
	s.replayRefused(t, copied, "/admin")
	s.replayRefused(t, copied, "/admin/users")
	again := s.logIn("staff@ydp1.test", peoplePassword)
	again.get("/admin").is(t, http.StatusForbidden)
	s.admin.in(t, "최관리") // the admin who made the change stays in
}

// On several instances a session ended through one is refused by another as
// soon as that one reads the account again (within a second), and the
// session issued again after the change opens on both at once, also where
// the account read before the change is still kept.
func TestSessionsEndOnEveryInstance(t *testing.T) {
	s := newPeopleSite(t, 3)
	db2, err := models.Open(s.app.cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(db2) })
	kept, ok := db2.Config.Plugins["ydp1:accounts"].(interface{ SetTTL(time.Duration) })
	if !ok {
		t.Fatal("the second instance keeps no accounts")
	}
	kept.SetTTL(time.Hour) // the second instance's copy of the account stays as it was until the test lets it go
	app2, err := New(s.app.cfg, db2, s.app.log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app2.Close)
	srv2 := httptest.NewServer(app2.Handler())
	t.Cleanup(srv2.Close)
	second := &testSite{t: t, app: app2, db: db2, srv: srv2}

	here := s.resident
	there := second.browser()
	there.submit("/login", "/login", url.Values{"email": {"resident@example.com"}, "password": {peoplePassword}}).has(t, "로그아웃")
	there.in(t, "정하늘")
	moved := second.browser() // the first browser's cookie, sent to the second instance
	u, _ := url.Parse(srv2.URL)
	moved.client.Jar.SetCookies(u, here.client.Jar.Cookies(mustURL(t, s.srv.URL)))
	moved.in(t, "정하늘")

	here.submit("/me", "/me/logout-others", url.Values{}).has(t, "다른 기기에서 모두 로그아웃했습니다")
	there.in(t, "정하늘") // the second instance still holds the account as it was: the window the README names
	moved = second.browser()
	moved.client.Jar.SetCookies(u, here.client.Jar.Cookies(mustURL(t, s.srv.URL)))
	moved.in(t, "정하늘") // issued again under a generation the second instance has not read yet

	kept.SetTTL(0) // the second has passed
	there.out(t)
	moved.in(t, "정하늘")
	here.in(t, "정하늘")
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
