/*
 * tmpl: see tmpl.h.  The template is interpreted directly from its text
 * (no compile step): pages are a few kilobytes, and a scan is cheaper than
 * keeping a parsed cache coherent.  Sections recurse with an explicit
 * lookup stack bounded by TMPL_DEPTH.
 */
#include "text/tmpl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TMPL_DEPTH 16

enum tv_kind { TV_STR, TV_BOOL, TV_LIST, TV_OBJ };

struct tv_entry {
	const char *key;
	size_t klen;                /* strlen(key): lookups compare lengths first */
	struct tv *val;
	struct tv_entry *next;
};

struct tv {
	enum tv_kind kind;
	struct arena *a;
	const char *s;              /* TV_STR */
	const char *html;           /* TV_STR: its own markup, or NULL */
	bool b;                     /* TV_BOOL */
	struct tv_entry *head;      /* TV_OBJ entries; TV_LIST items (key NULL) */
	struct tv_entry *tail;
	int count;
};

static struct tv *tv_new(struct arena *a, enum tv_kind k)
{
	struct tv *v = arena_alloc(a, sizeof *v);
	if (v) {
		v->kind = k;
		v->a = a;
	}
	return v;
}

struct tv *tv_obj(struct arena *a) { return tv_new(a, TV_OBJ); }
struct tv *tv_list(struct arena *a) { return tv_new(a, TV_LIST); }

static void tv_append(struct tv *parent, const char *key, struct tv *val)
{
	struct tv_entry *en;
	if (!parent || !val)
		return;
	en = arena_alloc(parent->a, sizeof *en);
	if (!en)
		return;
	en->key = key;
	en->klen = key ? strlen(key) : 0;
	en->val = val;
	if (parent->tail)
		parent->tail->next = en;
	else
		parent->head = en;
	parent->tail = en;
	parent->count++;
}

static void tv_put(struct tv *obj, const char *key, struct tv *val)
{
	/* Later sets win: replace in place so lookups stay linear. */
	if (!obj || obj->kind != TV_OBJ || !val)
		return;
	for (struct tv_entry *en = obj->head; en; en = en->next) {
		if (strcmp(en->key, key) == 0) {
			en->val = val;
			return;
		}
	}
	tv_append(obj, arena_strdup(obj->a, key), val);
}

struct tv *tv_set_markup(struct tv *obj, const char *key, const char *text,
			 const char *html)
{
	struct tv *v;
	if (!obj)
		return NULL;
	v = tv_new(obj->a, TV_STR);
	if (v) {
		v->s = arena_strdup(obj->a, text ? text : "");
		v->html = html ? arena_strdup(obj->a, html) : NULL;
		if (!v->s || (html && !v->html))
			return obj;
		tv_put(obj, key, v);
	}
	return obj;
}

struct tv *tv_set(struct tv *obj, const char *key, const char *val)
{
	return tv_set_markup(obj, key, val, NULL);
}

struct tv *tv_setf(struct tv *obj, const char *key, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	return tv_set(obj, key, tmp);
}

struct tv *tv_set_bool(struct tv *obj, const char *key, bool b)
{
	struct tv *v;
	if (!obj)
		return NULL;
	v = tv_new(obj->a, TV_BOOL);
	if (v) {
		v->b = b;
		tv_put(obj, key, v);
	}
	return obj;
}

struct tv *tv_set_tv(struct tv *obj, const char *key, struct tv *child)
{
	tv_put(obj, key, child);
	return obj;
}

struct tv *tv_push(struct tv *list)
{
	struct tv *o;
	if (!list || list->kind != TV_LIST)
		return NULL;
	o = tv_obj(list->a);
	tv_append(list, NULL, o);
	return o;
}

int tv_count(const struct tv *list)
{
	return list && list->kind == TV_LIST ? list->count : 0;
}

struct arena *tv_arena(const struct tv *v)
{
	return v ? v->a : NULL;
}

struct rctx {
	const struct tv *stack[TMPL_DEPTH];
	int depth;
	struct buf *out;
	struct err *e;
	enum lang lang;
	enum tmpl_mode mode;
	/* Steps (a render entered, a tag handled) left: lists nested in
	 * lists multiply, and a body that prints nothing never fills the
	 * buffer, so the work is bounded too: one step per byte the output
	 * may hold, which no real page comes near. */
	size_t steps;
};

/* Plain text as HTML (TMPL_TEXT_HTML): escaped, a run of blank lines
 * ends a paragraph, a newline breaks the line. */
static void text_html(struct buf *out, const char *s, size_t len)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\r' && s[i] != '\n')
			continue;
		buf_html_n(out, s + from, i - from);
		if (s[i] == '\n') {
			if (i + 1 < len && s[i + 1] == '\n') {
				while (i + 1 < len && s[i + 1] == '\n')
					i++;
				buf_puts(out, "</p>\n<p>");
			} else {
				buf_puts(out, "<br>\n");
			}
		}
		from = i + 1;
	}
	buf_html_n(out, s + from, len - from);
}

/* The template's own text, as the mode wants it. */
static void put_literal(struct rctx *r, const char *p, size_t len)
{
	if (r->mode == TMPL_TEXT_HTML)
		text_html(r->out, p, len);
	else
		buf_add(r->out, p, len);
}

/* A value; raw: the tag was {{&name}}. */
static void put_value(struct rctx *r, const struct tv *v, bool raw)
{
	switch (r->mode) {
	case TMPL_TEXT:
		buf_puts(r->out, v->s);
		break;
	case TMPL_TEXT_HTML:
		if (v->html)
			buf_puts(r->out, v->html);
		else
			text_html(r->out, v->s, strlen(v->s));
		break;
	case TMPL_HTML:
		if (v->html || raw)
			buf_puts(r->out, v->html ? v->html : v->s);
		else
			buf_html(r->out, v->s);
		break;
	}
}

static const struct tv *lookup(const struct rctx *r, const char *name,
			       size_t len)
{
	for (int i = r->depth - 1; i >= 0; i--) {
		const struct tv *o = r->stack[i];
		if (!o || o->kind != TV_OBJ)
			continue;
		for (const struct tv_entry *en = o->head; en; en = en->next)
			if (en->klen == len &&
			    memcmp(en->key, name, len) == 0)
				return en->val;
	}
	return NULL;
}

static bool truthy(const struct tv *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case TV_STR: return v->s && v->s[0];
	case TV_BOOL: return v->b;
	case TV_LIST: return v->count > 0;
	case TV_OBJ: return true;
	}
	return false;
}

/* One tag: [open, close) covers "{{...}}"; name points inside. */
struct tag {
	const char *open, *close;
	char sigil;                 /* 0, '#', '^', '/', '&', '!' */
	const char *name;
	size_t len;
};

static int next_tag(const char *p, const char *end, struct tag *t,
		    struct err *e)
{
	const char *o, *c, *n, *ne;
	o = end - p >= 2 ? memmem(p, (size_t)(end - p), "{{", 2) : NULL;
	if (!o)
		return 0;
	c = end - o >= 4 ? memmem(o + 2, (size_t)(end - o - 2), "}}", 2) : NULL;
	if (!c)
		return err_set(e, ERR_INVALID, "template: unterminated tag");
	n = o + 2;
	t->sigil = 0;
	if (n < c && (*n == '#' || *n == '^' || *n == '/' || *n == '&' ||
		      *n == '!'))
		t->sigil = *n++;
	while (n < c && *n == ' ')
		n++;
	ne = c;
	while (ne > n && ne[-1] == ' ')
		ne--;
	t->open = o;
	t->close = c + 2;
	t->name = n;
	t->len = (size_t)(ne - n);
	return 1;
}

/* Finds the {{/name}} closing the section whose body starts at p. */
static int find_close(const char *p, const char *end, const struct tag *sec,
		      struct tag *close, struct err *e)
{
	int level = 1, rc;
	struct tag t = {0};
	while ((rc = next_tag(p, end, &t, e)) == 1) {
		if (t.len == sec->len && memcmp(t.name, sec->name, t.len) == 0) {
			if (t.sigil == '#' || t.sigil == '^')
				level++;
			else if (t.sigil == '/' && --level == 0) {
				*close = t;
				return 0;
			}
		}
		p = t.close;
	}
	if (rc < 0)
		return -1;
	return err_set(e, ERR_INVALID, "template: section '%.*s' not closed",
		       (int)sec->len, sec->name);
}

static int render(struct rctx *r, const char *p, const char *end);

static int push_render(struct rctx *r, const struct tv *v, const char *p,
		       const char *end)
{
	int rc;
	if (r->depth >= TMPL_DEPTH)
		return err_set(r->e, ERR_INVALID, "template: nested too deep");
	r->stack[r->depth++] = v;
	rc = render(r, p, end);
	r->depth--;
	return rc;
}

static int render(struct rctx *r, const char *p, const char *end)
{
	struct tag t = {0}, cl = {0};
	int rc;
	while ((rc = next_tag(p, end, &t, r->e)) == 1) {
		/* a full buffer takes nothing more: stop rather than walk
		 * the rest of a section nested lists multiply */
		if (buf_failed(r->out))
			return err_set(r->e, ERR_INTERNAL,
				       "template: output too large");
		if (r->steps-- == 0)
			return err_set(r->e, ERR_INTERNAL,
				       "template: too much work for its output limit");
		put_literal(r, p, (size_t)(t.open - p));
		p = t.close;
		const struct tv *v;
		switch (t.sigil) {
		case '!':
			break;
		case '/':
			return err_set(r->e, ERR_INVALID,
				       "template: stray close '%.*s'",
				       (int)t.len, t.name);
		case '#':
		case '^':
			if (find_close(p, end, &t, &cl, r->e) < 0)
				return -1;
			if (t.sigil == '#' && t.len == 1 && *t.name == '_') {
				/* text for translation: its own bytes are the
				 * msgid; the translation is a template too */
				const char *tr = text_find(r->lang, p,
							   (size_t)(cl.open - p));
				if (render(r, tr ? tr : p,
					   tr ? tr + strlen(tr) : cl.open) < 0)
					return -1;
				p = cl.close;
				break;
			}
			v = lookup(r, t.name, t.len);
			if (t.sigil == '^') {
				if (!truthy(v) && render(r, p, cl.open) < 0)
					return -1;
			} else if (v && v->kind == TV_LIST) {
				for (const struct tv_entry *en = v->head; en;
				     en = en->next)
					if (push_render(r, en->val, p, cl.open) < 0)
						return -1;
			} else if (v && v->kind == TV_OBJ) {
				if (push_render(r, v, p, cl.open) < 0)
					return -1;
			} else if (truthy(v)) {
				if (render(r, p, cl.open) < 0)
					return -1;
			}
			p = cl.close;
			break;
		default:
			v = lookup(r, t.name, t.len);
			if (v && v->kind == TV_STR)
				put_value(r, v, t.sigil == '&');
			break;
		}
	}
	if (rc < 0)
		return -1;
	put_literal(r, p, (size_t)(end - p));
	return 0;
}

int tmpl_render(struct buf *out, const char *tmpl, const struct tv *ctx,
		struct err *e)
{
	return tmpl_render_lang(out, tmpl, ctx, LANG_EN, e);
}

int tmpl_render_lang(struct buf *out, const char *tmpl, const struct tv *ctx,
		     enum lang lang, struct err *e)
{
	return tmpl_render_mode(out, tmpl, ctx, lang, TMPL_HTML, e);
}

int tmpl_render_mode(struct buf *out, const char *tmpl, const struct tv *ctx,
		     enum lang lang, enum tmpl_mode mode, struct err *e)
{
	struct rctx r = {.depth = 0, .out = out, .e = e, .lang = lang,
			 .mode = mode, .steps = out->b_max};
	if (ctx)
		r.stack[r.depth++] = ctx;
	if (render(&r, tmpl, tmpl + strlen(tmpl)) < 0)
		return -1;
	if (buf_failed(out))
		return err_set(e, ERR_INTERNAL, "template: output too large");
	return 0;
}

int tmpl_check(const char *tmpl, const char *const *names, struct err *e)
{
	const char *p = tmpl, *end = tmpl + strlen(tmpl);
	struct tag t = {0};
	int rc;
	while ((rc = next_tag(p, end, &t, e)) == 1) {
		const char *const *n = names;
		while (!t.sigil && *n &&
		       (strlen(*n) != t.len || memcmp(*n, t.name, t.len)))
			n++;
		if (t.sigil || !*n) {
			/* the tag as written, sigil included, at most 40 bytes */
			size_t len = (size_t)(t.close - t.open) - 4;
			return err_set(e, ERR_INVALID,
				       "template: unknown placeholder {{%.*s}}",
				       (int)(len > 40 ? 40 : len), t.open + 2);
		}
		p = t.close;
	}
	return rc < 0 ? -1 : 0;
}
