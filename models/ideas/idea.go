// Package ideas is the 창의 아이디어단: staff teams (team.go) propose ideas
// (idea.go), the 제안심의회 scores them in review rounds and ranks them
// (review.go), and adopted ideas are awarded within a yearly budget
// (award.go) and reported per quarter (report.go). It imports only the core,
// models.
package ideas

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// IdeaState is where a staff idea (제안) stands.
type IdeaState string

const (
	IdeaSubmitted    IdeaState = "submitted"    // 제출
	IdeaReviewing    IdeaState = "reviewing"    // 심사중
	IdeaAdopted      IdeaState = "adopted"      // 채택
	IdeaRejected     IdeaState = "rejected"     // 불채택
	IdeaImplementing IdeaState = "implementing" // 반영중
	IdeaDone         IdeaState = "done"         // 반영완료
)

// IdeaStates in the order of the cycle.
var IdeaStates = []IdeaState{IdeaSubmitted, IdeaReviewing, IdeaAdopted, IdeaRejected, IdeaImplementing, IdeaDone}

var ideaStateLabels = map[IdeaState]string{
	IdeaSubmitted: "ideas.state.submitted", IdeaReviewing: "ideas.state.reviewing", IdeaAdopted: "ideas.state.adopted",
	IdeaRejected: "ideas.state.rejected", IdeaImplementing: "ideas.state.implementing", IdeaDone: "ideas.state.done",
}

// Label is the message id of the state's name.
func (s IdeaState) Label() string { return ideaStateLabels[s] }

// AwardGrades are the award grades, highest first. They are stored in
// Korean, as the database has always kept them; GradeID names each in the
// reader's language.
var AwardGrades = []string{"최우수", "우수", "장려", "노력"}

var gradeIDs = map[string]string{
	"최우수": "ideas.grade.top", "우수": "ideas.grade.excellence", "장려": "ideas.grade.encouragement", "노력": "ideas.grade.effort",
}

// GradeID is the message id of an award grade, or the grade as it is
// stored if it has none.
func GradeID(grade string) string {
	if id, ok := gradeIDs[grade]; ok {
		return id
	}
	return grade
}

// Adopted reports whether the idea was adopted (and so is public).
func (s IdeaState) Adopted() bool {
	return s == IdeaAdopted || s == IdeaImplementing || s == IdeaDone
}

// Limits of the idea forms.
const (
	MaxIdeaTitle    = 100
	MaxIdeaText     = 3000
	MaxIdeaProgress = 2000
	MaxIdeaNote     = 1000
)

// Outcomes of the idea rules.
var (
	ErrNotProposer = errors.New("not a proposer of this idea")
)

// Idea is a staff idea (제안) with its proposers.
type Idea struct {
	ID          uint
	BureauID    *uint // the 아이디어단 it came from, if any
	Bureau      *Bureau
	MeetingID   *uint // the team meeting that produced it, if any
	Title       string
	Problem     string // 현황 및 문제점
	Proposal    string // 개선 방안
	Effect      string // 기대 효과
	Department  string // 관련 부서; after adoption the department that puts it into practice
	State       IdeaState
	DueOn       *time.Time // 반영 기한, set at adoption by the secretary
	AdoptedAt   *time.Time
	DoneAt      *time.Time
	SubmittedBy uint
	Submitter   *models.User   `gorm:"foreignKey:SubmittedBy"`
	Proposers   []IdeaProposer `gorm:"foreignKey:IdeaID"`
	Award       *IdeaAward     `gorm:"foreignKey:IdeaID"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// IdeaProposer is a staff member who proposed an idea; the name is public
// only when they agreed.
type IdeaProposer struct {
	IdeaID      uint `gorm:"primaryKey"`
	UserID      uint `gorm:"primaryKey"`
	User        *models.User
	PublishName bool
}

// IdeaStep is one change of an idea's state, with who and when.
type IdeaStep struct {
	ID        uint
	IdeaID    uint
	State     IdeaState
	Note      string
	StaffID   uint
	Staff     *models.User
	CreatedAt time.Time
}

func (IdeaStep) TableName() string { return "idea_history" }

// IdeaProgress is a progress note of the department putting an idea into practice.
type IdeaProgress struct {
	ID        uint
	IdeaID    uint
	Body      string
	Done      bool // this note finished the work (반영완료)
	StaffID   uint
	Staff     *models.User
	CreatedAt time.Time
}

func (IdeaProgress) TableName() string { return "idea_progress" }

// HasProposer reports whether the account is one of the idea's proposers.
func (i *Idea) HasProposer(userID uint) bool {
	for _, p := range i.Proposers {
		if p.UserID == userID {
			return true
		}
	}
	return false
}

// PublicNames are the names of the proposers who agreed to publish them.
func (i *Idea) PublicNames() []string {
	var out []string
	for _, p := range i.Proposers {
		if p.PublishName && p.User != nil {
			out = append(out, p.User.Name)
		}
	}
	return out
}

// OverdueAt reports whether an adopted idea is past its 반영 기한 at now
// without 반영완료: the due day has ended in Seoul.
func (i *Idea) OverdueAt(now time.Time) bool {
	if i.DueOn == nil || (i.State != IdeaAdopted && i.State != IdeaImplementing) {
		return false
	}
	return !now.Before(i.DueOn.In(models.Seoul).AddDate(0, 0, 1))
}

// DueBy is the end of the 반영 기한 in Seoul, nil when there is none.
func (i *Idea) DueBy() *time.Time {
	if i.DueOn == nil {
		return nil
	}
	end := i.DueOn.In(models.Seoul).AddDate(0, 0, 1)
	return &end
}

// OverdueFirst moves the ideas past their 반영 기한 at now to the top, the
// most overdue first; the others keep their order.
func OverdueFirst(list []Idea, now time.Time) {
	slices.SortStableFunc(list, func(a, b Idea) int {
		ao, bo := a.OverdueAt(now), b.OverdueAt(now)
		switch {
		case ao && bo:
			return a.DueOn.Compare(*b.DueOn)
		case ao:
			return -1
		case bo:
			return 1
		}
		return 0
	})
}

// Input is the form that submits an idea. Proposers are staff ids.
type Input struct {
	Title       string
	Problem     string
	Proposal    string
	Effect      string
	Department  string
	BureauID    string
	MeetingID   string
	Proposers   []string
	PublishName bool // the submitter, if a proposer, agrees to publish their name
}

func cleanText(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

func (in *Input) validate() models.Errors {
	errs := models.Errors{}
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	errs.Text("title", in.Title, MaxIdeaTitle, "ideas.error.title_empty", "ideas.error.title_long")
	for _, f := range []struct {
		field, empty, long string
		v                  *string
	}{
		{"problem", "ideas.error.problem_empty", "ideas.error.problem_long", &in.Problem},
		{"proposal", "ideas.error.proposal_empty", "ideas.error.proposal_long", &in.Proposal},
		{"effect", "ideas.error.effect_empty", "ideas.error.effect_long", &in.Effect},
	} {
		*f.v = cleanText(*f.v)
		switch n := utf8.RuneCountInString(*f.v); {
		case n == 0:
			errs.Add(f.field, f.empty)
		case n > MaxIdeaText:
			errs.Add(f.field, models.Msg(f.long, "N", models.FormatNumber(n)))
		}
	}
	in.Department = strings.Join(strings.Fields(in.Department), " ")
	errs.Text("department", in.Department, models.MaxDepartment, "ideas.error.department_empty", "ideas.error.department_long")
	return errs
}

// SubmitIdea stores a staff idea in 제출 with its proposers, audit-logged.
func SubmitIdea(db *gorm.DB, staffID uint, in Input, now time.Time) (*Idea, error) {
	now = now.UTC()
	errs := in.validate()
	idea := &Idea{Title: in.Title, Problem: in.Problem, Proposal: in.Proposal, Effect: in.Effect, Department: in.Department,
		State: IdeaSubmitted, SubmittedBy: staffID, CreatedAt: now, UpdatedAt: now}
	err := db.Transaction(func(tx *gorm.DB) error {
		if b := parseID(in.BureauID); b != 0 {
			if _, err := FindBureau(tx, b); err != nil {
				errs.Add("bureau_id", "ideas.error.bureau_unknown")
			} else {
				idea.BureauID = &b
			}
		}
		if m := parseID(in.MeetingID); m != 0 {
			var mt IdeaMeeting
			if err := tx.Take(&mt, m).Error; err != nil || idea.BureauID == nil || mt.BureauID != *idea.BureauID {
				errs.Add("meeting_id", "ideas.error.meeting_unknown")
			} else {
				idea.MeetingID = &m
			}
		}
		proposers := map[uint]bool{}
		for _, s := range in.Proposers {
			id := parseID(s)
			if _, err := activeStaff(tx, id); err != nil {
				if errors.Is(err, ErrNotStaff) {
					errs.Add("proposers", "ideas.error.proposer_not_staff")
					continue
				}
				return err
			}
			proposers[id] = true
		}
		if len(proposers) == 0 {
			errs.Add("proposers", "ideas.error.proposers_empty")
		}
		if len(errs) > 0 {
			return errs
		}
		if err := tx.Omit("Bureau", "Submitter", "Proposers", "Award").Create(idea).Error; err != nil {
			return err
		}
		ids := []uint{}
		for _, s := range in.Proposers {
			id := parseID(s)
			if !proposers[id] {
				continue
			}
			delete(proposers, id)
			ids = append(ids, id)
			p := IdeaProposer{IdeaID: idea.ID, UserID: id, PublishName: id == staffID && in.PublishName}
			if err := tx.Omit("User").Create(&p).Error; err != nil {
				return err
			}
		}
		if err := tx.Create(&IdeaStep{IdeaID: idea.ID, State: IdeaSubmitted, StaffID: staffID, CreatedAt: now}).Error; err != nil {
			return err
		}
		after := map[string]any{"title": idea.Title, "department": idea.Department, "proposers": ids}
		return models.Audit(tx, staffID, AuditIdeaSubmit, "idea", idea.ID, nil, after, now)
	})
	if err != nil {
		return nil, err
	}
	return idea, nil
}

// FindIdea loads one idea with its team, proposers and award.
func FindIdea(db *gorm.DB, id uint) (*Idea, error) {
	var i Idea
	err := db.Preload("Bureau").Preload("Submitter").Preload("Proposers.User").Preload("Award").Take(&i, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &i, nil
}

// IdeaHistory lists an idea's state changes in order.
func IdeaHistory(db *gorm.DB, id uint) ([]IdeaStep, error) {
	var out []IdeaStep
	err := db.Preload("Staff").Where("idea_id = ?", id).Order("created_at, id").Find(&out).Error
	return out, err
}

// IdeaProgressNotes lists an idea's progress notes in order.
func IdeaProgressNotes(db *gorm.DB, id uint) ([]IdeaProgress, error) {
	var out []IdeaProgress
	err := db.Preload("Staff").Where("idea_id = ?", id).Order("created_at, id").Find(&out).Error
	return out, err
}

// SetNameConsent records whether a proposer agrees to show their name on
// the public page of adopted ideas. Only the proposer decides it.
func SetNameConsent(db *gorm.DB, ideaID, userID uint, publish bool, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&IdeaProposer{}).Where("idea_id = ? AND user_id = ?", ideaID, userID).Update("publish_name", publish)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotProposer
		}
		return models.Audit(tx, userID, AuditIdeaConsent, "idea", ideaID, nil, map[string]any{"publish_name": publish}, now)
	})
}

// moveIdea changes an idea's state with a guarded update and records who and when.
func moveIdea(tx *gorm.DB, id, staffID uint, from []IdeaState, to IdeaState, note string, values map[string]any, now time.Time) error {
	if values == nil {
		values = map[string]any{}
	}
	values["state"] = to
	values["updated_at"] = now
	res := tx.Model(&Idea{}).Where("id = ? AND state IN ?", id, from).Updates(values)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return models.ErrStateChanged
	}
	return tx.Create(&IdeaStep{IdeaID: id, State: to, Note: note, StaffID: staffID, CreatedAt: now}).Error
}

// PostIdeaProgress adds a progress note to an adopted idea: the first moves
// it to 반영중, one marked done to 반영완료. Audit-logged.
func PostIdeaProgress(db *gorm.DB, ideaID, staffID uint, body string, done bool, now time.Time) error {
	now = now.UTC()
	body = cleanText(body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return models.Errors{"progress": "ideas.error.progress_empty"}
	case n > MaxIdeaProgress:
		return models.Errors{"progress": models.Msg("ideas.error.progress_long", "N", models.FormatNumber(n))}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var i Idea
		if err := tx.Select("id", "state").Take(&i, ideaID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		if i.State != IdeaAdopted && i.State != IdeaImplementing {
			return models.Errors{"progress": "ideas.error.progress_state"}
		}
		switch {
		case done:
			if err := moveIdea(tx, ideaID, staffID, []IdeaState{IdeaAdopted, IdeaImplementing}, IdeaDone, "", map[string]any{"done_at": now}, now); err != nil {
				return err
			}
		case i.State == IdeaAdopted:
			if err := moveIdea(tx, ideaID, staffID, []IdeaState{IdeaAdopted}, IdeaImplementing, "", nil, now); err != nil {
				return err
			}
		}
		if err := tx.Create(&IdeaProgress{IdeaID: ideaID, Body: body, Done: done, StaffID: staffID, CreatedAt: now}).Error; err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditIdeaProgress, "idea", ideaID, map[string]any{"state": i.State}, map[string]any{"body": body, "done": done}, now)
	})
}

// Query filters the desk's idea list.
type Query struct {
	State    IdeaState
	BureauID uint
}

// ListIdeas lists ideas, the latest first.
func ListIdeas(db *gorm.DB, q Query) ([]Idea, error) {
	tx := db.Preload("Bureau").Preload("Proposers.User").Preload("Award")
	if ideaStateLabels[q.State] != "" {
		tx = tx.Where("state = ?", q.State)
	}
	if q.BureauID != 0 {
		tx = tx.Where("bureau_id = ?", q.BureauID)
	}
	var out []Idea
	err := tx.Order("created_at DESC, id DESC").Find(&out).Error
	return out, err
}

// IdeaCount is the number of ideas in one state.
type IdeaCount struct {
	State IdeaState
	N     int64
}

// CountIdeas counts the ideas in each state, in the order of the cycle.
func CountIdeas(db *gorm.DB) ([]IdeaCount, error) {
	var rows []IdeaCount
	if err := db.Model(&Idea{}).Select("state, COUNT(*) AS n").Group("state").Scan(&rows).Error; err != nil {
		return nil, err
	}
	by := map[IdeaState]int64{}
	for _, r := range rows {
		by[r.State] = r.N
	}
	out := make([]IdeaCount, len(IdeaStates))
	for i, s := range IdeaStates {
		out[i] = IdeaCount{s, by[s]}
	}
	return out, nil
}

// OverdueIdeas lists adopted ideas past their 반영 기한 at now.
func OverdueIdeas(db *gorm.DB, now time.Time) ([]Idea, error) {
	// a due day has passed once its end in Seoul is before now
	y, m, d := now.In(models.Seoul).Date()
	cutoff := time.Date(y, m, d, 0, 0, 0, 0, models.Seoul).AddDate(0, 0, -1).UTC()
	var out []Idea
	err := db.Preload("Bureau").Where("state IN ? AND due_on IS NOT NULL AND due_on <= ?", []IdeaState{IdeaAdopted, IdeaImplementing}, cutoff).
		Order("due_on, id").Find(&out).Error
	return out, err
}

// PublicIdea is an adopted idea as residents see it.
type PublicIdea struct {
	Idea
	Progress []IdeaProgress
}

// PublicIdeas lists the adopted ideas with their progress, the latest adopted first.
func PublicIdeas(db *gorm.DB) ([]PublicIdea, error) {
	var ideas []Idea
	err := db.Preload("Proposers.User").Where("state IN ?", []IdeaState{IdeaAdopted, IdeaImplementing, IdeaDone}).
		Order("adopted_at DESC, id DESC").Find(&ideas).Error
	if err != nil {
		return nil, err
	}
	out := make([]PublicIdea, len(ideas))
	for i := range ideas {
		out[i].Idea = ideas[i]
		if err := db.Where("idea_id = ?", ideas[i].ID).Order("created_at, id").Find(&out[i].Progress).Error; err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LatestAdopted lists the n ideas adopted last, in one query (the home page;
// without their progress or proposers).
func LatestAdopted(db *gorm.DB, n int) ([]Idea, error) {
	var out []Idea
	err := db.Where("state IN ?", []IdeaState{IdeaAdopted, IdeaImplementing, IdeaDone}).
		Order("adopted_at DESC, id DESC").Limit(n).Find(&out).Error
	return out, err
}

// Audit actions of the 창의 아이디어단.
const (
	AuditBureauCreate       = "bureau.create"
	AuditBureauMemberAdd    = "bureau.member_add"
	AuditBureauMemberRemove = "bureau.member_remove"
	AuditIdeaMeeting        = "idea.meeting"
	AuditIdeaSubmit         = "idea.submit"
	AuditIdeaConsent        = "idea.name_consent"
	AuditIdeaProgress       = "idea.progress"
	AuditIdeaDecide         = "idea.decide"
	AuditIdeaAward          = "idea.award"
	AuditIdeaAwardOverride  = "idea.award_over_budget"
	AuditAwardBudget        = "idea.award_budget"
	AuditCommitteeAdd       = "committee.add"
	AuditCommitteeRemove    = "committee.remove"
	AuditRoundOpen          = "review.open"
	AuditRoundClose         = "review.close"
	AuditScore              = "review.score"
)

func init() {
	models.AddAuditLabels(map[string]string{
		AuditBureauCreate:       "아이디어단(국) 만들기",
		AuditBureauMemberAdd:    "아이디어단 구성원 추가",
		AuditBureauMemberRemove: "아이디어단 구성원 제외",
		AuditIdeaMeeting:        "아이디어단 모임 기록",
		AuditIdeaSubmit:         "제안 제출",
		AuditIdeaConsent:        "제안자 이름 공개 동의 변경",
		AuditIdeaProgress:       "제안 반영 진행 상황 등록",
		AuditIdeaDecide:         "제안 채택 여부 결정",
		AuditIdeaAward:          "제안 포상 결정",
		AuditIdeaAwardOverride:  "제안 포상 예산 초과 승인",
		AuditAwardBudget:        "제안 포상 예산 변경",
		AuditCommitteeAdd:       "제안심의회 위원 위촉",
		AuditCommitteeRemove:    "제안심의회 위원 해촉",
		AuditRoundOpen:          "제안 심사 회차 열기",
		AuditRoundClose:         "제안 심사 마감",
		AuditScore:              "제안 채점",
	})
	values := map[string]string{}
	for st, l := range ideaStateLabels {
		values["idea.state="+string(st)] = l
	}
	for _, r := range []RankRule{RankMean, RankTrimmed} {
		values["rule="+string(r)] = r.Label()
	}
	models.AddAuditWords(models.AuditWords{
		Targets: map[string]models.AuditTarget{
			"idea":         {Name: "%d번 제안", Noun: "제안", Link: "/admin/ideas/%d"},
			"bureau":       {Name: "%d번 아이디어단", Noun: "아이디어단", Link: "/admin/ideas/teams/%d"},
			"idea_meeting": {Name: "%d번 아이디어단 모임", Noun: "아이디어단 모임"},
			"review_round": {Name: "%d번 심사 회차", Noun: "심사 회차", Link: "/admin/ideas/rounds/%d"},
			"award_budget": {Name: "%d년 포상 예산", Noun: "포상 예산", Link: "/admin/ideas"},
		},
		Sentences: map[string]string{
			AuditBureauCreate: "{을} 만들었습니다", AuditBureauMemberAdd: "{에} 구성원을 더했습니다",
			AuditBureauMemberRemove: "{에서} 구성원을 뺐습니다", AuditIdeaMeeting: "{을} 기록했습니다",
			AuditIdeaSubmit: "{을} 제출했습니다", AuditIdeaConsent: "{의} 제안자 이름 공개 동의를 바꿨습니다",
			AuditIdeaProgress: "{의} 반영 진행 상황을 등록했습니다", AuditIdeaDecide: "{의} 채택 여부를 결정했습니다",
			AuditIdeaAward: "{의} 포상을 결정했습니다", AuditIdeaAwardOverride: "{의} 포상 예산 초과를 승인했습니다",
			AuditAwardBudget: "{을} 정했습니다", AuditCommitteeAdd: "{을} 제안심의회 위원으로 위촉했습니다",
			AuditCommitteeRemove: "{을} 제안심의회 위원에서 해촉했습니다", AuditRoundOpen: "{을} 열었습니다",
			AuditRoundClose: "{을} 마감했습니다", AuditScore: "{에서} 제안을 채점했습니다",
		},
		Fields: map[string]string{
			"bureau.name": "이름", "user_id": "회원", "bureau_id": "아이디어단", "held_on": "모임 날",
			"idea_meeting.attendees": "참석한 구성원", "idea.title": "제목", "idea.department": "관련 부서",
			"proposers": "제안자", "publish_name": "이름 공개", "idea.body": "진행 상황", "done": "반영완료",
			"idea.state": "상태", "due_on": "반영 기한", "idea.note": "메모", "grade": "등급", "amount": "금액(원)",
			"year": "연도", "budget": "포상 예산(원)", "granted": "지급 결정액(원)", "idea.reason": "초과 사유",
			"award_budget.amount": "포상 예산(원)", "position": "직위", "review_round.name": "회차 이름",
			"scale_max": "점수 상한", "rule": "순위 규칙", "review_round.closes_at": "마감 일시", "ideas": "심사할 제안",
			"members": "위원 수", "closed_at": "마감 일시", "idea_id": "제안", "creativity": "창의성",
			"economy": "경제성", "practicality": "실용성", "scope": "적용범위", "remark": "의견",
		},
		Values:   values,
		Accounts: []string{"user_id", "proposers", "idea_meeting.attendees"},
	})
}
