// Package demo fills an empty database with the demo story (Seed: Korean
// content in every petition state, meetings, opinions, ideas and 열린공론장, written
// through the real rules) or with a large generated dataset for measuring
// (SeedLarge, SeedBench). It is the tool behind "ydp1 demo", not part of the
// product.
package demo

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/lang"
	"ydp1/internal/progress"
	"ydp1/models"
	"ydp1/models/petitions"
)

// ErrExists is returned by Seed when the database already holds
// petitions or demo accounts; the demo is only ever poured into an empty site.
var ErrExists = errors.New("demo: the database already has petitions or demo accounts")

// Password is the password of every demo account.
const Password = "demo1234!"

// demoEmailDomain is a reserved, undeliverable domain (RFC 2606): mail to
// the generated supporters can never reach a real mailbox.
const demoEmailDomain = "ydp1.example"

// Login is an account of the demo that people are told to log in with.
type Login struct {
	Role     models.Role
	Email    string
	Password string
	Name     string
	Note     string
}

// Summary tells what Seed created, for the command line to print.
type Summary struct {
	Notes     []string // where the demo's petitions follow other rules than the settings
	Logins    []Login
	Users     int // every account created, the logins included
	Petitions map[petitions.Status]int
	Supports  int
	Comments  int // supports with a 공감 한마디
	Answers   int
}

// Seed fills an empty database with Korean demo content: staff and
// resident accounts, about 1,200 supporters, some 20 petitions in every
// state of the life cycle, meetings, opinions, ideas, and two 열린공론장 (one
// open with a few hundred participants in planted groups, one closed with
// its 결과). Every petition goes through the real domain
// functions with backdated clocks, so the data obeys the same rules as real
// use: the rules of demoRules, which bound the settings so the story is
// written in seconds, while the settings stay the operator's for new
// petitions. The whole seed is one transaction: it lands completely or not
// at all. A progress.Reporter in db's context hears each step.
func Seed(db *gorm.DB, now time.Time) (Summary, error) {
	// SQLite stores times as text with their offset and the queries compare
	// that text, so every time written here must be in the zone the app uses.
	now = now.UTC()
	sum := Summary{Petitions: map[petitions.Status]int{}}
	rep := progress.FromContext(db.Statement.Context)
	defer rep.Done()
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := demoEmpty(tx); err != nil {
			return err
		}
		settings, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		// one transaction that fails as a whole: no savepoint per step, which
		// PostgreSQL would pay for on every row the demo touches again
		flat := tx.Session(&gorm.Session{DisableNestedTransaction: true})
		s, notes := demoRules(settings, demoMaxThreshold)
		if s != settings {
			// FilePetition and Publish read the rules from the settings; the
			// operator's are back before the commit, so no one else sees these
			if err := models.SaveSettings(flat, s, now); err != nil {
				return err
			}
		}
		sd := &demoSeeder{tx: flat, now: now, s: s, rnd: rand.New(rand.NewPCG(20240501, 7)), rep: rep} // #nosec G404 -- seeded on purpose: the same demo content every run
		sd.plans = demoPlans(s)
		if err := sd.createAccounts(); err != nil {
			return err
		}
		supports := 0
		for _, p := range sd.plans {
			supports += p.total
		}
		rep.Start("supports", supports)
		for i := range sd.plans {
			if err := sd.seedPetition(&sd.plans[i]); err != nil {
				return fmt.Errorf("demo petition %q: %w", sd.plans[i].in.Title, err)
			}
		}
		rep.Start("meetings, opinions and ideas", 0)
		if err := sd.seedMeetings(); err != nil {
			return fmt.Errorf("demo meetings: %w", err)
		}
		if err := sd.seedOpinions(); err != nil {
			return fmt.Errorf("demo opinions: %w", err)
		}
		if err := sd.seedIdeas(); err != nil {
			return fmt.Errorf("demo ideas: %w", err)
		}
		if err := sd.seedDeliberation(); err != nil {
			return fmt.Errorf("demo 공론장: %w", err)
		}
		if err := sd.seedClosedDeliberation(); err != nil {
			return fmt.Errorf("demo closed 공론장: %w", err)
		}
		rep.Start("checking and saving", 0)
		if _, err := petitions.SweepExpired(tx, now); err != nil {
			return err
		}
		// the demo's history happened before anyone could read mail: send none of it
		if err := tx.Model(&models.Event{}).Where("done_at IS NULL").Update("done_at", now).Error; err != nil {
			return err
		}
		if err := sd.verify(); err != nil {
			return err
		}
		if s != settings {
			if err := models.SaveSettings(flat, settings, now); err != nil {
				return err
			}
		}
		sum.Logins, sum.Notes = sd.logins, notes
		return demoCount(tx, &sum)
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// demoMaxThreshold is the highest threshold the demo's petitions are
// published under. The story writes every support through the real rules,
// about ten times the threshold in all: at 1,000, 영등포구's own, that takes
// seconds; at a million it would take hours and gigabytes.
const demoMaxThreshold = 1000

// demoRules are the petition rules the demo's petitions are filed and
// published under: the settings, moved only where the story could not be
// told (사전동의 needs a goal of at least 1, below the threshold) or, past
// maxThreshold, would take too long to write. A petition keeps the rules it
// was published under, so each page shows counts that agree with its own
// threshold. The notes say what moved, for the command line.
func demoRules(s models.Settings, maxThreshold int) (models.Settings, []string) {
	r := s
	var notes []string
	move := func(field *int, to int, what, why string) {
		if *field != to {
			notes = append(notes, fmt.Sprintf("the demo's petitions have a %s of %s instead of %s: %s", what, models.FormatNumber(to), models.FormatNumber(*field), why))
			*field = to
		}
	}
	move(&r.Threshold, min(r.Threshold, maxThreshold), "threshold", "past "+models.FormatNumber(maxThreshold)+" the story would take minutes to write")
	move(&r.Threshold, max(r.Threshold, 2), "threshold", "it must be above the 사전동의 goal")
	if r.PreconsentGoal < 1 {
		move(&r.PreconsentGoal, min(models.DefaultSettings.PreconsentGoal, r.Threshold-1), "사전동의 goal", "without one no petition would be in 사전동의")
	}
	move(&r.PreconsentGoal, min(r.PreconsentGoal, r.Threshold-1), "사전동의 goal", "it must be below the threshold")
	if len(notes) > 0 {
		notes = append(notes, fmt.Sprintf("new petitions follow the settings (threshold %s, 사전동의 goal %s); staff change them at /admin/settings",
			models.FormatNumber(s.Threshold), models.FormatNumber(s.PreconsentGoal)))
	}
	return r, notes
}

// demoEmpty refuses a database that has petitions or any demo account.
func demoEmpty(tx *gorm.DB) error {
	var n int64
	if err := tx.Model(&petitions.Petition{}).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return ErrExists
	}
	emails := []string{}
	for _, l := range demoLogins {
		emails = append(emails, l.Email)
	}
	err := tx.Model(&models.User{}).Where("email IN ? OR email LIKE ?", emails, "%@"+demoEmailDomain).Count(&n).Error
	if err != nil {
		return err
	}
	if n > 0 {
		return ErrExists
	}
	return nil
}

func demoCount(tx *gorm.DB, sum *Summary) error {
	var rows []struct {
		Status petitions.Status
		N      int
	}
	if err := tx.Model(&petitions.Petition{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		sum.Petitions[r.Status] = r.N
	}
	var users, supports, comments, answers int64
	for _, c := range []struct {
		q *gorm.DB
		n *int64
	}{
		{tx.Model(&models.User{}), &users},
		{tx.Model(&petitions.Support{}), &supports},
		{tx.Model(&petitions.Support{}).Where("comment <> ''"), &comments},
		{tx.Model(&petitions.Answer{}), &answers},
	} {
		if err := c.q.Count(c.n).Error; err != nil {
			return err
		}
	}
	sum.Users, sum.Supports, sum.Comments, sum.Answers = int(users), int(supports), int(comments), int(answers)
	return nil
}

// demoLogins are the accounts with known passwords; the first resident is
// also an author and a supporter, so "my page" has something to show.
var demoLogins = []Login{
	{models.RoleAdmin, "admin@ydp1.kr", Password, "관리자", "설정·직원 계정 관리"},
	{models.RoleStaff, "staff@ydp1.kr", Password, "이지은", "소통공감팀 담당자"},
	{models.RoleResident, "resident@ydp1.kr", Password, "김영희", "문래동 주민, 청원 2건 작성"},
}

const demoResidentDong = "문래동"

// demoSeeder carries the state of one seed run.
type demoSeeder struct {
	tx     *gorm.DB
	now    time.Time
	s      models.Settings
	rnd    *rand.Rand
	rep    *progress.Reporter
	plans  []demoPlan
	logins []Login

	staffID    uint
	residentID uint
	pool       []models.User // the generated supporters
	authored   map[uint]bool
}

func (sd *demoSeeder) days(d float64) time.Duration {
	return time.Duration(d * 24 * float64(time.Hour))
}

// ago is the moment d days before now.
func (sd *demoSeeder) ago(d float64) time.Time { return sd.now.Add(-sd.days(d)) }

// firstDay is how many days before now the oldest demo petition is filed.
func (sd *demoSeeder) firstDay() float64 {
	first := 0.0
	for _, p := range sd.plans {
		first = math.Max(first, sd.filedAgo(p))
	}
	return first
}

func (sd *demoSeeder) createAccounts() error {
	start := sd.firstDay() + 30
	for _, l := range demoLogins {
		dong := demoResidentDong
		if l.Role != models.RoleResident {
			dong = ""
		}
		at := sd.ago(start + 300)
		u, err := models.CreateVerifiedUser(sd.tx, l.Email, l.Password, l.Name, dong, l.Role, at)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", l.Email, err)
		}
		// CreateVerifiedUser stamps created_at with the wall clock; align it with the backdated verification.
		if err := sd.tx.Model(u).UpdateColumns(map[string]any{"created_at": at, "updated_at": at}).Error; err != nil {
			return err
		}
		switch l.Role {
		case models.RoleStaff:
			sd.staffID = u.ID
		case models.RoleResident:
			sd.residentID = u.ID
		}
		sd.logins = append(sd.logins, l)
	}

	// Enough supporters for the biggest petition, whatever the threshold.
	n := 1200
	for _, p := range sd.plans {
		n = max(n, p.total+40)
	}
	hash, err := models.HashPassword(Password) // bcrypt is slow: one hash for every supporter
	if err != nil {
		return err
	}
	sd.pool = make([]models.User, n)
	for i := range sd.pool {
		dong := demoPick(sd.rnd, demoDongWeights)
		created := sd.ago(start - 29 + sd.rnd.Float64()*330)
		verified := created.Add(time.Duration(2+sd.rnd.IntN(240)) * time.Minute)
		sd.pool[i] = models.User{
			Email: fmt.Sprintf("demo%04d@%s", i+1, demoEmailDomain), PasswordHash: hash,
			Name: demoName(sd.rnd, dong), Dong: dong, Role: models.RoleResident,
			VerifiedAt: &verified, ConsentedAt: created, CreatedAt: created, UpdatedAt: verified,
		}
	}
	sd.authored = map[uint]bool{}
	sd.rep.Start("accounts", len(sd.pool))
	for i := 0; i < len(sd.pool); i += 200 {
		batch := sd.pool[i:min(i+200, len(sd.pool))] // shares sd.pool, which gets the ids
		if err := sd.tx.Create(batch).Error; err != nil {
			return err
		}
		sd.rep.Add(len(batch))
	}
	return nil
}

// demoPlan is one petition of the demo and the life it is to have. Times are
// days before now; the public timeline stretches with the settings.
type demoPlan struct {
	in         petitions.Input
	byResident bool             // filed by the resident demo login
	want       petitions.Status // where it must end

	filed     float64 // days ago, for petitions never published
	pre       int     // supports during 사전동의
	published float64 // days ago, in units of the public period; 0 = never
	total     int     // every support, 사전동의 included
	// the threshold is reached reachAfter public periods after publication,
	// or reachAgo answer periods before now (so the D-day is still running)
	reachAfter, reachAgo float64
	answerAfter          float64 // answer periods after the threshold
	answer               string  // markdown; {count} becomes the count when answered
	video                string
	hideNote             string
	comments             []string
	residentComment      *string // the resident login supports it, with this comment

	id    uint
	share string

	translations map[string]string // official translations of the answer by language (en, zh); {count} as in answer
}

// filedAgo is when the petition is filed, in days before now.
func (sd *demoSeeder) filedAgo(p demoPlan) float64 {
	if p.published > 0 {
		return p.published*float64(sd.s.PetitionDays) + 2.5
	}
	return p.filed
}

func (sd *demoSeeder) seedPetition(p *demoPlan) error {
	filed := sd.ago(sd.filedAgo(*p) + 0.2*sd.rnd.Float64()).Truncate(time.Second) // residents file at any hour
	author, err := sd.author(p)
	if err != nil {
		return err
	}
	pet, err := petitions.FilePetition(sd.tx, author, p.in, filed)
	if err != nil {
		return err
	}
	p.id, p.share = pet.ID, pet.ShareToken
	supporters := sd.supporters(p, author)

	// 사전동의: the author shares the link; friends support within a day or so.
	window := math.Min(1.2, float64(sd.s.PreconsentDays)*0.5)
	if p.published == 0 && p.want != petitions.StatusHidden && p.want != petitions.StatusReview {
		window = math.Min(sd.filedAgo(*p), float64(sd.s.PreconsentDays)) * 0.9
	}
	var last time.Time
	for i, at := range sd.spread(filed, filed.Add(sd.days(window)), p.pre, 1.0) {
		if err := sd.support(p, supporters[i], at, p.share); err != nil {
			return err
		}
		last = at
	}
	if p.want == petitions.StatusHidden {
		at := sd.officeHours(last.Add(sd.days(1.4)), last, sd.now)
		return petitions.Hide(sd.tx, p.id, sd.staffID, "중복", p.hideNote, at)
	}
	if p.published == 0 {
		return nil
	}

	pub := sd.ago(p.published * float64(sd.s.PetitionDays))
	pub = sd.officeHours(pub, last, sd.now)
	if err := petitions.Publish(sd.tx, p.id, sd.staffID, pub); err != nil {
		return err
	}
	closes := pub.AddDate(0, 0, sd.s.PetitionDays)
	end := closes
	if sd.now.Before(end) {
		end = sd.now.Add(-7 * time.Minute)
	}
	public := p.total - p.pre
	var times []time.Time
	if p.reachAfter > 0 || p.reachAgo > 0 {
		reach := pub.Add(sd.days(p.reachAfter * float64(sd.s.PetitionDays)))
		if p.reachAgo > 0 {
			// in answer periods, but after publication when the public period is the shorter
			reach = sd.ago(math.Min(p.reachAgo*float64(sd.s.AnswerDays), 0.9*sd.now.Sub(pub).Hours()/24))
		}
		if !reach.After(pub) || !reach.Before(end) {
			return fmt.Errorf("threshold date %s outside the period", reach)
		}
		before := sd.s.Threshold - p.pre
		times = append(sd.spread(pub, reach, before-1, 1.3), reach)
		times = append(times, sd.spread(reach, end, public-before, 2.2)...)
	} else {
		times = sd.spread(pub, end, public, 1.7)
	}

	var answerAt time.Time
	if p.answer != "" {
		reach := times[sd.s.Threshold-p.pre-1]
		answerAt = reach.Add(sd.days(p.answerAfter * float64(sd.s.AnswerDays)))
		if limit := sd.now.Add(-time.Hour); answerAt.After(limit) {
			answerAt = limit
		}
		answerAt = sd.officeHours(answerAt, reach, reach.AddDate(0, 0, sd.s.AnswerDays))
	}
	answered := p.answer == ""
	for i, at := range times {
		if !answered && at.After(answerAt) {
			if err := sd.postAnswer(p, p.pre+i, answerAt); err != nil {
				return err
			}
			answered = true
		}
		if err := sd.support(p, supporters[p.pre+i], at, ""); err != nil {
			return err
		}
	}
	if !answered {
		return sd.postAnswer(p, p.total, answerAt)
	}
	return nil
}

func (sd *demoSeeder) postAnswer(p *demoPlan, count int, at time.Time) error {
	body := strings.ReplaceAll(p.answer, "{count}", models.FormatNumber(count))
	if err := petitions.AnswerPetition(sd.tx, p.id, sd.staffID, petitions.AnswerInput{Body: body, VideoURL: p.video}, at); err != nil {
		return err
	}
	if len(p.translations) == 0 {
		return nil
	}
	answered, err := petitions.FindPetition(sd.tx, p.id, at)
	if err != nil {
		return err
	}
	for _, lang := range petitions.TranslationLanguages {
		text, ok := p.translations[lang]
		if !ok {
			continue
		}
		in := petitions.TranslationInput{Body: strings.ReplaceAll(text, "{count}", models.FormatNumber(count)), Note: demoTranslationNotes[lang]}
		if err := petitions.SaveAnswerTranslation(sd.tx, sd.staffID, answered.Answer.ID, lang, in, at.Add(2*time.Hour)); err != nil {
			return err
		}
	}
	return nil
}

// demoTranslationNotes are the translators' notes of the demo's translations.
var demoTranslationNotes = map[string]string{
	"en": "Translated by the Yeongdeungpo-gu Global Village Centre.",
	"zh": "由永登浦区外国人支援中心翻译。",
}

func (sd *demoSeeder) support(p *demoPlan, userID uint, at time.Time, share string) error {
	comment := ""
	switch {
	case userID == sd.residentID && p.residentComment != nil:
		comment = *p.residentComment
	case sd.rnd.Float64() < 0.3:
		comment = sd.comment(p)
	}
	_, err := petitions.SupportPetition(sd.tx, petitions.SupportInput{PetitionID: p.id, UserID: userID, Comment: comment, Share: share}, at)
	sd.rep.Add(1)
	return err
}

// officeHours moves a staff action to a working hour of the same day in
// Seoul, unless that would leave the window (after, before) or reach now.
func (sd *demoSeeder) officeHours(t, after, before time.Time) time.Time {
	y, m, d := t.In(models.Seoul).Date()
	at := time.Date(y, m, d, 9, 30, 0, 0, models.Seoul).Add(time.Duration(sd.rnd.IntN(8*60)) * time.Minute).UTC()
	if !at.After(after) || !at.Before(before) || at.After(sd.now.Add(-time.Hour)) {
		return t
	}
	return at
}

// comment is a 공감 한마디: mostly about the petition itself, sometimes generic.
func (sd *demoSeeder) comment(p *demoPlan) string {
	if len(p.comments) == 0 || sd.rnd.Float64() < 0.3 {
		return demoGenericComments[sd.rnd.IntN(len(demoGenericComments))]
	}
	c := p.comments[sd.rnd.IntN(len(p.comments))]
	return c + demoCommentTails[sd.rnd.IntN(len(demoCommentTails))]
}

// author picks who files the petition: the resident login, or a supporter
// from the petition's 행정동 who has not filed one yet.
func (sd *demoSeeder) author(p *demoPlan) (uint, error) {
	if p.byResident {
		return sd.residentID, nil
	}
	for pass := 0; pass < 2; pass++ {
		for _, i := range sd.rnd.Perm(len(sd.pool)) {
			u := sd.pool[i]
			if !sd.authored[u.ID] && (pass == 1 || p.in.Dong == "" || u.Dong == p.in.Dong) {
				sd.authored[u.ID] = true
				return u.ID, nil
			}
		}
	}
	return 0, errors.New("no author left")
}

// supporters orders distinct supporters for the petition: neighbours of its
// 행정동 and 권역 come first more often (weighted sampling without
// replacement), and the author never supports their own petition.
func (sd *demoSeeder) supporters(p *demoPlan, author uint) []uint {
	region := map[string]bool{}
	for _, r := range models.Regions {
		if slices.Contains(r.Dongs, p.in.Dong) {
			for _, d := range r.Dongs {
				region[d] = true
			}
		}
	}
	type keyed struct {
		id  uint
		key float64
	}
	ks := make([]keyed, 0, len(sd.pool))
	for _, u := range sd.pool {
		if u.ID == author {
			continue
		}
		w := 1.0
		switch {
		case p.in.Dong == "":
		case u.Dong == p.in.Dong:
			w = 6
		case region[u.Dong]:
			w = 2.5
		}
		ks = append(ks, keyed{u.ID, math.Pow(sd.rnd.Float64(), 1/w)})
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		switch {
		case a.key > b.key:
			return -1
		case a.key < b.key:
			return 1
		}
		return 0
	})
	ids := make([]uint, 0, p.total)
	for _, k := range ks[:p.total] {
		ids = append(ids, k.id)
	}
	if p.residentComment != nil && p.total > p.pre {
		// the resident login replaces one public supporter at a random place
		ids[p.pre+sd.rnd.IntN(p.total-p.pre)] = sd.residentID
	}
	return ids
}

// spread returns n sorted moments strictly inside (from, to); skew > 1 puts
// more of them near the start, as support comes fastest after sharing.
func (sd *demoSeeder) spread(from, to time.Time, n int, skew float64) []time.Time {
	span := to.Sub(from) - 2*time.Minute
	out := make([]time.Time, n)
	for i := range out {
		f := math.Pow(sd.rnd.Float64(), skew)
		out[i] = from.Add(time.Minute + time.Duration(f*float64(span))).Truncate(time.Second)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// verify checks that every petition ended where its plan said, so a change
// of settings or rules can never leave a demo that tells a wrong story.
func (sd *demoSeeder) verify() error {
	for _, p := range sd.plans {
		var got petitions.Petition
		if err := sd.tx.Select("id", "status", "support_count", "answer_due_at").Take(&got, p.id).Error; err != nil {
			return err
		}
		if got.Status != p.want || got.SupportCount != p.total {
			return fmt.Errorf("demo petition %q ended %s with %d supports, planned %s with %d",
				p.in.Title, got.Status, got.SupportCount, p.want, p.total)
		}
		if got.Status == petitions.StatusAwaitingAnswer && !got.AnswerDueAt.After(sd.now) {
			return fmt.Errorf("demo petition %q is overdue for its answer", p.in.Title)
		}
	}
	return nil
}

func demoPick(r *rand.Rand, weights []demoWeight) string {
	total := 0
	for _, w := range weights {
		total += w.w
	}
	n := r.IntN(total)
	for _, w := range weights {
		if n < w.w {
			return w.s
		}
		n -= w.w
	}
	return weights[len(weights)-1].s
}

type demoWeight struct {
	s string
	w int
}

// demoName is a surname and a given name; in 대림 some names are those
// common among 중국 동포 residents.
func demoName(r *rand.Rand, dong string) string {
	given := demoGivenNames
	if strings.HasPrefix(dong, "대림") && r.IntN(4) == 0 {
		given = demoDongpoNames
	}
	return demoPick(r, demoSurnames) + given[r.IntN(len(given))]
}

// demoDongWeights are roughly the residents of each 행정동 in thousands, and a
// few supporters who live outside the district.
var demoDongWeights = []demoWeight{
	{"영등포본동", 17}, {"영등포동", 19}, {"여의동", 33}, {"당산1동", 21}, {"당산2동", 28}, {"도림동", 16},
	{"문래동", 32}, {"양평1동", 19}, {"양평2동", 13}, {"신길1동", 22}, {"신길3동", 21}, {"신길4동", 11},
	{"신길5동", 23}, {"신길6동", 22}, {"신길7동", 20}, {"대림1동", 17}, {"대림2동", 15}, {"대림3동", 24},
	{models.DongOutside, 9},
}

// demoSurnames are weighted by how common they are (per ten thousand, roughly).
var demoSurnames = []demoWeight{
	{"김", 2150}, {"이", 1470}, {"박", 840}, {"최", 470}, {"정", 430}, {"강", 230}, {"조", 210}, {"윤", 210},
	{"장", 200}, {"임", 170}, {"한", 150}, {"오", 150}, {"서", 150}, {"신", 150}, {"권", 140}, {"황", 140},
	{"안", 140}, {"송", 130}, {"전", 110}, {"홍", 110}, {"유", 110}, {"고", 90}, {"문", 90}, {"양", 90},
	{"손", 90}, {"배", 80}, {"백", 80}, {"허", 70}, {"남", 50}, {"심", 50}, {"노", 50}, {"하", 50},
	{"곽", 40}, {"성", 40}, {"차", 40}, {"주", 40}, {"우", 40}, {"구", 40}, {"민", 30}, {"류", 30},
	{"나", 30}, {"진", 30}, {"지", 30}, {"엄", 30}, {"채", 30}, {"원", 30}, {"천", 20}, {"방", 20},
	{"공", 20}, {"현", 20}, {"함", 20}, {"변", 20}, {"염", 20}, {"여", 20}, {"추", 10}, {"도", 10},
	{"석", 10}, {"선", 10}, {"설", 10}, {"마", 10}, {"길", 10}, {"연", 10}, {"위", 10}, {"표", 10},
	{"명", 10}, {"기", 10}, {"반", 10}, {"금", 10}, {"옥", 10}, {"육", 10}, {"인", 10}, {"탁", 10},
	{"남궁", 5}, {"황보", 5}, {"제갈", 3}, {"선우", 3},
}

var demoGivenNames = []string{
	// born before 1970
	"영수", "영호", "영철", "정숙", "순자", "영자", "옥순", "명숙", "상철", "춘자", "종민", "경수",
	"미숙", "영미", "정호", "병철", "숙희", "광수", "말순", "재홍",
	// 1970s–80s
	"성민", "지영", "미경", "은정", "현정", "동현", "상훈", "정훈", "수진", "혜진", "민정", "재훈",
	"성호", "지현", "은영", "준호", "선영", "경희", "태호", "주연", "현주", "승우", "미영", "진우",
	// 1990s
	"지훈", "수빈", "유진", "민지", "현우", "승민", "다은", "지민", "혜원", "소연", "동욱", "예진",
	"준영", "은지", "민수", "보람", "지은", "태윤", "가영", "한결",
	// 2000s
	"민준", "서연", "하은", "도윤", "서준", "지우", "예린", "윤서", "건우", "시우", "채원", "예준",
	"서윤", "지호", "하준", "수아", "주원", "지안",
}

var demoDongpoNames = []string{"춘화", "홍매", "명철", "광철", "영란", "향란", "미화", "동철", "금순", "룡수", "해연", "성룡"}

var demoGenericComments = []string{
	"응원합니다!",
	"꼭 좋은 답변 있기를 바랍니다.",
	"저도 같은 생각입니다.",
	"주변 이웃들에게도 알렸어요.",
	"구민 목소리에 귀 기울여 주세요.",
	"공감합니다. 하루빨리 개선되었으면 해요.",
	"좋은 제안 감사합니다.",
	"이런 청원이 있어서 다행이네요.",
	"아이 키우는 입장에서 꼭 필요합니다.",
	"20년 넘게 영등포에 살았는데 정말 필요한 일입니다.",
	"말로만 하지 말고 실행해 주세요.",
	"우리 동네 이야기라 더 와닿네요.",
	"부모님 대신 공감 누릅니다.",
	"예산 핑계 대지 말고 검토해 주세요.",
	"작은 변화라도 시작되길 바랍니다.",
}

var demoCommentTails = []string{"", "", "", " 응원합니다.", " 꼭 반영되면 좋겠습니다.", " 주변에도 알릴게요.", " 구청에서 꼭 살펴봐 주세요."}

func demoStr(s string) *string { return &s }

// demoPlans is the demo's story: every state, all six categories, sized to
// the threshold and 사전동의 goal in force.
func demoPlans(s models.Settings) []demoPlan {
	T, G := s.Threshold, s.PreconsentGoal
	// below the threshold: a fraction of it, but always above the 사전동의 goal
	under := func(f float64) int { return min(max(int(math.Round(f*float64(T))), G+1), T-1) }
	// over the threshold by a fraction of it
	over := func(f float64) int { return T + max(1, int(math.Round(f*float64(T)))) }
	// a 사전동의 that is still short of its goal
	short := func(n int) int { return max(0, min(n, G-1)) }
	// days ago, in sevenths of the 사전동의 period (a week by default)
	preDays := func(d float64) float64 { return d * float64(s.PreconsentDays) / 7 }

	return []demoPlan{
		// 답변완료
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "여의동",
				Title: "여의도 한강공원 자전거도로와 산책로를 분리해 주세요",
				Body: `여의도 한강공원 마포대교 남단부터 63빌딩 앞까지는 자전거도로와 산책로가 흰 선 하나로만 나뉘어 있습니다. 주말 오후면 따릉이를 빌려 탄 관광객, 빠르게 달리는 동호회 자전거, 유모차와 반려견 산책객이 한데 섞여 아찔한 장면을 하루에도 몇 번씩 보게 됩니다.

지난달에는 여의나루역 출구 쪽에서 강변으로 건너가던 초등학생이 자전거와 부딪혀 다치는 일도 있었습니다. 역에서 나와 강변으로 가려면 자전거도로를 가로질러야 하는데, 그 자리에 속도를 줄이라는 표시도 횡단보도도 없습니다.

다음을 요청드립니다.
1. 보행자가 많은 구간에 자전거도로와 산책로 사이 분리대나 화단 설치
2. 여의나루역·물빛광장 앞 횡단 구간에 고원식 횡단보도와 '서행' 노면 표시
3. 주말과 축제 기간에 자전거 속도 계도 인력 배치

한강공원은 서울시가 관리한다는 것을 알고 있습니다. 하지만 매일 그 길을 걷는 사람은 영등포구민입니다. 구에서 서울시와 협의해 적극적으로 나서 주시기 바랍니다.`},
			want: petitions.StatusAnswered, pre: G, published: 2.4, total: over(0.18), reachAfter: 0.35, answerAfter: 0.75,
			video: "https://www.youtube.com/watch?v=r8Kd2TqLw4E",
			answer: `## 청원해 주셔서 감사합니다

안녕하십니까, 영등포구청장입니다. 여의도 한강공원의 보행 안전을 걱정해 청원을 올려 주신 구민과, 공감해 주신 {count}명의 구민 여러분께 감사드립니다. 저도 주말에 현장을 걸어 보며 말씀하신 위험을 직접 확인했습니다.

## 현장에서 확인한 내용

- 여의나루역에서 강변으로 가는 길목과 물빛광장 앞은 보행자가 자전거도로를 가로지르는 곳인데도 횡단 표시가 없습니다.
- 주말 오후에는 공유 자전거 이용이 크게 늘어 보행자와 자전거가 가장 많이 엇갈립니다.
- 한강공원의 도로 구조를 바꾸는 일은 서울시(미래한강본부) 소관이어서, 구는 서울시와 함께 풀어야 합니다.

## 이렇게 추진하겠습니다

### 1. 서울시와 협의
1. 분리대·화단 설치와 고원식 횡단보도 설치를 서울시에 공식 건의했습니다.
2. 구, 서울시, 영등포경찰서가 함께하는 **합동 현장점검**을 다음 달에 실시합니다.
3. 협의 결과는 이 청원의 진행 경과에 알려 드리겠습니다.

### 2. 구가 바로 할 수 있는 일
- 주말과 여의도 봄꽃축제·불꽃축제 기간에 자전거 안전 계도 요원을 배치합니다.
- 여의나루역 주변 구 관리 보도에 '자전거 주의' 안내판과 노면 표시를 설치합니다.
- 관내 초등학교와 함께 어린이 자전거 안전교육을 늘리겠습니다.

| 과제 | 담당 | 시기 |
|---|---|---|
| 합동 현장점검 | 교통행정과·서울시 | 다음 달 |
| 계도 요원 배치 | 교통행정과 | 이번 주말부터 |
| 안내판·노면 표시 | 도로과 | 3개월 안 |

## 맺으며

한강공원은 구민의 가장 큰 쉼터입니다. 걷는 사람도, 자전거를 타는 사람도 안심할 수 있는 길이 되도록 서울시와 끝까지 협의하겠습니다. 고맙습니다.`,
			translations: map[string]string{
				"en": `## Thank you for your petition

Hello, this is the Mayor of Yeongdeungpo-gu. Thank you to the resident who raised this petition out of concern for the safety of people walking in Yeouido Hangang Park, and to the {count} residents who supported it. I walked the park myself at the weekend and saw the dangers you describe.

## What we found on site

- On the way from Yeouinaru station to the riverside and in front of Mulbit Plaza, people on foot cross the cycle path, yet there is no crossing marked.
- On weekend afternoons the use of shared bicycles rises sharply, and that is when people walking and cycling cross each other's paths most.
- Changing the layout of the park's paths is a matter for the Seoul Metropolitan Government (the Hangang Future Headquarters), so the district must solve it together with Seoul.

## What we will do

### 1. Work with Seoul
1. We have formally asked Seoul to install dividers or flower beds and raised crossings.
2. The district, Seoul and Yeongdeungpo Police Station will hold a **joint site inspection** next month.
3. We will report the outcome in this petition's progress updates.

### 2. What the district can do straight away
- Place cycling safety stewards at weekends and during the Yeouido Spring Flower Festival and the Fireworks Festival.
- Put up "Watch for bicycles" signs and road markings on the district's pavements around Yeouinaru station.
- Offer more cycling safety lessons for children together with local primary schools.

| Task | Responsible | When |
|---|---|---|
| Joint site inspection | Traffic Administration Division and Seoul | Next month |
| Safety stewards | Traffic Administration Division | From this weekend |
| Signs and road markings | Roads Division | Within three months |

## In closing

Hangang Park is our residents' largest place to relax. We will keep working with Seoul until it is a path where both walkers and cyclists feel safe. Thank you.`,
				"zh": `## 感谢您的请愿

您好，我是永登浦区厅长。感谢担心汝矣岛汉江公园行人安全而发起请愿的居民，也感谢支持这项请愿的{count}位居民。我周末亲自到现场走了一趟，确认了您所说的危险。

## 现场确认的情况

- 从汝矣渡口站通往江边的路口和水光广场前，行人需要横穿自行车道，却没有任何横道标志。
- 周末下午共享单车使用量大增，是行人与自行车交错最频繁的时段。
- 改变汉江公园的道路结构属于首尔市（未来汉江本部）的职责，区里需要与首尔市共同解决。

## 我们将这样推进

### 1. 与首尔市协商
1. 已正式向首尔市建议设置隔离带或花坛，以及抬高式人行横道。
2. 下个月区政府、首尔市和永登浦警察署将进行**联合现场检查**。
3. 协商结果将在本请愿的进展情况中告知大家。

### 2. 区里可以马上做的事
- 周末及汝矣岛春花节、烟花节期间安排自行车安全引导员。
- 在汝矣渡口站周边由区管理的人行道上设置"注意自行车"提示牌和路面标识。
- 与辖区内小学合作，增加儿童自行车安全教育。

| 任务 | 负责部门 | 时间 |
|---|---|---|
| 联合现场检查 | 交通行政科、首尔市 | 下个月 |
| 安排引导员 | 交通行政科 | 从本周末起 |
| 提示牌和路面标识 | 道路科 | 三个月内 |

## 结语

汉江公园是居民最大的休憩场所。我们将与首尔市协商到底，让步行的人和骑车的人都能安心通行。谢谢大家。`,
			},
			comments: []string{
				"주말마다 아이랑 물빛광장 가는데 자전거 때문에 늘 조마조마해요.",
				"여의나루역에서 강변 건너는 곳 정말 위험합니다.",
				"자전거 타는 사람으로서도 분리되면 훨씬 편할 것 같아요.",
				"불꽃축제 때는 걷기도 힘들어요.",
				"저녁에 러닝하다가 부딪힐 뻔한 적이 여러 번 있습니다.",
				"유모차 끌고 다니기 무서워요.",
			},
		},
		{
			in: petitions.Input{Category: "복지보건·다문화", Dong: "신길5동",
				Title: "신길뉴타운에 국공립어린이집을 늘려 주세요",
				Body: `신길뉴타운에 새 아파트가 차례로 입주하면서 어린 자녀를 둔 가정이 크게 늘었습니다. 그런데 동네 국공립어린이집 입소 대기는 100번이 넘는 곳이 흔하고, 출산 전에 신청해도 돌 무렵까지 연락이 없는 경우가 많습니다.

저희 부부는 맞벌이라 복직 날짜가 정해져 있는데, 결국 먼 동네 민간 어린이집에 보내며 출퇴근길에 아이를 데려다주고 있습니다. 단지 안 관리동 어린이집도 정원이 금방 찹니다. 이웃들과 이야기해 보면 사정이 다 비슷합니다.

다음을 요청드립니다.
- 새로 입주하는 단지의 관리동 어린이집을 국공립으로 전환하도록 적극 협의
- 구가 새로 짓는 공공시설에 어린이집을 함께 넣는 방안 검토
- 시간제 보육반과 입소 대기 현황 안내 확대

아이를 키우기 좋은 영등포가 되려면 지금 입주한 젊은 가정들이 떠나지 않게 해야 합니다. 검토 부탁드립니다.`},
			want: petitions.StatusAnswered, pre: G, published: 1.8, total: over(0.075), reachAfter: 0.25, answerAfter: 0.6,
			video: "https://www.youtube.com/watch?v=Hn3xP0aVb7Y",
			answer: `## 공감해 주신 {count}명의 구민께

안녕하십니까, 영등포구청장입니다. 신길뉴타운의 보육 여건을 개선해 달라는 청원에 답변드립니다. 아이를 맡길 곳을 찾느라 애태우신 부모님들의 마음에 깊이 공감합니다.

## 현황

- 신길뉴타운 입주가 이어지며 신길동 일대 영유아 수가 빠르게 늘었습니다.
- 국공립어린이집은 늘어 왔지만 입주 속도를 따라가지 못해, 일부 어린이집은 대기가 길게 밀려 있습니다.
- 공동주택 관리동 어린이집의 국공립 전환은 입주자대표회의의 동의가 있어야 합니다.

## 추진 계획

### 국공립어린이집 확충
1. 입주를 앞둔 단지와 입주 초기 단지의 입주자대표회의를 찾아가 **관리동 어린이집 국공립 전환**을 협의하겠습니다. 리모델링 비용과 기자재는 구가 지원합니다.
2. 새로 짓는 공공시설은 설계 단계부터 어린이집을 함께 넣는 방안을 검토하겠습니다.
3. 민간 어린이집 가운데 희망하는 곳은 국공립 전환 심사를 받을 수 있게 안내하겠습니다.

### 당장의 불편 줄이기
- 시간제 보육반을 신길권역에 더 열겠습니다.
- 입소 대기 순번과 예상 시기를 알기 쉽게 안내하도록 상담 창구를 운영하겠습니다.
- 공동육아나눔터 운영 시간을 늘려 맞벌이 가정의 빈 시간을 메우겠습니다.

## 맺으며

아이 한 명을 키우는 데 온 마을이 필요하다고 합니다. 영등포에서 아이를 낳고 키우는 일이 걱정이 아니라 기쁨이 되도록 꼼꼼히 챙기겠습니다. 추진 상황은 이 페이지에 계속 올리겠습니다.`,
			comments: []string{
				"대기 번호가 1년째 그대로예요.",
				"복직이 코앞인데 보낼 곳이 없습니다.",
				"관리동 어린이집 국공립 전환 꼭 추진해 주세요.",
				"신길동에 젊은 부부 정말 많아졌어요.",
				"시간제 보육이라도 늘어나면 숨통이 트일 것 같아요.",
				"둘째 계획하다가 어린이집 때문에 고민입니다.",
			},
		},
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "대림2동",
				Title: "대림동 골목길에 CCTV와 보안등을 늘려 주세요",
				Body: `대림2동 주택가 골목은 다세대주택이 빽빽하고 길이 좁아 밤이 되면 무척 어둡습니다. 큰길에서 한 블록만 들어가도 보안등 간격이 멀고, 고장 난 채로 몇 주씩 꺼져 있는 등도 있습니다.

늦게 퇴근하는 딸아이가 골목 입구에서 전화를 걸어 집까지 통화하며 걸어올 정도입니다. 쓰레기 무단투기도 CCTV가 없는 구석에 몰려 있어 여름이면 냄새가 심합니다.

골목 안쪽 사각지대에 CCTV를 설치하고, 보안등을 밝은 LED로 바꾸고 간격을 좁혀 주세요. 안심귀갓길 표시와 비상벨도 함께 설치되면 좋겠습니다. 주민들도 순찰이나 점검에 함께하겠습니다.`},
			want: petitions.StatusAnswered, pre: G, published: 1.1, total: over(0.04), reachAfter: 0.25, answerAfter: 0.8,
			video: "https://www.youtube.com/watch?v=u5WcJ9mZt2Q",
			answer: `## 답변을 시작하며

안녕하십니까, 영등포구청장입니다. 대림동 골목길의 밤길 안전을 위한 청원에 {count}명의 구민께서 공감해 주셨습니다. 이웃의 안전을 함께 걱정해 주신 마음에 감사드립니다.

## 현장 조사 결과

구 안전총괄과와 영등포경찰서가 함께 대림2동 골목을 야간에 점검했습니다.

- 보안등이 멀리 떨어져 있거나 빛이 약한 곳이 여러 군데 있었습니다.
- 고장 신고가 늦게 들어와 꺼진 채로 있던 보안등을 확인해 바로 수리했습니다.
- 쓰레기 무단투기는 CCTV가 닿지 않는 골목 안쪽에 몰려 있었습니다.

## 이렇게 바꾸겠습니다

1. **CCTV 확충**: 사각지대로 확인된 골목에 방범 CCTV를 새로 설치하고, 영등포구 CCTV 통합관제센터에서 지켜보겠습니다.
2. **보안등 교체**: 대림2동 골목 보안등을 밝은 LED로 바꾸고, 어두운 구간에는 보안등을 더 세우겠습니다.
3. **안심귀갓길 지정**: 역에서 주택가로 이어지는 길을 안심귀갓길로 지정해 노면 표시와 비상벨을 설치합니다.
4. **고장 신고 쉽게**: 보안등마다 관리번호를 붙여, 번호만 알려 주시면 바로 고칠 수 있게 하겠습니다.

## 주민과 함께

자율방범대와 주민 여러분이 함께하는 야간 안전점검을 분기마다 열겠습니다. 밝고 안전한 골목은 행정만으로는 만들 수 없습니다. 계속 의견 주십시오. 고맙습니다.`,
			comments: []string{
				"밤 10시 넘으면 골목이 정말 깜깜해요.",
				"보안등 꺼진 지 한 달 넘은 곳도 있어요.",
				"쓰레기 무단투기 때문에 여름마다 고생입니다.",
				"딸 가진 부모로서 절실합니다.",
				"대림역에서 집까지 오는 길이 무서워요.",
				"CCTV 생기면 무단투기도 줄 것 같아요.",
			},
		},

		// 답변대기
		{
			in: petitions.Input{Category: "복지보건·다문화", Dong: "영등포동",
				Title: "영등포역 일대 노숙인에게 단속보다 자활 지원을 해 주세요",
				Body: `영등포역 광장과 지하상가 주변에는 사계절 노숙인분들이 계십니다. 민원이 생길 때마다 단속을 하지만 잠시 자리를 옮길 뿐, 며칠 지나면 다시 같은 풍경이 됩니다.

지난겨울 한파 때 역 앞에서 쓰러진 분을 보고 119에 신고한 적이 있습니다. 이분들께 필요한 것은 쫓아내는 일이 아니라 씻고 잘 곳, 치료, 그리고 다시 일할 기회라고 생각합니다.

- 한파·폭염 때 응급 잠자리와 쉼터 확대
- 역 주변 거리 상담과 진료 연계 강화
- 공공근로·자활 일자리와 임시 주거 지원 연계

주민과 상인의 불편도 크기 때문에 청결과 안전 관리도 함께 해 주셨으면 합니다. 단속과 지원이 함께 가는 방법을 찾아 주세요.`},
			want: petitions.StatusAwaitingAnswer, pre: G, published: 0.9, total: over(0.14), reachAgo: 0.8,
			comments: []string{
				"단속만으로는 해결이 안 된다는 데 동의합니다.",
				"겨울마다 마음이 아픕니다.",
				"영등포역 지나다닐 때마다 생각했던 문제예요.",
				"상인 입장에서도 지원이 먼저라고 생각합니다.",
				"일자리 연계가 제일 중요한 것 같아요.",
			},
		},
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "당산2동",
				Title: "당산역 2호선·9호선 환승 보행로를 안전하게 바꿔 주세요",
				Body: `당산역에서 2호선과 9호선을 갈아타려면 긴 환승 통로와 여러 단의 에스컬레이터를 지나야 합니다. 출근 시간에는 통로가 사람으로 가득 차 앞사람 등만 보고 걷게 되고, 에스컬레이터가 한 대라도 멈추면 계단에 줄이 길게 늘어섭니다.

역 밖 보도도 좁습니다. 버스정류장에서 역 출입구로 가는 보도에 환승객이 몰려 차도로 내려서는 사람까지 있습니다. 어르신과 유모차, 휠체어 이용자에게는 더 힘든 길입니다.

서울교통공사와 협의해 환승 통로 혼잡 관리, 에스컬레이터 점검 주기 단축, 엘리베이터 안내를 개선해 주세요. 구가 관리하는 역 주변 보도는 넓히고 정류장 대기 공간을 정리해 주시기 바랍니다.`},
			want: petitions.StatusAwaitingAnswer, pre: G, published: 0.63, total: over(0.09), reachAgo: 0.4,
			comments: []string{
				"출근길 당산역 환승은 정말 전쟁입니다.",
				"에스컬레이터 멈추면 계단에서 사고 날까 무서워요.",
				"정류장 앞 보도 너무 좁아요.",
				"휠체어로 환승하려면 한참 돌아가야 합니다.",
				"9호선 급행 갈아탈 때마다 뛰게 돼요.",
			},
		},
		{
			in: petitions.Input{Category: "복지보건·다문화",
				Title: "경로당 냉난방비 지원을 현실에 맞게 늘려 주세요",
				Body: `전기요금과 가스요금이 몇 해 사이 크게 올랐는데, 경로당 냉난방비 지원은 그만큼 늘지 않았습니다. 한겨울에도 보일러를 아껴 돌리느라 어르신들이 외투를 입고 앉아 계시고, 여름에는 에어컨을 오후 몇 시간만 켭니다.

경로당은 여름에 무더위쉼터 역할도 합니다. 그런데 정작 냉방비가 모자라 회원들이 돈을 걷어 요금을 내는 곳도 있습니다.

- 냉난방비 지원 단가를 요금 인상에 맞게 조정
- 혹서기·혹한기 추가 지원
- 노후 냉난방기 교체와 단열 공사 지원

어르신들이 마음 편히 모일 수 있는 곳이 되도록 살펴 주시기 바랍니다.`},
			want: petitions.StatusAwaitingAnswer, pre: G, published: 0.4, total: over(0.012), reachAgo: 0.075,
			comments: []string{
				"어머니 다니시는 경로당이 겨울에 너무 추워요.",
				"무더위쉼터인데 에어컨을 못 켜는 건 말이 안 됩니다.",
				"회비 걷어서 전기요금 낸다는 얘기 듣고 놀랐어요.",
				"노후 에어컨 교체도 꼭 부탁드립니다.",
			},
		},

		// 진행중
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "도림동",
				Title: "도림천 산책로 야간 조명을 밝혀 주세요",
				Body: `도림천 산책로는 저녁이면 걷기와 달리기를 하는 주민으로 붐빕니다. 그런데 2호선 고가 아래 구간은 해가 지면 거의 보이지 않을 만큼 어둡습니다. 자전거와 보행자가 서로를 늦게 알아보고, 물가 쪽 경사면은 발을 헛디디기 쉽습니다.

특히 겨울에는 퇴근길에 이미 어두워서, 혼자 걷는 것이 불안하다는 이웃이 많습니다.

고가 아래와 다리 밑 구간에 조명을 더 달고, 바닥 유도등과 구간별 위치 번호, 비상벨을 설치해 주세요. 밝은 산책로가 되면 더 많은 주민이 안심하고 도림천을 즐길 수 있을 것입니다.`},
			want: petitions.StatusOpen, pre: G, published: 28.0 / 30, total: under(0.42),
			residentComment: demoStr("문래동 쪽 고가 아래 구간은 밤에 정말 어두워요. 꼭 밝혀 주세요."),
			comments: []string{
				"저녁에 달리기하는데 고가 밑이 정말 어두워요.",
				"자전거랑 부딪힐 뻔했어요.",
				"비상벨 꼭 필요합니다.",
				"바닥 유도등 좋은 아이디어네요.",
				"겨울엔 6시만 돼도 깜깜합니다.",
			},
		},
		{
			in: petitions.Input{Category: "도시", Dong: "양평1동",
				Title: "양평동 공장 이전 부지를 주민 공원으로 만들어 주세요",
				Body: `양평동 준공업지역에서 공장이 하나둘 떠나면서 큰 부지가 비어 가고 있습니다. 이 자리에 무엇이 들어설지 주민들은 소문으로만 듣고 있습니다.

양평동은 공장과 지식산업센터, 오피스텔 사이에 주민이 쉴 녹지가 매우 부족합니다. 안양천과 한강이 가깝지만 큰길과 고가에 막혀 걸어서 가기 불편합니다.

이전 부지의 일부라도 공원과 녹지로 확보해 주세요. 개발이 이루어지더라도 공공기여를 공원과 주민 편의시설로 받고, 안양천까지 걸어서 이어지는 녹지 보행로를 만들어 주시기 바랍니다. 부지 활용 계획을 세울 때 주민설명회를 열어 주민 의견을 먼저 들어 주십시오.`},
			want: petitions.StatusOpen, pre: G, published: 0.7, total: under(0.963),
			residentComment: demoStr("문래동에서도 걸어갈 수 있는 공원이 생기면 좋겠어요."),
			comments: []string{
				"양평동에 나무 그늘 하나 없어요.",
				"공공기여는 꼭 공원으로 받아 주세요.",
				"안양천까지 걸어가는 길이 생기면 좋겠습니다.",
				"주민설명회 꼭 열어 주세요.",
				"아이들 뛰어놀 곳이 필요해요.",
				"공감청원까지 얼마 안 남았어요! 주변에 알려 주세요.",
			},
		},
		{
			in: petitions.Input{Category: "지역경제·일자리",
				Title: "청년 1인가구 월세 지원과 전세 안심 상담을 늘려 주세요",
				Body: `영등포에는 직장과 가까워 혼자 사는 청년이 많습니다. 하지만 월세와 관리비가 계속 올라 월급의 3분의 1 이상이 주거비로 나갑니다. 최근 전세사기 소식이 이어지면서 계약 한 번 하기도 두렵습니다.

서울시와 정부의 청년 월세 지원은 조건이 까다롭고 금방 마감되어 받지 못한 친구들이 많습니다.

- 구 자체 청년 월세 지원 또는 기존 지원의 대상 확대
- 계약 전 등기부와 계약서를 함께 봐 주는 전세 안심 상담 창구
- 1인가구 커뮤니티 공간과 안부 확인 서비스

청년이 영등포에 계속 살고 싶도록 주거 부담을 덜어 주세요.`},
			want: petitions.StatusOpen, pre: G, published: 0.4, total: under(0.61),
			residentComment: demoStr("조카가 전세 계약 때문에 고생했어요. 상담 창구 꼭 필요합니다."),
			comments: []string{
				"월급 받으면 월세랑 관리비로 반이 나가요.",
				"전세 계약할 때 누가 봐 주기만 해도 좋겠어요.",
				"청년 월세 지원 신청했다가 마감돼서 못 받았습니다.",
				"혼자 살다 아프면 정말 막막해요.",
				"영등포에 계속 살고 싶습니다.",
			},
		},
		{
			in: petitions.Input{Category: "도시", Dong: "문래동",
				Title: "문래동 창작촌 골목 주차 문제를 해결해 주세요",
				Body: `문래동 창작촌은 철공소와 작업실, 카페가 어우러진 영등포의 자랑입니다. 그런데 주말이면 방문객 차량이 골목마다 빼곡히 서서, 철재를 싣고 내리는 화물차가 들어가지 못하고 주민들은 집 앞에 차를 대지 못합니다.

좁은 골목에 차가 양쪽으로 서면 소방차도 지나가기 어렵습니다. 철공소 사장님들과 주민, 가게 주인들 모두 같은 어려움을 겪고 있습니다.

- 주말에 인근 공공기관과 학교 주차장을 임시 개방하고 안내 표지 설치
- 철공소 화물 상하차 구역을 지정하고 그 시간에는 주차 금지
- 창작촌 입구에 주차 안내와 대중교통 이용 홍보
- 거주자우선주차 구역 보호

문래동이 찾는 사람에게도, 일하고 사는 사람에게도 편한 동네가 되도록 도와주세요.`},
			byResident: true, want: petitions.StatusOpen, pre: G, published: 0.2, total: under(0.18),
			comments: []string{
				"주말에는 집 앞에 차를 댈 수가 없어요.",
				"화물차 상하차 구역 정말 필요합니다.",
				"소방차 못 들어가는 골목 많아요.",
				"방문객으로서도 주차 안내가 있으면 좋겠어요.",
				"철공소 사장님들 고생 많으십니다.",
			},
		},
		{
			in: petitions.Input{Category: "지역경제·일자리", Dong: "영등포동",
				Title: "영등포전통시장 고객 주차장과 장보기 배송을 지원해 주세요",
				Body: `영등포전통시장은 오래된 시장이지만 주차할 곳이 마땅치 않아 차를 가져온 손님은 발길을 돌리고, 무거운 장바구니를 든 어르신은 버스 타기가 힘듭니다. 대형마트와 온라인 쇼핑에 손님을 빼앗기면서 빈 점포도 늘고 있습니다.

시장 가까운 공영주차장과 제휴해 구매 금액에 따라 주차료를 지원하고, 일정 금액 이상 사면 집까지 배송해 주는 공동 배송을 운영해 주세요. 온누리상품권 사용 안내와 시장 행사 홍보도 함께 해 주시면 좋겠습니다.`},
			want: petitions.StatusOpen, pre: G, published: 2.0 / 30, total: under(0.07),
			comments: []string{
				"시장 가고 싶어도 주차가 걱정이에요.",
				"공동 배송 생기면 자주 갈 것 같아요.",
				"어머니가 장보고 오실 때마다 힘들어하세요.",
				"우리 시장 살려 주세요.",
			},
		},
		{
			in: petitions.Input{Category: "교육문화", Dong: "당산1동",
				Title: "당산동에 청소년 자율 공간을 만들어 주세요",
				Body: `당산동에는 학원은 많지만 청소년이 돈을 쓰지 않고 머물 수 있는 곳이 거의 없습니다. 시험이 끝나거나 학원 사이 빈 시간에 갈 곳이 없어 편의점 앞이나 지하철역에 모여 있게 됩니다.

동네 생활문화센터나 주민센터의 남는 공간을 활용해, 청소년이 직접 운영 규칙을 정하는 자율 공간을 만들어 주세요. 보드게임, 밴드 연습, 공부, 그냥 쉬기까지 할 수 있으면 좋겠습니다. 저녁 9시까지 열고 청소년지도사가 함께 있으면 부모도 안심할 수 있습니다.`},
			want: petitions.StatusOpen, pre: G, published: 10.0 / 24 / 30, total: min(G+9, T-1),
			comments: []string{
				"학원 사이에 갈 곳이 없어요.",
				"청소년이 규칙을 정한다는 게 좋네요.",
				"밴드 연습할 곳 꼭 필요해요!",
			},
		},

		// 기간만료
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "양평2동",
				Title: "안양천 둔치에 반려견 놀이터를 만들어 주세요",
				Body: `안양천 둔치는 반려견과 산책하는 주민이 많은 곳입니다. 그런데 목줄을 풀고 마음껏 뛸 수 있는 곳이 없어 몰래 목줄을 푸는 보호자가 생기고, 그러다 보니 산책객과 다툼이 일어나기도 합니다.

둔치 한쪽에 울타리를 친 반려견 놀이터를 만들어 주세요. 대형견과 소형견 공간을 나누고, 배변 봉투함과 음수대를 두면 좋겠습니다. 펫티켓 교육도 함께 열면 반려인과 비반려인이 함께 편해질 것입니다.`},
			want: petitions.StatusExpired, pre: G, published: 1.95, total: under(0.34),
			comments: []string{
				"목줄 문제로 다투는 걸 자주 봐요.",
				"대형견 소형견 분리 꼭 부탁드려요.",
				"펫티켓 교육도 좋습니다.",
			},
		},
		{
			in: petitions.Input{Category: "교육문화",
				Title: "구립도서관 열람실을 평일 밤 10시까지 열어 주세요",
				Body: `구립도서관 열람실이 평일 저녁 일찍 문을 닫아, 퇴근하고 공부하려는 직장인과 야간 자율학습이 없는 학생들이 이용하기 어렵습니다. 결국 유료 스터디카페를 찾게 되는데 한 달 이용료가 만만치 않습니다.

권역별로 한 곳이라도 열람실을 평일 밤 10시까지 운영해 주세요. 시험 기간만이라도 시범 운영하고, 이용 현황을 보고 확대해 주시면 좋겠습니다.`},
			want: petitions.StatusExpired, pre: G, published: 1.37, total: under(0.71),
			comments: []string{
				"퇴근하고 가면 이미 문 닫아요.",
				"스터디카페 비용이 너무 부담돼요.",
				"시험 기간만이라도 부탁드려요.",
				"아쉽게 기간이 얼마 안 남았네요. 함께해 주세요.",
			},
		},

		// 검토중
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "양평2동",
				Title: "선유도역 주변 불법 주정차 단속을 강화해 주세요",
				Body: `선유도역 출구 앞과 주변 이면도로에 불법 주정차 차량이 늘 서 있습니다. 출근 시간에는 버스가 정류장에 붙지 못해 승객이 차도로 내려 타고, 횡단보도 앞에 선 차 때문에 아이들이 잘 보이지 않습니다.

출구 앞 구간에 단속 카메라를 설치하고 출퇴근 시간 집중 단속을 해 주세요. 화물 하역이 필요한 가게를 위해 시간제 하역 구역을 지정하는 방안도 함께 검토해 주시기 바랍니다.`},
			want: petitions.StatusReview, filed: 5, pre: G, total: G,
		},
		{
			in: petitions.Input{Category: "자치행정",
				Title: "주민자치회관 프로그램을 온라인으로 신청하게 해 주세요",
				Body: `동 주민자치회관 프로그램은 인기가 많은데, 신청하려면 접수 첫날 아침 일찍 주민센터에 가서 줄을 서야 합니다. 낮에 일하는 사람은 사실상 신청할 수가 없습니다.

프로그램 신청을 온라인으로도 받고, 정원이 차면 대기 순번을 알려 주세요. 디지털 기기가 익숙하지 않은 어르신을 위해 방문 접수 몫을 따로 남겨 두면 공정할 것 같습니다.`},
			want: petitions.StatusReview, filed: 2.5, pre: G, total: G,
		},

		// 사전동의
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "문래동",
				Title: "문래공원 화장실에 기저귀 교환대와 비상벨을 설치해 주세요",
				Body: `문래공원은 아이들과 산책하는 가족이 많은데, 공원 화장실에 기저귀 교환대가 없어 벤치에서 기저귀를 갈아야 합니다. 밤에는 화장실이 어둡고 외져서 혼자 들어가기 무섭다는 이야기도 많이 듣습니다.

남녀 화장실 모두에 기저귀 교환대를 두고, 비상벨과 밝은 조명을 설치해 주세요.`},
			byResident: true, want: petitions.StatusPreconsent, filed: preDays(3), pre: short(G - 4), total: short(G - 4),
		},
		{
			in: petitions.Input{Category: "복지보건·다문화", Dong: "대림2동",
				Title: "주민센터 안내문을 중국어와 영어로도 제공해 주세요",
				Body: `대림동에는 중국 동포와 외국인 주민이 많이 살지만, 주민센터와 구청 안내문은 대부분 한국어로만 되어 있습니다. 쓰레기 배출 요일, 건강검진, 예방접종 같은 생활 정보를 몰라 불이익을 받는 이웃이 있습니다.

자주 쓰는 안내문과 신청서를 중국어와 영어로 함께 만들어 주시고, 주민센터에 통역 도움을 받을 수 있는 시간을 정해 주세요.`},
			want: petitions.StatusPreconsent, filed: preDays(1), pre: short(2), total: short(2),
		},

		// 미성립
		{
			in: petitions.Input{Category: "자치행정",
				Title: "구청 민원실을 토요일 오전에도 열어 주세요",
				Body:  `평일에 일하는 사람은 구청 민원실에 가려면 휴가를 내야 합니다. 온라인으로 안 되는 민원도 아직 많습니다. 한 달에 두 번이라도 토요일 오전에 민원실을 열어 주시면 좋겠습니다.`},
			want: petitions.StatusLapsed, filed: preDays(16), pre: short(4), total: short(4),
		},

		// 비공개
		{
			in: petitions.Input{Category: "생활환경·교통안전", Dong: "도림동",
				Title: "도림천 밤길이 너무 어두워요",
				Body:  `도림천 산책로가 밤에 너무 어둡습니다. 가로등을 더 설치해 주세요. 고가 밑은 특히 어두워서 무섭습니다.`},
			want: petitions.StatusHidden, filed: 9, pre: G, total: G,
			hideNote: "같은 내용의 청원 「도림천 산책로 야간 조명을 밝혀 주세요」가 이미 진행 중입니다. 그 청원에 공감해 주시면 뜻이 한곳에 모여 더 힘이 됩니다.",
		},
	}
}

// String writes the summary for the command line.
func (s Summary) String() string {
	var b strings.Builder
	for _, n := range s.Notes {
		b.WriteString(n + "\n")
	}
	fmt.Fprintf(&b, "%d accounts, %d supports (%d with a comment), %d answers\n", s.Users, s.Supports, s.Comments, s.Answers)
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusLapsed, petitions.StatusReview, petitions.StatusOpen, petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusHidden} {
		fmt.Fprintf(&b, "  %-8s %d\n", lang.ByCode("ko").T(st.LabelID()), s.Petitions[st])
	}
	b.WriteString("log in with:\n")
	for _, l := range s.Logins {
		fmt.Fprintf(&b, "  %-20s %-10s %s\n", l.Email, l.Password, l.Role)
	}
	return b.String()
}
