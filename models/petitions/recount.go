package models

import (
	"fmt"

	"gorm.io/gorm"
)

// PetitionCounters are the petitions' stored counters: support_count, the
// supports a petition has.
var PetitionCounters = Counters{Differences: petitionCounterDifferences, Count: supportCountSQL}

// supportCountSQL counts, in SQL, the supports of the petition being updated.
func supportCountSQL(string) any {
	return gorm.Expr("(SELECT COUNT(*) FROM supports WHERE supports.petition_id = petitions.id)")
}

// petitionCounterDifferences lists every petition whose support_count differs from its supports.
func petitionCounterDifferences(db *gorm.DB) ([]Difference, error) {
	var out []Difference
	var petitions []struct {
		ID              uint
		Stored, Counted int64
	}
	err := db.Raw(`SELECT id, stored, counted FROM (
		SELECT p.id, p.support_count AS stored,
			(SELECT COUNT(*) FROM supports s WHERE s.petition_id = p.id) AS counted
		FROM petitions p) c
		WHERE stored <> counted ORDER BY id`).Scan(&petitions).Error
	if err != nil {
		return nil, fmt.Errorf("recount supports: %w", err)
	}
	for _, p := range petitions {
		out = append(out, Difference{"petitions", p.ID, "support_count", p.Stored, p.Counted})
	}
	return out, nil
}
