package app

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/petitions"
	"ydp1/views"
)

// deskSite is a site with a staff member, an admin and a petition in each
// state the desk works on.
type deskSite struct {
	*testSite
	staff, admin *browser
	author       *models.User
	open, closed *petitions.Petition
}

func newDeskSite(t *testing.T) *deskSite {
	t.Helper()
	s := newTestSite(t, models.Settings{Threshold: 3, PreconsentGoal: 0, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20, DeptAnswerDays: 10, ReportLimit: 3})
	now := time.Now().UTC()
	for _, u := range []struct {
		email, name string
		role        models.Role
	}{
		{"staff@ydp1.test", "박담당", models.RoleStaff}, {"admin@ydp1.test", "최관리", models.RoleAdmin},
	} {
		if _, err := models.CreateVerifiedUser(s.db, u.email, "deskpass123", u.name, "", u.role, now); err != nil {
			t.Fatal(err)
		}
	}
	author, err := models.CreateVerifiedUser(s.db, "author@example.com", "authorpass1", "김영희", "문래동", models.RoleResident, now)
	if err != nil {
		t.Fatal(err)
	}
	file := func(title string, at time.Time) *petitions.Petition {
		p, err := petitions.FilePetition(s.db, author.ID, petitions.Input{Title: title, Category: "도시",
			Body: "문래동 골목길에 보행자 안전을 위한 시설이 필요합니다. 검토해 주세요."}, at)
		if err != nil {
			t.Fatal(err)
		}
		if err := petitions.Publish(s.db, p.ID, 0, at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	d := &deskSite{testSite: s, author: author,
		open:   file("문래동 보행로 정비", now.Add(-time.Hour)),
		closed: file("도림천 징검다리 보수", now.AddDate(0, 0, -31)),
	}
	d.staff = s.logIn("staff@ydp1.test", "deskpass123")
	d.admin = s.logIn("admin@ydp1.test", "deskpass123")
	return d
}

func (d *deskSite) page(p *petitions.Petition) string { return "/petitions/" + strconv.Itoa(int(p.ID)) }

func TestDeskHomeShowsTheQueues(t *testing.T) {
	d := newDeskSite(t)
	r := d.staff.get("/admin")
	r.has(t, "검토 대기", "답변 대기", "부서답변 대기", "도림천 징검다리 보수", "발송 실패 메일", "신고 검토")
}

func TestDeskQueuesPutOverdueFirst(t *testing.T) {
	d := newDeskSite(t)
	// its period ended 20 days ago: the department's answer (10 days) is 10 days late
	late, err := petitions.FilePetition(d.db, d.author.ID, petitions.Input{Title: "신길동 공영주차장 확충", Category: "도시",
		Body: "신길동 골목마다 주차할 곳이 없어 소방차가 지나가기 어렵습니다. 공영주차장을 늘려 주세요."}, time.Now().AddDate(0, 0, -50))
	if err != nil {
		t.Fatal(err)
	}
	if err := petitions.Publish(d.db, late.ID, 0, time.Now().AddDate(0, 0, -50)); err != nil {
		t.Fatal(err)
	}
	r := d.staff.get("/admin")
	r.rendered(t, http.StatusOK, "부서답변 대기", `<span class="overdue nowrap">기한 초과 10일</span>`, `<span class="dday nowrap">D-9</span>`).
		lacks(t, "D+")
	if i, j := strings.Index(r.body, "신길동 공영주차장 확충"), strings.Index(r.body, "도림천 징검다리 보수"); i < 0 || j < i {
		t.Errorf("the overdue petition is not on top of the department answers (%d, %d)", i, j)
	}
}

func TestProgressUpdateOnTheTimeline(t *testing.T) {
	d := newDeskSite(t)
	path := d.page(d.open)
	r := d.staff.submit(path, "/admin"+path+"/progress", url.Values{"progress_kind": {""}, "progress_date": {"어제"}, "progress_body": {"현장 확인"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "유형을 선택해 주세요", "날짜를 2026-11-28 형식으로", "현장 확인")
	today := time.Now().In(models.Seoul).Format("2006-01-02")
	r = d.staff.submit(path, "/admin"+path+"/progress", url.Values{"progress_kind": {"현장 방문"}, "progress_date": {today}, "progress_body": {"교통행정과가 현장을 확인했습니다."}})
	r.has(t, "진행 상황을 등록했습니다")
	d.browser().get(path).has(t, "진행 상황", "현장 방문", "교통행정과가 현장을 확인했습니다.")
	d.staff.get("/admin/audit").has(t, "박담당</span> 님이 ", "번 청원</a>에 진행 상황을 등록했습니다.", `<dt>종류</dt><dd><span lang="ko">현장 방문</span></dd>`)
}

func TestDepartmentAnswerKeepsItsHistory(t *testing.T) {
	d := newDeskSite(t)
	path := d.page(d.closed)
	d.browser().get(path).has(t, "기간만료")
	r := d.staff.submit(path, "/admin"+path+"/dept-answer", url.Values{"department": {""}, "dept_body": {"검토 결과"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "담당부서를 입력해 주세요", "검토 결과")
	d.staff.submit(path, "/admin"+path+"/dept-answer", url.Values{"department": {"치수과"}, "dept_body": {"내년 봄에 보수하겠습니다."}}).
		has(t, "부서답변을 저장했습니다", "부서답변완료")
	d.staff.submit(path, "/admin"+path+"/dept-answer", url.Values{"department": {"치수과"}, "dept_body": {"올해 12월에 앞당겨 보수하겠습니다."}}).
		has(t, "부서답변 이력 2건", "내년 봄에 보수하겠습니다.")
	r = d.browser().get(path)
	r.rendered(t, http.StatusOK, "치수과 답변", "올해 12월에 앞당겨 보수하겠습니다.", "수정").lacks(t, "내년 봄에 보수하겠습니다.")
	d.staff.get("/admin/audit?type=petition&target="+strconv.Itoa(int(d.closed.ID))).has(t, "번 청원</a>에 부서답변을 등록했습니다.", "번 청원</a>의 부서답변을 고쳤습니다.")
	var api apiPetition
	d.browser().getJSON(t, "/api/v1/petitions/"+strconv.Itoa(int(d.closed.ID)), &api)
	if api.Status != "dept_answered" || api.StatusLabel != "부서답변완료" {
		t.Errorf("API says %s %s", api.Status, api.StatusLabel)
	}
}

func TestSettingsPageForAdminsOnly(t *testing.T) {
	d := newDeskSite(t)
	d.staff.get("/admin/settings").is(t, http.StatusForbidden)
	r := d.admin.submit("/admin/settings", "/admin/settings", url.Values{"petition_threshold": {"영"}, "petition_preconsent": {"0"},
		"preconsent_days": {"7"}, "petition_days": {"30"}, "answer_days": {"20"}, "dept_answer_days": {"10"}, "report_limit": {"3"}, "anonymise_months": {"0"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "숫자로 입력해 주세요", `value="영"`, "1부터 120까지 입력할 수 있습니다")
	r = d.admin.submit("/admin/settings", "/admin/settings", url.Values{"petition_threshold": {"500"}, "petition_preconsent": {"0"},
		"preconsent_days": {"7"}, "petition_days": {"30"}, "answer_days": {"20"}, "dept_answer_days": {"10"}, "report_limit": {"3"}, "anonymise_months": {"18"},
		"site_notice": {"12월 31일 점검"}})
	r.has(t, "설정을 저장했습니다", `value="500"`, "12월 31일 점검")
	d.browser().get("/").has(t, "12월 31일 점검", "500명")
	d.admin.get("/admin/audit").has(t, `<span lang="ko">최관리</span> 님이 <a href="/admin/settings">설정</a>을 바꿨습니다.`,
		`<dt>공감 기준 인원</dt><dd><span class="visually-hidden">바뀌기 전 </span>3<span aria-hidden="true"> → </span><span class="visually-hidden">, 바뀐 뒤 </span>500</dd>`,
		`<dt>공감자 익명화(개월)</dt><dd>`, "<dt>사이트 공지</dt>", "그대로인 항목 7개는 적지 않았습니다.")
}

func TestEventsBecomeMailsOnce(t *testing.T) {
	in, smtpURL := startInbox(t)
	d := newDeskSite(t)
	d.app.cfg.SMTPURL = smtpURL
	var err error
	if d.app.mailer, err = newMailer(d.app.cfg, d.db, d.app.log); err != nil {
		t.Fatal(err)
	}
	supporter := d.signUp("fan@example.com", "이철수", "당산1동")
	path := d.page(d.open)
	supporter.submit(path, path+"/support", url.Values{}).has(t, "공감했습니다")
	for _, e := range []string{"a", "b"} {
		if _, err := petitions.SupportPetition(d.db, petitions.SupportInput{PetitionID: d.open.ID, UserID: d.mkResident(t, e).ID}, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
	d.staff.submit(path, "/admin"+path+"/answer", url.Values{"body": {"답변합니다."}, "answerer": {"영등포구청장"}}).has(t, "답변을 등록했습니다")
	d.app.mailer.DeliverDue(t.Context())
	d.app.mailer.DeliverDue(t.Context())

	in.mu.Lock()
	got := map[string][]string{}
	for _, m := range in.msgs {
		subject, text := textOf(t, m.data)
		got[m.to[0]] = append(got[m.to[0]], subject)
		if strings.Contains(subject, "구청장이 답변했습니다") && !strings.Contains(text, "/unsubscribe/") {
			t.Errorf("mail to %s has no unsubscribe link", m.to[0])
		}
	}
	in.mu.Unlock()
	want := map[string]int{"author@example.com": 4, "fan@example.com": 2, "staff@ydp1.test": 1, "admin@ydp1.test": 1}
	for to, n := range want {
		if len(got[to]) != n {
			t.Errorf("%s got %d mails %v, want %d", to, len(got[to]), got[to], n)
		}
	}
	// author: two publications, threshold reached, answered; supporter: verification and the answer
	if !contains(got["author@example.com"], "[영등포1번가] 구청장이 답변했습니다: 문래동 보행로 정비") ||
		!contains(got["fan@example.com"], "[영등포1번가] 구청장이 답변했습니다: 문래동 보행로 정비") {
		t.Errorf("answer mails: %v", got)
	}
}

func TestUnsubscribeLinkTurnsMailsOff(t *testing.T) {
	d := newDeskSite(t)
	var u models.User
	d.db.Take(&u, d.author.ID)
	b := d.browser()
	r := b.get("/unsubscribe/" + u.UnsubscribeToken)
	r.has(t, "알림 메일 받지 않기", "author@example.com")
	// a mail client's one-click POST carries no CSRF token
	r = b.post("/unsubscribe/"+u.UnsubscribeToken, url.Values{"List-Unsubscribe": {"One-Click"}})
	r.is(t, http.StatusOK)
	r.has(t, "더 이상 보내지 않습니다")
	d.db.Take(&u, d.author.ID)
	if u.NotifyOwn || u.NotifySupported || u.NotifyProgress {
		t.Errorf("still subscribed: %+v", u)
	}
	b.get("/unsubscribe/not-a-token").is(t, http.StatusNotFound)
}

func TestFailedMailCanBeResent(t *testing.T) {
	d := newDeskSite(t)
	now := time.Now().UTC()
	if err := models.QueueMail(d.db, models.Mail{To: "x@example.com", Subject: "실패한 메일", Text: "본문"}, now); err != nil {
		t.Fatal(err)
	}
	d.db.Model(&models.Mail{}).Where("recipient = ?", "x@example.com").Updates(map[string]any{"status": models.MailFailed, "attempts": 6, "last_error": "connection refused"})
	mails, _ := models.MailsTo(d.db, "x@example.com")
	path := "/admin/mails/" + strconv.Itoa(int(mails[0].ID))
	d.staff.get("/admin").has(t, "발송 실패 메일")
	d.staff.get("/admin/mails?status=failed").has(t, "실패한 메일")
	d.staff.submit(path, path+"/resend", url.Values{}).has(t, "다시 보내도록 대기열에 넣었습니다", "대기")
	d.staff.submit(path, path+"/resend", url.Values{}).has(t, "발송 실패 상태의 메일만")
}

// TestDeskRoutesAreGuarded walks every /admin route: anonymous visitors are
// sent to the log-in page and residents refused, so a new route cannot
// forget its guard.
func TestDeskRoutesAreGuarded(t *testing.T) {
	d := newDeskSite(t)
	resident := d.signUp("someone@example.com", "정하늘", "도림동")
	anon := d.browser()
	anon.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	n := 0
	for _, rt := range d.app.Handler().Routes() {
		if !strings.HasPrefix(rt.Path, "/admin") {
			continue
		}
		n++
		path := strings.NewReplacer(":id", strconv.Itoa(int(d.open.ID))).Replace(rt.Path)
		var r response
		if rt.Method == http.MethodGet {
			r = anon.get(path)
		} else {
			r = anon.submit("/login", path, url.Values{})
		}
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
			t.Errorf("anonymous %s %s: %d %s", rt.Method, path, r.status, r.header.Get("Location"))
		}
		if rt.Method == http.MethodGet {
			r = resident.get(path)
		} else {
			r = resident.submit("/me", path, url.Values{})
		}
		if r.status != http.StatusForbidden {
			t.Errorf("resident %s %s: %d", rt.Method, path, r.status)
		}
	}
	if n < 10 {
		t.Errorf("only %d desk routes found", n)
	}
}

func (d *deskSite) mkResident(t *testing.T, tag string) *models.User {
	t.Helper()
	u, err := models.CreateVerifiedUser(d.db, "resident-"+tag+"@example.com", "residentpass1", "주민"+tag, "여의동", models.RoleResident, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (b *browser) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	r := b.get(path)
	r.is(t, http.StatusOK)
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func TestHideAndRestoreFromThePetitionPage(t *testing.T) {
	d := newDeskSite(t)
	path := d.page(d.open)
	r := d.staff.submit(path, "/admin"+path+"/hide", url.Values{"reason": {"기타"}, "note": {""}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "사유가 '기타'이면 작성자에게 전할 설명을 적어 주세요")
	r = d.staff.submit(path, "/admin"+path+"/hide", url.Values{"reason": {"개인정보 포함"}, "note": {"본문에 이웃의 전화번호가 있어 비공개합니다."}})
	r.has(t, "비공개로 처리했습니다", "비공개 처리된 청원입니다", "개인정보 포함")
	d.browser().get(path).is(t, http.StatusNotFound)
	d.browser().get("/petitions").rendered(t, http.StatusOK, "<h1>영등포신문고</h1>").lacks(t, "문래동 보행로 정비")

	author := d.logIn("author@example.com", "authorpass1")
	author.get("/me").has(t, "비공개 사유", "개인정보 포함", "본문에 이웃의 전화번호가 있어 비공개합니다.")
	author.get(path).has(t, "비공개 처리된 청원입니다", "본문에 이웃의 전화번호가 있어 비공개합니다.")
	d.app.mailer.ExpandEvents(t.Context())
	mails, _ := models.MailsTo(d.db, "author@example.com")
	if len(mails) == 0 || !strings.Contains(mails[0].Subject, "비공개 처리되었습니다") || !strings.Contains(mails[0].Text, "사유: 개인정보 포함") {
		t.Errorf("no refusal mail with the reason: %+v", mails)
	}

	d.staff.submit(path, "/admin"+path+"/restore", url.Values{}).has(t, "되돌렸습니다", "진행중")
	d.browser().get(path).is(t, http.StatusOK)
	d.staff.get("/admin/audit").has(t, "번 청원</a>을 비공개로 처리했습니다.", "번 청원</a>을 비공개 이전 상태로 되돌렸습니다.")
}

func TestSecondStaffMemberSeesWhoIsWorkingOnIt(t *testing.T) {
	d := newDeskSite(t)
	path := d.page(d.open)
	d.staff.get(path).rendered(t, http.StatusOK, "문래동 보행로 정비").lacks(t, "도 이 청원을 보고 있습니다")
	d.admin.get(path).has(t, "박담당", "도 이 청원을 보고 있습니다")
	d.browser().get(path).rendered(t, http.StatusOK, "문래동 보행로 정비").lacks(t, "박담당", "보고 있습니다")
}

// The desk says when each periodic job last ran and what it did, and flags
// one that has not succeeded for twice its interval.
func TestDeskShowsThePeriodicJobs(t *testing.T) {
	d := newDeskSite(t)
	r := d.staff.get("/admin")
	r.is(t, http.StatusOK)
	r.has(t, "자동 작업", "매일 점검(카운터 재계산)", "아직 실행 전", "서버가 시작할 때")

	ran := time.Date(2026, time.December, 7, 3, 0, 0, 0, models.Seoul)
	if err := models.RecordJobRun(d.db, models.JobDaily, ran, 2300*time.Millisecond, models.JobResult{models.JobRepaired: 2}, nil); err != nil {
		t.Fatal(err)
	}
	if err := models.RecordJobRun(d.db, models.JobSweep, ran.Add(-time.Minute), 40*time.Millisecond, models.JobResult{models.JobClosed: 2}, nil); err != nil {
		t.Fatal(err)
	}
	if err := models.RecordJobRun(d.db, models.JobSweep, ran.Add(9*time.Minute), 100*time.Millisecond, nil, errors.New("database is locked")); err != nil {
		t.Fatal(err)
	}
	if err := models.RecordJobRun(d.db, models.JobMaps, ran.Add(10*time.Minute-5*time.Second), 300*time.Millisecond, models.JobResult{models.JobMapped: 1}, nil); err != nil {
		t.Fatal(err)
	}
	d.app.now = func() time.Time { return ran.Add(10 * time.Minute).UTC() }
	r = d.staff.get("/admin")
	r.rendered(t, http.StatusOK, "매일 점검(카운터 재계산)</td>",
		`<span class="nowrap">2026. 12. 7.(월) 03:00</span> · <span class="nowrap">2초</span></td>`, `<td data-label="결과">카운터 재계산 2건</td>`,
		`<span class="nowrap">2026. 12. 8.(화) 03:00</span>`,
		"매분 점검(기간 만료 처리·모임 전날 알림·공감자 익명화)", `<span class="nowrap">2026. 12. 7.(월) 03:09</span> · <span class="nowrap">1초 미만</span></td>`,
		`<strong class="overdue">실패</strong> · 서버 기록을 확인해 주세요`,
		`<strong class="overdue">지연</strong> (마지막 성공 2026. 12. 7.(월) 02:59)`,
		"의견 지도 계산(열린공론장에 새 투표가 있으면)", `<td data-label="결과">의견 지도 1건</td>`).
		lacks(t, "database is locked", "아직 실행 전")
}

func TestAuditLogReadsAsSentencesAndFilters(t *testing.T) {
	d := newDeskSite(t)
	staff := d.staffUser(t)
	at := time.Now().Add(-time.Hour)
	for _, e := range []struct {
		actor          uint
		action, target string
		id             uint
		after          any
		when           time.Time
	}{
		{staff.ID, "idea.name_consent", "idea", 3, map[string]any{"publish_name": false}, at},
		{0, models.AuditRecount, "meeting", 4, map[string]any{"booked_count": 12}, at.Add(-time.Hour)},
	} {
		if err := models.Audit(d.db, e.actor, e.action, e.target, e.id, nil, e.after, e.when); err != nil {
			t.Fatal(err)
		}
	}
	r := d.staff.get("/admin/audit")
	r.rendered(t, http.StatusOK, "감사 기록",
		`<span lang="ko">박담당</span> 님이 <a href="/admin/ideas/3">3번 제안</a>의 제안자 이름 공개 동의를 바꿨습니다.`, "<dt>이름 공개</dt><dd>아니오</dd>",
		`자동 작업이 <a href="/admin/meetings/4/edit">4번 모임</a>의 카운터를 실제 행 수에 맞게 고쳤습니다.`, "<dt>예약 인원</dt><dd>12</dd>",
		`<option value="system">자동 작업</option>`, `<option value="`+strconv.Itoa(int(staff.ID))+`" lang="ko">박담당 (staff@ydp1.test)</option>`,
		`<option value="idea">제안</option>`, `<option value="idea.name_consent">제안자 이름 공개 동의 변경</option>`).
		lacks(t, "publish_name", "booked_count", ">true<", ">false<")
	if i, j := strings.Index(r.body, "3번 제안</a>"), strings.Index(r.body, "4번 모임</a>"); i < 0 || j < i {
		t.Errorf("the log is not newest first (%d, %d)", i, j)
	}
	d.staff.get("/admin/audit?actor=system").rendered(t, http.StatusOK, "4번 모임</a>", `<option value="system" selected>`).lacks(t, "3번 제안</a>")
	d.staff.get("/admin/audit?type=idea").rendered(t, http.StatusOK, "3번 제안</a>", `<option value="idea" selected>`).lacks(t, "4번 모임</a>")
	d.staff.get("/admin/audit?actor="+strconv.Itoa(int(staff.ID))+"&action=maintenance.recount").
		rendered(t, http.StatusOK, "조건에 맞는 기록이 없습니다.").lacks(t, "4번 모임</a>", "3번 제안</a>")

	// the log speaks the staff member's language; their name stays as written
	for accept, want := range map[string][]string{
		"en": {`<span lang="ko">박담당</span> changed a proposer's consent to publish their name on <a href="/admin/ideas/3">proposal 3</a>.`,
			"<dt>Name published</dt><dd>no</dd>", `An automatic job corrected the counters of <a href="/admin/meetings/4/edit">meeting 4</a>`,
			"<dt>Booked</dt><dd>12</dd>", "Audit log", `<option value="idea.name_consent">Proposer's consent to publish their name changed</option>`},
		"zh-CN": {`<span lang="ko">박담당</span>更改了<a href="/admin/ideas/3">第3号提案</a>提案人的姓名公开同意。`, "<dt>公开姓名</dt><dd>否</dd>",
			`自动任务按实际行数更正了<a href="/admin/meetings/4/edit">第4号活动</a>的计数。`, "审计记录"},
	} {
		req, _ := http.NewRequest(http.MethodGet, d.srv.URL+"/admin/audit", nil)
		req.Header.Set("Accept-Language", accept)
		d.staff.do(req).rendered(t, http.StatusOK, want...).lacks(t, "님이", "번 제안", "카운터", "아니오")
	}
}

var (
	deskTable = regexp.MustCompile(`(?s)<table class="queue.*?</table>`)
	deskCell  = regexp.MustCompile(`<td[\s>]|<th scope="row"`)
)

// On a phone a desk table is a stack of cards whose cells say their column's
// name (data-label): every cell but the row's title (its row header, or
// else its first cell) has one.
func TestDeskTablesLabelTheirCells(t *testing.T) {
	pages, err := fs.Glob(views.FS, "admin/*.html")
	if err != nil || len(pages) < 20 {
		t.Fatalf("desk pages %v: %v", pages, err)
	}
	tables := 0
	for _, p := range pages {
		src, err := fs.ReadFile(views.FS, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range deskTable.FindAllString(string(src), -1) {
			tables++
			_, body, _ := strings.Cut(table, "</thead>")
			for _, row := range strings.Split(body, "<tr")[1:] {
				titled := strings.Contains(row, `<th scope="row"`) // else the first cell is the title
				for i, c := range deskCell.FindAllStringIndex(row, -1) {
					tag := row[c[0]:min(len(row), c[0]+40)]
					title := strings.HasPrefix(tag, `<th`) || (!titled && i == 0)
					if !title && !strings.HasPrefix(tag, `<td data-label="`) {
						t.Errorf("%s: a cell without its column's name: %s…", p, tag)
					}
				}
			}
		}
	}
	if tables < 20 {
		t.Errorf("only %d desk tables found", tables)
	}
}
