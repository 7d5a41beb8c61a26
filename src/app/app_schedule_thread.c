/* app_schedule_thread: see app_schedule_thread.h. */
#include "app/app_schedule_thread.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app_schedule.h"
#include "store/store_schedule.h"
#include "util/clock.h"

struct schedule_thread {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	struct store *st;
	FILE *log;
	long every_ms;
	bool listening;            /* woken by STORE_SCHEDULE_CHANNEL */
	char holder[96];
};

static long tick_ms(void)
{
	const char *v = getenv("CUPPA_TICK_MS");
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	return v && *end == '\0' && n >= 50 && n <= 3600000 ? n : 60000;
}

static void run_once(struct schedule_thread *t)
{
	json_t *steps = NULL;
	bool leased;
	struct err e = {0};
	size_t i;
	json_t *s;
	/* After a database restart: reconnect (and listen again) first. */
	int rc = store_ready(t->st, &e);
	if (rc == 0)
		rc = app_schedule_tick(t->st, clock_now(), t->holder, &steps,
				       &leased, &e);
	if (t->log) {
		json_array_foreach(steps, i, s)
			fprintf(t->log, "cuppa: scheduler: %s %s round %d\n",
				json_string_value(json_object_get(s, "programme")),
				json_string_value(json_object_get(s, "step")),
				(int)json_integer_value(json_object_get(s, "round")));
		if (rc < 0)
			fprintf(t->log, "cuppa: scheduler: %s\n", e.msg);
		fflush(t->log);
	}
	json_decref(steps);
}

/* The instant ms from now, on the clock pthread_cond_timedwait uses. */
static struct timespec after_ms(long ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static long ms_until(const struct timespec *until)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	return (long)(until->tv_sec - now.tv_sec) * 1000L +
	       (until->tv_nsec - now.tv_nsec) / 1000000L;
}

static bool stopping(struct schedule_thread *t)
{
	pthread_mutex_lock(&t->mu);
	bool stop = t->stop;
	pthread_mutex_unlock(&t->mu);
	return stop;
}

/* Until the next tick is due, a notification on the scheduler's channel
 * comes (a schedule changed: act now, not at the next poll) or we are
 * asked to stop.  Waiting on the connection is done in slices so a stop
 * is seen within 100 ms; when the wait fails (the server went away) the
 * rest is a plain sleep, and the next tick reconnects and listens again. */
static void idle_wait(struct schedule_thread *t)
{
	struct timespec until = after_ms(t->every_ms);
	while (t->listening && !stopping(t)) {
		long left = ms_until(&until);
		if (left <= 0)
			return;
		int rc = store_wait(t->st, left > 100 ? 100 : (int)left, NULL);
		if (rc > 0)
			return;
		if (rc < 0)
			break;
	}
	pthread_mutex_lock(&t->mu);
	while (!t->stop &&
	       pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&t->mu);
}

static void *thread_main(void *arg)
{
	struct schedule_thread *t = arg;
	while (!stopping(t)) {
		run_once(t);
		idle_wait(t);
	}
	return NULL;
}

int schedule_thread_start(const char *db, const char *name, FILE *log,
			  struct schedule_thread **out, struct err *e)
{
	struct schedule_thread *t = calloc(1, sizeof *t);
	char host[64] = "";
	if (!t)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (store_open(db, &t->st, e) < 0) {
		free(t);
		return -1;
	}
	gethostname(host, sizeof host - 1);
	snprintf(t->holder, sizeof t->holder, "%s:%.60s:%ld", name, host,
		 (long)getpid());
	t->log = log;
	t->every_ms = tick_ms();
	/* Wake-ups where the engine has them; a failure only means polling. */
	t->listening = store_can_notify(t->st) &&
		       store_listen(t->st, STORE_SCHEDULE_CHANNEL, NULL) == 0;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	if (pthread_create(&t->tid, NULL, thread_main, t) != 0) {
		store_close(t->st);
		pthread_mutex_destroy(&t->mu);
		pthread_cond_destroy(&t->cv);
		free(t);
		return err_set(e, ERR_INTERNAL, "cannot start the scheduler thread");
	}
	*out = t;
	return 0;
}

void schedule_thread_stop(struct schedule_thread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->tid, NULL);
	store_close(t->st);
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	free(t);
}
