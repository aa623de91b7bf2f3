package models

import (
	"errors"
	"time"

	"gorm.io/gorm"
)

// UserByUnsubscribeToken finds the account an unsubscribe link belongs to.
func UserByUnsubscribeToken(db *gorm.DB, token string) (*User, error) {
	var u User
	err := db.Where("unsubscribe_token = ? AND unsubscribe_token <> ''", token).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || token == "" {
		return nil, ErrTokenInvalid
	}
	return &u, err
}

// Unsubscribe turns off every notification mail of the account behind token.
func Unsubscribe(db *gorm.DB, token string, now time.Time) (*User, error) {
	u, err := UserByUnsubscribeToken(db, token)
	if err != nil {
		return nil, err
	}
	return u, SetNotifications(db, u.ID, false, false, false, now)
}

// SetNotifications stores which notification mails an account wants.
func SetNotifications(db *gorm.DB, userID uint, own, supported, progress bool, now time.Time) error {
	now = now.UTC()
	return db.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{
		"notify_own": own, "notify_supported": supported, "notify_progress": progress, "updated_at": now,
	}).Error
}
