package meetings

import (
	"fmt"

	"gorm.io/gorm"

	"ydp1/models"
)

// Counters are the meetings' stored counters: booked_count and
// waitlist_count, a meeting's bookings by status.
var Counters = models.Counters{Differences: counterDifferences, Count: bookingCountSQL}

// bookingCountSQL counts, in SQL, the bookings behind one counter of the meeting being updated.
func bookingCountSQL(field string) any {
	status := BookingBooked
	if field == "waitlist_count" {
		status = BookingWaiting
	}
	return gorm.Expr("(SELECT COUNT(*) FROM bookings WHERE bookings.meeting_id = meetings.id AND bookings.status = ?)", status)
}

// counterDifferences lists every meeting counter that differs from its bookings.
func counterDifferences(db *gorm.DB) ([]models.Difference, error) {
	var out []models.Difference
	var meetings []struct {
		ID                     uint
		Booked, BookedRows     int64
		Waitlist, WaitlistRows int64
	}
	err := db.Raw(`SELECT id, booked, booked_rows, waitlist, waitlist_rows FROM (
		SELECT m.id, m.booked_count AS booked, m.waitlist_count AS waitlist,
			(SELECT COUNT(*) FROM bookings b WHERE b.meeting_id = m.id AND b.status = ?) AS booked_rows,
			(SELECT COUNT(*) FROM bookings b WHERE b.meeting_id = m.id AND b.status = ?) AS waitlist_rows
		FROM meetings m) c
		WHERE booked <> booked_rows OR waitlist <> waitlist_rows ORDER BY id`,
		BookingBooked, BookingWaiting).Scan(&meetings).Error
	if err != nil {
		return nil, fmt.Errorf("recount bookings: %w", err)
	}
	for _, m := range meetings {
		out = append(out, models.Differences("meetings", m.ID,
			models.Count{Field: "booked_count", Stored: m.Booked, Counted: m.BookedRows},
			models.Count{Field: "waitlist_count", Stored: m.Waitlist, Counted: m.WaitlistRows})...)
	}
	return out, nil
}
