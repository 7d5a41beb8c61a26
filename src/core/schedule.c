/* schedule: see schedule.h. */
#include "core/schedule.h"
#include "core/programme.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int64_t fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
static int weekday(int64_t day)
{
	return (int)((day % 7 + 7 + 4) % 7);
}

void schedule_defaults(struct schedule *s, int cadence_days)
{
	memset(s, 0, sizeof *s);
	snprintf(s->zone, sizeof s->zone, "%s", SCHEDULE_ZONE_DEFAULT);
	s->cadence_days = cadence_days;
	s->review_days = SCHEDULE_REVIEW_DEFAULT;
}

/* Strict "YYYY-MM-DD" at text (exactly 10 characters) -> local day. */
static int parse_date(const char *text, int64_t *day)
{
	unsigned y, m, d;
	int n = 0;
	if (strlen(text) < 10 || sscanf(text, "%4u-%2u-%2u%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || text[4] != '-' || text[7] != '-' || y < 1970 || y > 9999 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	int64_t z = tz_days_from_civil(y, m, d), yy;
	unsigned mm, dd;
	tz_civil_from_days(z, &yy, &mm, &dd);
	if (mm != m || dd != d)
		return -1;
	*day = z;
	return 0;
}

int schedule_parse_start(const char *text, int64_t *day, int *min,
			 struct err *e)
{
	unsigned h, mi;
	int n = 0;
	if (!text || parse_date(text, day) < 0 || text[10] != 'T' ||
	    sscanf(text + 11, "%2u:%2u%n", &h, &mi, &n) != 2 || n != 5 ||
	    text[13] != ':' || text[16] || h > 23 || mi > 59)
		return err_field(e, ERR_INVALID, "start",
				 N_("'%s' is not a local date and time like "
				 "2027-01-04T09:30"), text ? text : "");
	*min = (int)(h * 60 + mi);
	return 0;
}

int schedule_parse_skip(const char *text, struct schedule_skip *out,
			struct err *e)
{
	if (!text || strlen(text) != 22 || strncmp(text + 10, "..", 2) != 0 ||
	    parse_date(text, &out->from) < 0 ||
	    parse_date(text + 12, &out->to) < 0)
		return err_field(e, ERR_INVALID, "skip",
				 N_("'%s' is not a window of dates like "
				 "2027-07-20..2027-08-31"), text ? text : "");
	if (out->to < out->from)
		return err_field(e, ERR_INVALID, "skip",
				 N_("%s ends before it starts"), text);
	return 0;
}

char *schedule_day_iso(struct arena *a, int64_t day)
{
	int64_t y;
	unsigned m, d;
	tz_civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%04lld-%02u-%02u", (long long)y, m, d);
}

static const char *const ordinals[] = {"first", "second", "third",
				       "fourth", "fifth"};
static const char *const wdays[] = {"Sunday", "Monday", "Tuesday",
				    "Wednesday", "Thursday", "Friday",
				    "Saturday"};

int schedule_check(const struct schedule *s, struct err *e)
{
	if (!s->on)
		return 0;
	if (s->monthly) {
		int64_t y;
		unsigned m, d;
		tz_civil_from_days(s->start_day, &y, &m, &d);
		if (d > 28)
			return err_field(e, ERR_INVALID, "start",
					 N_("%04lld-%02u-%02u is the %s %s of its month; "
					 "monthly rounds need a weekday every month has "
					 "(the first to fourth): choose an earlier date"),
					 (long long)y, m, d, ordinals[(d - 1) / 7],
					 wdays[weekday(s->start_day)]);
	} else if (s->cadence_days < 1 || s->cadence_days > 365) {
		return err_field(e, ERR_INVALID, "cadence-days",
				 N_("must be between 1 and 365 days"));
	}
	int gap = s->monthly ? 28 : s->cadence_days;
	if (s->review_days < 0 || s->review_days >= gap)
		return err_field(e, ERR_INVALID, "review-days",
				 N_("must be from 0 to %d: the draft is formed before "
				 "the previous round's %d days are over"), gap - 1, gap);
	if (s->rounds < 0 || s->rounds > SCHEDULE_ROUNDS_MAX)
		return err_field(e, ERR_INVALID, "rounds",
				 N_("must be from 1 to %d (leave it out for no limit)"),
				 SCHEDULE_ROUNDS_MAX);
	if (!tz_name_ok(s->zone))
		return err_field(e, ERR_INVALID, "timezone",
				 N_("'%s' is not a time zone name like Europe/London"),
				 s->zone);
	for (size_t i = 0; i < s->nskips; i++) {
		if (s->skips[i].to < s->skips[i].from)
			return err_field(e, ERR_INVALID, "skip",
					 N_("a window ends before it starts"));
		for (size_t j = 0; j < i; j++)
			if (s->skips[i].from <= s->skips[j].to &&
			    s->skips[j].from <= s->skips[i].to) {
				struct arena a;
				arena_init(&a, 0);
				err_field(e, ERR_INVALID, "skip",
					  N_("%s..%s overlaps %s..%s: give each holiday once"),
					  schedule_day_iso(&a, s->skips[i].from),
					  schedule_day_iso(&a, s->skips[i].to),
					  schedule_day_iso(&a, s->skips[j].from),
					  schedule_day_iso(&a, s->skips[j].to));
				arena_release(&a);
				return -1;
			}
	}
	return 0;
}

/* ---- settings JSON ---- */

static int get_int(json_t *o, const char *key, int *v)
{
	json_t *j = json_object_get(o, key);
	if (!j)
		return 0;
	if (!json_is_integer(j))
		return -1;
	*v = (int)json_integer_value(j);
	return 0;
}

int schedule_from_settings(const char *settings, int cadence_days,
			   struct schedule *s, struct err *e)
{
	json_t *root, *o, *j;
	int rc = -1;
	schedule_defaults(s, cadence_days);
	if (!settings || !strstr(settings, "\"schedule\""))
		return 0;
	root = json_loads(settings, 0, NULL);
	o = json_object_get(root, "schedule");
	if (!json_is_object(o)) {
		rc = 0;
		goto done;
	}
	j = json_object_get(o, "start");
	if (json_is_string(j)) {
		if (schedule_parse_start(json_string_value(j), &s->start_day,
					 &s->start_min, e) < 0)
			goto done;
		s->on = true;
	}
	j = json_object_get(o, "timezone");
	if (json_is_string(j))
		snprintf(s->zone, sizeof s->zone, "%s", json_string_value(j));
	s->monthly = json_is_true(json_object_get(o, "monthly"));
	s->review_only = json_is_true(json_object_get(o, "review_only"));
	s->paused = json_is_true(json_object_get(o, "paused"));
	if (get_int(o, "review_days", &s->review_days) < 0 ||
	    get_int(o, "rounds", &s->rounds) < 0) {
		err_field(e, ERR_INVALID, "settings", N_("schedule numbers must be integers"));
		goto done;
	}
	j = json_object_get(o, "skips");
	for (size_t i = 0; json_is_array(j) && i < json_array_size(j) &&
			   s->nskips < SCHEDULE_SKIPS_MAX; i++) {
		json_t *w = json_array_get(j, i);
		if (!json_is_string(w) ||
		    schedule_parse_skip(json_string_value(w),
					&s->skips[s->nskips], e) < 0)
			goto done;
		s->nskips++;
	}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

int schedule_to_settings(const char *settings, const struct schedule *s,
			 struct arena *a, char **out, struct err *e)
{
	json_t *root = json_loads(settings && *settings ? settings : "{}", 0, NULL);
	int rc = -1;
	if (!json_is_object(root)) {
		err_field(e, ERR_INVALID, "settings", N_("is not a JSON object"));
		goto done;
	}
	if (!s->on) {
		json_object_del(root, "schedule");
	} else {
		json_t *skips = json_array();
		for (size_t i = 0; i < s->nskips; i++)
			json_array_append_new(
				skips, json_string(arena_printf(
					       a, "%s..%s",
					       schedule_day_iso(a, s->skips[i].from),
					       schedule_day_iso(a, s->skips[i].to))));
		json_object_set_new(
			root, "schedule",
			json_pack("{s:s, s:s, s:b, s:i, s:b, s:i, s:b, s:o}",
				  "start",
				  arena_printf(a, "%sT%02d:%02d",
					       schedule_day_iso(a, s->start_day),
					       s->start_min / 60, s->start_min % 60),
				  "timezone", s->zone, "monthly", s->monthly,
				  "review_days", s->review_days, "review_only",
				  s->review_only, "rounds", s->rounds, "paused",
				  s->paused, "skips", skips));
	}
	if (programme_settings_dump(root, a, out, e) < 0)
		goto done;
	rc = 0;
done:
	json_decref(root);
	return rc;
}

/* ---- the arithmetic ---- */

int64_t schedule_utc_of_local(const struct tz *z, int64_t local)
{
	if (!z)
		return local;
	/* Offsets a day either side cover every real zone's transitions. */
	int32_t before = tz_offset(z, local - 86400);
	int32_t after = tz_offset(z, local + 86400);
	bool ok_before = tz_offset(z, local - before) == before;
	bool ok_after = tz_offset(z, local - after) == after;
	if (ok_before && ok_after)
		return local - (before > after ? before : after);
	if (ok_after)
		return local - after;
	return local - before; /* valid, or in the gap: moves forward */
}

static int64_t slot_day(const struct schedule *s, int k)
{
	if (!s->monthly)
		return s->start_day + (int64_t)k * s->cadence_days;
	int64_t y;
	unsigned m, d;
	tz_civil_from_days(s->start_day, &y, &m, &d);
	int nth = (int)(d - 1) / 7, wd = weekday(s->start_day);
	int64_t months_total = y * 12 + (m - 1) + k;
	int64_t first = tz_days_from_civil(fdiv(months_total, 12),
					   (unsigned)(months_total - fdiv(months_total, 12) * 12) + 1,
					   1);
	return first + (wd - weekday(first) + 7) % 7 + nth * 7;
}

void schedule_slot(const struct schedule *s, const struct tz *z, int k,
		   struct schedule_slot *out)
{
	int64_t day = slot_day(s, k), at = (int64_t)s->start_min * 60;
	out->k = k;
	out->day = day;
	out->publish = schedule_utc_of_local(z, day * 86400 + at);
	out->draft = schedule_utc_of_local(z, (day - s->review_days) * 86400 + at);
	out->skipped = false;
	for (size_t i = 0; i < s->nskips; i++)
		if (day >= s->skips[i].from && day <= s->skips[i].to)
			out->skipped = true;
}

int schedule_next(const struct schedule *s, const struct tz *z, int after,
		  int64_t not_before, struct schedule_slot *out)
{
	int k = after < 0 ? 0 : after + 1;
	for (; k < SCHEDULE_SLOTS_MAX; k++) {
		schedule_slot(s, z, k, out);
		if (out->day > tz_days_from_civil(9999, 12, 31))
			break;
		if (!out->skipped && out->publish > not_before)
			return 0;
	}
	return -1;
}

/* ---- local forms ---- */

static int64_t local_of(const struct tz *z, int64_t t)
{
	return t + (z ? tz_offset(z, t) : 0);
}

char *schedule_local_iso(struct arena *a, const struct tz *z, int64_t t)
{
	int64_t l = local_of(z, t), d = fdiv(l, 86400), sec = l - d * 86400;
	return arena_printf(a, "%sT%02d:%02d", schedule_day_iso(a, d),
			    (int)(sec / 3600), (int)(sec / 60 % 60));
}
