package app

import (
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/petitions"
)

// testSite is the real application on a real SQLite file behind a real HTTP server.
type testSite struct {
	t   *testing.T
	app *App
	db  *gorm.DB
	srv *httptest.Server
}

func newTestSite(t *testing.T, s models.Settings) *testSite {
	t.Helper()
	if s.DeptAnswerDays == 0 {
		s.DeptAnswerDays = models.DefaultSettings.DeptAnswerDays
	}
	if s.ReportLimit == 0 {
		s.ReportLimit = models.DefaultSettings.ReportLimit
	}
	dsn := testdb.DSN(t, "test.db")
	db, err := models.Open(dsn, petitions.IndexPending)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(db) })
	cfg := Config{
		Addr: "127.0.0.1:0", DatabaseURL: dsn, BaseURL: "http://ydp1.test",
		MailFrom: "영등포1번가 <no-reply@ydp1.test>", Petition: s,
		SessionSecret: "a test secret, the same for every instance of one site",
	}
	a, err := New(cfg, db, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &testSite{t: t, app: a, db: db, srv: srv}
}

// browser is one visitor with a cookie jar.
type browser struct {
	site   *testSite
	client *http.Client
}

func (s *testSite) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{site: s, client: &http.Client{Jar: jar}}
}

type response struct {
	status int
	body   string
	url    string
	header http.Header
}

func (b *browser) do(req *http.Request) response {
	b.site.t.Helper()
	res, err := b.client.Do(req)
	if err != nil {
		b.site.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: string(body), url: res.Request.URL.RequestURI(), header: res.Header}
}

func (b *browser) get(path string) response {
	req, _ := http.NewRequest(http.MethodGet, b.site.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	req, _ := http.NewRequest(http.MethodPost, b.site.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// submit opens page, takes the CSRF token from its forms as a browser would,
// and posts form to action.
func (b *browser) submit(page, action string, form url.Values) response {
	b.site.t.Helper()
	r := b.get(page)
	m := csrfInput.FindStringSubmatch(r.body)
	if m == nil {
		b.site.t.Fatalf("no CSRF token on %s (status %d)", page, r.status)
	}
	form.Set("_csrf", m[1])
	return b.post(action, form)
}

func (r response) has(t *testing.T, want ...string) {
	t.Helper()
	text := html.UnescapeString(r.body)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("page %s (status %d) lacks %q", r.url, r.status, w)
		}
	}
}

// rendered checks that r is the page expected, by its status and pieces
// that page shows, before the checks of what it lacks: a page that failed to
// render lacks everything.
func (r response) rendered(t *testing.T, status int, known ...string) renderedPage {
	t.Helper()
	if len(known) == 0 {
		t.Fatal("rendered needs a piece of the page to know it")
	}
	r.is(t, status)
	r.has(t, known...)
	return renderedPage{r}
}

// renderedPage is a response whose status and content were checked.
type renderedPage struct{ r response }

func (p renderedPage) lacks(t *testing.T, unwanted ...string) {
	t.Helper()
	text := html.UnescapeString(p.r.body)
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			t.Errorf("page %s shows %q", p.r.url, w)
		}
	}
}

func (r response) is(t *testing.T, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", r.url, r.status, status, excerpt(r.body))
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

var verifyLink = regexp.MustCompile(`http://ydp1\.test(/verify\?token=[a-z0-9]+)`)

// signUp registers through the form and verifies through the mailed link.
func (s *testSite) signUp(email, name, dong string) *browser {
	s.t.Helper()
	b := s.browser()
	r := b.submit("/signup", "/signup", url.Values{
		"email": {email}, "password": {"비밀번호pass123"}, "password_confirm": {"비밀번호pass123"},
		"name": {name}, "dong": {dong}, "consent": {"yes"},
	})
	r.is(s.t, http.StatusOK)
	r.has(s.t, "인증 메일을 보냈습니다", email)
	link := s.mailedLink(email)
	r = b.get(link)
	r.has(s.t, "이메일 인증")
	r = b.submit(link, "/verify", url.Values{"token": {strings.TrimPrefix(link, "/verify?token=")}})
	r.is(s.t, http.StatusOK)
	r.has(s.t, "이메일 인증이 끝났습니다")
	return b
}

func (s *testSite) mailedLink(email string) string {
	s.t.Helper()
	mails, err := models.MailsTo(s.db, email)
	if err != nil || len(mails) == 0 {
		s.t.Fatalf("no mail to %s (%v)", email, err)
	}
	m := verifyLink.FindStringSubmatch(mails[0].Text)
	if m == nil {
		s.t.Fatalf("mail to %s has no verification link:\n%s", email, mails[0].Text)
	}
	return m[1]
}

func (s *testSite) logIn(email, password string) *browser {
	s.t.Helper()
	b := s.browser()
	r := b.submit("/login", "/login", url.Values{"email": {email}, "password": {password}})
	r.is(s.t, http.StatusOK)
	r.has(s.t, "로그아웃")
	return b
}

var petitionURL = regexp.MustCompile(`^/petitions/(\d+)`)
var shareURL = regexp.MustCompile(`http://ydp1\.test(/petitions/\d+\?share=[a-z0-9]+)`)

func TestPetitionJourney(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 3, PreconsentGoal: 2, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	if _, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}

	// a resident signs up and files a petition
	alice := s.signUp("alice@example.com", "김영희", "문래동")
	r := alice.submit("/petitions/new", "/petitions", url.Values{"title": {""}, "category": {"도시"}, "body": {"짧음"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "입력한 내용을 확인해 주세요", "제목을 입력해 주세요.", "청원 내용을 20자 이상 써 주세요", `<option value="도시" selected>`)
	body := "문래동 창작촌 골목에 주차 공간이 부족해 주말마다 소방차 진입로가 막힙니다. 공영주차장을 늘려 주세요."
	r = alice.submit("/petitions/new", "/petitions", url.Values{"confirm": {"1"}, "title": {"문래동 창작촌 공영주차장 확충"}, "category": {"생활환경·교통안전"}, "dong": {"문래동"}, "body": {body}})
	r.is(t, http.StatusOK)
	r.has(t, "사전동의 중인 청원입니다", "문래동 창작촌 공영주차장 확충", "김*희")
	id := petitionURL.FindStringSubmatch(r.url)[1]
	share := shareURL.FindStringSubmatch(r.body)[1]

	// 사전동의: hidden from the public, reachable through the link
	anon := s.browser()
	anon.get("/petitions/"+id).is(t, http.StatusNotFound)
	anon.get("/api/v1/petitions/"+id).is(t, http.StatusNotFound)
	anon.get("/petitions").rendered(t, http.StatusOK, "<h1>영등포신문고</h1>").lacks(t, "문래동 창작촌 공영주차장 확충")
	anon.get(share).has(t, "로그인하고 공감하기")
	alice.submit(share, "/petitions/"+id+"/support", url.Values{"share": {strings.Split(share, "share=")[1]}}).
		has(t, "본인이 올린 청원에는 사전동의할 수 없습니다")

	bob := s.signUp("bob@example.com", "이철수", "당산1동")
	carol := s.signUp("carol@example.com", "남궁민수", "여의동")
	token := strings.Split(share, "share=")[1]
	bob.submit(share, "/petitions/"+id+"/support", url.Values{"share": {token}, "comment": {"꼭 필요합니다"}}).has(t, "공감했습니다")
	carol.submit(share, "/petitions/"+id+"/support", url.Values{"share": {token}}).has(t, "검토를 거쳐 공개됩니다")
	anon.get(share).has(t, "담당자가 검토하고 있습니다") // in review, the link still shows it, unlisted
	anon.get("/petitions/"+id).is(t, http.StatusNotFound)

	// staff publish it from the desk
	staff := s.logIn("staff@ydp1.test", "staffpass123")
	staff.get("/admin").has(t, "검토 대기", "문래동 창작촌 공영주차장 확충")
	r = staff.submit("/petitions/"+id, "/admin/petitions/"+id+"/publish", url.Values{})
	r.has(t, "청원을 공개했습니다", "진행중")

	// public now: listed, and supports count toward the threshold
	anon.get("/petitions").has(t, "문래동 창작촌 공영주차장 확충")
	anon.get("/petitions?q=창작촌").has(t, "문래동 창작촌 공영주차장 확충")
	anon.get("/petitions?q=어린이집").rendered(t, http.StatusOK, `value="어린이집"`).lacks(t, "문래동 창작촌 공영주차장 확충")
	bob.submit("/petitions/"+id, "/petitions/"+id+"/support", url.Values{}).has(t, "이미 이 청원에 공감하셨습니다")
	dave := s.signUp("dave@example.com", "홍길동", "신길1동")
	long := strings.Repeat("가", 201)
	r = dave.submit("/petitions/"+id, "/petitions/"+id+"/support", url.Values{"comment": {long}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "공감 한마디는 200자 이하로 적어 주세요", long)
	r = dave.submit("/petitions/"+id, "/petitions/"+id+"/support", url.Values{"comment": {"아이들 안전이 먼저입니다"}})
	r.has(t, "구청장이 답변합니다", "답변대기", "3명", "아이들 안전이 먼저입니다", "홍*동", "이*수")
	r = anon.get("/petitions/" + id)
	r.rendered(t, http.StatusOK, "홍*동", "이*수", "김*희", "신길1동").lacks(t, "홍길동", "dave@example.com", "이철수", "김영희", "alice@example.com")

	// staff answer with a video
	r = staff.submit("/petitions/"+id, "/admin/petitions/"+id+"/answer", url.Values{"body": {""}, "video_url": {"not a url"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "답변 내용을 입력해 주세요", "영상 주소는 https://로 시작하는")
	r = staff.submit("/petitions/"+id, "/admin/petitions/"+id+"/answer", url.Values{
		"body":      {"## 답변 요지\n\n문래동 공영주차장을 **2027년**까지 120면 늘리겠습니다.<script>alert(1)</script>"},
		"video_url": {"https://youtu.be/dQw4w9WgXcQ"}, "answerer": {"영등포구청장"},
	})
	r.rendered(t, http.StatusOK, "답변을 등록했습니다", "답변완료", "영등포구청장 답변", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "<strong>2027년</strong>").lacks(t, "<script>alert(1)</script>")

	// the API tells the same story
	var got apiPetition
	r = anon.get("/api/v1/petitions/" + id)
	r.is(t, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Status != "answered" || got.StatusLabel != "답변완료" || got.SupportCount != 3 || got.Threshold != 3 ||
		got.Answer == nil || got.Answer.VideoURL != "https://youtu.be/dQw4w9WgXcQ" || got.OpenedAt == nil || got.ClosesAt == nil {
		t.Errorf("API petition = %+v", got)
	}
	var list struct {
		Items []apiPetition `json:"items"`
		Total int           `json:"total"`
		Page  int           `json:"page"`
	}
	r = anon.get("/api/v1/petitions?status=answered")
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || list.Total != 1 || list.Page != 1 || len(list.Items) != 1 {
		t.Errorf("API list = %+v (%v)", list, err)
	}

	// 나의 청원 and 공감한 청원
	alice.get("/me").has(t, "나의 청원", "문래동 창작촌 공영주차장 확충", "답변완료")
	dave.get("/me").has(t, "공감한 청원", "문래동 창작촌 공영주차장 확충")
}

func TestSignUpErrorsKeepInput(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	b := s.browser()
	r := b.submit("/signup", "/signup", url.Values{
		"email": {"not-an-email"}, "password": {"short"}, "password_confirm": {"other"},
		"name": {"김영희"}, "dong": {"신길2동"},
	})
	r.rendered(t, http.StatusUnprocessableEntity, "이메일 형식이 올바르지 않습니다", "비밀번호는 8자 이상이어야 합니다", "비밀번호가 서로 다릅니다",
		"목록에 있는 행정동을 선택해 주세요", "개인정보 수집·이용에 동의해야", `value="not-an-email"`, `value="김영희"`).
		lacks(t, `value="short"`)
	var n int64
	s.db.Model(&models.User{}).Count(&n)
	if n != 0 {
		t.Errorf("%d accounts stored from a refused form", n)
	}
}

func TestUnverifiedCannotFileOrSupport(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	b := s.browser()
	b.submit("/signup", "/signup", url.Values{
		"email": {"new@example.com"}, "password": {"password123"}, "password_confirm": {"password123"},
		"name": {"최민준"}, "dong": {"대림2동"}, "consent": {"yes"},
	}).is(t, http.StatusOK)
	r := b.get("/petitions/new")
	r.has(t, "이메일 인증을 마친 뒤 청원할 수 있습니다")
	r = b.submit("/me", "/petitions", url.Values{"confirm": {"1"}, "title": {"제목"}, "category": {"도시"}, "body": {strings.Repeat("내용", 20)}})
	r.is(t, http.StatusForbidden)
	var n int64
	s.db.Model(&petitions.Petition{}).Count(&n)
	if n != 0 {
		t.Errorf("an unverified account filed %d petitions", n)
	}
}

func TestGuards(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	anon := s.browser()
	r := anon.get("/admin")
	if !strings.HasPrefix(r.url, "/login") {
		t.Errorf("anonymous /admin ended at %s", r.url)
	}
	anon.get("/me").has(t, "로그인")
	resident := s.signUp("res@example.com", "정하늘", "도림동")
	resident.get("/admin").is(t, http.StatusForbidden)
	r = resident.post("/admin/petitions/1/publish", url.Values{})
	r.is(t, http.StatusForbidden)
	r.has(t, "보안 확인 시간이 지났습니다") // refused already by CSRF
	r = resident.submit("/me", "/admin/petitions/1/publish", url.Values{})
	r.is(t, http.StatusForbidden)
	r.has(t, "접근 권한이 없습니다")
	r = anon.get("/no-such-page")
	r.is(t, http.StatusNotFound)
	r.has(t, "페이지를 찾을 수 없습니다", `lang="ko"`)
	anon.get("/petitions/abc").is(t, http.StatusNotFound)
	r = anon.get("/api/v1/petitions/999")
	r.is(t, http.StatusNotFound)
	if !strings.Contains(r.header.Get("Content-Type"), "application/json") {
		t.Errorf("API 404 is %s", r.header.Get("Content-Type"))
	}
	anon.get("/healthz").has(t, `"status":"ok"`)
}

func TestLoginLockout(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	s.signUp("lock@example.com", "한지민", "양평1동")
	b := s.browser()
	for i := 0; i < models.MaxFailedLogins-1; i++ {
		b.submit("/login", "/login", url.Values{"email": {"lock@example.com"}, "password": {"wrong123"}}).
			has(t, "이메일 또는 비밀번호가 맞지 않습니다", `value="lock@example.com"`)
	}
	b.submit("/login", "/login", url.Values{"email": {"lock@example.com"}, "password": {"wrong123"}}).has(t, "계정이 잠시 잠겼습니다")
	r := b.submit("/login", "/login", url.Values{"email": {"lock@example.com"}, "password": {"비밀번호pass123"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "계정이 잠시 잠겼습니다")
}

// An empty log-in form names the empty field and does not warn of a lock.
func TestLoginEmptyFields(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	s.signUp("empty@example.com", "한지민", "양평1동")
	b := s.browser()
	r := b.submit("/login", "/login", url.Values{"email": {""}, "password": {""}})
	r.rendered(t, http.StatusUnprocessableEntity, "이메일을 입력해 주세요", "비밀번호를 입력해 주세요").
		lacks(t, "맞지 않습니다", "잠깁니다", "잠겼습니다")
	for i := 0; i < models.MaxFailedLogins+1; i++ {
		b.submit("/login", "/login", url.Values{"email": {"empty@example.com"}, "password": {""}}).
			rendered(t, http.StatusUnprocessableEntity, "비밀번호를 입력해 주세요", `value="empty@example.com"`).lacks(t, "잠겼습니다", "이메일을 입력해 주세요")
	}
	// the empty tries counted for nothing: the right password still works
	r = b.submit("/login", "/login", url.Values{"email": {"empty@example.com"}, "password": {"비밀번호pass123"}})
	r.rendered(t, http.StatusOK, "한지민님")
}

func TestSessionCookieFlags(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	s.signUp("cookie@example.com", "오세훈", "여의동")
	b := s.browser()
	b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r := b.submit("/login", "/login", url.Values{"email": {"cookie@example.com"}, "password": {"비밀번호pass123"}})
	r.is(t, http.StatusSeeOther)
	cookies := (&http.Response{Header: r.header}).Cookies()
	names := map[string]bool{}
	for _, c := range cookies {
		names[c.Name] = true
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
			t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Secure=%v", c.Name, c.HttpOnly, c.SameSite, c.Secure)
		}
	}
	if !names[sessionName] {
		t.Errorf("log-in set no session cookie; got %v", names)
	}
}

var hrefOf = regexp.MustCompile(`href="([^"]+)"[^>]*>([^<]+)</a>`)

// link finds the address of the link with the given text on a page.
func (r response) link(t *testing.T, text string) string {
	t.Helper()
	for _, m := range hrefOf.FindAllStringSubmatch(r.body, -1) {
		if strings.TrimSpace(html.UnescapeString(m[2])) == text {
			return html.UnescapeString(m[1])
		}
	}
	t.Fatalf("no link %q on %s", text, r.url)
	return ""
}

func TestNewcomerFromShareLinkComesBackAfterVerifying(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 5, PreconsentGoal: 2, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	alice := s.signUp("alice@example.com", "김영희", "문래동")
	r := alice.submit("/petitions/new", "/petitions", url.Values{"confirm": {"1"}, "title": {"도림천 산책로 조명 개선"}, "category": {"도시"},
		"body": {"도림천 산책로는 밤이 되면 너무 어두워서 산책하기가 무섭습니다. 조명을 늘려 주세요."}})
	share := shareURL.FindStringSubmatch(r.body)[1]

	newcomer := s.browser()
	login := newcomer.get(share).link(t, "로그인하고 공감하기")
	signup := newcomer.get(login).link(t, "회원가입")
	r = newcomer.submit(signup, "/signup", url.Values{
		"email": {"new@example.com"}, "password": {"password123"}, "password_confirm": {"password123"},
		"name": {"박민지"}, "dong": {"도림동"}, "consent": {"yes"}, "next": {queryOf(t, signup, "next")},
	})
	r.is(t, http.StatusOK)
	link := s.mailedLink("new@example.com")
	r = newcomer.submit(link, "/verify", url.Values{"token": {strings.TrimPrefix(link, "/verify?token=")}})
	if r.url != share {
		t.Fatalf("after verifying the newcomer is at %s, want the petition %s", r.url, share)
	}
	r.has(t, "이메일 인증이 끝났습니다", "사전동의하기")
}

func queryOf(t *testing.T, link, key string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(key)
}
