package models

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
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
}

// SupportPetition records a 공감 in one transaction: the row (one per account, enforced
// by a unique index), the counter and any transition it triggers change
// together or not at all.
func SupportPetition(db *gorm.DB, in SupportInput, now time.Time) (*SupportResult, error) {
	now = now.UTC()
	in.Comment = strings.TrimSpace(in.Comment)
	if n := utf8.RuneCountInString(in.Comment); n > MaxComment {
		return nil, Errors{"comment": "공감 한마디는 200자 이하로 적어 주세요. (지금 " + FormatNumber(n) + "자)"}
	}
	var result SupportResult
	err := db.Transaction(func(tx *gorm.DB) error {
		user, err := FindUser(tx, in.UserID)
		if err != nil {
			return err
		}
		if !user.Verified() {
			return ErrNotVerified
		}
		var p Petition
		if err := tx.Take(&p, in.PetitionID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return err
		}
		if p.StatusAt(now) == StatusPreconsent {
			if in.Share != p.ShareToken {
				return ErrNotFound
			}
			if in.UserID == p.AuthorID {
				return ErrOwnPetition
			}
		}
		if !p.AcceptsSupport(now) {
			return ErrSupportClosed
		}
		err = tx.Create(&Support{PetitionID: p.ID, UserID: &user.ID, Dong: user.Dong, Comment: in.Comment, CreatedAt: now}).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return ErrAlreadySupported
		}
		if err != nil {
			return err
		}
		res := tx.Model(&Petition{}).
			Where("id = ? AND ((status = ? AND preconsent_ends_at > ?) OR (status IN ? AND closes_at > ?))",
				p.ID, StatusPreconsent, now, []Status{StatusOpen, StatusAwaitingAnswer, StatusAnswered}, now).
			UpdateColumn("support_count", gorm.Expr("support_count + 1"))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrSupportClosed
		}
		if err := advance(tx, p.ID, now); err != nil {
			return err
		}
		if err := tx.Select("support_count", "status").Take(&p, p.ID).Error; err != nil {
			return err
		}
		result = SupportResult{Count: p.SupportCount, Status: p.Status}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &result, nil
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
