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
	ICSMeetingID   uint `gorm:"column:ics_meeting_id"` // attach this meeting's .ics when sending
	QRBookingID    uint `gorm:"column:qr_booking_id"`  // attach this booking's check-in QR code
	SentAt         *time.Time
	CreatedAt      time.Time
}

// MailLanguage is the language of the mails to an address: its account's
// (ko, en or zh, as the mail was written in), else "" for the default.
func MailLanguage(db *gorm.DB, email string) (string, error) {
	var codes []string
	err := db.Model(&User{}).Where("email = ?", email).Limit(1).Pluck("language", &codes).Error
	if err != nil || len(codes) == 0 {
		return "", err
	}
	return codes[0], nil
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

// MailLease is how long a claimed mail stays with the worker that claimed it:
// longer than one SMTP attempt may take. A worker that dies mid-send gives
// its mails back when the lease ends.
const MailLease = 5 * time.Minute

// ClaimDueMails takes up to limit due mails for one worker: it moves their
// next attempt past the lease in the same transaction that reads them, so a
// worker in another instance does not take them too. On PostgreSQL rows
// another worker is claiming right now are skipped rather than waited for;
// SQLite has one writer at a time, which makes the claim exclusive already.
func ClaimDueMails(db *gorm.DB, now time.Time, limit int) ([]Mail, error) {
	now = now.UTC()
	var ms []Mail
	err := db.Transaction(func(tx *gorm.DB) error {
		q := tx.Where("status = ? AND next_attempt_at <= ?", MailPending, now).Order("next_attempt_at, id").Limit(limit)
		if err := skipLocked(q).Find(&ms).Error; err != nil || len(ms) == 0 {
			return err
		}
		ids := make([]uint, len(ms))
		for i, m := range ms {
			ids[i] = m.ID
		}
		return tx.Model(&Mail{}).Where("id IN ?", ids).Update("next_attempt_at", now.Add(MailLease)).Error
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
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

// MailQuery filters the outbox on the desk.
type MailQuery struct {
	Status string
	To     string
	Page   int
}

// ListMails returns one page of the outbox, newest first, and the total.
func ListMails(db *gorm.DB, q MailQuery) ([]Mail, int64, error) {
	tx := db.Model(&Mail{})
	if q.Status != "" {
		tx = tx.Where("status = ?", q.Status)
	}
	if q.To != "" {
		tx = tx.Where("recipient = ?", NormalizeEmail(q.To))
	}
	var total int64
	if err := tx.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	q.Page = max(q.Page, 1)
	var out []Mail
	err := tx.Order("id DESC").Offset((q.Page - 1) * 50).Limit(50).Find(&out).Error
	return out, total, err
}

// FindMail loads one mail of the outbox.
func FindMail(db *gorm.DB, id uint) (*Mail, error) {
	var m Mail
	if err := db.Take(&m, id).Error; err != nil {
		return nil, ErrNotFound
	}
	return &m, nil
}

// CountMails counts the outbox mails in one status.
func CountMails(db *gorm.DB, status string) (int64, error) {
	var n int64
	err := db.Model(&Mail{}).Where("status = ?", status).Count(&n).Error
	return n, err
}

// ResendMail puts a failed mail back in the queue with fresh attempts.
func ResendMail(db *gorm.DB, id, actorID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Mail{}).Where("id = ? AND status = ?", id, MailFailed).
			Updates(map[string]any{"status": MailPending, "attempts": 0, "next_attempt_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStateChanged
		}
		return Audit(tx, actorID, AuditMailResend, "mail", id, map[string]any{"status": MailFailed}, map[string]any{"status": MailPending}, now)
	})
}
