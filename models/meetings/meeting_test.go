package meetings_test

import (
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"ydp1/models"
	"ydp1/models/maintenance"
	"ydp1/models/meetings"
	"ydp1/models/modeltest"
)

func TestTwoHundredBookingsOnFiftySeats(t *testing.T) {
	db := modeltest.NewDB(t)
	m := modeltest.MkMeeting(t, db, 50)
	users := modeltest.MkUsers(t, db, 200)
	type result struct {
		b   *meetings.Booking
		err error
	}
	results := make([]result, len(users))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range users {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			b, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: users[i].ID, Question: "질문 " + modeltest.ItoaPlain(i)}, modeltest.T0)
			results[i] = result{b, err}
		}(i)
	}
	close(start)
	wg.Wait()
	var booked, waiting []uint
	codes := map[string]bool{}
	for _, r := range results {
		if r.err != nil {
			t.Fatalf("booking failed: %v", r.err)
		}
		if codes[r.b.Code] {
			t.Errorf("code %s given twice", r.b.Code)
		}
		codes[r.b.Code] = true
		if r.b.Status == meetings.BookingBooked {
			booked = append(booked, r.b.ID)
		} else {
			waiting = append(waiting, r.b.ID)
		}
	}
	if len(booked) != 50 || len(waiting) != 150 {
		t.Fatalf("%d booked and %d waiting, want 50 and 150", len(booked), len(waiting))
	}
	sort.Slice(booked, func(i, j int) bool { return booked[i] < booked[j] })
	sort.Slice(waiting, func(i, j int) bool { return waiting[i] < waiting[j] })
	if booked[len(booked)-1] > waiting[0] {
		t.Errorf("a later arrival (%d) got a seat before an earlier one waited (%d)", booked[len(booked)-1], waiting[0])
	}
	got, _ := meetings.FindMeeting(db, m.ID)
	if got.BookedCount != 50 || got.WaitlistCount != 150 || got.SeatsLeft() != 0 || got.StateAt(modeltest.T0) != meetings.MeetingFull {
		t.Errorf("meeting counters %d/%d, state %s", got.BookedCount, got.WaitlistCount, got.StateAt(modeltest.T0))
	}

	// a cancellation promotes exactly the first waiting, in the same transaction
	var first meetings.Booking
	db.Where("id = ?", booked[7]).Take(&first)
	modeltest.WantErr(t, meetings.CancelBooking(db, first.ID, first.UserID, modeltest.T0.Add(time.Hour)), nil)
	var promoted meetings.Booking
	db.Take(&promoted, waiting[0])
	if promoted.Status != meetings.BookingBooked || promoted.PromotedAt == nil {
		t.Errorf("first waiting = %+v, want promoted", promoted)
	}
	var second meetings.Booking
	db.Take(&second, waiting[1])
	if second.Status != meetings.BookingWaiting {
		t.Errorf("second waiting was promoted too")
	}
	got, _ = meetings.FindMeeting(db, m.ID)
	if got.BookedCount != 50 || got.WaitlistCount != 149 {
		t.Errorf("after one cancellation: %d booked, %d waiting", got.BookedCount, got.WaitlistCount)
	}
	var rows int64
	db.Model(&meetings.Booking{}).Where("meeting_id = ? AND status = ?", m.ID, meetings.BookingBooked).Count(&rows)
	if rows != 50 {
		t.Errorf("%d booked rows, want 50", rows)
	}
	if pos, _ := meetings.WaitingPosition(db, &second); pos != 1 {
		t.Errorf("second in line is now at %d, want 1", pos)
	}
	var events int64
	db.Model(&models.Event{}).Where("kind = ? AND booking_id = ?", meetings.EventPromoted, promoted.ID).Count(&events)
	if events != 1 {
		t.Errorf("%d promotion events, want 1", events)
	}
}

func TestOneBookingPerAccount(t *testing.T) {
	db := modeltest.NewDB(t)
	m := modeltest.MkMeeting(t, db, 10)
	u := modeltest.MkUser(t, db)
	b, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	_, err = meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, modeltest.T0)
	modeltest.WantErr(t, err, meetings.ErrAlreadyBooked)
	modeltest.WantErr(t, meetings.CancelBooking(db, b.ID, u.ID, modeltest.T0), nil)
	again, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, modeltest.T0) // booking again after cancelling
	modeltest.WantErr(t, err, nil)
	if again.ID == b.ID || again.Code == b.Code {
		t.Errorf("a new booking reused the old one")
	}
	got, _ := meetings.FindMeeting(db, m.ID)
	if got.BookedCount != 1 {
		t.Errorf("booked_count = %d, want 1", got.BookedCount)
	}
}

func TestBookingWindowBoundaries(t *testing.T) {
	db := modeltest.NewDB(t)
	m := modeltest.MkMeeting(t, db, 10)
	opens, closes := *m.BookingOpensAt, *m.BookingClosesAt
	tests := []struct {
		at   time.Time
		want error
	}{
		{opens.Add(-time.Nanosecond), meetings.ErrBookingClosed},
		{opens, nil},
		{closes.Add(-time.Nanosecond), nil},
		{closes, meetings.ErrBookingClosed},
		{m.StartsAt, meetings.ErrBookingClosed},
	}
	for _, tt := range tests {
		u := modeltest.MkUser(t, db)
		_, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, tt.at)
		if !errors.Is(err, tt.want) {
			t.Errorf("booking at %s: %v, want %v", tt.at.Sub(opens), err, tt.want)
		}
	}
	unverified := modeltest.MkUser(t, db, func(u *models.User) { u.VerifiedAt = nil })
	_, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: unverified.ID}, opens)
	modeltest.WantErr(t, err, models.ErrNotVerified)
	// cancelling is allowed until the start, not after
	u := modeltest.MkUser(t, db)
	b, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, opens)
	modeltest.WantErr(t, err, nil)
	modeltest.WantErr(t, meetings.CancelBooking(db, b.ID, u.ID, m.StartsAt), meetings.ErrTooLateToCancel)
	modeltest.WantErr(t, meetings.CancelBooking(db, b.ID, u.ID, m.StartsAt.Add(-time.Nanosecond)), nil)
}

func TestBookingCodes(t *testing.T) {
	for range 1000 {
		c := meetings.NewBookingCode()
		if len(c) != 8 || strings.ContainsAny(c, "OI01") || strings.Trim(c, meetings.CodeAlphabet) != "" {
			t.Fatalf("bad code %q", c)
		}
	}
	if meetings.NormalizeCode(" abcd efgh ") != "ABCDEFGH" {
		t.Error("codes typed in lower case or with spaces are not read")
	}
}

func TestCheckInOnce(t *testing.T) {
	db := modeltest.NewDB(t)
	m := modeltest.MkMeeting(t, db, 1)
	a, b := modeltest.MkUser(t, db), modeltest.MkUser(t, db)
	seat, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: a.ID}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	wait, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: b.ID}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	_, err = meetings.CheckIn(db, m.ID, strings.ToLower(seat.Code), 1, m.StartsAt)
	modeltest.WantErr(t, err, nil)
	_, err = meetings.CheckIn(db, m.ID, seat.Code, 1, m.StartsAt)
	modeltest.WantErr(t, err, meetings.ErrCheckedInBefore)
	_, err = meetings.CheckIn(db, m.ID, wait.Code, 1, m.StartsAt)
	modeltest.WantErr(t, err, meetings.ErrNotBooked)
	_, err = meetings.CheckIn(db, m.ID, "ZZZZZZZZ", 1, m.StartsAt)
	modeltest.WantErr(t, err, models.ErrNotFound)
	if n, _ := meetings.CheckedInCount(db, m.ID); n != 1 {
		t.Errorf("%d checked in, want 1", n)
	}
	// results default the attendee count to the arrivals
	modeltest.WantErr(t, meetings.PublishResults(db, m.ID, 1, meetings.ResultInput{Minutes: "# 회의록\n\n좋은 의견이 많았습니다."}, m.EndsAt), nil)
	got, _ := meetings.FindMeeting(db, m.ID)
	if got.Attendees != 1 || got.StateAt(m.EndsAt) != meetings.MeetingFinished || !strings.Contains(got.MinutesHTML, "<h1>") {
		t.Errorf("results: %+v", got)
	}
}

func TestRemindersAreClaimedOnce(t *testing.T) {
	db := modeltest.NewDB(t)
	m := modeltest.MkMeeting(t, db, 5)
	u := modeltest.MkUser(t, db)
	_, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	n, err := meetings.DueReminders(db, m.StartsAt.Add(-25*time.Hour))
	modeltest.WantErr(t, err, nil)
	if n != 0 {
		t.Errorf("reminded %d meetings more than a day ahead", n)
	}
	for range 3 { // every pass of the job, on any instance
		_, err = meetings.DueReminders(db, m.StartsAt.Add(-20*time.Hour))
		modeltest.WantErr(t, err, nil)
	}
	var events int64
	db.Model(&models.Event{}).Where("kind = ? AND meeting_id = ?", meetings.EventReminder, m.ID).Count(&events)
	if events != 1 {
		t.Errorf("%d reminder events, want 1", events)
	}
}

func TestMeetingFormValidation(t *testing.T) {
	db := modeltest.NewDB(t)
	_, err := meetings.CreateMeeting(db, 1, meetings.Input{Kind: "party", StartsAt: "2024-03-10T14:00", EndsAt: "2024-03-10T13:00",
		BookingEnabled: true, Capacity: "0"}, modeltest.T0)
	errs, _ := models.AsErrors(err)
	for _, f := range []string{"kind", "title", "place", "ends_at", "capacity", "booking_opens_at", "booking_closes_at"} {
		if errs[f] == "" {
			t.Errorf("no message for %s in %v", f, errs)
		}
	}
}

// A waiting resident cancels just as a freed seat is given to them: the
// counters follow the rows whichever comes first.
func TestCancelWhileBeingPromoted(t *testing.T) {
	db := modeltest.NewDB(t)
	for round := range 15 {
		m := modeltest.MkMeeting(t, db, 1)
		people := modeltest.MkUsers(t, db, 3)
		var bookings []*meetings.Booking
		for _, u := range people {
			b, err := meetings.Book(db, meetings.BookInput{MeetingID: m.ID, UserID: u.ID}, modeltest.T0)
			modeltest.WantErr(t, err, nil)
			bookings = append(bookings, b)
		}
		// people[0] has the seat; people[1] is first in line and leaves as it frees
		errs := modeltest.RunTogether(2, func(i int) error { return meetings.CancelBooking(db, bookings[i].ID, people[i].ID, modeltest.T0) })
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, cancel %d: %v", round, i, err)
			}
		}
		var got meetings.Meeting
		modeltest.WantErr(t, db.Take(&got, m.ID).Error, nil)
		if got.BookedCount != 1 || got.WaitlistCount != 0 {
			t.Errorf("round %d: booked %d, waiting %d; want the seat to go to the third and nobody waiting",
				round, got.BookedCount, got.WaitlistCount)
		}
	}
	rep, err := maintenance.Recount(db, false, modeltest.T0)
	modeltest.WantErr(t, err, nil)
	for _, d := range rep.Differences {
		t.Errorf("counter differs from its rows: %s", d)
	}
}
