/*
 * form: parsers for request bodies and query strings, with hard limits.
 *   application/x-www-form-urlencoded  (form_parse_urlencoded)
 *   multipart/form-data                (form_parse_multipart)
 * Every value is checked to be valid UTF-8 without NUL bytes (file parts
 * too: cuppa only accepts text uploads); anything malformed fails with
 * ERR_INVALID and no partial result.  Field names and values are copied
 * into the caller's arena.
 */
#ifndef CUPPA_FORM_H
#define CUPPA_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define FORM_MAX_FIELDS 256
#define FORM_MAX_NAME 64

struct form_field {
	const char *name;
	const char *value;     /* NUL-terminated */
	size_t len;            /* length of value */
	const char *filename;  /* multipart file parts only, else NULL */
};

struct form {
	struct form_field *f;
	size_t n;
};

/* Parses "a=1&b=x+y%21" (body or query string of length len). */
int form_parse_urlencoded(const char *s, size_t len, struct arena *a,
			  struct form *out, struct err *e);

/* Parses a multipart body; content_type carries the boundary. */
int form_parse_multipart(const char *content_type, const char *body,
			 size_t len, struct arena *a, struct form *out,
			 struct err *e);

/* The first value named name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* The first field named name, or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);

/* True when s[0..len) is valid UTF-8 with no NUL and no C0 controls other
 * than TAB, LF and CR. */
bool form_text_ok(const char *s, size_t len);

#endif
