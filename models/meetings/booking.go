package meetings

import (
	"crypto/rand"
	"errors"
	"math/big"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Booking statuses.
const (
	BookingBooked    = "booked"
	BookingWaiting   = "waiting"
	BookingCancelled = "cancelled"
)

// Booking is one resident's seat, or place on the waiting list, at a meeting.
type Booking struct {
	ID          uint
	MeetingID   uint
	Meeting     *Meeting
	UserID      uint
	User        *models.User
	Code        string
	Status      string
	Question    string
	CheckedInAt *time.Time
	CheckedInBy *uint
	PromotedAt  *time.Time
	CancelledAt *time.Time
	CreatedAt   time.Time
}

// StatusMsg is the message id of the booking's state, for the resident's pages.
func (b *Booking) StatusMsg() string {
	switch {
	case b.Status == BookingBooked && b.CheckedInAt != nil:
		return "meetings.booking.checked_in"
	case b.Status == BookingBooked:
		return "meetings.booking.booked"
	case b.Status == BookingWaiting:
		return "meetings.booking.waiting"
	}
	return "meetings.booking.cancelled"
}

// Booking errors.
var (
	ErrBookingClosed   = errors.New("booking not open")
	ErrAlreadyBooked   = errors.New("already booked")
	ErrTooLateToCancel = errors.New("meeting started")
	ErrCheckedInBefore = errors.New("already checked in")
	ErrNotBooked       = errors.New("booking is not a confirmed seat")
)

// codeAlphabet is A–Z and 2–9 without O and I (nor 0 and 1), so a code read
// aloud or typed from paper is not misread.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewBookingCode returns a random 8-character booking code.
func NewBookingCode() string {
	b := make([]byte, 8)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b)
}

// NormalizeCode reads a code as staff type it: case and spaces do not matter.
func NormalizeCode(s string) string {
	// Map, not Fields+Join: joining could glue stray bytes into a space such as U+3000.
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// BookInput is a resident's booking.
type BookInput struct {
	MeetingID uint
	UserID    uint
	Question  string
}

// Book takes a seat, or a place on the waiting list when the meeting is full,
// in one transaction: the seat counter only moves while it is below the
// capacity, so there are never more bookings than seats.
func Book(db *gorm.DB, in BookInput, now time.Time) (*Booking, error) {
	now = now.UTC()
	in.Question = strings.TrimSpace(in.Question)
	if utf8.RuneCountInString(in.Question) > 500 {
		return nil, models.Errors{"question": models.Msg("meetings.error.question_long", "Count", 500)}
	}
	var b Booking
	err := models.Transact(db, func(tx *gorm.DB) error {
		user, err := models.FindUser(tx, in.UserID)
		if err != nil {
			return err
		}
		if !user.Verified() {
			return models.ErrNotVerified
		}
		var m Meeting
		if err := models.ForUpdate(tx).Take(&m, in.MeetingID).Error; err != nil {
			return models.ErrNotFound
		}
		if m.PublishedAt == nil {
			return models.ErrNotFound
		}
		if st := m.StateAt(now); st != MeetingOpen && st != MeetingFull {
			return ErrBookingClosed
		}
		if existing, err := ActiveBooking(tx, m.ID, user.ID); err != nil || existing != nil {
			if err == nil {
				err = ErrAlreadyBooked
			}
			return err
		}
		b = Booking{MeetingID: m.ID, UserID: user.ID, Status: BookingWaiting, Question: in.Question, CreatedAt: now}
		seat := tx.Model(&Meeting{}).Where("id = ? AND booked_count < capacity", m.ID).
			UpdateColumn("booked_count", gorm.Expr("booked_count + 1"))
		if seat.Error != nil {
			return seat.Error
		}
		if seat.RowsAffected == 1 {
			b.Status = BookingBooked
		} else if err := tx.Model(&Meeting{}).Where("id = ?", m.ID).
			UpdateColumn("waitlist_count", gorm.Expr("waitlist_count + 1")).Error; err != nil {
			return err
		}
		if err := insertBooking(tx, &b); err != nil {
			return err
		}
		return recordMeetingEvent(tx, EventBooked, m.ID, b.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// insertBooking stores b with a fresh code, drawing again on the rare code
// clash; a second active booking by the same account is ErrAlreadyBooked.
func insertBooking(tx *gorm.DB, b *Booking) error {
	for range 5 {
		b.ID, b.Code = 0, NewBookingCode()
		err := tx.Transaction(func(sp *gorm.DB) error { return sp.Create(b).Error })
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			return err
		}
		var n int64
		if err := tx.Model(&Booking{}).Where("meeting_id = ? AND user_id = ? AND status <> ?", b.MeetingID, b.UserID, BookingCancelled).
			Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrAlreadyBooked
		}
	}
	return errors.New("no free booking code after 5 tries")
}

// CancelBooking gives a seat (or a waiting place) back, until the meeting
// starts. A freed seat goes to the first on the waiting list in the same
// transaction.
func CancelBooking(db *gorm.DB, bookingID, userID uint, now time.Time) error {
	now = now.UTC()
	return models.Transact(db, func(tx *gorm.DB) error {
		var b Booking
		if err := tx.Where("id = ? AND user_id = ?", bookingID, userID).Take(&b).Error; err != nil {
			return models.ErrNotFound
		}
		var m Meeting
		if err := models.ForUpdate(tx).Take(&m, b.MeetingID).Error; err != nil {
			return err
		}
		// read again under the meeting's lock: a promotion may have moved it
		if err := tx.Take(&b, b.ID).Error; err != nil {
			return err
		}
		if !now.Before(m.StartsAt) {
			return ErrTooLateToCancel
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status IN ?", b.ID, []string{BookingBooked, BookingWaiting}).
			Updates(map[string]any{"status": BookingCancelled, "cancelled_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		counter := "waitlist_count"
		if b.Status == BookingBooked {
			counter = "booked_count"
		}
		if err := tx.Model(&Meeting{}).Where("id = ?", m.ID).
			UpdateColumn(counter, gorm.Expr(counter+" - 1")).Error; err != nil {
			return err
		}
		if err := tx.Take(&m, m.ID).Error; err != nil {
			return err
		}
		return promoteWaiting(tx, &m, now)
	})
}

// promoteWaiting gives free seats to the waiting list in arrival order and
// tells each promoted resident.
func promoteWaiting(tx *gorm.DB, m *Meeting, now time.Time) error {
	if m.CancelledAt != nil || !now.Before(m.StartsAt) {
		return nil
	}
	for m.BookedCount < m.Capacity {
		var next Booking
		err := tx.Where("meeting_id = ? AND status = ?", m.ID, BookingWaiting).Order("id").Limit(1).Find(&next).Error
		if err != nil {
			return err
		}
		if next.ID == 0 {
			return nil
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status = ?", next.ID, BookingWaiting).
			Updates(map[string]any{"status": BookingBooked, "promoted_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			continue
		}
		err = tx.Model(&Meeting{}).Where("id = ?", m.ID).Updates(map[string]any{
			"booked_count": gorm.Expr("booked_count + 1"), "waitlist_count": gorm.Expr("waitlist_count - 1")}).Error
		if err != nil {
			return err
		}
		m.BookedCount++
		m.WaitlistCount--
		if err := recordMeetingEvent(tx, EventPromoted, m.ID, next.ID, now); err != nil {
			return err
		}
	}
	return nil
}

// CheckIn marks a confirmed booking as arrived, once.
func CheckIn(db *gorm.DB, meetingID uint, code string, staffID uint, now time.Time) (*Booking, error) {
	now = now.UTC()
	code = NormalizeCode(code)
	var b Booking
	err := db.Transaction(func(tx *gorm.DB) error {
		err := tx.Preload("User").Where("meeting_id = ? AND code = ?", meetingID, code).Take(&b).Error
		if err != nil {
			return models.ErrNotFound
		}
		if b.Status != BookingBooked {
			return ErrNotBooked
		}
		var cancelled int64
		if err := tx.Model(&Meeting{}).Where("id = ? AND cancelled_at IS NOT NULL", meetingID).Count(&cancelled).Error; err != nil {
			return err
		}
		if cancelled > 0 {
			return models.ErrStateChanged
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status = ? AND checked_in_at IS NULL", b.ID, BookingBooked).
			Updates(map[string]any{"checked_in_at": now, "checked_in_by": staffID})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrCheckedInBefore
		}
		b.CheckedInAt = &now
		return models.Audit(tx, staffID, AuditCheckIn, "meeting", meetingID, nil, map[string]any{"code": code}, now)
	})
	if errors.Is(err, ErrCheckedInBefore) {
		return &b, err
	}
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// BookingsFor lists a meeting's bookings: seats in booking order, then the waiting list, then cancellations.
func BookingsFor(db *gorm.DB, meetingID uint) ([]Booking, error) {
	var out []Booking
	err := db.Preload("User").Where("meeting_id = ?", meetingID).
		Order("CASE status WHEN 'booked' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, id").Find(&out).Error
	return out, err
}

// BookingsOf lists one resident's bookings with their meetings, the latest meeting first.
func BookingsOf(db *gorm.DB, userID uint) ([]Booking, error) {
	var out []Booking
	err := db.Preload("Meeting").Joins("JOIN meetings ON meetings.id = bookings.meeting_id").
		Where("bookings.user_id = ? AND bookings.status <> ?", userID, BookingCancelled).
		Order("meetings.starts_at DESC").Find(&out).Error
	return out, err
}

// ActiveBooking is the resident's booking or waiting place for a meeting, if any.
func ActiveBooking(db *gorm.DB, meetingID, userID uint) (*Booking, error) {
	var b Booking
	err := db.Where("meeting_id = ? AND user_id = ? AND status <> ?", meetingID, userID, BookingCancelled).Limit(1).Find(&b).Error
	if err != nil || b.ID == 0 {
		return nil, err
	}
	return &b, nil
}

// WaitingPosition is the booking's place on the waiting list (1 is next).
func WaitingPosition(db *gorm.DB, b *Booking) (int64, error) {
	var n int64
	err := db.Model(&Booking{}).Where("meeting_id = ? AND status = ? AND id <= ?", b.MeetingID, BookingWaiting, b.ID).Count(&n).Error
	return n, err
}

// CheckedInCount counts the arrivals at a meeting.
func CheckedInCount(db *gorm.DB, meetingID uint) (int64, error) {
	var n int64
	err := db.Model(&Booking{}).Where("meeting_id = ? AND status = ? AND checked_in_at IS NOT NULL", meetingID, BookingBooked).Count(&n).Error
	return n, err
}

// FindBookingOf loads one of a resident's own bookings.
func FindBookingOf(db *gorm.DB, bookingID, userID uint) (*Booking, error) {
	var b Booking
	if err := db.Where("id = ? AND user_id = ?", bookingID, userID).Take(&b).Error; err != nil {
		return nil, models.ErrNotFound
	}
	return &b, nil
}

// FindBooking loads one booking.
func FindBooking(db *gorm.DB, id uint) (*Booking, error) {
	var b Booking
	if err := db.Take(&b, id).Error; err != nil {
		return nil, models.ErrNotFound
	}
	return &b, nil
}
