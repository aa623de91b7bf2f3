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
	"ydp1/models/meetings"
)

// formTime writes t as the datetime-local fields take it, in Seoul.
func formTime(t time.Time) string { return meetings.FormTime(&t) }

// deskMeetingAt stores and publishes a meeting starting at start, with
// booking open from five days before until three hours before.
func (d *deskSite) deskMeetingAt(t *testing.T, title string, start time.Time, capacity int) *meetings.Meeting {
	t.Helper()
	in := meetings.Input{Kind: meetings.KindTownHall, Title: title, Place: "영등포구청 별관 대회의실",
		StartsAt: formTime(start), EndsAt: formTime(start.Add(2 * time.Hour)), BookingEnabled: true, Capacity: strconv.Itoa(capacity),
		BookingOpensAt: formTime(start.Add(-5 * 24 * time.Hour)), BookingClosesAt: formTime(start.Add(-3 * time.Hour))}
	var staff models.User
	if err := d.db.Where("email = ?", "staff@ydp1.test").Take(&staff).Error; err != nil {
		t.Fatal(err)
	}
	m, err := meetings.CreateMeeting(d.db, staff.ID, in, start.Add(-6*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := meetings.PublishMeeting(d.db, m.ID, staff.ID, start.Add(-6*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return m
}

// bookAs makes a resident called name and books them four days before start.
func (d *deskSite) bookAs(t *testing.T, m *meetings.Meeting, name, question string) *meetings.Booking {
	t.Helper()
	u, err := models.CreateVerifiedUser(d.db, "b"+strconv.Itoa(int(time.Now().UnixNano()))+"@example.com", "residentpass1", name, "신길6동", models.RoleResident, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	b, err := meetings.Book(d.db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID, Question: question}, m.StartsAt.Add(-4*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func meetingPath(m *meetings.Meeting, sub string) string {
	return "/admin/meetings/" + strconv.Itoa(int(m.ID)) + sub
}

var editURL = regexp.MustCompile(`^/admin/meetings/(\d+)/edit$`)

func TestStaffCreateEditPublishAndCancelAMeeting(t *testing.T) {
	d := newDeskSite(t)
	d.staff.get("/admin").has(t, `href="/admin/meetings"`)
	d.staff.get("/admin/meetings").has(t, "다가오는 모임", "모임 등록")
	r := d.staff.get("/admin/meetings/new")
	r.has(t, `<label for="title">제목</label>`, `<label for="kind">종류</label>`, `<label for="starts_at">시작 일시</label>`,
		`<label for="ends_at">종료 일시</label>`, `<label for="place">장소</label>`, `<label for="capacity">정원</label>`,
		`<label for="booking_opens_at">신청 시작</label>`, `<label for="booking_closes_at">신청 마감</label>`,
		`<label for="booking_enabled">신청을 받습니다</label>`, `type="datetime-local"`, ">등록</button>")

	start := time.Now().In(models.Seoul).AddDate(0, 0, 20).Truncate(time.Hour)
	mistakes := url.Values{"kind": {""}, "title": {""}, "agenda": {"인사 말씀\n주민 질의응답"}, "place": {""},
		"starts_at": {formTime(start)}, "ends_at": {formTime(start.Add(-time.Hour))},
		"booking_enabled": {"yes"}, "capacity": {"많이"}, "booking_opens_at": {""}, "booking_closes_at": {formTime(start.Add(-time.Hour))}}
	r = d.staff.submit("/admin/meetings/new", "/admin/meetings", mistakes)
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "입력한 내용을 확인해 주세요", "종류를 선택해 주세요.", "제목을 입력해 주세요.", "장소(주소)를 입력해 주세요.",
		"종료 일시는 시작 일시보다 뒤여야 합니다.", "정원을 1명 이상의 숫자로 입력해 주세요.", "신청 시작 일시를 입력해 주세요.",
		`value="`+formTime(start)+`"`, `value="많이"`, "인사 말씀\n주민 질의응답", `name="booking_enabled" value="yes" checked`)
	var n int64
	d.db.Model(&meetings.Meeting{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d meetings stored from a refused form", n)
	}

	form := url.Values{"kind": {meetings.KindCustom}, "title": {"신길6·대림권역 맞춤형 타운홀미팅"}, "intro": {"권역 주민과 구청장이 만납니다."},
		"agenda": {"인사 말씀\n주민 질의응답"}, "region": {"신길6·대림권역"}, "place": {"대림3동 주민센터 3층 강당"},
		"starts_at": {formTime(start)}, "ends_at": {formTime(start.Add(2 * time.Hour))}, "booking_enabled": {"yes"}, "capacity": {"40"},
		"booking_opens_at": {formTime(time.Now().Add(-time.Hour))}, "booking_closes_at": {formTime(start.Add(-24 * time.Hour))},
		"terms": {"주차 공간이 없으니 대중교통을 이용해 주세요."}}
	r = d.staff.submit("/admin/meetings/new", "/admin/meetings", form)
	r.is(t, http.StatusOK)
	r.has(t, "모임을 등록했습니다", "초안(비공개)", `value="신길6·대림권역 맞춤형 타운홀미팅"`, `<option value="custom" selected>`,
		`<option value="신길6·대림권역" selected>`, "주차 공간이 없으니", ">공개</button>", ">저장</button>")
	m := editURL.FindStringSubmatch(r.url)
	if m == nil {
		t.Fatalf("after creating, staff are at %s", r.url)
	}
	id, _ := strconv.Atoi(m[1])
	edit := "/admin/meetings/" + m[1] + "/edit"
	if public, _ := meetings.ListMeetings(d.db, meetings.Query{}, time.Now()); len(public) != 0 {
		t.Errorf("a draft is listed publicly: %v", public)
	}
	d.staff.get("/admin/meetings").has(t, "신길6·대림권역 맞춤형 타운홀미팅", "초안(비공개)", "0명 / 40명")

	// edit: a mistake keeps what was typed, then a good save
	form.Set("title", "신길6·대림권역 맞춤형 타운홀미팅(장소 변경)")
	form.Set("ends_at", formTime(start.Add(-time.Minute)))
	r = d.staff.submit(edit, "/admin/meetings/"+m[1], form)
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "종료 일시는 시작 일시보다 뒤여야 합니다.", `value="신길6·대림권역 맞춤형 타운홀미팅(장소 변경)"`)
	form.Set("ends_at", formTime(start.Add(2*time.Hour)))
	form.Set("capacity", "60")
	r = d.staff.submit(edit, "/admin/meetings/"+m[1], form)
	r.has(t, "모임을 저장했습니다", `value="신길6·대림권역 맞춤형 타운홀미팅(장소 변경)"`, `value="60"`)

	// publish, once
	r = d.staff.submit(edit, "/admin/meetings/"+m[1]+"/publish", url.Values{})
	r.rendered(t, http.StatusOK, "모임을 공개했습니다", "상태: 신청 중", "공개 페이지 보기").lacks(t, ">공개</button>")
	d.staff.submit(edit, "/admin/meetings/"+m[1]+"/publish", url.Values{}).has(t, "이미 공개했거나 취소된 모임입니다")
	if public, _ := meetings.ListMeetings(d.db, meetings.Query{}, time.Now()); len(public) != 1 {
		t.Errorf("published meeting not listed publicly: %v", public)
	}

	// cancel: the reason is required, then the meeting is closed for edits
	mt, _ := meetings.FindMeeting(d.db, uint(id))
	d.bookAs(t, mt, "신청자", "")
	r = d.staff.submit(edit, "/admin/meetings/"+m[1]+"/cancel", url.Values{"cancel_reason": {"  "}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "취소 사유를 입력해 주세요", `<label for="cancel_reason">취소 사유</label>`)
	r = d.staff.submit(edit, "/admin/meetings/"+m[1]+"/cancel", url.Values{"cancel_reason": {"태풍 예보로 취소합니다."}})
	r.rendered(t, http.StatusOK, "모임을 취소했습니다", "취소한 모임입니다", "태풍 예보로 취소합니다.", "상태: 취소").lacks(t, ">저장</button>", ">모임 취소</button>")
	d.staff.submit("/admin/meetings", "/admin/meetings/"+m[1], form).has(t, "취소된 모임은 고칠 수 없습니다")
	d.staff.get("/admin/meetings").has(t, "신길6·대림권역 맞춤형 타운홀미팅(장소 변경)", "취소")
	d.staff.get("/admin/audit?type=meeting").has(t, "번 모임</a>을 등록했습니다.", "번 모임</a>을 고쳤습니다.", "번 모임</a>을 공개했습니다.", "번 모임</a>을 취소했습니다.", "박담당 님이")
}

func TestBookingListGroupsQuestionsAndExportsCSV(t *testing.T) {
	d := newDeskSite(t)
	m := d.deskMeetingAt(t, "문래동 타운홀미팅", time.Now().UTC().AddDate(0, 0, 3), 2)
	a := d.bookAs(t, m, "김하나", `=HYPERLINK("http://evil.example","주차")`)
	b := d.bookAs(t, m, "이두리", "문래창작촌 주차장은 언제 생기나요?\n주말 개방도 궁금합니다.")
	c := d.bookAs(t, m, "박세찬", "대기자도 들어갈 수 있나요?")
	gone := d.bookAs(t, m, "최취소", "취소 전에 보낸 질문입니다")
	if c.Status != meetings.BookingWaiting || gone.Status != meetings.BookingWaiting {
		t.Fatalf("statuses %s %s", c.Status, gone.Status)
	}
	if err := meetings.CancelBooking(d.db, gone.ID, gone.UserID, m.StartsAt.Add(-3*24*time.Hour)); err != nil {
		t.Fatal(err)
	}

	d.staff.get("/admin/meetings").has(t, "문래동 타운홀미팅", "2명 / 2명", "1명")
	r := d.staff.get(meetingPath(m, "/bookings"))
	r.rendered(t, http.StatusOK, "신청자 명단", a.Code, b.Code, c.Code, gone.Code, "김하나", "이두리", "박세찬", "최취소",
		"신청 완료", "대기", "취소", "사전 질문 <span class=\"count\">3</span>",
		`=HYPERLINK("http://evil.example","주차")`, "문래창작촌 주차장은 언제 생기나요?\n주말 개방도 궁금합니다.", "대기자도 들어갈 수 있나요?").
		lacks(t, "취소 전에 보낸 질문입니다", "@example.com")
	questions := r.body[strings.Index(r.body, `id="questions-title"`):]
	if !(strings.Index(questions, "HYPERLINK") < strings.Index(questions, "문래창작촌") && strings.Index(questions, "문래창작촌") < strings.Index(questions, "대기자도")) {
		t.Errorf("questions are not listed together in booking order:\n%s", excerpt(questions))
	}

	rows := csvOf(t, d.staff.get(meetingPath(m, "/bookings.csv")), "ydp1-meeting-"+strconv.Itoa(int(m.ID))+"-bookings-")
	if len(rows) != 5 || strings.Join(rows[0], ",") != "번호,코드,이름,상태,신청 시각,입장 시각,사전 질문" {
		t.Fatalf("rows = %v", rows)
	}
	if got := rows[1]; got[1] != a.Code || got[2] != "김하나" || got[3] != "신청 완료" || got[4] == "" || got[5] != "" ||
		got[6] != `'=HYPERLINK("http://evil.example","주차")` {
		t.Errorf("first row = %v", got)
	}
	if got := rows[3]; got[1] != c.Code || got[3] != "대기" {
		t.Errorf("waiting row = %v", got)
	}
	if got := rows[4]; got[1] != gone.Code || got[3] != "취소" {
		t.Errorf("cancelled row = %v", got)
	}
	for _, row := range rows {
		if strings.Contains(strings.Join(row, ","), "@example.com") {
			t.Errorf("CSV holds an email address: %v", row)
		}
	}
}

func TestCheckInByCodeAndByQRAddress(t *testing.T) {
	d := newDeskSite(t)
	m := d.deskMeetingAt(t, "여의동 타운홀미팅", time.Now().UTC().Add(2*time.Hour), 2)
	a := d.bookAs(t, m, "김하나", "")
	b := d.bookAs(t, m, "이두리", "")
	waiting := d.bookAs(t, m, "박세찬", "")
	gone := d.bookAs(t, m, "최취소", "")
	if err := meetings.CancelBooking(d.db, gone.ID, gone.UserID, m.StartsAt.Add(-3*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	page := meetingPath(m, "/checkin")

	r := d.staff.get(page)
	r.has(t, `<label for="code">입장 코드</label>`, ">입장 확인</button>", "입장 0명 / 신청 2명")

	// typed as staff read it aloud: lower case, with a space
	typed := strings.ToLower(a.Code[:4] + " " + a.Code[4:])
	r = d.staff.submit(page, page, url.Values{"code": {typed}})
	r.rendered(t, http.StatusOK, `입장 확인: <span lang="ko">김하나</span> 님`, a.Code, "입장 1명 / 신청 2명").lacks(t, `value="`+a.Code+`"`) // the field is empty for the next person

	r = d.staff.submit(page, page, url.Values{"code": {a.Code}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "이미 입장한 코드입니다", `김하나</span> 님`, "에 입장을 확인했습니다", "입장 1명 / 신청 2명")

	r = d.staff.submit(page, page, url.Values{"code": {"ZZZZ2222"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "입력한 내용을 확인해 주세요", "이 모임에 ZZZZ2222 코드로 신청한 분이 없습니다", `value="ZZZZ2222"`, `aria-invalid="true"`)

	r = d.staff.submit(page, page, url.Values{"code": {" "}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "입장 코드를 입력해 주세요.")

	r = d.staff.submit(page, page, url.Values{"code": {waiting.Code}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "대기 중인 신청입니다", `박세찬</span> 님`)
	r = d.staff.submit(page, page, url.Values{"code": {gone.Code}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "취소된 신청입니다", `최취소</span> 님`)

	// the QR address fills the code in and waits for the button
	qr := page + "?code=" + b.Code
	r = d.staff.get(qr)
	r.has(t, `value="`+b.Code+`"`, `QR 코드로 연 신청입니다: <span lang="ko">이두리</span> 님`, "입장 1명 / 신청 2명")
	d.staff.get(qr) // opening it twice still records nothing
	if n, _ := meetings.CheckedInCount(d.db, m.ID); n != 1 {
		t.Fatalf("opening the QR address checked in: %d arrivals", n)
	}
	d.staff.get(page+"?code=ZZZZ2222").has(t, "이 모임에 ZZZZ2222 코드로 신청한 분이 없습니다")

	// a staff member not logged in comes back to it after logging in
	phone := d.browser()
	r = phone.get(qr)
	if !strings.HasPrefix(r.url, "/login") {
		t.Fatalf("logged out, the QR address opened %s", r.url)
	}
	r = phone.submit(r.url, "/login", url.Values{"email": {"staff@ydp1.test"}, "password": {"deskpass123"}, "next": {queryOf(t, r.url, "next")}})
	if r.url != qr {
		t.Fatalf("after logging in staff are at %s, want %s", r.url, qr)
	}
	r = phone.submit(qr, page, url.Values{"code": {b.Code}})
	r.has(t, `입장 확인: <span lang="ko">이두리</span> 님`, "입장 2명 / 신청 2명")

	r = d.staff.get(meetingPath(m, "/bookings"))
	if strings.Count(r.body, "입장 완료") != 2 {
		t.Errorf("booking list shows %d arrivals", strings.Count(r.body, "입장 완료"))
	}
	d.staff.get("/admin/audit").has(t, "번 모임</a>에서 참석자의 입장을 확인했습니다.")
}

func TestResultsDefaultToTheCheckedInCount(t *testing.T) {
	d := newDeskSite(t)
	m := d.deskMeetingAt(t, "당산동 타운홀미팅", time.Now().UTC().Add(-2*time.Hour), 10)
	var codes []string
	for _, name := range []string{"김하나", "이두리", "박세찬"} {
		codes = append(codes, d.bookAs(t, m, name, "").Code)
	}
	check := meetingPath(m, "/checkin")
	for _, code := range codes[:2] {
		d.staff.submit(check, check, url.Values{"code": {code}}).is(t, http.StatusOK)
	}

	page := meetingPath(m, "/results")
	r := d.staff.get(page)
	r.has(t, `<label for="minutes">회의록</label>`, "참석 인원", "주요 의견", "후속 조치", "비워 두면 입장 확인된 2명으로 기록합니다", ">결과 공개</button>")
	r = d.staff.submit(page, page, url.Values{"minutes": {""}, "attendees": {"많음"}, "main_opinions": {"당산역 환승 통로 개선"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "회의록을 입력해 주세요.", "참석 인원을 0 이상의 숫자로 입력해 주세요.", "당산역 환승 통로 개선", `value="많음"`)

	r = d.staff.submit(page, page, url.Values{"minutes": {"## 회의 요지\n\n당산역 환승 통로를 **2027년**까지 넓힙니다."}, "attendees": {""},
		"main_opinions": {"당산역 환승 통로 개선"}, "follow_ups": {"교통행정과 현장 조사(12월)"}})
	r.is(t, http.StatusOK)
	r.has(t, "결과를 공개했습니다", "에 결과를 공개했습니다", `value="2"`, "교통행정과 현장 조사(12월)")
	got, err := meetings.FindMeeting(d.db, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ResultsAt == nil || got.Attendees != 2 || !strings.Contains(got.MinutesHTML, "<strong>2027년</strong>") {
		t.Errorf("results = %v, %d, %q", got.ResultsAt, got.Attendees, got.MinutesHTML)
	}
	d.staff.get("/admin/meetings").has(t, "당산동 타운홀미팅", "결과 공개됨")

	// a meeting that has not started yet cannot have results
	later := d.deskMeetingAt(t, "도림동 타운홀미팅", time.Now().UTC().AddDate(0, 0, 2), 10)
	laterPage := meetingPath(later, "/results")
	d.staff.get(laterPage).has(t, "모임이 시작된 뒤에 결과를 공개할 수 있습니다")
	r = d.staff.submit(laterPage, laterPage, url.Values{"minutes": {"미리 적은 회의록"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "결과를 공개하지 못했습니다", "미리 적은 회의록")
}

func TestMeetingDeskIsForStaffOnly(t *testing.T) {
	d := newDeskSite(t)
	m := d.deskMeetingAt(t, "대림동 타운홀미팅", time.Now().UTC().AddDate(0, 0, 3), 10)
	bk := d.bookAs(t, m, "김하나", "질문")
	resident := d.signUp("someone@example.com", "정하늘", "도림동")
	anon := d.browser()
	anon.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	id := strconv.Itoa(int(m.ID))
	for _, rt := range []struct{ method, path string }{
		{"GET", "/admin/meetings"}, {"GET", "/admin/meetings/new"}, {"POST", "/admin/meetings"},
		{"GET", "/admin/meetings/" + id + "/edit"}, {"POST", "/admin/meetings/" + id},
		{"POST", "/admin/meetings/" + id + "/publish"}, {"POST", "/admin/meetings/" + id + "/cancel"},
		{"GET", "/admin/meetings/" + id + "/bookings"}, {"GET", "/admin/meetings/" + id + "/bookings.csv"},
		{"GET", "/admin/meetings/" + id + "/checkin"}, {"GET", "/admin/meetings/" + id + "/checkin?code=" + bk.Code},
		{"POST", "/admin/meetings/" + id + "/checkin"},
		{"GET", "/admin/meetings/" + id + "/results"}, {"POST", "/admin/meetings/" + id + "/results"},
	} {
		form := url.Values{"code": {bk.Code}, "cancel_reason": {"장난"}, "minutes": {"가짜"}, "title": {"바뀐 제목"}}
		var r response
		if rt.method == http.MethodGet {
			r = anon.get(rt.path)
		} else {
			r = anon.submit("/login", rt.path, form)
		}
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
			t.Errorf("anonymous %s %s: %d %s", rt.method, rt.path, r.status, r.header.Get("Location"))
		}
		if rt.method == http.MethodGet {
			r = resident.get(rt.path)
		} else {
			r = resident.submit("/me", rt.path, form)
		}
		r.rendered(t, http.StatusForbidden, "접근 권한이 없습니다").lacks(t, bk.Code, "김하나")
	}
	got, _ := meetings.FindMeeting(d.db, m.ID)
	if n, _ := meetings.CheckedInCount(d.db, m.ID); got.CancelledAt != nil || got.ResultsAt != nil || got.Title != "대림동 타운홀미팅" || n != 0 {
		t.Errorf("a refused request changed the meeting: %+v, %d arrivals", got, n)
	}
	d.browser().get("/admin/meetings/"+id+"/checkin?code="+bk.Code).has(t, "로그인")
}
