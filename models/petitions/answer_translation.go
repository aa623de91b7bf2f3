package petitions

import (
	"errors"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// TranslationLanguages are the languages an answer may have an official
// translation in, by the site's language codes. The Korean answer stays
// the one that counts; a translation helps residents read it.
var TranslationLanguages = []string{"en", "zh"}

// The most a translation and its note may hold, in characters: an English
// or Chinese text runs longer than the Korean answer (at most 30,000).
const (
	MaxTranslationBody = 60000
	MaxTranslationNote = 500
)

// AnswerTranslation is staff's official translation of the 구청장's answer
// into one language.
type AnswerTranslation struct {
	ID        uint
	AnswerID  uint
	Language  string // en or zh
	Body      string // markdown as staff wrote it
	BodyHTML  string // sanitised HTML rendered from Body, as the answer's
	Note      string // the translator's note, if any: who translated it, what was left out
	StaffID   uint   // who saved it last
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName keeps the translations beside the answers they translate.
func (AnswerTranslation) TableName() string { return "petition_answer_translations" }

// TranslationInput is the form of one language's translation.
type TranslationInput struct {
	Body string
	Note string
}

// TranslationField is the form field of a language's translation: what
// holds its errors ("body" → "body_en", "note" → "note_zh"). Each language
// has a form of its own on the same page.
func TranslationField(field, lang string) string { return field + "_" + lang }

func (in *TranslationInput) validate(lang string) models.Errors {
	errs := models.Errors{}
	if !slices.Contains(TranslationLanguages, lang) {
		errs.Add("language", "desk.translation.error.language")
		return errs
	}
	in.Body = strings.TrimSpace(in.Body)
	in.Note = strings.TrimSpace(in.Note)
	errs.Text(TranslationField("body", lang), in.Body, MaxTranslationBody,
		"desk.translation.error.body_empty", "desk.translation.error.body_long")
	if len([]rune(in.Note)) > MaxTranslationNote {
		errs.Add(TranslationField("note", lang), "desk.translation.error.note_long")
	}
	return errs
}

// SaveAnswerTranslation adds or replaces the official translation of an
// answer into lang (en or zh), rendered through the answer's own markdown
// and sanitiser, and records who did it in the audit log.
func SaveAnswerTranslation(db *gorm.DB, staffID, answerID uint, lang string, in TranslationInput, now time.Time) error {
	now = now.UTC()
	if errs := in.validate(lang); len(errs) > 0 {
		return errs
	}
	html := models.RenderMarkdown(in.Body)
	return models.Transact(db, func(tx *gorm.DB) error {
		var answer Answer
		// the answer's row is locked: two staff saving at once take turns
		err := models.ForUpdate(tx).Select("id", "petition_id").Take(&answer, answerID).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return models.ErrNotFound
		}
		if err != nil {
			return err
		}
		var old AnswerTranslation
		if err := tx.Where("answer_id = ? AND language = ?", answerID, lang).Limit(1).Find(&old).Error; err != nil {
			return err
		}
		action, before := AuditTranslationAdd, map[string]any(nil)
		if old.ID == 0 {
			err = tx.Create(&AnswerTranslation{AnswerID: answerID, Language: lang, Body: in.Body, BodyHTML: html,
				Note: in.Note, StaffID: staffID, CreatedAt: now, UpdatedAt: now}).Error
		} else {
			action, before = AuditTranslationEdit, map[string]any{"language": lang, "body": old.Body, "note": old.Note}
			err = tx.Model(&old).Updates(map[string]any{"body": in.Body, "body_html": html, "note": in.Note,
				"staff_id": staffID, "updated_at": now}).Error
		}
		if err != nil {
			return err
		}
		after := map[string]any{"language": lang, "body": in.Body, "note": in.Note}
		return models.Audit(tx, staffID, action, "petition", answer.PetitionID, before, after, now)
	})
}

// Translation is the answer's official translation into the language of
// code (en, zh), or nil: for Korean, and where staff have not added one.
func (a *Answer) Translation(code string) *AnswerTranslation {
	for i := range a.Translations {
		if a.Translations[i].Language == code {
			return &a.Translations[i]
		}
	}
	return nil
}
