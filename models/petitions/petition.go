// Package petitions is the 영등포신문고: residents file petitions (구민청원)
// and support them (공감); a petition that reaches its threshold in its
// period is answered by the 구청장, one that does not by its department. It
// owns the life cycle and its guarded state changes (petition.go), the 공감
// rule — one support per account, the counter moved in the inserting
// transaction — (SupportPetition in support.go, batched by support_writer.go),
// answers, progress updates, reports (신고), the list and its search index,
// statistics, feeds, exports and the anonymisation of supporters. It imports
// only the core, models.
package petitions

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Status is a petition's place in its life cycle.
type Status string

const (
	StatusPreconsent     Status = "preconsent"      // 사전동의: visible only through its own link
	StatusLapsed         Status = "lapsed"          // 미성립: the 사전동의 goal was not reached in time
	StatusReview         Status = "review"          // 검토중: staff check it before publication
	StatusOpen           Status = "open"            // 진행중: public and open for 공감
	StatusAwaitingAnswer Status = "awaiting_answer" // 답변대기: reached the threshold
	StatusAnswered       Status = "answered"        // 답변완료
	StatusExpired        Status = "expired"         // 기간만료: closed below the threshold
	StatusDeptAnswered   Status = "dept_answered"   // 부서답변완료: the department answered an expired petition
	StatusHidden         Status = "hidden"          // 비공개: refused or taken down
)

var statusLabels = map[Status]string{
	StatusPreconsent:     "사전동의",
	StatusLapsed:         "미성립",
	StatusReview:         "검토중",
	StatusOpen:           "진행중",
	StatusAwaitingAnswer: "답변대기",
	StatusAnswered:       "답변완료",
	StatusExpired:        "기간만료",
	StatusDeptAnswered:   "부서답변완료",
	StatusHidden:         "비공개",
}

// Label is the Korean name of the status (the API and the feeds give it).
func (s Status) Label() string { return statusLabels[s] }

// statusIDs are the catalog ids of the statuses' names.
var statusIDs = map[Status]string{
	StatusPreconsent:     "petitions.status.preconsent",
	StatusLapsed:         "petitions.status.lapsed",
	StatusReview:         "petitions.status.review",
	StatusOpen:           "petitions.status.open",
	StatusAwaitingAnswer: "petitions.status.awaiting_answer",
	StatusAnswered:       "petitions.status.answered",
	StatusExpired:        "petitions.status.expired",
	StatusDeptAnswered:   "petitions.status.dept_answered",
	StatusHidden:         "petitions.status.hidden",
}

// LabelID is the catalog id of the status's name, shown in the visitor's
// language: {{t .Status.LabelID}}.
func (s Status) LabelID() string { return statusIDs[s] }

// PublicStatuses are the states anyone may see and that the list shows.
var PublicStatuses = []Status{StatusOpen, StatusAwaitingAnswer, StatusAnswered, StatusExpired, StatusDeptAnswered}

// IsPublic reports whether anyone may see a petition in this state.
func (s Status) IsPublic() bool {
	for _, p := range PublicStatuses {
		if s == p {
			return true
		}
	}
	return false
}

// The lists staff and residents pick from are stored in Korean, as the
// database has always kept them; the catalogs name each in every language
// (HideReasonID, ReportReasonID, ProgressUpdate.KindID, Answer.AnswererID).

// ReasonOther is the "other" of the hide and the report reasons: it needs a note.
const ReasonOther = "기타"

// HideReasons are the codes staff give when they refuse or take down a petition.
var HideReasons = []string{"개인정보 포함", "명예훼손", "중복", "욕설·비방", "광고", "권한 밖", ReasonOther}

// hideReasonIDs are the catalog ids of the reasons' names.
var hideReasonIDs = map[string]string{
	"개인정보 포함":   "petitions.hide_reason.personal_info",
	"명예훼손":      "petitions.hide_reason.defamation",
	"중복":        "petitions.hide_reason.duplicate",
	"욕설·비방":     "petitions.hide_reason.abuse",
	"광고":        "petitions.hide_reason.advertising",
	"권한 밖":      "petitions.hide_reason.out_of_scope",
	ReasonOther: "petitions.hide_reason.other",
}

// HideReasonID is the catalog id of a hide reason, or the reason as it is
// stored if it has none.
func HideReasonID(reason string) string {
	if id, ok := hideReasonIDs[reason]; ok {
		return id
	}
	return reason
}

// ReportReasons are the reasons a resident can give.
var ReportReasons = []string{"개인정보 노출", "명예훼손", "욕설·비방", "광고·스팸", ReasonOther}

// reportReasonIDs are the catalog ids of the reasons' names.
var reportReasonIDs = map[string]string{
	"개인정보 노출":   "petitions.report_reason.personal_info",
	"명예훼손":      "petitions.report_reason.defamation",
	"욕설·비방":     "petitions.report_reason.abuse",
	"광고·스팸":     "petitions.report_reason.spam",
	ReasonOther: "petitions.report_reason.other",
}

// ReportReasonID is the catalog id of a report reason, or the reason as it
// is stored if it has none.
func ReportReasonID(reason string) string {
	if id, ok := reportReasonIDs[reason]; ok {
		return id
	}
	return reason
}

// ProgressKinds are the kinds of progress update staff post.
var ProgressKinds = []string{"부서 검토", "현장 방문", "미래비전위원회 심의", ReasonOther}

// progressKindIDs are the catalog ids of the kinds' names.
var progressKindIDs = map[string]string{
	"부서 검토":      "petitions.progress_kind.dept_review",
	"현장 방문":      "petitions.progress_kind.site_visit",
	"미래비전위원회 심의": "petitions.progress_kind.committee",
	ReasonOther:  "petitions.progress_kind.other",
}

// ProgressKindID is the catalog id of a progress update's kind, or the
// kind as it is stored if it has none.
func ProgressKindID(kind string) string {
	if id, ok := progressKindIDs[kind]; ok {
		return id
	}
	return kind
}

// DefaultAnswerer signs an answer unless staff name someone else.
const DefaultAnswerer = "영등포구청장"

// HiddenReasonID is the catalog id of the reason the petition was hidden.
func (p *Petition) HiddenReasonID() string { return HideReasonID(p.HiddenReason) }

// Petition audit actions.
const (
	AuditPublish        = "petition.publish"
	AuditHide           = "petition.hide"
	AuditRestore        = "petition.restore"
	AuditAnswer         = "petition.answer"
	AuditUpdate         = "petition.progress"
	AuditDeptAnswer     = "petition.dept_answer"
	AuditDeptAnswerEdit = "petition.dept_answer_edit"
	AuditReportDismiss  = "report.dismiss"
	AuditReportUphold   = "report.uphold"
	AuditAnonymise      = "maintenance.anonymise"
	// an official translation of the answer (answer_translation.go)
	AuditTranslationAdd  = "petition.answer_translation"
	AuditTranslationEdit = "petition.answer_translation_edit"
)

func init() {
	models.AddAuditLabels(map[string]string{
		AuditPublish: "청원 공개", AuditHide: "청원 비공개 처리", AuditRestore: "청원 복구",
		AuditAnswer: "구청장 답변 등록", AuditUpdate: "진행 상황 등록",
		AuditDeptAnswer: "부서답변 등록", AuditDeptAnswerEdit: "부서답변 수정",
		AuditReportDismiss: "신고 기각", AuditReportUphold: "신고 인용",
		AuditAnonymise: "공감한 주민 익명 처리",
	})
	values := map[string]string{"reports=" + string(ReportDismissed): "기각", "reports=" + string(ReportUpheld): "인용",
		"hidden=" + CommentShown: "공개", "hidden=" + CommentReported: "신고로 가려짐", "hidden=" + CommentRemoved: "삭제"}
	for st, l := range statusLabels {
		values["petition.status="+string(st)] = l
	}
	models.AddAuditWords(models.AuditWords{
		Targets: map[string]models.AuditTarget{
			"petition": {Name: "%d번 청원", Noun: "청원", Link: "/petitions/%d"},
			"comment":  {Name: "%d번 공감 한마디", Noun: "공감 한마디"},
			"support":  {Name: "%d번 공감", Noun: "공감"},
		},
		Sentences: map[string]string{
			AuditPublish: "{을} 공개했습니다", AuditHide: "{을} 비공개로 처리했습니다",
			AuditRestore: "{을} 비공개 이전 상태로 되돌렸습니다", AuditAnswer: "{에} 구청장 답변을 등록했습니다",
			AuditUpdate: "{에} 진행 상황을 등록했습니다", AuditDeptAnswer: "{에} 부서답변을 등록했습니다",
			AuditDeptAnswerEdit: "{의} 부서답변을 고쳤습니다", AuditReportDismiss: "{에} 들어온 신고를 기각했습니다",
			AuditReportUphold: "{에} 들어온 신고를 인용했습니다", AuditAnonymise: "{에} 공감한 주민을 익명 처리했습니다",
		},
		Fields: map[string]string{
			"petition.status": "상태", "closes_at": "공감 마감", "threshold": "공감 기준 인원", "reason": "사유", "note": "메모",
			"answerer": "답변자", "video_url": "영상 주소", "department": "담당부서", "body": "내용",
			"open_reports": "처리 전 신고", "reports": "신고 처리", "hidden": "공감 한마디", "supports": "익명 처리한 공감",
			AuditUpdate + ".Kind": "종류", AuditUpdate + ".Body": "내용", AuditUpdate + ".HappenedAt": "일자",
			AuditUpdate + ".ID": "진행 상황 번호", AuditUpdate + ".PetitionID": "청원", AuditUpdate + ".StaffID": "담당자",
			AuditUpdate + ".CreatedAt": "등록 일시",
		},
		Values:   values,
		Accounts: []string{"StaffID"},
	})
	models.AddAuditLabels(map[string]string{AuditTranslationAdd: "답변 공식 번역 등록", AuditTranslationEdit: "답변 공식 번역 수정"})
	models.AddAuditWords(models.AuditWords{
		Sentences: map[string]string{
			AuditTranslationAdd: "{의} 답변에 공식 번역을 올렸습니다", AuditTranslationEdit: "{의} 답변 공식 번역을 고쳤습니다",
		},
		Fields: map[string]string{"language": "언어", AuditTranslationAdd + ".note": "번역 메모", AuditTranslationEdit + ".note": "번역 메모"},
		Values: map[string]string{"language=en": "영어", "language=zh": "중국어(간체)"},
	})
}

// Petition is a 구민청원.
type Petition struct {
	ID               uint
	AuthorID         uint
	Author           models.User
	Title            string
	Category         string
	Dong             string
	Body             string
	Status           Status
	ShareToken       string
	SupportCount     int
	PreconsentGoal   int
	PreconsentEndsAt time.Time
	Threshold        int
	AnswerDays       int
	ReviewAt         *time.Time
	OpenedAt         *time.Time
	ClosesAt         *time.Time
	ThresholdAt      *time.Time
	AnswerDueAt      *time.Time
	HiddenFrom       Status
	HiddenReason     string
	HiddenNote       string
	HiddenAt         *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
	Answer           *Answer
	DeptAnswer       *DeptAnswer
}

// StatusAt is the state at the instant now. A state that depends on time is
// decided here, so a period that ended a second ago is never shown as open,
// whether or not the background sweep has stored the change yet.
func (p *Petition) StatusAt(now time.Time) Status {
	now = now.UTC()
	switch {
	case p.Status == StatusPreconsent && !now.Before(p.PreconsentEndsAt):
		return StatusLapsed
	case p.Status == StatusOpen && p.ClosesAt != nil && !now.Before(*p.ClosesAt):
		return StatusExpired
	}
	return p.Status
}

// resolve replaces the stored status by the status at now.
func (p *Petition) resolve(now time.Time) { p.Status = p.StatusAt(now) }

// AcceptsSupport reports whether a support given at now counts.
// Support stays open for the whole period, also after the threshold.
func (p *Petition) AcceptsSupport(now time.Time) bool {
	now = now.UTC()
	switch p.StatusAt(now) {
	case StatusPreconsent:
		return true
	case StatusOpen, StatusAwaitingAnswer, StatusAnswered:
		return p.ClosesAt != nil && now.Before(*p.ClosesAt)
	}
	return false
}

// Goal is the number the progress bar runs to: the 사전동의 goal before
// publication, the threshold after.
func (p *Petition) Goal() int {
	if p.OpenedAt == nil {
		return p.PreconsentGoal
	}
	return p.Threshold
}

// Percent is the progress toward Goal, capped at 100.
func (p *Petition) Percent() int {
	g := p.Goal()
	if g <= 0 || p.SupportCount >= g {
		return 100
	}
	return p.SupportCount * 100 / g
}

// Deadline is the moment the current period ends: the 사전동의 period, the
// public period, or the answer deadline. It is nil when nothing is running.
func (p *Petition) Deadline() *time.Time {
	switch p.Status {
	case StatusPreconsent:
		return &p.PreconsentEndsAt
	case StatusOpen:
		return p.ClosesAt
	case StatusAwaitingAnswer:
		return p.AnswerDueAt
	}
	return nil
}

// Input is what a resident types on the petition form.
type Input struct {
	Title    string
	Category string
	Dong     string
	Body     string
}

// Limits of the petition form.
const (
	MaxTitle   = 100
	MaxBody    = 5000
	MinBody    = 20
	MaxComment = 200
)

func (in *Input) validate() models.Errors {
	errs := models.Errors{}
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		errs.Add("title", "petitions.error.title_empty")
	case n > MaxTitle:
		errs.Add("title", models.Msg("petitions.error.title_long", "N", models.FormatNumber(n)))
	}
	if in.Category == "" {
		errs.Add("category", "petitions.error.category_empty")
	} else if !models.IsCategory(in.Category) {
		errs.Add("category", "petitions.error.category_unknown")
	}
	if in.Dong != "" && !models.IsDong(in.Dong) {
		errs.Add("dong", "petitions.error.dong_unknown")
	}
	switch n := utf8.RuneCountInString(in.Body); {
	case n == 0:
		errs.Add("body", "petitions.error.body_empty")
	case n < MinBody:
		errs.Add("body", "petitions.error.body_short")
	case n > MaxBody:
		errs.Add("body", models.Msg("petitions.error.body_long", "N", models.FormatNumber(n)))
	}
	return errs
}

// FilePetition records a new petition by a verified resident. It starts in
// 사전동의 with the goal and period of the current settings (straight in
// 검토중 when the goal is 0).
func FilePetition(db *gorm.DB, authorID uint, in Input, now time.Time) (*Petition, error) {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return nil, errs
	}
	p := &Petition{AuthorID: authorID, Title: in.Title, Category: in.Category, Dong: in.Dong, Body: in.Body}
	err := db.Transaction(func(tx *gorm.DB) error {
		author, err := models.FindUser(tx, authorID)
		if err != nil {
			return err
		}
		if !author.Verified() {
			return models.ErrNotVerified
		}
		s, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		p.Status = StatusPreconsent
		p.ShareToken = models.RandomString(10)
		p.PreconsentGoal = s.PreconsentGoal
		p.PreconsentEndsAt = now.AddDate(0, 0, s.PreconsentDays)
		if s.PreconsentGoal <= 0 {
			p.Status, p.ReviewAt = StatusReview, &now
		}
		p.CreatedAt, p.UpdatedAt = now, now
		return tx.Create(p).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Submit is the petition form's rule: a petition is filed only once its
// author has seen it as it will be published and confirmed it. Until then
// (confirmed false) it returns that draft, checked but not saved, with
// filed false; the author can still change anything in it.
func Submit(db *gorm.DB, authorID uint, in Input, confirmed bool, now time.Time) (p *Petition, filed bool, err error) {
	if confirmed {
		p, err = FilePetition(db, authorID, in, now)
		return p, err == nil, err
	}
	p, err = previewPetition(db, authorID, in, now)
	return p, false, err
}

// previewPetition is the petition FilePetition would record, with its
// author, for them to read before filing; it refuses what FilePetition refuses.
func previewPetition(db *gorm.DB, authorID uint, in Input, now time.Time) (*Petition, error) {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return nil, errs
	}
	author, err := models.FindUser(db, authorID)
	if err != nil {
		return nil, err
	}
	if !author.Verified() {
		return nil, models.ErrNotVerified
	}
	s, err := models.LoadSettings(db)
	if err != nil {
		return nil, err
	}
	p := &Petition{AuthorID: authorID, Author: *author, Title: in.Title, Category: in.Category, Dong: in.Dong, Body: in.Body,
		Status: StatusPreconsent, PreconsentGoal: s.PreconsentGoal, PreconsentEndsAt: now.AddDate(0, 0, s.PreconsentDays), CreatedAt: now}
	if s.PreconsentGoal <= 0 {
		p.Status = StatusReview
	}
	return p, nil
}

// FindPetition loads a petition with its author and answer, in its state at now.
func FindPetition(db *gorm.DB, id uint, now time.Time) (*Petition, error) {
	now = now.UTC()
	var p Petition
	err := db.Preload("Author").Preload("Answer.Translations").Preload("DeptAnswer").Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p.resolve(now)
	return &p, nil
}

// VisibleTo reports whether the viewer (nil for anonymous) may read the
// petition; share is the token of a 사전동의 link, if the visitor came by one.
// The link keeps working while staff review the petition, so those who
// pre-consented can follow it; it never opens a hidden or lapsed one.
func (p *Petition) VisibleTo(viewer *models.User, share string) bool {
	switch {
	case p.Status.IsPublic(), viewer.IsStaff(), viewer != nil && viewer.ID == p.AuthorID:
		return true
	case p.Status == StatusPreconsent, p.Status == StatusReview:
		return share != "" && share == p.ShareToken
	}
	return false
}

// Publish moves a petition from 검토중 to 진행중: its 30-day period starts now
// under the threshold in force now.
func Publish(db *gorm.DB, id, actorID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		s, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		closes := now.AddDate(0, 0, s.PetitionDays)
		res := tx.Model(&Petition{}).Where("id = ? AND status = ?", id, StatusReview).Updates(map[string]any{
			"status": StatusOpen, "opened_at": now, "closes_at": closes,
			"threshold": s.Threshold, "answer_days": s.AnswerDays, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		after := map[string]any{"status": StatusOpen, "closes_at": closes, "threshold": s.Threshold}
		if err := models.Audit(tx, actorID, AuditPublish, "petition", id, map[string]any{"status": StatusReview}, after, now); err != nil {
			return err
		}
		if err := recordEvent(tx, EventPublished, id, nil, now); err != nil {
			return err
		}
		_, err = advance(tx, id, now)
		return err
	})
}

// Hide refuses or takes down a petition with a reason code and a note the author reads.
func Hide(db *gorm.DB, id, actorID uint, reason, note string, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	note = strings.TrimSpace(note)
	if !slices.Contains(HideReasons, reason) {
		errs.Add("reason", "petitions.error.hide_reason")
	}
	if reason == ReasonOther && note == "" {
		errs.Add("note", "petitions.error.hide_note_needed")
	}
	if utf8.RuneCountInString(note) > 1000 {
		errs.Add("note", "petitions.error.hide_note_long")
	}
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var p Petition
		if err := tx.Select("id", "status").Take(&p, id).Error; err != nil {
			return models.ErrStateChanged
		}
		res := tx.Model(&Petition{}).Where("id = ? AND status = ?", id, p.Status).Updates(map[string]any{
			"hidden_from": p.Status, "status": StatusHidden, "hidden_reason": reason,
			"hidden_note": note, "hidden_at": now, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 || p.Status == StatusHidden {
			return models.ErrStateChanged
		}
		after := map[string]any{"status": StatusHidden, "reason": reason, "note": note}
		if err := models.Audit(tx, actorID, AuditHide, "petition", id, map[string]any{"status": p.Status}, after, now); err != nil {
			return err
		}
		return recordEvent(tx, EventRefused, id, map[string]string{"reason": reason, "note": note}, now)
	})
}

// Restore brings a hidden petition back to the state it was hidden from.
func Restore(db *gorm.DB, id, actorID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		var p Petition
		if err := tx.Select("id", "status", "hidden_from", "hidden_reason").Take(&p, id).Error; err != nil {
			return models.ErrStateChanged
		}
		res := tx.Model(&Petition{}).Where("id = ? AND status = ?", id, StatusHidden).Updates(map[string]any{
			"status": gorm.Expr("hidden_from"), "hidden_from": "", "hidden_reason": "", "hidden_note": "",
			"hidden_at": nil, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		before := map[string]any{"status": StatusHidden, "reason": p.HiddenReason}
		return models.Audit(tx, actorID, AuditRestore, "petition", id, before, map[string]any{"status": p.HiddenFrom}, now)
	})
}

// advance makes the count-driven transitions of one petition: 사전동의 →
// 검토중 at the goal, 진행중 → 답변대기 at the threshold. The guards repeat
// the rule in SQL so the change happens once, in the caller's transaction,
// together with the event that tells people about it. It returns the
// petition's state after. A viral petition's supports reach it, so it speaks
// plain SQL through prepared statements.
func advance(tx *gorm.DB, id uint, now time.Time) (Status, error) {
	var status Status
	var answerDays int
	if err := models.QueryRow(tx, []any{&status, &answerDays}, "SELECT status, answer_days FROM petitions WHERE id = ?", id); err != nil {
		return "", err
	}
	var kind string
	var err error
	switch status {
	case StatusPreconsent:
		kind = EventPreconsentReached
		err = models.QueryRow(tx, []any{&status}, `UPDATE petitions SET status = ?, review_at = ?, updated_at = ?
			WHERE id = ? AND status = ? AND preconsent_ends_at > ? AND support_count >= preconsent_goal RETURNING status`,
			StatusReview, now, now, id, StatusPreconsent, now)
	case StatusOpen:
		kind = EventThresholdReached
		err = models.QueryRow(tx, []any{&status}, `UPDATE petitions SET status = ?, threshold_at = ?, answer_due_at = ?, updated_at = ?
			WHERE id = ? AND status = ? AND closes_at > ? AND support_count >= threshold RETURNING status`,
			StatusAwaitingAnswer, now, now.AddDate(0, 0, answerDays), now, id, StatusOpen, now)
	default:
		return status, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return status, nil // not there yet
	}
	if err != nil {
		return "", err
	}
	return status, recordEvent(tx, kind, id, nil, now)
}

// SweepExpired stores the time-driven transitions that StatusAt already
// shows: lapsed 사전동의 and expired 진행중 petitions. It returns how many changed.
func SweepExpired(db *gorm.DB, now time.Time) (int64, error) {
	now = now.UTC()
	var n int64
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Petition{}).Where("status = ? AND preconsent_ends_at <= ?", StatusPreconsent, now).
			Updates(map[string]any{"status": StatusLapsed, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		n += res.RowsAffected
		res = tx.Model(&Petition{}).Where("status = ? AND closes_at <= ?", StatusOpen, now).
			Updates(map[string]any{"status": StatusExpired, "updated_at": now})
		n += res.RowsAffected
		return res.Error
	})
	return n, err
}
