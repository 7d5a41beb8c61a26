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
