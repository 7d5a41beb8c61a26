/* store_challenge: see store_challenge.h. */
#include "store/store_challenge.h"

#include <string.h>

#include "store/store_impl.h"
#include "util/buf.h"

int store_challenge_insert(struct store *st, struct challenge *c,
			   struct err *e)
{
	char now[32];
	struct db_stmt *s = NULL;
	int rc;
	store_now(now);
	if (db_prepare(st->db,
		       "INSERT INTO challenge (programme_id, person_id, title, body,"
		       " topics, show_name, state, created_at, updated_at)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "iitttitt" "t", c->programme_id, c->person_id,
		      c->title, c->body, c->topics ? c->topics : "",
		      (int64_t)c->show_name, challenge_state_name(c->state), now,
		      now);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		c->id = db_col_int(s, 0);
	db_finalize(s);
	if (rc == 0)
		return err_set(e, ERR_INTERNAL, "insert returned nothing");
	return rc < 0 ? -1 : 0;
}

static int changed(int64_t n, struct err *e)
{
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such challenge");
}

int store_challenge_update(struct store *st, int64_t id, const char *title,
			   const char *body, const char *topics,
			   struct err *e)
{
	char now[32];
	store_now(now);
	return changed(db_run(st->db, e,
			      "UPDATE challenge SET title = ?, body = ?, topics = ?,"
			      " updated_at = ? WHERE id = ?", "tttti", title, body,
			      topics ? topics : "", now, id), e);
}

int store_challenge_set_state(struct store *st, int64_t id,
			      enum challenge_state s, struct err *e)
{
	return changed(db_run(st->db, e, "UPDATE challenge SET state = ? WHERE id = ?",
			      "ti", challenge_state_name(s), id), e);
}

int store_challenge_solve(struct store *st, int64_t id, const char *note,
			  const char *when, struct err *e)
{
	return changed(db_run(st->db, e,
			      "UPDATE challenge SET solved_note = ?, solved_at = ?"
			      " WHERE id = ?", "tti", note, when, id), e);
}

#define CHALLENGE_SQL \
	"SELECT c.id, c.programme_id, c.person_id, c.title, c.body, c.topics," \
	" c.show_name, c.state, c.solved_note, c.solved_at, c.created_at," \
	" c.updated_at, p.name, p.organisation," \
	" 1 + (SELECT COUNT(*) FROM challenge_mark m WHERE m.challenge_id = c.id" \
	"  AND m.kind = 'too' AND m.person_id <> c.person_id)," \
	" (SELECT COUNT(DISTINCT q.organisation) FROM person q WHERE q.id = c.person_id" \
	"  OR q.id IN (SELECT m.person_id FROM challenge_mark m" \
	"   WHERE m.challenge_id = c.id AND m.kind = 'too'))," \
	" (SELECT COUNT(*) FROM challenge_mark m WHERE m.challenge_id = c.id" \
	"  AND m.kind = 'talk')," \
	" (SELECT COUNT(*) FROM challenge_mark m WHERE m.challenge_id = c.id" \
	"  AND m.kind = 'report')" \
	" FROM challenge c JOIN person p ON p.id = c.person_id"

static void challenge_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct challenge *c = elem;
	c->id = db_col_int(s, 0);
	c->programme_id = db_col_int(s, 1);
	c->person_id = db_col_int(s, 2);
	c->title = arena_strdup(a, db_col_text(s, 3));
	c->body = arena_strdup(a, db_col_text(s, 4));
	c->topics = arena_strdup(a, db_col_text(s, 5));
	c->show_name = db_col_int(s, 6) != 0;
	if (challenge_state_parse(db_col_text(s, 7), &c->state) < 0)
		c->state = CHALLENGE_HIDDEN;
	c->solved_note = arena_strdup(a, db_col_text(s, 8));
	c->solved_at = arena_strdup(a, db_col_text(s, 9));
	c->created_at = arena_strdup(a, db_col_text(s, 10));
	c->updated_at = arena_strdup(a, db_col_text(s, 11));
	c->name = arena_strdup(a, db_col_text(s, 12));
	c->organisation = arena_strdup(a, db_col_text(s, 13));
	c->people = db_col_int(s, 14);
	c->organisations = db_col_int(s, 15);
	c->talks = db_col_int(s, 16);
	c->reports = db_col_int(s, 17);
}

int store_challenge_get(struct store *st, int64_t programme_id, int64_t id,
			struct arena *a, struct challenge *out, struct err *e)
{
	return store_one(st, a, sizeof *out, challenge_row, out,
			 "no such challenge", e,
			 CHALLENGE_SQL " WHERE c.id = ? AND c.programme_id = ?", "ii",
			 id, programme_id);
}

int store_challenge_list(struct store *st, int64_t programme_id,
			 bool shown_only, const int64_t *ids, size_t nids,
			 struct arena *a, struct challenge **out, size_t *n,
			 struct err *e)
{
	struct buf sql;
	int rc;
	buf_init(&sql, 1 << 20);
	buf_puts(&sql, CHALLENGE_SQL " WHERE c.programme_id = ?");
	if (shown_only)
		buf_puts(&sql, " AND c.state = 'shown'");
	if (ids) {
		/* ids are integers we produced: written in, not bound */
		buf_puts(&sql, " AND c.id IN (0");
		for (size_t i = 0; i < nids; i++)
			buf_printf(&sql, ",%lld", (long long)ids[i]);
		buf_puts(&sql, ")");
	}
	buf_puts(&sql, " ORDER BY c.created_at DESC, c.id DESC");
	rc = buf_failed(&sql)
		     ? err_set(e, ERR_INTERNAL, "too many search results")
		     : store_list(st, a, sizeof **out, challenge_row, out, n, e,
				  buf_str(&sql), "i", programme_id);
	buf_release(&sql);
	return rc;
}

int store_challenge_posted_since(struct store *st, int64_t person_id,
				 const char *since, int64_t *n, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, "SELECT COUNT(*) FROM challenge"
			       " WHERE person_id = ? AND created_at >= ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "it", person_id, since);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*n = db_col_int(s, 0);
	db_finalize(s);
	return rc == 1 ? 0 : -1;
}

int store_challenge_mark(struct store *st, int64_t id, int64_t person_id,
			 enum challenge_mark m, bool on, const char *note,
			 struct err *e)
{
	char now[32];
	store_now(now);
	if (!on)
		return db_run(st->db, e,
			      "DELETE FROM challenge_mark WHERE challenge_id = ?"
			      " AND person_id = ? AND kind = ?", "iit", id,
			      person_id, challenge_mark_name(m)) < 0 ? -1 : 0;
	return db_run(st->db, e,
		      "INSERT INTO challenge_mark (challenge_id, person_id, kind,"
		      " note, created_at) VALUES (?, ?, ?, ?, ?)"
		      " ON CONFLICT (challenge_id, person_id, kind) DO UPDATE SET"
		      " note = excluded.note", "iitt" "t", id, person_id,
		      challenge_mark_name(m), note ? note : "", now) < 0 ? -1 : 0;
}

int store_challenge_marks_of(struct store *st, int64_t id, int64_t person_id,
			     unsigned *bits, struct err *e)
{
	struct arena a;
	char **v;
	size_t n;
	int rc;
	arena_init(&a, 0);
	*bits = 0;
	rc = store_list(st, &a, sizeof *v, store_row_text, &v, &n, e,
			"SELECT kind FROM challenge_mark WHERE challenge_id = ?"
			" AND person_id = ?", "ii", id, person_id);
	for (size_t i = 0; rc == 0 && i < n; i++)
		for (int k = 0; k < 3; k++)
			if (!strcmp(v[i], challenge_mark_name((enum challenge_mark)k)))
				*bits |= 1u << k;
	arena_release(&a);
	return rc;
}

static void offer_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct challenge_offer *o = elem;
	o->person_id = db_col_int(s, 0);
	o->name = arena_strdup(a, db_col_text(s, 1));
	o->organisation = arena_strdup(a, db_col_text(s, 2));
	o->email = arena_strdup(a, db_col_text(s, 3));
	o->note = arena_strdup(a, db_col_text(s, 4));
}

int store_challenge_offers(struct store *st, int64_t id, struct arena *a,
			   struct challenge_offer **out, size_t *n,
			   struct err *e)
{
	return store_list(st, a, sizeof **out, offer_row, out, n, e,
			  "SELECT p.id, p.name, p.organisation, p.email, m.note"
			  " FROM challenge_mark m JOIN person p ON p.id = m.person_id"
			  " WHERE m.challenge_id = ? AND m.kind = 'talk'"
			  " ORDER BY m.created_at, p.id", "i", id);
}

static void link_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct plan_challenge *l = elem;
	(void)a;
	l->person_id = db_col_int(s, 0);
	l->challenge_id = db_col_int(s, 1);
}

#define LINKS_SQL \
	"SELECT person_id, id FROM challenge WHERE programme_id = ?" \
	" AND state = 'shown' AND solved_at = ''" \
	" UNION SELECT m.person_id, c.id FROM challenge_mark m" \
	" JOIN challenge c ON c.id = m.challenge_id WHERE c.programme_id = ?" \
	" AND c.state = 'shown' AND c.solved_at = '' AND m.kind = 'too'"

int store_challenge_links(struct store *st, int64_t programme_id,
			  struct arena *a, struct plan_challenge **out,
			  size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, link_row, out, n, e,
			  "SELECT person_id, id FROM (" LINKS_SQL ") x"
			  " ORDER BY person_id, id", "ii", programme_id,
			  programme_id);
}

int store_challenge_shared(struct store *st, int64_t person_a,
			   int64_t person_b, struct arena *a, char **title,
			   struct err *e)
{
	char **v;
	size_t n;
	*title = NULL;
	if (store_list(st, a, sizeof *v, store_row_text, &v, &n, e,
		       "SELECT c.title FROM challenge c WHERE c.state = 'shown'"
		       " AND c.solved_at = ''"
		       " AND (c.person_id = ? OR EXISTS (SELECT 1 FROM challenge_mark m"
		       "  WHERE m.challenge_id = c.id AND m.kind = 'too' AND m.person_id = ?))"
		       " AND (c.person_id = ? OR EXISTS (SELECT 1 FROM challenge_mark m"
		       "  WHERE m.challenge_id = c.id AND m.kind = 'too' AND m.person_id = ?))"
		       " ORDER BY c.id LIMIT 1", "iiii", person_a, person_a,
		       person_b, person_b) < 0)
		return -1;
	if (n)
		*title = v[0];
	return 0;
}
