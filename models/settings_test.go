package models_test

import (
	"strings"
	"testing"

	"ydp1/models"
	"ydp1/models/modeltest"
)

func TestSettings(t *testing.T) {
	db := modeltest.NewDB(t)
	s, err := models.LoadSettings(db)
	modeltest.WantErr(t, err, nil)
	if s != models.DefaultSettings {
		t.Errorf("an empty table loads %+v, want the defaults %+v", s, models.DefaultSettings)
	}
	if models.DefaultSettings != (models.Settings{Threshold: 1000, PreconsentGoal: 10, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20, DeptAnswerDays: 10, ReportLimit: 3, AnonymiseMonths: 12}) {
		t.Errorf("defaults %+v are not 영등포구's rules", models.DefaultSettings)
	}

	seeded := models.Settings{Threshold: 500, PreconsentGoal: 5, PreconsentDays: 3, PetitionDays: 14, AnswerDays: 10, DeptAnswerDays: 7, ReportLimit: 2, AnonymiseMonths: 6}
	modeltest.WantErr(t, models.SeedSettings(db, seeded, nil, modeltest.T0), nil)
	if s, _ := models.LoadSettings(db); s != seeded {
		t.Errorf("after seeding: %+v, want %+v", s, seeded)
	}
	// Seeding again (every boot does) keeps what is stored.
	modeltest.WantErr(t, models.SeedSettings(db, models.DefaultSettings, nil, modeltest.T0.Add(modeltest.Day)), nil)
	if s, _ := models.LoadSettings(db); s != seeded {
		t.Errorf("a second seed overwrote the settings: %+v", s)
	}

	saved := models.Settings{Threshold: 2000, PreconsentGoal: 0, PreconsentDays: 10, PetitionDays: 45, AnswerDays: 30, DeptAnswerDays: 14, ReportLimit: 5, AnonymiseMonths: 24, Notice: "설 연휴에는 답변이 늦어질 수 있습니다."}
	modeltest.WantErr(t, models.SaveSettings(db, saved, modeltest.T0.Add(2*modeltest.Day)), nil)
	if s, _ := models.LoadSettings(db); s != saved {
		t.Errorf("after saving: %+v, want %+v", s, saved)
	}
	var row models.Setting
	modeltest.WantErr(t, db.Take(&row, "key = ?", "petition_threshold").Error, nil)
	if row.Value != "2000" || !row.UpdatedAt.Equal(modeltest.T0.Add(2*modeltest.Day)) {
		t.Errorf("stored row = %+v", row)
	}
	if n := modeltest.CountRows(t, db, &models.Setting{}); n != 9 {
		t.Errorf("%d setting rows, want 9 (eight numbers and the notice)", n)
	}

	// A missing or unreadable row falls back to its default, the others stay.
	modeltest.WantErr(t, db.Where("key = ?", "answer_days").Delete(&models.Setting{}).Error, nil)
	modeltest.WantErr(t, db.Model(&models.Setting{}).Where("key = ?", "petition_days").Update("value", "서른").Error, nil)
	s, err = models.LoadSettings(db)
	modeltest.WantErr(t, err, nil)
	want := saved
	want.AnswerDays, want.PetitionDays = models.DefaultSettings.AnswerDays, models.DefaultSettings.PetitionDays
	if s != want {
		t.Errorf("with a missing and a bad row: %+v, want %+v", s, want)
	}
}

func TestSettingsApplyToNewPetitions(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.UseSettings(t, db, models.Settings{Threshold: 50, PreconsentGoal: 2, PreconsentDays: 3, PetitionDays: 10, AnswerDays: 5})
	p := modeltest.FilePetition(t, db, modeltest.T0)
	if p.PreconsentGoal != 2 || !p.PreconsentEndsAt.Equal(modeltest.T0.Add(3*modeltest.Day)) {
		t.Errorf("filed under goal %d ending %v", p.PreconsentGoal, p.PreconsentEndsAt)
	}
	modeltest.UseSettings(t, db, models.Settings{Threshold: 50, PreconsentGoal: 7, PreconsentDays: 9, PetitionDays: 10, AnswerDays: 5})
	if got := modeltest.StoredRow(t, db, p.ID); got.PreconsentGoal != 2 {
		t.Errorf("the 사전동의 goal of a filed petition changed to %d", got.PreconsentGoal)
	}
}

func TestExplicitSettingsApplyWhenTheyChange(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.WantErr(t, models.SeedSettings(db, models.DefaultSettings, nil, modeltest.T0), nil) // first start, no environment

	small := models.DefaultSettings
	small.Threshold = 3
	// PETITION_THRESHOLD=3 on the next start replaces the stored 1000
	modeltest.WantErr(t, models.SeedSettings(db, small, []string{"petition_threshold"}, modeltest.T0.Add(modeltest.Day)), nil)
	if s, _ := models.LoadSettings(db); s.Threshold != 3 || s.PreconsentGoal != models.DefaultSettings.PreconsentGoal {
		t.Fatalf("explicit threshold not applied: %+v", s)
	}

	// staff change it on the settings page; a restart with the same environment keeps their value
	staff := small
	staff.Threshold = 50
	modeltest.WantErr(t, models.SaveSettings(db, staff, modeltest.T0.Add(2*modeltest.Day)), nil)
	modeltest.WantErr(t, models.SeedSettings(db, small, []string{"petition_threshold"}, modeltest.T0.Add(3*modeltest.Day)), nil)
	if s, _ := models.LoadSettings(db); s.Threshold != 50 {
		t.Errorf("a restart with an unchanged environment overwrote the staff's value: %+v", s)
	}

	// a changed environment value is applied again
	small.Threshold = 7
	modeltest.WantErr(t, models.SeedSettings(db, small, []string{"petition_threshold"}, modeltest.T0.Add(4*modeltest.Day)), nil)
	if s, _ := models.LoadSettings(db); s.Threshold != 7 {
		t.Errorf("changed PETITION_THRESHOLD not applied: %+v", s)
	}
}

func TestUpdateSettingsValidatesAndAudits(t *testing.T) {
	db := modeltest.NewDB(t)
	modeltest.WantErr(t, models.SeedSettings(db, models.DefaultSettings, nil, modeltest.T0), nil)
	form := models.DefaultSettings.Form()
	form["petition_threshold"] = "0"
	form["answer_days"] = "스무날"
	_, err := models.UpdateSettings(db, 7, form, modeltest.T0)
	errs, _ := models.AsErrors(err)
	if errs["petition_threshold"] == "" || errs["answer_days"] != "desk.settings.error.number" {
		t.Errorf("errors = %v", errs)
	}
	if s, _ := models.LoadSettings(db); s != models.DefaultSettings {
		t.Errorf("a refused form changed the settings: %+v", s)
	}

	form = models.DefaultSettings.Form()
	form["petition_threshold"] = "5,000"
	form["site_notice"] = "  12월 31일은 시스템 점검으로 쉽니다.  "
	got, err := models.UpdateSettings(db, 7, form, modeltest.T0.Add(modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if got.Threshold != 5000 || got.Notice != "12월 31일은 시스템 점검으로 쉽니다." {
		t.Errorf("saved %+v", got)
	}
	if s, _ := models.LoadSettings(db); s != got {
		t.Errorf("stored %+v, want %+v", s, got)
	}
	log, total, err := models.ListAudit(db, models.AuditQuery{Action: models.AuditSettings})
	modeltest.WantErr(t, err, nil)
	if total != 1 || log[0].ActorID != 7 || !strings.Contains(log[0].Before, `"Threshold":1000`) || !strings.Contains(log[0].After, `"Threshold":5000`) {
		t.Errorf("audit = %+v", log)
	}
	// the same values again change nothing and log nothing
	_, err = models.UpdateSettings(db, 7, got.Form(), modeltest.T0.Add(2*modeltest.Day))
	modeltest.WantErr(t, err, nil)
	if _, total, _ := models.ListAudit(db, models.AuditQuery{}); total != 1 {
		t.Errorf("an unchanged form was logged: %d entries", total)
	}
	// the log refuses edits and deletions
	if err := db.Exec("UPDATE audit_log SET action = 'x'").Error; err == nil {
		t.Error("an audit entry was edited")
	}
	if err := db.Exec("DELETE FROM audit_log").Error; err == nil {
		t.Error("an audit entry was deleted")
	}
}

// The statement length of a 공론장 is Polis' 140 until staff set another; a
// blank field brings the default back.
func TestStatementLengthSetting(t *testing.T) {
	db := modeltest.NewDB(t)
	s, _ := models.LoadSettings(db)
	if s.StatementLimit() != 140 || s.Form()["statement_length"] != "" {
		t.Errorf("by default: limit %d, form %q", s.StatementLimit(), s.Form()["statement_length"])
	}
	form := models.DefaultSettings.Form()
	form["statement_length"] = "1"
	_, err := models.UpdateSettings(db, 1, form, modeltest.T0)
	if errs, _ := models.AsErrors(err); errs["statement_length"] != models.Msg("desk.settings.error.range", "Min", "20", "Max", "2,000") {
		t.Errorf("1 character: %v", err)
	}
	form["statement_length"] = "200"
	_, err = models.UpdateSettings(db, 1, form, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if s, _ = models.LoadSettings(db); s.StatementLimit() != 200 {
		t.Errorf("after setting 200: %d", s.StatementLimit())
	}
	form["statement_length"] = " "
	_, err = models.UpdateSettings(db, 1, form, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if s, _ = models.LoadSettings(db); s.StatementLimit() != 140 || s.StatementLength != 0 {
		t.Errorf("after a blank field: %+v", s)
	}
}
