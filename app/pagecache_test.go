package app

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

// Anonymous visitors share one rendering of a page; supports may lag by the
// cache's lifetime, any other change shows at once, and nobody logged in, on
// a share link or with a message waiting ever gets the shared page.
func TestAnonymousPagesAreSharedAndKeptFresh(t *testing.T) {
	d := newDeskSite(t)
	path := d.page(d.open)
	supporter := d.signUp("supporter@example.com", "이공감", "여의동")
	visitor := d.browser()

	first := visitor.get(path)
	first.is(t, http.StatusOK)
	if kept := d.app.pages.get("ko "+path, time.Now()); kept == nil || kept.gzipped != nil {
		t.Fatal("a page rendered once is kept, and not compressed before it is asked for again")
	}
	second := d.browser().get(path)
	if kept := d.app.pages.get("ko "+path, time.Now()); kept == nil || kept.gzipped == nil {
		t.Error("a page asked for again by a browser that accepts gzip was not compressed")
	}
	etag := second.header.Get("ETag")
	if second.body != first.body || etag == "" || !strings.Contains(second.header.Get("Cache-Control"), "public") {
		t.Fatalf("second visit: etag %q cache-control %q, same page %v", etag, second.header.Get("Cache-Control"), second.body == first.body)
	}
	// Browsers that accept gzip get the page compressed once, under an ETag
	// of its own; the others get it as it is, with its length.
	gzReq, _ := http.NewRequest(http.MethodGet, d.srv.URL+path, nil)
	gzReq.Header.Set("Accept-Encoding", "gzip, deflate, br")
	gz := d.browser().do(gzReq)
	zr, err := gzip.NewReader(strings.NewReader(gz.body))
	if err != nil {
		t.Fatalf("gzip: %v (Content-Encoding %q)", err, gz.header.Get("Content-Encoding"))
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || string(unzipped) != second.body || gz.header.Get("Content-Encoding") != "gzip" ||
		!strings.Contains(gz.header.Get("Vary"), "Accept-Encoding") || len(gz.body)*2 > len(second.body) {
		t.Errorf("gzip: %d bytes for a page of %d (same page %v, %v), headers %v", len(gz.body), len(second.body), string(unzipped) == second.body, err, gz.header)
	}
	plainReq, _ := http.NewRequest(http.MethodGet, d.srv.URL+path, nil)
	plainReq.Header.Set("Accept-Encoding", "gzip;q=0, identity")
	plain := d.browser().do(plainReq)
	if plain.body != second.body || plain.header.Get("Content-Encoding") != "" || plain.header.Get("Content-Length") != strconv.Itoa(len(plain.body)) {
		t.Errorf("without gzip: Content-Encoding %q, Content-Length %q for a page of %d bytes", plain.header.Get("Content-Encoding"), plain.header.Get("Content-Length"), len(plain.body))
	}
	plainTag, gzTag := plain.header.Get("ETag"), gz.header.Get("ETag")
	if plainTag == "" || gzTag == "" || plainTag == gzTag {
		t.Errorf("ETags: plain %q, gzip %q", plainTag, gzTag)
	}
	head, _ := http.NewRequest(http.MethodHead, d.srv.URL+path, nil)
	if r := d.browser().do(head); r.status != http.StatusOK || r.body != "" || r.header.Get("ETag") != plainTag {
		t.Errorf("HEAD: status %d, etag %q, %d bytes of body", r.status, r.header.Get("ETag"), len(r.body))
	}
	gzReq.Header.Set("If-None-Match", gzTag)
	if r := d.browser().do(gzReq); r.status != http.StatusNotModified || r.header.Get("Content-Encoding") != "" {
		t.Errorf("revalidating the gzip page: %d, Content-Encoding %q", r.status, r.header.Get("Content-Encoding"))
	}
	if c := second.header.Values("Set-Cookie"); len(c) != 0 {
		t.Errorf("a shared page sets cookies %v", c)
	}
	if csrfInput.MatchString(second.body) {
		t.Error("a shared page carries a CSRF token")
	}
	req, _ := http.NewRequest(http.MethodGet, d.srv.URL+path, nil)
	req.Header.Set("If-None-Match", etag) // as the browser's own client asked: gzip, decompressed for it
	d.browser().do(req).is(t, http.StatusNotModified)

	// A support lags on the shared page, but the supporter sees their own.
	supporter.submit(path, path+"/support", url.Values{"comment": {"찬성합니다"}}).has(t, "공감했습니다", "찬성합니다")
	d.browser().get(path).rendered(t, http.StatusOK, "문래동 보행로 정비").lacks(t, "찬성합니다")
	d.app.pages.ttl = 0 // the lifetime passed
	d.browser().get(path).has(t, "찬성합니다")
	d.app.pages.ttl = pageCacheTTL

	// Any other change empties the cache at once.
	d.browser().get(path).has(t, "문래동 보행로 정비")
	d.staff.submit(path, "/admin"+path+"/hide", url.Values{"reason": {"개인정보 포함"}, "note": {"전화번호가 있습니다."}})
	d.browser().get(path).is(t, http.StatusNotFound)

	// Logged-in pages are their own: a form with the visitor's token.
	home := d.staff.get("/")
	if !csrfInput.MatchString(home.body) || home.header.Get("ETag") != "" {
		t.Error("a logged-in visitor got the shared home page")
	}
	// A message waiting for one visitor is shown to that visitor, not cached.
	leaving := d.logIn("supporter@example.com", "비밀번호pass123")
	leaving.submit("/", "/logout", url.Values{}).has(t, "로그아웃했습니다")
	d.browser().get("/").rendered(t, http.StatusOK, "<h1>구민의 목소리가 구정이 됩니다</h1>").lacks(t, "로그아웃했습니다")
}

// A 사전동의 petition's share link is never served from the cache.
func TestShareLinksAreNotShared(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 3, PreconsentGoal: 2, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	author := s.signUp("author@example.com", "김영희", "문래동")
	r := author.submit("/petitions/new", "/petitions", url.Values{"confirm": {"1"}, "title": {"문래동 골목 가로등 설치"}, "category": {"도시"},
		"dong": {"문래동"}, "body": {"문래동 골목길에 가로등이 부족해 밤길이 어둡습니다. 가로등을 더 설치해 주세요."}})
	link := shareURL.FindStringSubmatch(r.body)[1]
	path := strings.SplitN(link, "?", 2)[0]
	s.browser().get(link).has(t, "문래동 골목 가로등 설치")
	if h := s.browser().get(link).header.Get("ETag"); h != "" {
		t.Errorf("a share link was served from the cache (ETag %s)", h)
	}
	s.browser().get(path).is(t, http.StatusNotFound)
}

// Logged-in visitors get the shared content of a list inside a header of
// their own (their name, their log-out form).
func TestLoggedInVisitorsShareTheContent(t *testing.T) {
	d := newDeskSite(t)
	d.staff.get("/petitions").has(t, "문래동 보행로 정비", "박담당")
	// a title changed behind the site's back shows that the content was kept
	if err := d.db.Model(&petitions.Petition{}).Where("id = ?", d.open.ID).Update("title", "바뀐 제목").Error; err != nil {
		t.Fatal(err)
	}
	r := d.admin.get("/petitions")
	r.rendered(t, http.StatusOK, "문래동 보행로 정비", "최관리").lacks(t, "바뀐 제목", "박담당")
	if !csrfInput.MatchString(r.body) {
		t.Error("the log-out form lost its token")
	}
	d.app.pages.invalidate()
	d.admin.get("/petitions").has(t, "바뀐 제목")
	// a page whose content depends on the visitor is rendered for them
	d.staff.get(d.page(d.open)).has(t, "바뀐 제목")
}

// remember computes a value once for as long as a cached page lives.
func TestRememberKeepsAValueLikeAPage(t *testing.T) {
	pc := newPageCache()
	calls := 0
	count := func() (int, error) { calls++; return calls, nil }
	for range 3 {
		if v, _ := remember(pc, "k", count); v != 1 {
			t.Fatalf("got %d, want the first value", v)
		}
	}
	pc.invalidate()
	if v, _ := remember(pc, "k", count); v != 2 {
		t.Errorf("after a change got %d, want a new value", v)
	}
	pc.memos.SetTTL(0)
	if v, _ := remember(pc, "k", count); v != 3 {
		t.Errorf("after the lifetime got %d, want a new value", v)
	}
}

// A petition's page is kept once for every resident: each gets the kept
// content with a 공감 box of their own (their token, whether they have
// supported). Staff, with their desk tools, and a petition only its author
// may see are rendered for the visitor alone.
func TestResidentsShareAPetitionButNotTheSupportBox(t *testing.T) {
	d := newDeskSite(t)
	path := d.page(d.open)
	ann := d.signUp("ann@example.com", "한가람", "여의동")
	ben := d.signUp("ben@example.com", "남궁별", "당산1동")
	// ben's visit before supporting is kept; his support lags on it for others,
	// while he, with the message of his support waiting, sees it at once
	ben.submit(path, path+"/support", url.Values{"comment": {"찬성합니다"}}).has(t, "공감했습니다", "찬성합니다")
	r := ann.get(path)
	r.rendered(t, http.StatusOK, "공감하기").lacks(t, "찬성합니다")
	// a title changed behind the site's back shows which pages were kept
	if err := d.db.Model(&petitions.Petition{}).Where("id = ?", d.open.ID).Update("title", "바뀐 제목").Error; err != nil {
		t.Fatal(err)
	}
	r = ben.get(path)
	r.rendered(t, http.StatusOK, "문래동 보행로 정비", "이 청원에 공감하셨습니다", "남궁별").lacks(t, "바뀐 제목", `name="comment"`)
	r = ann.get(path)
	r.rendered(t, http.StatusOK, "문래동 보행로 정비", `name="comment"`, "한가람").lacks(t, "바뀐 제목", "이 청원에 공감하셨습니다")
	m := csrfInput.FindAllStringSubmatch(r.body, -1)
	if len(m) < 2 || m[len(m)-1][1] != m[0][1] {
		t.Errorf("the support form does not carry the visitor's own token: %q", m)
	}
	d.staff.get(path).has(t, "바뀐 제목", "비공개 처리")
	d.app.pages.invalidate()
	ann.get(path).has(t, "바뀐 제목", "찬성합니다")

	// a petition in review is its author's to see, and is not kept for the next visitor
	author := d.logIn("author@example.com", "authorpass1")
	p, err := petitions.FilePetition(d.db, d.author.ID, petitions.Input{Title: "여의동 공원 벤치 설치", Category: "도시",
		Body: "여의도공원 산책로에 쉬어 갈 벤치가 부족합니다. 벤치를 더 놓아 주세요."}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	author.get(d.page(p)).has(t, "여의동 공원 벤치 설치")
	author.get(d.page(p)).has(t, "여의동 공원 벤치 설치")
	ann.get(d.page(p)).is(t, http.StatusNotFound)
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                        false,
		"gzip":                    true,
		"gzip, deflate, br, zstd": true,
		"br;q=1.0, GZIP;q=0.8":    true,
		"identity":                false,
		"gzip;q=0":                false,
		"gzip; q=0.000":           false,
		"gzip;q=0.001":            true,
		"*":                       true,
		"*;q=0":                   false,
		"*, gzip;q=0":             false,
		"gzip;q=0, *":             false,
		"deflate, *;q=0.5":        true,
		"gzip;q=nonsense":         false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
