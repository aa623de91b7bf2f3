package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Token purposes.
const (
	TokenVerify = "verify"
)

// Token is a single-use secret sent by mail. Only its hash is stored, so a
// copy of the database does not let anyone act on a mailed link.
type Token struct {
	ID        uint
	UserID    uint
	Purpose   string
	Hash      string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

// NewToken returns a random URL-safe secret of 160 bits.
func NewToken() string {
	return RandomString(20)
}

// RandomString returns n random bytes in lower-case base32 without padding.
func RandomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return lowerBase32.EncodeToString(b)
}

var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

func saveToken(tx *gorm.DB, userID uint, purpose, raw string, expires, now time.Time) error {
	return tx.Create(&Token{UserID: userID, Purpose: purpose, Hash: hashToken(raw), ExpiresAt: expires, CreatedAt: now}).Error
}

// useToken marks a token used and returns its account; a token works once,
// for its own purpose, before it expires.
func useToken(tx *gorm.DB, purpose, raw string, now time.Time) (uint, error) {
	var t Token
	err := tx.Where("hash = ? AND purpose = ?", hashToken(raw), purpose).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, ErrTokenInvalid
	}
	if err != nil {
		return 0, err
	}
	if t.UsedAt != nil || !now.Before(t.ExpiresAt) {
		return 0, ErrTokenInvalid
	}
	res := tx.Model(&Token{}).Where("id = ? AND used_at IS NULL", t.ID).Update("used_at", now)
	if res.Error != nil {
		return 0, res.Error
	}
	if res.RowsAffected == 0 {
		return 0, ErrTokenInvalid
	}
	return t.UserID, nil
}

// CheckToken reports whether a token could be used now, without using it.
func CheckToken(db *gorm.DB, purpose, raw string, now time.Time) bool {
	now = now.UTC()
	var n int64
	db.Model(&Token{}).Where("hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
		hashToken(raw), purpose, now).Count(&n)
	return n > 0
}
