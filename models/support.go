package models

import (
	"database/sql"
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
	err := transact(db, func(tx *gorm.DB) error {
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

// support is one 공감 inside tx. Every refusal (a Refusal error) is decided
// before anything is written or undoes what it wrote, so a refused support
// leaves tx as it was and the next one in a batch can go on; any other error
// means tx must be rolled back. It runs for every support, so it speaks
// plain SQL and reads only the columns the rules need.
func support(tx *gorm.DB, in SupportInput, now time.Time) (*SupportResult, error) {
	var user User
	err := tx.Raw("SELECT id, dong, verified_at FROM users WHERE id = ?", in.UserID).Row().
		Scan(&user.ID, &user.Dong, &user.VerifiedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !user.Verified() {
		return nil, ErrNotVerified
	}
	var p Petition
	err = tx.Raw(`SELECT id, status, share_token, author_id, preconsent_ends_at, preconsent_goal, opened_at, closes_at, threshold
		FROM petitions WHERE id = ?`, in.PetitionID).Row().
		Scan(&p.ID, &p.Status, &p.ShareToken, &p.AuthorID, &p.PreconsentEndsAt, &p.PreconsentGoal, &p.OpenedAt, &p.ClosesAt, &p.Threshold)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
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
	// One support per account and petition: the unique index decides, whatever races.
	var supportID uint
	err = tx.Raw(`INSERT INTO supports (petition_id, user_id, dong, comment, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (petition_id, user_id) DO NOTHING RETURNING id`, p.ID, user.ID, user.Dong, in.Comment, now).Row().Scan(&supportID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrAlreadySupported
	}
	if err != nil {
		return nil, err
	}
	// The count moves only while the petition takes supports, checked on the
	// row itself; RETURNING hands back the new count (SQLite 3.35+, PostgreSQL).
	result := &SupportResult{Status: p.Status}
	err = tx.Raw(`UPDATE petitions SET support_count = support_count + 1
		WHERE id = ? AND ((status = ? AND preconsent_ends_at > ?) OR (status IN (?, ?, ?) AND closes_at > ?))
		RETURNING support_count`, p.ID, StatusPreconsent, now, StatusOpen, StatusAwaitingAnswer, StatusAnswered, now).Row().
		Scan(&result.Count)
	if errors.Is(err, sql.ErrNoRows) {
		// closed since it was read (another instance on PostgreSQL): take the row back
		if err := tx.Exec("DELETE FROM supports WHERE id = ?", supportID).Error; err != nil {
			return nil, err
		}
		return nil, ErrSupportClosed
	}
	if err != nil {
		return nil, err
	}
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

// Refusal reports whether err is a support refused by the rules (not a
// failure of the database).
func Refusal(err error) bool {
	for _, r := range []error{ErrNotFound, ErrNotVerified, ErrOwnPetition, ErrSupportClosed, ErrAlreadySupported} {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}

// HasSupported reports whether the account supported the petition.
// It runs for every resident's view of a petition: a statement prepared once.
func HasSupported(db *gorm.DB, petitionID, userID uint) (bool, error) {
	var n int
	err := readRow(db, []any{&n}, "SELECT COUNT(*) FROM supports WHERE petition_id = ? AND user_id = ?", petitionID, userID)
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
