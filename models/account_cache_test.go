package models_test

import (
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
)

// A session's account is read again at most once a second, except that any
// change made through the database handle is seen by the next request.
func TestSessionUserIsKeptUntilAccountsChange(t *testing.T) {
	db := modeltest.NewDB(t)
	kept := db.Config.Plugins[(*models.Accounts)(nil).Name()].(*models.Accounts)
	kept.SetTTL(time.Hour) // nothing goes stale on its own in this test but the last part
	admin := modeltest.MkUser(t, db, func(u *models.User) { u.Role = models.RoleAdmin })
	u := modeltest.MkUser(t, db)
	name := func() string {
		t.Helper()
		got, err := models.SessionUser(db, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Name
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	behindTheBack := func(newName string) {
		t.Helper()
		if _, err := sqlDB.Exec("UPDATE users SET name = $1 WHERE id = $2", newName, u.ID); err != nil {
			t.Fatal(err)
		}
	}

	if got := name(); got != u.Name {
		t.Fatalf("name %q, want %q", got, u.Name)
	}
	// a change outside the handle is not seen while the account is kept
	behindTheBack("김영희")
	if got := name(); got != u.Name {
		t.Errorf("a kept account read again: %q", got)
	}
	// the caller's copy is its own
	mine, _ := models.SessionUser(db, u.ID)
	mine.Name = "바꾼 사람"
	if got := name(); got != u.Name {
		t.Errorf("a caller's change reached the kept account: %q", got)
	}

	// any write to accounts through the handle is seen at once
	for _, c := range []struct {
		what   string
		change func() error
		check  func(*models.User) bool
	}{
		{"notifications", func() error { return models.SetNotifications(db, u.ID, false, false, false, modeltest.T0) },
			func(got *models.User) bool { return !got.NotifyOwn && got.Name == "김영희" }},
		{"raw SQL through GORM", func() error { return db.Exec("UPDATE users SET name = ? WHERE id = ?", "박민수", u.ID).Error },
			func(got *models.User) bool { return got.Name == "박민수" }},
		{"role", func() error { return models.ChangeRole(db, admin.ID, u.ID, models.RoleStaff, modeltest.T0) },
			func(got *models.User) bool { return got.Role == models.RoleStaff }},
		{"deactivation", func() error { return models.SetDeactivated(db, admin.ID, u.ID, true, modeltest.T0) },
			func(got *models.User) bool { return !got.Active() }},
	} {
		if _, err := models.SessionUser(db, u.ID); err != nil { // kept before the change
			t.Fatal(err)
		}
		if err := c.change(); err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		got, err := models.SessionUser(db, u.ID)
		if err != nil || !c.check(got) {
			t.Errorf("after a change of %s the session's account is %+v, %v", c.what, got, err)
		}
	}

	// a change outside the handle is seen once the kept account is stale
	kept.SetTTL(20 * time.Millisecond)
	behindTheBack("최종")
	time.Sleep(30 * time.Millisecond)
	if got := name(); got != "최종" {
		t.Errorf("a stale account was used: %q", got)
	}
	if _, err := models.SessionUser(db, 999999); err != models.ErrNotFound {
		t.Errorf("unknown account: %v, want ErrNotFound", err)
	}
}
