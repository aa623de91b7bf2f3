package models

import (
	"cmp"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// Role decides what a person may do.
type Role string

const (
	RoleResident Role = "resident"
	RoleStaff    Role = "staff"
	RoleAdmin    Role = "admin"
)

// Roles in order of power.
var Roles = []Role{RoleResident, RoleStaff, RoleAdmin}

// Login lock-out: after MaxFailedLogins wrong passwords in a row the account
// refuses log-ins for LockDuration.
const (
	MaxFailedLogins = 5
	LockDuration    = 15 * time.Minute
	verifyTokenTTL  = 48 * time.Hour
)

// User is an account: a resident, a staff member or an admin.
type User struct {
	ID           uint
	Email        string
	PasswordHash string `json:"-"`
	Name         string
	Dong         string
	Role         Role
	VerifiedAt   *time.Time
	ConsentedAt  time.Time
	FailedLogins int
	LockedUntil  *time.Time
	// mail preferences; every mail carries a one-click unsubscribe link
	NotifyOwn        bool   // news of the petitions one filed
	NotifySupported  bool   // answers to the petitions one supported
	NotifyProgress   bool   // progress updates on them (opt-in)
	UnsubscribeToken string `json:"-"`
	Language         string // ko, en or zh: of the site and of the mails
	DeactivatedAt    *time.Time
	// sessions and log-ins
	SessionGen      int // a session issued under a lower generation no longer opens the account
	LastLoginAt     *time.Time
	PreviousLoginAt *time.Time // the log-in before the last
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// SetLanguage sets the account's language (a code the site speaks).
func SetLanguage(db *gorm.DB, userID uint, code string) error {
	return db.Model(&User{}).Where("id = ?", userID).Update("language", code).Error
}

// Verified reports whether the account confirmed its email address.
func (u *User) Verified() bool { return u != nil && u.VerifiedAt != nil }

// IsStaff reports whether the account works the staff desk.
func (u *User) IsStaff() bool { return u != nil && (u.Role == RoleStaff || u.Role == RoleAdmin) }

// IsAdmin reports whether the account may manage staff and settings.
func (u *User) IsAdmin() bool { return u != nil && u.Role == RoleAdmin }

// MaskedName is the name as the public sees it.
func (u *User) MaskedName() string { return MaskName(u.Name) }

// SignUp is what a person types on the sign-up form.
type SignUp struct {
	Email           string
	Password        string
	PasswordConfirm string
	Name            string
	Dong            string
	Consent         bool
	Language        string // the site's language when they signed up: ko, en or zh
}

// NormalizeEmail trims and lower-cases an address so each mailbox has one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (in *SignUp) validate() Errors {
	errs := Errors{}
	in.Email = checkEmail(errs, in.Email, "hong@example.com")
	in.Name = checkName(errs, in.Name, 2)
	if msg := passwordProblem(in.Password); msg != "" {
		errs.Add("password", msg)
	}
	if in.PasswordConfirm != in.Password {
		errs.Add("password_confirm", "auth.error.password_mismatch")
	}
	if in.Dong == "" {
		errs.Add("dong", "auth.error.dong_empty")
	} else if !IsResidentDong(in.Dong) {
		errs.Add("dong", "auth.error.dong_unknown")
	}
	if !in.Consent {
		errs.Add("consent", "auth.error.consent")
	}
	return errs
}

// checkEmail normalises an address from a form and adds to errs why it is
// refused; example is the address the message shows.
func checkEmail(errs Errors, email, example string) string {
	email = NormalizeEmail(email)
	if email == "" {
		errs.Add("email", "auth.error.email_empty")
	} else if !validEmail(email) {
		errs.Add("email", Msg("auth.error.email_format", "Example", example))
	}
	return email
}

// checkName trims a name from a form and adds to errs why it is refused:
// none, or fewer than least or more than 20 characters.
func checkName(errs Errors, name string, least int) string {
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs.Add("name", "auth.error.name_empty")
	case n > 20 && least <= 1:
		errs.Add("name", "auth.error.name_long")
	case n < least || n > 20:
		errs.Add("name", Msg("auth.error.name_length", "Count", least))
	}
	return name
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".") && len(s) <= 254
}

// passwordProblem returns why a password is refused, or "".
func passwordProblem(p string) string {
	if p == "" {
		return "auth.error.password_empty"
	}
	var letter, digit bool
	for _, r := range p {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	switch {
	case utf8.RuneCountInString(p) < 8:
		return "auth.error.password_short"
	case len(p) > 72:
		return "auth.error.password_long"
	case !letter || !digit:
		return "auth.error.password_mix"
	}
	return ""
}

// PasswordCost is the bcrypt work factor. Tests lower it to run fast; the
// site never changes it.
var PasswordCost = bcrypt.DefaultCost

// HashPassword hashes a password with bcrypt.
func HashPassword(p string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(p), PasswordCost)
	return string(h), err
}

// Register creates an unverified resident account, its email verification
// token and the verification mail, all in one transaction. The token is the
// one the mail links to.
func Register(db *gorm.DB, in SignUp, token string, verifyMail Mail, now time.Time) (*User, error) {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return nil, errs
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	// signing up logs the new account in
	u := &User{Email: in.Email, PasswordHash: hash, Name: in.Name, Dong: in.Dong, Language: cmp.Or(in.Language, "ko"), Role: RoleResident, ConsentedAt: now,
		NotifyOwn: true, NotifySupported: true, UnsubscribeToken: NewToken(), LastLoginAt: &now, CreatedAt: now, UpdatedAt: now}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(u).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Errors{"email": "auth.error.email_taken"}
			}
			return err
		}
		if err := saveToken(tx, u.ID, TokenVerify, token, now.Add(verifyTokenTTL), now); err != nil {
			return err
		}
		verifyMail.To = u.Email
		return QueueMail(tx, verifyMail, now)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ResendVerification issues a new verification token and mail for an unverified account.
func ResendVerification(db *gorm.DB, userID uint, token string, verifyMail Mail, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.First(&u, userID).Error; err != nil {
			return err
		}
		if u.Verified() {
			return nil
		}
		if err := saveToken(tx, u.ID, TokenVerify, token, now.Add(verifyTokenTTL), now); err != nil {
			return err
		}
		verifyMail.To = u.Email
		return QueueMail(tx, verifyMail, now)
	})
}

// VerifyEmail marks the account behind a verification token as verified.
func VerifyEmail(db *gorm.DB, token string, now time.Time) (*User, error) {
	now = now.UTC()
	var u User
	err := db.Transaction(func(tx *gorm.DB) error {
		userID, err := useToken(tx, TokenVerify, token, now)
		if err != nil {
			return err
		}
		if err := tx.Model(&User{}).Where("id = ? AND verified_at IS NULL", userID).
			Updates(map[string]any{"verified_at": now, "updated_at": now}).Error; err != nil {
			return err
		}
		// the link logs in the browser that opened it
		if err := tx.Model(&User{}).Where("id = ?", userID).Updates(loggedIn(map[string]any{}, now)).Error; err != nil {
			return err
		}
		return tx.First(&u, userID).Error
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// dummyHash is compared against when the email is unknown, so a wrong email
// takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a password 0"), bcrypt.DefaultCost)

// Authenticate checks an email and password. Repeated failures lock the
// account for LockDuration; ErrLocked is returned while it is locked.
// A deactivated account gets ErrDeactivated, told only to whoever knows the
// password. A log-in clears the count and is recorded as the last one.
func Authenticate(db *gorm.DB, email, password string, now time.Time) (*User, error) {
	now = now.UTC()
	// an empty field is a slip, not a guess: it is named and never counts as a failed attempt
	errs := Errors{}
	if strings.TrimSpace(email) == "" {
		errs.Add("email", "auth.error.email_empty")
	}
	if password == "" {
		errs.Add("password", "auth.error.password_empty")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	var u User
	err := db.Where("email = ?", NormalizeEmail(email)).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return &u, ErrLocked
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, recordFailedLogin(db, u.ID, now)
	}
	if !u.Active() {
		return &u, ErrDeactivated
	}
	err = db.Model(&User{}).Where("id = ?", u.ID).
		Updates(loggedIn(map[string]any{"failed_logins": 0, "locked_until": nil}, now)).Error
	u.PreviousLoginAt, u.LastLoginAt = u.LastLoginAt, &now
	return &u, err
}

// recordFailedLogin counts a wrong password atomically and locks the account
// when the count reaches MaxFailedLogins.
func recordFailedLogin(db *gorm.DB, id uint, now time.Time) error {
	locked := false
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&User{}).Where("id = ?", id).
			UpdateColumn("failed_logins", gorm.Expr("failed_logins + 1")).Error; err != nil {
			return err
		}
		res := tx.Model(&User{}).Where("id = ? AND failed_logins >= ?", id, MaxFailedLogins).
			UpdateColumns(map[string]any{"failed_logins": 0, "locked_until": now.Add(LockDuration)})
		if res.Error != nil {
			return res.Error
		}
		// Set a flag rather than return ErrLocked: an error would roll the lock back.
		locked = res.RowsAffected > 0
		return nil
	})
	if err != nil {
		return err
	}
	if locked {
		return ErrLocked
	}
	return ErrBadCredentials
}

// CreateVerifiedUser makes an account that can act at once (command line, demo).
func CreateVerifiedUser(db *gorm.DB, email, password, name, dong string, role Role, now time.Time) (*User, error) {
	now = now.UTC()
	errs := Errors{}
	email = NormalizeEmail(email)
	if !validEmail(email) {
		errs.Add("email", "desk.error.email_format")
	}
	if msg := passwordProblem(password); msg != "" {
		errs.Add("password", msg)
	}
	if strings.TrimSpace(name) == "" {
		errs.Add("name", "auth.error.name_empty")
	}
	if dong != "" && !IsResidentDong(dong) {
		errs.Add("dong", "desk.error.dong_unknown")
	}
	if role != RoleResident && role != RoleStaff && role != RoleAdmin {
		errs.Add("role", "desk.error.role_unknown")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if dong == "" {
		dong = DongOutside
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &User{Email: email, PasswordHash: hash, Name: strings.TrimSpace(name), Dong: dong, Role: role,
		VerifiedAt: &now, ConsentedAt: now, NotifyOwn: true, NotifySupported: true, UnsubscribeToken: NewToken(),
		CreatedAt: now, UpdatedAt: now}
	if err := db.Create(u).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, Errors{"email": "desk.error.email_taken"}
		}
		return nil, err
	}
	return u, nil
}

// FindUser loads an account by id. Every logged-in request starts here, so
// it reads the row with a statement prepared once and no reflection; a test
// checks that it fills every field of User.
func FindUser(db *gorm.DB, id uint) (*User, error) {
	var u User
	err := QueryRow(db, []any{&u.ID, &u.Email, &u.PasswordHash, &u.Name, &u.Dong, &u.Role, &u.VerifiedAt,
		&u.ConsentedAt, &u.FailedLogins, &u.LockedUntil, &u.NotifyOwn, &u.NotifySupported, &u.NotifyProgress,
		&u.UnsubscribeToken, &u.Language, &u.DeactivatedAt, &u.SessionGen, &u.LastLoginAt, &u.PreviousLoginAt, &u.CreatedAt, &u.UpdatedAt},
		`SELECT id, email, password_hash, name, dong, role, verified_at, consented_at, failed_logins, locked_until,
		notify_own, notify_supported, notify_progress, unsubscribe_token, language, deactivated_at, session_gen, last_login_at,
		previous_login_at, created_at, updated_at
		FROM users WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}
