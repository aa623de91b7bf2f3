package app

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"ydp1/internal/outbox"
	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/petitions"
)

func (a *App) signupForm(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/me")
	}
	form := url.Values{"next": {c.QueryParam("next")}}
	return a.render(c, http.StatusOK, "auth/signup", &base{Title: t(c, "auth.signup.title"), Form: form})
}

func (a *App) signup(c echo.Context) error {
	in := models.SignUp{
		Email:           c.FormValue("email"),
		Password:        c.FormValue("password"),
		PasswordConfirm: c.FormValue("password_confirm"),
		Name:            c.FormValue("name"),
		Dong:            c.FormValue("dong"),
		Consent:         c.FormValue("consent") == "yes",
		Language:        langOf(c).Code, // the account's, and its mails', until they choose another
	}
	token := models.NewToken()
	mail, err := a.mailer.Render("verify", outbox.Data{"Name": in.Name, "Lang": in.Language, "Link": a.cfg.BaseURL + "/verify?token=" + token})
	if err != nil {
		return err
	}
	u, err := models.Register(a.dbFor(c), in, token, mail, a.now())
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		form.Del("password")
		form.Del("password_confirm")
		return a.render(c, http.StatusUnprocessableEntity, "auth/signup", &base{Title: t(c, "auth.signup.title"), Form: form, Errors: errs})
	}
	if err != nil {
		return err
	}
	a.mailer.Wake()
	if err := a.logIn(c, u); err != nil {
		return err
	}
	a.setReturnTo(c, c.FormValue("next"))
	return a.render(c, http.StatusOK, "auth/verify_sent", &verifySentPage{base: titled(t(c, "auth.verify.sent_title")), Email: u.Email})
}

type verifySentPage struct {
	base
	Email string
}

type verifyPage struct {
	base
	Token string
	Valid bool // the token is known and not expired
}

// verifyForm shows a button rather than verifying on GET, because mail
// scanners open every link in a message.
func (a *App) verifyForm(c echo.Context) error {
	token := c.QueryParam("token")
	valid := token != "" && models.CheckToken(a.dbFor(c), models.TokenVerify, token, a.now())
	return a.render(c, http.StatusOK, "auth/verify", &verifyPage{base: titled(t(c, "auth.verify.title")), Token: token, Valid: valid})
}

func (a *App) verify(c echo.Context) error {
	u, err := models.VerifyEmail(a.dbFor(c), c.FormValue("token"), a.now())
	if errors.Is(err, models.ErrTokenInvalid) {
		return a.render(c, http.StatusBadRequest, "auth/verify", &verifyPage{base: titled(t(c, "auth.verify.title"))})
	}
	if err != nil {
		return err
	}
	next := a.popReturnTo(c, "/me")
	if err := a.logIn(c, u); err != nil {
		return err
	}
	a.flash(c, "success", "auth.verify.flash_done")
	return c.Redirect(http.StatusSeeOther, next)
}

func (a *App) resendVerification(c echo.Context) error {
	u := currentUser(c)
	if !u.Verified() {
		token := models.NewToken()
		mail, err := a.mailer.Render("verify", outbox.Data{"Name": u.Name, "Lang": u.Language, "Link": a.cfg.BaseURL + "/verify?token=" + token})
		if err != nil {
			return err
		}
		if err := models.ResendVerification(a.dbFor(c), u.ID, token, mail, a.now()); err != nil {
			return err
		}
		a.mailer.Wake()
		a.flash(c, "success", models.Msg("auth.verify.flash_resent", "Email", u.Email))
	}
	return c.Redirect(http.StatusSeeOther, "/me")
}

func (a *App) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, localPath(c.QueryParam("next")))
	}
	form := url.Values{"next": {c.QueryParam("next")}}
	return a.render(c, http.StatusOK, "auth/login", &base{Title: t(c, "auth.login.title"), Form: form})
}

func (a *App) login(c echo.Context) error {
	form, _ := c.FormParams()
	u, err := models.Authenticate(a.dbFor(c), form.Get("email"), form.Get("password"), a.now())
	if err == nil {
		if err := a.logIn(c, u); err != nil {
			return err
		}
		return c.Redirect(http.StatusSeeOther, localPath(form.Get("next")))
	}
	errs, _ := models.AsErrors(err) // an empty field
	if errs == nil {
		errs = models.Errors{}
	}
	switch {
	case len(errs) > 0:
	case errors.Is(err, models.ErrLocked):
		errs.Add("password", lockedMessage(c, "login", u))
	case errors.Is(err, models.ErrDeactivated):
		errs.Add("password", "auth.login.suspended")
	case errors.Is(err, models.ErrBadCredentials):
		errs.Add("password", t(c, "auth.login.wrong", "Count", models.MaxFailedLogins))
	default:
		return err
	}
	form.Del("password")
	return a.render(c, http.StatusUnprocessableEntity, "auth/login", &base{Title: t(c, "auth.login.title"), Form: form, Errors: errs})
}

// lockedMessage tells why a locked account refuses the password and until
// when, in the request's language; what failed is "login" or "password"
// (its check on the account page), and u is nil when the attempt that
// locked it does not know.
func lockedMessage(c echo.Context, what string, u *models.User) string {
	ids := lockedIDs[what]
	if u != nil && u.LockedUntil != nil {
		return t(c, ids[0], "Until", langOf(c).DateTime(*u.LockedUntil))
	}
	return t(c, ids[1], "Count", int(models.LockDuration/time.Minute))
}

// lockedIDs are the messages of lockedMessage: until a time, for minutes.
var lockedIDs = map[string][2]string{
	"login":    {"auth.locked.login_until", "auth.locked.login_minutes"},
	"password": {"auth.locked.password_until", "auth.locked.password_minutes"},
}

func (a *App) logout(c echo.Context) error {
	if err := a.logOut(c); err != nil {
		return err
	}
	a.flash(c, "success", "auth.flash.logged_out")
	return c.Redirect(http.StatusSeeOther, "/")
}

// logOutElsewhere ends every other session of the account and keeps this
// one, issued again under the account's new session generation.
func (a *App) logOutElsewhere(c echo.Context) error {
	u, err := models.EndOtherSessions(a.dbFor(c), currentUser(c).ID, a.now())
	if err != nil {
		return err
	}
	if err := a.logIn(c, u); err != nil {
		return err
	}
	a.flash(c, "success", "auth.flash.logged_out_elsewhere")
	return c.Redirect(http.StatusSeeOther, "/me#security")
}

func (a *App) me(c echo.Context) error { return a.mePage(c, http.StatusOK, base{}) }

type mePage struct {
	base
	Mine      []petitions.Petition
	Supported []petitions.Petition
	Bookings  []meetings.Booking
}

// mePage renders 나의 영등포1번가; form carries a form of it shown again
// with its errors.
func (a *App) mePage(c echo.Context, status int, form base) error {
	u := currentUser(c)
	now := a.now()
	mine, err := petitions.PetitionsBy(a.dbFor(c), u.ID, now)
	if err != nil {
		return err
	}
	supported, err := petitions.PetitionsSupportedBy(a.dbFor(c), u.ID, now)
	if err != nil {
		return err
	}
	bookings, err := meetings.BookingsOf(a.dbFor(c), u.ID)
	if err != nil {
		return err
	}
	form.Title = t(c, "auth.me.title")
	return a.render(c, status, "me", &mePage{base: form, Mine: mine, Supported: supported, Bookings: bookings})
}

func itoa(n int) string { return models.FormatNumber(n) }
