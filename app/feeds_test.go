package app

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

// atomFeed is what a feed reader takes from an Atom document.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  string      `xml:"author>name"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Author    string     `xml:"author>name"`
	Summary   string     `xml:"summary"`
	Content   struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	} `xml:"content"`
}

// readFeed fetches path and parses it as Atom, checking the content type.
func readFeed(t *testing.T, b *browser, path string) (atomFeed, response) {
	t.Helper()
	r := b.get(path)
	r.is(t, http.StatusOK)
	if ct := r.header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("%s is served as %q", path, ct)
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(r.body), &f); err != nil {
		t.Fatalf("%s is not Atom: %v\n%s", path, err, r.body)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("%s updated %q: %v", path, f.Updated, err)
	}
	return f, r
}

func entryTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("entry time %q: %v", s, err)
	}
	return at
}

func TestPetitionsFeed(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	author := s.addAuthor("김영희", "문래동")
	var opened []*petitions.Petition
	for i := 0; i < 32; i++ {
		opened = append(opened, s.addPetition(petitions.Petition{AuthorID: author.ID, Status: petitions.StatusOpen,
			Title: fmt.Sprintf("%d번째 공개 청원: 문래동 공영주차장 확충", i+1), OpenedAt: ago(time.Duration(40-i) * time.Hour),
			ClosesAt: ago(-20 * day), SupportCount: i}))
	}
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusHidden, petitions.StatusLapsed} {
		s.addPetition(petitions.Petition{AuthorID: author.ID, Status: st, Title: "보이면 안 되는 청원 " + string(st), OpenedAt: ago(time.Minute)})
	}

	f, r := readFeed(t, s.browser(), "/feeds/petitions.atom")
	if f.Title != "영등포신문고 새 청원" || f.ID != "tag:ydp1.ydp.go.kr,2026:feeds/petitions" || f.Author == "" {
		t.Errorf("feed head = %q %q %q", f.Title, f.ID, f.Author)
	}
	if len(f.Links) != 1 || f.Links[0].Rel != "self" || f.Links[0].Href != "http://ydp1.test/feeds/petitions.atom" {
		t.Errorf("feed links = %+v", f.Links)
	}
	r.rendered(t, http.StatusOK, "<title>영등포신문고 새 청원</title>").lacks(t, "보이면 안 되는 청원")
	if len(f.Entries) != petitions.FeedSize {
		t.Fatalf("%d entries, want %d", len(f.Entries), petitions.FeedSize)
	}
	for i, e := range f.Entries {
		p := opened[len(opened)-1-i] // newest first
		link := "http://ydp1.test/petitions/" + strconv.Itoa(int(p.ID))
		if e.Title != p.Title || e.ID != "tag:ydp1.ydp.go.kr,2026:petition/"+strconv.Itoa(int(p.ID)) || len(e.Links) != 1 || e.Links[0].Href != link || e.Links[0].Rel != "alternate" {
			t.Errorf("entry %d = %q %q %+v, want %q at %s", i, e.Title, e.ID, e.Links, p.Title, link)
		}
		if at := entryTime(t, e.Updated); !at.Equal(p.OpenedAt.Truncate(time.Second)) || e.Published != e.Updated {
			t.Errorf("entry %d updated %s, published %s; want the opening time %s", i, e.Updated, e.Published, p.OpenedAt)
		}
		if e.Author != "김*희" || strings.Contains(r.body, "김영희") {
			t.Errorf("entry %d author %q: the name must be masked", i, e.Author)
		}
		if e.Content.Type != "html" || !strings.Contains(e.Content.Text, "<p>청원 내용은 스무 글자 이상") {
			t.Errorf("entry %d content = %+v", i, e.Content)
		}
		if !strings.Contains(e.Summary, "진행중 · 공감 "+strconv.Itoa(p.SupportCount)+"명") {
			t.Errorf("entry %d summary = %q", i, e.Summary)
		}
	}
	if at := entryTime(t, f.Updated); !at.Equal(opened[31].OpenedAt.Truncate(time.Second)) {
		t.Errorf("feed updated %s, want the newest entry's %s", f.Updated, opened[31].OpenedAt)
	}
}

func TestAnswersFeed(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	b := s.browser()
	f, _ := readFeed(t, b, "/feeds/answers.atom")
	if len(f.Entries) != 0 || f.Title != "영등포신문고 구청장 답변" {
		t.Errorf("empty answers feed = %+v", f)
	}

	older := s.addPetition(petitions.Petition{Status: petitions.StatusAnswered, Title: "경로당 냉방비 지원", OpenedAt: ago(50 * day),
		ClosesAt: ago(20 * day), ThresholdAt: ago(40 * day), SupportCount: 1200})
	s.addAnswer(older, "경로당 냉방비를 **2027년**까지 지원하겠습니다.", *ago(30 * day))
	newer := s.addPetition(petitions.Petition{Status: petitions.StatusAnswered, Title: "문래동 공영주차장 확충", OpenedAt: ago(40 * day),
		ClosesAt: ago(10 * day), ThresholdAt: ago(35 * day), SupportCount: 1500})
	ans := s.addAnswer(newer, "## 답변 요지\n\n주차장을 120면 늘리겠습니다.", *ago(5 * day))
	edited := *ago(2 * day)
	if err := s.db.Model(ans).Updates(map[string]any{"video_url": "https://youtu.be/dQw4w9WgXcQ", "updated_at": edited}).Error; err != nil {
		t.Fatal(err)
	}
	taken := s.addPetition(petitions.Petition{Status: petitions.StatusHidden, HiddenFrom: petitions.StatusAnswered, Title: "내려진 청원",
		OpenedAt: ago(40 * day), ThresholdAt: ago(35 * day)})
	s.addAnswer(taken, "내려진 청원의 답변", *ago(day))
	s.addPetition(petitions.Petition{Status: petitions.StatusAwaitingAnswer, Title: "답변 기다리는 청원", OpenedAt: ago(10 * day),
		ClosesAt: ago(-20 * day), ThresholdAt: ago(2 * day)})

	f, r := readFeed(t, b, "/feeds/answers.atom")
	r.rendered(t, http.StatusOK, "문래동 공영주차장 확충").lacks(t, "내려진 청원", "답변 기다리는 청원")
	if len(f.Entries) != 2 {
		t.Fatalf("%d entries, want the 2 public answers", len(f.Entries))
	}
	e := f.Entries[0]
	link := "http://ydp1.test/petitions/" + strconv.Itoa(int(newer.ID)) + "#answer"
	if e.Title != "영등포구청장 답변: 문래동 공영주차장 확충" || e.ID != "tag:ydp1.ydp.go.kr,2026:petition/"+strconv.Itoa(int(newer.ID))+"/answer" || e.Links[0].Href != link || e.Author != "영등포구청장" {
		t.Errorf("latest answer entry = %+v", e)
	}
	if e.Content.Type != "html" || !strings.Contains(e.Content.Text, "<h2>답변 요지</h2>") ||
		!strings.Contains(e.Content.Text, `<a href="https://youtu.be/dQw4w9WgXcQ">답변 영상 보기</a>`) {
		t.Errorf("answer content = %+v", e.Content)
	}
	if up, pub := entryTime(t, e.Updated), entryTime(t, e.Published); !up.Equal(edited.Truncate(time.Second)) ||
		!pub.Equal(ans.AnsweredAt.Truncate(time.Second)) {
		t.Errorf("an edited answer is updated %s, published %s; want %s, %s", e.Updated, e.Published, edited, ans.AnsweredAt)
	}
	if !strings.Contains(f.Entries[1].Content.Text, "<strong>2027년</strong>") || f.Entries[1].Title != "영등포구청장 답변: 경로당 냉방비 지원" {
		t.Errorf("older answer entry = %+v", f.Entries[1])
	}
	if up, pub := entryTime(t, f.Entries[1].Updated), entryTime(t, f.Entries[1].Published); !up.Equal(pub) {
		t.Errorf("an answer never edited is updated %s, published %s; want its own date twice", f.Entries[1].Updated, f.Entries[1].Published)
	}
	if f.Entries[0].Updated != f.Updated {
		t.Errorf("feed updated %s, want its latest entry's %s", f.Updated, f.Entries[0].Updated)
	}

	// a reader holding this version gets 304
	req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/feeds/answers.atom", nil)
	req.Header.Set("If-None-Match", r.header.Get("ETag"))
	if res := b.do(req); res.status != http.StatusNotModified || r.header.Get("ETag") == "" {
		t.Errorf("conditional request: status %d with ETag %q", res.status, r.header.Get("ETag"))
	}
}

// TestFeedIDsStayWhenTheSiteMoves: the same records served at another
// address keep their feed and entry ids, so readers see nothing twice.
func TestFeedIDsStayWhenTheSiteMoves(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	p := s.addPetition(petitions.Petition{Status: petitions.StatusAnswered, Title: "경로당 냉방비 지원", OpenedAt: ago(50 * day),
		ClosesAt: ago(20 * day), ThresholdAt: ago(40 * day), SupportCount: 1200})
	s.addAnswer(p, "지원하겠습니다.", *ago(30 * day))
	moved := s.servedAt("https://participate.ydp.go.kr")
	for _, path := range []string{"/feeds/petitions.atom", "/feeds/answers.atom"} {
		here, _ := readFeed(t, s.browser(), path)
		there, _ := readFeed(t, moved.browser(), path)
		if len(here.Entries) != 1 || len(there.Entries) != 1 || here.ID != there.ID || here.Entries[0].ID != there.Entries[0].ID {
			t.Fatalf("%s: ids at ydp1.test %q %+v, at participate.ydp.go.kr %q %+v", path, here.ID, here.Entries, there.ID, there.Entries)
		}
		if !strings.HasPrefix(here.ID, "tag:ydp1.ydp.go.kr,2026:") || !strings.HasPrefix(there.Entries[0].Links[0].Href, "https://participate.ydp.go.kr/petitions/") {
			t.Errorf("%s: id %q, entry link %q", path, here.ID, there.Entries[0].Links[0].Href)
		}
	}
}

// servedAt is the same site, on the same database, served at base.
func (s *testSite) servedAt(base string) *testSite {
	s.t.Helper()
	cfg := s.app.cfg
	cfg.BaseURL = base
	a, err := New(cfg, s.db, s.app.log)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(a.Close)
	srv := httptest.NewServer(a.Handler())
	s.t.Cleanup(srv.Close)
	return &testSite{t: s.t, app: a, db: s.db, srv: srv}
}

func TestFeedsAreAnnounced(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	for _, path := range []string{"/", "/petitions", "/stats"} {
		s.browser().get(path).has(t,
			`<link rel="alternate" type="application/atom+xml" title="영등포신문고 새 청원" href="/feeds/petitions.atom">`,
			`<link rel="alternate" type="application/atom+xml" title="영등포신문고 구청장 답변" href="/feeds/answers.atom">`)
	}
}

// A feed speaks the reader's language (Accept-Language, as the pages do):
// its title and the entries' summaries; the petitions' own words stay as
// written and the ids stay the same in every language.
func TestFeedsFollowTheLanguage(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	author := s.addAuthor("김영희", "문래동")
	p := s.addPetition(petitions.Petition{AuthorID: author.ID, Status: petitions.StatusOpen, Category: "도시",
		Title: "문래동 공영주차장 확충", OpenedAt: ago(time.Hour), ClosesAt: ago(-20 * day), SupportCount: 3})
	for _, c := range []struct{ accept, title, summary string }{
		{"en-GB,en;q=0.9", "Yeongdeungpo Sinmungo: new petitions", "Open · 3 supports · closes "},
		{"zh-CN", "永登浦申闻鼓 新请愿", "进行中 · 附议 3人 · "},
	} {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+"/feeds/petitions.atom", nil)
		req.Header.Set("Accept-Language", c.accept)
		r := s.browser().do(req)
		r.is(t, http.StatusOK)
		var f atomFeed
		if err := xml.Unmarshal([]byte(r.body), &f); err != nil {
			t.Fatal(err)
		}
		if f.Title != c.title || f.ID != "tag:ydp1.ydp.go.kr,2026:feeds/petitions" || len(f.Entries) != 1 ||
			f.Entries[0].Title != p.Title || !strings.Contains(f.Entries[0].Summary, c.summary) ||
			strings.Contains(f.Entries[0].Summary, "공감") || !strings.Contains(strings.Join(r.header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("%s: feed %q %q, entries %+v, Vary %q", c.accept, f.Title, f.ID, f.Entries, r.header.Values("Vary"))
		}
	}
}
