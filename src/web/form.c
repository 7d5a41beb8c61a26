/*
 * form: see form.h.  Both parsers work on the whole body, which the
 * server has already bounded (WEB_BODY_MAX), so they need no streaming
 * state; each allocates only from the caller's arena.
 */
#include "web/form.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

bool form_text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
			    c == 0x7f)
				return false;
			p++;
			continue;
		}
		int n;
		unsigned cp;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (end - p <= n)
			return false;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += n + 1;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..len) into a new arena string; -1 on bad escapes. */
static char *url_decode(const char *s, size_t len, struct arena *a,
			size_t *outlen)
{
	char *o = arena_alloc(a, len + 1), *w = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			*w++ = ' ';
		} else if (s[i] == '%') {
			int h, l;
			if (len - i < 3)
				return NULL;
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0)
				return NULL;
			*w++ = (char)(h * 16 + l);
			i += 2;
		} else {
			*w++ = s[i];
		}
	}
	*w = '\0';
	*outlen = (size_t)(w - o);
	return o;
}

static int add_field(struct form *out, size_t *cap, struct arena *a,
		     const char *name, const char *value, size_t len,
		     const char *filename, struct err *e)
{
	if (out->n >= FORM_MAX_FIELDS)
		return err_set(e, ERR_INVALID, "too many form fields");
	if (out->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct form_field *nf = arena_calloc(a, nc, sizeof *nf);
		if (!nf)
			return err_set(e, ERR_INTERNAL, "out of memory");
		if (out->n)
			memcpy(nf, out->f, out->n * sizeof *nf);
		out->f = nf;
		*cap = nc;
	}
	out->f[out->n++] = (struct form_field){name, value, len, filename};
	return 0;
}

int form_parse_urlencoded(const char *s, size_t len, struct arena *a,
			  struct form *out, struct err *e)
{
	size_t cap = 0, i = 0;
	struct form f = {0};
	while (i < len) {
		size_t j = i, eq = (size_t)-1;
		while (j < len && s[j] != '&') {
			if (s[j] == '=' && eq == (size_t)-1)
				eq = j;
			j++;
		}
		if (j > i) {
			size_t nl, vl = 0;
			size_t nend = eq == (size_t)-1 ? j : eq;
			char *name = url_decode(s + i, nend - i, a, &nl);
			char *val = eq == (size_t)-1 ? arena_strdup(a, "")
				: url_decode(s + eq + 1, j - eq - 1, a, &vl);
			if (!name || !val)
				return err_set(e, ERR_INVALID,
					       "malformed form encoding");
			if (nl == 0 || nl > FORM_MAX_NAME ||
			    !form_text_ok(name, nl) || !form_text_ok(val, vl))
				return err_set(e, ERR_INVALID,
					       "form field is not valid text");
			if (add_field(&f, &cap, a, name, val, vl, NULL, e) < 0)
				return -1;
		}
		i = j + 1;
	}
	*out = f;
	return 0;
}

/* Finds needle in [p, end). */
static const char *memfind(const char *p, const char *end, const char *needle,
			   size_t nl)
{
	if (nl == 0 || end - p < (ptrdiff_t)nl)
		return NULL;
	const char *r = memmem(p, (size_t)(end - p), needle, nl);
	return r;
}

/* Extracts param="value" (or param=value) from a header line. */
static char *header_param(const char *h, size_t hl, const char *param,
			  struct arena *a)
{
	size_t pl = strlen(param);
	for (size_t i = 0; i + pl + 1 <= hl; i++) {
		if ((i == 0 || h[i - 1] == ' ' || h[i - 1] == ';') &&
		    strncasecmp(h + i, param, pl) == 0 && h[i + pl] == '=') {
			const char *v = h + i + pl + 1, *end = h + hl, *ve;
			if (v < end && *v == '"') {
				v++;
				ve = memchr(v, '"', (size_t)(end - v));
				if (!ve)
					return NULL;
			} else {
				ve = v;
				while (ve < end && *ve != ';' && *ve != ' ')
					ve++;
			}
			return arena_strndup(a, v, (size_t)(ve - v));
		}
	}
	return NULL;
}

int form_parse_multipart(const char *content_type, const char *body,
			 size_t len, struct arena *a, struct form *out,
			 struct err *e)
{
	struct form f = {0};
	size_t cap = 0;
	const char *ct = content_type ? content_type : "";
	char *bnd = header_param(ct, strlen(ct), "boundary", a);
	char delim[80];
	size_t dl;
	const char *p, *end = body + len;

	if (!bnd || !*bnd || strlen(bnd) > 70)
		return err_set(e, ERR_INVALID, "multipart boundary missing");
	dl = (size_t)snprintf(delim, sizeof delim, "--%s", bnd);
	p = memfind(body, end, delim, dl);
	if (!p)
		return err_set(e, ERR_INVALID, "multipart body malformed");
	p += dl;
	for (;;) {
		const char *hdr_end, *next, *h, *data;
		char *name = NULL, *filename = NULL;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return err_set(e, ERR_INVALID, "multipart body malformed");
		p += 2;
		hdr_end = memfind(p, end, "\r\n\r\n", 4);
		if (!hdr_end)
			return err_set(e, ERR_INVALID, "multipart part malformed");
		for (h = p; h < hdr_end;) {
			const char *le = memfind(h, hdr_end + 2, "\r\n", 2);
			size_t hl = (size_t)(le - h);
			if (hl > 20 &&
			    strncasecmp(h, "Content-Disposition:", 20) == 0) {
				name = header_param(h, hl, "name", a);
				filename = header_param(h, hl, "filename", a);
			}
			h = le + 2;
		}
		data = hdr_end + 4;
		/* The part ends at CRLF + delimiter. */
		char crdelim[84];
		size_t cdl = (size_t)snprintf(crdelim, sizeof crdelim, "\r\n%s",
					      delim);
		next = memfind(data, end, crdelim, cdl);
		if (!next)
			return err_set(e, ERR_INVALID, "multipart part not closed");
		if (!name || !*name || strlen(name) > FORM_MAX_NAME)
			return err_set(e, ERR_INVALID, "multipart part has no name");
		size_t vl = (size_t)(next - data);
		if (!form_text_ok(data, vl) ||
		    (filename && !form_text_ok(filename, strlen(filename))))
			return err_set(e, ERR_INVALID,
				       "uploaded field '%s' is not UTF-8 text",
				       name);
		char *val = arena_strndup(a, data, vl);
		if (!val)
			return err_set(e, ERR_INTERNAL, "out of memory");
		if (add_field(&f, &cap, a, name, val, vl, filename, e) < 0)
			return -1;
		p = next + cdl;
	}
	*out = f;
	return 0;
}

const struct form_field *form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return &f->f[i];
	return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
	const struct form_field *x = form_field(f, name);
	return x ? x->value : NULL;
}
