/*
 * admin_people: the people of a programme: the list with search and
 * filter, import and export.
 * Every route is WR_ADMIN (the dispatcher checked the session) and every
 * POST WR_FORM (CSRF checked); the rules are the app layer's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "core/person.h"
#include "app/app_grant.h"
#include "app/app_round_edit.h"
#include "mail/mail.h"
#include "match/match.h"
#include "util/clock.h"
#include "util/num.h"
#include "web/pages.h"
#include "web/templates.h"
#include "web/web.h"

#if defined(__has_include)
#if __has_include("insight/insight_page.h")
#include "insight/insight_page.h"
#define HAVE_INSIGHT_PAGE 1
#endif
#endif
#include "web/admin.h"

/* ---- people ---- */

/* Percent-encodes s for a query string, in the arena. */
static const char *qs_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	if (!out)
		return "";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
		    *c == '.' || *c == '~') {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* The people page shows PEOPLE_PAGE_SIZE rows at a time: a programme of
 * thousands stays one quick page, and search and filter apply before
 * the page is cut. */
#define PEOPLE_PAGE_SIZE 50

static void people_render(struct web_ctx *cx, struct programme *pr,
			  int status, struct tv *import_errors,
			  const char *flash)
{
	static const char *const states[] = {"", "pending", "active",
					     "skip-next", "paused", "left"};
	struct person *ps;
	size_t n, matched = 0, page = 1, pages, first, last;
	struct err e = {0};
	const char *q = web_query(cx->rq, "q"), *stf = web_query(cx->rq, "status");
	const char *pg = web_query(cx->rq, "page");
	enum person_status want = PERSON_ACTIVE;
	bool filter = stf && *stf && person_status_parse(stf, &want) == 0;
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a),
		  *sl = tv_list(cx->a);
	if (!q)
		q = "";
	if (!filter)
		stf = "";
	long long v;
	if (pg && num_parse(pg, 1, 1000000, &v) == 0)
		page = (size_t)v;
	/* One page from SQL; the unfiltered total from the cached figures,
	 * so the page costs the same for any programme size (a search
	 * counts its matches in SQL). */
	struct admin_fig fig;
	size_t got;
	bool searching = *q || filter;
	if (admin_programme_figures(cx, pr, &fig, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	n = fig.people.total;
	matched = n;
	first = (page - 1) * PEOPLE_PAGE_SIZE;
	if (app_people_page(cx->st, pr, q, filter ? stf : NULL, first,
			    PEOPLE_PAGE_SIZE, cx->a, &ps, &got,
			    searching ? &matched : NULL, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	pages = matched ? (matched + PEOPLE_PAGE_SIZE - 1) / PEOPLE_PAGE_SIZE : 1;
	if (page > pages) { /* past the end: show the last page */
		page = pages;
		first = (page - 1) * PEOPLE_PAGE_SIZE;
		if (app_people_page(cx->st, pr, q, filter ? stf : NULL, first,
				    PEOPLE_PAGE_SIZE, cx->a, &ps, &got, NULL,
				    &e) < 0) {
			web_error(cx, 500, &e);
			return;
		}
	}
	last = first + PEOPLE_PAGE_SIZE;
	(void)want;
	for (size_t i = 0; i < got; i++) {
		struct tv *o = tv_push(list);
		tv_setf(o, "id", "%lld", (long long)ps[i].id);
		tv_set(o, "name", ps[i].name);
		tv_set(o, "organisation", ps[i].organisation);
		tv_set(o, "sector", ps[i].sector);
		tv_set(o, "status", ps[i].status == PERSON_PAUSED
			? arena_printf(cx->a, T_(cx->lang, "paused until %s"), ps[i].paused_until)
			: T_(cx->lang, person_status_name(ps[i].status)));
		tv_set(o, "joined", admin_human_day(cx, ps[i].joined));
	}
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		struct tv *o = tv_push(sl);
		tv_set(o, "value", states[i]);
		tv_set(o, "label", i ? states[i] : "any");
		tv_set_bool(o, "selected", strcmp(stf, states[i]) == 0);
	}
	admin_pager(cx, d, arena_printf(cx->a,
					"/admin/programmes/%s/people?q=%s&status=%s&page=",
					pr->slug, qs_encode(cx->a, q),
					qs_encode(cx->a, stf)), page, pages);
	tv_set(d, "programme", pr->name);
	tv_set(d, "slug", pr->slug);
	tv_set(d, "q", q);
	tv_set_tv(d, "states", sl);
	tv_set_tv(d, "people", list);
	if (matched == 0)
		tv_setf(d, "count", T_(cx->lang, "None of %zu shown"), n);
	else
		tv_setf(d, "count", T_(cx->lang, "Showing %zu\u2013%zu of %zu%s"), first + 1,
			last < matched ? last : matched, matched,
			matched < n ? arena_printf(cx->a, T_(cx->lang, " (of %zu in all)"), n)
				    : "");
	tv_set(d, "flash", web_t(cx, flash));
	if (import_errors)
		tv_set_tv(d, "import_errors", import_errors);
	web_page(cx, status, arena_printf(cx->a, T_(cx->lang, "People in %s"), pr->name),
		 tpl_admin_people, d);
}


/* A count from the import's redirect, or -1 when absent or not one. */
static long long query_count(struct web_ctx *cx, const char *name)
{
	long long n;
	return num_parse(web_query(cx->rq, name), 0, LLONG_MAX, &n) < 0 ? -1 : n;
}

/* "Imported: 3 new, 1 updated." after an import, in the reader's
 * language: the redirect carries the numbers only (never words, which
 * would be English, or text a link could plant in the page). */
static const char *imported_flash(struct web_ctx *cx)
{
	long long added = query_count(cx, "imported"), updated = query_count(cx, "updated");
	if (added < 0 || updated < 0)
		return NULL;
	return arena_printf(cx->a, T_(cx->lang, "Imported: %s."),
			    arena_printf(cx->a, "%s, %s",
					 arena_printf(cx->a, TN_(cx->lang, "%lld new", "%lld new", added), added),
					 arena_printf(cx->a, TN_(cx->lang, "%lld updated", "%lld updated", updated),
						      updated)));
}

void admin_people(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
	people_render(cx, &p, 200, NULL, imported_flash(cx));
}

void admin_people_import(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	struct buf problems;
	struct import_report rep = {0};
	const struct form_field *f = form_field(&cx->form, "file");
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (!f || f->len == 0) {
		struct tv *w = tv_obj(cx->a), *l = tv_list(cx->a);
		tv_set(tv_push(l), ".", web_t(cx, N_("Choose a CSV file to import.")));
		tv_set_tv(w, "list", l);
		people_render(cx, &p, 400, w, NULL);
		return;
	}
	buf_init(&problems, (size_t)1 << 20);
	if (app_people_import(cx->st, &p, f->value, f->len, "upload.csv", false,
			      &rep, &problems, cx->lang, &e) < 0) {
		struct tv *w = tv_obj(cx->a), *l = tv_list(cx->a);
		char *s = arena_strdup(cx->a, buf_str(&problems)), *line, *save;
		size_t k = 0;
		for (line = strtok_r(s, "\n", &save); line && k < 200;
		     line = strtok_r(NULL, "\n", &save), k++) {
			/* A list item whose text is the line: "." names it. */
			struct tv *o = tv_push(l);
			tv_set(o, ".", line);
		}
		if (!k)
			tv_set(tv_push(l), ".", web_err(cx, &e));
		tv_set_tv(w, "list", l);
		buf_release(&problems);
		people_render(cx, &p, 400, w, NULL);
		return;
	}
	buf_release(&problems);
	web_redirect(cx, arena_printf(cx->a,
				      "/admin/programmes/%s/people?imported=%zu&updated=%zu",
				      p.slug, rep.created, rep.updated));
}

void admin_people_export(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	if (admin_load_programme(cx, &p) < 0)
		return;
	buf_reset(&cx->rs->body);
	if (app_export(cx->st, &p, "people", false, &cx->rs->body, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	cx->rs->status = 200;
	cx->rs->content_type = "text/csv; charset=utf-8";
	web_resp_header(cx->rq, cx->rs, "Content-Disposition",
			arena_printf(cx->a, "attachment; filename=\"%s-people.csv\"",
				     p.slug));
}
