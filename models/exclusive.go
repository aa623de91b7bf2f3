package models

import (
	"errors"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
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

// ForUpdate makes a SELECT lock the rows it reads until the transaction ends,
// on PostgreSQL (SQLite's write transactions are serial already). A
// transaction that changes a meeting's bookings locks the meeting first, so
// two of them on one meeting take turns instead of acting on what the other
// is changing, and never wait on each other in opposite orders.
func ForUpdate(q *gorm.DB) *gorm.DB {
	return q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
}

// Transact runs fn in a transaction and runs it again, up to three times in
// all, when PostgreSQL ended it to break a deadlock or a serialization
// conflict: nothing of the failed attempt remains, and the next one reads
// afresh. fn must not keep anything outside the database between attempts.
func Transact(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	for attempt := 1; ; attempt++ {
		err := db.Transaction(fn)
		if attempt == 3 || !retryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt*attempt) * 10 * time.Millisecond)
	}
}

// retryable tells a transaction the database gave up to let another finish
// (deadlock_detected, serialization_failure) from a real failure.
func retryable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "40P01" || pg.Code == "40001")
}
