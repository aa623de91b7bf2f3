package deliberations

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

// Report reasons a resident picks.
const (
	ReasonAbuse    = "abuse"    // 욕설·비방
	ReasonPrivacy  = "privacy"  // 개인정보 노출
	ReasonAd       = "ad"       // 광고·홍보
	ReasonOffTopic = "offtopic" // 질문과 관계없음
	ReasonOther    = "other"
)

// ReportReasons are the reasons in the order the form lists them.
var ReportReasons = []string{ReasonAbuse, ReasonPrivacy, ReasonAd, ReasonOffTopic, ReasonOther}

var reasonLabels = map[string]string{
	ReasonAbuse: "deliberations.reason.abuse", ReasonPrivacy: "deliberations.reason.privacy", ReasonAd: "deliberations.reason.ad",
	ReasonOffTopic: "deliberations.reason.offtopic", ReasonOther: "deliberations.reason.other",
}

// ReasonLabel is the message id of a report reason's name.
func ReasonLabel(reason string) string { return reasonLabels[reason] }

// Report states.
const (
	ReportOpen    = "open"
	ReportDecided = "decided" // the statement was removed, or staff kept it
)

// StatementReport is a resident's report of a statement.
type StatementReport struct {
	ID             uint
	DeliberationID uint
	StatementID    uint
	ReporterID     *uint // nil once the account was deleted
	Reason         string
	Note           string
	Status         string
	DecidedBy      *uint
	DecidedAt      *time.Time
	CreatedAt      time.Time
}

// TableName is the reports' table.
func (StatementReport) TableName() string { return "deliberation_reports" }

// ReportInput is a report as a resident makes it.
type ReportInput struct {
	StatementID uint
	UserID      uint
	Reason      string
	Note        string
}

// ReportStatement records a verified resident's report of a shown
// statement, once per resident and statement, for staff to decide.
func ReportStatement(db *gorm.DB, in ReportInput, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	if reasonLabels[in.Reason] == "" {
		errs.Add("reason", "deliberations.error.report_reason")
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > 500 {
		errs.Add("note", "deliberations.error.report_note_long")
	}
	if in.Reason == ReasonOther && in.Note == "" {
		errs.Add("note", "deliberations.error.report_note_other")
	}
	if len(errs) > 0 {
		return errs
	}
	return models.Transact(db, func(tx *gorm.DB) error {
		var s Statement
		if err := tx.Select("id", "deliberation_id", "status").Take(&s, in.StatementID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		if s.Status != StatementShown {
			return ErrStatementHidden
		}
		_, written, err := models.InsertRow(tx, `INSERT INTO deliberation_reports (deliberation_id, statement_id, reporter_id, reason, note, status, created_at)
			SELECT ?, ?, id, ?, ?, ?, ? FROM users WHERE id = ? AND verified_at IS NOT NULL
			ON CONFLICT DO NOTHING`, s.DeliberationID, s.ID, in.Reason, in.Note, ReportOpen, now, in.UserID)
		if err != nil || written {
			return err
		}
		var verified bool
		err = models.QueryRow(tx, []any{&verified}, "SELECT verified_at IS NOT NULL FROM users WHERE id = ?", in.UserID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return models.ErrNotFound
		case err != nil:
			return err
		case !verified:
			return models.ErrNotVerified
		}
		return ErrAlreadyReported
	})
}

// ReportedStatement is a statement with open reports, for the desk.
type ReportedStatement struct {
	Statement
	Reports []StatementReport
}

// OpenReports lists a 공론장's statements with open reports (of every
// 공론장 when deliberationID is 0), the most reported first.
func OpenReports(db *gorm.DB, deliberationID uint) ([]ReportedStatement, error) {
	q := db.Where("status = ?", ReportOpen)
	if deliberationID != 0 {
		q = q.Where("deliberation_id = ?", deliberationID)
	}
	var reports []StatementReport
	if err := q.Order("id").Find(&reports).Error; err != nil {
		return nil, err
	}
	byStatement := map[uint][]StatementReport{}
	var ids []uint
	for _, r := range reports {
		if byStatement[r.StatementID] == nil {
			ids = append(ids, r.StatementID)
		}
		byStatement[r.StatementID] = append(byStatement[r.StatementID], r)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var statements []Statement
	if err := db.Where("id IN ?", ids).Order("id").Find(&statements).Error; err != nil {
		return nil, err
	}
	out := make([]ReportedStatement, len(statements))
	for i, s := range statements {
		out[i] = ReportedStatement{Statement: s, Reports: byStatement[s.ID]}
	}
	slices.SortStableFunc(out, func(a, b ReportedStatement) int { return len(b.Reports) - len(a.Reports) })
	return out, nil
}

// DismissReports keeps a reported statement: its open reports are decided.
func DismissReports(db *gorm.DB, statementID, staffID uint, now time.Time) error {
	now = now.UTC()
	return models.Transact(db, func(tx *gorm.DB) error {
		var s Statement
		if err := tx.Select("id", "deliberation_id").Take(&s, statementID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		res := tx.Model(&StatementReport{}).Where("statement_id = ? AND status = ?", statementID, ReportOpen).
			Updates(map[string]any{"status": ReportDecided, "decided_by": staffID, "decided_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		return models.Audit(tx, staffID, AuditDismiss, "deliberation", s.DeliberationID, nil,
			map[string]any{"statement_id": statementID, "reports": res.RowsAffected}, now)
	})
}

// decideReports closes the open reports of a removed statement.
func decideReports(tx *gorm.DB, statementID, staffID uint, now time.Time) error {
	return tx.Model(&StatementReport{}).Where("statement_id = ? AND status = ?", statementID, ReportOpen).
		Updates(map[string]any{"status": ReportDecided, "decided_by": staffID, "decided_at": now}).Error
}
