package petitions_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
	"ydp1/models/modeltest"
	"ydp1/models/petitions"
)

// commented gives u's 공감 with a comment to p and returns the support's id.
func commented(t *testing.T, db *gorm.DB, p *petitions.Petition, u *models.User, text string, at time.Time) uint {
	t.Helper()
	_, err := petitions.SupportPetition(db, petitions.SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: text}, at)
	modeltest.WantErr(t, err, nil)
	var s petitions.Support
	modeltest.WantErr(t, db.Where("petition_id = ? AND user_id = ?", p.ID, u.ID).Take(&s).Error, nil)
	return s.ID
}

func report(db *gorm.DB, reporter *models.User, p *petitions.Petition, commentID uint, at time.Time) (*petitions.ReportResult, error) {
	return petitions.FileReport(db, petitions.ReportInput{ReporterID: reporter.ID, PetitionID: p.ID, CommentID: commentID, Reason: "욕설·비방"}, at)
}

func commentTexts(t *testing.T, db *gorm.DB, p *petitions.Petition) ([]string, int64) {
	t.Helper()
	cs, total, err := petitions.Comments(db, p.ID, 1, 50)
	modeltest.WantErr(t, err, nil)
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out, total
}

func TestReportValidation(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	u := modeltest.MkUser(t, db)
	cases := []struct {
		name   string
		in     petitions.ReportInput
		fields string
	}{
		{"no reason", petitions.ReportInput{}, "reason"},
		{"unknown reason", petitions.ReportInput{Reason: "싫어요"}, "reason"},
		{"기타 needs a note", petitions.ReportInput{Reason: "기타", Note: "  "}, "note"},
		{"note too long", petitions.ReportInput{Reason: "광고·스팸", Note: strings.Repeat("가", petitions.MaxReportNote+1)}, "note"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.ReporterID, c.in.PetitionID = u.ID, p.ID
			_, err := petitions.FileReport(db, c.in, modeltest.T0)
			if got := strings.Join(modeltest.FieldErrors(t, err), ","); got != c.fields {
				t.Errorf("fields %s, want %s", got, c.fields)
			}
		})
	}
	_, err := petitions.FileReport(db, petitions.ReportInput{ReporterID: u.ID, PetitionID: p.ID, Reason: "기타", Note: strings.Repeat("가", petitions.MaxReportNote)}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if n := modeltest.CountRows(t, db, &petitions.Report{}); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
}

func TestReportWho(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	author := modeltest.MkUser(t, db)
	cid := commented(t, db, p, author, "좋은 의견입니다", modeltest.T0.Add(time.Minute))

	// only verified accounts report
	_, err := report(db, modeltest.MkUser(t, db, modeltest.Unverified), p, 0, modeltest.T0)
	modeltest.WantErr(t, err, models.ErrNotVerified)

	// only public petitions, and only comments still shown on the petition they belong to
	draft := modeltest.FilePetition(t, db, modeltest.T0)
	_, err = report(db, modeltest.MkUser(t, db), draft, 0, modeltest.T0)
	modeltest.WantErr(t, err, petitions.ErrNotReportable)
	other := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	_, err = report(db, modeltest.MkUser(t, db), other, cid, modeltest.T0)
	modeltest.WantErr(t, err, petitions.ErrNotReportable)
	_, err = report(db, modeltest.MkUser(t, db), p, 9999, modeltest.T0)
	modeltest.WantErr(t, err, petitions.ErrNotReportable)
	silent := modeltest.MkUser(t, db)
	_, err = petitions.SupportPetition(db, petitions.SupportInput{PetitionID: p.ID, UserID: silent.ID}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	var bare petitions.Support
	modeltest.WantErr(t, db.Where("user_id = ?", silent.ID).Take(&bare).Error, nil)
	_, err = report(db, modeltest.MkUser(t, db), p, bare.ID, modeltest.T0)
	modeltest.WantErr(t, err, petitions.ErrNotReportable)
}

func TestOneReportPerReporterPerTarget(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	cid := commented(t, db, p, modeltest.MkUser(t, db), "댓글", modeltest.T0)
	u := modeltest.MkUser(t, db)

	_, err := report(db, u, p, 0, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	_, err = report(db, u, p, 0, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, petitions.ErrAlreadyReported)
	// the comment is another target
	_, err = report(db, u, p, cid, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	reported, err := petitions.HasReported(db, u.ID, p.ID, cid)
	modeltest.WantErr(t, err, nil)
	if !reported {
		t.Error("HasReported = false after reporting")
	}

	// many tries at once still store one
	v := modeltest.MkUser(t, db)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); report(db, v, p, cid, modeltest.T0) }()
	}
	wg.Wait()
	if n := modeltest.CountRows(t, db, &petitions.Report{}, "reporter_id = ?", v.ID); n != 1 {
		t.Errorf("%d reports by one account on one comment, want 1", n)
	}
}

func TestCommentHiddenAtLimitUntilStaffDecide(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	s := modeltest.Rules(0, 1000)
	s.ReportLimit = 3
	modeltest.UseSettings(t, db, s)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	bad := commented(t, db, p, modeltest.MkUser(t, db), "나쁜 말", modeltest.T0.Add(time.Minute))
	commented(t, db, p, modeltest.MkUser(t, db), "좋은 말", modeltest.T0.Add(2*time.Minute))

	for i := 0; i < 3; i++ {
		res, err := report(db, modeltest.MkUser(t, db), p, bad, modeltest.T0.Add(time.Hour))
		modeltest.WantErr(t, err, nil)
		if res.Hidden != (i == 2) {
			t.Errorf("report %d: hidden = %v", i+1, res.Hidden)
		}
		texts, total := commentTexts(t, db, p)
		if want := i < 2; want != strings.Contains(strings.Join(texts, "|"), "나쁜 말") || (want && total != 2) {
			t.Errorf("after %d reports the page shows %v (count %d)", i+1, texts, total)
		}
	}
	if texts, total := commentTexts(t, db, p); total != 1 || len(texts) != 1 || texts[0] != "좋은 말" {
		t.Errorf("with the comment hidden the page shows %v, count %d", texts, total)
	}
	// hidden comments cannot be reported again
	_, err := report(db, modeltest.MkUser(t, db), p, bad, modeltest.T0.Add(2*time.Hour))
	modeltest.WantErr(t, err, petitions.ErrNotReportable)

	// the queue has it, newest target first, with the reasons
	petitionReport, err := petitions.FileReport(db, petitions.ReportInput{ReporterID: modeltest.MkUser(t, db).ID, PetitionID: p.ID, Reason: "명예훼손", Note: "특정인을 비방"}, modeltest.T0.Add(3*time.Hour))
	modeltest.WantErr(t, err, nil)
	if petitionReport.Hidden {
		t.Error("a petition report hid something")
	}
	q, err := petitions.ReportQueue(db, 50)
	modeltest.WantErr(t, err, nil)
	if len(q) != 2 || q[0].TargetType != petitions.TargetPetition || q[1].TargetType != petitions.TargetComment {
		t.Fatalf("queue = %+v", q)
	}
	if g := q[1]; g.Count != 3 || !g.Hidden() || g.Comment == nil || g.Comment.Comment != "나쁜 말" ||
		len(g.Reasons) != 1 || g.Reasons[0] != (petitions.ReasonCount{"욕설·비방", 3}) || g.PetitionTitle != p.Title {
		t.Errorf("comment group = %+v", g)
	}
	if g := q[0]; g.Count != 1 || len(g.Notes) != 1 || g.Notes[0] != "특정인을 비방" || !g.LatestAt.Equal(modeltest.T0.Add(3*time.Hour)) {
		t.Errorf("petition group = %+v", g)
	}
	if n, err := petitions.OpenReportTargets(db); err != nil || n != 2 {
		t.Errorf("open targets = %d, %v; want 2", n, err)
	}

	// dismissing shows the comment again and closes its reports
	pid, err := petitions.DecideReports(db, staff.ID, petitions.TargetComment, bad, petitions.DecisionDismiss, modeltest.T0.Add(4*time.Hour))
	modeltest.WantErr(t, err, nil)
	if pid != p.ID {
		t.Errorf("decision returned petition %d, want %d", pid, p.ID)
	}
	if texts, total := commentTexts(t, db, p); total != 2 || len(texts) != 2 {
		t.Errorf("after dismissal the page shows %v, count %d", texts, total)
	}
	if n := modeltest.CountRows(t, db, &petitions.Report{}, "target_type = ? AND status = ?", petitions.TargetComment, petitions.ReportDismissed); n != 3 {
		t.Errorf("%d dismissed reports, want 3", n)
	}
	// a second decision on the same reports finds nothing open
	_, err = petitions.DecideReports(db, staff.ID, petitions.TargetComment, bad, petitions.DecisionUphold, modeltest.T0.Add(4*time.Hour))
	modeltest.WantErr(t, err, models.ErrStateChanged)
	var entry models.AuditEntry
	modeltest.WantErr(t, db.Where("action = ?", petitions.AuditReportDismiss).Take(&entry).Error, nil)
	if entry.ActorID != staff.ID || entry.TargetType != petitions.TargetComment || entry.TargetID != bad ||
		!strings.Contains(entry.Before, `"hidden":"reported"`) || !strings.Contains(entry.After, `"hidden":""`) {
		t.Errorf("audit entry = %+v", entry)
	}
	// only new reports count toward the limit
	_, err = report(db, modeltest.MkUser(t, db), p, bad, modeltest.T0.Add(5*time.Hour))
	modeltest.WantErr(t, err, nil)
	if texts, _ := commentTexts(t, db, p); len(texts) != 2 {
		t.Errorf("one new report after a dismissal hid the comment: %v", texts)
	}
}

func TestUpholdKeepsCommentHidden(t *testing.T) {
	db := modeltest.NewDB(t)
	p := modeltest.MkOpen(t, db, 1000, modeltest.T0)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	bad := commented(t, db, p, modeltest.MkUser(t, db), "광고 링크", modeltest.T0)

	// upheld below the limit: hidden for good at once
	_, err := report(db, modeltest.MkUser(t, db), p, bad, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, nil)
	if texts, _ := commentTexts(t, db, p); len(texts) != 1 {
		t.Fatalf("one report hid the comment: %v", texts)
	}
	_, err = petitions.DecideReports(db, staff.ID, petitions.TargetComment, bad, petitions.DecisionUphold, modeltest.T0.Add(2*time.Hour))
	modeltest.WantErr(t, err, nil)
	if texts, total := commentTexts(t, db, p); len(texts) != 0 || total != 0 {
		t.Errorf("upheld comment still shown: %v (%d)", texts, total)
	}
	var s petitions.Support
	modeltest.WantErr(t, db.Take(&s, bad).Error, nil)
	if s.Hidden != petitions.CommentRemoved || !modeltest.SameTime(s.HiddenAt, modeltest.T0.Add(2*time.Hour)) {
		t.Errorf("support hidden = %q at %v", s.Hidden, s.HiddenAt)
	}
	// the support itself still counts
	if got := modeltest.StoredRow(t, db, p.ID).SupportCount; got != 1 {
		t.Errorf("support count = %d, want 1", got)
	}
	if n := modeltest.CountRows(t, db, &models.AuditEntry{}, "action = ? AND actor_id = ?", petitions.AuditReportUphold, staff.ID); n != 1 {
		t.Errorf("%d uphold audit entries, want 1", n)
	}

	// upholding after the limit hid it keeps the time it was hidden
	s2 := modeltest.Rules(0, 1000)
	s2.ReportLimit = 1
	modeltest.UseSettings(t, db, s2)
	bad2 := commented(t, db, p, modeltest.MkUser(t, db), "욕설", modeltest.T0)
	_, err = report(db, modeltest.MkUser(t, db), p, bad2, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, nil)
	_, err = petitions.DecideReports(db, staff.ID, petitions.TargetComment, bad2, petitions.DecisionUphold, modeltest.T0.Add(3*time.Hour))
	modeltest.WantErr(t, err, nil)
	s = petitions.Support{}
	modeltest.WantErr(t, db.Take(&s, bad2).Error, nil)
	if s.Hidden != petitions.CommentRemoved || !modeltest.SameTime(s.HiddenAt, modeltest.T0.Add(time.Hour)) {
		t.Errorf("support hidden = %q at %v", s.Hidden, s.HiddenAt)
	}

	// a petition's reports close on uphold; the petition itself is moderated separately
	_, err = report(db, modeltest.MkUser(t, db), p, 0, modeltest.T0.Add(time.Hour))
	modeltest.WantErr(t, err, nil)
	pid, err := petitions.DecideReports(db, staff.ID, petitions.TargetPetition, p.ID, petitions.DecisionUphold, modeltest.T0.Add(4*time.Hour))
	modeltest.WantErr(t, err, nil)
	if pid != p.ID || modeltest.CountRows(t, db, &petitions.Report{}, "status = ?", petitions.ReportOpen) != 0 {
		t.Errorf("petition uphold: petition %d, open reports left %d", pid, modeltest.CountRows(t, db, &petitions.Report{}, "status = ?", petitions.ReportOpen))
	}
	if got := modeltest.StoredRow(t, db, p.ID).Status; got != petitions.StatusOpen {
		t.Errorf("upholding a report changed the petition to %s", got)
	}
}
