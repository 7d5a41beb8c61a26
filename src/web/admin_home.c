/*
 * admin_home: the dashboard's home: every programme the organiser
 * organises, what to do next, and a new programme.
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

static void home_render(struct web_ctx *cx, int status, const char *name,
			const char *error)
{
	struct programme *ps;
	int64_t *stamps;
	size_t n;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a),
		  *todo = tv_list(cx->a);
	if (web_programmes(cx, &ps, &stamps, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct admin_summary s;
		struct tv *o = tv_push(list);
		if (admin_summarise(cx, &ps[i], stamps[i], &s, &e) < 0) {
			web_error(cx, 500, &e);
			return;
		}
		tv_set(o, "slug", ps[i].slug);
		tv_set(o, "name", ps[i].name);
		tv_setf(o, "active", "%zu", s.active);
		tv_setf(o, "pending", "%zu", s.pending);
		if (s.has_round)
			tv_setf(o, "latest", T_(cx->lang, "Round %d (%s)"), s.latest.number,
				T_(cx->lang, round_state_name(s.latest.state)));
		else
			tv_set(o, "latest", T_(cx->lang, "none yet"));
		const char *next = admin_next_step(cx, &ps[i], &s);
		if (next) {
			struct tv *t = tv_push(todo);
			tv_set(t, "text", next);
			tv_set(t, "href", s.has_round && s.latest.state == ROUND_DRAFT
				? arena_printf(cx->a, "/admin/programmes/%s/rounds/%d",
					       ps[i].slug, s.latest.number)
				: arena_printf(cx->a, "/admin/programmes/%s",
					       ps[i].slug));
		}
	}
	if (n) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", list);
		tv_set_tv(d, "programmes", w);
	}
	if (tv_count(todo)) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", todo);
		tv_set_tv(d, "todo", w);
	}
	tv_set(d, "name", name);
	tv_set(d, "error", web_t(cx, error));
	/* The form starts with "avoid same organisation" ticked: the rule
	 * most programmes want; a re-shown form keeps the organiser's choice. */
	tv_set_bool(d, "mixed_org", error && strcmp(web_field(cx,
					"avoid_organisation"), "yes") != 0);
	web_page(cx, status, N_("Your programmes"), tpl_admin_home, d);
}

void admin_home(struct web_ctx *cx)
{
	home_render(cx, 200, "", NULL);
}

void admin_programme_create(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	memset(&p, 0, sizeof p);
	p.name = (char *)web_field(cx, "name");
	p.cadence_days = 30;
	p.group_size = 2;
	p.mix_attribute = "";
	p.mix_values = "";
	p.settings = "{}";
	p.avoid_same = strcmp(web_field(cx, "avoid_organisation"), "yes") == 0
			       ? MATCH_ATTR_ORGANISATION : 0u;
	if (app_grant_programme_add(cx->st, &p, cx->organiser_id, cx->a,
				  admin_actor(cx), &e) < 0) {
		if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
			home_render(cx, e.code == ERR_CONFLICT ? 409 : 400,
				    p.name, web_err(cx, &e));
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s", p.slug));
}
