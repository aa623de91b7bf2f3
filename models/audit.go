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
			"user":     {Name: "audit.record.user", Noun: "audit.kind.user", Link: "/admin/users/%d"},
			"mail":     {Name: "audit.record.mail", Noun: "audit.kind.mail", Link: "/admin/mails/%d"},
			"settings": {Noun: "audit.kind.settings", Link: "/admin/settings"},
		},
		Sentences: map[string]string{
			AuditSettings:       "audit.line.settings_change",
			AuditMailResend:     "audit.line.mail_resend",
			AuditUserCreate:     "audit.line.user_create",
			AuditUserRole:       "audit.line.user_role",
			AuditUserDeactivate: "audit.line.user_deactivate",
			AuditUserReactivate: "audit.line.user_reactivate",
			AuditRecount:        "audit.line.recount",
		},
		Fields: map[string]string{
			"email": "audit.field.email", "name": "audit.field.name", "role": "audit.field.role",
			"deactivated": "audit.field.deactivated", "mail.status": "audit.field.mail_status",
			"Threshold": "audit.field.threshold", "PreconsentGoal": "audit.field.preconsent_goal",
			"PreconsentDays": "audit.field.preconsent_days", "PetitionDays": "audit.field.petition_days",
			"AnswerDays": "audit.field.answer_days", "DeptAnswerDays": "audit.field.dept_answer_days",
			"ReportLimit": "audit.field.report_limit", "AnonymiseMonths": "audit.field.anonymise_months",
			"StatementLength": "audit.field.statement_length", "Notice": "audit.field.notice",
			"support_count": "audit.field.support_count", "booked_count": "audit.field.booked_count",
			"waitlist_count": "audit.field.waitlist_count",
		},
		Values: map[string]string{
			"role=resident": "audit.value.role_resident", "role=staff": "audit.value.role_staff", "role=admin": "audit.value.role_admin",
			"mail.status=pending": "audit.value.mail_pending", "mail.status=sent": "audit.value.mail_sent",
			"mail.status=failed": "audit.value.mail_failed",
		},
	})
}

// AuditLabels are the message ids naming the actions on the desk; each
// capability adds the names of its own actions.
var AuditLabels = map[string]string{
	AuditSettings:       "audit.action.settings_change",
	AuditMailResend:     "audit.action.mail_resend",
	AuditUserCreate:     "audit.action.user_create",
	AuditUserRole:       "audit.action.user_role",
	AuditUserDeactivate: "audit.action.user_deactivate",
	AuditUserReactivate: "audit.action.user_reactivate",

	// maintenance by the system
	AuditRecount: "audit.action.recount",
}

// AddAuditLabels names a capability's own audit actions for the desk, by
// message id; each calls it from init.
func AddAuditLabels(labels map[string]string) { maps.Copy(AuditLabels, labels) }

// AuditTarget is a kind of record the log points at, as the desk names it:
// message ids of the audit catalog.
type AuditTarget struct {
	Name string // a record of the kind, with its id as {{.ID}}: "12번 청원"; "" for the noun alone
	Noun string // the kind: 청원
	Link string // the desk's page of the record, with %d for its id; "" for none
}

// AuditWords are the words the desk tells a capability's log entries in, as
// message ids: each capability adds its own from init with AddAuditWords.
type AuditWords struct {
	Targets map[string]AuditTarget
	// Sentences tell what an action did, with {{.Who}} (김담당 님이) and
	// {{.Record}} (12번 청원): "{{.Who}} {{.Record}}을 공개했습니다". Each
	// language writes its own; Korean picks the particle for the record's noun.
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

// AuditTargetNames lists the kinds of record the log points at, by the
// message id of their noun.
func AuditTargetNames() map[string]string {
	out := make(map[string]string, len(auditWords.Targets))
	for k, t := range auditWords.Targets {
		out[k] = t.Noun
	}
	return out
}

// AuditLine is an entry as the desk reads it, in message ids: a sentence
// and what changed. Tell writes it in a language.
type AuditLine struct {
	AuditEntry
	Who      string // who acted: audit.who.staff with Name, audit.who.system …
	Name     string // the staff member's name, "" for the system
	Sentence string // the action's sentence, with {{.Who}} and {{.Record}}
	Record   string // the record: a message with its id (Msg), or the raw kind and id when unknown
	Link     string // the record's page on the desk, "" for none
	Changes  []AuditChange
	Omitted  int // fields the same before and after, not shown
	Unparsed bool
}

// AuditChange is one field of an entry: its value before and after.
type AuditChange struct {
	Field         string // a message id, or the raw key when unknown
	Before, After AuditValue
}

// AuditValue is a value of a field as the desk tells it: a message (a coded
// value's name, 예, 없음), a time, or a text shown as it is (a name, a number,
// what someone wrote, cut short).
type AuditValue struct {
	Msg  string
	Time time.Time
	Date bool // Time is a date alone
	Text string
	// Written is a text as someone wrote it (a name, a title): it keeps its
	// own language; a number is no one's writing.
	Written bool
	List    []AuditValue // the items of a list, told one after the other
}

// Language is what the log needs of a language (internal/lang's Lang): its
// messages and how it writes dates.
type Language interface {
	T(id string, args ...any) string
	Date(time.Time) string
	DateTime(time.Time) string
}

// AuditTold is an entry written in a language: its time, its sentence in
// parts (the record to link, the name to mark as written in Korean) and its
// changes.
type AuditTold struct {
	When    string
	Parts   []AuditPart
	Changes []AuditToldChange
}

// AuditPart is a piece of a told sentence.
type AuditPart struct {
	Text   string
	Record bool // the record the entry is about
	Name   bool // the staff member's name, as they wrote it
}

// AuditToldChange is a change told in a language; a value someone wrote
// keeps its own language (Written).
type AuditToldChange struct {
	Field                       string
	Before, After               string
	BeforeWritten, AfterWritten bool
}

// The marks a told sentence is cut at: characters of the private use area,
// which no message holds.
const (
	markRecord = "\ue000"
	markName   = "\ue001"
)

// Tell writes the entry in a language.
func (l AuditLine) Tell(lang Language) AuditTold {
	who := lang.T(l.Who, "Name", markName)
	text := lang.T(l.Sentence, "Who", who, "Record", markRecord, "Action", lang.T(l.Label()))
	told := AuditTold{When: lang.DateTime(l.CreatedAt)}
	record := lang.T(l.Record)
	for text != "" {
		i := strings.IndexAny(text, markRecord+markName)
		if i < 0 {
			told.Parts = append(told.Parts, AuditPart{Text: text})
			break
		}
		if i > 0 {
			told.Parts = append(told.Parts, AuditPart{Text: text[:i]})
		}
		if strings.HasPrefix(text[i:], markRecord) {
			told.Parts = append(told.Parts, AuditPart{Text: record, Record: true})
			text = text[i+len(markRecord):]
		} else {
			told.Parts = append(told.Parts, AuditPart{Text: l.Name, Name: true})
			text = text[i+len(markName):]
		}
	}
	for _, c := range l.Changes {
		tc := AuditToldChange{Field: lang.T(c.Field)}
		tc.Before, tc.BeforeWritten = c.Before.tell(lang)
		tc.After, tc.AfterWritten = c.After.tell(lang)
		told.Changes = append(told.Changes, tc)
	}
	return told
}

// tell writes a value in a language, and whether it is as someone wrote it.
func (v AuditValue) tell(lang Language) (string, bool) {
	switch {
	case v.Msg != "":
		return lang.T(v.Msg), false
	case !v.Time.IsZero() && v.Date:
		return lang.Date(v.Time), false
	case !v.Time.IsZero():
		return lang.DateTime(v.Time), false
	case v.List != nil:
		parts := make([]string, len(v.List))
		written := false
		for i, item := range v.List {
			var w bool
			parts[i], w = item.tell(lang)
			written = written || w
		}
		return strings.Join(parts, ", "), written
	}
	return v.Text, v.Written
}

// Line is the entry in message ids with its changes; names gives the
// accounts its fields point at (ListAuditLines reads them).
func (e AuditEntry) Line(names map[uint]string) AuditLine {
	l := AuditLine{AuditEntry: e, Who: "audit.who.staff"}
	switch {
	case e.Actor != nil:
		l.Name = e.Actor.Name
	case e.ActorID == 0:
		l.Who = "audit.who.system"
	default:
		l.Who = "audit.who.unknown"
	}
	t, known := auditWords.Targets[e.TargetType]
	switch {
	case !known:
		l.Record = e.TargetType
		if e.TargetID != 0 {
			l.Record += fmt.Sprintf(" %d", e.TargetID)
		}
	case e.TargetID != 0 && t.Name != "":
		l.Record = Msg(t.Name, "ID", e.TargetID)
	default:
		l.Record = t.Noun
	}
	if known && t.Link != "" {
		l.Link = t.Link
		if strings.Contains(t.Link, "%d") {
			l.Link = fmt.Sprintf(t.Link, e.TargetID)
		}
	}
	l.Sentence = "audit.line.other"
	if s, ok := auditWords.Sentences[e.Action]; ok {
		l.Sentence = s
	}
	l.Changes, l.Omitted, l.Unparsed = auditChanges(e, names)
	return l
}

// auditChanges lists the fields of an entry: those created or changed, in
// key order; a field the same before and after, or new and blank, is left
// out.
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

// auditValue tells a value: 예/아니오, a coded value's name, a date, numbers
// with separators, a long text cut short.
func auditValue(e AuditEntry, key string, v any, names map[uint]string) AuditValue {
	if id, ok := v.(float64); ok && isAccountField(e, key) {
		if name, ok := names[uint(id)]; ok {
			return AuditValue{Text: name, Written: true}
		}
		return AuditValue{Msg: Msg("audit.value.account", "ID", int(id))}
	}
	if id, ok := v.(float64); ok && (strings.HasSuffix(key, "_id") || strings.HasSuffix(key, "ID")) {
		if id == 0 {
			return AuditValue{Msg: "audit.value.none"}
		}
		return AuditValue{Msg: Msg("audit.value.number", "ID", int(id))}
	}
	switch x := v.(type) {
	case nil:
		return AuditValue{Msg: "audit.value.none"}
	case bool:
		if x {
			return AuditValue{Msg: "audit.value.yes"}
		}
		return AuditValue{Msg: "audit.value.no"}
	case float64:
		if x == float64(int(x)) {
			if name, ok := codedValue(e, key, fmt.Sprint(int(x))); ok {
				return AuditValue{Msg: name}
			}
			return AuditValue{Text: FormatNumber(int(x))}
		}
		return AuditValue{Text: fmt.Sprint(x)}
	case string:
		if x == "" {
			return AuditValue{Msg: "audit.value.blank"}
		}
		if name, ok := codedValue(e, key, x); ok {
			return AuditValue{Msg: name}
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04"} {
			if t, err := time.ParseInLocation(layout, x, Seoul); err == nil {
				return AuditValue{Time: t}
			}
		}
		if t, err := time.ParseInLocation("2006-01-02", x, Seoul); err == nil {
			return AuditValue{Time: t, Date: true}
		}
		x = strings.Join(strings.Fields(x), " ")
		if utf8.RuneCountInString(x) > auditValueLength {
			x = string([]rune(x)[:auditValueLength]) + "…"
		}
		return AuditValue{Text: x, Written: true}
	case []any:
		if len(x) == 0 {
			return AuditValue{Msg: "audit.value.none"}
		}
		items := make([]AuditValue, 0, len(x))
		for _, item := range x {
			if _, nested := item.(map[string]any); nested {
				return AuditValue{Msg: Msg("audit.value.entries", "Count", len(x), "N", FormatNumber(len(x)))}
			}
			items = append(items, auditValue(e, key, item, names))
		}
		return AuditValue{List: items}
	case map[string]any:
		return AuditValue{Msg: Msg("audit.value.fields", "Count", len(x), "N", FormatNumber(len(x)))}
	}
	return AuditValue{Text: fmt.Sprint(v)}
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

// Label is the message id naming the entry's action, or the action itself
// when none does.
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
