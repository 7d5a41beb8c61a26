/*
 * template: the {{placeholder}} filler for email texts.  One template
 * gives both alternatives of a message: the plain-text body, and the HTML
 * body, where the template's own text is HTML-escaped, blank lines make
 * paragraphs, single newlines line breaks, and each placeholder inserts
 * its HTML form (escaped text unless the variable brings its own markup).
 *
 * Names are [a-z_]+; an unknown name renders as nothing (organisers'
 * texts must not break a send), and mail_tmpl_check reports it instead.
 */
#ifndef CUPPA_MAIL_TEMPLATE_H
#define CUPPA_MAIL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct mail_var {
	const char *name;
	const char *text;  /* plain-text value */
	const char *html;  /* NULL: the text value, escaped; else trusted markup */
	bool url;          /* html: render text as a link to itself */
};

enum mail_tmpl_mode { MAIL_TMPL_TEXT, MAIL_TMPL_HTML, MAIL_TMPL_LINE };

/* Appends tmpl rendered with vars to out.  MAIL_TMPL_LINE is the text
 * mode for one header line: newlines become spaces.  Returns -1 (e set)
 * only on an unterminated "{{". */
int mail_tmpl_render(struct buf *out, const char *tmpl,
		     const struct mail_var *vars, size_t nvars,
		     enum mail_tmpl_mode mode, struct err *e);

/* Checks that every placeholder of tmpl is one of names (n of them);
 * fails naming the first unknown one. */
int mail_tmpl_check(const char *tmpl, const char *const *names, size_t n,
		    struct err *e);

#endif
