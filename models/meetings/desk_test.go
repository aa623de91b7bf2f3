package models

import (
	"strings"
	"testing"
	"time"
)

func TestDeskViewOfAMeeting(t *testing.T) {
	db := newTestDB(t)
	staff := mkUser(t, db, asStaff)
	at := func(d time.Duration) string { v := t0.Add(d); return FormTime(&v) }
	m, err := CreateMeeting(db, staff.ID, MeetingInput{Kind: KindTownHall, Title: "문래동 타운홀미팅", Place: "문래동 주민센터",
		StartsAt: at(3 * day), EndsAt: at(3*day + 2*time.Hour), BookingEnabled: true, Capacity: "1",
		BookingOpensAt: at(-day), BookingClosesAt: at(2 * day)}, t0)
	wantErr(t, err, nil)
	if got := m.DeskStatus(t0); got != "초안(비공개)" {
		t.Errorf("draft shows as %q", got)
	}
	wantErr(t, PublishMeeting(db, m.ID, staff.ID, t0), nil)
	m, _ = FindMeeting(db, m.ID)
	if got := m.DeskStatus(t0); got != "신청 중" {
		t.Errorf("published meeting shows as %q", got)
	}

	first, second, third := mkUser(t, db), mkUser(t, db), mkUser(t, db)
	a, err := Book(db, BookInput{MeetingID: m.ID, UserID: first.ID, Question: "  주차할 곳이 있나요?  "}, t0)
	wantErr(t, err, nil)
	b, err := Book(db, BookInput{MeetingID: m.ID, UserID: second.ID, Question: "대기자도 들어가나요?"}, t0)
	wantErr(t, err, nil)
	c, err := Book(db, BookInput{MeetingID: m.ID, UserID: third.ID, Question: "@SUM(1+1)"}, t0)
	wantErr(t, err, nil)
	wantErr(t, CancelBooking(db, c.ID, third.ID, t0), nil)

	found, err := BookingByCode(db, m.ID, strings.ToLower(b.Code[:3])+" "+b.Code[3:])
	wantErr(t, err, nil)
	if found.ID != b.ID || found.User == nil || found.User.ID != second.ID || found.Status != BookingWaiting {
		t.Errorf("by code: %+v", found)
	}
	_, err = BookingByCode(db, m.ID+1, b.Code)
	wantErr(t, err, ErrNotFound)

	all, err := BookingsFor(db, m.ID)
	wantErr(t, err, nil)
	asked := AskedAhead(all)
	if len(asked) != 2 || asked[0].ID != a.ID || asked[1].ID != b.ID || asked[0].Question != "주차할 곳이 있나요?" {
		t.Errorf("questions asked ahead: %+v", asked)
	}

	var out strings.Builder
	wantErr(t, WriteBookingsCSV(db, &out, m.ID), nil)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\r\n"), "\r\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], utf8BOM+"번호,코드,이름,상태") ||
		!strings.HasPrefix(lines[3], "3,"+c.Code+","+third.Name+",취소,") || !strings.HasSuffix(lines[3], ",'@SUM(1+1)") ||
		strings.Contains(out.String(), third.Email) {
		t.Errorf("CSV:\n%s", out.String())
	}
}
