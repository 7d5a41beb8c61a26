/* Unit tests: schedule arithmetic (core/schedule.h): local wall time kept
 * across Europe/London's clock changes, monthly nth weekday, skip windows,
 * and the checks of bad input. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/schedule.h"
#include "util/clock.h"

static struct tz *london(void)
{
	struct tz *z;
	struct err e = {0};
	cr_assert_eq(tz_load("Europe/London", &z, &e), 0, "%s", e.msg);
	return z;
}

static void start(struct schedule *s, const char *when, bool monthly, int cadence)
{
	struct err e = {0};
	schedule_defaults(s, cadence);
	cr_assert_eq(schedule_parse_start(when, &s->start_day, &s->start_min, &e), 0,
		     "%s", e.msg);
	s->on = true;
	s->monthly = monthly;
}

static void utc_is(int64_t t, const char *want)
{
	char got[21];
	clock_instant((time_t)t, got);
	cr_assert_str_eq(got, want);
}

Test(schedule, weekly_keeps_local_time_across_dst)
{
	struct tz *z = london();
	struct schedule s;
	struct schedule_slot sl;
	start(&s, "2027-03-22T09:30", false, 7); /* a Monday, GMT */
	schedule_slot(&s, z, 0, &sl);
	utc_is(sl.publish, "2027-03-22T09:30:00Z");
	utc_is(sl.draft, "2027-03-19T09:30:00Z");
	schedule_slot(&s, z, 1, &sl); /* 29 March: BST since the 28th */
	utc_is(sl.publish, "2027-03-29T08:30:00Z");
	/* the draft of that slot (26 March) was still in GMT */
	utc_is(sl.draft, "2027-03-26T09:30:00Z");
	schedule_slot(&s, z, 32, &sl); /* 1 November: back to GMT */
	utc_is(sl.publish, "2027-11-01T09:30:00Z");
	tz_free(z);
}

Test(schedule, gap_and_overlap_hours)
{
	struct tz *z = london();
	/* 01:30 on 28 March 2027 does not exist: it moves to 02:30 BST */
	int64_t gap = (tz_days_from_civil(2027, 3, 28) * 86400) + 90 * 60;
	utc_is(schedule_utc_of_local(z, gap), "2027-03-28T01:30:00Z");
	/* 01:30 on 31 October 2027 happens twice: the first (BST) is taken */
	int64_t twice = (tz_days_from_civil(2027, 10, 31) * 86400) + 90 * 60;
	utc_is(schedule_utc_of_local(z, twice), "2027-10-31T00:30:00Z");
	tz_free(z);
}

Test(schedule, monthly_nth_weekday)
{
	struct tz *z = london();
	struct schedule s;
	struct schedule_slot sl;
	struct arena a;
	arena_init(&a, 0);
	start(&s, "2027-01-04T09:30", true, 30); /* first Monday */
	const char *want[] = {"2027-01-04", "2027-02-01", "2027-03-01",
			      "2027-04-05", "2027-05-03", "2027-06-07",
			      "2027-07-05", "2027-08-02", "2027-09-06",
			      "2027-10-04", "2027-11-01", "2027-12-06",
			      "2028-01-03"};
	for (int k = 0; k < 13; k++) {
		schedule_slot(&s, z, k, &sl);
		cr_assert_str_eq(schedule_day_iso(&a, sl.day), want[k], "slot %d", k);
	}
	schedule_slot(&s, z, 5, &sl);
	utc_is(sl.publish, "2027-06-07T08:30:00Z");
	cr_assert_str_eq(schedule_local_iso(&a, z, sl.publish), "2027-06-07T09:30");
	cr_assert_str_eq(schedule_local_iso(&a, z, sl.draft), "2027-06-04T09:30");
	start(&s, "2027-01-22T14:00", true, 30); /* fourth Friday */
	schedule_slot(&s, z, 1, &sl);
	cr_assert_str_eq(schedule_day_iso(&a, sl.day), "2027-02-26");
	arena_release(&a);
	tz_free(z);
}

Test(schedule, skips_move_to_the_next_slot)
{
	struct tz *z = london();
	struct schedule s;
	struct schedule_slot sl;
	struct err e = {0};
	struct arena a;
	arena_init(&a, 0);
	start(&s, "2027-01-04T09:30", true, 30);
	cr_assert_eq(schedule_parse_skip("2027-07-20..2027-08-31", &s.skips[0], &e), 0);
	s.nskips = 1;
	cr_assert_eq(schedule_check(&s, &e), 0, "%s", e.msg);
	cr_assert_eq(schedule_next(&s, z, 5, INT64_MIN, &sl), 0); /* after June */
	cr_assert_str_eq(schedule_day_iso(&a, sl.day), "2027-07-05");
	cr_assert_eq(schedule_next(&s, z, 6, INT64_MIN, &sl), 0);
	cr_assert_str_eq(schedule_day_iso(&a, sl.day), "2027-09-06");
	cr_assert_eq(sl.k, 8);
	/* catching up: the first slot publishing after an instant */
	time_t t;
	clock_parse_instant("2027-10-20", &t);
	cr_assert_eq(schedule_next(&s, z, 0, t, &sl), 0);
	cr_assert_str_eq(schedule_day_iso(&a, sl.day), "2027-11-01");
	arena_release(&a);
	tz_free(z);
}

Test(schedule, bad_input_names_the_option)
{
	struct schedule s;
	struct schedule_skip w;
	struct err e = {0};
	int64_t d;
	int m;
	cr_assert_eq(schedule_parse_start("2027-02-30T09:00", &d, &m, &e), -1);
	cr_assert_str_eq(e.field, "start");
	cr_assert_eq(schedule_parse_start("2027-02-03 09:00", &d, &m, &e), -1);
	cr_assert_eq(schedule_parse_skip("2027-08-31..2027-08-01", &w, &e), -1);
	cr_assert_str_eq(e.field, "skip");
	cr_assert(strstr(e.msg, "ends before it starts"));
	start(&s, "2027-01-29T09:00", true, 30); /* fifth Friday */
	cr_assert_eq(schedule_check(&s, &e), -1);
	cr_assert_str_eq(e.field, "start");
	cr_assert(strstr(e.msg, "fifth Friday"), "%s", e.msg);
	start(&s, "2027-01-04T09:00", true, 30);
	schedule_parse_skip("2027-07-01..2027-07-31", &s.skips[0], &e);
	schedule_parse_skip("2027-07-20..2027-08-31", &s.skips[1], &e);
	s.nskips = 2;
	cr_assert_eq(schedule_check(&s, &e), -1);
	cr_assert_str_eq(e.field, "skip");
	cr_assert(strstr(e.msg, "overlaps"));
	s.nskips = 0;
	s.review_days = 28;
	cr_assert_eq(schedule_check(&s, &e), -1);
	cr_assert_str_eq(e.field, "review-days");
}

Test(schedule, settings_round_trip)
{
	struct schedule s, back;
	struct err e = {0};
	struct arena a;
	char *out;
	arena_init(&a, 0);
	start(&s, "2027-01-04T09:30", true, 30);
	s.review_days = 5;
	s.rounds = 6;
	schedule_parse_skip("2027-07-20..2027-08-31", &s.skips[0], &e);
	s.nskips = 1;
	cr_assert_eq(schedule_to_settings("{\"weights\":{}}", &s, &a, &out, &e), 0);
	cr_assert(strstr(out, "\"weights\""));
	cr_assert_eq(schedule_from_settings(out, 30, &back, &e), 0, "%s", e.msg);
	cr_assert(back.on && back.monthly);
	cr_assert_eq(back.start_day, s.start_day);
	cr_assert_eq(back.start_min, 9 * 60 + 30);
	cr_assert_eq(back.review_days, 5);
	cr_assert_eq(back.rounds, 6);
	cr_assert_eq(back.nskips, 1);
	cr_assert_eq(back.skips[0].to, s.skips[0].to);
	arena_release(&a);
}

/* The dashboard's due date is published_at (an instant) + cadence: the
 * day arithmetic must read instants, or "overdue" never shows. */
Test(schedule, add_days_reads_instants)
{
	char out[11];
	clock_add_days("2027-01-04T09:30:00Z", 30, out);
	cr_assert_str_eq(out, "2027-02-03");
	clock_add_days("2027-01-04", 1, out);
	cr_assert_str_eq(out, "2027-01-05");
}
