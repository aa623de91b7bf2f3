package app

import (
	"net/http"
	"net/url"
	"testing"

	"ydp1/models"
	"ydp1/models/petitions"
)

// A petition is filed only from its preview: the form shows what will be
// published, 수정하기 brings the form back with everything kept, and
// 등록하기 files it.
func TestPetitionPreviewBeforeFiling(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 3, PreconsentGoal: 2, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	alice := s.signUp("alice@example.com", "김영희", "문래동")
	form := alice.get("/petitions/new")
	form.rendered(t, http.StatusOK, "운영원칙", "등록한 청원은 수정하거나 삭제할 수 없습니다", `action="/petitions/preview"`, "미리보기")

	const title = "문래동 창작촌 공영주차장 확충"
	body := "문래동 창작촌 골목에 주차 공간이 부족해\n주말마다 소방차 진입로가 막힙니다."
	draft := url.Values{"title": {"  " + title + " "}, "category": {"생활환경·교통안전"}, "dong": {"문래동"}, "body": {body}}
	preview := alice.submit("/petitions/new", "/petitions/preview", draft)
	preview.rendered(t, http.StatusOK, "청원 미리보기", "아직 등록되지 않았습니다", title, "김*희", "사전동의", "주말마다 소방차 진입로가 막힙니다",
		"수정하기", "등록하기", `name="confirm" value="1"`)
	var n int64
	s.db.Model(&petitions.Petition{}).Count(&n)
	if n != 0 {
		t.Fatalf("the preview filed %d petitions", n)
	}

	// 수정하기 posts the draft back to the form, which keeps it
	edit := url.Values{"edit": {"1"}, "title": {title}, "category": {"생활환경·교통안전"}, "dong": {"문래동"}, "body": {body}}
	back := alice.submit("/petitions/new", "/petitions/new", edit)
	back.rendered(t, http.StatusOK, `value="`+title+`"`, `<option value="문래동" selected>`, `<option value="생활환경·교통안전" selected>`, "소방차 진입로가").
		lacks(t, "similar-title", "similar-none", "청원 미리보기")

	// a preview with mistakes goes back to the form with the messages
	alice.submit("/petitions/new", "/petitions/preview", url.Values{"title": {title}, "body": {"짧음"}}).
		rendered(t, http.StatusUnprocessableEntity, "입력한 내용을 확인해 주세요", "분야를 선택해 주세요")

	// 등록하기 files exactly what was shown
	filed := url.Values{"confirm": {"1"}, "title": {title}, "category": {"생활환경·교통안전"}, "dong": {"문래동"}, "body": {body}}
	r := alice.submit("/petitions/new", "/petitions", filed)
	r.rendered(t, http.StatusOK, "청원을 등록했습니다", "사전동의 중인 청원입니다", title)
	if petitionURL.FindStringSubmatch(r.url) == nil {
		t.Fatalf("등록하기 ended at %s", r.url)
	}
}

// After supporting, the page opens at the thanks, also on a phone where the
// 공감 box is below the petition's text.
func TestSupportOpensAtTheThanks(t *testing.T) {
	s := newTestSite(t, models.Settings{Threshold: 5, PreconsentGoal: 2, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20})
	id := openPetition(t, s, "대림동 공원 야간 조명 설치")
	yu := s.signUp("yu@example.com", "유재석", "대림2동")
	yu.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	r := yu.submit("/petitions/"+id, "/petitions/"+id+"/support", url.Values{"comment": {"밤길이 무서워요"}})
	r.is(t, http.StatusSeeOther)
	if got := r.header.Get("Location"); got != "/petitions/"+id+"#messages" {
		t.Errorf("after supporting the page opens at %q, want the thanks (#messages)", got)
	}
	yu.client.CheckRedirect = nil
	yu.get("/petitions/"+id).rendered(t, http.StatusOK, `<div id="messages">`, "공감했습니다", "이 청원에 공감하셨습니다")
}
