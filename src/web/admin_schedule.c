/*
 * admin_schedule: a programme's schedule on the dashboard (the section of
 * the programme page, its settings form, hold / release / skip) and in
 * the JSON API (/api/v1/programmes/SLUG/schedule).  The rules are the
 * app's (app_schedule_apply); the words shown are here, in one place.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_schedule.h"
#include "util/clock.h"
#include "util/num.h"
#include "web/admin.h"
#include "web/web.h"

static const struct {
	const char *action, *done;
} said[] = {
	{"hold", N_("The next round is held: it will not be published until you release it.")},
	{"release", N_("Released: the next round is published on schedule.")},
	{"skip", N_("The next scheduled date is skipped; the round moves to the one after.")},
	{"saved", N_("Schedule saved.")},
};

struct tv *admin_schedule_tv(struct web_ctx *cx, const struct programme *p,
			     const struct schedule_view *given)
{
	struct schedule_view v;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a), *skips = tv_list(cx->a);
	if (given)
		v = *given;
	else if (app_schedule_view(cx->st, p, clock_now(), cx->a, &v, &e) < 0)
		return NULL;
	tv_set_bool(d, "on", v.s.on);
	tv_set(d, "slug", p->slug);
	tv_set(d, "start", "");
	tv_set(d, "rounds", "");
	tv_set(d, "last_run", "");
	tv_set(d, "schedule_flash", "");
	tv_set_bool(d, "has_upcoming", v.n > 0);
	if (v.s.on)
		tv_set(d, "start", arena_printf(cx->a, "%sT%02d:%02d",
						schedule_day_iso(cx->a, v.s.start_day),
						v.s.start_min / 60, v.s.start_min % 60));
	tv_set(d, "timezone", v.s.zone);
	tv_set_bool(d, "monthly", v.s.monthly);
	tv_setf(d, "review_days", "%d", v.s.review_days);
	tv_set_bool(d, "review_only", v.s.review_only);
	tv_set_bool(d, "paused", v.s.paused);
	tv_set_bool(d, "held", v.state.held);
	tv_set_bool(d, "finished", v.finished);
	if (v.s.rounds)
		tv_setf(d, "rounds", "%d", v.s.rounds);
	struct buf b;
	buf_init(&b, 4096);
	for (size_t i = 0; i < v.s.nskips; i++) {
		struct tv *o = tv_push(skips);
		const char *from = schedule_day_iso(cx->a, v.s.skips[i].from);
		const char *to = schedule_day_iso(cx->a, v.s.skips[i].to);
		tv_set(o, "from", admin_human_when(cx, from, TEXT_DATE_WEEKDAY |
								 TEXT_DATE_YEAR));
		tv_set(o, "to", admin_human_when(cx, to, TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR));
		buf_printf(&b, "%s..%s\n", from, to);
	}
	tv_set(d, "skips_text", arena_strdup(cx->a, buf_str(&b)));
	buf_release(&b);
	if (v.s.nskips)
		tv_set_tv(d, "skips", skips);
	for (int i = 0; i < v.n; i++) {
		struct tv *o = tv_push(list);
		tv_setf(o, "round", "%d", v.next[i].round);
		tv_set(o, "draft", admin_human_when(cx, v.next[i].draft_local,
						    TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR));
		tv_set(o, "publish", admin_human_when(cx, v.next[i].publish_local,
						      TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR));
	}
	tv_set_tv(d, "upcoming", list);
	if (*v.run.last_result) {
		/* the scheduler's own words ("ok", "error"), said for people */
		const char *how = !strcmp(v.run.last_result, "ok") ? N_("succeeded")
				  : !strcmp(v.run.last_result, "error") ? N_("failed")
									: v.run.last_result;
		tv_set(d, "last_run",
		       arena_printf(cx->a, "%s UTC (%s)",
				    admin_human_when(cx, v.run.last_run_at,
						     TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR),
				    web_t(cx, how)));
	}
	const char *done = web_query(cx->rq, "schedule");
	for (size_t i = 0; done && i < sizeof said / sizeof said[0]; i++)
		if (!strcmp(done, said[i].action))
			tv_set(d, "schedule_flash", web_t(cx, said[i].done));
	return d;
}

static const struct {
	const char *change, *words;
} change_words[] = {
	{"removed", N_("taken out (%s)")},
	{"placed", N_("joined after the draft: placed in a group")},
	{"re-placed", N_("their partner dropped out: placed again")},
	{"unplaced", N_("could not be placed: %s")},
};

struct tv *admin_round_changes_tv(struct web_ctx *cx, int64_t round_id)
{
	struct round_change *c;
	size_t n;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *l = tv_list(cx->a);
	if (app_schedule_changes(cx->st, round_id, cx->a, &c, &n, &e) < 0 || !n)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(l);
		tv_set(o, "name", c[i].name);
		/* why, in the reader's language: the matcher's reason
		 * (text_unplaced_packed), or why someone sits out (a fixed
		 * phrase of core/person.c, in the catalogue) */
		const char *why = web_t(cx, c[i].detail);
		if (!strcmp(c[i].change, "unplaced")) {
			struct buf b;
			buf_init(&b, 4096);
			text_unplaced_packed(&b, cx->lang, c[i].detail);
			why = buf_failed(&b) ? c[i].detail : arena_strdup(cx->a, buf_str(&b));
			buf_release(&b);
		}
		for (size_t k = 0; k < sizeof change_words / sizeof change_words[0]; k++)
			if (!strcmp(c[i].change, change_words[k].change))
				tv_set(o, "what", arena_printf(cx->a, web_t(cx, change_words[k].words),
							       why ? why : ""));
	}
	tv_set_tv(d, "list", l);
	return d;
}

/* The form as schedule options: every field is on the form, so each one
 * given sets its setting (an empty start makes the programme manual). */
static void form_input(struct web_ctx *cx, struct schedule_input *in,
		       char *skips_copy)
{
	memset(in, 0, sizeof *in);
	in->start = web_field(cx, "start");
	in->timezone = *web_field(cx, "timezone") ? web_field(cx, "timezone") : NULL;
	in->monthly = !strcmp(web_field(cx, "cadence"), "monthly");
	in->cadence = in->monthly ? NULL : "days";
	in->review_days = *web_field(cx, "review_days") ? web_field(cx, "review_days")
							 : NULL;
	in->review_only = !strcmp(web_field(cx, "publish"), "review-only");
	in->auto_publish = !in->review_only;
	in->rounds = web_field(cx, "rounds");
	in->pause = !strcmp(web_field(cx, "paused"), "yes");
	in->resume = !in->pause;
	/* one window per line; "none" keeps the list empty */
	in->skips[in->nskips++] = "none";
	char *save = NULL;
	for (char *line = strtok_r(skips_copy, "\r\n", &save);
	     line && in->nskips < SCHEDULE_SKIPS_MAX;
	     line = strtok_r(NULL, "\r\n", &save)) {
		while (*line == ' ')
			line++;
		char *end = line + strlen(line);
		while (end > line && end[-1] == ' ')
			*--end = '\0';
		if (*line)
			in->skips[in->nskips++] = line;
	}
}

void admin_schedule_post(struct web_ctx *cx)
{
	struct programme p;
	struct schedule_input in;
	struct err e = {0};
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (admin_int_field(cx, "cadence_days", 1, 365, &p.cadence_days, &e) < 0) {
		admin_programme_render(cx, &p, 400, web_err(cx, &e));
		return;
	}
	form_input(cx, &in, arena_strdup(cx->a, web_field(cx, "skips")));
	if (app_schedule_apply(&p, &in, cx->a, &p.settings, &e) < 0 ||
	    app_programme_update(cx->st, &p, admin_actor(cx), &e) < 0) {
		if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
			admin_programme_render(cx, &p, 400,
					       arena_printf(cx->a, T_(cx->lang, "Schedule: %s: %s"),
							    e.field, web_err(cx, &e)));
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_cache_clear(cx->app); /* the sign-up page says when the next round is */
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s?schedule=saved",
				      p.slug));
}

/* hold, release or skip, by (app) function. */
static int act(struct web_ctx *cx, const struct programme *p, const char *action,
	       const char *who, struct err *e)
{
	int n;
	if (!strcmp(action, "hold") || !strcmp(action, "release"))
		return app_schedule_hold(cx->st, p, !strcmp(action, "hold"), who, e);
	if (!strcmp(action, "skip"))
		return app_schedule_skip(cx->st, p, clock_now(), who, &n, e);
	return err_set(e, ERR_NOTFOUND, N_("no such action: hold, release or skip"));
}

void admin_schedule_action(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	const char *action = web_param(cx, "action");
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (act(cx, &p, action, admin_actor(cx), &e) < 0) {
		if (e.code == ERR_CONFLICT || e.code == ERR_NOTFOUND) {
			admin_programme_render(cx, &p, e.code == ERR_NOTFOUND ? 404 : 409,
					       web_err(cx, &e));
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_cache_clear(cx->app);
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s?schedule=%s",
				      p.slug, action));
}

/* ---- the API ---- */

static void api_schedule_answer(struct web_ctx *cx, const struct programme *p)
{
	struct schedule_view v;
	struct err e = {0};
	struct programme fresh;
	if (app_programme_get_id(cx->st, p->id, cx->a, &fresh, &e) < 0 ||
	    app_schedule_view(cx->st, &fresh, clock_now(), cx->a, &v, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_json(cx, 200, app_schedule_json(&fresh, &v, cx->a));
}

void api_schedule(struct web_ctx *cx)
{
	const struct programme *p = web_programme(cx);
	if (!p) {
		web_programme_not_found(cx);
		return;
	}
	api_schedule_answer(cx, p);
}

/* A member of the body as option text: strings as they are, integers in
 * decimal, null as "none"; NULL when absent.  *bad when of another type. */
static const char *member(struct web_ctx *cx, json_t *b, const char *key, bool *bad)
{
	json_t *v = json_object_get(b, key);
	if (!v)
		return NULL;
	if (json_is_null(v))
		return "none";
	if (json_is_string(v))
		return arena_strdup(cx->a, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(cx->a, "%lld", (long long)json_integer_value(v));
	*bad = true;
	web_json_error(cx, 400, "invalid", "must be a string, a whole number or null",
		       key);
	return NULL;
}

void api_schedule_set(struct web_ctx *cx)
{
	const struct programme *mine = web_programme(cx);
	struct programme p;
	struct schedule_input in = {0};
	struct err e = {0};
	json_error_t je;
	bool bad = false;
	if (!mine) {
		web_programme_not_found(cx);
		return;
	}
	p = *mine;
	json_t *b = json_loadb(cx->rq->body ? cx->rq->body : "{}",
			       cx->rq->body_len ? cx->rq->body_len : 2,
			       JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(b)) {
		json_decref(b);
		web_json_error(cx, 400, "invalid", "the body must be a JSON object", NULL);
		return;
	}
	in.start = member(cx, b, "start", &bad);
	in.timezone = bad ? NULL : member(cx, b, "timezone", &bad);
	in.review_days = bad ? NULL : member(cx, b, "review_days", &bad);
	in.rounds = bad ? NULL : member(cx, b, "rounds", &bad);
	const char *cad = bad ? NULL : member(cx, b, "cadence_days", &bad);
	const char *pub = bad ? NULL : member(cx, b, "publish", &bad);
	json_t *monthly = json_object_get(b, "monthly"), *paused = json_object_get(b, "paused");
	json_t *skips = json_object_get(b, "skips");
	if (!bad && cad) {
		long long n = 0;
		if (num_parse(cad, 1, 365, &n) < 0) {
			bad = true;
			web_json_error(cx, 400, "invalid", "must be from 1 to 365", "cadence_days");
		}
		p.cadence_days = (int)n;
		in.cadence = "days";
	}
	in.monthly = json_is_true(monthly);
	if (json_is_false(monthly) && !in.cadence)
		in.cadence = "days";
	in.review_only = pub && !strcmp(pub, "review-only");
	in.auto_publish = pub && !strcmp(pub, "auto");
	if (!bad && pub && !in.review_only && !in.auto_publish) {
		bad = true;
		web_json_error(cx, 400, "invalid", "must be auto or review-only", "publish");
	}
	in.pause = json_is_true(paused);
	in.resume = json_is_false(paused);
	if (!bad && skips) {
		size_t i;
		json_t *w;
		in.skips[in.nskips++] = "none";
		if (!json_is_array(skips) || json_array_size(skips) >= SCHEDULE_SKIPS_MAX)
			bad = true;
		json_array_foreach(skips, i, w) {
			if (bad || !json_is_string(w)) {
				bad = true;
				break;
			}
			in.skips[in.nskips++] = arena_strdup(cx->a, json_string_value(w));
		}
		if (bad)
			web_json_error(cx, 400, "invalid",
				       "must be a list of \"YYYY-MM-DD..YYYY-MM-DD\"", "skips");
	}
	json_decref(b);
	if (bad)
		return;
	if (app_schedule_apply(&p, &in, cx->a, &p.settings, &e) < 0 ||
	    app_programme_update(cx->st, &p, admin_actor(cx), &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_cache_clear(cx->app);
	api_schedule_answer(cx, &p);
}

void api_schedule_action(struct web_ctx *cx)
{
	const struct programme *p = web_programme(cx);
	struct err e = {0};
	if (!p) {
		web_programme_not_found(cx);
		return;
	}
	if (act(cx, p, web_param(cx, "action"), admin_actor(cx), &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	api_schedule_answer(cx, p);
}
