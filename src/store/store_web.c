/* store_web: see store_web.h. */
#include "store/store_web.h"

#include "store/store_impl.h"
#include "store/store_story.h"

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
		     const char *what, struct err *e)
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
		rc = err_set(e, ERR_NOTFOUND, "no such %s", what);
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_session_get(struct store *st, const char *token_hash,
		      const char *now, int64_t *organiser_id, struct err *e)
{
	return id_lookup(st,
			 "SELECT organiser_id FROM web_session"
			 " WHERE token_hash = ? AND expires_at > ?",
			 "tt", token_hash, now, organiser_id, "session", e);
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
			 "t", token_hash, NULL, organiser_id, "API token", e);
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
	struct db_stmt *s = NULL;
	int rc;
	*yes = false;
	if (db_prepare(st->db,
		       "SELECT 1 FROM programme_organiser"
		       " WHERE programme_id = ? AND organiser_id = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ii", programme_id, organiser_id);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*yes = true;
	db_finalize(s);
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

/* ---- participants ---- */

static int group_others(struct store *st, int64_t group_id, int64_t person_id,
			struct arena *a, char **out, struct err *e)
{
	struct db_stmt *s = NULL;
	struct buf b;
	int rc;
	if (db_prepare(st->db,
		       "SELECT p.name FROM member m JOIN person p ON p.id = m.person_id"
		       " WHERE m.group_id = ? AND m.person_id <> ? ORDER BY p.id",
		       &s, e) < 0)
		return -1;
	buf_init(&b, 4096);
	rc = db_bindf(s, e, "ii", group_id, person_id);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		if (buf_len(&b))
			buf_puts(&b, ", ");
		buf_puts(&b, db_col_text(s, 0));
		rc = 0;
	}
	db_finalize(s);
	*out = arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return rc < 0 ? -1 : 0;
}

#define PG_SELECT \
	"SELECT r.number, r.state, g.id, r.deadline, m.outcome, m.rating," \
	" m.comment FROM member m JOIN grp g ON g.id = m.group_id" \
	" JOIN round r ON r.id = g.round_id"

static void pg_from_row(struct db_stmt *s, struct arena *a,
			struct web_person_group *g)
{
	const char *st = db_col_text(s, 1);
	g->round = (int)db_col_int(s, 0);
	g->state = strcmp(st, "draft") == 0 ? ROUND_DRAFT
		 : strcmp(st, "published") == 0 ? ROUND_PUBLISHED : ROUND_CLOSED;
	g->group_id = db_col_int(s, 2);
	g->deadline = arena_strdup(a, db_col_text(s, 3));
	if (outcome_parse(db_col_text(s, 4), &g->outcome) < 0)
		g->outcome = OUTCOME_NONE;
	g->rating = (int)db_col_int(s, 5);
	g->comment = arena_strdup(a, db_col_text(s, 6));
}

static void pg_row(struct db_stmt *s, struct arena *a, void *elem)
{
	pg_from_row(s, a, elem);
}

int store_web_person_groups(struct store *st, int64_t person_id,
			    struct arena *a, struct web_person_group **out,
			    size_t *n, struct err *e)
{
	if (store_list(st, a, sizeof **out, pg_row, out, n, e,
		       PG_SELECT " WHERE m.person_id = ? AND r.state <> 'draft'"
		       " ORDER BY r.number DESC", "i", person_id) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (group_others(st, (*out)[i].group_id, person_id, a,
				 &(*out)[i].others, e) < 0)
			return -1;
	return 0;
}

int store_web_membership(struct store *st, int64_t person_id,
			 int64_t group_id, struct arena *a,
			 struct web_person_group *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, PG_SELECT
		       " WHERE m.person_id = ? AND m.group_id = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ii", person_id, group_id);
	if (rc == 0)
		rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1)
		pg_from_row(s, a, out);
	rc = store_rows_ok(a, failed, rc, e);
	if (rc == 0)
		rc = err_set(e, ERR_NOTFOUND, "that person is not in that group");
	db_finalize(s);
	if (rc < 0)
		return -1;
	return group_others(st, group_id, person_id, a, &out->others, e);
}

int store_web_person_details(struct store *st, const struct person *p,
			     struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE person SET name = ?, organisation = ?, sector = ?,"
			   " role = ?, location = ?, timezone = ?, topics = ?,"
			   " intro = ?, show_name = ?, language = CASE WHEN ? = ''"
			   " THEN language ELSE ? END WHERE id = ?",
			   "ttttttttitti", p->name, p->organisation, p->sector,
			   p->role, p->location, p->timezone, p->topics, p->intro,
			   (int64_t)p->show_name, p->language ? p->language : "",
			   p->language ? p->language : "", p->id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such person");
}

int store_web_person_erase(struct store *st, int64_t person_id,
			   struct err *e)
{
	char email[64];
	int64_t n;
	snprintf(email, sizeof email, "erased-%lld@invalid",
		 (long long)person_id);
	n = db_run(st->db, e,
		   "UPDATE person SET name = 'Erased participant', email = ?,"
		   " organisation = '', sector = '', role = '', location = '',"
		   " timezone = '', topics = '', intro = '', status = 'left',"
		   " paused_until = '', show_name = 0 WHERE id = ?",
		   "ti", email, person_id);
	if (n < 0)
		return -1;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "no such person");
	if (db_run(st->db, e, "UPDATE member SET comment = '' WHERE person_id = ?",
		   "i", person_id) < 0 ||
	    store_community_erase(st, person_id, e) < 0)
		return -1;
	/* The mail outbox keeps each message's recipient and the server's
	 * last reply; an erased person's address must not survive there
	 * either.  (Better as a hook of the mail area; see docs/web.md.) */
	return db_run(st->db, e,
		      "UPDATE mail_outbox SET rcpt = ?, last_reply = ''"
		      " WHERE person_id = ?", "ti", email, person_id) < 0
		       ? -1 : 0;
}

int store_web_insight_version(struct store *st, int64_t programme_id,
			      char out[200], struct err *e)
{
	/* Portable SQL (SQLite and PostgreSQL): scalar sub-queries, each
	 * cast so both backends return integers. */
	static const char sql[] =
		"SELECT"
		" (SELECT CAST(COUNT(*) AS BIGINT) FROM person WHERE programme_id = ?),"
		" (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM person WHERE programme_id = ?),"
		" (SELECT CAST(COALESCE(SUM(LENGTH(name) + LENGTH(organisation)"
		"   + LENGTH(status) + 7 * show_name), 0) AS BIGINT)"
		"   FROM person WHERE programme_id = ?),"
		" (SELECT CAST(COUNT(*) AS BIGINT) FROM round WHERE programme_id = ?),"
		" (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM round WHERE programme_id = ?),"
		" (SELECT CAST(COUNT(*) AS BIGINT) FROM round WHERE programme_id = ?"
		"   AND state <> 'draft'),"
		" (SELECT CAST(COALESCE(SUM(1 + 3 * LENGTH(m.outcome) + 11 * m.rating"
		"   + LENGTH(m.comment)), 0) AS BIGINT)"
		"   FROM member m JOIN grp g ON g.id = m.group_id"
		"   JOIN round r ON r.id = g.round_id"
		"   WHERE r.programme_id = ? AND m.outcome <> 'none'),"
		" (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM audit WHERE programme_id = ?)";
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "iiiiiiii", programme_id, programme_id,
		      programme_id, programme_id, programme_id, programme_id,
		      programme_id, programme_id);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1) {
		snprintf(out, 200, "%lld.%lld.%lld.%lld.%lld.%lld.%lld.%lld",
			 (long long)db_col_int(s, 0), (long long)db_col_int(s, 1),
			 (long long)db_col_int(s, 2), (long long)db_col_int(s, 3),
			 (long long)db_col_int(s, 4), (long long)db_col_int(s, 5),
			 (long long)db_col_int(s, 6), (long long)db_col_int(s, 7));
		rc = 0;
	} else if (rc == 0) {
		rc = err_set(e, ERR_INTERNAL, "no version row");
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
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
