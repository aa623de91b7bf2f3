package models

import (
	"reflect"
	"testing"
	"time"
)

// Each change that must end an account's sessions raises its generation by
// one in the UPDATE that makes it; what must not end them leaves it alone.
func TestWhatEndsSessions(t *testing.T) {
	db := newTestDB(t)
	admin := mkUser(t, db, func(u *User) { u.Role = RoleAdmin })
	gen := func(id uint) int {
		t.Helper()
		u, err := FindUser(db, id)
		if err != nil {
			t.Fatal(err)
		}
		return u.SessionGen
	}
	for _, c := range []struct {
		what string
		act  func(u *User) error
		ends bool
	}{
		{"password change", func(u *User) error {
			_, err := ChangePassword(db, u.ID, PasswordChange{Current: testPassword, Password: "newpass123", Confirm: "newpass123"}, Mail{Subject: "알림"}, t0)
			return err
		}, true},
		{"password reset", func(u *User) error {
			if err := RequestPasswordReset(db, u.Email, "reset-"+u.Email, Mail{Subject: "재설정"}, t0); err != nil {
				return err
			}
			_, err := ResetPassword(db, "reset-"+u.Email, "newpass123", "newpass123", t0)
			return err
		}, true},
		{"다른 기기에서 모두 로그아웃", func(u *User) error { _, err := EndOtherSessions(db, u.ID, t0); return err }, true},
		{"promotion", func(u *User) error { return ChangeRole(db, admin.ID, u.ID, RoleStaff, t0) }, true},
		{"demotion", func(u *User) error {
			wantErr(t, db.Model(&User{}).Where("id = ?", u.ID).Update("role", RoleStaff).Error, nil)
			return ChangeRole(db, admin.ID, u.ID, RoleResident, t0)
		}, true},
		{"deactivation", func(u *User) error { return SetDeactivated(db, admin.ID, u.ID, true, t0) }, true},
		{"reactivation", func(u *User) error {
			wantErr(t, db.Model(&User{}).Where("id = ?", u.ID).Update("deactivated_at", t0).Error, nil)
			return SetDeactivated(db, admin.ID, u.ID, false, t0)
		}, true},
		{"deletion", func(u *User) error { return DeleteAccount(db, u.ID, testPassword, t0) }, true},

		{"log-in", func(u *User) error { _, err := Authenticate(db, u.Email, testPassword, t0); return err }, false},
		{"failed log-in", func(u *User) error {
			_, err := Authenticate(db, u.Email, "wrong-pass-1", t0)
			wantErr(t, err, ErrBadCredentials)
			return nil
		}, false},
		{"refused password change", func(u *User) error {
			_, err := ChangePassword(db, u.ID, PasswordChange{Current: "wrong-pass-1", Password: "newpass123", Confirm: "newpass123"}, Mail{}, t0)
			if _, ok := AsErrors(err); !ok {
				t.Errorf("a wrong current password: %v", err)
			}
			return nil
		}, false},
		{"role unchanged", func(u *User) error { return ChangeRole(db, admin.ID, u.ID, RoleResident, t0) }, false},
		{"mail preferences", func(u *User) error { return SetNotifications(db, u.ID, false, false, true, t0) }, false},
	} {
		u := mkUser(t, db, func(u *User) { u.SessionGen = 4 })
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
	off := mkUser(t, db, func(u *User) { u.DeactivatedAt = &t0 })
	if _, err := EndOtherSessions(db, off.ID, t0); err != ErrNotFound {
		t.Errorf("ending the sessions of a deactivated account: %v, want ErrNotFound", err)
	}
}

func TestOpensSession(t *testing.T) {
	active := &User{SessionGen: 2}
	off := &User{SessionGen: 2, DeactivatedAt: &t0}
	var nobody *User
	for _, c := range []struct {
		u    *User
		gen  int
		want bool
	}{
		{active, 2, true},
		{active, 1, false}, // issued before the sessions were ended
		{active, 0, false}, // a cookie from before generations, on an account that ended its sessions since
		{&User{}, 0, true}, // …and on one that never did: sessions survive the deploy
		{active, 3, true},  // issued again after a change this copy of the account predates
		{off, 2, false},
		{nobody, 0, false},
	} {
		if got := c.u.OpensSession(c.gen); got != c.want {
			t.Errorf("%+v opens a session of generation %d: %v, want %v", c.u, c.gen, got, c.want)
		}
	}
}

func TestChangePassword(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db)
	change := func(current, password, confirm string, at time.Time) (*User, error) {
		return ChangePassword(db, u.ID, PasswordChange{Current: current, Password: password, Confirm: confirm},
			Mail{Subject: "[영등포1번가] 비밀번호가 변경되었습니다", Text: "알림", To: "someone@else.com"}, at)
	}

	_, err := change("", "short", "other", t0)
	if got := fieldErrors(t, err); !reflect.DeepEqual(got, []string{"current_password", "password", "password_confirm"}) {
		t.Errorf("fields = %v", got)
	}
	_, err = change(testPassword, testPassword, testPassword, t0)
	if fe, _ := AsErrors(err); fe["password"] != "지금 쓰는 비밀번호와 다른 비밀번호를 입력해 주세요." {
		t.Errorf("the same password again: %v", err)
	}
	if n := countRows(t, db, &Mail{}); n != 0 {
		t.Errorf("%d mails queued by refused changes", n)
	}

	// wrong current passwords count as failed log-ins and lock the account like them
	for i := 1; i < MaxFailedLogins; i++ {
		_, err := change("wrong-pass-1", "newpass123", "newpass123", t0)
		if fe, _ := AsErrors(err); fe["current_password"] == "" {
			t.Fatalf("attempt %d with a wrong current password: %v", i, err)
		}
	}
	_, err = change("wrong-pass-1", "newpass123", "newpass123", t0)
	wantErr(t, err, ErrLocked)
	locked, err := change(testPassword, "newpass123", "newpass123", t0.Add(time.Minute))
	wantErr(t, err, ErrLocked)
	if locked == nil || !sameTime(locked.LockedUntil, t0.Add(LockDuration)) {
		t.Errorf("while locked: %+v", locked)
	}
	_, err = Authenticate(db, u.Email, testPassword, t0.Add(time.Minute))
	wantErr(t, err, ErrLocked)

	// after the lock: the password changes, the lock record is cleared, the notice goes to the account
	at := t0.Add(LockDuration)
	got, err := change(testPassword, "newpass123", "newpass123", at)
	wantErr(t, err, nil)
	if got.SessionGen != 1 || got.FailedLogins != 0 || got.LockedUntil != nil {
		t.Errorf("after the change: %+v", got)
	}
	mails, err := MailsTo(db, u.Email)
	wantErr(t, err, nil)
	if len(mails) != 1 || mails[0].Subject != "[영등포1번가] 비밀번호가 변경되었습니다" || !mails[0].NextAttemptAt.Equal(at) {
		t.Errorf("notice mails = %+v", mails)
	}
	_, err = Authenticate(db, u.Email, testPassword, at)
	wantErr(t, err, ErrBadCredentials)
	_, err = Authenticate(db, u.Email, "newpass123", at)
	wantErr(t, err, nil)
}

// The last log-in and the one before it are kept, whichever way the browser
// logged in.
func TestLogInsAreRecorded(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db)
	times := func() (last, previous *time.Time) {
		t.Helper()
		got, err := FindUser(db, u.ID)
		wantErr(t, err, nil)
		return got.LastLoginAt, got.PreviousLoginAt
	}
	if last, previous := times(); last != nil || previous != nil {
		t.Fatalf("a new account has log-ins: %v, %v", last, previous)
	}
	first, second := t0, t0.Add(26*time.Hour)
	back, err := Authenticate(db, u.Email, testPassword, first)
	wantErr(t, err, nil)
	if !sameTime(back.LastLoginAt, first) || back.PreviousLoginAt != nil {
		t.Errorf("the account as logged in: last %v, previous %v", back.LastLoginAt, back.PreviousLoginAt)
	}
	_, err = Authenticate(db, u.Email, "wrong-pass-1", second)
	wantErr(t, err, ErrBadCredentials)
	_, err = Authenticate(db, u.Email, testPassword, second)
	wantErr(t, err, nil)
	if last, previous := times(); !sameTime(last, second) || !sameTime(previous, first) {
		t.Errorf("after two log-ins: last %v, previous %v; want %v, %v", last, previous, second, first)
	}

	// a reset logs in the browser that made it
	third := second.Add(time.Hour)
	wantErr(t, RequestPasswordReset(db, u.Email, "reset-token", Mail{Subject: "재설정"}, third), nil)
	_, err = ResetPassword(db, "reset-token", "newpass123", "newpass123", third)
	wantErr(t, err, nil)
	if last, previous := times(); !sameTime(last, third) || !sameTime(previous, second) {
		t.Errorf("after a reset: last %v, previous %v", last, previous)
	}

	// so does signing up, and the verification link
	in := validSignUp()
	fresh, err := Register(db, in, "verify-token", Mail{Subject: "인증"}, first)
	wantErr(t, err, nil)
	_, err = VerifyEmail(db, "verify-token", second)
	wantErr(t, err, nil)
	got, _ := FindUser(db, fresh.ID)
	if !sameTime(got.LastLoginAt, second) || !sameTime(got.PreviousLoginAt, first) {
		t.Errorf("signed up and verified: last %v, previous %v", got.LastLoginAt, got.PreviousLoginAt)
	}
}
