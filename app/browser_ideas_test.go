package app

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"ydp1/models"
	"ydp1/models/ideas"
)

// choose ticks the radio button or checkbox whose <label> starts with text
// (the rule's radio reads "최고·최저 제외 평균: …").
func (v *visitor) choose(text string) {
	v.j.t.Helper()
	find := fmt.Sprintf(`[...document.querySelectorAll("label")].map(l => [l.textContent.replace(/\s+/g, " ").trim(), l.control]).filter(([t, c]) => c && (t === %[1]s || t.startsWith(%[1]s + " ") || t.startsWith(%[1]s + ":")) && c.checkVisibility()).map(([t, c]) => c)`, js(text))
	if n := eval[int64](v, find+`.length`); n != 1 {
		v.fatalf("%d choices labelled %q, want one", n, text)
	}
	if !eval[bool](v, find+`[0].checked`) {
		v.do("choose "+text, chromedp.Click(chromedp.JSPath(find+`[0]`)))
	}
	if !eval[bool](v, find+`[0].checked`) {
		v.fatalf("%q did not get ticked", text)
	}
}

// pickContaining chooses the first option of the list labelled label whose
// text contains part (the meeting list names a date the test does not fix).
func (v *visitor) pickContaining(label, part string) {
	v.j.t.Helper()
	id, kind := v.field(label)
	if kind != "select" {
		v.fatalf("the field %q is a %s, want a list", label, kind)
	}
	option := eval[string](v, fmt.Sprintf(`(o => o ? o.value : "\u0000")([...document.getElementById(%s).options].find(o => o.value && o.text.includes(%s)))`, js(id), js(part)))
	if option == "\x00" {
		v.fatalf("the list %q has no option with %q", label, part)
	}
	v.do("choose "+part, chromedp.SetValue(chromedp.ID(id), option))
}

// checked reads whether the choice labelled text is ticked.
func (v *visitor) checked(text string) bool {
	v.j.t.Helper()
	return eval[bool](v, fmt.Sprintf(`[...document.querySelectorAll("label")].some(l => l.textContent.replace(/\s+/g, " ").trim() === %s && l.control && l.control.checked)`, js(text)))
}

// ideasLogIn logs a desk account in through the form, from the log-in link
// that leads back to the 창의 아이디어단 desk.
func (j *journey) ideasLogIn(who, email string) *visitor {
	j.t.Helper()
	return j.logInTo(who, email, "/admin/ideas")
}

// logInTo logs a desk account in from a log-in link that leads to next.
func (j *journey) logInTo(who, email, next string) *visitor {
	j.t.Helper()
	v := j.visitor(who)
	v.open("login", "/login?next="+url.QueryEscape(next))
	v.fill("이메일", email)
	v.fill("비밀번호", "deskpass1234")
	v.press("logged-in", "로그인")
	if v.url != next {
		v.fatalf("logging in led to %s, want %s", v.url, next)
	}
	// the account's link, in the header or folded in the phone's menu
	name := eval[string](v, `document.querySelector('.user-nav a[href="/me"]')?.textContent ?? ""`)
	if name != who+"님" {
		v.fatalf("the header names %q, want %q", name, who+"님")
	}
	return v
}

// score fills the four criteria of the scoring form and a remark.
func (v *visitor) score(scale int, creativity, economy, practicality, scope int, remark string) {
	v.j.t.Helper()
	for i, n := range []int{creativity, economy, practicality, scope} {
		v.fill(fmt.Sprintf("%s (1–%d)", langByCode("ko").T(ideas.ScoreCriteria[i].Label), scale), fmt.Sprint(n))
	}
	v.fill("의견", remark)
}

// TestBrowserIdeas works a full round of the 창의 아이디어단 in Chromium:
// the secretary (an admin) sets up a team, the 제안심의회 and a round; staff
// submit ideas; three members score, one of them on a phone with the
// keyboard only; the round closes, the top idea is adopted with an award,
// its department reports until 반영완료, and a resident reads the result.
func TestBrowserIdeas(t *testing.T) {
	s := newTestSite(t, browserSettings)
	now := time.Now().UTC()
	// the accounts exist already: staff accounts are made by admins elsewhere on the desk
	people := []struct {
		email, name string
		role        models.Role
	}{
		{"secretary@ydp1.test", "김간사", models.RoleAdmin},
		{"park@ydp1.test", "박제안", models.RoleStaff},
		{"lee@ydp1.test", "이위원", models.RoleStaff},
		{"choi@ydp1.test", "최위원", models.RoleStaff},
		{"jung@ydp1.test", "정위원", models.RoleStaff},
		{"han@ydp1.test", "한직원", models.RoleStaff},
	}
	for _, p := range people {
		if _, err := models.CreateVerifiedUser(s.db, p.email, "deskpass1234", p.name, "", p.role, now); err != nil {
			t.Fatal(err)
		}
	}
	const (
		ideaA = "민원 서식 자동 채움"
		ideaB = "종이 없는 내부 결재"
		round = "2026년 하반기 제안심의회"
	)
	j := newJourney(t, s, "ideas", 1280, 900)

	// 1. the secretary sets up 행정국's team, records its meeting and names the 제안심의회
	admin := j.ideasLogIn("김간사", "secretary@ydp1.test")
	admin.fill("포상 예산(원)", "5,000,000")
	admin.press("budget", "예산 저장")
	admin.sees("포상 예산을 저장했습니다", "5,000,000원")
	admin.follow("teams", "아이디어단(국)")
	admin.fill("국 이름", "행정국")
	admin.press("team", "만들기")
	admin.sees("행정국 아이디어단을 만들었습니다")
	for _, p := range []string{"박제안 (park@ydp1.test)", "이위원 (lee@ydp1.test)", "한직원 (han@ydp1.test)"} {
		admin.fill("추가할 직원", p)
		admin.press("member", "구성원 추가")
		admin.sees("구성원을 추가했습니다")
	}
	admin.sees("구성원 3명", "10명에 못 미칩니다")
	for _, p := range []string{"박제안", "이위원", "한직원"} {
		admin.choose(p)
	}
	admin.fill("회의 내용과 나온 아이디어", "서식 중복, 종이 결재")
	admin.press("meeting", "모임 기록")
	admin.rendered(200, "모임을 기록했습니다", "모임 1회", "3명: 박제안, 이위원, 한직원").doesNotSee("아직 모이지 않았습니다")
	admin.open("committee", "/admin/ideas/committee")
	for _, m := range []struct{ who, position string }{
		{"이위원 (lee@ydp1.test)", "행정국장"}, {"최위원 (choi@ydp1.test)", "복지국장"}, {"정위원 (jung@ydp1.test)", "도시국장"},
	} {
		admin.fill("직원", m.who)
		admin.fill("직위", m.position)
		admin.press("appoint", "위촉")
		admin.sees("제안심의회 위원으로 위촉했습니다")
	}
	admin.sees("위원 3명 (최대 13명)", "행정국장", "복지국장", "도시국장")

	// 2. staff submit two ideas; the first has two proposers, one on the committee
	park := j.ideasLogIn("박제안", "park@ydp1.test")
	park.follow("new-idea", "제안 제출")
	if got := park.value("아이디어단"); got == "" {
		t.Errorf("the idea form does not preselect the proposer's team")
	}
	if !park.checked("박제안") {
		t.Errorf("the idea form does not tick the submitter as a proposer")
	}
	park.fill("제목", ideaA)
	park.fill("현황 및 문제점", "같은 내용을 세 번 적음")
	park.fill("개선 방안", "한 번 입력해 자동 채움")
	park.fill("기대 효과", "처리 시간 절반")
	park.fill("관련 부서", "민원여권과")
	park.pickContaining("나온 모임", "행정국")
	park.choose("이위원")
	park.choose("내가 제안자이면,")
	park.press("idea-a", "제안 제출")
	park.sees("제안을 제출했습니다", ideaA, "박제안 (이름 공개 동의)", "이위원 (이름 비공개)", "제출")
	ideaAPath := park.url

	han := j.ideasLogIn("한직원", "han@ydp1.test")
	han.follow("new-idea", "제안 제출")
	han.fill("제목", ideaB)
	han.fill("현황 및 문제점", "출력 서명에 하루")
	han.fill("개선 방안", "전자결재로 서명")
	han.fill("기대 효과", "종이 절약")
	han.fill("관련 부서", "총무과")
	han.press("idea-b", "제안 제출")
	han.sees("제안을 제출했습니다", ideaB, "한직원 (이름 비공개)")
	ideaBPath := han.url

	// 3. the secretary opens a round over both, scale 10, highest and lowest dropped
	admin.follow("round-new", "심사 열기")
	admin.sees("위원 3명(이위원, 최위원, 정위원)")
	admin.fill("회차 이름", round)
	admin.fill("항목별 만점", "10")
	admin.choose("최고·최저 제외 평균")
	admin.setTime("마감 일시", now.Add(7*24*time.Hour).Truncate(time.Minute))
	admin.choose(ideaA + " (행정국)")
	admin.choose(ideaB + " (행정국)")
	admin.press("round", "심사 열기")
	admin.sees("심사를 열었습니다", round, "채점 중", "10점 (총점 40점 만점)", "최고·최저 제외 평균", "이위원, 최위원, 정위원")
	roundPath := admin.url

	// 4. the members score. 이위원 proposed A: the page says why they cannot score it
	lee := j.ideasLogIn("이위원", "lee@ydp1.test")
	lee.sees("내가 채점하는 심사")
	lee.follow("round", round)
	lee.sees("본인 제안", "채점하기\n: "+ideaB)
	lee.open("own-score", roundPath+"/ideas/"+ideaID(ideaAPath))
	lee.statusIs(200)
	lee.sees("본인이 제안자인 제안이라 채점하지 않습니다")
	if eval[bool](lee, `!!document.querySelector("form[action*='/ideas/rounds/'] input[type=number]")`) {
		t.Errorf("the proposer is shown a scoring form for their own idea")
	}

	// 최위원 scores first; 정위원 sees no one's scores until saving their own
	choi := j.ideasLogIn("최위원", "choi@ydp1.test")
	choi.follow("round", round)
	choi.follow("score-b", "채점하기 : "+ideaB)
	choi.sees("다른 위원의 점수는 내 점수를 저장한 뒤에 볼 수 있습니다", "지금까지 0명이 채점했습니다")
	choi.score(10, 5, 5, 5, 5, "")
	choi.press("scored-b", "점수 저장")
	choi.sees("점수를 저장했습니다", "아직 다른 위원의 점수가 없습니다")
	choi.follow("back", "← "+round)
	choi.sees("채점함 · 고치기\n: " + ideaB)
	choi.follow("score-a", "채점하기 : "+ideaA)
	choi.score(10, 9, 9, 9, 9, "바로 적용할 만합니다")
	choi.press("scored-a", "점수 저장") // the page stays open: 최위원 tries again after the close
	choi.sees("점수를 저장했습니다", "점수 고치기")

	// a staff member outside the committee gets the 403 page on the scoring page
	han.open("not-a-member", roundPath+"/ideas/"+ideaID(ideaAPath))
	han.rendered(403, "접근 권한이 없습니다").doesNotSee("바로 적용할 만합니다", "내 점수")

	// 이위원 scores B
	lee.follow("round-again", "← "+round)
	lee.follow("score-b", "채점하기 : "+ideaB)
	lee.score(10, 7, 7, 7, 7, "")
	lee.press("scored-b", "점수 저장")
	lee.sees("점수를 저장했습니다", "최위원")

	// 정위원 scores on a phone, A with the keyboard only: no one's scores show until theirs are saved
	phone := &journey{t: t, site: s, name: "ideas-phone", width: 390, height: 844, root: j.root, shots: j.shots}
	jung := phone.logInTo("정위원", "jung@ydp1.test", roundPath+"/ideas/"+ideaID(ideaAPath))
	jung.rendered(200, "다른 위원의 점수는 내 점수를 저장한 뒤에 볼 수 있습니다", "지금까지 1명이 채점했습니다").doesNotSee("바로 적용할 만합니다")
	jung.tabTo("창의성 (1–10)")
	jung.key("11")
	for range 2 {
		jung.key(kb.Tab)
		jung.key("8")
	}
	jung.tabTo("의견 (선택)") // 적용범위 left empty
	jung.key("효과가 큽니다")
	jung.tabTo("점수 저장")
	jung.pressKey("score-error", " ")
	jung.statusIs(422)
	if got := jung.fieldError("창의성 (1–10)"); !strings.Contains(got, "1에서 10 사이의 정수") {
		t.Errorf("the error next to 창의성 reads %q", got)
	}
	if got := jung.fieldError("적용범위 (1–10)"); !strings.Contains(got, "적용범위 점수를") {
		t.Errorf("the error next to 적용범위 reads %q", got)
	}
	if got := jung.value("경제성 (1–10)") + "/" + jung.value("실용성 (1–10)") + "/" + jung.value("의견"); got != "8/8/효과가 큽니다" {
		t.Errorf("the scoring form lost what was typed: %q", got)
	}
	jung.rendered(422, "1에서 10 사이의 정수").doesNotSee("바로 적용할 만합니다")
	jung.tabTo("창의성 (1–10)")
	jung.key(kb.Backspace + kb.Backspace + "8")
	jung.tabTo("적용범위 (1–10)")
	jung.key("8")
	jung.pressKey("scored-a", kb.Enter)
	jung.sees("점수를 저장했습니다", "최위원", "바로 적용할 만합니다")
	// on a phone the table of scores scrolls sideways rather than breaking 창의성 or a name in two
	if broken := eval[[]string](jung, `[...document.querySelectorAll("#others-title ~ .table-scroll th")].filter(th => { const r = document.createRange(); r.selectNodeContents(th); return r.getClientRects().length > 1 }).map(th => th.innerText)`); len(broken) > 0 {
		t.Errorf("on a 390px screen these headings of the others' scores break over lines: %q", broken)
	}
	jung.open("score-b", roundPath+"/ideas/"+ideaID(ideaBPath))
	jung.score(10, 6, 6, 6, 6, "")
	jung.press("scored-b", "점수 저장")
	jung.sees("점수를 저장했습니다", "최위원", "이위원")

	// 5. the secretary closes the round: scores lock, the ranking shows its rule
	admin.open("round", roundPath)
	admin.press("closed", "지금 마감")
	admin.sees("심사를 마감했습니다", "심사 결과 순위", "순위 계산 방법: 최고·최저 제외 평균.", "가장 높은 총점 1개와 가장 낮은 총점 1개를 뺀", "위원별 점수")
	rows := eval[[]string](admin, `[...document.querySelectorAll("table.queue tbody tr")].map(r => r.innerText.replace(/\s+/g, " ").trim())`)
	// A: 36 and 32 (two eligible, both counted); B: 20, 28, 24 → 24 without the highest and lowest
	if len(rows) != 2 || !strings.HasPrefix(rows[0], "1위 "+ideaA) || !strings.Contains(rows[0], "34.00") || !strings.Contains(rows[0], "2/2명") ||
		!strings.HasPrefix(rows[1], "2위 "+ideaB) || !strings.Contains(rows[1], "24.00") || !strings.Contains(rows[1], "3/3명") {
		t.Errorf("the ranking reads:\n%s", strings.Join(rows, "\n"))
	}
	choi.fill("창의성 (1–10)", "10")
	choi.press("too-late", "점수 고치기")
	choi.sees("심사가 마감되어 점수를 넣거나 바꿀 수 없습니다", "심사가 마감되어 점수가 잠겼습니다", "창의성 9", "= 36점")

	// the secretary adopts A with an award: 5,000원 is refused beside the field
	admin.follow("idea-a", ideaA)
	admin.sees("채택 여부와 포상 (기획예산과)")
	admin.choose("채택")
	admin.fill("반영 부서 (채택할 때)", "민원여권과")
	admin.fill("포상 등급", "우수")
	admin.fill("포상금(원)", "5,000")
	admin.fill("의견", "전 동 적용")
	admin.press("decide-error", "결정 저장")
	admin.statusIs(422)
	if got := admin.fieldError("포상금(원)"); !strings.Contains(got, "30,000원에서 2,000,000원 사이") {
		t.Errorf("the error next to 포상금 reads %q", got)
	}
	if got := admin.value("포상금(원)") + "/" + admin.value("반영 부서 (채택할 때)") + "/" + admin.value("포상 등급") + "/" + admin.value("의견"); got != "5,000/민원여권과/우수/전 동 적용" {
		t.Errorf("the decision form lost what was typed: %q", got)
	}
	if !admin.checked("채택") {
		t.Errorf("the decision form lost the 채택 choice")
	}
	admin.fill("포상금(원)", "300,000")
	admin.press("adopted", "결정 저장")
	admin.rendered(200, "채택했습니다", "채택", "우수 · 300,000원", "민원여권과").doesNotSee("채택 여부와 포상 (기획예산과)")

	// 민원여권과 (한직원) posts progress until 반영완료
	han.open("adopted-idea", ideaAPath)
	han.fill("진행 내용", "시범 운영 시작")
	han.press("progress", "진행 상황 올리기")
	han.sees("진행 상황을 올렸습니다", "반영중")
	han.fill("진행 내용", "18개 동 모두 적용")
	han.choose("이것으로 반영을 마칩니다 (반영완료)")
	han.press("done", "진행 상황 올리기")
	han.rendered(200, "반영완료로 기록했습니다", "반영완료").doesNotSee("반영 진행 상황 올리기")

	// 6. a resident reads it on /ideas: 박제안 agreed to be named, 이위원 did not
	anon := j.visitor("주민")
	anon.open("public-ideas", "/ideas")
	anon.rendered(200, ideaA, "반영완료", "민원여권과", "박제안", "한 번 입력해 자동 채움", "시범 운영 시작", "18개 동 모두 적용").doesNotSee("이위원", ideaB, "한직원", "300,000")
}

// ideaID is the last part of an idea's desk path.
func ideaID(path string) string { return path[strings.LastIndex(path, "/")+1:] }
