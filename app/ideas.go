package app

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/ideas"
)

// 창의 아이디어단: staff ideas (제안), their review by the 제안심의회, awards
// and adoption. Admins act as the secretary (기획예산과).

// publicIdeas is the residents' page of adopted staff ideas.
func (a *App) publicIdeas(c echo.Context) error {
	ideas, err := ideas.PublicIdeas(a.dbFor(c))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "ideas/index", &publicIdeasPage{
		base: base{Title: t(c, "ideas.public.title"),
			Description: t(c, "ideas.public.description")},
		Ideas: ideas,
	})
}

type publicIdeasPage struct {
	base
	Ideas []ideas.PublicIdea
}

func (a *App) deskIdeas(c echo.Context) error {
	now := a.now()
	u := currentUser(c)
	q := ideas.Query{State: ideas.IdeaState(c.QueryParam("state")), BureauID: uint(atoi(c.QueryParam("bureau")))}
	list, err := ideas.ListIdeas(a.dbFor(c), q)
	if err != nil {
		return err
	}
	ideas.OverdueFirst(list, now)
	counts, err := ideas.CountIdeas(a.dbFor(c))
	if err != nil {
		return err
	}
	teams, err := ideas.ListBureaus(a.dbFor(c), now)
	if err != nil {
		return err
	}
	overdue, err := ideas.OverdueIdeas(a.dbFor(c), now)
	if err != nil {
		return err
	}
	budget, err := ideas.AwardBudgetStatus(a.dbFor(c), now.In(models.Seoul).Year())
	if err != nil {
		return err
	}
	mine, err := ideas.RoundsOf(a.dbFor(c), u.ID)
	if err != nil {
		return err
	}
	var small, silent []ideas.BureauSummary
	for _, t := range teams {
		if t.Small() {
			small = append(small, t)
		}
		if !t.MetThisQuarter {
			silent = append(silent, t)
		}
	}
	return a.render(c, http.StatusOK, "admin/ideas", &deskIdeasPage{
		base: titled(t(c, "ideas.title")), Ideas: list, Counts: counts, Query: q, Teams: teams,
		Small: small, Silent: silent, Overdue: overdue, Budget: budget, MyRounds: mine,
		Quarter: ideas.QuarterOf(now), Now: now, States: ideas.IdeaStates,
	})
}

type deskIdeasPage struct {
	base
	Ideas    []ideas.Idea
	Counts   []ideas.IdeaCount
	Query    ideas.Query
	Teams    []ideas.BureauSummary
	Small    []ideas.BureauSummary // teams with too few members
	Silent   []ideas.BureauSummary // teams that have not met this quarter
	Overdue  []ideas.Idea
	Budget   ideas.BudgetStatus
	MyRounds []ideas.ReviewRound
	Quarter  int
	Now      time.Time
	States   []ideas.IdeaState
}

type ideaFormPage struct {
	base
	Staff    []models.User
	Teams    []ideas.BureauSummary
	Meetings []ideas.IdeaMeeting
	Chosen   map[uint]bool // the proposers ticked
}

// chosen marks the ids ticked in a list of checkboxes.
func chosen(values []string) map[uint]bool {
	out := map[uint]bool{}
	for _, v := range values {
		out[uint(atoi(v))] = true
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// ideaForm renders the idea form with the pickers it needs.
func (a *App) ideaForm(c echo.Context, status int, form base) error {
	staff, err := ideas.StaffAccounts(a.dbFor(c))
	if err != nil {
		return err
	}
	teams, err := ideas.ListBureaus(a.dbFor(c), a.now())
	if err != nil {
		return err
	}
	meetings, err := ideas.RecentIdeaMeetings(a.dbFor(c), a.now().AddDate(-1, 0, 0))
	if err != nil {
		return err
	}
	form.Title = t(c, "ideas.submit")
	return a.render(c, status, "admin/ideas_new", &ideaFormPage{base: form, Staff: staff, Teams: teams, Meetings: meetings,
		Chosen: chosen(form.Form["proposers"])})
}

func (a *App) deskNewIdea(c echo.Context) error {
	u := currentUser(c)
	form := url.Values{"proposers": {strconv.Itoa(int(u.ID))}}
	b, err := ideas.BureauOf(a.dbFor(c), u.ID)
	if err != nil {
		return err
	}
	if b != nil {
		form.Set("bureau_id", strconv.Itoa(int(b.ID)))
	}
	return a.ideaForm(c, http.StatusOK, base{Form: form})
}

func (a *App) deskCreateIdea(c echo.Context) error {
	form, _ := c.FormParams()
	in := ideas.Input{Title: form.Get("title"), Problem: form.Get("problem"), Proposal: form.Get("proposal"),
		Effect: form.Get("effect"), Department: form.Get("department"), BureauID: form.Get("bureau_id"),
		MeetingID: form.Get("meeting_id"), Proposers: form["proposers"], PublishName: form.Get("publish_name") == "yes"}
	idea, err := ideas.SubmitIdea(a.dbFor(c), currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.ideaForm(c, http.StatusUnprocessableEntity, base{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.submitted")
	return c.Redirect(http.StatusSeeOther, ideaPath(idea.ID))
}

func ideaPath(id uint) string { return "/admin/ideas/" + strconv.Itoa(int(id)) }

func (a *App) loadIdea(c echo.Context) (*ideas.Idea, error) { return byID(a, c, ideas.FindIdea) }

func (a *App) deskIdea(c echo.Context) error {
	idea, err := a.loadIdea(c)
	if err != nil {
		return err
	}
	return a.ideaDesk(c, http.StatusOK, idea, base{})
}

type ideaDeskPage struct {
	base
	I           *ideas.Idea
	History     []ideas.IdeaStep
	Progress    []ideas.IdeaProgress
	Round       *ideas.ReviewRound // the round that reviews it, if any
	Budget      ideas.BudgetStatus
	IsProposer  bool
	Decidable   bool // its round closed and it waits for the decision
	Overdue     bool
	Grades      []choice
	RoundMember bool // the viewer scores in its round
}

// ideaDesk renders an idea with its history, progress, review and the forms
// the viewer may use; form carries a form shown again with its errors.
func (a *App) ideaDesk(c echo.Context, status int, idea *ideas.Idea, form base) error {
	now := a.now()
	history, err := ideas.IdeaHistory(a.dbFor(c), idea.ID)
	if err != nil {
		return err
	}
	progress, err := ideas.IdeaProgressNotes(a.dbFor(c), idea.ID)
	if err != nil {
		return err
	}
	round, err := ideas.RoundOfIdea(a.dbFor(c), idea.ID)
	if err != nil {
		return err
	}
	budget, err := ideas.AwardBudgetStatus(a.dbFor(c), now.In(models.Seoul).Year())
	if err != nil {
		return err
	}
	u := currentUser(c)
	form.Title = t(c, "ideas.show.title", "Title", idea.Title)
	data := &ideaDeskPage{base: form, I: idea, History: history, Progress: progress, Round: round, Budget: budget,
		IsProposer: idea.HasProposer(u.ID), Decidable: idea.State == ideas.IdeaReviewing && round != nil && !round.OpenAt(now),
		Overdue: idea.OverdueAt(now), Grades: codeChoices(ideas.AwardGrades, ideas.GradeID)}
	if round != nil {
		if data.RoundMember, err = ideas.IsRoundMember(a.dbFor(c), round.ID, u.ID); err != nil {
			return err
		}
	}
	if data.Form == nil {
		data.Form = url.Values{"department": {idea.Department}, "due_on": {now.In(models.Seoul).AddDate(0, 3, 0).Format("2006-01-02")}}
	}
	return a.render(c, status, "admin/ideas_show", data)
}

func (a *App) deskIdeaConsent(c echo.Context) error {
	idea, err := a.loadIdea(c)
	if err != nil {
		return err
	}
	publish := c.FormValue("publish_name") == "yes"
	err = ideas.SetNameConsent(a.dbFor(c), idea.ID, currentUser(c).ID, publish, a.now())
	if errors.Is(err, ideas.ErrNotProposer) {
		return echo.ErrForbidden
	}
	if err != nil {
		return err
	}
	if publish {
		a.flash(c, "success", "ideas.flash.name_public")
	} else {
		a.flash(c, "success", "ideas.flash.name_hidden")
	}
	return c.Redirect(http.StatusSeeOther, ideaPath(idea.ID))
}

func (a *App) deskDecideIdea(c echo.Context) error {
	idea, err := a.loadIdea(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	d := ideas.IdeaDecision{Adopt: form.Get("adopt"), Note: form.Get("note"), Department: form.Get("department"),
		DueOn: form.Get("due_on"), Grade: form.Get("grade"), Amount: form.Get("amount"),
		Override: form.Get("override") == "yes", OverrideReason: form.Get("override_reason")}
	err = ideas.DecideIdea(a.dbFor(c), currentUser(c).ID, idea.ID, d, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.ideaDesk(c, http.StatusUnprocessableEntity, idea, base{Form: form, Errors: errs})
	}
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "ideas.flash.state_changed")
	case err != nil:
		return err
	case d.Adopt == "adopt":
		a.flash(c, "success", "ideas.flash.adopted")
	default:
		a.flash(c, "success", "ideas.flash.rejected")
	}
	return c.Redirect(http.StatusSeeOther, ideaPath(idea.ID))
}

func (a *App) deskIdeaProgress(c echo.Context) error {
	idea, err := a.loadIdea(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	done := form.Get("done") == "yes"
	err = ideas.PostIdeaProgress(a.dbFor(c), idea.ID, currentUser(c).ID, form.Get("progress"), done, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.ideaDesk(c, http.StatusUnprocessableEntity, idea, base{Form: form, Errors: errs})
	}
	if errors.Is(err, models.ErrStateChanged) {
		a.flash(c, "error", "ideas.flash.state_changed")
		return c.Redirect(http.StatusSeeOther, ideaPath(idea.ID))
	}
	if err != nil {
		return err
	}
	if done {
		a.flash(c, "success", "ideas.flash.done")
	} else {
		a.flash(c, "success", "ideas.flash.progress")
	}
	return c.Redirect(http.StatusSeeOther, ideaPath(idea.ID))
}

// deskSetAwardBudget sets a year's award budget (the secretary's setting).
func (a *App) deskSetAwardBudget(c echo.Context) error {
	err := ideas.SetAwardBudget(a.dbFor(c), currentUser(c).ID, c.FormValue("year"), c.FormValue("budget"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		for _, msg := range errs {
			a.flash(c, "error", msg)
			break
		}
		return c.Redirect(http.StatusSeeOther, "/admin/ideas")
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.budget")
	return c.Redirect(http.StatusSeeOther, "/admin/ideas")
}

func (a *App) deskIdeaReport(c echo.Context) error {
	year := a.reportYear(c)
	rows, err := ideas.IdeaReport(a.dbFor(c), year)
	if err != nil {
		return err
	}
	budget, err := ideas.AwardBudgetStatus(a.dbFor(c), year)
	if err != nil {
		return err
	}
	this := a.now().In(models.Seoul).Year()
	return a.render(c, http.StatusOK, "admin/ideas_report", &ideaReportPage{
		base: titled(t(c, "ideas.report.title", "Year", year)), Year: year, Rows: rows, Budget: budget,
		Years: []int{this, this - 1, this - 2},
	})
}

type ideaReportPage struct {
	base
	Year   int
	Rows   []ideas.IdeaReportRow
	Budget ideas.BudgetStatus
	Years  []int // the years one may pick
}

func (a *App) deskIdeaReportCSV(c echo.Context) error {
	year := a.reportYear(c)
	var buf bytes.Buffer
	if err := ideas.WriteIdeaReportCSV(a.dbFor(c), &buf, year, trOf(c)); err != nil {
		return err
	}
	return a.sendCSV(c, "ydp1-ideas-"+strconv.Itoa(year)+"-"+a.fileDate()+".csv", buf.Bytes())
}

// reportYear is the ?year= of a report, this year in Seoul by default.
func (a *App) reportYear(c echo.Context) int {
	y := atoi(c.QueryParam("year"))
	if y < 2000 || y > 2100 {
		return a.now().In(models.Seoul).Year()
	}
	return y
}
