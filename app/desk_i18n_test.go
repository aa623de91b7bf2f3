package app

import (
	"net/http"
	"net/url"
	"testing"
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
