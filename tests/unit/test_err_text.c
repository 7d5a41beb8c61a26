/* Unit tests: struct err keeps its format (the message id) and each
 * argument as text, and text_err makes the sentence again in the
 * reader's language (docs/text.md, "Errors"). */
#include <criterion/criterion.h>
#include <string.h>

#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

static const char *in(enum lang l, const struct err *e, struct buf *b)
{
	buf_reset(b);
	text_err(b, l, e);
	return buf_str(b);
}

Test(err_text, keeps_the_format_and_its_arguments)
{
	struct err e = {0};
	err_field(&e, ERR_INVALID, "n", "%s must be a whole number from %d to %d.",
		  "cadence_days", 1, 365);
	cr_assert_str_eq(e.msg, "cadence_days must be a whole number from 1 to 365.");
	cr_assert_str_eq(e.id, "%s must be a whole number from %d to %d.");
	cr_assert_eq(e.nargs, 3);
	cr_assert_str_eq(e.args[0], "cadence_days");
	cr_assert_str_eq(e.args[1], "1");
	cr_assert_str_eq(e.args[2], "365");
	err_set(&e, ERR_INVALID, "%-3s|%5.2f|%.*s|%zu|%lld|%04x|%%", "a", 2.5, 2,
		"xyz", (size_t)7, -8LL, 255u);
	cr_assert_str_eq(e.msg, "a  | 2.50|xy|7|-8|00ff|%");
	cr_assert_eq(e.nargs, 6);
	cr_assert_str_eq(e.args[2], "xy");
	cr_assert_str_eq(e.args[5], "00ff");
	err_clear(&e);
	cr_assert_str_eq(e.id, "");
	cr_assert_eq(e.nargs, 0);
}

Test(err_text, gives_up_where_it_cannot_copy)
{
	struct err e = {0};
	char longer[200];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	err_set(&e, ERR_INVALID, "too long: %s", longer);
	cr_assert_str_eq(e.id, "", "an argument cut short drops the id");
	err_set(&e, ERR_INVALID, "%d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7);
	cr_assert_str_eq(e.id, "", "more arguments than it keeps");
	cr_assert_str_eq(e.msg, "1 2 3 4 5 6 7");
}

Test(err_text, the_sentence_in_the_readers_language)
{
	struct err e = {0};
	struct buf b;
	buf_init(&b, 4096);
	err_field(&e, ERR_INVALID, "cadence_days",
		  N_("%s must be a whole number from %d to %d."), "cadence_days", 1, 365);
	cr_assert_str_eq(in(LANG_EN, &e, &b), e.msg);
	cr_assert_str_eq(in(LANG_CY, &e, &b),
			 "Rhaid i cadence_days fod yn rhif cyfan o 1 i 365.");
	err_set(&e, ERR_CONFLICT, N_("There is no group %d."), 99);
	cr_assert_str_eq(in(LANG_CY, &e, &b), "Nid oes grŵp 99.");
	/* a fixed sentence passed through "%s": the whole sentence's entry */
	err_set(&e, ERR_CONFLICT, "%s", "Saved.");
	cr_assert_str_eq(in(LANG_CY, &e, &b), "Wedi'i gadw.");
	/* nothing in the catalogue: English */
	err_set(&e, ERR_INVALID, "no such thing as %s", "x");
	cr_assert_str_eq(in(LANG_CY, &e, &b), "no such thing as x");
	buf_release(&b);
}

Test(err_text, unplaced_reasons_from_their_codes)
{
	struct buf b;
	buf_init(&b, 4096);
	text_unplaced(&b, LANG_CY, "nobody|3|1|0", "nobody left ...");
	cr_assert_str_eq(buf_str(&b), "does neb ar ôl y cânt gwrdd â nhw: 3 wedi "
			 "cwrdd o'r blaen neu wedi'u rhwystro, 1 yn rhannu nodwedd "
			 "i'w hosgoi, 0 yn methu'r rheol gymysgu");
	buf_reset(&b);
	text_unplaced(&b, LANG_EN, "nobody|3|1|0", "ignored");
	cr_assert_str_eq(buf_str(&b), "nobody left they may meet: 3 met before or "
			 "blocked, 1 share an avoided attribute, 0 fail the mix rule");
	buf_reset(&b);
	text_unplaced(&b, LANG_CY, "mix_value|role|2|5|organisation", "");
	cr_assert(strstr(buf_str(&b), "werth rôl y rheol") &&
		  strstr(buf_str(&b), "5 â'r un sefydliad"), "%s", buf_str(&b));
	buf_reset(&b);
	/* a row stored before codes: its sentence, as it was */
	text_unplaced(&b, LANG_CY, "", "odd one out and no trio allowed");
	cr_assert_str_eq(buf_str(&b), "odd one out and no trio allowed");
	buf_reset(&b);
	/* a code with the wrong number of fields: the sentence */
	text_unplaced(&b, LANG_CY, "nobody|3", "as stored");
	cr_assert_str_eq(buf_str(&b), "as stored");
	buf_release(&b);
}
