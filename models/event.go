package models

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
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
	// DeliberationID names the 공론장 an event of the 열린공론장 concerns;
	// left out of an insert when zero.
	DeliberationID uint   `gorm:"default:null"`
	Data           string // JSON details, such as a refusal reason
	CreatedAt      time.Time
	DoneAt         *time.Time
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
		"COALESCE(booking_id, 0) AS booking_id, COALESCE(deliberation_id, 0) AS deliberation_id, data, created_at, done_at").
		Where("done_at IS NULL").Order("id").Limit(limit).Find(&out).Error
	return out, err
}

// Recipient is a person an event's mail goes to.
type Recipient struct {
	UserID   uint
	Email    string
	Name     string
	Language string // of the mails sent to them: ko, en or zh
	Token    string // for the one-click unsubscribe link
	Author   bool   // the petition's author, rather than a supporter or staff
}

// ExpandEvent turns one event into mails in one transaction: recipients
// lists who hears of it (each capability knows its own events), render makes
// the mail for each recipient. The event is claimed first, so two workers
// never send it twice.
func ExpandEvent(db *gorm.DB, e Event, recipients func(tx *gorm.DB, e Event) ([]Recipient, error),
	render func(Recipient) (Mail, error), now time.Time) (int, error) {
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
