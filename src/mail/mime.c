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
	if (buf_failed(&clean)) /* out of memory: b must not pass for whole */
		buf_set_failed(b);
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

void mime_message(struct buf *m, const struct mime_parts *p)
{
	char bmix[64], balt[64];
	snprintf(bmix, sizeof bmix, "=_cuppa_%lld_mix", p->id);
	snprintf(balt, sizeof balt, "=_cuppa_%lld_alt", p->id);
	mime_date_header(m, p->date);
	buf_puts(m, "From: ");
	mime_put_clean(m, p->from);
	buf_puts(m, "\r\nTo: ");
	mime_header_address(m, p->to_name, p->to_addr);
	buf_puts(m, "\r\nSubject: ");
	mime_header_text(m, p->subject);
	buf_puts(m, "\r\nMessage-ID: ");
	mime_put_clean(m, p->message_id);
	buf_puts(m, "\r\nMIME-Version: 1.0\r\n");
	buf_puts(m, "Auto-Submitted: auto-generated\r\n");
	buf_puts(m, "X-Cuppa-Kind: ");
	mime_put_clean(m, p->kind);
	buf_puts(m, "\r\n");
	if (p->unsubscribe) {
		buf_puts(m, "List-Unsubscribe: <");
		mime_put_clean(m, p->unsubscribe);
		buf_puts(m, ">\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
	}
	if (p->ics)
		buf_printf(m, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
			      "--%s\r\n", bmix, bmix);
	buf_printf(m, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n",
		   balt);
	buf_printf(m, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", balt);
	mime_quoted_printable(m, p->text);
	buf_printf(m, "--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n", balt);
	mime_quoted_printable(m, p->html);
	if (p->ics) {
		buf_printf(m, "--%s\r\nContent-Type: text/calendar; charset=utf-8;"
			      " method=PUBLISH\r\n"
			      "Content-Transfer-Encoding: base64\r\n\r\n", balt);
		mime_base64(m, (const unsigned char *)p->ics, strlen(p->ics), true);
	}
	buf_printf(m, "--%s--\r\n", balt);
	if (p->ics) {
		buf_printf(m, "--%s\r\nContent-Type: application/ics; name=\"invite.ics\"\r\n"
			      "Content-Disposition: attachment; filename=\"invite.ics\"\r\n"
			      "Content-Transfer-Encoding: base64\r\n\r\n", bmix);
		mime_base64(m, (const unsigned char *)p->ics, strlen(p->ics), true);
		buf_printf(m, "--%s--\r\n", bmix);
	}
}

/* Drops the empty paragraphs a block placeholder leaves around itself
 * ("<p></p>", and a line break opening a paragraph). */
char *mime_html_tidy(struct arena *a, const char *s)
{
	char *out = arena_strdup(a, s), *w = out;
	if (!out)
		return NULL;
	for (const char *r = out; *r;) {
		if (!strncmp(r, "<p></p>\n", 8)) {
			r += 8;
		} else if (!strncmp(r, "<p><br>\n", 8)) {
			memmove(w, "<p>", 3);
			w += 3;
			r += 8;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return out;
}
