package models

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Support is one account's 공감 with a petition, with an optional 공감 한마디.
type Support struct {
	ID         uint
	PetitionID uint
	UserID     *uint // nil once the supporter was anonymised (anonymise.go)
	User       User
	Dong       string // the supporter's 행정동 when they supported, for the tally
	Comment    string
	Hidden     string     // CommentShown, or why the comment is off the public page (report.go)
	HiddenAt   *time.Time // when it was hidden
	CreatedAt  time.Time
}

// SupportInput is a 공감 as the resident gives it.
type SupportInput struct {
	PetitionID uint
	UserID     uint
	Comment    string
	Share      string // the token of the 사전동의 link the supporter came through
}

// SupportResult tells what a counted support changed.
type SupportResult struct {
	Count  int
	Status Status // the petition's state after the support
	Moved  bool   // this support moved the petition on (goal or threshold reached)
}

// SupportPetition records a 공감 in one transaction: the row (one per account, enforced
// by a unique index), the counter and any transition it triggers change
// together or not at all. Under load the site sends supports through a
// SupportWriter instead, which gives the same outcome per request.
func SupportPetition(db *gorm.DB, in SupportInput, now time.Time) (*SupportResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var result *SupportResult
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		result, err = support(tx, in, now.UTC())
		return err
	})
	if err != nil {
		return nil, err
	}
	return result, nil
}

// validate checks what can be checked without the database.
func (in *SupportInput) validate() error {
	in.Comment = strings.TrimSpace(in.Comment)
	if n := utf8.RuneCountInString(in.Comment); n > MaxComment {
		return Errors{"comment": "공감 한마디는 200자 이하로 적어 주세요. (지금 " + FormatNumber(n) + "자)"}
	}
	return nil
}

// support is one 공감 inside tx. On an error the caller must undo what it
// wrote: roll back the transaction, or to the savepoint taken before it.
func support(tx *gorm.DB, in SupportInput, now time.Time) (*SupportResult, error) {
	// Only the columns the rules read: this runs for every support.
	var user User
	err := tx.Select("id", "dong", "verified_at").Take(&user, in.UserID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !user.Verified() {
		return nil, ErrNotVerified
	}
	var p Petition
	err = tx.Select("id", "status", "share_token", "author_id", "preconsent_ends_at", "preconsent_goal",
		"opened_at", "closes_at", "threshold").Take(&p, in.PetitionID).Error
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if p.StatusAt(now) == StatusPreconsent {
		if in.Share != p.ShareToken {
			return nil, ErrNotFound
		}
		if in.UserID == p.AuthorID {
			return nil, ErrOwnPetition
		}
	}
	if !p.AcceptsSupport(now) {
		return nil, ErrSupportClosed
	}
	err = tx.Create(&Support{PetitionID: p.ID, UserID: &user.ID, Dong: user.Dong, Comment: in.Comment, CreatedAt: now}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, ErrAlreadySupported
	}
	if err != nil {
		return nil, err
	}
	// RETURNING hands back the new count with the update (SQLite 3.35+, PostgreSQL).
	var counted Petition
	res := tx.Model(&counted).Clauses(clause.Returning{Columns: []clause.Column{{Name: "support_count"}}}).
		Where("id = ? AND ((status = ? AND preconsent_ends_at > ?) OR (status IN ? AND closes_at > ?))",
			p.ID, StatusPreconsent, now, []Status{StatusOpen, StatusAwaitingAnswer, StatusAnswered}, now).
		UpdateColumn("support_count", gorm.Expr("support_count + 1"))
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrSupportClosed
	}
	result := &SupportResult{Count: counted.SupportCount, Status: p.Status}
	// Only a support that reaches the goal or the threshold can move the petition on.
	if (p.Status == StatusPreconsent && result.Count >= p.PreconsentGoal) || (p.Status == StatusOpen && result.Count >= p.Threshold) {
		if err := advance(tx, p.ID, now); err != nil {
			return nil, err
		}
		if err := tx.Model(&Petition{}).Select("status").Where("id = ?", p.ID).Scan(&result.Status).Error; err != nil {
			return nil, err
		}
		result.Moved = result.Status != p.Status
	}
	return result, nil
}

// HasSupported reports whether the account supported the petition.
func HasSupported(db *gorm.DB, petitionID, userID uint) (bool, error) {
	var n int64
	err := db.Model(&Support{}).Where("petition_id = ? AND user_id = ?", petitionID, userID).Count(&n).Error
	return n > 0, err
}

// Comment is a 공감 한마디 as the public sees it.
type Comment struct {
	ID        uint   // the support's id, for reporting the comment
	Name      string // masked
	Dong      string
	Text      string
	CreatedAt time.Time
}

// Comments lists a petition's supporters' comments, newest first, leaving
// out those hidden after reports.
func Comments(db *gorm.DB, petitionID uint, page, perPage int) ([]Comment, int64, error) {
	q := db.Model(&Support{}).Where("petition_id = ? AND comment <> '' AND hidden = ?", petitionID, CommentShown)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []Support
	err := q.Preload("User").Order("created_at DESC, id DESC").
		Offset((page - 1) * perPage).Limit(perPage).Find(&rows).Error
	out := make([]Comment, len(rows))
	for i, s := range rows {
		out[i] = Comment{ID: s.ID, Name: MaskName(s.User.Name), Dong: s.Dong, Text: s.Comment, CreatedAt: s.CreatedAt}
	}
	return out, total, err
}

// DongCount is the number of supporters from one 행정동.
type DongCount struct {
	Dong  string
	Count int
}

// SupportsByDong tallies a petition's supporters by 행정동, largest first.
func SupportsByDong(db *gorm.DB, petitionID uint) ([]DongCount, error) {
	var out []DongCount
	err := db.Model(&Support{}).Select("dong, COUNT(*) AS count").Where("petition_id = ?", petitionID).
		Group("dong").Order("count DESC, dong").Scan(&out).Error
	return out, err
}
