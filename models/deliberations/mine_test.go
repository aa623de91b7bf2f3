package deliberations_test

import (
	"testing"
	"time"

	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

func TestVotesOf(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPre)
	ss := seeds(t, db, delib.ID)
	u, other := modeltest.MkUser(t, db), modeltest.MkUser(t, db)
	_, err := d.Vote(db, d.VoteInput{StatementID: ss[0].ID, UserID: u.ID, Value: d.Disagree}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	_, err = d.Vote(db, d.VoteInput{StatementID: ss[1].ID, UserID: other.ID, Value: d.Agree}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	mine, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: u.ID, Body: "골목에 화단을 놓아 주세요"}, modeltest.T0.Add(time.Minute))
	modeltest.WantErr(t, err, nil)
	_, err = d.Vote(db, d.VoteInput{StatementID: ss[0].ID, UserID: u.ID, Value: d.Pass}, modeltest.T0.Add(2*time.Minute))
	modeltest.WantErr(t, err, nil)

	got, err := d.VotesOf(db, delib.ID, u.ID)
	modeltest.WantErr(t, err, nil)
	if len(got) != 2 {
		t.Fatalf("votes of the resident: %+v", got)
	}
	if got[0].ID != ss[0].ID || got[0].Value != d.Pass || got[0].Body != ss[0].Body {
		t.Errorf("the latest vote first, as changed: %+v", got[0])
	}
	if got[1].ID != mine.ID || got[1].Value != d.Agree || got[1].Status != d.StatementPending {
		t.Errorf("their own statement, waiting for approval, as their 동의: %+v", got[1])
	}
	none, err := d.VotesOf(db, delib.ID, modeltest.MkUser(t, db).ID)
	modeltest.WantErr(t, err, nil)
	if len(none) != 0 {
		t.Errorf("someone who never voted: %+v", none)
	}
}
