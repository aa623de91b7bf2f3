package models

import (
	"strings"
	"testing"
	"time"
)

func TestDeactivatedAccountCannotLogIn(t *testing.T) {
	db := newTestDB(t)
	admin := mkUser(t, db, asAdmin)
	u := mkUser(t, db)

	wantErr(t, SetDeactivated(db, admin.ID, u.ID, true, t0), nil)
	got, err := Authenticate(db, u.Email, testPassword, t0.Add(time.Minute))
	wantErr(t, err, ErrDeactivated)
	if got == nil || got.Active() {
		t.Errorf("Authenticate returned %+v", got)
	}
	// a wrong password says nothing about the account
	_, err = Authenticate(db, u.Email, "wrongpass123", t0.Add(time.Minute))
	wantErr(t, err, ErrBadCredentials)
	// twice is a state change, not a second deactivation
	wantErr(t, SetDeactivated(db, admin.ID, u.ID, true, t0), ErrStateChanged)

	wantErr(t, SetDeactivated(db, admin.ID, u.ID, false, t0.Add(time.Hour)), nil)
	_, err = Authenticate(db, u.Email, testPassword, t0.Add(2*time.Hour))
	wantErr(t, err, nil)
	wantErr(t, SetDeactivated(db, admin.ID, u.ID, false, t0), ErrStateChanged)

	var entries []AuditEntry
	wantErr(t, db.Where("target_type = ? AND target_id = ?", "user", u.ID).Order("id").Find(&entries).Error, nil)
	if len(entries) != 2 || entries[0].Action != AuditUserDeactivate || entries[1].Action != AuditUserReactivate ||
		entries[0].ActorID != admin.ID || entries[0].After != `{"deactivated":true}` {
		t.Errorf("audit = %+v", entries)
	}
}

func TestAdminCannotDemoteOrDeactivateThemselves(t *testing.T) {
	db := newTestDB(t)
	admin := mkUser(t, db, asAdmin)

	err := ChangeRole(db, admin.ID, admin.ID, RoleStaff, t0)
	if got := strings.Join(fieldErrors(t, err), ","); got != "role" {
		t.Errorf("self-demotion fields %s", got)
	}
	err = SetDeactivated(db, admin.ID, admin.ID, true, t0)
	if got := strings.Join(fieldErrors(t, err), ","); got != "deactivate" {
		t.Errorf("self-deactivation fields %s", got)
	}
	if u, _ := FindUser(db, admin.ID); u.Role != RoleAdmin || !u.Active() {
		t.Errorf("admin is now %s, active %v", u.Role, u.Active())
	}
	// choosing the same role is no change and no audit entry
	wantErr(t, ChangeRole(db, admin.ID, admin.ID, RoleAdmin, t0), nil)
	if n := countRows(t, db, &AuditEntry{}); n != 0 {
		t.Errorf("%d audit entries for no change", n)
	}
}

func TestChangeRole(t *testing.T) {
	db := newTestDB(t)
	admin := mkUser(t, db, asAdmin)
	staff := mkUser(t, db, asStaff)
	u := mkUser(t, db)

	wantErr(t, ChangeRole(db, admin.ID, u.ID, RoleStaff, t0), nil)
	if got, _ := FindUser(db, u.ID); got.Role != RoleStaff {
		t.Errorf("role = %s, want staff", got.Role)
	}
	var e AuditEntry
	wantErr(t, db.Where("action = ?", AuditUserRole).Take(&e).Error, nil)
	if e.Before != `{"role":"resident"}` || e.After != `{"role":"staff"}` || e.TargetID != u.ID {
		t.Errorf("audit = %+v", e)
	}
	if got := strings.Join(fieldErrors(t, ChangeRole(db, admin.ID, u.ID, "boss", t0)), ","); got != "role" {
		t.Errorf("unknown role fields %s", got)
	}
	// only admins manage roles, whatever the handler checked
	wantErr(t, ChangeRole(db, staff.ID, u.ID, RoleAdmin, t0), ErrNotAdmin)
	wantErr(t, SetDeactivated(db, staff.ID, u.ID, true, t0), ErrNotAdmin)
	wantErr(t, ChangeRole(db, admin.ID, 9999, RoleStaff, t0), ErrNotFound)
	// a deactivated admin manages nothing
	other := mkUser(t, db, asAdmin)
	wantErr(t, SetDeactivated(db, admin.ID, other.ID, true, t0), nil)
	wantErr(t, ChangeRole(db, other.ID, u.ID, RoleResident, t0), ErrNotAdmin)
}

func TestCreateStaff(t *testing.T) {
	db := newTestDB(t)
	admin := mkUser(t, db, asAdmin)

	_, err := CreateStaff(db, admin.ID, StaffInput{Email: "bad", Password: "short", Role: RoleResident}, t0)
	if got := strings.Join(fieldErrors(t, err), ","); got != "email,name,password,role" {
		t.Errorf("fields %s", got)
	}
	u, err := CreateStaff(db, admin.ID, StaffInput{Email: " Park@YDP.go.kr ", Name: "박담당", Password: "temp1234!", Role: RoleStaff}, t0)
	wantErr(t, err, nil)
	if u.Email != "park@ydp.go.kr" || u.Role != RoleStaff || !u.Verified() || !u.Active() {
		t.Errorf("created %+v", u)
	}
	if _, err := Authenticate(db, "park@ydp.go.kr", "temp1234!", t0); err != nil {
		t.Errorf("new staff cannot log in: %v", err)
	}
	_, err = CreateStaff(db, admin.ID, StaffInput{Email: "park@ydp.go.kr", Name: "박담당", Password: "temp1234!", Role: RoleAdmin}, t0)
	if got := strings.Join(fieldErrors(t, err), ","); got != "email" {
		t.Errorf("duplicate fields %s", got)
	}
	_, err = CreateStaff(db, u.ID, StaffInput{Email: "x@ydp.go.kr", Name: "김", Password: "temp1234!", Role: RoleStaff}, t0)
	wantErr(t, err, ErrNotAdmin)
	if n := countRows(t, db, &AuditEntry{}, "action = ? AND target_id = ?", AuditUserCreate, u.ID); n != 1 {
		t.Errorf("%d create entries, want 1", n)
	}
	if n := countRows(t, db, &User{}); n != 2 {
		t.Errorf("%d users, want 2", n)
	}
}

func TestSearchUsersAndSupports(t *testing.T) {
	db := newTestDB(t)
	mkUser(t, db, func(u *User) { u.Name, u.Email = "김영희", "young@example.com" })
	mkUser(t, db, func(u *User) { u.Name, u.Email = "이철수", "cs_lee@example.com" })
	mkUser(t, db, func(u *User) { u.Name, u.Email = "박영수", "park@ydp.go.kr"; u.Role = RoleStaff })
	mkUsers(t, db, 40)

	cases := []struct {
		q     UserQuery
		total int64
		names []string
	}{
		{UserQuery{Q: "영"}, 2, []string{"박영수", "김영희"}},
		{UserQuery{Q: "YDP.GO"}, 1, []string{"박영수"}},
		{UserQuery{Q: "cs_"}, 1, []string{"이철수"}},
		{UserQuery{Q: "%"}, 0, nil},
		{UserQuery{Q: "영", Role: RoleStaff}, 1, []string{"박영수"}},
	}
	for _, c := range cases {
		got, total, err := SearchUsers(db, c.q)
		wantErr(t, err, nil)
		var names []string
		for _, u := range got {
			names = append(names, u.Name)
		}
		if total != c.total || strings.Join(names, ",") != strings.Join(c.names, ",") {
			t.Errorf("%+v: %d %v, want %d %v", c.q, total, names, c.total, c.names)
		}
	}
	page2, total, err := SearchUsers(db, UserQuery{Page: 2, PerPage: 30})
	wantErr(t, err, nil)
	if total != 43 || len(page2) != 13 {
		t.Errorf("page 2: %d of %d", len(page2), total)
	}

	p := mkOpen(t, db, 1000, t0)
	u := mkUser(t, db)
	_, err = SupportPetition(db, SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: "찬성"}, t0)
	wantErr(t, err, nil)
	ss, err := SupportsOf(db, u.ID)
	wantErr(t, err, nil)
	if len(ss) != 1 || ss[0].PetitionID != p.ID || ss[0].Title != p.Title || ss[0].Comment != "찬성" || ss[0].Hidden != CommentShown {
		t.Errorf("supports = %+v", ss)
	}
}
