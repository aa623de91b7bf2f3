package models_test

import (
	"strings"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestDeactivatedAccountCannotLogIn(t *testing.T) {
	db := modeltest.NewDB(t)
	admin := modeltest.MkUser(t, db, modeltest.AsAdmin)
	u := modeltest.MkUser(t, db)

	modeltest.WantErr(t, models.SetDeactivated(db, admin.ID, u.ID, true, modeltest.T0), nil)
	got, err := models.Authenticate(db, u.Email, modeltest.TestPassword, modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, models.ErrDeactivated)
	if got == nil || got.Active() {
		t.Errorf("Authenticate returned %+v", got)
	}
	// a wrong password says nothing about the account
	_, err = models.Authenticate(db, u.Email, "wrongpass123", modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, models.ErrBadCredentials)
	// twice is a state change, not a second deactivation
	modeltest.WantErr(t, models.SetDeactivated(db, admin.ID, u.ID, true, modeltest.T0), models.ErrStateChanged)

	modeltest.WantErr(t, models.SetDeactivated(db, admin.ID, u.ID, false, modeltest.T0.Add(time.Hour)), nil)
	_, err = models.Authenticate(db, u.Email, modeltest.TestPassword, modeltest.T0.Add(2*time.Hour))
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, models.SetDeactivated(db, admin.ID, u.ID, false, modeltest.T0), models.ErrStateChanged)

	var entries []models.AuditEntry
	modeltest.WantErr(t, db.Where("target_type = ? AND target_id = ?", "user", u.ID).Order("id").Find(&entries).Error, nil)
	if len(entries) != 2 || entries[0].Action != models.AuditUserDeactivate || entries[1].Action != models.AuditUserReactivate ||
		entries[0].ActorID != admin.ID || entries[0].After != `{"deactivated":true}` {
		t.Errorf("audit = %+v", entries)
	}
}

func TestAdminCannotDemoteOrDeactivateThemselves(t *testing.T) {
	db := modeltest.NewDB(t)
	admin := modeltest.MkUser(t, db, modeltest.AsAdmin)

	err := models.ChangeRole(db, admin.ID, admin.ID, models.RoleStaff, modeltest.T0)
	if got := strings.Join(modeltest.FieldErrors(t, err), ","); got != "role" {
		t.Errorf("self-demotion fields %s", got)
	}
	err = models.SetDeactivated(db, admin.ID, admin.ID, true, modeltest.T0)
	if got := strings.Join(modeltest.FieldErrors(t, err), ","); got != "deactivate" {
		t.Errorf("self-deactivation fields %s", got)
	}
	if u, _ := models.FindUser(db, admin.ID); u.Role != models.RoleAdmin || !u.Active() {
		t.Errorf("admin is now %s, active %v", u.Role, u.Active())
	}
	// choosing the same role is no change and no audit entry
	modeltest.WantErr(t, models.ChangeRole(db, admin.ID, admin.ID, models.RoleAdmin, modeltest.T0), nil)
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}); n != 0 {
		t.Errorf("%d audit entries for no change", n)
	}
}

func TestChangeRole(t *testing.T) {
	db := modeltest.NewDB(t)
	admin := modeltest.MkUser(t, db, modeltest.AsAdmin)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	u := modeltest.MkUser(t, db)

	modeltest.WantErr(t, models.ChangeRole(db, admin.ID, u.ID, models.RoleStaff, modeltest.T0), nil)
	if got, _ := models.FindUser(db, u.ID); got.Role != models.RoleStaff {
		t.Errorf("role = %s, want staff", got.Role)
	}
	var e models.AuditEntry
	modeltest.WantErr(t, db.Where("action = ?", models.AuditUserRole).Take(&e).Error, nil)
	if e.Before != `{"role":"resident"}` || e.After != `{"role":"staff"}` || e.TargetID != u.ID {
		t.Errorf("audit = %+v", e)
	}
	if got := strings.Join(modeltest.FieldErrors(t, models.ChangeRole(db, admin.ID, u.ID, "boss", modeltest.T0)), ","); got != "role" {
		t.Errorf("unknown role fields %s", got)
	}
	// only admins manage roles, whatever the handler checked
	modeltest.WantErr(t, models.ChangeRole(db, staff.ID, u.ID, models.RoleAdmin, modeltest.T0), models.ErrNotAdmin)
	modeltest.WantErr(t, models.SetDeactivated(db, staff.ID, u.ID, true, modeltest.T0), models.ErrNotAdmin)
	modeltest.WantErr(t, models.ChangeRole(db, admin.ID, 9999, models.RoleStaff, modeltest.T0), models.ErrNotFound)
	// a deactivated admin manages nothing
	other := modeltest.MkUser(t, db, modeltest.AsAdmin)
	modeltest.WantErr(t, models.SetDeactivated(db, admin.ID, other.ID, true, modeltest.T0), nil)
	modeltest.WantErr(t, models.ChangeRole(db, other.ID, u.ID, models.RoleResident, modeltest.T0), models.ErrNotAdmin)
}

func TestCreateStaff(t *testing.T) {
	db := modeltest.NewDB(t)
	admin := modeltest.MkUser(t, db, modeltest.AsAdmin)

	_, err := models.CreateStaff(db, admin.ID, models.StaffInput{Email: "bad", Password: "short", Role: models.RoleResident}, modeltest.T0)
	if got := strings.Join(modeltest.FieldErrors(t, err), ","); got != "email,name,password,role" {
		t.Errorf("fields %s", got)
	}
	u, err := models.CreateStaff(db, admin.ID, models.StaffInput{Email: " Park@YDP.go.kr ", Name: "박담당", Password: "temp1234!", Role: models.RoleStaff}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if u.Email != "park@ydp.go.kr" || u.Role != models.RoleStaff || !u.Verified() || !u.Active() {
		t.Errorf("created %+v", u)
	}
	if _, err := models.Authenticate(db, "park@ydp.go.kr", "temp1234!", modeltest.T0); err != nil {
		t.Errorf("new staff cannot log in: %v", err)
	}
	_, err = models.CreateStaff(db, admin.ID, models.StaffInput{Email: "park@ydp.go.kr", Name: "박담당", Password: "temp1234!", Role: models.RoleAdmin}, modeltest.T0)
	if got := strings.Join(modeltest.FieldErrors(t, err), ","); got != "email" {
		t.Errorf("duplicate fields %s", got)
	}
	_, err = models.CreateStaff(db, u.ID, models.StaffInput{Email: "x@ydp.go.kr", Name: "김", Password: "temp1234!", Role: models.RoleStaff}, modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotAdmin)
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ? AND target_id = ?", models.AuditUserCreate, u.ID); n != 1 {
		t.Errorf("%d create entries, want 1", n)
	}
	if n := modeltest.CountRows(t, db, &models.User{}); n != 2 {
		t.Errorf("%d users, want 2", n)
	}
}

func TestSearchUsersAndSupports(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Email = "김영희", "young@example.com" })
	modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Email = "이철수", "cs_lee@example.com" })
	modeltest.MkUser(t, db, func(u *models.User) { u.Name, u.Email = "박영수", "park@ydp.go.kr"; u.Role = models.RoleStaff })
	modeltest.MkUsers(t, db, 40)

	cases := []struct {
		q     models.UserQuery
		total int64
		names []string
	}{
		{models.UserQuery{Q: "영"}, 2, []string{"박영수", "김영희"}},
		{models.UserQuery{Q: "YDP.GO"}, 1, []string{"박영수"}},
		{models.UserQuery{Q: "cs_"}, 1, []string{"이철수"}},
		{models.UserQuery{Q: "%"}, 0, nil},
		{models.UserQuery{Q: "영", Role: models.RoleStaff}, 1, []string{"박영수"}},
	}
	for _, c := range cases {
		got, total, err := models.SearchUsers(db, c.q)
		modeltest.WantErr(t, err, nil)
		var names []string
		for _, u := range got {
			names = append(names, u.Name)
		}
		if total != c.total || strings.Join(names, ",") != strings.Join(c.names, ",") {
			t.Errorf("%+v: %d %v, want %d %v", c.q, total, names, c.total, c.names)
		}
	}
	page2, total, err := models.SearchUsers(db, models.UserQuery{Page: 2, PerPage: 30})
	modeltest.WantErr(t, err, nil)
	if total != 43 || len(page2) != 13 {
		t.Errorf("page 2: %d of %d", len(page2), total)
	}

	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	u := modeltest.MkUser(t, db)
	_, err = petitions.SupportPetition(db, petitions.SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: "찬성"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	ss, err := petitions.SupportsOf(db, u.ID)
	modeltest.WantErr(t, err, nil)
	if len(ss) != 1 || ss[0].PetitionID != p.ID || ss[0].Title != p.Title || ss[0].Comment != "찬성" || ss[0].Hidden != petitions.CommentShown {
		t.Errorf("supports = %+v", ss)
	}
}
