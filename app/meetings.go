package app

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	qr "github.com/piglig/go-qr"

	"ydp1/models"
	"ydp1/models/deliberations"
	"ydp1/models/meetings"
)

func (a *App) listMeetings(c echo.Context) error {
	q := meetings.Query{Kind: c.QueryParam("kind"), Region: c.QueryParam("region"), Past: c.QueryParam("when") == "past"}
	meetings, err := meetings.ListMeetings(a.dbFor(c), q, a.now())
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "meetings/index", &meetingList{base: titled(t(c, "meetings.index.title")), Meetings: meetings, Query: q, Kinds: kindChoicesIn(langOf(c))})
}

type meetingList struct {
	base
	Meetings []meetings.Meeting
	Query    meetings.Query
	Kinds    []choice // the kinds of meetings in the visitor's language
}

// kindChoicesIn are the kinds of meetings named in a language.
func kindChoicesIn(l *lang) []choice {
	out := make([]choice, 0, len(meetings.Kinds))
	for _, k := range meetings.Kinds {
		out = append(out, choice{k, l.T(meetings.KindMsg(k))})
	}
	return out
}

// loadMeeting finds the published meeting of :id (staff also see drafts).
func (a *App) loadMeeting(c echo.Context) (*meetings.Meeting, error) {
	id, err := strconv.ParseUint(strings.TrimSuffix(c.Param("id"), ".ics"), 10, 64)
	if err != nil {
		return nil, echo.ErrNotFound
	}
	m, err := meetings.FindMeeting(a.dbFor(c), uint(id))
	if errors.Is(err, models.ErrNotFound) || (err == nil && m.PublishedAt == nil && !currentUser(c).IsStaff()) {
		return nil, echo.ErrNotFound
	}
	return m, err
}

func (a *App) showMeeting(c echo.Context) error {
	m, err := a.loadMeeting(c)
	if err != nil {
		return err
	}
	if strings.HasSuffix(c.Param("id"), ".ics") {
		return a.sendICS(c, "meeting-"+strconv.Itoa(int(m.ID))+".ics", a.calendar(langOf(c), m.Title, *m))
	}
	return a.meetingPage(c, http.StatusOK, m, base{})
}

type meetingShow struct {
	base
	M               *meetings.Meeting
	State           string
	Booking         *meetings.Booking // the visitor's, if any
	Position        int64             // on the waiting list
	ShowOnlineLink  bool
	Opinions        []meetings.Opinion
	CanLeaveOpinion bool
	Deliberations   []deliberations.Deliberation // the 공론장 that serve it
}

// meetingPage renders a meeting; form carries a form shown again with its errors.
func (a *App) meetingPage(c echo.Context, status int, m *meetings.Meeting, form base) error {
	now := a.now()
	form.Title = m.Title
	data := &meetingShow{base: form, M: m, State: m.StateAt(now)}
	if u := currentUser(c); u != nil {
		b, err := meetings.ActiveBooking(a.dbFor(c), m.ID, u.ID)
		if err != nil {
			return err
		}
		data.Booking = b
		if b != nil && b.Status == meetings.BookingWaiting {
			if data.Position, err = meetings.WaitingPosition(a.dbFor(c), b); err != nil {
				return err
			}
		}
		data.ShowOnlineLink = b != nil && b.Status == meetings.BookingBooked && m.OnlineLinkVisible(now)
	}
	opinions, err := meetings.OpinionsForMeeting(a.dbFor(c), m.ID)
	if err != nil {
		return err
	}
	data.Opinions = opinions
	if data.Deliberations, err = deliberations.List(a.dbFor(c), deliberations.Query{MeetingID: m.ID}, now); err != nil {
		return err
	}
	if b := data.Booking; b != nil && b.Status == meetings.BookingBooked {
		data.CanLeaveOpinion = m.CancelledAt == nil && !now.Before(m.EndsAt)
	}
	return a.render(c, status, "meetings/show", data)
}

func (a *App) leaveOpinion(c echo.Context) error {
	m, err := a.loadMeeting(c)
	if err != nil {
		return err
	}
	_, err = meetings.LeaveMeetingOpinion(a.dbFor(c), m.ID, currentUser(c).ID, c.FormValue("body"), c.FormValue("category"), c.FormValue("dong"), a.now())
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.meetingPage(c, http.StatusUnprocessableEntity, m, base{Form: form, Errors: errs})
	}
	switch {
	case err == nil:
		a.flash(c, "success", "meetings.flash.opinion_left")
	case errors.Is(err, meetings.ErrMeetingNotOver):
		a.flash(c, "error", "meetings.flash.opinion_too_early")
	case errors.Is(err, meetings.ErrNotBooked):
		a.flash(c, "error", "meetings.flash.opinion_not_booked")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/meetings/"+strconv.Itoa(int(m.ID))+"#opinions")
}

func (a *App) bookMeeting(c echo.Context) error {
	m, err := a.loadMeeting(c)
	if err != nil {
		return err
	}
	back := "/meetings/" + strconv.Itoa(int(m.ID))
	b, err := meetings.Book(a.dbFor(c), meetings.BookInput{MeetingID: m.ID, UserID: currentUser(c).ID, Question: c.FormValue("question")}, a.now())
	a.metrics.Booked(b, err)
	if errs, ok := models.AsErrors(err); ok {
		form, _ := c.FormParams()
		return a.meetingPage(c, http.StatusUnprocessableEntity, m, base{Form: form, Errors: errs})
	}
	switch {
	case err == nil && b.Status == meetings.BookingBooked:
		a.mailer.Wake()
		a.flash(c, "success", models.Msg("meetings.flash.booked", "Code", b.Code))
	case err == nil:
		a.mailer.Wake()
		a.flash(c, "success", "meetings.flash.waitlisted")
	case errors.Is(err, meetings.ErrAlreadyBooked):
		a.flash(c, "info", "meetings.flash.already_booked")
	case errors.Is(err, meetings.ErrBookingClosed):
		a.flash(c, "error", "meetings.flash.booking_closed")
	case errors.Is(err, models.ErrNotVerified):
		a.flash(c, "error", "meetings.flash.not_verified")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, back+"#booking")
}

func (a *App) cancelBooking(c echo.Context) error {
	m, err := a.loadMeeting(c)
	if err != nil {
		return err
	}
	b, err := meetings.ActiveBooking(a.dbFor(c), m.ID, currentUser(c).ID)
	if err != nil {
		return err
	}
	if b == nil {
		a.flash(c, "info", "meetings.flash.nothing_to_cancel")
		return c.Redirect(http.StatusSeeOther, "/meetings/"+strconv.Itoa(int(m.ID)))
	}
	err = meetings.CancelBooking(a.dbFor(c), b.ID, currentUser(c).ID, a.now())
	switch {
	case err == nil:
		a.mailer.Wake() // someone on the waiting list may have been promoted
		a.flash(c, "success", "meetings.flash.cancelled")
	case errors.Is(err, meetings.ErrTooLateToCancel):
		a.flash(c, "error", "meetings.flash.too_late_to_cancel")
	case errors.Is(err, models.ErrStateChanged):
		a.flash(c, "info", "meetings.flash.already_cancelled")
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/meetings/"+strconv.Itoa(int(m.ID)))
}

func (a *App) meetingsCalendar(c echo.Context) error {
	meetings, err := meetings.ListMeetings(a.dbFor(c), meetings.Query{}, a.now())
	if err != nil {
		return err
	}
	return a.sendICS(c, "ydp1-meetings.ics", a.calendar(langOf(c), t(c, "meetings.ics.name"), meetings...))
}

func (a *App) sendICS(c echo.Context, filename, body string) error {
	c.Response().Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", []byte(body))
}

// checkInURL is the address a booking's QR code carries: it opens the
// check-in page for staff with the code filled in.
func (a *App) checkInURL(b *meetings.Booking) string {
	return a.cfg.BaseURL + "/admin/meetings/" + strconv.Itoa(int(b.MeetingID)) + "/checkin?code=" + b.Code
}

// checkInQR draws the QR code that opens a booking's check-in on the desk,
// for the booking page and the confirmation mail alike.
func (a *App) checkInQR(b *meetings.Booking) ([]byte, error) {
	code, err := qr.EncodeText(a.checkInURL(b), qr.Medium)
	if err != nil {
		return nil, err
	}
	return code.ToPNGBytes(qr.NewQrCodeImgConfig(8, 4)) // 8 px a module, the standard 4-module quiet zone
}

// bookingQR serves the QR code of one of the resident's own bookings.
func (a *App) bookingQR(c echo.Context) error {
	id, _ := strconv.ParseUint(c.Param("id"), 10, 64)
	b, err := meetings.FindBookingOf(a.dbFor(c), uint(id), currentUser(c).ID)
	if errors.Is(err, models.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	png, err := a.checkInQR(b)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=3600")
	return c.Blob(http.StatusOK, "image/png", png)
}
