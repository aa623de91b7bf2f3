// Package deliberations is the 온라인 열린공론장: staff open a 공론장 on a
// question (deliberation.go), residents write short statements and vote
// 동의 / 비동의 / 모르겠음 on them one at a time, the next one chosen by
// Polis' priority rule (statement.go, vote.go, next.go), staff moderate
// statements and the reports of them (statement.go, report.go), and once it
// is closed they publish the 결과, mailed to every participant (result.go,
// events.go). The opinion map is computed in the background by
// opinionmap, warm-started from the stored snapshot (compute.go), and a
// 공론장 is exported and imported in Polis' openData format (export.go).
// It imports only the core, models, and its own math packages.
package deliberations

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"ydp1/models"
)

// Status is a 공론장's stored state.
type Status string

// Stored states. An open 공론장 whose period ended reads as closed
// (StateAt), before anyone stores it.
const (
	StatusDraft  Status = "draft"  // prepared by staff, not shown to residents
	StatusOpen   Status = "open"   // shown; residents vote and write during its period
	StatusClosed Status = "closed" // closed by staff, or imported
)

// State is a 공론장's state at a moment, as the pages show it.
type State string

// States at a moment.
const (
	StateDraft    State = "draft"
	StateUpcoming State = "upcoming" // open, its period not begun
	StateOpen     State = "open"
	StateClosed   State = "closed"
)

var stateLabels = map[State]string{StateDraft: "deliberations.state.draft", StateUpcoming: "deliberations.state.upcoming",
	StateOpen: "deliberations.state.open", StateClosed: "deliberations.state.closed"}

// Label is the message id of a state's name.
func (s State) Label() string { return stateLabels[s] }

// Moderation says when a resident's statement is shown.
type Moderation string

// Moderation modes.
const (
	ModerationPre  Moderation = "pre"  // shown once staff approve it
	ModerationPost Moderation = "post" // shown at once, until staff remove it
)

var moderationLabels = map[Moderation]string{ModerationPre: "deliberations.moderation.pre", ModerationPost: "deliberations.moderation.post"}

// Label is the message id of a moderation mode's name.
func (m Moderation) Label() string { return moderationLabels[m] }

// Deliberation is a 공론장.
type Deliberation struct {
	ID                uint
	Title             string
	Question          string
	Background        string // markdown, as staff wrote it
	BackgroundHTML    string
	Status            Status
	Moderation        Moderation
	OpensAt           time.Time
	ClosesAt          time.Time
	MeetingID         *uint // the 타운홀미팅 it serves
	PetitionID        *uint // the petition (or its answer) it serves
	CreatedBy         *uint
	StatementCount    int   // statements shown
	ParticipantCount  int   // everyone who voted or wrote
	VoteCount         int   // votes, one per participant and statement
	VoteSeq           int64 // raised by every vote cast or changed
	Result            string
	ResultHTML        string
	ResultPublishedAt *time.Time
	ResultBy          *uint
	Imported          bool
	Source            string
	ClosedAt          *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// StateAt is the 공론장's state at now.
func (d *Deliberation) StateAt(now time.Time) State {
	switch {
	case d.Status == StatusDraft:
		return StateDraft
	case d.Status == StatusClosed || !now.Before(d.ClosesAt):
		return StateClosed
	case now.Before(d.OpensAt):
		return StateUpcoming
	}
	return StateOpen
}

// Accepts reports whether residents may vote and write at now.
func (d *Deliberation) Accepts(now time.Time) bool { return d.StateAt(now) == StateOpen }

// Outcomes of a request the rules refuse.
var (
	ErrNotOpen          = errors.New("deliberation not open")
	ErrStatementHidden  = errors.New("statement not shown")
	ErrAlreadyReported  = errors.New("statement already reported")
	ErrNotClosed        = errors.New("deliberation not closed")
	ErrResultPublished  = errors.New("result already published")
	errExportIDConflict = errors.New("export id taken")
)

// Longest fields of the staff form, in characters.
const (
	MaxTitle      = 100
	MaxQuestion   = 500
	MaxBackground = 20000
	MaxSeeds      = 100
)

// Input is the staff form, as typed; times are "2006-01-02T15:04" in Seoul.
type Input struct {
	Title, Question, Background string
	Moderation                  Moderation
	OpensAt, ClosesAt           string
	// Seeds are the seed statements, one a line: on Open all of them, on
	// Update those to add.
	Seeds      string
	MeetingID  uint // 0: none
	PetitionID uint // 0: none
	// Draft keeps a new 공론장 from residents until staff update it
	// without Draft; an open one cannot go back.
	Draft bool
}

// FormTime writes a time the way the datetime-local fields take it.
func FormTime(t time.Time) string { return t.In(models.Seoul).Format("2006-01-02T15:04") }

func parseFormTime(s string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(s), models.Seoul)
	return t.UTC(), err == nil
}

// Input is the 공론장 as the edit form shows it (no seeds: those are added).
func (d *Deliberation) Input() Input {
	in := Input{Title: d.Title, Question: d.Question, Background: d.Background, Moderation: d.Moderation,
		OpensAt: FormTime(d.OpensAt), ClosesAt: FormTime(d.ClosesAt), Draft: d.Status == StatusDraft}
	if d.MeetingID != nil {
		in.MeetingID = *d.MeetingID
	}
	if d.PetitionID != nil {
		in.PetitionID = *d.PetitionID
	}
	return in
}

// apply validates the form onto d and returns the seed statements; tx
// checks the links.
func (in Input) apply(tx *gorm.DB, d *Deliberation, limit int) ([]string, models.Errors, error) {
	errs := models.Errors{}
	d.Title = strings.TrimSpace(in.Title)
	errs.Text("title", d.Title, MaxTitle, "deliberations.error.title_empty", "deliberations.error.title_long")
	d.Question = strings.TrimSpace(in.Question)
	errs.Text("question", d.Question, MaxQuestion, "deliberations.error.question_empty", "deliberations.error.question_long")
	d.Background = strings.TrimSpace(in.Background)
	if utf8.RuneCountInString(d.Background) > MaxBackground {
		errs.Add("background", "deliberations.error.background_long")
	}
	d.BackgroundHTML = models.RenderMarkdown(d.Background)
	d.Moderation = in.Moderation
	if moderationLabels[d.Moderation] == "" {
		errs.Add("moderation", "deliberations.error.moderation")
	}
	var ok bool
	if d.OpensAt, ok = parseFormTime(in.OpensAt); !ok {
		errs.Add("opens_at", "deliberations.error.opens_empty")
	}
	if d.ClosesAt, ok = parseFormTime(in.ClosesAt); !ok {
		errs.Add("closes_at", "deliberations.error.closes_empty")
	} else if !d.ClosesAt.After(d.OpensAt) {
		errs.Add("closes_at", "deliberations.error.closes_before")
	}
	var seeds []string
	seen := map[string]bool{}
	for i, line := range strings.Split(in.Seeds, "\n") {
		body := normalise(line)
		switch n := utf8.RuneCountInString(body); {
		case n == 0:
			continue
		case n > limit:
			errs.Add("seeds", models.Msg("deliberations.error.seed_long", "Line", models.FormatNumber(i+1), "Limit", models.FormatNumber(limit)))
		case seen[body]:
			errs.Add("seeds", models.Msg("deliberations.error.seed_duplicate", "Line", models.FormatNumber(i+1)))
		}
		seen[body] = true
		seeds = append(seeds, body)
	}
	if len(seeds) > MaxSeeds {
		errs.Add("seeds", "deliberations.error.seeds_many")
	}
	d.MeetingID, d.PetitionID = nil, nil
	for _, l := range []struct {
		id                    uint
		table, field, missing string
		to                    **uint
	}{
		{in.MeetingID, "meetings", "meeting_id", "deliberations.error.meeting", &d.MeetingID},
		{in.PetitionID, "petitions", "petition_id", "deliberations.error.petition", &d.PetitionID},
	} {
		if l.id == 0 {
			continue
		}
		n, err := countRows(tx, l.table, l.id)
		if err != nil {
			return nil, nil, err
		}
		if n == 0 {
			errs.Add(l.field, l.missing)
		}
		id := l.id
		*l.to = &id
	}
	return seeds, errs, nil
}

func countRows(tx *gorm.DB, table string, id uint) (int64, error) {
	var n int64
	err := tx.Table(table).Where("id = ?", id).Count(&n).Error
	return n, err
}

// normalise trims a statement and collapses its runs of spaces and line
// breaks into single spaces.
func normalise(s string) string { return strings.Join(strings.Fields(s), " ") }

// Audit actions of the 열린공론장.
const (
	AuditOpen      = "deliberation.open"
	AuditUpdate    = "deliberation.update"
	AuditClose     = "deliberation.close"
	AuditApprove   = "deliberation.statement.approve"
	AuditRemove    = "deliberation.statement.remove"
	AuditMeta      = "deliberation.statement.meta"
	AuditDismiss   = "deliberation.report.dismiss"
	AuditPublish   = "deliberation.result"
	AuditImport    = "deliberation.import"
	AuditAnonymise = "deliberation.anonymise"
)

func init() {
	models.AddAuditLabels(map[string]string{
		AuditOpen: "audit.action.deliberation_open", AuditUpdate: "audit.action.deliberation_update",
		AuditClose: "audit.action.deliberation_close", AuditApprove: "audit.action.statement_approve",
		AuditRemove: "audit.action.statement_remove", AuditMeta: "audit.action.statement_meta",
		AuditDismiss: "audit.action.deliberation_report_dismiss", AuditPublish: "audit.action.deliberation_result",
		AuditImport: "audit.action.deliberation_import", AuditAnonymise: "audit.action.deliberation_anonymise",
	})
	values := map[string]string{}
	for m, id := range moderationLabels {
		values["Moderation="+string(m)] = id
	}
	models.AddAuditWords(models.AuditWords{
		Targets: map[string]models.AuditTarget{"deliberation": {Name: "audit.record.deliberation", Noun: "audit.kind.deliberation", Link: "/admin/deliberations/%d"}},
		Sentences: map[string]string{
			AuditOpen: "audit.line.deliberation_open", AuditUpdate: "audit.line.deliberation_update",
			AuditClose: "audit.line.deliberation_close", AuditApprove: "audit.line.statement_approve",
			AuditRemove: "audit.line.statement_remove", AuditMeta: "audit.line.statement_meta",
			AuditDismiss: "audit.line.deliberation_report_dismiss", AuditPublish: "audit.line.deliberation_result",
			AuditImport: "audit.line.deliberation_import", AuditAnonymise: "audit.line.deliberation_anonymise",
		},
		Fields: map[string]string{
			"deliberation.Title": "audit.field.title", "Question": "audit.field.question", "Background": "audit.field.background",
			"Moderation": "audit.field.moderation", "OpensAt": "audit.field.starts_at", "deliberation.ClosesAt": "audit.field.ends_at",
			"Seeds": "audit.field.seeds", "MeetingID": "audit.field.linked_meeting", "PetitionID": "audit.field.linked_petition",
			"Draft": "audit.field.draft", "statement_id": "audit.field.statement", "deliberation.body": "audit.field.statement_body",
			"deliberation.reason": "audit.field.remove_reason", "meta": "audit.field.meta",
			"deliberation.reports": "audit.field.dismissed_reports", "Text": "audit.field.result", "Chosen": "audit.field.chosen",
			"source": "audit.field.import_source", "closed_at": "audit.field.closed_at",
		},
		Values: values,
	})
}

// Open stores a new 공론장 with its seed statements, shown at once to
// residents in its period (or kept as a draft).
func Open(db *gorm.DB, staffID uint, in Input, now time.Time) (*Deliberation, error) {
	now = now.UTC()
	d := &Deliberation{Status: StatusOpen, CreatedBy: &staffID, CreatedAt: now, UpdatedAt: now}
	if in.Draft {
		d.Status = StatusDraft
	}
	err := models.Transact(db, func(tx *gorm.DB) error {
		settings, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		seeds, errs, err := in.apply(tx, d, settings.StatementLimit())
		if err != nil {
			return err
		}
		if !d.ClosesAt.After(now) {
			errs.Add("closes_at", "deliberations.error.closes_past")
		}
		if len(errs) > 0 {
			return errs
		}
		d.ID = 0
		if err := tx.Create(d).Error; err != nil {
			return err
		}
		if err := addSeeds(tx, d.ID, seeds, now); err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditOpen, "deliberation", d.ID, nil, in, now)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// addSeeds stores seed statements, shown at once; a seed whose wording is
// there already is left out.
func addSeeds(tx *gorm.DB, id uint, seeds []string, now time.Time) error {
	for _, body := range seeds {
		res := tx.Exec(`INSERT INTO deliberation_statements (deliberation_id, body, body_key, status, is_seed, created_at)
			VALUES (?, ?, ?, ?, TRUE, ?) ON CONFLICT DO NOTHING`, id, body, body, StatementShown, now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			if err := tx.Exec("UPDATE deliberations SET statement_count = statement_count + 1 WHERE id = ?", id).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// Update changes a 공론장 that is not closed, and adds the seed statements
// of the form. A draft is shown to residents once updated without Draft.
func Update(db *gorm.DB, id, staffID uint, in Input, now time.Time) error {
	now = now.UTC()
	return models.Transact(db, func(tx *gorm.DB) error {
		var d Deliberation
		if err := models.ForUpdate(tx).Take(&d, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return models.ErrNotFound
			}
			return err
		}
		if d.StateAt(now) == StateClosed || d.Imported {
			return models.ErrStateChanged
		}
		settings, err := models.LoadSettings(tx)
		if err != nil {
			return err
		}
		before := d.Input()
		seeds, errs, err := in.apply(tx, &d, settings.StatementLimit())
		if err != nil {
			return err
		}
		if in.Draft && d.Status == StatusOpen {
			errs.Add("draft", "deliberations.error.draft_published")
		}
		if !d.ClosesAt.After(now) {
			errs.Add("closes_at", "deliberations.error.closes_past_close")
		}
		if len(errs) > 0 {
			return errs
		}
		status := d.Status
		if !in.Draft {
			status = StatusOpen
		}
		res := tx.Model(&Deliberation{}).Where("id = ? AND status IN ?", id, []Status{StatusDraft, StatusOpen}).Updates(map[string]any{
			"title": d.Title, "question": d.Question, "background": d.Background, "background_html": d.BackgroundHTML,
			"moderation": d.Moderation, "opens_at": d.OpensAt, "closes_at": d.ClosesAt, "meeting_id": d.MeetingID,
			"petition_id": d.PetitionID, "status": status, "updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		if err := addSeeds(tx, id, seeds, now); err != nil {
			return err
		}
		return models.Audit(tx, staffID, AuditUpdate, "deliberation", id, before, in, now)
	})
}

// Close ends an open 공론장 now: votes and statements stop, and staff may
// publish its 결과.
func Close(db *gorm.DB, id, staffID uint, now time.Time) error {
	now = now.UTC()
	return db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Deliberation{}).Where("id = ? AND status = ?", id, StatusOpen).Updates(map[string]any{
			"status": StatusClosed, "closed_at": now, "closes_at": gorm.Expr("CASE WHEN closes_at > ? THEN ? ELSE closes_at END", now, now),
			"updated_at": now,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.ErrStateChanged
		}
		return models.Audit(tx, staffID, AuditClose, "deliberation", id, nil, map[string]any{"closed_at": now}, now)
	})
}

// Find loads one 공론장.
func Find(db *gorm.DB, id uint) (*Deliberation, error) {
	var d Deliberation
	if err := db.Take(&d, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, models.ErrNotFound
		}
		return nil, err
	}
	return &d, nil
}

// Query filters the list of 공론장.
type Query struct {
	Drafts     bool // staff see drafts too
	MeetingID  uint // only those serving this meeting
	PetitionID uint // only those serving this petition
}

// List lists 공론장: those open or upcoming first (closing soonest first),
// then the closed ones, latest first.
func List(db *gorm.DB, q Query, now time.Time) ([]Deliberation, error) {
	now = now.UTC()
	tx := db.Model(&Deliberation{})
	if !q.Drafts {
		tx = tx.Where("status <> ?", StatusDraft)
	}
	if q.MeetingID != 0 {
		tx = tx.Where("meeting_id = ?", q.MeetingID)
	}
	if q.PetitionID != 0 {
		tx = tx.Where("petition_id = ?", q.PetitionID)
	}
	var out []Deliberation
	if err := tx.Order("closes_at DESC").Limit(200).Find(&out).Error; err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Deliberation) int {
		aClosed, bClosed := a.StateAt(now) == StateClosed, b.StateAt(now) == StateClosed
		switch {
		case aClosed != bClosed && aClosed:
			return 1
		case aClosed != bClosed:
			return -1
		case !aClosed:
			return a.ClosesAt.Compare(b.ClosesAt)
		}
		return 0
	})
	return out, nil
}

// OpenNow lists the n 공론장 open for votes at now, closing soonest first, in
// one query (the home page).
func OpenNow(db *gorm.DB, n int, now time.Time) ([]Deliberation, error) {
	now = now.UTC()
	var out []Deliberation
	err := db.Where("status = ? AND opens_at <= ? AND closes_at > ?", StatusOpen, now, now).
		Order("closes_at, id").Limit(n).Find(&out).Error
	return out, err
}
