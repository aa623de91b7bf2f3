package petitions

import (
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// KindID is the catalog id of the update's kind.
func (u ProgressUpdate) KindID() string { return ProgressKindID(u.Kind) }

// ProgressUpdate is one step on a petition's public timeline.
type ProgressUpdate struct {
	ID         uint
	PetitionID uint
	StaffID    uint
	Kind       string
	Body       string
	HappenedAt time.Time
	CreatedAt  time.Time
}

// ProgressInput is the progress form; Date is YYYY-MM-DD in Seoul.
type ProgressInput struct {
	Kind string
	Body string
	Date string
}

// AddProgress posts an update on a public petition, audit-logged, and tells
// the author and the supporters who asked for progress news.
func AddProgress(db *gorm.DB, petitionID, staffID uint, in ProgressInput, now time.Time) error {
	now = now.UTC()
	errs := models.Errors{}
	in.Body = strings.TrimSpace(in.Body)
	if !slices.Contains(ProgressKinds, in.Kind) {
		errs.Add("progress_kind", "petitions.error.progress_kind")
	}
	errs.Text("progress_body", in.Body, 2000, "petitions.error.progress_body_empty", "petitions.error.progress_body_long")
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.Date), models.Seoul)
	if err != nil {
		errs.Add("progress_date", "petitions.error.progress_date")
	} else if day.After(now) {
		errs.Add("progress_date", "petitions.error.progress_date_future")
	}
	if len(errs) > 0 {
		return errs
	}
	return db.Transaction(func(tx *gorm.DB) error {
		var p Petition
		if err := tx.Select("id", "status").Take(&p, petitionID).Error; err != nil {
			return models.ErrNotFound
		}
		if !p.Status.IsPublic() {
			return models.ErrStateChanged
		}
		u := ProgressUpdate{PetitionID: petitionID, StaffID: staffID, Kind: in.Kind, Body: in.Body, HappenedAt: day.UTC(), CreatedAt: now}
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		if err := models.Audit(tx, staffID, AuditUpdate, "petition", petitionID, nil, u, now); err != nil {
			return err
		}
		return recordEvent(tx, EventProgress, petitionID, map[string]string{"kind": in.Kind}, now)
	})
}

// Timeline lists a petition's progress updates in the order they happened.
func Timeline(db *gorm.DB, petitionID uint) ([]ProgressUpdate, error) {
	var out []ProgressUpdate
	err := db.Where("petition_id = ?", petitionID).Order("happened_at, id").Find(&out).Error
	return out, err
}
