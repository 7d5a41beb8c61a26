/* Unit tests: group commit (store_group.h) on a real SQLite file: jobs
 * batched into one transaction, each in its own savepoint, a failing
 * job rolling back only itself, nested app transactions, the order of
 * jobs, and what a stopped group says. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/programme.h"
#include "store/store.h"
#include "store/store_group.h"

static char dir[64];
static char path[128];
static struct store *st;

static void open_store(void)
{
	struct err e = {0};
	strcpy(dir, "/tmp/cuppa-group-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
}

static void close_store(void)
{
	char cmd[256];
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(store_group, .init = open_store, .fini = close_store);

/* A job: adds programme `name` (app_programme_add opens a transaction
 * of its own: a nested savepoint here), then fails when asked to; the
 * first job of a test may hold the writer until the others are queued. */
struct add_job {
	struct store_job job;
	const char *name;
	bool fail_after;
	pthread_mutex_t *gate;     /* held by the test while it queues */
	int *order;                /* where this job's turn is written */
	int *turn;
	bool done;
};

static int add_fn(struct store *s, void *arg, struct err *e)
{
	struct add_job *j = arg;
	struct programme p;
	struct arena a;
	int rc;
	if (j->gate) {
		pthread_mutex_lock(j->gate);
		pthread_mutex_unlock(j->gate);
	}
	*j->order = (*j->turn)++;
	arena_init(&a, 0);
	programme_defaults(&p);
	p.name = (char *)j->name;
	rc = app_programme_add(s, &p, &a, "test", e);
	arena_release(&a);
	if (rc == 0 && j->fail_after)
		rc = err_set(e, ERR_INVALID, "asked to fail");
	return rc;
}

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;

static void add_done(struct store_job *job)
{
	struct add_job *j = job->done_arg;
	pthread_mutex_lock(&done_lock);
	j->done = true;
	pthread_cond_broadcast(&done_cond);
	pthread_mutex_unlock(&done_lock);
}

static bool exists(const char *name)
{
	struct arena a;
	struct programme p;
	struct err e = {0};
	int rc;
	arena_init(&a, 0);
	rc = store_programme_get(st, name, &a, &p, &e);
	arena_release(&a);
	return rc == 0;
}

Test(store_group, one_batch_keeps_good_jobs_and_drops_failed_ones)
{
	static const struct {
		const char *name;
		bool fail_after;
	} spec[] = {
		{"Held First", false}, {"Good One", false}, {"Fails After Writing", true},
		{"Good Two", false}, {"Good One", false}, /* a clash: ERR_CONFLICT */
		{"Good Three", false},
	};
	enum { N = sizeof spec / sizeof spec[0] };
	struct add_job jobs[N];
	int order[N], turn = 0;
	pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
	struct store_group *g;
	struct err e = {0};

	cr_assert(store_group_wanted(st));
	cr_assert_eq(store_group_start(path, &g, &e), 0, "%s", e.msg);
	memset(jobs, 0, sizeof jobs);
	pthread_mutex_lock(&gate);
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct add_job){
			.job = {.fn = add_fn, .arg = &jobs[i], .done = add_done,
				.done_arg = &jobs[i]},
			.name = spec[i].name, .fail_after = spec[i].fail_after,
			.gate = i == 0 ? &gate : NULL, .order = &order[i],
			.turn = &turn};
		store_group_submit(g, &jobs[i].job);
	}
	pthread_mutex_unlock(&gate); /* jobs 1.. are queued: one batch */
	pthread_mutex_lock(&done_lock);
	for (int i = 0; i < N; i++)
		while (!jobs[i].done)
			pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);

	for (int i = 0; i < N; i++)
		cr_assert_eq(order[i], i, "jobs run in the order submitted");
	cr_assert_eq(jobs[0].job.rc, 0, "%s", jobs[0].job.e.msg);
	cr_assert_eq(jobs[1].job.rc, 0, "%s", jobs[1].job.e.msg);
	cr_assert_eq(jobs[2].job.rc, -1);
	cr_assert_str_eq(jobs[2].job.e.msg, "asked to fail");
	cr_assert_eq(jobs[3].job.rc, 0);
	cr_assert_eq(jobs[4].job.rc, -1);
	cr_assert_eq(jobs[4].job.e.code, ERR_CONFLICT, "%s", jobs[4].job.e.msg);
	cr_assert_eq(jobs[5].job.rc, 0);
	/* Done means committed: another connection sees every good job. */
	cr_assert(exists("Held First") && exists("Good One") &&
		  exists("Good Two") && exists("Good Three"));
	cr_assert(!exists("Fails After Writing"),
		  "a failed job's own writes are rolled back");
	store_group_free(g);
}

static int plain_fn(struct store *s, void *arg, struct err *e)
{
	struct programme p;
	struct arena a;
	int rc;
	arena_init(&a, 0);
	programme_defaults(&p);
	p.name = arg;
	rc = app_programme_add(s, &p, &a, "test", e);
	arena_release(&a);
	return rc;
}

/* Jobs from many threads at once, each waiting (store_group_run). */
static struct store_group *shared;

static void *runner(void *arg)
{
	struct err e = {0};
	intptr_t k = (intptr_t)arg;
	char *name = malloc(32);
	snprintf(name, 32, "Runner %d", (int)k);
	if (store_group_run(shared, plain_fn, name, &e) < 0)
		k = -1;
	free(name);
	return (void *)k;
}

Test(store_group, many_threads_each_told_once_durable)
{
	enum { T = 16 };
	pthread_t th[T];
	struct err e = {0};
	cr_assert_eq(store_group_start(path, &shared, &e), 0, "%s", e.msg);
	for (intptr_t i = 0; i < T; i++)
		cr_assert_eq(pthread_create(&th[i], NULL, runner, (void *)i), 0);
	for (int i = 0; i < T; i++) {
		void *r;
		pthread_join(th[i], &r);
		cr_assert_eq((intptr_t)r, i, "runner %d failed", i);
		char name[32];
		snprintf(name, sizeof name, "Runner %d", i);
		cr_assert(exists(name), "%s stored", name);
	}
	store_group_free(shared);
}

Test(store_group, stopped_group_refuses_and_changes_nothing)
{
	struct store_group *g;
	struct err e = {0};
	cr_assert_eq(store_group_start(path, &g, &e), 0, "%s", e.msg);
	cr_assert_eq(store_group_run(g, plain_fn, "Before Stop", &e), 0, "%s", e.msg);
	store_group_stop(g);
	store_group_stop(g); /* idempotent */
	cr_assert_eq(store_group_run(g, plain_fn, "After Stop", &e), -1);
	cr_assert_eq(e.code, ERR_UNAVAILABLE);
	store_group_free(g);
	cr_assert(exists("Before Stop"));
	cr_assert(!exists("After Stop"));
}
