package models

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// Event kinds: what residents (and staff) are told by mail.
const (
	EventPreconsentReached = "preconsent_reached" // author: the 사전동의 goal is met
	EventPublished         = "published"          // author
	EventRefused           = "refused"            // author, with the reason
	EventThresholdReached  = "threshold_reached"  // author and staff
	EventAnswered          = "answered"           // author and every supporter
	EventDeptAnswered      = "dept_answered"      // author and every supporter
	EventProgress          = "progress"           // author and supporters who opted in
)

// Event is a change residents are told about. It is written in the same
// transaction as the change, and the mail worker turns it into one mail per
// recipient later, so a request never waits for a thousand mails and a mail
// goes out if and only if the change committed.
type Event struct {
	ID         uint
	Kind       string
	PetitionID uint
	MeetingID  uint
	BookingID  uint
	Data       string // JSON details, such as a refusal reason
	CreatedAt  time.Time
	DoneAt     *time.Time
}

func recordEvent(tx *gorm.DB, kind string, petitionID uint, data map[string]string, now time.Time) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return tx.Omit("MeetingID", "BookingID").Create(&Event{Kind: kind, PetitionID: petitionID, Data: string(b), CreatedAt: now}).Error
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
	return tx.Model(&Event{}).Create(ev).Error
}

// Details decodes the event's data.
func (e *Event) Details() map[string]string {
	m := map[string]string{}
	_ = json.Unmarshal([]byte(e.Data), &m)
	return m
}

// PendingEvents returns events not yet turned into mails, oldest first.
func PendingEvents(db *gorm.DB, limit int) ([]Event, error) {
	var out []Event
	err := db.Select("id, kind, COALESCE(petition_id, 0) AS petition_id, COALESCE(meeting_id, 0) AS meeting_id, " +
		"COALESCE(booking_id, 0) AS booking_id, data, created_at, done_at").
		Where("done_at IS NULL").Order("id").Limit(limit).Find(&out).Error
	return out, err
}

// Recipient is a person an event's mail goes to.
type Recipient struct {
	UserID uint
	Email  string
	Name   string
	Token  string // for the one-click unsubscribe link
	Author bool   // the petition's author, rather than a supporter or staff
}

// recipients lists who hears of an event, honouring each person's mail preferences.
func recipients(tx *gorm.DB, e Event) ([]Recipient, error) {
	if e.MeetingID != 0 {
		return meetingRecipients(tx, e)
	}
	var p Petition
	if err := tx.Select("id", "author_id").Take(&p, e.PetitionID).Error; err != nil {
		return nil, err
	}
	var out []Recipient
	author := tx.Model(&User{}).Select("id AS user_id, email, name, unsubscribe_token AS token, TRUE AS author").
		Where("id = ? AND notify_own AND deactivated_at IS NULL", p.AuthorID)
	if err := author.Scan(&out).Error; err != nil {
		return nil, err
	}
	var others []Recipient
	q := tx.Model(&User{}).Select("users.id AS user_id, users.email, users.name, users.unsubscribe_token AS token").
		Where("users.deactivated_at IS NULL AND users.id <> ?", p.AuthorID)
	switch e.Kind {
	case EventThresholdReached:
		q = q.Where("users.role IN ?", []Role{RoleStaff, RoleAdmin})
	case EventAnswered, EventDeptAnswered:
		q = q.Joins("JOIN supports ON supports.user_id = users.id AND supports.petition_id = ?", p.ID).
			Where("users.notify_supported")
	case EventProgress:
		q = q.Joins("JOIN supports ON supports.user_id = users.id AND supports.petition_id = ?", p.ID).
			Where("users.notify_progress")
	default:
		return out, nil
	}
	if err := q.Order("users.id").Scan(&others).Error; err != nil {
		return nil, err
	}
	return append(out, others...), nil
}

// ExpandEvent turns one event into mails in one transaction: render makes
// the mail for each recipient. The event is claimed first, so two workers
// never send it twice.
func ExpandEvent(db *gorm.DB, e Event, render func(Recipient) (Mail, error), now time.Time) (int, error) {
	now = now.UTC()
	n := 0
	err := db.Transaction(func(tx *gorm.DB) error {
		// another instance expanding the same event holds its row: leave it to that one
		var claimed []uint
		if err := skipLocked(tx.Model(&Event{}).Where("id = ? AND done_at IS NULL", e.ID)).Pluck("id", &claimed).Error; err != nil || len(claimed) == 0 {
			return err
		}
		res := tx.Model(&Event{}).Where("id = ? AND done_at IS NULL", e.ID).Update("done_at", now)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		rs, err := recipients(tx, e)
		if err != nil {
			return err
		}
		batch := make([]Mail, 0, 100)
		for _, r := range rs {
			m, err := render(r)
			if err != nil {
				return err
			}
			m.To, m.Status, m.NextAttemptAt, m.CreatedAt = r.Email, MailPending, now, now
			batch = append(batch, m)
			if len(batch) == cap(batch) {
				if err := tx.Create(&batch).Error; err != nil {
					return err
				}
				n += len(batch)
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			if err := tx.Create(&batch).Error; err != nil {
				return err
			}
			n += len(batch)
		}
		return nil
	})
	return n, err
}
