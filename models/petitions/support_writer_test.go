package petitions_test

import (
	"cmp"
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/groupcommit"
	"ydp1/models/maintenance"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// The writer gives each request the outcome a transaction of its own would:
// the refusals of TestSupportRefusals, one success per person however often
// they press, and one threshold crossing, all arriving together.
func TestSupportWriterGivesEachRequestItsOwnOutcome(t *testing.T) {
	db := modeltest.NewDB(t)
	w := petitions.NewSupportWriter(db)
	defer w.Close()
	const threshold = 40
	p := modeltest.MkOpen(t, db, threshold, modeltest.T0)
	closed := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, OpenedAt: modeltest.TimePtr(modeltest.T0.Add(-40 * modeltest.Day)), ClosesAt: modeltest.TimePtr(modeltest.T0.Add(-time.Second))})
	preconsent := filePetitionWithGoal(t, db, 5)
	people := modeltest.MkUsers(t, db, 60)
	unverifiedUser := modeltest.MkUser(t, db, modeltest.Unverified)

	type call struct {
		in   petitions.SupportInput
		want error // nil: one of the person's calls succeeds
	}
	var calls []call
	for i := range people {
		in := petitions.SupportInput{PetitionID: p.ID, UserID: people[i].ID, Comment: "공감합니다"}
		calls = append(calls, call{in, nil}, call{in, nil}) // everyone presses twice
	}
	calls = append(calls,
		call{petitions.SupportInput{PetitionID: closed.ID, UserID: people[0].ID}, petitions.ErrSupportClosed},
		call{petitions.SupportInput{PetitionID: p.ID, UserID: unverifiedUser.ID}, models.ErrNotVerified},
		call{petitions.SupportInput{PetitionID: 987654, UserID: people[1].ID}, models.ErrNotFound},
		call{petitions.SupportInput{PetitionID: preconsent.ID, UserID: people[2].ID, Share: "wrong"}, models.ErrNotFound},
		call{petitions.SupportInput{PetitionID: preconsent.ID, UserID: preconsent.AuthorID, Share: preconsent.ShareToken}, petitions.ErrOwnPetition},
		call{petitions.SupportInput{PetitionID: p.ID, UserID: people[3].ID, Comment: strings.Repeat("가", petitions.MaxComment+1)}, models.Errors{}},
	)
	at := modeltest.T0.Add(time.Hour)
	outs := modeltest.RunTogether(len(calls), func(i int) outcome {
		r, err := w.Support(context.Background(), calls[i].in, at.Add(time.Duration(i)*time.Millisecond))
		return outcome{r, err}
	})

	success := map[uint]int{}
	counts := map[int]bool{}
	moved := 0
	for i, o := range outs {
		c := calls[i]
		switch {
		case c.in.PetitionID != p.ID || c.want != nil:
			if _, isForm := c.want.(models.Errors); isForm {
				if _, ok := models.AsErrors(o.err); !ok {
					t.Errorf("call %d: %v, want a field error", i, o.err)
				}
				continue
			}
			modeltest.WantErr(t, o.err, c.want)
		case o.err == nil:
			success[c.in.UserID]++
			if counts[o.r.Count] {
				t.Errorf("two supports saw count %d", o.r.Count)
			}
			counts[o.r.Count] = true
			if o.r.Moved {
				moved++
				if o.r.Count != threshold {
					t.Errorf("the support seeing count %d moved the petition on", o.r.Count)
				}
			}
			if want := map[bool]petitions.Status{false: petitions.StatusOpen, true: petitions.StatusAwaitingAnswer}[o.r.Count >= threshold]; o.r.Status != want {
				t.Errorf("support seeing count %d reported %q, want %q", o.r.Count, o.r.Status, want)
			}
		default:
			modeltest.WantErr(t, o.err, petitions.ErrAlreadySupported)
		}
	}
	if moved != 1 {
		t.Errorf("%d supports moved the petition on, want 1", moved)
	}
	for _, u := range people {
		if success[u.ID] != 1 {
			t.Errorf("user %d: %d successful supports, want 1", u.ID, success[u.ID])
		}
	}
	got := modeltest.StoredRow(t, db, p.ID)
	if got.SupportCount != len(people) || got.Status != petitions.StatusAwaitingAnswer || got.ThresholdAt == nil {
		t.Errorf("petition: count %d status %q threshold_at %v", got.SupportCount, got.Status, got.ThresholdAt)
	}
	if n := modeltest.CountRows(t, db, &petitions.Support{}); n != int64(len(people)) {
		t.Errorf("%d support rows, want %d", n, len(people))
	}
	if n := modeltest.CountRows(t, db, &models.Event{}, "kind = ? AND petition_id = ?", petitions.EventThresholdReached, p.ID); n != 1 {
		t.Errorf("%d threshold events, want 1", n)
	}
	st := w.Stats()
	if st.Requests != int64(len(calls)-1) || st.Largest < 2 {
		t.Errorf("stats %+v: want %d supports written, some of them together", st, len(calls)-1)
	}
	var sized, single int64
	for i, n := range st.Sizes {
		sized += n
		if groupcommit.Bounds[i] == 1 {
			single = n
		}
	}
	if sized != st.Batches || single == st.Batches {
		t.Errorf("commits by size %v (bounds %v): want all %d commits, not all of one support", st.Sizes, groupcommit.Bounds, st.Batches)
	}
}

// Close writes what was queued; later supports are refused.
func TestSupportWriterClose(t *testing.T) {
	db := modeltest.NewDB(t)
	w := petitions.NewSupportWriter(db)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	people := modeltest.MkUsers(t, db, 20)
	outs := modeltest.RunTogether(len(people), func(i int) error {
		_, err := w.Support(context.Background(), petitions.SupportInput{PetitionID: p.ID, UserID: people[i].ID}, modeltest.T0.Add(time.Hour))
		return err
	})
	w.Close()
	for i, err := range outs {
		if err != nil {
			t.Errorf("support %d: %v", i, err)
		}
	}
	if got := modeltest.StoredRow(t, db, p.ID).SupportCount; got != len(people) {
		t.Errorf("count %d, want %d", got, len(people))
	}
	_, err := w.Support(context.Background(), petitions.SupportInput{PetitionID: p.ID, UserID: modeltest.MkUser(t, db).ID}, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, petitions.ErrWriterClosed)
	w.Close() // twice is harmless
}

// filePetitionWithGoal files a petition in 사전동의 with the given goal.
func filePetitionWithGoal(t *testing.T, db *gorm.DB, goal int) *petitions.Petition {
	t.Helper()
	modeltest.UseSettings(t, db, modeltest.Rules(goal, 1000))
	return modeltest.FilePetition(t, db, modeltest.T0)
}

// Two instances on one PostgreSQL database each run a writer; their batches
// hold the same petitions in different orders. Every support still counts
// once and none fails: the writers take petitions in the same order and
// retry what the database breaks off.
func TestTwoWritersOneDatabase(t *testing.T) {
	db := modeltest.NewDB(t)
	writers := [2]*petitions.SupportWriter{petitions.NewSupportWriter(db), petitions.NewSupportWriter(db)}
	defer writers[0].Close()
	defer writers[1].Close()
	people := modeltest.MkUsers(t, db, 40)
	for range 4 { // a few rounds: a deadlock needs batches to meet at the wrong moment
		var ps []*petitions.Petition
		for range 4 {
			ps = append(ps, modeltest.MkOpen(t, db, 1000, modeltest.T0))
		}
		outs := modeltest.RunTogether(len(people)*len(ps), func(i int) error {
			who, k := i/len(ps), i%len(ps)
			if who%2 == 1 {
				k = len(ps) - 1 - k // the other writer meets the petitions the other way round
			}
			_, err := writers[who%2].Support(context.Background(), petitions.SupportInput{PetitionID: ps[k].ID, UserID: people[who].ID}, modeltest.T0.Add(time.Hour))
			return err
		})
		for i, err := range outs {
			if err != nil {
				t.Fatalf("support %d: %v", i, err)
			}
		}
		for _, p := range ps {
			if got := modeltest.StoredRow(t, db, p.ID).SupportCount; got != len(people) {
				t.Errorf("petition %d: count %d, want %d", p.ID, got, len(people))
			}
		}
	}
	rep, err := maintenance.Recount(db, false, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, nil)
	for _, d := range rep.Differences {
		t.Errorf("counter differs from its rows: %s", d)
	}
}

// A batch gives each support the outcome it would have had in a
// transaction of its own, taken in the batch's order: the same refusals,
// counts, transitions and rows. The supports go to several petitions, with
// repeats, a threshold and a 사전동의 goal reached in the middle of a
// petition's run, and a petition closing between two of its supports.
func TestBatchAsOneTransactionEach(t *testing.T) {
	at := modeltest.T0.Add(time.Hour)
	type site struct {
		db     *gorm.DB
		ids    []uint // petitions: open, 사전동의, closing, none
		share  string // the 사전동의 petition's link
		author uint
		people []models.User
	}
	build := func() site {
		db := modeltest.NewDB(t)
		open := modeltest.MkOpen(t, db, 9, modeltest.T0)
		pre := filePetitionWithGoal(t, db, 6)
		closing := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusOpen, OpenedAt: modeltest.TimePtr(modeltest.T0), ClosesAt: modeltest.TimePtr(at.Add(150 * time.Millisecond)), Threshold: 1000})
		people := append(modeltest.MkUsers(t, db, 14), *modeltest.MkUser(t, db, modeltest.Unverified))
		return site{db, []uint{open.ID, pre.ID, closing.ID, 987654}, pre.ShareToken, pre.AuthorID, people}
	}
	batch, alone := build(), build()

	type pick struct{ petition, person, share, ms int }
	rnd := rand.New(rand.NewPCG(1, 2))
	var picks []pick
	for i := range 300 {
		picks = append(picks, pick{[]int{0, 0, 1, 1, 2, 3}[rnd.IntN(6)], rnd.IntN(16), rnd.IntN(8), i})
	}
	slices.SortStableFunc(picks, func(a, b pick) int { return cmp.Compare(a.petition, b.petition) }) // the batch's own order
	input := func(s site, p pick) petitions.SupportInput {
		in := petitions.SupportInput{PetitionID: s.ids[p.petition], Comment: "공감합니다"}
		switch {
		case p.person == 15:
			in.UserID = s.author // their own 사전동의 petition, or a support like any other
		default:
			in.UserID = s.people[p.person%len(s.people)].ID
		}
		if p.share > 0 {
			in.Share = s.share
		}
		return in
	}

	var reqs []*petitions.SupportRequest
	for _, p := range picks {
		reqs = append(reqs, petitions.NewSupportRequest(input(batch, p), at.Add(time.Duration(p.ms)*time.Millisecond)))
	}
	petitions.WriteBatch(batch.db, reqs)

	kinds := map[string]int{}
	for i, p := range picks {
		want, wantErr := petitions.SupportPetition(alone.db, input(alone, p), at.Add(time.Duration(p.ms)*time.Millisecond))
		got, gotErr := reqs[i].Outcome()
		if !errors.Is(gotErr, wantErr) || (wantErr == nil && *got != *want) {
			t.Fatalf("support %d (petition %d, at +%d ms): batch %+v %v, alone %+v %v", i, p.petition, p.ms, got, gotErr, want, wantErr)
		}
		switch {
		case wantErr != nil:
			kinds[wantErr.Error()]++
		case want.Moved:
			kinds["moved"]++
		default:
			kinds["counted"]++
		}
	}
	// the run holds every kind of outcome, or it proves less than it says
	for _, k := range []string{"moved", "counted", petitions.ErrAlreadySupported.Error(), petitions.ErrSupportClosed.Error(), models.ErrNotFound.Error(), models.ErrNotVerified.Error(), petitions.ErrOwnPetition.Error()} {
		if kinds[k] == 0 {
			t.Errorf("no support ended %q: %v", k, kinds)
		}
	}
	if kinds["moved"] != 2 {
		t.Errorf("%d supports moved a petition on, want 2 (the threshold and the goal)", kinds["moved"])
	}
	for i := range 3 {
		b, a := modeltest.StoredRow(t, batch.db, batch.ids[i]), modeltest.StoredRow(t, alone.db, alone.ids[i])
		if b.SupportCount != a.SupportCount || b.Status != a.Status {
			t.Errorf("petition %d: batch %d %q, alone %d %q", i, b.SupportCount, b.Status, a.SupportCount, a.Status)
		}
		if n := modeltest.CountRows(t, batch.db, &petitions.Support{}, "petition_id = ?", batch.ids[i]); n != int64(b.SupportCount) {
			t.Errorf("petition %d: %d rows, count %d", i, n, b.SupportCount)
		}
	}
	if b, a := modeltest.CountRows(t, batch.db, &models.Event{}), modeltest.CountRows(t, alone.db, &models.Event{}); b != a {
		t.Errorf("events: batch %d, alone %d", b, a)
	}
}
