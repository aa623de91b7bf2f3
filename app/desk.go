package app

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
)

func (a *App) settingsForm(c echo.Context) error {
	s, err := models.LoadSettings(a.dbFor(c))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/settings", &settingsPage{base: titled(t(c, "desk.nav.settings")), Values: s.Form()})
}

type settingsPage struct {
	base
	Values models.SettingsForm
}

func (a *App) saveSettings(c echo.Context) error {
	form := models.SettingsForm{}
	params, _ := c.FormParams()
	for k := range params {
		form[k] = params.Get(k)
	}
	_, err := models.UpdateSettings(a.dbFor(c), currentUser(c).ID, form, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.render(c, http.StatusUnprocessableEntity, "admin/settings", &settingsPage{base: base{Title: t(c, "desk.nav.settings"), Errors: errs}, Values: form})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "desk.flash.settings_saved")
	return c.Redirect(http.StatusSeeOther, "/admin/settings")
}

func (a *App) auditLog(c echo.Context) error {
	pageNo, _ := strconv.Atoi(c.QueryParam("page"))
	target, _ := strconv.ParseUint(c.QueryParam("target"), 10, 64)
	q := models.AuditQuery{Action: c.QueryParam("action"), TargetType: c.QueryParam("type"), TargetID: uint(target),
		Page: max(pageNo, 1), PerPage: 50}
	switch who := c.QueryParam("actor"); who {
	case "system":
		q.System = true
	default:
		actor, _ := strconv.ParseUint(who, 10, 64)
		q.ActorID = uint(actor)
	}
	lines, total, err := models.ListAuditLines(a.dbFor(c), q)
	if err != nil {
		return err
	}
	actors, err := models.AuditActors(a.dbFor(c))
	if err != nil {
		return err
	}
	who := []written{{Value: "system", Label: "desk.jobs.title"}}
	for _, u := range actors {
		who = append(who, staffChoice(u))
	}
	return a.render(c, http.StatusOK, "admin/audit", &auditPage{
		base: titled(t(c, "desk.nav.audit")), Lines: lines, Total: total, Query: q, Params: c.QueryParams(),
		Actions: labelChoices(models.AuditLabels), Targets: labelChoices(models.AuditTargetNames()), Actors: who,
		Actor: c.QueryParam("actor"),
	})
}

type auditPage struct {
	base
	Lines   []models.AuditLine
	Total   int64
	Query   models.AuditQuery
	Params  url.Values
	Actions []choice  // the audit actions by name, with their labels
	Targets []choice  // the kinds of record, with their nouns
	Actors  []written // who appears in the log, 자동 작업 first
	Actor   string    // the one chosen
}

type mailsPage struct {
	base
	Mails  []models.Mail
	Total  int64
	Query  models.MailQuery
	Params url.Values
	SMTP   bool // mails go out; otherwise they are only logged
}

type mailPage struct {
	base
	Mail *models.Mail
}

func (a *App) listMails(c echo.Context) error {
	pageNo, _ := strconv.Atoi(c.QueryParam("page"))
	q := models.MailQuery{Status: c.QueryParam("status"), To: c.QueryParam("to"), Page: max(pageNo, 1)}
	mails, total, err := models.ListMails(a.dbFor(c), q)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/mails", &mailsPage{
		base: titled(t(c, "desk.nav.mails")), Mails: mails, Total: total, Query: q, Params: c.QueryParams(),
		SMTP: a.cfg.SMTPURL != "",
	})
}

func (a *App) showMail(c echo.Context) error {
	m, err := byID(a, c, models.FindMail)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/mail", &mailPage{base: titled(m.Subject), Mail: m})
}

func (a *App) resendMail(c echo.Context) error {
	id, _ := strconv.ParseUint(c.Param("id"), 10, 64)
	err := models.ResendMail(a.dbFor(c), uint(id), currentUser(c).ID, a.now())
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "desk.flash.resend_failed_only")
	case err != nil:
		return err
	default:
		a.mailer.Wake()
		a.flash(c, "success", "desk.flash.resend_queued")
	}
	return c.Redirect(http.StatusSeeOther, "/admin/mails/"+c.Param("id"))
}

// deadlineText is a deadline as the desk shows it.
type deadlineText struct {
	Text    string // D-3, D-day, or 기한 초과 18일
	Overdue bool
}

// deadline writes a deadline (a time.Time or *time.Time; nil is none) at
// now: the days left, or once it has passed the days since, never a negative D-day.
func (a *App) deadline(l *lang, due any) *deadlineText {
	t, ok := deadlineOf(due)
	if !ok {
		return nil
	}
	now := a.now()
	if now.After(t) {
		return &deadlineText{Text: l.T("common.overdue", "Count", max(-models.DaysLeft(t, now), 1)), Overdue: true}
	}
	return &deadlineText{Text: a.dday(l, t)}
}
