package petitions

import (
	"sort"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// The public record: how many petitions came in, went public, reached the
// threshold and were answered, and how long the answers took. The SQL is
// plain (COUNT, SUM of CASE, GROUP BY a column) so it runs unchanged on
// SQLite and PostgreSQL; grouping by month happens in Go, in Seoul time,
// because every database truncates dates differently.

// StatMonths is how many months, the current one included, the record shows.
const StatMonths = 12

// Tally counts one slice of the record.
type Tally struct {
	Received  int // 접수: every petition filed, whatever became of it
	Published int // 공개: made public after review
	Reached   int // 공감청원: reached the threshold
	Answered  int // 답변완료: answered by the 구청장

	answerDays float64 // sum of the days from threshold to answer
	timed      int     // answers whose threshold time is known
}

// AnswerRate is the share of 공감청원 that were answered, in percent; ok is
// false when no petition reached the threshold.
func (t Tally) AnswerRate() (pct float64, ok bool) {
	if t.Reached == 0 {
		return 0, false
	}
	return float64(t.Answered) * 100 / float64(t.Reached), true
}

// AverageDays is the mean time from reaching the threshold to the answer, in
// days; ok is false when there is no answer to measure.
func (t Tally) AverageDays() (days float64, ok bool) {
	if t.timed == 0 {
		return 0, false
	}
	return t.answerDays / float64(t.timed), true
}

func (t *Tally) add(o Tally) {
	t.Received += o.Received
	t.Published += o.Published
	t.Reached += o.Reached
	t.Answered += o.Answered
	t.answerDays += o.answerDays
	t.timed += o.timed
}

// MonthTally is the record of one calendar month in Seoul: petitions filed,
// published, reaching the threshold and answered in it.
type MonthTally struct {
	Month time.Time // midnight of the 1st, Seoul time
	Tally
}

// CategoryTally is the record of one category over all time.
type CategoryTally struct {
	Category string
	Tally
}

// PetitionRecord is the whole public record at one moment.
type PetitionRecord struct {
	Total      Tally
	Months     []MonthTally    // oldest first, at most StatMonths of them, from the first with a figure
	Categories []CategoryTally // the district's categories in their order, then any other
}

// Record computes the public record at now.
func Record(db *gorm.DB, now time.Time) (*PetitionRecord, error) {
	now = now.UTC()
	rec := &PetitionRecord{Months: recordMonths(now)}
	byCategory, err := categoryCounts(db)
	if err != nil {
		return nil, err
	}
	answers, err := answerTimes(db)
	if err != nil {
		return nil, err
	}
	for _, a := range answers {
		t := byCategory[a.Category]
		t.Answered++
		if a.ThresholdAt != nil && a.AnsweredAt.After(*a.ThresholdAt) {
			t.answerDays += a.AnsweredAt.Sub(*a.ThresholdAt).Hours() / 24
			t.timed++
		}
		byCategory[a.Category] = t
	}
	for _, name := range categoryOrder(byCategory) {
		rec.Categories = append(rec.Categories, CategoryTally{Category: name, Tally: byCategory[name]})
		rec.Total.add(byCategory[name])
	}
	if err := rec.countMonths(db, answers); err != nil {
		return nil, err
	}
	// the months start at the first with a figure (months before the launch
	// have nothing to show); the current month stays when none has one
	for len(rec.Months) > 1 && rec.Months[0].empty() {
		rec.Months = rec.Months[1:]
	}
	return rec, nil
}

func (m MonthTally) empty() bool {
	return m.Received == 0 && m.Published == 0 && m.Reached == 0 && m.Answered == 0
}

// MonthsTotal adds up the figures of the months shown.
func (rec *PetitionRecord) MonthsTotal() Tally {
	var t Tally
	for _, m := range rec.Months {
		t.Received += m.Received
		t.Published += m.Published
		t.Reached += m.Reached
		t.Answered += m.Answered
	}
	return t
}

// recordMonths lays out the last StatMonths months in Seoul, oldest first.
func recordMonths(now time.Time) []MonthTally {
	y, m, _ := now.In(models.Seoul).Date()
	first := time.Date(y, m-StatMonths+1, 1, 0, 0, 0, 0, models.Seoul)
	out := make([]MonthTally, StatMonths)
	for i := range out {
		out[i].Month = first.AddDate(0, i, 0)
	}
	return out
}

// categoryCounts counts filed, published and threshold-reaching petitions per category.
func categoryCounts(db *gorm.DB) (map[string]Tally, error) {
	var rows []struct {
		Category                     string
		Received, Published, Reached int
	}
	err := db.Model(&Petition{}).
		Select("category, COUNT(*) AS received, " +
			"SUM(CASE WHEN opened_at IS NOT NULL THEN 1 ELSE 0 END) AS published, " +
			"SUM(CASE WHEN threshold_at IS NOT NULL THEN 1 ELSE 0 END) AS reached").
		Group("category").Scan(&rows).Error
	out := map[string]Tally{}
	for _, r := range rows {
		out[r.Category] = Tally{Received: r.Received, Published: r.Published, Reached: r.Reached}
	}
	return out, err
}

type answerTime struct {
	Category    string
	ThresholdAt *time.Time
	AnsweredAt  time.Time
}

// answerTimes lists every answer with its petition's category and threshold time.
func answerTimes(db *gorm.DB) ([]answerTime, error) {
	var out []answerTime
	err := db.Model(&Answer{}).
		Select("petitions.category, petitions.threshold_at, answers.answered_at").
		Joins("JOIN petitions ON petitions.id = answers.petition_id").
		Scan(&out).Error
	return out, err
}

// categoryOrder is the district's categories, then any other stored one
// (a category renamed since) in alphabetical order.
func categoryOrder(byCategory map[string]Tally) []string {
	out := append([]string{}, models.Categories...)
	var other []string
	for name := range byCategory {
		if !models.IsCategory(name) {
			other = append(other, name)
		}
	}
	sort.Strings(other)
	return append(out, other...)
}

// countMonths fills the months with the petitions filed, published, reaching
// the threshold and answered in each.
func (rec *PetitionRecord) countMonths(db *gorm.DB, answers []answerTime) error {
	from := rec.Months[0].Month.UTC()
	counters := []struct {
		column string
		count  func(*MonthTally)
	}{
		{"created_at", func(m *MonthTally) { m.Received++ }},
		{"opened_at", func(m *MonthTally) { m.Published++ }},
		{"threshold_at", func(m *MonthTally) { m.Reached++ }},
	}
	for _, c := range counters {
		var times []time.Time
		if err := db.Model(&Petition{}).Where(c.column+" >= ?", from).Pluck(c.column, &times).Error; err != nil {
			return err
		}
		for _, t := range times {
			if m := rec.month(t); m != nil {
				c.count(m)
			}
		}
	}
	for _, a := range answers {
		if m := rec.month(a.AnsweredAt); m != nil {
			m.Answered++
		}
	}
	return nil
}

// month finds the month of t in Seoul among the record's months.
func (rec *PetitionRecord) month(t time.Time) *MonthTally {
	y, m, _ := t.In(models.Seoul).Date()
	for i := range rec.Months {
		if rec.Months[i].Month.Year() == y && rec.Months[i].Month.Month() == m {
			return &rec.Months[i]
		}
	}
	return nil
}
