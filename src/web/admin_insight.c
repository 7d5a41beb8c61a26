/*
 * admin_insight: the insight page of a programme.
 * Every route is WR_ADMIN (the dispatcher checked the session) and every
 * POST WR_FORM (CSRF checked); the rules are the app layer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "core/person.h"
#include "insight/community.h"
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

void admin_insight(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
#ifdef HAVE_INSIGHT_PAGE
	struct err e = {0};
	struct buf frag;
	const char *fmt = web_query(cx->rq, "format");
	const char *rs = web_query(cx->rq, "round");
	long round = 0;
	if (rs) {
		long long r;
		if (num_parse(rs, 0, 1000000, &r) < 0) {
			web_message(cx, 404, N_("Not found"), N_("There is no such round."));
			return;
		}
		round = (long)r;
	}
	if (fmt && (strcmp(fmt, "csv") == 0 || strcmp(fmt, "json") == 0)) {
		const char *ct = "text/plain";
		buf_reset(&cx->rs->body);
		if (insight_page_export(cx->st, &p, (int)round,
					strcmp(fmt, "csv") == 0, &cx->rs->body,
					&ct, &e) < 0) {
			web_error(cx, web_status_of(&e), &e);
			return;
		}
		cx->rs->status = 200;
		cx->rs->content_type = ct;
		web_resp_header(cx->rq, cx->rs, "Content-Disposition",
				arena_printf(cx->a, "attachment; filename=\"%s-insight.%s\"",
					     p.slug, fmt));
		return;
	}
	/* Drawn off the pool thread and cached by data version (see
	 * web/insight_cache.h); the pool thread waits a moment at most. */
	struct admin_fig fig;
	const char *version;
	/* the data version scans the programme: cached (admin_figures.h) */
	if (admin_programme_figures(cx, &p, &fig, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	version = fig.version;
	/* The fragment is about 1 MB at 2,000 people: the page is rendered
	 * around a marker first (cheap), and the cached fragment is copied
	 * once, straight into the response, instead of through two template
	 * passes (each a fresh megabyte of page faults). */
	static const char mark[] = "\001insight-fragment\001";
	struct tv *d = tv_obj(cx->a);
	tv_set(d, "fragment", mark);
	tv_set(d, "programme", p.name);
	tv_set(d, "slug", p.slug);
	/* Ratings, what came of meetings and surveys (escaped there too),
	 * with the figures: cached, recomputed in the background. */
	tv_set(d, "community", fig.community[cx->lang]);
	web_page(cx, 200, arena_printf(cx->a, T_(cx->lang, "Insight: %s"), p.name),
		 tpl_admin_insight, d);
	const char *page = buf_str(&cx->rs->body);
	const char *at = cx->rs->status == 200 ? strstr(page, mark) : NULL;
	if (!at)
		return; /* the page failed: web_page said so */
	buf_init(&frag, (size_t)16 << 20);
	buf_add(&frag, page, (size_t)(at - page));
	int got = web_insight_get(&cx->app->insight, &p, (int)round, true,
				  cx->lang, version, &frag, &e);
	if (got == 1) {
		/* The fragment is HTML the insight module built and escaped. */
		buf_puts(&frag, at + sizeof mark - 1);
		if (buf_failed(&frag)) {
			buf_release(&frag);
			err_set(&e, ERR_INTERNAL, "the insight page is too large");
			web_error(cx, 500, &e);
			return;
		}
		buf_release(&cx->rs->body);
		cx->rs->body = frag;
		return;
	}
	buf_release(&frag);
	if (got < 0) {
		if (e.code == ERR_NOTFOUND) {
			web_message(cx, 404, N_("Nothing to show yet"),
				    N_("Insight appears once a round is published."));
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	struct tv *w = tv_obj(cx->a);
	tv_set(w, "programme", p.name);
	tv_set(w, "slug", p.slug);
	tv_set(w, "again", arena_printf(cx->a, "/admin/programmes/%s/insight%s",
					p.slug, rs ? arena_printf(cx->a, "?round=%ld", round) : ""));
	web_resp_header(cx->rq, cx->rs, "Refresh", "2");
	web_page(cx, 202, arena_printf(cx->a, T_(cx->lang, "Insight: %s"), p.name),
		 tpl_admin_insight_drawing, w);
#else
	web_message(cx, 404, N_("Not available"),
		    N_("The insight page is not part of this build yet."));
#endif
}
