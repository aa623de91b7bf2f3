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

	// the switch: a link back to the same page, remembered over the browser's wish
	r := visit(chinese, "/", "zh")
	link := regexp.MustCompile(`href="(/language/en\?next=[^"]+)"`).FindStringSubmatch(r.body)
	if link == nil {
		t.Fatalf("no link to English in:\n%s", excerpt(r.body))
	}
	r = visit(chinese, strings.ReplaceAll(link[1], "&amp;", "&"), "zh")
	r.rendered(t, http.StatusOK, `<html lang="en">`, "Skip to main content")
	if r.url != "/" {
		t.Errorf("the switch led to %s, want back to /", r.url)
	}
	visit(chinese, "/petitions", "zh").rendered(t, http.StatusOK, `<html lang="en">`)
	visit(chinese, "/language/xx?next=/", "").is(t, http.StatusNotFound)
	r = visit(chinese, "/language/ko?next=//evil.example/", "")
	if r.url != "/" {
		t.Errorf("the switch followed next to %s", r.url)
	}

	// a logged-in resident's choice goes with the account to another browser
	s.signUp("lang@example.com", "왕리", "대림2동")
	b := s.logIn("lang@example.com", "비밀번호pass123")
	visit(b, "/language/zh?next=/me", "").rendered(t, http.StatusOK, `<html lang="zh-Hans">`)
	var code string
	if err := s.db.Raw("SELECT language FROM users WHERE email = ?", "lang@example.com").Scan(&code).Error; err != nil || code != "zh" {
		t.Fatalf("account language %q (%v), want zh", code, err)
	}
	other := s.browser()
	other.submit("/login", "/login", url.Values{"email": {"lang@example.com"}, "password": {"비밀번호pass123"}}).
		rendered(t, http.StatusOK, `<html lang="zh-Hans">`, "退出登录")
	visit(other, "/petitions", "ko").rendered(t, http.StatusOK, `<html lang="zh-Hans">`)
}

// catalog reads one language's message catalog: id → forms.
func catalog(t *testing.T, code string) map[string]any {
	t.Helper()
	data, err := fs.ReadFile(views.FS, "i18n/"+code+".toml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	if err := toml.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s.toml: %v", code, err)
	}
	return out
}

// messageUse finds a message id in a template ({{t "id" …}}) or in Go (.T("id" …)).
var messageUse = regexp.MustCompile(`(?:\bt|\.T)[ (]"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)

// Every catalog has every message of the Korean one and no other, and every
// message is used by a template or the code, and every use has its message.
func TestCatalogsComplete(t *testing.T) {
	ko := catalog(t, "ko")
	if len(ko) == 0 {
		t.Fatal("the Korean catalog is empty")
	}
	for _, code := range []string{"en", "zh"} {
		other := catalog(t, code)
		for id := range ko {
			if _, ok := other[id]; !ok {
				t.Errorf("%s.toml lacks %q", code, id)
			}
		}
		for id := range other {
			if _, ok := ko[id]; !ok {
				t.Errorf("%s.toml has %q, which ko.toml lacks", code, id)
			}
		}
	}
	used := map[string]bool{}
	scan := func(name string, data []byte) {
		for _, m := range messageUse.FindAllSubmatch(data, -1) {
			id := string(m[1])
			used[id] = true
			if _, ok := ko[id]; !ok {
				t.Errorf("%s uses %q, which no catalog has", name, id)
			}
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
		scan(p, data)
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
		t.Errorf("nothing uses %q", id)
	}
}
