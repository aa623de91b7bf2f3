package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

func (a *App) home(c echo.Context) error {
	now := a.now()
	stats, err := petitions.PublicStats(a.dbFor(c), now)
	if err != nil {
		return err
	}
	popular, _, err := petitions.ListPetitions(a.dbFor(c), petitions.Query{Status: petitions.StatusOpen, Sort: petitions.SortSupport, PerPage: 4}, now)
	if err != nil {
		return err
	}
	answered, _, err := petitions.ListPetitions(a.dbFor(c), petitions.Query{Status: petitions.StatusAnswered, PerPage: 3}, now)
	if err != nil {
		return err
	}
	settings, err := models.LoadSettings(a.dbFor(c))
	if err != nil {
		return err
	}
	data := &homePage{base: titled("영등포1번가"), Stats: stats, Popular: popular, Answered: answered}
	data.Settings = &settings
	return a.render(c, http.StatusOK, "home", data)
}

type homePage struct {
	base
	Stats    petitions.Stats
	Popular  []petitions.Petition
	Answered []petitions.Petition
}

func (a *App) healthz(c echo.Context) error {
	if err := models.Ping(a.dbFor(c)); err != nil {
		a.log.Error("health check", "err", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}
