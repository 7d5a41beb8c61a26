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

#include <stdarg.h>
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

#define ERR_ARGS 6

struct err {
	enum err_code code;
	char field[64];   /* optional: form field, CSV column, JSON key */
	char msg[1024];   /* the English sentence (logs, CLI, API) */
	/* The sentence's printf format (its msgid in the text catalogue) and
	 * each argument already made text, so the web and mail can make the
	 * sentence again in the reader's language (text_err).  id is empty
	 * when the format did not fit or used a conversion err does not
	 * copy; the edge then looks the whole sentence up instead. */
	char id[256];
	char args[ERR_ARGS][96];
	int nargs;
};

/* Mark a format with N_ (text/text.h) where the sentence can reach a web
 * form or page: the catalogue then carries its translation. */

/* Fills e (which may be NULL) and returns -1, so callers can write
 * `return err_set(e, ERR_INVALID, "...")`. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, naming the field at fault. */
int err_field(struct err *e, enum err_code code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* err_field with a va_list, for a function of its own that takes a
 * format (roster's problems). */
int err_vfield(struct err *e, enum err_code code, const char *field,
	       const char *fmt, va_list ap);

/* Resets e to "no error". */
void err_clear(struct err *e);

/* A stable lower-case name for a code ("invalid", "not_found", ...). */
const char *err_code_name(enum err_code code);

#endif
