package deliberations

import (
	"time"

	"gorm.io/gorm"

	"ydp1/models"
)

// EventResult is the 결과 of a 공론장, published by staff: every participant hears of it.
const EventResult = "deliberation_result"

// recordEvent notes a change of a 공론장, in the transaction that makes it.
func recordEvent(tx *gorm.DB, kind string, deliberationID uint, now time.Time) error {
	return tx.Model(&models.Event{}).Create(map[string]any{"kind": kind, "deliberation_id": deliberationID, "data": "{}", "created_at": now}).Error
}

// Recipients lists who hears of a 공론장 event: its participants whose
// accounts are active and who want news of what they took part in (the
// preference that also brings the answers to petitions they supported).
func Recipients(tx *gorm.DB, e models.Event) ([]models.Recipient, error) {
	var out []models.Recipient
	if e.Kind != EventResult {
		return out, nil
	}
	err := tx.Model(&models.User{}).Select("users.id AS user_id, users.email, users.name, users.language, users.unsubscribe_token AS token").
		Joins("JOIN deliberation_participants p ON p.user_id = users.id AND p.deliberation_id = ?", e.DeliberationID).
		Where("users.deactivated_at IS NULL AND users.notify_supported").Order("users.id").Scan(&out).Error
	return out, err
}
