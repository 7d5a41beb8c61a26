/*
 * ics: the small iCalendar (RFC 5545) writer for introduction invites, and
 * the choice of the slot they propose.
 *
 * Output invariants: every line ends in CRLF; no line is longer than 75
 * octets (longer content lines are folded with CRLF + space, never inside
 * a UTF-8 sequence); TEXT values escape backslash, ';', ',' and newlines;
 * parameter values are quoted when they hold ':' ';' or ','.  Times are
 * written in UTC ("...Z"), so no VTIMEZONE block is needed and every
 * client (Outlook, Google, Apple) shows them in its own zone.
 */
#ifndef CUPPA_ICS_H
#define CUPPA_ICS_H

#include <stddef.h>
#include <stdint.h>

#include "util/tz.h"
#include "util/buf.h"
#include "util/err.h"

/* An entry the recipient owns (METHOD:PUBLISH): no ORGANIZER and no
 * ATTENDEE, so a calendar imports it as the person's own event that they
 * can move freely, and no client offers to send a reply to anyone. */
struct ics_event {
	const char *uid;          /* stable per person and group: re-sends update */
	int64_t start, end;       /* UTC instants */
	int64_t stamp;            /* DTSTAMP */
	int sequence;
	const char *summary;
	const char *description;  /* plain text, may hold newlines */
	const char *location;     /* NULL or "" for none */
	const char *alarm;        /* the reminder's text; NULL: "Reminder" */
};

/* Appends a complete VCALENDAR with METHOD:PUBLISH and one VEVENT. */
void ics_write(struct buf *b, const struct ics_event *ev);

/* Appends one content line "name:value" (value already escaped as the
 * property needs), folded at 75 octets, with CRLF; control characters
 * other than TAB are dropped. */
void ics_line(struct buf *b, const char *name, const char *value);

/* Appends s escaped as an iCalendar TEXT value. */
void ics_escape_text(struct buf *b, const char *s);

#define ICS_SLOT_MINUTES 30
#define ICS_DAY_START (9 * 60)   /* working hours, local minutes */
#define ICS_DAY_END (17 * 60)

/* How many working days after publication the suggested slot comes at
 * the earliest: time to read the email and write to each other first. */
#define ICS_LEAD_WORKING_DAYS 3

/* 00:00 UTC of the day n working days (Mon-Fri) after t's UTC day. */
int64_t ics_working_days_after(int64_t t, int n);

/* Picks the start of a 30-minute slot in [from, to) that falls on a
 * working day (Mon-Fri) and inside 09:00-17:00 local time for every zone
 * in zones (IANA names; NULL or "" or unknown means UTC).  Candidates
 * are the half hours of the first five working days of the window (all
 * of it when shorter); among the acceptable ones, spread (e.g. the group
 * id) chooses, so groups do not all get the same hour.  When no slot
 * suits everyone, the one suiting the most members wins (ties: the
 * smallest total distance from working hours).  Fails only when the
 * window holds no half hour at all.  Zones are looked up in cache (the
 * caller's, see tz.h; NULL: loaded for this call and freed). */
int ics_pick_slot(int64_t from, int64_t to, const char *const *zones,
		  size_t nzones, struct tz_cache *cache, uint64_t spread,
		  int64_t *out, struct err *e);

#endif
