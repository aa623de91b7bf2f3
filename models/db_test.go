package models_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"ydp1/internal/testdb"
	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestOpenTwiceIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "folder", "ydp.db")
	again := "sqlite://" + path
	if testdb.Postgres() {
		path = testdb.DSN(t, "ydp.db")
		again = path
	}
	db, err := models.Open(path)
	modeltest.WantErr(t, err, nil)
	u := modeltest.MkUser(t, db)
	models.Close(db)

	db, err = models.Open(again)
	modeltest.WantErr(t, err, nil)
	defer models.Close(db)
	var versions []int
	modeltest.WantErr(t, db.Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&versions).Error, nil)
	if len(versions) != models.SchemaVersion() || versions[len(versions)-1] != models.SchemaVersion() {
		t.Errorf("schema_migrations = %v, want 1..%d once each", versions, models.SchemaVersion())
	}
	if _, err := models.FindUser(db, u.ID); err != nil {
		t.Errorf("data did not survive reopening: %v", err)
	}
	modeltest.WantErr(t, models.Migrate(db), nil)
	modeltest.WantErr(t, models.Ping(db), nil)
}

// Instances starting together on one new PostgreSQL database migrate one
// after the other instead of failing on each other's tables.
func TestOpenTogether(t *testing.T) {
	dsn := testdb.DSN(t, "ydp.db")
	if !testdb.Postgres() {
		// SQLite serves one instance: opening it after another has migrated is all there is
		db, err := models.Open(dsn)
		modeltest.WantErr(t, err, nil)
		models.Close(db)
	}
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			db, err := models.Open(dsn)
			if err == nil {
				models.Close(db)
			}
			errs <- err
		}()
	}
	for range 3 {
		modeltest.WantErr(t, <-errs, nil)
	}
}

func TestDatabaseSetup(t *testing.T) {
	db := modeltest.NewDB(t)
	// Foreign keys are enforced.
	err := db.Create(&petitions.Support{PetitionID: 999, UserID: modeltest.Ptr(uint(999)), Dong: "문래동", CreatedAt: modeltest.T0}).Error
	if !errors.Is(err, gorm.ErrForeignKeyViolated) {
		t.Errorf("a support of no petition: %v, want a foreign key violation", err)
	}
	if db.Dialector.Name() == "postgres" {
		// timestamps come back in UTC, as from SQLite, whatever the server's zone
		var at time.Time
		modeltest.WantErr(t, db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("SET LOCAL TIME ZONE 'Asia/Seoul'").Error; err != nil {
				return err
			}
			return tx.Raw("SELECT CAST(? AS TIMESTAMPTZ)", modeltest.T0).Scan(&at).Error
		}), nil)
		if !at.Equal(modeltest.T0) || at.Location() != time.UTC {
			t.Errorf("time read back = %v, want %v in UTC", at, modeltest.T0)
		}
		return
	}
	writer := db.Clauses(dbresolver.Write)
	pragmas := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1"}
	for name, want := range pragmas {
		var got string
		modeltest.WantErr(t, writer.Raw("PRAGMA "+name).Scan(&got).Error, nil)
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", name, got, want)
		}
	}

	// The reader pool cannot write.
	err = db.Clauses(dbresolver.Read).Exec("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', ?)", modeltest.T0).Error
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("a write through the reader pool: %v, want a read-only error", err)
	}
}

func TestSplitSQL(t *testing.T) {
	got := models.SplitSQL("CREATE TABLE a (x INT);\n-- a comment; with a semicolon\n  -- indented comment\nCREATE INDEX i ON a (x);\n\n")
	want := []string{"CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitSQL = %q, want %q", got, want)
	}
}
