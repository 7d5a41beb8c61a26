/*
 * write: a handler's write through the group commit (see web.h,
 * "writing through the group commit").  The request's connection is
 * suspended while its job waits for the writer thread, so 200 clients
 * posting at once are 200 jobs in a transaction or two, not 200 threads
 * queueing on SQLite's write lock.
 *
 * Life of a deferred write: web_write copies the handler's context into
 * the request's arena and defers the answer (server.h); the server
 * suspends the connection and calls write_start, which submits the job;
 * the writer commits and calls write_done, which resumes the
 * connection; the server calls write_finish on the connection's thread,
 * which takes a store from the pool and lets the handler answer.
 */
#include "web/web.h"

#include <string.h>
#include <time.h>

struct web_write {
	struct store_job job;
	struct web_ctx cx;         /* the handler's, st NULL while waiting */
	web_then_fn then;
	void *arg;
};

static void write_start(struct web_req *rq, void *arg)
{
	struct web_write *w = arg;
	(void)rq;
	store_group_submit(w->cx.app->group, &w->job);
}

/* On the writer thread: wake the connection. */
static void write_done(struct store_job *j)
{
	struct web_write *w = j->done_arg;
	web_resume(w->cx.rq);
}

static void write_finish(struct web_req *rq, struct web_resp *rs, void *arg)
{
	struct web_write *w = arg;
	struct web_app *app = w->cx.app;
	struct err e = {0};
	struct timespec ts;
	(void)rs;
	if (store_pool_get(app->pool, &w->cx.st, &e) < 0) {
		web_error(&w->cx, 503, &e);
	} else {
		w->then(&w->cx, w->job.rc, &w->job.e, w->arg);
		store_pool_put(app->pool, w->cx.st);
		w->cx.st = NULL;
	}
	/* The dashboard's figures may have changed: forget them now that
	 * the change is visible (web.c does it for answers given at once).
	 * Participants' writes: recomputed in the background. */
	if (w->job.rc == 0)
		admin_figures_forget_all(&app->figures, false);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	monitor_record(&app->monitor, rq->route,
		       w->cx.rs->status ? w->cx.rs->status : 500,
		       (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - rq->started);
}

void web_write(struct web_ctx *cx, web_write_fn fn, void *arg,
	       web_then_fn then)
{
	struct web_write *w = NULL;
	struct err e = {0};
	int rc;
	if (cx->app->group)
		w = arena_calloc(cx->a, 1, sizeof *w);
	if (w) {
		w->cx = *cx;
		w->cx.st = NULL; /* goes back to the pool meanwhile */
		w->then = then;
		w->arg = arg;
		w->job.fn = fn;
		w->job.arg = arg;
		w->job.done = write_done;
		w->job.done_arg = w;
		if (web_defer(cx->rq, write_start, write_finish, w) == 0)
			return;
	}
	rc = fn(cx->st, arg, &e);
	then(cx, rc, &e, arg);
}
