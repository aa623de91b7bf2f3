package deliberations_test

import (
	"slices"
	"strings"
	"testing"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

func TestOpenSaysWhatIsMissing(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	_, err := d.Open(db, staff.ID, d.Input{}, modeltest.T0)
	if got := modeltest.FieldErrors(t, err); !slices.Equal(got, []string{"closes_at", "moderation", "opens_at", "question", "title"}) {
		t.Errorf("an empty form: %v", got)
	}
	in := modeltest.DeliberationInput(d.ModerationPost)
	in.OpensAt, in.ClosesAt = in.ClosesAt, in.OpensAt
	in.Seeds = "좋아요\n\n" + strings.Repeat("가", 141) + "\n좋아요"
	in.MeetingID, in.PetitionID = 999, 999
	_, err = d.Open(db, staff.ID, in, modeltest.T0)
	errs, _ := models.AsErrors(err)
	if got := modeltest.FieldErrors(t, err); !slices.Equal(got, []string{"closes_at", "meeting_id", "petition_id", "seeds"}) {
		t.Errorf("a wrong form: %v", errs)
	}
	if errs["closes_at"] != "deliberations.error.closes_before" || errs["seeds"] != models.Msg("deliberations.error.seed_long", "Line", "3", "Limit", "140") {
		t.Errorf("messages: %v", errs)
	}
	modeltest.AllowedFields(t, errs, "title", "question", "background", "moderation", "opens_at", "closes_at", "seeds", "meeting_id", "petition_id", "draft")
	if n := modeltest.CountRows(t, db, &d.Deliberation{}); n != 0 {
		t.Errorf("%d 공론장 stored from wrong forms", n)
	}
}

func TestOpenUpdateClose(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	meeting := modeltest.MkMeeting(t, db, 10)
	in := modeltest.DeliberationInput(d.ModerationPre)
	in.MeetingID, in.Draft = meeting.ID, true
	in.Seeds += "\n  주차면을   늘려야 합니다. " // the same wording, spaced differently
	_, err := d.Open(db, staff.ID, in, modeltest.T0)
	if errs, _ := models.AsErrors(err); errs["seeds"] != models.Msg("deliberations.error.seed_duplicate", "Line", "4") {
		t.Errorf("a repeated seed: %v", err)
	}
	in.Seeds = modeltest.DeliberationInput(d.ModerationPre).Seeds
	delib, err := d.Open(db, staff.ID, in, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	got, _ := d.Find(db, delib.ID)
	if got.StateAt(modeltest.T0) != d.StateDraft || got.StatementCount != 3 || *got.MeetingID != meeting.ID ||
		got.BackgroundHTML != "<p>구청은 <strong>2025년</strong> 주차장 재정비를 계획하고 있습니다.</p>\n" {
		t.Errorf("opened as a draft: %+v", got)
	}
	if list, _ := d.List(db, d.Query{}, modeltest.T0); len(list) != 0 {
		t.Errorf("a draft is listed for residents: %v", list)
	}
	if list, _ := d.List(db, d.Query{Drafts: true, MeetingID: meeting.ID}, modeltest.T0); len(list) != 1 {
		t.Errorf("the desk's list of the meeting: %v", list)
	}

	in.Draft = false
	in.Seeds = "주차면을 늘려야 합니다.\n야간에는 주민에게 개방해야 합니다."
	modeltest.WantErr(t, d.Update(db, delib.ID, staff.ID, in, modeltest.T0), nil)
	got, _ = d.Find(db, delib.ID)
	if got.StateAt(modeltest.T0) != d.StateOpen || got.StatementCount != 4 {
		t.Errorf("after publishing with one new seed: %s, %d statements", got.StateAt(modeltest.T0), got.StatementCount)
	}
	in.Draft = true
	if errs, _ := models.AsErrors(d.Update(db, delib.ID, staff.ID, in, modeltest.T0)); errs["draft"] == "" {
		t.Errorf("an open 공론장 went back to draft")
	}
	if got.StateAt(modeltest.T0.Add(-2*modeltest.Day)) != d.StateUpcoming || got.StateAt(modeltest.T0.Add(14*modeltest.Day)) != d.StateClosed {
		t.Errorf("states by time are wrong")
	}

	modeltest.WantErr(t, d.Close(db, delib.ID, staff.ID, modeltest.T0), nil)
	modeltest.WantErr(t, d.Close(db, delib.ID, staff.ID, modeltest.T0), models.ErrStateChanged)
	in.Draft = false
	modeltest.WantErr(t, d.Update(db, delib.ID, staff.ID, in, modeltest.T0), models.ErrStateChanged)
	got, _ = d.Find(db, delib.ID)
	if got.StateAt(modeltest.T0) != d.StateClosed || !got.ClosesAt.Equal(modeltest.T0) || !modeltest.SameTime(got.ClosedAt, modeltest.T0) {
		t.Errorf("closed: %+v", got)
	}
	var actions []string
	db.Model(&models.AuditEntry{}).Where("target_type = ? AND target_id = ?", "deliberation", delib.ID).Order("id").Pluck("action", &actions)
	if !slices.Equal(actions, []string{d.AuditOpen, d.AuditUpdate, d.AuditClose}) {
		t.Errorf("audit log: %v", actions)
	}
	if models.AuditLabels[d.AuditClose] != "audit.action.deliberation_close" {
		t.Errorf("audit labels missing")
	}
}
