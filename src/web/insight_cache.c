/* insight_cache: see insight_cache.h. */
#include "web/insight_cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "insight/insight_page.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/background.h"

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void web_insight_init(struct web_insight *wi, const char *db_path,
		      unsigned wait_ms)
{
	memset(wi, 0, sizeof *wi);
	pthread_mutex_init(&wi->wi_lock, NULL);
	pthread_cond_init(&wi->wi_work, NULL);
	pthread_cond_init(&wi->wi_done, NULL);
	wi->wi_db_path = db_path;
	wi->wi_wait_ms = wait_ms;
}

void web_insight_release(struct web_insight *wi)
{
	pthread_mutex_lock(&wi->wi_lock);
	wi->wi_stop = true;
	pthread_cond_broadcast(&wi->wi_work);
	pthread_mutex_unlock(&wi->wi_lock);
	if (wi->wi_started)
		pthread_join(wi->wi_thread, NULL);
	for (int i = 0; i < WEB_INSIGHT_SLOTS; i++)
		free(wi->wi_e[i].html);
	pthread_cond_destroy(&wi->wi_done);
	pthread_cond_destroy(&wi->wi_work);
	pthread_mutex_destroy(&wi->wi_lock);
}

/* The queued entry waiting longest, or NULL.  Caller holds wi_lock. */
static struct web_insight_entry *next_job(struct web_insight *wi)
{
	struct web_insight_entry *best = NULL;
	for (int i = 0; i < WEB_INSIGHT_SLOTS; i++)
		if (wi->wi_e[i].state == WI_QUEUED &&
		    (!best || wi->wi_e[i].at < best->at))
			best = &wi->wi_e[i];
	return best;
}

/* Draws one fragment with the worker's own store (opened on first use). */
static void draw(struct web_insight *wi, struct store **st,
		 const struct web_insight_entry *job, struct buf *out,
		 struct err *e)
{
	struct arena a;
	struct programme p;
	arena_init(&a, 0);
	if ((*st || store_open(wi->wi_db_path, st, e) == 0) &&
	    app_programme_get(*st, job->slug, &a, &p, e) == 0)
		insight_page_render(*st, &p, job->round, job->names, job->lang, out, e);
	arena_release(&a);
}

static void *worker(void *arg)
{
	struct web_insight *wi = arg;
	struct store *st = NULL;
	background_priority();
	pthread_mutex_lock(&wi->wi_lock);
	for (;;) {
		struct web_insight_entry *job, copy;
		struct buf out;
		struct err e = {0};
		while (!wi->wi_stop && !(job = next_job(wi)))
			pthread_cond_wait(&wi->wi_work, &wi->wi_lock);
		if (wi->wi_stop)
			break;
		job->state = WI_DRAWING;
		copy = *job;
		pthread_mutex_unlock(&wi->wi_lock);

		buf_init(&out, (size_t)8 << 20);
		draw(wi, &st, &copy, &out, &e);
		if (!e.code && buf_failed(&out))
			err_set(&e, ERR_INTERNAL, "the insight page is too large");

		pthread_mutex_lock(&wi->wi_lock);
		/* The slot is ours while DRAWING: nobody else reuses it. */
		free(job->html);
		job->html = NULL;
		job->len = 0;
		job->err = e;
		if (!e.code)
			job->html = buf_detach(&out, &job->len);
		else
			buf_release(&out);
		job->state = WI_READY;
		job->at = mono();
		pthread_cond_broadcast(&wi->wi_done);
	}
	pthread_mutex_unlock(&wi->wi_lock);
	if (st)
		store_close(st);
	return NULL;
}

static bool same_key(const struct web_insight_entry *x, int64_t pid,
		     int round, bool names, enum lang lang)
{
	return x->state != WI_EMPTY && x->programme_id == pid &&
	       x->round == round && x->names == names && x->lang == lang;
}

/* Copies a ready entry's answer out.  Caller holds wi_lock. */
static int answer(const struct web_insight_entry *x, struct buf *out,
		  struct err *e)
{
	if (x->err.code) {
		*e = x->err;
		return -1;
	}
	buf_add(out, x->html, x->len);
	return 1;
}

int web_insight_get(struct web_insight *wi, const struct programme *p,
		    int round, bool names, enum lang lang, const char *version,
		    struct buf *out, struct err *e)
{
	struct web_insight_entry *x = NULL, *victim = NULL;
	struct timespec until;
	double now = mono();
	int rc = 0;

	pthread_mutex_lock(&wi->wi_lock);
	for (int i = 0; i < WEB_INSIGHT_SLOTS && !x; i++)
		if (same_key(&wi->wi_e[i], p->id, round, names, lang))
			x = &wi->wi_e[i];
	if (x && x->state == WI_READY && strcmp(x->version, version) == 0 &&
	    now - x->at < WEB_INSIGHT_TTL_S) {
		rc = answer(x, out, e);
		goto done;
	}
	/* Being drawn for longer than a pool thread may wait: answer "being
	 * drawn" at once instead of holding another pool thread for
	 * wi_wait_ms (a picture of 100,000 people takes minutes). */
	if (x && (x->state == WI_DRAWING || x->state == WI_QUEUED) &&
	    (now - x->at) * 1000.0 >= (double)wi->wi_wait_ms)
		goto done;
	if (x && x->state == WI_DRAWING)
		goto wait; /* the worker's result may be stale: checked below */
	if (!x) {
		for (int i = 0; i < WEB_INSIGHT_SLOTS; i++) {
			struct web_insight_entry *c = &wi->wi_e[i];
			if (c->state == WI_EMPTY) {
				victim = c;
				break;
			}
			if (c->state == WI_READY && (!victim || c->at < victim->at))
				victim = c;
		}
		if (!victim)
			goto done; /* every slot busy: come back later */
		x = victim;
		free(x->html);
		memset(x, 0, sizeof *x);
		x->programme_id = p->id;
		x->round = round;
		x->names = names;
		x->lang = lang;
		snprintf(x->slug, sizeof x->slug, "%s", p->slug);
	}
	if (x->state != WI_QUEUED)
		x->at = now;
	snprintf(x->version, sizeof x->version, "%s", version);
	x->state = WI_QUEUED;
	if (!wi->wi_started) {
		if (pthread_create(&wi->wi_thread, NULL, worker, wi) != 0) {
			x->state = WI_EMPTY;
			rc = err_set(e, ERR_INTERNAL, "cannot start the drawing thread");
			goto done;
		}
		wi->wi_started = true;
	}
	pthread_cond_signal(&wi->wi_work);
wait:
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wi->wi_wait_ms / 1000;
	until.tv_nsec += (long)(wi->wi_wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	for (;;) {
		if (x->state == WI_READY && same_key(x, p->id, round, names, lang) &&
		    strcmp(x->version, version) == 0) {
			rc = answer(x, out, e);
			break;
		}
		if (!same_key(x, p->id, round, names, lang))
			break; /* reused meanwhile: come back later */
		if (x->state == WI_READY) {
			/* Drawn from older data while we waited: draw again. */
			x->state = WI_QUEUED;
			x->at = mono();
			snprintf(x->version, sizeof x->version, "%s", version);
			pthread_cond_signal(&wi->wi_work);
		}
		if (wi->wi_wait_ms == 0 ||
		    pthread_cond_timedwait(&wi->wi_done, &wi->wi_lock, &until) ==
			    ETIMEDOUT)
			break;
	}
done:
	pthread_mutex_unlock(&wi->wi_lock);
	return rc;
}
