package deliberations

import (
	"errors"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// StatementStatus is where a statement stands with the moderators.
type StatementStatus string

// Statement states.
const (
	StatementPending StatementStatus = "pending" // waiting for approval (pre-moderation)
	StatementShown   StatementStatus = "shown"
	StatementRemoved StatementStatus = "removed" // by staff, with a reason
)

// Statement is a short statement residents vote on: a seed by staff, or
// written by a participant.
type Statement struct {
	ID             uint
	DeliberationID uint
	AuthorID       *uint // the resident; nil for seeds, imported statements and deleted accounts
	ParticipantID  *uint // the author as a participant; nil for seeds
	Body           string
	BodyKey        *string
	Status         StatementStatus
	RemovedReason  string
	ModeratedBy    *uint
	ModeratedAt    *time.Time
	IsSeed         bool
	IsMeta         bool
	AgreeCount     int
	DisagreeCount  int
	PassCount      int
	Priority       *float64 // from the latest opinion map; nil until it is in one
	Chosen         bool     // chosen for the 결과
	ChosenReason   string
	ExternalID     *int64 // the published comment id, when imported
	CreatedAt      time.Time
}

// TableName is the statements' table.
func (Statement) TableName() string { return "deliberation_statements" }

// Votes counts the statement's votes.
func (s *Statement) Votes() int { return s.AgreeCount + s.DisagreeCount + s.PassCount }

// StatementInput is a statement as a resident writes it.
type StatementInput struct {
	DeliberationID uint
	UserID         uint
	Body           string
}

// WriteStatement stores a participant's statement: shown at once or after
// approval, by the 공론장's moderation mode. The same wording twice in one
// 공론장 is refused, whatever races, and the author's own statement counts
// as their 동의.
func WriteStatement(db *gorm.DB, in StatementInput, now time.Time) (*Statement, error) {
	now = now.UTC()
	body := normalise(in.Body)
	if body == "" {
		return nil, models.Errors{"body": "deliberations.error.body_empty"}
	}
	var st *Statement
	err := models.Transact(db, func(tx *gorm.DB) error {
		settings, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		if n, limit := utf8.RuneCountInString(body), settings.StatementLimit(); n > limit {
			return models.Errors{"body": models.Msg("deliberations.error.body_long", "Limit", models.FormatNumber(limit), "N", models.FormatNumber(n))}
		}
		var d Deliberation
		if err := tx.Select("id", "status", "moderation", "opens_at", "closes_at").Take(&d, in.DeliberationID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		if !d.Accepts(now) {
			return ErrNotOpen
		}
		p, err := joinParticipant(tx, d.ID, in.UserID, now)
		if err != nil {
			return err
		}
		status := StatementShown
		if d.Moderation == ModerationPre {
			status = StatementPending
		}
		st = &Statement{DeliberationID: d.ID, AuthorID: &in.UserID, ParticipantID: &p.id, Body: body, BodyKey: &body,
			Status: status, AgreeCount: 1, CreatedAt: now}
		id, written, err := models.InsertRow(tx, `INSERT INTO deliberation_statements
			(deliberation_id, author_id, participant_id, body, body_key, status, agree_count, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING`, d.ID, in.UserID, p.id, body, body, status, now)
		if err != nil {
			return err
		}
		if !written {
			return models.Errors{"body": "deliberations.error.body_duplicate"}
		}
		st.ID = id
		err = tx.Exec(`INSERT INTO deliberation_votes (deliberation_id, participant_id, statement_id, value, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, d.ID, p.id, id, Agree, now, now).Error
		if err != nil {
			return err
		}
		shown := 0
		if status == StatementShown {
			shown = 1
		}
		return tx.Exec(`UPDATE deliberations SET statement_count = statement_count + ?, participant_count = participant_count + ?,
			vote_count = vote_count + 1, vote_seq = vote_seq + 1 WHERE id = ?`, shown, p.joined, d.ID).Error
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// FindStatement loads one statement.
func FindStatement(db *gorm.DB, id uint) (*Statement, error) {
	var s Statement
	if err := db.Take(&s, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, models.ErrNotFound
		}
		return nil, err
	}
	return &s, nil
}

// Statements lists a 공론장's statements in the given states (all when
// none), oldest first.
func Statements(db *gorm.DB, deliberationID uint, states ...StatementStatus) ([]Statement, error) {
	q := db.Where("deliberation_id = ?", deliberationID)
	if len(states) > 0 {
		q = q.Where("status IN ?", states)
	}
	var out []Statement
	err := q.Order("id").Find(&out).Error
	return out, err
}

// Approve shows a statement waiting for approval.
func Approve(db *gorm.DB, statementID, staffID uint, now time.Time) error {
	now = now.UTC()
	return models.Transact(db, func(tx *gorm.DB) error {
		s, err := moderate(tx, statementID, staffID, []StatementStatus{StatementPending},
			map[string]any{"status": StatementShown, "moderated_by": staffID, "moderated_at": now})
		if err != nil {
			return err
		}
		if err := tx.Exec("UPDATE deliberations SET statement_count = statement_count + 1 WHERE id = ?", s.DeliberationID).Error; err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditApprove, "deliberation", s.DeliberationID, nil, map[string]any{"statement_id": statementID}, now)
	})
}

// Remove takes a statement off the 공론장 for a reason residents are
// shown in its place; its open reports are decided with it. Its votes stay
// counted, out of the map.
func Remove(db *gorm.DB, statementID, staffID uint, reason string, now time.Time) error {
	now = now.UTC()
	reason = normalise(reason)
	errs := models.Errors{}
	if errs.Text("removed_reason", reason, 200, "deliberations.error.removed_empty", "deliberations.error.removed_long"); len(errs) > 0 {
		return errs
	}
	return models.Transact(db, func(tx *gorm.DB) error {
		s, err := moderate(tx, statementID, staffID, []StatementStatus{StatementPending, StatementShown},
			map[string]any{"status": StatementRemoved, "removed_reason": reason, "moderated_by": staffID, "moderated_at": now})
		if err != nil {
			return err
		}
		if s.Status == StatementShown {
			if err := tx.Exec("UPDATE deliberations SET statement_count = statement_count - 1 WHERE id = ?", s.DeliberationID).Error; err != nil {
				return err
			}
		}
		if err := decideReports(tx, statementID, staffID, now); err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditRemove, "deliberation", s.DeliberationID,
			map[string]any{"statement_id": statementID, "body": s.Body}, map[string]any{"reason": reason}, now)
	})
}

// moderate changes a statement in one of the states from, guarded, and
// returns it as it was.
func moderate(tx *gorm.DB, statementID, staffID uint, from []StatementStatus, set map[string]any) (*Statement, error) {
	var s Statement
	if err := models.ForUpdate(tx).Select("id", "deliberation_id", "status", "body").Take(&s, statementID).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, models.ErrNotFound
		}
		return nil, err
	}
	res := tx.Model(&Statement{}).Where("id = ? AND status = ? AND status IN ?", statementID, s.Status, from).Updates(set)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, models.ErrStateChanged
	}
	return &s, nil
}

// MarkMeta makes a statement a question about the participants themselves
// (Polis' meta statements: "I live in 문래동"), or an ordinary one again.
// Meta statements are voted first and left out of the opinion map.
func MarkMeta(db *gorm.DB, statementID, staffID uint, meta bool, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		var s Statement
		if err := tx.Select("id", "deliberation_id").Take(&s, statementID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		res := tx.Model(&Statement{}).Where("id = ? AND is_meta = ?", statementID, !meta).Update("is_meta", meta)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		return models.Audit(tx, staffID, AuditMeta, "deliberation", s.DeliberationID, nil, map[string]any{"statement_id": statementID, "meta": meta}, now)
	})
}
