/*
 * ics: see ics.h.  Zones come from the caller's tz_cache (one per
 * composing thread), so this module keeps no state of its own; an unknown
 * zone name counts as UTC.
 */
#include "mail/ics.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define ICS_FOLD 75

void ics_escape_text(struct buf *b, const char *s)
{
	while (s && *s) {
		/* Plain text goes in runs: one copy, not one call a byte. */
		size_t run = 0;
		while (s[run] && !strchr("\\;,\n\r", s[run]) &&
		       ((unsigned char)s[run] >= 0x20 || s[run] == '\t'))
			run++;
		if (run) {
			buf_add(b, s, run);
			s += run;
			continue;
		}
		switch (*s) {
		case '\\': buf_puts(b, "\\\\"); break;
		case ';': buf_puts(b, "\\;"); break;
		case ',': buf_puts(b, "\\,"); break;
		case '\n': buf_puts(b, "\\n"); break;
		default:
			/* CR, and other controls: not allowed in TEXT */
			break;
		}
		s++;
	}
}

void ics_line(struct buf *b, const char *name, const char *value)
{
	size_t col = 0;
	const char *parts[2] = {name, value};
	for (int k = 0; k < 2; k++) {
		const unsigned char *s = (const unsigned char *)parts[k];
		if (k == 1) {
			if (col + 1 > ICS_FOLD) { /* the colon folds too */
				buf_puts(b, "\r\n ");
				col = 1;
			}
			buf_putc(b, ':');
			col++;
		}
		while (*s) {
			/* The characters that fit on this line, added at once. */
			const unsigned char *run = s;
			size_t runlen = 0;
			while (*s) {
				size_t len = 1;
				/* RFC 5545 3.1: no control characters but HTAB
				 * in a content line.  Escaped values have none;
				 * whatever else reaches here (a UID, an
				 * address) must not break the line. */
				if ((*s < 0x20 && *s != '\t') || *s == 0x7f)
					break;
				if (*s >= 0xf0)
					len = 4;
				else if (*s >= 0xe0)
					len = 3;
				else if (*s >= 0xc0)
					len = 2;
				for (size_t i = 1; i < len; i++)
					if (!s[i] || (s[i] & 0xc0) != 0x80) {
						len = i; /* broken sequence: no splitting rule */
						break;
					}
				if (col + len > ICS_FOLD)
					break;
				col += len;
				s += len;
				runlen += len;
			}
			buf_add(b, run, runlen);
			if (!*s)
				break;
			if ((*s < 0x20 && *s != '\t') || *s == 0x7f) {
				s++; /* dropped */
				continue;
			}
			buf_puts(b, "\r\n ");
			col = 1;
		}
	}
	buf_puts(b, "\r\n");
}

/* RFC 5545 DATE-TIME in UTC.  Four-digit years only: an instant outside
 * 1970-9999 is written as the nearer end, so the text always fits out
 * (a five-digit year used to leave out unterminated). */
static void utc_stamp(int64_t t, char out[17])
{
	time_t tt = (time_t)(t < 0 ? 0 : t > 253402300799 ? 253402300799 : t);
	struct tm tm;
	if (!gmtime_r(&tt, &tm) ||
	    strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		snprintf(out, 17, "19700101T000000Z");
}

static void text_line(struct buf *b, const char *name, const char *text)
{
	struct buf v;
	buf_init(&v, 1 << 20);
	ics_escape_text(&v, text);
	if (buf_failed(&v)) /* out of memory: b must not pass for whole */
		buf_set_failed(b);
	ics_line(b, name, buf_str(&v));
	buf_release(&v);
}

void ics_write(struct buf *b, const struct ics_event *ev)
{
	char ts[17];
	char seq[24];
	ics_line(b, "BEGIN", "VCALENDAR");
	ics_line(b, "VERSION", "2.0");
	ics_line(b, "PRODID", "-//cuppa//Randomised Coffee Trials//EN");
	ics_line(b, "CALSCALE", "GREGORIAN");
	ics_line(b, "METHOD", "PUBLISH");
	ics_line(b, "BEGIN", "VEVENT");
	ics_line(b, "UID", ev->uid);
	utc_stamp(ev->stamp, ts);
	ics_line(b, "DTSTAMP", ts);
	utc_stamp(ev->start, ts);
	ics_line(b, "DTSTART", ts);
	utc_stamp(ev->end, ts);
	ics_line(b, "DTEND", ts);
	snprintf(seq, sizeof seq, "%d", ev->sequence);
	ics_line(b, "SEQUENCE", seq);
	text_line(b, "SUMMARY", ev->summary);
	if (ev->description && *ev->description)
		text_line(b, "DESCRIPTION", ev->description);
	if (ev->location && *ev->location)
		text_line(b, "LOCATION", ev->location);
	ics_line(b, "STATUS", "CONFIRMED");
	ics_line(b, "TRANSP", "OPAQUE");
	ics_line(b, "BEGIN", "VALARM");
	ics_line(b, "ACTION", "DISPLAY");
	ics_line(b, "DESCRIPTION", "Reminder");
	ics_line(b, "TRIGGER", "-PT15M");
	ics_line(b, "END", "VALARM");
	ics_line(b, "END", "VEVENT");
	ics_line(b, "END", "VCALENDAR");
}

static int64_t fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* How far (minutes) a slot starting at local instant l is from working
 * hours on a working day; 0 when inside. */
static int64_t off_hours(int64_t l)
{
	int64_t day = fdiv(l, 86400);
	int wd = (int)((day % 7 + 7 + 4) % 7); /* 0 = Sunday */
	int64_t m = (l - day * 86400) / 60;
	int64_t d = 0;
	if (m < ICS_DAY_START)
		d = ICS_DAY_START - m;
	else if (m + ICS_SLOT_MINUTES > ICS_DAY_END)
		d = m + ICS_SLOT_MINUTES - ICS_DAY_END;
	if (wd == 0 || wd == 6)
		d += 24 * 60;
	return d;
}

int64_t ics_working_days_after(int64_t t, int n)
{
	int64_t day = fdiv(t, 86400);
	while (n > 0) {
		day++;
		int wd = (int)((day % 7 + 7 + 4) % 7); /* 0 = Sunday */
		n -= wd != 0 && wd != 6;
	}
	return day * 86400;
}

int ics_pick_slot(int64_t from, int64_t to, const char *const *zones,
		  size_t nzones, struct tz_cache *cache, uint64_t spread,
		  int64_t *out, struct err *e)
{
	enum { MAXZ = 8, MAXC = 7 * 48 };
	const struct tz *z[MAXZ];
	struct tz *tmp[MAXZ];
	int64_t cand[MAXC];
	int score[MAXC];
	int64_t dist[MAXC];
	size_t nc = 0;
	int ret = -1;

	if (nzones > MAXZ)
		nzones = MAXZ;
	for (size_t i = 0; i < nzones; i++)
		z[i] = tz_cache_get(cache, zones ? zones[i] : NULL, &tmp[i]);
	int64_t step = ICS_SLOT_MINUTES * 60;
	int64_t t = fdiv(from + step - 1, step) * step;
	for (; t + step <= to && nc < MAXC; t += step, nc++) {
		cand[nc] = t;
		score[nc] = 0;
		dist[nc] = 0;
		for (size_t i = 0; i < nzones; i++) {
			int64_t d = off_hours(t + (z[i] ? tz_offset(z[i], t) : 0));
			score[nc] += d == 0;
			dist[nc] += d;
		}
		if (nzones == 0)
			dist[nc] = off_hours(t), score[nc] = dist[nc] == 0;
	}
	if (nc == 0) {
		err_set(e, ERR_INVALID, "the round window holds no 30-minute slot");
		goto done;
	}
	int best = -1;
	int64_t bestd = INT64_MAX;
	for (size_t i = 0; i < nc; i++)
		if (score[i] > best || (score[i] == best && dist[i] < bestd))
			best = score[i], bestd = dist[i];
	size_t count = 0;
	for (size_t i = 0; i < nc; i++)
		count += score[i] == best && dist[i] == bestd;
	size_t pick = (size_t)(spread % count);
	for (size_t i = 0; i < nc; i++)
		if (score[i] == best && dist[i] == bestd && pick-- == 0) {
			*out = cand[i];
			break;
		}
	ret = 0;
done:
	for (size_t i = 0; i < nzones; i++)
		tz_free(tmp[i]);
	return ret;
}
