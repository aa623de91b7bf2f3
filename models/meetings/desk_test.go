package meetings_test

import (
	"strings"
	"testing"
	"time"

	"ydp1/internal/lang"
	"ydp1/models"
	"ydp1/models/meetings"
	"ydp1/models/modeltest"
)

func TestDeskViewOfAMeeting(t *testing.T) {
	db := modeltest.NewDB(t)
	staff := modeltest.MkUser(t, db, modeltest.AsStaff)
	at := func(d time.Duration) string { v := modeltest.T0.Add(d); return meetings.FormTime(&v) }
	m, err := meetings.CreateMeeting(db, staff.ID, meetings.Input{Kind: meetings.KindTownHall, Title: "문래동 타운홀미팅", Place: "문래동 주민센터",
		StartsAt: at(3 * modeltest.Day), EndsAt: at(3*modeltest.Day + 2*time.Hour), BookingEnabled: true, Capacity: "1",
		BookingOpensAt: at(-modeltest.Day), BookingClosesAt: at(2 * modeltest.Day)}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	if got := m.DeskStatus(modeltest.T0); got != "desk.meeting.draft" {
		t.Errorf("draft shows as %q", got)
	}
	modeltest.WantErr(t, meetings.PublishMeeting(db, m.ID, staff.ID, modeltest.T0), nil)
	m, _ = meetings.FindMeeting(db, m.ID)
	if got := m.DeskStatus(modeltest.T0); got != "meetings.state.open" {
		t.Errorf("published meeting shows as %q", got)
	}

	first, second, third := modeltest.MkUser(t, db), modeltest.MkUser(t, db), modeltest.MkUser(t, db)
	a, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: first.ID, Question: "  주차할 곳이 있나요?  "}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	b, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: second.ID, Question: "대기자도 들어가나요?"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	c, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: third.ID, Question: "@SUM(1+1)"}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, meetings.CancelBooking(db, c.ID, third.ID, modeltest.T0), nil)

	found, err := meetings.BookingByCode(db, m.ID, strings.ToLower(b.Code[:3])+" "+b.Code[3:])
	modeltest.WantErr(t, err, nil)
	if found.ID != b.ID || found.User == nil || found.User.ID != second.ID || found.Status != meetings.BookingWaiting {
		t.Errorf("by code: %+v", found)
	}
	_, err = meetings.BookingByCode(db, m.ID+1, b.Code)
	modeltest.WantErr(t, err, models.ErrNotFound)

	all, err := meetings.BookingsFor(db, m.ID)
	modeltest.WantErr(t, err, nil)
	asked := meetings.AskedAhead(all)
	if len(asked) != 2 || asked[0].ID != a.ID || asked[1].ID != b.ID || asked[0].Question != "주차할 곳이 있나요?" {
		t.Errorf("questions asked ahead: %+v", asked)
	}

	var out strings.Builder
	modeltest.WantErr(t, meetings.WriteBookingsCSV(db, &out, m.ID, lang.ByCode("ko").T), nil)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\r\n"), "\r\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], models.UTF8BOM+"번호,코드,이름,상태") ||
		!strings.HasPrefix(lines[3], "3,"+c.Code+","+third.Name+",취소,") || !strings.HasSuffix(lines[3], ",'@SUM(1+1)") ||
		strings.Contains(out.String(), third.Email) {
		t.Errorf("CSV:\n%s", out.String())
	}
}
