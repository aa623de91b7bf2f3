package deliberations

import (
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// Value is a vote, in Polis' signs.
type Value int8

// Votes.
const (
	Agree    Value = 1  // 동의
	Disagree Value = -1 // 비동의
	Pass     Value = 0  // 모르겠음
)

var valueLabels = map[Value]string{ // #nosec G101 -- the names of the votes, no credential
	Agree: "동의", Disagree: "비동의", Pass: "모르겠음"}

// Label is the Korean name of a vote.
func (v Value) Label() string { return valueLabels[v] }

// Valid reports whether v is one of the three votes.
func (v Value) Valid() bool { return v >= Disagree && v <= Agree }

// counter is the statement's column that counts votes of value v.
func (v Value) counter() string {
	switch v {
	case Agree:
		return "agree_count"
	case Disagree:
		return "disagree_count"
	}
	return "pass_count"
}

// VoteRecord is a participant's latest vote on a statement.
type VoteRecord struct {
	StatementID    uint
	ParticipantID  uint
	DeliberationID uint
	Value          Value
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TableName is the votes' table.
func (VoteRecord) TableName() string { return "deliberation_votes" }

// Participant is someone who voted or wrote in a 공론장.
type Participant struct {
	ID             uint
	DeliberationID uint
	UserID         *uint // nil for an imported participant or a deleted account
	ExportID       int64 // the id in exports
	Dong           string
	JoinedAt       time.Time
}

// TableName is the participants' table.
func (Participant) TableName() string { return "deliberation_participants" }

// VoteInput is a vote as a resident casts it.
type VoteInput struct {
	StatementID uint
	UserID      uint
	Value       Value
}

// VoteResult tells what a vote changed.
type VoteResult struct {
	DeliberationID uint
	// First is the participant's first vote on the statement; Changed a
	// vote that replaced another value. A vote equal to the last one
	// changes nothing.
	First, Changed bool
}

// Vote records a verified resident's vote on a shown statement of an open
// 공론장, or changes the vote they cast before, in one transaction: the
// vote row (one per participant and statement, whatever races: one INSERT
// … ON CONFLICT DO UPDATE on the primary key) and the counters it moves.
// A participant's votes take turns on their participant row, so the counters
// move from the value each vote replaced.
func Vote(db *gorm.DB, in VoteInput, now time.Time) (*VoteResult, error) {
	now = now.UTC()
	if !in.Value.Valid() {
		return nil, models.Errors{"value": "동의, 비동의, 모르겠음 가운데 하나를 골라 주세요."}
	}
	var out VoteResult
	err := models.Transact(db, func(tx *gorm.DB) error {
		out = VoteResult{}
		var d Deliberation
		var status StatementStatus
		err := models.QueryRow(tx, []any{&d.ID, &d.Status, &d.OpensAt, &d.ClosesAt, &status},
			`SELECT d.id, d.status, d.opens_at, d.closes_at, s.status FROM deliberation_statements s
			JOIN deliberations d ON d.id = s.deliberation_id WHERE s.id = ?`, in.StatementID)
		if errors.Is(err, sql.ErrNoRows) {
			return models.ErrNotFound
		}
		if err != nil {
			return err
		}
		out.DeliberationID = d.ID
		if !d.Accepts(now) {
			return ErrNotOpen
		}
		if status != StatementShown {
			return ErrStatementHidden
		}
		p, err := joinParticipant(tx, d.ID, in.UserID, now)
		if err != nil {
			return err
		}
		var old Value
		err = models.QueryRow(tx, []any{&old}, "SELECT value FROM deliberation_votes WHERE deliberation_id = ? AND participant_id = ? AND statement_id = ?",
			d.ID, p.id, in.StatementID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			out.First = true
		case err != nil:
			return err
		case old == in.Value:
			return nil
		default:
			out.Changed = true
		}
		err = tx.Exec(`INSERT INTO deliberation_votes (deliberation_id, participant_id, statement_id, value, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (deliberation_id, participant_id, statement_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			d.ID, p.id, in.StatementID, int(in.Value), now, now).Error
		if err != nil {
			return err
		}
		newCounter := in.Value.counter()
		counters := newCounter + " = " + newCounter + " + 1"
		if out.Changed {
			counters += ", " + old.counter() + " = " + old.counter() + " - 1"
		}
		if err := tx.Exec("UPDATE deliberation_statements SET "+counters+" WHERE id = ?", in.StatementID).Error; err != nil {
			return err
		}
		added := 0
		if out.First {
			added = 1
		}
		return tx.Exec(`UPDATE deliberations SET vote_count = vote_count + ?, participant_count = participant_count + ?,
			vote_seq = vote_seq + 1 WHERE id = ?`, added, p.joined, d.ID).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// joined is an account's participant row in one 공론장.
type joined struct {
	id     uint
	joined int // 1 when this transaction made the row
}

// joinParticipant returns the account's participant row in the 공론장,
// making it on its first vote or statement, and locks it (on PostgreSQL)
// until the transaction ends, so one participant's votes take turns. Only
// verified accounts take part.
func joinParticipant(tx *gorm.DB, deliberationID, userID uint, now time.Time) (joined, error) {
	lock := ""
	if tx.Dialector.Name() == "postgres" {
		lock = " FOR UPDATE"
	}
	find := func() (joined, error) {
		var p joined
		err := models.QueryRow(tx, []any{&p.id}, "SELECT id FROM deliberation_participants WHERE deliberation_id = ? AND user_id = ?"+lock,
			deliberationID, userID)
		return p, err
	}
	p, err := find()
	if !errors.Is(err, sql.ErrNoRows) {
		return p, err
	}
	for range 3 {
		id, written, err := models.InsertRow(tx, `INSERT INTO deliberation_participants (deliberation_id, user_id, export_id, dong, joined_at)
			SELECT ?, id, ?, dong, ? FROM users WHERE id = ? AND verified_at IS NOT NULL AND deactivated_at IS NULL
			ON CONFLICT DO NOTHING`, deliberationID, randomExportID(), now, userID)
		if err != nil {
			return p, err
		}
		if written {
			return joined{id: id, joined: 1}, nil
		}
		// another request of the same account made the row first, or the account may not take part
		if p, err = find(); !errors.Is(err, sql.ErrNoRows) {
			return p, err
		}
		var verified bool
		err = models.QueryRow(tx, []any{&verified}, "SELECT verified_at IS NOT NULL AND deactivated_at IS NULL FROM users WHERE id = ?", userID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return p, models.ErrNotFound
		case err != nil:
			return p, err
		case !verified:
			return p, models.ErrNotVerified
		}
		// else the random export id was taken: draw again
	}
	return p, errExportIDConflict
}

// randomExportID is a participant's id in exports: random, so it tells
// nothing about the account or the order people joined in; below 2⁴⁰, so
// spreadsheets and JavaScript keep it exact.
func randomExportID() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:]) >> 24) // #nosec G115 -- 40 bits fit
}
