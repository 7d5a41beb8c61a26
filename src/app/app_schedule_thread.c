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
#include "util/clock.h"

struct schedule_thread {
	pthread_t tid;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	struct store *st;
	FILE *log;
	long every_ms;
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
	int rc = app_schedule_tick(t->st, clock_now(), t->holder, &steps, &leased, &e);
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

static void *thread_main(void *arg)
{
	struct schedule_thread *t = arg;
	pthread_mutex_lock(&t->mu);
	while (!t->stop) {
		pthread_mutex_unlock(&t->mu);
		run_once(t);
		pthread_mutex_lock(&t->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += t->every_ms / 1000;
		until.tv_nsec += (t->every_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!t->stop &&
		       pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&t->mu);
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
