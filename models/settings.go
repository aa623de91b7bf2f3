package models

import (
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings are the petition rules staff can change without a restart.
// They live in the settings table; the environment only seeds them.
type Settings struct {
	Threshold      int // supports needed for an answer from the 구청장
	PreconsentGoal int // supporters needed during 사전동의
	PreconsentDays int // length of the 사전동의 period
	PetitionDays   int // length of the public period
	AnswerDays     int // days the 구청장 has to answer
}

// DefaultSettings are 영등포구's rules.
var DefaultSettings = Settings{Threshold: 1000, PreconsentGoal: 10, PreconsentDays: 7, PetitionDays: 30, AnswerDays: 20}

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
	return db.Transaction(func(tx *gorm.DB) error {
		for key, v := range s.fields() {
			// Name the columns: UpdateAll would stamp updated_at with the wall clock instead of now.
			err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}},
				DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"})}).
				Create(&setting{Key: key, Value: strconv.Itoa(*v), UpdatedAt: now}).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
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
		if p, ok := fields[r.Key]; ok {
			if n, err := strconv.Atoi(r.Value); err == nil {
				*p = n
			}
		}
	}
	return s, nil
}
