/* store_access: see store_access.h. */
#include "store/store_access.h"

#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

static int organiser_one(struct store *st, const char *sql, const char *fmt,
			 const void *key, struct arena *a,
			 struct organiser *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	rc = fmt[0] == 'i' ? db_bindf(s, e, "i", *(const int64_t *)key)
			   : db_bindf(s, e, "t", (const char *)key);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1) {
		out->id = db_col_int(s, 0);
		out->email = arena_strdup(a, db_col_text(s, 1));
		out->pw_hash = arena_strdup(a, db_col_text(s, 2));
		out->failures = (int)db_col_int(s, 3);
		out->locked_until = arena_strdup(a, db_col_text(s, 4));
		if (!out->email || !out->pw_hash || !out->locked_until)
			rc = err_set(e, ERR_INTERNAL, "out of memory");
	} else if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "no such organiser");
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

#define ORG_COLS "SELECT id, email, pw_hash, failures, locked_until FROM web_organiser"

int store_organiser_get(struct store *st, const char *email, struct arena *a,
			struct organiser *out, struct err *e)
{
	return organiser_one(st, ORG_COLS " WHERE email = ?", "t", email, a,
			     out, e);
}

int store_organiser_get_id(struct store *st, int64_t id, struct arena *a,
			   struct organiser *out, struct err *e)
{
	return organiser_one(st, ORG_COLS " WHERE id = ?", "i", &id, a, out, e);
}

int store_organiser_set(struct store *st, const char *email,
			const char *pw_hash, int64_t *id, bool *created,
			struct err *e)
{
	char now[32];
	int64_t n;
	struct db_stmt *s = NULL;
	int rc;
	store_now(now);
	n = db_run(st->db, e,
		   "UPDATE web_organiser SET pw_hash = ?, failures = 0,"
		   " locked_until = '' WHERE email = ?",
		   "tt", pw_hash, email);
	if (n < 0)
		return -1;
	*created = n == 0;
	if (n == 0 &&
	    db_run(st->db, e,
		   "INSERT INTO web_organiser (email, pw_hash, created_at)"
		   " VALUES (?, ?, ?)", "ttt", email, pw_hash, now) < 0)
		return -1;
	if (db_prepare(st->db, "SELECT id FROM web_organiser WHERE email = ?",
		       &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "t", email);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*id = db_col_int(s, 0);
	else if (rc == 0)
		rc = err_set(e, ERR_INTERNAL, "organiser vanished");
	db_finalize(s);
	if (rc < 0)
		return -1;
	/* A new password ends every session opened with the old one. */
	return db_run(st->db, e, "DELETE FROM web_session WHERE organiser_id = ?",
		      "i", *id) < 0 ? -1 : 0;
}

int store_organiser_login_failed(struct store *st, int64_t id, int max,
				 const char *lock_until, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE web_organiser SET failures = failures + 1,"
		      " locked_until = CASE WHEN failures + 1 >= ? THEN ?"
		      " ELSE locked_until END WHERE id = ?",
		      "iti", (int64_t)max, lock_until, id) < 0 ? -1 : 0;
}

int store_organiser_login_ok(struct store *st, int64_t id, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE web_organiser SET failures = 0, locked_until = ''"
		      " WHERE id = ?", "i", id) < 0 ? -1 : 0;
}

int store_session_insert(struct store *st, const char *token_hash,
			 int64_t organiser_id, const char *expires_at,
			 struct err *e)
{
	char now[32];
	store_now(now);
	/* Expired sessions are swept here, where a write happens anyway. */
	if (db_run(st->db, e, "DELETE FROM web_session WHERE expires_at < ?",
		   "t", now) < 0)
		return -1;
	return db_run(st->db, e,
		      "INSERT INTO web_session (token_hash, organiser_id,"
		      " created_at, expires_at) VALUES (?, ?, ?, ?)",
		      "titt", token_hash, organiser_id, now, expires_at) < 0
		       ? -1 : 0;
}

static int id_lookup(struct store *st, const char *sql, const char *fmt,
		     const char *a1, const char *a2, int64_t *out,
		     bool token, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	rc = a2 ? db_bindf(s, e, fmt, a1, a2) : db_bindf(s, e, fmt, a1);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*out = db_col_int(s, 0);
	else if (rc == 0)
		rc = err_set(e, ERR_NOTFOUND, token ? "no such API token"
						    : "no such session");
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_session_get(struct store *st, const char *token_hash,
		      const char *now, int64_t *organiser_id, struct err *e)
{
	return id_lookup(st,
			 "SELECT organiser_id FROM web_session"
			 " WHERE token_hash = ? AND expires_at > ?",
			 "tt", token_hash, now, organiser_id, false, e);
}

int store_session_organiser(struct store *st, const char *token_hash,
			    const char *now, struct arena *a,
			    int64_t *organiser_id, char **email,
			    struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db,
		       "SELECT o.id, o.email FROM web_session s"
		       " JOIN web_organiser o ON o.id = s.organiser_id"
		       " WHERE s.token_hash = ? AND s.expires_at > ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "tt", token_hash, now);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1) {
		*organiser_id = db_col_int(s, 0);
		*email = arena_strdup(a, db_col_text(s, 1));
		if (!*email)
			rc = err_set(e, ERR_INTERNAL, "out of memory");
	} else if (rc == 0) {
		rc = err_set(e, ERR_NOTFOUND, "no such session");
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_session_delete(struct store *st, const char *token_hash,
			 struct err *e)
{
	return db_run(st->db, e, "DELETE FROM web_session WHERE token_hash = ?",
		      "t", token_hash) < 0 ? -1 : 0;
}

int store_api_token_insert(struct store *st, const char *token_hash,
			   int64_t organiser_id, const char *label,
			   struct err *e)
{
	char now[32];
	store_now(now);
	return db_run(st->db, e,
		      "INSERT INTO web_api_token (token_hash, organiser_id,"
		      " label, created_at) VALUES (?, ?, ?, ?)",
		      "titt", token_hash, organiser_id, label ? label : "",
		      now) < 0 ? -1 : 0;
}

int store_api_token_get(struct store *st, const char *token_hash,
			int64_t *organiser_id, struct err *e)
{
	return id_lookup(st,
			 "SELECT organiser_id FROM web_api_token WHERE token_hash = ?",
			 "t", token_hash, NULL, organiser_id, true, e);
}

static void api_token_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct api_token_row *r = elem;
	r->id = db_col_int(s, 0);
	r->label = arena_strdup(a, db_col_text(s, 1));
	r->created_at = arena_strdup(a, db_col_text(s, 2));
}

int store_api_token_list(struct store *st, int64_t organiser_id,
			 struct arena *a, struct api_token_row **out,
			 size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, api_token_row, out, n, e,
			  "SELECT id, label, created_at FROM web_api_token"
			  " WHERE organiser_id = ? ORDER BY id", "i", organiser_id);
}

int store_api_token_delete(struct store *st, int64_t organiser_id,
			   int64_t id, struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "DELETE FROM web_api_token WHERE id = ? AND organiser_id = ?",
			   "ii", id, organiser_id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no API token %lld for that organiser",
			       (long long)id);
}

/* ---- who organises which programme ---- */

int store_programme_organiser_add(struct store *st, int64_t programme_id,
				  int64_t organiser_id, struct err *e)
{
	char now[32];
	bool yes;
	/* Checked first rather than caught from the insert: a failed
	 * statement would abort the caller's transaction on PostgreSQL. */
	if (store_programme_organised_by(st, programme_id, organiser_id, &yes,
					 e) < 0)
		return -1;
	if (yes)
		return err_set(e, ERR_CONFLICT,
			       "that organiser already organises that programme");
	store_now(now);
	return db_run(st->db, e,
		      "INSERT INTO programme_organiser (programme_id,"
		      " organiser_id, created_at) VALUES (?, ?, ?)",
		      "iit", programme_id, organiser_id, now) < 0 ? -1 : 0;
}

int store_programme_organiser_remove(struct store *st, int64_t programme_id,
				     int64_t organiser_id, struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "DELETE FROM programme_organiser"
			   " WHERE programme_id = ? AND organiser_id = ?",
			   "ii", programme_id, organiser_id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND,
			       "that organiser does not organise that programme");
}

int store_programme_organised_by(struct store *st, int64_t programme_id,
				 int64_t organiser_id, bool *yes,
				 struct err *e)
{
	int64_t one;
	int rc = db_int(st->db, &one, e, "SELECT 1 FROM programme_organiser"
			" WHERE programme_id = ? AND organiser_id = ?", "ii",
			programme_id, organiser_id);
	*yes = rc == 1;
	return rc < 0 ? -1 : 0;
}

static void id_row(struct db_stmt *s, struct arena *a, void *elem)
{
	(void)a;
	*(int64_t *)elem = db_col_int(s, 0);
}

int store_programme_ids_of(struct store *st, int64_t organiser_id,
			   struct arena *a, int64_t **out, size_t *n,
			   struct err *e)
{
	return store_list(st, a, sizeof **out, id_row, out, n, e,
			  "SELECT programme_id FROM programme_organiser"
			  " WHERE organiser_id = ? ORDER BY programme_id",
			  "i", organiser_id);
}

/* ---- login limits per client (migration 450) ---- */

int store_login_limit_blocked(struct store *st, const char *client,
			      int64_t now, int window_s, int max,
			      bool *blocked, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	*blocked = false;
	if (max <= 0)
		return 0;
	if (db_prepare(st->db, "SELECT failures FROM web_login_limit"
		       " WHERE client = ? AND since > ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ti", client, now - window_s);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*blocked = db_col_int(s, 0) >= max;
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_login_limit_fail(struct store *st, const char *client,
			   int64_t now, int window_s, struct err *e)
{
	/* One statement, so two servers counting the same client at once
	 * both count (no read-modify-write race). */
	if (db_run(st->db, e,
		   "INSERT INTO web_login_limit (client, since, failures)"
		   " VALUES (?, ?, 1) ON CONFLICT (client) DO UPDATE SET"
		   " failures = CASE WHEN web_login_limit.since <= ?"
		   "  THEN 1 ELSE web_login_limit.failures + 1 END,"
		   " since = CASE WHEN web_login_limit.since <= ?"
		   "  THEN excluded.since ELSE web_login_limit.since END",
		   "tiii", client, now, now - window_s, now - window_s) < 0)
		return -1;
	return db_run(st->db, e, "DELETE FROM web_login_limit WHERE since <= ?",
		      "i", now - window_s) < 0 ? -1 : 0;
}
