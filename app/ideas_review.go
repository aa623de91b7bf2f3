package app

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/ideas"
)

// The 제안심의회: admins name its members and open review rounds; members
// score the ideas of their rounds.

func (a *App) deskCommittee(c echo.Context) error {
	return a.committeePage(c, http.StatusOK, base{})
}

type committeePage struct {
	base
	Members []ideas.CommitteeMember
	Rounds  []ideas.ReviewRound
	Staff   []models.User
	Max     int // members at most
	Now     time.Time
}

func (a *App) committeePage(c echo.Context, status int, form base) error {
	members, err := ideas.Committee(a.dbFor(c))
	if err != nil {
		return err
	}
	rounds, err := ideas.ListRounds(a.dbFor(c))
	if err != nil {
		return err
	}
	staff, err := ideas.StaffAccounts(a.dbFor(c))
	if err != nil {
		return err
	}
	form.Title = t(c, "ideas.committee.title")
	return a.render(c, status, "admin/ideas_committee", &committeePage{base: form, Members: members, Rounds: rounds, Staff: staff,
		Max: ideas.MaxCommittee, Now: a.now()})
}

func (a *App) deskAddCommitteeMember(c echo.Context) error {
	form, _ := c.FormParams()
	err := ideas.AddCommitteeMember(a.dbFor(c), currentUser(c).ID, form.Get("user_id"), form.Get("position"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.committeePage(c, http.StatusUnprocessableEntity, base{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.appointed")
	return c.Redirect(http.StatusSeeOther, "/admin/ideas/committee")
}

func (a *App) deskRemoveCommitteeMember(c echo.Context) error {
	err := ideas.RemoveCommitteeMember(a.dbFor(c), currentUser(c).ID, uint(atoi(c.FormValue("user_id"))), a.now())
	if errors.Is(err, models.ErrNotFound) {
		a.flash(c, "error", "ideas.flash.not_committee")
	} else if err != nil {
		return err
	} else {
		a.flash(c, "success", "ideas.flash.dismissed")
	}
	return c.Redirect(http.StatusSeeOther, "/admin/ideas/committee")
}

func (a *App) deskNewRound(c echo.Context) error {
	closes := a.now().In(models.Seoul).AddDate(0, 0, 14).Format("2006-01-02") + "T18:00"
	form := url.Values{"scale_max": {strconv.Itoa(ideas.DefaultScaleMax)}, "rule": {string(ideas.RankTrimmed)}, "closes_at": {closes}}
	return a.roundForm(c, http.StatusOK, base{Form: form})
}

type roundFormPage struct {
	base
	Ideas   []ideas.Idea // the ideas waiting for a round
	Members []ideas.CommitteeMember
	Rules   []ideas.RankRule
	Chosen  map[uint]bool // the ideas ticked
}

func (a *App) roundForm(c echo.Context, status int, form base) error {
	submitted, err := ideas.ListIdeas(a.dbFor(c), ideas.Query{State: ideas.IdeaSubmitted})
	if err != nil {
		return err
	}
	members, err := ideas.Committee(a.dbFor(c))
	if err != nil {
		return err
	}
	form.Title = t(c, "ideas.round.open")
	return a.render(c, status, "admin/ideas_round_new", &roundFormPage{base: form, Ideas: submitted, Members: members,
		Rules: ideas.RankRules, Chosen: chosen(form.Form["ideas"])})
}

func (a *App) deskOpenRound(c echo.Context) error {
	form, _ := c.FormParams()
	in := ideas.RoundInput{Name: form.Get("name"), ScaleMax: form.Get("scale_max"), Rule: form.Get("rule"),
		ClosesAt: form.Get("closes_at"), IdeaIDs: form["ideas"]}
	r, err := ideas.OpenRound(a.dbFor(c), currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.roundForm(c, http.StatusUnprocessableEntity, base{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.round_opened")
	return c.Redirect(http.StatusSeeOther, roundPath(r.ID))
}

func roundPath(id uint) string { return "/admin/ideas/rounds/" + strconv.Itoa(int(id)) }

// loadRound finds the round of :id and whether the viewer scores in it.
func (a *App) loadRound(c echo.Context) (*ideas.ReviewRound, bool, error) {
	r, err := byID(a, c, ideas.FindRound)
	if err != nil {
		return nil, false, err
	}
	member, err := ideas.IsRoundMember(a.dbFor(c), r.ID, currentUser(c).ID)
	return r, member, err
}

// deskRound is a round's page: its ideas, who scored, and after the close
// the ranking. Only its members and the secretary (admins) see it.
func (a *App) deskRound(c echo.Context) error {
	r, member, err := a.loadRound(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if !member && !u.IsAdmin() {
		return echo.ErrForbidden
	}
	ranking, err := ideas.Ranking(a.dbFor(c), r)
	if err != nil {
		return err
	}
	members, err := ideas.RoundMembers(a.dbFor(c), r.ID)
	if err != nil {
		return err
	}
	now := a.now()
	scored := map[uint]bool{}
	for _, ri := range ranking {
		v, err := ideas.ScoresFor(a.dbFor(c), r, ri.Idea.ID, u.ID, now)
		if err != nil {
			return err
		}
		scored[ri.Idea.ID] = v.Own != nil
	}
	return a.render(c, http.StatusOK, "admin/ideas_round", &roundPage{
		base: titled(r.Name), R: r, Open: r.OpenAt(now), Ranking: ranking, Members: members,
		Member: member, Scored: scored,
	})
}

type roundPage struct {
	base
	R       *ideas.ReviewRound
	Open    bool
	Ranking []ideas.RankedIdea
	Members []ideas.RoundMember
	Member  bool          // the viewer scores in it
	Scored  map[uint]bool // the ideas the viewer scored
}

func (a *App) deskCloseRound(c echo.Context) error {
	r, err := byID(a, c, ideas.FindRound)
	if err != nil {
		return err
	}
	err = ideas.CloseRound(a.dbFor(c), currentUser(c).ID, r.ID, a.now())
	if errors.Is(err, ideas.ErrRoundClosed) {
		a.flash(c, "error", "ideas.flash.round_already_closed")
	} else if err != nil {
		return err
	} else {
		a.flash(c, "success", "ideas.flash.round_closed")
	}
	return c.Redirect(http.StatusSeeOther, roundPath(r.ID))
}

// scoringIdea loads the round and the idea of a scoring page: the round's
// members score there; the secretary (admins) may only read it, and sees
// the scores once the round is closed.
func (a *App) scoringIdea(c echo.Context, scoring bool) (*ideas.ReviewRound, *ideas.Idea, error) {
	r, member, err := a.loadRound(c)
	if err != nil {
		return nil, nil, err
	}
	if !member && (scoring || !currentUser(c).IsAdmin()) {
		return nil, nil, echo.ErrForbidden
	}
	ideas, err := ideas.RoundIdeas(a.dbFor(c), r.ID)
	if err != nil {
		return nil, nil, err
	}
	want := uint(atoi(c.Param("idea")))
	for i := range ideas {
		if ideas[i].ID == want {
			return r, &ideas[i], nil
		}
	}
	return nil, nil, echo.ErrNotFound
}

func (a *App) deskScoreForm(c echo.Context) error {
	r, idea, err := a.scoringIdea(c, false)
	if err != nil {
		return err
	}
	return a.scorePage(c, http.StatusOK, r, idea, base{})
}

type scorePage struct {
	base
	R        *ideas.ReviewRound
	I        *ideas.Idea
	View     ideas.ScoreView
	Open     bool
	Own      bool // the viewer proposed the idea and may not score it
	Criteria []struct{ Field, Label string }
	Member   bool
}

func (a *App) scorePage(c echo.Context, status int, r *ideas.ReviewRound, idea *ideas.Idea, data base) error {
	u := currentUser(c)
	now := a.now()
	view, err := ideas.ScoresFor(a.dbFor(c), r, idea.ID, u.ID, now)
	if err != nil {
		return err
	}
	if data.Form == nil {
		form := url.Values{}
		if s := view.Own; s != nil {
			form.Set("creativity", strconv.Itoa(s.Creativity))
			form.Set("economy", strconv.Itoa(s.Economy))
			form.Set("practicality", strconv.Itoa(s.Practicality))
			form.Set("scope", strconv.Itoa(s.Scope))
			form.Set("remark", s.Remark)
		}
		data.Form = form
	}
	data.Title = t(c, "ideas.score.title", "Title", idea.Title)
	member, err := ideas.IsRoundMember(a.dbFor(c), r.ID, u.ID)
	if err != nil {
		return err
	}
	return a.render(c, status, "admin/ideas_score", &scorePage{base: data, R: r, I: idea, View: view, Open: r.OpenAt(now),
		Own: idea.HasProposer(u.ID), Criteria: ideas.ScoreCriteria, Member: member})
}

func (a *App) deskSaveScore(c echo.Context) error {
	r, idea, err := a.scoringIdea(c, true)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	in := ideas.ScoreInput{Creativity: form.Get("creativity"), Economy: form.Get("economy"),
		Practicality: form.Get("practicality"), Scope: form.Get("scope"), Remark: form.Get("remark")}
	err = ideas.SaveScore(a.dbFor(c), r.ID, idea.ID, currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.scorePage(c, http.StatusUnprocessableEntity, r, idea, base{Form: form, Errors: errs})
	}
	here := roundPath(r.ID) + "/ideas/" + strconv.Itoa(int(idea.ID))
	switch {
	case errors.Is(err, ideas.ErrOwnIdea):
		a.flash(c, "error", "ideas.flash.own_idea")
	case errors.Is(err, ideas.ErrRoundClosed):
		a.flash(c, "error", "ideas.flash.scores_locked")
	case errors.Is(err, ideas.ErrNotOnCommittee):
		return echo.ErrForbidden
	case err != nil:
		return err
	default:
		a.flash(c, "success", "ideas.flash.scored")
	}
	return c.Redirect(http.StatusSeeOther, here)
}
