package petitions

import (
	"cmp"
	"slices"
	"time"

	"gorm.io/gorm"
)

// ReviewDays is how long a petition may wait in review before the desk flags it.
const ReviewDays = 3

// DeskItem is a petition on one of the desk's queues with the deadline staff
// work it to: the end of review, the 구청장's answer or the department's.
type DeskItem struct {
	Petition
	Due *time.Time
}

// DeskQueue lists the petitions in one state (검토중, 답변대기 or 기간만료) with
// their deadline at now, overdue first, the most overdue on top (ByDeadline).
// deptDays is the settings' days for a department's answer.
func DeskQueue(db *gorm.DB, s Status, now time.Time, deptDays, limit int) ([]DeskItem, error) {
	ps, err := PetitionsIn(db, s, now, limit)
	if err != nil {
		return nil, err
	}
	out := make([]DeskItem, len(ps))
	for i, p := range ps {
		out[i] = DeskItem{Petition: p}
		switch s {
		case StatusReview:
			if p.ReviewAt != nil {
				due := p.ReviewAt.AddDate(0, 0, ReviewDays)
				out[i].Due = &due
			}
		case StatusAwaitingAnswer:
			out[i].Due = p.AnswerDueAt
		case StatusExpired:
			out[i].Due = p.DeptAnswerDue(deptDays)
		}
	}
	ByDeadline(out)
	return out, nil
}

// ByDeadline orders desk items by their deadline: those past it first, the
// most overdue on top, then the nearest deadline, and those without one last.
// Items with the same deadline keep their order.
func ByDeadline(items []DeskItem) {
	slices.SortStableFunc(items, func(a, b DeskItem) int {
		switch {
		case a.Due == nil && b.Due == nil:
			return 0
		case a.Due == nil:
			return 1
		case b.Due == nil:
			return -1
		}
		return cmp.Compare(a.Due.UnixNano(), b.Due.UnixNano())
	})
}
