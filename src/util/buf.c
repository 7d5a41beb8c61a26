/* buf: see buf.h.  Growth doubles, capped at b_max + 1 bytes. */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->b_max = max ? max : BUF_DEFAULT_MAX;
}

void buf_release(struct buf *b)
{
	free(b->b_data);
	size_t max = b->b_max;
	buf_init(b, max);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *s;
	if (b->b_failed) {
		buf_release(b);
		return NULL;
	}
	s = b->b_data ? b->b_data : strdup("");
	if (len)
		*len = b->b_len;
	b->b_data = NULL;
	size_t max = b->b_max;
	buf_init(b, max);
	return s;
}

void buf_reset(struct buf *b)
{
	b->b_len = 0;
	b->b_failed = false;
	if (b->b_data)
		b->b_data[0] = '\0';
}

static bool buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;
	if (b->b_failed)
		return false;
	if (extra > b->b_max - b->b_len) {
		b->b_failed = true;
		return false;
	}
	need = b->b_len + extra + 1;
	if (need <= b->b_cap)
		return true;
	cap = b->b_cap ? b->b_cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > b->b_max + 1)
		cap = b->b_max + 1;
	p = realloc(b->b_data, cap);
	if (!p) {
		b->b_failed = true;
		return false;
	}
	b->b_data = p;
	b->b_cap = cap;
	return true;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (!buf_grow(b, len))
		return;
	if (len)
		memcpy(b->b_data + b->b_len, data, len);
	b->b_len += len;
	b->b_data[b->b_len] = '\0';
}

char *buf_extend(struct buf *b, size_t len)
{
	char *p;
	if (!buf_grow(b, len))
		return NULL;
	p = b->b_data + b->b_len;
	b->b_len += len;
	b->b_data[b->b_len] = '\0';
	return p;
}

void buf_puts(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_putc(struct buf *b, char c) { buf_add(b, &c, 1); }

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	size_t room = b->b_data && !b->b_failed ? b->b_cap - b->b_len : 0;
	/* Into the room there is first: formatting twice (measure, then
	 * write) cost the CSV reader a tenth of its time. */
	va_copy(ap2, ap);
	n = vsnprintf(room ? b->b_data + b->b_len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n >= 0 && (size_t)n < room) {
		b->b_len += (size_t)n;
		return;
	}
	if (room)
		b->b_data[b->b_len] = '\0'; /* undo the cut-short attempt */
	if (n < 0) {
		b->b_failed = true;
		return;
	}
	if (!buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->b_data + b->b_len, (size_t)n + 1, fmt, ap);
	b->b_len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_html(struct buf *b, const char *s)
{
	buf_html_n(b, s, strlen(s));
}

void buf_html_n(struct buf *b, const char *s, size_t n)
{
	const char *run = s, *end = s + n;
	for (; s < end; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void buf_json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20 || c == '<' || c == '>')
				buf_printf(b, "\\u%04x", c);
			else
				buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

bool buf_csv_risky(const char *s)
{
	/* Fullwidth forms spreadsheets fold to their ASCII originals:
	 * U+FF1D = U+FF0B + U+FF0D - U+FF20 @ (UTF-8). */
	static const char *const wide[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B",
					   "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
	if (*s == '\t' || *s == '\r' || *s == '\n')
		return true;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s && strchr("=+-@|", *s))
		return true;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (strncmp(s, wide[i], 3) == 0)
			return true;
	return false;
}

void buf_csv_field(struct buf *b, const char *s)
{
	bool guard = buf_csv_risky(s);
	bool quote = guard || strpbrk(s, ",;\"\r\n") != NULL;
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
