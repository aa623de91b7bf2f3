package deliberations

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/deliberations/opinionmap"
)

// Debounce is the shortest time between two computations of one 공론장's
// map: votes that arrive meanwhile wait for the next one.
const Debounce = 10 * time.Second

// Snapshot is a computed opinion map of a 공론장, with the state the next
// computation starts from.
type Snapshot struct {
	ID             uint
	DeliberationID uint
	VoteSeq        int64 // the 공론장's vote_seq when its votes were read
	VoteCount      int
	MapJSON        string
	StateJSON      string
	DurationMS     int64
	ComputedAt     time.Time
}

// TableName is the snapshots' table.
func (Snapshot) TableName() string { return "deliberation_snapshots" }

// RecomputeDue computes the map of every 공론장 with votes its latest map
// does not hold, unless that map is younger than Debounce, and tells how
// many it computed. It runs in the background (one instance at a time),
// never on a resident's request.
func RecomputeDue(db *gorm.DB, now time.Time) (int, error) {
	now = now.UTC()
	var ids []uint
	err := db.Raw(`SELECT d.id FROM deliberations d
		WHERE d.status <> ? AND d.vote_seq > COALESCE((SELECT MAX(s.vote_seq) FROM deliberation_snapshots s WHERE s.deliberation_id = d.id), 0)
		AND NOT EXISTS (SELECT 1 FROM deliberation_snapshots s WHERE s.deliberation_id = d.id AND s.computed_at > ?)
		ORDER BY d.id`, StatusDraft, now.Add(-Debounce)).Scan(&ids).Error
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := Recompute(db, id, now); err != nil {
			return i, fmt.Errorf("deliberation %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// Recompute computes a 공론장's opinion map from its votes, warm-started
// from the latest snapshot, and stores it as the new snapshot, with each
// statement's priority for the next voter.
func Recompute(db *gorm.DB, id uint, now time.Time) error {
	now = now.UTC()
	started := time.Now()
	// the sequence is read before the votes: a vote that comes in between is
	// in the map and makes the next run due, never the other way round
	var d Deliberation
	if err := db.Select("id", "vote_seq", "vote_count").Take(&d, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return models.ErrNotFound
		}
		return err
	}
	prev, err := latestSnapshot(db, id)
	if err != nil {
		return err
	}
	var state *opinionmap.State
	if prev != nil {
		state = &opinionmap.State{}
		if err := json.Unmarshal([]byte(prev.StateJSON), state); err != nil {
			return fmt.Errorf("state of snapshot %d: %w", prev.ID, err)
		}
	}
	in, err := mathInput(db, id)
	if err != nil {
		return err
	}
	m, next, err := opinionmap.Compute(*in, state)
	if err != nil {
		return err
	}
	return storeSnapshot(db, d, m, next, time.Since(started), now)
}

// mathInput reads what the math needs: the statements shown or removed
// (those waiting for approval are not in it yet) and their votes, by
// participant and statement.
func mathInput(db *gorm.DB, id uint) (*opinionmap.Input, error) {
	var stmts []Statement
	if err := db.Select("id", "status", "is_meta").Where("deliberation_id = ? AND status <> ?", id, StatementPending).
		Order("id").Find(&stmts).Error; err != nil {
		return nil, err
	}
	in := &opinionmap.Input{Statements: make([]opinionmap.Statement, len(stmts))}
	for i, s := range stmts {
		in.Statements[i] = opinionmap.Statement{ID: int64(s.ID), Removed: s.Status == StatementRemoved, Meta: s.IsMeta} // #nosec G115 -- a row id fits int64
	}
	rows, err := db.Raw(`SELECT v.participant_id, v.statement_id, v.value FROM deliberation_votes v
		JOIN deliberation_statements s ON s.id = v.statement_id
		WHERE v.deliberation_id = ? AND s.status <> ? ORDER BY v.participant_id, v.statement_id`, id, StatementPending).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	in.Votes = make([]opinionmap.Vote, 0, 1024)
	for rows.Next() {
		var v opinionmap.Vote
		if err := rows.Scan(&v.Participant, &v.Statement, &v.Value); err != nil {
			return nil, err
		}
		in.Votes = append(in.Votes, v)
	}
	return in, rows.Err()
}

// storeSnapshot stores a computed map as the 공론장's latest, unless a map
// of later votes was stored meanwhile, and sets the statements' priorities.
func storeSnapshot(db *gorm.DB, d Deliberation, m *opinionmap.Map, state *opinionmap.State, took time.Duration, now time.Time) error {
	mapJSON, err := json.Marshal(m)
	if err != nil {
		return err
	}
	stateJSON, err := json.Marshal(state)
	if err != nil {
		return err
	}
	return models.Transact(db, func(tx *gorm.DB) error {
		var newer int64
		if err := tx.Model(&Snapshot{}).Where("deliberation_id = ? AND vote_seq > ?", d.ID, d.VoteSeq).Count(&newer).Error; err != nil || newer > 0 {
			return err
		}
		s := Snapshot{DeliberationID: d.ID, VoteSeq: d.VoteSeq, VoteCount: d.VoteCount, MapJSON: string(mapJSON),
			StateJSON: string(stateJSON), DurationMS: took.Milliseconds(), ComputedAt: now}
		if err := tx.Create(&s).Error; err != nil {
			return err
		}
		// only the latest map is read: the older ones go
		if err := tx.Where("deliberation_id = ? AND id < ?", d.ID, s.ID).Delete(&Snapshot{}).Error; err != nil {
			return err
		}
		priorities := make(map[uint][]any, len(m.Statements))
		for _, r := range m.Statements {
			priorities[uint(r.ID)] = []any{r.Priority} // #nosec G115 -- ids of rows
		}
		return setByID(tx, []column{{"priority", "DOUBLE PRECISION"}}, priorities)
	})
}

// column is a column of deliberation_statements and its SQL type.
type column struct{ name, sqlType string }

// setByID sets columns of many statements, each to its own values, a few
// hundred rows per UPDATE: a recomputation holds the statements' rows for
// moments, not for one statement after another. The values are cast to the
// columns' types (PostgreSQL would take CASE's parameters for text).
func setByID(tx *gorm.DB, columns []column, values map[uint][]any) error {
	ids := make([]uint, 0, len(values))
	for id := range values {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 300)]
		ids = ids[len(chunk):]
		var set []string
		var args []any
		for c, col := range columns {
			cases := make([]string, 0, len(chunk))
			for _, id := range chunk {
				cases = append(cases, "WHEN ? THEN CAST(? AS "+col.sqlType+")")
				args = append(args, id, values[id][c])
			}
			set = append(set, col.name+" = CASE id "+strings.Join(cases, " ")+" END")
		}
		args = append(args, chunk)
		if err := tx.Exec("UPDATE deliberation_statements SET "+strings.Join(set, ", ")+" WHERE id IN ?", args...).Error; err != nil {
			return err
		}
	}
	return nil
}

// latestMap is the 공론장's latest snapshot and its map, nil when none.
func latestMap(db *gorm.DB, id uint) (*Snapshot, *opinionmap.Map, error) {
	snap, err := latestSnapshot(db, id)
	if err != nil || snap == nil {
		return nil, nil, err
	}
	var m opinionmap.Map
	if err := json.Unmarshal([]byte(snap.MapJSON), &m); err != nil {
		return nil, nil, fmt.Errorf("map of snapshot %d: %w", snap.ID, err)
	}
	return snap, &m, nil
}

// latestSnapshot is the 공론장's latest snapshot, nil when none.
func latestSnapshot(db *gorm.DB, id uint) (*Snapshot, error) {
	var s []Snapshot
	if err := db.Where("deliberation_id = ?", id).Order("id DESC").Limit(1).Find(&s).Error; err != nil || len(s) == 0 {
		return nil, err
	}
	return &s[0], nil
}
