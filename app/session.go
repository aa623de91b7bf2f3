package app

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"ydp1/internal/session"
	"ydp1/models"
)

// sessionName is the session cookie's name.
const sessionName = session.Name

func (a *App) session(c echo.Context) *sessions.Session {
	// a cookie that no longer decodes (new secret) gives a fresh session
	s, _ := a.sessions.Get(c.Request(), sessionName)
	return s
}

// logIn starts a session for u under its session generation, with a new
// session identity. A change that ended u's sessions issues the session
// that made it again this way.
func (a *App) logIn(c echo.Context, u *models.User) error {
	s := a.session(c)
	for k := range s.Values {
		delete(s.Values, k)
	}
	s.Values["uid"] = u.ID
	s.Values["gen"] = u.SessionGen
	return s.Save(c.Request(), c.Response())
}

func (a *App) logOut(c echo.Context) error {
	s := a.session(c)
	delete(s.Values, "uid")
	delete(s.Values, "gen")
	return s.Save(c.Request(), c.Response())
}

// setReturnTo remembers where a visitor was going when they started to sign
// up (a petition's 사전동의 link), so verification brings them back there.
func (a *App) setReturnTo(c echo.Context, next string) {
	if next == "" {
		return
	}
	s := a.session(c)
	s.Values["return_to"] = localPath(next)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save session", "err", err)
	}
}

// popReturnTo gives the remembered page once, or fallback.
func (a *App) popReturnTo(c echo.Context, fallback string) string {
	s := a.session(c)
	next, ok := s.Values["return_to"].(string)
	if !ok {
		return fallback
	}
	delete(s.Values, "return_to")
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save session", "err", err)
	}
	return next
}

// flash keeps a one-time message for the next page.
func (a *App) flash(c echo.Context, kind, msg string) {
	s := a.session(c)
	// A visitor who never opens the page a message was meant for (a script
	// posting supports, say) must not grow the cookie: keep the last few.
	if old := s.Flashes(); len(old) > 0 {
		for _, f := range old[max(0, len(old)-2):] {
			s.AddFlash(f)
		}
	}
	s.AddFlash(kind + "|" + msg)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save flash", "err", err)
	}
}

type flashMsg struct{ Kind, Text string }

func (a *App) popFlash(c echo.Context) []flashMsg {
	s := a.session(c)
	raw := s.Flashes()
	if len(raw) == 0 {
		return nil
	}
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Warn("save session", "err", err)
	}
	out := make([]flashMsg, 0, len(raw))
	for _, f := range raw {
		kind, text, _ := strings.Cut(f.(string), "|")
		out = append(out, flashMsg{kind, text})
	}
	return out
}

// loadUser puts the logged-in account, if any, on the context.
func (a *App) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if strings.HasPrefix(p, "/static/") || isAPI(p) || p == "/healthz" {
			return next(c)
		}
		s := a.session(c)
		if id, ok := s.Values["uid"].(uint); ok {
			gen, _ := s.Values["gen"].(int)
			u, err := models.SessionUser(a.dbFor(c), id)
			switch {
			case err == nil && u.OpensSession(gen):
				c.Set("user", u)
			case err == nil:
				// ended by a change to the account: say so once, and stop asking for the account
				delete(s.Values, "uid")
				delete(s.Values, "gen")
				a.flash(c, "info", "auth.flash.session_ended")
			}
		}
		return next(c)
	}
}

func currentUser(c echo.Context) *models.User {
	u, _ := c.Get("user").(*models.User)
	return u
}

// requireUser sends anonymous visitors to the log-in page and back.
func requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) == nil {
			back := c.Request().URL.RequestURI()
			if c.Request().Method != http.MethodGet {
				back = c.Request().Referer()
				if u, err := url.Parse(back); err == nil {
					back = u.RequestURI()
				}
			}
			return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(back))
		}
		return next(c)
	}
}

// requireStaff lets only staff and admins through.
func requireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return requireUser(func(c echo.Context) error {
		if !currentUser(c).IsStaff() {
			return echo.ErrForbidden
		}
		return next(c)
	})
}

// requireAdmin lets only admins through (staff accounts and settings).
func requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return requireUser(func(c echo.Context) error {
		if !currentUser(c).IsAdmin() {
			return echo.ErrForbidden
		}
		return next(c)
	})
}

// localPath keeps a redirect target on this site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}
