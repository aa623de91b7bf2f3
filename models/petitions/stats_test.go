package petitions_test

import (
	"math"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// seoulTime is a wall-clock time in Seoul, as the record's months are.
func seoulTime(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, models.Seoul).UTC()
}

func mkAnswer(t *testing.T, db *gorm.DB, p *petitions.Petition, staffID uint, at time.Time) {
	t.Helper()
	a := petitions.Answer{PetitionID: p.ID, StaffID: staffID, Answerer: petitions.DefaultAnswerer, Body: "답변", BodyHTML: "<p>답변</p>",
		AnsweredAt: at, CreatedAt: at, UpdatedAt: at}
	if err := db.Create(&a).Error; err != nil {
		t.Fatalf("create answer: %v", err)
	}
}

func TestRecord(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	at := func(d float64) *time.Time {
		return modeltest.TimePtr(modeltest.T0.Add(time.Duration(d * float64(modeltest.Day))))
	}
	cat := models.Categories

	// two answered 공감청원: 10 and 4 days from threshold to answer
	a := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, Category: cat[0], CreatedAt: *at(-40),
		OpenedAt: at(-38), ClosesAt: at(-8), ThresholdAt: at(-30)})
	mkAnswer(t, db, a, staff.ID, *at(-20))
	b := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, Category: cat[0], CreatedAt: *at(-35),
		OpenedAt: at(-33), ClosesAt: at(-3), ThresholdAt: at(-25)})
	mkAnswer(t, db, b, staff.ID, *at(-21))
	// a 공감청원 still waiting for its answer
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, Category: cat[0], CreatedAt: seoulTime(2024, 2, 10, 9, 0),
		OpenedAt: modeltest.TimePtr(seoulTime(2024, 2, 12, 9, 0)), ClosesAt: at(10), ThresholdAt: modeltest.TimePtr(seoulTime(2024, 2, 28, 9, 0))})
	// filed half an hour into 1 March in Seoul (still 29 February in UTC)
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, Category: cat[1], CreatedAt: seoulTime(2024, 3, 1, 0, 30),
		OpenedAt: at(-1), ClosesAt: at(29)})
	// filed half an hour into the first month of the window, never published
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusPreconsent, Category: cat[1], CreatedAt: seoulTime(2023, 4, 1, 0, 30)})
	// filed half an hour before the window, published inside it, hidden since: counted as filed and published
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusHidden, HiddenFrom: petitions.StatusOpen, Category: cat[2],
		CreatedAt: seoulTime(2023, 3, 31, 23, 30), OpenedAt: modeltest.TimePtr(seoulTime(2023, 4, 2, 10, 0)), ClosesAt: at(-300)})
	// a category renamed since
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusExpired, Category: "옛 분야", CreatedAt: *at(-100),
		OpenedAt: at(-95), ClosesAt: at(-65)})

	rec, err := petitions.Record(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)

	if got, want := rec.Total, (petitions.Tally{Received: 7, Published: 6, Reached: 3, Answered: 2}); !sameTally(got, want) {
		t.Errorf("total = %+v, want %+v", got, want)
	}
	if pct, ok := rec.Total.AnswerRate(); !ok || math.Abs(pct-200.0/3) > 1e-9 {
		t.Errorf("answer rate = %v (%v), want 66.7%%: 2 of the 3 that reached the threshold", pct, ok)
	}
	if d, ok := rec.Total.AverageDays(); !ok || math.Abs(d-7) > 1e-9 {
		t.Errorf("average days = %v (%v), want 7: (10 + 4) / 2", d, ok)
	}

	wantCats := []struct {
		name  string
		tally petitions.Tally
	}{
		{cat[0], petitions.Tally{Received: 3, Published: 3, Reached: 3, Answered: 2}},
		{cat[1], petitions.Tally{Received: 2, Published: 1}},
		{cat[2], petitions.Tally{Received: 1, Published: 1}},
		{cat[3], petitions.Tally{}}, {cat[4], petitions.Tally{}}, {cat[5], petitions.Tally{}},
		{"옛 분야", petitions.Tally{Received: 1, Published: 1}},
	}
	if len(rec.Categories) != len(wantCats) {
		t.Fatalf("%d categories, want %d", len(rec.Categories), len(wantCats))
	}
	for i, w := range wantCats {
		if c := rec.Categories[i]; c.Category != w.name || !sameTally(c.Tally, w.tally) {
			t.Errorf("category %d = %s %+v, want %s %+v", i, c.Category, c.Tally, w.name, w.tally)
		}
	}
	if _, ok := rec.Categories[1].AnswerRate(); ok {
		t.Errorf("a category without 공감청원 has an answer rate")
	}
	if _, ok := rec.Categories[1].AverageDays(); ok {
		t.Errorf("a category without answers has an average time")
	}

	// months of Seoul from April 2023 to March 2024
	if len(rec.Months) != petitions.StatMonths {
		t.Fatalf("%d months, want %d", len(rec.Months), petitions.StatMonths)
	}
	if first, last := rec.Months[0].Month, rec.Months[petitions.StatMonths-1].Month; !first.Equal(seoulTime(2023, 4, 1, 0, 0)) ||
		!last.Equal(seoulTime(2024, 3, 1, 0, 0)) {
		t.Errorf("months run from %v to %v, want April 2023 to March 2024 in Seoul", first, last)
	}
	wantMonths := map[string]petitions.Tally{
		"2023-04": {Received: 1, Published: 1},
		"2023-11": {Received: 1, Published: 1},
		"2024-01": {Received: 2, Published: 2},
		"2024-02": {Received: 1, Published: 1, Reached: 3, Answered: 2},
		"2024-03": {Received: 1, Published: 1},
	}
	for _, m := range rec.Months {
		key := m.Month.In(models.Seoul).Format("2006-01")
		if !sameTally(m.Tally, wantMonths[key]) {
			t.Errorf("month %s = %+v, want %+v", key, m.Tally, wantMonths[key])
		}
	}
	// the petition filed before the window is left out of the months' sum
	if got, want := rec.MonthsTotal(), (petitions.Tally{Received: 6, Published: 6, Reached: 3, Answered: 2}); !sameTally(got, want) {
		t.Errorf("months total = %+v, want %+v", got, want)
	}
}

// Months before the first petition are left out: the record starts when
// the 신문고 opened.
func TestRecordStartsAtTheFirstMonthWithFigures(t *testing.T) {
	db := modeltest.NewDB(t)
	at := seoulTime(2024, 2, 12, 9, 0)
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, CreatedAt: at, UpdatedAt: at, OpenedAt: &at,
		ClosesAt: modeltest.TimePtr(at.AddDate(0, 0, 30))})
	rec, err := petitions.Record(db, seoulTime(2024, 3, 15, 12, 0))
	modeltest.WantErr(t, err, nil)
	if len(rec.Months) != 2 || !rec.Months[0].Month.Equal(seoulTime(2024, 2, 1, 0, 0)) || rec.Months[0].Received != 1 {
		t.Errorf("months = %+v, want February and March 2024", rec.Months)
	}
}

func TestRecordEmpty(t *testing.T) {
	db := modeltest.NewDB(t)
	rec, err := petitions.Record(db, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if !sameTally(rec.Total, petitions.Tally{}) || len(rec.Months) != 1 || len(rec.Categories) != len(models.Categories) {
		t.Errorf("empty record = %+v", rec)
	}
	if _, ok := rec.Total.AnswerRate(); ok {
		t.Errorf("an empty record has an answer rate")
	}
}

func TestRecordMonthsFollowSeoul(t *testing.T) {
	// 1 February 2024, 00:30 in Seoul is still 31 January in UTC
	months := petitions.RecordMonths(seoulTime(2024, 2, 1, 0, 30))
	if first, last := months[0].Month, months[len(months)-1].Month; !first.Equal(seoulTime(2023, 3, 1, 0, 0)) ||
		!last.Equal(seoulTime(2024, 2, 1, 0, 0)) {
		t.Errorf("months run from %v to %v, want March 2023 to February 2024", first.In(models.Seoul), last.In(models.Seoul))
	}
	for i := 1; i < len(months); i++ {
		if months[i].Month.In(models.Seoul).Day() != 1 || !months[i].Month.After(months[i-1].Month) {
			t.Errorf("month %d = %v", i, months[i].Month.In(models.Seoul))
		}
	}
}

// sameTally compares the counts of two tallies.
func sameTally(a, b petitions.Tally) bool {
	return a.Received == b.Received && a.Published == b.Published && a.Reached == b.Reached && a.Answered == b.Answered
}
