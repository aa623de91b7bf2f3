package meetings

import (
	"errors"
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// DeskStatus is the message id of the meeting's state as the staff desk
// shows it: a draft until it is published, then the public state.
func (m *Meeting) DeskStatus(now time.Time) string {
	if m.PublishedAt == nil && m.CancelledAt == nil {
		return "desk.meeting.draft"
	}
	return StateMsg(m.StateAt(now))
}

// AskedAhead picks the questions sent ahead by those still coming (a seat or
// a waiting place), in booking order, so staff can prepare the answers.
func AskedAhead(bookings []Booking) []Booking {
	var out []Booking
	for _, b := range bookings {
		if b.Question != "" && b.Status != BookingCancelled {
			out = append(out, b)
		}
	}
	return out
}

// BookingByCode finds a meeting's booking by the code staff typed.
func BookingByCode(db *gorm.DB, meetingID uint, code string) (*Booking, error) {
	var b Booking
	err := db.Preload("User").Where("meeting_id = ? AND code = ?", meetingID, NormalizeCode(code)).Take(&b).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// WriteBookingsCSV writes a meeting's booking list for the desk: codes,
// names, states, times and questions; no email addresses. tr names the
// columns and the states in the reader's language.
func WriteBookingsCSV(db *gorm.DB, w io.Writer, meetingID uint, tr func(id string, args ...any) string) error {
	bookings, err := BookingsFor(db, meetingID)
	if err != nil {
		return err
	}
	out, err := models.NewCSVWriter(w)
	if err != nil {
		return err
	}
	if err := out.Row(tr("desk.col.number"), tr("desk.bookings.code"), tr("desk.users.name"), tr("desk.users.state"),
		tr("desk.bookings.booked_at"), tr("desk.bookings.arrived_at"), tr("meetings.booking.question")); err != nil {
		return err
	}
	for i, b := range bookings {
		name := ""
		if b.User != nil {
			name = b.User.Name
		}
		err := out.Row(strconv.Itoa(i+1), b.Code, name, tr(b.StatusMsg()), models.CSVTime(&b.CreatedAt), models.CSVTime(b.CheckedInAt), b.Question)
		if err != nil {
			return err
		}
	}
	return out.Flush()
}
