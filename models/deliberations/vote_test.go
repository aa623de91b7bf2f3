package deliberations_test

import (
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

// counts are a statement's stored counters and the votes they count.
func counts(t *testing.T, db *gorm.DB, statementID uint) (stored, rows [3]int) {
	t.Helper()
	s, err := d.FindStatement(db, statementID)
	modeltest.WantErr(t, err, nil)
	stored = [3]int{s.AgreeCount, s.DisagreeCount, s.PassCount}
	for i, v := range []d.Value{d.Agree, d.Disagree, d.Pass} {
		rows[i] = int(modeltest.CountRows(t, db, &d.VoteRecord{}, "statement_id = ? AND value = ?", statementID, int(v)))
	}
	return stored, rows
}

func seeds(t *testing.T, db *gorm.DB, id uint) []d.Statement {
	t.Helper()
	ss, err := d.Statements(db, id, d.StatementShown)
	modeltest.WantErr(t, err, nil)
	return ss
}

func TestVoteAndChangeIt(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	s := seeds(t, db, delib.ID)[0]
	u := modeltest.MkUser(t, db)
	vote := func(v d.Value, at time.Time) (*d.VoteResult, error) {
		return d.Vote(db, d.VoteInput{StatementID: s.ID, UserID: u.ID, Value: v}, at)
	}

	if _, err := vote(d.Agree, modeltest.T0.Add(-2*modeltest.Day)); !errors.Is(err, d.ErrNotOpen) {
		t.Errorf("before the period: %v", err)
	}
	if _, err := vote(2, modeltest.T0); err == nil {
		t.Errorf("a vote of 2 counted")
	}
	r, err := vote(d.Agree, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if !r.First || r.Changed {
		t.Errorf("first vote: %+v", r)
	}
	r, err = vote(d.Agree, modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, nil)
	if r.First || r.Changed {
		t.Errorf("the same vote again: %+v", r)
	}
	r, err = vote(d.Disagree, modeltest.T0.Add(2*time.Minute))
	modeltest.WantErr(t, err, nil)
	if r.First || !r.Changed {
		t.Errorf("changed vote: %+v", r)
	}
	if stored, rows := counts(t, db, s.ID); stored != [3]int{0, 1, 0} || rows != stored {
		t.Errorf("counters %v, rows %v, want one 비동의", stored, rows)
	}
	got, _ := d.Find(db, delib.ID)
	if got.VoteCount != 1 || got.ParticipantCount != 1 || got.VoteSeq != 2 {
		t.Errorf("공론장 counters: votes %d, participants %d, seq %d", got.VoteCount, got.ParticipantCount, got.VoteSeq)
	}

	unverified := modeltest.MkUser(t, db, modeltest.Unverified)
	if _, err := d.Vote(db, d.VoteInput{StatementID: s.ID, UserID: unverified.ID, Value: d.Agree}, modeltest.T0); !errors.Is(err, models.ErrNotVerified) {
		t.Errorf("unverified account: %v", err)
	}
	if _, err := d.Vote(db, d.VoteInput{StatementID: 9999, UserID: u.ID, Value: d.Agree}, modeltest.T0); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("unknown statement: %v", err)
	}
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	modeltest.WantErr(t, d.Remove(db, s.ID, staff.ID, "주제와 관계없는 의견", modeltest.T0), nil)
	if _, err := vote(d.Pass, modeltest.T0); !errors.Is(err, d.ErrStatementHidden) {
		t.Errorf("vote on a removed statement: %v", err)
	}
	modeltest.WantErr(t, d.Close(db, delib.ID, staff.ID, modeltest.T0), nil)
	if _, err := d.Vote(db, d.VoteInput{StatementID: seeds(t, db, delib.ID)[0].ID, UserID: u.ID, Value: d.Agree}, modeltest.T0); !errors.Is(err, d.ErrNotOpen) {
		t.Errorf("vote after closing: %v", err)
	}
}

// One vote per participant and statement, and counters that match the
// votes, whatever races: each resident sends several votes at once, on the
// same statement, with different values.
func TestVotesRace(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	ss := seeds(t, db, delib.ID)
	users := modeltest.MkUsers(t, db, 8)
	const each = 6
	errs := modeltest.RunTogether(len(users)*each, func(i int) error {
		u, s := users[i/each], ss[i%2]
		_, err := d.Vote(db, d.VoteInput{StatementID: s.ID, UserID: u.ID, Value: d.Value(i%3 - 1)}, modeltest.T0.Add(time.Duration(i)*time.Millisecond))
		return err
	})
	for _, err := range errs {
		modeltest.WantErr(t, err, nil)
	}
	for _, s := range ss[:2] {
		stored, rows := counts(t, db, s.ID)
		if stored != rows || rows[0]+rows[1]+rows[2] != len(users) {
			t.Errorf("statement %d: counters %v, rows %v, want one vote of each of %d residents", s.ID, stored, rows, len(users))
		}
	}
	got, _ := d.Find(db, delib.ID)
	if got.VoteCount != 2*len(users) || got.ParticipantCount != len(users) {
		t.Errorf("공론장: %d votes, %d participants", got.VoteCount, got.ParticipantCount)
	}
	if n := modeltest.CountRows(t, db, &d.Participant{}, "deliberation_id = ?", delib.ID); n != int64(len(users)) {
		t.Errorf("%d participant rows for %d residents", n, len(users))
	}
}
