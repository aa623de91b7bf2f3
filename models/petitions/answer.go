package petitions

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Answer is the 구청장's public answer to a 공감청원.
type Answer struct {
	ID         uint
	PetitionID uint
	StaffID    uint
	Answerer   string
	Body       string // markdown as staff wrote it
	BodyHTML   string // sanitised HTML rendered from Body
	VideoURL   string
	AnsweredAt time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Translations are staff's official translations (answer_translation.go)
	Translations []AnswerTranslation
}

// EmbedURL is the youtube-nocookie address of the video, or "" when the
// video is not on YouTube (the page then links to it).
func (a *Answer) EmbedURL() string { return models.YouTubeEmbed(a.VideoURL) }

// AnswererID is the catalog id of the District Mayor's title when the
// answer is signed with it (DefaultAnswerer), else the name as staff wrote it.
func (a *Answer) AnswererID() string {
	if a.Answerer == DefaultAnswerer {
		return "petitions.answerer.mayor"
	}
	return a.Answerer
}

// AnswerInput is the answer form.
type AnswerInput struct {
	Body     string
	VideoURL string
	Answerer string
}

func (in *AnswerInput) validate() models.Errors {
	errs := models.Errors{}
	in.Body = strings.TrimSpace(in.Body)
	in.VideoURL = strings.TrimSpace(in.VideoURL)
	in.Answerer = strings.TrimSpace(in.Answerer)
	if in.Answerer == "" {
		in.Answerer = DefaultAnswerer
	}
	if in.Body == "" {
		errs.Add("body", "petitions.error.answer_empty")
	} else if utf8.RuneCountInString(in.Body) > 30000 {
		errs.Add("body", "petitions.error.answer_long")
	}
	if in.VideoURL != "" {
		u, err := url.Parse(in.VideoURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs.Add("video_url", "petitions.error.video_url")
		}
	}
	if utf8.RuneCountInString(in.Answerer) > 50 {
		errs.Add("answerer", "petitions.error.answerer_long")
	}
	return errs
}

// AnswerPetition posts the answer to a 답변대기 petition and moves it to 답변완료.
func AnswerPetition(db *gorm.DB, id, staffID uint, in AnswerInput, now time.Time) error {
	now = now.UTC()
	if errs := in.validate(); len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Petition{}).Where("id = ? AND status = ?", id, StatusAwaitingAnswer).
			Updates(map[string]any{"status": StatusAnswered, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		err := tx.Create(&Answer{PetitionID: id, StaffID: staffID, Answerer: in.Answerer, Body: in.Body,
			BodyHTML: models.RenderMarkdown(in.Body), VideoURL: in.VideoURL, AnsweredAt: now, CreatedAt: now, UpdatedAt: now}).Error
		if err != nil {
			return err
		}
		after := map[string]any{"status": StatusAnswered, "answerer": in.Answerer, "video_url": in.VideoURL}
		if err := models.Audit(tx, staffID, AuditAnswer, "petition", id, map[string]any{"status": StatusAwaitingAnswer}, after, now); err != nil {
			return err
		}
		return recordEvent(tx, EventAnswered, id, nil, now)
	})
}
