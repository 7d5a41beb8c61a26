/* store_mail: see store_mail.h. */
#include "store/store_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"

#define ROW_COLS                                                          \
	"id, programme_id, person_id, round_id, group_id, kind, dedupe,"  \
	" rcpt, detail, state, attempts, last_code, last_reply, due_at,"  \
	" created_at, sent_at"

static void row_from(struct db_stmt *s, struct arena *a, struct mail_row *r)
{
	r->id = db_col_int(s, 0);
	r->programme_id = db_col_int(s, 1);
	r->person_id = db_col_int(s, 2);
	r->round_id = db_col_int(s, 3);
	r->group_id = db_col_int(s, 4);
	r->kind = arena_strdup(a, db_col_text(s, 5));
	r->dedupe = arena_strdup(a, db_col_text(s, 6));
	r->rcpt = arena_strdup(a, db_col_text(s, 7));
	r->detail = arena_strdup(a, db_col_text(s, 8));
	r->state = arena_strdup(a, db_col_text(s, 9));
	r->attempts = (int)db_col_int(s, 10);
	r->last_code = (int)db_col_int(s, 11);
	r->last_reply = arena_strdup(a, db_col_text(s, 12));
	r->due_at = db_col_int(s, 13);
	r->created_at = arena_strdup(a, db_col_text(s, 14));
	r->sent_at = arena_strdup(a, db_col_text(s, 15));
}

/* Steps s to the end, collecting rows into a growing arena array. */
static int rows_collect(struct db_stmt *s, struct arena *a,
			struct mail_row **out, size_t *n, struct err *e)
{
	size_t cap = 0, len = 0, failed = arena_failures(a);
	struct mail_row *v = NULL;
	int rc;
	while ((rc = db_step(s, e)) == 1) {
		struct mail_row *nv = arena_grow(a, v, len, &cap, sizeof *v);
		if (!nv)
			return err_set(e, ERR_INTERNAL, "out of memory");
		v = nv;
		row_from(s, a, &v[len++]);
	}
	if (store_rows_ok(a, failed, rc, e) < 0)
		return -1;
	*out = v;
	*n = len;
	return 0;
}

int store_mail_enqueue(struct store *st, const struct mail_row *r,
		       bool *inserted, struct err *e)
{
	char now[32];
	store_now(now);
	/* ON CONFLICT DO NOTHING: SQLite >= 3.24 and PostgreSQL >= 9.5. */
	int64_t n = db_run(st->db, e,
			   "INSERT INTO mail_outbox (programme_id, person_id, kind,"
			   " round_id, group_id, dedupe, rcpt, detail, due_at,"
			   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			   " ON CONFLICT (dedupe) DO NOTHING",
			   "iitiitttit", r->programme_id, r->person_id, r->kind,
			   r->round_id, r->group_id, r->dedupe,
			   r->rcpt ? r->rcpt : "", r->detail ? r->detail : "",
			   r->due_at, now);
	if (n < 0 || (n > 0 && store_notify(st, STORE_MAIL_CHANNEL, e) < 0))
		return -1;
	if (inserted)
		*inserted = n > 0;
	return 0;
}

int store_mail_enqueue_many(struct store *st, const struct mail_row *rows,
			    size_t n, struct err *e)
{
	static const struct db_batch_spec spec = {
		.insert = "INSERT INTO mail_outbox (programme_id, person_id, kind,"
			  " round_id, group_id, dedupe, rcpt, detail, due_at,"
			  " created_at)",
		.fmt = "iitiitttit",
		.suffix = " ON CONFLICT (dedupe) DO NOTHING",
		/* dedupe is unique: the planner needs no statistics of it. */
		.analyze = "(id, programme_id, person_id, organiser_id, kind,"
			   " round_id, group_id, state, due_at, lease_until)",
	};
	struct db_batch *b;
	char now[32];
	int64_t added;
	store_now(now);
	if (db_batch_begin(st->db, &spec, &b, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct mail_row *r = &rows[i];
		if (db_batch_add(b, e, r->programme_id, r->person_id, r->kind,
				 r->round_id, r->group_id, r->dedupe,
				 r->rcpt ? r->rcpt : "", r->detail ? r->detail : "",
				 r->due_at, now) < 0)
			break;
	}
	added = db_batch_end(b, e);
	if (added < 0 || (added > 0 && store_notify(st, STORE_MAIL_CHANNEL, e) < 0))
		return -1;
	return 0;
}

/* The introductions' statement, in the order of the groups.  Every key
 * of its rows comes from a row it joins (the programme from the round,
 * the person from person), so it says so (the first %s, db_ops
 * keys_joined); the second %s is an ON CONFLICT clause, or nothing. */
#define MEMBERS_SQL                                                       \
	"INSERT INTO mail_outbox (programme_id, person_id, kind,"          \
	" round_id, group_id, dedupe, rcpt, detail, due_at,"               \
	" created_at)"                                                     \
	" SELECT r.programme_id, m.person_id, CAST(? AS TEXT),"            \
	" g.round_id, g.id, CAST(? AS TEXT) || CAST(m.person_id AS TEXT),"\
	" p.email, '',"                                                    \
	" CAST(? AS BIGINT), CAST(? AS TEXT)"                              \
	" FROM grp g JOIN round r ON r.id = g.round_id"                    \
	" JOIN member m ON m.group_id = g.id"                              \
	" JOIN person p ON p.id = m.person_id"                             \
	" WHERE g.round_id = ? AND r.programme_id = ?%s"                   \
	" ORDER BY g.position, g.id, m.person_id%s"

int store_mail_enqueue_members(struct store *st, int64_t programme_id,
			       int64_t round_id, const char *kind,
			       int64_t due_at, struct err *e)
{
	char now[32], lo[96], hi[96], joined[160], sql[sizeof MEMBERS_SQL + 256];
	int64_t added, one;
	int some;
	store_now(now);
	/* The dedupe key is the one mail/notify.c's round_row makes
	 * (KIND:rROUND:uPERSON: lo below, then the person), so a retried
	 * publish adds nothing.
	 * Typed parameters: PostgreSQL cannot infer them in a SELECT list.
	 *
	 * The usual case, the publish: no row of this kind is in the
	 * outbox for the round yet (one probe of the dedupe index for the
	 * keys' prefix), and the rows go in without ON CONFLICT, whose
	 * speculative insertion cost PostgreSQL a seventh of the
	 * statement's CPU.  The probe is a statement of its own: inside the
	 * INSERT it would read the table written to, and SQLite would then
	 * gather the whole SELECT in a temporary table first (10% slower).
	 * Two publishers of a round take turns on the round's row
	 * (app_round_publish_in_tx updates its state before it enqueues, in
	 * the same transaction), so the second one's probe sees the first
	 * one's rows; `mail enqueue` only enqueues for a round already
	 * published, whose introductions are in.  Should two writers ever
	 * pass the probe together, the unique dedupe index refuses the
	 * second one's rows (its command fails; nothing is queued twice).
	 * When some are there already (`mail enqueue`, a retry), ON CONFLICT
	 * adds only the missing ones; the WHERE clause also keeps SQLite
	 * from reading ON CONFLICT as a join's ON.
	 *
	 * The keys need no second look (PostgreSQL's statement-level check,
	 * 14% of the insert's instructions): they exist in the statement's
	 * snapshot, and a delete of a person or programme that commits
	 * later locks the outbox first, so it waits for this transaction
	 * and then cascades to its rows (docs/postgres.md, "Keys checked
	 * per statement"), as it does after the check. */
	/* The keys' prefix, up to (not including) the prefix with its last
	 * byte raised. */
	snprintf(lo, sizeof lo, "%s:r%lld:u", kind, (long long)round_id);
	snprintf(hi, sizeof hi, "%s:r%lld:v", kind, (long long)round_id);
	some = db_int(st->db, &one, e, "SELECT 1 FROM mail_outbox"
		      " WHERE dedupe >= ? AND dedupe < ? LIMIT 1", "tt", lo, hi);
	if (some < 0)
		return -1;
	snprintf(joined, sizeof joined, st->db->ops->keys_joined, "mail_outbox");
	snprintf(sql, sizeof sql, MEMBERS_SQL, joined,
		 some ? " ON CONFLICT (dedupe) DO NOTHING" : "");
	added = db_run(st->db, e, sql, "ttitii", kind, lo, due_at, now,
		       round_id, programme_id);
	if (added < 0 || (added > 0 && store_notify(st, STORE_MAIL_CHANNEL, e) < 0))
		return -1;
	return 0;
}

static int cmp_row_id(const void *a, const void *b)
{
	int64_t x = ((const struct mail_row *)a)->id;
	int64_t y = ((const struct mail_row *)b)->id;
	return (x > y) - (x < y);
}

int store_mail_claim(struct store *st, const char *token, int64_t now,
		     int64_t lease_until, int max, struct arena *a,
		     struct mail_row **out, size_t *n, struct err *e)
{
	struct db_stmt *s = NULL;
	char sql[1024];
	int ret = -1;
	*out = NULL;
	*n = 0;
	/* One statement: claim and read back.  Where the engine can, the
	 * inner SELECT locks its rows and skips rows another worker has
	 * locked, so concurrent workers take different rows instead of
	 * queueing behind each other.  The outer test of state is written
	 * so that no index serves it: SQLite otherwise walked every queued
	 * row through the state index instead of looking up the batch's ids. */
	snprintf(sql, sizeof sql,
		 "UPDATE mail_outbox SET lease_until = ?, claimed_by = ?"
		 " WHERE id IN (SELECT id FROM mail_outbox"
		 "  WHERE state = 'queued' AND due_at <= ? AND lease_until <= ?"
		 "  ORDER BY due_at, id LIMIT ?%s)"
		 " AND state || '' = 'queued' AND lease_until <= ?"
		 " RETURNING " ROW_COLS, st->db->ops->skip_locked);
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	if (db_bindf(s, e, "itiiii", lease_until, token, now, now, (int64_t)max,
		     now) < 0)
		goto done;
	ret = rows_collect(s, a, out, n, e);
	if (ret == 0 && *n > 1)
		qsort(*out, *n, sizeof **out, cmp_row_id);
done:
	db_finalize(s);
	return ret;
}

int store_mail_relax_sync(struct store *st, bool relaxed, struct err *e)
{
	return db_exec(st->db, relaxed ? st->db->ops->sync_relaxed
				       : st->db->ops->sync_full, e);
}

int store_mail_sent(struct store *st, int64_t id, const char *token,
		    int code, const char *reply, const char *when,
		    bool *held, struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE mail_outbox SET state = 'sent',"
			   " attempts = attempts + 1, last_code = ?,"
			   " last_reply = ?, sent_at = ?, lease_until = 0"
			   " WHERE id = ? AND claimed_by = ? AND state = 'queued'",
			   "ittit", (int64_t)code, reply ? reply : "", when, id,
			   token);
	if (n < 0)
		return -1;
	if (held)
		*held = n > 0;
	return 0;
}

int store_mail_retry(struct store *st, int64_t id, const char *token,
		     int code, const char *reply, int64_t due_at, bool *held,
		     struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE mail_outbox SET attempts = attempts + 1,"
			   " last_code = ?, last_reply = ?, due_at = ?,"
			   " lease_until = 0"
			   " WHERE id = ? AND claimed_by = ? AND state = 'queued'",
			   "itiit", (int64_t)code, reply ? reply : "", due_at,
			   id, token);
	if (n < 0)
		return -1;
	if (held)
		*held = n > 0;
	return 0;
}

int store_mail_failed(struct store *st, int64_t id, const char *token,
		      int code, const char *reply, bool *held, struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE mail_outbox SET state = 'failed',"
			   " attempts = attempts + 1, last_code = ?,"
			   " last_reply = ?, lease_until = 0"
			   " WHERE id = ? AND claimed_by = ? AND state = 'queued'",
			   "itit", (int64_t)code, reply ? reply : "", id, token);
	if (n < 0)
		return -1;
	if (held)
		*held = n > 0;
	return 0;
}

int store_mail_skipped(struct store *st, int64_t id, const char *token,
		       const char *why, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE mail_outbox SET state = 'skipped', last_reply = ?,"
		      " lease_until = 0"
		      " WHERE id = ? AND claimed_by = ? AND state = 'queued'",
		      "tit", why ? why : "", id, token) < 0 ? -1 : 0;
}

int store_mail_extend(struct store *st, const char *token,
		      int64_t lease_until, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE mail_outbox SET lease_until = ?"
		      " WHERE claimed_by = ? AND state = 'queued' AND lease_until > 0",
		      "it", lease_until, token) < 0 ? -1 : 0;
}

int store_mail_release(struct store *st, const char *token, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE mail_outbox SET lease_until = 0"
		      " WHERE claimed_by = ? AND state = 'queued'",
		      "t", token) < 0 ? -1 : 0;
}

int store_mail_counts(struct store *st, int64_t programme_id,
		      struct mail_counts *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	/* Queued rows and the others apart: on PostgreSQL each part has
	 * its index (migration 615: the claim's holds the queued rows, the
	 * programme's the rest); SQLite's programme index serves both. */
	if (db_prepare(st->db,
		       "SELECT 'queued', COUNT(*) FROM mail_outbox"
		       " WHERE (? = 0 OR programme_id = ?) AND state = 'queued'"
		       " UNION ALL"
		       " SELECT state, COUNT(*) FROM mail_outbox"
		       " WHERE (? = 0 OR programme_id = ?) AND state <> 'queued'"
		       " GROUP BY state",
		       &s, e) < 0)
		return -1;
	if (db_bindf(s, e, "iiii", programme_id, programme_id, programme_id,
		     programme_id) < 0) {
		db_finalize(s);
		return -1;
	}
	while ((rc = db_step(s, e)) == 1) {
		const char *k = db_col_text(s, 0);
		int64_t v = db_col_int(s, 1);
		if (!strcmp(k, "queued"))
			out->queued = v;
		else if (!strcmp(k, "sent"))
			out->sent = v;
		else if (!strcmp(k, "failed"))
			out->failed = v;
		else if (!strcmp(k, "skipped"))
			out->skipped = v;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_mail_list(struct store *st, int64_t programme_id,
		    const char *state, int limit, struct arena *a,
		    struct mail_row **out, size_t *n, struct err *e)
{
	struct db_stmt *s = NULL;
	int ret = -1;
	if (db_prepare(st->db,
		       "SELECT " ROW_COLS " FROM mail_outbox"
		       " WHERE (? = 0 OR programme_id = ?) AND (? = '' OR state = ?)"
		       " ORDER BY id DESC LIMIT ?",
		       &s, e) < 0)
		return -1;
	if (db_bindf(s, e, "iitti", programme_id, programme_id,
		     state ? state : "", state ? state : "",
		     (int64_t)limit) < 0)
		goto done;
	ret = rows_collect(s, a, out, n, e);
done:
	db_finalize(s);
	return ret;
}

int store_mail_cancel_person(struct store *st, int64_t person_id,
			     struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE mail_outbox SET state = 'skipped',"
		      " last_reply = 'cancelled' WHERE person_id = ?"
		      " AND state = 'queued'",
		      "i", person_id) < 0 ? -1 : 0;
}

int store_mail_round(struct store *st, int64_t round_id, struct arena *a,
		     struct round *out, struct err *e)
{
	struct db_stmt *s = NULL;
	size_t failed = arena_failures(a);
	int rc;
	if (db_prepare(st->db,
		       "SELECT id, programme_id, number, state, seed, created_at,"
		       " published_at, deadline FROM round WHERE id = ?",
		       &s, e) < 0)
		return -1;
	if (db_bindf(s, e, "i", round_id) < 0) {
		db_finalize(s);
		return -1;
	}
	rc = db_step(s, e);
	if (rc == 1) {
		const char *state = db_col_text(s, 3);
		memset(out, 0, sizeof *out);
		out->id = db_col_int(s, 0);
		out->programme_id = db_col_int(s, 1);
		out->number = (int)db_col_int(s, 2);
		out->state = !strcmp(state, "published") ? ROUND_PUBLISHED
			     : !strcmp(state, "closed")  ? ROUND_CLOSED
							 : ROUND_DRAFT;
		out->seed = (uint64_t)db_col_int(s, 4);
		out->created_at = arena_strdup(a, db_col_text(s, 5));
		out->published_at = arena_strdup(a, db_col_text(s, 6));
		out->deadline = arena_strdup(a, db_col_text(s, 7));
	} else if (rc == 0) {
		err_set(e, ERR_NOTFOUND, "no such round");
	}
	db_finalize(s);
	return rc == 1 && store_rows_ok(a, failed, rc, e) == 1 ? 0 : -1;
}

int store_mail_group(struct store *st, int64_t group_id, struct arena *a,
		     struct person **out, enum outcome **outcomes, size_t *n,
		     struct err *e)
{
	struct db_stmt *s = NULL;
	struct person *v;
	enum outcome *o;
	size_t len = 0;
	int rc;
	*n = 0;
	v = arena_calloc(a, 3, sizeof *v);
	o = arena_calloc(a, 3, sizeof *o);
	if (!v || !o)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (db_prepare(st->db,
		       "SELECT " STORE_PERSON_COLS ", m.outcome"
		       " FROM member m JOIN person p ON p.id = m.person_id"
		       " WHERE m.group_id = ? ORDER BY p.id",
		       &s, e) < 0)
		return -1;
	if (db_bindf(s, e, "i", group_id) < 0) {
		db_finalize(s);
		return -1;
	}
	size_t failed = arena_failures(a);
	while ((rc = db_step(s, e)) == 1 && len < 3) {
		store_person_from_row(s, a, &v[len]);
		if (outcome_parse(db_col_text(s, STORE_PERSON_NCOLS), &o[len]) < 0)
			o[len] = OUTCOME_NONE;
		len++;
	}
	db_finalize(s);
	if (store_rows_ok(a, failed, rc, e) < 0)
		return -1;
	*out = v;
	if (outcomes)
		*outcomes = o;
	*n = len;
	return 0;
}

int store_mail_checkins(struct store *st, int64_t person_id, int last,
			int *count, int *unanswered, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	*count = *unanswered = 0;
	if (db_prepare(st->db,
		       "SELECT m.outcome FROM mail_outbox o"
		       " JOIN member m ON m.group_id = o.group_id"
		       "  AND m.person_id = o.person_id"
		       " WHERE o.person_id = ? AND o.kind = 'checkin'"
		       /* a check-in never delivered was never unanswered */
		       " AND o.state <> 'skipped'"
		       " AND o.round_id > COALESCE((SELECT MAX(n.round_id)"
		       "  FROM mail_outbox n WHERE n.person_id = o.person_id"
		       "  AND n.kind = 'nudge'), 0)"
		       " ORDER BY o.round_id DESC LIMIT ?",
		       &s, e) < 0)
		return -1;
	if (db_bindf(s, e, "ii", person_id, (int64_t)last) < 0) {
		db_finalize(s);
		return -1;
	}
	while ((rc = db_step(s, e)) == 1) {
		(*count)++;
		*unanswered += !strcmp(db_col_text(s, 0), "none");
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}


int store_mail_enqueue_welcomes(struct store *st, int64_t programme_id,
				int64_t due_at, struct err *e)
{
	char now[32];
	store_now(now);
	/* One statement for an import of any size; the dedupe key and the
	 * NOT EXISTS make it idempotent (a re-import, someone already
	 * introduced: never a welcome after the first round). */
	int64_t n = db_run(st->db, e,
			   "INSERT INTO mail_outbox (programme_id, person_id, kind,"
			   " round_id, group_id, dedupe, rcpt, detail, due_at,"
			   " created_at)"
			   " SELECT p.programme_id, p.id, 'welcome', 0, 0,"
			   " 'welcome:u' || CAST(p.id AS TEXT), p.email, '', ?, ?"
			   " FROM person p WHERE p.programme_id = ?"
			   " AND p.joined_by = 'organiser' AND p.status = 'active'"
			   " AND NOT EXISTS (SELECT 1 FROM mail_outbox o"
			   "  WHERE o.person_id = p.id AND o.kind IN ('welcome', 'intro'))"
			   " ON CONFLICT (dedupe) DO NOTHING",
			   "iti", due_at, now, programme_id);
	if (n < 0 || (n > 0 && store_notify(st, STORE_MAIL_CHANNEL, e) < 0))
		return -1;
	return 0;
}

int store_mail_welcome_state(struct store *st, int64_t person_id,
			     struct mail_welcome_state *out, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(out, 0, sizeof *out);
	if (db_prepare(st->db,
		       "SELECT p.joined_by,"
		       " (SELECT COUNT(*) FROM mail_outbox o WHERE o.person_id = p.id"
		       "  AND o.kind = 'welcome' AND o.state = 'sent'),"
		       " (SELECT COUNT(*) FROM mail_outbox o WHERE o.person_id = p.id"
		       "  AND o.kind = 'intro' AND o.state = 'sent'),"
		       " (SELECT COUNT(*) FROM mail_outbox o WHERE o.person_id = p.id"
		       "  AND o.kind = 'intro' AND o.state = 'queued')"
		       " FROM person p WHERE p.id = ?", &s, e) < 0)
		return -1;
	rc = db_bindf(s, e, "i", person_id);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1) {
		out->added = strcmp(db_col_text(s, 0), "organiser") == 0;
		out->welcome_sent = db_col_int(s, 1) > 0;
		out->intro_sent = db_col_int(s, 2) > 0;
		out->intro_queued = db_col_int(s, 3) > 0;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}
