package models

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

func validSignUp() SignUp {
	return SignUp{Email: "hong@example.com", Password: "gildong2024", PasswordConfirm: "gildong2024",
		Name: "홍길동", Dong: "문래동", Consent: true}
}

func TestRegisterValidation(t *testing.T) {
	db := newTestDB(t)
	long := strings.Repeat("a1", 37) // 74 bytes
	tests := []struct {
		name string
		edit func(*SignUp)
		want map[string]string // field → message
	}{
		{"no email", func(s *SignUp) { s.Email = "  " }, map[string]string{"email": "이메일을 입력해 주세요."}},
		{"email without @", func(s *SignUp) { s.Email = "hong.example.com" },
			map[string]string{"email": "이메일 형식이 올바르지 않습니다. 예: hong@example.com"}},
		{"email without a dot in the domain", func(s *SignUp) { s.Email = "hong@example" },
			map[string]string{"email": "이메일 형식이 올바르지 않습니다. 예: hong@example.com"}},
		{"email with a display name", func(s *SignUp) { s.Email = "홍길동 <hong@example.com>" },
			map[string]string{"email": "이메일 형식이 올바르지 않습니다. 예: hong@example.com"}},
		{"two addresses", func(s *SignUp) { s.Email = "a@example.com, b@example.com" },
			map[string]string{"email": "이메일 형식이 올바르지 않습니다. 예: hong@example.com"}},
		{"no password", func(s *SignUp) { s.Password, s.PasswordConfirm = "", "" },
			map[string]string{"password": "비밀번호를 입력해 주세요."}},
		{"short password", func(s *SignUp) { s.Password, s.PasswordConfirm = "abc1234", "abc1234" },
			map[string]string{"password": "비밀번호는 8자 이상이어야 합니다."}},
		{"letters only", func(s *SignUp) { s.Password, s.PasswordConfirm = "abcdefgh", "abcdefgh" },
			map[string]string{"password": "비밀번호에는 문자와 숫자를 함께 넣어 주세요."}},
		{"digits only", func(s *SignUp) { s.Password, s.PasswordConfirm = "12345678", "12345678" },
			map[string]string{"password": "비밀번호에는 문자와 숫자를 함께 넣어 주세요."}},
		{"over 72 bytes", func(s *SignUp) { s.Password, s.PasswordConfirm = long, long },
			map[string]string{"password": "비밀번호가 너무 깁니다. 72바이트(영문 72자) 이하로 입력해 주세요."}},
		{"25 Korean letters are 75 bytes", func(s *SignUp) { p := strings.Repeat("가", 24) + "1"; s.Password, s.PasswordConfirm = p, p },
			map[string]string{"password": "비밀번호가 너무 깁니다. 72바이트(영문 72자) 이하로 입력해 주세요."}},
		{"confirmation differs", func(s *SignUp) { s.PasswordConfirm = "gildong2025" },
			map[string]string{"password_confirm": "비밀번호가 서로 다릅니다. 같은 비밀번호를 한 번 더 입력해 주세요."}},
		{"no name", func(s *SignUp) { s.Name = "   " }, map[string]string{"name": "이름을 입력해 주세요."}},
		{"one-letter name", func(s *SignUp) { s.Name = "홍" }, map[string]string{"name": "이름은 2자 이상 20자 이하로 입력해 주세요."}},
		{"21-letter name", func(s *SignUp) { s.Name = strings.Repeat("가", 21) }, map[string]string{"name": "이름은 2자 이상 20자 이하로 입력해 주세요."}},
		{"no dong", func(s *SignUp) { s.Dong = "" }, map[string]string{"dong": "거주 행정동을 선택해 주세요."}},
		{"there is no 신길2동", func(s *SignUp) { s.Dong = "신길2동" }, map[string]string{"dong": "목록에 있는 행정동을 선택해 주세요."}},
		{"no consent", func(s *SignUp) { s.Consent = false }, map[string]string{"consent": "개인정보 수집·이용에 동의해야 가입할 수 있습니다."}},
		{"empty form", func(s *SignUp) { *s = SignUp{} }, map[string]string{
			"email": "이메일을 입력해 주세요.", "password": "비밀번호를 입력해 주세요.", "name": "이름을 입력해 주세요.",
			"dong": "거주 행정동을 선택해 주세요.", "consent": "개인정보 수집·이용에 동의해야 가입할 수 있습니다."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validSignUp()
			tt.edit(&in)
			_, err := Register(db, in, NewToken(), Mail{Subject: "인증"}, t0)
			fe, ok := AsErrors(err)
			if !ok || !reflect.DeepEqual(map[string]string(fe), tt.want) {
				t.Errorf("errors = %v, want %v", err, tt.want)
			}
		})
	}
	if n := countRows(t, db, &User{}) + countRows(t, db, &Mail{}) + countRows(t, db, &Token{}); n != 0 {
		t.Errorf("invalid sign-ups stored %d rows", n)
	}

	// The validation accepts what people really type.
	for _, edit := range []func(*SignUp){
		func(s *SignUp) { s.Dong = DongOutside },
		func(s *SignUp) { s.Email = "  Hong.Gil-Dong+ydp@Mail.Example.co.kr " },
		func(s *SignUp) { s.Password, s.PasswordConfirm = "비밀번호는2024", "비밀번호는2024" },
		func(s *SignUp) { s.Name = "남궁 민수" },
	} {
		in := validSignUp()
		edit(&in)
		if errs := in.validate(); len(errs) > 0 {
			t.Errorf("%+v refused: %v", in, errs)
		}
	}
}

func TestRegisterQueuesTheVerificationMailInTheSameTransaction(t *testing.T) {
	db := newTestDB(t)
	in := validSignUp()
	in.Email = "  Hong@Example.COM "
	token := NewToken()
	u, err := Register(db, in, token, Mail{Subject: "[영등포1번가] 이메일 인증", Text: "링크: /verify/" + token, To: "someone@else.com"}, t0)
	wantErr(t, err, nil)

	got, err := FindUser(db, u.ID)
	wantErr(t, err, nil)
	if got.Email != "hong@example.com" || got.Verified() || got.Role != RoleResident || !got.ConsentedAt.Equal(t0) {
		t.Errorf("stored user = %+v", got)
	}
	if got.PasswordHash == in.Password || bcrypt.CompareHashAndPassword([]byte(got.PasswordHash), []byte(in.Password)) != nil {
		t.Error("the password is not stored as its bcrypt hash")
	}
	var tok Token
	wantErr(t, db.Where("user_id = ?", u.ID).Take(&tok).Error, nil)
	if tok.Hash == token || tok.Purpose != TokenVerify || !tok.ExpiresAt.Equal(t0.Add(48*time.Hour)) {
		t.Errorf("token row = %+v", tok)
	}
	mails, err := MailsTo(db, "hong@example.com")
	wantErr(t, err, nil)
	if len(mails) != 1 || mails[0].Subject != "[영등포1번가] 이메일 인증" || mails[0].Status != MailPending || !mails[0].NextAttemptAt.Equal(t0) {
		t.Fatalf("mails to the new account = %+v", mails)
	}
	if n := countRows(t, db, &Mail{}); n != 1 {
		t.Errorf("%d mails queued, want 1 (to the account's address only)", n)
	}

	// The same mailbox in another spelling is a duplicate, and nothing of it is kept.
	in.Email = "HONG@example.com"
	_, err = Register(db, in, NewToken(), Mail{Subject: "인증"}, t0)
	fe, ok := AsErrors(err)
	if !ok || fe["email"] != "이미 가입된 이메일입니다. 로그인하거나 다른 이메일을 입력해 주세요." {
		t.Errorf("duplicate email: %v", err)
	}
	// A failure after the account row (here: a token that is already taken) rolls it back, mail and all.
	in.Email = "kim@example.com"
	_, err = Register(db, in, token, Mail{Subject: "인증"}, t0)
	if err == nil {
		t.Fatal("registering with a used token succeeded")
	}
	if n := countRows(t, db, &User{}); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
	if n := countRows(t, db, &Mail{}); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}

	// The mailed token verifies the account.
	v, err := VerifyEmail(db, token, t0.Add(time.Hour))
	wantErr(t, err, nil)
	if v.ID != u.ID || !sameTime(v.VerifiedAt, t0.Add(time.Hour)) {
		t.Errorf("verified user = %+v", v)
	}
}

func TestVerifyEmailToken(t *testing.T) {
	issued := t0
	tests := []struct {
		name  string
		at    time.Time
		token func(raw string) string
		want  error
	}{
		{"right away", issued, nil, nil},
		{"one second before 48 hours", issued.Add(48*time.Hour - time.Second), nil, nil},
		{"at 48 hours", issued.Add(48 * time.Hour), nil, ErrTokenInvalid},
		{"after 48 hours", issued.Add(49 * time.Hour), nil, ErrTokenInvalid},
		{"a wrong token", issued, func(string) string { return NewToken() }, ErrTokenInvalid},
		{"an empty token", issued, func(string) string { return "" }, ErrTokenInvalid},
		{"the stored hash instead of the token", issued, hashToken, ErrTokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newTestDB(t)
			u := mkUser(t, db, unverified)
			raw := NewToken()
			wantErr(t, saveToken(db, u.ID, TokenVerify, raw, issued.Add(verifyTokenTTL), issued), nil)
			use := raw
			if tt.token != nil {
				use = tt.token(raw)
			}
			if CheckToken(db, TokenVerify, use, tt.at) != (tt.want == nil) {
				t.Errorf("CheckToken disagrees with VerifyEmail")
			}
			got, err := VerifyEmail(db, use, tt.at)
			wantErr(t, err, tt.want)
			after, _ := FindUser(db, u.ID)
			if tt.want != nil {
				if after.Verified() {
					t.Error("a refused token verified the account")
				}
				return
			}
			if !got.Verified() || !sameTime(after.VerifiedAt, tt.at) {
				t.Errorf("verified_at = %v, want %v", after.VerifiedAt, tt.at)
			}
			// A token works once.
			if CheckToken(db, TokenVerify, raw, tt.at) {
				t.Error("CheckToken accepts a used token")
			}
			_, err = VerifyEmail(db, raw, tt.at.Add(time.Minute))
			wantErr(t, err, ErrTokenInvalid)
			if again, _ := FindUser(db, u.ID); !again.VerifiedAt.Equal(tt.at) {
				t.Errorf("a second use moved verified_at to %v", again.VerifiedAt)
			}
		})
	}
}

func TestResendVerification(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db, unverified)
	first, second := NewToken(), NewToken()
	wantErr(t, saveToken(db, u.ID, TokenVerify, first, t0.Add(verifyTokenTTL), t0), nil)
	at := t0.Add(47 * time.Hour)
	wantErr(t, ResendVerification(db, u.ID, second, Mail{Subject: "인증 다시"}, at), nil)
	mails, _ := MailsTo(db, u.Email)
	if len(mails) != 1 || mails[0].Subject != "인증 다시" {
		t.Errorf("mails = %+v", mails)
	}
	// The new link lasts 48 hours from the resend, when the first one has expired.
	_, err := VerifyEmail(db, first, t0.Add(48*time.Hour))
	wantErr(t, err, ErrTokenInvalid)
	_, err = VerifyEmail(db, second, at.Add(47*time.Hour))
	wantErr(t, err, nil)

	// A verified account gets no new mail.
	wantErr(t, ResendVerification(db, u.ID, NewToken(), Mail{Subject: "또"}, at), nil)
	if n := countRows(t, db, &Mail{}); n != 1 {
		t.Errorf("%d mails after resending to a verified account, want 1", n)
	}
}

func TestAuthenticate(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db, func(u *User) { u.Email = "hong@example.com" })
	tests := []struct {
		name, email, password string
		want                  error
	}{
		{"right password", "hong@example.com", testPassword, nil},
		{"email as typed with capitals and spaces", "  Hong@Example.com ", testPassword, nil},
		{"wrong password", "hong@example.com", "password124", ErrBadCredentials},
		{"empty password", "hong@example.com", "", ErrBadCredentials},
		{"unknown email", "kim@example.com", testPassword, ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Authenticate(db, tt.email, tt.password, t0)
			wantErr(t, err, tt.want)
			if tt.want == nil && got.ID != u.ID {
				t.Errorf("authenticated as %d, want %d", got.ID, u.ID)
			}
			if tt.want != nil && got != nil {
				t.Error("a failed log-in returned an account")
			}
		})
	}
}

func TestLockOutAfterRepeatedFailures(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db)
	now := t0
	for i := 1; i < MaxFailedLogins; i++ {
		now = now.Add(time.Second)
		_, err := Authenticate(db, u.Email, "wrong-pass-1", now)
		wantErr(t, err, ErrBadCredentials)
	}
	now = now.Add(time.Second)
	_, err := Authenticate(db, u.Email, "wrong-pass-1", now)
	wantErr(t, err, ErrLocked)
	lockedAt := now
	until := lockedAt.Add(LockDuration)
	got, _ := FindUser(db, u.ID)
	if !sameTime(got.LockedUntil, until) {
		t.Fatalf("locked_until = %v, want %v", got.LockedUntil, until)
	}

	// While locked even the right password is refused.
	for _, at := range []time.Time{lockedAt.Add(time.Minute), until.Add(-time.Nanosecond)} {
		_, err := Authenticate(db, u.Email, testPassword, at)
		wantErr(t, err, ErrLocked)
	}
	// At the end of the lock the right password works and clears the record.
	back, err := Authenticate(db, u.Email, testPassword, until)
	wantErr(t, err, nil)
	if back.ID != u.ID {
		t.Errorf("logged in as %d", back.ID)
	}
	got, _ = FindUser(db, u.ID)
	if got.FailedLogins != 0 || got.LockedUntil != nil {
		t.Errorf("after log-in: failed %d, locked until %v", got.FailedLogins, got.LockedUntil)
	}
}

func TestSuccessfulLogInResetsTheFailureCount(t *testing.T) {
	db := newTestDB(t)
	u := mkUser(t, db)
	fail := func(n int) {
		for i := 0; i < n; i++ {
			_, err := Authenticate(db, u.Email, "nope-12345", t0)
			wantErr(t, err, ErrBadCredentials)
		}
	}
	fail(MaxFailedLogins - 1)
	_, err := Authenticate(db, u.Email, testPassword, t0)
	wantErr(t, err, nil)
	fail(MaxFailedLogins - 1)
	got, _ := FindUser(db, u.ID)
	if got.FailedLogins != MaxFailedLogins-1 || got.LockedUntil != nil {
		t.Errorf("failed %d, locked until %v", got.FailedLogins, got.LockedUntil)
	}
	// The lock ended unnoticed: a wrong password after it counts from zero again.
	wantErr(t, db.Model(&User{}).Where("id = ?", u.ID).Updates(map[string]any{"failed_logins": 0, "locked_until": t0.Add(-time.Minute)}).Error, nil)
	_, err = Authenticate(db, u.Email, "nope-12345", t0)
	wantErr(t, err, ErrBadCredentials)
}

func TestCreateVerifiedUser(t *testing.T) {
	db := newTestDB(t)
	_, err := CreateVerifiedUser(db, "not-an-email", "short", " ", "강남동", "superuser", t0)
	if got := fieldErrors(t, err); !reflect.DeepEqual(got, []string{"dong", "email", "name", "password", "role"}) {
		t.Errorf("fields = %v", got)
	}
	u, err := CreateVerifiedUser(db, " Staff@Example.com", "staffpass1", " 김주무관 ", "", RoleStaff, t0)
	wantErr(t, err, nil)
	if u.Email != "staff@example.com" || u.Name != "김주무관" || u.Dong != DongOutside || !u.Verified() || !u.IsStaff() || u.IsAdmin() {
		t.Errorf("user = %+v", u)
	}
	_, err = CreateVerifiedUser(db, "staff@example.com", "staffpass1", "김주무관", "", RoleStaff, t0)
	if fe, ok := AsErrors(err); !ok || fe["email"] == "" {
		t.Errorf("duplicate: %v", err)
	}
}

func TestRoles(t *testing.T) {
	var nobody *User
	if nobody.Verified() || nobody.IsStaff() || nobody.IsAdmin() {
		t.Error("an anonymous visitor has rights")
	}
	resident, staff, admin := &User{Role: RoleResident}, &User{Role: RoleStaff}, &User{Role: RoleAdmin}
	if resident.IsStaff() || !staff.IsStaff() || staff.IsAdmin() || !admin.IsStaff() || !admin.IsAdmin() {
		t.Error("roles do not nest resident < staff < admin")
	}
	if (&User{Name: "홍길동"}).MaskedName() != "홍*동" {
		t.Error("MaskedName does not mask")
	}
	_, err := FindUser(newTestDB(t), 1)
	wantErr(t, err, ErrNotFound)
}

// FindUser names its columns; a field added to User and not to its query
// would come back empty without this test.
func TestFindUserFillsEveryField(t *testing.T) {
	db := newTestDB(t)
	at := t0.Add(time.Hour)
	u := mkUser(t, db, func(u *User) {
		u.Dong, u.Role, u.FailedLogins, u.LockedUntil, u.DeactivatedAt = "문래동", RoleStaff, 2, &at, &at
		u.NotifyOwn, u.NotifySupported, u.NotifyProgress, u.UnsubscribeToken = true, true, true, "token"
		u.SessionGen, u.LastLoginAt, u.PreviousLoginAt = 3, &at, &t0
	})
	got, err := FindUser(db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var want User
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
	if _, err := FindUser(db, u.ID+1000); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing account: %v, want ErrNotFound", err)
	}
}

// Inside a transaction FindUser reads through it, seeing what the transaction
// wrote; outside, through the readers.
func TestFindUserReadsThroughItsTransaction(t *testing.T) {
	db := newTestDB(t)
	err := db.Transaction(func(tx *gorm.DB) error {
		u := newUser()
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		got, err := FindUser(tx, u.ID)
		if err != nil || got.Email != u.Email {
			t.Errorf("in its transaction: %+v, %v", got, err)
		}
		if _, err := FindUser(db, u.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("outside the transaction before its commit: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
