package models_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/modeltest"
)

func validSignUp() models.SignUp {
	return models.SignUp{Email: "hong@example.com", Password: "gildong2024", PasswordConfirm: "gildong2024",
		Name: "홍길동", Dong: "문래동", Consent: true}
}

func TestRegisterValidation(t *testing.T) {
	db := modeltest.NewDB(t)
	long := strings.Repeat("a1", 37) // 74 bytes
	tests := []struct {
		name string
		edit func(*models.SignUp)
		want map[string]string // field → message
	}{
		{"no email", func(s *models.SignUp) { s.Email = "  " }, map[string]string{"email": "auth.error.email_empty"}},
		{"email without @", func(s *models.SignUp) { s.Email = "hong.example.com" },
			map[string]string{"email": "auth.error.email_format?Example=hong%40example.com"}},
		{"email without a dot in the domain", func(s *models.SignUp) { s.Email = "hong@example" },
			map[string]string{"email": "auth.error.email_format?Example=hong%40example.com"}},
		{"email with a display name", func(s *models.SignUp) { s.Email = "홍길동 <hong@example.com>" },
			map[string]string{"email": "auth.error.email_format?Example=hong%40example.com"}},
		{"two addresses", func(s *models.SignUp) { s.Email = "a@example.com, b@example.com" },
			map[string]string{"email": "auth.error.email_format?Example=hong%40example.com"}},
		{"no password", func(s *models.SignUp) { s.Password, s.PasswordConfirm = "", "" },
			map[string]string{"password": "auth.error.password_empty"}},
		{"short password", func(s *models.SignUp) { s.Password, s.PasswordConfirm = "abc1234", "abc1234" },
			map[string]string{"password": "auth.error.password_short"}},
		{"letters only", func(s *models.SignUp) { s.Password, s.PasswordConfirm = "abcdefgh", "abcdefgh" },
			map[string]string{"password": "auth.error.password_mix"}},
		{"digits only", func(s *models.SignUp) { s.Password, s.PasswordConfirm = "12345678", "12345678" },
			map[string]string{"password": "auth.error.password_mix"}},
		{"over 72 bytes", func(s *models.SignUp) { s.Password, s.PasswordConfirm = long, long },
			map[string]string{"password": "auth.error.password_long"}},
		{"25 Korean letters are 75 bytes", func(s *models.SignUp) { p := strings.Repeat("가", 24) + "1"; s.Password, s.PasswordConfirm = p, p },
			map[string]string{"password": "auth.error.password_long"}},
		{"confirmation differs", func(s *models.SignUp) { s.PasswordConfirm = "gildong2025" },
			map[string]string{"password_confirm": "auth.error.password_mismatch"}},
		{"no name", func(s *models.SignUp) { s.Name = "   " }, map[string]string{"name": "auth.error.name_empty"}},
		{"one-letter name", func(s *models.SignUp) { s.Name = "홍" }, map[string]string{"name": "auth.error.name_length?Count=2"}},
		{"21-letter name", func(s *models.SignUp) { s.Name = strings.Repeat("가", 21) }, map[string]string{"name": "auth.error.name_length?Count=2"}},
		{"no dong", func(s *models.SignUp) { s.Dong = "" }, map[string]string{"dong": "auth.error.dong_empty"}},
		{"there is no 신길2동", func(s *models.SignUp) { s.Dong = "신길2동" }, map[string]string{"dong": "auth.error.dong_unknown"}},
		{"no consent", func(s *models.SignUp) { s.Consent = false }, map[string]string{"consent": "auth.error.consent"}},
		{"empty form", func(s *models.SignUp) { *s = models.SignUp{} }, map[string]string{
			"email": "auth.error.email_empty", "password": "auth.error.password_empty", "name": "auth.error.name_empty",
			"dong": "auth.error.dong_empty", "consent": "auth.error.consent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validSignUp()
			tt.edit(&in)
			_, err := models.Register(db, in, models.NewToken(), models.Mail{Subject: "인증"}, modeltest.T0)
			fe, ok := models.AsErrors(err)
			if !ok || !reflect.DeepEqual(map[string]string(fe), tt.want) {
				t.Errorf("errors = %v, want %v", err, tt.want)
			}
		})
	}
	if n := modeltest.CountRows(t, db, &models.User{}) + modeltest.CountRows(t, db, &models.Mail{}) + modeltest.CountRows(t, db, &models.Token{}); n != 0 {
		t.Errorf("invalid sign-ups stored %d rows", n)
	}

	// The validation accepts what people really type.
	for _, edit := range []func(*models.SignUp){
		func(s *models.SignUp) { s.Dong = models.DongOutside },
		func(s *models.SignUp) { s.Email = "  Hong.Gil-Dong+ydp@Mail.Example.co.kr " },
		func(s *models.SignUp) { s.Password, s.PasswordConfirm = "비밀번호는2024", "비밀번호는2024" },
		func(s *models.SignUp) { s.Name = "남궁 민수" },
	} {
		in := validSignUp()
		edit(&in)
		if errs := in.Validate(); len(errs) > 0 {
			t.Errorf("%+v refused: %v", in, errs)
		}
	}
}

func TestRegisterQueuesTheVerificationMailInTheSameTransaction(t *testing.T) {
	db := modeltest.NewDB(t)
	in := validSignUp()
	in.Email = "  Hong@Example.COM "
	token := models.NewToken()
	u, err := models.Register(db, in, token, models.Mail{Subject: "[영등포1번가] 이메일 인증", Text: "링크: /verify/" + token, To: "someone@else.com"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)

	got, err := models.FindUser(db, u.ID)
	modeltest.WantErr(t, err, nil)
	if got.Email != "hong@example.com" || got.Verified() || got.Role != models.RoleResident || !got.ConsentedAt.Equal(modeltest.T0) {
		t.Errorf("stored user = %+v", got)
	}
	if got.PasswordHash == in.Password || bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte(in.Password)) != nil {
		t.Error("the password is not stored as its bcrypt hash")
	}
	var tok models.Token
	modeltest.WantErr(t, db.Where("user_id = ?", u.ID).Take(&tok).Error, nil)
	if tok.Hash == token || tok.Purpose != models.TokenVerify || !tok.ExpiresAt.Equal(modeltest.T0.Add(48*time.Hour)) {
		t.Errorf("token row = %+v", tok)
	}
	mails, err := models.MailsTo(db, "hong@example.com")
	modeltest.WantErr(t, err, nil)
	if len(mails) != 1 || mails[0].Subject != "[영등포1번가] 이메일 인증" || mails[0].Status != models.MailPending || !mails[0].NextAttemptAt.Equal(modeltest.T0) {
		t.Fatalf("mails to the new account = %+v", mails)
	}
	if n := modeltest.CountRows(t, db, &models.Mail{}); n != 1 {
		t.Errorf("%d mails queued, want 1 (to the account's address only)", n)
	}

	// The same mailbox in another spelling is a duplicate, and nothing of it is kept.
	in.Email = "HONG@example.com"
	_, err = models.Register(db, in, models.NewToken(), models.Mail{Subject: "인증"}, modeltest.T0)
	fe, ok := models.AsErrors(err)
	if !ok || fe["email"] != "auth.error.email_taken" {
		t.Errorf("duplicate email: %v", err)
	}
	// A failure after the account row (here: a token that is already taken) rolls it back, mail and all.
	in.Email = "kim@example.com"
	_, err = models.Register(db, in, token, models.Mail{Subject: "인증"}, modeltest.T0)
	if err == nil {
		t.Fatal("registering with a used token succeeded")
	}
	if n := modeltest.CountRows(t, db, &models.User{}); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
	if n := modeltest.CountRows(t, db, &models.Mail{}); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}

	// The mailed token verifies the account.
	v, err := models.VerifyEmail(db, token, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, nil)
	if v.ID != u.ID || !modeltest.SameTime(v.VerifiedAt, modeltest.T0.Add(time.Hour)) {
		t.Errorf("verified user = %+v", v)
	}
}

func TestVerifyEmailToken(t *testing.T) {
	issued := modeltest.T0
	tests := []struct {
		name  string
		at    time.Time
		token func(raw string) string
		want  error
	}{
		{"right away", issued, nil, nil},
		{"one second before 48 hours", issued.Add(48*time.Hour - time.Second), nil, nil},
		{"at 48 hours", issued.Add(48 * time.Hour), nil, models.ErrTokenInvalid},
		{"after 48 hours", issued.Add(49 * time.Hour), nil, models.ErrTokenInvalid},
		{"a wrong token", issued, func(string) string { return models.NewToken() }, models.ErrTokenInvalid},
		{"an empty token", issued, func(string) string { return "" }, models.ErrTokenInvalid},
		{"the stored hash instead of the token", issued, models.HashToken, models.ErrTokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := modeltest.NewDB(t)
			u := modeltest.MkUser(t, db, modeltest.Unverified)
			raw := models.NewToken()
			modeltest.WantErr(t, models.SaveToken(db, u.ID, models.TokenVerify, raw, issued.Add(models.VerifyTokenTTL), issued), nil)
			use := raw
			if tt.token != nil {
				use = tt.token(raw)
			}
			if models.CheckToken(db, models.TokenVerify, use, tt.at) != (tt.want == nil) {
				t.Errorf("CheckToken disagrees with VerifyEmail")
			}
			got, err := models.VerifyEmail(db, use, tt.at)
			modeltest.WantErr(t, err, tt.want)
			after, _ := models.FindUser(db, u.ID)
			if tt.want != nil {
				if after.Verified() {
					t.Error("a refused token verified the account")
				}
				return
			}
			if !got.Verified() || !modeltest.SameTime(after.VerifiedAt, tt.at) {
				t.Errorf("verified_at = %v, want %v", after.VerifiedAt, tt.at)
			}
			// A token works once.
			if models.CheckToken(db, models.TokenVerify, raw, tt.at) {
				t.Error("CheckToken accepts a used token")
			}
			_, err = models.VerifyEmail(db, raw, tt.at.Add(time.Minute))
			modeltest.WantErr(t, err, models.ErrTokenInvalid)
			if again, _ := models.FindUser(db, u.ID); !again.VerifiedAt.Equal(tt.at) {
				t.Errorf("a second use moved verified_at to %v", again.VerifiedAt)
			}
		})
	}
}

func TestResendVerification(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db, modeltest.Unverified)
	first, second := models.NewToken(), models.NewToken()
	modeltest.WantErr(t, models.SaveToken(db, u.ID, models.TokenVerify, first, modeltest.T0.Add(models.VerifyTokenTTL), modeltest.T0), nil)
	at := modeltest.T0.Add(47 * time.Hour)
	modeltest.WantErr(t, models.ResendVerification(db, u.ID, second, models.Mail{Subject: "인증 다시"}, at), nil)
	mails, _ := models.MailsTo(db, u.Email)
	if len(mails) != 1 || mails[0].Subject != "인증 다시" {
		t.Errorf("mails = %+v", mails)
	}
	// The new link lasts 48 hours from the resend, when the first one has expired.
	_, err := models.VerifyEmail(db, first, modeltest.T0.Add(48*time.Hour))
	modeltest.WantErr(t, err, models.ErrTokenInvalid)
	_, err = models.VerifyEmail(db, second, at.Add(47*time.Hour))
	modeltest.WantErr(t, err, nil)

	// A verified account gets no new mail.
	modeltest.WantErr(t, models.ResendVerification(db, u.ID, models.NewToken(), models.Mail{Subject: "또"}, at), nil)
	if n := modeltest.CountRows(t, db, &models.Mail{}); n != 1 {
		t.Errorf("%d mails after resending to a verified account, want 1", n)
	}
}

func TestAuthenticate(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db, func(u *models.User) { u.Email = "hong@example.com" })
	tests := []struct {
		name, email, password string
		want                  error
	}{
		{"right password", "hong@example.com", modeltest.TestPassword, nil},
		{"email as typed with capitals and spaces", "  Hong@Example.com ", modeltest.TestPassword, nil},
		{"wrong password", "hong@example.com", "password124", models.ErrBadCredentials},
		{"unknown email", "kim@example.com", modeltest.TestPassword, models.ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.Authenticate(db, tt.email, tt.password, modeltest.T0)
			modeltest.WantErr(t, err, tt.want)
			if tt.want == nil && got.ID != u.ID {
				t.Errorf("authenticated as %d, want %d", got.ID, u.ID)
			}
			if tt.want != nil && got != nil {
				t.Error("a failed log-in returned an account")
			}
		})
	}
}

// An empty field is named next to it and never counts toward the lock.
func TestAuthenticateEmptyFields(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db)
	for _, tt := range []struct {
		name, email, password string
		want                  []string
	}{
		{"empty password", u.Email, "", []string{"password"}},
		{"blank email", "  ", modeltest.TestPassword, []string{"email"}},
		{"both empty", "", "", []string{"email", "password"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i := 0; i < models.MaxFailedLogins+1; i++ {
				got, err := models.Authenticate(db, tt.email, tt.password, modeltest.T0)
				if fields := modeltest.FieldErrors(t, err); !reflect.DeepEqual(fields, tt.want) || got != nil {
					t.Fatalf("fields with errors %v (account %v), want %v", fields, got, tt.want)
				}
			}
		})
	}
	got, _ := models.FindUser(db, u.ID)
	if got.FailedLogins != 0 || got.LockedUntil != nil {
		t.Errorf("empty fields counted: failed %d, locked until %v", got.FailedLogins, got.LockedUntil)
	}
	fe, _ := models.AsErrors(func() error { _, err := models.Authenticate(db, "", "", modeltest.T0); return err }())
	if fe["email"] != "auth.error.email_empty" || fe["password"] != "auth.error.password_empty" {
		t.Errorf("messages = %v", fe)
	}
}

func TestLockOutAfterRepeatedFailures(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db)
	now := modeltest.T0
	for i := 1; i < models.MaxFailedLogins; i++ {
		now = now.Add(time.Second)
		_, err := models.Authenticate(db, u.Email, "wrong-pass-1", now)
		modeltest.WantErr(t, err, models.ErrBadCredentials)
	}
	now = now.Add(time.Second)
	_, err := models.Authenticate(db, u.Email, "wrong-pass-1", now)
	modeltest.WantErr(t, err, models.ErrLocked)
	lockedAt := now
	until := lockedAt.Add(models.LockDuration)
	got, _ := models.FindUser(db, u.ID)
	if !modeltest.SameTime(got.LockedUntil, until) {
		t.Fatalf("locked_until = %v, want %v", got.LockedUntil, until)
	}

	// While locked even the right password is refused.
	for _, at := range []time.Time{lockedAt.Add(time.Minute), until.Add(-time.Nanosecond)} {
		_, err := models.Authenticate(db, u.Email, modeltest.TestPassword, at)
		modeltest.WantErr(t, err, models.ErrLocked)
	}
	// At the end of the lock the right password works and clears the record.
	back, err := models.Authenticate(db, u.Email, modeltest.TestPassword, until)
	modeltest.WantErr(t, err, nil)
	if back.ID != u.ID {
		t.Errorf("logged in as %d", back.ID)
	}
	got, _ = models.FindUser(db, u.ID)
	if got.FailedLogins != 0 || got.LockedUntil != nil {
		t.Errorf("after log-in: failed %d, locked until %v", got.FailedLogins, got.LockedUntil)
	}
}

func TestSuccessfulLogInResetsTheFailureCount(t *testing.T) {
	db := modeltest.NewDB(t)
	u := modeltest.MkUser(t, db)
	fail := func(n int) {
		for i := 0; i < n; i++ {
			_, err := models.Authenticate(db, u.Email, "nope-12345", modeltest.T0)
			modeltest.WantErr(t, err, models.ErrBadCredentials)
		}
	}
	fail(models.MaxFailedLogins - 1)
	_, err := models.Authenticate(db, u.Email, modeltest.TestPassword, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	fail(models.MaxFailedLogins - 1)
	got, _ := models.FindUser(db, u.ID)
	if got.FailedLogins != models.MaxFailedLogins-1 || got.LockedUntil != nil {
		t.Errorf("failed %d, locked until %v", got.FailedLogins, got.LockedUntil)
	}
	// The lock ended unnoticed: a wrong password after it counts from zero again.
	modeltest.WantErr(t, db.Model(&models.User{}).Where("id = ?", u.ID).Updates(map[string]any{"failed_logins": 0, "locked_until": modeltest.T0.Add(-time.Minute)}).Error, nil)
	_, err = models.Authenticate(db, u.Email, "nope-12345", modeltest.T0)
	modeltest.WantErr(t, err, models.ErrBadCredentials)
}

func TestCreateVerifiedUser(t *testing.T) {
	db := modeltest.NewDB(t)
	_, err := models.CreateVerifiedUser(db, "not-an-email", "short", " ", "강남동", "superuser", modeltest.T0)
	if got := modeltest.FieldErrors(t, err); !reflect.DeepEqual(got, []string{"dong", "email", "name", "password", "role"}) {
		t.Errorf("fields = %v", got)
	}
	u, err := models.CreateVerifiedUser(db, " Staff@Example.com", "staffpass1", " 김주무관 ", "", models.RoleStaff, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if u.Email != "staff@example.com" || u.Name != "김주무관" || u.Dong != models.DongOutside || !u.Verified() || !u.IsStaff() || u.IsAdmin() {
		t.Errorf("user = %+v", u)
	}
	_, err = models.CreateVerifiedUser(db, "staff@example.com", "staffpass1", "김주무관", "", models.RoleStaff, modeltest.T0)
	if fe, ok := models.AsErrors(err); !ok || fe["email"] == "" {
		t.Errorf("duplicate: %v", err)
	}
}

func TestRoles(t *testing.T) {
	var nobody *models.User
	if nobody.Verified() || nobody.IsStaff() || nobody.IsAdmin() {
		t.Error("an anonymous visitor has rights")
	}
	resident, staff, admin := &models.User{Role: models.RoleResident}, &models.User{Role: models.RoleStaff}, &models.User{Role: models.RoleAdmin}
	if resident.IsStaff() || !staff.IsStaff() || staff.IsAdmin() || !admin.IsStaff() || !admin.IsAdmin() {
		t.Error("roles do not nest resident < staff < admin")
	}
	if (&models.User{Name: "홍길동"}).MaskedName() != "홍*동" {
		t.Error("MaskedName does not mask")
	}
	_, err := models.FindUser(modeltest.NewDB(t), 1)
	modeltest.WantErr(t, err, models.ErrNotFound)
}

// FindUser names its columns; a field added to User and not to its query
// would come back empty without this test.
func TestFindUserFillsEveryField(t *testing.T) {
	db := modeltest.NewDB(t)
	at := modeltest.T0.Add(time.Hour)
	u := modeltest.MkUser(t, db, func(u *models.User) {
		u.Dong, u.Role, u.FailedLogins, u.LockedUntil, u.DeactivatedAt = "문래동", models.RoleStaff, 2, &at, &at
		u.NotifyOwn, u.NotifySupported, u.NotifyProgress, u.UnsubscribeToken, u.Language = true, true, true, "token", "zh"
		u.SessionGen, u.LastLoginAt, u.PreviousLoginAt = 3, &at, &modeltest.T0
	})
	got, err := models.FindUser(db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want models.User
	if err := db.Take(&want, u.ID).Error; err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("FindUser gave\n%+v\nGORM reads\n%+v", *got, want)
	}
	v := reflect.ValueOf(*got)
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("field %s is empty: fill it in this test, and read it in FindUser", v.Type().Field(i).Name)
		}
	}
	if _, err := models.FindUser(db, u.ID+1000); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("a missing account: %v, want ErrNotFound", err)
	}
}

// Inside a transaction FindUser reads through it, seeing what the transaction
// wrote; outside, through the readers.
func TestFindUserReadsThroughItsTransaction(t *testing.T) {
	db := modeltest.NewDB(t)
	err := db.Transaction(func(tx *gorm.DB) error {
		u := modeltest.NewUser()
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		got, err := models.FindUser(tx, u.ID)
		if err != nil || got.Email != u.Email {
			t.Errorf("in its transaction: %+v, %v", got, err)
		}
		if _, err := models.FindUser(db, u.ID); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("outside the transaction before its commit: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
