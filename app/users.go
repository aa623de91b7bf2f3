package app

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/petitions"
)

const usersPerPage = 30

func (a *App) listUsers(c echo.Context) error {
	pageNo, _ := strconv.Atoi(c.QueryParam("page"))
	q := models.UserQuery{Q: c.QueryParam("q"), Role: models.Role(c.QueryParam("role")), Page: pageNo, PerPage: usersPerPage}
	users, total, err := models.SearchUsers(a.dbFor(c), q)
	if err != nil {
		return err
	}
	q.Normalize()
	return a.render(c, http.StatusOK, "admin/users", &usersPage{
		base: titled(t(c, "desk.nav.users")), Users: users, Total: total, Query: q, Params: c.QueryParams(), Roles: models.Roles,
	})
}

type usersPage struct {
	base
	Users  []models.User
	Total  int64
	Query  models.UserQuery
	Params url.Values
	Roles  []models.Role
}

type userPage struct {
	base
	Person    *models.User
	Petitions []petitions.Petition
	Supports  []petitions.UserSupport
	Roles     []models.Role
}

// userOf loads the account of :id.
func (a *App) userOf(c echo.Context) (*models.User, error) {
	return byID(a, c, models.FindUser)
}

func (a *App) showUser(c echo.Context) error {
	u, err := a.userOf(c)
	if err != nil {
		return err
	}
	return a.userPage(c, http.StatusOK, u, base{})
}

// userPage renders one person with their petitions and supports; form
// carries an admin form shown again with its errors.
func (a *App) userPage(c echo.Context, status int, u *models.User, form base) error {
	filed, err := petitions.PetitionsBy(a.dbFor(c), u.ID, a.now())
	if err != nil {
		return err
	}
	supports, err := petitions.SupportsOf(a.dbFor(c), u.ID)
	if err != nil {
		return err
	}
	form.Title = t(c, "desk.user.page_title", "Name", u.Name)
	return a.render(c, status, "admin/user", &userPage{base: form, Person: u, Petitions: filed, Supports: supports, Roles: models.Roles})
}

func (a *App) newStaff(c echo.Context) error {
	form := url.Values{"role": {string(models.RoleStaff)}}
	return a.render(c, http.StatusOK, "admin/user_new", &base{Title: t(c, "desk.users.new"), Form: form})
}

func (a *App) createStaff(c echo.Context) error {
	form, _ := c.FormParams()
	in := models.StaffInput{Email: form.Get("email"), Name: form.Get("name"), Password: form.Get("password"), Role: models.Role(form.Get("role"))}
	u, err := models.CreateStaff(a.dbFor(c), currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		form.Del("password")
		return a.render(c, http.StatusUnprocessableEntity, "admin/user_new", &base{Title: t(c, "desk.users.new"), Form: form, Errors: errs})
	}
	if err := adminError(err); err != nil {
		return err
	}
	a.flash(c, "success", models.Msg("desk.flash.staff_created", "Name", u.Name, "Role", t(c, u.Role.Label())))
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.Itoa(int(u.ID)))
}

func (a *App) changeRole(c echo.Context) error {
	return a.userAction(c, func(u *models.User) (string, error) {
		role := models.Role(c.FormValue("role"))
		return models.Msg("desk.flash.role_changed", "Role", t(c, role.Label())), models.ChangeRole(a.dbFor(c), currentUser(c).ID, u.ID, role, a.now())
	})
}

func (a *App) deactivateUser(c echo.Context) error {
	return a.userAction(c, func(u *models.User) (string, error) {
		return "desk.flash.deactivated", models.SetDeactivated(a.dbFor(c), currentUser(c).ID, u.ID, true, a.now())
	})
}

func (a *App) reactivateUser(c echo.Context) error {
	return a.userAction(c, func(u *models.User) (string, error) {
		return "desk.flash.reactivated", models.SetDeactivated(a.dbFor(c), currentUser(c).ID, u.ID, false, a.now())
	})
}

// userAction runs one admin change on the account of :id and goes back to it.
func (a *App) userAction(c echo.Context, act func(u *models.User) (string, error)) error {
	u, err := a.userOf(c)
	if err != nil {
		return err
	}
	done, err := act(u)
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.userPage(c, http.StatusUnprocessableEntity, u, base{Form: form, Errors: errs})
	}
	if errors.Is(err, models.ErrStateChanged) {
		a.flash(c, "error", "desk.flash.user_state_changed")
	} else if err := adminError(err); err != nil {
		return err
	} else {
		a.flash(c, "success", done)
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.Itoa(int(u.ID)))
}

// adminError turns the models' refusals into HTTP errors.
func adminError(err error) error {
	switch {
	case errors.Is(err, models.ErrNotAdmin):
		return echo.ErrForbidden
	case errors.Is(err, models.ErrNotFound):
		return echo.ErrNotFound
	}
	return err
}
