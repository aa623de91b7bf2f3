package deliberations

import (
	"math"
	"math/rand/v2"
	"slices"

	"gorm.io/gorm"
)

// newStatementPriority is Polis' priority of a statement nobody placed has
// voted on yet: importance (1 − ½)(0 + 1)½ = ¼, times 1 + 8 × 2⁰, squared.
var newStatementPriority = math.Pow(0.25*9, 2)

// Next is the statement a participant votes on next, and how many they have
// not voted on yet (it included).
type Next struct {
	Statement *Statement // nil when they voted on every shown statement
	Left      int
}

// NextStatement picks the statement a resident votes on next, by Polis'
// rule: meta statements first, then a draw weighted by each statement's
// priority in the latest opinion map (new statements, and those that split
// the groups, come up more often). The draw is seeded by the resident and
// the votes they cast, so the page shows the same statement until they vote.
func NextStatement(db *gorm.DB, deliberationID, userID uint) (*Next, error) {
	var pid uint
	if userID != 0 {
		err := db.Raw("SELECT id FROM deliberation_participants WHERE deliberation_id = ? AND user_id = ?", deliberationID, userID).Scan(&pid).Error
		if err != nil {
			return nil, err
		}
	}
	type candidate struct {
		ID       uint
		IsMeta   bool
		Priority *float64
	}
	var cands []candidate
	err := db.Raw(`SELECT s.id, s.is_meta, s.priority FROM deliberation_statements s
		WHERE s.deliberation_id = ? AND s.status = ?
		AND NOT EXISTS (SELECT 1 FROM deliberation_votes v WHERE v.deliberation_id = s.deliberation_id AND v.participant_id = ? AND v.statement_id = s.id)
		ORDER BY s.id`, deliberationID, StatementShown, pid).Scan(&cands).Error
	if err != nil {
		return nil, err
	}
	out := &Next{Left: len(cands)}
	if len(cands) == 0 {
		return out, nil
	}
	pick := -1
	if i := slices.IndexFunc(cands, func(c candidate) bool { return c.IsMeta }); i >= 0 {
		pick = i
	} else {
		weights := make([]float64, len(cands))
		for i, c := range cands {
			weights[i] = newStatementPriority
			if c.Priority != nil {
				weights[i] = *c.Priority
			}
		}
		seed := uint64(userID)<<20 ^ uint64(len(cands))                                   // #nosec G115 -- a count is never negative
		pick = weightedPick(weights, rand.New(rand.NewPCG(seed, uint64(deliberationID)))) // #nosec G404 -- a reproducible draw, no secret
	}
	st, err := FindStatement(db, cands[pick].ID)
	if err != nil {
		return nil, err
	}
	out.Statement = st
	return out, nil
}

// weightedPick draws an index with probability proportional to its weight;
// when every weight is 0, the first.
func weightedPick(weights []float64, r *rand.Rand) int {
	total := 0.0
	for _, w := range weights {
		total += max(w, 0)
	}
	if total <= 0 {
		return 0
	}
	x := r.Float64() * total
	for i, w := range weights {
		x -= max(w, 0)
		if x < 0 {
			return i
		}
	}
	return len(weights) - 1
}
