package app

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"ydp1/internal/demo"
	"ydp1/models"
)

// newDemoSite is a test site filled with the demo content.
func newDemoSite(t *testing.T) *testSite {
	t.Helper()
	s := newTestSite(t, models.DefaultSettings)
	if _, err := demo.Seed(s.db, time.Now()); err != nil {
		t.Fatal(err)
	}
	return s
}

// demoRecords are records of the demo that the walks open.
type demoRecords struct {
	open    uint // a petition open for 공감
	meeting uint // a published meeting
	unsub   string
}

func findDemoRecords(t *testing.T, s *testSite) demoRecords {
	t.Helper()
	var d demoRecords
	for dst, q := range map[any]string{
		&d.open:    `SELECT id FROM petitions WHERE status = 'open' ORDER BY id LIMIT 1`,
		&d.meeting: `SELECT id FROM meetings WHERE published_at IS NOT NULL ORDER BY id LIMIT 1`,
		&d.unsub:   `SELECT unsubscribe_token FROM users WHERE email = 'resident@ydp1.kr'`,
	} {
		if err := s.db.Raw(q).Row().Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return d
}

// routePath fills the parameters of a GET route with records of the demo.
func routePath(s *testSite, route string, d demoRecords) string {
	if p, err := deskPath(s, route, map[string]uint{"meetings": d.meeting}); err == nil {
		return p
	}
	css := s.app.assets.url("app.css")
	return strings.NewReplacer("/static/:hash/*", css, ":token", d.unsub, ":statement", "1", ":idea", "1", ":id", "1").Replace(route)
}

// TestHeadAnswersEveryGet walks every GET route of the site, as an anonymous
// visitor and as an admin, and asks each with HEAD too: the same status and
// headers, and no body.
func TestHeadAnswersEveryGet(t *testing.T) {
	s := newDemoSite(t)
	d := findDemoRecords(t, s)
	visitors := map[string]*browser{"anonymous": s.browser(), "admin": s.logIn("admin@ydp1.kr", demo.Password)}
	for _, b := range visitors { // no redirects: a HEAD is compared as it is answered
		b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	seen := map[string]bool{}
	ok := 0
	for _, rt := range s.app.Handler().Routes() {
		if rt.Method != http.MethodGet || seen[rt.Path] {
			continue
		}
		seen[rt.Path] = true
		path := routePath(s, rt.Path, d)
		for who, b := range visitors {
			b.ask(http.MethodGet, path) // a shared page is kept, and then sent compressed
			head := b.ask(http.MethodHead, path)
			get := b.ask(http.MethodGet, path)
			if head.status != get.status || head.body != "" {
				t.Errorf("%s, HEAD %s: status %d with %d bytes of body; GET answers %d", who, path, head.status, len(head.body), get.status)
				continue
			}
			if get.status == http.StatusOK {
				ok++
			}
			for name := range mergeKeys(get.header, head.header) {
				switch {
				case name == "Date", name == "Set-Cookie":
					continue
				case name == "Content-Length" && get.header.Get(name) == "0" && head.header.Get(name) == "":
					continue // net/http counts an empty body only when it sends one
				}
				if !slices.Equal(get.header.Values(name), head.header.Values(name)) {
					t.Errorf("%s, HEAD %s: %s is %q, GET's is %q", who, path, name, head.header.Values(name), get.header.Values(name))
				}
			}
		}
	}
	if len(seen) < 50 || ok < 40 {
		t.Errorf("walked %d GET routes, %d answers 200: the walk proves little", len(seen), ok)
	}
}

// ask sends an empty request with method, taking the body as it comes
// (compressed if the site compresses), so headers compare as sent.
func (b *browser) ask(method, path string) response {
	req, _ := http.NewRequest(method, b.site.srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	return b.do(req)
}

func mergeKeys(hs ...http.Header) map[string]bool {
	out := map[string]bool{}
	for _, h := range hs {
		for k := range h {
			out[k] = true
		}
	}
	return out
}

// TestCORS: the public record may be read from other sites' pages, without
// credentials; the pages and the session's routes are not shared.
func TestCORS(t *testing.T) {
	s := newDemoSite(t)
	d := findDemoRecords(t, s)
	b := s.logIn("resident@ydp1.kr", demo.Password)
	meeting := "/meetings/" + fmt.Sprint(d.meeting)
	for _, path := range []string{"/api/v1/petitions", "/api/v1/petitions/" + fmt.Sprint(d.open), "/api/v1/meetings",
		"/api/v1/meetings/" + fmt.Sprint(d.meeting), "/api/v1/openapi.json", "/feeds/petitions.atom", "/feeds/answers.atom",
		"/meetings.ics", meeting + ".ics"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req, _ := http.NewRequest(method, s.srv.URL+path, nil)
			req.Header.Set("Origin", "https://news.example.org")
			r := b.do(req)
			if r.status != http.StatusOK || r.header.Get("Access-Control-Allow-Origin") != "*" || r.header.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("%s %s: status %d, Allow-Origin %q, Allow-Credentials %q", method, path, r.status,
					r.header.Get("Access-Control-Allow-Origin"), r.header.Get("Access-Control-Allow-Credentials"))
			}
		}
		pre, _ := http.NewRequest(http.MethodOptions, s.srv.URL+path, nil)
		pre.Header.Set("Origin", "https://news.example.org")
		pre.Header.Set("Access-Control-Request-Method", http.MethodGet)
		r := b.do(pre)
		if r.status != http.StatusNoContent || r.header.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(r.header.Get("Access-Control-Allow-Methods"), http.MethodGet) || r.header.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("preflight of %s: status %d, headers %v", path, r.status, r.header)
		}
	}
	for _, path := range []string{"/", "/petitions", meeting, "/me", "/me/data.json", "/api/docs", "/login"} {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		req.Header.Set("Origin", "https://news.example.org")
		r := b.do(req)
		r.is(t, http.StatusOK)
		if v := r.header.Get("Access-Control-Allow-Origin"); v != "" {
			t.Errorf("%s, read with the session, is shared with other sites: Allow-Origin %q", path, v)
		}
	}
}
