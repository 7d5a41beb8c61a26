/*
 * admin_challenge: the dashboard's view of a programme's challenges
 * board: every challenge with its state and reports, and moderation
 * (show, hide, edit).  Routes are WR_ADMIN and POSTs WR_FORM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_challenge.h"
#include "core/programme.h"
#include "web/admin.h"
#include "web/templates.h"
#include "web/web.h"
#include "util/num.h"

static const struct {
	const char *on, *off, *before, *after, *done, *no_such, *state[3];
} W = {
	.on = N_("open"),
	.off = N_("closed"),
	.before = N_("wait for your approval"),
	.after = N_("show at once"),
	.done = N_("Saved."),
	.no_such = N_("There is no such challenge."),
	.state = {N_("waiting for approval"), N_("shown"), N_("hidden")},
};

static void challenges_render(struct web_ctx *cx, const struct programme *p,
			      int status, const char *flash, const char *error)
{
	struct tv *d = tv_obj(cx->a), *l = tv_list(cx->a);
	struct challenge *c;
	struct programme_board b;
	size_t n;
	struct err e = {0};
	if (app_challenge_list(cx->st, p, false, NULL, 0, cx->a, &c, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(l);
		tv_setf(o, "id", "%lld", (long long)c[i].id);
		tv_set(o, "slug", p->slug);
		tv_set(o, "title", c[i].title);
		tv_set(o, "body", c[i].body);
		tv_set(o, "topics", c[i].topics);
		tv_set(o, "by", arena_printf(cx->a, "%s, %s%s", c[i].name,
					     c[i].organisation,
					     c[i].show_name ? "" : T_(cx->lang, " (shown as the organisation)")));
		tv_set(o, "state", W.state[c[i].state]);
		if (c[i].reports)
			tv_setf(o, "reports", "%lld", (long long)c[i].reports);
		tv_setf(o, "people", "%lld", (long long)c[i].people);
		tv_setf(o, "orgs", "%lld", (long long)c[i].organisations);
		tv_setf(o, "talks", "%lld", (long long)c[i].talks);
		tv_set_bool(o, "can_show", c[i].state != CHALLENGE_SHOWN);
		tv_set_bool(o, "can_hide", c[i].state != CHALLENGE_HIDDEN);
	}
	if (n) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", l);
		tv_set_tv(d, "challenges", w);
	}
	programme_board(p, &b);
	tv_set(d, "slug", p->slug);
	tv_set(d, "name", p->name);
	tv_set(d, "board_state", web_t(cx, b.on ? W.on : W.off));
	tv_set_bool(d, "is_on", b.on);
	tv_set_bool(d, "before", b.moderate_before);
	tv_set(d, "moderation", web_t(cx, b.moderate_before ? W.before : W.after));
	tv_set(d, "flash", web_t(cx, flash));
	tv_set(d, "error", web_t(cx, error));
	web_page(cx, status, N_("Challenges board"), tpl_admin_challenges, d);
}

void admin_challenges(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
	challenges_render(cx, &p, 200, NULL, NULL);
}

void admin_challenge_moderate(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	long long id;
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (num_parse(web_param(cx, "id"), 1, INT64_MAX, &id) < 0) {
		web_message(cx, 404, N_("Not found"), W.no_such);
		return;
	}
	if (app_challenge_moderate(cx->st, &p, id, web_field(cx, "action"),
				   web_field(cx, "title"), web_field(cx, "body"),
				   web_field(cx, "topics"), admin_actor(cx), &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"), W.no_such);
		else if (e.code == ERR_INVALID)
			challenges_render(cx, &p, 400, NULL,
					  arena_printf(cx->a, "%s: %s", e.field, web_err(cx, &e)));
		else
			web_error(cx, web_status_of(&e), &e);
		return;
	}
	challenges_render(cx, &p, 200, W.done, NULL);
}

void admin_board_settings(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (programme_board_set(p.settings, web_field(cx, "board"),
				web_field(cx, "moderation"), cx->a, &p.settings,
				&e) < 0) {
		challenges_render(cx, &p, 400, NULL,
				  arena_printf(cx->a, "%s: %s", e.field, web_err(cx, &e)));
		return;
	}
	if (app_programme_update(cx->st, &p, admin_actor(cx), &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_cache_clear(cx->app);
	challenges_render(cx, &p, 200, W.done, NULL);
}
