package models_test

import (
	"reflect"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/privacy"
)

// Each change that must end an account's sessions raises its generation by
// one in the UPDATE that makes it; what must not end them leaves it alone.
func TestWhatEndsSessions(t *testing.T) {
	db := modeltest.NewDB(t)
	admin := modeltest.MkUser(t, db, func(u *models.User) { u.Role = models.RoleAdmin })
	gen := func(id uint) int {
		t.Helper()
		u, err := models.FindUser(db, id)
		if err != nil {
			t.Fatal(err)
		}
		return u.SessionGen
	}
	for _, c := range []struct {
		what string
		act  func(u *models.User) error
		ends bool
	}{
		{"password change", func(u *models.User) error {
			_, err := models.ChangePassword(db, u.ID, models.PasswordChange{Current: modeltest.TestPassword, Password: "newpass123", Confirm: "newpass123"}, models.Mail{Subject: "알림"}, modeltest.T0)
			return err
		}, true},
		{"password reset", func(u *models.User) error {
			if err := models.RequestPasswordReset(db, u.Email, "reset-"+u.Email, models.Mail{Subject: "재설정"}, modeltest.T0); err != nil {
				return err
			}
			_, err := models.ResetPassword(db, "reset-"+u.Email, "newpass123", "newpass123", modeltest.T0)
			return err
		}, true},
		{"다른 기기에서 모두 로그아웃", func(u *models.User) error { _, err := models.EndOtherSessions(db, u.ID, modeltest.T0); return err }, true},
		{"promotion", func(u *models.User) error {
			return models.ChangeRole(db, admin.ID, u.ID, models.RoleStaff, modeltest.T0)
		}, true},
		{"demotion", func(u *models.User) error {
			modeltest.WantErr(t, db.Model(&models.User{}).Where("id = ?", u.ID).Update("role", models.RoleStaff).Error, nil)
			return models.ChangeRole(db, admin.ID, u.ID, models.RoleResident, modeltest.T0)
		}, true},
		{"deactivation", func(u *models.User) error { return models.SetDeactivated(db, admin.ID, u.ID, true, modeltest.T0) }, true},
		{"reactivation", func(u *models.User) error {
			modeltest.WantErr(t, db.Model(&models.User{}).Where("id = ?", u.ID).Update("deactivated_at", modeltest.T0).Error, nil)
			return models.SetDeactivated(db, admin.ID, u.ID, false, modeltest.T0)
		}, true},
		{"deletion", func(u *models.User) error {
			return privacy.DeleteAccount(db, u.ID, modeltest.TestPassword, modeltest.T0)
		}, true},

		{"log-in", func(u *models.User) error {
			_, err := models.Authenticate(db, u.Email, modeltest.TestPassword, modeltest.T0)
			return err
		}, false},
		{"failed log-in", func(u *models.User) error {
			_, err := models.Authenticate(db, u.Email, "wrong-pass-1", modeltest.T0)
			modeltest.WantErr(t, err, models.ErrBadCredentials)
			return nil
		}, false},
		{"refused password change", func(u *models.User) error {
			_, err := models.ChangePassword(db, u.ID, models.PasswordChange{Current: "wrong-pass-1", Password: "newpass123", Confirm: "newpass123"}, models.Mail{}, modeltest.T0)
			if _, ok := models.AsErrors(err); !ok {
				t.Errorf("a wrong current password: %v", err)
			}
			return nil
		}, false},
		{"role unchanged", func(u *models.User) error {
			return models.ChangeRole(db, admin.ID, u.ID, models.RoleResident, modeltest.T0)
		}, false},
		{"mail preferences", func(u *models.User) error { return models.SetNotifications(db, u.ID, false, false, true, modeltest.T0) }, false},
	} {
		u := modeltest.MkUser(t, db, func(u *models.User) { u.SessionGen = 4 })
		if err := c.act(u); err != nil {
			t.Errorf("%s: %v", c.what, err)
			continue
		}
		want := 4
		if c.ends {
			want = 5
		}
		if got := gen(u.ID); got != want {
			t.Errorf("after a %s the session generation is %d, want %d", c.what, got, want)
		}
	}
	// only the account changed: the admin's sessions went on through it all
	if got := gen(admin.ID); got != 0 {
		t.Errorf("the admin's generation moved to %d", got)
	}
	// a deactivated account has no sessions to end, and is not brought back by trying
	off := modeltest.MkUser(t, db, func(u *models.User) { u.DeactivatedAt = &modeltest.T0 })
	if _, err := models.EndOtherSessions(db, off.ID, modeltest.T0); err != models.ErrNotFound {
		t.Errorf("ending the sessions of a deactivated account: %v, want ErrNotFound", err)
	}
}

func TestOpensSession(t *testing.T) {
	active := &models.User{SessionGen: 2}
	off := &models.User{SessionGen: 2, DeactivatedAt: &modeltest.T0}
	var nobody *models.User
	for _, c := range []struct {
		u    *models.User
		gen  int
		want bool
	}{
		{active, 2, true},
		{active, 1, false},        // issued before the sessions were ended
		{active, 0, false},        // a cookie from before generations, on an account that ended its sessions since
		{&models.User{}, 0, true}, // …and on one that never did: sessions survive the deploy
		{active, 3, true},         // issued again after a change this copy of the account predates
		{off, 2, false},
		{nobody, 0, false},
	} {
		if got := c.u.OpensSession(c.gen); got != c.want {
			t.Errorf("%+v opens a session of generation %d: %v, want %v", c.u, c.gen, got, c.want)
		}
	}
}

func TestChangePassword(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db)
	change := func(current, password, confirm string, at time.Time) (*models.User, error) {
		return models.ChangePassword(db, u.ID, models.PasswordChange{Current: current, Password: password, Confirm: confirm},
			models.Mail{Subject: "[영등포1번가] 비밀번호가 변경되었습니다", Text: "알림", To: "someone@else.com"}, at)
	}

	_, err := change("", "short", "other", modeltest.T0)
	if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, []string{"current_password", "password", "password_confirm"}) {
		t.Errorf("fields = %v", got)
	}
	_, err = change(modeltest.TestPassword, modeltest.TestPassword, modeltest.TestPassword, modeltest.T0)
	if fe, _ := models.AsErrors(err); fe["password"] != "auth.error.password_same" {
		t.Errorf("the same password again: %v", err)
	}
	if n := modeltest.CountRows(t, db, &models.Mail{}); n != 0 {
		t.Errorf("%d mails queued by refused changes", n)
	}

	// wrong current passwords count as failed log-ins and lock the account like them
	for i := 1; i < models.MaxFailedLogins; i++ {
		_, err := change("wrong-pass-1", "newpass123", "newpass123", modeltest.T0)
		if fe, _ := models.AsErrors(err); fe["current_password"] == "" {
			t.Fatalf("attempt %d with a wrong current password: %v", i, err)
		}
	}
	_, err = change("wrong-pass-1", "newpass123", "newpass123", modeltest.T0)
	modeltest.WantErr(t, err, models.ErrLocked)
	locked, err := change(modeltest.TestPassword, "newpass123", "newpass123", modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, models.ErrLocked)
	if locked == nil || !modeltest.SameTime(locked.LockedUntil, modeltest.T0.Add(models.LockDuration)) {
		t.Errorf("while locked: %+v", locked)
	}
	_, err = models.Authenticate(db, u.Email, modeltest.TestPassword, modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, models.ErrLocked)

	// after the lock: the password changes, the lock record is cleared, the notice goes to the account
	at := modeltest.T0.Add(models.LockDuration)
	got, err := change(modeltest.TestPassword, "newpass123", "newpass123", at)
	modeltest.WantErr(t, err, nil)
	if got.SessionGen != 1 || got.FailedLogins != 0 || got.LockedUntil != nil {
		t.Errorf("after the change: %+v", got)
	}
	mails, err := models.MailsTo(db, u.Email)
	modeltest.WantErr(t, err, nil)
	if len(mails) != 1 || mails[0].Subject != "[영등포1번가] 비밀번호가 변경되었습니다" || !mails[0].NextAttemptAt.Equal(at) {
		t.Errorf("notice mails = %+v", mails)
	}
	_, err = models.Authenticate(db, u.Email, modeltest.TestPassword, at)
	modeltest.WantErr(t, err, models.ErrBadCredentials)
	_, err = models.Authenticate(db, u.Email, "newpass123", at)
	modeltest.WantErr(t, err, nil)
}

// The last log-in and the one before it are kept, whichever way the browser
// logged in.
func TestLogInsAreRecorded(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db)
	times := func() (last, previous *time.Time) {
		t.Helper()
		got, err := models.FindUser(db, u.ID)
		modeltest.WantErr(t, err, nil)
		return got.LastLoginAt, got.PreviousLoginAt
	}
	if last, previous := times(); last != nil || previous != nil {
		t.Fatalf("a new account has log-ins: %v, %v", last, previous)
	}
	first, second := modeltest.T0, modeltest.T0.Add(26*time.Hour)
	back, err := models.Authenticate(db, u.Email, modeltest.TestPassword, first)
	modeltest.WantErr(t, err, nil)
	if !modeltest.SameTime(back.LastLoginAt, first) || back.PreviousLoginAt != nil {
		t.Errorf("the account as logged in: last %v, previous %v", back.LastLoginAt, back.PreviousLoginAt)
	}
	_, err = models.Authenticate(db, u.Email, "wrong-pass-1", second)
	modeltest.WantErr(t, err, models.ErrBadCredentials)
	_, err = models.Authenticate(db, u.Email, modeltest.TestPassword, second)
	modeltest.WantErr(t, err, nil)
	if last, previous := times(); !modeltest.SameTime(last, second) || !modeltest.SameTime(previous, first) {
		t.Errorf("after two log-ins: last %v, previous %v; want %v, %v", last, previous, second, first)
	}

	// a reset logs in the browser that made it
	third := second.Add(time.Hour)
	modeltest.WantErr(t, models.RequestPasswordReset(db, u.Email, "reset-token", models.Mail{Subject: "재설정"}, third), nil)
	_, err = models.ResetPassword(db, "reset-token", "newpass123", "newpass123", third)
	modeltest.WantErr(t, err, nil)
	if last, previous := times(); !modeltest.SameTime(last, third) || !modeltest.SameTime(previous, second) {
		t.Errorf("after a reset: last %v, previous %v", last, previous)
	}

	// so does signing up, and the verification link
	in := validSignUp()
	fresh, err := models.Register(db, in, "verify-token", models.Mail{Subject: "인증"}, first)
	modeltest.WantErr(t, err, nil)
	_, err = models.VerifyEmail(db, "verify-token", second)
	modeltest.WantErr(t, err, nil)
	got, _ := models.FindUser(db, fresh.ID)
	if !modeltest.SameTime(got.LastLoginAt, second) || !modeltest.SameTime(got.PreviousLoginAt, first) {
		t.Errorf("signed up and verified: last %v, previous %v", got.LastLoginAt, got.PreviousLoginAt)
	}
}
