package app

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/ideas"
)

var (
	teamURL  = regexp.MustCompile(`^/admin/ideas/teams/(\d+)$`)
	ideaURL  = regexp.MustCompile(`^/admin/ideas/(\d+)$`)
	roundURL = regexp.MustCompile(`^/admin/ideas/rounds/(\d+)$`)
)

func idFrom(t *testing.T, re *regexp.Regexp, r response) string {
	t.Helper()
	m := re.FindStringSubmatch(r.url)
	if m == nil {
		t.Fatalf("landed on %s (status %d), want %s\n%s", r.url, r.status, re, excerpt(r.body))
	}
	return m[1]
}

// mkStaff creates a staff account and logs it in.
func (d *deskSite) mkStaff(t *testing.T, email, name string) (*models.User, *browser) {
	t.Helper()
	u, err := models.CreateVerifiedUser(d.db, email, "deskpass123", name, "", models.RoleStaff, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	return u, d.logIn(email, "deskpass123")
}

func uid(u *models.User) string { return strconv.Itoa(int(u.ID)) }

// TestIdeaCycleThroughTheDesk works a whole cycle as staff, committee
// members and the secretary would: team, meeting, idea, round, scores,
// close, decision with award, progress, the public page and the report.
func TestIdeaCycleThroughTheDesk(t *testing.T) {
	d := newDeskSite(t)
	staff := d.staffUser(t)
	resident := d.signUp("resident@example.com", "정하늘", "도림동")

	// admins set up a team; a name is required
	r := d.admin.submit("/admin/ideas/teams", "/admin/ideas/teams", url.Values{"name": {" "}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "국 이름을 입력해 주세요")
	r = d.admin.submit("/admin/ideas/teams", "/admin/ideas/teams", url.Values{"name": {"행정국"}})
	r.is(t, http.StatusOK)
	team := idFrom(t, teamURL, r)
	r = d.admin.submit("/admin/ideas/teams/"+team, "/admin/ideas/teams/"+team+"/members", url.Values{"user_id": {uid(staff)}})
	r.is(t, http.StatusOK)
	r.has(t, "구성원을 추가했습니다", "박담당", "10명에 못 미칩니다", "이번 분기")
	d.staff.get("/admin/ideas/teams").has(t, "행정국", "인원 미달", "아직 없음")

	// a member records the quarterly meeting; the form keeps the notes on an error
	today := time.Now().In(models.Seoul).Format("2006-01-02")
	r = d.staff.submit("/admin/ideas/teams/"+team, "/admin/ideas/teams/"+team+"/meetings", url.Values{"held_on": {today}, "notes": {"민원 서식 줄이기 논의"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "참석한 구성원을 한 명 이상 골라 주세요", "민원 서식 줄이기 논의")
	r = d.staff.submit("/admin/ideas/teams/"+team, "/admin/ideas/teams/"+team+"/meetings", url.Values{"held_on": {today}, "attendees": {uid(staff)}, "notes": {"민원 서식 줄이기 논의"}})
	r.rendered(t, http.StatusOK, "모임을 기록했습니다", "모임 1회").lacks(t, "이번 분기(")

	// staff submit an idea; errors sit beside the fields and the input stays
	r = d.staff.submit("/admin/ideas/new", "/admin/ideas", url.Values{"title": {"민원 서식 자동 채움"}, "proposers": {uid(staff)}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "현황 및 문제점을(를) 입력해 주세요", "관련 부서를 입력해 주세요", `value="민원 서식 자동 채움"`)
	r = d.staff.submit("/admin/ideas/new", "/admin/ideas", url.Values{"title": {"민원 서식 자동 채움"},
		"problem": {"같은 내용을 세 번 옮겨 적습니다."}, "proposal": {"접수 화면에서 한 번 입력하면 대장과 통지서에 자동으로 채워지게 합니다."},
		"effect": {"처리 시간 절반"}, "department": {"민원여권과"}, "bureau_id": {team}, "proposers": {uid(staff)}})
	r.is(t, http.StatusOK)
	idea := idFrom(t, ideaURL, r)
	r.has(t, "제안을 제출했습니다", "제출", "이름 비공개")

	// admins name the committee and open a round
	var members []*browser
	for i, name := range []string{"김위원", "이위원", "최위원"} {
		u, b := d.mkStaff(t, "member"+strconv.Itoa(i)+"@ydp1.test", name)
		r = d.admin.submit("/admin/ideas/committee", "/admin/ideas/committee", url.Values{"user_id": {uid(u)}, "position": {"국장"}})
		r.is(t, http.StatusOK)
		members = append(members, b)
	}
	r.has(t, "위원 3명")
	r = d.admin.submit("/admin/ideas/rounds/new", "/admin/ideas/rounds", url.Values{"name": {""}, "scale_max": {"25"}, "rule": {"trimmed"}, "closes_at": {"2020-01-01T18:00"}, "ideas": {idea}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "회차 이름을 입력해 주세요", "마감 일시는 지금보다 뒤여야 합니다")
	closes := time.Now().In(models.Seoul).AddDate(0, 0, 7).Format("2006-01-02T15:04")
	r = d.admin.submit("/admin/ideas/rounds/new", "/admin/ideas/rounds", url.Values{"name": {"하반기 제안심의회"}, "scale_max": {"25"}, "rule": {"trimmed"}, "closes_at": {closes}, "ideas": {idea}})
	r.is(t, http.StatusOK)
	round := idFrom(t, roundURL, r)
	scorePath := "/admin/ideas/rounds/" + round + "/ideas/" + idea

	// staff outside the committee see neither the round nor the scoring page
	d.staff.get("/admin/ideas/rounds/"+round).is(t, http.StatusForbidden)
	d.staff.get(scorePath).is(t, http.StatusForbidden)
	d.staff.submit("/admin/ideas", scorePath, score(20)).is(t, http.StatusForbidden)
	resident.get(scorePath).is(t, http.StatusForbidden)
	// the secretary may read the scoring page but not score, nor see scores before the close
	d.admin.get(scorePath).has(t, "이 심사의 위원이 아니어서 채점하지 않습니다")
	d.admin.submit(scorePath, scorePath, score(20)).is(t, http.StatusForbidden)
	d.staff.submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/decide", url.Values{"adopt": {"reject"}}).is(t, http.StatusForbidden)

	// a member scores; the others' scores show only after one's own are in
	r = members[0].get(scorePath)
	r.is(t, http.StatusOK)
	r.has(t, "내 점수를 저장한 뒤에 볼 수 있습니다", "창의성 (1–25)")
	r = members[0].submit(scorePath, scorePath, url.Values{"creativity": {"30"}, "economy": {"20"}, "practicality": {"20"}, "scope": {"20"}, "remark": {"좋은 제안"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "창의성 점수를 1에서 25 사이의 정수로 입력해 주세요", "좋은 제안")
	members[0].submit(scorePath, scorePath, score(20)).has(t, "점수를 저장했습니다", "아직 다른 위원의 점수가 없습니다")
	members[1].get(scorePath).rendered(t, http.StatusOK, "지금까지 1명이 채점했습니다").lacks(t, "김위원")
	r = members[1].submit(scorePath, scorePath, score(10))
	r.has(t, "점수를 저장했습니다", "김위원", "80")
	members[0].get("/admin/ideas/rounds/"+round).has(t, "채점함", "2/3명", "순위와 점수는 마감 후 공개됩니다")

	// the secretary closes the round: scores lock and the ranking shows its rule
	d.admin.submit("/admin/ideas/rounds/"+round, "/admin/ideas/rounds/"+round+"/close", url.Values{}).has(t, "심사를 마감했습니다", "1위", "최고·최저 제외 평균", "가장 높은 총점 1개와 가장 낮은 총점 1개를 뺀", "60.00",
		`<a href="`+scorePath+`">위원별 점수`) // the secretary reaches each idea's scores from the ranking
	members[2].submit(scorePath, scorePath, score(25)).has(t, "심사가 마감되어 점수를 넣거나 바꿀 수 없습니다")
	members[2].get(scorePath).has(t, "심사가 마감되어 점수가 잠겼습니다", "김위원", "이위원")
	d.admin.get(scorePath).has(t, "위원들의 점수", "김위원", "이위원")

	// the decision: the award must be within bounds, then adoption with award
	decide := url.Values{"adopt": {"adopt"}, "department": {"민원여권과"}, "due_on": {time.Now().In(models.Seoul).AddDate(0, 2, 0).Format("2006-01-02")}, "grade": {"우수"}, "amount": {"2,500,000"}}
	r = d.admin.submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/decide", decide)
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "포상금은 30,000원에서 2,000,000원 사이로 입력해 주세요", `value="2,500,000"`)
	decide.Set("amount", "500,000")
	r = d.admin.submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/decide", decide)
	r.has(t, "채택했습니다", "우수 · 500,000원")
	d.admin.get("/admin/ideas").has(t, "500,000원", "16,900,000원", `<span class="badge idea-badge idea-adopted">채택</span>`)

	// the department posts progress; residents see it without the proposer's name
	r = d.staff.submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/progress", url.Values{"progress": {""}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "진행 내용을 입력해 주세요")
	d.staff.submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/progress", url.Values{"progress": {"모든 동 주민센터에서 자동 채움을 씁니다."}, "done": {"yes"}}).has(t, "반영완료로 기록했습니다")
	pub := d.browser().get("/ideas")
	pub.rendered(t, http.StatusOK, "민원 서식 자동 채움", "민원여권과", `<span class="badge idea-badge idea-done">반영완료</span>`,
		"모든 동 주민센터에서 자동 채움을 씁니다.").lacks(t, "박담당")
	d.staff.get("/admin/ideas/"+idea).has(t, `<span class="badge idea-badge idea-done">반영완료</span>`)
	d.staff.submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/consent", url.Values{"publish_name": {"yes"}}).has(t, "이름 공개에 동의했습니다")
	d.browser().get("/ideas").has(t, "제안한 직원", "박담당")
	members[0].submit("/admin/ideas/"+idea, "/admin/ideas/"+idea+"/consent", url.Values{"publish_name": {"yes"}}).is(t, http.StatusForbidden)

	// the report per quarter and 국, and its CSV
	q := strconv.Itoa(ideas.QuarterOf(time.Now())) + "분기"
	d.staff.get("/admin/ideas/report").has(t, q, "행정국", "500,000원")
	csv := d.staff.get("/admin/ideas/report.csv")
	csv.is(t, http.StatusOK)
	if !strings.HasPrefix(csv.body, "\uFEFF연도,분기,국") || !strings.Contains(csv.body, ","+q+",행정국,1,1,1,1,1,500000") {
		t.Errorf("csv:\n%s", csv.body)
	}

	// every staff action is in the audit log
	for _, action := range []string{ideas.AuditBureauCreate, ideas.AuditIdeaMeeting, ideas.AuditIdeaSubmit, ideas.AuditRoundOpen,
		ideas.AuditScore, ideas.AuditRoundClose, ideas.AuditIdeaDecide, ideas.AuditIdeaAward, ideas.AuditIdeaProgress, ideas.AuditIdeaConsent} {
		var n int64
		d.db.Model(&models.AuditEntry{}).Where("action = ?", action).Count(&n)
		if n == 0 {
			t.Errorf("no audit entry %s", action)
		}
	}
	d.admin.get("/admin/audit").has(t, "번 심사 회차</a>에서 제안을 채점했습니다.", "번 제안</a>의 포상을 결정했습니다.", "<dt>창의성</dt>")
}

func score(v int) url.Values {
	s := strconv.Itoa(v)
	return url.Values{"creativity": {s}, "economy": {s}, "practicality": {s}, "scope": {s}}
}

// TestIdeaSetupPagesAreForAdmins: staff see the lists but not the set-up forms and cannot post them.
func TestIdeaSetupPagesAreForAdmins(t *testing.T) {
	d := newDeskSite(t)
	staff := d.staffUser(t)
	for _, p := range []string{"/admin/ideas", "/admin/ideas/new", "/admin/ideas/teams", "/admin/ideas/committee", "/admin/ideas/report", "/ideas"} {
		d.staff.get(p).is(t, http.StatusOK)
	}
	d.staff.get("/admin/ideas/teams").rendered(t, http.StatusOK, "<h1>아이디어단(국)</h1>").lacks(t, "아이디어단 만들기")
	d.staff.get("/admin/ideas/rounds/new").is(t, http.StatusForbidden)
	for _, p := range []string{"/admin/ideas/teams", "/admin/ideas/committee", "/admin/ideas/rounds", "/admin/ideas/budget"} {
		d.staff.submit("/admin/ideas", p, url.Values{"name": {"해킹국"}, "user_id": {uid(staff)}}).is(t, http.StatusForbidden)
	}
	// the budget form, for admins, with its message on a wrong amount
	d.admin.submit("/admin/ideas", "/admin/ideas/budget", url.Values{"year": {"2026"}, "budget": {"많이"}}).has(t, "예산은 0원에서 10억 원 사이")
	d.admin.submit("/admin/ideas", "/admin/ideas/budget", url.Values{"year": {strconv.Itoa(time.Now().In(models.Seoul).Year())}, "budget": {"20,000,000"}}).has(t, "포상 예산을 저장했습니다", "20,000,000원")
	// a meeting can only be recorded by the team's members (and admins)
	b, err := ideas.CreateBureau(d.db, 0, "복지국", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/ideas/teams/" + strconv.Itoa(int(b.ID))
	d.staff.get(path).rendered(t, http.StatusOK, `<h1><span lang="ko">복지국</span> 아이디어단</h1>`).lacks(t, "모임 기록")
	d.staff.submit("/admin/ideas", path+"/meetings", url.Values{"held_on": {"2020-01-01"}}).is(t, http.StatusForbidden)
	d.staff.get("/admin/ideas/999999").is(t, http.StatusNotFound)
	d.admin.get("/admin/ideas/rounds/999999").is(t, http.StatusNotFound)
}
