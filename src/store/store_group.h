/*
 * store_group: group commit, for engines that take one writer at a time
 * and fsync every commit (SQLite in WAL mode with synchronous=FULL).
 *
 * Without it, every web write is its own transaction: the threads of
 * `cuppa serve` queue on the database's write lock, each sleeping in the
 * busy handler between tries, and each commit waits for its own fsync.
 * With it, one writer thread on its own connection takes every job
 * waiting, runs each in its own SAVEPOINT inside one transaction,
 * commits once (one fsync), and only then reports each job done.  So:
 *  - done means durable, exactly as a commit of its own would;
 *  - a failing job rolls back its own savepoint and nothing else;
 *  - a job that opens a transaction (store_begin) gets a nested
 *    savepoint instead, so app functions run unchanged as jobs;
 *  - if the commit itself fails, every job of the batch fails and
 *    nothing of it is stored.
 * Jobs run one after another in the order they were submitted.
 *
 * A job must not run what cannot run in a transaction (store_scrub).
 * PostgreSQL has concurrent writers and a WAL that groups commits by
 * itself: store_group_wanted says false, and callers run writes on
 * their own connection as before.
 */
#ifndef CUPPA_STORE_GROUP_H
#define CUPPA_STORE_GROUP_H

#include <stdbool.h>

#include "store/store.h"

/* Writes at most this many jobs in one transaction. */
#define STORE_GROUP_MAX 512

struct store_group;

typedef int (*store_job_fn)(struct store *st, void *arg, struct err *e);

/* One write.  The submitter fills fn, arg, done and done_arg, and keeps
 * the job alive until done has been called. */
struct store_job {
	store_job_fn fn;
	void *arg;
	/* Called once, on the writer thread, after the commit (or the
	 * failure): rc 0 and durable, or -1 with e set.  It must be quick
	 * (wake the submitter), and must not submit to this group. */
	void (*done)(struct store_job *j);
	void *done_arg;
	int rc;
	struct err e;
	struct store_job *next;   /* the group's queue */
};

/* Whether group commit pays for this store's engine. */
bool store_group_wanted(const struct store *st);

/* Opens the writer's own store on target and starts its thread; *out is
 * the caller's (store_group_free). */
int store_group_start(const char *target, struct store_group **out,
		      struct err *e);
/* Writes every job already submitted, then stops the thread; jobs
 * submitted from now on fail at once (ERR_UNAVAILABLE).  Idempotent. */
void store_group_stop(struct store_group *g);
/* Stops it if need be, closes the store, frees g (NULL: nothing). */
void store_group_free(struct store_group *g);

/* Queues j; j->done is called once it is written (possibly at once, on
 * the caller's thread, when the group is stopping). */
void store_group_submit(struct store_group *g, struct store_job *j);
/* Runs fn(st, arg, e) as a job and waits: 0 once durable, or -1. */
int store_group_run(struct store_group *g, store_job_fn fn, void *arg,
		    struct err *e);

#endif
