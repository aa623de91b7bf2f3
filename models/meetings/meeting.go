// Package meetings is the 타운홀미팅 and the 찾아가는 영등포1번가: meetings and
// their bookings (never more than the seats), the waiting list and its
// promotion in order when a seat comes free, check-in, results, reminders,
// the desk's booking lists, and the opinions heard on site with their public
// handling (opinion.go). It imports only the core, models.
package meetings

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

var kindLabels = map[string]string{
	KindTownHall: "타운홀미팅", KindCustom: "맞춤형 타운홀미팅", KindOnline: "온라인 열린공론장", KindOutreach: "찾아가는 영등포1번가",
}

// KindLabel is the Korean name of a meeting kind.
func KindLabel(kind string) string { return kindLabels[kind] }

// Meeting states as the API and the pages show them.
const (
	MeetingScheduled = "scheduled" // booking not open yet
	MeetingOpen      = "open"      // booking open, seats left
	MeetingFull      = "full"      // booking open, only the waiting list
	MeetingClosed    = "closed"    // booking over (or not used), not held yet
	MeetingCancelled = "cancelled"
	MeetingFinished  = "finished"
)

var meetingStateLabels = map[string]string{
	MeetingScheduled: "신청 예정", MeetingOpen: "신청 중", MeetingFull: "대기 신청", MeetingClosed: "신청 마감",
	MeetingCancelled: "취소", MeetingFinished: "종료",
}

// StateLabel is the Korean name of a meeting state.
func StateLabel(s string) string { return meetingStateLabels[s] }

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

// KindLabel is the Korean name of the meeting's kind.
func (m *Meeting) KindLabel() string { return KindLabel(m.Kind) }

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
	if kindLabels[in.Kind] == "" {
		errs.Add("kind", "종류를 선택해 주세요.")
	}
	m.Title = strings.TrimSpace(in.Title)
	switch n := utf8.RuneCountInString(m.Title); {
	case n == 0:
		errs.Add("title", "제목을 입력해 주세요.")
	case n > 100:
		errs.Add("title", "제목은 100자 이하로 입력해 주세요.")
	}
	m.Intro, m.Agenda, m.Terms = strings.TrimSpace(in.Intro), strings.TrimSpace(in.Agenda), strings.TrimSpace(in.Terms)
	m.Region, m.Dong = in.Region, in.Dong
	if m.Dong != "" && !models.IsDong(m.Dong) {
		errs.Add("dong", "목록에 있는 행정동을 선택해 주세요.")
	}
	if m.Region != "" && !isRegion(m.Region) {
		errs.Add("region", "목록에 있는 권역을 선택해 주세요.")
	}
	m.Place, m.OnlineURL = strings.TrimSpace(in.Place), strings.TrimSpace(in.OnlineURL)
	if m.Kind == KindOnline {
		if u, err := url.Parse(m.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs.Add("online_url", "온라인 주소를 https://로 시작하는 전체 주소로 입력해 주세요.")
		}
	} else if m.Place == "" {
		errs.Add("place", "장소(주소)를 입력해 주세요.")
	}
	var ok bool
	if m.StartsAt, ok = parseFormTime(in.StartsAt); !ok {
		errs.Add("starts_at", "시작 일시를 입력해 주세요.")
	}
	if m.EndsAt, ok = parseFormTime(in.EndsAt); !ok {
		errs.Add("ends_at", "종료 일시를 입력해 주세요.")
	} else if !m.EndsAt.After(m.StartsAt) {
		errs.Add("ends_at", "종료 일시는 시작 일시보다 뒤여야 합니다.")
	}
	m.BookingEnabled = in.BookingEnabled
	m.BookingOpensAt, m.BookingClosesAt, m.Capacity = nil, nil, 0
	if m.BookingEnabled {
		n, err := strconv.Atoi(strings.TrimSpace(in.Capacity))
		if err != nil || n < 1 || n > 100000 {
			errs.Add("capacity", "정원을 1명 이상의 숫자로 입력해 주세요.")
		}
		m.Capacity = n
		opens, ok1 := parseFormTime(in.BookingOpensAt)
		if !ok1 {
			errs.Add("booking_opens_at", "신청 시작 일시를 입력해 주세요.")
		}
		closes, ok2 := parseFormTime(in.BookingClosesAt)
		switch {
		case !ok2:
			errs.Add("booking_closes_at", "신청 마감 일시를 입력해 주세요.")
		case ok1 && !closes.After(opens):
			errs.Add("booking_closes_at", "신청 마감은 신청 시작보다 뒤여야 합니다.")
		case closes.After(m.StartsAt):
			errs.Add("booking_closes_at", "신청 마감은 시작 일시 전이어야 합니다.")
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
		AuditMeetingCreate: "모임 등록", AuditMeetingUpdate: "모임 수정", AuditMeetingPublish: "모임 공개",
		AuditMeetingCancel: "모임 취소", AuditMeetingResults: "모임 결과 공개", AuditCheckIn: "입장 확인",
	})
}

// Meeting mail events.
const (
	EventBooked        = "booked"         // the booking holder: confirmation (or waiting list)
	EventPromoted      = "promoted"       // the booking holder: a seat came free
	EventReminder      = "reminder"       // everyone booked, the day before
	EventMeetingChange = "meeting_change" // everyone booked or waiting: time or place changed
	EventMeetingCancel = "meeting_cancel" // everyone booked or waiting: cancelled
)

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
			return models.Errors{"capacity": "이미 " + models.FormatNumber(m.BookedCount) + "명이 신청해 정원을 그보다 줄일 수 없습니다."}
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
		return models.Errors{"cancel_reason": "취소 사유를 입력해 주세요. 신청한 분들께 메일로 전합니다."}
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

// ListMeetings lists meetings: upcoming ones soonest first, past ones latest first.
func ListMeetings(db *gorm.DB, q Query, now time.Time) ([]Meeting, error) {
	now = now.UTC()
	tx := db.Model(&Meeting{})
	if !q.Drafts {
		tx = tx.Where("published_at IS NOT NULL")
	}
	if kindLabels[q.Kind] != "" {
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
		tx = tx.Where("ends_at <= ? OR results_at IS NOT NULL", now).Order("starts_at DESC")
	} else {
		tx = tx.Where("ends_at > ? AND results_at IS NULL", now).Order("starts_at ASC")
	}
	var out []Meeting
	err := tx.Limit(200).Find(&out).Error
	return out, err
}

// Booking statuses.
const (
	BookingBooked    = "booked"
	BookingWaiting   = "waiting"
	BookingCancelled = "cancelled"
)

// Booking is one resident's seat, or place on the waiting list, at a meeting.
type Booking struct {
	ID          uint
	MeetingID   uint
	Meeting     *Meeting
	UserID      uint
	User        *models.User
	Code        string
	Status      string
	Question    string
	CheckedInAt *time.Time
	CheckedInBy *uint
	PromotedAt  *time.Time
	CancelledAt *time.Time
	CreatedAt   time.Time
}

// StatusLabel is the booking's state in Korean.
func (b *Booking) StatusLabel() string {
	switch {
	case b.Status == BookingBooked && b.CheckedInAt != nil:
		return "입장 완료"
	case b.Status == BookingBooked:
		return "신청 완료"
	case b.Status == BookingWaiting:
		return "대기"
	}
	return "취소"
}

// Booking errors.
var (
	ErrBookingClosed   = errors.New("booking not open")
	ErrAlreadyBooked   = errors.New("already booked")
	ErrTooLateToCancel = errors.New("meeting started")
	ErrCheckedInBefore = errors.New("already checked in")
	ErrNotBooked       = errors.New("booking is not a confirmed seat")
)

// codeAlphabet is A–Z and 2–9 without O and I (nor 0 and 1), so a code read
// aloud or typed from paper is not misread.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewBookingCode returns a random 8-character booking code.
func NewBookingCode() string {
	b := make([]byte, 8)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b)
}

// NormalizeCode reads a code as staff type it: case and spaces do not matter.
func NormalizeCode(s string) string {
	// Map, not Fields+Join: joining could glue stray bytes into a space such as U+3000.
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// BookInput is a resident's booking.
type BookInput struct {
	MeetingID uint
	UserID    uint
	Question  string
}

// Book takes a seat, or a place on the waiting list when the meeting is full,
// in one transaction: the seat counter only moves while it is below the
// capacity, so there are never more bookings than seats.
func Book(db *gorm.DB, in BookInput, now time.Time) (*Booking, error) {
	now = now.UTC()
	in.Question = strings.TrimSpace(in.Question)
	if utf8.RuneCountInString(in.Question) > 500 {
		return nil, models.Errors{"question": "사전 질문은 500자 이하로 적어 주세요."}
	}
	var b Booking
	err := models.Transact(db, func(tx *gorm.DB) error {
		user, err := models.FindUser(tx, in.UserID)
		if err != nil {
			return err
		}
		if !user.Verified() {
			return models.ErrNotVerified
		}
		var m Meeting
		if err := models.ForUpdate(tx).Take(&m, in.MeetingID).Error; err != nil {
			return models.ErrNotFound
		}
		if m.PublishedAt == nil {
			return models.ErrNotFound
		}
		if st := m.StateAt(now); st != MeetingOpen && st != MeetingFull {
			return ErrBookingClosed
		}
		if existing, err := ActiveBooking(tx, m.ID, user.ID); err != nil || existing != nil {
			if err == nil {
				err = ErrAlreadyBooked
			}
			return err
		}
		b = Booking{MeetingID: m.ID, UserID: user.ID, Status: BookingWaiting, Question: in.Question, CreatedAt: now}
		seat := tx.Model(&Meeting{}).Where("id = ? AND booked_count < capacity", m.ID).
			UpdateColumn("booked_count", gorm.Expr("booked_count + 1"))
		if seat.Error != nil {
			return seat.Error
		}
		if seat.RowsAffected == 1 {
			b.Status = BookingBooked
		} else if err := tx.Model(&Meeting{}).Where("id = ?", m.ID).
			UpdateColumn("waitlist_count", gorm.Expr("waitlist_count + 1")).Error; err != nil {
			return err
		}
		if err := insertBooking(tx, &b); err != nil {
			return err
		}
		return recordMeetingEvent(tx, EventBooked, m.ID, b.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// insertBooking stores b with a fresh code, drawing again on the rare code
// clash; a second active booking by the same account is ErrAlreadyBooked.
func insertBooking(tx *gorm.DB, b *Booking) error {
	for range 5 {
		b.ID, b.Code = 0, NewBookingCode()
		err := tx.Transaction(func(sp *gorm.DB) error { return sp.Create(b).Error })
		if !errors.Is(err, gorm.ErrDuplicatedKey) {
			return err
		}
		var n int64
		if err := tx.Model(&Booking{}).Where("meeting_id = ? AND user_id = ? AND status <> ?", b.MeetingID, b.UserID, BookingCancelled).
			Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrAlreadyBooked
		}
	}
	return errors.New("no free booking code after 5 tries")
}

// CancelBooking gives a seat (or a waiting place) back, until the meeting
// starts. A freed seat goes to the first on the waiting list in the same
// transaction.
func CancelBooking(db *gorm.DB, bookingID, userID uint, now time.Time) error {
	now = now.UTC()
	return models.Transact(db, func(tx *gorm.DB) error {
		var b Booking
		if err := tx.Where("id = ? AND user_id = ?", bookingID, userID).Take(&b).Error; err != nil {
			return models.ErrNotFound
		}
		var m Meeting
		if err := models.ForUpdate(tx).Take(&m, b.MeetingID).Error; err != nil {
			return err
		}
		// read again under the meeting's lock: a promotion may have moved it
		if err := tx.Take(&b, b.ID).Error; err != nil {
			return err
		}
		if !now.Before(m.StartsAt) {
			return ErrTooLateToCancel
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status IN ?", b.ID, []string{BookingBooked, BookingWaiting}).
			Updates(map[string]any{"status": BookingCancelled, "cancelled_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		counter := "waitlist_count"
		if b.Status == BookingBooked {
			counter = "booked_count"
		}
		if err := tx.Model(&Meeting{}).Where("id = ?", m.ID).
			UpdateColumn(counter, gorm.Expr(counter+" - 1")).Error; err != nil {
			return err
		}
		if err := tx.Take(&m, m.ID).Error; err != nil {
			return err
		}
		return promoteWaiting(tx, &m, now)
	})
}

// promoteWaiting gives free seats to the waiting list in arrival order and
// tells each promoted resident.
func promoteWaiting(tx *gorm.DB, m *Meeting, now time.Time) error {
	if m.CancelledAt != nil || !now.Before(m.StartsAt) {
		return nil
	}
	for m.BookedCount < m.Capacity {
		var next Booking
		err := tx.Where("meeting_id = ? AND status = ?", m.ID, BookingWaiting).Order("id").Limit(1).Find(&next).Error
		if err != nil {
			return err
		}
		if next.ID == 0 {
			return nil
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status = ?", next.ID, BookingWaiting).
			Updates(map[string]any{"status": BookingBooked, "promoted_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			continue
		}
		err = tx.Model(&Meeting{}).Where("id = ?", m.ID).Updates(map[string]any{
			"booked_count": gorm.Expr("booked_count + 1"), "waitlist_count": gorm.Expr("waitlist_count - 1")}).Error
		if err != nil {
			return err
		}
		m.BookedCount++
		m.WaitlistCount--
		if err := recordMeetingEvent(tx, EventPromoted, m.ID, next.ID, now); err != nil {
			return err
		}
	}
	return nil
}

// CheckIn marks a confirmed booking as arrived, once.
func CheckIn(db *gorm.DB, meetingID uint, code string, staffID uint, now time.Time) (*Booking, error) {
	now = now.UTC()
	code = NormalizeCode(code)
	var b Booking
	err := db.Transaction(func(tx *gorm.DB) error {
		err := tx.Preload("User").Where("meeting_id = ? AND code = ?", meetingID, code).Take(&b).Error
		if err != nil {
			return models.ErrNotFound
		}
		if b.Status != BookingBooked {
			return ErrNotBooked
		}
		var cancelled int64
		if err := tx.Model(&Meeting{}).Where("id = ? AND cancelled_at IS NOT NULL", meetingID).Count(&cancelled).Error; err != nil {
			return err
		}
		if cancelled > 0 {
			return models.ErrStateChanged
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status = ? AND checked_in_at IS NULL", b.ID, BookingBooked).
			Updates(map[string]any{"checked_in_at": now, "checked_in_by": staffID})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrCheckedInBefore
		}
		b.CheckedInAt = &now
		return models.Audit(tx, staffID, AuditCheckIn, "meeting", meetingID, nil, map[string]any{"code": code}, now)
	})
	if errors.Is(err, ErrCheckedInBefore) {
		return &b, err
	}
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// BookingsFor lists a meeting's bookings: seats in booking order, then the waiting list, then cancellations.
func BookingsFor(db *gorm.DB, meetingID uint) ([]Booking, error) {
	var out []Booking
	err := db.Preload("User").Where("meeting_id = ?", meetingID).
		Order("CASE status WHEN 'booked' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, id").Find(&out).Error
	return out, err
}

// BookingsOf lists one resident's bookings with their meetings, the latest meeting first.
func BookingsOf(db *gorm.DB, userID uint) ([]Booking, error) {
	var out []Booking
	err := db.Preload("Meeting").Joins("JOIN meetings ON meetings.id = bookings.meeting_id").
		Where("bookings.user_id = ? AND bookings.status <> ?", userID, BookingCancelled).
		Order("meetings.starts_at DESC").Find(&out).Error
	return out, err
}

// ActiveBooking is the resident's booking or waiting place for a meeting, if any.
func ActiveBooking(db *gorm.DB, meetingID, userID uint) (*Booking, error) {
	var b Booking
	err := db.Where("meeting_id = ? AND user_id = ? AND status <> ?", meetingID, userID, BookingCancelled).Limit(1).Find(&b).Error
	if err != nil || b.ID == 0 {
		return nil, err
	}
	return &b, nil
}

// WaitingPosition is the booking's place on the waiting list (1 is next).
func WaitingPosition(db *gorm.DB, b *Booking) (int64, error) {
	var n int64
	err := db.Model(&Booking{}).Where("meeting_id = ? AND status = ? AND id <= ?", b.MeetingID, BookingWaiting, b.ID).Count(&n).Error
	return n, err
}

// CheckedInCount counts the arrivals at a meeting.
func CheckedInCount(db *gorm.DB, meetingID uint) (int64, error) {
	var n int64
	err := db.Model(&Booking{}).Where("meeting_id = ? AND status = ? AND checked_in_at IS NOT NULL", meetingID, BookingBooked).Count(&n).Error
	return n, err
}

// ResultInput is the staff form that closes a meeting.
type ResultInput struct {
	Minutes      string
	Attendees    string // empty: the number checked in
	MainOpinions string
	FollowUps    string
}

// PublishResults closes a meeting with its minutes, attendance, main
// opinions and follow-ups; publishing again corrects them.
func PublishResults(db *gorm.DB, id, staffID uint, in ResultInput, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	in.Minutes = strings.TrimSpace(in.Minutes)
	if in.Minutes == "" {
		errs.Add("minutes", "회의록을 입력해 주세요.")
	}
	attendees := -1
	if s := strings.TrimSpace(strings.ReplaceAll(in.Attendees, ",", "")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			errs.Add("attendees", "참석 인원을 0 이상의 숫자로 입력해 주세요.")
		}
		attendees = n
	}
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var m Meeting
		if err := tx.Take(&m, id).Error; err != nil {
			return models.ErrNotFound
		}
		if m.CancelledAt != nil || now.Before(m.StartsAt) {
			return models.ErrStateChanged
		}
		if attendees < 0 {
			n, err := CheckedInCount(tx, id)
			if err != nil {
				return err
			}
			attendees = int(n)
		}
		after := map[string]any{"minutes": in.Minutes, "attendees": attendees, "main_opinions": in.MainOpinions, "follow_ups": in.FollowUps}
		err := tx.Model(&Meeting{}).Where("id = ?", id).Updates(map[string]any{
			"minutes": in.Minutes, "minutes_html": models.RenderMarkdown(in.Minutes), "attendees": attendees,
			"main_opinions": strings.TrimSpace(in.MainOpinions), "follow_ups": strings.TrimSpace(in.FollowUps),
			"results_at": now, "updated_at": now}).Error
		if err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditMeetingResults, "meeting", id, nil, after, now)
	})
}

// DueReminders claims the meetings starting within a day that have not been
// reminded yet and records one reminder event for each; the claim is a
// guarded update, so a reminder is never sent twice, also across restarts
// and instances.
func DueReminders(db *gorm.DB, now time.Time) (int, error) {
	now = now.UTC()
	var ids []uint
	err := db.Model(&Meeting{}).Where("published_at IS NOT NULL AND cancelled_at IS NULL AND reminded_at IS NULL AND booking_enabled AND starts_at > ? AND starts_at <= ?",
		now, now.Add(24*time.Hour)).Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		err := db.Transaction(func(tx *gorm.DB) error {
			res := tx.Model(&Meeting{}).Where("id = ? AND reminded_at IS NULL", id).Update("reminded_at", now)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			n++
			return recordMeetingEvent(tx, EventReminder, id, 0, now)
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// recordMeetingEvent notes a change of a meeting, or of one booking of it
// (bookingID 0 for news that concerns everyone booked).
func recordMeetingEvent(tx *gorm.DB, kind string, meetingID, bookingID uint, now time.Time) error {
	data := "{}"
	if bookingID != 0 {
		// the mail goes out a moment later: keep the booking's state as it is now
		var b Booking
		if err := tx.Select("status", "code").Take(&b, bookingID).Error; err != nil {
			return err
		}
		out, _ := json.Marshal(map[string]string{"status": b.Status, "code": b.Code})
		data = string(out)
	}
	ev := map[string]any{"kind": kind, "meeting_id": meetingID, "data": data, "created_at": now}
	if bookingID != 0 {
		ev["booking_id"] = bookingID
	}
	return tx.Model(&models.Event{}).Create(ev).Error
}

// Recipients lists who hears of a meeting event.
func Recipients(tx *gorm.DB, e models.Event) ([]models.Recipient, error) {
	q := tx.Model(&models.User{}).Select("users.id AS user_id, users.email, users.name, users.unsubscribe_token AS token").
		Joins("JOIN bookings ON bookings.user_id = users.id").Where("users.deactivated_at IS NULL")
	switch e.Kind {
	case EventBooked, EventPromoted:
		q = q.Where("bookings.id = ?", e.BookingID)
	case EventReminder:
		q = q.Where("bookings.meeting_id = ? AND bookings.status = ?", e.MeetingID, BookingBooked)
	default:
		q = q.Where("bookings.meeting_id = ? AND bookings.status IN ?", e.MeetingID, []string{BookingBooked, BookingWaiting})
	}
	var out []models.Recipient
	err := q.Order("users.id").Scan(&out).Error
	return out, err
}

// FindBookingOf loads one of a resident's own bookings.
func FindBookingOf(db *gorm.DB, bookingID, userID uint) (*Booking, error) {
	var b Booking
	if err := db.Where("id = ? AND user_id = ?", bookingID, userID).Take(&b).Error; err != nil {
		return nil, models.ErrNotFound
	}
	return &b, nil
}

// ErrMeetingNotOver refuses an opinion left before the meeting ended.
var ErrMeetingNotOver = errors.New("meeting has not ended")

// LeaveMeetingOpinion stores an opinion from a resident who was booked for
// a meeting, once the meeting has ended.
func LeaveMeetingOpinion(db *gorm.DB, meetingID, userID uint, text, category, dong string, now time.Time) (*Opinion, error) {
	now = now.UTC()
	m, err := FindMeeting(db, meetingID)
	if err != nil {
		return nil, err
	}
	if m.CancelledAt != nil || now.Before(m.EndsAt) {
		return nil, ErrMeetingNotOver
	}
	b, err := ActiveBooking(db, meetingID, userID)
	if err != nil {
		return nil, err
	}
	if b == nil || b.Status != BookingBooked {
		return nil, ErrNotBooked
	}
	return SubmitOpinion(db, meetingID, userID, text, category, dong, now)
}

// FindBooking loads one booking.
func FindBooking(db *gorm.DB, id uint) (*Booking, error) {
	var b Booking
	if err := db.Take(&b, id).Error; err != nil {
		return nil, models.ErrNotFound
	}
	return &b, nil
}
