// Package privacy is what the site does for one person across every
// capability: the download of their own data (ExportUserData) and the
// deletion of their account (DeleteAccount). It composes the capabilities'
// exported types and functions, and only app imports it.
package privacy

import (
	"fmt"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// UserData is everything the site keeps about one resident, for download.
type UserData struct {
	Account struct {
		Email, Name, Dong, Role string
		Verified                bool
		ConsentedAt, CreatedAt  time.Time
		NotifyOwn               bool
		NotifySupported         bool
		NotifyProgress          bool
		LastLoginAt             *time.Time
		PreviousLoginAt         *time.Time
	}
	Petitions []struct {
		ID                          uint
		Title, Category, Dong, Body string
		Status                      petitions.Status
		CreatedAt                   time.Time
	}
	Supports []struct {
		PetitionID uint
		Title      string
		Comment    string
		CreatedAt  time.Time
	}
	Bookings []struct {
		MeetingID uint
		Title     string
		Code      string
		Status    string
		Question  string
		CreatedAt time.Time
	}
	// Statements and Votes are what they wrote and voted in 열린공론장.
	Statements []deliberations.OwnStatement
	Votes      []deliberations.OwnVote
}

// ExportUserData gathers a resident's own data.
func ExportUserData(db *gorm.DB, userID uint) (*UserData, error) {
	u, err := models.FindUser(db, userID)
	if err != nil {
		return nil, err
	}
	var d UserData
	a := &d.Account
	a.Email, a.Name, a.Dong, a.Role, a.Verified = u.Email, u.Name, u.Dong, string(u.Role), u.Verified()
	a.ConsentedAt, a.CreatedAt = u.ConsentedAt, u.CreatedAt
	a.NotifyOwn, a.NotifySupported, a.NotifyProgress = u.NotifyOwn, u.NotifySupported, u.NotifyProgress
	a.LastLoginAt, a.PreviousLoginAt = u.LastLoginAt, u.PreviousLoginAt
	if err := db.Model(&petitions.Petition{}).Select("id, title, category, dong, body, status, created_at").
		Where("author_id = ?", userID).Order("id").Scan(&d.Petitions).Error; err != nil {
		return nil, err
	}
	if err := db.Model(&petitions.Support{}).Select("supports.petition_id, petitions.title, supports.comment, supports.created_at").
		Joins("JOIN petitions ON petitions.id = supports.petition_id").Where("supports.user_id = ?", userID).
		Order("supports.id").Scan(&d.Supports).Error; err != nil {
		return nil, err
	}
	err = db.Model(&meetings.Booking{}).Select("bookings.meeting_id, meetings.title, bookings.code, bookings.status, bookings.question, bookings.created_at").
		Joins("JOIN meetings ON meetings.id = bookings.meeting_id").Where("bookings.user_id = ?", userID).
		Order("bookings.id").Scan(&d.Bookings).Error
	if err != nil {
		return nil, err
	}
	d.Statements, d.Votes, err = deliberations.UserData(db, userID)
	return &d, err
}

// ErrWrongPassword refuses an account deletion without the right password.
var ErrWrongPassword = models.Errors{"password": "auth.error.password_wrong"} // #nosec G101 -- a form message, not a credential

// DeleteAccount closes a resident's account for good. What they filed stays
// public under the masked name it already showed (홍*동), as the 운영원칙
// say; their supports keep counting. Everything that identifies them — email,
// full name, password, mail tokens, log-in times — is removed, every session
// of the account ends, and their bookings for meetings still to come are
// cancelled, which gives the seats to the waiting list. Their votes and
// statements in 열린공론장 stay, no longer tied to the account
// (deliberations.ForgetAccount says why).
func DeleteAccount(db *gorm.DB, userID uint, password string, now time.Time) error {
	now = now.UTC()
	u, err := models.FindUser(db, userID)
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return ErrWrongPassword
	}
	var upcoming []meetings.Booking
	err = db.Joins("JOIN meetings ON meetings.id = bookings.meeting_id").
		Where("bookings.user_id = ? AND bookings.status <> ? AND meetings.starts_at > ?", userID, meetings.BookingCancelled, now).
		Find(&upcoming).Error
	if err != nil {
		return err
	}
	for _, b := range upcoming {
		if err := meetings.CancelBooking(db, b.ID, userID, now); err != nil && err != models.ErrStateChanged {
			return err
		}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", userID).Delete(&models.Token{}).Error; err != nil {
			return err
		}
		if err := deliberations.ForgetAccount(tx, userID); err != nil {
			return err
		}
		return tx.Model(&models.User{}).Where("id = ?", userID).Updates(models.EndSessions(map[string]any{
			"email": fmt.Sprintf("deleted-%d@invalid", userID), "name": models.MaskName(u.Name), "password_hash": "",
			"dong": models.DongOutside, "verified_at": nil, "notify_own": false, "notify_supported": false,
			"notify_progress": false, "unsubscribe_token": "", "deactivated_at": now, "updated_at": now,
			"last_login_at": nil, "previous_login_at": nil,
		})).Error
	})
}
