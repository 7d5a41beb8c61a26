/*
 * buf: the one bounded string builder, for HTML, JSON, SVG, CSV and mail.
 *
 * A buf owns a NUL-terminated heap string that grows on demand up to a hard
 * limit (buf_init's max).  Past the limit, or when memory runs out, the buf
 * becomes "failed": further appends do nothing and buf_failed() says so, so
 * a long builder can append freely and check once at the end.
 *
 * Lifecycle: buf_init, appends, then either buf_release (frees) or
 * buf_detach (hands the string to the caller, who frees it with free()).
 */
#ifndef CUPPA_BUF_H
#define CUPPA_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX ((size_t)64 << 20) /* 64 MiB */

struct buf {
	char *b_data;   /* always NUL-terminated once anything is appended */
	size_t b_len;
	size_t b_cap;
	size_t b_max;   /* hard limit on b_len */
	bool b_failed;
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Returns the string (never NULL; "" when empty) and resets b.
 * The caller owns the result and frees it with free(). NULL if b failed. */
char *buf_detach(struct buf *b, size_t *len);

void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *data, size_t len);
/* Appends len bytes for the caller to fill at once and returns where they
 * start (the buf stays terminated after them); NULL when b has failed or
 * fails now.  For a line built from several pieces in one append. */
char *buf_extend(struct buf *b, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Escapers: append s with the given escaping applied. */
void buf_html(struct buf *b, const char *s);   /* & < > " ' */
void buf_html_n(struct buf *b, const char *s, size_t n); /* n bytes of s */
void buf_json_str(struct buf *b, const char *s); /* with the quotes */
/* One CSV field, quoted when needed, with formula-injection guard: a
 * value buf_csv_risky() flags gets a leading apostrophe. */
void buf_csv_field(struct buf *b, const char *s);
/* Whether a spreadsheet could run s as a formula: it starts with TAB, CR
 * or LF, or (after any spaces and tabs) with = + - @ |, or a fullwidth
 * ＝ ＋ － ＠.  The one guard: the CSV reader uses it to remove the
 * apostrophe again. */
bool buf_csv_risky(const char *s);

static inline const char *buf_str(const struct buf *b)
{
	return b->b_data ? b->b_data : "";
}
static inline size_t buf_len(const struct buf *b) { return b->b_len; }
static inline bool buf_failed(const struct buf *b) { return b->b_failed; }
/* Marks b failed: a part of it could not be built (out of memory in a
 * helper buffer), so its text must not be used. */
static inline void buf_set_failed(struct buf *b) { b->b_failed = true; }

#endif
