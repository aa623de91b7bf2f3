package models

// ideasMigration is the schema of the 창의 아이디어단: teams per 국, their
// meetings, staff ideas with proposers, history and progress, the
// 제안심의회's rounds and scores, awards and the yearly award budget. It is
// one step of the append-only list in migrations.go.
var ideasMigration = migration{"창의 아이디어단: teams, meetings, ideas, 제안심의회 scores, awards", `
-- a 국 and its 창의 아이디어단; a staff member is on one team at most
CREATE TABLE bureaus (
	id {{pk}},
	name VARCHAR(150) NOT NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_bureaus_name ON bureaus (name);
CREATE TABLE bureau_members (
	id {{pk}},
	bureau_id BIGINT NOT NULL REFERENCES bureaus (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_bureau_members_user ON bureau_members (user_id);
CREATE INDEX idx_bureau_members_bureau ON bureau_members (bureau_id);

CREATE TABLE idea_meetings (
	id {{pk}},
	bureau_id BIGINT NOT NULL REFERENCES bureaus (id) ON DELETE CASCADE,
	held_on {{time}} NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	recorded_by BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_idea_meetings_bureau ON idea_meetings (bureau_id, held_on);
CREATE TABLE idea_meeting_attendees (
	meeting_id BIGINT NOT NULL REFERENCES idea_meetings (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE ideas (
	id {{pk}},
	bureau_id BIGINT REFERENCES bureaus (id),
	meeting_id BIGINT REFERENCES idea_meetings (id),
	title VARCHAR(400) NOT NULL,
	problem TEXT NOT NULL,
	proposal TEXT NOT NULL,
	effect TEXT NOT NULL,
	department VARCHAR(150) NOT NULL,
	state VARCHAR(20) NOT NULL,
	due_on {{time}},
	adopted_at {{time}},
	done_at {{time}},
	submitted_by BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX idx_ideas_state ON ideas (state, due_on);
CREATE INDEX idx_ideas_bureau ON ideas (bureau_id);
-- a proposer's name is public only with their consent
CREATE TABLE idea_proposers (
	idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	publish_name BOOLEAN NOT NULL DEFAULT FALSE,
	PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX idx_idea_proposers_user ON idea_proposers (user_id);
CREATE TABLE idea_history (
	id {{pk}},
	idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	state VARCHAR(20) NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	staff_id BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_idea_history ON idea_history (idea_id, id);
CREATE TABLE idea_progress (
	id {{pk}},
	idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
	body TEXT NOT NULL,
	done BOOLEAN NOT NULL DEFAULT FALSE,
	staff_id BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE INDEX idx_idea_progress ON idea_progress (idea_id, id);

-- the 제안심의회 (13 at most); a round keeps the members it was opened with
CREATE TABLE committee_members (
	id {{pk}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	position VARCHAR(150) NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_committee_members_user ON committee_members (user_id);
CREATE TABLE review_rounds (
	id {{pk}},
	name VARCHAR(300) NOT NULL,
	scale_max INTEGER NOT NULL,
	rule VARCHAR(10) NOT NULL,
	closes_at {{time}} NOT NULL,
	closed_at {{time}},
	created_by BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE TABLE round_members (
	round_id BIGINT NOT NULL REFERENCES review_rounds (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id),
	PRIMARY KEY (round_id, user_id)
);
CREATE TABLE round_ideas (
	round_id BIGINT NOT NULL REFERENCES review_rounds (id) ON DELETE CASCADE,
	idea_id BIGINT NOT NULL REFERENCES ideas (id),
	PRIMARY KEY (round_id, idea_id)
);
CREATE INDEX idx_round_ideas_idea ON round_ideas (idea_id);
-- one score per member per idea per round, whatever races
CREATE TABLE scores (
	id {{pk}},
	round_id BIGINT NOT NULL REFERENCES review_rounds (id) ON DELETE CASCADE,
	idea_id BIGINT NOT NULL REFERENCES ideas (id),
	member_id BIGINT NOT NULL REFERENCES users (id),
	creativity INTEGER NOT NULL,
	economy INTEGER NOT NULL,
	practicality INTEGER NOT NULL,
	scope INTEGER NOT NULL,
	remark TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_scores_round_idea_member ON scores (round_id, idea_id, member_id);

-- one award per idea, paid from a year's budget
CREATE TABLE idea_awards (
	id {{pk}},
	idea_id BIGINT NOT NULL REFERENCES ideas (id),
	year INTEGER NOT NULL,
	grade VARCHAR(30) NOT NULL,
	amount INTEGER NOT NULL,
	override BOOLEAN NOT NULL DEFAULT FALSE,
	override_reason TEXT NOT NULL DEFAULT '',
	granted_by BIGINT NOT NULL REFERENCES users (id),
	created_at {{time}} NOT NULL
);
CREATE UNIQUE INDEX idx_idea_awards_idea ON idea_awards (idea_id);
CREATE INDEX idx_idea_awards_year ON idea_awards (year);
CREATE TABLE award_budgets (
	year INTEGER PRIMARY KEY,
	amount BIGINT NOT NULL,
	updated_at {{time}} NOT NULL
);
`, nil}
