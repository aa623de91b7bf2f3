package petitions

import (
	"time"

	"gorm.io/gorm"
)

// FeedSize is how many entries an Atom feed carries.
const FeedSize = 30

// NewlyOpened lists the latest petitions made public, the newest first, with
// their authors for the masked name.
func NewlyOpened(db *gorm.DB, limit int, now time.Time) ([]Petition, error) {
	now = now.UTC()
	var ps []Petition
	err := db.Where("status IN ? AND opened_at IS NOT NULL", PublicStatuses).
		Order("opened_at DESC, id DESC").Limit(limit).Preload("Author").Find(&ps).Error
	resolveAll(ps, now)
	return ps, err
}

// LatestAnswers lists the public petitions answered by the 구청장, the latest
// answer first, each with its answer.
func LatestAnswers(db *gorm.DB, limit int, now time.Time) ([]Petition, error) {
	now = now.UTC()
	var ps []Petition
	err := db.Joins("JOIN answers ON answers.petition_id = petitions.id").
		Where("petitions.status IN ?", PublicStatuses).
		Order("answers.answered_at DESC, petitions.id DESC").Limit(limit).Preload("Answer").Find(&ps).Error
	resolveAll(ps, now)
	return ps, err
}
