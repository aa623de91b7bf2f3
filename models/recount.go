package models

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// ErrBackupPostgres says how to back up PostgreSQL, which has its own
// consistent copy.
var ErrBackupPostgres = errors.New(`backup copies a SQLite database only; for PostgreSQL use pg_dump, e.g. pg_dump -Fc -f FILE "$DATABASE_URL" (PostgreSQL은 pg_dump로 백업하세요)`)

// Backup writes a consistent copy of the SQLite database to path while the
// site keeps serving: VACUUM INTO reads one snapshot, so writes made during
// the copy are either wholly in it or not at all.
func Backup(db *gorm.DB, path string) error {
	if db.Dialector.Name() == "postgres" {
		return ErrBackupPostgres
	}
	if name := db.Dialector.Name(); name != "sqlite" {
		return fmt.Errorf("backup supports SQLite only, not %s: use the database's own tools", name)
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if err := db.Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Checkpoint moves every page of SQLite's write-ahead log into the database
// file and empties the log, so the file alone holds the whole database and a
// plain copy of it is complete. PostgreSQL has nothing to move.
func Checkpoint(db *gorm.DB) error {
	if db.Dialector.Name() != "sqlite" {
		return nil
	}
	var busy, logged, moved int
	// on the writer: a reader connection is query_only
	err := db.Clauses(dbresolver.Write).Raw("PRAGMA wal_checkpoint(TRUNCATE)").Row().Scan(&busy, &logged, &moved)
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("checkpoint: the database is in use, so part of its log stays beside the file")
	}
	return nil
}

// Difference is one stored counter that disagrees with the rows it counts.
type Difference struct {
	Table   string // "petitions" or "meetings"
	ID      uint
	Field   string // support_count, booked_count or waitlist_count
	Stored  int64
	Counted int64
}

func (d Difference) String() string {
	return fmt.Sprintf("%s %d %s: stored %d, counted %d", d.Table, d.ID, d.Field, d.Stored, d.Counted)
}

// RecountReport is the outcome of Recount (Report is a resident's 신고).
type RecountReport struct {
	Differences []Difference
	Repaired    bool // the differences were fixed
}

// Clean reports whether every counter matched its rows.
func (r RecountReport) Clean() bool { return len(r.Differences) == 0 }

// Counters are one capability's stored counters, as Recount checks them.
type Counters struct {
	// Differences lists every counter that differs from the rows it counts.
	Differences func(db *gorm.DB) ([]Difference, error)
	// Count is the SQL that counts the rows behind field, for the row being updated.
	Count func(field string) any
}

// Recount compares every counter of each capability with a COUNT
// of the rows it stands for. With repair it sets the differing counters to
// the counts in one transaction and audit-logs each fix as the system
// (actor 0); without, it only reads.
func Recount(db *gorm.DB, repair bool, now time.Time, capabilities ...Counters) (RecountReport, error) {
	now = now.UTC()
	if !repair {
		var diffs []Difference
		for _, c := range capabilities {
			ds, err := c.Differences(db)
			if err != nil {
				return RecountReport{}, err
			}
			diffs = append(diffs, ds...)
		}
		return RecountReport{Differences: diffs}, nil
	}
	var rep RecountReport
	err := db.Transaction(func(tx *gorm.DB) error {
		for _, c := range capabilities {
			diffs, err := c.Differences(tx)
			if err != nil {
				return err
			}
			rep.Differences = append(rep.Differences, diffs...)
			for _, d := range diffs {
				// the count is taken again in the UPDATE, so the fix is exact even if rows moved since
				res := tx.Table(d.Table).Where("id = ?", d.ID).UpdateColumn(d.Field, c.Count(d.Field))
				if res.Error != nil {
					return res.Error
				}
				target := strings.TrimSuffix(d.Table, "s") // the audit log names a row's type in the singular
				if err := Audit(tx, 0, AuditRecount, target, d.ID, map[string]int64{d.Field: d.Stored},
					map[string]int64{d.Field: d.Counted}, now); err != nil {
					return err
				}
			}
		}
		rep.Repaired = len(rep.Differences) > 0
		return nil
	})
	if err != nil {
		return RecountReport{}, err
	}
	return rep, nil
}
