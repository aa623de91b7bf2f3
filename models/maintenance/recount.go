package models

import (
	"time"

	"gorm.io/gorm"
)

// Recount compares every counter of every capability with a COUNT of the
// rows it stands for: petitions.support_count with supports,
// meetings.booked_count and waitlist_count with bookings by status. With
// repair it sets the differing counters to the counts in one transaction and
// audit-logs each fix as the system (actor 0); without, it only reads.
func Recount(db *gorm.DB, repair bool, now time.Time) (RecountReport, error) {
	return recountCounters(db, repair, now, PetitionCounters, MeetingCounters)
}
