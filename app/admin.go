package app

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

func (a *App) adminHome(c echo.Context) error {
	now := a.now()
	settings, err := models.LoadSettings(a.dbFor(c))
	if err != nil {
		return err
	}
	review, err := petitions.DeskQueue(a.dbFor(c), petitions.StatusReview, now, settings.DeptAnswerDays, 200)
	if err != nil {
		return err
	}
	awaiting, err := petitions.DeskQueue(a.dbFor(c), petitions.StatusAwaitingAnswer, now, settings.DeptAnswerDays, 200)
	if err != nil {
		return err
	}
	expired, err := petitions.DeskQueue(a.dbFor(c), petitions.StatusExpired, now, settings.DeptAnswerDays, 200)
	if err != nil {
		return err
	}
	failed, err := models.CountMails(a.dbFor(c), models.MailFailed)
	if err != nil {
		return err
	}
	reports, err := petitions.OpenReportTargets(a.dbFor(c))
	if err != nil {
		return err
	}
	jobs, err := models.JobStates(a.dbFor(c), now)
	if err != nil {
		return err
	}
	data := &deskHome{base: titled(t(c, "desk.title")), Review: review, Awaiting: awaiting, Expired: expired,
		FailedMails: failed, Reports: reports, ReviewDays: petitions.ReviewDays, Jobs: jobs}
	data.Settings = &settings
	return a.render(c, http.StatusOK, "admin/index", data)
}

type deskHome struct {
	base
	Review      []petitions.DeskItem // each queue overdue first, the most overdue on top
	Awaiting    []petitions.DeskItem
	Expired     []petitions.DeskItem
	FailedMails int64
	Reports     int64 // reported petitions and comments not yet decided
	ReviewDays  int   // days a petition may wait in review
	Jobs        []models.JobState
}

// staffAction runs one staff change on the petition of :id and goes back to it.
func (a *App) staffAction(c echo.Context, done string, act func(p *petitions.Petition) error) error {
	p, err := a.loadPetition(c, "")
	if err != nil {
		return err
	}
	err = act(p)
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.petitionPage(c, http.StatusUnprocessableEntity, p, "", base{Form: form, Errors: errs})
	}
	switch {
	case errors.Is(err, models.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "desk.flash.state_changed")
	case err != nil:
		return err
	default:
		a.mailer.Wake() // the change may have mails to send
		a.flash(c, "success", done)
	}
	return c.Redirect(http.StatusSeeOther, "/petitions/"+strconv.Itoa(int(p.ID)))
}

func (a *App) publishPetition(c echo.Context) error {
	return a.staffAction(c, "desk.flash.published", func(p *petitions.Petition) error {
		return petitions.Publish(a.dbFor(c), p.ID, currentUser(c).ID, a.now())
	})
}

func (a *App) hidePetition(c echo.Context) error {
	return a.staffAction(c, "desk.flash.hidden", func(p *petitions.Petition) error {
		return petitions.Hide(a.dbFor(c), p.ID, currentUser(c).ID, c.FormValue("reason"), c.FormValue("note"), a.now())
	})
}

func (a *App) restorePetition(c echo.Context) error {
	return a.staffAction(c, "desk.flash.restored", func(p *petitions.Petition) error {
		return petitions.Restore(a.dbFor(c), p.ID, currentUser(c).ID, a.now())
	})
}

func (a *App) answerPetition(c echo.Context) error {
	return a.staffAction(c, "desk.flash.answered", func(p *petitions.Petition) error {
		in := petitions.AnswerInput{Body: c.FormValue("body"), VideoURL: c.FormValue("video_url"), Answerer: c.FormValue("answerer")}
		return petitions.AnswerPetition(a.dbFor(c), p.ID, currentUser(c).ID, in, a.now())
	})
}

func (a *App) addProgress(c echo.Context) error {
	return a.staffAction(c, "desk.flash.progress", func(p *petitions.Petition) error {
		in := petitions.ProgressInput{Kind: c.FormValue("progress_kind"), Body: c.FormValue("progress_body"), Date: c.FormValue("progress_date")}
		return petitions.AddProgress(a.dbFor(c), p.ID, currentUser(c).ID, in, a.now())
	})
}

func (a *App) deptAnswer(c echo.Context) error {
	return a.staffAction(c, "desk.flash.dept_answer", func(p *petitions.Petition) error {
		in := petitions.DeptAnswerInput{Department: c.FormValue("department"), Body: c.FormValue("dept_body")}
		return petitions.AnswerAsDepartment(a.dbFor(c), p.ID, currentUser(c).ID, in, a.now())
	})
}
