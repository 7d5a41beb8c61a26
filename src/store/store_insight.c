/* store_insight: the read queries of the insight area (see store_insight.h). */
#include "store/store_insight.h"

#include <string.h>

#include "store/store_impl.h"

#define PUBLISHED "r.state IN ('published', 'closed')"

int store_insight_rows(struct store *st, int64_t programme_id,
		       struct arena *a, struct store_insight_rows *out,
		       struct err *e)
{
	struct db_stmt *s = NULL;
	size_t cap;
	int rc;
	memset(out, 0, sizeof *out);

	if (db_prepare(st->db,
		       "SELECT id, name, organisation, sector, joined, status,"
		       " show_name FROM person WHERE programme_id = ?"
		       " ORDER BY id", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	cap = 0;
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
	s = NULL;
	if (rc < 0)
		return -1;

	if (db_prepare(st->db,
		       "SELECT r.id, r.number, r.state, r.published_at FROM round r"
		       " WHERE r.programme_id = ? AND " PUBLISHED
		       " ORDER BY r.number", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	cap = 0;
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
	s = NULL;
	if (rc < 0)
		return -1;

	if (db_prepare(st->db,
		       "SELECT r.number, g.id, m.person_id, m.outcome"
		       " FROM member m JOIN grp g ON g.id = m.group_id"
		       " JOIN round r ON r.id = g.round_id"
		       " WHERE r.programme_id = ? AND " PUBLISHED
		       /* the order the indexes give (round by number, grp by
			* round_id then id, member by group then person): no
			* sort of a million rows */
		       " ORDER BY r.number, g.id, m.person_id",
		       &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	cap = 0;
	while ((rc = db_step(s, e)) == 1) {
		out->members = arena_grow(a, out->members, out->nmembers, &cap,
				    sizeof *out->members);
		if (!out->members)
			goto nomem;
		struct store_insight_member *m = &out->members[out->nmembers++];
		m->round = (int)db_col_int(s, 0);
		m->group_id = db_col_int(s, 1);
		m->person_id = db_col_int(s, 2);
		if (outcome_parse(db_col_text(s, 3), &m->outcome) < 0)
			m->outcome = OUTCOME_NONE;
	}
	db_finalize(s);
	s = NULL;
	if (rc < 0)
		return -1;

	if (db_prepare(st->db,
		       "SELECT r.number, u.person_id FROM unplaced u"
		       " JOIN round r ON r.id = u.round_id"
		       " WHERE r.programme_id = ? AND " PUBLISHED
		       " ORDER BY r.number, u.person_id", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	cap = 0;
	while ((rc = db_step(s, e)) == 1) {
		out->unplaced = arena_grow(a, out->unplaced, out->nunplaced, &cap,
				     sizeof *out->unplaced);
		if (!out->unplaced)
			goto nomem;
		struct store_insight_unplaced *u = &out->unplaced[out->nunplaced++];
		u->round = (int)db_col_int(s, 0);
		u->person_id = db_col_int(s, 1);
	}
	db_finalize(s);
	s = NULL;
	return rc < 0 ? -1 : 0;
nomem:
	db_finalize(s);
	return err_set(e, ERR_INTERNAL, "out of memory reading insight rows");
}
