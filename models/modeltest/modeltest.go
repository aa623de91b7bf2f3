package models

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"ydp1/internal/testdb"
)

// t0 is the tests' "now": Monday 4 March 2024, 10:00 in Seoul, given in UTC
// as the model functions expect.
var t0 = time.Date(2024, time.March, 4, 1, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// testPassword is the password of every user made by mkUser.
const testPassword = "password123"

var (
	testHashOnce sync.Once
	testHashVal  string
)

// testHash is testPassword hashed once at bcrypt's lowest cost, so tests can
// make hundreds of users without paying for bcrypt each time.
func testHash() string {
	testHashOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
		if err != nil {
			panic(err)
		}
		testHashVal = string(h)
	})
	return testHashVal
}

// newTestDB opens a fresh, migrated database: a SQLite file under
// t.TempDir(), or a schema of its own on TEST_DATABASE_URL.
func newTestDB(t testing.TB) *gorm.DB {
	t.Helper()
	db, err := Open(testdb.DSN(t, "test.db"), IndexPendingPetitions)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { Close(db) })
	return db
}

var userSeq atomic.Int64

// newUser is a verified resident with a unique email, not yet stored.
func newUser() User {
	n := userSeq.Add(1)
	at := t0.Add(-30 * day)
	return User{
		Email: fmt.Sprintf("user%d@example.com", n), PasswordHash: testHash(), Name: "홍길동",
		Dong: Dongs[int(n)%len(Dongs)], Role: RoleResident, VerifiedAt: &at, ConsentedAt: at,
		CreatedAt: at, UpdatedAt: at,
	}
}

// mkUser stores a verified resident; each edit may change it first.
func mkUser(t testing.TB, db *gorm.DB, edits ...func(*User)) *User {
	t.Helper()
	u := newUser()
	for _, edit := range edits {
		edit(&u)
	}
	if err := db.Create(&u).Error; err != nil {
		t.Fatalf("create user: %v", err)
	}
	return &u
}

// mkUsers stores n verified residents in batches.
func mkUsers(t testing.TB, db *gorm.DB, n int) []User {
	t.Helper()
	us := make([]User, n)
	for i := range us {
		us[i] = newUser()
	}
	if err := db.CreateInBatches(us, 100).Error; err != nil {
		t.Fatalf("create users: %v", err)
	}
	return us
}

func unverified(u *User) { u.VerifiedAt = nil }
func asStaff(u *User)    { u.Role = RoleStaff }
func asAdmin(u *User)    { u.Role = RoleAdmin }

// rules are settings with the given 사전동의 goal and threshold and the default periods.
func rules(goal, threshold int) Settings {
	s := DefaultSettings
	s.PreconsentGoal, s.Threshold = goal, threshold
	return s
}

func useSettings(t testing.TB, db *gorm.DB, s Settings) {
	t.Helper()
	if err := SaveSettings(db, s, t0); err != nil {
		t.Fatalf("save settings: %v", err)
	}
}

func petitionInput(title string) PetitionInput {
	return PetitionInput{
		Title: title, Category: Categories[0], Dong: "문래동",
		Body: "문래동 골목길에 가로등이 부족해 밤길이 어둡습니다. 가로등을 더 설치해 주세요.",
	}
}

// filePetition files a valid petition by a new verified author under the stored settings.
func filePetition(t testing.TB, db *gorm.DB, now time.Time) *Petition {
	t.Helper()
	author := mkUser(t, db)
	p, err := FilePetition(db, author.ID, petitionInput("가로등을 더 설치해 주세요"), now)
	if err != nil {
		t.Fatalf("file petition: %v", err)
	}
	return p
}

// mkOpen files a petition that skips 사전동의 and publishes it at now with the threshold.
func mkOpen(t testing.TB, db *gorm.DB, threshold int, now time.Time) *Petition {
	t.Helper()
	useSettings(t, db, rules(0, threshold))
	p := filePetition(t, db, now)
	if err := Publish(db, p.ID, 0, now); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return storedRow(t, db, p.ID)
}

// storedRow reads a petition row as it is in the database, without resolving its state.
func storedRow(t testing.TB, db *gorm.DB, id uint) *Petition {
	t.Helper()
	var p Petition
	if err := db.Take(&p, id).Error; err != nil {
		t.Fatalf("load petition %d: %v", id, err)
	}
	return &p
}

// trySupport gives u's 공감 to p through p's share link.
func trySupport(db *gorm.DB, p *Petition, u *User, now time.Time) (*SupportResult, error) {
	return SupportPetition(db, SupportInput{PetitionID: p.ID, UserID: u.ID, Share: p.ShareToken}, now)
}

func mustSupport(t testing.TB, db *gorm.DB, p *Petition, u *User, now time.Time) *SupportResult {
	t.Helper()
	r, err := trySupport(db, p, u, now)
	if err != nil {
		t.Fatalf("support by user %d at %v: %v", u.ID, now, err)
	}
	return r
}

// insertPetition stores a petition row as given, filling what it leaves empty;
// it builds fixtures in any state for the query tests.
func insertPetition(t testing.TB, db *gorm.DB, p Petition) *Petition {
	t.Helper()
	if p.AuthorID == 0 {
		p.AuthorID = mkUser(t, db).ID
	}
	if p.Title == "" {
		p.Title = "청원 제목"
	}
	if p.Category == "" {
		p.Category = Categories[0]
	}
	if p.Body == "" {
		p.Body = "청원 내용은 스무 글자 이상이어야 합니다. 이 청원은 시험용입니다."
	}
	if p.Status == "" {
		p.Status = StatusOpen
	}
	p.ShareToken = randomString(10)
	if p.PreconsentGoal == 0 {
		p.PreconsentGoal = 10
	}
	if p.PreconsentEndsAt.IsZero() {
		p.PreconsentEndsAt = t0.Add(7 * day)
	}
	if p.Threshold == 0 {
		p.Threshold = 1000
	}
	if p.AnswerDays == 0 {
		p.AnswerDays = 20
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = t0.Add(-90 * day)
	}
	p.UpdatedAt = p.CreatedAt
	if err := db.Create(&p).Error; err != nil {
		t.Fatalf("insert petition: %v", err)
	}
	return &p
}

func timePtr(t time.Time) *time.Time { return &t }

// wantErr fails unless err is target (nil for success).
func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if target == nil && err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if target != nil && !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
}

// fieldErrors returns the sorted fields of a validation error, or fails.
func fieldErrors(t testing.TB, err error) []string {
	t.Helper()
	fe, ok := AsErrors(err)
	if !ok {
		t.Fatalf("error = %v, want field errors", err)
	}
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func countRows(t testing.TB, db *gorm.DB, model any, where ...any) int64 {
	t.Helper()
	var n int64
	q := db.Model(model)
	if len(where) > 0 {
		q = q.Where(where[0], where[1:]...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

func petitionIDs(ps []Petition) []uint {
	out := make([]uint, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func sameTime(a *time.Time, b time.Time) bool { return a != nil && a.Equal(b) }

// mkMeeting creates and publishes a meeting whose booking window is open at t0.
func mkMeeting(t *testing.T, gdb *gorm.DB, capacity int) *Meeting {
	t.Helper()
	staff := mkUser(t, gdb, func(u *User) { u.Role = RoleStaff })
	in := MeetingInput{Kind: KindTownHall, Title: "2024 영등포 타운홀미팅", Place: "영등포아트홀", Agenda: "인사말\n구정 설명\n질의응답",
		StartsAt: FormTime(ptr(t0.Add(10 * day))), EndsAt: FormTime(ptr(t0.Add(10*day + 2*time.Hour))),
		BookingEnabled: true, Capacity: itoaPlain(capacity),
		BookingOpensAt: FormTime(ptr(t0.Add(-day))), BookingClosesAt: FormTime(ptr(t0.Add(9 * day)))}
	m, err := CreateMeeting(gdb, staff.ID, in, t0.Add(-2*day))
	wantErr(t, err, nil)
	wantErr(t, PublishMeeting(gdb, m.ID, staff.ID, t0.Add(-2*day)), nil)
	m, err = FindMeeting(gdb, m.ID)
	wantErr(t, err, nil)
	return m
}

func ptr[T any](v T) *T { return &v }

func itoaPlain(n int) string { return strings.ReplaceAll(FormatNumber(n), ",", "") }

// runTogether starts n goroutines at once and collects what each returns.
func runTogether[T any](n int, f func(i int) T) []T {
	out := make([]T, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			out[i] = f(i)
		}(i)
	}
	close(start)
	wg.Wait()
	return out
}

// seedSupports opens a petition and gives it n supports.
func seedSupports(t *testing.T, db *gorm.DB, n int) *Petition {
	t.Helper()
	p := mkOpen(t, db, 1000, t0)
	for i := 0; i < n; i++ {
		mustSupport(t, db, p, mkUser(t, db), t0.Add(time.Duration(i+1)*time.Second))
	}
	return storedRow(t, db, p.ID)
}

// allowedFields fails when errs names a field the form does not have.
func allowedFields(t *testing.T, errs Errors, fields ...string) {
	t.Helper()
	for k := range errs {
		if !slices.Contains(fields, k) {
			t.Fatalf("error for undocumented field %q: %v", k, errs)
		}
	}
}
