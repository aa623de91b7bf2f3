package models

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings are the rules staff can change without a restart (mostly the
// petitions'). They live in the settings table; the environment only seeds
// them.
type Settings struct {
	Threshold       int // supports needed for an answer from the 구청장
	PreconsentGoal  int // supporters needed during 사전동의
	PreconsentDays  int // length of the 사전동의 period
	PetitionDays    int // length of the public period
	AnswerDays      int // days the 구청장 has to answer
	DeptAnswerDays  int // days a department has to answer an expired petition
	ReportLimit     int // open reports that hide a comment until staff decide
	AnonymiseMonths int // months after a petition closes before its supporters are anonymised
	// StatementLength is the longest statement of a 공론장, in characters;
	// 0 (a blank field on the settings page) is DefaultStatementLength.
	StatementLength int
	Notice          string
}

// DefaultSettings are 영등포구's rules.
var DefaultSettings = Settings{Threshold: 1000, PreconsentGoal: 10, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20,
	DeptAnswerDays: 10, ReportLimit: 3, AnonymiseMonths: 12}

// DefaultStatementLength is the longest statement of a 공론장 unless staff
// set another length: Polis' 140 characters.
const DefaultStatementLength = 140

// StatementLimit is the longest statement of a 공론장, in characters.
func (s Settings) StatementLimit() int {
	if s.StatementLength <= 0 {
		return DefaultStatementLength
	}
	return s.StatementLength
}

const (
	noticeKey          = "site_notice"
	statementLengthKey = "statement_length"
)

type setting struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedAt time.Time
}

func (setting) TableName() string { return "settings" }

func (s *Settings) fields() map[string]*int {
	return map[string]*int{
		"petition_threshold":  &s.Threshold,
		"petition_preconsent": &s.PreconsentGoal,
		"preconsent_days":     &s.PreconsentDays,
		"petition_days":       &s.PetitionDays,
		"answer_days":         &s.AnswerDays,
		"dept_answer_days":    &s.DeptAnswerDays,
		"report_limit":        &s.ReportLimit,
		"anonymise_months":    &s.AnonymiseMonths,
		statementLengthKey:    &s.StatementLength,
	}
}

// SeedSettings stores each setting the database does not have yet. The keys
// named in explicit were set by the operator (an environment variable or a
// flag of the same name): such a value is applied whenever it differs from
// the value last applied from the environment, so changing PETITION_THRESHOLD
// takes effect on the next start, while changes made on the settings page
// survive restarts with an unchanged environment.
func SeedSettings(db *gorm.DB, s Settings, explicit []string, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		fields := s.fields()
		for _, key := range explicit {
			v, ok := fields[key]
			if !ok {
				continue
			}
			value := strconv.Itoa(*v)
			var last setting
			err := tx.Where("key = ?", "env:"+key).Limit(1).Find(&last).Error
			if err != nil || last.Value == value {
				return err
			}
			for _, k := range []string{key, "env:" + key} {
				err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).
					Create(&setting{Key: k, Value: value, UpdatedAt: now}).Error
				if err != nil {
					return err
				}
			}
		}
		for key, v := range fields {
			if *v == 0 && blankIsDefault[key] {
				continue
			}
			err := tx.Clauses(clause.OnConflict{DoNothing: true}).
				Create(&setting{Key: key, Value: strconv.Itoa(*v), UpdatedAt: now}).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveSettings overwrites the stored settings.
func SaveSettings(db *gorm.DB, s Settings, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error { return saveSettings(tx, s, now) })
}

func saveSettings(tx *gorm.DB, s Settings, now time.Time) error {
	values := map[string]string{noticeKey: s.Notice}
	for key, v := range s.fields() {
		if *v == 0 && blankIsDefault[key] {
			// no row is the default
			if err := tx.Where("key = ?", key).Delete(&setting{}).Error; err != nil {
				return err
			}
			continue
		}
		values[key] = strconv.Itoa(*v)
	}
	for key, v := range values {
		// Name the columns: UpdateAll would stamp updated_at with the wall clock instead of now.
		err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
			DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).
			Create(&setting{Key: key, Value: v, UpdatedAt: now}).Error
		if err != nil {
			return err
		}
	}
	return nil
}

// SettingsForm is the settings page as typed.
type SettingsForm map[string]string

// settingLimits bounds each number on the settings page.
var settingLimits = map[string][2]int{
	"petition_threshold":  {1, 1000000},
	"petition_preconsent": {0, 10000},
	"preconsent_days":     {1, 365},
	"petition_days":       {1, 365},
	"answer_days":         {1, 365},
	"dept_answer_days":    {1, 365},
	"report_limit":        {1, 100},
	"anonymise_months":    {1, 120},
	statementLengthKey:    {20, 2000},
}

// blankIsDefault names the settings a blank field leaves at their default:
// 0 in Settings, no row in the table.
var blankIsDefault = map[string]bool{statementLengthKey: true}

// UpdateSettings validates and stores the settings page, recording the
// change in the audit log. It takes effect at once; petitions already
// published keep the threshold and deadlines they were published under.
func UpdateSettings(db *gorm.DB, actorID uint, form SettingsForm, now time.Time) (Settings, error) {
	now = now.UTC()
	var next Settings
	err := db.Transaction(func(tx *gorm.DB) error {
		before, err := LoadSettings(tx)
		if err != nil {
			return err
		}
		next = before
		errs := Errors{}
		for key, p := range next.fields() {
			typed := strings.ReplaceAll(strings.TrimSpace(form[key]), ",", "")
			n, err := strconv.Atoi(typed)
			lim := settingLimits[key]
			switch {
			case typed == "" && blankIsDefault[key]:
				*p = 0
			case err != nil:
				errs.Add(key, "desk.settings.error.number")
			case n < lim[0] || n > lim[1]:
				errs.Add(key, Msg("desk.settings.error.range", "Min", FormatNumber(lim[0]), "Max", FormatNumber(lim[1])))
			default:
				*p = n
			}
		}
		next.Notice = strings.TrimSpace(form[noticeKey])
		if utf8.RuneCountInString(next.Notice) > 500 {
			errs.Add(noticeKey, "desk.settings.error.notice_long")
		}
		if len(errs) > 0 {
			return errs
		}
		if next == before {
			return nil
		}
		if err := saveSettings(tx, next, now); err != nil {
			return err
		}
		return Audit(tx, actorID, AuditSettings, "settings", 0, before, next, now)
	})
	return next, err
}

// Form is the settings as the settings page shows them.
func (s Settings) Form() SettingsForm {
	f := SettingsForm{noticeKey: s.Notice}
	for key, p := range s.fields() {
		f[key] = strconv.Itoa(*p)
		if *p == 0 && blankIsDefault[key] {
			f[key] = ""
		}
	}
	return f
}

// LoadSettings reads the settings, falling back to the defaults for any that are missing.
func LoadSettings(db *gorm.DB) (Settings, error) {
	s := DefaultSettings
	var rows []setting
	if err := db.Find(&rows).Error; err != nil {
		return s, err
	}
	fields := s.fields()
	for _, r := range rows {
		if r.Key == noticeKey {
			s.Notice = r.Value
		}
		if p, ok := fields[r.Key]; ok {
			// a value outside its limits (a damaged row) keeps the default
			if n, err := strconv.Atoi(r.Value); err == nil && n >= settingLimits[r.Key][0] && n <= settingLimits[r.Key][1] {
				*p = n
			}
		}
	}
	return s, nil
}
