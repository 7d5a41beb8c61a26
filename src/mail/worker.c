/* worker: see worker.h. */
#include "mail/worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail/notify.h"
#include "store/store_mail.h"
#include "util/arena.h"
#include "util/clock.h"

#define BACKOFF_CAP_S (6 * 3600)

long mail_backoff_s(int base_s, int attempt)
{
	long d = base_s > 0 ? base_s : 1;
	for (int i = 1; i < attempt && d < BACKOFF_CAP_S; i++)
		d *= 2;
	if (d > BACKOFF_CAP_S)
		d = BACKOFF_CAP_S;
	/* jitter: spread retries of many messages (and workers) apart */
	long j = (long)randombytes_uniform(1000);
	d = d / 2 + d * j / 2000;
	return d > 0 ? d : 1;
}

static bool stopping(const struct mail_worker_options *o)
{
	return o->stop && atomic_load(o->stop);
}

/* Sleeps ms, waking early when asked to stop. */
static void nap(const struct mail_worker_options *o, long ms)
{
	while (ms > 0 && !stopping(o)) {
		long step = ms > 100 ? 100 : ms;
		heartbeat_beat(o->beat); /* waiting is alive */
		struct timespec ts = {step / 1000, (step % 1000) * 1000000L};
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !stopping(o))
			;
		ms -= step;
	}
}

/* Waits up to ms for work: on an engine with notifications, wakes as soon
 * as something is queued (store_notify at the enqueue's commit); else, or
 * when the wait fails, naps as before (polling stays the fallback, and
 * still finds retries whose time has come, which nobody announces). */
static void idle_wait(const struct mail_worker_options *o, long ms,
		      bool listening)
{
	while (listening && ms > 0 && !stopping(o)) {
		long step = ms > 100 ? 100 : ms;
		int rc = store_wait(o->st, (int)step, NULL);
		if (rc > 0)
			return;
		if (rc < 0)
			break;
		ms -= step;
	}
	nap(o, ms);
}

static void logf_(const struct mail_worker_options *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void logf_(const struct mail_worker_options *o, const char *fmt, ...)
{
	va_list ap;
	if (!o->log)
		return;
	va_start(ap, fmt);
	fputs("cuppa mail: ", o->log);
	vfprintf(o->log, fmt, ap);
	fputc('\n', o->log);
	fflush(o->log);
	va_end(ap);
}

/* Records r for row; returns 1 when the whole batch should pause
 * (connection-level failure), 0 otherwise, -1 on a store error. */
static int record(const struct mail_worker_options *o, const char *token,
		  const struct mail_row *row, const struct mail_result *r,
		  int retry_base, int max_attempts,
		  struct mail_worker_stats *stats, struct err *e)
{
	bool held = true;
	char when[21];
	int attempt = row->attempts + 1;
	if (r->verdict == MAIL_SENT) {
		clock_instant(clock_now(), when);
		if (store_mail_sent(o->st, row->id, token, r->code, r->reply, when,
				    &held, e) < 0)
			return -1;
		stats->sent++;
	} else if (r->verdict == MAIL_PERMFAIL || attempt >= max_attempts) {
		char reply[320];
		if (r->verdict == MAIL_PERMFAIL)
			snprintf(reply, sizeof reply, "%s", r->reply);
		else
			snprintf(reply, sizeof reply, "gave up after %d tries: %s",
				 attempt, r->reply);
		if (store_mail_failed(o->st, row->id, token, r->code, reply,
				      &held, e) < 0)
			return -1;
		stats->failed++;
		logf_(o, "message %lld failed (%d)", (long long)row->id, r->code);
	} else {
		int64_t due = mail_pace_now() + mail_backoff_s(retry_base, attempt);
		if (store_mail_retry(o->st, row->id, token, r->code, r->reply, due,
				     &held, e) < 0)
			return -1;
		stats->retried++;
	}
	if (!held)
		stats->lost_lease++;
	return r->conn_failed ? 1 : 0;
}

/* With lazy_records, records of sends may reach the disk lazily (see
 * store_mail_relax_sync and docs/mail.md "Durability"): losing one to an
 * OS crash re-sends a message, never loses one.  By default every record
 * is fsynced, so any crash re-sends at most one message.  Switched only
 * when it changes. */
static int sync_records(const struct mail_worker_options *o, bool *relaxed,
			bool want, struct err *e)
{
	if (*relaxed == want)
		return 0;
	if (store_mail_relax_sync(o->st, want, e) < 0)
		return -1;
	*relaxed = want;
	return 0;
}

int mail_worker_run(const struct mail_worker_options *o,
		    struct mail_worker_stats *stats, struct err *e)
{
	struct mail_transport *own = NULL, *tp = o->transport;
	char host[64] = "host", worker[128], token[160];
	int batch = o->batch > 0 ? o->batch : 50;
	const struct mail_config *cfg = o->cfg;
	int lease = o->lease_s > 0 ? o->lease_s
		    : cfg->lease_s > 0 ? cfg->lease_s : 300;
	int idle = o->idle_ms > 0 ? o->idle_ms : 1000;
	int every = o->schedule_every_s > 0 ? o->schedule_every_s : 60;
	int base = o->retry_base_s > 0 ? o->retry_base_s
		   : cfg->retry_base_s > 0 ? cfg->retry_base_s : 30;
	int max_attempts = o->max_attempts > 0 ? o->max_attempts : 8;
	int64_t last_schedule = 0;
	unsigned long seq = 0;
	int conn_fail_streak = 0;
	int ret = -1;
	bool relaxed = false;
	struct arena a;
	struct mail_composer mc;

	memset(stats, 0, sizeof *stats);
	arena_init(&a, 0);
	mail_composer_init(&mc, o->st, cfg);
	if (!tp) {
		struct smtp_options so = {
			.url = cfg->smtp_url,
			.user = cfg->smtp_user,
			.password = cfg->smtp_password,
			.insecure = cfg->smtp_insecure,
		};
		if (cfg->smtp_timeout_s > 0) { /* each of connect and send */
			so.connect_timeout_ms = 1000L * cfg->smtp_timeout_s;
			so.timeout_ms = 1000L * cfg->smtp_timeout_s;
		}
		if (smtp_transport_new(&so, &own, e) < 0)
			goto done;
		tp = own;
	}
	/* Wake-ups where the engine has them; a failure only means polling. */
	bool listening = store_can_notify(o->st) && !o->once &&
			 store_listen(o->st, STORE_MAIL_CHANNEL, e) == 0;
	gethostname(host, sizeof host - 1);
	snprintf(worker, sizeof worker, "%.60s:%ld:%08x", host, (long)getpid(),
		 (unsigned)randombytes_random());

	for (;;) {
		struct mail_row *rows;
		size_t n;
		int64_t now = mail_pace_now();
		heartbeat_beat(o->beat);
		if (stopping(o))
			break;
		/* After a database restart: reconnect (and listen again). */
		if (store_ready(o->st, e) < 0) {
			logf_(o, "store: %s", e->msg);
			if (o->once)
				goto done;
			nap(o, idle);
			continue;
		}
		if (!o->no_schedule && now - last_schedule >= every) {
			struct mail_schedule_stats ss;
			/* The scheduler's commits cause messages: full
			 * durability for them (see sync_records), or no
			 * scheduling this time. */
			if (sync_records(o, &relaxed, false, e) < 0) {
				logf_(o, "scheduler: %s", e->msg);
			} else if (mail_schedule(o->st, clock_now(), &ss, e) < 0) {
				logf_(o, "scheduler: %s", e->msg);
			} else if (ss.reminders || ss.checkins || ss.nudges ||
				   ss.survey_reminders) {
				logf_(o, "scheduled %d reminders, %d check-ins, %d nudges,"
					 " %d survey reminders",
				      ss.reminders, ss.checkins, ss.nudges,
				      ss.survey_reminders);
			}
			stats->schedule_runs++;
			last_schedule = now;
		}
		if (sync_records(o, &relaxed, o->lazy_records, e) < 0) /* FULL is safe too */
			logf_(o, "store: %s", e->msg);
		snprintf(token, sizeof token, "%s#%lu", worker, ++seq);
		arena_release(&a);
		arena_init(&a, 0);
		if (store_mail_claim(o->st, token, now, now + lease, batch, &a,
				     &rows, &n, e) < 0) {
			/* a busy database is worth waiting out */
			logf_(o, "claim: %s", e->msg);
			if (o->once)
				goto done;
			nap(o, idle);
			continue;
		}
		if (n == 0) {
			if (o->once)
				break;
			idle_wait(o, idle, listening);
			continue;
		}
		int pause = 0;
		int64_t lease_end = now + lease;
		for (size_t i = 0; i < n && !stopping(o) && !pause; i++) {
			struct arena ma;
			int64_t t = mail_pace_now();
			if (lease_end - t < lease / 2) {
				/* keep the rest of the batch ours on a slow server */
				lease_end = t + lease;
				if (store_mail_extend(o->st, token, lease_end, e) < 0) {
					pause = -1;
					break;
				}
			}
			struct mail_message m;
			struct mail_result r;
			const char *skip = NULL;
			arena_init(&ma, 0);
			heartbeat_beat(o->beat);
			if (mail_compose(&mc, &rows[i], clock_now(), &ma, &m, &skip,
					 e) < 0) {
				/* Data the text needs is broken or missing: retry
				 * (it may be a passing database error), and let
				 * max_attempts turn it into a visible failure. */
				memset(&r, 0, sizeof r);
				r.verdict = MAIL_TEMPFAIL;
				snprintf(r.reply, sizeof r.reply, "compose: %.200s", e->msg);
				pause = record(o, token, &rows[i], &r, base, max_attempts,
					       stats, e);
			} else if (skip) {
				if (store_mail_skipped(o->st, rows[i].id, token, skip, e) < 0)
					pause = -1;
				stats->skipped++;
			} else if (tp->ops->send(tp, cfg->from_addr, m.rcpt, m.data,
						 m.len, &r, e) < 0) {
				pause = -1;
			} else {
				pause = record(o, token, &rows[i], &r, base, max_attempts,
					       stats, e);
			}
			arena_release(&ma);
		}
		if (pause < 0) {
			logf_(o, "store: %s", e->msg);
			store_mail_release(o->st, token, NULL);
			goto done;
		}
		/* Rows not reached go back at once (not counted as tries). */
		if (store_mail_release(o->st, token, e) < 0)
			goto done;
		if (pause) {
			conn_fail_streak++;
			long ms = 1000L * mail_backoff_s(base, conn_fail_streak);
			if (ms > 60000) /* look again at least every minute */
				ms = 60000;
			if (o->once) {
				logf_(o, "server unavailable; the rest waits for the next run");
				break;
			}
			logf_(o, "server unavailable; pausing %ld s", ms / 1000);
			nap(o, ms);
		} else {
			conn_fail_streak = 0;
		}
	}
	ret = 0;
	logf_(o, "sent %ld, retried %ld, failed %ld, skipped %ld",
	      stats->sent, stats->retried, stats->failed, stats->skipped);
done:
	if (relaxed) { /* the caller's connection, as it was */
		struct err e2;
		sync_records(o, &relaxed, false, &e2);
	}
	mail_composer_release(&mc);
	arena_release(&a);
	mail_transport_free(own);
	return ret;
}

/* ---- a worker thread ---- */

struct mail_thread {
	pthread_t tid;
	struct store *st;
	struct mail_config cfg;
	atomic_bool stop;          /* set by mail_thread_stop, read by the worker */
	FILE *log;
	struct heartbeat beat;
};

static void *thread_main(void *arg)
{
	struct mail_thread *t = arg;
	struct mail_worker_options o = {
		.st = t->st, .cfg = &t->cfg, .stop = &t->stop, .log = t->log,
		.beat = &t->beat,
	};
	struct mail_worker_stats ws;
	struct err e = {0};
	if (mail_worker_run(&o, &ws, &e) < 0 && t->log)
		fprintf(t->log, "cuppa mail: worker stopped: %s\n", e.msg);
	return NULL;
}

int mail_thread_start(const char *db, const char *base_url, FILE *log,
		      struct mail_thread **out, struct err *e)
{
	struct mail_thread *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t)
		return err_set(e, ERR_INTERNAL, "out of memory");
	t->log = log;
	if (mail_config_load(db, &t->cfg, e) < 0)
		goto fail;
	if (base_url) {
		size_t n = (size_t)snprintf(t->cfg.base_url, sizeof t->cfg.base_url,
					    "%s", base_url);
		while (n && n < sizeof t->cfg.base_url && t->cfg.base_url[n - 1] == '/')
			t->cfg.base_url[--n] = '\0';
	}
	if (store_open(db, &t->st, e) < 0)
		goto fail_cfg;
	if (pthread_create(&t->tid, NULL, thread_main, t) != 0) {
		err_set(e, ERR_INTERNAL, "cannot start the mail thread");
		store_close(t->st);
		goto fail_cfg;
	}
	*out = t;
	return 0;
fail_cfg:
	mail_config_release(&t->cfg);
fail:
	free(t);
	return -1;
}

void mail_thread_stop(struct mail_thread *t)
{
	if (!t)
		return;
	atomic_store(&t->stop, true);
	pthread_join(t->tid, NULL);
	store_close(t->st);
	mail_config_release(&t->cfg);
	free(t);
}

const struct heartbeat *mail_thread_heartbeat(const struct mail_thread *t)
{
	return &t->beat;
}
