package petitions

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Outcomes of a 공감 that did not count.
var (
	ErrAlreadySupported = errors.New("already supported")
	ErrSupportClosed    = errors.New("support closed")
	ErrOwnPetition      = errors.New("author cannot pre-consent to own petition")
)

// Support is one account's 공감 with a petition, with an optional 공감 한마디.
type Support struct {
	ID         uint
	PetitionID uint
	UserID     *uint // nil once the supporter was anonymised (anonymise.go)
	User       models.User
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
	req := &supportRequest{in: in, now: now.UTC()}
	err := models.Transact(db, func(tx *gorm.DB) error {
		if err := supportPetition(tx, []*supportRequest{req}); err != nil {
			return err
		}
		return req.err
	})
	if err != nil {
		return nil, err
	}
	return req.result, nil
}

// validate checks what can be checked without the database.
func (in *SupportInput) validate() error {
	in.Comment = strings.TrimSpace(in.Comment)
	if n := utf8.RuneCountInString(in.Comment); n > MaxComment {
		return models.Errors{"comment": models.Msg("petitions.error.comment_long", "N", models.FormatNumber(n))}
	}
	return nil
}

// supportRequest is one support on its way through a transaction, with
// its outcome.
type supportRequest struct {
	in     SupportInput
	now    time.Time
	result *SupportResult
	err    error
	id     uint // the support's row, once written
}

// supportPetition records the supports of one petition inside tx, in their
// order, each with the outcome it would have had in a transaction of its
// own. The petition is read once (and on PostgreSQL locked, so its count is
// exact until the commit), and its counter moves once for all the supports
// between two transitions. Every refusal (a Refusal error) writes nothing
// or takes back what it wrote, so the next support can go on; any other
// error means tx must be rolled back. It runs for every support, so it
// speaks plain SQL through prepared statements and reads only the columns
// the rules need.
func supportPetition(tx *gorm.DB, reqs []*supportRequest) error {
	for _, req := range reqs {
		req.result, req.err, req.id = nil, nil, 0
	}
	lock := ""
	if tx.Dialector.Name() == "postgres" {
		lock = " FOR UPDATE"
	}
	var p Petition
	err := models.QueryRow(tx, []any{&p.ID, &p.Status, &p.ShareToken, &p.AuthorID, &p.PreconsentEndsAt, &p.PreconsentGoal, &p.OpenedAt, &p.ClosesAt, &p.Threshold, &p.SupportCount},
		`SELECT id, status, share_token, author_id, preconsent_ends_at, preconsent_goal, opened_at, closes_at, threshold, support_count
		FROM petitions WHERE id = ?`+lock, reqs[0].in.PetitionID)
	if errors.Is(err, sql.ErrNoRows) {
		for _, req := range reqs {
			req.err = models.ErrNotFound
		}
		return nil
	}
	if err != nil {
		return err
	}
	g := &supportGroup{tx: tx, p: &p, count: p.SupportCount}
	for _, req := range reqs {
		if err := g.add(req); err != nil {
			return err
		}
	}
	return g.flush()
}

// supportGroup is one petition's supports in a transaction: those written
// since the counter last moved are pending.
type supportGroup struct {
	tx      *gorm.DB
	p       *Petition
	count   int // the petition's count with every support written so far
	pending []*supportRequest
}

// add writes one support, or refuses it by the rules.
func (g *supportGroup) add(req *supportRequest) error {
	in, now, p := req.in, req.now, g.p
	if p.StatusAt(now) == StatusPreconsent {
		if in.Share != p.ShareToken {
			req.err = models.ErrNotFound
			return nil
		}
		if in.UserID == p.AuthorID {
			req.err = ErrOwnPetition
			return nil
		}
	}
	if !p.AcceptsSupport(now) {
		req.err = ErrSupportClosed
		return nil
	}
	// One statement writes the row if the account may support: verified,
	// and once per petition (the unique index decides, whatever races).
	id, written, err := models.InsertRow(g.tx, `INSERT INTO supports (petition_id, user_id, dong, comment, created_at)
		SELECT ?, id, dong, ?, ? FROM users WHERE id = ? AND verified_at IS NOT NULL
		ON CONFLICT (petition_id, user_id) DO NOTHING`, p.ID, in.Comment, now, in.UserID)
	if err == nil && !written {
		req.err, err = whyNotWritten(g.tx, in)
	}
	if err != nil || req.err != nil {
		return err
	}
	req.id = id
	g.count++
	req.result = &SupportResult{Count: g.count, Status: p.Status}
	g.pending = append(g.pending, req)
	// Only a support that reaches the goal or the threshold can move the petition on.
	if (p.Status == StatusPreconsent && g.count >= p.PreconsentGoal) || (p.Status == StatusOpen && g.count >= p.Threshold) {
		if err := g.flush(); err != nil || req.err != nil {
			return err
		}
		if req.result.Status, err = advance(g.tx, p.ID, now); err != nil {
			return err
		}
		req.result.Moved = req.result.Status != p.Status
		p.Status = req.result.Status // a goal reached closes 사전동의 to the supports after this one
	}
	return nil
}

// whyNotWritten tells the refusal of a support whose row was not written:
// the account is unknown or not verified, or it already supported.
func whyNotWritten(tx *gorm.DB, in SupportInput) (refusal, err error) {
	var user models.User
	err = models.QueryRow(tx, []any{&user.VerifiedAt}, "SELECT verified_at FROM users WHERE id = ?", in.UserID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return models.ErrNotFound, nil
	case err != nil:
		return nil, err
	case !user.Verified():
		return models.ErrNotVerified, nil
	}
	return ErrAlreadySupported, nil
}

// flush moves the counter by the pending supports. The counter moves only
// while the petition takes supports, checked on the row itself; should it
// have closed since it was read (which the row lock on PostgreSQL and the
// one writer on SQLite rule out, but nothing is counted on that), the
// pending supports are taken back and refused.
func (g *supportGroup) flush() error {
	n := len(g.pending)
	if n == 0 {
		return nil
	}
	last := g.pending[n-1]
	now := last.now // every pending support was accepted at its own time, so at this one too
	var count int
	err := models.QueryRow(g.tx, []any{&count}, `UPDATE petitions SET support_count = support_count + ?
		WHERE id = ? AND ((status = ? AND preconsent_ends_at > ?) OR (status IN (?, ?, ?) AND closes_at > ?))
		RETURNING support_count`, n, g.p.ID, StatusPreconsent, now, StatusOpen, StatusAwaitingAnswer, StatusAnswered, now)
	if errors.Is(err, sql.ErrNoRows) {
		for _, req := range g.pending {
			if err := g.tx.Exec("DELETE FROM supports WHERE id = ?", req.id).Error; err != nil {
				return err
			}
			req.result, req.err = nil, ErrSupportClosed
		}
		g.count -= n
		g.p.Status = StatusExpired // closed to the supports after these too
		g.pending = g.pending[:0]
		return nil
	}
	if err != nil {
		return err
	}
	if count != g.count {
		return fmt.Errorf("support count of petition %d: %d after writing, %d expected", g.p.ID, count, g.count)
	}
	g.pending = g.pending[:0]
	return nil
}

// Refusal reports whether err is a support refused by the rules (not a
// failure of the database).
func Refusal(err error) bool {
	for _, r := range []error{models.ErrNotFound, models.ErrNotVerified, ErrOwnPetition, ErrSupportClosed, ErrAlreadySupported} {
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
	err := models.QueryRow(db, []any{&n}, "SELECT COUNT(*) FROM supports WHERE petition_id = ? AND user_id = ?", petitionID, userID)
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
		out[i] = Comment{ID: s.ID, Name: models.MaskName(s.User.Name), Dong: s.Dong, Text: s.Comment, CreatedAt: s.CreatedAt}
	}
	return out, total, err
}

// SupportsAfter counts the petition's supports given after at: those that
// came after its answer, while the period was still open.
func SupportsAfter(db *gorm.DB, petitionID uint, at time.Time) (int64, error) {
	var n int64
	err := db.Model(&Support{}).Where("petition_id = ? AND created_at > ?", petitionID, at.UTC()).Count(&n).Error
	return n, err
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

// UserSupport is one 공감 of a person, as staff see it.
type UserSupport struct {
	PetitionID uint
	Title      string
	Comment    string
	Hidden     string // how the comment is hidden, CommentShown if not
	CreatedAt  time.Time
}

// SupportsOf lists every 공감 of one account, latest first.
func SupportsOf(db *gorm.DB, userID uint) ([]UserSupport, error) {
	var out []UserSupport
	err := db.Model(&Support{}).
		Select("supports.petition_id, petitions.title, supports.comment, supports.hidden, supports.created_at").
		Joins("JOIN petitions ON petitions.id = supports.petition_id").
		Where("supports.user_id = ?", userID).Order("supports.created_at DESC, supports.id DESC").Scan(&out).Error
	return out, err
}
