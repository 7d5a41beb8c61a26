/*
 * worker: drains the outbox.  Claims due rows under a lease, composes
 * each, hands it to the transport, and records the answer on the row
 * before sending the next one, so a crash repeats at most the one message
 * in flight.  Temporary failures come back later with exponential
 * backoff and jitter; permanent ones (5xx) and messages that kept failing
 * for max_attempts become 'failed' for the organiser to see.  Between
 * passes it runs the scheduler (notify.h) for reminders and check-ins.
 *
 * Runs on the caller's thread with the caller's store connection (one per
 * thread); `cuppa mail run` and a thread of `cuppa serve` both use it.
 */
#ifndef CUPPA_MAIL_WORKER_H
#define CUPPA_MAIL_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "mail/mail.h"
#include "mail/transport.h"
#include "store/store.h"
#include "util/heartbeat.h"

struct mail_worker_options {
	struct store *st;
	const struct mail_config *cfg;
	struct mail_transport *transport; /* NULL: SMTP from cfg */
	bool once;            /* schedule once, send what is due now, return */
	bool no_schedule;     /* skip the scheduler (benchmarks) */
	int batch;            /* rows per claim; default 50 */
	int lease_s;          /* default cfg's (CUPPA_MAIL_LEASE), else 300 */
	int idle_ms;          /* pause when nothing is due; default 1000 */
	int schedule_every_s; /* default 60 */
	int retry_base_s;     /* first retry delay; default cfg's
			       * (CUPPA_MAIL_RETRY_BASE), else 30 */
	int max_attempts;     /* default 8 */
	bool lazy_records;    /* record sends without an fsync each: faster,
			       * but an OS crash may re-send the messages
			       * recorded since the last checkpoint (a
			       * process crash still re-sends at most one);
			       * off by default, see docs/mail.md */
	atomic_bool *stop;         /* set true to stop soon; may be NULL */
	FILE *log;            /* counts and row ids only; NULL: quiet */
	struct heartbeat *beat; /* beaten every pass and before each send
				 * (GET /healthz); may be NULL */
};

struct mail_worker_stats {
	long sent, retried, failed, skipped;
	long lost_lease;      /* recorded after another worker took the row */
	long schedule_runs;
};

/* Runs until *stop (or, with once, until nothing is due now).  Returns
 * -1 only when the store or the transport cannot be used at all. */
int mail_worker_run(const struct mail_worker_options *o,
		    struct mail_worker_stats *stats, struct err *e);

/* A worker on a thread of its own, for `cuppa serve`: opens its own
 * store connection to db (a path or postgres:// URL), reads the same
 * settings as `cuppa mail run` (mail_config_load), and runs until
 * mail_thread_stop, which asks it to stop, waits for it (at most the
 * message in flight) and frees everything.  log as in the options.
 * base_url, when not NULL, replaces CUPPA_BASE_URL for the links (the
 * server knows where it is reached). */
struct mail_thread;
int mail_thread_start(const char *db, const char *base_url, FILE *log,
		      struct mail_thread **out, struct err *e);
void mail_thread_stop(struct mail_thread *t);
/* The worker thread's heartbeat (valid until mail_thread_stop). */
const struct heartbeat *mail_thread_heartbeat(const struct mail_thread *t);

/* The delay before retry number `attempt` (1-based): base * 2^(attempt-1)
 * capped at 6 hours, times a random factor in [0.5, 1.0). */
long mail_backoff_s(int base_s, int attempt);

#endif
