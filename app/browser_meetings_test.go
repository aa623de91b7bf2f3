package app

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ydp1/models"
	"ydp1/models/meetings"
)

// setTime puts a Seoul time into the datetime-local field labelled label, as
// the browser's date picker would; typing into those fields depends on the
// locale's segment order.
func (v *visitor) setTime(label string, t time.Time) {
	v.j.t.Helper()
	id, kind := v.field(label)
	if kind != "datetime-local" {
		v.fatalf("the field %q is a %s, want datetime-local", label, kind)
	}
	want := meetings.FormTime(&t)
	got := eval[string](v, fmt.Sprintf(`(f => { f.value = %s; f.dispatchEvent(new Event("input", {bubbles: true})); f.dispatchEvent(new Event("change", {bubbles: true})); return f.value })(document.getElementById(%s))`, js(want), js(id)))
	if got != want {
		v.fatalf("the field %q took %q as %q", label, want, got)
	}
}

var entryCode = regexp.MustCompile(`^[A-Z2-9]{8}$`)

// bookingCode is the entry code shown on the meeting page after booking.
func (v *visitor) bookingCode() string {
	v.j.t.Helper()
	code := eval[string](v, `(c => c ? c.innerText.trim() : "")(document.querySelector("#booking .code"))`)
	if !entryCode.MatchString(code) {
		v.j.t.Errorf("%s at %s: entry code %q is not 8 letters and digits", v.who, v.url, code)
	}
	return code
}

func TestBrowserMeetingJourney(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	if _, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	j := newJourney(t, s, "meeting", 1280, 900)
	const title = "당산권역 맞춤형 타운홀미팅"
	now := time.Now().In(models.Seoul)
	start := now.AddDate(0, 0, 3).Truncate(time.Hour)

	// staff create the meeting as a draft, then publish it
	staff := j.visitor("박담당")
	staff.open("staff-login", "/login")
	staff.fill("이메일", "staff@ydp1.test")
	staff.fill("비밀번호", "staffpass123")
	staff.press("staff-home", "로그인")
	staff.open("meeting-new", "/admin/meetings/new")
	staff.fill("제목", title)
	staff.fill("종류", "맞춤형 타운홀미팅")
	staff.setTime("시작 일시", start)
	staff.setTime("종료 일시", start.Add(2*time.Hour))
	staff.fill("장소", "당산1동 주민센터 2층 다목적실")
	staff.fill("신청을 받습니다", "yes")
	staff.fill("정원", "2")
	staff.setTime("신청 시작", now.Add(-time.Hour))
	staff.setTime("신청 마감", start.Add(-24*time.Hour))
	staff.press("meeting-created", "등록")
	staff.statusIs(200)
	staff.sees("모임을 등록했습니다", "초안(비공개)")
	m := editURL.FindStringSubmatch(staff.url)
	if m == nil {
		t.Fatalf("after 등록 staff are at %s, want the edit page", staff.url)
	}
	meeting := "/meetings/" + m[1]
	desk := "/admin/meetings/" + m[1]
	staff.press("meeting-published", "공개")
	staff.sees("모임을 공개했습니다", "상태: 신청 중", "공개 페이지 보기")

	// three residents book in their own browsers: two seats, then the waiting list
	type resident struct{ email, name, dong string }
	people := []resident{{"ga@example.com", "김가람", "당산1동"}, {"na@example.com", "이나래", "당산2동"}, {"da@example.com", "박다솜", "양평1동"}}
	var visitors []*visitor
	var codes []string
	for i, p := range people {
		s.signUp(p.email, p.name, p.dong)
		v := j.visitor(p.name)
		v.open("meeting", meeting)
		v.sees(title, "당산1동 주민센터 2층 다목적실")
		v.follow("login-to-book", "로그인하고 신청하기")
		v.fill("이메일", p.email)
		v.fill("비밀번호", "비밀번호pass123")
		v.press("back-at-meeting", "로그인")
		if v.url != meeting {
			t.Fatalf("%s logged in and landed at %s, want %s", p.name, v.url, meeting)
		}
		if i < 2 {
			v.press("booked", "신청하기")
			v.statusIs(200)
			v.sees("신청했습니다", "신청이 확정되었습니다", "신청 취소")
			code := v.bookingCode()
			v.sees("입장 코드는 " + code + "입니다")
			codes = append(codes, code)
		} else {
			v.rendered(200, "정원이 찼습니다").doesNotSee("신청하기")
			v.press("waiting", "대기 신청")
			v.rendered(200, "대기 신청했습니다", "대기 1번째").doesNotSee("신청이 확정되었습니다")
		}
		visitors = append(visitors, v)
	}
	if codes[0] == codes[1] {
		t.Errorf("two bookings share the code %s", codes[0])
	}
	first, third := visitors[0], visitors[2]

	// the first cancels; the third, reloading, has the seat
	first.press("cancelled", "신청 취소")
	first.rendered(200, "신청을 취소했습니다", "정원이 찼습니다", "대기 0명").doesNotSee("신청이 확정되었습니다")
	third.reload("promoted")
	third.rendered(200, "신청이 확정되었습니다").doesNotSee("대기 1번째")
	code := third.bookingCode()

	// staff check the third in at the door; the same code twice is refused
	staff.open("checkin", desk+"/checkin")
	staff.sees("입장 0명 / 신청 2명")
	staff.fill("입장 코드", strings.ToLower(code))
	staff.press("checked-in", "입장 확인")
	staff.sees("입장 확인: 박다솜 님", code, "입장 1명 / 신청 2명")
	staff.fill("입장 코드", code)
	staff.press("checked-in-again", "입장 확인")
	staff.sees("이미 입장한 코드입니다", "박다솜 님", "같은 코드로 두 번 입장할 수 없습니다", "입장 1명 / 신청 2명")

	// after the meeting has started, staff publish the results
	s.app.now = func() time.Time { return start.Add(3 * time.Hour).UTC() }
	staff.open("results-form", desk+"/results")
	staff.rendered(200, "회의록").doesNotSee("모임이 시작된 뒤에 결과를 공개할 수 있습니다")
	staff.fill("회의록", "## 인사 말씀\n\n당산역 환승 통로를 **내년 상반기**까지 넓히겠습니다.")
	staff.fill("주요 의견", "당산역 환승 통로가 좁습니다")
	staff.fill("후속 조치", "교통행정과 현장 조사(12월)")
	staff.press("results-published", "결과 공개")
	staff.statusIs(200)
	staff.sees("결과를 공개했습니다", "에 결과를 공개했습니다")

	// anyone reads them on the meeting page, without the residents' names
	anon := j.visitor("방문자")
	anon.open("results", meeting)
	anon.statusIs(200)
	anon.rendered(200, title, "끝난 모임입니다", "모임 결과", "참석 1명", "당산역 환승 통로가 좁습니다", "교통행정과 현장 조사(12월)", "내년 상반기").doesNotSee("박다솜", "김가람", "이나래", code)
	if got := eval[string](anon, `(e => e ? e.innerText : "")(document.querySelector("#results .prose strong"))`); got != "내년 상반기" {
		t.Errorf("the minutes' markdown is not rendered: <strong> = %q", got)
	}
}

// reload reloads the page, as a person waiting for news does.
func (v *visitor) reload(step string) {
	v.j.t.Helper()
	v.load(step, "reload", chromedp.Reload())
}
