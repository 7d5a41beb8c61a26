/* store_insight: the read queries of the insight area (see store_insight.h). */
#include "store/store_insight.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_figures.h"
#include "store/store_impl.h"
#include "util/buf.h"

#define PUBLISHED "r.state IN ('published', 'closed')"

static int read_people(struct store *st, int64_t programme_id,
		       struct arena *a, struct store_insight_rows *out,
		       struct err *e)
{
	struct db_stmt *s = NULL;
	size_t cap = 0;
	int rc;
	if (db_prepare(st->db,
		       "SELECT id, name, organisation, sector, joined, status,"
		       " show_name FROM person WHERE programme_id = ?"
		       " ORDER BY id", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	while ((rc = db_step(s, e)) == 1) {
		out->people = arena_grow(a, out->people, out->npeople, &cap,
				   sizeof *out->people);
		if (!out->people)
			goto nomem;
		struct store_insight_person *p = &out->people[out->npeople++];
		p->id = db_col_int(s, 0);
		p->name = arena_strdup(a, db_col_text(s, 1));
		p->organisation = arena_strdup(a, db_col_text(s, 2));
		p->sector = arena_strdup(a, db_col_text(s, 3));
		p->joined = arena_strdup(a, db_col_text(s, 4));
		if (person_status_parse(db_col_text(s, 5), &p->status) < 0)
			p->status = PERSON_ACTIVE;
		p->show_name = db_col_int(s, 6) != 0;
		if (!p->name || !p->organisation || !p->sector || !p->joined)
			goto nomem;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
nomem:
	db_finalize(s);
	return err_set(e, ERR_INTERNAL, "out of memory reading insight rows");
}

/* Appends the member rows of every published/closed round of the
 * programme (round_id 0) or of one round, and then its unplaced, to out,
 * in the order of store_insight_rows. */
static int read_members(struct store *st, int64_t programme_id,
			int64_t round_id, struct arena *a,
			struct store_insight_rows *out, size_t *mcap,
			size_t *ucap, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	/* The order the indexes give (round by number, grp by round_id then
	 * id, member by group then person): no sort of a million rows. */
	if (db_prepare(st->db, round_id
		       ? "SELECT r.number, g.id, m.person_id, m.outcome"
			 " FROM member m JOIN grp g ON g.id = m.group_id"
			 " JOIN round r ON r.id = g.round_id"
			 " WHERE g.round_id = ? ORDER BY g.id, m.person_id"
		       : "SELECT r.number, g.id, m.person_id, m.outcome"
			 " FROM member m JOIN grp g ON g.id = m.group_id"
			 " JOIN round r ON r.id = g.round_id"
			 " WHERE r.programme_id = ? AND " PUBLISHED
			 " ORDER BY r.number, g.id, m.person_id", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", round_id ? round_id : programme_id);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		out->members = arena_grow(a, out->members, out->nmembers, mcap,
				    sizeof *out->members);
		if (!out->members)
			goto nomem;
		struct store_insight_member *m = &out->members[out->nmembers++];
		m->round = (int)db_col_int(s, 0);
		m->group_id = db_col_int(s, 1);
		m->person_id = db_col_int(s, 2);
		if (outcome_parse(db_col_text(s, 3), &m->outcome) < 0)
			m->outcome = OUTCOME_NONE;
		rc = 0;
	}
	db_finalize(s);
	s = NULL;
	if (rc < 0)
		return -1;

	if (db_prepare(st->db, round_id
		       ? "SELECT r.number, u.person_id FROM unplaced u"
			 " JOIN round r ON r.id = u.round_id"
			 " WHERE u.round_id = ? ORDER BY u.person_id"
		       : "SELECT r.number, u.person_id FROM unplaced u"
			 " JOIN round r ON r.id = u.round_id"
			 " WHERE r.programme_id = ? AND " PUBLISHED
			 " ORDER BY r.number, u.person_id", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", round_id ? round_id : programme_id);
	while (rc == 0 && (rc = db_step(s, e)) == 1) {
		out->unplaced = arena_grow(a, out->unplaced, out->nunplaced, ucap,
				     sizeof *out->unplaced);
		if (!out->unplaced)
			goto nomem;
		struct store_insight_unplaced *u = &out->unplaced[out->nunplaced++];
		u->round = (int)db_col_int(s, 0);
		u->person_id = db_col_int(s, 1);
		rc = 0;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
nomem:
	db_finalize(s);
	return err_set(e, ERR_INTERNAL, "out of memory reading insight rows");
}

int store_insight_rows(struct store *st, int64_t programme_id,
		       struct arena *a, struct store_insight_rows *out,
		       struct err *e)
{
	struct db_stmt *s = NULL;
	size_t cap = 0, mcap = 0, ucap = 0;
	int rc;
	memset(out, 0, sizeof *out);
	if (read_people(st, programme_id, a, out, e) < 0)
		return -1;
	if (db_prepare(st->db,
		       "SELECT r.id, r.number, r.state, r.published_at FROM round r"
		       " WHERE r.programme_id = ? AND " PUBLISHED
		       " ORDER BY r.number", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	while ((rc = db_step(s, e)) == 1) {
		out->rounds = arena_grow(a, out->rounds, out->nrounds, &cap,
				   sizeof *out->rounds);
		if (!out->rounds)
			goto nomem;
		struct store_insight_round *r = &out->rounds[out->nrounds++];
		r->id = db_col_int(s, 0);
		r->number = (int)db_col_int(s, 1);
		r->state = strcmp(db_col_text(s, 2), "closed") == 0
				   ? ROUND_CLOSED : ROUND_PUBLISHED;
		r->published_at = arena_strdup(a, db_col_text(s, 3));
		if (!r->published_at)
			goto nomem;
	}
	db_finalize(s);
	if (rc < 0)
		return -1;
	return read_members(st, programme_id, 0, a, out, &mcap, &ucap, e);
nomem:
	db_finalize(s);
	return err_set(e, ERR_INTERNAL, "out of memory reading insight rows");
}

/* ---- one round's rows in the figures cache ---- */

/* How a round's rows are written in the cache: bump it when the body's
 * format or the rows it holds change. */
#define ROWS_FORMAT 1

/* The body: per member row, the step of its group id from the previous
 * row's (the first from 0) and person_id * 4 + outcome; then ";" and the
 * unplaced person ids.  Numbers are separated by one space.  About ten
 * bytes a member. */
static char *rows_encode(const struct store_insight_rows *r, size_t m0,
			 size_t u0)
{
	struct buf b;
	int64_t gid = 0;
	buf_init(&b, 0);
	for (size_t i = m0; i < r->nmembers; i++) {
		const struct store_insight_member *m = &r->members[i];
		buf_printf(&b, "%lld %lld ", (long long)(m->group_id - gid),
			   (long long)(m->person_id * 4 + (int64_t)m->outcome));
		gid = m->group_id;
	}
	buf_putc(&b, ';');
	for (size_t i = u0; i < r->nunplaced; i++)
		buf_printf(&b, " %lld", (long long)r->unplaced[i].person_id);
	return buf_detach(&b, NULL);
}

/* A number as rows_encode writes it (an optional '-', at most 18
 * digits) at *p, which moves past it; -1 when there is none.  Not
 * strtoll: a million of them are read per call, and this is a fifth of
 * the cost. */
static int parse_num(const char **p, long long *v)
{
	const char *c = *p;
	unsigned long long x = 0;
	bool neg = *c == '-';
	int digits = 0;
	c += neg;
	while (*c >= '0' && *c <= '9') {
		if (++digits > 18)
			return -1;
		x = x * 10 + (unsigned long long)(*c++ - '0');
	}
	if (!digits)
		return -1;
	*v = neg ? -(long long)x : (long long)x;
	*p = c;
	return 0;
}

/* The member rows in a body: two numbers each before the ';'. */
static size_t rows_count(const char *body)
{
	size_t spaces = 0;
	for (const char *p = body; *p && *p != ';'; p++)
		spaces += *p == ' ';
	return spaces / 2;
}

/* Appends the rows of round number from body; -1 when it does not parse
 * (then out may hold part of them: the caller truncates). */
static int rows_decode(const char *body, int number, struct arena *a,
		       struct store_insight_rows *out, size_t *mcap,
		       size_t *ucap)
{
	const char *p = body;
	int64_t gid = 0;
	while (*p && *p != ';') {
		long long dg, pv;
		if (parse_num(&p, &dg) < 0 || *p++ != ' ' ||
		    parse_num(&p, &pv) < 0 || *p++ != ' ' || pv < 0 || pv % 4 > 2)
			return -1;
		out->members = arena_grow(a, out->members, out->nmembers, mcap,
				    sizeof *out->members);
		if (!out->members)
			return -1;
		struct store_insight_member *m = &out->members[out->nmembers++];
		gid += dg;
		m->round = number;
		m->group_id = gid;
		m->person_id = pv / 4;
		m->outcome = (enum outcome)(pv % 4);
	}
	if (*p++ != ';')
		return -1;
	while (*p == ' ') {
		long long id;
		p++;
		if (parse_num(&p, &id) < 0)
			return -1;
		out->unplaced = arena_grow(a, out->unplaced, out->nunplaced, ucap,
				     sizeof *out->unplaced);
		if (!out->unplaced)
			return -1;
		out->unplaced[out->nunplaced].round = number;
		out->unplaced[out->nunplaced++].person_id = id;
	}
	return *p ? -1 : 0;
}

int store_insight_rows_cached(struct store *st, int64_t programme_id,
			      struct arena *a, struct store_insight_rows *out,
			      struct err *e)
{
	struct store_figures_round *fr;
	size_t nfr, mcap = 0, ucap = 0, want = 0, hits = 0;
	char **bodies, stamp[STORE_FIGURES_STAMP];
	memset(out, 0, sizeof *out);
	/* The generations before the rows (store_figures.h). */
	if (store_figures_rounds(st, programme_id, a, &fr, &nfr, e) < 0 ||
	    read_people(st, programme_id, a, out, e) < 0)
		return -1;
	out->rounds = arena_calloc(a, nfr ? nfr : 1, sizeof *out->rounds);
	bodies = arena_calloc(a, nfr ? nfr : 1, sizeof *bodies);
	if (!out->rounds || !bodies)
		return err_set(e, ERR_INTERNAL, "out of memory reading insight rows");
	for (size_t i = 0; i < nfr; i++) {
		store_figures_stamp(ROWS_FORMAT, NULL, &fr[i], 1, stamp);
		int hit = store_figures_get(st, programme_id, "rows", fr[i].number,
					    stamp, a, &bodies[i], e);
		if (hit < 0)
			return -1;
		if (hit) {
			want += rows_count(bodies[i]);
			hits++;
		}
	}
	/* Room for every row at once (and as many again for each round
	 * read from SQL as a cached one holds): growing a million rows by
	 * doubling copied and zeroed twice what they take. */
	if (hits < nfr && hits)
		want += want / hits * (nfr - hits);
	if (want) {
		out->members = arena_calloc(a, want, sizeof *out->members);
		if (!out->members)
			return err_set(e, ERR_INTERNAL, "out of memory reading insight rows");
		mcap = want;
	}
	for (size_t i = 0; i < nfr; i++) {
		struct store_insight_round *r = &out->rounds[out->nrounds++];
		size_t m0 = out->nmembers, u0 = out->nunplaced;
		char *body;
		r->id = fr[i].id;
		r->number = fr[i].number;
		r->state = fr[i].state;
		r->published_at = fr[i].published_at;
		if (bodies[i] &&
		    rows_decode(bodies[i], r->number, a, out, &mcap, &ucap) == 0)
			continue;
		out->nmembers = m0;
		out->nunplaced = u0;
		if (read_members(st, programme_id, r->id, a, out,
				 &mcap, &ucap, e) < 0)
			return -1;
		store_figures_stamp(ROWS_FORMAT, NULL, &fr[i], 1, stamp);
		body = rows_encode(out, m0, u0);
		if (body)
			(void)store_figures_put(st, programme_id, "rows", r->number,
						stamp, body, NULL);
		free(body);
	}
	return 0;
}

int store_insight_version(struct store *st, int64_t programme_id,
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
