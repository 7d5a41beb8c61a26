/* store_round: rounds, groups, members, outcomes (see store.h). */
#include "store/store_impl.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"

#define ROUND_COLS \
	"id, programme_id, number, state, seed, created_at, published_at, deadline"

static void round_from_row(struct db_stmt *s, struct arena *a, struct round *r)
{
	const char *state = db_col_text(s, 3);
	r->id = db_col_int(s, 0);
	r->programme_id = db_col_int(s, 1);
	r->number = (int)db_col_int(s, 2);
	r->state = strcmp(state, "published") == 0 ? ROUND_PUBLISHED
		   : strcmp(state, "closed") == 0  ? ROUND_CLOSED
						    : ROUND_DRAFT;
	r->seed = (uint64_t)db_col_int(s, 4);
	r->created_at = arena_strdup(a, db_col_text(s, 5));
	r->published_at = arena_strdup(a, db_col_text(s, 6));
	r->deadline = arena_strdup(a, db_col_text(s, 7));
}

int store_round_latest(struct store *st, int64_t programme_id,
		       struct arena *a, struct round *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db,
		       "SELECT " ROUND_COLS " FROM round WHERE programme_id = ?"
		       " ORDER BY number DESC LIMIT 1", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1)
		round_from_row(s, a, out);
	db_finalize(s);
	rc = store_rows_ok(a, failed, rc, e);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "this programme has no rounds yet");
	return rc == 1 ? 0 : -1;
}

static void round_row(struct db_stmt *s, struct arena *a, void *elem)
{
	round_from_row(s, a, elem);
}

int store_round_list(struct store *st, int64_t programme_id, struct arena *a,
		     struct round **out, size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, round_row, out, n, e,
			  "SELECT " ROUND_COLS " FROM round WHERE programme_id = ?"
			  " ORDER BY number", "i", programme_id);
}

void store_member_from_row(struct db_stmt *s, struct arena *a,
			   struct member *m)
{
	m->person_id = db_col_int(s, 1);
	m->email = arena_strdup(a, db_col_text(s, 2));
	m->name = arena_strdup(a, db_col_text(s, 3));
	m->organisation = arena_strdup(a, db_col_text(s, 4));
	if (outcome_parse(db_col_text(s, 5), &m->outcome) < 0)
		m->outcome = OUTCOME_NONE;
	m->rating = (int)db_col_int(s, 6);
	m->comment = arena_strdup(a, db_col_text(s, 7));
}

static int round_load_groups(struct store *st, struct arena *a,
			     struct round_detail *out, struct err *e)
{
	struct db_stmt *s = NULL;
	size_t cap = 0, failed = arena_failures(a);
	int rc;
	if (db_prepare(st->db,
		       "SELECT g.id, p.id, p.email, p.name, p.organisation,"
		       " m.outcome, m.rating, m.comment"
		       " FROM grp g JOIN member m ON m.group_id = g.id"
		       " JOIN person p ON p.id = m.person_id"
		       " WHERE g.round_id = ? ORDER BY g.position, g.id, p.id",
		       &s, e) < 0)
		return -1;
	db_bind_int(s, 1, out->round.id);
	while ((rc = db_step(s, e)) == 1) {
		int64_t gid = db_col_int(s, 0);
		struct group *g = out->ngroups ? &out->groups[out->ngroups - 1] : NULL;
		if (!g || g->id != gid) {
			struct group *grown = arena_grow(a, out->groups, out->ngroups,
							 &cap, sizeof *grown);
			if (!grown) {
				rc = err_set(e, ERR_INTERNAL, "out of memory");
				break;
			}
			out->groups = grown;
			g = &out->groups[out->ngroups++];
			g->id = gid;
		}
		if (g->n >= 3) {
			rc = err_set(e, ERR_INTERNAL, "group %lld has more than 3 members",
				     (long long)gid);
			break;
		}
		store_member_from_row(s, a, &g->member[g->n++]);
	}
	db_finalize(s);
	return store_rows_ok(a, failed, rc, e) < 0 ? -1 : 0;
}

static void unplaced_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct unplaced *u = elem;
	u->person_id = db_col_int(s, 0);
	u->email = arena_strdup(a, db_col_text(s, 1));
	u->reason = arena_strdup(a, db_col_text(s, 2));
	u->code = arena_strdup(a, db_col_text(s, 3));
}

static int round_load_unplaced(struct store *st, struct arena *a,
			       struct round_detail *out, struct err *e)
{
	return store_list(st, a, sizeof *out->unplaced, unplaced_row,
			  &out->unplaced, &out->nunplaced, e,
			  "SELECT u.person_id, p.email, u.reason, u.code FROM unplaced u"
			  " JOIN person p ON p.id = u.person_id WHERE u.round_id = ?"
			  " ORDER BY u.person_id", "i", out->round.id);
}

int store_round_detail(struct store *st, int64_t programme_id, int number,
		       struct arena *a, struct round_detail *out,
		       struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if (db_prepare(st->db,
		       "SELECT " ROUND_COLS " FROM round WHERE programme_id = ?"
		       " AND number = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "ii", programme_id, (int64_t)number);
	if (rc == 0)
		rc = db_step(s, e);
	size_t failed = arena_failures(a);
	if (rc == 1)
		round_from_row(s, a, &out->round);
	db_finalize(s);
	rc = store_rows_ok(a, failed, rc, e);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND, "no round %d in this programme", number);
	if (rc < 0)
		return -1;
	if (round_load_groups(st, a, out, e) < 0 ||
	    round_load_unplaced(st, a, out, e) < 0)
		return -1;
	return 0;
}

int store_round_delete_draft(struct store *st, int64_t programme_id,
			     struct err *e)
{
	return db_run(st->db, e,
		      "DELETE FROM round WHERE programme_id = ? AND state = 'draft'",
		      "i", programme_id) < 0 ? -1 : 0;
}

static int round_insert_row(struct store *st, struct round *r, struct err *e)
{
	struct db_stmt *s = NULL;
	char now[32];
	int rc;
	store_now(now);
	if (db_prepare(st->db,
		       "INSERT INTO round (programme_id, number, state, seed,"
		       " created_at, published_at, deadline)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "iitittt", r->programme_id, (int64_t)r->number,
		      round_state_name(r->state), (int64_t)r->seed, now,
		      r->published_at ? r->published_at : "",
		      r->deadline ? r->deadline : "");
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		r->id = db_col_int(s, 0);
	db_finalize(s);
	if (rc == 0)
		return err_set(e, ERR_INTERNAL, "round insert returned nothing");
	return rc == 1 ? 0 : -1;
}

/* RETURNING id, position of the groups' batch: position is the index. */
struct group_ids {
	struct group *groups;
	size_t n;
	size_t seen;
};

static void group_id_row(struct db_stmt *row, void *arg)
{
	struct group_ids *g = arg;
	int64_t pos = db_col_int(row, 1);
	if (pos >= 0 && (size_t)pos < g->n) {
		g->groups[pos].id = db_col_int(row, 0);
		g->seen++;
	}
}

/* Groups, their members and the unplaced of a new round, each as one
 * batch: three round trips on PostgreSQL whatever the round's size. */
int store_round_insert(struct store *st, struct round *r,
		       struct group *groups, size_t ngroups,
		       const struct unplaced *unplaced, size_t nunplaced,
		       struct err *e)
{
	struct group_ids ids = {groups, ngroups, 0};
	const struct db_batch_spec gspec = {
		.insert = "INSERT INTO grp (round_id, position)",
		.fmt = "ii",
		.suffix = " RETURNING id, position",
		.on_row = group_id_row,
		.arg = &ids,
	};
	static const struct db_batch_spec mspec = {
		.insert = "INSERT INTO member (group_id, person_id)", .fmt = "ii", .suffix = "",
	};
	static const struct db_batch_spec uspec = {
		.insert = "INSERT INTO unplaced (round_id, person_id, reason, code)",
		.fmt = "iitt", .suffix = "",
	};
	struct db_batch *b;
	if (round_insert_row(st, r, e) < 0 || db_batch_begin(st->db, &gspec, &b, e) < 0)
		return -1;
	for (size_t i = 0; i < ngroups; i++)
		if (db_batch_add(b, e, r->id, (int64_t)i) < 0)
			break;
	if (db_batch_end(b, e) < 0)
		return -1;
	if (ids.seen != ngroups)
		return err_set(e, ERR_INTERNAL, "round insert: %zu of %zu group ids",
			       ids.seen, ngroups);
	if (db_batch_begin(st->db, &mspec, &b, e) < 0)
		return -1;
	for (size_t i = 0; i < ngroups; i++)
		for (int m = 0; m < groups[i].n; m++)
			if (db_batch_add(b, e, groups[i].id,
					 groups[i].member[m].person_id) < 0)
				goto members_done;
members_done:
	if (db_batch_end(b, e) < 0 || db_batch_begin(st->db, &uspec, &b, e) < 0)
		return -1;
	for (size_t i = 0; i < nunplaced; i++)
		if (db_batch_add(b, e, r->id, unplaced[i].person_id,
				 unplaced[i].reason,
				 unplaced[i].code ? unplaced[i].code : "") < 0)
			break;
	return db_batch_end(b, e) < 0 ? -1 : 0;
}

/* A change to a group's members or outcomes: its round's generation
 * moves on, so figures cached from the round are stale (store_figures.h). */
static int bump_gen(struct store *st, int64_t group_id, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE round SET figures_gen = figures_gen + 1"
		      " WHERE id = (SELECT round_id FROM grp WHERE id = ?)",
		      "i", group_id) < 0 ? -1 : 0;
}

int store_group_set_members(struct store *st, int64_t group_id,
			    const int64_t *person_ids, int n, struct err *e)
{
	if (bump_gen(st, group_id, e) < 0 ||
	    db_run(st->db, e, "DELETE FROM member WHERE group_id = ?", "i",
		   group_id) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (db_run(st->db, e,
			   "INSERT INTO member (group_id, person_id) VALUES (?, ?)",
			   "ii", group_id, person_ids[i]) < 0)
			return -1;
	return 0;
}

int store_round_set_state(struct store *st, int64_t round_id,
			  enum round_state state, const char *when,
			  struct err *e)
{
	int64_t n;
	if (state == ROUND_PUBLISHED)
		n = db_run(st->db, e,
			   "UPDATE round SET state = ?, published_at = ?,"
			   " figures_gen = figures_gen + 1 WHERE id = ?",
			   "tti", round_state_name(state), when ? when : "", round_id);
	else
		n = db_run(st->db, e, "UPDATE round SET state = ?,"
			   " figures_gen = figures_gen + 1 WHERE id = ?",
			   "ti", round_state_name(state), round_id);
	if (n < 0)
		return -1;
	return n ? 0 : err_set(e, ERR_NOTFOUND, "no such round");
}

static void tally_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct round_tally *t = elem;
	(void)a;
	t->number = (int)db_col_int(s, 0);
	t->groups = (size_t)db_col_int(s, 1);
	t->met = (size_t)db_col_int(s, 2);
}

int store_round_tallies(struct store *st, int64_t programme_id,
			struct arena *a, struct round_tally **out, size_t *n,
			struct err *e)
{
	return store_list(st, a, sizeof **out, tally_row, out, n, e,
			  "SELECT number, COUNT(*), COALESCE(SUM(met), 0) FROM"
			  " (SELECT r.number AS number, MAX(CASE WHEN m.outcome = 'met'"
			  "  THEN 1 ELSE 0 END) AS met FROM round r"
			  "  JOIN grp g ON g.round_id = r.id"
			  "  LEFT JOIN member m ON m.group_id = g.id"
			  "  WHERE r.programme_id = ? AND r.state <> 'draft'"
			  "  GROUP BY r.number, g.id) x GROUP BY number ORDER BY number",
			  "i", programme_id);
}

static void history_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct pair_history *h = elem;
	(void)a;
	h->a = db_col_int(s, 0);
	h->b = db_col_int(s, 1);
	h->round = (int)db_col_int(s, 2);
	if (outcome_parse(db_col_text(s, 3), &h->outcome_a) < 0)
		h->outcome_a = OUTCOME_NONE;
	if (outcome_parse(db_col_text(s, 4), &h->outcome_b) < 0)
		h->outcome_b = OUTCOME_NONE;
}

int store_pair_history(struct store *st, int64_t programme_id,
		       struct arena *a, struct pair_history **out, size_t *n,
		       struct err *e)
{
	return store_list(st, a, sizeof **out, history_row, out, n, e,
			  "SELECT m1.person_id, m2.person_id, r.number, m1.outcome,"
			  " m2.outcome FROM round r JOIN grp g ON g.round_id = r.id"
			  " JOIN member m1 ON m1.group_id = g.id"
			  " JOIN member m2 ON m2.group_id = g.id"
			  "  AND m1.person_id < m2.person_id"
			  " WHERE r.programme_id = ? AND r.state <> 'draft'"
			  " ORDER BY r.number, g.position", "i", programme_id);
}

int store_outcome_set(struct store *st, int64_t group_id, int64_t person_id,
		      enum outcome o, int rating, const char *comment,
		      const char *when, struct err *e)
{
	/* The answer and its round's generation commit together (in the
	 * caller's transaction, else in a short one of their own), the
	 * generation last so PostgreSQL holds the round's row lock for the
	 * shortest time. */
	bool own = !st->in_tx;
	int64_t n;
	if (own && store_begin(st, e) < 0)
		return -1;
	n = db_run(st->db, e,
		   "UPDATE member SET outcome = ?, rating = ?,"
		   " comment = COALESCE(?, comment), answered_at = ?"
		   " WHERE group_id = ? AND person_id = ?",
		   "tittii", outcome_name(o), (int64_t)rating, comment,
		   when ? when : "", group_id, person_id);
	if (n == 0)
		err_set(e, ERR_NOTFOUND, "that person is not in that group");
	if (n <= 0 || bump_gen(st, group_id, e) < 0 ||
	    (own && store_commit(st, e) < 0)) {
		if (own)
			store_rollback(st);
		return -1;
	}
	return 0;
}

int store_round_set_deadline(struct store *st, int64_t round_id,
			     const char *from, int days, struct err *e)
{
	char deadline[11];
	clock_add_days(from, days, deadline);
	return db_run(st->db, e, "UPDATE round SET deadline = ? WHERE id = ?",
		      "ti", deadline, round_id) < 0 ? -1 : 0;
}
