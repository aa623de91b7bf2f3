package petitions

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// DeptAnswer is the responsible department's answer to a petition that
// closed below the threshold. Every version is kept in DeptAnswerRevision.
type DeptAnswer struct {
	ID         uint
	PetitionID uint
	StaffID    uint
	Department string
	Body       string
	BodyHTML   string
	AnsweredAt time.Time
	UpdatedAt  time.Time
	Revisions  []DeptAnswerRevision
}

// Edited reports whether the answer changed after it was first posted.
func (a *DeptAnswer) Edited() bool { return !a.UpdatedAt.Equal(a.AnsweredAt) }

// DeptAnswerRevision is one version of a department answer.
type DeptAnswerRevision struct {
	ID           uint
	DeptAnswerID uint
	StaffID      uint
	Department   string
	Body         string
	CreatedAt    time.Time
}

// DeptAnswerInput is the department answer form.
type DeptAnswerInput struct {
	Department string
	Body       string
}

func (in *DeptAnswerInput) validate() models.Errors {
	errs := models.Errors{}
	in.Department = strings.TrimSpace(in.Department)
	in.Body = strings.TrimSpace(in.Body)
	errs.Text("department", in.Department, 50, "petitions.error.department_empty", "petitions.error.department_long")
	errs.Text("dept_body", in.Body, 20000, "petitions.error.dept_body_empty", "petitions.error.dept_body_long")
	return errs
}

// DeptAnswerDue is the deadline for the department's answer to an expired petition.
func (p *Petition) DeptAnswerDue(days int) *time.Time {
	if p.ClosesAt == nil {
		return nil
	}
	d := p.ClosesAt.AddDate(0, 0, days)
	return &d
}

// AnswerAsDepartment posts the department's answer to a 기간만료 petition,
// which becomes 부서답변완료; posting again edits the answer and keeps the
// earlier version.
func AnswerAsDepartment(db *gorm.DB, petitionID, staffID uint, in DeptAnswerInput, now time.Time) error {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var existing DeptAnswer
		err := tx.Where("petition_id = ?", petitionID).Limit(1).Find(&existing).Error
		if err != nil {
			return err
		}
		if existing.ID == 0 {
			res := tx.Model(&Petition{}).
				Where("id = ? AND (status = ? OR (status = ? AND closes_at <= ?))", petitionID, StatusExpired, StatusOpen, now).
				Updates(map[string]any{"status": StatusDeptAnswered, "updated_at": now})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return models.ErrStateChanged
			}
			existing = DeptAnswer{PetitionID: petitionID, StaffID: staffID, Department: in.Department, Body: in.Body,
				BodyHTML: models.RenderMarkdown(in.Body), AnsweredAt: now, UpdatedAt: now}
			if err := tx.Create(&existing).Error; err != nil {
				return err
			}
			if err := recordEvent(tx, EventDeptAnswered, petitionID, map[string]string{"department": in.Department}, now); err != nil {
				return err
			}
			if err := models.Audit(tx, staffID, AuditDeptAnswer, "petition", petitionID, map[string]any{"status": StatusExpired},
				map[string]any{"status": StatusDeptAnswered, "department": in.Department, "body": in.Body}, now); err != nil {
				return err
			}
		} else {
			before := map[string]any{"department": existing.Department, "body": existing.Body}
			res := tx.Model(&DeptAnswer{}).Where("id = ?", existing.ID).Updates(map[string]any{
				"department": in.Department, "body": in.Body, "body_html": models.RenderMarkdown(in.Body), "staff_id": staffID, "updated_at": now})
			if res.Error != nil {
				return res.Error
			}
			after := map[string]any{"department": in.Department, "body": in.Body}
			if err := models.Audit(tx, staffID, AuditDeptAnswerEdit, "petition", petitionID, before, after, now); err != nil {
				return err
			}
		}
		return tx.Create(&DeptAnswerRevision{DeptAnswerID: existing.ID, StaffID: staffID, Department: in.Department,
			Body: in.Body, CreatedAt: now}).Error
	})
}

// DeptAnswerHistory lists every version of a petition's department answer, newest first.
func DeptAnswerHistory(db *gorm.DB, petitionID uint) ([]DeptAnswerRevision, error) {
	var out []DeptAnswerRevision
	err := db.Joins("JOIN dept_answers ON dept_answers.id = dept_answer_revisions.dept_answer_id").
		Where("dept_answers.petition_id = ?", petitionID).Order("dept_answer_revisions.id DESC").Find(&out).Error
	return out, err
}
