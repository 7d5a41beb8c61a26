/*
 * web_lang: the language a page is written in (docs/text.md).
 *
 * A visitor's explicit choice wins: the switch on every page links to
 * the same address with ?lang=xx, which renders that language and
 * remembers it in a cookie for a year.  Then the cookie, then (on pages
 * of a known person) the language they chose for their emails, then the
 * browser's Accept-Language, then the programme's main language.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>

#include "core/model.h"

#define LANG_COOKIE "cuppa_lang"
#define LANG_COOKIE_AGE (365L * 86400)

/* What a page tied to no programme (yet) offers, and the dashboard. */
static const struct lang_list both = {.v = {LANG_EN, LANG_CY}, .n = 2};

/* The API speaks English (its messages are for programs). */
static bool is_api(const struct web_req *rq)
{
	return !strncmp(rq->path, "/api/", 5);
}

/* The rule above for rq, among offered: ?lang=, the cookie, the
 * person's choice (may be NULL), Accept-Language, offered's first. */
static enum lang request_lang(const struct web_req *rq,
			      const struct lang_list *offered,
			      const char *person_lang)
{
	const char *prefs[3] = {web_query(rq, "lang"),
				web_cookie(rq, LANG_COOKIE), person_lang};
	return text_choose(offered, prefs, 3, web_header(rq, "Accept-Language"));
}

void web_lang_start(struct web_ctx *cx)
{
	enum lang q;
	const char *query = web_query(cx->rq, "lang");
	if (is_api(cx->rq)) {
		cx->langs = (struct lang_list){.v = {LANG_EN}, .n = 1};
		cx->lang = LANG_EN;
		return;
	}
	if (query && lang_parse(query, &q) == 0)
		web_set_cookie(cx, LANG_COOKIE, lang_code(q), LANG_COOKIE_AGE);
	/* Tied to no programme (yet): both languages, English when the
	 * browser states no preference (the programme's main language
	 * decides once the page knows its programme). */
	web_lang_for(cx, &both, NULL);
}

void web_lang_for(struct web_ctx *cx, const struct lang_list *offered,
		  const char *person_lang)
{
	/* The dashboard offers both languages whatever the programme's:
	 * the organiser's own choice (the same switch and cookie). */
	if (!strncmp(cx->rq->path, "/admin", 6))
		offered = &both;
	cx->langs = *offered;
	cx->lang = request_lang(cx->rq, offered, person_lang);
}

const char *web_lang_wish(struct web_ctx *cx)
{
	static const struct lang_list en_cy = {.v = {LANG_EN, LANG_CY}, .n = 2},
				      cy_en = {.v = {LANG_CY, LANG_EN}, .n = 2};
	const char *prefs[2] = {web_query(cx->rq, "lang"),
				web_cookie(cx->rq, LANG_COOKIE)};
	const char *al = web_header(cx->rq, "Accept-Language");
	enum lang l, l2;
	for (int i = 0; i < 2; i++)
		if (prefs[i] && lang_parse(prefs[i], &l) == 0)
			return lang_code(l);
	if (text_accept(al, &en_cy, &l) < 0)
		return "-";
	/* "*" takes a programme's main language: the two orders differ */
	if (text_accept(al, &cy_en, &l2) < 0 || l2 != l)
		return "*";
	return lang_code(l);
}

const char *web_t(struct web_ctx *cx, const char *msgid)
{
	return msgid ? text_get(cx->lang, msgid) : NULL;
}

const char *web_err(struct web_ctx *cx, const struct err *e)
{
	struct buf b;
	char *s;
	/* A machine's error (a bug, memory) is not in the catalogue
	 * (scripts/lint-text leaves ERR_INTERNAL out) and says nothing a
	 * reader can act on: the log gets the sentence, the reader ours. */
	if (e->code == ERR_INTERNAL) {
		fprintf(stderr, "web: %s %s: %s\n", cx->rq->method,
			cx->route ? cx->route->pattern : "-", e->msg);
		return web_t(cx, WEB_MSG_INTERNAL);
	}
	buf_init(&b, sizeof e->msg * 2);
	text_err(&b, cx->lang, e);
	s = arena_strdup(cx->a, buf_str(&b));
	buf_release(&b);
	return s ? s : e->msg;
}

const char *web_unplaced(struct web_ctx *cx, const struct unplaced *u)
{
	struct buf b;
	char *s;
	buf_init(&b, 1024);
	text_unplaced(&b, cx->lang, u->code, u->reason);
	s = arena_strdup(cx->a, buf_str(&b));
	buf_release(&b);
	return s ? s : u->reason;
}

const char *web_err_field(struct web_ctx *cx, const struct err *e,
			  const char *label)
{
	const char *msg = web_err(cx, e);
	if (!e->field[0])
		return msg;
	return arena_printf(cx->a, "%s: %s", label ? web_t(cx, label) : e->field,
			    msg);
}

const char *web_app_refusal(const struct web_req *rq, int status, void *user)
{
	(void)user;
	if (!rq->path || is_api(rq))
		return NULL;
	enum lang l = request_lang(rq, &both, NULL);
	return status == 503 ? T_(l, WEB_MSG_UNAVAILABLE)
			     : T_(l, "The request is too large.");
}
