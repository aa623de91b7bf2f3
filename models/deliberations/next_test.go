package deliberations_test

import (
	"testing"

	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

func TestNextStatement(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	u := modeltest.MkUser(t, db)
	meta, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: staff.ID, Body: "나는 문래동에 산다"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, d.MarkMeta(db, meta.ID, staff.ID, true, modeltest.T0), nil)

	next, err := d.NextStatement(db, delib.ID, u.ID)
	modeltest.WantErr(t, err, nil)
	if next.Statement == nil || next.Statement.ID != meta.ID || next.Left != 4 {
		t.Fatalf("first: %+v, want the meta statement of 4", next)
	}
	_, err = d.Vote(db, d.VoteInput{StatementID: meta.ID, UserID: u.ID, Value: d.Agree}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	seen := map[uint]bool{meta.ID: true}
	for left := 3; left > 0; left-- {
		next, err = d.NextStatement(db, delib.ID, u.ID)
		modeltest.WantErr(t, err, nil)
		again, _ := d.NextStatement(db, delib.ID, u.ID)
		if next.Left != left || next.Statement == nil || seen[next.Statement.ID] || again.Statement.ID != next.Statement.ID {
			t.Fatalf("with %d left: %+v (again %+v)", left, next, again)
		}
		seen[next.Statement.ID] = true
		_, err = d.Vote(db, d.VoteInput{StatementID: next.Statement.ID, UserID: u.ID, Value: d.Pass}, modeltest.T0)
		modeltest.WantErr(t, err, nil)
	}
	if next, _ = d.NextStatement(db, delib.ID, u.ID); next.Statement != nil || next.Left != 0 {
		t.Errorf("after every vote: %+v", next)
	}
	// someone who never voted starts with the meta statement too
	if next, _ = d.NextStatement(db, delib.ID, 0); next.Statement.ID != meta.ID || next.Left != 4 {
		t.Errorf("for a visitor: %+v", next)
	}
}

// A statement with a high priority comes up far more often than one with
// a low priority.
func TestNextFavoursPriority(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	ss := seeds(t, db, delib.ID)
	for i, p := range []float64{30, 0.3, 0.3} {
		modeltest.WantErr(t, db.Model(&d.Statement{}).Where("id = ?", ss[i].ID).Update("priority", p).Error, nil)
	}
	high := 0
	for _, u := range modeltest.MkUsers(t, db, 200) {
		next, err := d.NextStatement(db, delib.ID, u.ID)
		modeltest.WantErr(t, err, nil)
		if next.Statement.ID == ss[0].ID {
			high++
		}
	}
	// expected 200 × 30/30.6 = 196
	if high < 180 {
		t.Errorf("the statement of priority 30 came first for %d of 200", high)
	}
}
