package petitions_test

import (
	"reflect"
	"testing"
	"time"

	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

func TestNewlyOpened(t *testing.T) {
	db := modeltest.NewDB(t)
	fx := newListFixture(t, db)
	ps, err := petitions.NewlyOpened(db, 10, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if got, want := fx.names(ps), []string{"b", "a", "c", "f", "d", "e"}; !reflect.DeepEqual(got, want) {
		t.Errorf("newly opened = %v, want %v (public only, latest first)", got, want)
	}
	for _, p := range ps {
		if p.Author.Name == "" {
			t.Errorf("petition %d has no author loaded", p.ID)
		}
		if p.ID == fx.f.ID && p.Status != petitions.StatusExpired {
			t.Errorf("the petition past its period shows as %q", p.Status)
		}
	}
	ps, err = petitions.NewlyOpened(db, 2, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if got := fx.names(ps); !reflect.DeepEqual(got, []string{"b", "a"}) {
		t.Errorf("newly opened, 2 = %v", got)
	}
}

func TestLatestAnswers(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	at := func(d float64) *time.Time {
		return modeltest.TimePtr(modeltest.T0.Add(time.Duration(d * float64(modeltest.Day))))
	}
	older := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, OpenedAt: at(-50), ClosesAt: at(-20), ThresholdAt: at(-40)})
	mkAnswer(t, db, older, staff.ID, *at(-30))
	newer := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAnswered, OpenedAt: at(-40), ClosesAt: at(-10), ThresholdAt: at(-35)})
	mkAnswer(t, db, newer, staff.ID, *at(-5))
	taken := modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusHidden, HiddenFrom: petitions.StatusAnswered, OpenedAt: at(-40), ThresholdAt: at(-35)})
	mkAnswer(t, db, taken, staff.ID, *at(-1))
	modeltest.InsertPetition(t, db, petitions.Petition{Status: petitions.StatusAwaitingAnswer, OpenedAt: at(-10), ClosesAt: at(20), ThresholdAt: at(-2)})

	ps, err := petitions.LatestAnswers(db, 10, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if got, want := modeltest.PetitionIDs(ps), []uint{newer.ID, older.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("latest answers = %v, want %v (public answered only, latest answer first)", got, want)
	}
	for _, p := range ps {
		if p.Answer == nil || p.Answer.BodyHTML == "" {
			t.Errorf("petition %d has no answer loaded", p.ID)
		}
	}
}
