package meetings_test

import (
	"strings"
	"testing"
	"unicode"

	"ydp1/models/meetings"
	"ydp1/models/modeltest"
)

// Fuzz targets of the meeting forms and booking codes; see fuzz_test.go.

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"AB3K9Z", " ab3k 9z ", "ab\t3k\n9z", "\u3000ab3k9z\u00a0", "ß", "ǅ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := meetings.NormalizeCode(s)
		if strings.IndexFunc(got, unicode.IsSpace) >= 0 {
			t.Fatalf("NormalizeCode(%q) = %q keeps a space", s, got)
		}
		if again := meetings.NormalizeCode(got); again != got {
			t.Fatalf("NormalizeCode not idempotent: %q → %q → %q", s, got, again)
		}
		// a code as printed, typed in lower case with spaces, reads back as printed
		if code := strings.Map(func(r rune) rune {
			if strings.ContainsRune(meetings.CodeAlphabet, r) {
				return r
			}
			return -1
		}, strings.ToUpper(s)); code != "" {
			if typed := strings.ToLower(code[:len(code)/2]) + " " + code[len(code)/2:]; meetings.NormalizeCode(typed) != code {
				t.Fatalf("NormalizeCode(%q) = %q, want %q", typed, meetings.NormalizeCode(typed), code)
			}
		}
	})
}

func FuzzMeetingInput(f *testing.F) {
	f.Add(meetings.KindTownHall, "문래동 타운홀미팅", "문래동 주민센터 3층", "", "2024-03-20T19:00", "2024-03-20T21:00",
		"2024-03-05T10:00", "2024-03-19T18:00", "50", true)
	f.Add(meetings.KindOnline, "온라인 열린공론장: 여의도 한강공원", "", "https://meet.example.kr/ydp", "2024-04-01T14:00",
		"2024-04-01T15:30", "", "", "", false)
	f.Add(meetings.KindOutreach, "찾아가는 영등포1번가", "대림시장", "", "2024-03-20T19:00", "2024-03-20T19:00",
		"2024-03-21T10:00", "2024-03-20T19:01", "0", true)
	f.Add("nope", "", "", "javascript:alert(1)", "2024-13-40T25:61", "", "2024-03-05T10:00", "2024-03-05T10:00", "１０", true)
	f.Fuzz(func(t *testing.T, kind, title, place, online, starts, ends, opens, closes, capacity string, booking bool) {
		in := meetings.Input{Kind: kind, Title: title, Place: place, OnlineURL: online, StartsAt: starts, EndsAt: ends,
			BookingOpensAt: opens, BookingClosesAt: closes, Capacity: capacity, BookingEnabled: booking}
		var m meetings.Meeting
		errs := in.Apply(&m)
		modeltest.AllowedFields(t, errs, "kind", "title", "dong", "region", "online_url", "place", "starts_at", "ends_at",
			"capacity", "booking_opens_at", "booking_closes_at")
		if len(errs) > 0 {
			return
		}
		if !m.EndsAt.After(m.StartsAt) {
			t.Fatalf("accepted a meeting ending %v before it starts %v", m.EndsAt, m.StartsAt)
		}
		if !m.BookingEnabled {
			if m.BookingOpensAt != nil || m.BookingClosesAt != nil || m.Capacity != 0 {
				t.Fatalf("booking fields kept with booking off: %+v", m)
			}
			return
		}
		if m.BookingOpensAt == nil || m.BookingClosesAt == nil {
			t.Fatal("booking on without a booking window")
		}
		if !m.BookingClosesAt.After(*m.BookingOpensAt) || m.BookingClosesAt.After(m.StartsAt) {
			t.Fatalf("booking window %v–%v not before the start %v", *m.BookingOpensAt, *m.BookingClosesAt, m.StartsAt)
		}
		if m.Capacity < 1 || m.Capacity > 100000 {
			t.Fatalf("accepted capacity %d", m.Capacity)
		}
	})
}
