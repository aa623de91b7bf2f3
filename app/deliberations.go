package app

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"ydp1/internal/opinionsvg"
	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/deliberations/opinionmap"
)

// Residents take part in the 열린공론장 here: they read the question, vote
// 동의 / 비동의 / 모르겠음 on one statement at a time (a plain form, or the
// same form sent by script without a reload), change their votes, write
// statements and report them.

func (a *App) listDeliberations(c echo.Context) error {
	list, err := deliberations.List(a.dbFor(c), deliberations.Query{}, a.now())
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "deliberations/index", &deliberationList{base: titled(t(c, "deliberations.name")), Deliberations: list})
}

type deliberationList struct {
	base
	Deliberations []deliberations.Deliberation
}

// loadDeliberation finds the 공론장 of :id; a draft is shown to staff only.
func (a *App) loadDeliberation(c echo.Context) (*deliberations.Deliberation, error) {
	d, err := byID(a, c, deliberations.Find)
	if err == nil && d.Status == deliberations.StatusDraft && !currentUser(c).IsStaff() {
		return nil, echo.ErrNotFound
	}
	return d, err
}

func deliberationPath(id uint) string { return "/deliberations/" + strconv.Itoa(int(id)) }

type deliberationShow struct {
	base
	D      *deliberations.Deliberation
	State  deliberations.State
	Next   *deliberations.Next       // for a resident who may vote
	Mine   []deliberations.MyVote    // what the visitor voted on
	Chosen []deliberations.Statement // in the published 결과
}

// CanTakePart tells whether the visitor may vote and write now.
func (p *deliberationShow) CanTakePart() bool {
	return p.State == deliberations.StateOpen && p.User != nil && p.User.Verified()
}

func (a *App) showDeliberation(c echo.Context) error {
	d, err := a.loadDeliberation(c)
	if err != nil {
		return err
	}
	return a.deliberationPage(c, http.StatusOK, d, base{})
}

// deliberationPage renders a 공론장; form carries a form shown again with its errors.
func (a *App) deliberationPage(c echo.Context, status int, d *deliberations.Deliberation, form base) error {
	db := a.dbFor(c)
	form.Title, form.Description = d.Title, d.Question
	data := &deliberationShow{base: form, D: d, State: d.StateAt(a.now())}
	if u := currentUser(c); u != nil {
		data.personal = true
		var err error
		if data.State == deliberations.StateOpen && u.Verified() {
			if data.Next, err = deliberations.NextStatement(db, d.ID, u.ID); err != nil {
				return err
			}
		}
		if data.Mine, err = deliberations.VotesOf(db, d.ID, u.ID); err != nil {
			return err
		}
	}
	if d.ResultPublishedAt != nil {
		var err error
		if data.Chosen, err = deliberations.ChosenStatements(db, d.ID); err != nil {
			return err
		}
	}
	return a.render(c, status, "deliberations/show", data)
}

// voteValues are the votes as the forms send them.
var voteValues = map[string]deliberations.Value{"agree": deliberations.Agree, "disagree": deliberations.Disagree, "pass": deliberations.Pass}

// nextJSON is the statement to vote on next, as the voting script takes it.
type nextJSON struct {
	ID   uint   `json:"id"`
	Body string `json:"body"`
	Lang string `json:"lang"` // the statement's language, for its lang attribute
}

type voteJSON struct {
	OK      bool      `json:"ok"`
	Message string    `json:"message"`
	Next    *nextJSON `json:"next"` // null when every statement has the visitor's vote
	Left    int       `json:"left"`
}

// voteDeliberation records a vote. Like a 공감 it goes to the writer
// first: the 공론장 is read only when the vote is refused.
func (a *App) voteDeliberation(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	sid, _ := strconv.ParseUint(c.FormValue("statement_id"), 10, 64)
	value, ok := voteValues[c.FormValue("value")]
	if !ok {
		value = 9 // refused by Vote with its message
	}
	_, err = a.votes.Vote(c.Request().Context(), deliberations.VoteInput{DeliberationID: uint(id), StatementID: uint(sid), UserID: currentUser(c).ID, Value: value}, a.now())
	if err != nil {
		if _, lerr := a.loadDeliberation(c); lerr != nil {
			return lerr
		}
	}
	msg, ok := "deliberations.vote.voted", err == nil
	switch {
	case err == nil:
	case errors.Is(err, deliberations.ErrNotOpen):
		msg = "deliberations.vote.not_open"
	case errors.Is(err, deliberations.ErrStatementHidden), errors.Is(err, models.ErrNotFound):
		msg = "deliberations.vote.hidden"
	case errors.Is(err, models.ErrNotVerified):
		msg = "deliberations.vote.verify_first"
	default:
		errs, isForm := models.AsErrors(err)
		if !isForm {
			return err
		}
		msg = errs["value"]
	}
	if strings.Contains(c.Request().Header.Get(echo.HeaderAccept), echo.MIMEApplicationJSON) {
		return a.voteAnswer(c, uint(id), ok, msg)
	}
	kind := "success"
	if !ok {
		kind = "error"
	}
	a.flash(c, kind, msg)
	anchor := "#vote"
	if c.FormValue("from") == "mine" {
		anchor = "#my-votes"
	}
	return c.Redirect(http.StatusSeeOther, deliberationPath(uint(id))+anchor)
}

// voteAnswer tells the voting script how the vote went and what comes next.
func (a *App) voteAnswer(c echo.Context, deliberationID uint, ok bool, msg string) error {
	out := voteJSON{OK: ok, Message: t(c, msg)}
	next, err := deliberations.NextStatement(a.dbFor(c), deliberationID, currentUser(c).ID)
	if err != nil {
		return err
	}
	out.Left = next.Left
	if s := next.Statement; s != nil {
		out.Next = &nextJSON{ID: s.ID, Body: s.Body, Lang: textLang(s.Body)}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusUnprocessableEntity
	}
	return c.JSON(status, out)
}

func (a *App) writeDeliberationStatement(c echo.Context) error {
	d, err := a.loadDeliberation(c)
	if err != nil {
		return err
	}
	st, err := deliberations.WriteStatement(a.dbFor(c), deliberations.StatementInput{DeliberationID: d.ID, UserID: currentUser(c).ID,
		Body: c.FormValue("body")}, a.now())
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.deliberationPage(c, http.StatusUnprocessableEntity, d, base{Form: form, Errors: errs})
	}
	switch {
	case err == nil && st.Status == deliberations.StatementPending:
		a.flash(c, "success", "deliberations.write.sent_pending")
	case err == nil:
		a.flash(c, "success", "deliberations.write.posted")
	case errors.Is(err, deliberations.ErrNotOpen):
		a.flash(c, "error", "deliberations.write.not_open")
	case errors.Is(err, models.ErrNotVerified):
		a.flash(c, "error", "deliberations.write.verify_first")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, deliberationPath(d.ID)+"#write")
}

// shownStatement loads the 공론장 of :id and its statement of :statement,
// if shown.
func (a *App) shownStatement(c echo.Context) (*deliberations.Deliberation, *deliberations.Statement, error) {
	d, err := a.loadDeliberation(c)
	if err != nil {
		return nil, nil, err
	}
	sid, err := strconv.ParseUint(c.Param("statement"), 10, 64)
	if err != nil {
		return nil, nil, echo.ErrNotFound
	}
	s, err := deliberations.FindStatement(a.dbFor(c), uint(sid))
	if errors.Is(err, models.ErrNotFound) || (err == nil && (s.DeliberationID != d.ID || s.Status != deliberations.StatementShown)) {
		return nil, nil, echo.ErrNotFound
	}
	return d, s, err
}

type statementReportPage struct {
	base
	D       *deliberations.Deliberation
	S       *deliberations.Statement
	Reasons []choice
}

func (a *App) statementReportPage(c echo.Context, status int, form base) error {
	d, s, err := a.shownStatement(c)
	if err != nil {
		return err
	}
	form.Title = t(c, "deliberations.report.page_title")
	data := &statementReportPage{base: form, D: d, S: s}
	for _, r := range deliberations.ReportReasons {
		data.Reasons = append(data.Reasons, choice{r, t(c, deliberations.ReasonLabel(r))})
	}
	return a.render(c, status, "deliberations/report", data)
}

func (a *App) reportStatementForm(c echo.Context) error {
	return a.statementReportPage(c, http.StatusOK, base{})
}

func (a *App) reportStatement(c echo.Context) error {
	d, s, err := a.shownStatement(c)
	if err != nil {
		return err
	}
	err = deliberations.ReportStatement(a.dbFor(c), deliberations.ReportInput{StatementID: s.ID, UserID: currentUser(c).ID,
		Reason: c.FormValue("reason"), Note: c.FormValue("note")}, a.now())
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.statementReportPage(c, http.StatusUnprocessableEntity, base{Form: form, Errors: errs})
	}
	switch {
	case err == nil:
		a.flash(c, "success", "deliberations.report.done")
	case errors.Is(err, deliberations.ErrAlreadyReported):
		a.flash(c, "info", "deliberations.report.already")
	case errors.Is(err, deliberations.ErrStatementHidden):
		a.flash(c, "info", "deliberations.report.removed")
	case errors.Is(err, models.ErrNotVerified):
		a.flash(c, "error", "deliberations.report.verify_first")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, deliberationPath(d.ID)+"#vote")
}

type deliberationResults struct {
	base
	D      *deliberations.Deliberation
	State  deliberations.State
	Map    *deliberations.Map // nil until the first map is computed
	SVG    template.HTML      // the map drawn, the visitor's place marked
	Mine   string             // the label of the visitor's group, if they are placed
	Chosen []deliberations.Statement
}

// Pct writes a share as a whole percentage.
func (p *deliberationResults) Pct(share float64) string {
	return strconv.Itoa(int(math.Round(share*100))) + "%"
}

func (a *App) deliberationResultsPage(c echo.Context) error {
	d, err := a.loadDeliberation(c)
	if err != nil {
		return err
	}
	db := a.dbFor(c)
	data := &deliberationResults{base: titled(t(c, "deliberations.results.page_title", "Title", d.Title)), D: d, State: d.StateAt(a.now())}
	data.Description = d.Question
	if data.Map, err = deliberations.Result(db, d.ID); err != nil {
		return err
	}
	var you uint
	if u := currentUser(c); u != nil && data.Map != nil {
		if you, err = deliberations.ParticipantOf(db, d.ID, u.ID); err != nil {
			return err
		}
	}
	if data.Map != nil {
		var drawn *opinionmap.Map
		drawn, data.Mine = mapToDraw(data.Map, you)
		if data.Mine != "" {
			data.personal = true // the map marks the visitor's place
		}
		data.SVG = template.HTML(opinionsvg.Draw(drawn, int64(you), opinionsvg.Labels{ // #nosec G203 -- opinionsvg escapes every text
			Title:       t(c, "deliberations.results.map_title"),
			Description: t(c, "deliberations.results.map_description"),
			Group:       func(i int) string { return t(c, "deliberations.group", "Label", opinionsvg.GroupName(i)) },
			Size:        func(n int) string { return langOf(c).People(n) },
			You:         t(c, "deliberations.results.map_you"),
		}))
	}
	if d.ResultPublishedAt != nil {
		if data.Chosen, err = deliberations.ChosenStatements(db, d.ID); err != nil {
			return err
		}
	}
	return a.render(c, http.StatusOK, "deliberations/results", data)
}

// mapToDraw gives the places and groups of m as the drawing takes them, and
// the label of the group of the participant you, if placed.
func mapToDraw(m *deliberations.Map, you uint) (*opinionmap.Map, string) {
	out := &opinionmap.Map{}
	members := map[int][]int64{}
	mine := -1
	for _, p := range m.Places {
		id := int64(p.ParticipantID) // #nosec G115 -- a row id fits int64
		out.Participants = append(out.Participants, opinionmap.Participant{ID: id, Placed: true, X: p.X, Y: p.Y, Group: p.Group})
		members[p.Group] = append(members[p.Group], id)
		if you != 0 && p.ParticipantID == you {
			mine = p.Group
		}
	}
	label := ""
	for _, g := range m.Groups {
		out.Groups = append(out.Groups, opinionmap.Group{ID: g.ID, Members: members[g.ID], X: g.X, Y: g.Y})
		if g.ID == mine {
			label = g.Label
		}
	}
	return out, label
}
