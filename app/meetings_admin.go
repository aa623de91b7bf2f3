package app

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"ydp1/models"
	"ydp1/models/meetings"
)

// Staff work on meetings here: create, edit, publish and cancel them, see who
// booked and what they asked, check people in and publish the results.

// deskMeeting loads the meeting of :id, drafts included.
func (a *App) deskMeeting(c echo.Context) (*meetings.Meeting, error) {
	return byID(a, c, meetings.FindMeeting)
}

func deskMeetingPath(m *meetings.Meeting, sub string) string {
	return "/admin/meetings/" + strconv.Itoa(int(m.ID)) + sub
}

func (a *App) deskMeetings(c echo.Context) error {
	now := a.now()
	upcoming, err := meetings.ListMeetings(a.dbFor(c), meetings.Query{Drafts: true}, now)
	if err != nil {
		return err
	}
	past, err := meetings.ListMeetings(a.dbFor(c), meetings.Query{Drafts: true, Past: true}, now)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/meetings", &deskMeetingsPage{base: titled(t(c, "desk.nav.meetings")), Upcoming: upcoming, Past: past})
}

type deskMeetingsPage struct {
	base
	Upcoming []meetings.Meeting
	Past     []meetings.Meeting
}

// meetingInput reads the meeting form as typed.
func meetingInput(c echo.Context) meetings.Input {
	return meetings.Input{
		Kind: c.FormValue("kind"), Title: c.FormValue("title"), Intro: c.FormValue("intro"), Agenda: c.FormValue("agenda"),
		Region: c.FormValue("region"), Dong: c.FormValue("dong"), Place: c.FormValue("place"), OnlineURL: c.FormValue("online_url"),
		StartsAt: c.FormValue("starts_at"), EndsAt: c.FormValue("ends_at"),
		BookingOpensAt: c.FormValue("booking_opens_at"), BookingClosesAt: c.FormValue("booking_closes_at"),
		Capacity: c.FormValue("capacity"), BookingEnabled: c.FormValue("booking_enabled") != "", Terms: c.FormValue("terms"),
	}
}

type choice struct{ Value, Label string }

type meetingForm struct {
	base
	Meeting      *meetings.Meeting // nil for a new meeting
	Input        meetings.Input
	Kinds        []choice
	Regions      []string
	CancelReason string // as typed, when the cancellation was refused
}

// meetingFormPage renders the new or edit form; m is nil for a new meeting.
func (a *App) meetingFormPage(c echo.Context, status int, m *meetings.Meeting, in meetings.Input, data *meetingForm) error {
	kinds, regions := kindChoices(), regionNames()
	data.Title = t(c, "desk.meetings.new")
	if m != nil {
		data.Title = t(c, "desk.meetings.edit")
	}
	data.Meeting, data.Input, data.Kinds, data.Regions = m, in, kinds, regions
	return a.render(c, status, "admin/meeting_form", data)
}

func (a *App) deskNewMeeting(c echo.Context) error {
	return a.meetingFormPage(c, http.StatusOK, nil, meetings.Input{BookingEnabled: true}, &meetingForm{})
}

func (a *App) deskCreateMeeting(c echo.Context) error {
	in := meetingInput(c)
	m, err := meetings.CreateMeeting(a.dbFor(c), currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.meetingFormPage(c, http.StatusUnprocessableEntity, nil, in, &meetingForm{base: base{Errors: errs}})
	}
	if err != nil {
		return err
	}
	a.flash(c, "success", "desk.flash.meeting_created")
	return c.Redirect(http.StatusSeeOther, deskMeetingPath(m, "/edit"))
}

func (a *App) deskEditMeeting(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	return a.meetingFormPage(c, http.StatusOK, m, m.Input(), &meetingForm{})
}

func (a *App) deskUpdateMeeting(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	in := meetingInput(c)
	err = meetings.UpdateMeeting(a.dbFor(c), m.ID, currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.meetingFormPage(c, http.StatusUnprocessableEntity, m, in, &meetingForm{base: base{Errors: errs}})
	}
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "desk.flash.meeting_cancelled_no_edit")
	case err != nil:
		return err
	default:
		a.mailer.Wake() // a new time or place is mailed to those booked
		a.flash(c, "success", "desk.flash.meeting_saved")
	}
	return c.Redirect(http.StatusSeeOther, deskMeetingPath(m, "/edit"))
}

func (a *App) deskPublishMeeting(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	err = meetings.PublishMeeting(a.dbFor(c), m.ID, currentUser(c).ID, a.now())
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "desk.flash.meeting_not_draft")
	case err != nil:
		return err
	default:
		a.flash(c, "success", "desk.flash.meeting_published")
	}
	return c.Redirect(http.StatusSeeOther, deskMeetingPath(m, "/edit"))
}

func (a *App) deskCancelMeeting(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	reason := c.FormValue("cancel_reason")
	err = meetings.CancelMeeting(a.dbFor(c), m.ID, currentUser(c).ID, reason, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.meetingFormPage(c, http.StatusUnprocessableEntity, m, m.Input(), &meetingForm{base: base{Errors: errs}, CancelReason: reason})
	}
	switch {
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "error", "desk.flash.meeting_cannot_cancel")
	case err != nil:
		return err
	default:
		a.mailer.Wake() // everyone booked or waiting is told
		a.flash(c, "success", "desk.flash.meeting_cancelled")
	}
	return c.Redirect(http.StatusSeeOther, deskMeetingPath(m, "/edit"))
}

func (a *App) deskBookings(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	bookings, err := meetings.BookingsFor(a.dbFor(c), m.ID)
	if err != nil {
		return err
	}
	checked, err := meetings.CheckedInCount(a.dbFor(c), m.ID)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "admin/bookings", &bookingsPage{
		base: titled(t(c, "desk.bookings.title")), Meeting: m, Bookings: bookings, Questions: meetings.AskedAhead(bookings), CheckedIn: checked,
	})
}

type bookingsPage struct {
	base
	Meeting   *meetings.Meeting
	Bookings  []meetings.Booking
	Questions []meetings.Booking // the bookings with a question asked ahead
	CheckedIn int64
}

func (a *App) deskBookingsCSV(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := meetings.WriteBookingsCSV(a.dbFor(c), &buf, m.ID, langOf(c).T); err != nil {
		return err
	}
	return a.sendCSV(c, "ydp1-meeting-"+strconv.Itoa(int(m.ID))+"-bookings-"+a.fileDate()+".csv", buf.Bytes())
}

type checkInPage struct {
	base
	Meeting   *meetings.Meeting
	CheckedIn int64
	Code      string            // as typed or scanned
	Scanned   bool              // opened from a booking's QR code
	Booking   *meetings.Booking // of the code, if any
	Result    string            // checked_in, again, or the status of a booking that cannot check in
}

// checkInPage renders the check-in desk with the running count.
func (a *App) checkInPage(c echo.Context, status int, m *meetings.Meeting, data *checkInPage) error {
	checked, err := meetings.CheckedInCount(a.dbFor(c), m.ID)
	if err != nil {
		return err
	}
	data.Title, data.Meeting, data.CheckedIn = t(c, "meetings.staff.checkin"), m, checked
	return a.render(c, status, "admin/checkin", data)
}

// deskCheckInForm also opens from the QR code a resident carries: the code
// is filled in, but only the button checks the person in.
func (a *App) deskCheckInForm(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	code := meetings.NormalizeCode(c.QueryParam("code"))
	data := &checkInPage{Code: code}
	if code != "" {
		b, err := meetings.BookingByCode(a.dbFor(c), m.ID, code)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		data.Scanned, data.Booking = true, b
	}
	return a.checkInPage(c, http.StatusOK, m, data)
}

func (a *App) deskCheckIn(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	code := meetings.NormalizeCode(c.FormValue("code"))
	if code == "" {
		return a.checkInPage(c, http.StatusUnprocessableEntity, m, &checkInPage{base: base{Errors: models.Errors{"code": "desk.error.code_empty"}}})
	}
	b, err := meetings.CheckIn(a.dbFor(c), m.ID, code, currentUser(c).ID, a.now())
	switch {
	case err == nil:
		return a.checkInPage(c, http.StatusOK, m, &checkInPage{Result: "checked_in", Booking: b})
	case errors.Is(err, meetings.ErrCheckedInBefore):
		return a.checkInPage(c, http.StatusUnprocessableEntity, m, &checkInPage{Result: "again", Booking: b})
	case errors.Is(err, models.ErrNotFound):
		return a.checkInPage(c, http.StatusUnprocessableEntity, m, &checkInPage{Code: code,
			base: base{Errors: models.Errors{"code": models.Msg("desk.error.code_unknown", "Code", code)}}})
	case errors.Is(err, meetings.ErrNotBooked):
		b, err := meetings.BookingByCode(a.dbFor(c), m.ID, code)
		if err != nil {
			return err
		}
		return a.checkInPage(c, http.StatusUnprocessableEntity, m, &checkInPage{Result: b.Status, Booking: b})
	}
	return err
}

type resultsPage struct {
	base
	Meeting    *meetings.Meeting
	Input      meetings.ResultInput
	CheckedIn  int64
	NotStarted bool
	Refused    bool // the results could not be published: the meeting was cancelled or has not started
}

// resultsPage renders the results form with the number checked in as the
// default attendance.
func (a *App) resultsPage(c echo.Context, status int, m *meetings.Meeting, in meetings.ResultInput, data *resultsPage) error {
	checked, err := meetings.CheckedInCount(a.dbFor(c), m.ID)
	if err != nil {
		return err
	}
	data.Title, data.Meeting, data.Input, data.CheckedIn = t(c, "meetings.staff.results"), m, in, checked
	data.NotStarted = a.now().Before(m.StartsAt)
	return a.render(c, status, "admin/results", data)
}

func (a *App) deskResultsForm(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	in := meetings.ResultInput{Minutes: m.Minutes, MainOpinions: m.MainOpinions, FollowUps: m.FollowUps}
	if m.ResultsAt != nil {
		in.Attendees = strconv.Itoa(m.Attendees)
	}
	return a.resultsPage(c, http.StatusOK, m, in, &resultsPage{})
}

func (a *App) deskPublishResults(c echo.Context) error {
	m, err := a.deskMeeting(c)
	if err != nil {
		return err
	}
	in := meetings.ResultInput{Minutes: c.FormValue("minutes"), Attendees: c.FormValue("attendees"),
		MainOpinions: c.FormValue("main_opinions"), FollowUps: c.FormValue("follow_ups")}
	err = meetings.PublishResults(a.dbFor(c), m.ID, currentUser(c).ID, in, a.now())
	if errs, ok := models.AsErrors(err); ok {
		return a.resultsPage(c, http.StatusUnprocessableEntity, m, in, &resultsPage{base: base{Errors: errs}})
	}
	switch {
	case errors.Is(err, models.ErrStateChanged):
		return a.resultsPage(c, http.StatusUnprocessableEntity, m, in, &resultsPage{Refused: true})
	case err != nil:
		return err
	}
	a.flash(c, "success", "desk.flash.results_published")
	return c.Redirect(http.StatusSeeOther, deskMeetingPath(m, "/results"))
}
