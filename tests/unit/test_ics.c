/* Unit tests: time zones (TZif + POSIX rules) and the .ics writer.
 * Parsing the output back with libical is done by tests/mail. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/ics.h"
#include "util/tz.h"
#include "util/clock.h"

static int64_t at(const char *instant)
{
	time_t t;
	cr_assert_eq(clock_parse_instant(instant, &t), 0, "%s", instant);
	return (int64_t)t;
}

static int32_t off(const char *zone, const char *instant)
{
	struct tz *z;
	struct err e = {0};
	cr_assert_eq(tz_load(zone, &z, &e), 0, "%s: %s", zone, e.msg);
	int32_t o = tz_offset(z, at(instant));
	tz_free(z);
	return o;
}

Test(tz, offsets_from_the_table)
{
	cr_assert_eq(off("Europe/London", "2026-01-15T12:00:00Z"), 0);
	cr_assert_eq(off("Europe/London", "2026-07-15T12:00:00Z"), 3600);
	cr_assert_eq(off("America/New_York", "2026-01-15T12:00:00Z"), -5 * 3600);
	cr_assert_eq(off("America/New_York", "2026-07-15T12:00:00Z"), -4 * 3600);
	cr_assert_eq(off("Asia/Kolkata", "2026-07-15T12:00:00Z"), 19800);
	cr_assert_eq(off("Australia/Sydney", "2026-01-15T12:00:00Z"), 11 * 3600);
	cr_assert_eq(off("Australia/Sydney", "2026-07-15T12:00:00Z"), 10 * 3600);
	/* the 2026 switch in London: 29 March 01:00 UTC */
	cr_assert_eq(off("Europe/London", "2026-03-29T00:59:59Z"), 0);
	cr_assert_eq(off("Europe/London", "2026-03-29T01:00:00Z"), 3600);
}

Test(tz, offsets_past_the_table_use_the_rule)
{
	/* 2050 lies past 2037, where fat files end: the footer rule decides */
	cr_assert_eq(off("Europe/London", "2050-07-15T12:00:00Z"), 3600);
	cr_assert_eq(off("Europe/London", "2050-12-15T12:00:00Z"), 0);
	cr_assert_eq(off("America/New_York", "2050-07-15T12:00:00Z"), -4 * 3600);
	cr_assert_eq(off("Australia/Sydney", "2050-01-15T12:00:00Z"), 11 * 3600);
	cr_assert_eq(off("Australia/Sydney", "2050-07-15T12:00:00Z"), 10 * 3600);
	/* last Sunday of March 2050 is the 27th */
	cr_assert_eq(off("Europe/London", "2050-03-27T00:59:59Z"), 0);
	cr_assert_eq(off("Europe/London", "2050-03-27T01:00:00Z"), 3600);
}

Test(tz, refuses_bad_names)
{
	struct tz *z;
	struct err e = {0};
	cr_assert_eq(tz_load("../../etc/passwd", &z, &e), -1);
	cr_assert_eq(tz_load("/etc/passwd", &z, &e), -1);
	cr_assert_eq(tz_load("Mars/Olympus", &z, &e), -1);
	cr_assert_eq(tz_load("", &z, &e), -1);
	cr_assert_str_eq(e.field, "timezone");
}

Test(tz, civil_days_round_trip)
{
	for (int64_t d = -800000; d < 800000; d += 997) {
		int64_t y;
		unsigned m, dd;
		tz_civil_from_days(d, &y, &m, &dd);
		cr_assert_eq(tz_days_from_civil(y, m, dd), d);
	}
	cr_assert_eq(tz_days_from_civil(1970, 1, 1), 0);
	cr_assert_eq(tz_days_from_civil(2000, 3, 1), 11017);
}

Test(ics, folds_escapes_and_crlf)
{
	struct buf b;
	buf_init(&b, 0);
	char val[400];
	/* 'é' is two octets: a fold must never split it */
	strcpy(val, "");
	for (int i = 0; i < 60; i++)
		strcat(val, "aé; ");
	struct buf esc;
	buf_init(&esc, 0);
	ics_escape_text(&esc, "a,b;c\\d\ne");
	cr_assert_str_eq(buf_str(&esc), "a\\,b\\;c\\\\d\\ne");
	buf_release(&esc);
	ics_line(&b, "DESCRIPTION", val);
	const char *s = buf_str(&b);
	size_t total = 0;
	for (const char *p = s; *p;) {
		const char *nl = strstr(p, "\r\n");
		cr_assert_not_null(nl);
		cr_assert_leq(nl - p, 75, "line of %d octets", (int)(nl - p));
		/* the first octet of a continuation is a space, and the
		 * octet after it never a UTF-8 continuation byte */
		if (p != s) {
			cr_assert_eq(p[0], ' ');
			cr_assert_neq((unsigned char)p[1] & 0xc0, 0x80);
		}
		total += (size_t)(nl - p);
		p = nl + 2;
	}
	cr_assert_gt(total, 75);
	buf_release(&b);
}

Test(ics, event_shape)
{
	struct ics_event ev = {
		.uid = "cuppa-r1-g2@x.org", .start = at("2026-03-03T10:00:00Z"),
		.end = at("2026-03-03T10:30:00Z"), .stamp = at("2026-03-02T10:00:00Z"),
		.summary = "Coffee: Ann & Bob", .description = "Line one\nLine, two",
	};
	struct buf b;
	buf_init(&b, 0);
	ics_write(&b, &ev);
	/* unfold (RFC 5545 3.1) before looking for content lines */
	char *s = strdup(buf_str(&b)), *w = s;
	for (const char *r = s; *r;) {
		if (r[0] == '\r' && r[1] == '\n' && r[2] == ' ')
			r += 3;
		else
			*w++ = *r++;
	}
	*w = '\0';
	cr_assert(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	/* an entry the person owns: nobody to reply to */
	cr_assert(strstr(s, "METHOD:PUBLISH\r\n"));
	cr_assert_null(strstr(s, "ORGANIZER"));
	cr_assert_null(strstr(s, "ATTENDEE"));
	cr_assert_null(strstr(s, "RSVP"));
	cr_assert(strstr(s, "DTSTART:20260303T100000Z\r\n"));
	cr_assert(strstr(s, "DTEND:20260303T103000Z\r\n"));
	cr_assert(strstr(s, "DESCRIPTION:Line one\\nLine\\, two\r\n"));
	cr_assert(strstr(s, "END:VCALENDAR\r\n"));
	free(s);
	buf_release(&b);
}

static int local_minutes(const char *zone, int64_t t, int *wday)
{
	struct tz *z = NULL;
	struct err e = {0};
	int32_t o = 0;
	if (zone && *zone) {
		cr_assert_eq(tz_load(zone, &z, &e), 0);
		o = tz_offset(z, t);
		tz_free(z);
	}
	int64_t l = t + o;
	int64_t d = l / 86400;
	*wday = (int)((d + 4) % 7);
	return (int)(l % 86400 / 60);
}

Test(ics, slot_in_everyones_working_hours)
{
	const char *zones[] = {"Europe/London", "America/New_York"};
	int64_t from = at("2026-03-06T00:00:00Z"); /* a Friday */
	int64_t to = at("2026-04-01T00:00:00Z");
	struct tz_cache cache;
	tz_cache_init(&cache);
	for (uint64_t spread = 0; spread < 40; spread++) {
		int64_t s, s2;
		struct err e = {0};
		cr_assert_eq(ics_pick_slot(from, to, zones, 2, &cache, spread, &s, &e), 0);
		/* without a cache: the same answer */
		cr_assert_eq(ics_pick_slot(from, to, zones, 2, NULL, spread, &s2, &e), 0);
		cr_assert_eq(s, s2);
		cr_assert_geq(s, from);
		cr_assert_leq(s + 1800, to);
		for (int i = 0; i < 2; i++) {
			int wd, m = local_minutes(zones[i], s, &wd);
			cr_assert(wd >= 1 && wd <= 5, "%s weekday %d", zones[i], wd);
			cr_assert(m >= 9 * 60 && m + 30 <= 17 * 60, "%s %d", zones[i], m);
		}
	}
	cr_assert_eq(cache.n, 2); /* each zone loaded once */
	tz_cache_release(&cache);
}

Test(tz, cache_keeps_each_zone_once)
{
	struct tz_cache c;
	struct tz *tmp;
	tz_cache_init(&c);
	const struct tz *a = tz_cache_get(&c, "Europe/London", &tmp);
	cr_assert_not_null(a);
	cr_assert_null(tmp);
	cr_assert_eq(tz_cache_get(&c, "Europe/London", &tmp), a);
	/* UTC, empty, bad and unknown names: NULL (UTC), never an error */
	cr_assert_null(tz_cache_get(&c, "", &tmp));
	cr_assert_null(tz_cache_get(&c, "UTC", &tmp));
	cr_assert_null(tz_cache_get(&c, "../etc/passwd", &tmp));
	cr_assert_null(tz_cache_get(&c, "No/Such_Zone", &tmp));
	cr_assert_null(tmp);
	/* past its size: loaded for the caller to free */
	c.n = TZ_CACHE_MAX - 1;
	memset(&c.slot[1], 0, sizeof c.slot[1] * (TZ_CACHE_MAX - 2));
	for (size_t i = 1; i < TZ_CACHE_MAX - 1; i++)
		snprintf(c.slot[i].name, sizeof c.slot[i].name, "x%zu", i);
	cr_assert_not_null(tz_cache_get(&c, "Asia/Tokyo", &tmp));
	cr_assert_null(tmp);
	const struct tz *p = tz_cache_get(&c, "America/New_York", &tmp);
	cr_assert_not_null(p);
	cr_assert_eq(p, tmp);
	tz_free(tmp);
	tz_cache_release(&c);
	cr_assert_eq(c.n, 0);
}

Test(ics, slot_when_nobody_overlaps)
{
	/* Tokyo and Los Angeles share no 9-17 hour: still a slot, in the
	 * working hours of one of them, on a working day of that one */
	const char *zones[] = {"Asia/Tokyo", "America/Los_Angeles"};
	int64_t s;
	struct err e = {0};
	cr_assert_eq(ics_pick_slot(at("2026-03-02T00:00:00Z"), at("2026-03-30T00:00:00Z"),
				   zones, 2, NULL, 3, &s, &e), 0);
	int wd0, wd1;
	int m0 = local_minutes(zones[0], s, &wd0), m1 = local_minutes(zones[1], s, &wd1);
	bool ok0 = wd0 >= 1 && wd0 <= 5 && m0 >= 540 && m0 + 30 <= 1020;
	bool ok1 = wd1 >= 1 && wd1 <= 5 && m1 >= 540 && m1 + 30 <= 1020;
	cr_assert(ok0 || ok1);
	cr_assert_eq(ics_pick_slot(100, 200, zones, 2, NULL, 0, &s, &e), -1);
}

/* Truncations of a real zone file, and random byte flips in it,
 * must load cleanly or fail cleanly (run under ASan by scripts/test). */
Test(tz, survives_damaged_files)
{
	char dir[] = "/tmp/cuppa-tz-XXXXXX", path[128];
	unsigned char *data = malloc(1 << 16);
	FILE *f = fopen("/usr/share/zoneinfo/Europe/London", "rb");
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_not_null(f);
	size_t n = fread(data, 1, 1 << 16, f);
	fclose(f);
	setenv("TZDIR", dir, 1);
	snprintf(path, sizeof path, "%s/Bad", dir);
	srand(7);
	/* truncations every 5 octets (every header and table boundary is
	 * crossed), then 300 copies with random flips */
	size_t cut = (n + 4) / 5;
	for (size_t round = 0; round < cut + 300; round++) {
		unsigned char *copy = malloc(n);
		size_t len = n;
		memcpy(copy, data, n);
		if (round < cut) {
			len = round * 5;
		} else {
			for (int k = 0; k < 4; k++) /* random flips */
				copy[(size_t)rand() % n] = (unsigned char)rand();
		}
		f = fopen(path, "wb");
		fwrite(copy, 1, len, f);
		fclose(f);
		struct tz *z = NULL;
		struct err e = {0};
		if (tz_load("Bad", &z, &e) == 0) {
			(void)tz_offset(z, 0);
			(void)tz_offset(z, 1800000000);
			(void)tz_offset(z, 4000000000LL);
			tz_free(z);
		}
		free(copy);
	}
	unlink(path);
	rmdir(dir);
	unsetenv("TZDIR");
	free(data);
}

Test(ics, working_days_after)
{
	/* Friday 2026-03-06 10:00: three working days on is Wednesday 11th */
	cr_assert_eq(ics_working_days_after(at("2026-03-06T10:00:00Z"), 3),
		     at("2026-03-11T00:00:00Z"));
	/* Monday: Thursday */
	cr_assert_eq(ics_working_days_after(at("2026-03-02T23:00:00Z"), 3),
		     at("2026-03-05T00:00:00Z"));
	/* Saturday: Wednesday */
	cr_assert_eq(ics_working_days_after(at("2026-03-07T08:00:00Z"), 3),
		     at("2026-03-11T00:00:00Z"));
}
