package petitions

import (
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// A petition's period ends at closes_at, or, for one that never went public,
// at the end of its 사전동의. So many months later (Settings.AnonymiseMonths)
// its supporters are anonymised: each support loses the account it came from,
// so neither the public page, the desk nor the resident's own page can tie
// the 공감 or its 한마디 to a person any more. The row stays, with its 행정동
// and date, so counts and tallies do not change.

// AnonymiseResult is what one pass anonymised.
type AnonymiseResult struct {
	Petitions int64 // petitions that had supporters linked to an account
	Supports  int64 // supports that lost their account
}

// AnonymiseSupports anonymises the supporters of every petition whose period
// ended more than months months before now, in one transaction, and records
// each petition it touched in the audit log.
func AnonymiseSupports(db *gorm.DB, months int, now time.Time) (AnonymiseResult, error) {
	now = now.UTC()
	var res AnonymiseResult
	if months < 1 {
		return res, nil
	}
	cutoff := now.AddDate(0, -months, 0)
	err := db.Transaction(func(tx *gorm.DB) error {
		var due []struct {
			PetitionID uint
			N          int64
		}
		err := tx.Model(&Support{}).Select("supports.petition_id, COUNT(*) AS n").
			Joins("JOIN petitions ON petitions.id = supports.petition_id").
			Where("supports.user_id IS NOT NULL AND COALESCE(petitions.closes_at, petitions.preconsent_ends_at) < ?", cutoff).
			Group("supports.petition_id").Order("supports.petition_id").Scan(&due).Error
		if err != nil || len(due) == 0 {
			return err
		}
		for _, d := range due {
			err := tx.Model(&Support{}).Where("petition_id = ? AND user_id IS NOT NULL", d.PetitionID).
				UpdateColumn("user_id", nil).Error
			if err != nil {
				return err
			}
			err = models.Audit(tx, 0, AuditAnonymise, "petition", d.PetitionID, nil, map[string]int64{"supports": d.N}, now)
			if err != nil {
				return err
			}
			res.Petitions++
			res.Supports += d.N
		}
		return nil
	})
	return res, err
}
