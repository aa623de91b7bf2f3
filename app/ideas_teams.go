package app

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/ideas"
)

// 창의 아이디어단 per 국: admins set up the teams, members record their meetings.

func (a *App) deskTeams(c echo.Context) error {
	return a.teamsPage(c, http.StatusOK, base{})
}

type teamsPage struct {
	base
	Teams   []ideas.BureauSummary
	Quarter int
	MinTeam int // members a team needs at least
}

func (a *App) teamsPage(c echo.Context, status int, form base) error {
	now := a.now()
	teams, err := ideas.ListBureaus(a.dbFor(c), now)
	if err != nil {
		return err
	}
	form.Title = t(c, "ideas.tabs.teams")
	return a.render(c, status, "admin/ideas_teams", &teamsPage{base: form, Teams: teams, Quarter: ideas.QuarterOf(now), MinTeam: ideas.MinTeamSize})
}

func (a *App) deskCreateTeam(c echo.Context) error {
	form, _ := c.FormParams()
	b, err := ideas.CreateBureau(a.dbFor(c), currentUser(c).ID, form.Get("name"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.teamsPage(c, http.StatusUnprocessableEntity, base{Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", models.Msg("ideas.flash.team_created", "Name", b.Name))
	return c.Redirect(http.StatusSeeOther, teamPath(b.ID))
}

func teamPath(id uint) string { return "/admin/ideas/teams/" + strconv.Itoa(int(id)) }

func (a *App) deskTeam(c echo.Context) error {
	b, err := byID(a, c, ideas.FindBureau)
	if err != nil {
		return err
	}
	return a.teamPage(c, http.StatusOK, b, &teamPage{})
}

type teamPage struct {
	base
	MemberForm     url.Values // the form adding a member, shown again
	Chosen         map[uint]bool
	B              *ideas.Bureau
	Members        []models.User
	Meetings       []ideas.IdeaMeeting
	Staff          []models.User
	CanRecord      bool // the viewer may record a meeting
	Small          bool
	MetThisQuarter bool
	Quarter        int
}

// teamPage renders a team with its members and meetings and the forms.
func (a *App) teamPage(c echo.Context, status int, b *ideas.Bureau, data *teamPage) error {
	members, err := ideas.BureauMembers(a.dbFor(c), b.ID)
	if err != nil {
		return err
	}
	meetings, err := ideas.BureauMeetings(a.dbFor(c), b.ID)
	if err != nil {
		return err
	}
	staff, err := ideas.StaffAccounts(a.dbFor(c))
	if err != nil {
		return err
	}
	u := currentUser(c)
	isMember := false
	for _, m := range members {
		isMember = isMember || m.ID == u.ID
	}
	now := a.now()
	met := false
	for _, m := range meetings {
		met = met || !m.HeldOn.Before(ideas.QuarterStart(now))
	}
	if data.Form == nil {
		data.Form = url.Values{"held_on": {now.In(models.Seoul).Format("2006-01-02")}}
	}
	data.Title = t(c, "ideas.team.title", "Name", b.Name)
	data.Chosen = chosen(data.Form["attendees"])
	data.B, data.Members, data.Meetings, data.Staff = b, members, meetings, staff
	data.CanRecord = isMember || u.IsAdmin()
	data.Small, data.MetThisQuarter, data.Quarter = len(members) < ideas.MinTeamSize, met, ideas.QuarterOf(now)
	return a.render(c, status, "admin/ideas_team", data)
}

func (a *App) deskAddTeamMember(c echo.Context) error {
	b, err := byID(a, c, ideas.FindBureau)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	err = ideas.AddBureauMember(a.dbFor(c), currentUser(c).ID, b.ID, form.Get("user_id"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.teamPage(c, http.StatusUnprocessableEntity, b, &teamPage{MemberForm: form, base: base{Errors: errs}})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.member_added")
	return c.Redirect(http.StatusSeeOther, teamPath(b.ID))
}

func (a *App) deskRemoveTeamMember(c echo.Context) error {
	b, err := byID(a, c, ideas.FindBureau)
	if err != nil {
		return err
	}
	err = ideas.RemoveBureauMember(a.dbFor(c), currentUser(c).ID, b.ID, uint(atoi(c.FormValue("user_id"))), a.now())
	if errors.Is(err, models.ErrNotFound) {
		a.flash(c, "error", "ideas.flash.not_member")
		return c.Redirect(http.StatusSeeOther, teamPath(b.ID))
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.member_removed")
	return c.Redirect(http.StatusSeeOther, teamPath(b.ID))
}

func (a *App) deskRecordTeamMeeting(c echo.Context) error {
	b, err := byID(a, c, ideas.FindBureau)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	in := ideas.IdeaMeetingInput{HeldOn: form.Get("held_on"), Attendees: form["attendees"], Notes: form.Get("notes")}
	_, err = ideas.RecordIdeaMeeting(a.dbFor(c), currentUser(c).ID, b.ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.teamPage(c, http.StatusUnprocessableEntity, b, &teamPage{base: base{Form: form, Errors: errs}})
	}
	if errors.Is(err, ideas.ErrNotTeamMember) {
		return echo.ErrForbidden
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "ideas.flash.meeting_recorded")
	return c.Redirect(http.StatusSeeOther, teamPath(b.ID))
}
