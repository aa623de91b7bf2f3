package models_test

import (
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
)

func TestResetTokensExpireAndWorkOnce(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db)
	modeltest.WantErr(t, models.RequestPasswordReset(db, u.Email, "first-token", models.Mail{Subject: "재설정", Text: "링크"}, modeltest.T0), nil)
	modeltest.WantErr(t, models.RequestPasswordReset(db, u.Email, "second-token", models.Mail{Subject: "재설정", Text: "링크"}, modeltest.T0), nil)
	_, err := models.ResetPassword(db, "first-token", "newpass123", "newpass123", modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, models.ErrTokenInvalid) // expired after an hour
	_, err = models.ResetPassword(db, "second-token", "short", "short", modeltest.T0)
	if _, ok := models.AsErrors(err); !ok {
		t.Fatalf("a weak password was accepted: %v", err)
	}
	_, err = models.ResetPassword(db, "second-token", "newpass123", "newpass123", modeltest.T0.Add(59*time.Minute))
	modeltest.WantErr(t, err, nil)
	_, err = models.ResetPassword(db, "second-token", "otherpass123", "otherpass123", modeltest.T0.Add(59*time.Minute))
	modeltest.WantErr(t, err, models.ErrTokenInvalid) // once only
	got, err := models.Authenticate(db, u.Email, "newpass123", modeltest.T0.Add(2*time.Hour))
	modeltest.WantErr(t, err, nil)
	if got.ID != u.ID {
		t.Errorf("logged in as %d", got.ID)
	}
	// an unknown or deactivated address queues nothing
	modeltest.WantErr(t, models.RequestPasswordReset(db, "nobody@example.com", "x", models.Mail{}, modeltest.T0), nil)
	if n := modeltest.CountRows(t, db, &models.Mail{}); n != 2 {
		t.Errorf("%d mails queued, want 2", n)
	}
}
