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
// ended more than months months before now, in one transaction, records
// each petition it touched in the audit log, and marks every petition it
// went through as done, so the next pass reads only the petitions whose
// time has not yet come: cheap enough to run every minute.
func AnonymiseSupports(db *gorm.DB, months int, now time.Time) (AnonymiseResult, error) {
	now = now.UTC()
	var res AnonymiseResult
	if months < 1 {
		return res, nil
	}
	cutoff := now.AddDate(0, -months, 0)
	err := db.Transaction(func(tx *gorm.DB) error {
		var due []uint
		err := tx.Model(&Petition{}).Where("anonymised_at IS NULL AND COALESCE(closes_at, preconsent_ends_at) < ?", cutoff).
			Order("id").Pluck("id", &due).Error
		if err != nil {
			return err
		}
		for _, id := range due {
			unlinked := tx.Model(&Support{}).Where("petition_id = ? AND user_id IS NOT NULL", id).UpdateColumn("user_id", nil)
			if unlinked.Error != nil {
				return unlinked.Error
			}
			if n := unlinked.RowsAffected; n > 0 {
				if err := models.Audit(tx, 0, AuditAnonymise, "petition", id, nil, map[string]int64{"supports": n}, now); err != nil {
					return err
				}
				res.Petitions++
				res.Supports += n
			}
			if err := tx.Model(&Petition{}).Where("id = ?", id).UpdateColumn("anonymised_at", now).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}
