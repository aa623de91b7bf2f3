package app

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"ydp1/models"
)

func userPath(u *models.User) string { return "/admin/users/" + strconv.Itoa(int(u.ID)) }

func TestStaffFindPeople(t *testing.T) {
	s := newPeopleSite(t, 3)
	s.comment("young@example.com", "김영희", "주차장이 꼭 필요합니다")
	for i := 0; i < 32; i++ {
		if _, err := models.CreateVerifiedUser(s.db, fmt.Sprintf("filler%02d@example.com", i), peoplePassword, "주민"+strconv.Itoa(i), "여의동", models.RoleResident, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}

	r := s.staff.get("/admin/users?q=영희")
	r.rendered(t, http.StatusOK, "회원 <strong>1</strong>명", "김영희", "young@example.com", "여의동", "주민", "인증").lacks(t, "정하늘", "filler")
	s.staff.get("/admin/users?q=RESIDENT@example").has(t, "정하늘")
	s.staff.get("/admin/users?role=admin").has(t, "최관리", "회원 <strong>1</strong>명")

	// 36 accounts: two pages of 30
	r = s.staff.get("/admin/users")
	r.rendered(t, http.StatusOK, "회원 <strong>36</strong>명", `aria-label="회원 목록 페이지"`, "filler31@example.com").lacks(t, "filler01@example.com")
	next := r.link(t, "2")
	s.staff.get("/admin/users"+next).has(t, "filler01@example.com", "박담당")

	// one person with their petitions and supports; staff see no admin controls
	r = s.staff.get(userPath(s.residentUser))
	r.rendered(t, http.StatusOK, "정하늘", "resident@example.com", "도림동", "주민", "가입일", "이메일 인증", "올린 청원", s.petition.Title, "공감").lacks(t, "계정 관리", "역할 바꾸기", "계정 사용 중지", "담당자 계정 만들기")
	var fan *models.User
	users, _, _ := models.SearchUsers(s.db, models.UserQuery{Q: "young@"})
	fan = &users[0]
	s.staff.get(userPath(fan)).has(t, "주차장이 꼭 필요합니다", s.petition.Title, "올린 청원이 없습니다")
	s.staff.get("/admin/users/99999").is(t, http.StatusNotFound)
	s.staff.get("/admin/users/abc").is(t, http.StatusNotFound)
}

func TestAdminCreatesStaffAccount(t *testing.T) {
	s := newPeopleSite(t, 3)
	s.admin.get("/admin/users").has(t, "담당자 계정 만들기")
	r := s.admin.get("/admin/users/new")
	r.has(t, "이메일", "이름", "임시 비밀번호", "역할")

	r = s.admin.submit("/admin/users/new", "/admin/users", url.Values{"email": {"kim@ydp"}, "name": {"김새봄"}, "password": {"short"}, "role": {"admin"}})
	r.rendered(t, http.StatusUnprocessableEntity, "입력한 내용을 확인해 주세요", "이메일 형식이 올바르지 않습니다", "비밀번호는 8자 이상이어야 합니다",
		`value="kim@ydp"`, `value="김새봄"`, `<option value="admin" selected>`).
		lacks(t, `value="short"`)
	r = s.admin.submit("/admin/users/new", "/admin/users", url.Values{"email": {"staff@ydp1.test"}, "name": {"김새봄"}, "password": {"temp1234!"}, "role": {"staff"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "이미 가입된 이메일입니다")

	r = s.admin.submit("/admin/users/new", "/admin/users", url.Values{"email": {"Kim@YDP.go.kr"}, "name": {"김새봄"}, "password": {"temp1234!"}, "role": {"staff"}})
	r.is(t, http.StatusOK)
	r.has(t, "김새봄님의 담당자 계정을 만들었습니다", "kim@ydp.go.kr")
	if !strings.HasPrefix(r.url, "/admin/users/") {
		t.Errorf("after creating the account the admin is at %s", r.url)
	}
	kim := s.logIn("kim@ydp.go.kr", "temp1234!")
	kim.get("/admin").is(t, http.StatusOK)
	kim.get("/admin/users/new").is(t, http.StatusForbidden)
	if n := countAudit(t, s, models.AuditUserCreate); n != 1 {
		t.Errorf("%d account creations audited, want 1", n)
	}
}

func TestAdminChangesRoleAndDeactivates(t *testing.T) {
	s := newPeopleSite(t, 3)
	target := userPath(s.residentUser)
	r := s.admin.get(target)
	r.has(t, "계정 관리", "역할 바꾸기", "계정 사용 중지")

	// a resident becomes staff: their session ends, and once logged in again they reach the desk
	s.resident.get("/admin").is(t, http.StatusForbidden)
	r = s.admin.submit(target, target+"/role", url.Values{"role": {"staff"}})
	r.has(t, "역할을 담당자(으)로 바꿨습니다")
	s.resident.out(t)
	s.resident = s.logIn("resident@example.com", peoplePassword)
	s.resident.get("/admin").has(t, "검토 대기")
	s.admin.submit(target, target+"/role", url.Values{"role": {"owner"}}).has(t, "역할을 선택해 주세요.")
	s.admin.submit(target, target+"/role", url.Values{"role": {"resident"}}).has(t, "역할을 주민(으)로 바꿨습니다")

	// deactivated: the open session stops working and log-in is refused in Korean
	r = s.admin.submit(target, target+"/deactivate", url.Values{})
	r.has(t, "계정 사용을 중지했습니다", "사용 중지", "계정 다시 사용")
	if r = s.resident.get("/me"); !strings.HasPrefix(r.url, "/login") {
		t.Errorf("a deactivated account's session still opens /me (at %s)", r.url)
	}
	r = s.browser().submit("/login", "/login", url.Values{"email": {"resident@example.com"}, "password": {peoplePassword}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "사용이 중지된 계정입니다", `value="resident@example.com"`)
	r = s.browser().submit("/login", "/login", url.Values{"email": {"resident@example.com"}, "password": {"wrongpass1"}})
	r.rendered(t, http.StatusUnprocessableEntity, "이메일 또는 비밀번호가 맞지 않습니다").lacks(t, "사용이 중지된")
	s.admin.get("/admin/users?q=resident@").has(t, "사용 중지")
	s.admin.submit("/admin/users", target+"/deactivate", url.Values{}).has(t, "그사이 계정 상태가 바뀌어")

	// reactivated: log-in works again
	s.admin.submit(target, target+"/reactivate", url.Values{}).has(t, "계정을 다시 사용할 수 있게 했습니다")
	s.logIn("resident@example.com", peoplePassword)

	for _, action := range []string{models.AuditUserRole, models.AuditUserDeactivate, models.AuditUserReactivate} {
		if countAudit(t, s, action) == 0 {
			t.Errorf("no %s in the audit log", action)
		}
	}
	s.admin.get("/admin/audit?type=user").has(t, "번 회원</a>의 역할을 바꿨습니다.", "번 회원</a>의 계정 사용을 중지했습니다.", "번 회원</a>의 계정을 다시 쓸 수 있게 했습니다.")
}

func TestAdminCannotDemoteOrDeactivateThemselves(t *testing.T) {
	s := newPeopleSite(t, 3)
	self := userPath(s.adminUser)
	r := s.admin.get(self)
	r.rendered(t, http.StatusOK, "본인 계정의 역할을 낮추거나 사용을 중지할 수 없습니다").lacks(t, "역할 바꾸기")
	r = s.admin.submit(self, self+"/role", url.Values{"role": {"staff"}})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "본인의 역할은 낮출 수 없습니다")
	r = s.admin.submit(self, self+"/deactivate", url.Values{})
	r.is(t, http.StatusUnprocessableEntity)
	r.has(t, "본인 계정은 사용 중지할 수 없습니다")
	s.admin.get("/admin/settings").is(t, http.StatusOK) // still an admin
}

func TestUserDeskGuards(t *testing.T) {
	s := newPeopleSite(t, 3)
	id := strconv.Itoa(int(s.residentUser.ID))
	guardsHold(t, s.testSite, s.resident,
		"GET /admin/users", "GET /admin/users/"+id, "GET /admin/users/new", "POST /admin/users",
		"POST /admin/users/"+id+"/role", "POST /admin/users/"+id+"/deactivate", "POST /admin/users/"+id+"/reactivate",
	)
	// staff search and read, but only admins change accounts
	for _, rt := range []string{"GET /admin/users/new", "POST /admin/users", "POST /admin/users/" + id + "/role",
		"POST /admin/users/" + id + "/deactivate", "POST /admin/users/" + id + "/reactivate"} {
		method, path, _ := strings.Cut(rt, " ")
		var r response
		if method == http.MethodGet {
			r = s.staff.get(path)
		} else {
			r = s.staff.submit("/admin/users", path, url.Values{"role": {"admin"}, "email": {"x@ydp.go.kr"}, "name": {"x"}, "password": {"temp1234!"}})
		}
		if r.status != http.StatusForbidden {
			t.Errorf("staff %s: %d", rt, r.status)
		}
	}
	if u, _ := models.FindUser(s.db, s.residentUser.ID); u.Role != models.RoleResident || !u.Active() {
		t.Errorf("staff changed the account: %+v", u)
	}
}
