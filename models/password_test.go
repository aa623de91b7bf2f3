package models

import (
	"testing"
	"time"
)

func TestResetTokensExpireAndWorkOnce(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db)
	wantErr(t, RequestPasswordReset(db, u.Email, "first-token", Mail{Subject: "재설정", Text: "링크"}, t0), nil)
	wantErr(t, RequestPasswordReset(db, u.Email, "second-token", Mail{Subject: "재설정", Text: "링크"}, t0), nil)
	_, err := ResetPassword(db, "first-token", "newpass123", "newpass123", t0.Add(time.Hour))
	wantErr(t, err, ErrTokenInvalid) // expired after an hour
	_, err = ResetPassword(db, "second-token", "short", "short", t0)
	if _, ok := AsErrors(err); !ok {
		t.Fatalf("a weak password was accepted: %v", err)
	}
	_, err = ResetPassword(db, "second-token", "newpass123", "newpass123", t0.Add(59*time.Minute))
	wantErr(t, err, nil)
	_, err = ResetPassword(db, "second-token", "otherpass123", "otherpass123", t0.Add(59*time.Minute))
	wantErr(t, err, ErrTokenInvalid) // once only
	got, err := Authenticate(db, u.Email, "newpass123", t0.Add(2*time.Hour))
	wantErr(t, err, nil)
	if got.ID != u.ID {
		t.Errorf("logged in as %d", got.ID)
	}
	// an unknown or deactivated address queues nothing
	wantErr(t, RequestPasswordReset(db, "nobody@example.com", "x", Mail{}, t0), nil)
	if n := countRows(t, db, &Mail{}); n != 2 {
		t.Errorf("%d mails queued, want 2", n)
	}
}
