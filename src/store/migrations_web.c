/*
 * Schema changes of the web area (see store_impl.h for the numbering):
 * organisers who log in to /admin, their sessions and API tokens.
 * Tokens are stored only as hashes (hex BLAKE2b), so a copy of the
 * database does not let anyone log in; passwords only as Argon2id strings.
 * programme_organiser (101) says who organises which programme: the
 * dashboard and the API show an organiser only their own programmes.
 * No row is backfilled: an existing programme is nobody's until
 * `cuppa admin grant` (see docs/web.md, "Organisers").
 */
#include "store/store_impl.h"

const struct migration migrations_web[] = {
	{100, "web organisers, sessions, api tokens",
	 "CREATE TABLE web_organiser ("
	 " id {ID},"
	 " email TEXT NOT NULL UNIQUE,"
	 " pw_hash TEXT NOT NULL,"
	 " failures INTEGER NOT NULL DEFAULT 0,"
	 " locked_until TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL"
	 "){STRICT};"
	 "CREATE TABLE web_session ("
	 " id {ID},"
	 " token_hash TEXT NOT NULL UNIQUE,"
	 " organiser_id INTEGER NOT NULL REFERENCES web_organiser(id) ON DELETE CASCADE,"
	 " created_at TEXT NOT NULL,"
	 " expires_at TEXT NOT NULL"
	 "){STRICT};"
	 "CREATE TABLE web_api_token ("
	 " id {ID},"
	 " token_hash TEXT NOT NULL UNIQUE,"
	 " organiser_id INTEGER NOT NULL REFERENCES web_organiser(id) ON DELETE CASCADE,"
	 " label TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL"
	 "){STRICT};"},
	{101, "web programme organisers",
	 "CREATE TABLE programme_organiser ("
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " organiser_id INTEGER NOT NULL REFERENCES web_organiser(id) ON DELETE CASCADE,"
	 " created_at TEXT NOT NULL,"
	 " PRIMARY KEY (programme_id, organiser_id)"
	 "){STRICT};"
	 "CREATE INDEX programme_organiser_by_organiser"
	 " ON programme_organiser (organiser_id, programme_id);"},
	/* 450: failed logins per client address, shared by every server on
	 * the database (per account they are on web_organiser).  One row
	 * per address: failures since the window began at `since` (Unix
	 * seconds); rows whose window is over are deleted as logins fail. */
	{450, "web login limits shared between servers",
	 "CREATE TABLE web_login_limit ("
	 " client TEXT PRIMARY KEY,"
	 " since INTEGER NOT NULL,"
	 " failures INTEGER NOT NULL"
	 "){STRICT};"
	 "CREATE INDEX web_login_limit_since ON web_login_limit(since);"},
	{650, "dashboard: a round's groups in page order",
	 "CREATE INDEX grp_round_position ON grp(round_id, position, id);"},
	{651, "dashboard: a programme's people in id order",
	 "CREATE INDEX person_programme_id ON person(programme_id, id);"},
	/* Who put a person in the programme: 'organiser' (an import, `people
	 * add`, the dashboard) or '' (a sign-up, and everyone from before):
	 * their emails say why they get them, and organiser-added people
	 * get a welcome before their first round (docs/experience.md). */
	{660, "people added by an organiser",
	 "ALTER TABLE person ADD COLUMN joined_by TEXT NOT NULL DEFAULT '';"},
	{0, NULL, NULL},
};
