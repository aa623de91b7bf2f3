package app

import (
	"archive/zip"
	"bytes"
	"errors"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/meetings"
)

// Staff run the 열린공론장 here: open and edit a 공론장, moderate its
// statements and the reports of them, close it and publish its 결과.

// deskDeliberation loads the 공론장 of :id, drafts included.
func (a *App) deskDeliberation(c echo.Context) (*deliberations.Deliberation, error) {
	return byID(a, c, deliberations.Find)
}

func deskDeliberationPath(id uint, sub string) string {
	return "/admin/deliberations/" + strconv.Itoa(int(id)) + sub
}

func (a *App) deskDeliberations(c echo.Context) error {
	list, err := deliberations.List(a.dbFor(c), deliberations.Query{Drafts: true}, a.now())
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/deliberations", &deskDeliberationsPage{base: titled(t(c, "deliberations.name")), Deliberations: list})
}

type deskDeliberationsPage struct {
	base
	Deliberations []deliberations.Deliberation
}

// deliberationInput reads the 공론장 form as typed.
func deliberationInput(c echo.Context) deliberations.Input {
	id := func(name string) uint {
		n, _ := strconv.ParseUint(strings.TrimSpace(c.FormValue(name)), 10, 64)
		return uint(n)
	}
	return deliberations.Input{
		Title: c.FormValue("title"), Question: c.FormValue("question"), Background: c.FormValue("background"),
		Moderation: deliberations.Moderation(c.FormValue("moderation")), OpensAt: c.FormValue("opens_at"), ClosesAt: c.FormValue("closes_at"),
		Seeds: c.FormValue("seeds"), MeetingID: id("meeting_id"), PetitionID: id("petition_id"), Draft: c.FormValue("draft") != "",
	}
}

type deliberationForm struct {
	base
	D           *deliberations.Deliberation // nil for a new 공론장
	Input       deliberations.Input
	PetitionID  string // as typed
	MeetingID   string
	Moderations []choice
	Meetings    []written // the 타운홀미팅 it may serve
	SeedsHint   string
}

// deliberationFormPage renders the new or edit form; d is nil for a new 공론장.
func (a *App) deliberationFormPage(c echo.Context, status int, d *deliberations.Deliberation, in deliberations.Input, errs models.Errors) error {
	now := a.now()
	upcoming, err := meetings.ListMeetings(a.dbFor(c), meetings.Query{Drafts: true}, now)
	if err != nil {
		return err
	}
	past, err := meetings.ListMeetings(a.dbFor(c), meetings.Query{Drafts: true, Past: true}, now)
	if err != nil {
		return err
	}
	data := &deliberationForm{base: titled(t(c, "deliberations.desk.open")), D: d, Input: in}
	data.Errors = errs
	for _, m := range append(upcoming, past...) {
		data.Meetings = append(data.Meetings, writtenChoice(strconv.Itoa(int(m.ID)), langOf(c).Date(m.StartsAt)+" "+m.Title, m.Title))
	}
	if in.MeetingID != 0 {
		data.MeetingID = strconv.Itoa(int(in.MeetingID))
	}
	limit := models.DefaultSettings.StatementLimit()
	if settings, err := models.LoadSettings(a.dbFor(c)); err == nil {
		limit = settings.StatementLimit()
	}
	data.SeedsHint = t(c, "deliberations.desk.seeds_hint", "Limit", models.FormatNumber(limit))
	if d != nil {
		data.Title = t(c, "deliberations.desk.edit")
		data.SeedsHint += " " + t(c, "deliberations.desk.seeds_hint_more")
	}
	if in.PetitionID != 0 {
		data.PetitionID = strconv.Itoa(int(in.PetitionID))
	} else if errs != nil {
		data.PetitionID = strings.TrimSpace(c.FormValue("petition_id"))
	}
	for _, m := range []deliberations.Moderation{deliberations.ModerationPre, deliberations.ModerationPost} {
		data.Moderations = append(data.Moderations, choice{string(m), t(c, m.Label())})
	}
	return a.render(c, status, "admin/deliberation_form", data)
}

func (a *App) deskNewDeliberation(c echo.Context) error {
	now := a.now()
	in := deliberations.Input{Moderation: deliberations.ModerationPost, Draft: true,
		OpensAt: deliberations.FormTime(now), ClosesAt: deliberations.FormTime(now.AddDate(0, 0, 14))}
	return a.deliberationFormPage(c, http.StatusOK, nil, in, nil)
}

func (a *App) deskOpenDeliberation(c echo.Context) error {
	in := deliberationInput(c)
	d, err := deliberations.Open(a.dbFor(c), currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.deliberationFormPage(c, http.StatusUnprocessableEntity, nil, in, errs)
	}
	if err != nil {
		return err
	}
	if d.Status == deliberations.StatusDraft {
		a.flash(c, "success", "deliberations.desk.flash.saved_draft")
	} else {
		a.flash(c, "success", "deliberations.desk.flash.opened")
	}
	return c.Redirect(http.StatusSeeOther, deskDeliberationPath(d.ID, ""))
}

func (a *App) deskEditDeliberation(c echo.Context) error {
	d, err := a.deskDeliberation(c)
	if err != nil {
		return err
	}
	return a.deliberationFormPage(c, http.StatusOK, d, d.Input(), nil)
}

func (a *App) deskUpdateDeliberation(c echo.Context) error {
	d, err := a.deskDeliberation(c)
	if err != nil {
		return err
	}
	in := deliberationInput(c)
	err = deliberations.Update(a.dbFor(c), d.ID, currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.deliberationFormPage(c, http.StatusUnprocessableEntity, d, in, errs)
	}
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "deliberations.desk.flash.closed_locked")
	case err != nil:
		return err
	default:
		a.flash(c, "success", "deliberations.desk.flash.saved")
	}
	return c.Redirect(http.StatusSeeOther, deskDeliberationPath(d.ID, ""))
}

type deskDeliberationPage struct {
	base
	D            *deliberations.Deliberation
	State        deliberations.State
	Pending      []deliberations.Statement
	Reported     []deliberations.ReportedStatement
	Shown        []deliberations.Statement
	Removed      []deliberations.Statement
	Reasons      []choice          // why a statement is removed
	ReasonLabels map[string]string // the reasons of reports, by value
}

// deskDeliberationPage renders a 공론장's desk; form carries a form shown again.
func (a *App) deskDeliberationPage(c echo.Context, status int, d *deliberations.Deliberation, form base) error {
	db := a.dbFor(c)
	all, err := deliberations.Statements(db, d.ID)
	if err != nil {
		return err
	}
	reported, err := deliberations.OpenReports(db, d.ID)
	if err != nil {
		return err
	}
	form.Title = d.Title
	data := &deskDeliberationPage{base: form, D: d, State: d.StateAt(a.now()), Reported: reported}
	for _, s := range all {
		switch s.Status {
		case deliberations.StatementPending:
			data.Pending = append(data.Pending, s)
		case deliberations.StatementShown:
			data.Shown = append(data.Shown, s)
		default:
			data.Removed = append(data.Removed, s)
		}
	}
	for _, r := range deliberations.ReportReasons {
		data.Reasons = append(data.Reasons, choice{r, t(c, deliberations.ReasonLabel(r))})
	}
	data.ReasonLabels = map[string]string{}
	for _, r := range data.Reasons {
		data.ReasonLabels[r.Value] = r.Label
	}
	return a.render(c, status, "admin/deliberation", data)
}

func (a *App) deskShowDeliberation(c echo.Context) error {
	d, err := a.deskDeliberation(c)
	if err != nil {
		return err
	}
	return a.deskDeliberationPage(c, http.StatusOK, d, base{})
}

// deskStatement loads the statement of :statement, which must belong to the
// 공론장 of :id.
func (a *App) deskStatement(c echo.Context) (*deliberations.Statement, error) {
	id, err1 := strconv.ParseUint(c.Param("id"), 10, 64)
	sid, err2 := strconv.ParseUint(c.Param("statement"), 10, 64)
	if err1 != nil || err2 != nil {
		return nil, echo.ErrNotFound
	}
	s, err := deliberations.FindStatement(a.dbFor(c), uint(sid))
	if errors.Is(err, models.ErrNotFound) || (err == nil && s.DeliberationID != uint(id)) {
		return nil, echo.ErrNotFound
	}
	return s, err
}

// moderated flashes the outcome of a moderation and goes back to the desk.
func (a *App) moderated(c echo.Context, s *deliberations.Statement, err error, done, anchor string) error {
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "info", "deliberations.desk.flash.changed")
	case err != nil:
		return err
	default:
		a.flash(c, "success", done)
	}
	return c.Redirect(http.StatusSeeOther, deskDeliberationPath(s.DeliberationID, anchor))
}

func (a *App) deskApproveStatement(c echo.Context) error {
	s, err := a.deskStatement(c)
	if err != nil {
		return err
	}
	err = deliberations.Approve(a.dbFor(c), s.ID, currentUser(c).ID, a.now())
	return a.moderated(c, s, err, "deliberations.desk.flash.approved", "#pending-title")
}

// removalReason joins the reason picked and the note typed into the
// sentence residents see in the statement's place.
func removalReason(c echo.Context) string {
	label := deliberations.ReasonLabel(c.FormValue("reason"))
	if label != "" {
		label = langs[0].T(label) // kept with the statement as staff wrote it, in Korean
	}
	note := strings.TrimSpace(c.FormValue("note"))
	switch {
	case label == "" || c.FormValue("reason") == deliberations.ReasonOther:
		return note
	case note == "":
		return label
	}
	return label + ": " + note
}

func (a *App) deskRemoveStatement(c echo.Context) error {
	s, err := a.deskStatement(c)
	if err != nil {
		return err
	}
	err = deliberations.Remove(a.dbFor(c), s.ID, currentUser(c).ID, removalReason(c), a.now())
	if errs, ok := models.AsErrors(err); ok {
		d, err := deliberations.Find(a.dbFor(c), s.DeliberationID)
		if err != nil {
			return err
		}
		form, _ := c.FormParams()
		form.Set("statement", strconv.Itoa(int(s.ID)))
		return a.deskDeliberationPage(c, http.StatusUnprocessableEntity, d, base{Form: form, Errors: errs})
	}
	return a.moderated(c, s, err, "deliberations.desk.flash.removed", "")
}

func (a *App) deskMarkMeta(c echo.Context) error {
	s, err := a.deskStatement(c)
	if err != nil {
		return err
	}
	meta := c.FormValue("meta") == "yes"
	err = deliberations.MarkMeta(a.dbFor(c), s.ID, currentUser(c).ID, meta, a.now())
	done := "deliberations.desk.flash.meta"
	if !meta {
		done = "deliberations.desk.flash.unmeta"
	}
	return a.moderated(c, s, err, done, "#shown-title")
}

func (a *App) deskDismissReports(c echo.Context) error {
	s, err := a.deskStatement(c)
	if err != nil {
		return err
	}
	err = deliberations.DismissReports(a.dbFor(c), s.ID, currentUser(c).ID, a.now())
	return a.moderated(c, s, err, "deliberations.desk.flash.dismissed", "#reported-title")
}

func (a *App) deskCloseDeliberation(c echo.Context) error {
	d, err := a.deskDeliberation(c)
	if err != nil {
		return err
	}
	err = deliberations.Close(a.dbFor(c), d.ID, currentUser(c).ID, a.now())
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "info", "deliberations.desk.flash.not_closable")
	case err != nil:
		return err
	default:
		a.flash(c, "success", "deliberations.desk.flash.closed")
	}
	return c.Redirect(http.StatusSeeOther, deskDeliberationPath(d.ID, ""))
}

// resultInput reads the 결과 form: the text, and each statement ticked with
// the reason typed beside it.
func resultInput(c echo.Context) deliberations.ResultInput {
	in := deliberations.ResultInput{Text: c.FormValue("result")}
	form, _ := c.FormParams()
	for _, v := range form["chosen"] {
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			continue
		}
		in.Chosen = append(in.Chosen, deliberations.ChosenStatement{StatementID: uint(id), Reason: form.Get("reason_" + v)})
	}
	return in
}

func (a *App) deskPublishDeliberationResult(c echo.Context) error {
	d, err := a.deskDeliberation(c)
	if err != nil {
		return err
	}
	err = deliberations.PublishResult(a.dbFor(c), d.ID, currentUser(c).ID, resultInput(c), a.now())
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.deskDeliberationPage(c, http.StatusUnprocessableEntity, d, base{Form: form, Errors: errs})
	}
	switch {
	case errors.Is(err, deliberations.ErrResultPublished):
		a.flash(c, "info", "deliberations.desk.flash.already_published")
	case errors.Is(err, deliberations.ErrNotClosed):
		a.flash(c, "error", "deliberations.desk.flash.close_first")
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "info", "deliberations.desk.flash.taken")
	case err != nil:
		return err
	default:
		a.mailer.Wake()
		a.flash(c, "success", "deliberations.desk.flash.published")
	}
	return c.Redirect(http.StatusSeeOther, deskDeliberationPath(d.ID, ""))
}

// deskExportDeliberation sends a 공론장 in Polis' openData format, the
// three files in one zip, for researchers to check the map with their own tools.
func (a *App) deskExportDeliberation(c echo.Context) error {
	d, err := a.deskDeliberation(c)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ydp1-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := deliberations.Export(a.dbFor(c), d.ID, dir); err != nil {
		return err
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for _, f := range files {
		body, err := os.ReadFile(filepath.Join(dir, f.Name())) // #nosec G304 -- a file the export just wrote in its own temporary folder
		if err != nil {
			return err
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: f.Name(), Method: zip.Deflate, Modified: a.now()})
		if err != nil {
			return err
		}
		if _, err := w.Write(body); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	h := c.Response().Header()
	name := "ydp1-deliberation-" + strconv.Itoa(int(d.ID)) + "-" + a.fileDate() + ".zip"
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/zip", buf.Bytes())
}
