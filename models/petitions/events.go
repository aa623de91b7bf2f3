package petitions

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// Event kinds: what residents (and staff) are told by mail.
const (
	EventPreconsentReached = "preconsent_reached" // author: the 사전동의 goal is met
	EventPublished         = "published"          // author
	EventRefused           = "refused"            // author, with the reason
	EventThresholdReached  = "threshold_reached"  // author and staff
	EventAnswered          = "answered"           // author and every supporter
	EventDeptAnswered      = "dept_answered"      // author and every supporter
	EventProgress          = "progress"           // author and supporters who opted in
)

// recordEvent notes a change of a petition, in the transaction that makes it.
func recordEvent(tx *gorm.DB, kind string, petitionID uint, data map[string]string, now time.Time) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	return tx.Omit("MeetingID", "BookingID").Create(&models.Event{Kind: kind, PetitionID: petitionID, Data: string(b), CreatedAt: now}).Error
}

// Recipients lists who hears of a petition event, honouring each
// person's mail preferences.
func Recipients(tx *gorm.DB, e models.Event) ([]models.Recipient, error) {
	var p Petition
	if err := tx.Select("id", "author_id").Take(&p, e.PetitionID).Error; err != nil {
		return nil, err
	}
	var out []models.Recipient
	author := tx.Model(&models.User{}).Select("id AS user_id, email, name, language, unsubscribe_token AS token, TRUE AS author").
		Where("id = ? AND notify_own AND deactivated_at IS NULL", p.AuthorID)
	if err := author.Scan(&out).Error; err != nil {
		return nil, err
	}
	var others []models.Recipient
	q := tx.Model(&models.User{}).Select("users.id AS user_id, users.email, users.name, users.language, users.unsubscribe_token AS token").
		Where("users.deactivated_at IS NULL AND users.id <> ?", p.AuthorID)
	switch e.Kind {
	case EventThresholdReached:
		q = q.Where("users.role IN ?", []models.Role{models.RoleStaff, models.RoleAdmin})
	case EventAnswered, EventDeptAnswered:
		q = q.Joins("JOIN supports ON supports.user_id = users.id AND supports.petition_id = ?", p.ID).
			Where("users.notify_supported")
	case EventProgress:
		q = q.Joins("JOIN supports ON supports.user_id = users.id AND supports.petition_id = ?", p.ID).
			Where("users.notify_progress")
	default:
		return out, nil
	}
	if err := q.Order("users.id").Scan(&others).Error; err != nil {
		return nil, err
	}
	return append(out, others...), nil
}
