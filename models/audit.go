package models

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

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

func init() {
	AddAuditWords(AuditWords{
		Targets: map[string]AuditTarget{
			"user":     {Name: "%d번 회원", Noun: "회원", Link: "/admin/users/%d"},
			"mail":     {Name: "%d번 메일", Noun: "메일", Link: "/admin/mails/%d"},
			"settings": {Noun: "설정", Link: "/admin/settings"},
		},
		Sentences: map[string]string{
			AuditSettings:       "{을} 바꿨습니다",
			AuditMailResend:     "{을} 다시 보내도록 했습니다",
			AuditUserCreate:     "{을} 담당자 계정으로 만들었습니다",
			AuditUserRole:       "{의} 역할을 바꿨습니다",
			AuditUserDeactivate: "{의} 계정 사용을 중지했습니다",
			AuditUserReactivate: "{의} 계정을 다시 쓸 수 있게 했습니다",
			AuditRecount:        "{의} 카운터를 실제 행 수에 맞게 고쳤습니다",
		},
		Fields: map[string]string{
			"email": "이메일", "name": "이름", "role": "역할", "deactivated": "사용 중지", "mail.status": "발송 상태",
			"Threshold": "공감 기준 인원", "PreconsentGoal": "사전동의 인원", "PreconsentDays": "사전동의 기간(일)",
			"PetitionDays": "공감 기간(일)", "AnswerDays": "구청장 답변 기한(일)", "DeptAnswerDays": "부서답변 기한(일)",
			"ReportLimit": "가려지는 신고 수", "AnonymiseMonths": "공감자 익명화(개월)", "StatementLength": "공론장 의견 길이(자)",
			"Notice":        "사이트 공지",
			"support_count": "공감 수", "booked_count": "예약 인원", "waitlist_count": "대기 인원",
		},
		Values: map[string]string{
			"role=resident": "주민", "role=staff": "담당자", "role=admin": "관리자",
			"mail.status=pending": "발송 대기", "mail.status=sent": "보냄", "mail.status=failed": "발송 실패",
		},
	})
}

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

// AuditTarget is a kind of record the log points at, as the desk names it.
type AuditTarget struct {
	Name string // with %d for the record's id: "%d번 청원"; without an id the noun alone
	Noun string // 청원
	Link string // the desk's page of the record, with %d for its id; "" for none
}

// AuditWords are the words the desk tells a capability's log entries in:
// each capability adds its own from init with AddAuditWords.
type AuditWords struct {
	Targets map[string]AuditTarget
	// Sentences tell what an action did, after "김담당 님이": {을}, {에}, {의}
	// … stand for the target with that particle, e.g. "{을} 공개했습니다".
	Sentences map[string]string
	// Fields name the fields of the values before and after: "target.field"
	// or "action.field" where a field means something else there, or "field".
	Fields map[string]string
	// Values name coded values the same way, with "=value": "status=open".
	Values map[string]string
	// Accounts are the fields holding account ids (one or a list), shown by
	// name: "field", or "target.field" or "action.field".
	Accounts []string
}

var auditWords = AuditWords{Targets: map[string]AuditTarget{}, Sentences: map[string]string{},
	Fields: map[string]string{}, Values: map[string]string{}}

// auditAccounts are the fields holding account ids.
var auditAccounts = map[string]bool{}

// AddAuditWords adds a capability's words for its log entries.
func AddAuditWords(w AuditWords) {
	maps.Copy(auditWords.Targets, w.Targets)
	maps.Copy(auditWords.Sentences, w.Sentences)
	maps.Copy(auditWords.Fields, w.Fields)
	maps.Copy(auditWords.Values, w.Values)
	for _, f := range w.Accounts {
		auditAccounts[f] = true
	}
}

// AuditTargetNames lists the kinds of record the log points at, by their noun.
func AuditTargetNames() map[string]string {
	out := make(map[string]string, len(auditWords.Targets))
	for k, t := range auditWords.Targets {
		out[k] = t.Noun
	}
	return out
}

// AuditLine is an entry as the desk reads it: a sentence and what changed.
type AuditLine struct {
	AuditEntry
	When     string // 2026년 12월 7일 14:03
	Who      string // 김담당 님이, or 자동 작업이
	Before   string // the sentence up to the target
	Target   string // 12번 청원
	Link     string // the target's page on the desk, "" for none
	After    string // the sentence after the target, with its particle
	Changes  []AuditChange
	Omitted  int // fields the same before and after, not shown
	Unparsed bool
}

// AuditChange is one field of an entry: its value before and after, in words.
type AuditChange struct {
	Field, Before, After string
}

// Line tells the entry as a Korean sentence with its changes in words;
// names gives the accounts its fields point at (ListAuditLines reads them).
func (e AuditEntry) Line(names map[uint]string) AuditLine {
	l := AuditLine{AuditEntry: e, When: e.CreatedAt.In(Seoul).Format("2006년 1월 2일 15:04")}
	switch {
	case e.Actor != nil:
		l.Who = e.Actor.Name + " 님이"
	case e.ActorID == 0:
		l.Who = "자동 작업이"
	default:
		l.Who = "담당자가"
	}
	t, known := auditWords.Targets[e.TargetType]
	switch {
	case !known:
		l.Target = e.TargetType
		if e.TargetID != 0 {
			l.Target += fmt.Sprintf(" %d", e.TargetID)
		}
	case e.TargetID != 0 && strings.Contains(t.Name, "%d"):
		l.Target = fmt.Sprintf(t.Name, e.TargetID)
	default:
		l.Target = t.Noun
	}
	if known && t.Link != "" {
		l.Link = t.Link
		if strings.Contains(t.Link, "%d") {
			l.Link = fmt.Sprintf(t.Link, e.TargetID)
		}
	}
	sentence, ok := auditWords.Sentences[e.Action]
	if !ok {
		sentence = "{에} ‘" + e.Label() + "’ 작업을 했습니다"
	}
	l.Before, l.After = splitSentence(sentence, l.Target)
	l.Changes, l.Omitted, l.Unparsed = auditChanges(e, names)
	return l
}

// splitSentence cuts a sentence at its {particle} and gives the particle the
// form the target's last syllable takes: 을 or 를.
func splitSentence(sentence, target string) (before, after string) {
	i := strings.Index(sentence, "{")
	j := strings.Index(sentence, "}")
	if i < 0 || j < i {
		return sentence + " (", ")"
	}
	particle := sentence[i+1 : j]
	switch particle {
	case "을", "를":
		particle = pick(target, "을", "를")
	case "이", "가":
		particle = pick(target, "이", "가")
	case "은", "는":
		particle = pick(target, "은", "는")
	}
	return sentence[:i], particle + sentence[j+1:]
}

// pick chooses the particle after a word ending in a consonant or a vowel.
func pick(word, consonant, vowel string) string {
	r, _ := utf8.DecodeLastRuneInString(word)
	if r < 0xAC00 || r > 0xD7A3 {
		return consonant + "(" + vowel + ")"
	}
	if (r-0xAC00)%28 == 0 {
		return vowel
	}
	return consonant
}

// auditChanges lists the fields of an entry in words: those created or
// changed, in key order; a field the same before and after, or new and
// blank, is left out.
func auditChanges(e AuditEntry, names map[uint]string) (changes []AuditChange, same int, unparsed bool) {
	before, after := map[string]any{}, map[string]any{}
	for _, side := range []struct {
		text string
		into map[string]any
	}{{e.Before, before}, {e.After, after}} {
		if side.text == "" {
			continue
		}
		if json.Unmarshal([]byte(side.text), &side.into) != nil {
			unparsed = true
		}
	}
	keys := slices.Sorted(maps.Keys(after))
	for k := range before {
		if _, ok := after[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		b, hadB := before[k]
		a, hadA := after[k]
		if hadA && hadB && fmt.Sprint(a) == fmt.Sprint(b) && len(after) > 1 {
			same++
			continue
		}
		if !hadB && (a == nil || a == "") {
			continue // a blank field of a new record says nothing
		}
		c := AuditChange{Field: auditField(e, k)}
		if hadB {
			c.Before = auditValue(e, k, b, names)
		}
		if hadA {
			c.After = auditValue(e, k, a, names)
		}
		changes = append(changes, c)
	}
	return changes, same, unparsed
}

// auditField names a field: by its action, its target's kind, or alone.
func auditField(e AuditEntry, key string) string {
	for _, k := range []string{e.Action + "." + key, e.TargetType + "." + key, key} {
		if l, ok := auditWords.Fields[k]; ok {
			return l
		}
	}
	return key
}

// auditValueLength is how much of a long text the log shows.
const auditValueLength = 80

// auditValue writes a value in words: 예/아니오, a coded value's name, a date
// as residents read it, numbers with separators, a long text cut short.
func auditValue(e AuditEntry, key string, v any, names map[uint]string) string {
	if id, ok := v.(float64); ok && isAccountField(e, key) {
		if name, ok := names[uint(id)]; ok {
			return name
		}
		return fmt.Sprintf("회원 %d", int(id))
	}
	if id, ok := v.(float64); ok && (strings.HasSuffix(key, "_id") || strings.HasSuffix(key, "ID")) {
		if id == 0 {
			return "없음"
		}
		return fmt.Sprintf("%d번", int(id))
	}
	switch x := v.(type) {
	case nil:
		return "없음"
	case bool:
		if x {
			return "예"
		}
		return "아니오"
	case float64:
		if x == float64(int(x)) {
			if name, ok := codedValue(e, key, fmt.Sprint(int(x))); ok {
				return name
			}
			return FormatNumber(int(x))
		}
		return fmt.Sprint(x)
	case string:
		if x == "" {
			return "(비어 있음)"
		}
		if name, ok := codedValue(e, key, x); ok {
			return name
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04"} {
			if t, err := time.ParseInLocation(layout, x, Seoul); err == nil {
				return FormatDateTime(t)
			}
		}
		if t, err := time.ParseInLocation("2006-01-02", x, Seoul); err == nil {
			return FormatDate(t)
		}
		x = strings.Join(strings.Fields(x), " ")
		if utf8.RuneCountInString(x) > auditValueLength {
			x = string([]rune(x)[:auditValueLength]) + "…"
		}
		return x
	case []any:
		if len(x) == 0 {
			return "없음"
		}
		parts := make([]string, 0, len(x))
		for _, item := range x {
			if _, nested := item.(map[string]any); nested {
				return FormatNumber(len(x)) + "건"
			}
			parts = append(parts, auditValue(e, key, item, names))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		return FormatNumber(len(x)) + "개 항목"
	}
	return fmt.Sprint(v)
}

// isAccountField reports whether a field of the entry holds account ids.
func isAccountField(e AuditEntry, key string) bool {
	return auditAccounts[e.Action+"."+key] || auditAccounts[e.TargetType+"."+key] || auditAccounts[key]
}

// codedValue names a coded value by its action, its target's kind, or its field.
func codedValue(e AuditEntry, key, value string) (string, bool) {
	for _, k := range []string{e.Action + "." + key, e.TargetType + "." + key, key} {
		if l, ok := auditWords.Values[k+"="+value]; ok {
			return l, true
		}
	}
	return "", false
}

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
	System     bool // only what the system did itself
	Action     string
	TargetType string
	TargetID   uint
	Page       int
	PerPage    int
}

// ListAudit returns one page of the log, newest first, and the total matching.
func ListAudit(db *gorm.DB, q AuditQuery) ([]AuditEntry, int64, error) {
	tx := db.Model(&AuditEntry{})
	switch {
	case q.System:
		tx = tx.Where("actor_id = 0")
	case q.ActorID != 0:
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
	err := tx.Preload("Actor").Order("created_at DESC, id DESC").Offset((q.Page - 1) * q.PerPage).Limit(q.PerPage).Find(&out).Error
	return out, total, err
}

// ListAuditLines returns one page of the log as the desk reads it, newest
// first, and the total matching.
func ListAuditLines(db *gorm.DB, q AuditQuery) ([]AuditLine, int64, error) {
	entries, total, err := ListAudit(db, q)
	if err != nil {
		return nil, 0, err
	}
	ids := map[uint]bool{}
	for _, e := range entries {
		for _, side := range []string{e.Before, e.After} {
			var m map[string]any
			if side == "" || json.Unmarshal([]byte(side), &m) != nil {
				continue
			}
			for k, v := range m {
				if !isAccountField(e, k) {
					continue
				}
				switch x := v.(type) {
				case float64:
					ids[uint(x)] = true
				case []any:
					for _, item := range x {
						if f, ok := item.(float64); ok {
							ids[uint(f)] = true
						}
					}
				}
			}
		}
	}
	names := map[uint]string{}
	if len(ids) > 0 {
		var users []User
		if err := db.Select("id", "name").Where("id IN ?", slices.Collect(maps.Keys(ids))).Find(&users).Error; err != nil {
			return nil, 0, err
		}
		for _, u := range users {
			names[u.ID] = u.Name
		}
	}
	lines := make([]AuditLine, len(entries))
	for i, e := range entries {
		lines[i] = e.Line(names)
	}
	return lines, total, nil
}

// AuditActors lists the staff who appear in the log, by name, for its filter.
func AuditActors(db *gorm.DB) ([]User, error) {
	var out []User
	err := db.Select("id", "name", "email").Where("id IN (?)", db.Model(&AuditEntry{}).Select("actor_id").Where("actor_id <> 0")).
		Order("name, id").Find(&out).Error
	return out, err
}
