package models

import (
	"time"

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
// lock-out from failed log-ins is lifted.
func ResetPassword(db *gorm.DB, token, password, confirm string, now time.Time) (*User, error) {
	now = now.UTC()
	errs := Errors{}
	if msg := passwordProblem(password); msg != "" {
		errs.Add("password", msg)
	}
	if confirm != password {
		errs.Add("password_confirm", "비밀번호가 서로 다릅니다. 같은 비밀번호를 한 번 더 입력해 주세요.")
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
		if err := tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{
			"password_hash": hash, "failed_logins": 0, "locked_until": nil, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Take(&u, userID).Error
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}
