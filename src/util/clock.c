/* clock: see clock.h.  All arithmetic in UTC via timegm. */
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_fields(const char *s, struct tm *tm, bool with_time)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	if (with_time) {
		if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h,
			   &mi, &se, &n) != 6 || n != 20 || s[n])
			return -1;
	} else if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
		   n != 10 || s[n]) {
		return -1;
	}
	if (s[4] != '-' || s[7] != '-' || y < 1970 || y > 9999 || mo < 1 ||
	    mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	tm->tm_hour = h;
	tm->tm_min = mi;
	tm->tm_sec = se;
	/* Reject 2025-02-30 and the like: normalising must not move it. */
	struct tm check = *tm;
	time_t t = timegm(&check);
	if (t == (time_t)-1 || check.tm_mday != d || check.tm_mon != mo - 1)
		return -1;
	return 0;
}

int clock_parse_day(const char *s, time_t *out)
{
	struct tm tm;
	if (!s || parse_fields(s, &tm, false) < 0)
		return -1;
	*out = timegm(&tm);
	return 0;
}

int clock_parse_instant(const char *s, time_t *out)
{
	struct tm tm;
	if (!s)
		return -1;
	if (strlen(s) == 10)
		return clock_parse_day(s, out);
	if (parse_fields(s, &tm, true) < 0)
		return -1;
	*out = timegm(&tm);
	return 0;
}

/* CUPPA_NOW_FILE: the instant read from a file at every call, so a test
 * can move the clock of a long-running `cuppa serve` (the scheduler). */
static int now_from_file(const char *path, time_t *t)
{
	char line[40] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(line, 1, sizeof line - 1, f);
	fclose(f);
	line[n] = '\0';
	line[strcspn(line, "\r\n ")] = '\0';
	return clock_parse_instant(line, t);
}

time_t clock_now(void)
{
	const char *fake = getenv("CUPPA_NOW");
	const char *file = getenv("CUPPA_NOW_FILE");
	time_t t;
	if (fake && *fake && clock_parse_instant(fake, &t) == 0)
		return t;
	if (file && *file && now_from_file(file, &t) == 0)
		return t;
	return time(NULL);
}

void clock_day(time_t t, char out[11])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void clock_instant(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_add_days(const char *day, int n, char out[11])
{
	time_t t;
	/* An instant counts from its UTC date (published_at is one). */
	if (clock_parse_instant(day, &t) < 0)
		t = clock_now();
	t -= t % 86400;
	clock_day(t + (time_t)n * 86400, out);
}
