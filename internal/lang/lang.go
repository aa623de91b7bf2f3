// Package lang is the site's languages: 한국어 (the default and the
// reference), English and 简体中文, their message catalogs (views/i18n) and
// how each writes dates, numbers of people and durations. Pages (app) and
// mails (internal/outbox) speak through it.
package lang

import (
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"ydp1/models"
	"ydp1/views"
)

// Lang is a language the site speaks: its interface text from the message
// catalogs views/i18n/<area>.<code>.toml, its dates and numbers.
type Lang struct {
	Code string       // ko, en, zh: the catalog, the cookie, the account's setting
	Tag  language.Tag // what <html lang> and hreflang say
	Name string       // the language's own name, for the switch

	loc   *i18n.Localizer
	plain map[string]string // messages without placeholders or plural forms, looked up directly
}

// All are the site's languages; the first is the default and the
// reference of every catalog.
var All = []*Lang{
	{Code: "ko", Tag: language.Korean, Name: "한국어"},
	{Code: "en", Tag: language.English, Name: "English"},
	{Code: "zh", Tag: language.SimplifiedChinese, Name: "简体中文"},
}

// matcher picks the site's language closest to a browser's
// Accept-Language; Chinese in any script or region finds 简体中文.
var matcher = language.NewMatcher([]language.Tag{language.Korean, language.English, language.SimplifiedChinese})

// Match is the site's language closest to an Accept-Language header.
func Match(acceptLanguage string) *Lang {
	_, i := language.MatchStrings(matcher, acceptLanguage)
	return All[i]
}

// ByCode is the site's language of a code, or nil.
func ByCode(code string) *Lang {
	for _, l := range All {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// load reads the catalogs into the languages: every
// views/i18n/<area>.<code>.toml, one file per area of the site and
// language. Korean is the bundle's default: a message missing elsewhere
// shows in Korean (the tests make sure none is missing).
func load() error {
	bundle := i18n.NewBundle(language.Korean)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range All {
		files, err := fs.Glob(views.FS, "i18n/*."+l.Code+".toml")
		if err != nil {
			return err
		}
		l.loc = i18n.NewLocalizer(bundle, l.Code)
		l.plain = map[string]string{}
		for _, name := range files {
			data, err := fs.ReadFile(views.FS, name)
			if err != nil {
				return err
			}
			file, err := bundle.ParseMessageFileBytes(data, name)
			if err != nil {
				return fmt.Errorf("catalog %s: %w", name, err)
			}
			for _, m := range file.Messages {
				if m.Other != "" && !strings.Contains(m.Other, "{{") && m.One == "" && m.Few == "" && m.Many == "" && m.Two == "" && m.Zero == "" {
					l.plain[m.ID] = m.Other
				}
			}
		}
	}
	return nil
}

var loaded = sync.OnceValue(load)

// Load reads the catalogs, once; every use of a language waits for it.
// Their errors show at start (the site and the mail worker call it first).
func Load() error { return loaded() }

// T is the message id in the language, its placeholders filled from args,
// given as name, value pairs: T("petition.count", "Count", 3). A value
// named Count also picks the plural form. The id may carry its values
// itself, as models.Msg writes them for a message made where the language
// is not known: "petitions.comment_long?Count=215". A text that is no id
// (a message not yet in the catalogs) is shown as it is.
func (l *Lang) T(id string, args ...any) string {
	if err := Load(); err != nil {
		return id
	}
	if len(args) == 0 {
		if s, ok := l.plain[id]; ok {
			return s
		}
	}
	data := make(map[string]any, len(args)/2)
	if base, query, ok := strings.Cut(id, "?"); ok && models.IsMessageID(base) {
		values, _ := url.ParseQuery(query)
		for k := range values {
			v := values.Get(k)
			if models.IsMessageID(v) { // a name given by its id (a state's), in the language too
				v = l.T(v)
			}
			data[k] = v
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

// OGLocale is the language as a share card names it.
func (l *Lang) OGLocale() string {
	return map[string]string{"ko": "ko_KR", "en": "en_GB", "zh": "zh_CN"}[l.Code]
}

// Date writes a date as the language reads it: 2026년 12월 7일 (월),
// 7 Dec 2026 (Mon), 2026年12月7日（周一）.
func (l *Lang) Date(t time.Time) string {
	t = t.In(models.Seoul)
	day := l.T(weekdays[t.Weekday()])
	switch l.Code {
	case "en":
		return fmt.Sprintf("%d %s %d (%s)", t.Day(), t.Format("Jan"), t.Year(), day)
	case "zh":
		return fmt.Sprintf("%d年%d月%d日（%s）", t.Year(), t.Month(), t.Day(), day)
	}
	return fmt.Sprintf("%d. %d. %d.(%s)", t.Year(), t.Month(), t.Day(), day)
}

// DateTime is Date with the time of day, on a 24-hour clock.
func (l *Lang) DateTime(t time.Time) string {
	return l.Date(t) + " " + t.In(models.Seoul).Format("15:04")
}

// weekdays are the message ids of the days' short names, Sunday first.
var weekdays = [...]string{"common.weekday.sun", "common.weekday.mon", "common.weekday.tue", "common.weekday.wed",
	"common.weekday.thu", "common.weekday.fri", "common.weekday.sat"}

// People is a number of people: 1,234명, 1,234 people, 1,234人.
func (l *Lang) People(n any) string {
	count := n
	if u, ok := n.(uint); ok { // go-i18n counts with signed integers
		count = int64(u) // #nosec G115 -- a count of people
	}
	return l.T("common.people", "Count", count, "N", formatCount(n))
}

// Took writes how long something took: 1초 미만, 2초, 3분 5초.
func (l *Lang) Took(d time.Duration) string {
	switch s := int(d / time.Second); {
	case s < 1:
		return l.T("common.took.under_second")
	case s < 60:
		return l.T("common.took.seconds", "Count", s)
	default:
		return l.T("common.took.minutes", "Minutes", s/60, "Seconds", s%60)
	}
}

// formatCount writes an integer with thousands separators: 1,234.
func formatCount(n any) string {
	switch v := n.(type) {
	case int:
		return models.FormatNumber(v)
	case int64:
		return models.FormatNumber(int(v))
	case uint:
		return models.FormatNumber(int(v)) // #nosec G115 -- a count
	}
	return fmt.Sprint(n)
}
