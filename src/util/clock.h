/*
 * clock: the time cuppa believes it is.  Normally the system clock; when
 * the environment variable CUPPA_NOW holds "YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM:SSZ", that instant instead, so tests can move time
 * (reminders, deadlines, pauses) without waiting.  CUPPA_NOW_FILE names a
 * file holding such an instant, read at every call: tests move the clock
 * of a running `cuppa serve` with it.
 */
#ifndef CUPPA_CLOCK_H
#define CUPPA_CLOCK_H

#include <stdbool.h>
#include <time.h>

time_t clock_now(void);

/* "YYYY-MM-DD" of t in UTC; out must hold 11 bytes. */
void clock_day(time_t t, char out[11]);
/* "YYYY-MM-DDTHH:MM:SSZ" of t in UTC; out must hold 21 bytes. */
void clock_instant(time_t t, char out[21]);

/* Strict "YYYY-MM-DD" check and parse to midnight UTC.  0 or -1. */
int clock_parse_day(const char *s, time_t *out);
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ". 0 or -1. */
int clock_parse_instant(const char *s, time_t *out);

/* day + n days, as "YYYY-MM-DD".  day may be an instant
 * ("YYYY-MM-DDTHH:MM:SSZ"): its UTC date counts.  Unparsable: today. */
void clock_add_days(const char *day, int n, char out[11]);

#endif
