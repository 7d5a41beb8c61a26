/*
 * pages_story: stories on the participant's side: writing one from the
 * /me link (/me/TOKEN/story) after a meeting that happened, and the
 * programme's public page of approved stories (/p/SLUG/stories).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_story.h"
#include "app/app.h"
#include "app/app_participant.h"
#include "core/programme.h"
#include "web/pages.h"
#include "web/templates.h"
#include "util/num.h"

static const struct {
	const char *saved, *anonymous_by, *pick, *vis_label[3], *vis_short[3],
		*state[3];
} W = {
	.saved = N_("Thank you: your story is with the organisers, who read every "
		    "story before it appears."),
	.anonymous_by = N_("a participant"),
	.pick = N_("Please choose the meeting your story is about."),
	.vis_label = {N_("Only the organisers may read it"),
		      N_("Show it without my name"),
		      N_("Show it with my name and organisation")},
	.vis_short = {N_("only the organisers"), N_("without a name"),
		      N_("with name and organisation")},
	.state = {N_("waiting for approval"), N_("approved"), N_("not published")},
};

static void story_render(struct web_ctx *cx, const struct person *p,
			 int status, int64_t gid, const char *body,
			 enum story_visibility vis, const char *flash,
			 const char *error)
{
	struct tv *d = tv_obj(cx->a), *ml = tv_list(cx->a), *vl = tv_list(cx->a),
		  *sl = tv_list(cx->a);
	struct participant_group *gs;
	struct story *mine;
	struct programme pr;
	size_t ng, ns, nmet = 0;
	struct err e = {0};
	if (app_participant_groups(cx->st, p->id, cx->a, &gs, &ng, &e) < 0 ||
	    app_story_of_person(cx->st, p->id, cx->a, &mine, &ns, &e) < 0 ||
	    app_programme_get_id(cx->st, p->programme_id, cx->a, &pr, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < ng; i++) {
		if (gs[i].outcome != OUTCOME_MET)
			continue;
		struct tv *o = tv_push(ml);
		tv_setf(o, "gid", "%lld", (long long)gs[i].group_id);
		tv_setf(o, "round", "%d", gs[i].round);
		tv_set(o, "others", gs[i].others);
		tv_set_bool(o, "checked", gid ? gs[i].group_id == gid : nmet == 0);
		nmet++;
	}
	if (nmet) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", ml);
		tv_set_tv(d, "meetings", w);
	}
	for (int i = 0; i < 3; i++) {
		struct tv *o = tv_push(vl);
		tv_set(o, "v", story_visibility_name((enum story_visibility)i));
		tv_set(o, "label", web_t(cx, W.vis_label[i]));
		tv_set_bool(o, "checked", (int)vis == i);
	}
	tv_set_tv(d, "vis", vl);
	for (size_t i = 0; i < ns; i++) {
		struct tv *o = tv_push(sl);
		tv_set(o, "body", mine[i].body);
		tv_setf(o, "round", "%d", mine[i].round);
		tv_set(o, "visibility", web_t(cx, W.vis_short[mine[i].visibility]));
		tv_set(o, "state", web_t(cx, W.state[mine[i].state]));
	}
	if (ns) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", sl);
		tv_set_tv(d, "mine", w);
	}
	tv_set(d, "token", web_param(cx, "token"));
	tv_set(d, "programme", pr.name);
	tv_set(d, "body", body);
	tv_set(d, "flash", flash ? web_t(cx, flash) : NULL);
	tv_set(d, "error", error ? web_t(cx, error) : NULL);
	web_page(cx, status, N_("Your story"), tpl_story, d);
}

void page_story(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	if (link_check(cx, LINK_ME, &c, &p) < 0)
		return;
	story_render(cx, &p, 200, 0, "", STORY_ANONYMOUS, NULL, NULL);
}

void page_story_post(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	struct err e = {0};
	enum story_visibility vis;
	const char *body = web_field(cx, "body");
	const char *ms = web_field(cx, "meeting");
	long long gid = 0;
	int64_t id;
	if (link_check(cx, LINK_ME, &c, &p) < 0)
		return;
	int bad_gid = num_parse(ms, 1, INT64_MAX, &gid);
	if (story_visibility_parse(web_field(cx, "visibility"), &vis) < 0) {
		story_render(cx, &p, 400, 0, body, STORY_ANONYMOUS, NULL,
			     N_("Please choose how we may show your story."));
		return;
	}
	if (bad_gid) {
		story_render(cx, &p, 400, 0, body, vis, NULL, W.pick);
		return;
	}
	if (app_story_write(cx->st, p.id, gid, body, vis, &id, &e) < 0) {
		if (e.code == ERR_INTERNAL || e.code == ERR_IO) {
			web_error(cx, 500, &e);
			return;
		}
		story_render(cx, &p, web_status_of(&e), gid, body, vis, NULL,
			     !strcmp(e.field, "body")
				     ? arena_printf(cx->a, T_(cx->lang, "Your story %s."),
						    web_err(cx, &e))
				     : e.field[0] ? W.pick : web_err(cx, &e));
		return;
	}
	story_render(cx, &p, 200, gid, "", vis, W.saved, NULL);
}

void page_stories(struct web_ctx *cx)
{
	struct programme p;
	struct story *s;
	size_t n;
	struct err e = {0};
	const char *slug = web_param(cx, "slug");
	struct tv *d = tv_obj(cx->a), *l = tv_list(cx->a);
	if (app_programme_get(cx->st, slug, cx->a, &p, &e) < 0 ||
	    strcmp(p.slug, slug) != 0) {
		if (e.code == ERR_NOTFOUND || e.code == ERR_NONE)
			web_message(cx, 404, N_("Not found"),
				    N_("There is no programme at this address."));
		else
			web_error(cx, 500, &e);
		return;
	}
	struct lang_list langs;
	programme_languages(&p, &langs);
	web_lang_for(cx, &langs, NULL);
	if (app_story_list(cx->st, &p, true, cx->a, &s, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(l);
		tv_set(o, "body", s[i].body);
		tv_set(o, "by", s[i].visibility == STORY_NAMED
				       ? arena_printf(cx->a, "%s, %s", s[i].name,
						      s[i].organisation)
				       : web_t(cx, W.anonymous_by));
	}
	if (n) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", l);
		tv_set_tv(d, "stories", w);
	}
	tv_set(d, "programme", p.name);
	tv_set(d, "slug", p.slug);
	web_page(cx, 200, arena_printf(cx->a, T_(cx->lang, "Stories: %s"), p.name),
		 tpl_stories, d);
}
