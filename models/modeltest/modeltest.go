// Package modeltest holds the fixtures the tests of every model package share:
// a database per test, verified accounts, settings, petitions in any state,
// a meeting open for booking, a 공론장 open for votes, and the small assertions the tests use. Only
// tests import it.
package modeltest

import (
	"errors"
	"fmt"
	"os"
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
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// T0 is the tests' "now": Monday 4 March 2024, 10:00 in Seoul, given in UTC
// as the model functions expect.
var T0 = time.Date(2024, time.March, 4, 1, 0, 0, 0, time.UTC)

// Day is a day of the tests' clock.
const Day = 24 * time.Hour

// TestPassword is the password of every user made by MkUser.
const TestPassword = "password123"

var (
	testHashOnce sync.Once
	testHashVal  string
)

// testHash is TestPassword hashed once at bcrypt's lowest cost, so tests can
// make hundreds of users without paying for bcrypt each time.
func testHash() string {
	testHashOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte(TestPassword), bcrypt.MinCost)
		if err != nil {
			panic(err)
		}
		testHashVal = string(h)
	})
	return testHashVal
}

// NewDB opens a fresh, migrated database: a SQLite file under
// t.TempDir(), or a schema of its own on TEST_DATABASE_URL.
func NewDB(t testing.TB) *gorm.DB {
	t.Helper()
	db, err := models.Open(testdb.DSN(t, "test.db"), petitions.IndexPending)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { models.Close(db) })
	return db
}

var userSeq atomic.Int64

// NewUser is a verified resident with a unique email, not yet stored.
func NewUser() models.User {
	n := userSeq.Add(1)
	at := T0.Add(-30 * Day)
	return models.User{
		Email: fmt.Sprintf("user%d@example.com", n), PasswordHash: testHash(), Name: "홍길동",
		Dong: models.Dongs[int(n)%len(models.Dongs)], Role: models.RoleResident, VerifiedAt: &at, ConsentedAt: at,
		CreatedAt: at, UpdatedAt: at,
	}
}

// MkUser stores a verified resident; each edit may change it first.
func MkUser(t testing.TB, db *gorm.DB, edits ...func(*models.User)) *models.User {
	t.Helper()
	u := NewUser()
	for _, edit := range edits {
		edit(&u)
	}
	if err := db.Create(&u).Error; err != nil {
		t.Fatalf("create user: %v", err)
	}
	return &u
}

// MkUsers stores n verified residents in batches.
func MkUsers(t testing.TB, db *gorm.DB, n int) []models.User {
	t.Helper()
	us := make([]models.User, n)
	for i := range us {
		us[i] = NewUser()
	}
	if err := db.CreateInBatches(us, 100).Error; err != nil {
		t.Fatalf("create users: %v", err)
	}
	return us
}

// Unverified leaves the account's email unverified; it, AsStaff and AsAdmin
// are edits for MkUser.
func Unverified(u *models.User) { u.VerifiedAt = nil }

// AsStaff makes the account staff.
func AsStaff(u *models.User) { u.Role = models.RoleStaff }

// AsAdmin makes the account an admin.
func AsAdmin(u *models.User) { u.Role = models.RoleAdmin }

// Rules are settings with the given 사전동의 goal and threshold and the default periods.
func Rules(goal, threshold int) models.Settings {
	s := models.DefaultSettings
	s.PreconsentGoal, s.Threshold = goal, threshold
	return s
}

// UseSettings stores s as the settings in force.
func UseSettings(t testing.TB, db *gorm.DB, s models.Settings) {
	t.Helper()
	if err := models.SaveSettings(db, s, T0); err != nil {
		t.Fatalf("save settings: %v", err)
	}
}

// PetitionInput is a valid petition form with the given title.
func PetitionInput(title string) petitions.Input {
	return petitions.Input{
		Title: title, Category: models.Categories[0], Dong: "문래동",
		Body: "문래동 골목길에 가로등이 부족해 밤길이 어둡습니다. 가로등을 더 설치해 주세요.",
	}
}

// FilePetition files a valid petition by a new verified author under the stored settings.
func FilePetition(t testing.TB, db *gorm.DB, now time.Time) *petitions.Petition {
	t.Helper()
	author := MkUser(t, db)
	p, err := petitions.FilePetition(db, author.ID, PetitionInput("가로등을 더 설치해 주세요"), now)
	if err != nil {
		t.Fatalf("file petition: %v", err)
	}
	return p
}

// MkOpen files a petition that skips 사전동의 and publishes it at now with the threshold.
func MkOpen(t testing.TB, db *gorm.DB, threshold int, now time.Time) *petitions.Petition {
	t.Helper()
	UseSettings(t, db, Rules(0, threshold))
	p := FilePetition(t, db, now)
	if err := petitions.Publish(db, p.ID, 0, now); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return StoredRow(t, db, p.ID)
}

// StoredRow reads a petition row as it is in the database, without resolving its state.
func StoredRow(t testing.TB, db *gorm.DB, id uint) *petitions.Petition {
	t.Helper()
	var p petitions.Petition
	if err := db.Take(&p, id).Error; err != nil {
		t.Fatalf("load petition %d: %v", id, err)
	}
	return &p
}

// TrySupport gives u's 공감 to p through p's share link.
func TrySupport(db *gorm.DB, p *petitions.Petition, u *models.User, now time.Time) (*petitions.SupportResult, error) {
	return petitions.SupportPetition(db, petitions.SupportInput{PetitionID: p.ID, UserID: u.ID, Share: p.ShareToken}, now)
}

// MustSupport is TrySupport that fails the test on an error.
func MustSupport(t testing.TB, db *gorm.DB, p *petitions.Petition, u *models.User, now time.Time) *petitions.SupportResult {
	t.Helper()
	r, err := TrySupport(db, p, u, now)
	if err != nil {
		t.Fatalf("support by user %d at %v: %v", u.ID, now, err)
	}
	return r
}

// InsertPetition stores a petition row as given, filling what it leaves empty;
// it builds fixtures in any state for the query tests.
func InsertPetition(t testing.TB, db *gorm.DB, p petitions.Petition) *petitions.Petition {
	t.Helper()
	if p.AuthorID == 0 {
		p.AuthorID = MkUser(t, db).ID
	}
	if p.Title == "" {
		p.Title = "청원 제목"
	}
	if p.Category == "" {
		p.Category = models.Categories[0]
	}
	if p.Body == "" {
		p.Body = "청원 내용은 스무 글자 이상이어야 합니다. 이 청원은 시험용입니다."
	}
	if p.Status == "" {
		p.Status = petitions.StatusOpen
	}
	p.ShareToken = models.RandomString(10)
	if p.PreconsentGoal == 0 {
		p.PreconsentGoal = 10
	}
	if p.PreconsentEndsAt.IsZero() {
		p.PreconsentEndsAt = T0.Add(7 * Day)
	}
	if p.Threshold == 0 {
		p.Threshold = 1000
	}
	if p.AnswerDays == 0 {
		p.AnswerDays = 20
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = T0.Add(-90 * Day)
	}
	p.UpdatedAt = p.CreatedAt
	if err := db.Create(&p).Error; err != nil {
		t.Fatalf("insert petition: %v", err)
	}
	return &p
}

// UnindexedPetition stores a public petition as a release before the search
// index left it: without its terms, listed in petition_terms_pending.
func UnindexedPetition(t testing.TB, db *gorm.DB, title string, now time.Time) *petitions.Petition {
	t.Helper()
	p := InsertPetition(t, db, petitions.Petition{Title: title, OpenedAt: &now, ClosesAt: TimePtr(now.Add(Day))})
	if err := db.Exec("DELETE FROM petition_terms WHERE petition_id = ?", p.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO petition_terms_pending (petition_id) VALUES (?)", p.ID).Error; err != nil {
		t.Fatal(err)
	}
	return p
}

// TimePtr is a pointer to t.
func TimePtr(t time.Time) *time.Time { return &t }

// WantErr fails unless err is target (nil for success).
func WantErr(t testing.TB, err, target error) {
	t.Helper()
	if target == nil && err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if target != nil && !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
}

// FieldErrors returns the sorted fields of a validation error, or fails.
func FieldErrors(t testing.TB, err error) []string {
	t.Helper()
	fe, ok := models.AsErrors(err)
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

// CountRows counts the rows of model's table, where the condition holds when one is given.
func CountRows(t testing.TB, db *gorm.DB, model any, where ...any) int64 {
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

// PetitionIDs are the ids of ps, in order.
func PetitionIDs(ps []petitions.Petition) []uint {
	out := make([]uint, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// SameTime reports whether a is set and is the instant b.
func SameTime(a *time.Time, b time.Time) bool { return a != nil && a.Equal(b) }

// MkMeeting creates and publishes a meeting whose booking window is open at T0.
func MkMeeting(t *testing.T, gdb *gorm.DB, capacity int) *meetings.Meeting {
	t.Helper()
	staff := MkUser(t, gdb, func(u *models.User) { u.Role = models.RoleStaff })
	in := meetings.Input{Kind: meetings.KindTownHall, Title: "2024 영등포 타운홀미팅", Place: "영등포아트홀", Agenda: "인사말\n구정 설명\n질의응답",
		StartsAt: meetings.FormTime(Ptr(T0.Add(10 * Day))), EndsAt: meetings.FormTime(Ptr(T0.Add(10*Day + 2*time.Hour))),
		BookingEnabled: true, Capacity: ItoaPlain(capacity),
		BookingOpensAt: meetings.FormTime(Ptr(T0.Add(-Day))), BookingClosesAt: meetings.FormTime(Ptr(T0.Add(9 * Day)))}
	m, err := meetings.CreateMeeting(gdb, staff.ID, in, T0.Add(-2*Day))
	WantErr(t, err, nil)
	WantErr(t, meetings.PublishMeeting(gdb, m.ID, staff.ID, T0.Add(-2*Day)), nil)
	m, err = meetings.FindMeeting(gdb, m.ID)
	WantErr(t, err, nil)
	return m
}

// DeliberationInput is a valid 공론장 form, open from a day before T0 for
// two weeks, with three seed statements.
func DeliberationInput(moderation deliberations.Moderation) deliberations.Input {
	return deliberations.Input{Title: "문래동 공영주차장 어떻게 쓸까요", Question: "문래동 공영주차장 부지를 어떻게 쓰면 좋을까요?",
		Background: "구청은 **2025년** 주차장 재정비를 계획하고 있습니다.", Moderation: moderation,
		OpensAt: deliberations.FormTime(T0.Add(-Day)), ClosesAt: deliberations.FormTime(T0.Add(14 * Day)),
		Seeds: "주차면을 늘려야 합니다.\n일부를 공원으로 바꿔야 합니다.\n주민 공유 창고를 만들어야 합니다."}
}

// MkDeliberation opens a 공론장 from DeliberationInput by a new staff member.
func MkDeliberation(t testing.TB, db *gorm.DB, moderation deliberations.Moderation) *deliberations.Deliberation {
	t.Helper()
	staff := MkUser(t, db, AsStaff)
	d, err := deliberations.Open(db, staff.ID, DeliberationInput(moderation), T0.Add(-2*Day))
	WantErr(t, err, nil)
	return d
}

// Ptr is a pointer to v.
func Ptr[T any](v T) *T { return &v }

// ItoaPlain writes n without thousands separators, as a form field takes it.
func ItoaPlain(n int) string { return strings.ReplaceAll(models.FormatNumber(n), ",", "") }

// RunTogether starts n goroutines at once and collects what each returns.
func RunTogether[T any](n int, f func(i int) T) []T {
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

// SeedSupports opens a petition and gives it n supports.
func SeedSupports(t *testing.T, db *gorm.DB, n int) *petitions.Petition {
	t.Helper()
	p := MkOpen(t, db, 1000, T0)
	for i := 0; i < n; i++ {
		MustSupport(t, db, p, MkUser(t, db), T0.Add(time.Duration(i+1)*time.Second))
	}
	return StoredRow(t, db, p.ID)
}

// AllowedFields fails when errs names a field the form does not have.
func AllowedFields(t *testing.T, errs models.Errors, fields ...string) {
	t.Helper()
	for k := range errs {
		if !slices.Contains(fields, k) {
			t.Fatalf("error for undocumented field %q: %v", k, errs)
		}
	}
}

// Main runs a package's tests with cheap password hashing: the tests check
// the rules, not bcrypt's cost.
func Main(m *testing.M) {
	models.PasswordCost = bcrypt.MinCost
	os.Exit(m.Run())
}
