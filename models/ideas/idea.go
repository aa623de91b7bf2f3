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
		AuditBureauCreate:       "audit.action.bureau_create",
		AuditBureauMemberAdd:    "audit.action.bureau_member_add",
		AuditBureauMemberRemove: "audit.action.bureau_member_remove",
		AuditIdeaMeeting:        "audit.action.idea_meeting",
		AuditIdeaSubmit:         "audit.action.idea_submit",
		AuditIdeaConsent:        "audit.action.idea_consent",
		AuditIdeaProgress:       "audit.action.idea_progress",
		AuditIdeaDecide:         "audit.action.idea_decide",
		AuditIdeaAward:          "audit.action.idea_award",
		AuditIdeaAwardOverride:  "audit.action.idea_award_override",
		AuditAwardBudget:        "audit.action.award_budget",
		AuditCommitteeAdd:       "audit.action.committee_add",
		AuditCommitteeRemove:    "audit.action.committee_remove",
		AuditRoundOpen:          "audit.action.round_open",
		AuditRoundClose:         "audit.action.round_close",
		AuditScore:              "audit.action.score",
	})
	values := map[string]string{"rule=" + string(RankMean): "audit.value.rule_mean", "rule=" + string(RankTrimmed): "audit.value.rule_trimmed"}
	for st, id := range ideaStateLabels {
		values["idea.state="+string(st)] = id
	}
	models.AddAuditWords(models.AuditWords{
		Targets: map[string]models.AuditTarget{
			"idea":         {Name: "audit.record.idea", Noun: "audit.kind.idea", Link: "/admin/ideas/%d"},
			"bureau":       {Name: "audit.record.bureau", Noun: "audit.kind.bureau", Link: "/admin/ideas/teams/%d"},
			"idea_meeting": {Name: "audit.record.idea_meeting", Noun: "audit.kind.idea_meeting"},
			"review_round": {Name: "audit.record.review_round", Noun: "audit.kind.review_round", Link: "/admin/ideas/rounds/%d"},
			"award_budget": {Name: "audit.record.award_budget", Noun: "audit.kind.award_budget", Link: "/admin/ideas"},
		},
		Sentences: map[string]string{
			AuditBureauCreate: "audit.line.bureau_create", AuditBureauMemberAdd: "audit.line.bureau_member_add",
			AuditBureauMemberRemove: "audit.line.bureau_member_remove", AuditIdeaMeeting: "audit.line.idea_meeting",
			AuditIdeaSubmit: "audit.line.idea_submit", AuditIdeaConsent: "audit.line.idea_consent",
			AuditIdeaProgress: "audit.line.idea_progress", AuditIdeaDecide: "audit.line.idea_decide",
			AuditIdeaAward: "audit.line.idea_award", AuditIdeaAwardOverride: "audit.line.idea_award_override",
			AuditAwardBudget: "audit.line.award_budget", AuditCommitteeAdd: "audit.line.committee_add",
			AuditCommitteeRemove: "audit.line.committee_remove", AuditRoundOpen: "audit.line.round_open",
			AuditRoundClose: "audit.line.round_close", AuditScore: "audit.line.score",
		},
		Fields: map[string]string{
			"bureau.name": "audit.field.name", "user_id": "audit.field.member", "bureau_id": "audit.field.bureau",
			"held_on": "audit.field.held_on", "idea_meeting.attendees": "audit.field.attendees",
			"idea.title": "audit.field.title", "idea.department": "audit.field.idea_department",
			"proposers": "audit.field.proposers", "publish_name": "audit.field.publish_name",
			"idea.body": "audit.field.progress", "done": "audit.field.done", "idea.state": "audit.field.status",
			"due_on": "audit.field.due_on", "idea.note": "audit.field.note", "grade": "audit.field.grade",
			"amount": "audit.field.amount", "year": "audit.field.year", "budget": "audit.field.budget",
			"granted": "audit.field.granted", "idea.reason": "audit.field.override_reason",
			"award_budget.amount": "audit.field.budget", "position": "audit.field.position",
			"review_round.name": "audit.field.round_name", "scale_max": "audit.field.scale_max",
			"rule": "audit.field.rule", "review_round.closes_at": "audit.field.closes_at", "ideas": "audit.field.ideas",
			"members": "audit.field.members", "closed_at": "audit.field.closed_at", "idea_id": "audit.field.idea",
			"creativity": "audit.field.creativity", "economy": "audit.field.economy",
			"practicality": "audit.field.practicality", "scope": "audit.field.scope", "remark": "audit.field.remark",
		},
		Values:   values,
		Accounts: []string{"user_id", "proposers", "idea_meeting.attendees"},
	})
}
