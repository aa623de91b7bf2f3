package app

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ydp1/models"
)

// deskStage is the site with residents and petitions ready for the desk.
type deskStage struct {
	t      *testing.T
	s      *testSite
	author *browser
	people int
}

// resident creates a verified account and logs it in over HTTP.
func (st *deskStage) resident(name, dong string) *browser {
	st.t.Helper()
	st.people++
	email := fmt.Sprintf("resident%d@example.com", st.people)
	if _, err := models.CreateVerifiedUser(st.s.db, email, "residentpass1", name, dong, models.RoleResident, time.Now().UTC()); err != nil {
		st.t.Fatal(err)
	}
	return st.s.logIn(email, "residentpass1")
}

// inReview files a petition and gathers its 사전동의, each supporter with a
// word; it returns the petition's path.
func (st *deskStage) inReview(title string, words ...string) string {
	st.t.Helper()
	r := st.author.submit("/petitions/new", "/petitions", url.Values{"confirm": {"1"}, "title": {title}, "category": {"생활환경·교통안전"}, "dong": {"신길1동"},
		"body": {title + "을(를) 요청합니다. 주민들이 오래 불편을 겪고 있어 구청의 빠른 조치가 필요합니다."}})
	r.is(st.t, 200)
	m := petitionURL.FindStringSubmatch(r.url)
	sh := shareURL.FindStringSubmatch(r.body)
	if m == nil || sh == nil {
		st.t.Fatalf("filing %q ended at %s without a 사전동의 link", title, r.url)
	}
	for _, word := range words {
		st.resident("이웃"+fmt.Sprint(st.people), "대림1동").submit(sh[1], "/petitions/"+m[1]+"/support",
			url.Values{"share": {strings.Split(sh[1], "share=")[1]}, "comment": {word}}).is(st.t, 200)
	}
	return "/petitions/" + m[1]
}

var reportHref = regexp.MustCompile(`href="(/petitions/\d+/report\?comment=\d+[^"]*)"`)

// pressIn presses the button with this text inside the list item that shows
// the words: the report queue has a 기각 and an 인용 for every group.
func (v *visitor) pressIn(step, words, text string) {
	v.j.t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll("li")].filter(li => li.innerText.includes(%s)).flatMap(li => [...li.querySelectorAll("button")]).find(b => b.innerText.trim().startsWith(%s))`,
		js(words), js(text))
	if !eval[bool](v, `!!(`+find+`)`) {
		v.fatalf("no button %q next to %q", text, words)
	}
	v.load(step, "press "+text, chromedp.Click(chromedp.JSPath(find)))
}

// deskLogIn logs a desk account in through the form and opens the desk.
func (j *journey) deskLogIn(who, email string) *visitor {
	j.t.Helper()
	v := j.visitor(who)
	v.open("login", "/login")
	v.fill("이메일", email)
	v.fill("비밀번호", "deskpass1234")
	v.press("home", "로그인")
	v.follow("desk", "업무 데스크")
	return v
}

func TestBrowserStaffJourney(t *testing.T) {
	s := newTestSite(t, browserSettings)
	for _, acc := range []struct {
		email, name string
		role        models.Role
	}{{"staff@ydp1.test", "박담당", models.RoleStaff}, {"admin@ydp1.test", "최관리", models.RoleAdmin}} {
		if _, err := models.CreateVerifiedUser(s.db, acc.email, "deskpass1234", acc.name, "", acc.role, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
	st := &deskStage{t: t, s: s}
	st.author = st.resident("김영희", "신길1동")
	const (
		toPublish = "신길1동 어린이공원 그늘막 설치"
		toHide    = "우리 가게 개업 할인 안내"
		toAnswer  = "대림역 환승 통로 엘리베이터 설치"
		later     = "도림천 자전거도로 야간 조명"
		rude      = "이런 청원 올리는 사람은 한심합니다"
		fair      = "출퇴근 때마다 계단이 힘듭니다"
	)
	publishPath := st.inReview(toPublish, "아이들이 더위에 지칩니다", "그늘이 필요해요")
	hidePath := st.inReview(toHide, "", "")
	answerPath := st.inReview(toAnswer, rude, fair)
	laterPath := st.inReview(later, "", "")

	// the petition to answer goes public and reaches the threshold over HTTP;
	// a resident reports both of its words
	staffHTTP := s.logIn("staff@ydp1.test", "deskpass1234")
	staffHTTP.submit(answerPath, "/admin"+answerPath+"/publish", url.Values{}).has(t, "청원을 공개했습니다")
	st.resident("정하늘", "대림2동").submit(answerPath, answerPath+"/support", url.Values{}).has(t, "구청장이 답변합니다")
	reporter := st.resident("오민지", "대림3동")
	page := reporter.get(answerPath)
	for _, word := range []string{rude, fair} {
		i := strings.Index(page.body, word)
		if i < 0 {
			t.Fatalf("the petition does not show %q", word)
		}
		link := reportHref.FindStringSubmatch(page.body[i:])
		if link == nil {
			t.Fatalf("no 신고 link after %q", word)
		}
		form := strings.ReplaceAll(link[1], "&amp;", "&")
		reporter.submit(form, answerPath+"/report", url.Values{"comment": {queryOf(t, form, "comment")}, "reason": {"욕설·비방"}}).
			has(t, "신고를 접수했습니다")
	}

	// two browsers one after the other: each journey has a time limit of its own
	j := newJourney(t, s, "staff", 1280, 900)
	staff := j.deskLogIn("박담당", "staff@ydp1.test")
	staff.sees("검토 대기", toPublish, toHide, later, "답변 대기", toAnswer)

	// 공개: the petition opens for 공감
	staff.follow("review", toPublish)
	staff.sees("담당자 처리", "검토중")
	staff.press("published", "공개")
	staff.sees("청원을 공개했습니다", "진행중", "/ 목표 3명")

	// a progress update joins its timeline
	staff.fill("유형", "현장 방문")
	staff.fill("내용", "담당 부서가 어린이공원을 찾아 그늘막 자리를 살펴보았습니다.")
	staff.press("progress", "진행 상황 등록")
	staff.sees("진행 상황을 등록했습니다", "현장 방문", "그늘막 자리를 살펴보았습니다")

	// 비공개 처리 with a reason the author can read
	staff.open("desk-again", "/admin")
	staff.follow("review-ad", toHide)
	staff.press("hide-without-reason", "비공개 처리")
	staff.statusIs(422)
	if got := staff.fieldError("비공개 사유"); got == "" {
		t.Errorf("no error next to 비공개 사유 when it was left empty")
	}
	staff.fill("비공개 사유", "광고")
	staff.fill("작성자에게 전할 설명", "가게 홍보는 청원으로 받을 수 없습니다.")
	staff.press("hidden", "비공개 처리")
	staff.sees("청원을 비공개로 처리했습니다", "비공개", "광고")
	st.author.get(hidePath).has(t, "가게 홍보는 청원으로 받을 수 없습니다")
	s.browser().get(hidePath).is(t, 404)

	// the answer with its video
	staff.open("desk-answer", "/admin")
	staff.follow("awaiting", toAnswer)
	staff.sees("답변대기", "구청장 답변 등록")
	staff.fill("답변 내용", "## 답변 요지\n\n대림역 환승 통로에 엘리베이터를 **2027년**까지 설치하겠습니다.")
	staff.fill("영상 주소", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	staff.press("answered", "답변 등록")
	staff.sees("답변을 등록했습니다", "답변완료", "영등포구청장 답변", "2027년")
	staff.play()
	src := eval[string](staff, `(f => f ? f.src : "")(document.querySelector(".answer iframe"))`)
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") {
		t.Errorf("answer video src = %q", src)
	}

	// the report queue: one word back on the page, the other hidden for good
	j = newJourney(t, s, "staff-reports", 1280, 900)
	staff = j.deskLogIn("박담당", "staff@ydp1.test")
	staff.open("reports", "/admin/reports")
	staff.sees("신고 검토", rude, fair, "신고 1건")
	staff.pressIn("dismissed", fair, "기각")
	staff.rendered(200, "신고를 기각했습니다", rude).doesNotSee(fair)
	staff.pressIn("upheld", rude, "인용")
	staff.sees("신고를 인용했습니다", "검토할 신고가 없습니다")
	anon := j.visitor("방문자")
	anon.open("answered", answerPath)
	anon.rendered(200, fair, "대림역 환승 통로에 엘리베이터를").doesNotSee(rude)

	// staff cannot change settings; an admin can, and it holds from then on
	staff.open("settings-refused", "/admin/settings")
	staff.statusIs(403)
	admin := j.deskLogIn("최관리", "admin@ydp1.test")
	admin.follow("settings", "설정")
	if got := admin.value("답변 기준 공감 수(명)"); got != "3" {
		t.Errorf("the threshold field reads %q, want 3", got)
	}
	admin.fill("답변 기준 공감 수(명)", "5")
	admin.press("settings-saved", "설정 저장")
	admin.sees("설정을 저장했습니다")
	if got := admin.value("답변 기준 공감 수(명)"); got != "5" {
		t.Errorf("after saving, the threshold field reads %q, want 5", got)
	}
	admin.open("home", "/")
	admin.sees("5명이 공감한 청원에는")
	staff.open("later", laterPath)
	staff.press("later-published", "공개")
	staff.sees("청원을 공개했습니다", "/ 목표 5명")
	staff.open("earlier", publishPath)
	staff.sees("/ 목표 3명") // published before the change, it keeps its threshold
}
