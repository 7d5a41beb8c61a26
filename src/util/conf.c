/* conf: see conf.h.  A single pass over the bytes, one line at a time. */
#include "util/conf.h"

#include <stdbool.h>
#include <string.h>

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* One line [p, end) without its newline.  Appends an entry or fails. */
static int parse_line(const char *p, const char *end, int line,
		      struct arena *a, struct conf_entry **arr, size_t *n,
		      size_t *cap, struct err *e)
{
	const char *k, *ke, *v, *ve;
	if (end > p && end[-1] == '\r')
		end--;
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#')
		return 0;
	for (const char *q = p; q < end; q++)
		if ((unsigned char)*q < 0x20 && *q != '\t')
			return err_field(e, ERR_INVALID, "",
					 "%d: control character in the line", line);
	k = p;
	while (p < end && key_char(*p))
		p++;
	ke = p;
	if (ke == k)
		return err_field(e, ERR_INVALID, "",
				 "%d: expected `key = value` (keys are lower-case"
				 " letters, digits and _)", line);
	if ((size_t)(ke - k) > CONF_KEY_MAX)
		return err_field(e, ERR_INVALID, "", "%d: key too long", line);
	char key[CONF_KEY_MAX + 1];
	memcpy(key, k, (size_t)(ke - k));
	key[ke - k] = '\0';
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p != '=')
		return err_field(e, ERR_INVALID, key,
				 "%d: expected `=` after the key", line);
	p++;
	while (p < end && is_blank(*p))
		p++;
	v = p;
	ve = end;
	while (ve > v && is_blank(ve[-1]))
		ve--;
	if (ve > v && *v == '"') {
		if (ve - v < 2 || ve[-1] != '"')
			return err_field(e, ERR_INVALID, key,
					 "%d: unterminated quoted value", line);
		v++;
		ve--;
		if (memchr(v, '"', (size_t)(ve - v)))
			return err_field(e, ERR_INVALID, key,
					 "%d: a quoted value cannot contain '\"'",
					 line);
	}
	if ((size_t)(ve - v) > CONF_VALUE_MAX)
		return err_field(e, ERR_INVALID, key, "%d: value too long", line);
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i].key, key) == 0)
			return err_field(e, ERR_INVALID, key,
					 "%d: given again (first on line %d)",
					 line, (*arr)[i].line);
	*arr = arena_grow(a, *arr, *n, cap, sizeof **arr);
	if (!*arr)
		return err_set(e, ERR_INTERNAL, "out of memory");
	(*arr)[*n].key = arena_strdup(a, key);
	(*arr)[*n].value = arena_strndup(a, v, (size_t)(ve - v));
	(*arr)[*n].line = line;
	if (!(*arr)[*n].key || !(*arr)[*n].value)
		return err_set(e, ERR_INTERNAL, "out of memory");
	(*n)++;
	return 0;
}

int conf_parse(const char *text, size_t len, struct arena *a,
	       struct conf_entry **out, size_t *n, struct err *e)
{
	struct conf_entry *arr = NULL;
	size_t cnt = 0, cap = 0;
	const char *p = text, *end = text + len;
	int line = 0;

	*out = NULL;
	*n = 0;
	if (len > CONF_MAX_BYTES)
		return err_set(e, ERR_INVALID, "file larger than %zu bytes",
			       CONF_MAX_BYTES);
	if (memchr(text, '\0', len))
		return err_set(e, ERR_INVALID, "NUL byte in the file");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (parse_line(p, le, ++line, a, &arr, &cnt, &cap, e) < 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	*out = arr;
	*n = cnt;
	return 0;
}
