package models

import (
	"reflect"
	"testing"
	"time"
)

func TestNewlyOpened(t *testing.T) {
	db := newTestDB(t)
	fx := newListFixture(t, db)
	ps, err := NewlyOpened(db, 10, t0)
	wantErr(t, err, nil)
	if got, want := fx.names(ps), []string{"b", "a", "c", "f", "d", "e"}; !reflect.DeepEqual(got, want) {
		t.Errorf("newly opened = %v, want %v (public only, latest first)", got, want)
	}
	for _, p := range ps {
		if p.Author.Name == "" {
			t.Errorf("petition %d has no author loaded", p.ID)
		}
		if p.ID == fx.f.ID && p.Status != StatusExpired {
			t.Errorf("the petition past its period shows as %q", p.Status)
		}
	}
	ps, err = NewlyOpened(db, 2, t0)
	wantErr(t, err, nil)
	if got := fx.names(ps); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Errorf("newly opened, 2 = %v", got)
	}
}

func TestLatestAnswers(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	at := func(d float64) *time.Time { return timePtr(t0.Add(time.Duration(d * float64(day)))) }
	older := insertPetition(t, db, Petition{Status: StatusAnswered, OpenedAt: at(-50), ClosesAt: at(-20), ThresholdAt: at(-40)})
	mkAnswer(t, db, older, staff.ID, *at(-30))
	newer := insertPetition(t, db, Petition{Status: StatusAnswered, OpenedAt: at(-40), ClosesAt: at(-10), ThresholdAt: at(-35)})
	mkAnswer(t, db, newer, staff.ID, *at(-5))
	taken := insertPetition(t, db, Petition{Status: StatusHidden, HiddenFrom: StatusAnswered, OpenedAt: at(-40), ThresholdAt: at(-35)})
	mkAnswer(t, db, taken, staff.ID, *at(-1))
	insertPetition(t, db, Petition{Status: StatusAwaitingAnswer, OpenedAt: at(-10), ClosesAt: at(20), ThresholdAt: at(-2)})

	ps, err := LatestAnswers(db, 10, t0)
	wantErr(t, err, nil)
	if got, want := petitionIDs(ps), []uint{newer.ID, older.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("latest answers = %v, want %v (public answered only, latest answer first)", got, want)
	}
	for _, p := range ps {
		if p.Answer == nil || p.Answer.BodyHTML == "" {
			t.Errorf("petition %d has no answer loaded", p.ID)
		}
	}
}
