/*
 * app_schedule_thread: the scheduler on a thread of its own, for `cuppa
 * serve` and `cuppa mail run`: it opens its own store connection and runs
 * app_schedule_tick every minute (CUPPA_TICK_MS overrides, 50 to 3600000
 * milliseconds: tests tick faster), until stopped.  Every run is recorded
 * in the database (scheduler_run) by the tick itself.
 */
#ifndef CUPPA_APP_SCHEDULE_THREAD_H
#define CUPPA_APP_SCHEDULE_THREAD_H

#include <stdio.h>

#include "util/err.h"

struct schedule_thread;

/* db: a path or postgres:// URL.  name: this process in the lease
 * ("serve", "mail").  log: one line per step and per failed run; NULL:
 * quiet.  The caller owns *out until schedule_thread_stop. */
int schedule_thread_start(const char *db, const char *name, FILE *log,
			  struct schedule_thread **out, struct err *e);
/* Asks the thread to stop, waits for the tick in progress, frees it.
 * NULL is fine. */
void schedule_thread_stop(struct schedule_thread *t);

#endif
