package ideas

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"ydp1/models"
)

// Award rules of the district's 공무원 제안규칙.
const (
	MinAward           = 30_000
	MaxAward           = 2_000_000
	DefaultAwardBudget = 17_400_000 // a year's award budget unless the secretary sets another
	MaxAwardBudget     = 1_000_000_000
)

// IdeaAward is the award granted for an adopted idea.
type IdeaAward struct {
	ID             uint
	IdeaID         uint
	Year           int // the budget year it is paid from
	Grade          string
	Amount         int
	Override       bool // granted beyond the year's budget by an admin's explicit decision
	OverrideReason string
	GrantedBy      uint
	CreatedAt      time.Time
}

// GradeID is the message id of the award's grade.
func (a IdeaAward) GradeID() string { return GradeID(a.Grade) }

// AwardBudget is the award budget of one year.
type AwardBudget struct {
	Year      int `gorm:"primaryKey;autoIncrement:false"`
	Amount    int
	UpdatedAt time.Time
}

// BudgetStatus is a year's award budget against what was granted.
type BudgetStatus struct {
	Year    int
	Budget  int
	Granted int
	Awards  int
}

// Left is what remains of the budget; negative once an override exceeded it.
func (b BudgetStatus) Left() int { return b.Budget - b.Granted }

// Percent is the share of the budget granted, 0–100 (for the bar).
func (b BudgetStatus) Percent() int {
	if b.Budget <= 0 {
		return 100
	}
	return min(100, b.Granted*100/b.Budget)
}

// budgetRow loads (creating with the default) a year's budget, locked for
// the rest of the transaction where the database can lock rows.
func budgetRow(tx *gorm.DB, year int, now time.Time) (AwardBudget, error) {
	var b AwardBudget
	err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("year = ?", year).Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		b = AwardBudget{Year: year, Amount: DefaultAwardBudget, UpdatedAt: now}
		err = tx.Create(&b).Error
	}
	return b, err
}

// AwardBudgetStatus is a year's budget and the awards granted from it.
func AwardBudgetStatus(db *gorm.DB, year int) (BudgetStatus, error) {
	st := BudgetStatus{Year: year, Budget: DefaultAwardBudget}
	var b []AwardBudget
	if err := db.Where("year = ?", year).Find(&b).Error; err != nil {
		return st, err
	}
	if len(b) > 0 {
		st.Budget = b[0].Amount
	}
	var sum struct{ Total, N int }
	err := db.Model(&IdeaAward{}).Select("COALESCE(SUM(amount), 0) AS total, COUNT(*) AS n").Where("year = ?", year).Scan(&sum).Error
	st.Granted, st.Awards = sum.Total, sum.N
	return st, err
}

// parseWon reads an amount typed as 300000, 300,000, ₩300,000 or with
// the currency's name after it (300,000원, 300000 KRW).
func parseWon(s string) (int, bool) {
	s = strings.TrimRightFunc(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), unicode.IsLetter)
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(s, "₩")))
	return n, err == nil
}

// SetAwardBudget sets a year's award budget, never below what was already
// granted from it. Audit-logged.
func SetAwardBudget(db *gorm.DB, adminID uint, yearField, amountField string, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	year, err := strconv.Atoi(strings.TrimSpace(yearField))
	if err != nil || year < 2000 || year > 2100 {
		errs.Add("year", "ideas.error.year")
	}
	amount, ok := parseWon(amountField)
	if !ok || amount < 0 || amount > MaxAwardBudget {
		errs.Add("budget", "ideas.error.budget_range")
	}
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		b, err := budgetRow(tx, year, now)
		if err != nil {
			return err
		}
		st, err := AwardBudgetStatus(tx, year)
		if err != nil {
			return err
		}
		if amount < st.Granted {
			return models.Errors{"budget": models.Msg("ideas.error.budget_below_granted", "Year", year, "Granted", models.FormatNumber(st.Granted))}
		}
		if err := tx.Model(&AwardBudget{}).Where("year = ?", year).Updates(map[string]any{"amount": amount, "updated_at": now}).Error; err != nil {
			return err
		}
		return models.Audit(tx, adminID, AuditAwardBudget, "award_budget", uint(year), map[string]any{"amount": b.Amount}, map[string]any{"amount": amount}, now)
	})
}

// IdeaDecision is the secretary's form that adopts or rejects a reviewed idea,
// with the award for an adopted one.
type IdeaDecision struct {
	Adopt          string // "adopt" or "reject"
	Note           string
	Department     string // the department that puts it into practice
	DueOn          string // 반영 기한, YYYY-MM-DD in Seoul
	Grade          string // "" for no award
	Amount         string
	Override       bool // grant beyond the year's budget
	OverrideReason string
}

func (d *IdeaDecision) validate(now time.Time) (adopt bool, due time.Time, amount int, errs models.Errors) {
	errs = models.Errors{}
	d.Note = cleanText(d.Note)
	if utf8.RuneCountInString(d.Note) > MaxIdeaNote {
		errs.Add("note", "ideas.error.note_long")
	}
	switch d.Adopt {
	case "adopt":
		adopt = true
	case "reject":
		return false, due, 0, errs
	default:
		errs.Add("adopt", "ideas.error.adopt")
		return
	}
	d.Department = strings.Join(strings.Fields(d.Department), " ")
	errs.Text("department", d.Department, models.MaxDepartment, "ideas.error.decide_department_empty", "ideas.error.decide_department_long")
	var err error
	due, err = time.ParseInLocation("2006-01-02", strings.TrimSpace(d.DueOn), models.Seoul)
	if err != nil {
		errs.Add("due_on", "ideas.error.due_on")
	} else if y, m, day := now.In(models.Seoul).Date(); due.Before(time.Date(y, m, day, 0, 0, 0, 0, models.Seoul)) {
		errs.Add("due_on", "ideas.error.due_on_past")
	}
	d.Grade = strings.TrimSpace(d.Grade)
	d.OverrideReason = cleanText(d.OverrideReason)
	if d.Grade == "" && strings.TrimSpace(d.Amount) == "" {
		return
	}
	if !slices.Contains(AwardGrades, d.Grade) {
		errs.Add("grade", "ideas.error.grade")
	}
	n, ok := parseWon(d.Amount)
	if !ok || n < MinAward || n > MaxAward {
		errs.Add("amount", "ideas.error.amount_range")
	}
	return adopt, due, n, errs
}

// DecideIdea is the secretary's decision on an idea whose review round has
// closed: 불채택, or 채택 with the department, the 반영 기한 and optionally an
// award of 30,000–2,000,000원 paid from this year's budget. An award that
// would exceed the budget is refused unless the admin explicitly overrides
// it with a reason, which is audit-logged on its own.
func DecideIdea(db *gorm.DB, adminID, ideaID uint, d IdeaDecision, now time.Time) error {
	now = now.UTC()
	adopt, due, amount, errs := d.validate(now)
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		actor, err := activeStaff(tx, adminID)
		if err != nil || !actor.IsAdmin() {
			return ErrNotStaff
		}
		var idea Idea
		if err := tx.Select("id", "state").Take(&idea, ideaID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		if idea.State != IdeaReviewing {
			return models.ErrStateChanged
		}
		r, err := RoundOfIdea(tx, ideaID)
		if err != nil {
			return err
		}
		if r == nil || r.OpenAt(now) {
			return models.Errors{"adopt": "ideas.error.decide_open"}
		}
		if !adopt {
			if err := moveIdea(tx, ideaID, adminID, []IdeaState{IdeaReviewing}, IdeaRejected, d.Note, nil, now); err != nil {
				return err
			}
			return models.Audit(tx, adminID, AuditIdeaDecide, "idea", ideaID, map[string]any{"state": idea.State},
				map[string]any{"state": IdeaRejected, "note": d.Note}, now)
		}
		dueUTC := due.UTC()
		values := map[string]any{"department": d.Department, "due_on": dueUTC, "adopted_at": now}
		if err := moveIdea(tx, ideaID, adminID, []IdeaState{IdeaReviewing}, IdeaAdopted, d.Note, values, now); err != nil {
			return err
		}
		after := map[string]any{"state": IdeaAdopted, "department": d.Department, "due_on": d.DueOn, "note": d.Note}
		if err := models.Audit(tx, adminID, AuditIdeaDecide, "idea", ideaID, map[string]any{"state": idea.State}, after, now); err != nil {
			return err
		}
		if d.Grade == "" {
			return nil
		}
		return grantAward(tx, adminID, ideaID, d, amount, now)
	})
}

// grantAward pays an award from this year's budget inside the decision's transaction.
func grantAward(tx *gorm.DB, adminID, ideaID uint, d IdeaDecision, amount int, now time.Time) error {
	year := now.In(models.Seoul).Year()
	if _, err := budgetRow(tx, year, now); err != nil { // locks the year's budget until commit
		return err
	}
	st, err := AwardBudgetStatus(tx, year)
	if err != nil {
		return err
	}
	over := st.Granted+amount > st.Budget
	if over && !d.Override {
		return models.Errors{"amount": models.Msg("ideas.error.budget_short", "Left", models.FormatNumber(max(0, st.Left())), "Amount", models.FormatNumber(amount))}
	}
	if over && d.OverrideReason == "" {
		return models.Errors{"override_reason": "ideas.error.override_reason"}
	}
	a := IdeaAward{IdeaID: ideaID, Year: year, Grade: d.Grade, Amount: amount, Override: over, GrantedBy: adminID, CreatedAt: now}
	if over {
		a.OverrideReason = d.OverrideReason
	}
	if err := tx.Create(&a).Error; err != nil {
		return err
	}
	after := map[string]any{"grade": a.Grade, "amount": a.Amount, "year": year}
	if err := models.Audit(tx, adminID, AuditIdeaAward, "idea", ideaID, nil, after, now); err != nil {
		return err
	}
	if !over {
		return nil
	}
	return models.Audit(tx, adminID, AuditIdeaAwardOverride, "idea", ideaID,
		map[string]any{"budget": st.Budget, "granted": st.Granted},
		map[string]any{"amount": amount, "granted": st.Granted + amount, "reason": a.OverrideReason}, now)
}
