package main

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// Petitions written before the search index existed are indexed when a
// command opens the database, as when the server does: here ydp1 migrate.
func TestMigrateIndexesOlderPetitions(t *testing.T) {
	dsn := testdb.DSN(t, "older.db")
	db, err := models.Open(dsn) // without the backfill, as an older release left the database
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	now := time.Now().UTC()
	modeltest.UnindexedPetition(t, db, "어린이집 통학로", now)
	if _, n, _ := petitions.ListPetitions(db, petitions.Query{Q: "어린이집"}, now); n != 0 {
		t.Fatalf("found %d before the backfill", n)
	}

	var out strings.Builder
	if err := run([]string{"migrate", "--db", dsn}, &out, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	if _, n, err := petitions.ListPetitions(db, petitions.Query{Q: "어린이집"}, now); err != nil || n != 1 {
		t.Errorf("search after ydp1 migrate finds %d (%v), want the older petition", n, err)
	}
	var pending int64
	if err := db.Raw("SELECT COUNT(*) FROM petition_terms_pending").Scan(&pending).Error; err != nil || pending != 0 {
		t.Errorf("%d petitions still wait for the index (%v)", pending, err)
	}
}
