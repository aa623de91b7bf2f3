package app

import (
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/demo"
	"ydp1/models"
	"ydp1/models/petitions"
)

// benchSite is a generated site of 1,000 petitions and 10,000 supports
// served over a real loopback connection, an anonymous visitor, a logged-in
// resident, and the hot pages.
type benchSite struct {
	app            *App
	srv            *httptest.Server
	anon, resident *http.Client
	pages          []benchPage
}

type benchPage struct {
	name   string
	client *http.Client
	path   string
}

// newBenchApp is the site on a database of its own in b's folder, with the
// settings s (changed: the ones that differ from the defaults) and the rows
// seed adds.
func newBenchApp(b *testing.B, s models.Settings, changed []string, seed func(db *gorm.DB, now time.Time) error) (*App, *gorm.DB) {
	dir := b.TempDir()
	db, err := models.Open(filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { models.Close(db) })
	now := time.Now().UTC()
	if err := models.SeedSettings(db, s, changed, now); err != nil {
		b.Fatal(err)
	}
	if err := seed(db, now); err != nil {
		b.Fatal(err)
	}
	cfg := Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(dir, "bench.db"), BaseURL: "http://ydp1.test",
		MailFrom: "영등포1번가 <no-reply@ydp1.test>", Petition: s}
	a, err := New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	return a, db
}

func newBenchSite(b *testing.B) *benchSite {
	a, db := newBenchApp(b, models.DefaultSettings, nil, func(db *gorm.DB, now time.Time) error {
		_, err := demo.SeedLarge(db, 1000, 10_000, now)
		return err
	})
	top, _, err := petitions.ListPetitions(db, petitions.Query{Sort: petitions.SortSupport, PerPage: 1}, time.Now())
	if err != nil || len(top) == 0 {
		b.Fatal("no public petition", err)
	}
	s := &benchSite{app: a, srv: httptest.NewServer(a.Handler()), anon: benchVisitor(), resident: benchVisitor()}
	b.Cleanup(s.srv.Close)
	page := benchGet(b, s.resident, s.srv.URL+"/login")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		b.Fatal("no CSRF token on the log-in page")
	}
	res, err := s.resident.PostForm(s.srv.URL+"/login", url.Values{"_csrf": {m[1]}, "email": {"resident@ydp1.kr"}, "password": {demo.Password}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		b.Fatalf("log in: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
	petition := "/petitions/" + strconv.Itoa(int(top[0].ID))
	s.pages = []benchPage{
		{"home", s.anon, "/"},
		{"list", s.anon, "/petitions"},
		{"petition", s.anon, petition},
		{"search-주차", s.anon, "/petitions?q=" + url.QueryEscape("주차")},
		{"logged-in-list", s.resident, "/petitions"},
		{"logged-in-petition", s.resident, petition},
	}
	return s
}

// BenchmarkPages serves the hot pages through the whole stack (middleware,
// sessions, queries, templates) over a real loopback connection: what a
// visitor waits for, client included.
func BenchmarkPages(b *testing.B) {
	s := newBenchSite(b)
	for _, p := range s.pages {
		b.Run(p.name, func(b *testing.B) {
			for range b.N {
				benchGet(b, p.client, s.srv.URL+p.path)
			}
		})
	}
}

// BenchmarkHandler is the server's own work for each hot page, with the
// visitor's cookies, without the connection: the figure to set beside
// BenchmarkBareTemplate, which renders a page and does nothing else.
func BenchmarkHandler(b *testing.B) {
	s := newBenchSite(b)
	h := s.app.Handler()
	base, _ := url.Parse(s.srv.URL)
	for _, p := range s.pages {
		b.Run(p.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			for _, c := range p.client.Jar.Cookies(base) {
				req.AddCookie(c)
			}
			for range b.N {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", p.path, rec.Code)
				}
			}
		})
	}
}

// BenchmarkBareTemplate is the reference for a logged-in page: a 20-item
// html/template page and nothing else.
func BenchmarkBareTemplate(b *testing.B) {
	t := template.Must(template.New("page").Parse(`<!doctype html><html lang="ko"><title>{{.Title}}</title><ul>
{{range .Items}}<li><a href="/petitions/{{.ID}}">{{.Title}}</a> {{.Category}} {{.Count}}명</li>{{end}}</ul>`))
	type item struct {
		ID, Count       int
		Title, Category string
	}
	data := struct {
		Title string
		Items []item
	}{Title: "영등포신문고"}
	for i := range 20 {
		data.Items = append(data.Items, item{i, i * 37, "영등포역 불법주차 단속을 강화해 주세요", "생활환경·교통안전"})
	}
	for range b.N {
		if err := t.Execute(io.Discard, data); err != nil {
			b.Fatal(err)
		}
	}
}

func benchVisitor() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func benchGet(b *testing.B, c *http.Client, u string) string {
	res, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d", u, res.StatusCode)
	}
	return string(body)
}

// BenchmarkSupportRequest is the server's work for one 공감 as ydp1 bench
// sends it, without the connection: 64 residents, each with a session and
// its CSRF token, supporting the petitions in step (one petition has many
// supports at once, as when it goes viral). Session, CSRF, account, the
// group-commit writer, the flash and the redirect are all in it.
func BenchmarkSupportRequest(b *testing.B) {
	const residents = 64
	s := models.DefaultSettings
	s.Threshold = 50
	petitions := max(100, b.N/residents+residents)
	a, _ := newBenchApp(b, s, []string{"petition_threshold"}, func(db *gorm.DB, now time.Time) error {
		return demo.SeedBench(db, residents, petitions, now)
	})
	h := a.Handler()
	type resident struct {
		cookies []*http.Cookie
		csrf    string
	}
	var people [residents]resident
	for i := range people {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
		m := csrfInput.FindStringSubmatch(rec.Body.String())
		if m == nil {
			b.Fatal("no CSRF token on the log-in page")
		}
		form := url.Values{"_csrf": {m[1]}, "email": {demo.BenchEmail(i)}, "password": {demo.Password}}
		req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range rec.Result().Cookies() {
			req.AddCookie(c)
		}
		login := httptest.NewRecorder()
		h.ServeHTTP(login, req)
		if login.Code != http.StatusSeeOther {
			b.Fatalf("log in: %d", login.Code)
		}
		people[i] = resident{append(login.Result().Cookies(), rec.Result().Cookies()...), m[1]}
	}
	var next atomic.Int64
	b.SetParallelism(residents / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1) - 1)
			p := people[i%residents]
			form := url.Values{"_csrf": {p.csrf}}
			req := httptest.NewRequest(http.MethodPost, "/petitions/"+strconv.Itoa(i/residents%petitions+1)+"/support", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, c := range p.cookies {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "#support") {
				b.Errorf("support: %d %s", rec.Code, rec.Header().Get("Location"))
			}
		}
	})
}
