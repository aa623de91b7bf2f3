package demo_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/demo"
	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/petitions"
)

func openDemoDB(t *testing.T) *gorm.DB {
	t.Helper()
	db, err := models.Open(testdb.DSN(t, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(db) })
	return db
}

// demoFingerprint sums up everything Seed writes, to prove a refused
// second run changed nothing.
func demoFingerprint(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT COUNT(*) || '/' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM users",
		"SELECT COUNT(*) || '/' || COALESCE(SUM(support_count), 0) || '/' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM petitions",
		"SELECT COUNT(*) || '/' || COALESCE(MAX(id), 0) FROM supports",
		"SELECT COUNT(*) || '/' || COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM answers",
		"SELECT COUNT(*) FROM mails",
	} {
		var s string
		if err := db.Raw(q).Scan(&s).Error; err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestSeedDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds thousands of supports")
	}
	db := openDemoDB(t)
	now := time.Date(2025, 6, 16, 1, 30, 0, 0, time.UTC) // 10:30 in Seoul

	start := time.Now()
	sum, err := demo.Seed(db, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d users, %d supports (%d with a comment) in %s", sum.Users, sum.Supports, sum.Comments,
		time.Since(start).Round(time.Millisecond))

	t.Run("every state, as planned", func(t *testing.T) {
		want := map[petitions.Status]int{
			petitions.StatusPreconsent: 2, petitions.StatusLapsed: 1, petitions.StatusReview: 2, petitions.StatusOpen: 6,
			petitions.StatusAwaitingAnswer: 3, petitions.StatusAnswered: 3, petitions.StatusExpired: 2, petitions.StatusHidden: 1,
		}
		for s, n := range want {
			if sum.Petitions[s] != n {
				t.Errorf("summary: %d petitions %s, want %d", sum.Petitions[s], s, n)
			}
			var stored int64
			db.Model(&petitions.Petition{}).Where("status = ?", s).Count(&stored)
			got, err := petitions.CountIn(db, s, now)
			if err != nil {
				t.Fatal(err)
			}
			if stored != int64(n) || got != int64(n) {
				t.Errorf("%s: %d stored, %d at now, want %d", s, stored, got, n)
			}
		}
		var categories int64
		db.Model(&petitions.Petition{}).Distinct("category").Count(&categories)
		if int(categories) != len(models.Categories) {
			t.Errorf("%d categories used, want all %d", categories, len(models.Categories))
		}
	})

	t.Run("counters match the supports", func(t *testing.T) {
		var bad []string
		db.Raw(`SELECT title FROM petitions p
			WHERE support_count <> (SELECT COUNT(*) FROM supports s WHERE s.petition_id = p.id)`).Scan(&bad)
		if len(bad) > 0 {
			t.Errorf("support_count differs from the supports of %q", bad)
		}
		var total int64
		db.Model(&petitions.Support{}).Count(&total)
		if int(total) != sum.Supports {
			t.Errorf("summary says %d supports, table has %d", sum.Supports, total)
		}
		if share := float64(sum.Comments) / float64(sum.Supports); share < 0.2 || share > 0.4 {
			t.Errorf("%.0f%% of supports have a comment, want about 30%%", share*100)
		}
	})

	t.Run("supports obey the rules", func(t *testing.T) {
		checks := map[string]string{
			"author supported own petition": `SELECT COUNT(*) FROM supports s JOIN petitions p ON p.id = s.petition_id
				WHERE s.user_id = p.author_id`,
			"support after the period": `SELECT COUNT(*) FROM supports s JOIN petitions p ON p.id = s.petition_id
				WHERE p.closes_at IS NOT NULL AND s.created_at >= p.closes_at`,
			"support between review and publication": `SELECT COUNT(*) FROM supports s JOIN petitions p ON p.id = s.petition_id
				WHERE p.review_at IS NOT NULL AND s.created_at > p.review_at
				AND (p.opened_at IS NULL OR s.created_at < p.opened_at)`,
			"support in the future": `SELECT COUNT(*) FROM supports WHERE created_at > ?`,
			"support by an unverified account": `SELECT COUNT(*) FROM supports s JOIN users u ON u.id = s.user_id
				WHERE u.verified_at IS NULL OR u.verified_at > s.created_at`,
			"comment over 200 letters": `SELECT COUNT(*) FROM supports WHERE LENGTH(comment) > 200`,
			"answer overdue":           `SELECT COUNT(*) FROM petitions WHERE status = 'awaiting_answer' AND answer_due_at <= ?`,
			"answer after its deadline": `SELECT COUNT(*) FROM answers a JOIN petitions p ON p.id = a.petition_id
				WHERE a.answered_at > p.answer_due_at OR a.answered_at < p.threshold_at`,
		}
		for name, q := range checks {
			var n int64
			args := []any{}
			if strings.Contains(q, "?") {
				args = append(args, now)
			}
			if err := db.Raw(q, args...).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				t.Errorf("%s: %d rows", name, n)
			}
		}
	})

	t.Run("answers show text and video", func(t *testing.T) {
		ps, err := petitions.PetitionsIn(db, petitions.StatusAnswered, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		translated := map[string]int{} // one answer has its official translations
		for _, p := range ps {
			full, err := petitions.FindPetition(db, p.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			a := full.Answer
			if a == nil || a.EmbedURL() == "" || !strings.Contains(a.BodyHTML, "<h2>") || !strings.Contains(a.BodyHTML, "<li>") {
				t.Errorf("%q: answer without markdown structure or YouTube video: %+v", p.Title, a)
				continue
			}
			if strings.Contains(a.Body, "{count}") {
				t.Errorf("%q: answer still has the {count} placeholder", p.Title)
			}
			for _, tr := range a.Translations {
				translated[tr.Language]++
				if strings.Contains(tr.Body, "{count}") || !strings.Contains(tr.BodyHTML, "<h2>") {
					t.Errorf("%q: the %s translation is not rendered whole: %q", p.Title, tr.Language, tr.BodyHTML)
				}
			}
		}
		if translated["en"] != 1 || translated["zh"] != 1 {
			t.Errorf("translated answers by language: %v, want one in English and one in Chinese", translated)
		}
	})

	t.Run("open petitions tell a story", func(t *testing.T) {
		ps, err := petitions.PetitionsIn(db, petitions.StatusOpen, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		var nearThreshold, closingSoon bool
		for _, p := range ps {
			nearThreshold = nearThreshold || p.SupportCount >= p.Threshold*9/10
			closingSoon = closingSoon || models.DaysLeft(*p.ClosesAt, now) <= 2
		}
		if !nearThreshold || !closingSoon {
			t.Errorf("want one open petition near the threshold (%v) and one closing within 2 days (%v)", nearThreshold, closingSoon)
		}
	})

	t.Run("logins work", func(t *testing.T) {
		if len(sum.Logins) != 3 {
			t.Fatalf("%d logins, want admin, staff and resident", len(sum.Logins))
		}
		for _, l := range sum.Logins {
			u, err := models.Authenticate(db, l.Email, l.Password, now)
			if err != nil {
				t.Errorf("%s: %v", l.Email, err)
				continue
			}
			if u.Role != l.Role || !u.Verified() {
				t.Errorf("%s: role %s verified %v, want %s verified", l.Email, u.Role, u.Verified(), l.Role)
			}
		}
		var outside int64
		db.Model(&models.User{}).Where("dong = ? AND role = ?", models.DongOutside, models.RoleResident).Count(&outside)
		if outside == 0 || sum.Users < 1200 {
			t.Errorf("%d accounts, %d outside the district; want about 1,200 and a few outside", sum.Users, outside)
		}
	})

	t.Run("second run refused, nothing changed", func(t *testing.T) {
		before := demoFingerprint(t, db)
		_, err := demo.Seed(db, now.Add(time.Hour))
		if !errors.Is(err, demo.ErrExists) {
			t.Fatalf("second Seed: %v, want ErrExists", err)
		}
		if after := demoFingerprint(t, db); after != before {
			t.Errorf("second run changed the database:\n%s\n%s", before, after)
		}
	})
}

// TestSeedDemoUnderAnySettings pours the demo into sites whose operators
// chose extreme rules: the story is told in full, with counts that agree
// with each petition's own threshold, and with a bounded number of supports.
func TestSeedDemoUnderAnySettings(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo seven times")
	}
	cases := []struct {
		name   string
		change func(*models.Settings) // of the defaults
		noted  bool                   // the demo's petitions follow other rules than the settings
	}{
		{"threshold of a million", func(s *models.Settings) { s.Threshold = 1_000_000 }, true},
		{"threshold of one", func(s *models.Settings) { s.Threshold = 1 }, true},
		{"no 사전동의", func(s *models.Settings) { s.PreconsentGoal = 0 }, true},
		{"사전동의 goal past the demo's threshold", func(s *models.Settings) {
			s.Threshold, s.PreconsentGoal = 1_000_000, 10_000
		}, true},
		{"a walk with small numbers", func(s *models.Settings) { s.Threshold, s.PreconsentGoal = 3, 2 }, false},
		{"one-day periods, a year to answer", func(s *models.Settings) {
			s.PreconsentDays, s.PetitionDays, s.AnswerDays, s.Threshold = 1, 1, 365, 100
		}, false},
		{"year-long periods, a day to answer", func(s *models.Settings) {
			s.PreconsentDays, s.PetitionDays, s.AnswerDays, s.Threshold = 365, 365, 1, 100
		}, false},
	}
	keys := []string{"petition_threshold", "petition_preconsent", "preconsent_days", "petition_days", "answer_days"}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			settings := models.DefaultSettings
			c.change(&settings)
			db := openDemoDB(t)
			// staff act in office hours: start each case at another hour of the day in Seoul
			now := time.Date(2025, 6, 16, 1+3*i, 30, 0, 0, time.UTC)
			if err := models.SeedSettings(db, settings, keys, now); err != nil {
				t.Fatal(err)
			}
			sum, err := demo.Seed(db, now)
			if err != nil {
				t.Fatal(err)
			}
			if (len(sum.Notes) > 0) != c.noted {
				t.Errorf("notes %q, want some: %v", sum.Notes, c.noted)
			}
			if sum.Supports > 25_000 {
				t.Errorf("%d supports written, want at most 25,000 whatever the threshold", sum.Supports)
			}
			for _, s := range []petitions.Status{petitions.StatusPreconsent, petitions.StatusLapsed, petitions.StatusReview, petitions.StatusOpen,
				petitions.StatusAwaitingAnswer, petitions.StatusAnswered, petitions.StatusExpired, petitions.StatusHidden} {
				if n, err := petitions.CountIn(db, s, now); err != nil || n == 0 {
					t.Errorf("no petition %s (%d, %v)", s.Label(), n, err)
				}
			}
			if rep, err := maintenance.Recount(db, false, now); err != nil || !rep.Clean() {
				t.Errorf("counters differ from their rows: %v %v", rep.Differences, err)
			}
			if wrong := disagreeing(t, db, 1000); len(wrong) > 0 {
				t.Errorf("states that disagree with their counts, or a threshold past the demo's 1,000: %q", wrong)
			}
			if got, err := models.LoadSettings(db); err != nil || got != settings {
				t.Errorf("settings after the demo %+v (%v), want the operator's %+v", got, err, settings)
			}
		})
	}
}

// disagreeing lists the petitions whose state disagrees with their count and
// their own goal or threshold, or that were published under a threshold past most.
func disagreeing(t *testing.T, db *gorm.DB, most int) []string {
	t.Helper()
	var wrong []string
	err := db.Raw(`SELECT title || ' ' || status || ' ' || support_count || '/' || threshold || '/' || preconsent_goal FROM petitions
		WHERE (status IN ('open', 'expired') AND support_count >= threshold)
		OR (status IN ('awaiting_answer', 'answered') AND (support_count < threshold OR threshold_at IS NULL))
		OR (status IN ('preconsent', 'lapsed') AND support_count >= preconsent_goal)
		OR (status = 'review' AND support_count < preconsent_goal)
		OR (opened_at IS NOT NULL AND threshold > ?)`, most).Scan(&wrong).Error
	if err != nil {
		t.Fatal(err)
	}
	return wrong
}

func TestSeedLargeUnderAnySettings(t *testing.T) {
	d := models.DefaultSettings
	keys := []string{"petition_threshold", "petition_preconsent", "preconsent_days"}
	for _, s := range []models.Settings{
		{Threshold: 1, PreconsentGoal: d.PreconsentGoal, PreconsentDays: 1},
		{Threshold: d.Threshold, PreconsentGoal: 0, PreconsentDays: d.PreconsentDays},
	} {
		db := openDemoDB(t)
		now := time.Date(2025, 6, 16, 1, 30, 0, 0, time.UTC)
		if err := models.SeedSettings(db, s, keys, now); err != nil {
			t.Fatal(err)
		}
		sum, err := demo.SeedLarge(db, 300, 3000, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Notes) == 0 {
			t.Errorf("threshold %d, goal %d: no note of the rules the petitions follow", s.Threshold, s.PreconsentGoal)
		}
		if wrong := disagreeing(t, db, math.MaxInt32); len(wrong) > 0 {
			t.Errorf("threshold %d, goal %d: states that disagree with their counts: %q", s.Threshold, s.PreconsentGoal, wrong)
		}
		// a petition stored in 사전동의 is in it now, not lapsed a while ago
		var stale int64
		db.Model(&petitions.Petition{}).Where("status = ? AND preconsent_ends_at <= ?", petitions.StatusPreconsent, now).Count(&stale)
		if stale > 0 {
			t.Errorf("threshold %d, goal %d: %d petitions stored in 사전동의 after its period", s.Threshold, s.PreconsentGoal, stale)
		}
	}
}
