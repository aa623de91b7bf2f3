package meetings

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// Meeting mail events.
const (
	EventBooked        = "booked"         // the booking holder: confirmation (or waiting list)
	EventPromoted      = "promoted"       // the booking holder: a seat came free
	EventReminder      = "reminder"       // everyone booked, the day before
	EventMeetingChange = "meeting_change" // everyone booked or waiting: time or place changed
	EventMeetingCancel = "meeting_cancel" // everyone booked or waiting: cancelled
)

// DueReminders claims the meetings starting within a day that have not been
// reminded yet and records one reminder event for each; the claim is a
// guarded update, so a reminder is never sent twice, also across restarts
// and instances.
func DueReminders(db *gorm.DB, now time.Time) (int, error) {
	now = now.UTC()
	var ids []uint
	err := db.Model(&Meeting{}).Where("published_at IS NOT NULL AND cancelled_at IS NULL AND reminded_at IS NULL AND booking_enabled AND starts_at > ? AND starts_at <= ?",
		now, now.Add(24*time.Hour)).Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := db.Transaction(func(tx *gorm.DB) error {
			res := tx.Model(&Meeting{}).Where("id = ? AND reminded_at IS NULL", id).Update("reminded_at", now)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			n++
			return recordMeetingEvent(tx, EventReminder, id, 0, now)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// recordMeetingEvent notes a change of a meeting, or of one booking of it
// (bookingID 0 for news that concerns everyone booked).
func recordMeetingEvent(tx *gorm.DB, kind string, meetingID, bookingID uint, now time.Time) error {
	data := "{}"
	if bookingID != 0 {
		// the mail goes out a moment later: keep the booking's state as it is now
		var b Booking
		if err := tx.Select("status", "code").Take(&b, bookingID).Error; err != nil {
			return err
		}
		out, _ := json.Marshal(map[string]string{"status": b.Status, "code": b.Code})
		data = string(out)
	}
	ev := map[string]any{"kind": kind, "meeting_id": meetingID, "data": data, "created_at": now}
	if bookingID != 0 {
		ev["booking_id"] = bookingID
	}
	return tx.Model(&models.Event{}).Create(ev).Error
}

// Recipients lists who hears of a meeting event.
func Recipients(tx *gorm.DB, e models.Event) ([]models.Recipient, error) {
	q := tx.Model(&models.User{}).Select("users.id AS user_id, users.email, users.name, users.language, users.unsubscribe_token AS token").
		Joins("JOIN bookings ON bookings.user_id = users.id").Where("users.deactivated_at IS NULL")
	switch e.Kind {
	case EventBooked, EventPromoted:
		q = q.Where("bookings.id = ?", e.BookingID)
	case EventReminder:
		q = q.Where("bookings.meeting_id = ? AND bookings.status = ?", e.MeetingID, BookingBooked)
	default:
		q = q.Where("bookings.meeting_id = ? AND bookings.status IN ?", e.MeetingID, []string{BookingBooked, BookingWaiting})
	}
	var out []models.Recipient
	err := q.Order("users.id").Scan(&out).Error
	return out, err
}
