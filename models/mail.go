package models

import (
	"time"

	"gorm.io/gorm"
)

// Mail statuses in the outbox.
const (
	MailPending = "pending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// MaxMailAttempts is how often the outbox tries a mail before marking it failed.
const MaxMailAttempts = 6

// Mail is one message in the outbox. It is queued in the same transaction as
// the event it reports, so a mail is sent if and only if the event happened.
type Mail struct {
	ID             uint
	To             string `gorm:"column:recipient"`
	Subject        string
	Text           string `gorm:"column:text_body"`
	HTML           string `gorm:"column:html_body"`
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	LastError      string
	UnsubscribeURL string
	SentAt         *time.Time
	CreatedAt      time.Time
}

// QueueMail adds a mail to the outbox inside tx.
func QueueMail(tx *gorm.DB, m Mail, now time.Time) error {
	now = now.UTC()
	m.ID = 0
	m.Status = MailPending
	m.Attempts, m.LastError, m.SentAt = 0, "", nil // a re-queued copy of an old mail starts afresh
	m.NextAttemptAt = now
	m.CreatedAt = now
	return tx.Create(&m).Error
}

// DueMails returns pending mails whose next attempt is due, oldest first.
func DueMails(db *gorm.DB, now time.Time, limit int) ([]Mail, error) {
	now = now.UTC()
	var ms []Mail
	err := db.Where("status = ? AND next_attempt_at <= ?", MailPending, now).
		Order("next_attempt_at, id").Limit(limit).Find(&ms).Error
	return ms, err
}

// MarkMailSent records a delivered mail.
func MarkMailSent(db *gorm.DB, id uint, now time.Time) error {
	now = now.UTC()
	return db.Model(&Mail{}).Where("id = ? AND status = ?", id, MailPending).
		Updates(map[string]any{"status": MailSent, "sent_at": now, "attempts": gorm.Expr("attempts + 1")}).Error
}

// MarkMailFailed records a failed attempt: the mail is retried with
// exponential backoff (1, 2, 4 … minutes) until MaxMailAttempts.
func MarkMailFailed(db *gorm.DB, m Mail, cause error, now time.Time) error {
	now = now.UTC()
	attempts := m.Attempts + 1
	updates := map[string]any{"attempts": attempts, "last_error": cause.Error()}
	if attempts >= MaxMailAttempts {
		updates["status"] = MailFailed
	} else {
		updates["next_attempt_at"] = now.Add(time.Minute << (attempts - 1))
	}
	return db.Model(&Mail{}).Where("id = ? AND status = ?", m.ID, MailPending).Updates(updates).Error
}

// MailsTo lists the mails sent to one address, newest first.
func MailsTo(db *gorm.DB, to string) ([]Mail, error) {
	var ms []Mail
	err := db.Where("recipient = ?", to).Order("id DESC").Find(&ms).Error
	return ms, err
}
