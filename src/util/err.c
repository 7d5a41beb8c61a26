/* err: see err.h. */
#include "util/err.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* Copies s into out (size bytes), cut short as snprintf's "%s" would,
 * without printf's cost (a CSV of bad rows makes thousands of errors);
 * returns the length of s. */
static size_t copy_cut(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);
	size_t m = n < size ? n : size - 1;
	memcpy(out, s, m);
	out[m] = '\0';
	return n;
}

/* Copies fmt into e->id and each of its arguments, as its own conversion
 * makes it, into e->args.  Gives up (id empty) on a format too long, too
 * many arguments, or a conversion it does not know: the edge then falls
 * back to the finished sentence. */
static void err_keep_args(struct err *e, const char *fmt, va_list ap)
{
	int n = 0;
	e->id[0] = '\0';
	e->nargs = 0;
	if (strlen(fmt) >= sizeof e->id)
		return;
	/* From one '%' to the next (strchr, not a byte at a time: this runs
	 * for every problem of a hostile CSV). */
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p++) {
		char spec[32];
		size_t k = 0;
		int star[2], nstar = 0;
		if (p[1] == '%') {
			p++;
			continue;
		}
		spec[k++] = *p++;
		while (*p && strchr("-+ #0", *p) && k < 8)
			spec[k++] = *p++;
		for (int part = 0; part < 2; part++) {
			if (part == 1) {
				if (*p != '.')
					break;
				spec[k++] = *p++;
			}
			if (*p == '*') {
				star[nstar++] = va_arg(ap, int);
				spec[k++] = *p++;
			} else {
				while (*p >= '0' && *p <= '9' && k < 20)
					spec[k++] = *p++;
			}
		}
		char len[3] = {0};
		for (int m = 0; m < 2 && *p && strchr("hlzjtL", *p); m++)
			len[m] = *p, spec[k++] = *p++;
		if (!*p || n == ERR_ARGS || k > sizeof spec - 2)
			return;
		char c = *p;
		spec[k++] = c;
		spec[k] = '\0';
		char *out = e->args[n];
		size_t sz = sizeof e->args[n];
		int w = 0;
#define ERR_ARG(T) do { T v_ = va_arg(ap, T); \
		if (nstar == 2) w = snprintf(out, sz, spec, star[0], star[1], v_); \
		else if (nstar == 1) w = snprintf(out, sz, spec, star[0], v_); \
		else w = snprintf(out, sz, spec, v_); } while (0)
		if (c == 's' && k == 2) {
			/* A plain %s, the common case. */
			const char *v = va_arg(ap, const char *);
			if (copy_cut(out, sz, v ? v : "(null)") >= sz)
				return; /* as a cut-short snprintf below */
		} else if (strchr("di", c)) {
			if (!len[0] || len[0] == 'h') ERR_ARG(int);
			else if (len[0] == 'l' && len[1] == 'l') ERR_ARG(long long);
			else if (len[0] == 'l') ERR_ARG(long);
			else if (len[0] == 'z') ERR_ARG(ssize_t);
			else if (len[0] == 'j') ERR_ARG(intmax_t);
			else if (len[0] == 't') ERR_ARG(ptrdiff_t);
			else return;
		} else if (strchr("uoxX", c)) {
			if (!len[0] || len[0] == 'h') ERR_ARG(unsigned);
			else if (len[0] == 'l' && len[1] == 'l') ERR_ARG(unsigned long long);
			else if (len[0] == 'l') ERR_ARG(unsigned long);
			else if (len[0] == 'z') ERR_ARG(size_t);
			else if (len[0] == 'j') ERR_ARG(uintmax_t);
			else return;
		} else if (c == 'c' && !len[0]) {
			ERR_ARG(int);
		} else if (c == 's' && !len[0]) {
			ERR_ARG(const char *);
		} else if (c == 'p') {
			ERR_ARG(void *);
		} else if (strchr("fFeEgGaA", c)) {
			if (len[0] == 'L') ERR_ARG(long double);
			else ERR_ARG(double);
		} else {
			return;
		}
#undef ERR_ARG
		if (w < 0 || (size_t)w >= sz)
			return; /* cut short: the finished sentence is better */
		n++;
	}
	memcpy(e->id, fmt, strlen(fmt) + 1);
	e->nargs = n;
}

int err_vfield(struct err *e, enum err_code code, const char *field,
		    const char *fmt, va_list ap)
{
	if (!e)
		return -1;
	va_list aq;
	e->code = code;
	copy_cut(e->field, sizeof e->field, field ? field : "");
	if (!strchr(fmt, '%')) {
		/* A sentence with nothing to fill in (most field
		 * problems): the same as below without printf. */
		size_t n = copy_cut(e->msg, sizeof e->msg, fmt);
		e->nargs = 0;
		e->id[0] = '\0';
		if (n < sizeof e->id)
			memcpy(e->id, fmt, n + 1);
		return -1;
	}
	va_copy(aq, ap);
	vsnprintf(e->msg, sizeof e->msg, fmt, aq);
	va_end(aq);
	err_keep_args(e, fmt, ap);
	return -1;
}

int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vfield(e, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int err_field(struct err *e, enum err_code code, const char *field,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vfield(e, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = ERR_NONE;
	e->field[0] = '\0';
	e->msg[0] = '\0';
	e->id[0] = '\0';
	e->nargs = 0;
}

const char *err_code_name(enum err_code code)
{
	static const char *const names[] = {
		[ERR_NONE] = "none",         [ERR_INVALID] = "invalid",
		[ERR_NOTFOUND] = "not_found", [ERR_CONFLICT] = "conflict",
		[ERR_FORBIDDEN] = "forbidden", [ERR_IO] = "io",
		[ERR_INTERNAL] = "internal", [ERR_UNAVAILABLE] = "unavailable",
	};
	if ((size_t)code >= sizeof names / sizeof names[0])
		return "internal";
	return names[code];
}
