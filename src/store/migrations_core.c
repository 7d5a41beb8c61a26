/*
 * The core schema: programmes, people, rounds, groups, members (with each
 * member's outcome), unplaced people and the audit trail.  Append new
 * migrations; never edit one that has shipped.
 *
 * Why members carry the outcome: an outcome is per person per group, and
 * a person is in exactly one group per round, so (group, person) is the
 * natural key and needs no table of its own.
 */
#include "store/store_impl.h"

const struct migration migrations_core[] = {
	{1, "core tables",
	 "CREATE TABLE programme ("
	 " id {ID},"
	 " slug TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " cadence_days INTEGER NOT NULL DEFAULT 30 CHECK (cadence_days BETWEEN 1 AND 365),"
	 " group_size INTEGER NOT NULL DEFAULT 2 CHECK (group_size IN (2, 3)),"
	 " avoid_same INTEGER NOT NULL DEFAULT 0,"
	 " mix_attribute TEXT NOT NULL DEFAULT '',"
	 " mix_values TEXT NOT NULL DEFAULT '',"
	 " repeat_after INTEGER NOT NULL DEFAULT 0,"
	 " allow_missed_repeat INTEGER NOT NULL DEFAULT 0,"
	 " settings TEXT NOT NULL DEFAULT '{}',"
	 " created_at TEXT NOT NULL"
	 "){STRICT};"
	 "CREATE TABLE person ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " name TEXT NOT NULL,"
	 " email TEXT NOT NULL,"
	 " organisation TEXT NOT NULL,"
	 " sector TEXT NOT NULL DEFAULT '',"
	 " role TEXT NOT NULL DEFAULT '',"
	 " location TEXT NOT NULL DEFAULT '',"
	 " timezone TEXT NOT NULL DEFAULT '',"
	 " topics TEXT NOT NULL DEFAULT '',"
	 " intro TEXT NOT NULL DEFAULT '',"
	 " status TEXT NOT NULL DEFAULT 'active'"
	 "  CHECK (status IN ('pending','active','skip-next','paused','left')),"
	 " paused_until TEXT NOT NULL DEFAULT '',"
	 " joined TEXT NOT NULL,"
	 " show_name INTEGER NOT NULL DEFAULT 0,"
	 " created_at TEXT NOT NULL,"
	 " UNIQUE (programme_id, email)"
	 "){STRICT};"
	 "CREATE TABLE round ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " number INTEGER NOT NULL,"
	 " state TEXT NOT NULL CHECK (state IN ('draft','published','closed')),"
	 " seed INTEGER NOT NULL,"
	 " created_at TEXT NOT NULL,"
	 " published_at TEXT NOT NULL DEFAULT '',"
	 " deadline TEXT NOT NULL DEFAULT '',"
	 " UNIQUE (programme_id, number)"
	 "){STRICT};"
	 "CREATE TABLE grp ("
	 " id {ID},"
	 " round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,"
	 " position INTEGER NOT NULL"
	 "){STRICT};"
	 "CREATE INDEX grp_round ON grp(round_id);"
	 "CREATE TABLE member ("
	 " group_id INTEGER NOT NULL REFERENCES grp(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id),"
	 " outcome TEXT NOT NULL DEFAULT 'none' CHECK (outcome IN ('none','met','missed')),"
	 " rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),"
	 " comment TEXT NOT NULL DEFAULT '',"
	 " answered_at TEXT NOT NULL DEFAULT '',"
	 " PRIMARY KEY (group_id, person_id)"
	 "){STRICT};"
	 "CREATE INDEX member_person ON member(person_id);"
	 "CREATE TABLE unplaced ("
	 " round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id),"
	 " reason TEXT NOT NULL,"
	 " PRIMARY KEY (round_id, person_id)"
	 "){STRICT};"
	 "CREATE TABLE audit ("
	 " id {ID},"
	 " at TEXT NOT NULL,"
	 " programme_id INTEGER,"
	 " actor TEXT NOT NULL,"
	 " action TEXT NOT NULL,"
	 " detail TEXT NOT NULL DEFAULT ''"
	 "){STRICT};"
	 "CREATE INDEX audit_programme ON audit(programme_id, id);"
	 "CREATE TABLE blocked_pair ("
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " person_a INTEGER NOT NULL REFERENCES person(id),"
	 " person_b INTEGER NOT NULL REFERENCES person(id),"
	 " PRIMARY KEY (programme_id, person_a, person_b),"
	 " CHECK (person_a < person_b)"
	 "){STRICT};"},
	/* 800-819: languages (issue 14, docs/text.md).  '' is "not chosen":
	 * mail then goes in every language of the programme, Welsh first. */
	{800, "person language",
	 "ALTER TABLE person ADD COLUMN language TEXT NOT NULL DEFAULT ''"},
	/* 820-829: the matcher's reasons as codes (issue 14): the edge
	 * renders the code in the reader's language; rows from before keep
	 * '' and their English sentence in reason. */
	{820, "unplaced reason code",
	 "ALTER TABLE unplaced ADD COLUMN code TEXT NOT NULL DEFAULT ''"},
	{0, NULL, NULL},
};
