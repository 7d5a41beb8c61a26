/* store_figures: see store_figures.h. */
#include "store/store_figures.h"

#include <stdio.h>
#include <string.h>

#include "store/store_impl.h"
#include "util/hash.h"

int store_figures_rounds(struct store *st, int64_t programme_id,
			 struct arena *a, struct store_figures_round **out,
			 size_t *n, struct err *e)
{
	struct db_stmt *s = NULL;
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (db_prepare(st->db,
		       "SELECT id, number, state, figures_gen, published_at"
		       " FROM round WHERE programme_id = ?"
		       " AND state IN ('published', 'closed') ORDER BY number",
		       &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	while ((rc = db_step(s, e)) == 1) {
		struct store_figures_round *r;
		*out = arena_grow(a, *out, *n, &cap, sizeof **out);
		if (!*out)
			break;
		r = &(*out)[(*n)++];
		r->id = db_col_int(s, 0);
		r->number = (int)db_col_int(s, 1);
		r->state = strcmp(db_col_text(s, 2), "closed") == 0
				   ? ROUND_CLOSED : ROUND_PUBLISHED;
		r->gen = db_col_int(s, 3);
		r->published_at = arena_strdup(a, db_col_text(s, 4));
		if (!r->published_at)
			break;
	}
	db_finalize(s);
	if (rc == 1)
		return err_set(e, ERR_INTERNAL, "out of memory reading rounds");
	return rc < 0 ? -1 : 0;
}

void store_figures_stamp(int format, const struct store_figures_people *people,
			 const struct store_figures_round *rounds, size_t n,
			 char out[STORE_FIGURES_STAMP])
{
	uint64_t h = HASH_INIT;
	if (people)
		h = hash_int(h, (int64_t)people->digest);
	for (size_t i = 0; i < n; i++) {
		const struct store_figures_round *r = &rounds[i];
		h = hash_int(h, r->id);
		h = hash_int(h, r->number);
		h = hash_int(h, r->state);
		h = hash_int(h, r->gen);
		h = hash_bytes(h, r->published_at, strlen(r->published_at) + 1);
	}
	snprintf(out, STORE_FIGURES_STAMP, "%d.%zu.%016llx", format, n,
		 (unsigned long long)h);
}

int store_figures_people(struct store *st, int64_t programme_id,
			 struct store_figures_people *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	out->digest = HASH_INIT;
	if (db_prepare(st->db,
		       "SELECT id, organisation, sector, joined, status FROM person"
		       " WHERE programme_id = ? ORDER BY id", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	while ((rc = db_step(s, e)) == 1) {
		int64_t id = db_col_int(s, 0);
		enum person_status ps;
		uint64_t h = hash_int(out->digest, id);
		for (int c = 1; c <= 3; c++) {
			const char *t = db_col_text(s, c);
			h = hash_bytes(h, t, strlen(t) + 1);
		}
		if (person_status_parse(db_col_text(s, 4), &ps) < 0)
			ps = PERSON_ACTIVE;
		/* Of the status, figures read only whether the sign-up is
		 * confirmed: pausing someone recomputes nothing. */
		out->digest = hash_int(h, ps == PERSON_PENDING);
		out->count[ps]++;
		out->total++;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

/* Both engines return BIGINT for every column (PostgreSQL's SUM of a
 * BIGINT is NUMERIC otherwise). */
#define BIG(x) "CAST(COALESCE(" x ", 0) AS BIGINT)"
#define WHEN(c) "SUM(CASE WHEN " c " THEN 1 ELSE 0 END)"

int store_figures_tally(struct store *st, int64_t round_id,
			struct store_figures_tally *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if (db_prepare(st->db,
		       "SELECT CAST(COUNT(*) AS BIGINT), " BIG("SUM(met)") ","
		       " " BIG("SUM(CASE WHEN met = 0 AND missed = 1 THEN 1 ELSE 0 END)") ","
		       " " BIG("SUM(a_met)") ", " BIG("SUM(a_missed)") ", " BIG("SUM(n)") ","
		       " " BIG("SUM(r1)") ", " BIG("SUM(r2)") ", " BIG("SUM(r3)") ","
		       " " BIG("SUM(r4)") ", " BIG("SUM(r5)")
		       " FROM (SELECT"
		       "  MAX(CASE WHEN m.outcome = 'met' THEN 1 ELSE 0 END) AS met,"
		       "  MAX(CASE WHEN m.outcome = 'missed' THEN 1 ELSE 0 END) AS missed,"
		       "  " BIG(WHEN("m.outcome = 'met'")) " AS a_met,"
		       "  " BIG(WHEN("m.outcome = 'missed'")) " AS a_missed,"
		       "  CAST(COUNT(*) AS BIGINT) AS n,"
		       "  " BIG(WHEN("m.rating = 1")) " AS r1,"
		       "  " BIG(WHEN("m.rating = 2")) " AS r2,"
		       "  " BIG(WHEN("m.rating = 3")) " AS r3,"
		       "  " BIG(WHEN("m.rating = 4")) " AS r4,"
		       "  " BIG(WHEN("m.rating = 5")) " AS r5"
		       "  FROM grp g JOIN member m ON m.group_id = g.id"
		       "  WHERE g.round_id = ? GROUP BY g.id) x", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, round_id);
	rc = db_step(s, e);
	if (rc == 1) {
		out->groups = db_col_int(s, 0);
		out->met = db_col_int(s, 1);
		out->missed = db_col_int(s, 2);
		out->none = out->groups - out->met - out->missed;
		out->answers[OUTCOME_MET] = db_col_int(s, 3);
		out->answers[OUTCOME_MISSED] = db_col_int(s, 4);
		out->answers[OUTCOME_NONE] = db_col_int(s, 5) - out->answers[OUTCOME_MET]
					     - out->answers[OUTCOME_MISSED];
		for (int k = 1; k <= 5; k++)
			out->ratings[k] = db_col_int(s, 5 + k);
	}
	db_finalize(s);
	if (rc == 0)
		return err_set(e, ERR_INTERNAL, "no tally row");
	return rc < 0 ? -1 : 0;
}

int store_figures_get(struct store *st, int64_t programme_id,
		      const char *part, int upto, const char *stamp,
		      struct arena *a, char **body, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc, hit = 0;
	*body = NULL;
	if (db_prepare(st->db,
		       "SELECT stamp, body FROM insight_figures WHERE programme_id = ?"
		       " AND part = ? AND upto = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "iti", programme_id, part, (int64_t)upto);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1 && strcmp(db_col_text(s, 0), stamp) == 0) {
		*body = arena_strdup(a, db_col_text(s, 1));
		hit = 1;
	}
	db_finalize(s);
	if (rc < 0)
		return -1;
	return hit && !*body ? err_set(e, ERR_INTERNAL, "out of memory") : hit;
}

int store_figures_put(struct store *st, int64_t programme_id,
		      const char *part, int upto, const char *stamp,
		      const char *body, struct err *e)
{
	if (st->in_tx)
		return 0;
	/* ON CONFLICT: SQLite >= 3.24 and PostgreSQL >= 9.5. */
	return db_run(st->db, e,
		      "INSERT INTO insight_figures (programme_id, part, upto, stamp,"
		      " body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (programme_id, part,"
		      " upto) DO UPDATE SET stamp = excluded.stamp, body = excluded.body",
		      "ititt", programme_id, part, (int64_t)upto, stamp, body) < 0
		       ? -1 : 0;
}
