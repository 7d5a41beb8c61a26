/*
 * Schema changes of the community area (versions 750-799): evaluation
 * surveys with their questions, who was asked (and on which side:
 * took part or not, fixed when the survey was sent), each person's one
 * response (changeable until the survey closes) and its answers; and
 * what came of a meeting, asked after "we met"; stories (one per person
 * and meeting, or per solved challenge; group_id / challenge_id 0 when
 * not about one).
 * A multiple-choice answer is one row per option chosen; choices are
 * stored as the option's number (from 1), so editing an option's words
 * does not orphan answers.
 */
#include "store/store_impl.h"

const struct migration migrations_community[] = {
	{750, "community surveys",
	 "CREATE TABLE survey ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " number INTEGER NOT NULL,"
	 " title TEXT NOT NULL,"
	 " state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','open','closed')),"
	 " created_at TEXT NOT NULL,"
	 " sent_at TEXT NOT NULL DEFAULT '',"
	 " closed_at TEXT NOT NULL DEFAULT '',"
	 " UNIQUE (programme_id, number)"
	 "){STRICT};"
	 "CREATE TABLE survey_question ("
	 " id {ID},"
	 " survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	 " position INTEGER NOT NULL,"
	 " kind TEXT NOT NULL CHECK (kind IN ('single','multi','scale','text')),"
	 " audience TEXT NOT NULL CHECK (audience IN ('everyone','took-part','did-not')),"
	 " text TEXT NOT NULL,"
	 " options TEXT NOT NULL DEFAULT ''"
	 "){STRICT};"
	 "CREATE INDEX survey_question_survey ON survey_question(survey_id, position);"
	 "CREATE TABLE survey_recipient ("
	 " survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " took_part INTEGER NOT NULL CHECK (took_part IN (0, 1)),"
	 " asked_at TEXT NOT NULL,"
	 " PRIMARY KEY (survey_id, person_id)"
	 "){STRICT};"
	 "CREATE TABLE survey_response ("
	 " survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " quote TEXT NOT NULL DEFAULT 'no' CHECK (quote IN ('no','anonymous','named')),"
	 " answered_at TEXT NOT NULL,"
	 " PRIMARY KEY (survey_id, person_id)"
	 "){STRICT};"
	 "CREATE TABLE survey_answer ("
	 " survey_id INTEGER NOT NULL REFERENCES survey(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " question_id INTEGER NOT NULL REFERENCES survey_question(id) ON DELETE CASCADE,"
	 " value TEXT NOT NULL,"
	 " PRIMARY KEY (survey_id, person_id, question_id, value)"
	 "){STRICT};"},
	{751, "community what came of a meeting",
	 "CREATE TABLE outcome_came ("
	 " group_id INTEGER NOT NULL REFERENCES grp(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " what TEXT NOT NULL CHECK (what IN ('contact','practice','working',"
	 "'follow-up','nothing-yet')),"
	 " PRIMARY KEY (group_id, person_id, what)"
	 "){STRICT};"},
	{752, "community stories",
	 "CREATE TABLE story ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " group_id INTEGER NOT NULL DEFAULT 0,"
	 " challenge_id INTEGER NOT NULL DEFAULT 0,"
	 " body TEXT NOT NULL,"
	 " visibility TEXT NOT NULL CHECK (visibility IN ('hidden','anonymous','named')),"
	 " state TEXT NOT NULL DEFAULT 'pending'"
	 "  CHECK (state IN ('pending','approved','rejected')),"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL,"
	 " UNIQUE (person_id, group_id, challenge_id)"
	 "){STRICT};"
	 "CREATE INDEX story_programme ON story(programme_id, state);"},
	{753, "community challenges board",
	 "CREATE TABLE challenge ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " title TEXT NOT NULL,"
	 " body TEXT NOT NULL,"
	 " topics TEXT NOT NULL DEFAULT '',"
	 " show_name INTEGER NOT NULL DEFAULT 0 CHECK (show_name IN (0, 1)),"
	 " state TEXT NOT NULL CHECK (state IN ('pending','shown','hidden')),"
	 " solved_note TEXT NOT NULL DEFAULT '',"
	 " solved_at TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " updated_at TEXT NOT NULL"
	 "){STRICT};"
	 "CREATE INDEX challenge_programme ON challenge(programme_id, state);"
	 "CREATE INDEX challenge_person ON challenge(person_id, created_at);"
	 "CREATE TABLE challenge_mark ("
	 " challenge_id INTEGER NOT NULL REFERENCES challenge(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL CHECK (kind IN ('too','talk','report')),"
	 " note TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " PRIMARY KEY (challenge_id, person_id, kind)"
	 "){STRICT};"
	 "CREATE INDEX challenge_mark_person ON challenge_mark(person_id);"},
	/* Full text: the people of a programme and its challenges.  SQLite:
	 * FTS5 tables with external content kept by triggers; PostgreSQL:
	 * stored tsvector columns with GIN indexes.  store_search.c reads
	 * both through one interface. */
	{754, "community full-text search (sqlite)",
	 "{ONLY:sqlite}"
	 "CREATE VIRTUAL TABLE person_fts USING fts5(name, email, organisation,"
	 " sector, role, topics, intro, content='person', content_rowid='id');"
	 "CREATE TRIGGER person_fts_ai AFTER INSERT ON person BEGIN"
	 " INSERT INTO person_fts(rowid, name, email, organisation, sector, role,"
	 " topics, intro) VALUES (new.id, new.name, new.email, new.organisation,"
	 " new.sector, new.role, new.topics, new.intro); END;"
	 "CREATE TRIGGER person_fts_ad AFTER DELETE ON person BEGIN"
	 " INSERT INTO person_fts(person_fts, rowid, name, email, organisation,"
	 " sector, role, topics, intro) VALUES ('delete', old.id, old.name,"
	 " old.email, old.organisation, old.sector, old.role, old.topics,"
	 " old.intro); END;"
	 "CREATE TRIGGER person_fts_au AFTER UPDATE ON person BEGIN"
	 " INSERT INTO person_fts(person_fts, rowid, name, email, organisation,"
	 " sector, role, topics, intro) VALUES ('delete', old.id, old.name,"
	 " old.email, old.organisation, old.sector, old.role, old.topics,"
	 " old.intro);"
	 " INSERT INTO person_fts(rowid, name, email, organisation, sector, role,"
	 " topics, intro) VALUES (new.id, new.name, new.email, new.organisation,"
	 " new.sector, new.role, new.topics, new.intro); END;"
	 "INSERT INTO person_fts(person_fts) VALUES ('rebuild');"
	 "CREATE VIRTUAL TABLE challenge_fts USING fts5(title, body, topics,"
	 " content='challenge', content_rowid='id');"
	 "CREATE TRIGGER challenge_fts_ai AFTER INSERT ON challenge BEGIN"
	 " INSERT INTO challenge_fts(rowid, title, body, topics)"
	 " VALUES (new.id, new.title, new.body, new.topics); END;"
	 "CREATE TRIGGER challenge_fts_ad AFTER DELETE ON challenge BEGIN"
	 " INSERT INTO challenge_fts(challenge_fts, rowid, title, body, topics)"
	 " VALUES ('delete', old.id, old.title, old.body, old.topics); END;"
	 "CREATE TRIGGER challenge_fts_au AFTER UPDATE ON challenge BEGIN"
	 " INSERT INTO challenge_fts(challenge_fts, rowid, title, body, topics)"
	 " VALUES ('delete', old.id, old.title, old.body, old.topics);"
	 " INSERT INTO challenge_fts(rowid, title, body, topics)"
	 " VALUES (new.id, new.title, new.body, new.topics); END;"},
	{755, "community full-text search (postgres)",
	 "{ONLY:postgres}"
	 "ALTER TABLE person ADD COLUMN search tsvector GENERATED ALWAYS AS"
	 " (to_tsvector('simple', name || ' ' || email || ' ' || organisation"
	 " || ' ' || sector || ' ' || role || ' ' || replace(topics, ';', ' ')"
	 " || ' ' || intro)) STORED;"
	 "CREATE INDEX person_search ON person USING GIN (search);"
	 "ALTER TABLE challenge ADD COLUMN search tsvector GENERATED ALWAYS AS"
	 " (to_tsvector('simple', title || ' ' || body || ' '"
	 " || replace(topics, ';', ' '))) STORED;"
	 "CREATE INDEX challenge_search ON challenge USING GIN (search);"},
	{0, NULL, NULL},
};
