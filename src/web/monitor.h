/*
 * monitor: counts what the server answered, for GET /metrics: requests
 * by route pattern and status, and one latency histogram.  Knows nothing
 * of cuppa; writes Prometheus text exposition format (version 0.0.4).
 * Routes are the patterns (never raw paths: paths carry tokens), so the
 * table stays small; past MONITOR_SLOTS pairs the rest count as
 * route="(other)".  Owned by whoever embeds it; thread-safe.
 */
#ifndef CUPPA_MONITOR_H
#define CUPPA_MONITOR_H

#include <pthread.h>
#include <stdint.h>

#include "util/buf.h"

#define MONITOR_SLOTS 256
#define MONITOR_BUCKETS 12

struct monitor_slot {
	const char *route;         /* a string that outlives the monitor */
	int status;
	uint64_t count;
};

struct monitor {
	pthread_mutex_t mo_lock;
	struct monitor_slot mo_slots[MONITOR_SLOTS];
	int mo_n;
	uint64_t mo_other;         /* requests that found no free slot */
	uint64_t mo_bucket[MONITOR_BUCKETS]; /* by monitor_bounds, + +Inf */
	double mo_sum;
	uint64_t mo_count;
};

void monitor_init(struct monitor *m);
void monitor_release(struct monitor *m);
/* One answered request: route pattern (or NULL), status, seconds taken. */
void monitor_record(struct monitor *m, const char *route, int status,
		    double seconds);
/* Appends the request counters and the histogram to b. */
void monitor_write(struct monitor *m, struct buf *b);
/* Appends `s` to b as a Prometheus label value (\\, \" and \n escaped). */
void monitor_label(struct buf *b, const char *s);

#endif
