package models_test

import (
	"slices"
	"testing"
	"time"

	"ydp1/models"
	_ "ydp1/models/ideas" // its words for the log, as the site has them
	"ydp1/models/modeltest"
)

// sentence is an audit line as the desk prints it, without its markup.
func sentence(l models.AuditLine) string {
	return l.When + " " + l.Who + " " + l.Before + l.Target + l.After + "."
}

func TestAuditLinesReadAsSentences(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Role = "김담당", models.RoleStaff })
	member := modeltest.MkUser(t, db, func(u *models.User) { u.Name = "이구성" })
	audit := func(actor uint, action, target string, id uint, before, after any, at time.Time) {
		t.Helper()
		modeltest.WantErr(t, models.Audit(db, actor, action, target, id, before, after, at), nil)
	}
	// written out of time order: the log reads by time, not by row
	audit(0, models.AuditRecount, "petition", 5, map[string]int64{"support_count": 3}, map[string]int64{"support_count": 4}, modeltest.T0.Add(3*time.Hour))
	audit(staff.ID, "idea.name_consent", "idea", 3, nil, map[string]any{"publish_name": true}, modeltest.T0)
	audit(staff.ID, "petition.answer", "petition", 12, map[string]any{"status": "awaiting_answer"},
		map[string]any{"status": "answered", "answerer": "영등포구청장", "video_url": ""}, modeltest.T0.Add(time.Hour+3*time.Minute))
	audit(staff.ID, "bureau.member_add", "bureau", 2, nil, map[string]any{"user_id": member.ID}, modeltest.T0.Add(2*time.Hour))
	audit(staff.ID, "review.score", "review_round", 4, nil, map[string]any{"idea_id": 7, "creativity": 5, "remark": ""}, modeltest.T0.Add(-time.Hour))

	lines, total, err := models.ListAuditLines(db, models.AuditQuery{})
	modeltest.WantErr(t, err, nil)
	var got []string
	for _, l := range lines {
		got = append(got, sentence(l))
	}
	want := []string{
		"2024년 3월 4일 13:00 자동 작업이 5번 청원의 카운터를 실제 행 수에 맞게 고쳤습니다.",
		"2024년 3월 4일 12:00 김담당 님이 2번 아이디어단에 구성원을 더했습니다.",
		"2024년 3월 4일 11:03 김담당 님이 12번 청원에 구청장 답변을 등록했습니다.",
		"2024년 3월 4일 10:00 김담당 님이 3번 제안의 제안자 이름 공개 동의를 바꿨습니다.",
		"2024년 3월 4일 09:00 김담당 님이 4번 심사 회차에서 제안을 채점했습니다.",
	}
	if total != 5 || !slices.Equal(got, want) {
		t.Fatalf("%d lines:\n%q\nwant newest first:\n%q", total, got, want)
	}
	links := []string{lines[0].Link, lines[1].Link, lines[2].Link, lines[3].Link, lines[4].Link}
	if want := []string{"/petitions/5", "/admin/ideas/teams/2", "/petitions/12", "/admin/ideas/3", "/admin/ideas/rounds/4"}; !slices.Equal(links, want) {
		t.Errorf("links %q, want %q", links, want)
	}
	changes := map[string][]models.AuditChange{}
	for _, l := range lines {
		changes[l.Action] = l.Changes
	}
	for action, want := range map[string][]models.AuditChange{
		models.AuditRecount: {{Field: "공감 수", Before: "3", After: "4"}},
		"bureau.member_add": {{Field: "회원", After: "이구성"}},
		"petition.answer":   {{Field: "답변자", After: "영등포구청장"}, {Field: "상태", Before: "답변대기", After: "답변완료"}},
		"idea.name_consent": {{Field: "이름 공개", After: "예"}},
		"review.score":      {{Field: "창의성", After: "5"}, {Field: "제안", After: "7번"}},
	} {
		if !slices.Equal(changes[action], want) {
			t.Errorf("%s: changes %+v, want %+v", action, changes[action], want)
		}
	}

	// who and what
	for _, c := range []struct {
		name string
		q    models.AuditQuery
		want []string
	}{
		{"the system", models.AuditQuery{System: true}, want[:1]},
		{"a staff member", models.AuditQuery{ActorID: staff.ID}, want[1:]},
		{"a kind of record", models.AuditQuery{TargetType: "petition"}, []string{want[0], want[2]}},
		{"an action", models.AuditQuery{Action: "review.score"}, want[4:]},
		{"a page", models.AuditQuery{Page: 2, PerPage: 2}, want[2:4]},
	} {
		lines, _, err := models.ListAuditLines(db, c.q)
		modeltest.WantErr(t, err, nil)
		var got []string
		for _, l := range lines {
			got = append(got, sentence(l))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	actors, err := models.AuditActors(db)
	modeltest.WantErr(t, err, nil)
	if len(actors) != 1 || actors[0].ID != staff.ID {
		t.Errorf("actors %+v, want the one staff member who acted", actors)
	}
}

func TestAuditParticleFollowsTheTarget(t *testing.T) {
	for _, c := range []struct{ action, target, want string }{
		{"petition.publish", "petition", "5번 청원을 공개했습니다"}, // 원: a final consonant
		{"meeting.cancel", "meeting", "5번 모임을 취소했습니다"},    // 임
		{"mail.resend", "mail", "5번 메일을 다시 보내도록 했습니다"},    // 일
		{"idea.submit", "idea", "5번 제안을 제출했습니다"},
		{"review.open", "review_round", "5번 심사 회차를 열었습니다"}, // 차: a vowel
		{"unknown.action", "thing", "thing 5에 ‘unknown.action’ 작업을 했습니다"},
	} {
		l := models.AuditEntry{Action: c.action, TargetType: c.target, TargetID: 5, CreatedAt: modeltest.T0}.Line(nil)
		if got := l.Before + l.Target + l.After; got != c.want {
			t.Errorf("%s: %q, want %q", c.action, got, c.want)
		}
	}
}
