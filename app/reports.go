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

// reportTarget finds the petition of :id, as the viewer may see it, and the
// comment being reported (none for the petition itself). It returns
// petitions.ErrNotReportable for a visible petition that cannot be reported now
// (not public) or a comment that is hidden or gone.
func (a *App) reportTarget(c echo.Context, share, comment string) (*petitions.ReportTarget, error) {
	p, err := a.loadPetition(c, share)
	if err != nil {
		return nil, err
	}
	commentID, _ := strconv.ParseUint(comment, 10, 64)
	t, err := petitions.FindReportTarget(a.dbFor(c), p.ID, uint(commentID), a.now())
	switch {
	case errors.Is(err, models.ErrNotFound):
		return nil, echo.ErrNotFound
	case errors.Is(err, petitions.ErrNotReportable):
		return &petitions.ReportTarget{Petition: p}, err
	}
	return t, err
}

// reportBack is the petition page the report form came from.
func reportBack(t *petitions.ReportTarget, share string) string {
	back := "/petitions/" + strconv.Itoa(int(t.Petition.ID))
	if share != "" {
		back += "?share=" + url.QueryEscape(share)
	}
	if t.Comment != nil {
		return back + "#comments-title"
	}
	return back
}

func (a *App) reportForm(c echo.Context) error {
	share := c.QueryParam("share")
	t, err := a.reportTarget(c, share, c.QueryParam("comment"))
	if errors.Is(err, petitions.ErrNotReportable) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	form := url.Values{"share": {share}}
	return a.reportPage(c, http.StatusOK, t, base{Form: form})
}

type reportPage struct {
	base
	Target   *petitions.ReportTarget
	Reported bool // the visitor reported it already
	Reasons  []choice
	Back     string
}

// reportReasons are the reasons a resident can give, in their language.
func reportReasons(c echo.Context) []choice {
	out := make([]choice, len(petitions.ReportReasons))
	for i, r := range petitions.ReportReasons {
		out[i] = choice{r, t(c, petitions.ReportReasonID(r))}
	}
	return out
}

// reportPage renders the report form; form carries a form shown again with its errors.
func (a *App) reportPage(c echo.Context, status int, t *petitions.ReportTarget, form base) error {
	var commentID uint
	if t.Comment != nil {
		commentID = t.Comment.ID
	}
	reported, err := petitions.HasReported(a.dbFor(c), currentUser(c).ID, t.Petition.ID, commentID)
	if err != nil {
		return err
	}
	form.Title = langOf(c).T("petitions.report.title")
	return a.render(c, status, "petitions/report", &reportPage{base: form, Target: t, Reported: reported,
		Reasons: reportReasons(c), Back: reportBack(t, form.Form.Get("share"))})
}

func (a *App) createReport(c echo.Context) error {
	form, _ := c.FormParams()
	t, err := a.reportTarget(c, form.Get("share"), form.Get("comment"))
	if errors.Is(err, petitions.ErrNotReportable) {
		// hidden meanwhile, most likely because enough people reported it already
		a.flash(c, "info", "petitions.report.flash.not_reportable")
		return c.Redirect(http.StatusSeeOther, reportBack(t, form.Get("share")))
	}
	if err != nil {
		return err
	}
	in := petitions.ReportInput{ReporterID: currentUser(c).ID, PetitionID: t.Petition.ID, Reason: form.Get("reason"), Note: form.Get("note")}
	if t.Comment != nil {
		in.CommentID = t.Comment.ID
	}
	res, err := petitions.FileReport(a.dbFor(c), in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.reportPage(c, http.StatusUnprocessableEntity, t, base{Form: form, Errors: errs})
	}
	switch {
	case err == nil && res.Hidden:
		a.flash(c, "success", "petitions.report.flash.filed_hidden")
	case err == nil:
		a.flash(c, "success", "petitions.report.flash.filed")
	case errors.Is(err, petitions.ErrAlreadyReported):
		a.flash(c, "info", "petitions.report.flash.already")
	case errors.Is(err, models.ErrNotVerified):
		return a.reportPage(c, http.StatusForbidden, t, base{Form: form})
	case errors.Is(err, petitions.ErrNotReportable):
		a.flash(c, "info", "petitions.report.flash.not_reportable")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, reportBack(t, form.Get("share")))
}

func (a *App) reportQueue(c echo.Context) error {
	groups, err := petitions.ReportQueue(a.dbFor(c), 200)
	if err != nil {
		return err
	}
	s, err := models.LoadSettings(a.dbFor(c))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/reports", &reportQueuePage{base: titled(t(c, "petitions.reports.title")), Groups: groups, Limit: s.ReportLimit})
}

type reportQueuePage struct {
	base
	Groups []petitions.ReportGroup
	Limit  int // the reports that hide a comment until it is decided
}

func (a *App) dismissReports(c echo.Context) error {
	return a.decideReports(c, petitions.DecisionDismiss)
}
func (a *App) upholdReports(c echo.Context) error {
	return a.decideReports(c, petitions.DecisionUphold)
}

// decideReports closes the open reports on the target of :type and :id.
func (a *App) decideReports(c echo.Context, d petitions.Decision) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	kind := c.Param("type")
	petitionID, err := petitions.DecideReports(a.dbFor(c), currentUser(c).ID, kind, uint(id), d, a.now())
	switch {
	case errors.Is(err, models.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "petitions.reports.flash.none_left")
	case err != nil:
		return err
	case d == petitions.DecisionDismiss && kind == petitions.TargetComment:
		a.flash(c, "success", "petitions.reports.flash.dismissed_comment")
	case d == petitions.DecisionDismiss:
		a.flash(c, "success", "petitions.reports.flash.dismissed_petition")
	case kind == petitions.TargetComment:
		a.flash(c, "success", "petitions.reports.flash.upheld_comment")
	default:
		a.flash(c, "success", "petitions.reports.flash.upheld_petition")
		return c.Redirect(http.StatusSeeOther, "/petitions/"+strconv.Itoa(int(petitionID))+"#staff-title")
	}
	return c.Redirect(http.StatusSeeOther, "/admin/reports")
}
