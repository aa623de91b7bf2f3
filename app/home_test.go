package app

import (
	"net/http"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/ideas"
	"ydp1/models/meetings"
)

// The home page is the whole 영등포1번가: besides the petitions, the next
// meetings with their seats, the open 공론장, the opinions heard on site with
// their handling and the adopted staff ideas, each with a link to its list.
func TestHomeShowsEveryPart(t *testing.T) {
	s := newTestSite(t, models.DefaultSettings)
	empty := s.browser().get("/")
	empty.rendered(t, http.StatusOK, "다가오는 타운홀미팅", "예정된 모임이 없습니다", "지금 열린 공론장이 없습니다", "아직 공개된 의견이 없습니다", "아직 채택된 제안이 없습니다")

	now := time.Now().UTC()
	staff, err := models.CreateVerifiedUser(s.db, "staff@ydp1.test", "staffpass123", "박담당", "", models.RoleStaff, now)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	opens, closes := now.Add(-time.Hour), now.AddDate(0, 0, 9)
	must(s.db.Create(&meetings.Meeting{Kind: meetings.KindTownHall, Title: "당산권역 맞춤형 타운홀미팅", Place: "당산1동 주민센터",
		StartsAt: now.AddDate(0, 0, 10), EndsAt: now.AddDate(0, 0, 10).Add(2 * time.Hour), BookingEnabled: true, Capacity: 80, BookedCount: 30,
		BookingOpensAt: &opens, BookingClosesAt: &closes, PublishedAt: &now, CreatedBy: staff.ID}).Error)
	must(s.db.Create(&meetings.Meeting{Kind: meetings.KindTownHall, Title: "아직 공개하지 않은 모임", Place: "구청",
		StartsAt: now.AddDate(0, 0, 5), EndsAt: now.AddDate(0, 0, 5).Add(time.Hour), CreatedBy: staff.ID}).Error)
	must(s.db.Create(&deliberations.Deliberation{Title: "문래동 공영주차장 어떻게 쓸까요", Question: "부지를 어떻게 쓰면 좋을까요?",
		Status: deliberations.StatusOpen, Moderation: deliberations.ModerationPost, OpensAt: now.Add(-time.Hour), ClosesAt: now.AddDate(0, 0, 14)}).Error)
	must(s.db.Create(&meetings.Opinion{Body: "도림천 산책로 벤치가 부족합니다", Category: "생활환경·교통안전", Dong: "도림동", Source: "도림동 경로당",
		State: meetings.OpinionAdopted, Department: "공원녹지과", Reply: "벤치 10개를 놓겠습니다", RepliedAt: &now, HeardAt: now}).Error)
	must(s.db.Create(&ideas.Idea{Title: "민원 서류 한 번에 떼기", Problem: "여러 창구", Proposal: "한 창구", Effect: "시간 절약",
		Department: "민원여권과", State: ideas.IdeaAdopted, AdoptedAt: &now, SubmittedBy: staff.ID}).Error)
	s.app.pages.invalidate() // the rows above went in behind the site's back

	home := s.browser().get("/")
	home.rendered(t, http.StatusOK,
		"당산권역 맞춤형 타운홀미팅", "잔여 50석", `href="/meetings"`,
		"문래동 공영주차장 어떻게 쓸까요", `href="/deliberations"`,
		"도림천 산책로 벤치가 부족합니다", `<span lang="ko">공원녹지과</span> 답변`, `href="/opinions"`,
		"민원 서류 한 번에 떼기", "민원여권과", `href="/ideas"`,
	).lacks(t, "아직 공개하지 않은 모임", "예정된 모임이 없습니다")
}
