package models

import (
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

var (
	ErrDeactivated = errors.New("account deactivated")
	ErrNotAdmin    = errors.New("only admins manage accounts")
)

// roleLabels are the message ids of the roles' names.
var roleLabels = map[Role]string{RoleResident: "desk.role.resident", RoleStaff: "desk.role.staff", RoleAdmin: "desk.role.admin"}

// Label is the message id of the role's name.
func (r Role) Label() string { return roleLabels[r] }

// IsRole reports whether r is one of the roles.
func IsRole(r Role) bool { return roleLabels[r] != "" }

// Active reports whether the account may log in and act.
func (u *User) Active() bool { return u != nil && u.DeactivatedAt == nil }

// UserQuery is a search on the staff desk.
type UserQuery struct {
	Q       string // part of the name or the email
	Role    Role   // "" for every role
	Page    int
	PerPage int
}

// Normalize drops values the search does not know and clamps the paging.
func (q *UserQuery) Normalize() {
	q.Q = SearchText(q.Q)
	if !IsRole(q.Role) {
		q.Role = ""
	}
	q.Page, q.PerPage = ClampPaging(q.Page, q.PerPage, 30, 100)
}

// SearchUsers returns one page of accounts matching the query, newest first, and the total.
func SearchUsers(db *gorm.DB, q UserQuery) ([]User, int64, error) {
	q.Normalize()
	tx := db.Model(&User{})
	if q.Q != "" {
		// LOWER on both sides: LIKE ignores case in SQLite but not in PostgreSQL
		like := "%" + EscapeLike(strings.ToLower(q.Q)) + "%"
		tx = tx.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')", like, like)
	}
	if q.Role != "" {
		tx = tx.Where("role = ?", q.Role)
	}
	var total int64
	if err := tx.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []User
	err := tx.Order("id DESC").Offset((q.Page - 1) * q.PerPage).Limit(q.PerPage).Find(&out).Error
	return out, total, err
}

// StaffInput is the form an admin fills to create a staff account.
type StaffInput struct {
	Email    string
	Name     string
	Password string // temporary; the person changes it
	Role     Role
}

// CreateStaff makes a verified staff or admin account on behalf of an admin.
func CreateStaff(db *gorm.DB, actorID uint, in StaffInput, now time.Time) (*User, error) {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return nil, errs
	}
	var u *User
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := requireAdminActor(tx, actorID); err != nil {
			return err
		}
		var err error
		if u, err = CreateVerifiedUser(tx, in.Email, in.Password, in.Name, "", in.Role, now); err != nil {
			return err
		}
		after := map[string]any{"email": u.Email, "name": u.Name, "role": u.Role}
		return Audit(tx, actorID, AuditUserCreate, "user", u.ID, nil, after, now)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// validate checks the whole form, so the admin sees every problem at once.
func (in *StaffInput) validate() Errors {
	errs := Errors{}
	in.Email = checkEmail(errs, in.Email, "hong@ydp.go.kr")
	in.Name = checkName(errs, in.Name, 1)
	if msg := passwordProblem(in.Password); msg != "" {
		errs.Add("password", msg)
	}
	if in.Role != RoleStaff && in.Role != RoleAdmin {
		errs.Add("role", "desk.error.role_empty")
	}
	return errs
}

// ChangeRole gives an account another role and ends its sessions, so the
// person logs in again to act in the new role and a session taken from the
// old one gains nothing. An admin cannot lower their own role, so the desk
// always keeps at least one admin.
func ChangeRole(db *gorm.DB, actorID, userID uint, role Role, now time.Time) error {
	now = now.UTC()
	if !IsRole(role) {
		return Errors{"role": "desk.error.role_empty"}
	}
	if actorID == userID && role != RoleAdmin {
		return Errors{"role": "desk.error.role_self"}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := requireAdminActor(tx, actorID); err != nil {
			return err
		}
		u, err := FindUser(tx, userID)
		if err != nil {
			return err
		}
		if u.Role == role {
			return nil
		}
		res := tx.Model(&User{}).Where("id = ? AND role = ?", userID, u.Role).
			Updates(EndSessions(map[string]any{"role": role, "updated_at": now}))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStateChanged
		}
		return Audit(tx, actorID, AuditUserRole, "user", userID, map[string]any{"role": u.Role}, map[string]any{"role": role}, now)
	})
}

// SetDeactivated deactivates (off true) or reactivates an account. A
// deactivated account cannot log in and its sessions end, also for after a
// reactivation (which ends them again, for sessions older than this rule).
// An admin cannot deactivate themselves.
func SetDeactivated(db *gorm.DB, actorID, userID uint, off bool, now time.Time) error {
	now = now.UTC()
	if actorID == userID && off {
		return Errors{"deactivate": "desk.error.deactivate_self"}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := requireAdminActor(tx, actorID); err != nil {
			return err
		}
		if _, err := FindUser(tx, userID); err != nil {
			return err
		}
		q := tx.Model(&User{}).Where("id = ? AND deactivated_at IS NULL", userID)
		var at any = now
		action := AuditUserDeactivate
		if !off {
			q = tx.Model(&User{}).Where("id = ? AND deactivated_at IS NOT NULL", userID)
			at, action = nil, AuditUserReactivate
		}
		res := q.Updates(EndSessions(map[string]any{"deactivated_at": at, "updated_at": now}))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStateChanged
		}
		return Audit(tx, actorID, action, "user", userID,
			map[string]any{"deactivated": !off}, map[string]any{"deactivated": off}, now)
	})
}

// requireAdminActor refuses an actor who is not an active admin.
func requireAdminActor(tx *gorm.DB, actorID uint) error {
	actor, err := FindUser(tx, actorID)
	if errors.Is(err, ErrNotFound) || (err == nil && (!actor.IsAdmin() || !actor.Active())) {
		return ErrNotAdmin
	}
	return err
}
