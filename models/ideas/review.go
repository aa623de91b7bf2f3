package ideas

import (
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Limits of the 제안심의회.
const (
	MaxCommittee     = 13 // members of the 제안심의회 at most
	MinRoundMembers  = 3  // a round needs this many members to rank fairly
	DefaultScaleMax  = 25
	MaxScaleMax      = 100
	MaxScoreRemark   = 500
	MaxRoundName     = 100
	MaxCommitteeRole = 50
)

// Outcomes of the review rules.
var (
	ErrNotOnCommittee = errors.New("not a member of this review round")
	ErrOwnIdea        = errors.New("a proposer cannot score their own idea")
	ErrRoundClosed    = errors.New("review round closed")
)

// RankRule is how a round turns its members' totals into an idea's score.
type RankRule string

const (
	RankMean    RankRule = "mean"    // the mean of every member's total
	RankTrimmed RankRule = "trimmed" // the mean without the highest and the lowest total
)

// RankRules in the order the form offers them.
var RankRules = []RankRule{RankMean, RankTrimmed}

// Label is the message id of the rule's short name.
func (r RankRule) Label() string {
	if r == RankTrimmed {
		return "ideas.rule.trimmed"
	}
	return "ideas.rule.mean"
}

// Describe is the message id of the rule in full, shown beside every ranking.
func (r RankRule) Describe() string {
	if r == RankTrimmed {
		return "ideas.rule.trimmed_describe"
	}
	return "ideas.rule.mean_describe"
}

// RankScore is an idea's score from its members' totals under the rule:
// for RankTrimmed one highest and one lowest total are dropped (one each,
// even when several members share that total) when there are at least 3.
func RankScore(rule RankRule, totals []int) float64 {
	if len(totals) == 0 {
		return 0
	}
	t := append([]int(nil), totals...)
	sort.Ints(t)
	if rule == RankTrimmed && len(t) >= 3 {
		t = t[1 : len(t)-1]
	}
	sum := 0
	for _, v := range t {
		sum += v
	}
	return float64(sum) / float64(len(t))
}

// CommitteeMember is a member of the 제안심의회.
type CommitteeMember struct {
	ID        uint
	UserID    uint
	User      *models.User
	Position  string // 직위, e.g. 행정국장
	CreatedAt time.Time
}

// AddCommitteeMember names a staff account to the 제안심의회 (13 at most), audit-logged.
func AddCommitteeMember(db *gorm.DB, adminID uint, userField, position string, now time.Time) error {
	now = now.UTC()
	position = strings.Join(strings.Fields(position), " ")
	userID := parseID(userField)
	errs := models.Errors{}
	if userID == 0 {
		errs.Add("user_id", "ideas.error.appoint_who")
	}
	if utf8.RuneCountInString(position) > MaxCommitteeRole {
		errs.Add("position", "ideas.error.position_long")
	}
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if _, err := activeStaff(tx, userID); err != nil {
			if errors.Is(err, ErrNotStaff) {
				return models.Errors{"user_id": "ideas.error.appoint_not_staff"}
			}
			return err
		}
		var n, same int64
		if err := tx.Model(&CommitteeMember{}).Count(&n).Error; err != nil {
			return err
		}
		if err := tx.Model(&CommitteeMember{}).Where("user_id = ?", userID).Count(&same).Error; err != nil {
			return err
		}
		if same > 0 {
			return models.Errors{"user_id": "ideas.error.appoint_already"}
		}
		if n >= MaxCommittee {
			return models.Errors{"user_id": "ideas.error.committee_full"}
		}
		if err := tx.Create(&CommitteeMember{UserID: userID, Position: position, CreatedAt: now}).Error; err != nil {
			return err
		}
		return models.Audit(tx, adminID, AuditCommitteeAdd, "user", userID, nil, map[string]any{"position": position}, now)
	})
}

// RemoveCommitteeMember takes a member off the 제안심의회; rounds already
// opened keep the members they were opened with.
func RemoveCommitteeMember(db *gorm.DB, adminID, userID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Where("user_id = ?", userID).Delete(&CommitteeMember{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrNotFound
		}
		return models.Audit(tx, adminID, AuditCommitteeRemove, "user", userID, nil, nil, now)
	})
}

// Committee lists the members of the 제안심의회 in the order named.
func Committee(db *gorm.DB) ([]CommitteeMember, error) {
	var out []CommitteeMember
	err := db.Preload("User").Order("id").Find(&out).Error
	return out, err
}

// ReviewRound is one sitting of the 제안심의회 over a set of ideas.
type ReviewRound struct {
	ID        uint
	Name      string
	ScaleMax  int // each criterion is scored 1..ScaleMax
	Rule      RankRule
	ClosesAt  time.Time
	ClosedAt  *time.Time // closed early by the secretary
	CreatedBy uint
	CreatedAt time.Time
}

// RoundMember is a committee member who scores in a round.
type RoundMember struct {
	RoundID uint `gorm:"primaryKey"`
	UserID  uint `gorm:"primaryKey"`
	User    *models.User
}

// RoundIdea is an idea reviewed in a round.
type RoundIdea struct {
	RoundID uint `gorm:"primaryKey"`
	IdeaID  uint `gorm:"primaryKey"`
}

// OpenAt reports whether members may still score at now.
func (r *ReviewRound) OpenAt(now time.Time) bool { return r.ClosedAt == nil && now.Before(r.ClosesAt) }

// LockedAt is when the scores were locked: the early close, or the closing time.
func (r *ReviewRound) LockedAt() time.Time {
	if r.ClosedAt != nil && r.ClosedAt.Before(r.ClosesAt) {
		return *r.ClosedAt
	}
	return r.ClosesAt
}

// MaxTotal is the highest total a member can give an idea.
func (r *ReviewRound) MaxTotal() int { return 4 * r.ScaleMax }

// RoundInput is the form that opens a round. ClosesAt is "2006-01-02T15:04" in Seoul.
type RoundInput struct {
	Name     string
	ScaleMax string
	Rule     string
	ClosesAt string
	IdeaIDs  []string
}

// OpenRound opens a review round over submitted ideas, moving them to 심사중,
// with the current 제안심의회 as its members. Audit-logged.
func OpenRound(db *gorm.DB, adminID uint, in RoundInput, now time.Time) (*ReviewRound, error) {
	now = now.UTC()
	errs := models.Errors{}
	name := strings.Join(strings.Fields(in.Name), " ")
	errs.Text("name", name, MaxRoundName, "ideas.error.round_name_empty", "ideas.error.round_name_long")
	scale, err := strconv.Atoi(strings.TrimSpace(in.ScaleMax))
	if err != nil || scale < 2 || scale > MaxScaleMax {
		errs.Add("scale_max", "ideas.error.scale_max")
	}
	rule := RankRule(in.Rule)
	if rule != RankMean && rule != RankTrimmed {
		errs.Add("rule", "ideas.error.rule")
	}
	closes, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(in.ClosesAt), models.Seoul)
	if err != nil {
		errs.Add("closes_at", "ideas.error.closes_at")
	} else if !closes.After(now) {
		errs.Add("closes_at", "ideas.error.closes_at_past")
	}
	r := &ReviewRound{Name: name, ScaleMax: scale, Rule: rule, ClosesAt: closes.UTC(), CreatedBy: adminID, CreatedAt: now}
	err = db.Transaction(func(tx *gorm.DB) error {
		members, err := Committee(tx)
		if err != nil {
			return err
		}
		if len(members) < MinRoundMembers {
			errs.Add("ideas", models.Msg("ideas.error.round_members", "Count", len(members)))
		}
		ids := map[uint]bool{}
		for _, s := range in.IdeaIDs {
			ids[parseID(s)] = true
		}
		delete(ids, 0)
		if len(ids) == 0 {
			errs.Add("ideas", "ideas.error.round_ideas_empty")
		}
		if len(errs) > 0 {
			return errs
		}
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		for _, m := range members {
			if err := tx.Create(&RoundMember{RoundID: r.ID, UserID: m.UserID}).Error; err != nil {
				return err
			}
		}
		list := make([]uint, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
		for _, id := range list {
			if err := moveIdea(tx, id, adminID, []IdeaState{IdeaSubmitted}, IdeaReviewing, name, nil, now); err != nil {
				if errors.Is(err, models.ErrStateChanged) {
					return models.Errors{"ideas": "ideas.error.round_ideas_state"}
				}
				return err
			}
			if err := tx.Create(&RoundIdea{RoundID: r.ID, IdeaID: id}).Error; err != nil {
				return err
			}
		}
		after := map[string]any{"name": name, "scale_max": scale, "rule": rule, "closes_at": r.ClosesAt, "ideas": list, "members": len(members)}
		return models.Audit(tx, adminID, AuditRoundOpen, "review_round", r.ID, nil, after, now)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// CloseRound locks a round's scores now, before its closing time. Audit-logged.
func CloseRound(db *gorm.DB, adminID, roundID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&ReviewRound{}).Where("id = ? AND closed_at IS NULL AND closes_at > ?", roundID, now).Update("closed_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrRoundClosed
		}
		return models.Audit(tx, adminID, AuditRoundClose, "review_round", roundID, nil, map[string]any{"closed_at": now}, now)
	})
}

// FindRound loads one round.
func FindRound(db *gorm.DB, id uint) (*ReviewRound, error) {
	var r ReviewRound
	err := db.Take(&r, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.ErrNotFound
	}
	return &r, err
}

// ListRounds lists every round, the latest first.
func ListRounds(db *gorm.DB) ([]ReviewRound, error) {
	var out []ReviewRound
	err := db.Order("id DESC").Find(&out).Error
	return out, err
}

// RoundMembers lists who scores in a round.
func RoundMembers(db *gorm.DB, roundID uint) ([]RoundMember, error) {
	var out []RoundMember
	err := db.Preload("User").Where("round_id = ?", roundID).Order("user_id").Find(&out).Error
	return out, err
}

// IsRoundMember reports whether the account scores in the round.
func IsRoundMember(db *gorm.DB, roundID, userID uint) (bool, error) {
	var n int64
	err := db.Model(&RoundMember{}).Where("round_id = ? AND user_id = ?", roundID, userID).Count(&n).Error
	return n > 0, err
}

// RoundsOf lists the rounds an account scores in, the latest first.
func RoundsOf(db *gorm.DB, userID uint) ([]ReviewRound, error) {
	var out []ReviewRound
	err := db.Joins("JOIN round_members ON round_members.round_id = review_rounds.id").
		Where("round_members.user_id = ?", userID).Order("review_rounds.id DESC").Find(&out).Error
	return out, err
}

// RoundIdeas lists the ideas of a round with their proposers.
func RoundIdeas(db *gorm.DB, roundID uint) ([]Idea, error) {
	var out []Idea
	err := db.Preload("Bureau").Preload("Proposers.User").Preload("Award").
		Joins("JOIN round_ideas ON round_ideas.idea_id = ideas.id").Where("round_ideas.round_id = ?", roundID).
		Order("ideas.id").Find(&out).Error
	return out, err
}

// RoundOfIdea is the latest round that reviewed the idea, or nil.
func RoundOfIdea(db *gorm.DB, ideaID uint) (*ReviewRound, error) {
	var out []ReviewRound
	err := db.Joins("JOIN round_ideas ON round_ideas.round_id = review_rounds.id").
		Where("round_ideas.idea_id = ?", ideaID).Order("review_rounds.id DESC").Limit(1).Find(&out).Error
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return &out[0], nil
}

// Score is one member's scores of one idea in a round.
type Score struct {
	ID           uint
	RoundID      uint
	IdeaID       uint
	MemberID     uint
	Member       *models.User
	Creativity   int // 창의성
	Economy      int // 경제성
	Practicality int // 실용성
	Scope        int // 적용범위
	Remark       string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Total is the sum of the four criteria.
func (s Score) Total() int { return s.Creativity + s.Economy + s.Practicality + s.Scope }

// ScoreInput is the scoring form as typed.
type ScoreInput struct {
	Creativity, Economy, Practicality, Scope, Remark string
}

// ScoreCriteria are the four criteria, as form field and the message id of
// the name.
var ScoreCriteria = []struct{ Field, Label string }{
	{"creativity", "ideas.criterion.creativity"}, {"economy", "ideas.criterion.economy"},
	{"practicality", "ideas.criterion.practicality"}, {"scope", "ideas.criterion.scope"},
}

// scoreErrors are the messages of a score out of range, by criterion.
var scoreErrors = map[string]string{
	"creativity": "ideas.error.score_creativity", "economy": "ideas.error.score_economy",
	"practicality": "ideas.error.score_practicality", "scope": "ideas.error.score_scope",
}

func (in ScoreInput) parse(scaleMax int) (Score, models.Errors) {
	errs := models.Errors{}
	var s Score
	for i, v := range []struct {
		raw string
		dst *int
	}{{in.Creativity, &s.Creativity}, {in.Economy, &s.Economy}, {in.Practicality, &s.Practicality}, {in.Scope, &s.Scope}} {
		c := ScoreCriteria[i]
		n, err := strconv.Atoi(strings.TrimSpace(v.raw))
		if err != nil || n < 1 || n > scaleMax {
			errs.Add(c.Field, models.Msg(scoreErrors[c.Field], "Max", scaleMax))
		}
		*v.dst = n
	}
	s.Remark = cleanText(in.Remark)
	if n := utf8.RuneCountInString(s.Remark); n > MaxScoreRemark {
		errs.Add("remark", models.Msg("ideas.error.remark_long", "N", models.FormatNumber(n)))
	}
	return s, errs
}

// SaveScore records (or, while the round is open, revises) a member's
// scores of an idea. A member scores only in their own rounds, never an
// idea they proposed, and nothing once the round is closed. Audit-logged.
func SaveScore(db *gorm.DB, roundID, ideaID, memberID uint, in ScoreInput, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		r, err := FindRound(tx, roundID)
		if err != nil {
			return err
		}
		if ok, err := IsRoundMember(tx, roundID, memberID); err != nil || !ok {
			if err != nil {
				return err
			}
			return ErrNotOnCommittee
		}
		var n int64
		if err := tx.Model(&RoundIdea{}).Where("round_id = ? AND idea_id = ?", roundID, ideaID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return models.ErrNotFound
		}
		if !r.OpenAt(now) {
			return ErrRoundClosed
		}
		if err := tx.Model(&IdeaProposer{}).Where("idea_id = ? AND user_id = ?", ideaID, memberID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrOwnIdea
		}
		s, errs := in.parse(r.ScaleMax)
		if len(errs) > 0 {
			return errs
		}
		var old Score
		err = tx.Where("round_id = ? AND idea_id = ? AND member_id = ?", roundID, ideaID, memberID).Take(&old).Error
		after := map[string]any{"idea_id": ideaID, "creativity": s.Creativity, "economy": s.Economy,
			"practicality": s.Practicality, "scope": s.Scope, "remark": s.Remark}
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			s.RoundID, s.IdeaID, s.MemberID, s.CreatedAt, s.UpdatedAt = roundID, ideaID, memberID, now, now
			if err := tx.Omit("Member").Create(&s).Error; err != nil {
				return err
			}
			return models.Audit(tx, memberID, AuditScore, "review_round", roundID, nil, after, now)
		case err != nil:
			return err
		}
		err = tx.Model(&Score{}).Where("id = ?", old.ID).Updates(map[string]any{"creativity": s.Creativity, "economy": s.Economy,
			"practicality": s.Practicality, "scope": s.Scope, "remark": s.Remark, "updated_at": now}).Error
		if err != nil {
			return err
		}
		before := map[string]any{"idea_id": ideaID, "creativity": old.Creativity, "economy": old.Economy,
			"practicality": old.Practicality, "scope": old.Scope, "remark": old.Remark}
		return models.Audit(tx, memberID, AuditScore, "review_round", roundID, before, after, now)
	})
}

// ScoreView is what one viewer may see of an idea's scores in a round.
type ScoreView struct {
	Own    *Score
	Others []Score // empty while Hidden
	Hidden bool    // the others' scores stay hidden until the viewer's own are in, or the round closes
	Count  int     // how many members have scored it
}

// ScoresFor gives a viewer's view of an idea's scores: the others' scores
// only once the viewer scored the idea themselves, or the round is closed.
func ScoresFor(db *gorm.DB, r *ReviewRound, ideaID, viewerID uint, now time.Time) (ScoreView, error) {
	var all []Score
	if err := db.Preload("Member").Where("round_id = ? AND idea_id = ?", r.ID, ideaID).Order("id").Find(&all).Error; err != nil {
		return ScoreView{}, err
	}
	v := ScoreView{Count: len(all)}
	var others []Score
	for i := range all {
		if all[i].MemberID == viewerID {
			v.Own = &all[i]
		} else {
			others = append(others, all[i])
		}
	}
	v.Hidden = v.Own == nil && r.OpenAt(now)
	if !v.Hidden {
		v.Others = others
	}
	return v, nil
}

// RankedIdea is one line of a round's ranking.
type RankedIdea struct {
	Idea     Idea
	Rank     int     // 1 for the best; equal scores share a rank
	Score    float64 // by the round's rule, out of MaxTotal
	Scorers  int     // members who scored it
	Eligible int     // members who may score it (the round's members less its proposers)
	Criteria [4]float64
}

// ScoreText is the score with two decimals.
func (ri RankedIdea) ScoreText() string { return strconv.FormatFloat(ri.Score, 'f', 2, 64) }

// CriterionText is the mean of one criterion with one decimal.
func (ri RankedIdea) CriterionText(i int) string {
	return strconv.FormatFloat(ri.Criteria[i], 'f', 1, 64)
}

// Ranking ranks a round's ideas by the round's rule, best first.
func Ranking(db *gorm.DB, r *ReviewRound) ([]RankedIdea, error) {
	ideas, err := RoundIdeas(db, r.ID)
	if err != nil {
		return nil, err
	}
	members, err := RoundMembers(db, r.ID)
	if err != nil {
		return nil, err
	}
	var scores []Score
	if err := db.Where("round_id = ?", r.ID).Find(&scores).Error; err != nil {
		return nil, err
	}
	by := map[uint][]Score{}
	for _, s := range scores {
		by[s.IdeaID] = append(by[s.IdeaID], s)
	}
	out := make([]RankedIdea, len(ideas))
	for i, idea := range ideas {
		ri := RankedIdea{Idea: idea, Eligible: len(members)}
		for _, m := range members {
			if idea.HasProposer(m.UserID) {
				ri.Eligible--
			}
		}
		var totals []int
		for _, s := range by[idea.ID] {
			totals = append(totals, s.Total())
			for k, v := range []int{s.Creativity, s.Economy, s.Practicality, s.Scope} {
				ri.Criteria[k] += float64(v)
			}
		}
		if n := len(totals); n > 0 {
			for k := range ri.Criteria {
				ri.Criteria[k] /= float64(n)
			}
		}
		ri.Scorers = len(totals)
		ri.Score = RankScore(r.Rule, totals)
		out[i] = ri
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && math.Abs(out[i].Score-out[i-1].Score) < 1e-9 {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out, nil
}
