/*
 * schedule: when a programme's rounds are drafted and published, as pure
 * arithmetic on its settings (no I/O: the caller loads the time zone).
 *
 * A schedule is a sequence of slots k = 0, 1, 2 ...  Slot k has a local
 * publish date (start date + k * cadence days, or with `monthly` the same
 * weekday in the same week of the month as the start, k months on) and the
 * start's local wall-clock time, converted to UTC in the programme's zone
 * for that date, so 09:30 stays 09:30 across daylight-saving changes.  The
 * draft is formed review_days earlier at the same local time.  A slot
 * whose local publish date lies in a skip window is not used: the round
 * due then moves to the next slot (nothing is squeezed in).
 *
 * Which slot the next round takes is the scheduler's state (app side):
 * this module answers "when is slot k" and "which is the first usable
 * slot after k publishing after instant t".
 *
 * Instants are Unix seconds (UTC); days are days since 1970-01-01 (local
 * calendar dates, not instants).
 */
#ifndef CUPPA_SCHEDULE_H
#define CUPPA_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/tz.h"

#define SCHEDULE_SKIPS_MAX 24
#define SCHEDULE_ZONE_DEFAULT "Europe/London"
#define SCHEDULE_REVIEW_DEFAULT 3
#define SCHEDULE_ROUNDS_MAX 1000

struct schedule_skip {
	int64_t from, to;       /* local days, inclusive, from <= to */
};

struct schedule {
	bool on;                /* false: a manual programme (no start) */
	int64_t start_day;      /* local date of round 1's publishing */
	int start_min;          /* local minutes after midnight */
	char zone[65];          /* IANA name */
	bool monthly;           /* else every cadence_days */
	int cadence_days;       /* copied from the programme */
	int review_days;        /* draft formed this many days earlier */
	bool review_only;       /* never publish by itself */
	int rounds;             /* stop after this round; 0 = no limit */
	bool paused;
	size_t nskips;
	struct schedule_skip skips[SCHEDULE_SKIPS_MAX];
};

struct schedule_slot {
	int k;
	int64_t day;            /* local publish date */
	int64_t publish;        /* UTC instant */
	int64_t draft;          /* UTC instant */
	bool skipped;           /* in a skip window */
};

/* Manual (off), Europe/London, review 3 days, auto-publish. */
void schedule_defaults(struct schedule *s, int cadence_days);

/* "YYYY-MM-DDTHH:MM" (local) -> start_day, start_min; -1 naming "start". */
int schedule_parse_start(const char *text, int64_t *day, int *min,
			 struct err *e);
/* "YYYY-MM-DD..YYYY-MM-DD" -> a window; -1 naming "skip" (reversed too). */
int schedule_parse_skip(const char *text, struct schedule_skip *out,
			struct err *e);

/* Checks everything but the zone's existence (the caller loads it):
 * start on a fifth weekday with monthly, review days not shorter than the
 * gap between rounds, overlapping skips, rounds out of range.  The error
 * names the option ("start", "review-days", "skip", "rounds"). */
int schedule_check(const struct schedule *s, struct err *e);

/* Reads the "schedule" object of a programme's settings JSON (defaults
 * when there is none); cadence_days comes from the programme. */
int schedule_from_settings(const char *settings, int cadence_days,
			   struct schedule *s, struct err *e);
/* settings with its "schedule" object replaced by s (removed when s is
 * off); *out from a. */
int schedule_to_settings(const char *settings, const struct schedule *s,
			 struct arena *a, char **out, struct err *e);

/* Slot k, computed in zone z. */
void schedule_slot(const struct schedule *s, const struct tz *z, int k,
		   struct schedule_slot *out);

/* The first slot j > after that is not skipped and publishes strictly
 * after not_before (pass INT64_MIN for any).  -1 when there is none
 * within SCHEDULE_SLOTS_MAX slots. */
#define SCHEDULE_SLOTS_MAX 20000
int schedule_next(const struct schedule *s, const struct tz *z, int after,
		  int64_t not_before, struct schedule_slot *out);

/* UTC instant of a local wall-clock time (local seconds since the epoch
 * as if the zone were UTC).  A time that does not exist (the spring-
 * forward gap) moves forward by the gap; an ambiguous one (autumn) takes
 * the first occurrence. */
int64_t schedule_utc_of_local(const struct tz *z, int64_t local);

/* The local form of instant t in z: "2027-06-07T09:30" (words for
 * people come from text_day, in the reader's language). */
char *schedule_local_iso(struct arena *a, const struct tz *z, int64_t t);
/* "2027-06-07" of a local day. */
char *schedule_day_iso(struct arena *a, int64_t day);

#endif
