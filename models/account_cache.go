package models

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/internal/keep"
)

// accountFresh is how long an account read for a session is used again
// without reading it: the longest a change made outside this process (a
// command, another instance on PostgreSQL) takes to reach its requests.
// A change made through this process's database handle ends it at once,
// with one exception bounded by the same second: the handle forgets when
// the statement runs, so a request that reads the account between that
// statement and its transaction's commit still sees, and keeps, the row as
// it was (GORM offers no hook on commit).
const accountFresh = time.Second

// accounts keeps the accounts that sessions have just read, so a resident's
// run of requests reads their row once a second instead of once a request.
// Any statement of this handle that writes the users table, or mentions it
// in raw SQL, forgets every kept account. Past 4,096 (far more than a
// second's worth of active residents) all are let go.
type accounts struct {
	keep.Map[uint, User]
}

func newAccounts() *accounts {
	return &accounts{keep.Map[uint, User]{TTL: accountFresh, Max: 4096}}
}

func (*accounts) Name() string { return "ydp1:accounts" }

func (a *accounts) Initialize(db *gorm.DB) error {
	forget := func(tx *gorm.DB) {
		if tx.Statement.Table == "users" || strings.Contains(strings.ToLower(tx.Statement.SQL.String()), "users") {
			a.Forget()
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register("ydp1:accounts", forget),
		cb.Update().After("gorm:update").Register("ydp1:accounts", forget),
		cb.Delete().After("gorm:delete").Register("ydp1:accounts", forget),
		cb.Raw().After("gorm:raw").Register("ydp1:accounts", forget),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// SessionUser is the account behind a session: FindUser, read again at most
// once every accountFresh while nothing changes accounts. The caller gets a
// copy of its own.
func SessionUser(db *gorm.DB, id uint) (*User, error) {
	a, ok := db.Config.Plugins[(*accounts)(nil).Name()].(*accounts)
	if !ok {
		return FindUser(db, id)
	}
	u, err := a.Get(id, func() (User, error) {
		u, err := FindUser(db, id)
		if err != nil {
			return User{}, err
		}
		return *u, nil
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}
