package petitions

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// What a report is about.
const (
	TargetPetition = "petition"
	TargetComment  = "comment" // a support with a 공감 한마디
)

// ReportStatus is where a report stands.
type ReportStatus string

const (
	ReportOpen      ReportStatus = "open"      // waiting for staff
	ReportDismissed ReportStatus = "dismissed" // 기각: nothing wrong found
	ReportUpheld    ReportStatus = "upheld"    // 인용: the report was right
)

// How a support's comment is hidden (supports.hidden).
const (
	CommentShown    = ""         // on the public page
	CommentReported = "reported" // hidden at the report limit until staff decide
	CommentRemoved  = "removed"  // hidden for good after staff upheld a report
)

// MaxReportNote is the length of the optional note, in letters.
const MaxReportNote = 500

var (
	ErrAlreadyReported = errors.New("already reported")
	ErrNotReportable   = errors.New("target cannot be reported")
)

// Report is one resident's 신고 of a petition or of a support comment.
// A reporter has at most one report per target (unique index).
type Report struct {
	ID         uint
	ReporterID uint
	Reporter   models.User
	TargetType string
	TargetID   uint // the petition's or the support's id
	PetitionID uint // the petition the target belongs to
	Reason     string
	Note       string
	Status     ReportStatus
	DecidedBy  *uint
	DecidedAt  *time.Time
	CreatedAt  time.Time
}

// ReportInput is a report as the resident gives it; CommentID 0 reports the petition itself.
type ReportInput struct {
	ReporterID uint
	PetitionID uint
	CommentID  uint
	Reason     string
	Note       string
}

// ReportResult tells what a report changed.
type ReportResult struct {
	Hidden bool // the report brought the comment to the limit and hid it
}

func (in *ReportInput) validate() models.Errors {
	errs := models.Errors{}
	in.Note = strings.TrimSpace(strings.ReplaceAll(in.Note, "\r\n", "\n"))
	if in.Reason == "" {
		errs.Add("reason", "petitions.report.error.reason_empty")
	} else if !slices.Contains(ReportReasons, in.Reason) {
		errs.Add("reason", "petitions.report.error.reason")
	}
	if in.Reason == ReasonOther && in.Note == "" {
		errs.Add("note", "petitions.report.error.note_needed")
	}
	if n := utf8.RuneCountInString(in.Note); n > MaxReportNote {
		errs.Add("note", models.Msg("petitions.report.error.note_long", "N", models.FormatNumber(n)))
	}
	return errs
}

// ReportTarget is the petition or comment a report form is about.
type ReportTarget struct {
	Petition *Petition
	Comment  *Support // nil when the petition itself is reported
}

// FindReportTarget loads what a resident is about to report: a public
// petition, or a comment on the petition that is still shown.
func FindReportTarget(db *gorm.DB, petitionID, commentID uint, now time.Time) (*ReportTarget, error) {
	p, err := FindPetition(db, petitionID, now)
	if err != nil {
		return nil, err
	}
	t := &ReportTarget{Petition: p}
	if commentID == 0 {
		if !p.Status.IsPublic() {
			return nil, ErrNotReportable
		}
		return t, nil
	}
	var s Support
	err = db.Preload("User").Where("id = ? AND petition_id = ? AND comment <> '' AND hidden = ?", commentID, petitionID, CommentShown).
		Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotReportable
	}
	if err != nil {
		return nil, err
	}
	t.Comment = &s
	return t, nil
}

// FileReport records a report. In the same transaction a comment that now has
// Settings.ReportLimit open reports or more is hidden until staff decide.
func FileReport(db *gorm.DB, in ReportInput, now time.Time) (*ReportResult, error) {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return nil, errs
	}
	var result ReportResult
	err := db.Transaction(func(tx *gorm.DB) error {
		reporter, err := models.FindUser(tx, in.ReporterID)
		if err != nil {
			return err
		}
		if !reporter.Verified() {
			return models.ErrNotVerified
		}
		target, err := FindReportTarget(tx, in.PetitionID, in.CommentID, now)
		if err != nil {
			return err
		}
		r := Report{ReporterID: reporter.ID, TargetType: TargetPetition, TargetID: target.Petition.ID,
			PetitionID: target.Petition.ID, Reason: in.Reason, Note: in.Note, Status: ReportOpen, CreatedAt: now}
		if target.Comment != nil {
			r.TargetType, r.TargetID = TargetComment, target.Comment.ID
		}
		err = tx.Create(&r).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return ErrAlreadyReported
		}
		if err != nil || r.TargetType != TargetComment {
			return err
		}
		result.Hidden, err = hideAtLimit(tx, r.TargetID, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &result, nil
}

// hideAtLimit hides a shown comment once its open reports reach the limit.
func hideAtLimit(tx *gorm.DB, supportID uint, now time.Time) (bool, error) {
	s, err := models.LoadSettings(tx)
	if err != nil {
		return false, err
	}
	var open int64
	if err := openReports(tx, TargetComment, supportID).Count(&open).Error; err != nil {
		return false, err
	}
	if open < int64(s.ReportLimit) {
		return false, nil
	}
	res := tx.Model(&Support{}).Where("id = ? AND hidden = ?", supportID, CommentShown).
		Updates(map[string]any{"hidden": CommentReported, "hidden_at": now})
	return res.RowsAffected > 0, res.Error
}

func openReports(tx *gorm.DB, targetType string, targetID uint) *gorm.DB {
	return tx.Model(&Report{}).Where("target_type = ? AND target_id = ? AND status = ?", targetType, targetID, ReportOpen)
}

// HasReported reports whether the account already reported the target.
func HasReported(db *gorm.DB, reporterID, petitionID, commentID uint) (bool, error) {
	targetType, targetID := TargetPetition, petitionID
	if commentID != 0 {
		targetType, targetID = TargetComment, commentID
	}
	var n int64
	err := db.Model(&Report{}).Where("reporter_id = ? AND target_type = ? AND target_id = ?", reporterID, targetType, targetID).
		Count(&n).Error
	return n > 0, err
}

// ReasonCount is how often one reason was given.
type ReasonCount struct {
	Reason string
	Count  int
}

// ReportGroup is one target on the staff queue with its open reports.
type ReportGroup struct {
	TargetType    string
	TargetID      uint
	PetitionID    uint
	PetitionTitle string
	Comment       *Support // the reported comment with its author, for a comment
	Count         int
	Reasons       []ReasonCount // most given first
	Notes         []string      // the reporters' notes, newest first
	LatestAt      time.Time
}

// IsComment reports whether the group is about a comment.
func (g *ReportGroup) IsComment() bool { return g.TargetType == TargetComment }

// Hidden reports whether the reported comment is hidden from the public now.
func (g *ReportGroup) Hidden() bool { return g.Comment != nil && g.Comment.Hidden != CommentShown }

// ReportQueue lists the targets with open reports, the most recently reported first.
func ReportQueue(db *gorm.DB, limit int) ([]ReportGroup, error) {
	var keys []struct {
		TargetType string
		TargetID   uint
		PetitionID uint
		Count      int
		Latest     uint
	}
	err := db.Model(&Report{}).Select("target_type, target_id, petition_id, COUNT(*) AS count, MAX(id) AS latest").
		Where("status = ?", ReportOpen).Group("target_type, target_id, petition_id").
		Order("latest DESC").Limit(limit).Scan(&keys).Error
	if err != nil || len(keys) == 0 {
		return nil, err
	}
	groups := make([]ReportGroup, len(keys))
	type key struct {
		kind string
		id   uint
	}
	index := map[key]int{}
	var petitionIDs, supportIDs []uint
	for i, k := range keys {
		groups[i] = ReportGroup{TargetType: k.TargetType, TargetID: k.TargetID, PetitionID: k.PetitionID, Count: k.Count}
		index[key{k.TargetType, k.TargetID}] = i
		petitionIDs = append(petitionIDs, k.PetitionID)
		if k.TargetType == TargetComment {
			supportIDs = append(supportIDs, k.TargetID)
		}
	}
	var petitions []Petition
	if err := db.Select("id", "title").Where("id IN ?", petitionIDs).Find(&petitions).Error; err != nil {
		return nil, err
	}
	titles := map[uint]string{}
	for _, p := range petitions {
		titles[p.ID] = p.Title
	}
	var supports []Support
	if len(supportIDs) > 0 {
		if err := db.Preload("User").Where("id IN ?", supportIDs).Find(&supports).Error; err != nil {
			return nil, err
		}
	}
	for i := range supports {
		groups[index[key{TargetComment, supports[i].ID}]].Comment = &supports[i]
	}
	var reports []Report
	if err := db.Where("status = ? AND petition_id IN ?", ReportOpen, petitionIDs).Order("id DESC").Find(&reports).Error; err != nil {
		return nil, err
	}
	for _, r := range reports {
		i, ok := index[key{r.TargetType, r.TargetID}]
		if !ok {
			continue
		}
		g := &groups[i]
		if g.LatestAt.IsZero() {
			g.LatestAt = r.CreatedAt
		}
		if r.Note != "" {
			g.Notes = append(g.Notes, r.Note)
		}
		g.Reasons = addReason(g.Reasons, r.Reason)
	}
	for i := range groups {
		groups[i].PetitionTitle = titles[groups[i].PetitionID]
		sortReasons(groups[i].Reasons)
	}
	return groups, nil
}

func addReason(rs []ReasonCount, reason string) []ReasonCount {
	for i := range rs {
		if rs[i].Reason == reason {
			rs[i].Count++
			return rs
		}
	}
	return append(rs, ReasonCount{reason, 1})
}

// sortReasons orders by count, then in the order of ReportReasons.
func sortReasons(rs []ReasonCount) {
	rank := func(r ReasonCount) int {
		for i, v := range ReportReasons {
			if v == r.Reason {
				return i
			}
		}
		return len(ReportReasons)
	}
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && (rs[j].Count > rs[j-1].Count || rs[j].Count == rs[j-1].Count && rank(rs[j]) < rank(rs[j-1])); j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// OpenReportTargets counts the petitions and comments waiting for a decision.
func OpenReportTargets(db *gorm.DB) (int64, error) {
	targets := db.Model(&Report{}).Select("1").Where("status = ?", ReportOpen).Group("target_type, target_id")
	var n int64
	err := db.Table("(?) AS targets", targets).Count(&n).Error
	return n, err
}

// Decision is staff's answer to the open reports on one target.
type Decision string

const (
	DecisionDismiss Decision = "dismiss" // 기각
	DecisionUphold  Decision = "uphold"  // 인용
)

// DecideReports closes every open report on one target. Dismissing shows a
// hidden comment again; upholding hides the comment for good. For a
// petition, upholding only closes the reports: staff then take it down with
// a reason through the moderation on the petition page. It returns the
// petition the target belongs to; ErrStateChanged when another staff member
// decided first.
func DecideReports(db *gorm.DB, actorID uint, targetType string, targetID uint, d Decision, now time.Time) (uint, error) {
	now = now.UTC()
	if (d != DecisionDismiss && d != DecisionUphold) || (targetType != TargetPetition && targetType != TargetComment) {
		return 0, models.ErrNotFound
	}
	var petitionID uint
	err := db.Transaction(func(tx *gorm.DB) error {
		var open []Report
		if err := openReports(tx, targetType, targetID).Find(&open).Error; err != nil {
			return err
		}
		if len(open) == 0 {
			return models.ErrStateChanged
		}
		petitionID = open[0].PetitionID
		status, action := ReportDismissed, AuditReportDismiss
		if d == DecisionUphold {
			status, action = ReportUpheld, AuditReportUphold
		}
		res := openReports(tx, targetType, targetID).
			Updates(map[string]any{"status": status, "decided_by": actorID, "decided_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != int64(len(open)) {
			return models.ErrStateChanged
		}
		before := map[string]any{"open_reports": len(open)}
		after := map[string]any{"reports": status}
		if targetType == TargetComment {
			hidden, err := decideComment(tx, targetID, d, now)
			if err != nil {
				return err
			}
			before["hidden"], after["hidden"] = hidden[0], hidden[1]
		}
		return models.Audit(tx, actorID, action, targetType, targetID, before, after, now)
	})
	return petitionID, err
}

// decideComment shows or removes a reported comment and returns its hidden
// state before and after.
func decideComment(tx *gorm.DB, supportID uint, d Decision, now time.Time) ([2]string, error) {
	var s Support
	if err := tx.Select("id", "hidden").Take(&s, supportID).Error; err != nil {
		return [2]string{}, err
	}
	if d == DecisionDismiss {
		err := tx.Model(&Support{}).Where("id = ? AND hidden = ?", supportID, CommentReported).
			Updates(map[string]any{"hidden": CommentShown, "hidden_at": nil}).Error
		after := s.Hidden
		if after == CommentReported {
			after = CommentShown
		}
		return [2]string{s.Hidden, after}, err
	}
	err := tx.Model(&Support{}).Where("id = ?", supportID).
		Updates(map[string]any{"hidden": CommentRemoved, "hidden_at": gorm.Expr("COALESCE(hidden_at, ?)", now)}).Error
	return [2]string{s.Hidden, CommentRemoved}, err
}
