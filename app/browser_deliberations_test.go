package app

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ydp1/models"
	"ydp1/models/deliberations"
)

// voteByScript presses a vote button, which the page's script sends without
// leaving the page, and waits until the live region says the vote counted.
func (v *visitor) voteByScript(text string) {
	v.j.t.Helper()
	eval[bool](v, `(document.querySelector("[data-vote-status]").textContent = "", true)`)
	v.do("press "+text, chromedp.Click(chromedp.JSPath(findScript("button", text))))
	for range 100 {
		said := eval[string](v, `document.querySelector("[data-vote-status]").textContent`)
		if strings.HasPrefix(said, "투표했습니다") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	v.fatalf("pressing %q: the page never said the vote counted; it reads:\n%s", text, clip(v.text()))
}

// statementShown is the statement the vote card shows.
func (v *visitor) statementShown() string {
	v.j.t.Helper()
	return eval[string](v, `(b => b && b.checkVisibility() ? b.innerText.trim() : "")(document.querySelector("[data-vote-body]"))`)
}

// The journey runs on a phone and on a desktop screen.
func TestBrowserDeliberationJourney(t *testing.T) {
	for _, size := range [][2]int64{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(int(size[0])), func(t *testing.T) { deliberationJourney(t, size[0], size[1]) })
	}
}

func deliberationJourney(t *testing.T, width, height int64) {
	s := newTestSite(t, models.DefaultSettings)
	if _, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	j := newJourney(t, s, "deliberation", width, height)
	const title = "문래동 골목 주차 공론장"
	seeds := []string{"거주자 우선 주차구역을 늘려야 합니다", "공영주차장을 지어 주세요", "골목에 화단을 놓아 주세요"}

	// staff open the 공론장 with its seed statements
	staff := j.visitor("박담당")
	staff.open("staff-login", "/login")
	staff.fill("이메일", "staff@ydp1.test")
	staff.fill("비밀번호", "staffpass123")
	staff.press("staff-home", "로그인")
	staff.open("deliberations-desk", "/admin")
	if !eval[bool](staff, `!!document.querySelector('.admin-nav a[href="/admin/deliberations"]')`) {
		t.Error("the desk home has no link to the 열린공론장")
	}
	staff.open("deliberations", "/admin/deliberations")
	staff.follow("deliberation-new", "공론장 열기")
	staff.fill("제목", title)
	staff.fill("질문", "문래동 골목 주차, 무엇부터 바꿀까요?")
	staff.fill("배경 설명", "저녁마다 **골목 주차**로 소방차가 못 들어갑니다.")
	staff.fill("씨앗 의견", strings.Join(seeds, "\n"))
	staff.fill("준비 중 (주민에게 아직 보이지 않음)", "no")
	staff.press("deliberation-opened", "공론장 열기")
	staff.rendered(200, "공론장을 열었습니다", "상태: 진행 중", seeds[0])
	m := deskDeliberationURL.FindStringSubmatch(staff.url)
	if m == nil {
		t.Fatalf("after 공론장 열기 staff are at %s", staff.url)
	}
	page, desk := "/deliberations/"+m[1], staff.url

	// two residents vote in their own browsers, with the script: the next
	// statement takes the place of the one voted on, and gets the focus
	people := []struct{ email, name, dong, mine string }{
		{"ga@example.com", "김가람", "문래동", "밤에는 학교 운동장을 주차장으로 열어 주세요"},
		{"na@example.com", "이나래", "영등포동", "주차 단속보다 주차 공간이 먼저입니다"},
	}
	var residents []*visitor
	for i, p := range people {
		s.signUp(p.email, p.name, p.dong)
		v := j.visitor(p.name)
		v.open("deliberation", page)
		v.rendered(200, title, "저녁마다 골목 주차로", "로그인하고 참여하기").doesNotSee(seeds[0])
		v.follow("login-to-vote", "로그인하고 참여하기")
		v.fill("이메일", p.email)
		v.fill("비밀번호", "비밀번호pass123")
		v.press("back-at-deliberation", "로그인")
		if v.url != page {
			t.Fatalf("%s logged in and landed at %s, want %s", p.name, v.url, page)
		}
		v.sees("남은 의견 " + strconv.Itoa(len(seeds)+i) + "개")
		for k := range len(seeds) + i {
			shown := v.statementShown()
			v.voteByScript([]string{"동의", "비동의", "모르겠음"}[(k+i)%3])
			if k < len(seeds)+i-1 {
				if next := v.statementShown(); next == shown || next == "" {
					t.Errorf("%s: after voting on %q the card shows %q", p.name, shown, next)
				}
				if f := v.focused(); f.ID != "vote-statement" {
					t.Errorf("%s: after a vote the focus is on %s %q, want the next statement", p.name, f.Tag, f.Text)
				}
			}
		}
		v.sees("지금 있는 의견에 모두 투표하셨습니다")
		v.fill("내 의견", p.mine)
		v.press("statement-written", "의견 올리기")
		v.rendered(200, "의견을 올렸습니다", "내가 투표한 의견", p.mine)
		residents = append(residents, v)
	}
	// the first changes a vote from their list
	first := residents[0]
	first.reload("new-statement")
	first.sees(people[1].mine)
	first.voteByScript("동의")
	first.reload("voted-all")
	first.sees("지금 있는 의견에 모두 투표하셨습니다")

	// the map, once computed in the background
	id, _ := strconv.Atoi(m[1])
	if err := deliberations.Recompute(s.db, uint(id), time.Now()); err != nil {
		t.Fatal(err)
	}
	first.follow("results", "의견 지도와 결과 보기")
	first.rendered(200, "의견 지도", "의견별 결과", seeds[0])
	if n := eval[int](first, `document.querySelectorAll("svg.opinion-map").length`); n != 1 {
		t.Errorf("the result page has %d maps", n)
	}

	// staff close it and publish the 결과
	staff.open("desk", desk)
	eval[bool](staff, `(window.confirm = () => true, true)`)
	staff.press("closed", "지금 마감")
	staff.rendered(200, "공론장을 마감했습니다", "결과 공개")
	staff.fill("결과", "주차 계획 초안에 **거주자 우선 주차** 확대를 넣습니다.")
	staff.fill(seeds[0], "yes")
	staff.fill("반영 이유: "+seeds[0], "두 그룹 모두 많이 동의했습니다")
	staff.press("published", "결과 공개")
	staff.rendered(200, "결과를 공개했습니다")

	anon := j.visitor("방문자")
	anon.open("results", page+"/results")
	anon.rendered(200, "구의 결과", "거주자 우선 주차", "반영 이유: 두 그룹 모두 많이 동의했습니다").doesNotSee("나의 위치", people[0].name)

	s.app.mailer.ExpandEvents(t.Context())
	for _, p := range people {
		mails, err := models.MailsTo(s.db, p.email)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ml := range mails {
			found = found || strings.Contains(ml.Subject, "열린공론장 결과가 나왔습니다: "+title) && strings.Contains(ml.Text, "두 그룹 모두 많이 동의했습니다")
		}
		if !found {
			t.Errorf("no mail of the 결과 to %s", p.email)
		}
	}
}
