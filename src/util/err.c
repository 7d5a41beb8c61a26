/* err: see err.h. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int err_vset(struct err *e, enum err_code code, const char *field,
		    const char *fmt, va_list ap)
{
	if (!e)
		return -1;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	return -1;
}

int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int err_field(struct err *e, enum err_code code, const char *field,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, field, fmt, ap);
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
