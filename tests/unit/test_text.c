/* Unit tests: text (the catalogue, plural forms, Accept-Language, the
 * reader's language, dates) and translated template blocks. */
#include <criterion/criterion.h>
#include <string.h>

#include "text/catalog.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/buf.h"
#include "text/tmpl.h"

Test(text, welsh_has_six_plural_forms)
{
	/* CLDR / gettext cy: (n==0)?0:(n==1)?1:(n==2)?2:(n==3)?3:(n==6)?4:5 */
	static const int want[] = {0, 1, 2, 3, 5, 5, 4, 5, 5, 5, 5, 5};
	for (long n = 0; n < 12; n++)
		cr_assert_eq(text_plural(LANG_CY, n), want[n], "n=%ld", n);
	cr_assert_eq(text_plural(LANG_CY, 100), 5);
	cr_assert_eq(text_plural(LANG_EN, 1), 0);
	cr_assert_eq(text_plural(LANG_EN, 0), 1);
	cr_assert_eq(text_plural(LANG_EN, 2), 1);
}

Test(text, plural_lookup_picks_the_form)
{
	cr_assert_str_eq(text_nget(LANG_CY, "one day", "%ld days", 1), "un diwrnod");
	cr_assert_str_eq(text_nget(LANG_CY, "one day", "%ld days", 2), "%ld ddiwrnod");
	cr_assert_str_eq(text_nget(LANG_CY, "one day", "%ld days", 6), "%ld diwrnod");
	cr_assert_str_eq(text_nget(LANG_EN, "one day", "%ld days", 1), "one day");
	cr_assert_str_eq(text_nget(LANG_EN, "one day", "%ld days", 3), "%ld days");
	/* not in the catalogue: English rules */
	cr_assert_str_eq(text_nget(LANG_CY, "a cat", "%ld cats", 1), "a cat");
	cr_assert_str_eq(text_nget(LANG_CY, "a cat", "%ld cats", 2), "%ld cats");
}

Test(text, lookup_falls_back_to_english)
{
	cr_assert_str_eq(T_(LANG_CY, "Skip to content"), "Neidio i'r cynnwys");
	cr_assert_str_eq(T_(LANG_EN, "Skip to content"), "Skip to content");
	cr_assert_str_eq(T_(LANG_CY, "No such text here"), "No such text here");
	cr_assert_null(text_find(LANG_CY, "Skip to", 7)); /* a prefix is not a match */
	cr_assert_not_null(text_find(LANG_CY, "Skip to content!", 15));
	cr_assert_gt(text_count(LANG_CY), 0);
	cr_assert_eq(text_count(LANG_EN), 0);
}

Test(text, catalogue_is_sorted_for_binary_search)
{
	for (size_t i = 1; i < text_catalog_cy_count; i++)
		cr_assert_lt(strcmp(text_catalog_cy[i - 1].msgid,
				    text_catalog_cy[i].msgid), 0, "entry %zu", i);
	/* every entry is found */
	for (size_t i = 0; i < text_catalog_cy_count; i++) {
		const struct text_entry *en = &text_catalog_cy[i];
		if (en->nforms == 1)
			cr_assert_eq(text_find(LANG_CY, en->msgid, en->msgid_len),
				     en->forms[0]);
	}
}

Test(text, accept_language)
{
	struct lang_list both = lang_list_all(), en = {.v = {LANG_EN}, .n = 1};
	enum lang l = LANG_EN;
	cr_assert_eq(text_accept("cy", &both, &l), 0);
	cr_assert_eq(l, LANG_CY);
	cr_assert_eq(text_accept("en-GB,en;q=0.9,cy;q=0.8", &both, &l), 0);
	cr_assert_eq(l, LANG_EN);
	cr_assert_eq(text_accept("fr;q=1, cy-GB;q=0.7, en ; q=0.5", &both, &l), 0);
	cr_assert_eq(l, LANG_CY);
	cr_assert_eq(text_accept("EN;q=0, CY;q=0.01", &both, &l), 0);
	cr_assert_eq(l, LANG_CY);
	cr_assert_eq(text_accept("*", &both, &l), 0);
	cr_assert_eq(l, LANG_CY); /* the first offered */
	cr_assert_eq(text_accept("fr, de", &both, &l), -1);
	cr_assert_eq(text_accept("cy", &en, &l), -1); /* not offered */
	cr_assert_eq(text_accept("cy;q=abc", &both, &l), -1);
	cr_assert_eq(text_accept("", &both, &l), -1);
	cr_assert_eq(text_accept(NULL, &both, &l), -1);
	cr_assert_eq(text_accept("cymraeg", &both, &l), -1);
}

Test(text, choosing_the_readers_language)
{
	struct lang_list both = lang_list_all(), cy_en = {{LANG_CY, LANG_EN}, 2},
			 en = {{LANG_EN}, 1};
	const char *cookie_en[] = {NULL, "en", "cy"};
	const char *person_cy[] = {NULL, NULL, "cy"};
	const char *none[] = {NULL, "", NULL};
	cr_assert_eq(text_choose(&both, cookie_en, 3, "cy"), LANG_EN);
	cr_assert_eq(text_choose(&both, person_cy, 3, "en"), LANG_CY);
	cr_assert_eq(text_choose(&both, none, 3, "en-GB"), LANG_EN);
	cr_assert_eq(text_choose(&cy_en, none, 3, NULL), LANG_CY);
	/* a choice the programme does not offer is passed over */
	cr_assert_eq(text_choose(&en, person_cy, 3, "cy"), LANG_EN);
}

Test(text, programme_languages_parse)
{
	struct lang_list l;
	struct err e = {0};
	char s[16];
	cr_assert_eq(lang_list_parse("cy,en", "languages", &l, &e), 0);
	cr_assert_eq(l.n, 2);
	cr_assert_eq(l.v[0], LANG_CY);
	lang_list_format(&l, s, sizeof s);
	cr_assert_str_eq(s, "cy,en");
	cr_assert_eq(lang_list_parse("EN", "languages", &l, &e), 0);
	cr_assert_eq(l.n, 1);
	cr_assert_eq(lang_list_parse("cy,fr", "languages", &l, &e), -1);
	cr_assert_str_eq(e.field, "languages");
	cr_assert(strstr(e.msg, "'fr' is not a language"));
	cr_assert_eq(lang_list_parse("cy,cy", "languages", &l, &e), -1);
	cr_assert(strstr(e.msg, "twice"));
	cr_assert_eq(lang_list_parse("", "languages", &l, &e), -1);
	cr_assert_eq(lang_list_parse("cy,", "languages", &l, &e), -1);
}

static void date_is(enum lang l, const char *day, unsigned flags,
		    const char *want)
{
	struct buf b;
	buf_init(&b, 256);
	cr_assert_eq(text_day(&b, l, day, flags), 0);
	cr_assert_str_eq(buf_str(&b), want);
	buf_release(&b);
}

Test(text, dates_in_welsh_and_english)
{
	enum { W = TEXT_DATE_WEEKDAY, Y = TEXT_DATE_YEAR, ON = TEXT_DATE_ON };
	date_is(LANG_EN, "2027-01-04", W | Y, "Monday 4 January 2027");
	date_is(LANG_CY, "2027-01-04", W | Y, "dydd Llun 4 Ionawr 2027");
	date_is(LANG_CY, "2027-01-04", W | ON, "ar ddydd Llun 4 Ionawr");
	date_is(LANG_EN, "2027-01-04", W | ON, "on Monday 4 January");
	date_is(LANG_CY, "2026-12-25", W, "dydd Gwener 25 Rhagfyr");
	date_is(LANG_CY, "2027-03-07", ON, "ar 7 Mawrth");
	date_is(LANG_CY, "2027-06-30", W | Y, "dydd Mercher 30 Mehefin 2027");
	cr_assert_str_eq(text_weekday(LANG_CY, 0), "dydd Sul");
	cr_assert_str_eq(text_month(LANG_CY, 7), "Gorffennaf");
	struct buf b;
	buf_init(&b, 64);
	cr_assert_eq(text_day(&b, LANG_CY, "2027-13-01", 0), -1);
	cr_assert_eq(text_day(&b, LANG_CY, "27-01-01", 0), -1);
	cr_assert_eq(buf_len(&b), 0);
	buf_release(&b);
}

Test(text, template_blocks_render_in_the_language)
{
	struct arena a;
	struct buf b;
	struct err e = {0};
	arena_init(&a, 0);
	buf_init(&b, 4096);
	struct tv *ctx = tv_obj(&a);
	tv_set(ctx, "x", "<1>");
	const char *t = "<a>{{#_}}Skip to content{{/_}}</a> {{#_}}Untranslated {{x}}{{/_}}";
	cr_assert_eq(tmpl_render_lang(&b, t, ctx, LANG_CY, &e), 0, "%s", e.msg);
	cr_assert_str_eq(buf_str(&b), "<a>Neidio i'r cynnwys</a> Untranslated &lt;1&gt;");
	buf_reset(&b);
	cr_assert_eq(tmpl_render(&b, t, ctx, &e), 0);
	cr_assert_str_eq(buf_str(&b), "<a>Skip to content</a> Untranslated &lt;1&gt;");
	buf_reset(&b);
	cr_assert_eq(tmpl_render_lang(&b, "{{#_}}open", ctx, LANG_CY, &e), -1);
	buf_release(&b);
	arena_release(&a);
}

/* Why someone was not placed, kept as one stored text (an outbox row's
 * detail, a round change's) and said in each language. */
Test(text, unplaced_packed_in_each_language)
{
	struct arena a;
	struct buf b;
	arena_init(&a, 0);
	buf_init(&b, 0);
	char *p = text_unplaced_pack(&a, "nobody|2|3|0", "nobody left they may meet: 2 "
				     "met before or blocked, 3 share an avoided "
				     "attribute, 0 fail the mix rule");
	cr_assert(p && !strncmp(p, "nobody|2|3|0\tnobody left", 24), "%s", p);
	text_unplaced_packed(&b, LANG_CY, p);
	cr_assert(strstr(buf_str(&b), "does neb ar ôl y cânt gwrdd â nhw: 2 wedi cwrdd"),
		  "%s", buf_str(&b));
	buf_reset(&b);
	text_unplaced_packed(&b, LANG_EN, p);
	cr_assert(!strncmp(buf_str(&b), "nobody left they may meet: 2 met", 32), "%s",
		  buf_str(&b));
	/* no code (stored before codes): the sentence, as it is */
	p = text_unplaced_pack(&a, "", "odd one out");
	cr_assert_str_eq(p, "odd one out");
	buf_reset(&b);
	text_unplaced_packed(&b, LANG_CY, p);
	cr_assert_str_eq(buf_str(&b), "odd one out");
	/* a tab in a person's value does not move the split */
	p = text_unplaced_pack(&a, "mix_none|role|a\tb", "mix rule: nobody has role=a\tb");
	buf_reset(&b);
	text_unplaced_packed(&b, LANG_CY, p);
	cr_assert(strstr(buf_str(&b), "role=a b"), "%s", buf_str(&b));
	buf_reset(&b);
	text_unplaced_packed(&b, LANG_EN, NULL);
	cr_assert_str_eq(buf_str(&b), "");
	buf_release(&b);
	arena_release(&a);
}
