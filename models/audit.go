package models

import (
	"encoding/json"
	"maps"
	"time"

	"gorm.io/gorm"
)

// AuditEntry records one staff action: who did what to which record, when,
// and the values before and after. Entries are only ever inserted; the
// database refuses to change or delete them.
type AuditEntry struct {
	ID         uint
	ActorID    uint // 0 is the system itself (a background job)
	Actor      *User
	Action     string
	TargetType string
	TargetID   uint
	Before     string // JSON
	After      string // JSON
	CreatedAt  time.Time
}

func (AuditEntry) TableName() string { return "audit_log" }

// Audit actions.
const (
	AuditSettings       = "settings.change"
	AuditMailResend     = "mail.resend"
	AuditUserCreate     = "user.create"
	AuditUserRole       = "user.role"
	AuditUserDeactivate = "user.deactivate"
	AuditUserReactivate = "user.reactivate"

	// maintenance by the system
	AuditRecount = "maintenance.recount"
)

// AuditLabels are the Korean names of the actions on the desk; each capability
// adds the names of its own actions.
var AuditLabels = map[string]string{
	AuditSettings:       "설정 변경",
	AuditMailResend:     "메일 다시 보내기",
	AuditUserCreate:     "담당자 계정 만들기",
	AuditUserRole:       "역할 변경",
	AuditUserDeactivate: "계정 사용 중지",
	AuditUserReactivate: "계정 다시 사용",

	// maintenance by the system
	AuditRecount: "카운터 재계산",
}

// AddAuditLabels names a capability's own audit actions for the desk; each
// calls it from init.
func AddAuditLabels(labels map[string]string) { maps.Copy(AuditLabels, labels) }

// Label is the Korean name of the entry's action.
func (e *AuditEntry) Label() string {
	if l, ok := AuditLabels[e.Action]; ok {
		return l
	}
	return e.Action
}

// Audit appends an entry inside tx, so it commits with the action it records.
func Audit(tx *gorm.DB, actorID uint, action, targetType string, targetID uint, before, after any, now time.Time) error {
	now = now.UTC()
	b, err := jsonOrEmpty(before)
	if err != nil {
		return err
	}
	a, err := jsonOrEmpty(after)
	if err != nil {
		return err
	}
	return tx.Create(&AuditEntry{ActorID: actorID, Action: action, TargetType: targetType, TargetID: targetID,
		Before: b, After: a, CreatedAt: now}).Error
}

func jsonOrEmpty(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// AuditQuery filters the audit log.
type AuditQuery struct {
	ActorID    uint
	Action     string
	TargetType string
	TargetID   uint
	Page       int
	PerPage    int
}

// ListAudit returns one page of the log, newest first, and the total matching.
func ListAudit(db *gorm.DB, q AuditQuery) ([]AuditEntry, int64, error) {
	tx := db.Model(&AuditEntry{})
	if q.ActorID != 0 {
		tx = tx.Where("actor_id = ?", q.ActorID)
	}
	if q.Action != "" {
		tx = tx.Where("action = ?", q.Action)
	}
	if q.TargetType != "" {
		tx = tx.Where("target_type = ?", q.TargetType)
	}
	if q.TargetID != 0 {
		tx = tx.Where("target_id = ?", q.TargetID)
	}
	var total int64
	if err := tx.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	q.Page, q.PerPage = ClampPaging(q.Page, q.PerPage, 50, 200)
	var out []AuditEntry
	err := tx.Preload("Actor").Order("id DESC").Offset((q.Page - 1) * q.PerPage).Limit(q.PerPage).Find(&out).Error
	return out, total, err
}
