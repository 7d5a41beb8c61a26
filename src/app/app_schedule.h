/*
 * app_schedule: the scheduler.  Each programme with a start (see
 * core/schedule.h) has its rounds drafted, announced to its organisers and
 * published on time, with nobody at the keyboard.
 *
 * One tick (app_schedule_tick) looks at every programme once at `now` and
 * does each step that is due:
 *  - draft:   the round's draft is formed (an organiser's own draft is
 *             kept) and every organiser is emailed a link to review it;
 *  - publish: the draft is brought up to date (app_schedule_refresh) and
 *             published, unless held or review-only; when several slots
 *             were missed (an outage), one round is published and the
 *             schedule continues at the first slot after now;
 *  - remind:  review-only programmes: organisers are reminded once a day
 *             while the draft waits.
 * Exactly once: every step is one transaction that first locks the
 * programme's schedule_state row, then re-reads the state and re-decides;
 * the state it commits says the step is done.  A crash before the commit
 * leaves nothing; after it, nothing is repeated.  A lease in the database
 * lets one scheduler act at a time when several servers share it.
 *
 * A tick with nothing due only reads (one query per programme plus the
 * lease), so ticking every minute costs next to nothing.
 */
#ifndef CUPPA_APP_SCHEDULE_H
#define CUPPA_APP_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/model.h"
#include "core/schedule.h"
#include "store/store.h"
#include "store/store_schedule.h"
#include "util/arena.h"
#include "util/err.h"

/* Checks the "schedule" of p's settings (including that its time zone
 * exists); the error names the option. */
int app_schedule_check(const struct programme *p, struct err *e);

/* The schedule options as given (CLI options, form fields, JSON), NULL
 * or false when not given: start ("YYYY-MM-DDTHH:MM", "" or "none" for
 * manual), timezone, monthly or cadence (days between rounds; the number
 * itself is the programme's cadence_days), review_days, auto_publish or
 * review_only, skips ("FROM..TO"; when nskips > 0 they replace the old
 * list; "none" or "" entries are ignored), rounds ("none": no limit),
 * pause or resume. */
struct schedule_input {
	const char *start, *timezone, *review_days, *rounds, *cadence;
	bool monthly, auto_publish, review_only, pause, resume;
	const char *skips[SCHEDULE_SKIPS_MAX];
	int nskips;
};
/* p's settings with the options applied and checked, in *settings (from
 * a; p->settings itself when nothing schedule-related was given).  Bad
 * input fails with ERR_INVALID naming the option ("start", "timezone",
 * "skip", "rounds", "review-days" ...); nothing is written here. */
int app_schedule_apply(const struct programme *p, const struct schedule_input *in,
		       struct arena *a, char **settings, struct err *e);

/* Runs every due step of every programme at now.  holder names this
 * process for the lease.  *steps (may be NULL) receives a JSON array of
 * what was done, one object per step: {"programme", "step", "round",
 * "changes"}; the caller owns it.  Records the run (time, result) in the
 * database whatever happens.  *leased false: another scheduler holds the
 * lease, nothing was done. */
int app_schedule_tick(struct store *st, time_t now, const char *holder,
		      json_t **steps, bool *leased, struct err *e);

/* Organiser actions on the next scheduled round.  hold: not published
 * until released; skip: the next round is not held at its slot (its draft
 * is dropped) and the schedule moves on to the following one. */
int app_schedule_hold(struct store *st, const struct programme *p,
		      bool hold, const char *actor, struct err *e);
int app_schedule_skip(struct store *st, const struct programme *p,
		      time_t now, const char *actor, int *skipped,
		      struct err *e);

/* What the schedule looks like from now: the next rounds with their
 * draft and publish instants, and the last run. */
#define SCHEDULE_VIEW_MAX 6
struct schedule_upcoming {
	int round;
	int64_t draft, publish;      /* UTC */
	char *draft_local, *publish_local;   /* "2027-06-07T09:30" */
};
struct schedule_view {
	struct schedule s;
	struct schedule_state state;
	struct scheduler_run run;
	bool finished;               /* the last round (--rounds) is done */
	int n;
	struct schedule_upcoming next[SCHEDULE_VIEW_MAX];
};
int app_schedule_view(struct store *st, const struct programme *p,
		      time_t now, struct arena *a, struct schedule_view *out,
		      struct err *e);
json_t *app_schedule_json(const struct programme *p,
			  const struct schedule_view *v, struct arena *a);

/* Brings draft round `number` up to date at publishing, inside the
 * caller's transaction: people no longer eligible are removed (their
 * partners re-placed), eligible people not in a group (newcomers, people
 * who confirmed or came back) placed, every other group kept exactly as
 * reviewed (manual swaps included), all hard rules kept; whoever cannot
 * be placed is unplaced with a reason.  Each change is recorded in
 * round_change; *changes counts them. */
int app_schedule_refresh(struct store *st, const struct programme *p,
			 int number, int *changes, struct err *e);

/* What the scheduler changed in round round_id when it published it
 * (people removed, placed, re-placed or unplaced). */
int app_schedule_changes(struct store *st, int64_t round_id, struct arena *a,
			 struct round_change **out, size_t *n, struct err *e);

#endif
