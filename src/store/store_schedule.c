/* store_schedule: see store_schedule.h. */
#include "store/store_schedule.h"

#include <string.h>

#include "store/store_impl.h"

#define STATE_COLS \
	"programme_id, slot, round, drafted, held, reminded, last_step, last_step_at"

/* The state's columns (STATE_COLS) from column `at` of row s; a fresh
 * state when they are NULL (no row: the LEFT JOIN of a combined read). */
static void state_from_row(struct db_stmt *s, int at, int64_t programme_id,
			   struct arena *a, struct schedule_state *out)
{
	memset(out, 0, sizeof *out);
	out->programme_id = programme_id;
	out->slot = -1;
	out->reminded = out->last_step = out->last_step_at = "";
	if (!s || db_col_null(s, at))
		return;
	out->slot = (int)db_col_int(s, at + 1);
	out->round = (int)db_col_int(s, at + 2);
	out->drafted = db_col_int(s, at + 3) != 0;
	out->held = db_col_int(s, at + 4) != 0;
	out->reminded = arena_strdup(a, db_col_text(s, at + 5));
	out->last_step = arena_strdup(a, db_col_text(s, at + 6));
	out->last_step_at = arena_strdup(a, db_col_text(s, at + 7));
}

int store_schedule_get(struct store *st, int64_t programme_id,
		       struct arena *a, struct schedule_state *out,
		       struct err *e)
{
	struct db_stmt *s = NULL;
	size_t failed = arena_failures(a);
	int rc;
	state_from_row(NULL, 0, programme_id, a, out);
	if (db_prepare(st->db, "SELECT " STATE_COLS " FROM schedule_state"
			       " WHERE programme_id = ?", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	rc = db_step(s, e);
	if (rc == 1)
		state_from_row(s, 0, programme_id, a, out);
	db_finalize(s);
	return store_rows_ok(a, failed, rc, e) < 0 ? -1 : 0;
}

int store_schedule_lock(struct store *st, int64_t programme_id,
			struct err *e)
{
	if (db_run(st->db, e,
		   "INSERT INTO schedule_state (programme_id) VALUES (?)"
		   " ON CONFLICT (programme_id) DO NOTHING", "i", programme_id) < 0)
		return -1;
	return db_run(st->db, e,
		      "UPDATE schedule_state SET lock_seq = lock_seq + 1"
		      " WHERE programme_id = ?", "i", programme_id) < 0 ? -1 : 0;
}

int store_schedule_put(struct store *st, const struct schedule_state *s,
		       struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE schedule_state SET slot = ?, round = ?, drafted = ?,"
		      " held = ?, reminded = ?, last_step = ?, last_step_at = ?"
		      " WHERE programme_id = ?", "iiiittti", (int64_t)s->slot, (int64_t)s->round,
		      (int64_t)s->drafted, (int64_t)s->held, s->reminded,
		      s->last_step, s->last_step_at, s->programme_id) < 0 ? -1 : 0;
}

int store_schedule_reset(struct store *st, int64_t programme_id,
			 struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE schedule_state SET slot = -1, round = 0, drafted = 0"
		      " WHERE programme_id = ?", "i", programme_id) < 0 ? -1 : 0;
}

int store_scheduler_lease(struct store *st, const char *holder, int64_t now,
			  int64_t lease_until, bool *held, struct err *e)
{
	int64_t n = db_run(st->db, e,
			   "UPDATE scheduler_run SET holder = ?, lease_until = ?"
			   " WHERE id = 1 AND (lease_until <= ? OR holder = ?)",
			   "tiit", holder, lease_until,
			   now, holder);
	if (n < 0)
		return -1;
	*held = n > 0;
	return 0;
}

int store_scheduler_release(struct store *st, const char *holder,
			    struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE scheduler_run SET lease_until = 0 WHERE id = 1"
		      " AND holder = ?", "t", holder) < 0 ? -1 : 0;
}

int store_scheduler_record(struct store *st, const char *holder,
			   const char *at, int64_t unix_now, const char *result,
			   int steps, const char *error, struct err *e)
{
	return db_run(st->db, e,
		      "UPDATE scheduler_run SET last_run_at = ?, last_run_unix = ?,"
		      " last_result = ?, last_steps = ?, last_error = ?,"
		      " lease_until = 0 WHERE id = 1 AND holder = ?",
		      "tititt", at, unix_now, result, (int64_t)steps,
		      error ? error : "", holder) < 0 ? -1 : 0;
}

#define RUN_COLS \
	"holder, lease_until, last_run_at, last_run_unix, last_result," \
	" last_steps, last_error"

/* As state_from_row, for RUN_COLS. */
static void run_from_row(struct db_stmt *s, int at, struct arena *a,
			 struct scheduler_run *out)
{
	memset(out, 0, sizeof *out);
	out->holder = out->last_run_at = out->last_result = out->last_error = "";
	if (!s || db_col_null(s, at))
		return;
	out->holder = arena_strdup(a, db_col_text(s, at));
	out->lease_until = db_col_int(s, at + 1);
	out->last_run_at = arena_strdup(a, db_col_text(s, at + 2));
	out->last_run_unix = db_col_int(s, at + 3);
	out->last_result = arena_strdup(a, db_col_text(s, at + 4));
	out->last_steps = (int)db_col_int(s, at + 5);
	out->last_error = arena_strdup(a, db_col_text(s, at + 6));
}

int store_scheduler_get(struct store *st, struct arena *a,
			struct scheduler_run *out, struct err *e)
{
	struct db_stmt *s = NULL;
	size_t failed = arena_failures(a);
	int rc;
	run_from_row(NULL, 0, a, out);
	if (db_prepare(st->db, "SELECT " RUN_COLS " FROM scheduler_run"
			       " WHERE id = 1", &s, e) < 0)
		return -1;
	rc = db_step(s, e);
	if (rc == 1)
		run_from_row(s, 0, a, out);
	db_finalize(s);
	return store_rows_ok(a, failed, rc, e) < 0 ? -1 : 0;
}

int store_schedule_get_with_run(struct store *st, int64_t programme_id,
				struct arena *a, struct schedule_state *state,
				struct scheduler_run *run, struct err *e)
{
	struct db_stmt *s = NULL;
	size_t failed = arena_failures(a);
	int rc;
	state_from_row(NULL, 0, programme_id, a, state);
	run_from_row(NULL, 0, a, run);
	/* One row whether or not either table has one. */
	if (db_prepare(st->db,
		       "SELECT s.programme_id, s.slot, s.round, s.drafted, s.held,"
		       " s.reminded, s.last_step, s.last_step_at, r.holder,"
		       " r.lease_until, r.last_run_at, r.last_run_unix,"
		       " r.last_result, r.last_steps, r.last_error"
		       " FROM (SELECT 1 AS one) x"
		       " LEFT JOIN schedule_state s ON s.programme_id = ?"
		       " LEFT JOIN scheduler_run r ON r.id = 1", &s, e) < 0)
		return -1;
	db_bind_int(s, 1, programme_id);
	rc = db_step(s, e);
	if (rc == 1) {
		state_from_row(s, 0, programme_id, a, state);
		run_from_row(s, 8, a, run);
	}
	db_finalize(s);
	return store_rows_ok(a, failed, rc, e) < 0 ? -1 : 0;
}

int store_round_change_add(struct store *st, int64_t round_id,
			   int64_t person_id, const char *change,
			   const char *detail, struct err *e)
{
	char now[32];
	store_now(now);
	return db_run(st->db, e,
		      "INSERT INTO round_change (round_id, person_id, change,"
		      " detail, at) VALUES (?, ?, ?, ?, ?)", "iittt", round_id,
		      person_id, change, detail ? detail : "", now) < 0 ? -1 : 0;
}

static void change_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct round_change *c = elem;
	c->person_id = db_col_int(s, 0);
	c->name = arena_strdup(a, db_col_text(s, 1));
	c->change = arena_strdup(a, db_col_text(s, 2));
	c->detail = arena_strdup(a, db_col_text(s, 3));
}

int store_round_change_list(struct store *st, int64_t round_id,
			    struct arena *a, struct round_change **out,
			    size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, change_row, out, n, e,
			  "SELECT c.person_id, p.name, c.change, c.detail"
			  " FROM round_change c JOIN person p ON p.id = c.person_id"
			  " WHERE c.round_id = ? ORDER BY c.id", "i", round_id);
}

static void organiser_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct organiser_addr *o = elem;
	o->id = db_col_int(s, 0);
	o->email = arena_strdup(a, db_col_text(s, 1));
}

int store_schedule_organisers(struct store *st, int64_t programme_id,
			      struct arena *a, struct organiser_addr **out,
			      size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, organiser_row, out, n, e,
			  "SELECT o.id, o.email FROM programme_organiser po"
			  " JOIN web_organiser o ON o.id = po.organiser_id"
			  " WHERE po.programme_id = ? ORDER BY o.id", "i",
			  programme_id);
}

int store_schedule_mail(struct store *st, int64_t programme_id,
			int64_t organiser_id, const char *rcpt,
			const char *kind, int64_t round_id, const char *dedupe,
			const char *detail, int64_t due_at, bool *inserted,
			struct err *e)
{
	char now[32];
	store_now(now);
	int64_t n = db_run(st->db, e,
			   "INSERT INTO mail_outbox (programme_id, organiser_id, kind,"
			   " round_id, dedupe, rcpt, detail, due_at, created_at)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
			   " ON CONFLICT (dedupe) DO NOTHING",
			   "iititttit", programme_id,
			   organiser_id, kind, round_id, dedupe, rcpt, detail,
			   due_at, now);
	if (n < 0)
		return -1;
	if (inserted)
		*inserted = n > 0;
	return 0;
}
