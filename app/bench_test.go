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
	"strconv"
	"testing"
	"time"

	"ydp1/models"
)

// BenchmarkPages serves the hot pages through the whole stack (middleware,
// sessions, queries, templates) over a real loopback connection, on a
// generated site of 1,000 petitions and 10,000 supports.
func BenchmarkPages(b *testing.B) {
	dir := b.TempDir()
	db, err := models.Open(filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer models.Close(db)
	now := time.Now().UTC()
	if err := models.SeedSettings(db, models.DefaultSettings, nil, now); err != nil {
		b.Fatal(err)
	}
	if _, err := models.SeedLarge(db, 1000, 10_000, now); err != nil {
		b.Fatal(err)
	}
	top, _, err := models.ListPetitions(db, models.PetitionQuery{Sort: models.SortSupport, PerPage: 1}, now)
	if err != nil || len(top) == 0 {
		b.Fatal("no public petition", err)
	}
	cfg := Config{Addr: "127.0.0.1:0", DatabaseURL: filepath.Join(dir, "bench.db"), BaseURL: "http://ydp1.test",
		MailFrom: "영등포1번가 <no-reply@ydp1.test>", Petition: models.DefaultSettings}
	a, err := New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()

	anon := benchVisitor()
	resident := benchVisitor()
	page := benchGet(b, resident, srv.URL+"/login")
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		b.Fatal("no CSRF token on the log-in page")
	}
	res, err := resident.PostForm(srv.URL+"/login", url.Values{"_csrf": {m[1]}, "email": {"resident@ydp1.kr"}, "password": {models.DemoPassword}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		b.Fatalf("log in: %v %v", res.StatusCode, err)
	}
	res.Body.Close()

	petition := "/petitions/" + strconv.Itoa(int(top[0].ID))
	for _, c := range []struct {
		name   string
		client *http.Client
		path   string
	}{
		{"home", anon, "/"},
		{"list", anon, "/petitions"},
		{"petition", anon, petition},
		{"search-주차", anon, "/petitions?q=" + url.QueryEscape("주차")},
		{"logged-in-list", resident, "/petitions"},
		{"logged-in-petition", resident, petition},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				benchGet(b, c.client, srv.URL+c.path)
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
