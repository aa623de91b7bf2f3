package app

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
)

var fixtureSeq atomic.Int64

// addAuthor stores a verified resident to file the fixtures of a test.
func (s *testSite) addAuthor(name, dong string) *models.User {
	s.t.Helper()
	n := fixtureSeq.Add(1)
	u, err := models.CreateVerifiedUser(s.db, fmt.Sprintf("author%d@example.com", n), "password123", name, dong,
		models.RoleResident, time.Now().UTC())
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// addPetition stores a petition row as given, so a test can place one in any
// state and at any time; what it leaves empty gets a plain default.
func (s *testSite) addPetition(p petitions.Petition) *petitions.Petition {
	s.t.Helper()
	now := time.Now().UTC()
	if p.AuthorID == 0 {
		p.AuthorID = s.addAuthor("김작성", "문래동").ID
	}
	if p.Category == "" {
		p.Category = models.Categories[0]
	}
	if p.Body == "" {
		p.Body = "청원 내용은 스무 글자 이상이어야 합니다. 이 청원은 시험용입니다."
	}
	p.ShareToken = fmt.Sprintf("fx%d", fixtureSeq.Add(1))
	if p.PreconsentGoal == 0 {
		p.PreconsentGoal = 10
	}
	if p.PreconsentEndsAt.IsZero() {
		p.PreconsentEndsAt = now.AddDate(0, 0, 7)
	}
	if p.Threshold == 0 {
		p.Threshold = 1000
	}
	if p.AnswerDays == 0 {
		p.AnswerDays = 20
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now.Add(-time.Hour)
	}
	p.UpdatedAt = p.CreatedAt
	if err := s.db.Create(&p).Error; err != nil {
		s.t.Fatalf("store petition: %v", err)
	}
	return &p
}

// addAnswer stores the 구청장's answer to p, written in markdown.
func (s *testSite) addAnswer(p *petitions.Petition, markdown string, at time.Time) *petitions.Answer {
	s.t.Helper()
	a := &petitions.Answer{PetitionID: p.ID, StaffID: p.AuthorID, Answerer: petitions.DefaultAnswerer, Body: markdown,
		BodyHTML: models.RenderMarkdown(markdown), AnsweredAt: at, CreatedAt: at, UpdatedAt: at}
	if err := s.db.Create(a).Error; err != nil {
		s.t.Fatalf("store answer: %v", err)
	}
	return a
}

func ago(d time.Duration) *time.Time {
	t := time.Now().UTC().Add(-d)
	return &t
}

const day = 24 * time.Hour

// tableRow finds the row of a table whose header cell is label and returns its cells' text.
func tableRow(t *testing.T, r response, label string) []string {
	t.Helper()
	row := regexp.MustCompile(`<tr><th scope="row">` + regexp.QuoteMeta(label) + `</th>(.*?)</tr>`).FindStringSubmatch(r.body)
	if row == nil {
		t.Fatalf("no table row %q on %s", label, r.url)
	}
	var cells []string
	for _, m := range regexp.MustCompile(`<td>(.*?)</td>`).FindAllStringSubmatch(row[1], -1) {
		cells = append(cells, regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], ""))
	}
	return cells
}

func TestStatsPage(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	anon := s.browser()

	// before any petition: the page stands, with nothing to measure
	r := anon.get("/stats")
	r.is(t, http.StatusOK)
	r.has(t, "영등포신문고 통계", "접수한 청원", "답변율", "평균 답변 기간", "해당 없음", "월별 현황", "분야별 현황")
	if got := tableRow(t, r, "전체"); strings.Join(got, "|") != "0|0|0|0|–해당 없음|–해당 없음" {
		t.Errorf("empty total row = %q", got)
	}

	cat, other := models.Categories[0], models.Categories[3]
	// answered 5 days after reaching the threshold
	answered := s.addPetition(petitions.Petition{Title: "경로당 냉방비 지원", Category: cat, Status: petitions.StatusAnswered,
		CreatedAt: *ago(9 * day), OpenedAt: ago(8 * day), ClosesAt: ago(-22 * day), ThresholdAt: ago(6 * day)})
	s.addAnswer(answered, "지원하겠습니다.", *ago(day))
	// reached the threshold, answer still due
	s.addPetition(petitions.Petition{Title: "어린이 보호구역 확대", Category: cat, Status: petitions.StatusAwaitingAnswer,
		CreatedAt: *ago(5 * day), OpenedAt: ago(4 * day), ClosesAt: ago(-26 * day), ThresholdAt: ago(2 * day)})
	s.addPetition(petitions.Petition{Title: "도서관 야간 개방", Category: other, Status: petitions.StatusOpen,
		CreatedAt: *ago(3 * day), OpenedAt: ago(2 * day), ClosesAt: ago(-28 * day)})
	s.addPetition(petitions.Petition{Title: "사전동의 중인 청원", Category: other, Status: petitions.StatusPreconsent})
	s.app.pages.invalidate() // the rows above went in behind the site's back

	r = anon.get("/stats")
	r.rendered(t, http.StatusOK, "<h1>영등포신문고 통계</h1>").lacks(t, "경로당 냉방비 지원", "사전동의 중인 청원") // figures only, no titles
	for label, want := range map[string]string{
		cat:   "2|2|2|1|50.0%|5.0일",
		other: "2|1|0|0|–해당 없음|–해당 없음",
		"전체":  "4|3|2|1|50.0%|5.0일",
		"합계":  "4|3|2|1", // the last twelve months
	} {
		if got := strings.Join(tableRow(t, r, label), "|"); got != want {
			t.Errorf("row %s = %s, want %s", label, got, want)
		}
	}
	r.has(t, "<caption>월별 청원 현황", "<caption>분야별 청원 현황")
	seoul := time.Now().In(models.Seoul)
	r.has(t, fmt.Sprintf(`<th scope="row">%d년 %d월</th>`, seoul.Year(), seoul.Month()))

	// two SVG charts, each an image with a name, no script and no inline style
	charts := regexp.MustCompile(`<svg class="chart" id="[a-z-]+" width="100%" height="[0-9]+" role="img" aria-label="[^"]+"`).FindAllString(r.body, -1)
	if len(charts) != 2 {
		t.Errorf("%d named SVG charts, want 2: %q", len(charts), charts)
	}
	r.rendered(t, http.StatusOK, "<title>월별 청원 접수·공개·공감청원·답변 건수 막대그래프", "1,000명 이상 공감, 구청장이 답하는 청원", "월 공감청원 ", "<title>분야별 청원 접수·공개·공감청원·답변 건수 가로 막대그래프</title>",
		"<title>"+cat+" 답변 1건</title>", ">"+cat+"</text>", ">공감청원 2건</text>").
		lacks(t, "style=", "<script>")

	// linked from every page
	home := anon.get("/")
	if home.link(t, "통계") != "/stats" {
		t.Errorf("the 통계 link goes elsewhere")
	}
	r.has(t, `<a href="/stats" aria-current="page">통계</a>`)
}

func TestChartScale(t *testing.T) {
	for _, tt := range []struct{ most, top, step int }{
		{0, 4, 1}, {1, 4, 1}, {3, 4, 1}, {4, 4, 1}, {5, 6, 2}, {7, 8, 2}, {10, 10, 5}, {23, 30, 10}, {100, 100, 50}, {1234, 1500, 500},
	} {
		if top, step := niceScale(tt.most); top != tt.top || step != tt.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", tt.most, top, step, tt.top, tt.step)
		}
	}
}

func TestMonthChartGeometry(t *testing.T) {
	months := make([]petitions.MonthTally, 12)
	for i := range months {
		months[i].Month = time.Date(2023, time.April+time.Month(i), 1, 0, 0, 0, 0, models.Seoul)
	}
	months[11].Received, months[11].Answered = 10, 5
	c := monthChart(months)
	if len(c.Groups) != 12 || c.Groups[0].Label != "4월" || c.Groups[0].Sub != "2023년" || c.Groups[9].Sub != "2024년" {
		t.Fatalf("month groups = %+v", c.Groups)
	}
	last := c.Groups[11].Bars
	// the tallest bar fills the plot from its top (12) to the axis (204 pixels down)
	if last[0].Y != 12 || last[0].H != 192 || last[3].H != 96 || last[1].H != 0 || last[2].H != 0 || last[3].X+last[3].W > 100 {
		t.Errorf("bars of March = %+v", last)
	}
	if last[0].Title != "2024년 3월 접수 10건" {
		t.Errorf("bar title = %q", last[0].Title)
	}
	if c.Groups[11].Alt || !c.Groups[10].Alt {
		t.Errorf("narrow screens must keep the label of the current month")
	}
	// starting in December, the year goes under January only, so the two never overlap
	for i := range months {
		months[i].Month = time.Date(2022, time.December+time.Month(i), 1, 0, 0, 0, 0, models.Seoul)
	}
	c = monthChart(months)
	if c.Groups[0].Sub != "" || c.Groups[1].Sub != "2023년" {
		t.Errorf("years under December and January = %q, %q", c.Groups[0].Sub, c.Groups[1].Sub)
	}
}

func TestSupportersByDongChart(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	p := s.addPetition(petitions.Petition{Status: petitions.StatusOpen, Title: "도림천 산책로 조명 개선", OpenedAt: ago(day), ClosesAt: ago(-29 * day), SupportCount: 4})
	for _, dong := range []string{"문래동", "문래동", "문래동", "당산1동"} {
		u := s.addAuthor("박공감", dong)
		if err := s.db.Create(&petitions.Support{PetitionID: p.ID, UserID: &u.ID, Dong: dong, CreatedAt: time.Now().UTC()}).Error; err != nil {
			t.Fatal(err)
		}
	}
	r := s.browser().get("/petitions/" + fmt.Sprint(p.ID))
	r.is(t, http.StatusOK)
	r.has(t, "행정동별 공감", "<caption class=\"visually-hidden\">행정동별 공감 인원, 많은 순</caption>")
	rows := regexp.MustCompile(`<tr><th scope="row">([^<]+)</th><td><span class="dong-cell"><span class="dong-bar"><svg [^>]*aria-hidden="true"[^>]*><rect width="([0-9.]+)%"[^>]*/></svg></span><span class="dong-count">([^<]+)</span>`).
		FindAllStringSubmatch(r.body, -1)
	var got []string
	for _, m := range rows {
		got = append(got, m[1]+" "+m[2]+"% "+m[3])
	}
	if want := "문래동 100% 3명|당산1동 33.3% 1명"; strings.Join(got, "|") != want {
		t.Errorf("supporters by 행정동 = %q, want %q", strings.Join(got, "|"), want)
	}
	r.rendered(t, http.StatusOK, "행정동별 공감").lacks(t, "style=")
}
