package ideas

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Limits of the 창의 아이디어단.
const (
	MinTeamSize      = 10 // a 국's 아이디어단 needs at least this many members
	MaxBureauName    = 50
	MaxIdeaMeetNotes = 3000
)

// Outcomes of the 아이디어단 rules.
var (
	ErrNotTeamMember = errors.New("not a member of this team")
	ErrNotStaff      = errors.New("account is not staff")
)

// Bureau is a 국 and its 창의 아이디어단.
type Bureau struct {
	ID        uint
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// BureauMember puts a staff account on a 국's 아이디어단; a staff member is
// on one team at most.
type BureauMember struct {
	ID        uint
	BureauID  uint
	UserID    uint
	User      *models.User
	CreatedAt time.Time
}

// IdeaMeeting is one meeting of a 아이디어단.
type IdeaMeeting struct {
	ID         uint
	BureauID   uint
	Bureau     *Bureau
	HeldOn     time.Time // the day, midnight in Seoul
	Notes      string
	RecordedBy uint
	Attendees  []IdeaMeetingAttendee `gorm:"foreignKey:MeetingID"`
	CreatedAt  time.Time
}

// IdeaMeetingAttendee is a member who came to a meeting.
type IdeaMeetingAttendee struct {
	MeetingID uint `gorm:"primaryKey"`
	UserID    uint `gorm:"primaryKey"`
	User      *models.User
}

// QuarterStart is the first moment, in Seoul, of the quarter holding t.
func QuarterStart(t time.Time) time.Time {
	t = t.In(models.Seoul)
	return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, models.Seoul)
}

// QuarterOf is the quarter (1–4) of t in Seoul.
func QuarterOf(t time.Time) int { return (int(t.In(models.Seoul).Month())-1)/3 + 1 }

// BureauSummary is a team as the desk lists it.
type BureauSummary struct {
	Bureau
	Members        int
	LastMeeting    *time.Time
	MetThisQuarter bool
}

// Small reports whether the team has fewer members than the rule asks.
func (b BureauSummary) Small() bool { return b.Members < MinTeamSize }

// CreateBureau adds a 국 with an empty 아이디어단, audit-logged.
func CreateBureau(db *gorm.DB, adminID uint, name string, now time.Time) (*Bureau, error) {
	now = now.UTC()
	name = strings.Join(strings.Fields(name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return nil, models.Errors{"name": "ideas.error.bureau_name_empty"}
	case n > MaxBureauName:
		return nil, models.Errors{"name": "ideas.error.bureau_name_long"}
	}
	b := &Bureau{Name: name, CreatedAt: now, UpdatedAt: now}
	err := db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Bureau{}).Where("name = ?", name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return models.Errors{"name": "ideas.error.bureau_name_taken"}
		}
		if err := tx.Create(b).Error; err != nil {
			return err
		}
		return models.Audit(tx, adminID, AuditBureauCreate, "bureau", b.ID, nil, map[string]any{"name": name}, now)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// FindBureau loads one 국.
func FindBureau(db *gorm.DB, id uint) (*Bureau, error) {
	var b Bureau
	err := db.Take(&b, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, models.ErrNotFound
	}
	return &b, err
}

// parseID reads a form's record number; 0 when it is not one.
func parseID(s string) uint {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0
	}
	return uint(n)
}

// activeStaff loads an account that may take part in the staff-side work.
func activeStaff(tx *gorm.DB, id uint) (*models.User, error) {
	u, err := models.FindUser(tx, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrNotStaff
	}
	if err != nil {
		return nil, err
	}
	if !u.IsStaff() || !u.Active() {
		return nil, ErrNotStaff
	}
	return u, nil
}

// AddBureauMember puts a staff account on a 국's team, audit-logged.
func AddBureauMember(db *gorm.DB, adminID, bureauID uint, userField string, now time.Time) error {
	now = now.UTC()
	userID := parseID(userField)
	if userID == 0 {
		return models.Errors{"user_id": "ideas.error.member_who"}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if _, err := FindBureau(tx, bureauID); err != nil {
			return err
		}
		if _, err := activeStaff(tx, userID); err != nil {
			if errors.Is(err, ErrNotStaff) {
				return models.Errors{"user_id": "ideas.error.member_not_staff"}
			}
			return err
		}
		var other []string
		if err := tx.Table("bureau_members").Joins("JOIN bureaus ON bureaus.id = bureau_members.bureau_id").
			Where("bureau_members.user_id = ?", userID).Pluck("bureaus.name", &other).Error; err != nil {
			return err
		}
		if len(other) > 0 {
			return models.Errors{"user_id": models.Msg("ideas.error.member_elsewhere", "Team", other[0])}
		}
		if err := tx.Create(&BureauMember{BureauID: bureauID, UserID: userID, CreatedAt: now}).Error; err != nil {
			return err
		}
		return models.Audit(tx, adminID, AuditBureauMemberAdd, "bureau", bureauID, nil, map[string]any{"user_id": userID}, now)
	})
}

// RemoveBureauMember takes a staff account off a team, audit-logged.
func RemoveBureauMember(db *gorm.DB, adminID, bureauID, userID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Where("bureau_id = ? AND user_id = ?", bureauID, userID).Delete(&BureauMember{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrNotFound
		}
		return models.Audit(tx, adminID, AuditBureauMemberRemove, "bureau", bureauID, map[string]any{"user_id": userID}, nil, now)
	})
}

// BureauMembers lists a team's members by name.
func BureauMembers(db *gorm.DB, bureauID uint) ([]models.User, error) {
	var out []models.User
	err := db.Joins("JOIN bureau_members ON bureau_members.user_id = users.id").
		Where("bureau_members.bureau_id = ?", bureauID).Order("users.name, users.id").Find(&out).Error
	return out, err
}

// IsBureauMember reports whether the account is on the team.
func IsBureauMember(db *gorm.DB, bureauID, userID uint) (bool, error) {
	var n int64
	err := db.Model(&BureauMember{}).Where("bureau_id = ? AND user_id = ?", bureauID, userID).Count(&n).Error
	return n > 0, err
}

// ListBureaus lists every team with its size and whether it met in the
// quarter of now.
func ListBureaus(db *gorm.DB, now time.Time) ([]BureauSummary, error) {
	var bureaus []Bureau
	if err := db.Order("name").Find(&bureaus).Error; err != nil {
		return nil, err
	}
	var sizes []struct {
		BureauID uint
		N        int
	}
	if err := db.Model(&BureauMember{}).Select("bureau_id, COUNT(*) AS n").Group("bureau_id").Scan(&sizes).Error; err != nil {
		return nil, err
	}
	var meetings []IdeaMeeting
	if err := db.Select("bureau_id", "held_on").Find(&meetings).Error; err != nil {
		return nil, err
	}
	size := map[uint]int{}
	for _, s := range sizes {
		size[s.BureauID] = s.N
	}
	last := map[uint]time.Time{}
	for _, m := range meetings {
		if m.HeldOn.After(last[m.BureauID]) {
			last[m.BureauID] = m.HeldOn
		}
	}
	q := QuarterStart(now)
	out := make([]BureauSummary, len(bureaus))
	for i, b := range bureaus {
		out[i] = BureauSummary{Bureau: b, Members: size[b.ID]}
		if t, ok := last[b.ID]; ok {
			out[i].LastMeeting = &t
			out[i].MetThisQuarter = !t.Before(q)
		}
	}
	return out, nil
}

// IdeaMeetingInput is the form that records a team meeting. HeldOn is
// YYYY-MM-DD in Seoul; Attendees are member ids.
type IdeaMeetingInput struct {
	HeldOn    string
	Attendees []string
	Notes     string
}

// RecordIdeaMeeting stores a team meeting with its attendees, audit-logged.
// Only the team's members and admins may record it.
func RecordIdeaMeeting(db *gorm.DB, staffID, bureauID uint, in IdeaMeetingInput, now time.Time) (*IdeaMeeting, error) {
	now = now.UTC()
	errs := models.Errors{}
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.HeldOn), models.Seoul)
	if err != nil {
		errs.Add("held_on", "ideas.error.held_on")
	} else if day.After(now) {
		errs.Add("held_on", "ideas.error.held_on_future")
	}
	in.Notes = strings.TrimSpace(strings.ReplaceAll(in.Notes, "\r\n", "\n"))
	if n := utf8.RuneCountInString(in.Notes); n > MaxIdeaMeetNotes {
		errs.Add("notes", models.Msg("ideas.error.notes_long", "N", models.FormatNumber(n)))
	}
	m := &IdeaMeeting{BureauID: bureauID, HeldOn: day.UTC(), Notes: in.Notes, RecordedBy: staffID, CreatedAt: now}
	err = db.Transaction(func(tx *gorm.DB) error {
		if _, err := FindBureau(tx, bureauID); err != nil {
			return err
		}
		actor, err := activeStaff(tx, staffID)
		if err != nil {
			return err
		}
		members, err := BureauMembers(tx, bureauID)
		if err != nil {
			return err
		}
		isMember := map[uint]bool{}
		for _, u := range members {
			isMember[u.ID] = true
		}
		if !isMember[staffID] && !actor.IsAdmin() {
			return ErrNotTeamMember
		}
		seen := map[uint]bool{}
		for _, s := range in.Attendees {
			id := parseID(s)
			if !isMember[id] {
				errs.Add("attendees", "ideas.error.attendees_unknown")
				continue
			}
			seen[id] = true
		}
		if len(seen) == 0 {
			errs.Add("attendees", "ideas.error.attendees_empty")
		}
		if len(errs) > 0 {
			return errs
		}
		if err := tx.Omit("Attendees", "Bureau").Create(m).Error; err != nil {
			return err
		}
		ids := make([]uint, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if err := tx.Create(&IdeaMeetingAttendee{MeetingID: m.ID, UserID: id}).Error; err != nil {
				return err
			}
		}
		after := map[string]any{"bureau_id": bureauID, "held_on": day.Format("2006-01-02"), "attendees": ids}
		return models.Audit(tx, staffID, AuditIdeaMeeting, "idea_meeting", m.ID, nil, after, now)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// BureauMeetings lists a team's meetings, the latest first, with who came.
func BureauMeetings(db *gorm.DB, bureauID uint) ([]IdeaMeeting, error) {
	var out []IdeaMeeting
	err := db.Preload("Attendees.User").Where("bureau_id = ?", bureauID).Order("held_on DESC, id DESC").Find(&out).Error
	return out, err
}

// StaffAccounts lists the active staff and admin accounts by name, for the pickers.
func StaffAccounts(db *gorm.DB) ([]models.User, error) {
	var out []models.User
	err := db.Where("role IN ? AND deactivated_at IS NULL", []models.Role{models.RoleStaff, models.RoleAdmin}).Order("name, id").Find(&out).Error
	return out, err
}

// RecentIdeaMeetings lists the meetings of every team since a time, the
// latest first, for the idea form.
func RecentIdeaMeetings(db *gorm.DB, since time.Time) ([]IdeaMeeting, error) {
	var out []IdeaMeeting
	err := db.Preload("Bureau").Where("held_on >= ?", since.UTC()).Order("held_on DESC, id DESC").Find(&out).Error
	return out, err
}

// BureauOf is the team an account is on, or nil.
func BureauOf(db *gorm.DB, userID uint) (*Bureau, error) {
	var out []Bureau
	err := db.Joins("JOIN bureau_members ON bureau_members.bureau_id = bureaus.id").
		Where("bureau_members.user_id = ?", userID).Limit(1).Find(&out).Error
	if err != nil || len(out) == 0 {
		return nil, err
	}
	return &out[0], nil
}
