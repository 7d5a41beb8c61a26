/* store_dashboard: see store_dashboard.h. */
#include "store/store_dashboard.h"

#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

int store_dash_people_counts(struct store *st, int64_t programme_id,
			     struct dash_people_counts *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if (db_prepare(st->db,
		       "SELECT CAST(COUNT(*) AS BIGINT),"
		       " CAST(COALESCE(SUM(CASE WHEN status = 'pending' THEN 1"
		       "  ELSE 0 END), 0) AS BIGINT),"
		       " CAST(COALESCE(SUM(CASE WHEN status IN ('pending', 'left')"
		       "  THEN 0 ELSE 1 END), 0) AS BIGINT)"
		       " FROM person WHERE programme_id = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", programme_id);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1) {
		out->total = (size_t)db_col_int(s, 0);
		out->pending = (size_t)db_col_int(s, 1);
		out->active = (size_t)db_col_int(s, 2);
		rc = 0;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

static void round_counts_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct dash_round_counts *r = elem;
	(void)a;
	r->number = (int)db_col_int(s, 0);
	r->groups = (size_t)db_col_int(s, 1);
	r->met = (size_t)db_col_int(s, 2);
}

int store_dash_round_counts(struct store *st, int64_t programme_id,
			    struct arena *a, struct dash_round_counts **out,
			    size_t *n, struct err *e)
{
	/* A group met when any member says met (README, Decisions). */
	return store_list(st, a, sizeof **out, round_counts_row, out, n, e,
			  "SELECT r.number,"
			  " CAST((SELECT COUNT(*) FROM grp g WHERE g.round_id = r.id)"
			  "  AS BIGINT),"
			  " CAST((SELECT COUNT(DISTINCT m.group_id) FROM member m"
			  "  JOIN grp g ON g.id = m.group_id"
			  "  WHERE g.round_id = r.id AND m.outcome = 'met') AS BIGINT)"
			  " FROM round r WHERE r.programme_id = ? ORDER BY r.number",
			  "i", programme_id);
}

/* The WHERE clause of a people page and its binds. */
#define PEOPLE_WHERE \
	" WHERE programme_id = ?" \
	" AND (? = '' OR LOWER(name || ' ' || email || ' ' || organisation" \
	"  || ' ' || sector || ' ' || topics || ' ' || intro) LIKE ?)" \
	" AND (? = '' OR status = ?)"

static int people_bind(struct db_stmt *s, struct err *e, int64_t pid,
		       const char *q, const char *like, const char *status)
{
	return db_bindf(s, e, "itttt", pid, q, like, status, status);
}

/* "%q%" lower-cased, with LIKE's own wildcards escaped away (a search
 * for "50%" means the text, not a pattern). */
static char *like_pattern(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *out = arena_alloc(a, n + 3), *o = out;
	if (!out)
		return NULL;
	*o++ = '%';
	for (; *q; q++)
		if (*q != '%' && *q != '_')
			*o++ = (char)((*q >= 'A' && *q <= 'Z') ? *q + 32 : *q);
	*o++ = '%';
	*o = '\0';
	return out;
}

int store_dash_people_page(struct store *st, int64_t programme_id,
			   const char *q, const char *status, size_t offset,
			   size_t limit, struct arena *a, struct person **out,
			   size_t *n, size_t *matched, struct err *e)
{
	struct db_stmt *s = NULL;
	struct person *v;
	size_t failed = arena_failures(a);
	const char *like = like_pattern(a, q ? q : "");
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		q = "";
	if (!status)
		status = "";
	v = arena_calloc(a, limit ? limit : 1, sizeof *v);
	if (!v || !like)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (matched) {
		if (db_prepare(st->db, "SELECT CAST(COUNT(*) AS BIGINT) FROM person"
				       PEOPLE_WHERE, &s, e) < 0)
			return -1;
		rc = people_bind(s, e, programme_id, q, like, status);
		if (rc == 0)
			rc = db_step(s, e);
		*matched = rc == 1 ? (size_t)db_col_int(s, 0) : 0;
		db_finalize(s);
		if (rc < 0)
			return -1;
	}
	if (db_prepare(st->db, "SELECT " STORE_PERSON_COLS " FROM person"
			       PEOPLE_WHERE " ORDER BY id LIMIT ? OFFSET ?",
		       &s, e) < 0)
		return -1;
	rc = people_bind(s, e, programme_id, q, like, status);
	if (rc == 0) {
		db_bind_int(s, 6, (int64_t)limit);
		db_bind_int(s, 7, (int64_t)offset);
	}
	while (rc == 0 && *n < limit && (rc = db_step(s, e)) == 1) {
		store_person_from_row(s, a, &v[*n]);
		(*n)++;
		rc = 0;
	}
	db_finalize(s);
	if (store_rows_ok(a, failed, rc, e) < 0)
		return -1;
	*out = v;
	return 0;
}

int store_dash_round_page(struct store *st, int64_t round_id, size_t offset,
			  size_t limit, struct arena *a, struct group **out,
			  char ***sectors, size_t *n, struct err *e)
{
	struct db_stmt *s = NULL;
	size_t failed = arena_failures(a);
	struct group *g = arena_calloc(a, limit ? limit : 1, sizeof *g);
	char **sec = arena_calloc(a, 3 * (limit ? limit : 1), sizeof *sec);
	size_t len = 0;
	int rc;
	*n = 0;
	if (!g || !sec)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (db_prepare(st->db,
		       "SELECT g.id, p.id, p.email, p.name, p.organisation,"
		       " m.outcome, m.rating, m.comment, p.sector"
		       " FROM (SELECT id, position FROM grp WHERE round_id = ?"
		       "  ORDER BY position, id LIMIT ? OFFSET ?) g"
		       " JOIN member m ON m.group_id = g.id"
		       " JOIN person p ON p.id = m.person_id"
		       " ORDER BY g.position, g.id, p.id", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "iii", round_id, (int64_t)limit, (int64_t)offset);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		int64_t gid = db_col_int(s, 0);
		rc = 0;
		if (!len || g[len - 1].id != gid) {
			if (len == limit)
				break;
			g[len++].id = gid;
		}
		struct group *cur = &g[len - 1];
		if (cur->n >= 3)
			continue;
		store_member_from_row(s, a, &cur->member[cur->n]);
		sec[(len - 1) * 3 + (size_t)cur->n] = arena_strdup(a, db_col_text(s, 8));
		cur->n++;
	}
	db_finalize(s);
	if (store_rows_ok(a, failed, rc, e) < 0)
		return -1;
	*out = g;
	*sectors = sec;
	*n = len;
	return 0;
}

int store_dash_round_unplaced(struct store *st, int64_t round_id,
			      size_t limit, struct arena *a,
			      struct unplaced **out, char ***names, size_t *n,
			      struct err *e)
{
	struct db_stmt *s = NULL;
	size_t failed = arena_failures(a);
	struct unplaced *u = arena_calloc(a, limit ? limit : 1, sizeof *u);
	char **nm = arena_calloc(a, limit ? limit : 1, sizeof *nm);
	int rc;
	*n = 0;
	if (!u || !nm)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (db_prepare(st->db,
		       "SELECT u.person_id, p.email, u.reason, p.name, u.code"
		       " FROM unplaced u JOIN person p ON p.id = u.person_id"
		       " WHERE u.round_id = ? ORDER BY p.id LIMIT ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ii", round_id, (int64_t)limit);
	while (rc == 0 && *n < limit && (rc = db_step(s, e)) == 1) {
		u[*n].person_id = db_col_int(s, 0);
		u[*n].email = arena_strdup(a, db_col_text(s, 1));
		u[*n].reason = arena_strdup(a, db_col_text(s, 2));
		nm[*n] = arena_strdup(a, db_col_text(s, 3));
		u[*n].code = arena_strdup(a, db_col_text(s, 4));
		(*n)++;
		rc = 0;
	}
	db_finalize(s);
	if (store_rows_ok(a, failed, rc, e) < 0)
		return -1;
	*out = u;
	*names = nm;
	return 0;
}

int store_dash_audit_stamp(struct store *st, int64_t programme_id,
			   int64_t *out, struct err *e)
{
	*out = 0;
	return db_int(st->db, out, e,
		      "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM audit"
		      " WHERE programme_id = ?", "i", programme_id) < 0 ? -1 : 0;
}

int store_dash_organiser_contact(struct store *st, int64_t programme_id,
				 struct arena *a, char **out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	*out = "";
	if (db_prepare(st->db,
		       "SELECT o.email FROM programme_organiser po"
		       " JOIN web_organiser o ON o.id = po.organiser_id"
		       " WHERE po.programme_id = ?"
		       " ORDER BY po.created_at, o.id LIMIT 1", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", programme_id);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*out = arena_strdup(a, db_col_text(s, 0));
	db_finalize(s);
	if (rc == 1 && !*out)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return rc < 0 ? -1 : 0;
}

int store_dash_ratings(struct store *st, int64_t programme_id,
		       int64_t ratings[6], struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(ratings, 0, 6 * sizeof *ratings);
	if (db_prepare(st->db,
		       "SELECT m.rating, CAST(COUNT(*) AS BIGINT) FROM member m"
		       " JOIN grp g ON g.id = m.group_id"
		       " JOIN round r ON r.id = g.round_id"
		       " WHERE r.programme_id = ? AND r.state <> 'draft'"
		       " AND m.rating BETWEEN 1 AND 5 GROUP BY m.rating",
		       &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", programme_id);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		int64_t r = db_col_int(s, 0);
		if (r >= 1 && r <= 5)
			ratings[r] = db_col_int(s, 1);
		rc = 0;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}
