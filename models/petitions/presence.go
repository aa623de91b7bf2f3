package petitions

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// presenceWindow is how long a staff member counts as working on a petition
// after they last opened it.
const presenceWindow = 15 * time.Minute

type petitionPresence struct {
	PetitionID uint `gorm:"primaryKey"`
	StaffID    uint `gorm:"primaryKey"`
	SeenAt     time.Time
}

func (petitionPresence) TableName() string { return "petition_presence" }

// Colleague is another staff member who has the petition open.
type Colleague struct {
	Name   string
	SeenAt time.Time
}

// MarkPresence records that staffID opened the petition now and returns the
// other staff members who opened it within the last quarter hour, so two
// people do not moderate the same petition at once without knowing.
func MarkPresence(db *gorm.DB, petitionID, staffID uint, now time.Time) ([]Colleague, error) {
	now = now.UTC()
	err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "petition_id"}, {Name: "staff_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"seen_at"})}).
		Create(&petitionPresence{PetitionID: petitionID, StaffID: staffID, SeenAt: now}).Error
	if err != nil {
		return nil, err
	}
	var out []Colleague
	err = db.Model(&petitionPresence{}).Select("users.name, petition_presence.seen_at").
		Joins("JOIN users ON users.id = petition_presence.staff_id").
		Where("petition_presence.petition_id = ? AND petition_presence.staff_id <> ? AND petition_presence.seen_at > ?",
			petitionID, staffID, now.Add(-presenceWindow)).
		Order("petition_presence.seen_at DESC").Scan(&out).Error
	return out, err
}
