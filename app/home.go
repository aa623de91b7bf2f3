package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/ideas"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

// homeItems is how many items each section of the home page shows.
const homeItems = 3

// home is the whole 영등포1번가 in short sections, each with a link to its
// list: one query a section (LatestAnswers loads its answers in a second).
func (a *App) home(c echo.Context) error {
	now, db := a.now(), a.dbFor(c)
	data := &homePage{base: titled(t(c, "site.name"))}
	var err error
	if data.Stats, err = petitions.PublicStats(db, now); err != nil {
		return err
	}
	if data.Popular, _, err = petitions.ListPetitions(db, petitions.Query{Status: petitions.StatusOpen, Sort: petitions.SortSupport, PerPage: 4}, now); err != nil {
		return err
	}
	if data.Answered, err = petitions.LatestAnswers(db, homeItems, now); err != nil {
		return err
	}
	if data.Meetings, err = meetings.Upcoming(db, homeItems, now); err != nil {
		return err
	}
	if data.Deliberations, err = deliberations.OpenNow(db, homeItems, now); err != nil {
		return err
	}
	if data.Opinions, err = meetings.LatestOpinions(db, homeItems); err != nil {
		return err
	}
	if data.Ideas, err = ideas.LatestAdopted(db, homeItems); err != nil {
		return err
	}
	settings, err := models.LoadSettings(db)
	if err != nil {
		return err
	}
	data.Settings = &settings
	return a.render(c, http.StatusOK, "home", data)
}

type homePage struct {
	base
	Stats         petitions.Stats
	Popular       []petitions.Petition
	Answered      []petitions.Petition // with their answers
	Meetings      []meetings.Meeting
	Deliberations []deliberations.Deliberation
	Opinions      []meetings.Opinion
	Ideas         []ideas.Idea
}

func (a *App) healthz(c echo.Context) error {
	if err := models.Ping(a.dbFor(c)); err != nil {
		a.log.Error("health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}
