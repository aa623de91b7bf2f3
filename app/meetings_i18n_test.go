package app

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/meetings"
)

// The meetings, the booking of a seat, the calendar file and the
// residents' voices speak English and Chinese to those who read them; what
// residents and staff wrote stays as written.
func TestMeetingsAndOpinionsInEnglishAndChinese(t *testing.T) {
	s := newMeetingSite(t, meetings.KindCustom)
	kept := []string{"신길권역", "신길5동", "생활환경·교통안전", "주택과"}
	visit := func(path, accept string) response {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		req.Header.Set("Accept-Language", accept)
		return s.browser().do(req)
	}

	r := visit("/meetings", "en-GB,en;q=0.9")
	r.rendered(t, http.StatusOK, `<html lang="en">`, "Town-hall meetings", "Regional town-hall meeting", "Booking open", "Seats left: 2", "Get all dates in my calendar")
	noKoreanInterface(t, "/meetings in English", r.body, kept...)
	r = visit("/meetings", "zh-CN")
	r.rendered(t, http.StatusOK, `<html lang="zh-Hans">`, "居民恳谈会", "报名中", "剩余 2 个座位")
	noKoreanInterface(t, "/meetings in Chinese", r.body, kept...)

	r = visit(s.path, "en")
	r.rendered(t, http.StatusOK, "Book a seat", "Log in to book", "Booking terms", `<h1 id="meeting-title" lang="ko">신길권역 맞춤형 타운홀미팅</h1>`, "Agenda")
	noKoreanInterface(t, "a meeting in English", r.body, kept...)
	r = visit(s.path, "zh")
	r.rendered(t, http.StatusOK, "报名参加", "登录后报名", "议程")
	noKoreanInterface(t, "a meeting in Chinese", r.body, kept...)

	// a resident who reads English books a seat: the form, its error and the flash
	a := s.signUp("a@example.com", "김가람", "신길5동")
	a.get("/language/en")
	r = a.submit(s.path, s.path+"/book", url.Values{"question": {strings.Repeat("질", 501)}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "Please keep the question to 500 characters.", "Question in advance")
	r = a.submit(s.path, s.path+"/book", url.Values{"question": {"주차할 곳이 있나요?"}})
	r.rendered(t, http.StatusOK, "You are booked. Your entry code is ", "Your booking is confirmed.", "Cancel booking")
	noKoreanInterface(t, "a booked meeting in English", r.body, append(kept, "김가람")...)
	a.submit(s.path, s.path+"/cancel", url.Values{}).has(t, "Your booking has been cancelled.")

	// the calendar file speaks the language of the request
	r = visit(s.path+".ics", "zh")
	r.is(t, http.StatusOK)
	if !strings.Contains(r.body, "CATEGORIES:定制居民恳谈会") {
		t.Errorf("the Chinese .ics lacks its category:\n%s", r.body)
	}
	r = visit("/meetings.ics", "en")
	if !strings.Contains(r.body, "X-WR-CALNAME:Yeongdeungpo 1st Street town-hall meetings") {
		t.Errorf("the English calendar lacks its name:\n%s", r.body)
	}

	// a residents' voice with its answer
	now := time.Now().UTC()
	staff, err := models.CreateVerifiedUser(s.db, "desk@ydp1.test", "deskpass123", "최담당", "", models.RoleStaff, now)
	if err != nil {
		t.Fatal(err)
	}
	o, err := meetings.RecordOpinion(s.db, staff.ID, meetings.OpinionInput{Body: "경비실에 냉방기를 설치해 주세요.", Category: "생활환경·교통안전",
		Dong: "신길5동", Source: "찾아가는 영등포1번가", HeardOn: now.In(models.Seoul).Format("2006-01-02")}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := meetings.ChangeOpinionState(s.db, o.ID, staff.ID, meetings.OpinionChange{From: meetings.OpinionReceived, State: meetings.OpinionAdopted,
		Department: "주택과", Reply: "내년 예산에 반영하겠습니다."}, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	r = visit("/opinions", "en")
	r.rendered(t, http.StatusOK, "<h1>Residents", "Showing <strong>1</strong> opinion", "Adopted", "What the states mean")
	noKoreanInterface(t, "/opinions in English", r.body, kept...)
	r = visit("/opinions", "zh")
	r.rendered(t, http.StatusOK, "现场意见", "意见 <strong>1</strong>条", "已采纳")
	noKoreanInterface(t, "/opinions in Chinese", r.body, kept...)
	path := "/opinions/" + strconv.Itoa(int(o.ID))
	r = visit(path, "en")
	r.rendered(t, http.StatusOK, "voice no. "+strconv.Itoa(int(o.ID)), `Answer from <span lang="ko">주택과</span>`, "How it was handled", "내년 예산에 반영하겠습니다.")
	noKoreanInterface(t, "a residents' voice in English", r.body, kept...)
	r = visit(path, "zh")
	r.rendered(t, http.StatusOK, "处理过程", "已采纳")
	noKoreanInterface(t, "a residents' voice in Chinese", r.body, kept...)
}
