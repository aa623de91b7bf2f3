package models

import (
	"hash/fnv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Several app instances may share one PostgreSQL database, and each runs the
// background jobs. The helpers here keep two of them from doing the same
// work at once. SQLite serves one instance, and its single writer connection
// serialises the work already.

// skipLocked makes a SELECT lock the rows it returns, skipping rows another
// transaction holds, on PostgreSQL; elsewhere it leaves the query as it is.
func skipLocked(q *gorm.DB) *gorm.DB {
	if q.Dialector.Name() != "postgres" {
		return q
	}
	return q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked})
}

// Exclusive runs fn unless another instance is running the job called name
// right now, and reports whether it ran. On PostgreSQL a session advisory lock,
// held on one connection for the length of fn, marks the job as running; the
// lock goes away with the connection if the instance dies.
func Exclusive(db *gorm.DB, name string, fn func() error) (bool, error) {
	if db.Dialector.Name() != "postgres" {
		return true, fn()
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("ydp1 job " + name))
	key := int64(h.Sum64()) // #nosec G115 -- wrapping is intended: any 64 bits make an advisory-lock key
	ran := false
	err := db.Connection(func(conn *gorm.DB) error {
		var got bool
		if err := conn.Raw("SELECT pg_try_advisory_lock(?)", key).Scan(&got).Error; err != nil || !got {
			return err
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", key)
		ran = true
		return fn()
	})
	return ran, err
}
