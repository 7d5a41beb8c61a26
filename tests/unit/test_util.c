/* Unit tests: util (buf, arena, clock, err, num). */
#include <criterion/criterion.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/num.h"

Test(buf, appends_and_detaches)
{
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "a");
	buf_printf(&b, "%d-%s", 42, "x");
	cr_assert_str_eq(buf_str(&b), "a42-x");
	size_t len;
	char *s = buf_detach(&b, &len);
	cr_assert_eq(len, 5);
	cr_assert_str_eq(s, "a42-x");
	free(s);
	cr_assert_eq(buf_len(&b), 0);
	buf_release(&b);
}

Test(buf, hard_limit_fails_once_and_stays_failed)
{
	struct buf b;
	buf_init(&b, 8);
	buf_puts(&b, "12345678");
	cr_assert_not(buf_failed(&b));
	buf_putc(&b, '9');
	cr_assert(buf_failed(&b));
	buf_puts(&b, "more");
	cr_assert(buf_failed(&b));
	cr_assert_null(buf_detach(&b, NULL));
	buf_release(&b);
}

/* buf_extend hands out room filled in place, the buf terminated after
 * it; past the limit it refuses, appends nothing and stays failed. */
Test(buf, extend_fills_in_place_and_stops_at_the_limit)
{
	struct buf b;
	buf_init(&b, 10);
	buf_puts(&b, "ab");
	char *p = buf_extend(&b, 3);
	cr_assert_not_null(p);
	cr_assert_eq(p, buf_str(&b) + 2);
	cr_assert_eq(p[3], '\0', "terminated after the room");
	memcpy(p, "cde", 3);
	cr_assert_str_eq(buf_str(&b), "abcde");
	cr_assert_not_null(buf_extend(&b, 0));
	cr_assert_null(buf_extend(&b, 6)); /* 11 > 10 */
	cr_assert(buf_failed(&b));
	cr_assert_eq(buf_len(&b), 5);
	cr_assert_null(buf_extend(&b, 1), "failed stays failed");
	buf_release(&b);
}

/* buf_printf writes into the room it has first: a text that fits, one
 * that does not (grows), and one past the limit (fails, text kept). */
Test(buf, printf_fits_grows_and_stops_at_the_limit)
{
	struct buf b;
	buf_init(&b, 100);
	buf_puts(&b, "ab");
	buf_printf(&b, "%s-%d", "cd", 7);
	cr_assert_str_eq(buf_str(&b), "abcd-7");
	buf_printf(&b, "%070d", 1);
	cr_assert_eq(buf_len(&b), 76);
	cr_assert_eq(buf_str(&b)[75], '1');
	cr_assert_not(buf_failed(&b));
	char before[80];
	memcpy(before, buf_str(&b), 77);
	buf_printf(&b, "%030d", 2); /* 106 > 100 */
	cr_assert(buf_failed(&b));
	cr_assert_eq(buf_len(&b), 76);
	cr_assert_str_eq(buf_str(&b), before, "a refused text leaves none of itself");
	buf_release(&b);
}

Test(buf, html_escapes_quotes_too)
{
	struct buf b;
	buf_init(&b, 0);
	buf_html(&b, "<a href=\"x\">'&'</a>");
	cr_assert_str_eq(buf_str(&b),
			 "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	buf_release(&b);
}

Test(buf, json_string_escapes_controls_and_angle_brackets)
{
	struct buf b;
	buf_init(&b, 0);
	buf_json_str(&b, "a\"b\\c\n\x01<");
	cr_assert_str_eq(buf_str(&b), "\"a\\\"b\\\\c\\n\\u0001\\u003c\"");
	buf_release(&b);
}

Test(buf, csv_guards_formulas_and_quotes)
{
	struct buf b;
	buf_init(&b, 0);
	buf_csv_field(&b, "=SUM(A1)");
	buf_putc(&b, '|');
	buf_csv_field(&b, "plain");
	buf_putc(&b, '|');
	buf_csv_field(&b, "a,\"b\"");
	buf_putc(&b, '|');
	buf_csv_field(&b, "@cmd");
	cr_assert_str_eq(buf_str(&b), "\"'=SUM(A1)\"|plain|\"a,\"\"b\"\"\"|\"'@cmd\"");
	buf_release(&b);
}

/* Formula injection: what a spreadsheet would still run after a space, in
 * fullwidth, or as a DDE pipe is guarded too; ordinary text is not. */
Test(buf, csv_guard_hides_formulas)
{
	static const char *const risky[] = {
		"=1+1", " =1+1", "\t=1+1", "  \t@SUM(A1)", "+1", "-1", "@x", "|calc",
		" |calc", "\xEF\xBC\x9D" "1+1", " \xEF\xBC\x8B" "1", "\xEF\xBC\x8D" "1",
		"\xEF\xBC\xA0" "x", "\tx", "\rx", "\nx"};
	static const char *const safe[] = {"plain", "Ann Example", "a=b", "x-y",
					   " ann", "O'Neil", "\xEF\xBC\xA1" "A", ""};
	for (size_t i = 0; i < sizeof risky / sizeof risky[0]; i++) {
		struct buf b;
		buf_init(&b, 0);
		buf_csv_field(&b, risky[i]);
		cr_assert(strncmp(buf_str(&b), "\"'", 2) == 0, "'%s' -> %s",
			  risky[i], buf_str(&b));
		buf_release(&b);
	}
	for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++) {
		cr_assert(!buf_csv_risky(safe[i]), "'%s'", safe[i]);
		struct buf b;
		buf_init(&b, 0);
		buf_csv_field(&b, safe[i]);
		cr_assert_str_eq(buf_str(&b), safe[i]);
		buf_release(&b);
	}
}

Test(arena, allocations_are_zeroed_aligned_and_grow)
{
	struct arena a;
	arena_init(&a, 0);
	for (int i = 0; i < 10000; i++) {
		long double *p = arena_alloc(&a, sizeof *p * 3);
		cr_assert_not_null(p);
		cr_assert_eq((uintptr_t)p % _Alignof(max_align_t), 0);
		cr_assert(p[0] == 0 && p[2] == 0);
	}
	char *s = arena_printf(&a, "%s-%d", "x", 7);
	cr_assert_str_eq(s, "x-7");
	cr_assert_null(arena_strdup(&a, NULL));
	arena_release(&a);
}

Test(arena, limit_refuses_past_max)
{
	struct arena a;
	arena_init(&a, 1024);
	cr_assert_not_null(arena_alloc(&a, 512));
	cr_assert_null(arena_alloc(&a, 1024));
	arena_release(&a);
}

Test(arena, grow_keeps_elements)
{
	struct arena a;
	int *v = NULL;
	size_t cap = 0;
	arena_init(&a, 0);
	for (size_t i = 0; i < 1000; i++) {
		v = arena_grow(&a, v, i, &cap, sizeof *v);
		cr_assert_not_null(v);
		v[i] = (int)i;
	}
	for (size_t i = 0; i < 1000; i++)
		cr_assert_eq(v[i], (int)i);
	arena_release(&a);
}

Test(clock, parses_days_strictly)
{
	time_t t;
	cr_assert_eq(clock_parse_day("2026-02-28", &t), 0);
	cr_assert_eq(clock_parse_day("2026-02-30", &t), -1);
	cr_assert_eq(clock_parse_day("2026-2-3", &t), -1);
	cr_assert_eq(clock_parse_day("2026-02-28x", &t), -1);
	cr_assert_eq(clock_parse_day("", &t), -1);
	char out[11];
	clock_add_days("2026-12-30", 3, out);
	cr_assert_str_eq(out, "2027-01-02");
}

Test(clock, cuppa_now_overrides_the_clock)
{
	char day[11];
	setenv("CUPPA_NOW", "2031-05-06T07:08:09Z", 1);
	clock_day(clock_now(), day);
	cr_assert_str_eq(day, "2031-05-06");
	unsetenv("CUPPA_NOW");
}

Test(err, set_returns_minus_one_and_names_field)
{
	struct err e = {0};
	cr_assert_eq(err_field(&e, ERR_INVALID, "email", "bad %d", 1), -1);
	cr_assert_str_eq(e.field, "email");
	cr_assert_str_eq(e.msg, "bad 1");
	cr_assert_str_eq(err_code_name(e.code), "invalid");
	cr_assert_eq(err_set(NULL, ERR_IO, "x"), -1);
}

/* The printf-free paths (a sentence with no conversion, a plain %s
 * argument, the field name) cut short exactly as snprintf does. */
Test(err, copies_cut_short_as_snprintf_would)
{
	struct err e = {0};
	char big[1100], field[80], arg[96];
	memset(big, 'm', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memset(field, 'f', sizeof field - 1);
	field[sizeof field - 1] = '\0';
	err_field(&e, ERR_INVALID, field, "is required");
	cr_assert_eq(strlen(e.field), sizeof e.field - 1);
	cr_assert_str_eq(e.msg, "is required");
	cr_assert_str_eq(e.id, "is required");
	cr_assert_eq(e.nargs, 0);
	err_set(&e, ERR_INVALID, big, 0);
	cr_assert_eq(strlen(e.msg), sizeof e.msg - 1);
	cr_assert_str_eq(e.id, "", "a format longer than the id keeps none");
	memset(arg, 'a', sizeof arg - 1);
	arg[sizeof arg - 2] = '\0'; /* 94 characters: fits */
	err_set(&e, ERR_INVALID, "'%s' is not", arg);
	cr_assert_eq(e.nargs, 1);
	cr_assert_str_eq(e.args[0], arg);
	arg[sizeof arg - 2] = 'a';
	arg[sizeof arg - 1] = '\0'; /* 95: fits with its NUL */
	err_set(&e, ERR_INVALID, "'%s' is not", arg);
	cr_assert_str_eq(e.args[0], arg);
	err_set(&e, ERR_INVALID, "'%s' is not", big);
	cr_assert_str_eq(e.id, "", "an argument cut short drops the id");
	cr_assert_eq(strlen(e.msg), sizeof e.msg - 1);
	err_set(&e, ERR_INVALID, "%s|%5s", "", "ab");
	cr_assert_str_eq(e.msg, "|   ab");
	cr_assert_str_eq(e.args[0], "");
	cr_assert_str_eq(e.args[1], "   ab");
}

Test(num, reads_whole_numbers_strictly)
{
	long long v = 77;
	cr_assert_eq(num_parse("5", 1, 10, &v), 0);
	cr_assert_eq(v, 5);
	cr_assert_eq(num_parse("007", 0, 10, &v), 0);
	cr_assert_eq(v, 7);
	cr_assert_eq(num_parse("-3", -5, 5, &v), 0);
	cr_assert_eq(v, -3);
	cr_assert_eq(num_parse("9223372036854775807", 0, LLONG_MAX, &v), 0);
	cr_assert_eq(v, LLONG_MAX);
	cr_assert_eq(num_parse("-9223372036854775808", LLONG_MIN, 0, &v), 0);
	cr_assert_eq(v, LLONG_MIN);
	v = 77;
	const char *bad[] = {"", " 5", "5 ", "+5", "5x", "0x5", "-", "--1", "1e3",
			     "9223372036854775808", "99999999999999999999",
			     "-9223372036854775809"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_assert_eq(num_parse(bad[i], LLONG_MIN, LLONG_MAX, &v), -1,
			     "\"%s\" was read", bad[i]);
	cr_assert_eq(num_parse("-1", 0, 10, &v), -1, "a sign where none may be");
	cr_assert_eq(num_parse("11", 0, 10, &v), -1, "over the top");
	cr_assert_eq(num_parse("0", 1, 10, &v), -1, "under the bottom");
	cr_assert_eq(num_parse(NULL, 0, 10, &v), -1);
	cr_assert_eq(v, 77, "a refused number leaves *out alone");
}
