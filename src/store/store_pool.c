/* store_pool: see store_pool.h. */
#include "store/store_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct store_pool {
	char *target;
	int size, wait_ms;
	pthread_mutex_t lock;        /* guards everything below */
	pthread_cond_t freed;
	struct store *idle[STORE_POOL_MAX];
	int nidle;
	int nopen;                   /* idle + taken + being opened */
};

int store_pool_new(const char *target, int size, int wait_ms,
		   struct store_pool **out, struct err *e)
{
	struct store_pool *p = calloc(1, sizeof *p);
	pthread_condattr_t ca;
	*out = NULL;
	if (!p || !(p->target = strdup(target))) {
		free(p);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	p->wait_ms = wait_ms < 0 ? 0 : wait_ms;
	if (store_pool_resize(p, size, e) < 0) {
		free(p->target);
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->freed, &ca);
	pthread_condattr_destroy(&ca);
	*out = p;
	return 0;
}

int store_pool_resize(struct store_pool *p, int size, struct err *e)
{
	if (size < 1 || size > STORE_POOL_MAX)
		return err_field(e, ERR_INVALID, "db-pool",
				 "the pool size must be 1 to %d", STORE_POOL_MAX);
	p->size = size;
	return 0;
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nidle; i++)
		store_close(p->idle[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->lock);
	free(p->target);
	free(p);
}

/* Takes an idle store or the right to open one, waiting up to wait_ms;
 * 1: *st is idle, 0: open one, -1: busy. */
static int pool_take(struct store_pool *p, struct store **st)
{
	struct timespec until;
	int rc = 0;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += p->wait_ms / 1000;
	until.tv_nsec += (long)(p->wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&p->lock);
	while (p->nidle == 0 && p->nopen >= p->size && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&p->freed, &p->lock, &until);
	if (p->nidle > 0) {
		*st = p->idle[--p->nidle];
		rc = 1;
	} else if (p->nopen < p->size) {
		p->nopen++;
		rc = 0;
	} else {
		rc = -1;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

/* Gives up a store that could not be opened. */
static void pool_forget(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	p->nopen--;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

int store_pool_get(struct store_pool *p, struct store **out, struct err *e)
{
	struct store *st = NULL;
	int rc = pool_take(p, &st);
	*out = NULL;
	if (rc < 0)
		return err_set(e, ERR_UNAVAILABLE,
			       "every database connection is busy (%d)", p->size);
	if (rc == 0) {
		if (store_open(p->target, &st, e) < 0) {
			pool_forget(p);
			return -1;
		}
	} else if (store_ready(st, e) < 0) {
		/* Kept: the next taker tries to reconnect it again. */
		store_pool_put(p, st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_pool_put(struct store_pool *p, struct store *st)
{
	if (!st)
		return;
	store_rollback(st);
	pthread_mutex_lock(&p->lock);
	p->idle[p->nidle++] = st;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}
