/*
 * tz: UTC offsets of IANA time zones ("Europe/London"), computed without
 * touching the process-wide TZ variable.  setenv("TZ") + localtime_r is
 * not thread-safe (the environment and libc's zone state are global), and
 * cuppa composes mail inside web threads too, so this module reads the
 * compiled TZif file itself (/usr/share/zoneinfo/NAME, or $TZDIR/NAME):
 * the 64-bit transition table of a version 2+ file, and, for instants past
 * its last transition, the POSIX TZ rule in the file's footer
 * ("GMT0BST,M3.5.0/1,M10.5.0").  A loaded struct tz is immutable, so one
 * may be shared between threads.
 *
 * Leap seconds are ignored (cuppa only needs the wall-clock hour).
 */
#ifndef CUPPA_TZ_H
#define CUPPA_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct tz;

/* Loads zone name ("UTC", "Europe/London").  Names are checked: letters,
 * digits, '_', '-', '+', '/' only, no "..", no leading '/'.  An unknown
 * or malformed zone fails with ERR_INVALID.  The caller owns *out and
 * frees it with tz_free. */
int tz_load(const char *name, struct tz **out, struct err *e);
void tz_free(struct tz *z);

/* Seconds east of UTC in force at instant t (e.g. 3600 for BST). */
int32_t tz_offset(const struct tz *z, int64_t t);

/* True when name is a syntactically acceptable zone name. */
bool tz_name_ok(const char *name);

/* A few loaded zones kept by whoever composes many messages (a mail
 * worker, `cuppa mail preview`), so each zone file is read once per
 * worker instead of once per message.  Owned by one thread at a time (no
 * lock): every worker thread has its own.  Entries are immutable once
 * loaded; they live until tz_cache_release. */
#define TZ_CACHE_MAX 64
struct tz_cache {
	size_t n;
	struct {
		char name[65];
		struct tz *z;   /* NULL: unknown, treated as UTC */
	} slot[TZ_CACHE_MAX];
};
void tz_cache_init(struct tz_cache *c);
void tz_cache_release(struct tz_cache *c);

/* The zone called name, or NULL for UTC ("" / "UTC" / a bad or unknown
 * name: composing never fails on a participant's zone).  From c when
 * cached (loaded into c on first use).  When c is NULL or full, the zone
 * is loaded into *tmp, which the caller frees with tz_free after its last
 * use of the result; otherwise *tmp is NULL. */
const struct tz *tz_cache_get(struct tz_cache *c, const char *name,
			      struct tz **tmp);

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
int64_t tz_days_from_civil(int64_t y, unsigned m, unsigned d);
void tz_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
