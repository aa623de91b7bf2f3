package deliberations_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"ydp1/models"
	d "ydp1/models/deliberations"
	"ydp1/models/modeltest"
)

func TestWriteStatement(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	u := modeltest.MkUser(t, db)
	write := func(body string) (*d.Statement, error) {
		return d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: u.ID, Body: body}, modeltest.T0)
	}

	if _, err := write("  \n "); modeltest.FieldErrors(t, err)[0] != "body" {
		t.Errorf("an empty statement: %v", err)
	}
	_, err := write(strings.Repeat("가", 141))
	if errs, _ := models.AsErrors(err); errs["body"] != models.Msg("deliberations.error.body_long", "Limit", "140", "N", "141") {
		t.Errorf("141 characters: %v", err)
	}
	s := models.DefaultSettings
	s.StatementLength = 200
	modeltest.UseSettings(t, db, s)
	long, err := write(strings.Repeat("가", 141))
	modeltest.WantErr(t, err, nil)
	if long.Status != d.StatementShown {
		t.Errorf("post-moderation: %s", long.Status)
	}
	if _, err := write("  주차면을 늘려야\n합니다. "); modeltest.FieldErrors(t, err)[0] != "body" {
		t.Errorf("a seed's wording again: %v", err)
	}
	if stored, rows := counts(t, db, long.ID); stored != [3]int{1, 0, 0} || rows != stored {
		t.Errorf("the author's own statement: counters %v, rows %v, want their 동의", stored, rows)
	}
	got, _ := d.Find(db, delib.ID)
	if got.StatementCount != 4 || got.VoteCount != 1 || got.ParticipantCount != 1 {
		t.Errorf("공론장 counters: %d statements, %d votes, %d participants", got.StatementCount, got.VoteCount, got.ParticipantCount)
	}
	if _, err := d.Vote(db, d.VoteInput{StatementID: long.ID, UserID: u.ID, Value: d.Disagree}, modeltest.T0); err != nil {
		t.Errorf("the author changes their vote: %v", err)
	}
	unverified := modeltest.MkUser(t, db, modeltest.Unverified)
	if _, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: unverified.ID, Body: "새 의견"}, modeltest.T0); !errors.Is(err, models.ErrNotVerified) {
		t.Errorf("unverified author: %v", err)
	}
	if _, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: u.ID, Body: "늦은 의견"}, modeltest.T0.Add(15*modeltest.Day)); !errors.Is(err, d.ErrNotOpen) {
		t.Errorf("after the period: %v", err)
	}
}

// The same wording written by many at once is stored once.
func TestSameStatementRace(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	users := modeltest.MkUsers(t, db, 6)
	errs := modeltest.RunTogether(len(users), func(i int) error {
		_, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: users[i].ID, Body: "밤에는 주민에게 개방해 주세요"}, modeltest.T0)
		return err
	})
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if _, isField := models.AsErrors(err); !isField {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || modeltest.CountRows(t, db, &d.Statement{}, "body = ?", "밤에는 주민에게 개방해 주세요") != 1 {
		t.Errorf("%d writes of the same wording succeeded", ok)
	}
}

func TestPreModeration(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPre)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	u := modeltest.MkUser(t, db)
	a, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: u.ID, Body: "주차장 지하화가 필요합니다"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	b, err := d.WriteStatement(db, d.StatementInput{DeliberationID: delib.ID, UserID: u.ID, Body: "광고 문의는 010-0000-0000"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if a.Status != d.StatementPending {
		t.Errorf("pre-moderation: %s", a.Status)
	}
	other := modeltest.MkUser(t, db)
	if _, err := d.Vote(db, d.VoteInput{StatementID: a.ID, UserID: other.ID, Value: d.Agree}, modeltest.T0); !errors.Is(err, d.ErrStatementHidden) {
		t.Errorf("vote on a pending statement: %v", err)
	}
	modeltest.WantErr(t, d.Approve(db, a.ID, staff.ID, modeltest.T0), nil)
	modeltest.WantErr(t, d.Approve(db, a.ID, staff.ID, modeltest.T0), models.ErrStateChanged)
	if errs, _ := models.AsErrors(d.Remove(db, b.ID, staff.ID, " ", modeltest.T0)); errs["removed_reason"] == "" {
		t.Errorf("removed without a reason")
	}
	modeltest.WantErr(t, d.Remove(db, b.ID, staff.ID, "광고", modeltest.T0), nil)
	modeltest.WantErr(t, d.Remove(db, b.ID, staff.ID, "광고", modeltest.T0), models.ErrStateChanged)
	modeltest.WantErr(t, d.Approve(db, b.ID, staff.ID, modeltest.T0), models.ErrStateChanged)
	got, _ := d.Find(db, delib.ID)
	shown := seeds(t, db, delib.ID)
	if got.StatementCount != 4 || len(shown) != 4 || !slices.ContainsFunc(shown, func(s d.Statement) bool { return s.ID == a.ID }) {
		t.Errorf("%d statements counted, %d shown", got.StatementCount, len(shown))
	}
	removed, _ := d.FindStatement(db, b.ID)
	if removed.RemovedReason != "광고" || removed.ModeratedBy == nil || *removed.ModeratedBy != staff.ID {
		t.Errorf("removed: %+v", removed)
	}
	// removing a shown statement takes it off the count
	modeltest.WantErr(t, d.Remove(db, a.ID, staff.ID, "중복", modeltest.T0), nil)
	if got, _ := d.Find(db, delib.ID); got.StatementCount != 3 {
		t.Errorf("after removing a shown one: %d", got.StatementCount)
	}
}

func TestReports(t *testing.T) {
	db := modeltest.NewDB(t)
	delib := modeltest.MkDeliberation(t, db, d.ModerationPost)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	ss := seeds(t, db, delib.ID)
	users := modeltest.MkUsers(t, db, 3)
	report := func(u models.User, s d.Statement, reason string) error {
		return d.ReportStatement(db, d.ReportInput{StatementID: s.ID, UserID: u.ID, Reason: reason}, modeltest.T0)
	}
	if got := modeltest.FieldErrors(t, report(users[0], ss[0], "")); !slices.Equal(got, []string{"reason"}) {
		t.Errorf("no reason: %v", got)
	}
	if got := modeltest.FieldErrors(t, report(users[0], ss[0], d.ReasonOther)); !slices.Equal(got, []string{"note"}) {
		t.Errorf("기타 without a note: %v", got)
	}
	modeltest.WantErr(t, report(users[0], ss[0], d.ReasonAbuse), nil)
	modeltest.WantErr(t, report(users[0], ss[0], d.ReasonAd), d.ErrAlreadyReported)
	modeltest.WantErr(t, report(users[1], ss[0], d.ReasonAd), nil)
	modeltest.WantErr(t, report(users[2], ss[1], d.ReasonOffTopic), nil)
	open, err := d.OpenReports(db, delib.ID)
	modeltest.WantErr(t, err, nil)
	if len(open) != 2 || open[0].ID != ss[0].ID || len(open[0].Reports) != 2 {
		t.Errorf("open reports: %+v", open)
	}
	modeltest.WantErr(t, d.Remove(db, ss[0].ID, staff.ID, "비방", modeltest.T0), nil)
	modeltest.WantErr(t, d.DismissReports(db, ss[1].ID, staff.ID, modeltest.T0), nil)
	modeltest.WantErr(t, d.DismissReports(db, ss[1].ID, staff.ID, modeltest.T0), models.ErrStateChanged)
	if open, _ := d.OpenReports(db, delib.ID); len(open) != 0 {
		t.Errorf("reports left open: %+v", open)
	}
	modeltest.WantErr(t, report(users[2], ss[0], d.ReasonAbuse), d.ErrStatementHidden)
}
