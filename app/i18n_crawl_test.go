package app

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/net/html"

	"ydp1/internal/demo"
	"ydp1/models"
)

// greeting is the header's link to the visitor's own page, which names
// them inside the catalog's words (nav.me), where no element can mark the
// name as theirs.
var greeting = regexp.MustCompile(`<a href="/me"[^>]*>[^<]*</a>`)

// messageIDShape is text shaped like a message id (area.what).
var messageIDShape = regexp.MustCompile(`\b[a-z]+(?:\.[a-z_0-9]+)+\b`)

// crawlSkip tells the links the walk does not follow: the language switch
// and log-out, data rather than pages (checked on their own below) and
// static files.
func crawlSkip(path string) bool {
	return path == "/logout" || strings.HasPrefix(path, "/language/") || strings.HasPrefix(path, "/feeds/") || notHTML(path)
}

// crawlKey is a URL with its numbers and query values dropped: the walk
// opens at most two URLs of each.
func crawlKey(u *url.URL) string {
	parts := strings.Split(u.Path, "/")
	for i, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			parts[i] = ":n"
		}
	}
	keys := make([]string, 0, len(u.Query()))
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(parts, "/") + "?" + strings.Join(keys, "&")
}

// Every page a visitor, a resident and the admin reach by following the
// site's links from the home page and the desk, in English and in Chinese,
// answers, says its language and shows no Korean interface text and no
// message id in place of a missing translation.
func TestEveryPageInEnglishAndChinese(t *testing.T) {
	started := time.Now()
	s := newTestSite(t, models.DefaultSettings)
	if _, err := demo.Seed(s.db, time.Now()); err != nil {
		t.Fatal(err)
	}
	ids, _ := catalog(t, "en")
	isID := func(s string) bool { _, ok := ids[s]; return ok }

	korean := map[string][]string{} // route → the Korean its pages showed
	clean := map[string]bool{}      // route → a page of it had no Korean
	pages := 0
	for _, code := range []string{"en", "zh"} {
		tag := langByCode(code).Tag.String()
		for _, who := range []string{"", "resident@ydp1.kr", "admin@ydp1.kr"} {
			b := s.browser()
			b.get("/language/"+code).rendered(t, http.StatusOK, `<html lang="`+tag+`">`)
			if who != "" {
				b.submit("/login", "/login", url.Values{"email": {who}, "password": {demo.Password}}).rendered(t, http.StatusOK, `<a href="/me"`)
				b.get("/language/"+code).rendered(t, http.StatusOK, `<html lang="`+tag+`">`) // the account's language, too
			}
			b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			seen := map[string]int{}
			visited := map[string]bool{}
			queue := []string{"/", "/admin"}
			for len(queue) > 0 {
				path := queue[0]
				queue = queue[1:]
				u, err := url.Parse(path)
				if err != nil || visited[path] || crawlSkip(u.Path) || seen[crawlKey(u)] >= 2 {
					continue
				}
				visited[path] = true
				seen[crawlKey(u)]++
				pages++
				route := routeOf(s, u.Path)
				where := path + " (" + code + ", " + whoName(who) + ")"
				r := b.get(path)
				switch {
				case r.status == http.StatusSeeOther || r.status == http.StatusFound:
					// a page that needs an account sends a visitor without one to log in
					loc := r.header.Get("Location")
					if who != "" || !strings.HasPrefix(loc, "/login?next=") {
						t.Errorf("%s: redirected to %s", where, loc)
					}
					queue = append(queue, loc)
					continue
				case r.status == http.StatusForbidden && who == "resident@ydp1.kr" && strings.HasPrefix(route, "/admin"):
					continue // the desk is refused to residents
				case r.status != http.StatusOK:
					t.Errorf("%s: status %d", where, r.status)
					continue
				}
				if !strings.Contains(r.body, `<html lang="`+tag+`">`) {
					t.Errorf("%s does not say <html lang=%q>", where, tag)
				}
				// a message id shown is a translation missing, like Korean left
				left := koreanInterface(t, greeting.ReplaceAllString(r.body, ""))
				for _, text := range interfaceText(t, r.body) {
					for _, m := range messageIDShape.FindAllString(text, -1) {
						if isID(m) {
							left = append(left, "message id "+m)
						}
					}
				}
				if len(left) > 0 {
					korean[route] = append(korean[route], where+": "+clipWords(left))
				} else {
					clean[route] = true
				}
				queue = append(queue, sameSiteLinks(t, r.body)...)
			}
		}
		checkFeedTitles(t, s, code, korean, clean)
	}

	for route, found := range korean {
		t.Errorf("%s shows Korean interface text or message ids:\n  %s", route, strings.Join(found, "\n  "))
	}
	t.Logf("%d pages of %d routes in English and Chinese in %s", pages, len(clean)+len(korean), time.Since(started).Round(time.Millisecond))
}

// routeOf is the route pattern that serves a path (/petitions/:id).
func routeOf(s *testSite, path string) string {
	e := s.srv.Config.Handler.(*echo.Echo)
	c := e.NewContext(httptest.NewRequest(http.MethodGet, path, nil), httptest.NewRecorder())
	e.Router().Find(http.MethodGet, path, c)
	return c.Path()
}

func whoName(email string) string {
	if email == "" {
		return "a visitor"
	}
	return email
}

// checkFeedTitles reads the Atom feeds' titles in the language: the titles
// of their entries are the petitions' own, written in Korean.
func checkFeedTitles(t *testing.T, s *testSite, code string, korean map[string][]string, clean map[string]bool) {
	t.Helper()
	for _, path := range []string{"/feeds/petitions.atom", "/feeds/answers.atom"} {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: langCookie, Value: code})
		r := s.browser().do(req)
		r.is(t, http.StatusOK)
		var feed struct {
			Title    string `xml:"title"`
			Subtitle string `xml:"subtitle"`
		}
		if err := xml.Unmarshal([]byte(r.body), &feed); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if left := strayKorean(feed.Title + " " + feed.Subtitle); len(left) > 0 {
			korean[path] = append(korean[path], path+" ("+code+"): "+clipWords(left))
		} else {
			clean[path] = true
		}
	}
}

// sameSiteLinks are the addresses a page leads to on the site: its links and
// its forms sent with GET, filled as they come.
func sameSiteLinks(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	add := func(ref string) {
		u, err := url.Parse(ref)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") {
			return
		}
		u.Fragment = ""
		out = append(out, u.RequestURI())
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "a":
				if href, ok := hasAttr(n, "href"); ok {
					add(href)
				}
			case n.Data == "form" && strings.EqualFold(attrOf(n, "method"), "get"):
				add(attrOf(n, "action") + "?" + formDefaults(n).Encode())
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// formDefaults are the values a form sends as it comes.
func formDefaults(form *html.Node) url.Values {
	v := url.Values{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := attrOf(n, "name")
			switch n.Data {
			case "input":
				switch attrOf(n, "type") {
				case "submit", "button", "reset", "image":
				case "checkbox", "radio":
					if _, ok := hasAttr(n, "checked"); ok && name != "" {
						v.Add(name, attrOf(n, "value"))
					}
				default:
					if name != "" {
						v.Add(name, attrOf(n, "value"))
					}
				}
			case "select":
				var first, chosen *html.Node
				var find func(o *html.Node)
				find = func(o *html.Node) {
					if o.Type == html.ElementNode && o.Data == "option" {
						if first == nil {
							first = o
						}
						if _, ok := hasAttr(o, "selected"); ok {
							chosen = o
						}
					}
					for c := o.FirstChild; c != nil; c = c.NextSibling {
						find(c)
					}
				}
				find(n)
				if chosen == nil {
					chosen = first
				}
				if chosen != nil && name != "" {
					val, ok := hasAttr(chosen, "value")
					if !ok {
						val = strings.TrimSpace(nodeText(chosen))
					}
					v.Add(name, val)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
