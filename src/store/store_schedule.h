/*
 * store_schedule: the scheduler's state, lease and record of runs, the
 * changes publishing made to a reviewed draft, and organiser mail rows.
 * Same conventions as store.h.
 */
#ifndef CUPPA_STORE_SCHEDULE_H
#define CUPPA_STORE_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* The wake-up channel of schedulers (store_listen): whatever may make a
 * step due sooner than the next tick (a programme's settings changed, a
 * round held, released or skipped) notifies it at its commit, so a
 * scheduler on PostgreSQL acts at once instead of at its next poll. */
#define STORE_SCHEDULE_CHANNEL "cuppa_schedule"

struct schedule_state {
	int64_t programme_id;
	int slot;              /* slot of the next round; -1: not placed yet */
	int round;             /* that round's number; 0: not placed yet */
	bool drafted;          /* its draft formed and organisers told */
	bool held;             /* an organiser holds it */
	char *reminded;        /* local day of the last review-only reminder */
	char *last_step;       /* "draft 3", "publish 3", "skip 3" ... */
	char *last_step_at;
};

/* The state of a programme; a fresh one (slot -1) when it has no row. */
int store_schedule_get(struct store *st, int64_t programme_id,
		       struct arena *a, struct schedule_state *out,
		       struct err *e);
/* Inside a transaction: creates the row if needed and bumps its lock
 * counter, which makes a concurrent scheduler on PostgreSQL wait here
 * until this transaction ends (SQLite's write lock does the same). */
int store_schedule_lock(struct store *st, int64_t programme_id,
			struct err *e);
int store_schedule_put(struct store *st, const struct schedule_state *s,
		       struct err *e);
/* Forgets the placed slot (the schedule changed); keeps a hold. */
int store_schedule_reset(struct store *st, int64_t programme_id,
			 struct err *e);

/* Takes or renews the scheduler lease for holder until lease_until
 * (real Unix seconds) when it is free, expired or already holder's. */
int store_scheduler_lease(struct store *st, const char *holder, int64_t now,
			  int64_t lease_until, bool *held, struct err *e);

/* Gives the lease back if holder still has it. */
int store_scheduler_release(struct store *st, const char *holder,
			    struct err *e);

struct scheduler_run {
	char *holder;
	int64_t lease_until;
	char *last_run_at;     /* domain clock */
	int64_t last_run_unix; /* real clock */
	char *last_result;     /* "ok", "error" or "" (never ran) */
	int last_steps;
	char *last_error;
};
/* Records a run of holder's and gives its lease back, in one write (if
 * holder still holds it). */
int store_scheduler_record(struct store *st, const char *holder,
			   const char *at, int64_t unix_now, const char *result,
			   int steps, const char *error, struct err *e);
int store_scheduler_get(struct store *st, struct arena *a,
			struct scheduler_run *out, struct err *e);
/* store_schedule_get and store_scheduler_get in one round trip (what a
 * dashboard page showing a schedule needs). */
int store_schedule_get_with_run(struct store *st, int64_t programme_id,
				struct arena *a, struct schedule_state *state,
				struct scheduler_run *run, struct err *e);

struct round_change {
	int64_t person_id;
	char *name;
	char *change;          /* "removed", "placed", "re-placed", "unplaced" */
	char *detail;
};
int store_round_change_add(struct store *st, int64_t round_id,
			   int64_t person_id, const char *change,
			   const char *detail, struct err *e);
int store_round_change_list(struct store *st, int64_t round_id,
			    struct arena *a, struct round_change **out,
			    size_t *n, struct err *e);

struct organiser_addr {
	int64_t id;
	char *email;
};
/* The organisers of a programme, by id. */
int store_schedule_organisers(struct store *st, int64_t programme_id,
			      struct arena *a, struct organiser_addr **out,
			      size_t *n, struct err *e);
/* Queues a message to an organiser (no person) unless dedupe exists. */
int store_schedule_mail(struct store *st, int64_t programme_id,
			int64_t organiser_id, const char *rcpt,
			const char *kind, int64_t round_id, const char *dedupe,
			const char *detail, int64_t due_at, bool *inserted,
			struct err *e);

#endif
