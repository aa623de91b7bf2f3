package app

import (
	"bytes"
	"html"
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

var opinionDeskURL = regexp.MustCompile(`^/admin/opinions/(\d+)$`)

// recordOpinion records an opinion through the staff form and returns its id.
func (d *deskSite) recordOpinion(t *testing.T, form url.Values) string {
	t.Helper()
	r := d.staff.submit("/admin/opinions/new", "/admin/opinions", form)
	r.is(t, http.StatusOK)
	r.has(t, "의견을 기록했습니다")
	m := opinionDeskURL.FindStringSubmatch(r.url)
	if m == nil {
		t.Fatalf("after recording the staff member is at %s", r.url)
	}
	return m[1]
}

func guardOpinion() url.Values {
	return url.Values{
		"body":     {"경비실에 냉방기가 없어 여름마다 힘듭니다.\n공동주택 지원사업으로 경비실 냉방기 설치를 도와주세요."},
		"category": {"복지보건·다문화"}, "dong": {"신길5동"},
		"source": {"찾아가는 영등포1번가 — 경비근로자 간담회"}, "heard_on": {time.Now().In(models.Seoul).Format("2006-01-02")},
	}
}

func TestStaffRecordAnOpinionAndHandleIt(t *testing.T) {
	d := newDeskSite(t)
	d.staff.get("/admin").has(t, `href="/admin/opinions"`)
	d.staff.get("/admin/opinions").has(t, "현장 의견", "의견 기록하기", "조건에 맞는 의견이 없습니다")

	// the record form offers the meetings by date and title, and keeps what was typed next to the messages
	m := d.deskMeetingAt(t, "신길권역 맞춤형 타운홀미팅", time.Now().Add(-48*time.Hour), 30)
	mid := strconv.Itoa(int(m.ID))
	r := d.staff.get("/admin/opinions/new")
	r.has(t, `<label for="body">의견 내용</label>`, `<label for="category">분야</label>`, `<label for="dong">관련 행정동`,
		`<label for="heard_on">들은 날짜</label>`, `<label for="source">출처</label>`, `<label for="meeting_id">들은 회의`,
		`value="`+time.Now().In(models.Seoul).Format("2006-01-02")+`"`,
		`<option value="`+mid+`" lang="ko">`+langByCode("ko").Date(m.StartsAt)+` · 신길권역 맞춤형 타운홀미팅</option>`)
	r = d.staff.submit("/admin/opinions/new", "/admin/opinions", url.Values{"body": {"버스정류장에 온열의자를 놓아 주세요."}, "meeting_id": {mid}, "heard_on": {"2099-01-01"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "입력한 내용을 확인해 주세요", "분야를 선택해 주세요.", "앞으로의 날짜는 입력할 수 없습니다",
		"버스정류장에 온열의자를 놓아 주세요.", `<option value="`+mid+`" selected lang="ko">`, `href="#category"`)
	r = d.staff.submit("/admin/opinions/new", "/admin/opinions", url.Values{"body": {"내용"}, "category": {"도시"}, "meeting_id": {"열둘"}, "heard_on": {"2024-01-01"}})
	r.has(t, "회의를 목록에서 골라 주세요")
	r = d.staff.submit("/admin/opinions/new", "/admin/opinions", url.Values{"body": {"내용"}, "category": {"도시"}, "meeting_id": {"9999"}, "heard_on": {"2024-01-01"}})
	r.has(t, "고른 회의를 찾을 수 없습니다")
	r = d.staff.submit("/admin/opinions/new", "/admin/opinions", url.Values{"body": {"내용"}, "category": {"도시"}, "heard_on": {"2024-01-01"}})
	r.has(t, "어디에서 들은 의견인지 적거나 회의를 골라 주세요")

	id := d.recordOpinion(t, guardOpinion())
	desk := "/admin/opinions/" + id
	pub := "/opinions/" + id
	r = d.staff.get(desk)
	r.has(t, "현장 의견 "+id+"번", "접수", "박담당", "처리 상태 저장", `<label for="state">처리 상태</label>`,
		`<label for="department">담당부서</label>`, `<label for="reply">답변 내용</label>`)
	anon := d.browser()
	anon.get("/opinions").has(t, "경비실에 냉방기가 없어", "찾아가는 영등포1번가 — 경비근로자 간담회", "신길5동", "복지보건·다문화")
	anon.get(pub).has(t, "접수된 의견입니다", "의견 접수", "공동주택 지원사업으로")

	// a final state needs the department and the reply
	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"received"}, "state": {"adopted"}, "reply": {"검토 중 메모"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "답변한 담당부서를 입력해 주세요", "검토 중 메모", `<option value="adopted" selected>`)

	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"received"}, "state": {"reviewing"}, "department": {"주택과"}})
	r.has(t, "처리 상태를 ‘검토중’(으)로 저장했습니다", "검토중")
	anon.get(pub).has(t, `<span lang="ko">주택과</span>에서 검토하고 있습니다`, "검토중")
	// going back is refused
	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"reviewing"}, "state": {"received"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "되돌릴 수 없습니다")

	first := "공동주택 지원사업 대상에 경비실 냉방기를 넣어 내년부터 지원합니다."
	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"reviewing"}, "state": {"adopted"}, "department": {"주택과"}, "reply": {first}})
	r.has(t, "‘반영’(으)로 저장했습니다", "답변 고치기")
	r = anon.get(pub)
	r.rendered(t, http.StatusOK, `<span lang="ko">주택과</span> 답변`, first, "처리 결과 <strong>반영</strong>").lacks(t, "박담당") // staff names stay on the desk

	// once final the state stays; only the reply can be corrected, and the first reply stays in the history
	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"adopted"}, "state": {"rejected"}, "department": {"주택과"}, "reply": {"불가"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "처리를 마친 의견은 상태를 바꿀 수 없습니다")
	fixed := "공동주택 지원사업 대상에 경비실 냉방기를 넣어 올해 하반기부터 지원합니다."
	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"adopted"}, "state": {"adopted"}, "department": {"건축과"}, "reply": {fixed}})
	r.has(t, "답변을 고쳤습니다", "답변 수정")
	r = anon.get(pub)
	r.has(t, `<span lang="ko">건축과</span> 답변`, fixed, "답변 수정", first)

	// a form opened before someone else moved the opinion is refused
	r = d.staff.submit(desk, desk+"/state", url.Values{"from": {"reviewing"}, "state": {"partly"}, "department": {"주택과"}, "reply": {"일부"}})
	r.has(t, "그사이 다른 담당자가 이 의견의 처리 상태를 바꿨습니다")

	d.staff.get("/admin/audit?type=opinion&target="+id).has(t, "번 현장 의견</a>을 기록했습니다.", "번 현장 의견</a>의 처리 상태를 바꿨습니다.", "번 현장 의견</a>의 답변을 고쳤습니다.", "박담당</span> 님이")
	r = d.staff.get("/admin/opinions?state=adopted")
	r.has(t, "경비실에 냉방기가 없어", "의견 <strong>1</strong>건")
	d.staff.get("/admin/opinions?state=received").has(t, "조건에 맞는 의견이 없습니다")
	d.staff.get("/admin/opinions?q=냉방기").has(t, "경비실에 냉방기가 없어")
	d.staff.get("/admin/opinions/99999").is(t, http.StatusNotFound)
	d.staff.submit(desk, "/admin/opinions/99999/state", url.Values{"state": {"reviewing"}}).is(t, http.StatusNotFound)
}

func TestOpinionDeskIsForStaffOnly(t *testing.T) {
	d := newDeskSite(t)
	id := d.recordOpinion(t, guardOpinion())
	resident := d.signUp("someone@example.com", "정하늘", "도림동")
	anon := d.browser()
	anon.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, target := range []string{id, "99999"} {
		for _, rt := range []struct{ method, path string }{
			{http.MethodGet, "/admin/opinions"}, {http.MethodGet, "/admin/opinions/new"}, {http.MethodPost, "/admin/opinions"},
			{http.MethodGet, "/admin/opinions/" + target}, {http.MethodPost, "/admin/opinions/" + target + "/state"},
		} {
			var r response
			form := url.Values{"state": {"reviewing"}, "body": {"의견"}, "category": {"도시"}, "source": {"x"}, "heard_on": {"2024-01-01"}}
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
			r.is(t, http.StatusForbidden)
		}
	}
	var n int64
	d.db.Model(&meetings.Opinion{}).Count(&n)
	o, _ := meetings.FindOpinion(d.db, mustID(t, id))
	if n != 1 || o.State != meetings.OpinionReceived {
		t.Errorf("guarded routes changed opinions: %d, %s", n, o.State)
	}
}

func mustID(t *testing.T, s string) uint {
	t.Helper()
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return uint(id)
}

func TestPublicOpinionList(t *testing.T) {
	d := newDeskSite(t)
	var staffUser models.User
	if err := d.db.Where("email = ?", "staff@ydp1.test").Take(&staffUser).Error; err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i := range 23 {
		in := meetings.OpinionInput{Body: "평범한 의견 " + strconv.Itoa(i+1) + "번입니다.", Category: "도시", Source: "청년 간담회",
			HeardOn: now.AddDate(0, 0, -30-i).In(models.Seoul).Format("2006-01-02")}
		if _, err := meetings.RecordOpinion(d.db, staffUser.ID, in, now); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 { // meeting 4 is where the school opinion was heard
		d.deskMeetingAt(t, "대림권역 타운홀미팅 "+strconv.Itoa(i+1), now.Add(-time.Duration(i+2)*24*time.Hour), 30)
	}
	school, err := meetings.RecordOpinion(d.db, staffUser.ID, meetings.OpinionInput{Body: "통학로에 옐로카펫을 설치해 주세요.", Category: "교육문화",
		Dong: "대림2동", MeetingID: "4", HeardOn: now.In(models.Seoul).Format("2006-01-02")}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := meetings.ChangeOpinionState(d.db, school.ID, staffUser.ID, meetings.OpinionChange{State: meetings.OpinionPartly,
		Department: "교육지원과", Reply: "두 곳 중 한 곳에 먼저 설치합니다."}, now); err != nil {
		t.Fatal(err)
	}
	resident := d.mkResident(t, "op")
	if _, err := meetings.SubmitOpinion(d.db, 4, resident.ID, "회의가 끝난 뒤 남기는 의견: 수어 통역이 있으면 좋겠습니다.", "복지보건·다문화", "", now); err != nil {
		t.Fatal(err)
	}

	anon := d.browser()
	r := anon.get("/opinions")
	r.rendered(t, http.StatusOK, "의견 <strong>25</strong>건", "통학로에 옐로카펫을", "일부반영", `<span lang="ko">교육지원과</span> 답변`, "대림2동", `href="/meetings/4"`,
		`참석 주민 <span lang="ko">주**p</span>`, "평범한 의견 1번입니다.", `<label for="state">처리 상태</label>`, `<label for="category">분야</label>`, `href="?page=2"`).
		lacks(t, "평범한 의견 23번입니다.", "주민op", "resident-op@example.com")
	anon.get("/opinions?page=2").has(t, "평범한 의견 23번입니다.")
	r = anon.get("/opinions?state=partly")
	r.rendered(t, http.StatusOK, "의견 <strong>1</strong>건", "통학로에 옐로카펫을").lacks(t, "평범한 의견")
	r = anon.get("/opinions?category=" + url.QueryEscape("복지보건·다문화"))
	r.rendered(t, http.StatusOK, "수어 통역이").lacks(t, "옐로카펫")
	anon.get("/opinions?dong="+url.QueryEscape("대림2동")).has(t, "옐로카펫")
	anon.get("/opinions?state=nonsense&page=-3").has(t, "의견 <strong>25</strong>건")

	r = anon.get("/opinions/" + strconv.Itoa(int(school.ID)))
	r.has(t, `<span lang="ko">교육지원과</span> 답변`, "두 곳 중 한 곳에 먼저 설치합니다.", "처리 과정", "의견 접수", "일부반영", "관련 회의 보기")
	anon.get("/opinions/99999").is(t, http.StatusNotFound)
	anon.get("/opinions/abc").is(t, http.StatusNotFound)
	header := anon.get("/")
	header.has(t, `href="/opinions"`, "현장 의견")
}

// The meeting page includes the opinion-list partial with OpinionsForMeeting.
func TestOpinionListPartial(t *testing.T) {
	d := newDeskSite(t)
	resident := d.mkResident(t, "m")
	now := time.Now().UTC()
	if _, err := meetings.SubmitOpinion(d.db, 9, resident.ID, "주차 안내를 더 크게 해 주세요.", "도시", "영등포동", now); err != nil {
		t.Fatal(err)
	}
	render := func(meetingID uint) string {
		ops, err := meetings.OpinionsForMeeting(d.db, meetingID)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := d.app.views.pages["ko opinions/index"].ExecuteTemplate(&buf, "opinion-list", ops); err != nil {
			t.Fatal(err)
		}
		return html.UnescapeString(buf.String())
	}
	got := render(9)
	for _, want := range []string{"주차 안내를 더 크게 해 주세요.", "접수", "영등포동", `참석 주민 <span lang="ko">주*m</span>`, `href="/opinions/`} {
		if !strings.Contains(got, want) {
			t.Errorf("opinion-list lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, `href="/meetings/9"`) {
		t.Errorf("the list on the meeting's own page links back to it:\n%s", got)
	}
	if got := render(10); !strings.Contains(got, "아직 기록된 의견이 없습니다") {
		t.Errorf("empty opinion-list: %s", got)
	}
}
