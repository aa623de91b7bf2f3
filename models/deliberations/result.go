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
	errs.Text("result", text, MaxResult, "결과를 입력해 주세요. 참여한 분들께 메일로 알립니다.", "결과는 20,000자 이하로 입력해 주세요.")
	seen := map[uint]bool{}
	for i := range in.Chosen {
		c := &in.Chosen[i]
		c.Reason = normalise(c.Reason)
		switch {
		case seen[c.StatementID]:
			errs.Add("chosen", "같은 의견을 두 번 골랐습니다.")
		case c.Reason == "":
			errs.Add("chosen", "고른 의견마다 반영하는 이유를 적어 주세요.")
		case utf8.RuneCountInString(c.Reason) > 500:
			errs.Add("chosen", "반영 이유는 500자 이하로 적어 주세요.")
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
				return models.Errors{"chosen": "이 공론장에 보이는 의견만 고를 수 있습니다."}
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
