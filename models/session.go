package models

import (
	"time"

	"gorm.io/gorm"
)

// A session is a sealed cookie that carries the account's id and the
// account's session generation when it was issued. Raising the generation
// ends every session issued before, on every instance, with no table of
// sessions and no read beyond the account the request reads anyway. A
// password change or reset, 다른 기기에서 모두 로그아웃, a role change, a
// deactivation and deleting the account each raise it in the UPDATE that
// makes the change; the session that made a change is issued again under
// the new generation.

// EndSessions adds to an UPDATE of users what ends every session of the
// rows it changes.
func EndSessions(fields map[string]any) map[string]any {
	fields["session_gen"] = gorm.Expr("session_gen + 1")
	return fields
}

// loggedIn adds to an UPDATE of users the record of a log-in at now: the
// last log-in becomes the previous one (SQL reads the row as it was).
func loggedIn(fields map[string]any, now time.Time) map[string]any {
	fields["previous_login_at"] = gorm.Expr("last_login_at")
	fields["last_login_at"] = now
	return fields
}

// OpensSession reports whether a session issued under generation gen opens
// the account: the account is active and none of its sessions were ended
// since. A generation above the account's is that of a session issued again
// after a change this copy of the account predates (another instance keeps
// accounts for up to a second), so it opens too.
func (u *User) OpensSession(gen int) bool { return u.Active() && gen >= u.SessionGen }

// EndOtherSessions ends every session of the account; the caller issues its
// own again under the returned account's generation.
func EndOtherSessions(db *gorm.DB, userID uint, now time.Time) (*User, error) {
	now = now.UTC()
	var u *User
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ? AND deactivated_at IS NULL", userID).
			Updates(EndSessions(map[string]any{"updated_at": now}))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		var err error
		u, err = FindUser(tx, userID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
