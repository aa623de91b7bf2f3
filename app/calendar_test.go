package app

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"ydp1/models"
	"ydp1/models/meetings"
)

// checkICS holds body to RFC 5545 as calendar programs read it: every line
// ends in CRLF, no line is longer than 75 octets nor cuts a character, a
// folded line goes on with a space, and the file parses. It returns the
// parsed calendar.
func checkICS(t *testing.T, what, body string) *ics.Calendar {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Errorf("%s does not end in CRLF", what)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	for i, l := range lines {
		switch {
		case strings.ContainsAny(l, "\r\n"):
			t.Errorf("%s line %d ends in a bare LF or CR: %q", what, i+1, l)
		case len(l) > 75:
			t.Errorf("%s line %d has %d octets, more than 75: %q", what, i+1, len(l), l)
		case !utf8.ValidString(l):
			t.Errorf("%s line %d cuts a character: %q", what, i+1, l)
		case l == "":
			t.Errorf("%s line %d is empty", what, i+1)
		}
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("%s begins %q and ends %q", what, lines[0], lines[len(lines)-1])
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", what, err, body)
	}
	for _, p := range []ics.Property{ics.PropertyVersion, ics.PropertyProductId} {
		if !has(cal.CalendarProperties, p) {
			t.Errorf("%s has no %s", what, p)
		}
	}
	for _, ev := range cal.Events() {
		for _, p := range []ics.ComponentProperty{ics.ComponentPropertyUniqueId, ics.ComponentPropertyDtstamp, ics.ComponentPropertyDtStart} {
			if ev.GetProperty(p) == nil {
				t.Errorf("%s: an event has no %s", what, p)
			}
		}
	}
	return cal
}

func has(props []ics.CalendarProperty, p ics.Property) bool {
	for _, cp := range props {
		if cp.IANAToken == string(p) {
			return true
		}
	}
	return false
}

// attachment is the decoded file name of a mail, if it carries one.
func attachment(t *testing.T, raw []byte, name string) (string, bool) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return findPart(t, m.Header.Get("Content-Type"), m.Body, name)
}

func findPart(t *testing.T, contentType string, body io.Reader, name string) (string, bool) {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		return "", false
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return "", false
		}
		if p.FileName() == name {
			b, _ := io.ReadAll(p)
			if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
				if b, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), "")); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
			return string(b), true
		}
		if s, ok := findPart(t, p.Header.Get("Content-Type"), p, name); ok {
			return s, true
		}
	}
}

// A meeting's .ics attached to a mail speaks the language the mail was
// written in: the recipient account's, Korean for an address without one.
func TestMailedCalendarFollowsTheRecipient(t *testing.T) {
	s := newMeetingSite(t, meetings.KindCustom)
	en := s.addAuthor("Jane Doe", "대림2동")
	if err := models.SetLanguage(s.db, en.ID, "en"); err != nil {
		t.Fatal(err)
	}
	for to, want := range map[string]string{en.Email: "Regional town-hall", "nobody@example.com": "맞춤형"} {
		body, err := s.app.mailer.ICS(s.meeting.ID, to)
		if err != nil {
			t.Fatal(err)
		}
		evs := checkICS(t, "the mailed meeting.ics", string(body)).Events()
		if len(evs) != 1 || !strings.Contains(evs[0].GetProperty(ics.ComponentPropertyCategories).Value, want) {
			t.Errorf("%s: the .ics is not in their language:\n%s", to, body)
		}
	}
}
