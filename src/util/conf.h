/*
 * conf: the `key = value` format of cuppa's configuration file, knowing
 * nothing of which keys exist (cli/settings.c says that).
 *
 * One setting per line: `key = value`.  Blank lines and lines whose
 * first non-blank character is '#' are ignored.  A key is 1-63 of
 * [a-z0-9_]; the value is the rest of the line with surrounding blanks
 * removed, optionally in double quotes (which keep blanks; no escapes
 * inside).  A value never holds control characters.  Lines may end in
 * LF or CRLF; a file is at most CONF_MAX_BYTES.  A key given twice is an
 * error rather than "the last one wins", so a forgotten duplicate cannot
 * silently override the line someone is editing.
 */
#ifndef CUPPA_CONF_H
#define CUPPA_CONF_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define CONF_MAX_BYTES ((size_t)1 << 20)
#define CONF_KEY_MAX 63
#define CONF_VALUE_MAX 4096

struct conf_entry {
	const char *key;
	const char *value;
	int line;           /* 1-based */
};

/* Parses len bytes of text (NUL bytes are an error) into *out (n
 * entries, in file order, strings in a).  On a bad line returns -1 with
 * e->field the key (or "" when the key itself is bad) and e->msg
 * "LINE: problem"; callers prefix the file name. */
int conf_parse(const char *text, size_t len, struct arena *a,
	       struct conf_entry **out, size_t *n, struct err *e);

#endif
