package app

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ydp1/models"
	"ydp1/models/meetings"
)

// journeyWords are what a resident reads on the way, in one language.
type journeyWords struct {
	code, accept, switchName            string
	home                                string
	email, password, logIn              string
	title, topic, topicOption, body     string
	preview, previewTitle, notYet, file string
	filed, preconsent                   string
	support, supported, supportDone     string
	book, booked, cancel                string
	desk                                string
}

// A resident whose browser and account speak English, Chinese or Korean
// files a petition (form, preview, confirmation), supports another and books
// a seat at a meeting, and staff open the desk: every page says its language,
// shows the texts of that language and, but for what people wrote, no
// Korean in English or Chinese. With YDP1_SHOTS=<dir> the home page, a
// petition, the booking form and the desk are kept there as 390 px wide
// full-page PNGs (home-en.png …).
func TestBrowserJourneyInEachLanguage(t *testing.T) {
	for _, w := range []journeyWords{
		{code: "en", accept: "en-GB,en", switchName: "English", home: "Start a petition",
			email: "Email", password: "Password", logIn: "Log in",
			title: "Title", topic: "Topic", topicOption: "Living environment & traffic safety", body: "Your petition",
			preview: "Preview", previewTitle: "Petition preview", notYet: "Not filed yet.", file: "File petition",
			filed: "Your petition has been filed.", preconsent: "This petition is collecting pre-consents",
			support: "Support", supported: "Thank you for your support.", supportDone: "You support this petition.",
			book: "Book", booked: "You are booked. Your entry code is", cancel: "Cancel booking", desk: "Staff desk"},
		{code: "zh", accept: "zh-CN,zh", switchName: "简体中文", home: "发起请愿",
			email: "电子邮箱", password: "密码", logIn: "登录",
			title: "标题", topic: "领域", topicOption: "生活环境·交通安全", body: "请愿内容",
			preview: "预览", previewTitle: "请愿预览", notYet: "尚未提交。", file: "提交请愿",
			filed: "请愿已提交。", preconsent: "本请愿正在征集预先同意",
			support: "附议", supported: "附议成功。", supportDone: "您已附议此请愿。",
			book: "报名", booked: "报名成功。您的入场码是", cancel: "取消报名", desk: "工作台"},
		{code: "ko", accept: "ko-KR,ko", switchName: "한국어", home: "청원하기",
			email: "이메일", password: "비밀번호", logIn: "로그인",
			title: "제목", topic: "분야", topicOption: "생활환경·교통안전", body: "청원 내용",
			preview: "미리보기", previewTitle: "청원 미리보기", notYet: "아직 등록되지 않았습니다", file: "등록하기",
			filed: "청원을 등록했습니다", preconsent: "사전동의 중인 청원입니다",
			support: "공감하기", supported: "공감했습니다", supportDone: "이 청원에 공감하셨습니다",
			book: "신청하기", booked: "신청했습니다. 입장 코드는", cancel: "신청 취소", desk: "업무 데스크"},
	} {
		t.Run(w.code, func(t *testing.T) { languageJourney(t, w) })
	}
}

func languageJourney(t *testing.T, w journeyWords) {
	s := newTestSite(t, browserSettings)
	other := openPetition(t, s, "대림동 공원 야간 조명 설치") // staff desk@ydp1.test publish it
	var staffID uint
	if err := s.db.Raw(`SELECT id FROM users WHERE email = 'desk@ydp1.test'`).Row().Scan(&staffID); err != nil {
		t.Fatal(err)
	}
	meeting := addMeeting(t, s, staffID, meetings.KindCustom)
	u, err := models.CreateVerifiedUser(s.db, "resident@example.com", "residentpass1", "Wang Li", "대림2동", models.RoleResident, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if err := models.SetLanguage(s.db, u.ID, w.code); err != nil { // the language she signed up in
		t.Fatal(err)
	}
	// on a phone, where the longer words of other languages must still fit
	j := newJourneyIn(t, s, "lang-"+w.code, w.accept, 390, 844, 4*journeyTimeout)
	tag := langByCode(w.code).Tag.String()
	speaks := func(v *visitor) {
		t.Helper()
		if got := eval[string](v, `document.documentElement.lang`); got != tag {
			t.Errorf("%s at %s: <html lang=%q>, want %q", v.who, v.url, got, tag)
		}
		if w.code == "ko" {
			return
		}
		page := greeting.ReplaceAllString(eval[string](v, `document.documentElement.outerHTML`), "")
		left := koreanInterface(t, page)
		if len(left) > 0 {
			t.Errorf("%s at %s shows Korean interface text: %s", v.who, v.url, clipWords(left))
		}
	}

	wang := j.visitor("Wang Li")
	wang.open("home", "/")
	wang.sees(w.home)
	speaks(wang)
	wang.shot("home-" + w.code)

	// to file a petition she logs in first
	wang.open("petition-new", "/petitions/new")
	wang.fill(w.email, "resident@example.com")
	wang.fill(w.password, "residentpass1")
	wang.press("back-at-form", w.logIn)
	if !strings.HasPrefix(wang.url, "/petitions/new") {
		t.Fatalf("after logging in Wang Li is at %s, want the petition form", wang.url)
	}
	speaks(wang)
	const title = "대림동 중앙시장 앞 횡단보도 신호 연장"
	wang.fill(w.title, title)
	wang.fill(w.topic, w.topicOption)
	wang.fill(w.body, "대림동 중앙시장 앞 횡단보도는 신호가 짧아 어르신들이 다 건너기 전에 빨간불로 바뀝니다. 신호를 늘려 주세요.")
	wang.press("petition-preview", w.preview)
	wang.rendered(200, w.previewTitle, w.notYet, title)
	speaks(wang)
	wang.press("petition-filed", w.file)
	wang.rendered(200, w.filed, w.preconsent, title)
	speaks(wang)
	wang.shot("petition-" + w.code)

	// she supports a neighbour's petition
	wang.open("other-petition", "/petitions/"+other)
	wang.press("supported", w.support)
	wang.rendered(200, w.supported, w.supportDone)
	speaks(wang)

	// and books a seat at a meeting
	wang.open("meeting", "/meetings/"+strconv.Itoa(int(meeting.ID)))
	wang.sees(w.book)
	speaks(wang)
	wang.shot("booking-" + w.code)
	wang.press("booked", w.book)
	wang.rendered(200, w.booked, w.cancel)
	speaks(wang)

	// staff choose the language with the header's switch and open the desk
	staff := j.visitor("staff")
	staff.open("staff-login", "/login")
	staff.follow("switched", w.switchName)
	staff.fill(w.email, "desk@ydp1.test")
	staff.fill(w.password, "staffpass123")
	staff.press("staff-home", w.logIn)
	staff.open("desk", "/admin")
	staff.rendered(200, w.desk)
	speaks(staff)
	staff.shot("desk-" + w.code)
}

// shot keeps a full-page PNG of the page as name.png in YDP1_SHOTS, when set.
func (v *visitor) shot(name string) {
	v.j.t.Helper()
	dir := os.Getenv("YDP1_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		v.j.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(v.ctx, actionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		v.fatalf("screenshot: %v", err)
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		v.j.t.Fatal(err)
	}
	v.j.t.Logf("%s: %d KB", file, len(png)/1024)
}
