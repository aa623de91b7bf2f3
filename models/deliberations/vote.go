package deliberations

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/groupcommit"
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
	Agree: "deliberations.vote.agree", Disagree: "deliberations.vote.disagree", Pass: "deliberations.vote.pass"}

// Label is the message id of a vote's name.
func (v Value) Label() string { return valueLabels[v] }

// Valid reports whether v is one of the three votes.
func (v Value) Valid() bool { return v >= Disagree && v <= Agree }

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
	// DeliberationID, when set, is the 공론장 the resident votes in: a
	// statement of another one is not found.
	DeliberationID uint
	StatementID    uint
	UserID         uint
	Value          Value
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
// vote row (one per participant and statement, whatever races: the primary
// key decides) and the counters it moves. Under load the site sends votes
// through a VoteWriter instead, which gives the same outcome per request.
func Vote(db *gorm.DB, in VoteInput, now time.Time) (*VoteResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	req := &voteRequest{in: in, now: now.UTC()}
	err := models.Transact(db, func(tx *gorm.DB) error {
		if err := commitVotes(tx, []*voteRequest{req}); err != nil {
			return err
		}
		return req.err
	})
	if err != nil {
		return nil, err
	}
	return req.result, nil
}

// VoteWriter records votes by group commit (package groupcommit), each
// request answered with the outcome a transaction of its own would give.
type VoteWriter struct {
	w *groupcommit.Writer[*voteRequest]
}

// NewVoteWriter starts a writer; Close stops it.
func NewVoteWriter(db *gorm.DB) *VoteWriter {
	return &VoteWriter{groupcommit.New(db, commitVotes, voteOrder)}
}

// voteOrder puts a batch in the order of accounts, then statements.
func voteOrder(a, b *voteRequest) int {
	return cmp.Or(cmp.Compare(a.in.UserID, b.in.UserID), cmp.Compare(a.in.StatementID, b.in.StatementID))
}

// Vote records one vote and returns once it is committed or refused.
func (w *VoteWriter) Vote(ctx context.Context, in VoteInput, now time.Time) (*VoteResult, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	req := &voteRequest{in: in, now: now.UTC()}
	if err := w.w.Do(ctx, req); err != nil {
		return nil, err
	}
	return req.result, req.err
}

// Close writes what is queued and stops the writer.
func (w *VoteWriter) Close() { w.w.Close() }

// Stats reports the commits so far.
func (w *VoteWriter) Stats() groupcommit.Stats { return w.w.Stats() }

func (in VoteInput) validate() error {
	if !in.Value.Valid() {
		return models.Errors{"value": "deliberations.error.vote_value"}
	}
	return nil
}

// voteRequest is one vote on its way through a transaction, with its outcome.
type voteRequest struct {
	in     VoteInput
	now    time.Time
	result *VoteResult
	err    error
}

// commitVotes records a batch of votes inside tx, in their order, each with
// the outcome it would have had in a transaction of its own. Each statement
// and participant is read once per batch, and the counters move once per
// statement and 공론장 at the end, statements and 공론장 in id order (with
// the writer's order by account, the row locks of two instances' batches
// on PostgreSQL are taken in one order). A refusal writes nothing, so the
// next vote goes on; an error means tx must be rolled back. It runs for
// every vote, so it speaks plain SQL through prepared statements.
func commitVotes(tx *gorm.DB, batch []*voteRequest) error {
	b := voteBatch{tx: tx, statements: map[uint]*statementTally{}, participants: map[[2]uint]participantOutcome{},
		votes: map[[2]uint]Value{}, deliberations: map[uint]*deliberationTally{}}
	for _, req := range batch {
		req.result, req.err = nil, nil
		if err := b.add(req); err != nil {
			return err
		}
	}
	return b.flush()
}

// voteBatch is what a batch read and what it moves.
type voteBatch struct {
	tx            *gorm.DB
	statements    map[uint]*statementTally
	participants  map[[2]uint]participantOutcome // by 공론장 and account
	votes         map[[2]uint]Value              // by statement and participant: the value the batch wrote
	deliberations map[uint]*deliberationTally
}

// statementTally is a statement as the rules read it, and its counters' moves.
type statementTally struct {
	d      Deliberation
	status StatementStatus
	found  bool
	moves  [3]int // by Value+1
}

type participantOutcome struct {
	p   joined
	err error // a refusal: the account may not take part
}

type deliberationTally struct {
	votes, participants, seq int
}

func (b *voteBatch) statement(id uint) (*statementTally, error) {
	if st, ok := b.statements[id]; ok {
		return st, nil
	}
	st := &statementTally{found: true}
	err := models.QueryRow(b.tx, []any{&st.d.ID, &st.d.Status, &st.d.OpensAt, &st.d.ClosesAt, &st.status},
		`SELECT d.id, d.status, d.opens_at, d.closes_at, s.status FROM deliberation_statements s
		JOIN deliberations d ON d.id = s.deliberation_id WHERE s.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		st.found = false
	} else if err != nil {
		return nil, err
	}
	b.statements[id] = st
	return st, nil
}

func (b *voteBatch) participant(deliberationID, userID uint, now time.Time) (participantOutcome, error) {
	key := [2]uint{deliberationID, userID}
	if o, ok := b.participants[key]; ok {
		return o, nil
	}
	p, err := joinParticipant(b.tx, deliberationID, userID, now)
	if errors.Is(err, models.ErrNotFound) || errors.Is(err, models.ErrNotVerified) {
		o := participantOutcome{err: err}
		b.participants[key] = o
		return o, nil
	}
	if err != nil {
		return participantOutcome{}, err
	}
	o := participantOutcome{p: p}
	b.participants[key] = o
	if p.joined == 1 {
		b.tally(deliberationID).participants++
		o.p.joined = 0 // counted once
		b.participants[key] = o
	}
	return o, nil
}

func (b *voteBatch) tally(deliberationID uint) *deliberationTally {
	t, ok := b.deliberations[deliberationID]
	if !ok {
		t = &deliberationTally{}
		b.deliberations[deliberationID] = t
	}
	return t
}

// add writes one vote, or refuses it by the rules.
func (b *voteBatch) add(req *voteRequest) error {
	in, now := req.in, req.now
	st, err := b.statement(in.StatementID)
	if err != nil {
		return err
	}
	switch {
	case !st.found, in.DeliberationID != 0 && in.DeliberationID != st.d.ID:
		req.err = models.ErrNotFound
		return nil
	case !st.d.Accepts(now):
		req.err = ErrNotOpen
		return nil
	case st.status != StatementShown:
		req.err = ErrStatementHidden
		return nil
	}
	o, err := b.participant(st.d.ID, in.UserID, now)
	if err != nil || o.err != nil {
		req.err = o.err
		return err
	}
	out := &VoteResult{DeliberationID: st.d.ID}
	req.result = out
	key := [2]uint{in.StatementID, o.p.id}
	old, seen := b.votes[key]
	if !seen {
		// a first vote is one statement; only a vote already there is read
		n, err := models.Exec(b.tx, `INSERT INTO deliberation_votes (deliberation_id, participant_id, statement_id, value, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (deliberation_id, participant_id, statement_id) DO NOTHING`,
			st.d.ID, o.p.id, in.StatementID, int(in.Value), now, now)
		if err != nil {
			return err
		}
		if n == 1 {
			out.First = true
			b.votes[key] = in.Value
			st.moves[in.Value+1]++
			t := b.tally(st.d.ID)
			t.votes++
			t.seq++
			return nil
		}
		if err := models.QueryRow(b.tx, []any{&old}, "SELECT value FROM deliberation_votes WHERE deliberation_id = ? AND participant_id = ? AND statement_id = ?",
			st.d.ID, o.p.id, in.StatementID); err != nil {
			return err
		}
	}
	if old == in.Value {
		return nil
	}
	if _, err := models.Exec(b.tx, "UPDATE deliberation_votes SET value = ?, updated_at = ? WHERE deliberation_id = ? AND participant_id = ? AND statement_id = ?",
		int(in.Value), now, st.d.ID, o.p.id, in.StatementID); err != nil {
		return err
	}
	out.Changed = true
	b.votes[key] = in.Value
	st.moves[in.Value+1]++
	st.moves[old+1]--
	b.tally(st.d.ID).seq++
	return nil
}

// flush moves the counters by what the batch wrote.
func (b *voteBatch) flush() error {
	for _, id := range slices.Sorted(maps.Keys(b.statements)) {
		m := b.statements[id].moves
		if m == [3]int{} {
			continue
		}
		if _, err := models.Exec(b.tx, `UPDATE deliberation_statements SET disagree_count = disagree_count + ?, pass_count = pass_count + ?,
			agree_count = agree_count + ? WHERE id = ?`, m[0], m[1], m[2], id); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(b.deliberations)) {
		t := b.deliberations[id]
		if *t == (deliberationTally{}) {
			continue
		}
		if _, err := models.Exec(b.tx, `UPDATE deliberations SET vote_count = vote_count + ?, participant_count = participant_count + ?,
			vote_seq = vote_seq + ? WHERE id = ?`, t.votes, t.participants, t.seq, id); err != nil {
			return err
		}
	}
	return nil
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
