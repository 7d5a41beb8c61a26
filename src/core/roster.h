/*
 * roster: reads a CSV list of people (the organiser's old spreadsheet)
 * into validated person records, all or nothing.
 *
 * Accepts UTF-8 with or without a byte-order mark, comma or semicolon
 * delimited (whichever the header line uses), quoted fields with embedded
 * delimiters and newlines.  The header names the columns, in any order and
 * case: name, email, organisation (required), sector, role, location,
 * timezone, topics (';'-separated), intro, joined (YYYY-MM-DD),
 * network_consent (or named: yes/no/true/false/1/0, blank = no; agreeing
 * to be named on network pictures, as the sign-up page's box).
 *
 * A value our own export guarded against spreadsheet formulas ("'=...")
 * has the guarding apostrophe removed, so exports import back unchanged.
 *
 * Every problem found is reported, one line each, as
 *   FILE:LINE: field: problem
 * and then the whole file is refused.
 */
#ifndef CUPPA_ROSTER_H
#define CUPPA_ROSTER_H

#include <stddef.h>

#include "core/model.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#define ROSTER_MAX_BYTES ((size_t)64 << 20)
#define ROSTER_MAX_ROWS 1000000

/* Parses data (len bytes) named `file` in messages.  On success returns 0
 * with *people (from arena a, emails normalised, programme_id 0, status
 * active, joined = today when absent) and *n; *consent (may be NULL)
 * says whether the file had a consent column (else every show_name is
 * false and means "not given").  On any problem returns -1,
 * with every problem appended to problems (one per line, its sentence in
 * lang: the command line passes LANG_EN) and e saying how many. */
int roster_parse(const char *data, size_t len, const char *file,
		 const char *today, struct arena *a, struct person **people,
		 size_t *n, bool *consent, struct buf *problems,
		 enum lang lang, struct err *e);

#endif
