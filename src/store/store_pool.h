/*
 * store_pool: connections shared by the threads of `cuppa serve`.
 *
 * At most `size` stores are open at once, opened on first demand; a
 * thread takes one for a request and gives it back after.  A store is
 * checked as it is handed out (store_ready: no round trip while healthy),
 * so after a PostgreSQL restart the next request reconnects by itself.
 * When every store is taken for longer than wait_ms, or the database
 * cannot be reached, store_pool_get fails at once with ERR_UNAVAILABLE,
 * which the web layer answers 503 instead of hanging.
 */
#ifndef CUPPA_STORE_POOL_H
#define CUPPA_STORE_POOL_H

#include "store/store.h"

#define STORE_POOL_MAX 64

struct store_pool;

/* target as store_open; size 1..STORE_POOL_MAX; wait_ms >= 0.  Opens
 * nothing yet.  *out is the caller's (store_pool_free). */
int store_pool_new(const char *target, int size, int wait_ms,
		   struct store_pool **out, struct err *e);
/* Closes every store; none may be taken. */
void store_pool_free(struct store_pool *p);
/* Changes the size before the pool is used (cuppa serve --db-pool). */
int store_pool_resize(struct store_pool *p, int size, struct err *e);

/* A usable store for the caller alone until store_pool_put. */
int store_pool_get(struct store_pool *p, struct store **out, struct err *e);
/* Gives st back (any open transaction is rolled back first). */
void store_pool_put(struct store_pool *p, struct store *st);

#endif
