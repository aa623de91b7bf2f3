package app

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/deliberations"
)

// The 열린공론장's pages speak English and Chinese to a browser that asks
// for them; only what staff and residents wrote stays Korean, marked so.
func TestDeliberationPagesInEnglishAndChinese(t *testing.T) {
	d := newDeskSite(t)
	seeds := []string{"거주자 우선 주차구역을 늘려야 합니다", "공영주차장을 지어 주세요", "골목에 화단을 놓아 주세요",
		"밤에는 학교 운동장을 열어 주세요", "불법 주차 단속을 늘려 주세요", "주차 공유 앱을 만들어 주세요"}
	id := d.openDeliberation(t, "골목 주차 공론장", deliberations.ModerationPost, seeds...)
	page := "/deliberations/" + strconv.Itoa(int(id))
	all, err := deliberations.Statements(d.db, id)
	if err != nil {
		t.Fatal(err)
	}
	var voter *browser
	for i := range 10 {
		email := "v" + strconv.Itoa(i) + "@example.com"
		u, err := models.CreateVerifiedUser(d.db, email, "residentpass1", "Voter"+strconv.Itoa(i), "문래동", models.RoleResident, time.Now().UTC())
		if err != nil {
			t.Fatal(err)
		}
		for j, s := range all[:len(all)-1] { // the last is left to vote on
			v := deliberations.Agree
			if (i < 5) != (j < 3) {
				v = deliberations.Disagree
			}
			if _, err := deliberations.Vote(d.db, deliberations.VoteInput{StatementID: s.ID, UserID: u.ID, Value: v}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			voter = d.logIn(email, "residentpass1")
		}
	}
	if err := deliberations.Recompute(d.db, id, time.Now()); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		accept string
		words  map[string][]string // page → words it shows
	}{
		{"en-GB,en;q=0.9", map[string][]string{
			"/deliberations":  {"Open forum", "Open", "You can write statements and vote now"},
			page:              {"Vote on statements", "Agree", "Disagree", "Pass", "Statements I voted on", "My vote:", "Write a statement"},
			page + "/results": {"Opinion map", "You are here", "You are in <strong>Group", "What each group thinks", "Results by statement"},
			page + "/statements/" + strconv.Itoa(int(all[0].ID)) + "/report": {"Report a statement", "Abuse or insults", "Please choose"},
		}},
		{"zh-CN,zh;q=0.9", map[string][]string{
			"/deliberations":  {"公开论坛", "进行中"},
			page:              {"为意见投票", "同意", "不同意", "不确定", "我投过票的意见"},
			page + "/results": {"意见地图", "我的位置", "各组的想法"},
			page + "/statements/" + strconv.Itoa(int(all[0].ID)) + "/report": {"举报意见", "辱骂·诽谤"},
		}},
	} {
		for path, words := range c.words {
			req, _ := http.NewRequest(http.MethodGet, d.srv.URL+path, nil)
			req.Header.Set("Accept-Language", c.accept)
			r := voter.do(req)
			r.rendered(t, http.StatusOK, append(words, `lang="ko"`)...)
			noKoreanInterface(t, path+" in "+c.accept, r.body, regionNames()...) // the 권역 are another area's list
		}
	}
}
