/*
 * text: catalogue lookups, plural forms and the choice of a reader's
 * language (see text.h).  All state is the constant tables compiled in,
 * so every function is safe from any thread.
 */
#include "text/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/catalog.h"

static const char *const codes[LANG_COUNT] = {"en", "cy"};
static const char *const names[LANG_COUNT] = {"English", "Cymraeg"};

const char *lang_code(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? codes[l] : "en";
}

const char *lang_name(enum lang l)
{
	return (unsigned)l < LANG_COUNT ? names[l] : names[0];
}

/* Matches the language code of s[0..n) (case-insensitive). */
static int code_of(const char *s, size_t n, enum lang *out)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (strlen(codes[i]) == n && !strncasecmp(s, codes[i], n)) {
			*out = (enum lang)i;
			return 0;
		}
	return -1;
}

int lang_parse(const char *s, enum lang *out)
{
	return s ? code_of(s, strlen(s), out) : -1;
}

int lang_list_parse(const char *s, const char *field, struct lang_list *out,
		    struct err *e)
{
	struct lang_list l = {.n = 0};
	const char *p = s ? s : "";
	if (!*p)
		return err_field(e, ERR_INVALID, field,
				 "give en, cy or cy,en");
	for (;;) {
		size_t n = strcspn(p, ",");
		enum lang x;
		while (n && p[n - 1] == ' ')
			n--;
		if (code_of(p, n, &x) < 0)
			return err_field(e, ERR_INVALID, field,
					 "'%.*s' is not a language: give en, cy "
					 "or cy,en", (int)(n > 20 ? 20 : n), p);
		if (lang_list_has(&l, x))
			return err_field(e, ERR_INVALID, field,
					 "%s is given twice", codes[x]);
		l.v[l.n++] = x;
		p += strcspn(p, ",");
		if (!*p)
			break;
		p++;
		while (*p == ' ')
			p++;
	}
	*out = l;
	return 0;
}

void lang_list_format(const struct lang_list *l, char *out, size_t size)
{
	size_t used = 0;
	if (size)
		out[0] = '\0';
	for (int i = 0; i < l->n && used < size; i++) {
		int w = snprintf(out + used, size - used, "%s%s", i ? "," : "",
				 codes[l->v[i]]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

bool lang_list_has(const struct lang_list *l, enum lang x)
{
	for (int i = 0; i < l->n; i++)
		if (l->v[i] == x)
			return true;
	return false;
}

struct lang_list lang_list_all(void)
{
	return (struct lang_list){.v = {LANG_CY, LANG_EN}, .n = 2};
}

/* ---- catalogue ---- */

static const struct text_entry *find(enum lang l, const char *msgid,
				     size_t len)
{
	const struct text_entry *t;
	size_t lo = 0, hi;
	if (l != LANG_CY)
		return NULL;
	t = text_catalog_cy;
	hi = text_catalog_cy_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct text_entry *m = &t[mid];
		size_t n = m->msgid_len < len ? m->msgid_len : len;
		int c = memcmp(m->msgid, msgid, n);
		if (c == 0)
			c = m->msgid_len < len ? -1 : m->msgid_len > len ? 1 : 0;
		if (c == 0)
			return m;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *text_find(enum lang l, const char *msgid, size_t len)
{
	const struct text_entry *en = find(l, msgid, len);
	return en && en->nforms == 1 ? en->forms[0] : NULL;
}

const char *text_get(enum lang l, const char *msgid)
{
	const char *t = text_find(l, msgid, strlen(msgid));
	return t ? t : msgid;
}

int text_plural(enum lang l, long n)
{
	if (l == LANG_CY)
		return n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3
		       : n == 6 ? 4 : 5;
	return n == 1 ? 0 : 1;
}

const char *text_nget(enum lang l, const char *one, const char *many, long n)
{
	const struct text_entry *en = find(l, one, strlen(one));
	int f = text_plural(l, n);
	if (en && en->nforms > 1 && f < en->nforms && en->forms[f])
		return en->forms[f];
	return n == 1 ? one : many;
}

size_t text_count(enum lang l)
{
	return l == LANG_CY ? text_catalog_cy_count : 0;
}

/* ---- Accept-Language (RFC 9110 12.5.4) ---- */

/* The q of one range's parameters ("; q=0.5"): 1000 for 1, 0..1000. */
static int qvalue(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			int q = 0, scale = 1000;
			p += 2;
			if (p < end && *p == '1')
				return 1000;
			if (p < end && *p == '0') {
				p++;
				if (p < end && *p == '.')
					for (p++; p < end && isdigit((unsigned char)*p) &&
						  scale > 1; p++) {
						scale /= 10;
						q += (*p - '0') * scale;
					}
				return q;
			}
			return 0; /* malformed: not acceptable */
		}
		while (p < end && *p != ';')
			p++;
	}
	return 1000;
}

int text_accept(const char *header, const struct lang_list *offered,
		enum lang *out)
{
	int best_q = 0;
	enum lang best = LANG_EN;
	const char *p = header;
	if (!p || !offered->n)
		return -1;
	while (*p) {
		const char *end = p + strcspn(p, ","), *tag, *tend;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		tag = p;
		tend = tag;
		while (tend < end && *tend != ';' && *tend != ' ' && *tend != '\t')
			tend++;
		int q = qvalue(tend, end);
		size_t primary = strcspn(tag, "-;, \t");
		if (primary > (size_t)(tend - tag))
			primary = (size_t)(tend - tag);
		enum lang x;
		bool match = false;
		if (primary == 1 && tag[0] == '*') {
			x = offered->v[0];
			match = true;
		} else if (code_of(tag, primary, &x) == 0 && lang_list_has(offered, x)) {
			match = true;
		}
		if (match && q > best_q) {
			best_q = q;
			best = x;
		}
		p = *end ? end + 1 : end;
	}
	if (best_q == 0)
		return -1;
	*out = best;
	return 0;
}

enum lang text_choose(const struct lang_list *offered,
		      const char *const *prefs, size_t nprefs,
		      const char *accept_language)
{
	enum lang x;
	if (!offered->n)
		return LANG_EN;
	for (size_t i = 0; i < nprefs; i++)
		if (prefs[i] && lang_parse(prefs[i], &x) == 0 &&
		    lang_list_has(offered, x))
			return x;
	if (text_accept(accept_language, offered, &x) == 0)
		return x;
	return offered->v[0];
}

/* ---- error sentences ---- */

/* The index of the argument a %[N$]... conversion at p names (advancing
 * *next for sequential ones) and the end of the conversion. */
static const char *err_conv(const char *p, int *next, int *arg)
{
	const char *q = p + 1;
	int pos = 0;
	while (*q >= '0' && *q <= '9')
		pos = pos * 10 + (*q++ - '0');
	if (*q == '$' && pos > 0) {
		*arg = pos - 1;
		q++;
	} else {
		q = p + 1;
		*arg = (*next)++;
	}
	while (*q && !strchr("diouxXcspfFeEgGaA", *q))
		q++;
	return *q ? q + 1 : q;
}

void text_err(struct buf *out, enum lang l, const struct err *e)
{
	const char *t;
	if (l == LANG_EN || !e->msg[0]) {
		buf_puts(out, e->msg);
		return;
	}
	t = e->id[0] ? text_find(l, e->id, strlen(e->id)) : NULL;
	if (!t) {
		/* no id, or a fixed sentence: the whole sentence's entry */
		buf_puts(out, text_get(l, e->msg));
		return;
	}
	int next = 0;
	for (const char *p = t; *p;) {
		int arg;
		if (*p != '%') {
			buf_putc(out, *p++);
		} else if (p[1] == '%') {
			buf_putc(out, '%');
			p += 2;
		} else {
			p = err_conv(p, &next, &arg);
			if (arg >= 0 && arg < e->nargs)
				buf_puts(out, e->args[arg]);
		}
	}
}
