package deliberations_test

import (
	"slices"
	"testing"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

func TestPublishResult(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	ss := seeds(t, db, delib.ID)
	voters := modeltest.MkUsers(t, db, 3)
	for _, u := range voters {
		_, err := d.Vote(db, d.VoteInput{StatementID: ss[0].ID, UserID: u.ID, Value: d.Agree}, modeltest.T0)
		modeltest.WantErr(t, err, nil)
	}
	modeltest.WantErr(t, db.Model(&models.User{}).Where("id IN ?", []uint{voters[0].ID, voters[1].ID}).Update("notify_supported", true).Error, nil)
	in := d.ResultInput{Text: "주차면 확충을 **계획에 반영**합니다.", Chosen: []d.ChosenStatement{{StatementID: ss[0].ID, Reason: "세 그룹 모두 동의"}}}

	modeltest.WantErr(t, d.PublishResult(db, delib.ID, staff.ID, in, modeltest.T0), d.ErrNotClosed)
	bad := d.ResultInput{Chosen: []d.ChosenStatement{{StatementID: ss[0].ID}, {StatementID: ss[0].ID, Reason: "x"}}}
	if got := modeltest.FieldErrors(t, d.PublishResult(db, delib.ID, staff.ID, bad, modeltest.T0)); !slices.Equal(got, []string{"chosen", "result"}) {
		t.Errorf("an empty 결과: %v", got)
	}
	modeltest.WantErr(t, d.Close(db, delib.ID, staff.ID, modeltest.T0), nil)
	other := modeltest.MkDeliberation(t, db, d.ModerationPost)
	wrong := in
	wrong.Chosen = []d.ChosenStatement{{StatementID: seeds(t, db, other.ID)[0].ID, Reason: "다른 공론장"}}
	if got := modeltest.FieldErrors(t, d.PublishResult(db, delib.ID, staff.ID, wrong, modeltest.T0)); !slices.Equal(got, []string{"chosen"}) {
		t.Errorf("a statement of another 공론장: %v", got)
	}
	modeltest.WantErr(t, d.PublishResult(db, delib.ID, staff.ID, in, modeltest.T0), nil)
	modeltest.WantErr(t, d.PublishResult(db, delib.ID, staff.ID, in, modeltest.T0), d.ErrResultPublished)

	got, _ := d.Find(db, delib.ID)
	if got.ResultHTML != "<p>주차면 확충을 <strong>계획에 반영</strong>합니다.</p>\n" || !modeltest.SameTime(got.ResultPublishedAt, modeltest.T0) {
		t.Errorf("published: %+v", got)
	}
	chosen, _ := d.ChosenStatements(db, delib.ID)
	if len(chosen) != 1 || chosen[0].ChosenReason != "세 그룹 모두 동의" {
		t.Errorf("chosen: %+v", chosen)
	}
	events, err := models.PendingEvents(db, 10)
	modeltest.WantErr(t, err, nil)
	if len(events) != 1 || events[0].Kind != d.EventResult || events[0].DeliberationID != delib.ID {
		t.Fatalf("events: %+v", events)
	}
	rs, err := d.Recipients(db, events[0])
	modeltest.WantErr(t, err, nil)
	var ids []uint
	for _, r := range rs {
		ids = append(ids, r.UserID)
	}
	if !slices.Equal(ids, []uint{voters[0].ID, voters[1].ID}) {
		t.Errorf("recipients %v, want the participants who want news", ids)
	}
}

// A 공론장 whose period ended is closed for the 결과 without staff closing it.
func TestPublishAfterThePeriod(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	end := delib.ClosesAt
	modeltest.WantErr(t, d.PublishResult(db, delib.ID, staff.ID, d.ResultInput{Text: "결과"}, end.Add(modeltest.Day)), nil)
	got, _ := d.Find(db, delib.ID)
	if got.Status != d.StatusClosed || !modeltest.SameTime(got.ClosedAt, end) {
		t.Errorf("stored: %s closed at %v, want closed at the end of the period", got.Status, got.ClosedAt)
	}
}
