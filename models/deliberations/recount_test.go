package deliberations_test

import (
	"reflect"
	"testing"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

func TestRecountRepairsCounters(t *testing.T) {
	db := modeltest.NewDB(t)
	delib, ss, _ := planted(t, db)
	clean, err := models.Recount(db, false, modeltest.T0, d.Counters)
	modeltest.WantErr(t, err, nil)
	if !clean.Clean() {
		t.Fatalf("counters moved by the rules differ from their rows: %v", clean.Differences)
	}
	stored, _ := counts(t, db, ss[0].ID)
	modeltest.WantErr(t, db.Exec("UPDATE deliberation_statements SET agree_count = 99, pass_count = 98 WHERE id = ?", ss[0].ID).Error, nil)
	modeltest.WantErr(t, db.Exec("UPDATE deliberations SET vote_count = 0, statement_count = 1 WHERE id = ?", delib.ID).Error, nil)
	want := []models.Difference{
		{Table: "deliberation_statements", ID: ss[0].ID, Field: "agree_count", Stored: 99, Counted: int64(stored[0])},
		{Table: "deliberation_statements", ID: ss[0].ID, Field: "pass_count", Stored: 98, Counted: int64(stored[2])},
		{Table: "deliberations", ID: delib.ID, Field: "statement_count", Stored: 1, Counted: 12},
		{Table: "deliberations", ID: delib.ID, Field: "vote_count", Stored: 0, Counted: 480},
	}
	fixed, err := models.Recount(db, true, modeltest.T0, d.Counters)
	modeltest.WantErr(t, err, nil)
	if !reflect.DeepEqual(fixed.Differences, want) {
		t.Errorf("differences %v, want %v", fixed.Differences, want)
	}
	if again, _ := models.Recount(db, false, modeltest.T0, d.Counters); !again.Clean() {
		t.Errorf("after repair: %v", again.Differences)
	}
}
