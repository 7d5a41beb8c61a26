/*
 * err: the one error convention of cuppa.
 *
 * A function that can fail returns int: 0 on success, -1 on failure, and
 * fills the caller-supplied struct err with a category, the field or line
 * at fault (when there is one) and a human sentence.  The category lets the
 * CLI pick an exit code and the web layer an HTTP status without parsing
 * text.  Messages never carry personal data beyond what the caller put in
 * (callers must not put emails or names in messages that reach logs).
 */
#ifndef CUPPA_ERR_H
#define CUPPA_ERR_H

#include <stddef.h>

enum err_code {
	ERR_NONE = 0,
	ERR_INVALID,    /* bad input: a field, a line, a value */
	ERR_NOTFOUND,   /* the thing named does not exist */
	ERR_CONFLICT,   /* exists already, wrong state, rule broken */
	ERR_FORBIDDEN,  /* not allowed for this caller */
	ERR_IO,         /* storage, network, file system */
	ERR_INTERNAL,   /* a bug or resource exhaustion */
	ERR_UNAVAILABLE /* busy or unreachable for now: try again shortly */
};

struct err {
	enum err_code code;
	char field[64];   /* optional: form field, CSV column, JSON key */
	char msg[1024];
};

/* Fills e (which may be NULL) and returns -1, so callers can write
 * `return err_set(e, ERR_INVALID, "...")`. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, naming the field at fault. */
int err_field(struct err *e, enum err_code code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Resets e to "no error". */
void err_clear(struct err *e);

/* A stable lower-case name for a code ("invalid", "not_found", ...). */
const char *err_code_name(enum err_code code);

#endif
