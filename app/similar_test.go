package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

var suggestion = regexp.MustCompile(`<li><a href="/petitions/(\d+)" target="_blank" rel="noopener">`)

// suggested lists the ids of the petitions suggested on the form, in order.
func suggested(r response) []string {
	var ids []string
	for _, m := range suggestion.FindAllStringSubmatch(r.body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func ids(ps ...*petitions.Petition) []string {
	var out []string
	for _, p := range ps {
		out = append(out, strconv.Itoa(int(p.ID)))
	}
	return out
}

func TestSimilarPetitionsWhileWriting(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	open := func(title string, support int, st petitions.Status) *petitions.Petition {
		return s.addPetition(petitions.Petition{Status: st, Title: title, SupportCount: support, OpenedAt: ago(day), ClosesAt: ago(-29 * day)})
	}
	two := open("문래동 공영주차장 확충", 50, petitions.StatusOpen)
	twoLess := open("문래동 공영주차장 야간 개방", 10, petitions.StatusExpired)
	oneMost := open("공영주차장 요금 인하", 1500, petitions.StatusAnswered)
	open("어린이 보호구역 확대", 900, petitions.StatusOpen)
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusHidden, petitions.StatusLapsed} {
		open("문래동 공영주차장 "+string(st), 5000, st)
	}

	alice := s.signUp("alice@example.com", "김영희", "문래동")
	r := alice.get("/petitions/new")
	r.is(t, http.StatusOK)
	r.has(t, `formaction="/petitions/new#similar" formmethod="post"`, "비슷한 청원 찾기", `aria-live="polite" data-similar`)
	if len(suggested(r)) != 0 {
		t.Errorf("an empty form suggests %v", suggested(r))
	}

	// without JavaScript: the button posts the draft back, which comes back whole with the suggestions
	body := "문래동 창작촌 골목에 주차 공간이 부족해 주말마다 소방차 진입로가 막힙니다.\n공영주차장을 늘려 주세요."
	r = alice.submit("/petitions/new", "/petitions/new", url.Values{
		"title": {"문래동 공영주차장을 늘려 주세요"}, "category": {"도시"}, "dong": {"문래동"}, "body": {body},
	})
	r.is(t, http.StatusOK)
	if got, want := suggested(r), ids(two, twoLess, oneMost); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("suggested %v, want %v (most shared words, then most supported; public only)", got, want)
	}
	r.rendered(t, http.StatusOK, "비슷한 청원 3건", "(‘문래동’, ‘공영주차장을’)", "문래동 공영주차장 확충", "공감 1,500명", "답변완료",
		`value="문래동 공영주차장을 늘려 주세요"`, ">"+body+"</textarea>", `<option value="도시" selected>`, `<option value="문래동" selected>`).
		lacks(t, "문래동 공영주차장 preconsent", "문래동 공영주차장 review", "문래동 공영주차장 hidden", "문래동 공영주차장 lapsed",
			"입력한 내용을 확인해 주세요")
	var n int64
	s.db.Model(&petitions.Petition{}).Where("author_id = (SELECT id FROM users WHERE email = ?)", "alice@example.com").Count(&n)
	if n != 0 {
		t.Errorf("looking for similar petitions filed %d petitions", n)
	}

	// a link with the title works as well
	r = alice.get("/petitions/new?title=" + url.QueryEscape("공영주차장"))
	if got, want := suggested(r), ids(oneMost, two, twoLess); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("suggested %v for 공영주차장, want %v", got, want)
	}
	alice.submit("/petitions/new", "/petitions/new", url.Values{"title": {"지하철 연장"}}).has(t, "비슷한 공개 청원이 없습니다")
	alice.submit("/petitions/new", "/petitions/new", url.Values{"title": {"차 길"}}).has(t, "두 글자 이상인 낱말을 넣고")

	// filing still works from the same form
	r = alice.submit("/petitions/new", "/petitions", url.Values{
		"confirm": {"1"}, "title": {"문래동 공영주차장을 늘려 주세요"}, "category": {"도시"}, "dong": {"문래동"}, "body": {body},
	})
	r.has(t, "청원을 등록했습니다")

	// the form is for residents only
	anon := s.browser()
	if r := anon.get("/petitions/new?title=" + url.QueryEscape("공영주차장")); !strings.HasPrefix(r.url, "/login") {
		t.Errorf("an anonymous visitor reached %s", r.url)
	}
	anon.post("/petitions/new", url.Values{"title": {"공영주차장"}}).is(t, http.StatusForbidden)
}

func TestSimilarPetitionsAtMostFive(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	author := s.addAuthor("김작성", "도림동")
	var all []*petitions.Petition
	for i := 0; i < 7; i++ {
		all = append(all, s.addPetition(petitions.Petition{AuthorID: author.ID, Status: petitions.StatusOpen, SupportCount: i,
			Title: fmt.Sprintf("도림천 산책로 조명 %d", i), OpenedAt: ago(time.Hour), ClosesAt: ago(-29 * day)}))
	}
	b := s.signUp("bob@example.com", "이철수", "도림동")
	r := b.submit("/petitions/new", "/petitions/new", url.Values{"title": {"도림천 산책로"}})
	if got, want := suggested(r), ids(all[6], all[5], all[4], all[3], all[2]); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("suggested %v, want the 5 most supported %v", got, want)
	}
}

func TestSimilarPetitionsAPI(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	p := s.addPetition(petitions.Petition{Status: petitions.StatusOpen, Title: "문래동 공영주차장 확충", SupportCount: 7,
		OpenedAt: ago(day), ClosesAt: ago(-29 * day)})
	s.addPetition(petitions.Petition{Status: petitions.StatusReview, Title: "문래동 공영주차장 검토 중"})

	var got struct {
		Items []struct {
			ID           uint   `json:"id"`
			Title        string `json:"title"`
			StatusLabel  string `json:"status_label"`
			SupportCount int    `json:"support_count"`
			URL          string `json:"url"`
		} `json:"items"`
		Words []string `json:"words"`
	}
	r := s.browser().get("/api/v1/petitions/similar?title=" + url.QueryEscape("공영주차장을 늘려 주세요"))
	r.is(t, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 1 || got.Items[0].ID != p.ID || got.Items[0].Title != p.Title || got.Items[0].StatusLabel != "진행중" ||
		got.Items[0].SupportCount != 7 || got.Items[0].URL != "http://ydp1.test/petitions/"+strconv.Itoa(int(p.ID)) {
		t.Errorf("similar = %+v", got.Items)
	}
	if strings.Join(got.Words, ",") != "공영주차장을" {
		t.Errorf("words = %q", got.Words)
	}
	r = s.browser().get("/api/v1/petitions/similar?title=" + url.QueryEscape("가 나"))
	if r.status != http.StatusOK || !strings.Contains(r.body, `"items":[]`) || !strings.Contains(r.body, `"words":[]`) {
		t.Errorf("no words: %d %s", r.status, r.body)
	}
}
