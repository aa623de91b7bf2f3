package app

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"ydp1/internal/outbox"
	"ydp1/models"
)

func (a *App) forgotForm(c echo.Context) error {
	return a.render(c, http.StatusOK, "auth/forgot", &forgotPage{base: titled(t(c, "auth.forgot.title"))})
}

// forgot answers the same whether or not the address has an account.
func (a *App) forgot(c echo.Context) error {
	form, _ := c.FormParams()
	email := models.NormalizeEmail(form.Get("email"))
	if email == "" {
		data := &forgotPage{base: titled(t(c, "auth.forgot.title"))}
		data.Form, data.Errors = form, models.Errors{"email": "auth.forgot.email_empty"}
		return a.render(c, http.StatusUnprocessableEntity, "auth/forgot", data)
	}
	token := models.NewToken()
	mail, err := a.mailer.Render("reset", outbox.Data{"Name": t(c, "auth.forgot.mail_name"), "Lang": langOf(c).Code, "Link": a.cfg.BaseURL + "/password/reset?token=" + token})
	if err != nil {
		return err
	}
	if err := models.RequestPasswordReset(a.dbFor(c), email, token, mail, a.now()); err != nil {
		return err
	}
	a.mailer.Wake()
	return a.render(c, http.StatusOK, "auth/forgot", &forgotPage{base: titled(t(c, "auth.forgot.title")), Sent: email})
}

type forgotPage struct {
	base
	Sent string // the address a link was sent to, if it has an account
}

type resetPage struct {
	base
	Valid bool // the token is known and not expired
}

func (a *App) resetForm(c echo.Context) error {
	token := c.QueryParam("token")
	valid := token != "" && models.CheckToken(a.dbFor(c), models.TokenReset, token, a.now())
	return a.render(c, http.StatusOK, "auth/reset", &resetPage{base: base{Title: t(c, "auth.reset.title"), Form: url.Values{"token": {token}}}, Valid: valid})
}

func (a *App) reset(c echo.Context) error {
	form, _ := c.FormParams()
	u, err := models.ResetPassword(a.dbFor(c), form.Get("token"), form.Get("password"), form.Get("password_confirm"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		keep := url.Values{"token": {form.Get("token")}}
		return a.render(c, http.StatusUnprocessableEntity, "auth/reset", &resetPage{base: base{Title: t(c, "auth.reset.title"), Form: keep, Errors: errs}, Valid: true})
	}
	if errors.Is(err, models.ErrTokenInvalid) {
		return a.render(c, http.StatusBadRequest, "auth/reset", &resetPage{base: titled(t(c, "auth.reset.title"))})
	}
	if err != nil {
		return err
	}
	if err := a.logIn(c, u); err != nil {
		return err
	}
	a.flash(c, "success", "auth.flash.password_reset")
	return c.Redirect(http.StatusSeeOther, "/me")
}

// changePassword is 비밀번호 변경 on /me. Every other session of the account
// ends; this one is issued again, so its owner stays logged in. The form
// shows what was wrong and keeps none of the passwords.
func (a *App) changePassword(c echo.Context) error {
	u, now := currentUser(c), a.now()
	notice, err := a.mailer.Render("password_changed", outbox.Data{"Name": u.Name, "Lang": u.Language, "When": now})
	if err != nil {
		return err
	}
	in := models.PasswordChange{Current: c.FormValue("current_password"), Password: c.FormValue("password"), Confirm: c.FormValue("password_confirm")}
	changed, err := models.ChangePassword(a.dbFor(c), u.ID, in, notice, now)
	if errors.Is(err, models.ErrLocked) {
		err = models.Errors{"current_password": lockedMessage(c, "password", changed)}
	}
	if errs, ok := models.AsErrors(err); ok {
		return a.mePage(c, http.StatusUnprocessableEntity, base{Errors: errs})
	}
	if err != nil {
		return err
	}
	a.mailer.Wake()
	if err := a.logIn(c, changed); err != nil {
		return err
	}
	a.flash(c, "success", "auth.flash.password_changed")
	return c.Redirect(http.StatusSeeOther, "/me#security")
}
