package models

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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

// Recount compares every counter with a COUNT of the rows it stands for:
// petitions.support_count with supports, meetings.booked_count and
// waitlist_count with bookings by status. With repair it sets the
// differing counters to the counts in one transaction and audit-logs each
// fix as the system (actor 0); without, it only reads.
func Recount(db *gorm.DB, repair bool, now time.Time) (RecountReport, error) {
	now = now.UTC()
	if !repair {
		diffs, err := counterDifferences(db)
		return RecountReport{Differences: diffs}, err
	}
	var rep RecountReport
	err := db.Transaction(func(tx *gorm.DB) error {
		diffs, err := counterDifferences(tx)
		if err != nil {
			return err
		}
		rep.Differences = diffs
		for _, d := range diffs {
			// the count is taken again in the UPDATE, so the fix is exact even if rows moved since
			res := tx.Table(d.Table).Where("id = ?", d.ID).UpdateColumn(d.Field, countExpr(d.Field))
			if res.Error != nil {
				return res.Error
			}
			target := map[string]string{"petitions": "petition", "meetings": "meeting"}[d.Table]
			if err := Audit(tx, 0, AuditRecount, target, d.ID, map[string]int64{d.Field: d.Stored},
				map[string]int64{d.Field: d.Counted}, now); err != nil {
				return err
			}
		}
		rep.Repaired = len(diffs) > 0
		return nil
	})
	if err != nil {
		return RecountReport{}, err
	}
	return rep, nil
}

// countExpr counts, in SQL, the rows behind one counter of the row being updated.
func countExpr(field string) any {
	switch field {
	case "booked_count":
		return gorm.Expr("(SELECT COUNT(*) FROM bookings WHERE bookings.meeting_id = meetings.id AND bookings.status = ?)", BookingBooked)
	case "waitlist_count":
		return gorm.Expr("(SELECT COUNT(*) FROM bookings WHERE bookings.meeting_id = meetings.id AND bookings.status = ?)", BookingWaiting)
	}
	return gorm.Expr("(SELECT COUNT(*) FROM supports WHERE supports.petition_id = petitions.id)")
}

// counterDifferences lists every counter that differs from its rows, by table and id.
func counterDifferences(db *gorm.DB) ([]Difference, error) {
	var out []Difference
	var petitions []struct {
		ID              uint
		Stored, Counted int64
	}
	err := db.Raw(`SELECT id, stored, counted FROM (
		SELECT p.id, p.support_count AS stored,
			(SELECT COUNT(*) FROM supports s WHERE s.petition_id = p.id) AS counted
		FROM petitions p) c
		WHERE stored <> counted ORDER BY id`).Scan(&petitions).Error
	if err != nil {
		return nil, fmt.Errorf("recount supports: %w", err)
	}
	for _, p := range petitions {
		out = append(out, Difference{"petitions", p.ID, "support_count", p.Stored, p.Counted})
	}
	var meetings []struct {
		ID                     uint
		Booked, BookedRows     int64
		Waitlist, WaitlistRows int64
	}
	err = db.Raw(`SELECT id, booked, booked_rows, waitlist, waitlist_rows FROM (
		SELECT m.id, m.booked_count AS booked, m.waitlist_count AS waitlist,
			(SELECT COUNT(*) FROM bookings b WHERE b.meeting_id = m.id AND b.status = ?) AS booked_rows,
			(SELECT COUNT(*) FROM bookings b WHERE b.meeting_id = m.id AND b.status = ?) AS waitlist_rows
		FROM meetings m) c
		WHERE booked <> booked_rows OR waitlist <> waitlist_rows ORDER BY id`,
		BookingBooked, BookingWaiting).Scan(&meetings).Error
	if err != nil {
		return nil, fmt.Errorf("recount bookings: %w", err)
	}
	for _, m := range meetings {
		if m.Booked != m.BookedRows {
			out = append(out, Difference{"meetings", m.ID, "booked_count", m.Booked, m.BookedRows})
		}
		if m.Waitlist != m.WaitlistRows {
			out = append(out, Difference{"meetings", m.ID, "waitlist_count", m.Waitlist, m.WaitlistRows})
		}
	}
	return out, nil
}
