package app

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"ydp1/models"
)

// unsubscribeForm is the page behind the link in every mail: it asks for a
// press of the button, because mail scanners open links on their own.
func (a *App) unsubscribeForm(c echo.Context) error {
	u, err := models.UserByUnsubscribeToken(a.dbFor(c), c.Param("token"))
	if errors.Is(err, models.ErrTokenInvalid) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "unsubscribe", &unsubscribePage{base: titled(t(c, "auth.unsubscribe.title")), Email: u.Email, Token: c.Param("token")})
}

type unsubscribePage struct {
	base
	Email string
	Token string
	Done  bool // the mails are off
}

// unsubscribe turns the mails off. It needs no log-in and no CSRF token: the
// secret in the address is the proof, and mail clients post here directly
// for one-click unsubscribe (RFC 8058).
func (a *App) unsubscribe(c echo.Context) error {
	u, err := models.Unsubscribe(a.dbFor(c), c.Param("token"), a.now())
	if errors.Is(err, models.ErrTokenInvalid) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "unsubscribe", &unsubscribePage{base: titled(t(c, "auth.unsubscribe.title")), Email: u.Email, Done: true})
}

func (a *App) saveNotifications(c echo.Context) error {
	u := currentUser(c)
	err := models.SetNotifications(a.dbFor(c), u.ID, c.FormValue("notify_own") == "on",
		c.FormValue("notify_supported") == "on", c.FormValue("notify_progress") == "on", a.now())
	if err != nil {
		return err
	}
	a.flash(c, "success", "auth.flash.notifications_saved")
	return c.Redirect(http.StatusSeeOther, "/me#notifications")
}
