package deliberations_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

// voteScene is a 공론장 with a removed statement, a closed 공론장, residents
// (one of them voted before) and an unverified account.
type voteScene struct {
	open, closed       *d.Deliberation
	shown              []d.Statement
	removed, elsewhere uint
	people             []uint
	unverified         uint
}

func newVoteScene(t *testing.T, db *gorm.DB) voteScene {
	t.Helper()
	var sc voteScene
	sc.open = modeltest.MkDeliberation(t, db, d.ModerationPost)
	sc.closed = modeltest.MkDeliberation(t, db, d.ModerationPost)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	all := seeds(t, db, sc.open.ID)
	modeltest.WantErr(t, d.Remove(db, all[2].ID, staff.ID, "주제와 관계없는 의견", modeltest.T0), nil)
	sc.shown, sc.removed = all[:2], all[2].ID
	sc.elsewhere = seeds(t, db, sc.closed.ID)[0].ID
	modeltest.WantErr(t, d.Close(db, sc.closed.ID, staff.ID, modeltest.T0), nil)
	for _, u := range modeltest.MkUsers(t, db, 4) {
		sc.people = append(sc.people, u.ID)
	}
	sc.unverified = modeltest.MkUser(t, db, modeltest.Unverified).ID
	_, err := d.Vote(db, d.VoteInput{StatementID: sc.shown[0].ID, UserID: sc.people[0], Value: d.Pass}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	return sc
}

// voteState is what the votes left: each vote row's value by account and
// statement, the statements' counters and the 공론장's.
type voteState struct {
	Rows     map[string]d.Value
	Counters map[uint][3]int
	Votes    int
	People   int
	Seq      int64
}

func stateOf(t *testing.T, db *gorm.DB, sc voteScene) voteState {
	t.Helper()
	st := voteState{Rows: map[string]d.Value{}, Counters: map[uint][3]int{}}
	var rows []struct {
		UserID, StatementID uint
		Value               d.Value
	}
	modeltest.WantErr(t, db.Raw(`SELECT p.user_id, v.statement_id, v.value FROM deliberation_votes v
		JOIN deliberation_participants p ON p.id = v.participant_id WHERE v.deliberation_id = ?`, sc.open.ID).Scan(&rows).Error, nil)
	for _, r := range rows {
		st.Rows[fmt.Sprint(r.UserID, "/", r.StatementID)] = r.Value
	}
	for _, s := range append(sc.shown, d.Statement{ID: sc.removed}) {
		stored, counted := counts(t, db, s.ID)
		if stored != counted {
			t.Errorf("statement %d: counters %v, rows %v", s.ID, stored, counted)
		}
		st.Counters[s.ID] = stored
	}
	got, err := d.Find(db, sc.open.ID)
	modeltest.WantErr(t, err, nil)
	st.Votes, st.People, st.Seq = got.VoteCount, got.ParticipantCount, got.VoteSeq
	return st
}

// A batch gives each vote the outcome it would have had in a transaction
// of its own, taken in the batch's order: the same refusals, first votes,
// changes and repeats, and the same rows and counters afterwards.
func TestVoteBatchAsOneByOne(t *testing.T) {
	type outcome struct {
		First, Changed bool
		Deliberation   uint
		Err            string
	}
	run := func(t *testing.T, batch bool) ([]outcome, voteState) {
		db := modeltest.NewDB(t)
		sc := newVoteScene(t, db)
		s0, s1 := sc.shown[0].ID, sc.shown[1].ID
		// in the writer's order: by account, then statement
		ins := []d.VoteInput{
			{StatementID: s0, UserID: sc.people[0], Value: d.Pass},     // the same as before
			{StatementID: s0, UserID: sc.people[0], Value: d.Agree},    // changes the earlier vote
			{StatementID: s1, UserID: sc.people[0], Value: d.Disagree}, // first
			{StatementID: s0, UserID: sc.people[1], Value: d.Agree},    // first of a new participant
			{StatementID: s0, UserID: sc.people[1], Value: d.Agree},    // repeated
			{StatementID: s0, UserID: sc.people[1], Value: d.Disagree}, // changed in the same batch
			{StatementID: s0, UserID: sc.people[1], Value: d.Pass},     // and again
			{StatementID: s1, UserID: sc.people[1], Value: d.Agree},
			{StatementID: sc.removed, UserID: sc.people[2], Value: d.Agree},                               // removed statement
			{StatementID: sc.elsewhere, UserID: sc.people[2], Value: d.Agree},                             // closed 공론장
			{DeliberationID: sc.open.ID, StatementID: sc.elsewhere, UserID: sc.people[2], Value: d.Agree}, // a statement of another 공론장
			{StatementID: 987654, UserID: sc.people[2], Value: d.Agree},                                   // no such statement
			{StatementID: s1, UserID: sc.people[3], Value: d.Agree},                                       // first
			{StatementID: s0, UserID: sc.unverified, Value: d.Agree},                                      // unverified
			{StatementID: s1, UserID: sc.unverified, Value: d.Disagree},                                   // still unverified
			{StatementID: s0, UserID: sc.unverified + 1000, Value: d.Agree},                               // no such account
			{StatementID: s1, UserID: sc.unverified + 1000, Value: d.Disagree},                            // still none
		}
		var results []*d.VoteResult
		var errs []error
		if batch {
			results, errs = d.WriteVotes(db, ins, modeltest.T0.Add(time.Hour))
		} else {
			for i, in := range ins {
				r, err := d.Vote(db, in, modeltest.T0.Add(time.Hour+time.Duration(i)*time.Millisecond))
				results, errs = append(results, r), append(errs, err)
			}
		}
		if !errors.Is(errs[10], models.ErrNotFound) {
			t.Errorf("a statement of another 공론장: %v", errs[10])
		}
		outs := make([]outcome, len(ins))
		for i := range ins {
			if errs[i] != nil {
				if !refusal(errs[i]) {
					t.Fatalf("vote %d: %v", i, errs[i])
				}
				outs[i].Err = errs[i].Error()
				continue
			}
			outs[i] = outcome{First: results[i].First, Changed: results[i].Changed, Deliberation: results[i].DeliberationID}
		}
		return outs, stateOf(t, db, sc)
	}
	var one, batch []outcome
	var oneState, batchState voteState
	t.Run("one by one", func(t *testing.T) { one, oneState = run(t, false) })
	t.Run("one batch", func(t *testing.T) { batch, batchState = run(t, true) })
	if len(one) == 0 || fmt.Sprint(one) != fmt.Sprint(batch) {
		t.Errorf("outcomes\none by one %v\nin a batch %v", one, batch)
	}
	if fmt.Sprintf("%+v", oneState) != fmt.Sprintf("%+v", batchState) {
		t.Errorf("state\none by one %+v\nin a batch %+v", oneState, batchState)
	}
	if oneState.Votes != 5 || oneState.People != 3 || oneState.Seq != 8 {
		t.Errorf("one by one: %+v, want 5 votes of 3 participants, 8 changes", oneState)
	}
}

// The writer gives each of many votes sent at once its own outcome: one
// row and one first vote per resident and statement however often they
// press, every change counted once, and the counters equal to the rows.
func TestVoteWriterUnderRace(t *testing.T) {
	db := modeltest.NewDB(t)
	sc := newVoteScene(t, db)
	w := d.NewVoteWriter(db)
	defer w.Close()
	people := modeltest.MkUsers(t, db, 30)
	const each = 6 // per resident: three values on each of two statements
	type out struct {
		r   *d.VoteResult
		err error
	}
	outs := modeltest.RunTogether(len(people)*each+2, func(i int) out {
		in := d.VoteInput{StatementID: sc.removed, UserID: people[0].ID, Value: d.Agree}
		if i < len(people)*each {
			in = d.VoteInput{StatementID: sc.shown[i%2].ID, UserID: people[i/each].ID, Value: d.Value(i/2%3 - 1)}
		} else if i == len(people)*each+1 {
			in = d.VoteInput{StatementID: sc.shown[0].ID, UserID: sc.unverified, Value: d.Agree}
		}
		r, err := w.Vote(context.Background(), in, modeltest.T0.Add(time.Hour))
		return out{r, err}
	})
	first, changes := map[string]int{}, 0
	for i, o := range outs[:len(people)*each] {
		if o.err != nil {
			t.Fatalf("vote %d: %v", i, o.err)
		}
		if o.r.First {
			first[fmt.Sprint(people[i/each].ID, "/", i%2)]++
		}
		if o.r.First || o.r.Changed {
			changes++
		}
	}
	modeltest.WantErr(t, outs[len(outs)-2].err, d.ErrStatementHidden)
	modeltest.WantErr(t, outs[len(outs)-1].err, models.ErrNotVerified)
	if len(first) != 2*len(people) {
		t.Errorf("%d first votes, want one per resident and statement (%d)", len(first), 2*len(people))
	}
	for k, n := range first {
		if n != 1 {
			t.Errorf("%s: %d first votes", k, n)
		}
	}
	st := stateOf(t, db, sc)
	if st.Votes != 2*len(people)+1 || st.People != len(people)+1 || st.Seq != int64(changes+1) {
		t.Errorf("공론장 %+v, want %d votes of %d participants and %d changes", st, 2*len(people)+1, len(people)+1, changes+1)
	}
	if stats := w.Stats(); stats.Requests != int64(len(outs)) || stats.Largest < 2 {
		t.Errorf("writer %+v: want %d votes, some of them committed together", stats, len(outs))
	}
}

// Two instances on one database each run a writer and meet the same
// residents and statements in opposite orders: every vote counts once and
// none fails (on PostgreSQL the batches take their rows in one order).
func TestTwoVoteWritersOneDatabase(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	ss := seeds(t, db, delib.ID)
	writers := [2]*d.VoteWriter{d.NewVoteWriter(db), d.NewVoteWriter(db)}
	defer writers[0].Close()
	defer writers[1].Close()
	people := modeltest.MkUsers(t, db, 24)
	errs := modeltest.RunTogether(len(people)*len(ss)*2, func(i int) error {
		who, k := i/2%len(people), i/2/len(people)
		if i%2 == 1 {
			who, k = len(people)-1-who, len(ss)-1-k
		}
		_, err := writers[i%2].Vote(context.Background(), d.VoteInput{StatementID: ss[k].ID, UserID: people[who].ID, Value: d.Value(i%3 - 1)}, modeltest.T0.Add(time.Hour))
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("vote %d: %v", i, err)
		}
	}
	for _, s := range ss {
		stored, rows := counts(t, db, s.ID)
		if stored != rows || rows[0]+rows[1]+rows[2] != len(people) {
			t.Errorf("statement %d: counters %v, rows %v, want one vote of each of %d residents", s.ID, stored, rows, len(people))
		}
	}
	got, err := d.Find(db, delib.ID)
	modeltest.WantErr(t, err, nil)
	if got.VoteCount != len(people)*len(ss) || got.ParticipantCount != len(people) {
		t.Errorf("공론장: %d votes, %d participants", got.VoteCount, got.ParticipantCount)
	}
}

// refusal reports whether err is a vote refused by the rules.
func refusal(err error) bool {
	for _, r := range []error{d.ErrNotOpen, d.ErrStatementHidden, models.ErrNotFound, models.ErrNotVerified} {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}
