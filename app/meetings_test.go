package app

import (
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	goqr "github.com/piglig/go-qr"

	"ydp1/models"
	"ydp1/models/meetings"
)

// meetingSite has a published meeting of two seats whose booking is open now.
type meetingSite struct {
	*testSite
	meeting *meetings.Meeting
	path    string
}

func newMeetingSite(t *testing.T, kind string) *meetingSite {
	t.Helper()
	s := newTestSite(t, models.DefaultSettings)
	staff, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "deskpass123", "박담당", "", models.RoleStaff, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	m := addMeeting(t, s, staff.ID, kind)
	return &meetingSite{testSite: s, meeting: m, path: "/meetings/" + strconv.Itoa(int(m.ID))}
}

// addMeeting publishes a meeting three days ahead with two seats, open for
// booking.
func addMeeting(t *testing.T, s *testSite, staffID uint, kind string) *meetings.Meeting {
	t.Helper()
	now := time.Now().UTC()
	in := meetings.Input{Kind: kind, Title: "신길권역 맞춤형 타운홀미팅", Intro: "신길뉴타운 생활 불편을 함께 이야기합니다.",
		Agenda: "구청장 인사\n권역 현안 설명\n주민 질의응답", Region: "신길권역", Place: "신길5동 주민센터 3층 강당",
		OnlineURL: "https://meet.example.com/ydp", StartsAt: meetings.FormTime(ptrTime(now.Add(72 * time.Hour))),
		EndsAt: meetings.FormTime(ptrTime(now.Add(74 * time.Hour))), BookingEnabled: true, Capacity: "2",
		BookingOpensAt: meetings.FormTime(ptrTime(now.Add(-time.Hour))), BookingClosesAt: meetings.FormTime(ptrTime(now.Add(48 * time.Hour))),
		Terms: "신분증을 지참해 주세요."}
	m, err := meetings.CreateMeeting(s.db, staffID, in, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := meetings.PublishMeeting(s.db, m.ID, staffID, now); err != nil {
		t.Fatal(err)
	}
	return m
}

func ptrTime(t time.Time) *time.Time { return &t }

var codeOnPage = regexp.MustCompile(`입장 코드는 ([A-Z2-9]{8})입니다`)

func TestBookUntilFullThenWaitAndGetPromoted(t *testing.T) {
	in, smtpURL := startInbox(t)
	s := newMeetingSite(t, meetings.KindCustom)
	s.app.cfg.SMTPURL = smtpURL
	icsFile, qrFile := s.app.mailer.ICS, s.app.mailer.QR
	var err error
	if s.app.mailer, err = newMailer(s.app.cfg, s.db, s.app.log); err != nil {
		t.Fatal(err)
	}
	s.app.mailer.ICS, s.app.mailer.QR = icsFile, qrFile

	anon := s.browser()
	anon.get("/meetings").has(t, "신길권역 맞춤형 타운홀미팅", "잔여 2석", "신길5동 주민센터 3층 강당")
	anon.get(s.path).has(t, "로그인하고 신청하기", "권역 현안 설명", "신분증을 지참해 주세요.")

	a := s.signUp("a@example.com", "김가람", "신길5동")
	b := s.signUp("b@example.com", "이나래", "신길1동")
	c := s.signUp("c@example.com", "박다솜", "신길7동")
	r := a.submit(s.path, s.path+"/book", url.Values{"question": {strings.Repeat("질", 501)}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "사전 질문은 500자 이하로")
	r = a.submit(s.path, s.path+"/book", url.Values{"question": {"신길5동 주차 문제는 언제 해결되나요?"}})
	r.has(t, "신청했습니다", "신청이 확정되었습니다", "신청 취소")
	code := codeOnPage.FindStringSubmatch(r.body)[1]
	a.submit(s.path, s.path+"/book", url.Values{}).has(t, "이미 이 모임에 신청하셨습니다")
	b.submit(s.path, s.path+"/book", url.Values{}).has(t, "신청했습니다")
	r = c.get(s.path)
	r.has(t, "정원이 찼습니다", "대기 신청")
	c.submit(s.path, s.path+"/book", url.Values{}).has(t, "대기 신청했습니다", "대기 1번째입니다")
	anon.get("/meetings").has(t, "대기 1명")

	var api apiMeeting
	anon.getJSON(t, "/api/v1/meetings/"+strconv.Itoa(int(s.meeting.ID)), &api)
	if api.Status != "full" || api.BookedCount != 2 || api.WaitlistCount != 1 || api.SeatsLeft != 0 || api.Capacity != 2 {
		t.Errorf("API meeting = %+v", api)
	}

	// the code and its QR on /me; the QR is the owner's alone
	r = a.get("/me")
	r.has(t, "신청한 모임", code)
	qr := regexp.MustCompile(`/me/bookings/\d+/qr.png`).FindString(r.body)
	if res := a.get(qr); res.status != http.StatusOK || res.header.Get("Content-Type") != "image/png" {
		t.Errorf("QR: %d %s", res.status, res.header.Get("Content-Type"))
	} else if img, err := png.Decode(strings.NewReader(res.body)); err != nil {
		t.Errorf("QR is no PNG: %v", err)
	} else if text, err := goqr.Decode(img); err != nil || !strings.HasSuffix(text, "/checkin?code="+code) {
		t.Errorf("QR reads %q (%v), want the check-in address of %s", text, err, code)
	}
	b.get(qr).is(t, http.StatusNotFound)

	// a cancels: c gets the seat at once and is told by mail
	a.submit(s.path, s.path+"/cancel", url.Values{}).has(t, "신청을 취소했습니다", "정원이 찼습니다", "대기 0명")
	c.get(s.path).has(t, "신청이 확정되었습니다")
	s.app.mailer.DeliverDue(t.Context())
	s.app.mailer.DeliverDue(t.Context())
	in.mu.Lock()
	defer in.mu.Unlock()
	got := map[string][]string{}
	for _, m := range in.msgs {
		subject, text := textOf(t, m.data)
		got[m.to[0]] = append(got[m.to[0]], subject)
		if strings.Contains(subject, "대기하던 신청이 확정") {
			cal, ok := attachment(t, m.data, "meeting.ics")
			if !strings.Contains(text, "입장 코드: ") || !ok || !strings.Contains(string(m.data), "image/png") {
				t.Errorf("promotion mail lacks the code or the .ics:\n%s", text)
			} else if evs := checkICS(t, "the mailed meeting.ics", cal).Events(); len(evs) != 1 {
				t.Errorf("the mailed meeting.ics has %d events", len(evs))
			}
		}
	}
	if !contains(got["c@example.com"], "[영등포1번가] 대기하던 신청이 확정되었습니다: 신길권역 맞춤형 타운홀미팅") ||
		!contains(got["c@example.com"], "[영등포1번가] 대기 신청했습니다: 신길권역 맞춤형 타운홀미팅") ||
		!contains(got["a@example.com"], "[영등포1번가] 신청이 확정되었습니다: 신길권역 맞춤형 타운홀미팅") ||
		contains(got["a@example.com"], "[영등포1번가] 대기 신청했습니다: 신길권역 맞춤형 타운홀미팅") {
		t.Errorf("mails: %v", got)
	}
	if n := len(got["c@example.com"]); n != 3 { // verification, waiting list, promotion
		t.Errorf("c got %d mails: %v", n, got["c@example.com"])
	}
}

func TestMeetingCalendars(t *testing.T) {
	s := newMeetingSite(t, meetings.KindTownHall)
	b := s.browser()
	r := b.get(s.path + ".ics")
	r.is(t, http.StatusOK)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/calendar") {
		t.Errorf("content type %s", r.header.Get("Content-Type"))
	}
	start := s.meeting.StartsAt.In(models.Seoul).Format("20060102T150405")
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "BEGIN:VEVENT\r\n", "DTSTART;TZID=Asia/Seoul:" + start + "\r\n", "TZID:Asia/Seoul\r\n",
		"SUMMARY:신길권역 맞춤형 타운홀미팅\r\n", "CATEGORIES:타운홀미팅\r\n", "LOCATION:신길5동 주민센터 3층 강당\r\n", "END:VCALENDAR\r\n",
		"UID:meeting-" + strconv.Itoa(int(s.meeting.ID)) + "@ydp1.ydp.go.kr\r\n"} {
		if !strings.Contains(r.body, want) {
			t.Errorf(".ics lacks %q:\n%s", want, r.body)
		}
	}
	ev := checkICS(t, s.path+".ics", r.body).Events()
	if len(ev) != 1 || ev[0].GetProperty(ics.ComponentPropertySummary).Value != s.meeting.Title {
		t.Errorf("%s: events %v, want one whose summary is the title alone", s.path+".ics", ev)
	}
	all := b.get("/meetings.ics")
	if evs := checkICS(t, "/meetings.ics", all.body).Events(); len(evs) != 1 {
		t.Errorf("feed of upcoming meetings:\n%s", all.body)
	}

	// a long title and a long introduction fold at 75 octets without cutting a character
	long := *s.meeting
	long.Title = strings.Repeat("영등포구신길권역주민과함께하는", 6)
	long.Intro = strings.Repeat("회의 안내입니다. ", 40)
	body := s.app.calendar(langs[0], long.Title, long)
	if !strings.Contains(body, "\r\n ") {
		t.Fatalf("a long .ics is not folded:\n%s", body)
	}
	if ev := checkICS(t, "a long .ics", body).Events(); len(ev) != 1 || ev[0].GetProperty(ics.ComponentPropertySummary).Value != long.Title {
		t.Errorf("a long title does not come back whole:\n%s", body)
	}
}

func TestOnlineLinkOnlyForBookedFromTenMinutesBefore(t *testing.T) {
	s := newMeetingSite(t, meetings.KindOnline)
	booked := s.signUp("on@example.com", "정하늘", "여의동")
	booked.submit(s.path, s.path+"/book", url.Values{}).has(t, "신청했습니다")
	other := s.signUp("off@example.com", "한지민", "여의동")
	booked.get(s.path).rendered(t, http.StatusOK, "신길권역 맞춤형 타운홀미팅").lacks(t, "https://meet.example.com/ydp")
	s.app.now = func() time.Time { return s.meeting.StartsAt.Add(-9 * time.Minute) }
	booked.get(s.path).has(t, "온라인 회의 들어가기", "https://meet.example.com/ydp")
	other.get(s.path).rendered(t, http.StatusOK, "신길권역 맞춤형 타운홀미팅").lacks(t, "https://meet.example.com/ydp")
	s.browser().get(s.path).rendered(t, http.StatusOK, "신길권역 맞춤형 타운홀미팅").lacks(t, "https://meet.example.com/ydp")
	var list struct{ Items []apiMeeting }
	r := s.browser().get("/api/v1/meetings")
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list.Items) != 1 || strings.Contains(r.body, "meet.example.com") {
		t.Errorf("API list: %s", r.body)
	}
}

func TestBookedResidentLeavesAnOpinionAfterTheMeeting(t *testing.T) {
	s := newMeetingSite(t, meetings.KindCustom)
	booked := s.signUp("went@example.com", "오세영", "신길5동")
	booked.submit(s.path, s.path+"/book", url.Values{}).has(t, "신청했습니다")
	other := s.signUp("stayed@example.com", "유하은", "신길1동")
	booked.get(s.path).rendered(t, http.StatusOK, "신길권역 맞춤형 타운홀미팅").lacks(t, "의견 남기기")

	s.app.now = func() time.Time { return s.meeting.EndsAt.Add(time.Hour) }
	r := booked.submit(s.path, s.path+"/opinions", url.Values{"body": {""}, "category": {""}})
	r.is(t, http.StatusUnprocessableEntity)
	r = booked.submit(s.path, s.path+"/opinions", url.Values{"body": {"신길5동 마을버스 배차 간격을 줄여 주세요."}, "category": {"생활환경·교통안전"}, "dong": {"신길5동"}})
	r.has(t, "의견을 남겼습니다", "신길5동 마을버스 배차 간격을 줄여 주세요.", "접수")
	other.submit(s.path, s.path+"/opinions", url.Values{"body": {"저도 한마디"}, "category": {"도시"}}).
		has(t, "참가 신청이 확정된 분만")
	s.browser().get("/opinions").has(t, "신길5동 마을버스 배차 간격을 줄여 주세요.")
}

// An outreach visit without booking says nothing of 신청: not 신청 마감 beside
// an open door, and its calendar link says what it does.
func TestWalkInMeetingSaysNothingOfBooking(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	now := time.Now().UTC()
	staff, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, now)
	if err != nil {
		t.Fatal(err)
	}
	m := meetings.Meeting{Kind: meetings.KindOutreach, Title: "찾아가는 영등포1번가: 여의도 경비근로자 간담회", Place: "여의동 주민센터 앞 쉼터",
		StartsAt: now.AddDate(0, 0, 3), EndsAt: now.AddDate(0, 0, 3).Add(2 * time.Hour), PublishedAt: &now, CreatedBy: staff.ID}
	if err := s.db.Create(&m).Error; err != nil {
		t.Fatal(err)
	}
	anon := s.browser()
	anon.get("/meetings").rendered(t, http.StatusOK, m.Title, "누구나 참여", "미리 알리지 않아도 됩니다", "모든 일정을 내 캘린더에 받기").
		lacks(t, "신청 마감", "일정 구독(.ics)")
	anon.get("/meetings/"+strconv.Itoa(int(m.ID))).rendered(t, http.StatusOK, m.Title, "참여 안내", "누구나 그대로 오시면 됩니다", "이 일정을 내 캘린더에 넣기").
		lacks(t, "신청 마감", "참가 신청", "신청이 마감되었습니다", "내 캘린더에 추가(.ics)")
}
