// Package maintenance runs the checks that span every capability: the
// recount of each capability's stored counters against their rows, in one
// transaction (ydp1 check, the daily job and the load tool's final check).
// Only app, the commands and the tools import it.
package maintenance

import (
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// Recount compares every counter of every capability with a COUNT of the
// rows it stands for: petitions.support_count with supports,
// meetings.booked_count and waitlist_count with bookings by status, the
// 열린공론장's vote, statement and participant counters with their rows. With
// repair it sets the differing counters to the counts in one transaction and
// audit-logs each fix as the system (actor 0); without, it only reads.
func Recount(db *gorm.DB, repair bool, now time.Time) (models.RecountReport, error) {
	return models.Recount(db, repair, now, petitions.Counters, meetings.Counters, deliberations.Counters)
}
