/* store_group: see store_group.h. */
#include "store/store_group.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_impl.h"

struct store_group {
	struct store *st;            /* the writer's own; only it uses it */
	pthread_t thread;
	pthread_mutex_t lock;        /* guards the queue and stopping */
	pthread_cond_t work;
	struct store_job *head, *tail;
	bool stopping;
	bool joined;                 /* store_group_stop has run */
};

bool store_group_wanted(const struct store *st)
{
	return st->db->ops->one_writer;
}

static void fail_all(struct store_job *j, const struct err *e)
{
	for (; j; j = j->next) {
		j->rc = -1;
		j->e = *e;
	}
}

/* Runs one job in its own savepoint: 0, with the job's own outcome in
 * j->rc and j->e; -1 when the transaction itself is lost (then *lost
 * says why). */
static int run_job(struct store *st, struct store_job *j, struct err *lost)
{
	memset(&j->e, 0, sizeof j->e);
	if (db_exec(st->db, "SAVEPOINT job", lost) < 0)
		return -1;
	j->rc = j->fn(st, j->arg, &j->e);
	if (j->rc == 0 && st->in_tx)
		j->rc = err_set(&j->e, ERR_INTERNAL,
				"store: a job left its transaction open");
	st->in_tx = 0;
	if (j->rc == 0)
		return db_exec(st->db, "RELEASE job", lost);
	if (j->e.code == 0) /* a job must say why; make sure something does */
		err_set(&j->e, ERR_INTERNAL, "the change could not be saved");
	return db_exec(st->db, "ROLLBACK TO job; RELEASE job", lost);
}

/* Writes one batch (a list in submission order) in one transaction and
 * sets every job's rc and e; nothing is reported done yet. */
static void write_batch(struct store *st, struct store_job *batch)
{
	struct err e = {0};
	if (db_exec(st->db, st->db->ops->begin_sql, &e) < 0) {
		fail_all(batch, &e);
		return;
	}
	st->grouped = true;
	for (struct store_job *j = batch; j; j = j->next) {
		if (run_job(st, j, &e) < 0) {
			/* The engine gave the transaction up (a full disk, an
			 * I/O error): no job of it may say it was stored. */
			if (j->rc < 0 && j->e.code)
				e = j->e; /* the job's own error says more */
			break;
		}
	}
	st->grouped = false;
	if (e.code == 0 && db_exec(st->db, "COMMIT", &e) == 0)
		return;
	db_exec(st->db, "ROLLBACK", NULL);
	fail_all(batch, &e);
}

static void *writer_main(void *arg)
{
	struct store_group *g = arg;
	for (;;) {
		struct store_job *batch, *last = NULL, *rest;
		int n = 0;
		pthread_mutex_lock(&g->lock);
		while (!g->head && !g->stopping)
			pthread_cond_wait(&g->work, &g->lock);
		if (!g->head) { /* stopping, and nothing left */
			pthread_mutex_unlock(&g->lock);
			return NULL;
		}
		/* Everything waiting, up to STORE_GROUP_MAX. */
		batch = g->head;
		for (struct store_job *j = batch; j && n < STORE_GROUP_MAX;
		     j = j->next, n++)
			last = j;
		rest = last->next;
		last->next = NULL;
		g->head = rest;
		if (!rest)
			g->tail = NULL;
		pthread_mutex_unlock(&g->lock);
		write_batch(g->st, batch);
		while (batch) {
			struct store_job *next = batch->next;
			batch->next = NULL;
			batch->done(batch); /* may free batch */
			batch = next;
		}
	}
}

int store_group_start(const char *target, struct store_group **out,
		      struct err *e)
{
	struct store_group *g = calloc(1, sizeof *g);
	*out = NULL;
	if (!g)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (store_open(target, &g->st, e) < 0) {
		free(g);
		return -1;
	}
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->work, NULL);
	if (pthread_create(&g->thread, NULL, writer_main, g) != 0) {
		pthread_cond_destroy(&g->work);
		pthread_mutex_destroy(&g->lock);
		store_close(g->st);
		free(g);
		return err_set(e, ERR_INTERNAL, "cannot start the writer thread");
	}
	*out = g;
	return 0;
}

void store_group_stop(struct store_group *g)
{
	if (!g || g->joined)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	g->joined = true;
}

void store_group_free(struct store_group *g)
{
	if (!g)
		return;
	store_group_stop(g);
	pthread_cond_destroy(&g->work);
	pthread_mutex_destroy(&g->lock);
	store_close(g->st);
	free(g);
}

void store_group_submit(struct store_group *g, struct store_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&g->lock);
	if (g->stopping) {
		pthread_mutex_unlock(&g->lock);
		j->rc = err_set(&j->e, ERR_UNAVAILABLE,
				"the server is stopping: nothing was changed");
		j->done(j);
		return;
	}
	if (g->tail)
		g->tail->next = j;
	else
		g->head = j;
	g->tail = j;
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
}

/* store_group_run's waiting. */
struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

static void wake(struct store_job *j)
{
	struct waiter *w = j->done_arg;
	pthread_mutex_lock(&w->lock);
	w->done = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int store_group_run(struct store_group *g, store_job_fn fn, void *arg,
		    struct err *e)
{
	struct waiter w = {.done = false};
	struct store_job j = {.fn = fn, .arg = arg, .done = wake,
			      .done_arg = &w};
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	store_group_submit(g, &j);
	pthread_mutex_lock(&w.lock);
	while (!w.done)
		pthread_cond_wait(&w.cond, &w.lock);
	pthread_mutex_unlock(&w.lock);
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	if (j.rc < 0)
		*e = j.e;
	return j.rc;
}
