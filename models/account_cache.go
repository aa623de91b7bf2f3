package models

import (
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// accountFresh is how long an account read for a session is used again
// without reading it: the longest a change made outside this process (a
// command, another instance on PostgreSQL) takes to reach its requests.
// A change made through this process's database handle ends it at once.
const accountFresh = time.Second

// maxKept bounds the accounts kept: past it they are all let go (a second's
// worth of active residents is far fewer).
const maxKept = 4096

// accounts keeps the accounts that sessions have just read, so a resident's
// run of requests reads their row once a second instead of once a request.
// Any statement of this handle that writes the users table, or mentions it
// in raw SQL, forgets every kept account.
type accounts struct {
	fresh time.Duration
	mu    sync.Mutex
	gen   uint64 // moves on each forgetting; an account read before it is not kept
	kept  map[uint]keptAccount
}

type keptAccount struct {
	user User
	gen  uint64
	read time.Time
}

func (*accounts) Name() string { return "ydp1:accounts" }

func (a *accounts) Initialize(db *gorm.DB) error {
	a.kept = map[uint]keptAccount{}
	forget := func(tx *gorm.DB) {
		if tx.Statement.Table == "users" || strings.Contains(strings.ToLower(tx.Statement.SQL.String()), "users") {
			a.forget()
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

func (a *accounts) forget() {
	a.mu.Lock()
	a.gen++
	clear(a.kept)
	a.mu.Unlock()
}

// SessionUser is the account behind a session: FindUser, read again at most
// once every accountFresh while nothing changes accounts. The caller gets a
// copy of its own.
func SessionUser(db *gorm.DB, id uint) (*User, error) {
	a, ok := db.Config.Plugins[(*accounts)(nil).Name()].(*accounts)
	if !ok {
		return FindUser(db, id)
	}
	now := time.Now()
	a.mu.Lock()
	k, found := a.kept[id]
	gen := a.gen
	a.mu.Unlock()
	if found && k.gen == gen && now.Sub(k.read) < a.fresh {
		u := k.user
		return &u, nil
	}
	u, err := FindUser(db, id)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.gen == gen { // nothing was written to accounts while it was read
		if len(a.kept) >= maxKept {
			clear(a.kept)
		}
		a.kept[id] = keptAccount{user: *u, gen: gen, read: now}
	}
	a.mu.Unlock()
	return u, nil
}
