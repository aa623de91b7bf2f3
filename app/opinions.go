package app

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/meetings"
)

const opinionsPerPage = 20

// opinionQuery reads the list filters of the public and the staff list.
func opinionQuery(c echo.Context) meetings.OpinionQuery {
	pageNo, _ := strconv.Atoi(c.QueryParam("page"))
	return meetings.OpinionQuery{
		State: meetings.OpinionState(c.QueryParam("state")), Category: c.QueryParam("category"),
		Dong: c.QueryParam("dong"), Q: c.QueryParam("q"), Page: pageNo, PerPage: opinionsPerPage,
	}
}

// opinionList renders one of the two lists with the filters and the counts per state.
func (a *App) opinionList(c echo.Context, name, title string, q meetings.OpinionQuery) error {
	states := make([]choice, 0, len(meetings.OpinionStates))
	for _, s := range meetings.OpinionStates {
		states = append(states, choice{string(s), t(c, s.Msg())})
	}
	items, total, err := meetings.ListOpinions(a.dbFor(c), q)
	if err != nil {
		return err
	}
	counts, all, err := meetings.CountOpinions(a.dbFor(c))
	if err != nil {
		return err
	}
	q.Normalize()
	return a.render(c, http.StatusOK, name, &opinionList{
		base: titled(title), Items: items, Total: total, Query: q, Params: c.QueryParams(),
		States: meetings.OpinionStates, StateChoices: states, Counts: counts, All: all,
	})
}

// opinionList is the public list of opinions and the desk's.
type opinionList struct {
	base
	Items        []meetings.Opinion
	Total        int64
	Query        meetings.OpinionQuery
	Params       url.Values
	States       []meetings.OpinionState
	StateChoices []choice                // the states named in the visitor's language, for the filter
	Counts       []meetings.OpinionCount // by state
	All          int64
}

type opinionShow struct {
	base
	O       *meetings.Opinion
	History []meetings.OpinionStep
}

func (a *App) listOpinions(c echo.Context) error {
	q := opinionQuery(c)
	q.Q = "" // the public list filters by state, category and 행정동
	return a.opinionList(c, "opinions/index", t(c, "opinions.index.title"), q)
}

// loadOpinion finds the opinion of the :id parameter.
func (a *App) loadOpinion(c echo.Context) (*meetings.Opinion, error) {
	return byID(a, c, meetings.FindOpinion)
}

func (a *App) showOpinion(c echo.Context) error {
	o, err := a.loadOpinion(c)
	if err != nil {
		return err
	}
	history, err := meetings.OpinionHistory(a.dbFor(c), o.ID)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "opinions/show", &opinionShow{
		base: base{Title: t(c, "opinions.show.page_title", "Excerpt", o.ShortExcerpt()), Description: o.Excerpt()}, O: o, History: history,
	})
}

// staff desk

func (a *App) adminOpinions(c echo.Context) error {
	return a.opinionList(c, "admin/opinions", t(c, "opinions.index.title"), opinionQuery(c))
}

func (a *App) newOpinion(c echo.Context) error {
	form := url.Values{"heard_on": {a.now().In(models.Seoul).Format("2006-01-02")}}
	return a.opinionForm(c, http.StatusOK, base{Form: form})
}

// opinionForm is the form that records an opinion, with the meetings to choose from.
type opinionForm struct {
	base
	Meetings []written
}

func (a *App) opinionForm(c echo.Context, status int, b base) error {
	ms, err := meetings.OpinionMeetings(a.dbFor(c), a.now())
	if err != nil {
		return err
	}
	data := &opinionForm{base: b, Meetings: make([]written, 0, len(ms))}
	data.Title = t(c, "opinions.desk.record_title")
	for _, m := range ms {
		data.Meetings = append(data.Meetings, writtenChoice(strconv.Itoa(int(m.ID)), langOf(c).Date(m.StartsAt)+" · "+m.Title, m.Title))
	}
	return a.render(c, status, "admin/opinion_new", data)
}

func (a *App) createOpinion(c echo.Context) error {
	form, _ := c.FormParams()
	in := meetings.OpinionInput{Body: form.Get("body"), Category: form.Get("category"), Dong: form.Get("dong"),
		Source: form.Get("source"), MeetingID: form.Get("meeting_id"), HeardOn: form.Get("heard_on")}
	o, err := meetings.RecordOpinion(a.dbFor(c), currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.opinionForm(c, http.StatusUnprocessableEntity, base{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "opinions.flash.recorded")
	return c.Redirect(http.StatusSeeOther, "/admin/opinions/"+strconv.Itoa(int(o.ID)))
}

func (a *App) adminOpinion(c echo.Context) error {
	o, err := a.loadOpinion(c)
	if err != nil {
		return err
	}
	return a.opinionDesk(c, http.StatusOK, o, base{})
}

type opinionDesk struct {
	opinionShow
	Choices []meetings.OpinionState // the states it may move to
}

// opinionDesk renders an opinion with its history and the state form; form
// carries the form shown again with its errors.
func (a *App) opinionDesk(c echo.Context, status int, o *meetings.Opinion, form base) error {
	history, err := meetings.OpinionHistory(a.dbFor(c), o.ID)
	if err != nil {
		return err
	}
	choices := o.State.Next()
	if o.State.Final() {
		choices = []meetings.OpinionState{o.State} // only the reply can be corrected
	}
	form.Title = t(c, "opinions.show.title", "ID", o.ID)
	return a.render(c, status, "admin/opinion", &opinionDesk{opinionShow: opinionShow{base: form, O: o, History: history}, Choices: choices})
}

func (a *App) changeOpinionState(c echo.Context) error {
	o, err := a.loadOpinion(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	ch := meetings.OpinionChange{From: meetings.OpinionState(form.Get("from")), State: meetings.OpinionState(form.Get("state")),
		Department: form.Get("department"), Reply: form.Get("reply")}
	err = meetings.ChangeOpinionState(a.dbFor(c), o.ID, currentUser(c).ID, ch, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.opinionDesk(c, http.StatusUnprocessableEntity, o, base{Form: form, Errors: errs})
	}
	switch {
	case errors.Is(err, models.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "opinions.flash.state_changed")
	case err != nil:
		return err
	case o.State.Final():
		a.flash(c, "success", "opinions.flash.reply_corrected")
	default:
		a.flash(c, "success", t(c, "opinions.flash.state_saved", "State", t(c, ch.State.Msg())))
	}
	return c.Redirect(http.StatusSeeOther, "/admin/opinions/"+strconv.Itoa(int(o.ID)))
}
