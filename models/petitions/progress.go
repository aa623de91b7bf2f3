package petitions

import (
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// ProgressKinds are the kinds of progress update staff post.
var ProgressKinds = []string{"부서 검토", "현장 방문", "미래비전위원회 심의", "기타"}

// progressKindIDs are the catalog ids of the kinds' names: the kind is
// stored in Korean, as staff chose it.
var progressKindIDs = map[string]string{
	"부서 검토":      "petitions.progress_kind.dept_review",
	"현장 방문":      "petitions.progress_kind.site_visit",
	"미래비전위원회 심의": "petitions.progress_kind.committee",
	"기타":         "petitions.progress_kind.other",
}

// KindID is the catalog id of the update's kind, or the kind as it is
// stored if it has none.
func (u ProgressUpdate) KindID() string {
	if id, ok := progressKindIDs[u.Kind]; ok {
		return id
	}
	return u.Kind
}

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
		errs.Add("progress_kind", "유형을 선택해 주세요.")
	}
	errs.Text("progress_body", in.Body, 2000, "내용을 입력해 주세요.", "내용은 2,000자 이하로 입력해 주세요.")
	day, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(in.Date), models.Seoul)
	if err != nil {
		errs.Add("progress_date", "날짜를 2026-11-28 형식으로 입력해 주세요.")
	} else if day.After(now) {
		errs.Add("progress_date", "앞으로의 날짜는 입력할 수 없습니다. 있었던 일을 기록해 주세요.")
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
