/*
 * admin_round: rounds: generate a draft, show it, adjust it (swap,
 * move) and publish it.
 * Every route is WR_ADMIN (the dispatcher checked the session) and every
 * POST WR_FORM (CSRF checked); the rules are the app layer's.
 */
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

/* ---- rounds ---- */

static int round_number(struct web_ctx *cx, int *n)
{
	long long v;
	if (num_parse(web_param(cx, "n"), 1, 1000000, &v) < 0) {
		web_message(cx, 404, N_("Not found"), N_("There is no such round."));
		return -1;
	}
	*n = (int)v;
	return 0;
}

void admin_round_generate(struct web_ctx *cx)
{
	struct programme p;
	struct round_detail rd;
	struct err e = {0};
	const char *seed_s = web_field(cx, "seed");
	long long seed = 0;
	if (admin_load_programme(cx, &p) < 0)
		return;
	/* An optional seed (as the API and `cuppa round new --seed` take)
	 * reproduces a draw; without one the matcher draws its own. */
	if (*seed_s) {
		if (num_parse(seed_s, 0, (1ll << 53) - 1, &seed) < 0) {
			admin_programme_render(cx, &p, 400,
					 N_("The seed must be a whole number."));
			return;
		}
	}
	if (app_round_new(cx->st, &p, *seed_s != '\0', (uint64_t)seed,
			  admin_actor(cx), cx->a, &rd, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s/rounds/%d",
				      p.slug, rd.round.number));
}

static const char *outcome_text(struct web_ctx *cx, enum outcome o)
{
	return o == OUTCOME_MET ? T_(cx->lang, "met") : o == OUTCOME_MISSED ? T_(cx->lang, "did not meet")
							      : T_(cx->lang, "no answer");
}

/* The round page shows GROUPS_PAGE_SIZE groups at a time, read from SQL
 * a page at a time, so it costs the same for a round of any size; swap
 * and move offer the people of the groups shown. */
#define GROUPS_PAGE_SIZE 50
#define UNPLACED_SHOWN 500

static void round_render(struct web_ctx *cx, struct programme *p, int number,
			 int status, const char *error)
{
	struct round *rs, *r = NULL;
	size_t nr, ng, nu, total = 0, page = 1, pages;
	struct group *groups;
	char **sectors, **unames;
	struct unplaced *un;
	struct admin_fig fig;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *gl = tv_list(cx->a),
		  *pl = tv_list(cx->a);
	const char *done = web_query(cx->rq, "done");
	const char *pg = web_query(cx->rq, "page");

	long long v;
	if (pg && num_parse(pg, 1, 1000000, &v) == 0)
		page = (size_t)v;
	if (app_round_list(cx->st, p, cx->a, &rs, &nr, &e) < 0 ||
	    admin_programme_figures(cx, p, &fig, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < nr; i++)
		if (rs[i].number == number || (number == 0 && i + 1 == nr))
			r = &rs[i];
	if (!r) {
		web_message(cx, 404, N_("Not found"), N_("There is no such round."));
		return;
	}
	for (size_t i = 0; i < fig.nrounds; i++)
		if (fig.rounds[i].number == r->number)
			total = fig.rounds[i].groups;
	pages = total ? (total + GROUPS_PAGE_SIZE - 1) / GROUPS_PAGE_SIZE : 1;
	if (page > pages)
		page = pages;
	if (app_round_page(cx->st, r->id, (page - 1) * GROUPS_PAGE_SIZE,
				  GROUPS_PAGE_SIZE, cx->a, &groups, &sectors,
				  &ng, &e) < 0 ||
	    app_round_unplaced(cx->st, r->id, UNPLACED_SHOWN, cx->a, &un,
				      &unames, &nu, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	bool draft = r->state == ROUND_DRAFT;
	for (size_t g = 0; g < ng; g++) {
		struct group *gr = &groups[g];
		struct tv *o = tv_push(gl), *ml = tv_list(cx->a),
			  *cl = tv_list(cx->a);
		const char *cav[4];
		struct person who[3];
		size_t pos = (page - 1) * GROUPS_PAGE_SIZE + g + 1;
		memset(who, 0, sizeof who);
		for (int m = 0; m < gr->n; m++) {
			who[m].id = gr->member[m].person_id;
			who[m].organisation = gr->member[m].organisation;
			who[m].sector = sectors[g * 3 + (size_t)m];
		}
		size_t nc = app_round_edit_caveats(gr, who, (size_t)gr->n, cav, 4);
		tv_setf(o, "pos", "%zu", pos);
		for (int m = 0; m < gr->n; m++) {
			struct tv *mo = tv_push(ml), *po = tv_push(pl);
			tv_set(mo, "name", gr->member[m].name);
			tv_set(mo, "organisation", gr->member[m].organisation);
			tv_set(mo, "outcome", outcome_text(cx, gr->member[m].outcome));
			if (gr->member[m].rating)
				tv_setf(mo, "rating", "%d", gr->member[m].rating);
			tv_set(mo, "comment", gr->member[m].comment);
			tv_setf(po, "id", "%lld", (long long)gr->member[m].person_id);
			tv_set(po, "name", gr->member[m].name);
			tv_setf(po, "pos", "%zu", pos);
		}
		for (size_t c = 0; c < nc; c++)
			tv_set(tv_push(cl), ".", cav[c]);
		tv_set_tv(o, "members", ml);
		tv_set_tv(o, "caveats", cl);
	}
	if (nu) {
		struct tv *w = tv_obj(cx->a), *ul = tv_list(cx->a);
		for (size_t i = 0; i < nu; i++) {
			struct tv *o = tv_push(ul);
			tv_set(o, "name", unames[i]);
			tv_set(o, "reason", web_unplaced(cx, &un[i]));
		}
		tv_set_tv(w, "list", ul);
		tv_set_tv(d, "unplaced", w);
	}
	admin_pager(cx, d, arena_printf(cx->a, "/admin/programmes/%s/rounds/%d?page=",
					p->slug, r->number), page, pages);
	tv_set(d, "programme", p->name);
	tv_set(d, "slug", p->slug);
	tv_setf(d, "number", "%d", r->number);
	tv_set(d, "state", T_(cx->lang, round_state_name(r->state)));
	tv_set(d, "deadline", r->deadline[0]
			      ? admin_human_day(cx, r->deadline) : NULL);
	tv_set_bool(d, "draft", draft);
	tv_setf(d, "ngroups", "%zu", total);
	tv_set_tv(d, "groups", gl);
	tv_set_tv(d, "people", pl);
	tv_set(d, "error", web_t(cx, error));
	tv_set(d, "flash", !done ? NULL
		: strcmp(done, "publish") == 0 ? T_(cx->lang, "Published. Introductions go out by email.")
		: strcmp(done, "swap") == 0 ? T_(cx->lang, "Swapped.")
		: strcmp(done, "move") == 0 ? T_(cx->lang, "Moved.") : NULL);
	/* Publishing records them (app_schedule_refresh): a draft has none,
	 * and not asking saves a round trip. */
	tv_set_tv(d, "changes", draft ? NULL : admin_round_changes_tv(cx, r->id));
	web_page(cx, status, arena_printf(cx->a, T_(cx->lang, "Round %d"), r->number),
		 tpl_admin_round, d);
}

void admin_round(struct web_ctx *cx)
{
	struct programme p;
	int n;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	round_render(cx, &p, n, 200, NULL);
}

static int64_t id_field(struct web_ctx *cx, const char *name)
{
	long long n;
	return num_parse(web_field(cx, name), 1, INT64_MAX, &n) < 0 ? 0 : (int64_t)n;
}

static void adjust_done(struct web_ctx *cx, struct programme *p, int n,
			int rc, struct err *e, const char *what)
{
	if (rc < 0) {
		if (e->code == ERR_INVALID || e->code == ERR_CONFLICT ||
		    e->code == ERR_NOTFOUND) {
			round_render(cx, p, n, e->code == ERR_NOTFOUND ? 404 : 409,
				     web_err(cx, e));
			return;
		}
		web_error(cx, web_status_of(e), e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a,
				      "/admin/programmes/%s/rounds/%d?done=%s",
				      p->slug, n, what));
}

void admin_round_swap(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n, rc;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	rc = app_round_edit_swap(cx->st, &p, n, id_field(cx, "a"),
				id_field(cx, "b"), admin_actor(cx), &e);
	adjust_done(cx, &p, n, rc, &e, "swap");
}

void admin_round_move(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n, rc;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	rc = app_round_edit_move(cx->st, &p, n, id_field(cx, "person"),
				(int)id_field(cx, "group"), admin_actor(cx), &e);
	adjust_done(cx, &p, n, rc, &e, "move");
}

void admin_round_publish(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	adjust_done(cx, &p, n, app_round_publish(cx->st, &p, n, admin_actor(cx), &e),
		    &e, "publish");
}

/* Discards a draft round (nothing was sent for it): audited. */
void admin_round_discard(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	if (app_round_discard(cx->st, &p, n, admin_actor(cx), &e) < 0) {
		if (e.code == ERR_CONFLICT)
			round_render(cx, &p, n, 409, N_("Only a draft can be discarded."));
		else
			web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s?discarded=%d",
				      p.slug, n));
}
