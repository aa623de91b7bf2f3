package deliberations_test

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/deliberations/opinionmap"
	"ydp1/models/modeltest"
)

// planted opens a 공론장 with 12 statements and 40 residents in two planted
// groups: the first 20 agree with the first half of the statements and
// disagree with the rest, the others the other way round; every fifth vote
// is a pass. It returns the 공론장, its statements and the residents.
func planted(t *testing.T, db *gorm.DB) (*d.Deliberation, []d.Statement, []models.User) {
	t.Helper()
	in := modeltest.DeliberationInput(d.ModerationPost)
	in.Seeds = ""
	for i := range 12 {
		in.Seeds += fmt.Sprintf("영등포 생활 의견 %d번\n", i+1)
	}
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	delib, err := d.Open(db, staff.ID, in, modeltest.T0.Add(-2*modeltest.Day))
	modeltest.WantErr(t, err, nil)
	ss := seeds(t, db, delib.ID)
	users := modeltest.MkUsers(t, db, 40)
	for i, u := range users {
		for j, s := range ss {
			v := d.Agree
			if (i < 20) != (j < 6) {
				v = d.Disagree
			}
			if (i+j)%5 == 0 {
				v = d.Pass
			}
			_, err := d.Vote(db, d.VoteInput{StatementID: s.ID, UserID: u.ID, Value: v}, modeltest.T0)
			modeltest.WantErr(t, err, nil)
		}
	}
	return delib, ss, users
}

func TestRecomputeFindsPlantedGroups(t *testing.T) {
	db := modeltest.NewDB(t)
	delib, ss, users := planted(t, db)
	now := modeltest.T0.Add(time.Hour)
	if n, err := d.RecomputeDue(db, now); err != nil || n != 1 {
		t.Fatalf("first run computed %d (%v), want 1", n, err)
	}
	if n, _ := d.RecomputeDue(db, now.Add(time.Hour)); n != 0 {
		t.Errorf("without new votes, computed %d", n)
	}
	_, err := d.Vote(db, d.VoteInput{StatementID: ss[0].ID, UserID: users[0].ID, Value: d.Agree}, now)
	modeltest.WantErr(t, err, nil)
	if n, _ := d.RecomputeDue(db, now.Add(d.Debounce/2)); n != 0 {
		t.Errorf("within the debounce, computed %d", n)
	}
	if n, _ := d.RecomputeDue(db, now.Add(d.Debounce)); n != 1 {
		t.Errorf("after the debounce, computed %d", n)
	}
	if n := modeltest.CountRows(t, db, &d.Snapshot{}, "deliberation_id = ?", delib.ID); n != 1 {
		t.Errorf("%d snapshots kept, want the latest", n)
	}

	m, err := d.Result(db, delib.ID)
	modeltest.WantErr(t, err, nil)
	if m.Voters != 40 || m.Placed != 40 || len(m.Groups) != 2 || m.Groups[0].Size != 20 || m.Groups[0].Label != "A" {
		t.Fatalf("map: %d voters, %d placed, groups %+v", m.Voters, m.Placed, m.Groups)
	}
	pid := map[uint]int{}
	for i, u := range users {
		p, err := d.ParticipantOf(db, delib.ID, u.ID)
		modeltest.WantErr(t, err, nil)
		pid[p] = i
	}
	var found, truth []int
	for _, p := range m.Places {
		found = append(found, p.Group)
		truth = append(truth, min(pid[p.ParticipantID]/20, 1))
	}
	if ari := opinionmap.AdjustedRandIndex(found, truth); ari < 0.99 {
		t.Errorf("ARI with the planted groups %.3f", ari)
	}
	for _, g := range m.Groups {
		first := users[0]
		p, _ := d.ParticipantOf(db, delib.ID, first.ID)
		inFirst := false
		for _, pl := range m.Places {
			inFirst = inFirst || (pl.ParticipantID == p && pl.Group == g.ID)
		}
		if len(g.Representative) == 0 {
			t.Fatalf("group %s has no representative statement", g.Label)
		}
		r := g.Representative[0]
		firstHalf := r.Statement.ID <= ss[5].ID
		if r.Statement.Body == "" || (r.Agree == firstHalf) != inFirst || r.Share < 0.6 || r.RestShare > 0.4 {
			t.Errorf("group %s (first planted group: %v): representative %+v", g.Label, inFirst, r)
		}
	}
	if len(m.Consensus) != 0 {
		t.Errorf("consensus between opposed groups: %+v", m.Consensus)
	}
	if len(m.Statements) != 12 || len(m.Regions) != len(models.Regions)+1 {
		t.Fatalf("%d statements, regions %v", len(m.Statements), m.Regions)
	}
	for _, s := range m.Statements {
		var sum d.Tally
		for _, r := range s.ByRegion {
			sum.Agree, sum.Disagree, sum.Pass = sum.Agree+r.Agree, sum.Disagree+r.Disagree, sum.Pass+r.Pass
		}
		if sum != s.Overall || len(s.ByGroup) != 2 {
			t.Errorf("statement %d: overall %+v, by 권역 adds to %+v", s.Statement.ID, s.Overall, sum)
		}
		if s.Statement.Priority == nil {
			t.Errorf("statement %d has no priority after the map", s.Statement.ID)
		}
	}
}

// The same votes and the same starting state give the same map.
func TestRecomputeIsDeterministic(t *testing.T) {
	maps := make([]string, 2)
	for i := range maps {
		db := modeltest.NewDB(t)
		delib, _, _ := planted(t, db)
		modeltest.WantErr(t, d.Recompute(db, delib.ID, modeltest.T0), nil)
		modeltest.WantErr(t, d.Recompute(db, delib.ID, modeltest.T0), nil)
		var s d.Snapshot
		modeltest.WantErr(t, db.Where("deliberation_id = ?", delib.ID).Take(&s).Error, nil)
		maps[i] = s.MapJSON + s.StateJSON
	}
	if maps[0] != maps[1] {
		t.Errorf("two runs on the same votes gave different maps")
	}
}

func TestResultBeforeAnyMap(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	m, err := d.Result(db, delib.ID)
	if err != nil || m != nil {
		t.Errorf("before any map: %+v, %v", m, err)
	}
	if n, _ := d.RecomputeDue(db, modeltest.T0); n != 0 {
		t.Errorf("a 공론장 without votes was computed")
	}
}
