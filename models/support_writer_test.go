package models

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// The writer gives each request the outcome a transaction of its own would:
// the refusals of TestSupportRefusals, one success per person however often
// they press, and one threshold crossing, all arriving together.
func TestSupportWriterGivesEachRequestItsOwnOutcome(t *testing.T) {
	db := newTestDB(t)
	w := NewSupportWriter(db)
	defer w.Close()
	const threshold = 40
	p := mkOpen(t, db, threshold, t0)
	closed := insertPetition(t, db, Petition{Status: StatusOpen, OpenedAt: timePtr(t0.Add(-40 * day)), ClosesAt: timePtr(t0.Add(-time.Second))})
	preconsent := filePetitionWithGoal(t, db, 5)
	people := mkUsers(t, db, 60)
	unverifiedUser := mkUser(t, db, unverified)

	type call struct {
		in   SupportInput
		want error // nil: one of the person's calls succeeds
	}
	var calls []call
	for i := range people {
		in := SupportInput{PetitionID: p.ID, UserID: people[i].ID, Comment: "공감합니다"}
		calls = append(calls, call{in, nil}, call{in, nil}) // everyone presses twice
	}
	calls = append(calls,
		call{SupportInput{PetitionID: closed.ID, UserID: people[0].ID}, ErrSupportClosed},
		call{SupportInput{PetitionID: p.ID, UserID: unverifiedUser.ID}, ErrNotVerified},
		call{SupportInput{PetitionID: 987654, UserID: people[1].ID}, ErrNotFound},
		call{SupportInput{PetitionID: preconsent.ID, UserID: people[2].ID, Share: "wrong"}, ErrNotFound},
		call{SupportInput{PetitionID: preconsent.ID, UserID: preconsent.AuthorID, Share: preconsent.ShareToken}, ErrOwnPetition},
		call{SupportInput{PetitionID: p.ID, UserID: people[3].ID, Comment: strings.Repeat("가", MaxComment+1)}, Errors{}},
	)
	at := t0.Add(time.Hour)
	outs := runTogether(len(calls), func(i int) outcome {
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
			if _, isForm := c.want.(Errors); isForm {
				if _, ok := AsErrors(o.err); !ok {
					t.Errorf("call %d: %v, want a field error", i, o.err)
				}
				continue
			}
			wantErr(t, o.err, c.want)
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
			if want := map[bool]Status{false: StatusOpen, true: StatusAwaitingAnswer}[o.r.Count >= threshold]; o.r.Status != want {
				t.Errorf("support seeing count %d reported %q, want %q", o.r.Count, o.r.Status, want)
			}
		default:
			wantErr(t, o.err, ErrAlreadySupported)
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
	got := storedRow(t, db, p.ID)
	if got.SupportCount != len(people) || got.Status != StatusAwaitingAnswer || got.ThresholdAt == nil {
		t.Errorf("petition: count %d status %q threshold_at %v", got.SupportCount, got.Status, got.ThresholdAt)
	}
	if n := countRows(t, db, &Support{}); n != int64(len(people)) {
		t.Errorf("%d support rows, want %d", n, len(people))
	}
	if n := countRows(t, db, &Event{}, "kind = ? AND petition_id = ?", EventThresholdReached, p.ID); n != 1 {
		t.Errorf("%d threshold events, want 1", n)
	}
	if st := w.Stats(); st.Supports != int64(len(calls)-1) || st.Largest < 2 {
		t.Errorf("stats %+v: want %d supports written, some of them together", st, len(calls)-1)
	}
}

// Close writes what was queued; later supports are refused.
func TestSupportWriterClose(t *testing.T) {
	db := newTestDB(t)
	w := NewSupportWriter(db)
	p := mkOpen(t, db, 1000, t0)
	people := mkUsers(t, db, 20)
	outs := runTogether(len(people), func(i int) error {
		_, err := w.Support(context.Background(), SupportInput{PetitionID: p.ID, UserID: people[i].ID}, t0.Add(time.Hour))
		return err
	})
	w.Close()
	for i, err := range outs {
		if err != nil {
			t.Errorf("support %d: %v", i, err)
		}
	}
	if got := storedRow(t, db, p.ID).SupportCount; got != len(people) {
		t.Errorf("count %d, want %d", got, len(people))
	}
	_, err := w.Support(context.Background(), SupportInput{PetitionID: p.ID, UserID: mkUser(t, db).ID}, t0.Add(time.Hour))
	wantErr(t, err, ErrWriterClosed)
	w.Close() // twice is harmless
}

// filePetitionWithGoal files a petition in 사전동의 with the given goal.
func filePetitionWithGoal(t *testing.T, db *gorm.DB, goal int) *Petition {
	t.Helper()
	useSettings(t, db, rules(goal, 1000))
	return filePetition(t, db, t0)
}

// Two instances on one PostgreSQL database each run a writer; their batches
// hold the same petitions in different orders. Every support still counts
// once and none fails: the writers take petitions in the same order and
// retry what the database breaks off.
func TestTwoWritersOneDatabase(t *testing.T) {
	db := newTestDB(t)
	writers := [2]*SupportWriter{NewSupportWriter(db), NewSupportWriter(db)}
	defer writers[0].Close()
	defer writers[1].Close()
	people := mkUsers(t, db, 40)
	for range 4 { // a few rounds: a deadlock needs batches to meet at the wrong moment
		var ps []*Petition
		for range 4 {
			ps = append(ps, mkOpen(t, db, 1000, t0))
		}
		outs := runTogether(len(people)*len(ps), func(i int) error {
			who, k := i/len(ps), i%len(ps)
			if who%2 == 1 {
				k = len(ps) - 1 - k // the other writer meets the petitions the other way round
			}
			_, err := writers[who%2].Support(context.Background(), SupportInput{PetitionID: ps[k].ID, UserID: people[who].ID}, t0.Add(time.Hour))
			return err
		})
		for i, err := range outs {
			if err != nil {
				t.Fatalf("support %d: %v", i, err)
			}
		}
		for _, p := range ps {
			if got := storedRow(t, db, p.ID).SupportCount; got != len(people) {
				t.Errorf("petition %d: count %d, want %d", p.ID, got, len(people))
			}
		}
	}
	rep, err := Recount(db, false, t0.Add(time.Hour))
	wantErr(t, err, nil)
	for _, d := range rep.Differences {
		t.Errorf("counter differs from its rows: %s", d)
	}
}
