package app

import (
	"strconv"
	"strings"

	ics "github.com/arran4/golang-ical"

	"ydp1/models"
	"ydp1/models/meetings"
)

const icsTime = "20060102T150405"

// calendar builds an iCalendar file of meetings (RFC 5545: CRLF line ends,
// lines folded at 75 octets), with times in Asia/Seoul, its texts in the
// language l. An event's UID
// stays the same whatever address the site is served at.
func (a *App) calendar(l *lang, name string, ms ...meetings.Meeting) string {
	cal := ics.NewCalendar()
	cal.SetProductId("-//Yeongdeungpo-gu//ydp1//KO")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone("Asia/Seoul")
	tz := cal.AddTimezone("Asia/Seoul")
	std := tz.AddStandard()
	std.AddProperty(ics.ComponentPropertyDtStart, "19700101T000000")
	std.AddProperty(ics.ComponentProperty("TZOFFSETFROM"), "+0900")
	std.AddProperty(ics.ComponentProperty("TZOFFSETTO"), "+0900")
	std.AddProperty(ics.ComponentProperty("TZNAME"), "KST")
	for _, m := range ms {
		ev := cal.AddEvent("meeting-" + strconv.Itoa(int(m.ID)) + "@" + recordAuthority)
		ev.SetDtStampTime(m.UpdatedAt)
		ev.SetProperty(ics.ComponentPropertyDtStart, m.StartsAt.In(models.Seoul).Format(icsTime), ics.WithTZID("Asia/Seoul"))
		ev.SetProperty(ics.ComponentPropertyDtEnd, m.EndsAt.In(models.Seoul).Format(icsTime), ics.WithTZID("Asia/Seoul"))
		ev.SetSummary(m.Title) // the title names the kind where it matters; calendars show it once
		ev.AddProperty(ics.ComponentPropertyCategories, l.T(m.KindMsg()))
		link := a.cfg.BaseURL + "/meetings/" + strconv.Itoa(int(m.ID))
		ev.SetURL(link)
		ev.SetDescription(strings.TrimSpace(m.Intro + "\n\n" + link))
		if m.Kind == meetings.KindOnline {
			ev.SetLocation(l.T("meetings.ics.online"))
		} else {
			ev.SetLocation(m.Place)
		}
		if m.CancelledAt != nil {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
		ev.SetModifiedAt(m.UpdatedAt)
		ev.SetSequence(int(m.UpdatedAt.Unix() - m.CreatedAt.Unix()))
	}
	return cal.Serialize(ics.WithNewLineWindows)
}

// icsBody is the calendar of one meeting, for mail attachments: in the
// language of the mail it goes with (its code), Korean for an unknown one.
func (a *App) icsBody(m *meetings.Meeting, code string) []byte {
	l := langByCode(code)
	if l == nil {
		l = langs[0]
	}
	return []byte(a.calendar(l, m.Title, *m))
}
