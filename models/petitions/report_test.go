package models

import (
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// commented gives u's 공감 with a comment to p and returns the support's id.
func commented(t *testing.T, db *gorm.DB, p *Petition, u *User, text string, at time.Time) uint {
	t.Helper()
	_, err := SupportPetition(db, SupportInput{PetitionID: p.ID, UserID: u.ID, Comment: text}, at)
	wantErr(t, err, nil)
	var s Support
	wantErr(t, db.Where("petition_id = ? AND user_id = ?", p.ID, u.ID).Take(&s).Error, nil)
	return s.ID
}

func report(db *gorm.DB, reporter *User, p *Petition, commentID uint, at time.Time) (*ReportResult, error) {
	return FileReport(db, ReportInput{ReporterID: reporter.ID, PetitionID: p.ID, CommentID: commentID, Reason: "욕설·비방"}, at)
}

func commentTexts(t *testing.T, db *gorm.DB, p *Petition) ([]string, int64) {
	t.Helper()
	cs, total, err := Comments(db, p.ID, 1, 50)
	wantErr(t, err, nil)
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out, total
}

func TestReportValidation(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	u := mkUser(t, db)
	cases := []struct {
		name   string
		in     ReportInput
		fields string
	}{
		{"no reason", ReportInput{}, "reason"},
		{"unknown reason", ReportInput{Reason: "싫어요"}, "reason"},
		{"기타 needs a note", ReportInput{Reason: "기타", Note: "  "}, "note"},
		{"note too long", ReportInput{Reason: "광고·스팸", Note: strings.Repeat("가", MaxReportNote+1)}, "note"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.ReporterID, c.in.PetitionID = u.ID, p.ID
			_, err := FileReport(db, c.in, t0)
			if got := strings.Join(fieldErrors(t, err), ","); got != c.fields {
				t.Errorf("fields %s, want %s", got, c.fields)
			}
		})
	}
	_, err := FileReport(db, ReportInput{ReporterID: u.ID, PetitionID: p.ID, Reason: "기타", Note: strings.Repeat("가", MaxReportNote)}, t0)
	wantErr(t, err, nil)
	if n := countRows(t, db, &Report{}); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
}

func TestReportWho(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	author := mkUser(t, db)
	cid := commented(t, db, p, author, "좋은 의견입니다", t0.Add(time.Minute))

	// only verified accounts report
	_, err := report(db, mkUser(t, db, unverified), p, 0, t0)
	wantErr(t, err, ErrNotVerified)

	// only public petitions, and only comments still shown on the petition they belong to
	draft := filePetition(t, db, t0)
	_, err = report(db, mkUser(t, db), draft, 0, t0)
	wantErr(t, err, ErrNotReportable)
	other := mkOpen(t, db, 1000, t0)
	_, err = report(db, mkUser(t, db), other, cid, t0)
	wantErr(t, err, ErrNotReportable)
	_, err = report(db, mkUser(t, db), p, 9999, t0)
	wantErr(t, err, ErrNotReportable)
	silent := mkUser(t, db)
	_, err = SupportPetition(db, SupportInput{PetitionID: p.ID, UserID: silent.ID}, t0)
	wantErr(t, err, nil)
	var bare Support
	wantErr(t, db.Where("user_id = ?", silent.ID).Take(&bare).Error, nil)
	_, err = report(db, mkUser(t, db), p, bare.ID, t0)
	wantErr(t, err, ErrNotReportable)
}

func TestOneReportPerReporterPerTarget(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	cid := commented(t, db, p, mkUser(t, db), "댓글", t0)
	u := mkUser(t, db)

	_, err := report(db, u, p, 0, t0)
	wantErr(t, err, nil)
	_, err = report(db, u, p, 0, t0.Add(time.Hour))
	wantErr(t, err, ErrAlreadyReported)
	// the comment is another target
	_, err = report(db, u, p, cid, t0)
	wantErr(t, err, nil)
	reported, err := HasReported(db, u.ID, p.ID, cid)
	wantErr(t, err, nil)
	if !reported {
		t.Error("HasReported = false after reporting")
	}

	// many tries at once still store one
	v := mkUser(t, db)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); report(db, v, p, cid, t0) }()
	}
	wg.Wait()
	if n := countRows(t, db, &Report{}, "reporter_id = ?", v.ID); n != 1 {
		t.Errorf("%d reports by one account on one comment, want 1", n)
	}
}

func TestCommentHiddenAtLimitUntilStaffDecide(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	s := rules(0, 1000)
	s.ReportLimit = 3
	useSettings(t, db, s)
	staff := mkUser(t, db, asStaff)
	bad := commented(t, db, p, mkUser(t, db), "나쁜 말", t0.Add(time.Minute))
	commented(t, db, p, mkUser(t, db), "좋은 말", t0.Add(2*time.Minute))

	for i := 0; i < 3; i++ {
		res, err := report(db, mkUser(t, db), p, bad, t0.Add(time.Hour))
		wantErr(t, err, nil)
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
	_, err := report(db, mkUser(t, db), p, bad, t0.Add(2*time.Hour))
	wantErr(t, err, ErrNotReportable)

	// the queue has it, newest target first, with the reasons
	petitionReport, err := FileReport(db, ReportInput{ReporterID: mkUser(t, db).ID, PetitionID: p.ID, Reason: "명예훼손", Note: "특정인을 비방"}, t0.Add(3*time.Hour))
	wantErr(t, err, nil)
	if petitionReport.Hidden {
		t.Error("a petition report hid something")
	}
	q, err := ReportQueue(db, 50)
	wantErr(t, err, nil)
	if len(q) != 2 || q[0].TargetType != TargetPetition || q[1].TargetType != TargetComment {
		t.Fatalf("queue = %+v", q)
	}
	if g := q[1]; g.Count != 3 || !g.Hidden() || g.Comment == nil || g.Comment.Comment != "나쁜 말" ||
		len(g.Reasons) != 1 || g.Reasons[0] != (ReasonCount{"욕설·비방", 3}) || g.PetitionTitle != p.Title {
		t.Errorf("comment group = %+v", g)
	}
	if g := q[0]; g.Count != 1 || len(g.Notes) != 1 || g.Notes[0] != "특정인을 비방" || !g.LatestAt.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("petition group = %+v", g)
	}
	if n, err := OpenReportTargets(db); err != nil || n != 2 {
		t.Errorf("open targets = %d, %v; want 2", n, err)
	}

	// dismissing shows the comment again and closes its reports
	pid, err := DecideReports(db, staff.ID, TargetComment, bad, DecisionDismiss, t0.Add(4*time.Hour))
	wantErr(t, err, nil)
	if pid != p.ID {
		t.Errorf("decision returned petition %d, want %d", pid, p.ID)
	}
	if texts, total := commentTexts(t, db, p); total != 2 || len(texts) != 2 {
		t.Errorf("after dismissal the page shows %v, count %d", texts, total)
	}
	if n := countRows(t, db, &Report{}, "target_type = ? AND status = ?", TargetComment, ReportDismissed); n != 3 {
		t.Errorf("%d dismissed reports, want 3", n)
	}
	// a second decision on the same reports finds nothing open
	_, err = DecideReports(db, staff.ID, TargetComment, bad, DecisionUphold, t0.Add(4*time.Hour))
	wantErr(t, err, ErrStateChanged)
	var entry AuditEntry
	wantErr(t, db.Where("action = ?", AuditReportDismiss).Take(&entry).Error, nil)
	if entry.ActorID != staff.ID || entry.TargetType != TargetComment || entry.TargetID != bad ||
		!strings.Contains(entry.Before, `"hidden":"reported"`) || !strings.Contains(entry.After, `"hidden":""`) {
		t.Errorf("audit entry = %+v", entry)
	}
	// only new reports count toward the limit
	_, err = report(db, mkUser(t, db), p, bad, t0.Add(5*time.Hour))
	wantErr(t, err, nil)
	if texts, _ := commentTexts(t, db, p); len(texts) != 2 {
		t.Errorf("one new report after a dismissal hid the comment: %v", texts)
	}
}

func TestUpholdKeepsCommentHidden(t *testing.T) {
	db := newTestDB(t)
	p := mkOpen(t, db, 1000, t0)
	staff := mkUser(t, db, asStaff)
	bad := commented(t, db, p, mkUser(t, db), "광고 링크", t0)

	// upheld below the limit: hidden for good at once
	_, err := report(db, mkUser(t, db), p, bad, t0.Add(time.Hour))
	wantErr(t, err, nil)
	if texts, _ := commentTexts(t, db, p); len(texts) != 1 {
		t.Fatalf("one report hid the comment: %v", texts)
	}
	_, err = DecideReports(db, staff.ID, TargetComment, bad, DecisionUphold, t0.Add(2*time.Hour))
	wantErr(t, err, nil)
	if texts, total := commentTexts(t, db, p); len(texts) != 0 || total != 0 {
		t.Errorf("upheld comment still shown: %v (%d)", texts, total)
	}
	var s Support
	wantErr(t, db.Take(&s, bad).Error, nil)
	if s.Hidden != CommentRemoved || !sameTime(s.HiddenAt, t0.Add(2*time.Hour)) {
		t.Errorf("support hidden = %q at %v", s.Hidden, s.HiddenAt)
	}
	// the support itself still counts
	if got := storedRow(t, db, p.ID).SupportCount; got != 1 {
		t.Errorf("support count = %d, want 1", got)
	}
	if n := countRows(t, db, &AuditEntry{}, "action = ? AND actor_id = ?", AuditReportUphold, staff.ID); n != 1 {
		t.Errorf("%d uphold audit entries, want 1", n)
	}

	// upholding after the limit hid it keeps the time it was hidden
	s2 := rules(0, 1000)
	s2.ReportLimit = 1
	useSettings(t, db, s2)
	bad2 := commented(t, db, p, mkUser(t, db), "욕설", t0)
	_, err = report(db, mkUser(t, db), p, bad2, t0.Add(time.Hour))
	wantErr(t, err, nil)
	_, err = DecideReports(db, staff.ID, TargetComment, bad2, DecisionUphold, t0.Add(3*time.Hour))
	wantErr(t, err, nil)
	s = Support{}
	wantErr(t, db.Take(&s, bad2).Error, nil)
	if s.Hidden != CommentRemoved || !sameTime(s.HiddenAt, t0.Add(time.Hour)) {
		t.Errorf("support hidden = %q at %v", s.Hidden, s.HiddenAt)
	}

	// a petition's reports close on uphold; the petition itself is moderated separately
	_, err = report(db, mkUser(t, db), p, 0, t0.Add(time.Hour))
	wantErr(t, err, nil)
	pid, err := DecideReports(db, staff.ID, TargetPetition, p.ID, DecisionUphold, t0.Add(4*time.Hour))
	wantErr(t, err, nil)
	if pid != p.ID || countRows(t, db, &Report{}, "status = ?", ReportOpen) != 0 {
		t.Errorf("petition uphold: petition %d, open reports left %d", pid, countRows(t, db, &Report{}, "status = ?", ReportOpen))
	}
	if got := storedRow(t, db, p.ID).Status; got != StatusOpen {
		t.Errorf("upholding a report changed the petition to %s", got)
	}
}
