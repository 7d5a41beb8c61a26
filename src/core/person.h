/*
 * person: the rules for one participant's details and state, with no I/O.
 *
 * Email addresses are checked for a practical shape (local@domain.tld,
 * no spaces or control characters, at most 254 bytes) and lower-cased, so
 * "Ann@X.org" and "ann@x.org" are one person.  Text fields must be valid
 * UTF-8 without control characters (a newline is allowed in the intro).
 */
#ifndef CUPPA_PERSON_H
#define CUPPA_PERSON_H

#include <stdarg.h>
#include <stdbool.h>
#include <time.h>

#include "core/model.h"
#include "util/err.h"

/* Lower-cases and trims email into out (EMAIL_MAX + 1 bytes); 0 when it is
 * a valid address, else -1 with e naming the field "email". */
int person_email_normalise(const char *email, char out[EMAIL_MAX + 1],
			   struct err *e);

/* True when s is valid UTF-8 with no control characters (newlines and
 * tabs allowed when multiline). */
bool person_text_ok(const char *s, bool multiline);

/* Checks every field of p (required ones present, lengths, dates, time
 * zone names); e names the first field at fault. */
int person_validate(const struct person *p, struct err *e);
/* The same checks, every field (in the people CSV's column order):
 * bad(arg, field, fmt, ap) for each field at fault, with the field's
 * name and its problem's sentence as an err_field format (a catalogue
 * msgid) and arguments, for the caller to make the sentence only if it
 * lists it; returns how many were.  With bad NULL it only counts (a CSV
 * past its listed problems). */
int person_check_fields(const struct person *p,
			void (*bad)(void *arg, const char *field,
				    const char *fmt, va_list ap),
			void *arg);

/* Agreement to be named on network pictures (show_name) from a CSV cell
 * or option: yes/no/true/false/1/0 (any case; blank is no).  Anything
 * else is ERR_INVALID naming "network_consent". */
int person_consent_parse(const char *s, bool *out, struct err *e);
/* The same, its problem handed over as person_check_fields's are (bad
 * NULL: only the answer). */
int person_consent_check(const char *s, bool *out,
			 void (*bad)(void *arg, const char *field,
				     const char *fmt, va_list ap),
			 void *arg);

/* Whether the person takes part in a round formed on day (YYYY-MM-DD). */
bool person_eligible(const struct person *p, const char *day);

/* Why the person sits out (for messages), or NULL when eligible. */
const char *person_sitting_out_reason(const struct person *p, const char *day);

/* Checks a status change requested by an organiser or the person;
 * paused needs a valid `until` day after today. */
int person_status_check(enum person_status to, const char *until,
			const char *today, struct err *e);

#endif
