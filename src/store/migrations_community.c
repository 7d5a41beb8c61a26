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
	{0, NULL, NULL},
};
