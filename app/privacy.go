package app

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/privacy"
)

// myData downloads everything the site keeps about the logged-in resident.
func (a *App) myData(c echo.Context) error {
	d, err := privacy.ExportUserData(a.dbFor(c), currentUser(c).ID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="ydp1-my-data.json"`)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSONPretty(http.StatusOK, d, "  ")
}

func (a *App) deleteAccountForm(c echo.Context) error {
	return a.render(c, http.StatusOK, "account_delete", &base{Title: t(c, "auth.delete.title")})
}

func (a *App) deleteAccount(c echo.Context) error {
	err := privacy.DeleteAccount(a.dbFor(c), currentUser(c).ID, c.FormValue("password"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.render(c, http.StatusUnprocessableEntity, "account_delete", &base{Title: t(c, "auth.delete.title"), Errors: errs})
	}
	if err != nil {
		return err
	}
	a.mailer.Wake() // freed seats may have promoted someone
	if err := a.logOut(c); err != nil {
		return err
	}
	a.flash(c, "success", "auth.flash.deleted")
	return c.Redirect(http.StatusSeeOther, "/")
}
