package app

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/petitions"
)

const peoplePassword = "people1234"

// peopleSite is a site with a staff member, an admin, a resident and one
// public petition, each logged in in their own browser.
type peopleSite struct {
	*testSite
	staff, admin, resident             *browser
	staffUser, adminUser, residentUser *models.User
	petition                           *petitions.Petition
}

func newPeopleSite(t *testing.T, reportLimit int) *peopleSite {
	t.Helper()
	s := &peopleSite{testSite: newTestSite(t, models.Settings{Threshold: 100, PreconsentGoal: 0, PreconsentDays: 7,
		PetitionDays: 30, AnswerDays: 20, DeptAnswerDays: 10, ReportLimit: reportLimit})}
	s.staffUser, s.staff = s.account("staff@ydp1.test", "박담당", "", models.RoleStaff)
	s.adminUser, s.admin = s.account("admin@ydp1.test", "최관리", "", models.RoleAdmin)
	s.residentUser, s.resident = s.account("resident@example.com", "정하늘", "도림동", models.RoleResident)
	now := time.Now().UTC()
	p, err := petitions.FilePetition(s.db, s.residentUser.ID, petitions.Input{Title: "문래동 공영주차장 확충", Category: "도시",
		Dong: "문래동", Body: "문래동 창작촌 골목에 주차 공간이 부족해 소방차 진입로가 막힙니다. 공영주차장을 늘려 주세요."}, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := petitions.Publish(s.db, p.ID, s.staffUser.ID, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	s.petition = p
	return s
}

// account stores a verified account and logs it in.
func (s *peopleSite) account(email, name, dong string, role models.Role) (*models.User, *browser) {
	s.t.Helper()
	u, err := models.CreateVerifiedUser(s.db, email, peoplePassword, name, dong, role, time.Now().UTC())
	if err != nil {
		s.t.Fatal(err)
	}
	return u, s.logIn(email, peoplePassword)
}

func (s *peopleSite) page() string { return "/petitions/" + strconv.Itoa(int(s.petition.ID)) }

// comment has a new resident support the petition with a comment, and returns the support's id.
func (s *peopleSite) comment(email, name, text string) uint {
	s.t.Helper()
	u, err := models.CreateVerifiedUser(s.db, email, peoplePassword, name, "여의동", models.RoleResident, time.Now().UTC())
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := petitions.SupportPetition(s.db, petitions.SupportInput{PetitionID: s.petition.ID, UserID: u.ID, Comment: text}, time.Now().UTC()); err != nil {
		s.t.Fatal(err)
	}
	var id uint
	for _, c := range mustComments(s.t, s.db, s.petition.ID) {
		if c.Text == text {
			id = c.ID
		}
	}
	return id
}

func mustComments(t *testing.T, db *gorm.DB, petitionID uint) []petitions.Comment {
	t.Helper()
	cs, _, err := petitions.Comments(db, petitionID, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// guardsHold checks that anonymous visitors are sent to the log-in page and
// residents refused for each route ("GET /path" or "POST /path").
func guardsHold(t *testing.T, s *testSite, resident *browser, routes ...string) {
	t.Helper()
	anon := s.browser()
	anon.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt, " ")
		var a, r response
		if method == http.MethodGet {
			a, r = anon.get(path), resident.get(path)
		} else {
			a, r = anon.submit("/login", path, url.Values{}), resident.submit("/me", path, url.Values{})
		}
		if a.status != http.StatusSeeOther || !strings.HasPrefix(a.header.Get("Location"), "/login") {
			t.Errorf("anonymous %s: %d %s", rt, a.status, a.header.Get("Location"))
		}
		if r.status != http.StatusForbidden {
			t.Errorf("resident %s: %d", rt, r.status)
		}
	}
}

var reportLinkRe = regexp.MustCompile(`href="(/petitions/\d+/report\?comment=(\d+))"`)

func TestReportedCommentIsHiddenUntilStaffDecide(t *testing.T) {
	s := newPeopleSite(t, 2)
	bad := s.comment("troll@example.com", "나쁜이", "이런 청원 올리는 사람은 바보입니다")
	s.comment("kind@example.com", "좋은이", "주차장이 꼭 필요합니다")
	anon := s.browser()

	// the page links every comment to its report form; anonymous visitors go through log-in
	r := anon.get(s.page())
	r.has(t, "이런 청원 올리는 사람은 바보입니다", "이 청원 신고하기")
	links := reportLinkRe.FindAllStringSubmatch(r.body, -1)
	if len(links) != 2 {
		t.Fatalf("%d comment report links, want 2", len(links))
	}
	form := "/petitions/" + strconv.Itoa(int(s.petition.ID)) + "/report?comment=" + strconv.Itoa(int(bad))
	if r = anon.get(form); !strings.HasPrefix(r.url, "/login") {
		t.Errorf("anonymous report form ended at %s", r.url)
	}

	// a resident reports: the form asks for a reason, keeps what was typed
	_, alice := s.account("alice@example.com", "김영희", "문래동", models.RoleResident)
	r = alice.get(form)
	r.has(t, "공감 한마디 신고하기", "이런 청원 올리는 사람은 바보입니다", "신고 사유", "개인정보 노출", "광고·스팸")
	action := "/petitions/" + strconv.Itoa(int(s.petition.ID)) + "/report"
	comment := url.Values{"comment": {strconv.Itoa(int(bad))}}
	r = alice.submit(form, action, url.Values{"comment": comment["comment"], "note": {"모욕적입니다"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "입력한 내용을 확인해 주세요", "신고 사유를 선택해 주세요.", "모욕적입니다")
	r = alice.submit(form, action, url.Values{"comment": comment["comment"], "reason": {"기타"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "사유가 '기타'이면 무엇이 문제인지 적어 주세요.", `<option value="기타" selected>`)
	r = alice.submit(form, action, url.Values{"comment": comment["comment"], "reason": {"욕설·비방"}, "note": {"모욕적입니다"}})
	r.is(t, http.StatusOK)
	r.has(t, "신고를 접수했습니다", "이런 청원 올리는 사람은 바보입니다")
	// once per reporter
	alice.get(form).has(t, "이미 신고하셨습니다")
	r = alice.submit(s.page(), action, url.Values{"comment": comment["comment"], "reason": {"욕설·비방"}})
	r.has(t, "이미 신고하셨습니다")

	// the second report reaches the limit of 2: hidden from the page and from the count
	_, bob := s.account("bob@example.com", "이철수", "당산1동", models.RoleResident)
	r = bob.submit(form, action, url.Values{"comment": comment["comment"], "reason": {"명예훼손"}})
	r.has(t, "담당자가 검토할 때까지 가려집니다")
	anon.get(s.page()).rendered(t, http.StatusOK, "주차장이 꼭 필요합니다", `공감 한마디 <span class="count">1</span>`).
		lacks(t, "이런 청원 올리는 사람은 바보입니다")
	anon.get(form).is(t, http.StatusOK) // the log-in page
	bob.get(form).is(t, http.StatusNotFound)

	// the queue shows it with its count and reasons; staff dismiss it
	r = s.staff.get("/admin/reports")
	r.has(t, "신고 검토", "이런 청원 올리는 사람은 바보입니다", "나쁜이", "신고 2건", "공개 화면에서 가려짐",
		"욕설·비방 1건", "명예훼손 1건", "모욕적입니다", s.petition.Title)
	path := "/admin/reports/comment/" + strconv.Itoa(int(bad))
	r = s.staff.submit("/admin/reports", path+"/dismiss", url.Values{})
	r.has(t, "신고를 기각했습니다", "검토할 신고가 없습니다")
	anon.get(s.page()).has(t, "이런 청원 올리는 사람은 바보입니다", `공감 한마디 <span class="count">2</span>`)
	// a second decision on the same reports finds none open
	s.staff.submit("/admin/reports", path+"/uphold", url.Values{}).has(t, "다른 담당자가 먼저 처리해")

	// reported again by others and upheld: hidden for good
	_, carol := s.account("carol@example.com", "남궁민수", "여의동", models.RoleResident)
	_, dave := s.account("dave@example.com", "홍길동", "신길1동", models.RoleResident)
	carol.submit(form, action, url.Values{"comment": comment["comment"], "reason": {"욕설·비방"}}).has(t, "신고를 접수했습니다")
	r = s.staff.submit("/admin/reports", path+"/uphold", url.Values{})
	r.has(t, "신고를 인용했습니다", "다시 보이지 않습니다", "검토할 신고가 없습니다")
	anon.get(s.page()).rendered(t, http.StatusOK, "주차장이 꼭 필요합니다").lacks(t, "이런 청원 올리는 사람은 바보입니다")
	dave.get(form).is(t, http.StatusNotFound)

	// each decision is in the audit log
	s.staff.get("/admin/audit").has(t, "에 들어온 신고를 기각했습니다.", "에 들어온 신고를 인용했습니다.")
	if n := countAudit(t, s, petitions.AuditReportDismiss) + countAudit(t, s, petitions.AuditReportUphold); n != 2 {
		t.Errorf("%d report decisions in the audit log, want 2", n)
	}
}

func countAudit(t *testing.T, s *peopleSite, action string) int {
	t.Helper()
	entries, _, err := models.ListAudit(s.db, models.AuditQuery{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func TestReportedPetitionGoesToModeration(t *testing.T) {
	s := newPeopleSite(t, 3)
	_, alice := s.account("alice@example.com", "김영희", "문래동", models.RoleResident)
	form := s.page() + "/report"
	r := alice.get(s.page())
	r.is(t, http.StatusOK)
	if got := r.link(t, "이 청원 신고하기"); got != form {
		t.Errorf("petition report link = %s", got)
	}
	alice.get(form).has(t, "청원 신고하기", s.petition.Title)
	r = alice.submit(form, form, url.Values{"reason": {"개인정보 노출"}, "note": {"전화번호가 적혀 있습니다"}})
	r.has(t, "신고를 접수했습니다")
	if !strings.HasPrefix(r.url, s.page()) {
		t.Errorf("after reporting the resident is at %s", r.url)
	}
	// a petition is not hidden by reports, only by staff
	s.browser().get(s.page()).is(t, http.StatusOK)

	r = s.staff.get("/admin/reports")
	r.has(t, "청원", s.petition.Title, "개인정보 노출 1건", "전화번호가 적혀 있습니다", "인용 (비공개 처리로)")
	path := "/admin/reports/petition/" + strconv.Itoa(int(s.petition.ID))
	r = s.staff.submit("/admin/reports", path+"/uphold", url.Values{})
	r.has(t, "신고를 인용했습니다", "비공개 사유를 골라", "비공개 처리")
	if !strings.HasPrefix(r.url, s.page()) {
		t.Errorf("upholding a petition report ended at %s, want the petition page", r.url)
	}
	// staff take it down with the moderation the petition page offers
	s.staff.submit(s.page(), "/admin/petitions/"+strconv.Itoa(int(s.petition.ID))+"/hide",
		url.Values{"reason": {"개인정보 포함"}}).has(t, "비공개로 처리했습니다")

	// another report, dismissed, leaves the petition as it is
	other, err := petitions.FilePetition(s.db, s.residentUser.ID, petitions.Input{Title: "여의도 한강공원 야간 조명", Category: "도시",
		Body: "여의도 한강공원 산책로가 밤에 너무 어두워 위험합니다. 조명을 늘려 주세요."}, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if err := petitions.Publish(s.db, other.ID, s.staffUser.ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	otherPage := "/petitions/" + strconv.Itoa(int(other.ID))
	alice.submit(otherPage+"/report", otherPage+"/report", url.Values{"reason": {"광고·스팸"}}).has(t, "신고를 접수했습니다")
	r = s.staff.submit("/admin/reports", "/admin/reports/petition/"+strconv.Itoa(int(other.ID))+"/dismiss", url.Values{})
	r.has(t, "신고를 기각했습니다", "검토할 신고가 없습니다")
	s.browser().get(otherPage).is(t, http.StatusOK)
}

func TestReportNeedsAVerifiedAccountAndAPublicPetition(t *testing.T) {
	s := newPeopleSite(t, 3)
	form := s.page() + "/report"
	newbie := s.browser()
	newbie.submit("/signup", "/signup", url.Values{
		"email": {"new@example.com"}, "password": {"password123"}, "password_confirm": {"password123"},
		"name": {"최민준"}, "dong": {"대림2동"}, "consent": {"yes"},
	}).is(t, http.StatusOK)
	newbie.get(form).has(t, "이메일 인증을 마친 뒤 신고할 수 있습니다")
	r := newbie.submit(s.page(), form, url.Values{"reason": {"기타"}, "note": {"확인 부탁"}})
	r.is(t, http.StatusForbidden)
	r.has(t, "이메일 인증을 마친 뒤 신고할 수 있습니다")

	// a petition still in 사전동의 cannot be reported, even by its own link
	draft, err := petitions.FilePetition(s.db, s.residentUser.ID, petitions.Input{Title: "초안 청원", Category: "도시",
		Body: "아직 공개되지 않은 청원입니다. 사전동의를 받는 중입니다. 내용을 채웁니다."}, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	s.resident.get("/petitions/"+strconv.Itoa(int(draft.ID))+"/report").is(t, http.StatusNotFound)
	s.browser().get("/petitions/999/report?comment=1").is(t, http.StatusOK) // log-in page first
	s.resident.get("/petitions/999/report").is(t, http.StatusNotFound)
	s.resident.get(s.page()+"/report?comment=999").is(t, http.StatusNotFound)
}

func TestReportDeskGuards(t *testing.T) {
	s := newPeopleSite(t, 3)
	bad := s.comment("troll@example.com", "나쁜이", "광고 링크")
	id := strconv.Itoa(int(bad))
	guardsHold(t, s.testSite, s.resident,
		"GET /admin/reports",
		"POST /admin/reports/comment/"+id+"/dismiss",
		"POST /admin/reports/comment/"+id+"/uphold",
		"POST /admin/reports/petition/"+strconv.Itoa(int(s.petition.ID))+"/uphold",
	)
	s.staff.submit("/admin/reports", "/admin/reports/nothing/"+id+"/dismiss", url.Values{}).is(t, http.StatusNotFound)
}
