// Package meetings is the 타운홀미팅 and the 찾아가는 영등포1번가: meetings
// (meeting.go); their bookings, never more than the seats, and the waiting
// list promoted in order when a seat comes free (Book, CancelBooking and
// promoteWaiting in booking.go); check-in; results (results.go); reminders
// and the mails of meeting events (events.go); the desk's booking lists
// (desk.go); and the opinions heard on site with their public handling
// (opinion.go). It imports only the core, models.
package meetings

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// Meeting kinds.
const (
	KindTownHall = "townhall" // 타운홀미팅
	KindCustom   = "custom"   // 맞춤형 타운홀미팅 (by 권역)
	KindOnline   = "online"   // 온라인 열린공론장
	KindOutreach = "outreach" // 찾아가는 영등포1번가
)

// Kinds are the meeting kinds in the order the forms list them.
var Kinds = []string{KindTownHall, KindCustom, KindOnline, KindOutreach}

var kindMsgs = map[string]string{
	KindTownHall: "meetings.kind.townhall", KindCustom: "meetings.kind.custom",
	KindOnline: "meetings.kind.online", KindOutreach: "meetings.kind.outreach",
}

// KindMsg is the message id of a meeting kind's name.
func KindMsg(kind string) string { return kindMsgs[kind] }

// Meeting states as the API and the pages show them.
const (
	MeetingScheduled = "scheduled" // booking not open yet
	MeetingOpen      = "open"      // booking open, seats left
	MeetingFull      = "full"      // booking open, only the waiting list
	MeetingClosed    = "closed"    // booking over (or not used), not held yet
	MeetingCancelled = "cancelled"
	MeetingFinished  = "finished"
)

var meetingStateMsgs = map[string]string{
	MeetingScheduled: "meetings.state.scheduled", MeetingOpen: "meetings.state.open", MeetingFull: "meetings.state.full",
	MeetingClosed: "meetings.state.closed", MeetingCancelled: "meetings.state.cancelled", MeetingFinished: "meetings.state.finished",
}

// StateMsg is the message id of a meeting state's name.
func StateMsg(s string) string { return meetingStateMsgs[s] }

// Meeting is a town-hall meeting, a regional or online session, or an outreach visit.
type Meeting struct {
	ID              uint
	Kind            string
	Title           string
	Intro           string
	Agenda          string // one item a line, in order
	Region          string // 권역, for regional sessions
	Dong            string
	Place           string
	OnlineURL       string
	StartsAt        time.Time
	EndsAt          time.Time
	BookingEnabled  bool
	Capacity        int
	BookingOpensAt  *time.Time
	BookingClosesAt *time.Time
	Terms           string
	BookedCount     int
	WaitlistCount   int
	PublishedAt     *time.Time
	CancelledAt     *time.Time
	CancelReason    string
	Minutes         string
	MinutesHTML     string
	Attendees       int
	MainOpinions    string
	FollowUps       string
	ResultsAt       *time.Time
	RemindedAt      *time.Time
	CreatedBy       uint
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// KindMsg is the message id of the meeting's kind.

// KindMsg is the message id of the meeting's kind.
func (m *Meeting) KindMsg() string { return KindMsg(m.Kind) }

// AgendaItems lists the agenda in order.
func (m *Meeting) AgendaItems() []string {
	var out []string
	for _, line := range strings.Split(m.Agenda, "\n") {
		if s := strings.TrimSpace(line); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// SeatsLeft is the number of seats still free.
func (m *Meeting) SeatsLeft() int { return max(m.Capacity-m.BookedCount, 0) }

// StateAt is the meeting's state at now.
func (m *Meeting) StateAt(now time.Time) string {
	switch {
	case m.CancelledAt != nil:
		return MeetingCancelled
	case m.ResultsAt != nil || !now.Before(m.EndsAt):
		return MeetingFinished
	case !m.BookingEnabled || m.BookingClosesAt == nil || !now.Before(*m.BookingClosesAt) || !now.Before(m.StartsAt):
		return MeetingClosed
	case m.BookingOpensAt != nil && now.Before(*m.BookingOpensAt):
		return MeetingScheduled
	case m.BookedCount >= m.Capacity:
		return MeetingFull
	}
	return MeetingOpen
}

// OnlineLinkVisible reports whether a booked resident may see the online
// address: from ten minutes before the start until the end.
func (m *Meeting) OnlineLinkVisible(now time.Time) bool {
	return m.OnlineURL != "" && !now.Before(m.StartsAt.Add(-10*time.Minute)) && now.Before(m.EndsAt)
}

// Input is the staff form, as typed; times are "2006-01-02T15:04" in Seoul.
type Input struct {
	Kind, Title, Intro, Agenda, Region, Dong, Place, OnlineURL string
	StartsAt, EndsAt, BookingOpensAt, BookingClosesAt          string
	Capacity                                                   string
	BookingEnabled                                             bool
	Terms                                                      string
}

// FormTime writes a time the way the datetime-local fields take it.
func FormTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(models.Seoul).Format("2006-01-02T15:04")
}

// Input is the meeting as the edit form shows it.
func (m *Meeting) Input() Input {
	return Input{Kind: m.Kind, Title: m.Title, Intro: m.Intro, Agenda: m.Agenda, Region: m.Region, Dong: m.Dong,
		Place: m.Place, OnlineURL: m.OnlineURL, StartsAt: FormTime(&m.StartsAt), EndsAt: FormTime(&m.EndsAt),
		BookingOpensAt: FormTime(m.BookingOpensAt), BookingClosesAt: FormTime(m.BookingClosesAt),
		Capacity: strconv.Itoa(m.Capacity), BookingEnabled: m.BookingEnabled, Terms: m.Terms}
}

func parseFormTime(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), models.Seoul)
	return t.UTC(), err == nil
}

// apply validates the form onto m.
func (in Input) apply(m *Meeting) models.Errors {
	errs := models.Errors{}
	m.Kind = in.Kind
	if kindMsgs[in.Kind] == "" {
		errs.Add("kind", "meetings.error.kind")
	}
	m.Title = strings.TrimSpace(in.Title)
	errs.Text("title", m.Title, 100, "meetings.error.title_empty", "meetings.error.title_long")
	m.Intro, m.Agenda, m.Terms = strings.TrimSpace(in.Intro), strings.TrimSpace(in.Agenda), strings.TrimSpace(in.Terms)
	m.Region, m.Dong = in.Region, in.Dong
	if m.Dong != "" && !models.IsDong(m.Dong) {
		errs.Add("dong", "meetings.error.dong")
	}
	if m.Region != "" && !isRegion(m.Region) {
		errs.Add("region", "meetings.error.region")
	}
	m.Place, m.OnlineURL = strings.TrimSpace(in.Place), strings.TrimSpace(in.OnlineURL)
	if m.Kind == KindOnline {
		if u, err := url.Parse(m.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs.Add("online_url", "meetings.error.online_url")
		}
	} else if m.Place == "" {
		errs.Add("place", "meetings.error.place")
	}
	var ok bool
	if m.StartsAt, ok = parseFormTime(in.StartsAt); !ok {
		errs.Add("starts_at", "meetings.error.starts_at")
	}
	if m.EndsAt, ok = parseFormTime(in.EndsAt); !ok {
		errs.Add("ends_at", "meetings.error.ends_at")
	} else if !m.EndsAt.After(m.StartsAt) {
		errs.Add("ends_at", "meetings.error.ends_before_start")
	}
	m.BookingEnabled = in.BookingEnabled
	m.BookingOpensAt, m.BookingClosesAt, m.Capacity = nil, nil, 0
	if m.BookingEnabled {
		n, err := strconv.Atoi(strings.TrimSpace(in.Capacity))
		if err != nil || n < 1 || n > 100000 {
			errs.Add("capacity", "meetings.error.capacity")
		}
		m.Capacity = n
		opens, ok1 := parseFormTime(in.BookingOpensAt)
		if !ok1 {
			errs.Add("booking_opens_at", "meetings.error.booking_opens_at")
		}
		closes, ok2 := parseFormTime(in.BookingClosesAt)
		switch {
		case !ok2:
			errs.Add("booking_closes_at", "meetings.error.booking_closes_at")
		case ok1 && !closes.After(opens):
			errs.Add("booking_closes_at", "meetings.error.booking_closes_before_opens")
		case closes.After(m.StartsAt):
			errs.Add("booking_closes_at", "meetings.error.booking_closes_after_start")
		}
		m.BookingOpensAt, m.BookingClosesAt = &opens, &closes
	}
	return errs
}

func isRegion(name string) bool {
	for _, r := range models.Regions {
		if r.Name == name {
			return true
		}
	}
	return false
}

// Meeting audit actions.
const (
	AuditMeetingCreate  = "meeting.create"
	AuditMeetingUpdate  = "meeting.update"
	AuditMeetingPublish = "meeting.publish"
	AuditMeetingCancel  = "meeting.cancel"
	AuditMeetingResults = "meeting.results"
	AuditCheckIn        = "booking.checkin"
)

func init() {
	models.AddAuditLabels(map[string]string{
		AuditMeetingCreate: "audit.action.meeting_create", AuditMeetingUpdate: "audit.action.meeting_update",
		AuditMeetingPublish: "audit.action.meeting_publish", AuditMeetingCancel: "audit.action.meeting_cancel",
		AuditMeetingResults: "audit.action.meeting_results", AuditCheckIn: "audit.action.checkin",
	})
	values := map[string]string{}
	for k, id := range kindMsgs {
		values["meeting.Kind="+k] = id
	}
	models.AddAuditWords(models.AuditWords{
		Targets: map[string]models.AuditTarget{
			"meeting": {Name: "audit.record.meeting", Noun: "audit.kind.meeting", Link: "/admin/meetings/%d/edit"},
			"booking": {Name: "audit.record.booking", Noun: "audit.kind.booking"},
		},
		Sentences: map[string]string{
			AuditMeetingCreate: "audit.line.meeting_create", AuditMeetingUpdate: "audit.line.meeting_update",
			AuditMeetingPublish: "audit.line.meeting_publish", AuditMeetingCancel: "audit.line.meeting_cancel",
			AuditMeetingResults: "audit.line.meeting_results", AuditCheckIn: "audit.line.checkin",
		},
		Fields: map[string]string{
			"meeting.Kind": "audit.field.kind", "meeting.Title": "audit.field.title", "meeting.Intro": "audit.field.intro",
			"meeting.Agenda": "audit.field.agenda", "meeting.Region": "audit.field.region", "meeting.Dong": "audit.field.dong",
			"meeting.Place": "audit.field.place", "meeting.OnlineURL": "audit.field.online_url",
			"meeting.StartsAt": "audit.field.starts_at", "meeting.EndsAt": "audit.field.ends_at",
			"meeting.BookingOpensAt": "audit.field.booking_opens", "meeting.BookingClosesAt": "audit.field.booking_closes",
			"meeting.Capacity": "audit.field.capacity", "meeting.BookingEnabled": "audit.field.booking_enabled",
			"meeting.Terms": "audit.field.terms", "published_at": "audit.field.published_at",
			"meeting.reason": "audit.field.cancel_reason", "code": "audit.field.booking_code",
			"meeting.attendees": "audit.field.attendance", "minutes": "audit.field.minutes",
			"main_opinions": "audit.field.main_opinions", "follow_ups": "audit.field.follow_ups",
		},
		Values: values,
	})
}

// CreateMeeting stores a new meeting as a draft.
func CreateMeeting(db *gorm.DB, staffID uint, in Input, now time.Time) (*Meeting, error) {
	now = now.UTC()
	m := &Meeting{CreatedBy: staffID, CreatedAt: now, UpdatedAt: now}
	if errs := in.apply(m); len(errs) > 0 {
		return nil, errs
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(m).Error; err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditMeetingCreate, "meeting", m.ID, nil, in, now)
	})
	return m, err
}

// UpdateMeeting changes a meeting. The capacity cannot drop below the seats
// already booked; a change of time or place is mailed to everyone booked.
func UpdateMeeting(db *gorm.DB, id, staffID uint, in Input, now time.Time) error {
	now = now.UTC()
	return models.Transact(db, func(tx *gorm.DB) error {
		var m Meeting
		if err := models.ForUpdate(tx).Take(&m, id).Error; err != nil {
			return models.ErrNotFound
		}
		if m.CancelledAt != nil {
			return models.ErrStateChanged
		}
		before := m.Input()
		if errs := in.apply(&m); len(errs) > 0 {
			return errs
		}
		if m.BookingEnabled && m.Capacity < m.BookedCount {
			return models.Errors{"capacity": models.Msg("meetings.error.capacity_below_booked", "N", models.FormatNumber(m.BookedCount))}
		}
		m.UpdatedAt = now
		if err := tx.Save(&m).Error; err != nil {
			return err
		}
		if err := models.Audit(tx, staffID, AuditMeetingUpdate, "meeting", id, before, in, now); err != nil {
			return err
		}
		if m.PublishedAt != nil && (before.StartsAt != FormTime(&m.StartsAt) || before.Place != m.Place || before.OnlineURL != m.OnlineURL) {
			if err := recordMeetingEvent(tx, EventMeetingChange, id, 0, now); err != nil {
				return err
			}
		}
		return promoteWaiting(tx, &m, now)
	})
}

// PublishMeeting shows a draft meeting to the public.
func PublishMeeting(db *gorm.DB, id, staffID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Meeting{}).Where("id = ? AND published_at IS NULL AND cancelled_at IS NULL", id).
			Updates(map[string]any{"published_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		return models.Audit(tx, staffID, AuditMeetingPublish, "meeting", id, nil, map[string]any{"published_at": now}, now)
	})
}

// CancelMeeting calls a meeting off and tells everyone booked or waiting.
func CancelMeeting(db *gorm.DB, id, staffID uint, reason string, now time.Time) error {
	now = now.UTC()
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return models.Errors{"cancel_reason": "meetings.error.cancel_reason"}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Meeting{}).Where("id = ? AND cancelled_at IS NULL AND results_at IS NULL", id).
			Updates(map[string]any{"cancelled_at": now, "cancel_reason": reason, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		if err := models.Audit(tx, staffID, AuditMeetingCancel, "meeting", id, nil, map[string]any{"reason": reason}, now); err != nil {
			return err
		}
		return recordMeetingEvent(tx, EventMeetingCancel, id, 0, now)
	})
}

// FindMeeting loads one meeting.
func FindMeeting(db *gorm.DB, id uint) (*Meeting, error) {
	var m Meeting
	if err := db.Take(&m, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, models.ErrNotFound
		}
		return nil, err
	}
	return &m, nil
}

// Query filters the public list.
type Query struct {
	Kind   string
	Region string
	Past   bool
	Drafts bool // staff see unpublished meetings too
}

// ListMeetings lists meetings: upcoming ones soonest first, past ones latest
// first, at most 200.
func ListMeetings(db *gorm.DB, q Query, now time.Time) ([]Meeting, error) {
	var out []Meeting
	err := listed(db, q, now).Limit(200).Find(&out).Error
	return out, err
}

// PageMeetings is one page of ListMeetings' order, of perPage meetings, and
// how many there are in all.
func PageMeetings(db *gorm.DB, q Query, page, perPage int, now time.Time) ([]Meeting, int64, error) {
	var total int64
	if err := listed(db, q, now).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Meeting
	err := listed(db, q, now).Offset((page - 1) * perPage).Limit(perPage).Find(&out).Error
	return out, total, err
}

// listed selects the meetings of q in their order.
func listed(db *gorm.DB, q Query, now time.Time) *gorm.DB {
	now = now.UTC()
	tx := db.Model(&Meeting{})
	if !q.Drafts {
		tx = tx.Where("published_at IS NOT NULL")
	}
	if kindMsgs[q.Kind] != "" {
		tx = tx.Where("kind = ?", q.Kind)
	}
	if q.Region != "" {
		var dongs []string
		for _, r := range models.Regions {
			if r.Name == q.Region {
				dongs = r.Dongs
			}
		}
		tx = tx.Where("region = ? OR dong IN ?", q.Region, append(dongs, ""))
	}
	if q.Past {
		tx = tx.Where("ends_at <= ? OR results_at IS NOT NULL", now).Order("starts_at DESC, id DESC")
	} else {
		tx = tx.Where("ends_at > ? AND results_at IS NULL", now).Order("starts_at ASC, id ASC")
	}
	return tx
}

// Upcoming lists the next n published meetings not yet held, soonest first,
// in one query (the home page).
func Upcoming(db *gorm.DB, n int, now time.Time) ([]Meeting, error) {
	var out []Meeting
	err := db.Where("published_at IS NOT NULL AND cancelled_at IS NULL AND ends_at > ? AND results_at IS NULL", now.UTC()).
		Order("starts_at, id").Limit(n).Find(&out).Error
	return out, err
}
