package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Difference is one stored counter that disagrees with the rows it counts.
type Difference struct {
	Table   string // "petitions", "meetings", "deliberations" …
	ID      uint
	Field   string // support_count, booked_count …
	Stored  int64
	Counted int64
}

// Count is one counter of a row: its field, the value stored, and the rows counted.
type Count struct {
	Field           string
	Stored, Counted int64
}

// Differences lists the counters of one row whose stored value differs from
// its rows.
func Differences(table string, id uint, counts ...Count) []Difference {
	var out []Difference
	for _, c := range counts {
		if c.Stored != c.Counted {
			out = append(out, Difference{Table: table, ID: id, Field: c.Field, Stored: c.Stored, Counted: c.Counted})
		}
	}
	return out
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
