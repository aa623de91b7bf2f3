package app

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// The staff desk and the idea team's pages speak English and Chinese to
// staff whose browser asks for them: the menus, headings and state names
// are translated, and only what staff wrote stays in Korean.
func TestDeskLanguages(t *testing.T) {
	d := newDeskSite(t)
	staff := d.staffUser(t)
	r := d.staff.submit("/admin/ideas/new", "/admin/ideas", url.Values{"title": {"민원 서식 자동 채움"},
		"problem": {"같은 내용을 세 번 옮겨 적습니다."}, "proposal": {"한 번 입력하면 자동으로 채워지게 합니다."},
		"effect": {"처리 시간 절반"}, "department": {"민원여권과"}, "proposers": {uid(staff)}})
	idea := idFrom(t, ideaURL, r)

	korean := []string{"업무 데스크", "대기 업무", "검토 대기", "자동 작업", "창의 아이디어단", "제안 목록", "살펴볼 것",
		"제안 제출", "현황 및 문제점", "상태 변경 기록", "이름 비공개", "감사 기록"}
	for _, tc := range []struct {
		accept string
		pages  map[string][]string
	}{
		{"en-US,en;q=0.9", map[string][]string{
			"/admin":               {`<html lang="en">`, "Staff desk", "Awaiting review", "Automatic jobs", "Staff idea team"},
			"/admin/ideas":         {"Submit an idea", "To look into", "Award budget", "Submitted"},
			"/admin/ideas/new":     {"Current situation and problem", "Proposed by (one or more)"},
			"/admin/ideas/" + idea: {"State history", "name not shown", `lang="ko">민원 서식 자동 채움</span>`},
		}},
		{"zh-CN,zh;q=0.9", map[string][]string{
			"/admin":               {`<html lang="zh-Hans">`, "工作台", "待审核", "自动任务", "创意点子团"},
			"/admin/ideas":         {"提交提案", "待关注事项", "奖励预算", "已提交"},
			"/admin/ideas/new":     {"现状及问题", "提案人（一人以上）"},
			"/admin/ideas/" + idea: {"状态变更记录", "不公开姓名", `lang="ko">민원 서식 자동 채움</span>`},
		}},
	} {
		for path, want := range tc.pages {
			req, _ := http.NewRequest(http.MethodGet, d.srv.URL+path, nil)
			req.Header.Set("Accept-Language", tc.accept)
			d.admin.do(req).rendered(t, http.StatusOK, want...).lacks(t, korean...)
		}
	}
}

// fromOthers are the parts of desk pages whose words come from elsewhere
// or are what people wrote where no lang="ko" can mark them: the audit
// log's sentences, record kinds and action names (models/audit.go and each
// area's audit words), people's names in the audit filter and in the
// header's link to one's own page, the values of form fields (what staff
// typed, or the stored Korean value of an option whose label is
// translated), a mail as it was sent (in its
// recipient's language), and a meeting's title in an option of the
// opinion form.
var fromOthers = []*regexp.Regexp{
	regexp.MustCompile(`(?s)<ol class="audit-log".*?</ol>`),
	regexp.MustCompile(`(?s)<select id="(?:type|action|actor)".*?</select>`),
	regexp.MustCompile(`<a href="/me"[^>]*>.*?</a>`),
	regexp.MustCompile(`\bvalue="[^"]*"`),
	regexp.MustCompile(`(?s)<pre class="mail-text">.*?</pre>`),
	regexp.MustCompile(`신청 확인 안내`),
	regexp.MustCompile(`신길6동 주민과의 대화`),
}

// staffPanel is the staff's part of a petition's page; the rest is the
// petition pages' own.
var staffPanel = regexp.MustCompile(`(?s)<section class="staff-panel".*?</section>`)

// The desk's meeting, opinion, report, mail, audit and member pages speak
// English and Chinese to staff whose browser asks for them, with only what
// residents and staff wrote left in Korean; a form error on the meeting
// form shows in English beside its field, with what was typed kept.
func TestDeskPagesInEnglishAndChinese(t *testing.T) {
	d := newDeskSite(t)
	now := time.Now().UTC()
	staff := d.staffUser(t)

	m := d.deskMeetingAt(t, "신길6동 주민과의 대화", now.Add(72*time.Hour), 10)
	d.bookAs(t, m, "이순자", "주차할 곳이 있나요?")
	meeting := meetingPath(m, "")

	o, err := meetings.RecordOpinion(d.db, staff.ID, meetings.OpinionInput{Body: "경비실에 냉방기를 놓아 주세요.", Category: "복지보건·다문화",
		Dong: "문래동", Source: "경비근로자 간담회", HeardOn: now.In(models.Seoul).Format("2006-01-02")}, now)
	if err != nil {
		t.Fatal(err)
	}

	supporter, err := models.CreateVerifiedUser(d.db, "supporter@example.com", "residentpass1", "정하늘", "여의동", models.RoleResident, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := petitions.SupportPetition(d.db, petitions.SupportInput{PetitionID: d.open.ID, UserID: supporter.ID, Comment: "광고 글입니다"}, now); err != nil {
		t.Fatal(err)
	}
	comments := mustComments(t, d.db, d.open.ID)
	if _, err := petitions.FileReport(d.db, petitions.ReportInput{ReporterID: d.author.ID, PetitionID: d.open.ID, CommentID: comments[0].ID,
		Reason: "광고·스팸", Note: "홍보 링크"}, now); err != nil {
		t.Fatal(err)
	}

	if err := models.QueueMail(d.db, models.Mail{To: "supporter@example.com", Subject: "신청 확인 안내", Text: "신청이 확정되었습니다."}, now); err != nil {
		t.Fatal(err)
	}
	var mail models.Mail
	if err := d.db.Order("id DESC").Take(&mail).Error; err != nil {
		t.Fatal(err)
	}

	opinion, member, mailPage := "/admin/opinions/"+strconv.Itoa(int(o.ID)), "/admin/users/"+uid(supporter), "/admin/mails/"+strconv.Itoa(int(mail.ID))
	for _, tc := range []struct {
		accept string
		pages  map[string][]string
	}{
		{"en-GB,en;q=0.9", map[string][]string{
			"/admin/meetings":     {"Add a meeting", "Upcoming meetings", "Booked / places", `lang="ko">신길6동 주민과의 대화</a>`},
			"/admin/meetings/new": {"Add a meeting", "Starts", "Take bookings", "Booking closes", "Whole district or none"},
			meeting + "/edit":     {"Meeting details", "Cancel the meeting", "Published on", "Check-in"},
			meeting + "/bookings": {"Download the list (CSV)", "Checked in at", "Question in advance", `lang="ko">주차할 곳이 있나요?</p>`},
			meeting + "/checkin":  {"Checked in", "Entry code", "Capitals and spaces do not matter", "See the bookings"},
			meeting + "/results":  {"Results can be published once the meeting has started", "Attendance", "(people)", "Minutes"},
			"/admin/opinions":     {"Record an opinion", "Residents' voices", "Welfare", "Received"},
			"/admin/opinions/new": {"Date heard", "Not heard at a meeting", "Record the opinion"},
			opinion:               {"Change the state", "Department in charge", "Recorded by", `<div class="opinion-text" lang="ko">`},
			"/admin/reports":      {"Word of support", "Reports: 1", "Dismiss", "Uphold", "Advertising"},
			"/admin/mails":        {"Outgoing mail", "Subject", "Waiting"},
			mailPage:              {"To", "Created", "Back to outgoing mail"},
			"/admin/audit":        {"Audit log", "Who", "Everyone", "Automatic jobs", "Record number"},
			member:                {"Details", "Email verified", "Resident", "Word of support", "Changes to this account"},
			"/admin/users/new":    {"Create a staff account", "Temporary password", "Administrator (manages staff accounts and settings)"},
			d.page(d.open):        {"Staff actions", "Post a progress update", "Reason for hiding", "Site visit"},
		}},
		{"zh-CN,zh;q=0.9", map[string][]string{
			"/admin/meetings":     {"登记会议", "报名 / 名额"},
			"/admin/meetings/new": {"开始时间", "接受报名", "报名截止"},
			meeting + "/edit":     {"会议信息", "取消会议"},
			meeting + "/bookings": {"下载名单 CSV", "入场时间"},
			meeting + "/checkin":  {"入场确认", "查看报名名单"},
			meeting + "/results":  {"会议开始后才能公开结果", "参会人数"},
			"/admin/opinions":     {"记录意见", "现场意见"},
			"/admin/opinions/new": {"听取日期", "记录意见"},
			opinion:               {"更改处理状态", "主管部门", "记录人"},
			"/admin/reports":      {"附议留言", "驳回", "采纳"},
			"/admin/mails":        {"邮件发送箱", "主题", "等待中"},
			mailPage:              {"收件人", "返回邮件发送箱"},
			"/admin/audit":        {"审计记录", "所有人", "自动任务"},
			member:                {"基本信息", "邮箱验证", "居民"},
			"/admin/users/new":    {"创建工作人员账号", "临时密码"},
			d.page(d.open):        {"工作人员处理", "登记进展情况", "不公开理由"},
		}},
	} {
		for path, want := range tc.pages {
			req, _ := http.NewRequest(http.MethodGet, d.srv.URL+path, nil)
			req.Header.Set("Accept-Language", tc.accept)
			r := d.admin.do(req)
			r.rendered(t, http.StatusOK, want...)
			body := r.body
			if path == d.page(d.open) {
				body = staffPanel.FindString(body)
			}
			for _, re := range fromOthers {
				body = re.ReplaceAllString(body, "")
			}
			if left := koreanInterface(t, body); len(left) > 0 {
				t.Errorf("%s in %s keeps Korean interface text: %s", path, tc.accept, clipWords(left))
			}
		}
	}

	// a mistake on the meeting form, in English: the message beside the field, the typed value kept
	d.admin.get("/language/en")
	r := d.admin.submit("/admin/meetings/new", "/admin/meetings", url.Values{"kind": {meetings.KindTownHall}, "title": {"Neighbourhood talk"},
		"starts_at": {formTime(now.Add(96 * time.Hour))}, "ends_at": {formTime(now.Add(98 * time.Hour))}, "place": {"Daerim 2-dong centre"},
		"booking_enabled": {"yes"}, "capacity": {"lots"}, "booking_opens_at": {formTime(now)}, "booking_closes_at": {formTime(now.Add(90 * time.Hour))}})
	r.rendered(t, http.StatusUnprocessableEntity, `value="lots"`, `value="Neighbourhood talk"`)
	beside := regexp.MustCompile(`<p class="field-error" id="capacity-error"><span class="visually-hidden">[^<]*</span>Please enter the number of places as a number of 1 or more.</p>\s*<input type="text" id="capacity"`)
	if !beside.MatchString(r.body) {
		t.Errorf("the capacity error is not in English beside its field:\n%s", excerpt(r.body))
	}
}

// A staff member reading English who sends the idea form half done reads
// what to fix in English.
func TestIdeaFormErrorsInEnglish(t *testing.T) {
	d := newDeskSite(t)
	d.staff.get("/language/en")
	r := d.staff.submit("/admin/ideas/new", "/admin/ideas", url.Values{"title": {"민원 서식 자동 채움"}})
	r.rendered(t, http.StatusUnprocessableEntity, "Please describe the current situation and problem.",
		"Please enter the department concerned", "Please choose at least one proposer.").
		lacks(t, "현황 및 문제점을(를) 입력해 주세요", "제안자를 한 명 이상")
}
