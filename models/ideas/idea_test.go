package ideas_test

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/lang"
	"ydp1/models"
	"ydp1/models/ideas"
	"ydp1/models/modeltest"
)

// inLang gives a message id in the language of code, as the pages do.
func inLang(code string) func(string) string {
	l := lang.ByCode(code)
	return func(id string) string { return l.T(id) }
}

func ids(us ...*models.User) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = strconv.Itoa(int(u.ID))
	}
	return out
}

// ideaWorld is a site with an admin (the secretary), a team and a committee.
type ideaWorld struct {
	db        *gorm.DB
	admin     *models.User
	bureau    *ideas.Bureau
	staff     []*models.User // members of the team
	committee []*models.User
}

func newIdeaWorld(t *testing.T, teamSize, committee int) *ideaWorld {
	t.Helper()
	db := modeltest.NewDB(t)
	w := &ideaWorld{db: db, admin: modeltest.MkUser(t, db, modeltest.AsAdmin)}
	b, err := ideas.CreateBureau(db, w.admin.ID, "행정국", modeltest.T0)
	modeltest.WantErr(t, err, nil)
	w.bureau = b
	for range teamSize {
		u := modeltest.MkUser(t, db, modeltest.AsStaff)
		modeltest.WantErr(t, ideas.AddBureauMember(db, w.admin.ID, b.ID, strconv.Itoa(int(u.ID)), modeltest.T0), nil)
		w.staff = append(w.staff, u)
	}
	for i := range committee {
		u := modeltest.MkUser(t, db, modeltest.AsStaff)
		modeltest.WantErr(t, ideas.AddCommitteeMember(db, w.admin.ID, strconv.Itoa(int(u.ID)), fmt.Sprintf("위원 %d", i+1), modeltest.T0), nil)
		w.committee = append(w.committee, u)
	}
	return w
}

func (w *ideaWorld) submit(t *testing.T, title string, proposers ...*models.User) *ideas.Idea {
	t.Helper()
	i, err := ideas.SubmitIdea(w.db, proposers[0].ID, ideas.Input{Title: title, Problem: "민원 서류를 종이로 세 번 옮겨 적습니다.",
		Proposal: "접수 화면에서 한 번 입력하면 대장과 통지서에 자동으로 채워지게 합니다.", Effect: "처리 시간이 절반으로 줄어듭니다.",
		Department: "민원여권과", BureauID: strconv.Itoa(int(w.bureau.ID)), Proposers: ids(proposers...)}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	return i
}

func (w *ideaWorld) open(t *testing.T, rule ideas.RankRule, chosen ...*ideas.Idea) *ideas.ReviewRound {
	t.Helper()
	var list []string
	for _, i := range chosen {
		list = append(list, strconv.Itoa(int(i.ID)))
	}
	r, err := ideas.OpenRound(w.db, w.admin.ID, ideas.RoundInput{Name: "2024년 상반기 제안심의회", ScaleMax: "25", Rule: string(rule),
		ClosesAt: modeltest.T0.Add(7 * modeltest.Day).In(models.Seoul).Format("2006-01-02T15:04"), IdeaIDs: list}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	return r
}

func score(v int) ideas.ScoreInput {
	s := strconv.Itoa(v)
	return ideas.ScoreInput{Creativity: s, Economy: s, Practicality: s, Scope: s}
}

func TestTeamsAreFlaggedWhenSmallOrSilent(t *testing.T) {
	w := newIdeaWorld(t, 9, 0)
	other, err := ideas.CreateBureau(w.db, w.admin.ID, "복지국", modeltest.T0)
	modeltest.WantErr(t, err, nil)
	for range ideas.MinTeamSize {
		u := modeltest.MkUser(t, w.db, modeltest.AsStaff)
		modeltest.WantErr(t, ideas.AddBureauMember(w.db, w.admin.ID, other.ID, strconv.Itoa(int(u.ID)), modeltest.T0), nil)
	}
	// a resident cannot join, nor a member of another team
	res := modeltest.MkUser(t, w.db)
	if f := modeltest.FieldErrors(t, ideas.AddBureauMember(w.db, w.admin.ID, other.ID, strconv.Itoa(int(res.ID)), modeltest.T0)); f[0] != "user_id" {
		t.Errorf("resident joined: %v", f)
	}
	if f := modeltest.FieldErrors(t, ideas.AddBureauMember(w.db, w.admin.ID, other.ID, strconv.Itoa(int(w.staff[0].ID)), modeltest.T0)); f[0] != "user_id" {
		t.Errorf("member of two teams: %v", f)
	}
	_, err = ideas.CreateBureau(w.db, w.admin.ID, " 행정국 ", modeltest.T0)
	if f := modeltest.FieldErrors(t, err); f[0] != "name" {
		t.Errorf("duplicate bureau: %v", f)
	}

	// 복지국 met last quarter (December 2023), 행정국 this quarter
	_, err = ideas.RecordIdeaMeeting(w.db, w.staff[0].ID, w.bureau.ID, ideas.IdeaMeetingInput{HeldOn: "2024-02-20", Attendees: ids(w.staff[:5]...), Notes: "민원 서식 줄이기"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	_, err = ideas.RecordIdeaMeeting(w.db, w.admin.ID, other.ID, ideas.IdeaMeetingInput{HeldOn: "2023-12-28", Attendees: []string{"999999"}}, modeltest.T0)
	if f := modeltest.FieldErrors(t, err); f[0] != "attendees" {
		t.Errorf("stranger attended: %v", f)
	}
	members, _ := ideas.BureauMembers(w.db, other.ID)
	_, err = ideas.RecordIdeaMeeting(w.db, w.admin.ID, other.ID, ideas.IdeaMeetingInput{HeldOn: "2023-12-28", Attendees: []string{strconv.Itoa(int(members[0].ID))}}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	_, err = ideas.RecordIdeaMeeting(w.db, w.staff[1].ID, other.ID, ideas.IdeaMeetingInput{HeldOn: "2024-03-01", Attendees: []string{strconv.Itoa(int(members[0].ID))}}, modeltest.T0)
	modeltest.WantErr(t, err, ideas.ErrNotTeamMember)
	_, err = ideas.RecordIdeaMeeting(w.db, w.staff[1].ID, w.bureau.ID, ideas.IdeaMeetingInput{HeldOn: "2024-03-05", Attendees: ids(w.staff[1])}, modeltest.T0)
	if f := modeltest.FieldErrors(t, err); f[0] != "held_on" {
		t.Errorf("meeting tomorrow: %v", f)
	}

	list, err := ideas.ListBureaus(w.db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	got := map[string]ideas.BureauSummary{}
	for _, b := range list {
		got[b.Name] = b
	}
	if b := got["행정국"]; !b.Small() || b.Members != 9 || !b.MetThisQuarter {
		t.Errorf("행정국: %+v, want small (9) and met", b)
	}
	if b := got["복지국"]; b.Small() || b.Members != 10 || b.MetThisQuarter {
		t.Errorf("복지국: %+v, want 10 members and not met this quarter", b)
	}
}

func TestIdeaNeedsEveryFieldAndStaffProposers(t *testing.T) {
	w := newIdeaWorld(t, 2, 0)
	_, err := ideas.SubmitIdea(w.db, w.staff[0].ID, ideas.Input{Proposers: []string{strconv.Itoa(int(modeltest.MkUser(t, w.db).ID))}}, modeltest.T0)
	want := []string{"department", "effect", "problem", "proposal", "proposers", "title"}
	if f := modeltest.FieldErrors(t, err); strings.Join(f, ",") != strings.Join(want, ",") {
		t.Errorf("fields %v, want %v", f, want)
	}
	i := w.submit(t, "민원 서식 자동 채움", w.staff[0], w.staff[1])
	got, err := ideas.FindIdea(w.db, i.ID)
	modeltest.WantErr(t, err, nil)
	if got.State != ideas.IdeaSubmitted || len(got.Proposers) != 2 || len(got.PublicNames()) != 0 {
		t.Errorf("idea %+v", got)
	}
	if h, _ := ideas.IdeaHistory(w.db, i.ID); len(h) != 1 || h[0].StaffID != w.staff[0].ID {
		t.Errorf("history %+v", h)
	}
}

func TestCommitteeHasAtMost13(t *testing.T) {
	w := newIdeaWorld(t, 0, ideas.MaxCommittee)
	u := modeltest.MkUser(t, w.db, modeltest.AsStaff)
	if f := modeltest.FieldErrors(t, ideas.AddCommitteeMember(w.db, w.admin.ID, strconv.Itoa(int(u.ID)), "", modeltest.T0)); f[0] != "user_id" {
		t.Errorf("14th member: %v", f)
	}
	modeltest.WantErr(t, ideas.RemoveCommitteeMember(w.db, w.admin.ID, w.committee[0].ID, modeltest.T0), nil)
	modeltest.WantErr(t, ideas.AddCommitteeMember(w.db, w.admin.ID, strconv.Itoa(int(u.ID)), "감사담당관", modeltest.T0), nil)
	if n := modeltest.CountRows(t, w.db, &ideas.CommitteeMember{}); n != ideas.MaxCommittee {
		t.Errorf("%d members", n)
	}
}

func TestNobodyScoresTheirOwnIdea(t *testing.T) {
	w := newIdeaWorld(t, 1, 3)
	own := w.submit(t, "위원이 낸 제안", w.committee[0], w.staff[0])
	r := w.open(t, ideas.RankMean, own)
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, own.ID, w.committee[0].ID, score(20), modeltest.T0.Add(time.Hour)), ideas.ErrOwnIdea)
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, own.ID, w.committee[1].ID, score(20), modeltest.T0.Add(time.Hour)), nil)
	// a team member outside the committee cannot score at all
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, own.ID, w.staff[0].ID, score(20), modeltest.T0.Add(time.Hour)), ideas.ErrNotOnCommittee)
	// scores outside the round's scale are refused with a message per criterion
	err := ideas.SaveScore(w.db, r.ID, own.ID, w.committee[2].ID, ideas.ScoreInput{Creativity: "26", Economy: "0", Practicality: "x", Scope: "10"}, modeltest.T0.Add(time.Hour))
	if f := modeltest.FieldErrors(t, err); strings.Join(f, ",") != "creativity,economy,practicality" {
		t.Errorf("fields %v", f)
	}
	ranking, err := ideas.Ranking(w.db, r)
	modeltest.WantErr(t, err, nil)
	if ranking[0].Eligible != 2 || ranking[0].Scorers != 1 {
		t.Errorf("eligible %d, scorers %d; want 2 and 1", ranking[0].Eligible, ranking[0].Scorers)
	}
}

func TestOthersScoresHiddenUntilOwnAreIn(t *testing.T) {
	w := newIdeaWorld(t, 1, 3)
	i := w.submit(t, "민원 서식 자동 채움", w.staff[0])
	r := w.open(t, ideas.RankMean, i)
	at := modeltest.T0.Add(time.Hour)
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, w.committee[0].ID, score(20), at), nil)

	v, err := ideas.ScoresFor(w.db, r, i.ID, w.committee[1].ID, at)
	modeltest.WantErr(t, err, nil)
	if !v.Hidden || len(v.Others) != 0 || v.Own != nil || v.Count != 1 {
		t.Errorf("before scoring: %+v, want the others hidden", v)
	}
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, w.committee[1].ID, score(10), at), nil)
	v, _ = ideas.ScoresFor(w.db, r, i.ID, w.committee[1].ID, at)
	if v.Hidden || len(v.Others) != 1 || v.Others[0].Total() != 80 || v.Own.Total() != 40 {
		t.Errorf("after scoring: %+v", v)
	}
	// the secretary, not on the committee, sees them only after the close
	if v, _ := ideas.ScoresFor(w.db, r, i.ID, w.admin.ID, at); !v.Hidden {
		t.Error("secretary saw scores while the round is open")
	}
	if v, _ := ideas.ScoresFor(w.db, r, i.ID, w.admin.ID, r.ClosesAt); v.Hidden || len(v.Others) != 2 {
		t.Errorf("after the close: %+v", v)
	}
}

func TestScoresLockAtClose(t *testing.T) {
	w := newIdeaWorld(t, 1, 3)
	i := w.submit(t, "민원 서식 자동 채움", w.staff[0])
	r := w.open(t, ideas.RankMean, i)
	m := w.committee[0].ID
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, m, score(10), modeltest.T0.Add(time.Hour)), nil)
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, m, score(12), modeltest.T0.Add(2*time.Hour)), nil) // revised while open
	if n := modeltest.CountRows(t, w.db, &ideas.Score{}); n != 1 {
		t.Fatalf("%d score rows, want 1 revised", n)
	}
	// at the closing time, without anyone closing it
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, m, score(25), r.ClosesAt), ideas.ErrRoundClosed)
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, w.committee[1].ID, score(25), r.ClosesAt.Add(time.Minute)), ideas.ErrRoundClosed)

	// closed early by the secretary
	modeltest.WantErr(t, ideas.CloseRound(w.db, w.admin.ID, r.ID, modeltest.T0.Add(3*time.Hour)), nil)
	modeltest.WantErr(t, ideas.CloseRound(w.db, w.admin.ID, r.ID, modeltest.T0.Add(3*time.Hour)), ideas.ErrRoundClosed)
	modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, i.ID, w.committee[1].ID, score(25), modeltest.T0.Add(4*time.Hour)), ideas.ErrRoundClosed)
	var s ideas.Score
	w.db.Take(&s)
	if s.Total() != 48 {
		t.Errorf("locked total %d, want 48", s.Total())
	}
	if n := modeltest.CountRows(t, w.db, &models.AuditEntry{}, "action = ?", ideas.AuditRoundClose); n != 1 {
		t.Errorf("%d close entries", n)
	}
}

func TestRankScoreRules(t *testing.T) {
	for _, c := range []struct {
		rule   ideas.RankRule
		totals []int
		want   float64
	}{
		{ideas.RankMean, []int{40, 60, 80, 100}, 70},
		{ideas.RankTrimmed, []int{40, 60, 80, 100}, 70},
		{ideas.RankTrimmed, []int{10, 60, 70, 100}, 65}, // 10 and 100 dropped
		{ideas.RankTrimmed, []int{90, 90, 50, 50}, 70},  // one of each tie dropped
		{ideas.RankTrimmed, []int{30, 90}, 60},          // fewer than 3: everyone
		{ideas.RankMean, []int{10, 60, 70, 100}, 60},
		{ideas.RankMean, nil, 0},
	} {
		if got := ideas.RankScore(c.rule, c.totals); got != c.want {
			t.Errorf("%s %v = %v, want %v", c.rule, c.totals, got, c.want)
		}
	}
}

func TestRankingFollowsTheRoundsRule(t *testing.T) {
	for _, c := range []struct {
		rule  ideas.RankRule
		first string
	}{{ideas.RankMean, "A"}, {ideas.RankTrimmed, "B"}} {
		t.Run(string(c.rule), func(t *testing.T) {
			w := newIdeaWorld(t, 1, 5)
			a := w.submit(t, "A", w.staff[0])
			b := w.submit(t, "B", w.staff[0])
			r := w.open(t, c.rule, a, b)
			// A: one enthusiast lifts the mean; B: steady
			for k, v := range []int{25, 14, 14, 14, 14} { // A totals 100,56,56,56,56: mean 64.8, trimmed 56
				modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, a.ID, w.committee[k].ID, score(v), modeltest.T0.Add(time.Hour)), nil)
			}
			for k, v := range []int{15, 15, 15, 15, 15} { // B totals 60 each: mean 60, trimmed 60
				modeltest.WantErr(t, ideas.SaveScore(w.db, r.ID, b.ID, w.committee[k].ID, score(v), modeltest.T0.Add(time.Hour)), nil)
			}
			ranking, err := ideas.Ranking(w.db, r)
			modeltest.WantErr(t, err, nil)
			if ranking[0].Idea.Title != c.first || ranking[0].Rank != 1 || ranking[1].Rank != 2 {
				t.Errorf("first %s (%s), want %s", ranking[0].Idea.Title, ranking[0].ScoreText(), c.first)
			}
		})
	}
}

// decidable runs a round over one idea to its close and returns the idea.
func (w *ideaWorld) decidable(t *testing.T, title string) (*ideas.Idea, *ideas.ReviewRound) {
	t.Helper()
	i := w.submit(t, title, w.staff[0])
	r := w.open(t, ideas.RankMean, i)
	modeltest.WantErr(t, ideas.CloseRound(w.db, w.admin.ID, r.ID, modeltest.T0.Add(time.Hour)), nil)
	return i, r
}

func adopt(grade, amount string) ideas.IdeaDecision {
	return ideas.IdeaDecision{Adopt: "adopt", Department: "민원여권과", DueOn: "2024-06-30", Grade: grade, Amount: amount}
}

func TestDecisionWaitsForTheCloseAndAwardsStayInBounds(t *testing.T) {
	w := newIdeaWorld(t, 1, 3)
	i := w.submit(t, "민원 서식 자동 채움", w.staff[0])
	r := w.open(t, ideas.RankMean, i)
	at := modeltest.T0.Add(2 * time.Hour)
	if f := modeltest.FieldErrors(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("", ""), at)); f[0] != "adopt" {
		t.Errorf("decided while open: %v", f)
	}
	modeltest.WantErr(t, ideas.CloseRound(w.db, w.admin.ID, r.ID, modeltest.T0.Add(time.Hour)), nil)
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.staff[0].ID, i.ID, adopt("", ""), at), ideas.ErrNotStaff) // staff are not the secretary
	for _, amount := range []string{"29,999", "2,000,001", "많이"} {
		if f := modeltest.FieldErrors(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("우수", amount), at)); strings.Join(f, ",") != "amount" {
			t.Errorf("amount %s: %v", amount, f)
		}
	}
	if f := modeltest.FieldErrors(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("금상", "300000"), at)); f[0] != "grade" {
		t.Errorf("unknown grade: %v", f)
	}
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("최우수", "2,000,000원"), at), nil)
	got, _ := ideas.FindIdea(w.db, i.ID)
	if got.State != ideas.IdeaAdopted || got.Award == nil || got.Award.Amount != ideas.MaxAward || got.Award.Year != 2024 || got.DueOn == nil {
		t.Errorf("adopted idea %+v award %+v", got, got.Award)
	}
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("", ""), at), models.ErrStateChanged)

	j, _ := w.decidable(t, "불채택될 제안")
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, j.ID, ideas.IdeaDecision{Adopt: "reject", Note: "이미 시행 중입니다."}, at), nil)
	if h, _ := ideas.IdeaHistory(w.db, j.ID); h[len(h)-1].State != ideas.IdeaRejected || h[len(h)-1].StaffID != w.admin.ID {
		t.Errorf("history %+v", h)
	}
}

func TestBudgetNeverExceededWithoutAnAuditedOverride(t *testing.T) {
	w := newIdeaWorld(t, 1, 3)
	at := modeltest.T0.Add(2 * time.Hour)
	modeltest.WantErr(t, ideas.SetAwardBudget(w.db, w.admin.ID, "2024", "2,500,000", at), nil)
	a, _ := w.decidable(t, "첫째")
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, a.ID, adopt("최우수", "2000000"), at), nil)
	b, _ := w.decidable(t, "둘째")
	err := ideas.DecideIdea(w.db, w.admin.ID, b.ID, adopt("우수", "600000"), at)
	if f := modeltest.FieldErrors(t, err); f[0] != "amount" || !strings.Contains(inLang("ko")(err.(models.Errors)["amount"]), "남은 예산은 500,000원") {
		t.Fatalf("over budget: %v", err)
	}
	if got, _ := ideas.FindIdea(w.db, b.ID); got.State != ideas.IdeaReviewing {
		t.Errorf("refused decision moved the idea to %s", got.State)
	}
	over := adopt("우수", "600000")
	over.Override = true
	if f := modeltest.FieldErrors(t, ideas.DecideIdea(w.db, w.admin.ID, b.ID, over, at)); f[0] != "override_reason" {
		t.Errorf("override without reason: %v", f)
	}
	over.OverrideReason = "구청장 특별 포상 지시(2024. 3. 4.)"
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, b.ID, over, at), nil)
	st, _ := ideas.AwardBudgetStatus(w.db, 2024)
	if st.Granted != 2_600_000 || st.Left() != -100_000 || st.Awards != 2 {
		t.Errorf("budget %+v", st)
	}
	var e models.AuditEntry
	if err := w.db.Where("action = ?", ideas.AuditIdeaAwardOverride).Take(&e).Error; err != nil || e.ActorID != w.admin.ID || !strings.Contains(e.After, "특별 포상") {
		t.Errorf("override entry %+v (%v)", e, err)
	}
	// an override flag that is not needed records no override
	c, _ := w.decidable(t, "셋째")
	modeltest.WantErr(t, ideas.SetAwardBudget(w.db, w.admin.ID, "2024", "3,000,000", at), nil)
	small := adopt("노력", "30000")
	small.Override, small.OverrideReason = true, "필요 없음"
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, c.ID, small, at), nil)
	if n := modeltest.CountRows(t, w.db, &ideas.IdeaAward{}, "override = ?", true); n != 1 {
		t.Errorf("%d overrides, want 1", n)
	}
	// the budget cannot be set below what was granted
	if f := modeltest.FieldErrors(t, ideas.SetAwardBudget(w.db, w.admin.ID, "2024", "1,000,000", at)); f[0] != "budget" {
		t.Errorf("budget below granted: %v", f)
	}
	if st, _ := ideas.AwardBudgetStatus(w.db, 2025); st.Budget != ideas.DefaultAwardBudget || st.Granted != 0 {
		t.Errorf("2025 %+v", st)
	}
}

func TestAdoptionProgressAndOverdue(t *testing.T) {
	w := newIdeaWorld(t, 2, 3)
	i, _ := w.decidable(t, "민원 서식 자동 채움")
	at := modeltest.T0.Add(2 * time.Hour)
	d := adopt("", "")
	d.DueOn = "2024-03-10"
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, d, at), nil)
	got, _ := ideas.FindIdea(w.db, i.ID)
	if got.OverdueAt(time.Date(2024, 3, 10, 23, 59, 0, 0, models.Seoul)) || !got.OverdueAt(time.Date(2024, 3, 11, 0, 0, 0, 0, models.Seoul)) {
		t.Error("overdue must start the day after the due day, in Seoul")
	}
	if list, _ := ideas.OverdueIdeas(w.db, time.Date(2024, 3, 11, 9, 0, 0, 0, models.Seoul)); len(list) != 1 {
		t.Errorf("overdue list %d, want 1", len(list))
	}
	if list, _ := ideas.OverdueIdeas(w.db, time.Date(2024, 3, 10, 18, 0, 0, 0, models.Seoul)); len(list) != 0 {
		t.Errorf("overdue on the due day: %d", len(list))
	}
	if f := modeltest.FieldErrors(t, ideas.PostIdeaProgress(w.db, i.ID, w.staff[1].ID, " ", false, at)); f[0] != "progress" {
		t.Errorf("empty progress: %v", f)
	}
	modeltest.WantErr(t, ideas.PostIdeaProgress(w.db, i.ID, w.staff[1].ID, "접수 화면 개발을 시작했습니다.", false, at), nil)
	modeltest.WantErr(t, ideas.PostIdeaProgress(w.db, i.ID, w.staff[1].ID, "3월 15일부터 모든 동 주민센터에서 씁니다.", true, time.Date(2024, 3, 15, 9, 0, 0, 0, models.Seoul)), nil)
	got, _ = ideas.FindIdea(w.db, i.ID)
	if got.State != ideas.IdeaDone || got.OverdueAt(time.Date(2024, 4, 1, 0, 0, 0, 0, models.Seoul)) {
		t.Errorf("done idea: %s, overdue %v", got.State, got.OverdueAt(time.Date(2024, 4, 1, 0, 0, 0, 0, models.Seoul)))
	}
	h, _ := ideas.IdeaHistory(w.db, i.ID)
	var states []string
	for _, s := range h {
		states = append(states, string(s.State))
	}
	if strings.Join(states, " → ") != "submitted → reviewing → adopted → implementing → done" {
		t.Errorf("history %v", states)
	}
	if f := modeltest.FieldErrors(t, ideas.PostIdeaProgress(w.db, i.ID, w.staff[1].ID, "더", false, at)); f[0] != "progress" {
		t.Errorf("progress after done: %v", f)
	}
}

func TestPublicNamesOnlyWithConsent(t *testing.T) {
	w := newIdeaWorld(t, 2, 3)
	i, _ := w.decidable(t, "민원 서식 자동 채움")
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("", ""), modeltest.T0.Add(2*time.Hour)), nil)
	w.submit(t, "아직 제출 상태인 제안", w.staff[1])
	modeltest.WantErr(t, ideas.SetNameConsent(w.db, i.ID, w.staff[1].ID, true, modeltest.T0), ideas.ErrNotProposer)
	list, err := ideas.PublicIdeas(w.db)
	modeltest.WantErr(t, err, nil)
	if len(list) != 1 || len(list[0].PublicNames()) != 0 {
		t.Fatalf("public list %+v", list)
	}
	modeltest.WantErr(t, ideas.SetNameConsent(w.db, i.ID, w.staff[0].ID, true, modeltest.T0), nil)
	list, _ = ideas.PublicIdeas(w.db)
	if names := list[0].PublicNames(); len(names) != 1 || names[0] != w.staff[0].Name {
		t.Errorf("names %v", names)
	}
}

func TestIdeaReportPerQuarterAndBureau(t *testing.T) {
	w := newIdeaWorld(t, 3, 3)
	_, err := ideas.RecordIdeaMeeting(w.db, w.staff[0].ID, w.bureau.ID, ideas.IdeaMeetingInput{HeldOn: "2024-02-01", Attendees: ids(w.staff...)}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	i, _ := w.decidable(t, "민원 서식 자동 채움")
	modeltest.WantErr(t, ideas.DecideIdea(w.db, w.admin.ID, i.ID, adopt("장려", "100,000"), modeltest.T0.Add(2*time.Hour)), nil)
	rows, err := ideas.IdeaReport(w.db, 2024)
	modeltest.WantErr(t, err, nil)
	var q1, year ideas.IdeaReportRow
	for _, r := range rows {
		if r.Bureau == "행정국" && r.Quarter == 1 {
			q1 = r
		}
		if r.Bureau == "행정국" && r.Quarter == 0 {
			year = r
		}
	}
	want := ideas.IdeaReportRow{Quarter: 1, Bureau: "행정국", Members: 3, Meetings: 1, Submitted: 1, Adopted: 1, Awards: 1, Paid: 100_000}
	if q1 != want {
		t.Errorf("Q1 %+v, want %+v", q1, want)
	}
	if year.Paid != 100_000 || year.Meetings != 1 {
		t.Errorf("year %+v", year)
	}
	var buf bytes.Buffer
	modeltest.WantErr(t, ideas.WriteIdeaReportCSV(w.db, &buf, 2024, inLang("ko")), nil)
	if !strings.HasPrefix(buf.String(), models.UTF8BOM+"연도,분기,국") || !strings.Contains(buf.String(), "2024,1분기,행정국,3,1,1,1,1,100000") {
		t.Errorf("csv:\n%s", buf.String())
	}
	buf.Reset()
	modeltest.WantErr(t, ideas.WriteIdeaReportCSV(w.db, &buf, 2024, inLang("en")), nil)
	if !strings.HasPrefix(buf.String(), models.UTF8BOM+"Year,Quarter,Bureau") || !strings.Contains(buf.String(), "2024,Q1,행정국,3,1,1,1,1,100000") {
		t.Errorf("English csv:\n%s", buf.String())
	}
}

func TestOverdueIdeasComeFirst(t *testing.T) {
	now := modeltest.T0
	day := func(days int) *time.Time {
		y, m, d := now.In(models.Seoul).AddDate(0, 0, days).Date()
		return modeltest.Ptr(time.Date(y, m, d, 0, 0, 0, 0, models.Seoul))
	}
	list := []ideas.Idea{
		{ID: 1, State: ideas.IdeaSubmitted},
		{ID: 2, State: ideas.IdeaImplementing, DueOn: day(-3)}, // 3 days late
		{ID: 3, State: ideas.IdeaAdopted, DueOn: day(5)},       // not yet due
		{ID: 4, State: ideas.IdeaAdopted, DueOn: day(-18)},     // 18 days late
		{ID: 5, State: ideas.IdeaDone, DueOn: day(-30)},        // done: never late
		{ID: 6, State: ideas.IdeaAdopted, DueOn: day(0)},       // due today: not late yet
	}
	ideas.OverdueFirst(list, now)
	var ids []uint
	for _, i := range list {
		ids = append(ids, i.ID)
	}
	if want := []uint{4, 2, 1, 3, 5, 6}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v: the overdue first, most overdue on top, the rest as they were", ids, want)
	}
	if due := list[0].DueBy(); due == nil || !due.Equal(day(-17).UTC()) {
		t.Errorf("due by %v, want the end of the due day", due)
	}
}
