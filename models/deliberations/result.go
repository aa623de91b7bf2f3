package deliberations

import (
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// ResultInput is the 결과 as staff write it: the text (markdown) and the
// statements that go into the plan or the answer, each with the reason.
type ResultInput struct {
	Text   string
	Chosen []ChosenStatement
}

// ChosenStatement is a statement chosen for the 결과.
type ChosenStatement struct {
	StatementID uint
	Reason      string
}

// MaxResult is the longest 결과 text, in characters.
const MaxResult = 20000

// PublishResult publishes the 결과 of a closed 공론장 (closed by staff, or
// its period over), once, and tells every participant by mail.
func PublishResult(db *gorm.DB, id, staffID uint, in ResultInput, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	text := strings.TrimSpace(in.Text)
	errs.Text("result", text, MaxResult, "deliberations.error.result_empty", "deliberations.error.result_long")
	seen := map[uint]bool{}
	for i := range in.Chosen {
		c := &in.Chosen[i]
		c.Reason = normalise(c.Reason)
		switch {
		case seen[c.StatementID]:
			errs.Add("chosen", "deliberations.error.chosen_twice")
		case c.Reason == "":
			errs.Add("chosen", "deliberations.error.chosen_reason")
		case utf8.RuneCountInString(c.Reason) > 500:
			errs.Add("chosen", "deliberations.error.chosen_reason_long")
		}
		seen[c.StatementID] = true
	}
	if len(errs) > 0 {
		return errs
	}
	return models.Transact(db, func(tx *gorm.DB) error {
		d, err := Find(tx, id)
		if err != nil {
			return err
		}
		switch {
		case d.ResultPublishedAt != nil:
			return ErrResultPublished
		case d.StateAt(now) != StateClosed || d.Status == StatusDraft:
			return ErrNotClosed
		}
		for _, c := range in.Chosen {
			res := tx.Model(&Statement{}).Where("id = ? AND deliberation_id = ? AND status = ?", c.StatementID, id, StatementShown).
				Updates(map[string]any{"chosen": true, "chosen_reason": c.Reason})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return models.Errors{"chosen": "deliberations.error.chosen_shown"}
			}
		}
		closedAt := now
		if d.ClosedAt != nil {
			closedAt = *d.ClosedAt
		} else if d.ClosesAt.Before(now) {
			closedAt = d.ClosesAt
		}
		res := tx.Model(&Deliberation{}).Where("id = ? AND result_published_at IS NULL AND status = ?", id, d.Status).Updates(map[string]any{
			"status": StatusClosed, "closed_at": closedAt, "result": text, "result_html": models.RenderMarkdown(text),
			"result_published_at": now, "result_by": staffID, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		if err := models.Audit(tx, staffID, AuditPublish, "deliberation", id, nil, in, now); err != nil {
			return err
		}
		return recordEvent(tx, EventResult, id, now)
	})
}

// ChosenStatements lists the statements chosen for the 결과, in order.
func ChosenStatements(db *gorm.DB, id uint) ([]Statement, error) {
	var out []Statement
	err := db.Where("deliberation_id = ? AND chosen", id).Order("id").Find(&out).Error
	return out, err
}
