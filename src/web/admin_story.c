/*
 * admin_story: the dashboard's stories page of a programme: every story
 * with its state, and approve / reject.  Routes are WR_ADMIN (session and
 * programme checked by the dispatcher) and POSTs WR_FORM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_story.h"
#include "web/admin.h"
#include "web/templates.h"
#include "web/web.h"
#include "util/num.h"

static const struct {
	const char *approved, *rejected, *bad_action, *no_such, *vis[3],
		*state[3];
} W = {
	.approved = N_("Approved: the story now appears as its writer chose."),
	.rejected = N_("Rejected: the story does not appear anywhere."),
	.bad_action = N_("Please use the Approve or Reject button."),
	.no_such = N_("There is no such story."),
	.vis = {N_("not at all (organisers only)"), N_("without a name"),
		N_("with name and organisation")},
	.state = {N_("waiting for approval"), N_("approved"), N_("rejected")},
};

static void stories_render(struct web_ctx *cx, const struct programme *p,
			   int status, const char *flash, const char *error)
{
	struct tv *d = tv_obj(cx->a), *l = tv_list(cx->a);
	struct story *s;
	size_t n;
	struct err e = {0};
	if (app_story_list(cx->st, p, false, cx->a, &s, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(l);
		tv_setf(o, "id", "%lld", (long long)s[i].id);
		tv_set(o, "slug", p->slug);
		tv_set(o, "body", s[i].body);
		tv_set(o, "by", arena_printf(cx->a, "%s, %s", s[i].name,
					     s[i].organisation));
		tv_setf(o, "round", "%d", s[i].round);
		tv_set(o, "visibility", W.vis[s[i].visibility]);
		tv_set(o, "state", W.state[s[i].state]);
	}
	if (n) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", l);
		tv_set_tv(d, "stories", w);
	}
	tv_set(d, "slug", p->slug);
	tv_set(d, "name", p->name);
	tv_set(d, "flash", web_t(cx, flash));
	tv_set(d, "error", web_t(cx, error));
	web_page(cx, status, N_("Stories"), tpl_admin_stories, d);
}

void admin_stories(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
	stories_render(cx, &p, 200, NULL, NULL);
}

void admin_story_decide(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	const char *action = web_field(cx, "action");
	long long id;
	enum story_state state;
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (num_parse(web_param(cx, "id"), 1, INT64_MAX, &id) < 0) {
		web_message(cx, 404, N_("Not found"), W.no_such);
		return;
	}
	if (!strcmp(action, "approve"))
		state = STORY_APPROVED;
	else if (!strcmp(action, "reject"))
		state = STORY_REJECTED;
	else {
		stories_render(cx, &p, 400, NULL, W.bad_action);
		return;
	}
	if (app_story_decide(cx->st, &p, id, state, admin_actor(cx), &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"), W.no_such);
		else
			web_error(cx, web_status_of(&e), &e);
		return;
	}
	stories_render(cx, &p, 200, state == STORY_APPROVED ? W.approved : W.rejected,
		       NULL);
}
