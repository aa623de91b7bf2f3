package app

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	ilang "ydp1/internal/lang"
	"ydp1/models"
	"ydp1/models/ideas"
)

// The site's languages (internal/lang), as the pages use them.
type lang = ilang.Lang

var langs = ilang.All

func langByCode(code string) *lang { return ilang.ByCode(code) }

// textLang is the language of a text residents or staff wrote, for its
// lang attribute: their writing is never translated, only marked.
var textLang = ilang.Of

// loadCatalogs reads the message catalogs; a page's first use would too.
func loadCatalogs() (any, error) { return nil, ilang.Load() }

// langCookie remembers a visitor's language for a year.
const langCookie = "lang"

// t is the message id in the request's language.
func t(c echo.Context, id string, args ...any) string { return langOf(c).T(id, args...) }

// chooseLang is the visitor's language: the one they chose (the cookie), else
// their account's, else the closest to their browser's, else Korean.
func chooseLang(c echo.Context, user *models.User) *lang {
	if ck, err := c.Cookie(langCookie); err == nil {
		if l := langByCode(ck.Value); l != nil {
			return l
		}
	}
	if user != nil {
		if l := langByCode(user.Language); l != nil {
			return l
		}
	}
	if accept := c.Request().Header.Get("Accept-Language"); accept != "" {
		return ilang.Match(accept)
	}
	return langs[0]
}

// langKey is where the request's language waits in its context.
const langKey = "lang"

// withLang puts the visitor's language in the request's context.
func (a *App) withLang(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(langKey, chooseLang(c, currentUser(c)))
		c.Response().Header().Add(echo.HeaderVary, "Accept-Language")
		return next(c)
	}
}

// langOf is the request's language.
func langOf(c echo.Context) *lang {
	if l, ok := c.Get(langKey).(*lang); ok {
		return l
	}
	return langs[0]
}

// switchLang is the language switch's link: it remembers the language in a
// cookie and, for a logged-in resident, on the account (their mails follow
// it), and goes back to the page it was pressed on.
func (a *App) switchLang(c echo.Context) error {
	l := langByCode(c.Param("code"))
	if l == nil {
		return echo.ErrNotFound
	}
	c.SetCookie(&http.Cookie{Name: langCookie, Value: l.Code, Path: "/", MaxAge: 365 * 24 * 3600, // #nosec G124 -- Secure whenever the site is served over HTTPS (cfg.Secure); the cookie holds only ko, en or zh
		HttpOnly: true, Secure: a.cfg.Secure(), SameSite: http.SameSiteLaxMode})
	if u := currentUser(c); u != nil && u.Language != l.Code {
		if err := models.SetLanguage(a.dbFor(c), u.ID, l.Code); err != nil {
			return err
		}
	}
	return c.Redirect(http.StatusSeeOther, backTo(c))
}

// backTo is the page the switch was pressed on: the path and query of a
// Referer of this site (the site's Referrer-Policy sends it whole to itself),
// else the home page. The header's links do not carry the page's address, so
// a token in it (a check-in code, a reset link) is never written into a page.
func backTo(c echo.Context) string {
	ref, err := url.Parse(c.Request().Referer())
	if err != nil || ref.Host != c.Request().Host || ref.Path == "" {
		return "/"
	}
	return localPath(ref.RequestURI())
}

// langFuncs are the template helpers that speak the language: parsed once,
// each page is cloned for every language with these bound.
func (a *App) langFuncs(l *lang) template.FuncMap {
	return template.FuncMap{
		"t":            l.T,
		"tmark":        func(id string, args ...any) template.HTML { return markedT(l, id, args...) },
		"place":        func(name string) string { return l.T(models.PlaceID(name)) }, // a 행정동, 권역 or category by its stored Korean name
		"date":         l.Date,
		"datetime":     l.DateTime,
		"people":       l.People,
		"took":         l.Took,
		"dday":         func(deadline any) string { return a.dday(l, deadline) },
		"deadline":     func(due any) *deadlineText { return a.deadline(l, due) }, // the desk's: D-3, or 기한 초과 18일
		"audit":        func(line models.AuditLine) models.AuditTold { return line.Tell(l) },
		"teamMeetings": func(ms []ideas.IdeaMeeting) []written { return teamMeetingChoices(l, ms) },
	}
}

// markedT is T for a message holding what people wrote (a department's
// name, a resident's): each string value sits in a span marked with its own
// language, so a screen reader reads a Korean name in an English sentence
// as Korean. The message and the values are escaped.
func markedT(l *lang, id string, args ...any) template.HTML {
	vals := map[string]string{}
	marked := slices.Clone(args)
	for i := 1; i < len(marked); i += 2 {
		if v, ok := marked[i].(string); ok && v != "" {
			key := "\ue000" + strconv.Itoa(i) + "\ue001" // private-use marks no message holds
			vals[key] = `<span lang="` + ilang.Of(v) + `">` + template.HTMLEscapeString(v) + `</span>`
			marked[i] = key
		}
	}
	out := template.HTMLEscapeString(l.T(id, marked...))
	for key, span := range vals {
		out = strings.ReplaceAll(out, key, span)
	}
	return template.HTML(out) // #nosec G203 -- the message and every value are escaped above
}
