package models_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/testdb"
	"ydp1/models"
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

// demoFingerprint sums up everything SeedDemo writes, to prove a refused
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
	sum, err := models.SeedDemo(db, now)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded %d users, %d supports (%d with a comment) in %s", sum.Users, sum.Supports, sum.Comments,
		time.Since(start).Round(time.Millisecond))

	t.Run("every state, as planned", func(t *testing.T) {
		want := map[models.Status]int{
			models.StatusPreconsent: 2, models.StatusLapsed: 1, models.StatusReview: 2, models.StatusOpen: 6,
			models.StatusAwaitingAnswer: 3, models.StatusAnswered: 3, models.StatusExpired: 2, models.StatusHidden: 1,
		}
		for s, n := range want {
			if sum.Petitions[s] != n {
				t.Errorf("summary: %d petitions %s, want %d", sum.Petitions[s], s, n)
			}
			var stored int64
			db.Model(&models.Petition{}).Where("status = ?", s).Count(&stored)
			got, err := models.CountIn(db, s, now)
			if err != nil {
				t.Fatal(err)
			}
			if stored != int64(n) || got != int64(n) {
				t.Errorf("%s: %d stored, %d at now, want %d", s, stored, got, n)
			}
		}
		var categories int64
		db.Model(&models.Petition{}).Distinct("category").Count(&categories)
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
		db.Model(&models.Support{}).Count(&total)
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
		ps, err := models.PetitionsIn(db, models.StatusAnswered, now, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			full, err := models.FindPetition(db, p.ID, now)
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
		}
	})

	t.Run("open petitions tell a story", func(t *testing.T) {
		ps, err := models.PetitionsIn(db, models.StatusOpen, now, 10)
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
		_, err := models.SeedDemo(db, now.Add(time.Hour))
		if !errors.Is(err, models.ErrDemoExists) {
			t.Fatalf("second SeedDemo: %v, want ErrDemoExists", err)
		}
		if after := demoFingerprint(t, db); after != before {
			t.Errorf("second run changed the database:\n%s\n%s", before, after)
		}
	})
}
