package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// migration is one step of the schema. Steps are append-only: a released step
// is never edited, a change is a new step.
type migration struct {
	name string
	sql  string
	// dialect holds extra statements for one database only (triggers, say).
	dialect map[string]string
}

// migrations in order; a step's version is its position + 1.
// {{pk}} and {{time}} stand for the dialect's auto-increment key and timestamp types.
var migrations = []migration{
	{"users, tokens, settings, outbox", `
CREATE TABLE users (
	id {{pk}},
	email VARCHAR(254) NOT NULL,
	password_hash VARCHAR(100) NOT NULL,
	name VARCHAR(50) NOT NULL,
	dong VARCHAR(20) NOT NULL,
	role VARCHAR(20) NOT NULL DEFAULT 'resident',
	verified_at {{time}},
	consented_at {{time}} NOT NULL,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until {{time}},
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_users_email ON users (email);

CREATE TABLE tokens (
	id {{pk}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose VARCHAR(20) NOT NULL,
	hash VARCHAR(64) NOT NULL,
	expires_at {{time}} NOT NULL,
	used_at {{time}},
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_tokens_hash ON tokens (hash);

CREATE TABLE settings (
	key VARCHAR(50) PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at {{time}} NOT NULL
);

CREATE TABLE mails (
	id {{pk}},
	recipient VARCHAR(254) NOT NULL,
	subject VARCHAR(300) NOT NULL,
	text_body TEXT NOT NULL,
	html_body TEXT NOT NULL,
	status VARCHAR(10) NOT NULL DEFAULT 'pending',
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at {{time}} NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	sent_at {{time}},
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_mails_due ON mails (status, next_attempt_at);
`, nil},
	{"petitions, supports, answers", `
CREATE TABLE petitions (
	id {{pk}},
	author_id BIGINT NOT NULL REFERENCES users (id),
	title VARCHAR(400) NOT NULL,
	category VARCHAR(30) NOT NULL,
	dong VARCHAR(20) NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	status VARCHAR(20) NOT NULL,
	share_token VARCHAR(32) NOT NULL,
	support_count INTEGER NOT NULL DEFAULT 0,
	preconsent_goal INTEGER NOT NULL,
	preconsent_ends_at {{time}} NOT NULL,
	threshold INTEGER NOT NULL DEFAULT 0,
	answer_days INTEGER NOT NULL DEFAULT 0,
	review_at {{time}},
	opened_at {{time}},
	closes_at {{time}},
	threshold_at {{time}},
	answer_due_at {{time}},
	hidden_from VARCHAR(20) NOT NULL DEFAULT '',
	hidden_reason VARCHAR(20) NOT NULL DEFAULT '',
	hidden_note TEXT NOT NULL DEFAULT '',
	hidden_at {{time}},
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_petitions_share_token ON petitions (share_token);
CREATE INDEX idx_petitions_status_opened ON petitions (status, opened_at);
CREATE INDEX idx_petitions_author ON petitions (author_id);

CREATE TABLE supports (
	id {{pk}},
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	dong VARCHAR(20) NOT NULL,
	comment VARCHAR(800) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL
);
-- one support per account per petition, whatever races
CREATE UNIQUE INDEX idx_supports_petition_user ON supports (petition_id, user_id);
CREATE INDEX idx_supports_user ON supports (user_id);

CREATE TABLE answers (
	id {{pk}},
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	staff_id BIGINT NOT NULL REFERENCES users (id),
	answerer VARCHAR(100) NOT NULL,
	body TEXT NOT NULL,
	body_html TEXT NOT NULL,
	video_url VARCHAR(500) NOT NULL DEFAULT '',
	answered_at {{time}} NOT NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_answers_petition ON answers (petition_id);
`, nil},
	{"audit log", `
CREATE TABLE audit_log (
	id {{pk}},
	actor_id BIGINT NOT NULL,
	action VARCHAR(50) NOT NULL,
	target_type VARCHAR(30) NOT NULL,
	target_id BIGINT NOT NULL DEFAULT 0,
	before TEXT NOT NULL DEFAULT '',
	after TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_audit_target ON audit_log (target_type, target_id);
CREATE INDEX idx_audit_actor ON audit_log (actor_id);
`, map[string]string{
		// the log is append-only: the database itself refuses edits and deletions
		"sqlite": `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
---
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
`,
		"postgres": `
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
---
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`}},
	{"events, mail preferences, deactivation", `
CREATE TABLE events (
	id {{pk}},
	kind VARCHAR(30) NOT NULL,
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	data TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	done_at {{time}}
);
CREATE INDEX idx_events_pending ON events (done_at, id);
ALTER TABLE users ADD COLUMN notify_own BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN notify_supported BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE users ADD COLUMN notify_progress BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN unsubscribe_token VARCHAR(40) NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN deactivated_at {{time}};
CREATE INDEX idx_users_unsubscribe ON users (unsubscribe_token);
`, map[string]string{
		"sqlite":   `UPDATE users SET unsubscribe_token = lower(hex(randomblob(16))) WHERE unsubscribe_token = ''`,
		"postgres": `UPDATE users SET unsubscribe_token = md5(random()::text || id::text) WHERE unsubscribe_token = ''`,
	}},
	{"progress updates, department answers, staff presence, unsubscribe header", `
CREATE TABLE progress_updates (
	id {{pk}},
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	staff_id BIGINT NOT NULL REFERENCES users (id),
	kind VARCHAR(30) NOT NULL,
	body TEXT NOT NULL,
	happened_at {{time}} NOT NULL,
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_progress_petition ON progress_updates (petition_id, happened_at);

CREATE TABLE dept_answers (
	id {{pk}},
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	staff_id BIGINT NOT NULL REFERENCES users (id),
	department VARCHAR(100) NOT NULL,
	body TEXT NOT NULL,
	body_html TEXT NOT NULL,
	answered_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_dept_answers_petition ON dept_answers (petition_id);

-- every version of a department answer, the first one included
CREATE TABLE dept_answer_revisions (
	id {{pk}},
	dept_answer_id BIGINT NOT NULL REFERENCES dept_answers (id) ON DELETE CASCADE,
	staff_id BIGINT NOT NULL REFERENCES users (id),
	department VARCHAR(100) NOT NULL,
	body TEXT NOT NULL,
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_dept_revisions ON dept_answer_revisions (dept_answer_id, id);

-- which staff member has a petition open on the desk, and when they last looked
CREATE TABLE petition_presence (
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	staff_id BIGINT NOT NULL REFERENCES users (id),
	seen_at {{time}} NOT NULL,
	PRIMARY KEY (petition_id, staff_id)
);

ALTER TABLE mails ADD COLUMN unsubscribe_url VARCHAR(300) NOT NULL DEFAULT '';
`, nil},
	{"reports, hidden comments", `
CREATE TABLE reports (
	id {{pk}},
	reporter_id BIGINT NOT NULL REFERENCES users (id),
	target_type VARCHAR(20) NOT NULL,
	target_id BIGINT NOT NULL,
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	reason VARCHAR(30) NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	status VARCHAR(10) NOT NULL DEFAULT 'open',
	decided_by BIGINT REFERENCES users (id),
	decided_at {{time}},
	created_at {{time}} NOT NULL
);
-- one report per reporter per target, whatever races
CREATE UNIQUE INDEX idx_reports_reporter_target ON reports (reporter_id, target_type, target_id);
CREATE INDEX idx_reports_open ON reports (status, target_type, target_id);
CREATE INDEX idx_reports_petition ON reports (petition_id);
-- '' shown; 'reported' hidden at the report limit until staff decide; 'removed' for good
ALTER TABLE supports ADD COLUMN hidden VARCHAR(10) NOT NULL DEFAULT '';
ALTER TABLE supports ADD COLUMN hidden_at {{time}};
`, nil},
	{"meetings, bookings, events for meetings", `
CREATE TABLE meetings (
	id {{pk}},
	kind VARCHAR(20) NOT NULL,
	title VARCHAR(300) NOT NULL,
	intro TEXT NOT NULL DEFAULT '',
	agenda TEXT NOT NULL DEFAULT '',
	region VARCHAR(50) NOT NULL DEFAULT '',
	dong VARCHAR(20) NOT NULL DEFAULT '',
	place VARCHAR(300) NOT NULL DEFAULT '',
	online_url VARCHAR(500) NOT NULL DEFAULT '',
	starts_at {{time}} NOT NULL,
	ends_at {{time}} NOT NULL,
	booking_enabled BOOLEAN NOT NULL DEFAULT TRUE,
	capacity INTEGER NOT NULL DEFAULT 0,
	booking_opens_at {{time}},
	booking_closes_at {{time}},
	terms TEXT NOT NULL DEFAULT '',
	booked_count INTEGER NOT NULL DEFAULT 0,
	waitlist_count INTEGER NOT NULL DEFAULT 0,
	published_at {{time}},
	cancelled_at {{time}},
	cancel_reason TEXT NOT NULL DEFAULT '',
	minutes TEXT NOT NULL DEFAULT '',
	minutes_html TEXT NOT NULL DEFAULT '',
	attendees INTEGER NOT NULL DEFAULT 0,
	main_opinions TEXT NOT NULL DEFAULT '',
	follow_ups TEXT NOT NULL DEFAULT '',
	results_at {{time}},
	reminded_at {{time}},
	created_by BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX idx_meetings_starts ON meetings (starts_at);

CREATE TABLE bookings (
	id {{pk}},
	meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	code VARCHAR(8) NOT NULL,
	status VARCHAR(10) NOT NULL,
	question TEXT NOT NULL DEFAULT '',
	checked_in_at {{time}},
	checked_in_by BIGINT,
	promoted_at {{time}},
	cancelled_at {{time}},
	created_at {{time}} NOT NULL
);
-- one active booking per account per meeting; a cancelled one does not block booking again
CREATE UNIQUE INDEX idx_bookings_active ON bookings (meeting_id, user_id) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX idx_bookings_code ON bookings (meeting_id, code);
CREATE INDEX idx_bookings_queue ON bookings (meeting_id, status, id);
CREATE INDEX idx_bookings_user ON bookings (user_id);

-- events now concern a petition or a meeting (and one booking of it)
CREATE TABLE events_next (
	id {{pk}},
	kind VARCHAR(30) NOT NULL,
	petition_id BIGINT REFERENCES petitions (id) ON DELETE CASCADE,
	meeting_id BIGINT REFERENCES meetings (id) ON DELETE CASCADE,
	booking_id BIGINT REFERENCES bookings (id) ON DELETE CASCADE,
	data TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	done_at {{time}}
);
INSERT INTO events_next (id, kind, petition_id, data, created_at, done_at)
	SELECT id, kind, petition_id, data, created_at, done_at FROM events;
DROP TABLE events;
ALTER TABLE events_next RENAME TO events;
CREATE INDEX idx_events_pending_v2 ON events (done_at, id);

-- a mail that carries a meeting's calendar file
ALTER TABLE mails ADD COLUMN ics_meeting_id BIGINT NOT NULL DEFAULT 0;
`, map[string]string{
		"postgres": `SELECT setval(pg_get_serial_sequence('events', 'id'), COALESCE((SELECT MAX(id) FROM events), 0) + 1, false)`,
	}},
	{"opinions heard on site and their handling history", `
CREATE TABLE opinions (
	id {{pk}},
	body TEXT NOT NULL,
	category VARCHAR(30) NOT NULL,
	dong VARCHAR(20) NOT NULL DEFAULT '',
	-- the meeting it was heard at; no foreign key yet, the meetings table was written alongside
	meeting_id BIGINT,
	source VARCHAR(300) NOT NULL DEFAULT '',
	recorded_by BIGINT REFERENCES users (id),
	resident_id BIGINT REFERENCES users (id),
	state VARCHAR(20) NOT NULL DEFAULT 'received',
	department VARCHAR(150) NOT NULL DEFAULT '',
	reply TEXT NOT NULL DEFAULT '',
	replied_at {{time}},
	heard_at {{time}} NOT NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX idx_opinions_meeting ON opinions (meeting_id);
CREATE INDEX idx_opinions_state_heard ON opinions (state, heard_at);
CREATE INDEX idx_opinions_heard ON opinions (heard_at, id);

-- every state an opinion reached and every correction of its reply: its public timeline
CREATE TABLE opinion_history (
	id {{pk}},
	opinion_id BIGINT NOT NULL REFERENCES opinions (id) ON DELETE CASCADE,
	state VARCHAR(20) NOT NULL,
	department VARCHAR(150) NOT NULL DEFAULT '',
	reply TEXT NOT NULL DEFAULT '',
	corrected BOOLEAN NOT NULL DEFAULT FALSE,
	staff_id BIGINT REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_opinion_history ON opinion_history (opinion_id, id);
`, nil},
	{"booking QR code on confirmation mails", `
ALTER TABLE mails ADD COLUMN qr_booking_id BIGINT NOT NULL DEFAULT 0;
`, nil},
	{"supporters anonymised after a petition closes", `
-- the anonymising job looks petitions up by the end of their period
CREATE INDEX idx_petitions_closes ON petitions (closes_at);
`, map[string]string{
		// supports.user_id becomes nullable: NULL is a support whose supporter was anonymised.
		// SQLite cannot drop NOT NULL, so the table is rebuilt.
		"sqlite": `CREATE TABLE supports_next (
	id INTEGER PRIMARY KEY,
	petition_id BIGINT NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users (id),
	dong VARCHAR(20) NOT NULL,
	comment VARCHAR(800) NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	hidden VARCHAR(10) NOT NULL DEFAULT '',
	hidden_at TIMESTAMP
)
---
INSERT INTO supports_next (id, petition_id, user_id, dong, comment, created_at, hidden, hidden_at)
	SELECT id, petition_id, user_id, dong, comment, created_at, hidden, hidden_at FROM supports
---
DROP TABLE supports
---
ALTER TABLE supports_next RENAME TO supports
---
CREATE UNIQUE INDEX idx_supports_petition_user ON supports (petition_id, user_id)
---
CREATE INDEX idx_supports_user ON supports (user_id)`,
		"postgres": `ALTER TABLE supports ALTER COLUMN user_id DROP NOT NULL`,
	}},
	ideasMigration, // models/migrations_ideas.go
	{"search index of petitions", `
-- petitions written before this step; the application indexes them at start (petition_search.go)
CREATE TABLE petition_terms_pending (petition_id BIGINT PRIMARY KEY);
INSERT INTO petition_terms_pending (petition_id) SELECT id FROM petitions;
-- the list's filters and sort keys in one index: a page's ids come from it without reading rows
CREATE INDEX idx_petitions_list ON petitions (status, category, support_count, opened_at, closes_at);
-- a petition's page at a million supports: the tally by 행정동 and the comments from indexes alone
CREATE INDEX idx_supports_petition_dong ON supports (petition_id, dong);
CREATE INDEX idx_supports_comments ON supports (petition_id, hidden, created_at) WHERE comment <> '';
`, map[string]string{
		// the lower-cased runs of 2 and of up to 4 letters that start at each letter of each word of a
		// petition, once per petition; a search is a range over term, so terms compare bytewise (UTF-8)
		"sqlite":   `CREATE TABLE petition_terms (term TEXT NOT NULL, petition_id BIGINT NOT NULL, PRIMARY KEY (term, petition_id)) WITHOUT ROWID`,
		"postgres": `CREATE TABLE petition_terms (term TEXT COLLATE "C" NOT NULL, petition_id BIGINT NOT NULL, PRIMARY KEY (term, petition_id))`,
	}},
	{"list pages walk the index of their order", `
-- 최신순 and 공감순 read the public list in order and stop at the page, at 100,000 petitions as at 100
CREATE INDEX idx_petitions_opened ON petitions (opened_at);
CREATE INDEX idx_petitions_support ON petitions (support_count, opened_at);
`, nil},
	{"search joins its matches to a narrow index", `
-- a search looks up each petition it found by id: this index holds the list's columns in a few
-- megabytes, the rows with their bodies are many times larger
CREATE INDEX idx_petitions_hits ON petitions (id, opened_at, support_count, closes_at, category, status);
`, nil},
	{"petitions counted by state and category", `
-- the list's total without counting every public petition: triggers keep one row per state and
-- category in step with petitions, in the transaction that changes them
CREATE TABLE petition_counts (
	status VARCHAR(20) NOT NULL,
	category VARCHAR(30) NOT NULL,
	n BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (status, category)
);
INSERT INTO petition_counts (status, category, n) SELECT status, category, COUNT(*) FROM petitions GROUP BY status, category;
`, map[string]string{
		"sqlite": `
CREATE TRIGGER petition_counts_insert AFTER INSERT ON petitions BEGIN
	INSERT INTO petition_counts (status, category, n) VALUES (NEW.status, NEW.category, 1)
		ON CONFLICT (status, category) DO UPDATE SET n = n + 1;
END
---
CREATE TRIGGER petition_counts_update AFTER UPDATE OF status, category ON petitions
	WHEN OLD.status <> NEW.status OR OLD.category <> NEW.category BEGIN
	UPDATE petition_counts SET n = n - 1 WHERE status = OLD.status AND category = OLD.category;
	INSERT INTO petition_counts (status, category, n) VALUES (NEW.status, NEW.category, 1)
		ON CONFLICT (status, category) DO UPDATE SET n = n + 1;
END
---
CREATE TRIGGER petition_counts_delete AFTER DELETE ON petitions BEGIN
	UPDATE petition_counts SET n = n - 1 WHERE status = OLD.status AND category = OLD.category;
END`,
		"postgres": `
CREATE FUNCTION petition_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE petition_counts SET n = n - 1 WHERE status = OLD.status AND category = OLD.category;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO petition_counts (status, category, n) VALUES (NEW.status, NEW.category, 1)
			ON CONFLICT (status, category) DO UPDATE SET n = petition_counts.n + 1;
	END IF;
	RETURN NULL;
END $$
---
CREATE TRIGGER petition_counts_insert_delete AFTER INSERT OR DELETE ON petitions FOR EACH ROW EXECUTE FUNCTION petition_counts_track()
---
CREATE TRIGGER petition_counts_update AFTER UPDATE OF status, category ON petitions FOR EACH ROW
	WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.category IS DISTINCT FROM NEW.category)
	EXECUTE FUNCTION petition_counts_track()`,
	}},
	{"list walks read state and category from the index", `
-- a list page walked in 최신순 or 공감순 checks each petition's state (and category) on the way: with
-- both in the index of the order, the walk never reads a row
CREATE INDEX idx_petitions_walk_opened ON petitions (opened_at, status, category);
CREATE INDEX idx_petitions_walk_support ON petitions (support_count, opened_at, status, category);
DROP INDEX idx_petitions_opened;
DROP INDEX idx_petitions_support;
`, nil},
	{"session generation and log-in times of accounts", `
-- a session cookie carries the generation it was issued under; raising it ends every older session
ALTER TABLE users ADD COLUMN session_gen INTEGER NOT NULL DEFAULT 0;
-- the latest log-in and the one before it, which is what a resident checks on /me
ALTER TABLE users ADD COLUMN last_login_at {{time}};
ALTER TABLE users ADD COLUMN previous_login_at {{time}};
`, nil},
	{"last run of each periodic job", `
-- one row per job (models/jobs.go): when it last ran, so its interval holds across restarts and instances
CREATE TABLE job_runs (
	job VARCHAR(40) PRIMARY KEY,
	started_at {{time}} NOT NULL,
	duration_ms BIGINT NOT NULL,
	result VARCHAR(500) NOT NULL,
	error TEXT NOT NULL,
	succeeded_at {{time}}
);
`, nil},
	{"petitions remember when their supporters were anonymised", `
-- the minute sweep anonymises on time by reading only the petitions not yet done
ALTER TABLE petitions ADD COLUMN anonymised_at {{time}};
CREATE INDEX idx_petitions_to_anonymise ON petitions (closes_at, preconsent_ends_at) WHERE anonymised_at IS NULL;
`, nil},
	deliberationsMigration, // models/migrations_deliberations.go
	{"the audit log read newest first", `
-- the desk's 감사 기록 lists the newest entries first, filtered by who or not at all
CREATE INDEX idx_audit_created ON audit_log (created_at, id);
`, nil},
	{"the language of each account", `
-- ko, en or zh: the site's language for the account, and of the mails sent to it
ALTER TABLE users ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'ko';
`, nil},
	{"official translations of the answers", `
-- staff's English and Chinese translations of a 구청장 answer; the Korean answer stays the one that counts
CREATE TABLE petition_answer_translations (
	id {{pk}},
	answer_id BIGINT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
	language VARCHAR(8) NOT NULL,
	body TEXT NOT NULL,
	body_html TEXT NOT NULL,
	note VARCHAR(2000) NOT NULL DEFAULT '',
	staff_id BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
-- one translation per answer and language: saving again replaces it
CREATE UNIQUE INDEX idx_answer_translations_language ON petition_answer_translations (answer_id, language);
`, nil},
}

// dialectTypes fills the placeholders of the migration SQL for one database.
var dialectTypes = map[string]*strings.Replacer{
	"sqlite":   strings.NewReplacer("{{pk}}", "INTEGER PRIMARY KEY", "{{time}}", "TIMESTAMP"),
	"postgres": strings.NewReplacer("{{pk}}", "BIGSERIAL PRIMARY KEY", "{{time}}", "TIMESTAMPTZ"),
}

// Migrate applies every step not yet recorded in schema_migrations, each in
// its own transaction together with its record.
func Migrate(db *gorm.DB) error {
	types, ok := dialectTypes[db.Dialector.Name()]
	if !ok {
		return fmt.Errorf("migrate: unsupported database %q", db.Dialector.Name())
	}
	err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at ` + types.Replace("{{time}}") + ` NOT NULL)`).Error
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	if err := db.Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current).Error; err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for i := current; i < len(migrations); i++ {
		m := migrations[i]
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range append(splitSQL(types.Replace(m.sql)), splitStatements(m.dialect[db.Dialector.Name()])...) {
				if err := tx.Exec(stmt).Error; err != nil {
					return err
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				i+1, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return fmt.Errorf("migrate to version %d (%s): %w", i+1, m.name, err)
		}
	}
	return nil
}

// SchemaVersion is the number of migration steps this build knows.
func SchemaVersion() int { return len(migrations) }

// splitStatements splits dialect SQL at lines of "---" (its statements may
// contain semicolons).
func splitStatements(sql string) []string {
	var out []string
	for _, stmt := range strings.Split(sql, "\n---\n") {
		if s := strings.TrimSpace(stmt); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitSQL splits a migration into statements, dropping comments.
func splitSQL(sql string) []string {
	var lines []string
	for _, line := range strings.Split(sql, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			lines = append(lines, line)
		}
	}
	var out []string
	for _, stmt := range strings.Split(strings.Join(lines, "\n"), ";") {
		if s := strings.TrimSpace(stmt); s != "" {
			out = append(out, s)
		}
	}
	return out
}
