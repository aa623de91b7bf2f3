package deliberations_test

import (
	"testing"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
	"ydp1/models/privacy"
)

func TestAccountDataAndDeletion(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	u := modeltest.MkUser(t, db)
	s := seeds(t, db, delib.ID)[0]
	_, err := d.Vote(db, d.VoteInput{StatementID: s.ID, UserID: u.ID, Value: d.Disagree}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	own, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: u.ID, Body: "여의도 한강공원 야간 소음을 줄여 주세요"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, d.ReportStatement(db, d.ReportInput{StatementID: s.ID, UserID: u.ID, Reason: d.ReasonOffTopic}, modeltest.T0), nil)

	data, err := privacy.ExportUserData(db, u.ID)
	modeltest.WantErr(t, err, nil)
	if len(data.Statements) != 1 || data.Statements[0].Body != own.Body || data.Statements[0].Title != delib.Title ||
		len(data.Votes) != 2 || data.Votes[0].Statement != s.Body || data.Votes[0].Value != d.Disagree || data.Votes[1].Value != d.Agree {
		t.Errorf("data download: %+v %+v", data.Statements, data.Votes)
	}

	modeltest.WantErr(t, privacy.DeleteAccount(db, u.ID, modeltest.TestPassword, modeltest.T0), nil)
	if p, _ := d.ParticipantOf(db, delib.ID, u.ID); p != 0 {
		t.Errorf("the deleted account is still a participant")
	}
	got, _ := d.FindStatement(db, own.ID)
	if got.AuthorID != nil || got.Status != d.StatementShown {
		t.Errorf("the statement after deletion: %+v", got)
	}
	if n := modeltest.CountRows(t, db, &d.VoteRecord{}, "deliberation_id = ?", delib.ID); n != 2 {
		t.Errorf("%d votes left, want both, anonymous", n)
	}
	if n := modeltest.CountRows(t, db, &d.StatementReport{}, "reporter_id IS NULL"); n != 1 {
		t.Errorf("the report keeps its reporter")
	}
	if rep, _ := models.Recount(db, false, modeltest.T0, d.Counters); !rep.Clean() {
		t.Errorf("counters after deletion: %v", rep.Differences)
	}
	if data, _ := privacy.ExportUserData(db, u.ID); len(data.Votes)+len(data.Statements) != 0 {
		t.Errorf("the deleted account still has data: %+v", data)
	}
}
