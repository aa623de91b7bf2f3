package models_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"ydp1/internal/lang"
	"ydp1/models"
	_ "ydp1/models/ideas" // its words for the log, as the site has them
	"ydp1/models/modeltest"
)

// sentenceIn is an audit line as the desk prints it in a language, without
// its markup.
func sentenceIn(code string, l models.AuditLine) string {
	told := l.Tell(lang.ByCode(code))
	var b strings.Builder
	for _, p := range told.Parts {
		b.WriteString(p.Text)
	}
	return told.When + " " + b.String()
}

func sentence(l models.AuditLine) string { return sentenceIn("ko", l) }

// changesIn are the changes of a line as the desk prints them in a language.
func changesIn(code string, l models.AuditLine) []models.AuditToldChange {
	return l.Tell(lang.ByCode(code)).Changes
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
		"2024. 3. 4.(월) 13:00 자동 작업이 5번 청원의 카운터를 실제 행 수에 맞게 고쳤습니다.",
		"2024. 3. 4.(월) 12:00 김담당 님이 2번 아이디어단에 구성원을 더했습니다.",
		"2024. 3. 4.(월) 11:03 김담당 님이 12번 청원에 구청장 답변을 등록했습니다.",
		"2024. 3. 4.(월) 10:00 김담당 님이 3번 제안의 제안자 이름 공개 동의를 바꿨습니다.",
		"2024. 3. 4.(월) 09:00 김담당 님이 4번 심사 회차에서 제안을 채점했습니다.",
	}
	if total != 5 || !slices.Equal(got, want) {
		t.Fatalf("%d lines:\n%q\nwant newest first:\n%q", total, got, want)
	}
	var english []string
	for _, l := range lines {
		english = append(english, sentenceIn("en", l))
	}
	if want := []string{
		"4 Mar 2024 (Mon) 13:00 An automatic job corrected the counters of petition 5 to the actual number of rows.",
		"4 Mar 2024 (Mon) 12:00 김담당 added a member to idea team 2.",
		"4 Mar 2024 (Mon) 11:03 김담당 posted the District Mayor's answer to petition 12.",
		"4 Mar 2024 (Mon) 10:00 김담당 changed a proposer's consent to publish their name on proposal 3.",
		"4 Mar 2024 (Mon) 09:00 김담당 scored a proposal in review round 4.",
	}; !slices.Equal(english, want) {
		t.Errorf("in English:\n%q\nwant:\n%q", english, want)
	}
	if parts := lines[2].Tell(lang.ByCode("en")).Parts; len(parts) != 4 || !parts[0].Name || parts[0].Text != "김담당" ||
		!parts[2].Record || parts[2].Text != "petition 12" {
		t.Errorf("the sentence's parts %+v: the name and the record apart, to mark and link", parts)
	}
	links := []string{lines[0].Link, lines[1].Link, lines[2].Link, lines[3].Link, lines[4].Link}
	if want := []string{"/petitions/5", "/admin/ideas/teams/2", "/petitions/12", "/admin/ideas/3", "/admin/ideas/rounds/4"}; !slices.Equal(links, want) {
		t.Errorf("links %q, want %q", links, want)
	}
	changes, english2 := map[string][]models.AuditToldChange{}, map[string][]models.AuditToldChange{}
	for _, l := range lines {
		changes[l.Action], english2[l.Action] = changesIn("ko", l), changesIn("en", l)
	}
	for action, want := range map[string][]models.AuditToldChange{
		models.AuditRecount: {{Field: "공감 수", Before: "3", After: "4"}},
		"bureau.member_add": {{Field: "회원", After: "이구성", AfterWritten: true}},
		"petition.answer": {{Field: "답변자", After: "영등포구청장", AfterWritten: true},
			{Field: "상태", Before: "답변대기", After: "답변완료"}},
		"idea.name_consent": {{Field: "이름 공개", After: "예"}},
		"review.score":      {{Field: "창의성", After: "5"}, {Field: "제안", After: "7번"}},
	} {
		if !slices.Equal(changes[action], want) {
			t.Errorf("%s: changes %+v, want %+v", action, changes[action], want)
		}
	}
	for action, want := range map[string][]models.AuditToldChange{
		"petition.answer": {{Field: "Answered by", After: "영등포구청장", AfterWritten: true},
			{Field: "Status", Before: "Awaiting answer", After: "Answered"}},
		"idea.name_consent": {{Field: "Name published", After: "yes"}},
		"review.score":      {{Field: "Creativity", After: "5"}, {Field: "Proposal", After: "no. 7"}},
	} {
		if !slices.Equal(english2[action], want) {
			t.Errorf("%s in English: changes %+v, want %+v", action, english2[action], want)
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
	for _, c := range []struct{ action, target, want, english string }{
		{"petition.publish", "petition", "자동 작업이 5번 청원을 공개했습니다.", "An automatic job published petition 5."}, // 원: a final consonant
		{"meeting.cancel", "meeting", "자동 작업이 5번 모임을 취소했습니다.", "An automatic job cancelled meeting 5."},     // 임
		{"mail.resend", "mail", "자동 작업이 5번 메일을 다시 보내도록 했습니다.", "An automatic job had mail 5 sent again."},   // 일
		{"idea.submit", "idea", "자동 작업이 5번 제안을 제출했습니다.", "An automatic job submitted proposal 5."},
		{"review.open", "review_round", "자동 작업이 5번 심사 회차를 열었습니다.", "An automatic job opened review round 5."}, // 차: a vowel
		{"unknown.action", "thing", "자동 작업이 thing 5에 ‘unknown.action’ 작업을 했습니다.", "An automatic job did ‘unknown.action’ on thing 5."},
	} {
		l := models.AuditEntry{Action: c.action, TargetType: c.target, TargetID: 5, CreatedAt: modeltest.T0}.Line(nil)
		_, got, _ := strings.Cut(sentence(l), ":00 ")
		_, english, _ := strings.Cut(sentenceIn("en", l), ":00 ")
		if got != c.want || english != c.english {
			t.Errorf("%s: %q, want %q; %q, want %q", c.action, got, c.want, english, c.english)
		}
	}
}
