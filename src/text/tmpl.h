/*
 * tmpl: a small mustache-like template renderer with HTML escaping on by
 * default.  It knows nothing of HTTP or of coffee trials.
 *
 * Syntax:
 *   {{name}}          the value of name, HTML-escaped (quotes included)
 *   {{&name}}         the value unescaped: only for HTML this program built
 *   {{#name}}..{{/name}}  a list: the block once per item (items are
 *                     objects pushed onto the lookup stack); an object: once,
 *                     with it pushed; a non-empty string or true: once
 *   {{^name}}..{{/name}}  the block when name is missing, "", false or empty
 *   {{! comment }}
 *   {{#_}}..{{/_}}    text for translation (docs/text.md): the block's
 *                     bytes are the msgid; in another language its
 *                     translation (a template too) is rendered instead
 * Names are looked up from the innermost object outwards.
 *
 * Modes (tmpl_render_mode): TMPL_HTML (pages: the template is HTML,
 * values escaped); TMPL_TEXT (plain text, e.g. an email's text part:
 * nothing escaped, each value's text); TMPL_TEXT_HTML (a plain-text
 * template shown as HTML, e.g. an email's HTML part: the template's own
 * text is escaped too, a blank line ends a paragraph ("</p>\n<p>"), a
 * newline is "<br>", and {{&name}} trusts nothing).  A value set with
 * tv_set_markup brings its own HTML, used as is in both HTML modes.
 *
 * Bounds: sections nest at most 16 deep, and a render stops with an
 * error as soon as its output passes the buffer's limit or it has taken
 * as many steps (a tag handled) as that limit has bytes: lists nested in
 * lists multiply, and a body that prints nothing never fills the buffer.
 *
 * Values (struct tv) live in the arena given to tv_obj/tv_list; strings
 * given to tv_set are copied into it, so the caller keeps ownership of
 * its own.
 */
#ifndef CUPPA_TMPL_H
#define CUPPA_TMPL_H

#include <stdbool.h>

#include "text/text.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

struct tv;

struct tv *tv_obj(struct arena *a);
struct tv *tv_list(struct arena *a);
/* Sets key to a copy of val (NULL sets ""); returns obj for chaining. */
struct tv *tv_set(struct tv *obj, const char *key, const char *val);
struct tv *tv_setf(struct tv *obj, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct tv *tv_set_bool(struct tv *obj, const char *key, bool v);
/* Sets key to a value with two forms: text (TMPL_TEXT, and escaped where
 * html is NULL) and html, markup this program built (a link, a list),
 * inserted as is in the HTML modes.  Both copied. */
struct tv *tv_set_markup(struct tv *obj, const char *key, const char *text,
			 const char *html);
/* Sets key to child (an object or a list from the same arena). */
struct tv *tv_set_tv(struct tv *obj, const char *key, struct tv *child);
/* Appends a new empty object to list and returns it (NULL on OOM). */
struct tv *tv_push(struct tv *list);
/* Number of items of a list (0 for anything else). */
int tv_count(const struct tv *list);
/* The arena v's values live in (to build more values for it). */
struct arena *tv_arena(const struct tv *v);

/* Renders tmpl with ctx into out.  -1 with e set on a syntax error
 * (unclosed section, unterminated tag) or when out overflows. */
int tmpl_render(struct buf *out, const char *tmpl, const struct tv *ctx,
		struct err *e);
/* The same with {{#_}} blocks in lang (tmpl_render: English). */
int tmpl_render_lang(struct buf *out, const char *tmpl, const struct tv *ctx,
		     enum lang lang, struct err *e);

enum tmpl_mode { TMPL_HTML = 0, TMPL_TEXT, TMPL_TEXT_HTML };
/* The same in mode (tmpl_render_lang: TMPL_HTML). */
int tmpl_render_mode(struct buf *out, const char *tmpl, const struct tv *ctx,
		     enum lang lang, enum tmpl_mode mode, struct err *e);

/* Checks a template someone other than the program wrote (an
 * organiser's email text): every tag a plain {{name}} of names
 * (NULL-terminated), no sections or sigils.  -1 naming the first
 * unknown tag, or on an unterminated "{{". */
int tmpl_check(const char *tmpl, const char *const *names, struct err *e);

#endif
