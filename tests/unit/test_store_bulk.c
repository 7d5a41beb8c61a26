/* Unit tests: bulk writes (db_batch, store_person_upsert_many), the
 * connection pool and wake-ups, on a real SQLite file.  The PostgreSQL
 * paths are covered by the integration tests that start a server
 * (tests/cli/31-crash-safety-postgres.sh, tests/http/12-postgres-restart.sh,
 * tests/mail/37-postgres-wakeup.sh). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/programme.h"
#include "store/db.h"
#include "store/store.h"
#include "store/store_pool.h"

static char dir[64];
static char path[128];

static void make_dir(void)
{
	strcpy(dir, "/tmp/cuppa-bulk-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
}

static void remove_dir(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(bulk, .init = make_dir, .fini = remove_dir);

static void count_row(struct db_stmt *row, void *arg)
{
	int64_t *sum = arg;
	*sum += db_col_int(row, 0);
}

Test(bulk, batch_inserts_every_row_and_returns_what_it_was_asked)
{
	struct db *db;
	struct db_batch *b;
	struct db_stmt *s;
	struct err e = {0};
	int64_t sum = 0;
	const struct db_batch_spec spec = {
		.insert = "INSERT INTO t (n, s)", .fmt = "it",
		.suffix = " RETURNING n", .on_row = count_row, .arg = &sum,
	};
	cr_assert_eq(db_open(path, &db, &e), 0, "%s", e.msg);
	cr_assert_eq(db_exec(db, "CREATE TABLE t (n INTEGER UNIQUE, s TEXT)", &e), 0);
	cr_assert_eq(db_exec(db, "BEGIN", &e), 0);
	cr_assert_eq(db_batch_begin(db, &spec, &b, &e), 0, "%s", e.msg);
	for (int64_t i = 1; i <= 1000; i++)
		cr_assert_eq(db_batch_add(b, &e, i, i % 2 ? "odd \"quoted\"" : NULL), 0);
	cr_assert_eq(db_batch_end(b, &e), 1000, "%s", e.msg);
	cr_assert_eq(db_exec(db, "COMMIT", &e), 0);
	cr_assert_eq(sum, 1000 * 1001 / 2);
	cr_assert_eq(db_prepare(db, "SELECT COUNT(*), MAX(s) FROM t WHERE s IS NULL"
				" OR s = 'odd \"quoted\"' GROUP BY s IS NULL", &s, &e), 0);
	cr_assert_eq(db_step(s, &e), 1);
	cr_assert_eq(db_col_int(s, 0), 500);
	cr_assert_eq(db_step(s, &e), 1);
	cr_assert_eq(db_col_int(s, 0), 500);
	db_finalize(s);
	db_close(db);
}

Test(bulk, a_failing_row_fails_the_batch_and_its_transaction_undoes_it)
{
	struct db *db;
	struct db_batch *b;
	struct db_stmt *s;
	struct err e = {0};
	const struct db_batch_spec spec = {
		.insert = "INSERT INTO t (n)", .fmt = "i", .suffix = "",
	};
	cr_assert_eq(db_open(path, &db, &e), 0, "%s", e.msg);
	cr_assert_eq(db_exec(db, "CREATE TABLE t (n INTEGER UNIQUE)", &e), 0);
	cr_assert_eq(db_exec(db, "BEGIN", &e), 0);
	cr_assert_eq(db_batch_begin(db, &spec, &b, &e), 0);
	cr_assert_eq(db_batch_add(b, &e, (int64_t)1), 0);
	cr_assert_eq(db_batch_add(b, &e, (int64_t)2), 0);
	cr_assert_eq(db_batch_add(b, &e, (int64_t)1), -1); /* SQLite: at once */
	cr_assert_eq(db_batch_end(b, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT, "%s", e.msg);
	cr_assert_eq(db_exec(db, "ROLLBACK", &e), 0);
	cr_assert_eq(db_prepare(db, "SELECT COUNT(*) FROM t", &s, &e), 0);
	cr_assert_eq(db_step(s, &e), 1);
	cr_assert_eq(db_col_int(s, 0), 0);
	db_finalize(s);
	db_close(db);
}

static struct person someone(const char *email, const char *name)
{
	struct person p = {.name = (char *)name, .email = (char *)email,
			   .organisation = "Org", .joined = "2026-01-01",
			   .status = PERSON_ACTIVE};
	return p;
}

Test(bulk, upsert_many_counts_and_keeps_state)
{
	struct store *st;
	struct arena a;
	struct programme p;
	struct person got;
	struct err e = {0};
	size_t created, updated;
	arena_init(&a, 0);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	programme_defaults(&p);
	p.name = "Bulk";
	cr_assert_eq(app_programme_add(st, &p, &a, "test", &e), 0, "%s", e.msg);
	struct person first[] = {someone("a@x.org", "A"), someone("b@x.org", "B")};
	cr_assert_eq(store_person_upsert_many(st, p.id, first, 2, &created, &updated, &e), 0);
	cr_assert_eq(created, 2);
	cr_assert_eq(updated, 0);
	cr_assert_eq(store_person_get(st, p.id, "a@x.org", &a, &got, &e), 0);
	cr_assert_eq(store_person_set_status(st, got.id, PERSON_PAUSED, "2099-01-01", &e), 0);
	struct person again[] = {someone("a@x.org", "A renamed"), someone("c@x.org", "C")};
	again[0].joined = "2026-06-01";
	cr_assert_eq(store_person_upsert_many(st, p.id, again, 2, &created, &updated, &e), 0);
	cr_assert_eq(created, 1);
	cr_assert_eq(updated, 1);
	cr_assert_eq(store_person_get(st, p.id, "a@x.org", &a, &got, &e), 0);
	cr_assert_str_eq(got.name, "A renamed");
	cr_assert_eq(got.status, PERSON_PAUSED);
	cr_assert_str_eq(got.joined, "2026-01-01");
	size_t counts[PERSON_LEFT + 1];
	cr_assert_eq(store_person_count_by_status(st, p.id, counts, &e), 0, "%s", e.msg);
	cr_assert_eq(counts[PERSON_ACTIVE], 2);
	cr_assert_eq(counts[PERSON_PAUSED], 1);
	cr_assert_eq(counts[PERSON_PENDING] + counts[PERSON_SKIP_NEXT] + counts[PERSON_LEFT], 0);
	store_close(st);
	arena_release(&a);
}

Test(bulk, round_tallies_count_groups_that_met)
{
	struct store *st;
	struct arena a;
	struct programme p;
	struct round_detail rd;
	struct round_tally *t;
	struct err e = {0};
	size_t created, updated, n;
	arena_init(&a, 0);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	programme_defaults(&p);
	p.name = "Tally";
	cr_assert_eq(app_programme_add(st, &p, &a, "test", &e), 0, "%s", e.msg);
	struct person four[] = {someone("a@x.org", "A"), someone("b@y.org", "B"),
				someone("c@z.org", "C"), someone("d@w.org", "D")};
	four[1].organisation = "Y";
	four[3].organisation = "W";
	cr_assert_eq(store_person_upsert_many(st, p.id, four, 4, &created, &updated, &e), 0);
	cr_assert_eq(app_round_new(st, &p, true, 1, "t", &a, &rd, &e), 0, "%s", e.msg);
	cr_assert_eq(rd.ngroups, 2);
	cr_assert_eq(store_round_tallies(st, p.id, &a, &t, &n, &e), 0);
	cr_assert_eq(n, 0, "a draft is not tallied");
	cr_assert_eq(app_round_publish(st, &p, 1, "t", &e), 0, "%s", e.msg);
	cr_assert_eq(app_outcome_record(st, &p, 1, rd.groups[0].member[0].email,
					OUTCOME_MET, 0, NULL, &e), 0, "%s", e.msg);
	cr_assert_eq(app_outcome_record(st, &p, 1, rd.groups[0].member[1].email,
					OUTCOME_MET, 0, NULL, &e), 0, "%s", e.msg);
	cr_assert_eq(app_outcome_record(st, &p, 1, rd.groups[1].member[0].email,
					OUTCOME_MISSED, 0, NULL, &e), 0, "%s", e.msg);
	cr_assert_eq(store_round_tallies(st, p.id, &a, &t, &n, &e), 0, "%s", e.msg);
	cr_assert_eq(n, 1);
	cr_assert_eq(t[0].number, 1);
	cr_assert_eq(t[0].groups, 2);
	cr_assert_eq(t[0].met, 1);
	store_close(st);
	arena_release(&a);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(bulk, pool_says_busy_after_its_wait_and_hands_back_stores)
{
	struct store_pool *pool;
	struct store *s1, *s2;
	struct err e = {0};
	double t0;
	cr_assert_eq(store_pool_new(path, 1, 100, &pool, &e), 0, "%s", e.msg);
	cr_assert_eq(store_pool_get(pool, &s1, &e), 0, "%s", e.msg);
	t0 = now_s();
	cr_assert_eq(store_pool_get(pool, &s2, &e), -1);
	cr_assert_eq(e.code, ERR_UNAVAILABLE);
	cr_assert_geq(now_s() - t0, 0.09);
	cr_assert_eq(store_begin(s1, &e), 0);
	store_pool_put(pool, s1); /* rolls the open transaction back */
	cr_assert_eq(store_pool_get(pool, &s2, &e), 0, "%s", e.msg);
	cr_assert_eq(s2, s1);
	cr_assert_eq(store_begin(s2, &e), 0, "%s", e.msg);
	store_rollback(s2);
	store_pool_put(pool, s2);
	cr_assert_eq(store_pool_resize(pool, 0, &e), -1);
	cr_assert_eq(e.code, ERR_INVALID);
	store_pool_free(pool);
}

Test(bulk, without_notifications_wait_is_a_nap)
{
	struct store *st;
	struct err e = {0};
	double t0;
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	cr_assert_not(store_can_notify(st));
	cr_assert_eq(store_listen(st, "cuppa_mail", &e), 0);
	cr_assert_eq(store_notify(st, "cuppa_mail", &e), 0);
	cr_assert_eq(store_ready(st, &e), 0);
	t0 = now_s();
	cr_assert_eq(store_wait(st, 50, &e), 0);
	cr_assert_geq(now_s() - t0, 0.045);
	store_close(st);
}
