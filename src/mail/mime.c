/*
 * mime: the encodings an email's headers and parts need (RFC 2045-2047,
 * RFC 5322 dates), written into a struct buf.  Knows nothing of cuppa.
 */
#include "mail/mime.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Header-safe: no CR, LF or other controls. */
void mime_put_clean(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
}

bool mime_is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void mime_base64(struct buf *b, const unsigned char *s, size_t n,
		   bool wrap)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63],
			     i + 1 < n ? b64[v >> 6 & 63] : '=',
			     i + 2 < n ? b64[v & 63] : '='};
		buf_add(b, q, 4);
		col += 4;
		if (wrap && col >= 76) {
			buf_puts(b, "\r\n");
			col = 0;
		}
	}
	if (wrap && col)
		buf_puts(b, "\r\n");
}

/* An unstructured header value: as is when ASCII, else RFC 2047
 * encoded words of whole UTF-8 characters, folded between words. */
void mime_header_text(struct buf *b, const char *s)
{
	struct buf clean;
	buf_init(&clean, 1 << 16);
	mime_put_clean(&clean, s);
	const char *t = buf_str(&clean);
	if (mime_is_ascii(t)) {
		buf_puts(b, t);
	} else {
		size_t n = strlen(t), i = 0;
		while (i < n) {
			size_t j = i, take = 0;
			while (j < n && take < 42) {
				size_t len = 1;
				unsigned char c = (unsigned char)t[j];
				if (c >= 0xf0)
					len = 4;
				else if (c >= 0xe0)
					len = 3;
				else if (c >= 0xc0)
					len = 2;
				if (j + len > n)
					len = n - j;
				j += len;
				take += len;
			}
			if (i)
				buf_puts(b, "\r\n ");
			buf_puts(b, "=?UTF-8?B?");
			mime_base64(b, (const unsigned char *)t + i, j - i, false);
			buf_puts(b, "?=");
			i = j;
		}
	}
	buf_release(&clean);
}

/* "Display Name" <addr> */
void mime_header_address(struct buf *b, const char *name, const char *addr)
{
	if (name && *name) {
		if (mime_is_ascii(name)) {
			buf_putc(b, '"');
			for (const char *s = name; *s; s++) {
				if ((unsigned char)*s < 0x20)
					continue;
				if (*s == '"' || *s == '\\')
					buf_putc(b, '\\');
				buf_putc(b, *s);
			}
			buf_putc(b, '"');
		} else {
			mime_header_text(b, name);
		}
		buf_putc(b, ' ');
	}
	buf_putc(b, '<');
	mime_put_clean(b, addr);
	buf_putc(b, '>');
}

/* Quoted-printable (RFC 2045 6.7) of UTF-8 text; input newlines become
 * CRLF; lines at most 76 characters. */
void mime_quoted_printable(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r')
			continue;
		if (c == '\n') {
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		bool trailing_ws = (c == ' ' || c == '\t') &&
				   (s[1] == '\n' || s[1] == '\r' || !s[1]);
		bool plain = (c >= 33 && c <= 126 && c != '=') ||
			     ((c == ' ' || c == '\t') && !trailing_ws);
		/* A leading '.' is fine over SMTP (the client dot-stuffs),
		 * but some gateways mangle it: encode it anyway. */
		if (c == '.' && col == 0)
			plain = false;
		size_t w = plain ? 1 : 3;
		if (col + w > 75) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		if (plain) {
			buf_putc(b, (char)c);
		} else {
			char q[3] = {'=', hex[c >> 4], hex[c & 15]};
			buf_add(b, q, 3);
		}
		col += w;
	}
	buf_puts(b, "\r\n");
}

void mime_date_header(struct buf *b, time_t t)
{
	struct tm tm;
	char s[64];
	gmtime_r(&t, &tm);
	/* RFC 5322 wants English names whatever the locale: format by hand. */
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
					 "Fri", "Sat"};
	static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May",
					 "Jun", "Jul", "Aug", "Sep", "Oct",
					 "Nov", "Dec"};
	snprintf(s, sizeof s, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		 wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
	buf_printf(b, "Date: %s\r\n", s);
}
