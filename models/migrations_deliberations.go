package models

// deliberationsMigration is the schema of the 온라인 열린공론장: the
// 공론장 themselves, their statements, participants and votes, residents'
// reports of statements, the computed opinion maps, and events about a
// 공론장. It is one step of the append-only list in migrations.go.
var deliberationsMigration = migration{"열린공론장: deliberations, statements, participants, votes, reports, snapshots", `
CREATE TABLE deliberations (
	id {{pk}},
	title VARCHAR(200) NOT NULL,
	question TEXT NOT NULL,
	background TEXT NOT NULL DEFAULT '',
	background_html TEXT NOT NULL DEFAULT '',
	-- draft, open or closed; an open one whose period ended reads as closed (computed on read)
	status VARCHAR(10) NOT NULL,
	-- pre: statements are shown once staff approve them; post: shown until staff remove them
	moderation VARCHAR(10) NOT NULL,
	opens_at {{time}} NOT NULL,
	closes_at {{time}} NOT NULL,
	meeting_id BIGINT REFERENCES meetings (id) ON DELETE SET NULL,
	petition_id BIGINT REFERENCES petitions (id) ON DELETE SET NULL,
	created_by BIGINT REFERENCES users (id),
	-- counters move in the transaction that inserts or changes what they count
	statement_count INTEGER NOT NULL DEFAULT 0,
	participant_count INTEGER NOT NULL DEFAULT 0,
	vote_count INTEGER NOT NULL DEFAULT 0,
	-- raised by every vote cast or changed: a snapshot older than it is out of date
	vote_seq BIGINT NOT NULL DEFAULT 0,
	-- the 결과 staff publish once it is closed
	result TEXT NOT NULL DEFAULT '',
	result_html TEXT NOT NULL DEFAULT '',
	result_published_at {{time}},
	result_by BIGINT REFERENCES users (id),
	-- a conversation loaded from a Polis openData export, and where from
	imported BOOLEAN NOT NULL DEFAULT FALSE,
	source VARCHAR(500) NOT NULL DEFAULT '',
	closed_at {{time}},
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX idx_deliberations_status ON deliberations (status, closes_at);
CREATE INDEX idx_deliberations_meeting ON deliberations (meeting_id);
CREATE INDEX idx_deliberations_petition ON deliberations (petition_id);

-- everyone who voted or wrote in a 공론장; votes and statements name this row, not the account, so an
-- imported conversation's participants need no accounts and a deleted account leaves its votes anonymous
CREATE TABLE deliberation_participants (
	id {{pk}},
	deliberation_id BIGINT NOT NULL REFERENCES deliberations (id) ON DELETE CASCADE,
	-- NULL for an imported participant or a deleted account
	user_id BIGINT REFERENCES users (id),
	-- the id in exports: random per 공론장, so it means nothing outside the export; the published id when imported
	export_id BIGINT NOT NULL,
	-- the 행정동 when they joined, for the results by 권역
	dong VARCHAR(20) NOT NULL DEFAULT '',
	joined_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_deliberation_participants_user ON deliberation_participants (deliberation_id, user_id);
CREATE UNIQUE INDEX idx_deliberation_participants_export ON deliberation_participants (deliberation_id, export_id);
CREATE INDEX idx_deliberation_participants_account ON deliberation_participants (user_id);

CREATE TABLE deliberation_statements (
	id {{pk}},
	deliberation_id BIGINT NOT NULL REFERENCES deliberations (id) ON DELETE CASCADE,
	-- the resident who wrote it; NULL for seed statements, imported ones and deleted accounts
	author_id BIGINT REFERENCES users (id),
	-- the author as a participant (their own 동의 vote); NULL for seed statements
	participant_id BIGINT REFERENCES deliberation_participants (id),
	body TEXT NOT NULL,
	-- the body with its spaces collapsed: one statement per wording, whatever races; NULL when imported
	body_key TEXT,
	-- pending (waiting for approval), shown or removed
	status VARCHAR(10) NOT NULL,
	removed_reason TEXT NOT NULL DEFAULT '',
	moderated_by BIGINT REFERENCES users (id),
	moderated_at {{time}},
	is_seed BOOLEAN NOT NULL DEFAULT FALSE,
	-- a question about the participants themselves: voted first, out of the math
	is_meta BOOLEAN NOT NULL DEFAULT FALSE,
	agree_count INTEGER NOT NULL DEFAULT 0,
	disagree_count INTEGER NOT NULL DEFAULT 0,
	pass_count INTEGER NOT NULL DEFAULT 0,
	-- Polis' weight for showing it to the next voter, from the latest opinion map; NULL until it is in one
	priority DOUBLE PRECISION,
	-- chosen for the 결과 (into the plan or the answer), and why
	chosen BOOLEAN NOT NULL DEFAULT FALSE,
	chosen_reason TEXT NOT NULL DEFAULT '',
	-- the published comment id of an imported statement
	external_id BIGINT,
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_deliberation_statements_list ON deliberation_statements (deliberation_id, status, id);
CREATE UNIQUE INDEX idx_deliberation_statements_body ON deliberation_statements (deliberation_id, body_key);
CREATE UNIQUE INDEX idx_deliberation_statements_external ON deliberation_statements (deliberation_id, external_id);
CREATE INDEX idx_deliberation_statements_author ON deliberation_statements (author_id);

-- residents' reports of a statement, for staff to decide
CREATE TABLE deliberation_reports (
	id {{pk}},
	deliberation_id BIGINT NOT NULL REFERENCES deliberations (id) ON DELETE CASCADE,
	statement_id BIGINT NOT NULL REFERENCES deliberation_statements (id) ON DELETE CASCADE,
	reporter_id BIGINT REFERENCES users (id),
	reason VARCHAR(30) NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	-- open, or decided by staff
	status VARCHAR(10) NOT NULL DEFAULT 'open',
	decided_by BIGINT REFERENCES users (id),
	decided_at {{time}},
	created_at {{time}} NOT NULL
);
-- one report per reporter per statement, whatever races
CREATE UNIQUE INDEX idx_deliberation_reports_reporter ON deliberation_reports (statement_id, reporter_id);
CREATE INDEX idx_deliberation_reports_open ON deliberation_reports (deliberation_id, status);
CREATE INDEX idx_deliberation_reports_account ON deliberation_reports (reporter_id);

-- the opinion map computed in the background, and the state the next computation starts from
CREATE TABLE deliberation_snapshots (
	id {{pk}},
	deliberation_id BIGINT NOT NULL REFERENCES deliberations (id) ON DELETE CASCADE,
	-- the deliberation's vote_seq and vote_count when the votes were read
	vote_seq BIGINT NOT NULL,
	vote_count INTEGER NOT NULL,
	map_json TEXT NOT NULL,
	state_json TEXT NOT NULL,
	duration_ms BIGINT NOT NULL DEFAULT 0,
	computed_at {{time}} NOT NULL
);
CREATE INDEX idx_deliberation_snapshots_latest ON deliberation_snapshots (deliberation_id, id);

-- events now may concern a 공론장 (its published 결과)
ALTER TABLE events ADD COLUMN deliberation_id BIGINT REFERENCES deliberations (id) ON DELETE CASCADE;
`, map[string]string{
	// deliberation_votes: the latest vote of a participant on a statement, in Polis' signs (1 동의, -1 비동의,
	// 0 모르겠음). The key is one vote per participant and statement, whatever races: a statement belongs to
	// one 공론장, so (공론장, participant, statement) is unique exactly when (participant, statement) is. In
	// this order it is also the vote matrix as the math reads it, and a participant's votes sit together;
	// on SQLite the table is its key (WITHOUT ROWID), so a vote writes one b-tree.
	"sqlite": `CREATE TABLE deliberation_votes (
	deliberation_id BIGINT NOT NULL REFERENCES deliberations (id) ON DELETE CASCADE,
	participant_id BIGINT NOT NULL REFERENCES deliberation_participants (id) ON DELETE CASCADE,
	statement_id BIGINT NOT NULL REFERENCES deliberation_statements (id) ON DELETE CASCADE,
	value SMALLINT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (deliberation_id, participant_id, statement_id)
) WITHOUT ROWID`,
	"postgres": `CREATE TABLE deliberation_votes (
	deliberation_id BIGINT NOT NULL REFERENCES deliberations (id) ON DELETE CASCADE,
	participant_id BIGINT NOT NULL REFERENCES deliberation_participants (id) ON DELETE CASCADE,
	statement_id BIGINT NOT NULL REFERENCES deliberation_statements (id) ON DELETE CASCADE,
	value SMALLINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (deliberation_id, participant_id, statement_id)
)`,
}}
