package petitions

import (
	"fmt"

	"gorm.io/gorm"

	"ydp1/models"
)

// Counters are the petitions' stored counters: support_count, the
// supports a petition has.
var Counters = models.Counters{Differences: counterDifferences, Count: supportCountSQL}

// supportCountSQL counts, in SQL, the supports of the petition being updated.
func supportCountSQL(string) any {
	return gorm.Expr("(SELECT COUNT(*) FROM supports WHERE supports.petition_id = petitions.id)")
}

// counterDifferences lists every petition whose support_count differs from its supports.
func counterDifferences(db *gorm.DB) ([]models.Difference, error) {
	var out []models.Difference
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
		out = append(out, models.Difference{Table: "petitions", ID: p.ID, Field: "support_count", Stored: p.Stored, Counted: p.Counted})
	}
	return out, nil
}
