package demo

import (
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

// LargeSummary tells what SeedLarge wrote.
type LargeSummary struct {
	Notes                             []string // where the petitions follow other rules than the settings
	Users, Petitions, Supports, Terms int
	ByStatus                          map[petitions.Status]int
}

func (s LargeSummary) String() string {
	var b strings.Builder
	for _, n := range s.Notes {
		b.WriteString(n + "\n")
	}
	fmt.Fprintf(&b, "accounts %s, petitions %s, supports %s, search terms %s\n",
		models.FormatNumber(s.Users), models.FormatNumber(s.Petitions), models.FormatNumber(s.Supports), models.FormatNumber(s.Terms))
	for _, st := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusLapsed, petitions.StatusReview, petitions.StatusOpen, petitions.StatusAwaitingAnswer,
		petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusDeptAnswered, petitions.StatusHidden} {
		fmt.Fprintf(&b, "  %s %s\n", lang.ByCode("ko").T(st.LabelID()), models.FormatNumber(s.ByStatus[st]))
	}
	for _, l := range demoLogins {
		fmt.Fprintf(&b, "log in as %s / %s (%s)\n", l.Email, l.Password, l.Role)
	}
	return b.String()
}

// largeRowsPerInsert is how many rows one INSERT carries: few statements, and
// well under the bound-variable limits of SQLite (32,766) and PostgreSQL (65,535).
const largeRowsPerInsert = 500

// SeedLarge fills an empty database with n petitions filed over five years,
// in the states a real site accumulates, and about m supports spread over
// them with a heavy tail, plus the accounts that gave them. Rows go in with
// multi-row INSERTs in one transaction; the counters are written equal to
// the rows, so Recount finds nothing. It is for measuring, not for show: the
// small demo (Seed) tells the story of each state. A progress.Reporter in
// db's context hears each step and its rows.
func SeedLarge(db *gorm.DB, n, m int, now time.Time) (LargeSummary, error) {
	now = now.UTC().Truncate(time.Second)
	sum := LargeSummary{ByStatus: map[petitions.Status]int{}}
	if n < 1 || m < 0 {
		return sum, fmt.Errorf("demo: --petitions must be at least 1 and --supports at least 0")
	}
	rep := progress.FromContext(db.Statement.Context)
	defer rep.Done()
	err := db.Transaction(func(tx *gorm.DB) error {
		rep.Start("planning", 0)
		if err := demoEmpty(tx); err != nil {
			return err
		}
		if tx.Dialector.Name() == "sqlite" {
			// a big page cache for this connection while the indexes grow; set back at the end
			if err := tx.Exec("PRAGMA cache_size = -1000000").Error; err != nil {
				return err
			}
			defer tx.Exec("PRAGMA cache_size = -20000")
		}
		settings, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		// the rows are written directly, so no cap: m bounds the supports whatever the threshold
		s, notes := demoRules(settings, math.MaxInt)
		g := &largeSeeder{tx: tx, now: now, s: s, rnd: rand.New(rand.NewPCG(20260101, uint64(n))), prefix: "large", rep: rep} // #nosec G404 G115 -- seeded on purpose for the same demo data every run; n is a positive count
		g.plan(n, m)
		steps := []func() error{g.insertLogins, g.insertUsers, g.insertPetitions, g.insertSupports, g.insertAnswers, g.insertTerms, g.fixSequences}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		rep.Start("commit", 0)
		sum.Notes, sum.Users, sum.Petitions, sum.Supports, sum.Terms = notes, len(g.users), len(g.pets), g.supports, g.terms
		for _, p := range g.pets {
			sum.ByStatus[p.status]++
		}
		return nil
	})
	return sum, err
}

// BenchEmail is the address of the i-th account (from 0) that SeedBench
// creates; its password is Password.
func BenchEmail(i int) string { return fmt.Sprintf("bench%07d@%s", i+1, demoEmailDomain) }

// SeedBench prepares an empty database for a load test: verified accounts
// and open petitions without supports, published a day ago.
func SeedBench(db *gorm.DB, users, open int, now time.Time) error {
	now = now.UTC().Truncate(time.Second)
	return db.Transaction(func(tx *gorm.DB) error {
		if err := demoEmpty(tx); err != nil {
			return err
		}
		s, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		g := &largeSeeder{tx: tx, now: now, s: s, rnd: rand.New(rand.NewPCG(7, 7)), prefix: "bench"} // #nosec G404 -- a fixed seed on purpose: the same benchmark data every run
		g.users = make([]largeUser, users)
		g.pets = make([]largePetition, open)
		for i := range g.pets {
			p := &g.pets[i]
			p.id, p.status = uint(i+1), petitions.StatusOpen
			p.title, p.body, p.category, p.dong = largeText(g.rnd)
			p.filed = now.Add(-g.days(3))
			p.preEnds = p.filed.AddDate(0, 0, s.PreconsentDays)
			p.review, p.opened = g.at(now.Add(-g.days(2))), g.at(now.Add(-g.days(1)))
			p.closes = g.at(p.opened.AddDate(0, 0, s.PetitionDays))
		}
		for _, step := range []func() error{g.insertLogins, g.insertUsers, g.insertPetitions, g.insertTerms, g.fixSequences} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
}

type largeUser struct {
	id   uint
	dong string
}

type largePetition struct {
	id                     uint
	author                 int // index into users
	title, body, category  string
	dong                   string
	status, hiddenFrom     petitions.Status
	filed, preEnds         time.Time
	review, opened, closes *time.Time
	reached, due           *time.Time
	count, min, cap        int
	weight                 float64
}

type largeSeeder struct {
	tx       *gorm.DB
	now      time.Time
	s        models.Settings
	rnd      *rand.Rand
	staffID  uint
	firstID  uint // of the generated accounts
	users    []largeUser
	pets     []largePetition
	supports int
	terms    int
	prefix   string // of the generated accounts' emails
	rep      *progress.Reporter
}

func (g *largeSeeder) days(d float64) time.Duration {
	return time.Duration(d * 24 * float64(time.Hour))
}

func (g *largeSeeder) at(t time.Time) *time.Time { t = t.Truncate(time.Second); return &t }

// plan decides every petition's text, state and count before anything is written.
func (g *largeSeeder) plan(n, m int) {
	s := g.s
	g.pets = make([]largePetition, n)
	span := 5 * 365.0 // days of history
	for i := range g.pets {
		p := &g.pets[i]
		p.id = uint(i + 1)
		p.title, p.body, p.category, p.dong = largeText(g.rnd)
		age := span * float64(i+1) / float64(n) // petition 1 is the oldest
		age = span - age + g.rnd.Float64()*span/float64(n)
		p.filed = g.now.Add(-g.days(age)).Truncate(time.Second)
		p.preEnds = p.filed.AddDate(0, 0, s.PreconsentDays)
		p.status = g.pickStatus(age)
		g.shape(p)
	}
	// supports: each petition's minimum first, then the rest by a heavy-tailed weight.
	// The threshold may take at most a quarter of them: the others stay below it.
	reached, need := int(float64(m)/4/float64(max(s.Threshold, 1))), 0
	for _, i := range g.rnd.Perm(n) {
		p := &g.pets[i]
		if p.status == petitions.StatusAwaitingAnswer || p.status == petitions.StatusAnswered {
			if reached == 0 {
				p.status = map[petitions.Status]petitions.Status{petitions.StatusAwaitingAnswer: petitions.StatusOpen, petitions.StatusAnswered: petitions.StatusExpired}[p.status]
				p.reached, p.due = nil, nil
				g.shape(p)
			} else {
				reached--
			}
		}
		need += p.min
	}
	// the latest petition past the threshold went viral: a tenth of every support, the load of its page
	for i := len(g.pets) - 1; i >= 0; i-- {
		if p := &g.pets[i]; p.min >= s.Threshold {
			p.min += m / 10
			need += m / 10
			break
		}
	}
	for _, i := range g.rnd.Perm(n) { // too few supports for the rest: fewer reached their 사전동의 goal
		if need <= m {
			break
		}
		p := &g.pets[i]
		if p.min > 0 && p.min < s.Threshold {
			need -= p.min
			p.status, p.hiddenFrom, p.review, p.opened, p.closes = petitions.StatusLapsed, "", nil, nil, nil
			g.shape(p)
		}
	}
	rest, total := m-need, 0.0
	for i := range g.pets {
		p := &g.pets[i]
		p.count = p.min
		if p.cap > p.min {
			p.weight = math.Exp(g.rnd.NormFloat64() * 1.6)
			if p.status == petitions.StatusAwaitingAnswer || p.status == petitions.StatusAnswered {
				p.weight *= 40 // the petitions people talk about
			}
			total += p.weight
		}
	}
	for pass := 0; pass < 4 && rest > 0 && total > 0; pass++ {
		give, next := rest, 0.0
		for i := range g.pets {
			p := &g.pets[i]
			if p.weight == 0 || p.count >= p.cap {
				continue
			}
			k := min(int(float64(give)*p.weight/total+g.rnd.Float64()), p.cap-p.count, rest)
			p.count += k
			rest -= k
			if p.count < p.cap {
				next += p.weight
			}
		}
		total = next
	}
	most := 0
	for _, p := range g.pets {
		g.supports += p.count
		most = max(most, p.count)
	}
	// accounts: every support needs its own, and residents support several petitions
	g.users = make([]largeUser, max(most+10, g.supports/8, 100))
}

// pickStatus is a state fitting a petition filed age days ago.
func (g *largeSeeder) pickStatus(age float64) petitions.Status {
	pre, pub := float64(g.s.PreconsentDays), float64(g.s.PetitionDays)
	r := g.rnd.Float64()
	switch {
	case age < math.Min(1.5, pre): // still within its 사전동의 period
		return petitions.StatusPreconsent
	case age < pre:
		return []petitions.Status{petitions.StatusPreconsent, petitions.StatusPreconsent, petitions.StatusReview, petitions.StatusOpen}[g.rnd.IntN(4)]
	case age < pre+pub:
		return odds{{0.25, petitions.StatusLapsed}, {0.28, petitions.StatusHidden}, {0.285, petitions.StatusAwaitingAnswer}}.pick(r, petitions.StatusOpen)
	case age < pre+pub+float64(g.s.AnswerDays):
		return odds{{0.3, petitions.StatusLapsed}, {0.33, petitions.StatusHidden}, {0.345, petitions.StatusAwaitingAnswer}}.pick(r, petitions.StatusExpired)
	}
	return odds{{0.3, petitions.StatusLapsed}, {0.33, petitions.StatusHidden}, {0.345, petitions.StatusAnswered}, {0.42, petitions.StatusDeptAnswered}}.pick(r, petitions.StatusExpired)
}

// odds are states with the upper end of their share of [0, 1), in order.
type odds []struct {
	below  float64
	status petitions.Status
}

// pick is the state whose share holds r, or otherwise past the last.
func (o odds) pick(r float64, otherwise petitions.Status) petitions.Status {
	for _, c := range o {
		if r < c.below {
			return c.status
		}
	}
	return otherwise
}

// shape sets the times and the support bounds of a petition's state.
func (g *largeSeeder) shape(p *largePetition) {
	s := g.s
	goal, threshold := s.PreconsentGoal, s.Threshold
	p.min, p.cap = 0, max(goal-1, 0)
	if p.status == petitions.StatusPreconsent || p.status == petitions.StatusLapsed {
		return
	}
	review := p.filed.Add(g.days(0.5 + g.rnd.Float64()*float64(s.PreconsentDays-1)))
	if review.After(g.now) {
		review = g.now.Add(-time.Minute)
	}
	p.review, p.min, p.cap = g.at(review), goal, goal
	if p.status == petitions.StatusReview {
		return
	}
	if p.status == petitions.StatusHidden {
		p.hiddenFrom = petitions.StatusReview
		return
	}
	opened := review.Add(g.days(0.2 + g.rnd.Float64()*1.5))
	if opened.After(g.now) {
		opened = g.now.Add(-time.Minute)
	}
	closes := opened.AddDate(0, 0, s.PetitionDays)
	p.opened, p.closes = g.at(opened), g.at(closes)
	p.min, p.cap = goal, max(threshold-1, goal)
	if p.status == petitions.StatusAwaitingAnswer || p.status == petitions.StatusAnswered {
		// reached the threshold inside the period, and (awaiting) recently enough that the D-day still runs
		latest := math.Min(float64(g.now.Sub(opened))/float64(24*time.Hour), float64(s.PetitionDays))
		d := latest * (0.3 + 0.7*g.rnd.Float64())
		if p.status == petitions.StatusAwaitingAnswer {
			d = math.Max(latest-float64(s.AnswerDays)*0.9, 0) + g.rnd.Float64()*math.Min(latest, float64(s.AnswerDays)*0.9)
			d = math.Min(d, latest)
		}
		reached := opened.Add(g.days(d))
		if reached.After(g.now) {
			reached = g.now.Add(-time.Minute)
		}
		p.reached, p.due = g.at(reached), g.at(reached.AddDate(0, 0, s.AnswerDays))
		p.min, p.cap = threshold, math.MaxInt32
	}
}

func (g *largeSeeder) insertLogins() error {
	at := g.now.AddDate(-6, 0, 0)
	for _, l := range demoLogins {
		dong := demoResidentDong
		if l.Role != models.RoleResident {
			dong = ""
		}
		u, err := models.CreateVerifiedUser(g.tx, l.Email, l.Password, l.Name, dong, l.Role, at)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", l.Email, err)
		}
		if l.Role == models.RoleStaff {
			g.staffID = u.ID
		}
	}
	return nil
}

// batch writes rows with multi-row INSERTs of largeRowsPerInsert.
func (g *largeSeeder) batch(table, columns string, rows int, row func(i int, args []any) []any) error {
	ncol := strings.Count(columns, ",") + 1
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", ncol), ",") + "),"
	args := make([]any, 0, largeRowsPerInsert*ncol)
	for start := 0; start < rows; start += largeRowsPerInsert {
		k := min(largeRowsPerInsert, rows-start)
		args = args[:0]
		for i := start; i < start+k; i++ {
			args = row(i, args)
		}
		sql := "INSERT INTO " + table + " (" + columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(tuple, k), ",")
		if err := g.tx.Exec(sql, args...).Error; err != nil {
			return fmt.Errorf("demo %s: %w", table, err)
		}
		g.rep.Add(k)
	}
	return nil
}

func (g *largeSeeder) insertUsers() error {
	hash, err := models.HashPassword(Password) // bcrypt is slow: one hash for every account
	if err != nil {
		return err
	}
	var last uint
	if err := g.tx.Raw("SELECT COALESCE(MAX(id), 0) FROM users").Scan(&last).Error; err != nil {
		return err
	}
	g.firstID = last + 1
	g.rep.Start("accounts", len(g.users))
	for i := range g.users {
		g.users[i] = largeUser{id: g.firstID + uint(i), dong: demoPick(g.rnd, demoDongWeights)}
	}
	return g.batch("users", "id, email, password_hash, name, dong, role, verified_at, consented_at, unsubscribe_token, created_at, updated_at",
		len(g.users), func(i int, a []any) []any {
			u := g.users[i]
			created := g.now.Add(-g.days(6*365 + g.rnd.Float64()*365)).Truncate(time.Second)
			return append(a, u.id, fmt.Sprintf("%s%07d@%s", g.prefix, i+1, demoEmailDomain), hash, demoName(g.rnd, u.dong),
				u.dong, models.RoleResident, created.Add(10*time.Minute), created, fmt.Sprintf("l%031x", g.rnd.Uint64()), created, created)
		})
}

func (g *largeSeeder) insertPetitions() error {
	g.rep.Start("petitions", len(g.pets))
	for i := range g.pets {
		g.pets[i].author = g.rnd.IntN(len(g.users))
	}
	s := g.s
	return g.batch("petitions", "id, author_id, title, category, dong, body, status, share_token, support_count, "+
		"preconsent_goal, preconsent_ends_at, threshold, answer_days, review_at, opened_at, closes_at, threshold_at, "+
		"answer_due_at, hidden_from, hidden_reason, hidden_note, hidden_at, created_at, updated_at",
		len(g.pets), func(i int, a []any) []any {
			p := &g.pets[i]
			threshold, answerDays := 0, 0
			if p.opened != nil {
				threshold, answerDays = s.Threshold, s.AnswerDays
			}
			var hiddenAt *time.Time
			reason, note := "", ""
			if p.status == petitions.StatusHidden {
				hiddenAt, reason, note = g.at(p.review.Add(time.Hour)), petitions.HideReasons[g.rnd.IntN(len(petitions.HideReasons))], "운영원칙에 따라 비공개합니다."
			}
			updated := p.filed
			for _, t := range []*time.Time{p.review, p.opened, p.reached, hiddenAt} {
				if t != nil && t.After(updated) {
					updated = *t
				}
			}
			return append(a, p.id, g.users[p.author].id, p.title, p.category, p.dong, p.body, p.status, models.RandomString(10),
				p.count, s.PreconsentGoal, p.preEnds, threshold, answerDays, p.review, p.opened, p.closes, p.reached,
				p.due, p.hiddenFrom, reason, note, hiddenAt, p.filed, updated)
		})
}

// insertSupports gives each petition its count of distinct supporters: a
// run through the accounts from a random start with a stride coprime to
// their number never meets the same account twice.
func (g *largeSeeder) insertSupports() error {
	type row struct {
		pet  int
		user int
	}
	g.rep.Start("supports", g.supports)
	rows := make([]row, 0, g.supports)
	nu := len(g.users)
	for i, p := range g.pets {
		stride := 1 + g.rnd.IntN(nu-1)
		for gcd(stride, nu) != 1 {
			stride++
		}
		u := g.rnd.IntN(nu)
		for k := 0; k < p.count; u = (u + stride) % nu {
			if u == p.author && p.review == nil {
				continue // no one pre-consents to their own petition
			}
			rows = append(rows, row{i, u})
			k++
		}
	}
	return g.batch("supports", "petition_id, user_id, dong, comment, created_at", len(rows), func(i int, a []any) []any {
		r := rows[i]
		p, u := &g.pets[r.pet], g.users[r.user]
		end := g.now
		switch {
		case p.closes != nil && p.closes.Before(end):
			end = *p.closes
		case p.opened == nil && p.review != nil:
			end = *p.review
		case p.opened == nil && p.preEnds.Before(end):
			end = p.preEnds
		}
		at := p.filed.Add(time.Duration(g.rnd.Float64() * float64(end.Sub(p.filed)))).Truncate(time.Second)
		comment := ""
		if g.rnd.IntN(10) == 0 {
			comment = demoGenericComments[g.rnd.IntN(len(demoGenericComments))]
		}
		return append(a, p.id, u.id, u.dong, comment, at)
	})
}

func (g *largeSeeder) insertAnswers() error {
	var answered, dept []int
	for i, p := range g.pets {
		switch p.status {
		case petitions.StatusAnswered:
			answered = append(answered, i)
		case petitions.StatusDeptAnswered:
			dept = append(dept, i)
		}
	}
	g.rep.Start("answers", len(answered)+len(dept))
	const answer = "청원에 공감해 주신 구민 여러분께 감사드립니다. 말씀하신 내용은 관련 부서와 함께 현장을 확인하고, 올해 안에 개선 계획을 마련하겠습니다."
	html := models.RenderMarkdown(answer)
	err := g.batch("answers", "petition_id, staff_id, answerer, body, body_html, video_url, answered_at, created_at, updated_at",
		len(answered), func(i int, a []any) []any {
			p := g.pets[answered[i]]
			at := g.at(p.reached.AddDate(0, 0, g.s.AnswerDays/2))
			return append(a, p.id, g.staffID, "영등포구청장", answer, html, "", at, at, at)
		})
	if err != nil {
		return err
	}
	const deptAnswer = "검토 결과를 알려 드립니다. 예산과 우선순위를 고려해 단계적으로 추진하겠습니다."
	deptHTML := models.RenderMarkdown(deptAnswer)
	return g.batch("dept_answers", "petition_id, staff_id, department, body, body_html, answered_at, updated_at",
		len(dept), func(i int, a []any) []any {
			p := g.pets[dept[i]]
			at := g.at(p.closes.AddDate(0, 0, 7))
			return append(a, p.id, g.staffID, "소통공감과", deptAnswer, deptHTML, at, at)
		})
}

// insertTerms writes the search index in the order of its primary key:
// petitions are read in id order, so each term's list of ids is sorted as it
// grows, and only the distinct terms need sorting. Appending in key order
// keeps the B-tree dense and the writing fast.
func (g *largeSeeder) insertTerms() error {
	g.rep.Start("indexing", 0)
	ids := map[string][]uint32{}
	for _, p := range g.pets {
		for _, t := range petitions.SearchTerms(p.title, p.body) {
			ids[t] = append(ids[t], uint32(p.id)) // #nosec G115 -- generated ids count up from 1 and stay far below 2³²
		}
	}
	terms := make([]string, 0, len(ids))
	for t := range ids {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	total := 0
	for _, list := range ids {
		total += len(list)
	}
	g.rep.Start("search terms", total)
	type row struct {
		term string
		id   uint32
	}
	rows := make([]row, 0, largeRowsPerInsert)
	flush := func() error {
		err := g.batch("petition_terms", "term, petition_id", len(rows), func(i int, a []any) []any {
			return append(a, rows[i].term, rows[i].id)
		})
		g.terms += len(rows)
		rows = rows[:0]
		return err
	}
	for _, t := range terms {
		for _, id := range ids[t] {
			if rows = append(rows, row{t, id}); len(rows) == largeRowsPerInsert {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// fixSequences moves PostgreSQL's id sequences past the ids written here.
func (g *largeSeeder) fixSequences() error {
	if g.tx.Dialector.Name() != "postgres" {
		return nil
	}
	for _, t := range []string{"users", "petitions"} {
		err := g.tx.Exec("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), (SELECT MAX(id) FROM " + t + "))").Error
		if err != nil {
			return err
		}
	}
	return nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// largeTopic is a subject residents petition about, with the words they use.
type largeTopic struct {
	weight    int
	category  string
	titles    []string // {p} is a place
	sentences []string
}

// largeTopics are weighted so the words people search for turn up about as
// often as on a district's petition board: 주차 in about one petition in eight,
// 어린이집 in one in twenty.
var largeTopics = []largeTopic{
	{10, "생활환경·교통안전", []string{"{p} 불법주차 단속을 강화해 주세요", "{p} 공영주차장을 늘려 주세요",
		"거주자우선주차 구역 배정 기준을 바꿔 주세요", "{p} 골목 주차 문제 해결을 요청합니다", "학교 앞 불법주정차를 막아 주세요"},
		[]string{"밤마다 골목에 불법주차된 차량 때문에 소방차가 들어갈 수 없습니다.", "공영주차장이 부족해서 주민들이 매일 주차 전쟁을 치르고 있습니다.",
			"거주자우선주차 대기 기간이 2년이 넘습니다.", "단속 카메라를 설치하고 주차 단속 시간을 늘려 주시기 바랍니다.",
			"주차장 확충이 어렵다면 인근 학교와 교회 주차장을 함께 쓰는 방안도 검토해 주세요.", "견인 조치가 늦어 차량이 며칠씩 방치됩니다."}},
	{5, "복지보건·다문화", []string{"{p} 국공립 어린이집을 늘려 주세요", "어린이집 대기 문제를 해결해 주세요",
		"어린이집 앞 통학로 안전을 지켜 주세요", "맞벌이 가정을 위한 시간연장 어린이집이 필요합니다"},
		[]string{"국공립 어린이집 대기 번호가 100번이 넘어 입소를 포기했습니다.", "어린이집 등원 시간에 차량이 많아 아이들이 위험합니다.",
			"맞벌이 부부가 많은 지역인데 시간연장 보육 기관이 부족합니다.", "공동육아나눔터와 어린이집을 함께 늘려 주세요."}},
	{8, "도시", []string{"{p}에 작은 공원을 만들어 주세요", "{p} 공원 화장실을 개선해 주세요", "도림천 산책로에 그늘막을 설치해 주세요",
		"공원 안에 반려견 놀이터를 만들어 주세요", "{p} 어린이 놀이터 시설을 바꿔 주세요"},
		[]string{"주변에 걸어서 갈 수 있는 공원이 없습니다.", "공원 화장실이 낡고 밤에는 너무 어둡습니다.",
			"여름에는 산책로에 그늘이 없어 어르신들이 이용하기 어렵습니다.", "놀이터 바닥이 부서져 아이들이 다칠까 걱정입니다.",
			"공원에서 반려견 목줄을 하지 않는 경우가 많습니다."}},
	{8, "생활환경·교통안전", []string{"{p}를 지나는 마을버스 노선을 만들어 주세요", "버스정류장에 온열의자를 설치해 주세요",
		"{p} 버스 배차 간격을 줄여 주세요", "심야버스 노선을 늘려 주세요"},
		[]string{"출퇴근 시간에 버스가 20분 넘게 오지 않습니다.", "마을버스가 다니지 않아 어르신들이 병원에 가기 힘듭니다.",
			"버스정류장에 비가림 시설이 없어 불편합니다.", "지하철역까지 이어지는 버스 노선이 필요합니다."}},
	{6, "생활환경·교통안전", []string{"{p} 공사장 소음을 줄여 주세요", "새벽 시간 유흥가 소음 단속을 요청합니다",
		"층간소음 상담 창구를 만들어 주세요", "{p} 오토바이 소음 단속을 강화해 주세요"},
		[]string{"새벽까지 이어지는 소음 때문에 잠을 잘 수 없습니다.", "공사장 소음 기준을 지키는지 구청에서 점검해 주세요.",
			"층간소음 문제로 이웃 사이 다툼이 늘고 있습니다.", "배달 오토바이의 굉음이 밤마다 들립니다."}},
	{6, "생활환경·교통안전", []string{"{p} 쓰레기 무단투기를 막아 주세요", "재활용품 분리배출 요일을 늘려 주세요", "음식물 쓰레기 수거함을 바꿔 주세요"},
		[]string{"골목 곳곳에 쓰레기가 무단으로 버려져 악취가 심합니다.", "분리배출 안내가 부족해 재활용이 제대로 되지 않습니다.",
			"CCTV와 안내판을 설치해 무단투기를 막아 주세요."}},
	{7, "생활환경·교통안전", []string{"{p} 횡단보도 신호 시간을 늘려 주세요", "{p} 가로등을 더 밝게 해 주세요",
		"통학로에 보도를 설치해 주세요", "{p} 방범 CCTV를 늘려 주세요"},
		[]string{"어르신들이 신호 안에 횡단보도를 다 건너지 못합니다.", "밤길이 어두워 여성과 학생들이 불안해합니다.",
			"보도가 없어 아이들이 차도로 걸어 다닙니다.", "가로등과 CCTV를 함께 설치하면 범죄 예방에 도움이 됩니다."}},
	{5, "도시", []string{"{p} 재개발 진행 상황을 공개해 주세요", "{p} 노후 주택가 정비를 요청합니다", "준공업지역 개발 계획을 알려 주세요"},
		[]string{"재개발 소식만 10년째이고 진행 상황을 알 수 없습니다.", "낡은 담장과 전선이 위험하게 방치되어 있습니다.",
			"주민설명회를 열어 계획을 투명하게 공개해 주세요."}},
	{5, "교육문화", []string{"{p}에 작은도서관을 만들어 주세요", "구립도서관 운영 시간을 늘려 주세요", "청소년 문화공간이 필요합니다"},
		[]string{"퇴근 뒤에는 도서관이 문을 닫아 이용할 수 없습니다.", "아이들이 방과 후에 갈 곳이 없습니다.",
			"주민센터의 남는 공간을 문화 공간으로 활용해 주세요."}},
	{5, "복지보건·다문화", []string{"{p} 경로당 냉난방 시설을 고쳐 주세요", "홀몸 어르신 돌봄 서비스를 늘려 주세요",
		"{p} 노인복지관 프로그램을 다양하게 해 주세요"},
		[]string{"경로당 에어컨이 고장 나 여름을 힘들게 보냈습니다.", "혼자 사시는 어르신들을 정기적으로 찾아가 주세요.",
			"복지관 프로그램 신청이 너무 빨리 마감됩니다."}},
	{2, "복지보건·다문화", []string{"대림동 다문화 가정 지원을 늘려 주세요", "외국인 주민을 위한 생활 안내를 여러 언어로 해 주세요"},
		[]string{"중국 동포와 외국인 주민이 많은 지역인데 안내문이 한국어뿐입니다.", "다문화 가정 아이들을 위한 한국어 교실이 부족합니다."}},
	{5, "지역경제·일자리", []string{"{p} 전통시장 주차 지원을 요청합니다", "골목상권 살리기 지원을 늘려 주세요",
		"영등포사랑상품권 발행을 늘려 주세요", "청년 일자리 지원 사업을 넓혀 주세요"},
		[]string{"대형마트에 밀려 전통시장 손님이 줄고 있습니다.", "소상공인 임대료 부담이 너무 큽니다.",
			"청년들이 지역에서 일할 수 있는 기회가 필요합니다.", "상품권이 발행 첫날 모두 소진됩니다."}},
	{4, "자치행정", []string{"{p} 주민센터 민원 대기 시간을 줄여 주세요", "구청 누리집 민원 신청을 쉽게 해 주세요", "주민자치회 회의를 공개해 주세요"},
		[]string{"주민센터에 가면 한 시간씩 기다려야 합니다.", "온라인 민원 신청 절차가 너무 복잡합니다.", "주민자치회 회의록을 누리집에 올려 주세요."}},
	{4, "생활환경·교통안전", []string{"{p} 길거리 흡연을 단속해 주세요", "지하철역 출구 앞 흡연 부스를 옮겨 주세요"},
		[]string{"출구 앞에서 담배 연기를 피할 수 없습니다.", "금연구역 안내판을 늘리고 단속해 주세요."}},
}

var largePlaces = []string{"영등포역", "여의도공원", "문래창작촌", "당산역", "신길역", "대림역", "도림천", "안양천",
	"선유도공원", "영등포시장", "대림중앙시장", "여의나루역", "양평동 공구상가", "신풍역", "영등포구청역", "보라매역"}

var largeIntros = []string{"저는 {d}에 {n}년째 살고 있는 주민입니다.", "{d}에서 아이 둘을 키우는 부모입니다.",
	"{p} 근처에서 작은 가게를 하고 있습니다.", "매일 {p}를 지나 출퇴근하는 직장인입니다.", "{d} 통장으로 일하며 이웃들의 이야기를 듣고 있습니다.", ""}

var largeClosings = []string{"구청의 적극적인 검토를 부탁드립니다.", "많은 주민이 같은 불편을 겪고 있습니다.",
	"하루빨리 개선되기를 바랍니다.", "주민들의 목소리에 귀 기울여 주세요.", "관련 부서의 빠른 답변을 기다리겠습니다."}

// largeText writes a petition: a title from a topic, a body of a few of its
// sentences around an introduction and a closing, sometimes with a sentence
// of another topic, as people raise two things at once.
func largeText(r *rand.Rand) (title, body, category, dong string) {
	total := 0
	for _, t := range largeTopics {
		total += t.weight
	}
	pick := func() largeTopic {
		n := r.IntN(total)
		for _, t := range largeTopics {
			if n < t.weight {
				return t
			}
			n -= t.weight
		}
		return largeTopics[0]
	}
	t := pick()
	dong = models.Dongs[r.IntN(len(models.Dongs))]
	place := largePlaces[r.IntN(len(largePlaces))]
	if r.IntN(2) == 0 {
		place = dong
	}
	fill := strings.NewReplacer("{p}", place, "{d}", dong, "{n}", fmt.Sprint(2+r.IntN(28))).Replace
	title = fill(t.titles[r.IntN(len(t.titles))])
	var b strings.Builder
	if intro := fill(largeIntros[r.IntN(len(largeIntros))]); intro != "" {
		b.WriteString(intro + " ")
	}
	for _, i := range r.Perm(len(t.sentences))[:2+r.IntN(len(t.sentences)-1)] {
		b.WriteString(t.sentences[i] + " ")
	}
	if r.IntN(4) == 0 {
		o := pick()
		b.WriteString(o.sentences[r.IntN(len(o.sentences))] + " ")
	}
	b.WriteString(largeClosings[r.IntN(len(largeClosings))])
	if r.IntN(3) > 0 {
		dong = "" // most petitions concern the whole district
	}
	return title, b.String(), t.category, dong
}
