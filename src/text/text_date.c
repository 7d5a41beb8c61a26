/*
 * text_date: weekday and month names and dates in Welsh and English.
 *
 * Welsh names come from CLDR's cy data and Welsh Government usage: the
 * weekday carries "dydd" ("dydd Llun"), which takes the soft mutation
 * after "ar" ("ar ddydd Llun": on Monday); month names do not mutate in
 * a date ("5 Ionawr 2027").  They live here rather than in the PO files
 * because their grammar (the mutation) is code, not a lookup.
 */
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/tz.h"

static const char *const wdays[LANG_COUNT][7] = {
	{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	 "Saturday"},
	{"dydd Sul", "dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau",
	 "dydd Gwener", "dydd Sadwrn"},
};

static const char *const months[LANG_COUNT][12] = {
	{"January", "February", "March", "April", "May", "June", "July",
	 "August", "September", "October", "November", "December"},
	{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
	 "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"},
};

/* Abbreviations for a chart's axis: CLDR's abbreviated months. */
static const char *const months_short[LANG_COUNT][12] = {
	{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	 "Nov", "Dec"},
	{"Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi",
	 "Hyd", "Tach", "Rhag"},
};

const char *text_weekday(enum lang l, int wday)
{
	if ((unsigned)l >= LANG_COUNT)
		l = LANG_EN;
	return wdays[l][((wday % 7) + 7) % 7];
}

const char *text_month(enum lang l, int month)
{
	if ((unsigned)l >= LANG_COUNT)
		l = LANG_EN;
	return month >= 1 && month <= 12 ? months[l][month - 1] : "?";
}

const char *text_month_short(enum lang l, int month)
{
	if ((unsigned)l >= LANG_COUNT)
		l = LANG_EN;
	return month >= 1 && month <= 12 ? months_short[l][month - 1] : "?";
}

void text_date(struct buf *out, enum lang l, int64_t y, unsigned m,
	       unsigned d, unsigned flags)
{
	bool cy = l == LANG_CY;
	if (flags & TEXT_DATE_ON)
		buf_puts(out, cy ? "ar " : "on ");
	if (flags & TEXT_DATE_WEEKDAY) {
		int64_t days = tz_days_from_civil(y, m, d);
		int wd = (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01: Thursday */
		const char *w = text_weekday(l, wd);
		/* soft mutation of "dydd" after "ar": d -> dd */
		if (cy && (flags & TEXT_DATE_ON))
			buf_putc(out, 'd');
		buf_printf(out, "%s ", w);
	}
	buf_printf(out, "%u %s", d, text_month(l, (int)m));
	if (flags & TEXT_DATE_YEAR)
		buf_printf(out, " %lld", (long long)y);
}

int text_day(struct buf *out, enum lang l, const char *day, unsigned flags)
{
	char *end;
	long y, m, d;
	if (!day)
		return -1;
	y = strtol(day, &end, 10);
	if (end != day + 4 || *end != '-')
		return -1;
	m = strtol(day + 5, &end, 10);
	if (end != day + 7 || *end != '-' || m < 1 || m > 12)
		return -1;
	d = strtol(day + 8, &end, 10);
	if (end != day + 10 || *end || d < 1 || d > 31)
		return -1;
	text_date(out, l, y, (unsigned)m, (unsigned)d, flags);
	return 0;
}
