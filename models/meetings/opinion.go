package meetings

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// OpinionState is where the public handling of an opinion heard on site stands.
type OpinionState string

const (
	OpinionReceived  OpinionState = "received"  // 접수
	OpinionReviewing OpinionState = "reviewing" // 검토중
	OpinionAdopted   OpinionState = "adopted"   // 반영
	OpinionPartly    OpinionState = "partly"    // 일부반영
	OpinionRejected  OpinionState = "rejected"  // 반영불가
)

// OpinionStates in the order of handling.
var OpinionStates = []OpinionState{OpinionReceived, OpinionReviewing, OpinionAdopted, OpinionPartly, OpinionRejected}

// Label is the message id of the state's name, as Msg.
func (s OpinionState) Label() string { return opinionStateMsgs[s] }

var opinionStateMsgs = map[OpinionState]string{
	OpinionReceived:  "opinions.state.received",
	OpinionReviewing: "opinions.state.reviewing",
	OpinionAdopted:   "opinions.state.adopted",
	OpinionPartly:    "opinions.state.partly",
	OpinionRejected:  "opinions.state.rejected",
}

// Msg is the message id of the state's name.
func (s OpinionState) Msg() string { return opinionStateMsgs[s] }

// Final reports whether the state ends the handling: it carries the
// department's reply and never changes again.
func (s OpinionState) Final() bool {
	return s == OpinionAdopted || s == OpinionPartly || s == OpinionRejected
}

// IsOpinionState reports whether s is one of the states.
func IsOpinionState(s OpinionState) bool { return opinionStateMsgs[s] != "" }

// Next lists the states an opinion in s may move to: forward only, and from
// a final state nowhere (its reply may still be corrected).
func (s OpinionState) Next() []OpinionState {
	switch s {
	case OpinionReceived:
		return []OpinionState{OpinionReviewing, OpinionAdopted, OpinionPartly, OpinionRejected}
	case OpinionReviewing:
		return []OpinionState{OpinionAdopted, OpinionPartly, OpinionRejected}
	}
	return nil
}

// Audit actions on opinions heard on site.
const (
	AuditOpinionRecord    = "opinion.record"
	AuditOpinionState     = "opinion.state"
	AuditOpinionReplyEdit = "opinion.reply_edit"
)

func init() {
	models.AddAuditLabels(map[string]string{
		AuditOpinionRecord: "audit.action.opinion_record", AuditOpinionState: "audit.action.opinion_state",
		AuditOpinionReplyEdit: "audit.action.opinion_reply_edit",
	})
	values := map[string]string{}
	for st, id := range opinionStateMsgs {
		values["opinion.state="+string(st)] = id
	}
	models.AddAuditWords(models.AuditWords{
		Targets: map[string]models.AuditTarget{"opinion": {Name: "audit.record.opinion", Noun: "audit.kind.opinion", Link: "/admin/opinions/%d"}},
		Sentences: map[string]string{
			AuditOpinionRecord: "audit.line.opinion_record", AuditOpinionState: "audit.line.opinion_state",
			AuditOpinionReplyEdit: "audit.line.opinion_reply_edit",
		},
		Fields: map[string]string{
			"opinion.body": "audit.field.opinion_body", "opinion.category": "audit.field.category", "opinion.dong": "audit.field.dong",
			"opinion.source": "audit.field.source", "opinion.heard_on": "audit.field.heard_on",
			"opinion.meeting_id": "audit.field.heard_at_meeting", "opinion.state": "audit.field.handling",
			"opinion.department": "audit.field.department", "opinion.reply": "audit.field.reply",
		},
		Values: values,
	})
}

// Limits of the opinion forms.
const (
	MaxOpinionBody   = 2000
	MaxOpinionSource = 100
	MaxOpinionReply  = 5000
	opinionExcerpt   = 120
)

// Opinion is an opinion heard at an outreach visit or a meeting, recorded by
// staff or left by a resident who attended, with its public handling.
type Opinion struct {
	ID         uint
	Body       string
	Category   string
	Dong       string
	MeetingID  *uint        // the meeting it was heard at, if any
	Source     string       // where it was heard when not at a meeting on the site
	RecordedBy *uint        // the staff member who recorded it; nil when a resident left it
	Recorder   *models.User `gorm:"foreignKey:RecordedBy"`
	ResidentID *uint        // the resident who left it on the meeting page
	Resident   *models.User
	State      OpinionState
	Department string // 담당부서 of the latest reply
	Reply      string
	RepliedAt  *time.Time // when it reached its final state
	HeardAt    time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// MeetingNumber is the id of the meeting it was heard at, 0 for none.
func (o Opinion) MeetingNumber() uint {
	if o.MeetingID == nil {
		return 0
	}
	return *o.MeetingID
}

// FromResident reports whether a resident left the opinion themselves.
func (o Opinion) FromResident() bool { return o.ResidentID != nil }

// ResidentName is the masked name of the resident who left the opinion.
func (o Opinion) ResidentName() string {
	if o.Resident == nil {
		return ""
	}
	return o.Resident.MaskedName()
}

// ReplyEdited reports whether the final reply was corrected after it was given.
func (o Opinion) ReplyEdited() bool { return o.RepliedAt != nil && o.UpdatedAt.After(*o.RepliedAt) }

// Excerpt is the start of the opinion on one line, for cards and titles.
func (o Opinion) Excerpt() string { return excerpt(o.Body, opinionExcerpt) }

// ShortExcerpt is a shorter start, for page titles and tables.
func (o Opinion) ShortExcerpt() string { return excerpt(o.Body, 40) }

func excerpt(text string, n int) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}

// OpinionStep is one row of an opinion's handling history, shown publicly as
// its timeline: a state reached, or a reply corrected after the final state.
type OpinionStep struct {
	ID         uint
	OpinionID  uint
	State      OpinionState
	Department string
	Reply      string
	Corrected  bool  // the reply of a final state was corrected
	StaffID    *uint // nil when a resident left the opinion
	Staff      *models.User
	CreatedAt  time.Time
}

func (OpinionStep) TableName() string { return "opinion_history" }

// OpinionInput is the staff form that records an opinion. HeardOn is
// YYYY-MM-DD in Seoul; MeetingID is the number typed, if any.
type OpinionInput struct {
	Body      string
	Category  string
	Dong      string
	Source    string
	MeetingID string
	HeardOn   string
}

// validateOpinionText checks what staff and residents both write.
func validateOpinionText(errs models.Errors, body, category, dong *string) {
	*body = strings.TrimSpace(strings.ReplaceAll(*body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(*body); {
	case n == 0:
		errs.Add("body", "opinions.error.body_empty")
	case n > MaxOpinionBody:
		errs.Add("body", models.Msg("opinions.error.body_long", "N", models.FormatNumber(n)))
	}
	if *category == "" {
		errs.Add("category", "opinions.error.category_empty")
	} else if !models.IsCategory(*category) {
		errs.Add("category", "opinions.error.category_unknown")
	}
	if *dong != "" && !models.IsDong(*dong) {
		errs.Add("dong", "opinions.error.dong_unknown")
	}
}

// validate checks the form and returns the meeting id and the day heard.
func (in *OpinionInput) validate(now time.Time) (*uint, time.Time, models.Errors) {
	errs := models.Errors{}
	validateOpinionText(errs, &in.Body, &in.Category, &in.Dong)
	in.Source = strings.Join(strings.Fields(in.Source), " ")
	in.MeetingID = strings.TrimSpace(in.MeetingID)
	var meeting *uint
	if in.MeetingID != "" {
		id, err := strconv.ParseUint(in.MeetingID, 10, 32)
		if err != nil || id == 0 {
			errs.Add("meeting_id", "opinions.error.meeting_unknown")
		} else {
			m := uint(id)
			meeting = &m
		}
	}
	switch {
	case utf8.RuneCountInString(in.Source) > MaxOpinionSource:
		errs.Add("source", "opinions.error.source_long")
	case in.Source == "" && in.MeetingID == "":
		errs.Add("source", "opinions.error.source_empty")
	}
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.HeardOn), models.Seoul)
	if err != nil {
		errs.Add("heard_on", "opinions.error.heard_on_format")
	} else if day.After(now) {
		errs.Add("heard_on", "opinions.error.heard_on_future")
	}
	return meeting, day.UTC(), errs
}

// RecordOpinion stores an opinion staff heard on site, in 접수, audit-logged.
func RecordOpinion(db *gorm.DB, staffID uint, in OpinionInput, now time.Time) (*Opinion, error) {
	now = now.UTC()
	meeting, heard, errs := in.validate(now)
	if meeting != nil {
		var n int64
		if err := db.Model(&Meeting{}).Where("id = ? AND published_at IS NOT NULL", *meeting).Count(&n).Error; err != nil {
			return nil, err
		}
		if n == 0 {
			errs.Add("meeting_id", "opinions.error.meeting_missing")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	o := &Opinion{Body: in.Body, Category: in.Category, Dong: in.Dong, MeetingID: meeting, Source: in.Source,
		RecordedBy: &staffID, State: OpinionReceived, HeardAt: heard, CreatedAt: now, UpdatedAt: now}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		if err := tx.Create(&OpinionStep{OpinionID: o.ID, State: OpinionReceived, StaffID: &staffID, CreatedAt: now}).Error; err != nil {
			return err
		}
		after := map[string]any{"body": o.Body, "category": o.Category, "dong": o.Dong, "source": o.Source,
			"heard_on": strings.TrimSpace(in.HeardOn)}
		if o.MeetingID != nil {
			after["meeting_id"] = *o.MeetingID
		}
		return models.Audit(tx, staffID, AuditOpinionRecord, "opinion", o.ID, nil, after, now)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// SubmitOpinion stores an opinion a resident leaves on a meeting's page after
// it ended. The caller decides who may (for now: those booked for the
// meeting); here only a verified, active account is required.
func SubmitOpinion(db *gorm.DB, meetingID, userID uint, text, category, dong string, now time.Time) (*Opinion, error) {
	now = now.UTC()
	if meetingID == 0 {
		return nil, models.ErrNotFound
	}
	errs := models.Errors{}
	validateOpinionText(errs, &text, &category, &dong)
	if len(errs) > 0 {
		return nil, errs
	}
	o := &Opinion{Body: text, Category: category, Dong: dong, MeetingID: &meetingID, ResidentID: &userID,
		State: OpinionReceived, HeardAt: now, CreatedAt: now, UpdatedAt: now}
	err := db.Transaction(func(tx *gorm.DB) error {
		u, err := models.FindUser(tx, userID)
		if err != nil {
			return err
		}
		if !u.Active() {
			return models.ErrDeactivated
		}
		if !u.Verified() {
			return models.ErrNotVerified
		}
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		return tx.Create(&OpinionStep{OpinionID: o.ID, State: OpinionReceived, CreatedAt: now}).Error
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// OpinionChange is the staff form that moves an opinion on. From is the
// state the staff member saw: if it moved meanwhile the change is refused.
type OpinionChange struct {
	From       OpinionState
	State      OpinionState
	Department string
	Reply      string
}

func (ch *OpinionChange) validate() models.Errors {
	errs := models.Errors{}
	ch.Department = strings.Join(strings.Fields(ch.Department), " ")
	ch.Reply = strings.TrimSpace(strings.ReplaceAll(ch.Reply, "\r\n", "\n"))
	if !IsOpinionState(ch.State) {
		errs.Add("state", "opinions.error.state_empty")
	}
	switch n := utf8.RuneCountInString(ch.Department); {
	case n == 0 && ch.State.Final():
		errs.Add("department", "opinions.error.department_empty")
	case n > models.MaxDepartment:
		errs.Add("department", "opinions.error.department_long")
	}
	switch n := utf8.RuneCountInString(ch.Reply); {
	case n == 0 && ch.State.Final():
		errs.Add("reply", "opinions.error.reply_empty")
	case n > MaxOpinionReply:
		errs.Add("reply", models.Msg("opinions.error.reply_long", "N", models.FormatNumber(n)))
	}
	return errs
}

// ChangeOpinionState moves an opinion forward (접수 → 검토중 → 반영 /
// 일부반영 / 반영불가; a final state needs the department's reply), or, on an
// opinion already in a final state and given that same state, corrects the
// reply. Each change is a guarded update, audit-logged, with a history row.
func ChangeOpinionState(db *gorm.DB, id, staffID uint, ch OpinionChange, now time.Time) error {
	now = now.UTC()
	if errs := ch.validate(); len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var o Opinion
		err := tx.Select("id", "state", "department", "reply").Take(&o, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return models.ErrNotFound
		}
		if err != nil {
			return err
		}
		if ch.From != "" && ch.From != o.State {
			return models.ErrStateChanged
		}
		if o.State.Final() {
			return correctReply(tx, &o, staffID, ch, now)
		}
		if !slices.Contains(opinionStrings(o.State.Next()), string(ch.State)) {
			if ch.State == o.State {
				return models.Errors{"state": "opinions.error.state_same"}
			}
			return models.Errors{"state": models.Msg("opinions.error.state_back", "From", o.State.Msg(), "To", ch.State.Msg())}
		}
		values := map[string]any{"state": ch.State, "department": ch.Department, "reply": ch.Reply, "updated_at": now}
		if ch.State.Final() {
			values["replied_at"] = now
		}
		res := tx.Model(&Opinion{}).Where("id = ? AND state = ?", id, o.State).Updates(values)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		step := OpinionStep{OpinionID: id, State: ch.State, Department: ch.Department, Reply: ch.Reply, StaffID: &staffID, CreatedAt: now}
		if err := tx.Create(&step).Error; err != nil {
			return err
		}
		after := map[string]any{"state": ch.State, "department": ch.Department, "reply": ch.Reply}
		return models.Audit(tx, staffID, AuditOpinionState, "opinion", id, map[string]any{"state": o.State}, after, now)
	})
}

// correctReply replaces the reply of an opinion in a final state, which
// itself never changes; the earlier reply stays in the history.
func correctReply(tx *gorm.DB, o *Opinion, staffID uint, ch OpinionChange, now time.Time) error {
	if ch.State != o.State {
		return models.Errors{"state": models.Msg("opinions.error.state_final", "State", o.State.Msg())}
	}
	if ch.Department == o.Department && ch.Reply == o.Reply {
		return models.Errors{"reply": "opinions.error.reply_unchanged"}
	}
	res := tx.Model(&Opinion{}).Where("id = ? AND state = ? AND department = ? AND reply = ?", o.ID, o.State, o.Department, o.Reply).
		Updates(map[string]any{"department": ch.Department, "reply": ch.Reply, "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return models.ErrStateChanged
	}
	step := OpinionStep{OpinionID: o.ID, State: o.State, Department: ch.Department, Reply: ch.Reply, Corrected: true, StaffID: &staffID, CreatedAt: now}
	if err := tx.Create(&step).Error; err != nil {
		return err
	}
	before := map[string]any{"department": o.Department, "reply": o.Reply}
	after := map[string]any{"department": ch.Department, "reply": ch.Reply}
	return models.Audit(tx, staffID, AuditOpinionReplyEdit, "opinion", o.ID, before, after, now)
}

func opinionStrings(states []OpinionState) []string {
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = string(s)
	}
	return out
}

// FindOpinion loads one opinion with whoever recorded or left it.
func FindOpinion(db *gorm.DB, id uint) (*Opinion, error) {
	var o Opinion
	err := db.Preload("Resident").Preload("Recorder").Take(&o, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// OpinionHistory lists an opinion's handling in the order it happened.
func OpinionHistory(db *gorm.DB, id uint) ([]OpinionStep, error) {
	var out []OpinionStep
	err := db.Preload("Staff").Where("opinion_id = ?", id).Order("created_at, id").Find(&out).Error
	return out, err
}

// OpinionQuery is a search of the opinion lists.
type OpinionQuery struct {
	State    OpinionState // "" for every state
	Category string
	Dong     string
	Q        string // words of the opinion or its source (staff list)
	Page     int
	PerPage  int
}

// Normalize drops values the list does not know and clamps the paging.
func (q *OpinionQuery) Normalize() {
	if !IsOpinionState(q.State) {
		q.State = ""
	}
	if !models.IsCategory(q.Category) {
		q.Category = ""
	}
	if !models.IsDong(q.Dong) {
		q.Dong = ""
	}
	q.Q = models.SearchText(q.Q)
	q.Page, q.PerPage = models.ClampPaging(q.Page, q.PerPage, 20, 100)
}

// ListOpinions returns one page of opinions, the latest heard first, and the total matching.
func ListOpinions(db *gorm.DB, q OpinionQuery) ([]Opinion, int64, error) {
	q.Normalize()
	tx := db.Model(&Opinion{})
	if q.State != "" {
		tx = tx.Where("state = ?", q.State)
	}
	if q.Category != "" {
		tx = tx.Where("category = ?", q.Category)
	}
	if q.Dong != "" {
		tx = tx.Where("dong = ?", q.Dong)
	}
	for _, word := range strings.Fields(q.Q) {
		// LOWER on both sides: LIKE ignores case in SQLite but not in PostgreSQL
		like := "%" + models.EscapeLike(strings.ToLower(word)) + "%"
		tx = tx.Where("(LOWER(body) LIKE ? ESCAPE '\\' OR LOWER(source) LIKE ? ESCAPE '\\')", like, like)
	}
	var total int64
	if err := tx.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Opinion
	err := tx.Preload("Resident").Order("heard_at DESC, id DESC").Offset((q.Page - 1) * q.PerPage).Limit(q.PerPage).Find(&out).Error
	return out, total, err
}

// LatestOpinions lists the n opinions heard last, in one query (the home
// page; their residents' names are not loaded).
func LatestOpinions(db *gorm.DB, n int) ([]Opinion, error) {
	var out []Opinion
	err := db.Order("heard_at DESC, id DESC").Limit(n).Find(&out).Error
	return out, err
}

// OpinionsForMeeting lists the opinions heard at one meeting, in the order recorded.
func OpinionsForMeeting(db *gorm.DB, meetingID uint) ([]Opinion, error) {
	var out []Opinion
	err := db.Preload("Resident").Where("meeting_id = ?", meetingID).Order("id").Find(&out).Error
	return out, err
}

// OpinionCount is the number of opinions in one state.
type OpinionCount struct {
	State OpinionState
	N     int64
}

// CountOpinions counts the opinions in each state, in the order of handling, and all of them.
func CountOpinions(db *gorm.DB) ([]OpinionCount, int64, error) {
	var rows []OpinionCount
	if err := db.Model(&Opinion{}).Select("state, COUNT(*) AS n").Group("state").Scan(&rows).Error; err != nil {
		return nil, 0, err
	}
	by := map[OpinionState]int64{}
	for _, r := range rows {
		by[r.State] = r.N
	}
	out := make([]OpinionCount, len(OpinionStates))
	var total int64
	for i, s := range OpinionStates {
		out[i] = OpinionCount{s, by[s]}
		total += by[s]
	}
	return out, total, nil
}

// OpinionMeetings lists the meetings staff may have heard an opinion at, for
// the form: published ones not cancelled, the nearest to now first (the
// latest past and the next upcoming before older ones).
func OpinionMeetings(db *gorm.DB, now time.Time) ([]Meeting, error) {
	now = now.UTC()
	var out []Meeting
	err := db.Select("id", "kind", "title", "starts_at", "ends_at").
		Where("published_at IS NOT NULL AND cancelled_at IS NULL").
		Order("starts_at DESC, id DESC").Limit(300).Find(&out).Error
	distance := func(m Meeting) time.Duration { return max(m.StartsAt.Sub(now), now.Sub(m.StartsAt)) }
	slices.SortStableFunc(out, func(a, b Meeting) int { return cmp.Compare(distance(a), distance(b)) })
	return out, err
}
