/*
 * heartbeat: how a background job tells the rest of the process that it
 * is alive.  The job calls heartbeat_beat each time round its loop (and
 * before anything that may block for long); a reader (GET /healthz,
 * GET /metrics) compares heartbeat_last with the clock.  The struct is
 * owned by the job's owner; reads and writes are atomic, so no lock.
 * Times are the real clock (time(NULL)), never CUPPA_NOW.
 */
#ifndef CUPPA_HEARTBEAT_H
#define CUPPA_HEARTBEAT_H

#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

struct heartbeat {
	_Atomic int64_t hb_last;   /* Unix seconds of the last beat, 0: never */
};

static inline void heartbeat_beat(struct heartbeat *h)
{
	if (h)
		atomic_store(&h->hb_last, (int64_t)time(NULL));
}

static inline int64_t heartbeat_last(const struct heartbeat *h)
{
	return atomic_load(&((struct heartbeat *)h)->hb_last);
}

#endif
