package app

import (
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html"

	"ydp1/models"
	"ydp1/views"
)

// The first visit follows the browser's languages; the switch is a plain
// link that remembers the choice in a cookie, and on the account of a
// logged-in resident; every page says its language, and the page cache
// keeps a page in each language.
func TestLanguageChoice(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	visit := func(b *browser, path, accept string) response {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Language", accept)
		}
		return b.do(req)
	}

	korean := s.browser()
	for range 2 { // the second answer comes from the page cache
		visit(korean, "/", "").rendered(t, http.StatusOK, `<html lang="ko">`, "본문 바로가기", `aria-current="true">한국어</a>`)
	}
	chinese := s.browser()
	for range 2 {
		visit(chinese, "/", "zh-TW,zh;q=0.9,en;q=0.5").rendered(t, http.StatusOK, `<html lang="zh-Hans">`, "跳到正文", `aria-current="true">简体中文</a>`).
			lacks(t, "본문 바로가기")
	}
	visit(s.browser(), "/", "en-GB,en;q=0.8").rendered(t, http.StatusOK, `<html lang="en">`, "Skip to main content")
	visit(s.browser(), "/", "fr-FR").rendered(t, http.StatusOK, `<html lang="ko">`)

	// the switch: a plain link that leads back to the page it was on, remembered over the browser's wish
	r := visit(chinese, "/petitions?page=1", "zh")
	if !strings.Contains(r.body, `href="/language/en"`) {
		t.Fatalf("no link to English in:\n%s", excerpt(r.body))
	}
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/language/en", nil)
	req.Header.Set("Referer", s.srv.URL+"/petitions?page=1")
	r = chinese.do(req)
	r.rendered(t, http.StatusOK, `<html lang="en">`, "Skip to main content")
	if r.url != "/petitions?page=1" {
		t.Errorf("the switch led to %s, want back to /petitions?page=1", r.url)
	}
	visit(chinese, "/", "zh").rendered(t, http.StatusOK, `<html lang="en">`)
	visit(chinese, "/language/xx", "").is(t, http.StatusNotFound)
	req, _ = http.NewRequest(http.MethodGet, s.srv.URL+"/language/ko", nil)
	req.Header.Set("Referer", "https://evil.example/phish")
	if r = chinese.do(req); r.url != "/" {
		t.Errorf("the switch followed a Referer of another site to %s", r.url)
	}

	// a logged-in resident's choice goes with the account to another browser
	s.signUp("lang@example.com", "왕리", "대림2동")
	b := s.logIn("lang@example.com", "비밀번호pass123")
	visit(b, "/language/zh", "").rendered(t, http.StatusOK, `<html lang="zh-Hans">`)
	var code string
	if err := s.db.Raw("SELECT language FROM users WHERE email = ?", "lang@example.com").Scan(&code).Error; err != nil || code != "zh" {
		t.Fatalf("account language %q (%v), want zh", code, err)
	}
	other := s.browser()
	other.submit("/login", "/login", url.Values{"email": {"lang@example.com"}, "password": {"비밀번호pass123"}}).
		rendered(t, http.StatusOK, `<html lang="zh-Hans">`, "退出登录")
	visit(other, "/petitions", "ko").rendered(t, http.StatusOK, `<html lang="zh-Hans">`)
}

// catalog reads one language's message catalogs (every area's): id → forms,
// and the file of each id.
func catalog(t *testing.T, code string) (map[string]any, map[string]string) {
	t.Helper()
	files, err := fs.Glob(views.FS, "i18n/*."+code+".toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalog of %s (%v)", code, err)
	}
	out, where := map[string]any{}, map[string]string{}
	for _, name := range files {
		data, err := fs.ReadFile(views.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		file := map[string]any{}
		if err := toml.Unmarshal(data, &file); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id, v := range file {
			if other, ok := where[id]; ok {
				t.Errorf("%q is in both %s and %s", id, other, name)
			}
			out[id], where[id] = v, strings.TrimSuffix(strings.TrimPrefix(name, "i18n/"), "."+code+".toml")
		}
	}
	return out, where
}

// messageCall finds a message id given to t in a template ({{t "id" …}}),
// or in Go to t(c, "id" …), T("id" …) or models.Msg("id" …).
var messageCall = regexp.MustCompile(`(?:\bt(?:mark)?|\bt\(c,|\.T\(|\bMsg\()[ ]?"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)

// commentLine is a line of Go that is only a comment.
var commentLine = regexp.MustCompile(`(?m)^\s*//.*$`)

// idLiteral finds any string constant shaped like a message id, with its
// values (models.Msg's form): what a flash or a form error may hold.
var idLiteral = regexp.MustCompile(`"([a-z0-9_]+(?:\.[a-z0-9_]+)+)(?:\?[^"]*)?"`)

// Every area's catalog exists in every language with the same messages,
// each message is used by a template or the code, and every message id
// given to t, T or Msg is in the catalogs.
func TestCatalogsComplete(t *testing.T) {
	ko, where := catalog(t, "ko")
	for _, code := range []string{"en", "zh"} {
		other, otherWhere := catalog(t, code)
		for id := range ko {
			if _, ok := other[id]; !ok {
				t.Errorf("%s.%s.toml lacks %q", where[id], code, id)
			} else if otherWhere[id] != where[id] {
				t.Errorf("%q is in %s.ko.toml but %s.%s.toml", id, where[id], otherWhere[id], code)
			}
		}
		for id := range other {
			if _, ok := ko[id]; !ok {
				t.Errorf("%s.%s.toml has %q, which %s.ko.toml lacks", otherWhere[id], code, id, otherWhere[id])
			}
		}
	}
	used := map[string]bool{}
	scan := func(name string, data []byte) {
		for _, m := range messageCall.FindAllSubmatch(data, -1) {
			if id := string(m[1]); ko[id] == nil {
				t.Errorf("%s uses %q, which no catalog has", name, id)
			}
		}
		for _, m := range idLiteral.FindAllSubmatch(data, -1) {
			used[string(m[1])] = true
		}
	}
	err := fs.WalkDir(views.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "i18n/") {
			return err
		}
		data, err := fs.ReadFile(views.FS, p)
		scan(p, data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "views") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		data, err := os.ReadFile(p) // #nosec G304 -- the project's own sources
		scan(p, commentLine.ReplaceAll(data, nil))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var unused []string
	for id := range ko {
		if !used[id] {
			unused = append(unused, id)
		}
	}
	slices.Sort(unused)
	for _, id := range unused {
		t.Errorf("nothing uses %q (%s.ko.toml)", id, where[id])
	}
}

// The helpers that write numbers of people, days and durations speak each
// language, plural forms included, whatever integer type they get.
func TestLanguageHelpers(t *testing.T) {
	if _, err := loadCatalogs(); err != nil {
		t.Fatal(err)
	}
	ko, en, zh := langByCode("ko"), langByCode("en"), langByCode("zh")
	for _, c := range []struct{ got, want string }{
		{ko.People(1234), "1,234명"}, {en.People(uint(1)), "1 person"}, {en.People(int64(1234)), "1,234 people"}, {zh.People(3), "3人"},
		{ko.Took(125e9), "2분 5초"}, {en.Took(5e8), "under a second"}, {zh.Took(7e9), "7秒"},
		{en.T("common.overdue", "Count", 1), "1 day overdue"}, {en.T("common.overdue", "Count", 18), "18 days overdue"},
		{en.T(models.Msg("common.dday.left", "Count", 3)), "3 days left"},
		{en.T("아직 옮기지 않은 문장입니다."), "아직 옮기지 않은 문장입니다."},
		{en.T("주차가 문제일까요? 네"), "주차가 문제일까요? 네"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// koreanInterface is the Korean interface text left in a page that is not
// in Korean: the Korean of its body's text and of its attributes, outside
// the elements whose lang differs from the page's <html lang> (what
// residents and staff wrote, marked in its own language, and the language
// switch's own names), and apart from the kept texts a test names (another
// area's lists it has not translated yet). The head, scripts and styles are
// not read (a page's <title> carries what residents wrote); addresses and
// the values a form sends (a 행정동 is stored by its Korean name) are not
// text a person reads.
func koreanInterface(t *testing.T, page string, kept ...string) []string {
	t.Helper()
	var out []string
	for _, s := range interfaceText(t, page) {
		for _, k := range kept {
			s = strings.ReplaceAll(s, k, "")
		}
		out = append(out, strayKorean(s)...)
	}
	return out
}

// interfaceText is the text of a page's body and its attributes a person
// reads or hears, outside the elements whose lang differs from the page's.
func interfaceText(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	pageLang := ""
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			pageLang = attrOf(n, "lang")
		}
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "head", "script", "style", "template":
				return
			}
			if l, ok := hasAttr(n, "lang"); ok && n.Data != "html" && l != pageLang {
				return
			}
			for _, a := range n.Attr {
				if readAttr(n, a.Key) {
					out = append(out, a.Val)
				}
			}
		}
		if n.Type == html.TextNode {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// readAttr tells the attributes a person reads or hears: all but addresses,
// names and the values a form sends (a button's value is its label).
func readAttr(n *html.Node, key string) bool {
	switch key {
	case "href", "src", "srcset", "action", "formaction", "poster", "cite", "name", "id", "for", "class", "lang", "hreflang":
		return false
	case "value":
		switch attrOf(n, "type") {
		case "submit", "button", "reset":
			return n.Data == "input"
		}
		return false
	}
	return true
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(n *html.Node, key string) string {
	v, _ := hasAttr(n, key)
	return v
}

// headKorean is the Korean of a page's <title> and of its meta
// descriptions, for the pages whose head carries no resident's writing.
func headKorean(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "body" {
			return
		}
		if n.Type == html.ElementNode && n.Data == "title" && n.FirstChild != nil {
			out = append(out, strayKorean(n.FirstChild.Data)...)
		}
		if n.Type == html.ElementNode && n.Data == "meta" {
			out = append(out, strayKorean(attrOf(n, "content"))...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// noKoreanInterface fails the test when a page not in Korean keeps Korean
// interface text (koreanInterface), saying where.
func noKoreanInterface(t *testing.T, where, page string, kept ...string) {
	t.Helper()
	if left := koreanInterface(t, page, kept...); len(left) > 0 {
		t.Errorf("%s keeps Korean interface text: %s", where, clipWords(left))
	}
}
