/*
 * mime: header and body encodings for email, into a struct buf.
 */
#ifndef CUPPA_MAIL_MIME_H
#define CUPPA_MAIL_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/arena.h"
#include "util/buf.h"

/* s with CR, LF and other controls turned into spaces (header-safe). */
void mime_put_clean(struct buf *b, const char *s);
/* True when s is 7-bit ASCII. */
bool mime_is_ascii(const char *s);
/* Base64 of n bytes of s; wrap: CRLF every 76 characters and at the end. */
void mime_base64(struct buf *b, const unsigned char *s, size_t n, bool wrap);
/* An unstructured header value: as is when ASCII, else RFC 2047 encoded
 * words of whole UTF-8 characters, folded between words. */
void mime_header_text(struct buf *b, const char *s);
/* "Display Name" <addr>, the name encoded as needed. */
void mime_header_address(struct buf *b, const char *name, const char *addr);
/* Quoted-printable (RFC 2045 6.7) of UTF-8 text; newlines become CRLF. */
void mime_quoted_printable(struct buf *b, const char *s);
/* A "Date:" header line for instant t, in English as RFC 5322 wants. */
void mime_date_header(struct buf *b, time_t t);

/* A whole message: headers, then multipart/alternative of text and
 * HTML (and the calendar object when ics is set, also attached as
 * invite.ics inside multipart/mixed).  Boundaries are "=_cuppa_ID_..."
 * (quoted-printable and base64 output never contain "=_"). */
struct mime_parts {
	long long id;              /* makes the boundaries */
	time_t date;
	const char *from, *to_name, *to_addr, *subject, *message_id;
	const char *kind;          /* X-Cuppa-Kind */
	const char *unsubscribe;   /* List-Unsubscribe URL, or NULL */
	const char *text, *html, *ics;
};
void mime_message(struct buf *m, const struct mime_parts *p);

/* A copy (into a) of an HTML body without the empty paragraphs a block
 * placeholder leaves around itself ("<p></p>", and a line break opening
 * a paragraph); NULL when out of memory. */
char *mime_html_tidy(struct arena *a, const char *s);

#endif
