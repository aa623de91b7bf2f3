package models

import (
	"errors"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// TokenReset is the purpose of password reset tokens.
const TokenReset = "reset"

// resetTokenTTL is how long a reset link works.
const resetTokenTTL = time.Hour

// RequestPasswordReset issues a reset token and its mail for the account of
// email, if there is an active one. It says nothing about whether there is:
// the page answers the same either way, so it cannot be used to probe for
// accounts.
func RequestPasswordReset(db *gorm.DB, email, token string, resetMail Mail, now time.Time) error {
	now = now.UTC()
	var u User
	err := db.Where("email = ? AND deactivated_at IS NULL", NormalizeEmail(email)).Limit(1).Find(&u).Error
	if err != nil || u.ID == 0 {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := saveToken(tx, u.ID, TokenReset, token, now.Add(resetTokenTTL), now); err != nil {
			return err
		}
		resetMail.To = u.Email
		return QueueMail(tx, resetMail, now)
	})
}

// ResetPassword sets a new password through a reset token. The token works
// once; every other reset link of the account stops working too, and a
// lock-out from failed log-ins is lifted. Every session of the account ends:
// the browser that reset it is logged in afresh under the returned account.
func ResetPassword(db *gorm.DB, token, password, confirm string, now time.Time) (*User, error) {
	now = now.UTC()
	errs := Errors{}
	if msg := passwordProblem(password); msg != "" {
		errs.Add("password", msg)
	}
	if confirm != password {
		errs.Add("password_confirm", "auth.error.password_mismatch")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	var u User
	err = db.Transaction(func(tx *gorm.DB) error {
		userID, err := useToken(tx, TokenReset, token, now)
		if err != nil {
			return err
		}
		if err := tx.Model(&Token{}).Where("user_id = ? AND purpose = ? AND used_at IS NULL", userID, TokenReset).
			Update("used_at", now).Error; err != nil {
			return err
		}
		if err := tx.Model(&User{}).Where("id = ?", userID).Updates(loggedIn(EndSessions(map[string]any{
			"password_hash": hash, "failed_logins": 0, "locked_until": nil, "updated_at": now}), now)).Error; err != nil {
			return err
		}
		return tx.Take(&u, userID).Error
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// PasswordChange is the 비밀번호 변경 form on /me.
type PasswordChange struct {
	Current  string
	Password string
	Confirm  string
}

func (in PasswordChange) validate() Errors {
	errs := Errors{}
	if in.Current == "" {
		errs.Add("current_password", "auth.error.current_empty")
	}
	if msg := passwordProblem(in.Password); msg != "" {
		errs.Add("password", msg)
	} else if in.Password == in.Current {
		errs.Add("password", "auth.error.password_same")
	}
	if in.Confirm != in.Password {
		errs.Add("password_confirm", "auth.error.password_mismatch")
	}
	return errs
}

// ChangePassword sets a new password for the owner of an account who typed
// the current one, ends every session of the account and queues the notice
// mail to its address, all in one transaction; the caller issues its own
// session again under the returned account. A wrong current password counts
// as a failed log-in, so guessing it here is no easier than on the log-in
// form; ErrLocked says the account is locked (with the account, when it was
// locked before this attempt).
func ChangePassword(db *gorm.DB, userID uint, in PasswordChange, notice Mail, now time.Time) (*User, error) {
	now = now.UTC()
	u, err := FindUser(db, userID)
	if err != nil {
		return nil, err
	}
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return u, ErrLocked
	}
	errs := in.validate()
	if in.Current != "" && bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(in.Current)) != nil {
		if err := recordFailedLogin(db, u.ID, now); !errors.Is(err, ErrBadCredentials) {
			return nil, err // ErrLocked, or a failure to record it
		}
		errs.Add("current_password", Msg("auth.error.current_wrong", "Count", MaxFailedLogins))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		// guarded by the hash the current password was checked against: of two changes at once, one wins
		res := tx.Model(&User{}).Where("id = ? AND password_hash = ?", u.ID, u.PasswordHash).Updates(EndSessions(map[string]any{
			"password_hash": hash, "failed_logins": 0, "locked_until": nil, "updated_at": now}))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Errors{"current_password": "auth.error.password_changed_meanwhile"} // #nosec G101 -- a form message, not a credential
		}
		notice.To = u.Email
		if err := QueueMail(tx, notice, now); err != nil {
			return err
		}
		u, err = FindUser(tx, u.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}
