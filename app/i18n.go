package app

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/labstack/echo/v4"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"ydp1/models"
	"ydp1/views"
)

// lang is a language the site speaks: its interface text from the message
// catalog views/i18n/<code>.toml, its dates and numbers.
type lang struct {
	Code string       // ko, en, zh: the catalog, the cookie, the account's setting
	Tag  language.Tag // what <html lang> and hreflang say
	Name string       // the language's own name, for the switch

	loc   *i18n.Localizer
	plain map[string]string // messages without placeholders or plural forms, looked up directly
}

// langCookie remembers a visitor's language for a year.
const langCookie = "lang"

// langs are the site's languages; the first is the default and the
// reference of every catalog.
var langs = []*lang{
	{Code: "ko", Tag: language.Korean, Name: "한국어"},
	{Code: "en", Tag: language.English, Name: "English"},
	{Code: "zh", Tag: language.SimplifiedChinese, Name: "简体中文"},
}

// langMatcher picks the site's language closest to a browser's
// Accept-Language; Chinese in any script or region finds 简体中文.
var langMatcher = language.NewMatcher([]language.Tag{language.Korean, language.English, language.SimplifiedChinese})

// langByCode is the site's language of a code, or nil.
func langByCode(code string) *lang {
	for _, l := range langs {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// loadCatalogs reads the catalogs into the languages: every
// views/i18n/<area>.<code>.toml, one file per area of the site and
// language. Korean is the bundle's default: a message missing elsewhere
// shows in Korean (the tests make sure none is missing).
func loadCatalogs() (*i18n.Bundle, error) {
	bundle := i18n.NewBundle(language.Korean)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range langs {
		files, err := fs.Glob(views.FS, "i18n/*."+l.Code+".toml")
		if err != nil {
			return nil, err
		}
		l.loc = i18n.NewLocalizer(bundle, l.Code)
		l.plain = map[string]string{}
		for _, name := range files {
			data, err := fs.ReadFile(views.FS, name)
			if err != nil {
				return nil, err
			}
			file, err := bundle.ParseMessageFileBytes(data, name)
			if err != nil {
				return nil, fmt.Errorf("catalog %s: %w", name, err)
			}
			for _, m := range file.Messages {
				if m.Other != "" && !strings.Contains(m.Other, "{{") && m.One == "" && m.Few == "" && m.Many == "" && m.Two == "" && m.Zero == "" {
					l.plain[m.ID] = m.Other
				}
			}
		}
	}
	return bundle, nil
}

// T is the message id in the language, its placeholders filled from args,
// given as name, value pairs: T("petition.count", "Count", 3). A value
// named Count also picks the plural form. The id may carry its values
// itself, as models.Msg writes them for a message made where the language
// is not known: "petitions.comment_long?Count=215". A text that is no id
// (a message not yet in the catalogs) is shown as it is.
func (l *lang) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := l.plain[id]; ok {
			return s
		}
	}
	data := make(map[string]any, len(args)/2)
	if base, query, ok := strings.Cut(id, "?"); ok && models.IsMessageID(base) {
		values, _ := url.ParseQuery(query)
		for k := range values {
			data[k] = values.Get(k)
		}
		id = base
	}
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = args[i+1]
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := l.loc.Localize(cfg)
	if err != nil && s == "" {
		return id // no catalog has it: the tests fail on such an id
	}
	return s
}

// t is the message id in the request's language.
func t(c echo.Context, id string, args ...any) string { return langOf(c).T(id, args...) }

// OGLocale is the language as a share card names it.
func (l *lang) OGLocale() string {
	return map[string]string{"ko": "ko_KR", "en": "en_GB", "zh": "zh_CN"}[l.Code]
}

// Date writes a date as the language reads it: 2026년 12월 7일 (월),
// 7 Dec 2026 (Mon), 2026年12月7日（周一）.
func (l *lang) Date(t time.Time) string {
	t = t.In(models.Seoul)
	switch l.Code {
	case "en":
		return t.Format("2 Jan 2006 (Mon)")
	case "zh":
		return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), t.Month(), t.Day(), zhWeekdays[t.Weekday()])
	}
	return models.FormatDate(t)
}

// DateTime is Date with the time of day, on a 24-hour clock.
func (l *lang) DateTime(t time.Time) string {
	if l.Code == "ko" {
		return models.FormatDateTime(t)
	}
	return l.Date(t) + " " + t.In(models.Seoul).Format("15:04")
}

var zhWeekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

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
		_, i := language.MatchStrings(langMatcher, accept)
		return langs[i]
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
	c.SetCookie(&http.Cookie{Name: langCookie, Value: l.Code, Path: "/", MaxAge: 365 * 24 * 3600,
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
		"t":        l.T,
		"date":     l.Date,
		"datetime": l.DateTime,
		"people":   l.People,
		"took":     l.Took,
		"dday":     func(deadline any) string { return a.dday(l, deadline) },
		"deadline": func(due any) *deadlineText { return a.deadline(l, due) }, // the desk's: D-3, or 기한 초과 18일
	}
}

// People is a number of people: 1,234명, 1,234 people, 1,234人.
func (l *lang) People(n any) string {
	count := n
	if u, ok := n.(uint); ok { // go-i18n counts with signed integers
		count = int64(u) // #nosec G115 -- a count of people
	}
	return l.T("common.people", "Count", count, "N", number(n))
}

// Took writes how long something took: 1초 미만, 2초, 3분 5초.
func (l *lang) Took(d time.Duration) string {
	switch s := int(d / time.Second); {
	case s < 1:
		return l.T("common.took.under_second")
	case s < 60:
		return l.T("common.took.seconds", "Count", s)
	default:
		return l.T("common.took.minutes", "Minutes", s/60, "Seconds", s%60)
	}
}
