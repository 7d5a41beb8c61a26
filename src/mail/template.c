/* template: see template.h. */
#include "mail/template.h"

#include <string.h>

static const struct mail_var *var_find(const struct mail_var *vars,
				       size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(vars[i].name) == len &&
		    !memcmp(vars[i].name, name, len))
			return &vars[i];
	return NULL;
}

/* Literal template text in HTML mode: escaped, paragraphs and breaks. */
static void html_literal(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '\r')
			continue;
		if (c == '\n') {
			if (i + 1 < len && s[i + 1] == '\n') {
				while (i + 1 < len && s[i + 1] == '\n')
					i++;
				buf_puts(out, "</p>\n<p>");
			} else {
				buf_puts(out, "<br>\n");
			}
			continue;
		}
		char one[2] = {c, 0};
		buf_html(out, one);
	}
}

static void put_value(struct buf *out, const struct mail_var *v,
		      enum mail_tmpl_mode mode)
{
	const char *t = v->text ? v->text : "";
	if (mode == MAIL_TMPL_TEXT) {
		buf_puts(out, t);
	} else if (mode == MAIL_TMPL_LINE) {
		for (; *t; t++)
			buf_putc(out, (*t == '\n' || *t == '\r') ? ' ' : *t);
	} else if (v->html) {
		buf_puts(out, v->html);
	} else if (v->url) {
		buf_puts(out, "<a href=\"");
		buf_html(out, t);
		buf_puts(out, "\">");
		buf_html(out, t);
		buf_puts(out, "</a>");
	} else {
		html_literal(out, t, strlen(t));
	}
}

static int name_ok(const char *s, size_t len)
{
	if (len == 0 || len > 40)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return 0;
	return 1;
}

int mail_tmpl_render(struct buf *out, const char *tmpl,
		     const struct mail_var *vars, size_t nvars,
		     enum mail_tmpl_mode mode, struct err *e)
{
	const char *p = tmpl;
	while (*p) {
		const char *open = strstr(p, "{{");
		size_t lit = open ? (size_t)(open - p) : strlen(p);
		if (mode == MAIL_TMPL_HTML) {
			html_literal(out, p, lit);
		} else if (mode == MAIL_TMPL_LINE) {
			for (size_t i = 0; i < lit; i++)
				buf_putc(out, (p[i] == '\n' || p[i] == '\r') ? ' ' : p[i]);
		} else {
			buf_add(out, p, lit);
		}
		if (!open)
			break;
		const char *close = strstr(open + 2, "}}");
		if (!close)
			return err_set(e, ERR_INVALID, "template: unterminated {{");
		const char *name = open + 2;
		size_t len = (size_t)(close - name);
		while (len && name[0] == ' ')
			name++, len--;
		while (len && name[len - 1] == ' ')
			len--;
		const struct mail_var *v = name_ok(name, len)
			? var_find(vars, nvars, name, len) : NULL;
		if (v)
			put_value(out, v, mode);
		p = close + 2;
	}
	return 0;
}

int mail_tmpl_check(const char *tmpl, const char *const *names, size_t n,
		    struct err *e)
{
	const char *p = tmpl;
	while ((p = strstr(p, "{{"))) {
		const char *close = strstr(p + 2, "}}");
		if (!close)
			return err_set(e, ERR_INVALID, "template: unterminated {{");
		const char *name = p + 2;
		size_t len = (size_t)(close - name);
		while (len && name[0] == ' ')
			name++, len--;
		while (len && name[len - 1] == ' ')
			len--;
		size_t i;
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && !memcmp(names[i], name, len))
				break;
		if (i == n)
			return err_set(e, ERR_INVALID,
				       "template: unknown placeholder {{%.*s}}",
				       (int)(len > 40 ? 40 : len), name);
		p = close + 2;
	}
	return 0;
}
