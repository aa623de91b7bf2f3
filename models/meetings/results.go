package meetings

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// ResultInput is the staff form that closes a meeting.
type ResultInput struct {
	Minutes      string
	Attendees    string // empty: the number checked in
	MainOpinions string
	FollowUps    string
}

// PublishResults closes a meeting with its minutes, attendance, main
// opinions and follow-ups; publishing again corrects them.
func PublishResults(db *gorm.DB, id, staffID uint, in ResultInput, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	in.Minutes = strings.TrimSpace(in.Minutes)
	if in.Minutes == "" {
		errs.Add("minutes", "meetings.error.minutes")
	}
	attendees := -1
	if s := strings.TrimSpace(strings.ReplaceAll(in.Attendees, ",", "")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs.Add("attendees", "meetings.error.attendees")
		}
		attendees = n
	}
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var m Meeting
		if err := tx.Take(&m, id).Error; err != nil {
			return models.ErrNotFound
		}
		if m.CancelledAt != nil || now.Before(m.StartsAt) {
			return models.ErrStateChanged
		}
		if attendees < 0 {
			n, err := CheckedInCount(tx, id)
			if err != nil {
				return err
			}
			attendees = int(n)
		}
		after := map[string]any{"minutes": in.Minutes, "attendees": attendees, "main_opinions": in.MainOpinions, "follow_ups": in.FollowUps}
		err := tx.Model(&Meeting{}).Where("id = ?", id).Updates(map[string]any{
			"minutes": in.Minutes, "minutes_html": models.RenderMarkdown(in.Minutes), "attendees": attendees,
			"main_opinions": strings.TrimSpace(in.MainOpinions), "follow_ups": strings.TrimSpace(in.FollowUps),
			"results_at": now, "updated_at": now}).Error
		if err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditMeetingResults, "meeting", id, nil, after, now)
	})
}

// ErrMeetingNotOver refuses an opinion left before the meeting ended.
var ErrMeetingNotOver = errors.New("meeting has not ended")

// LeaveMeetingOpinion stores an opinion from a resident who was booked for
// a meeting, once the meeting has ended.
func LeaveMeetingOpinion(db *gorm.DB, meetingID, userID uint, text, category, dong string, now time.Time) (*Opinion, error) {
	now = now.UTC()
	m, err := FindMeeting(db, meetingID)
	if err != nil {
		return nil, err
	}
	if m.CancelledAt != nil || now.Before(m.EndsAt) {
		return nil, ErrMeetingNotOver
	}
	b, err := ActiveBooking(db, meetingID, userID)
	if err != nil {
		return nil, err
	}
	if b == nil || b.Status != BookingBooked {
		return nil, ErrNotBooked
	}
	return SubmitOpinion(db, meetingID, userID, text, category, dong, now)
}
