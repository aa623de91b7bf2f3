package models_test

import (
	"errors"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
)

func TestMailOutbox(t *testing.T) {
	db := modeltest.NewDB(t)
	for i, to := range []string{"a@example.com", "b@example.com", "a@example.com"} {
		m := models.Mail{ID: 77, To: to, Subject: "제목", Text: "본문", HTML: "<p>본문</p>", Status: models.MailSent, Attempts: 9}
		modeltest.WantErr(t, models.QueueMail(db, m, modeltest.T0.Add(time.Duration(i)*time.Minute)), nil)
	}
	due, err := models.DueMails(db, modeltest.T0.Add(time.Minute), 10)
	modeltest.WantErr(t, err, nil)
	if len(due) != 2 || due[0].To != "a@example.com" || due[1].To != "b@example.com" {
		t.Fatalf("due at +1m = %+v", due)
	}
	if due[0].Status != models.MailPending || due[0].Attempts != 0 || due[0].ID == 77 {
		t.Errorf("QueueMail kept the caller's status, attempts or id: %+v", due[0])
	}
	if got, _ := models.DueMails(db, modeltest.T0.Add(time.Hour), 1); len(got) != 1 {
		t.Errorf("limit ignored: %d mails", len(got))
	}

	// Failures back off 1, 2, 4, 8, 16 minutes, then the mail is given up.
	m := due[0]
	now := modeltest.T0
	for attempt := 1; attempt < models.MaxMailAttempts; attempt++ {
		modeltest.WantErr(t, models.MarkMailFailed(db, m, errors.New("smtp: 451 try later"), now), nil)
		modeltest.WantErr(t, db.Take(&m, m.ID).Error, nil)
		wait := time.Minute << (attempt - 1)
		if m.Status != models.MailPending || m.Attempts != attempt || !m.NextAttemptAt.Equal(now.Add(wait)) || m.LastError != "smtp: 451 try later" {
			t.Fatalf("after failure %d: %+v, want the next attempt in %v", attempt, m, wait)
		}
		if due, _ := models.DueMails(db, now.Add(wait-time.Second), 10); containsMail(due, m.ID) {
			t.Errorf("after failure %d the mail is due again before its backoff", attempt)
		}
		now = now.Add(wait)
	}
	modeltest.WantErr(t, models.MarkMailFailed(db, m, errors.New("smtp: 550 no such user"), now), nil)
	modeltest.WantErr(t, db.Take(&m, m.ID).Error, nil)
	if m.Status != models.MailFailed || m.Attempts != models.MaxMailAttempts {
		t.Errorf("after %d failures: %+v", models.MaxMailAttempts, m)
	}
	if due, _ := models.DueMails(db, now.Add(24*time.Hour), 10); containsMail(due, m.ID) {
		t.Error("a failed mail is still due")
	}

	modeltest.WantErr(t, models.MarkMailSent(db, due[1].ID, now), nil)
	var sent models.Mail
	modeltest.WantErr(t, db.Take(&sent, due[1].ID).Error, nil)
	if sent.Status != models.MailSent || !modeltest.SameTime(sent.SentAt, now) || sent.Attempts != 1 {
		t.Errorf("sent mail = %+v", sent)
	}
	// A mail already sent is not marked failed by a late report.
	modeltest.WantErr(t, models.MarkMailFailed(db, sent, errors.New("late"), now), nil)
	modeltest.WantErr(t, db.Take(&sent, sent.ID).Error, nil)
	if sent.Status != models.MailSent {
		t.Errorf("a sent mail became %q", sent.Status)
	}

	mails, err := models.MailsTo(db, "a@example.com")
	modeltest.WantErr(t, err, nil)
	if len(mails) != 2 || mails[0].ID < mails[1].ID {
		t.Errorf("MailsTo = %+v, want two, newest first", mails)
	}
}

func containsMail(ms []models.Mail, id uint) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}
