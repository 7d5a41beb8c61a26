/*
 * admin: what the dashboard's pages (admin_*.c) share: who acts, dates
 * for people, the request's programme, a programme's summary and next
 * step, and number fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/app_schedule.h"
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

const char *admin_actor(struct web_ctx *cx)
{
	return arena_printf(cx->a, "admin:%lld", (long long)cx->organiser_id);
}

/* "3 March 2026" / "3 Mawrth 2026" from YYYY-MM-DD, in the page's
 * language (text_day). */
const char *admin_human_day(struct web_ctx *cx, const char *day)
{
	return admin_human_when(cx, day, TEXT_DATE_YEAR);
}

const char *admin_human_when(struct web_ctx *cx, const char *when,
			     unsigned flags)
{
	struct buf b;
	char day[11];
	const char *s = NULL;
	if (!when)
		return "";
	snprintf(day, sizeof day, "%.10s", when);
	buf_init(&b, 128);
	if (text_day(&b, cx->lang, day, flags) == 0) {
		/* TRANSLATORS: between a day and a time */
		if (strlen(when) >= 16 && when[10] == 'T')
			buf_printf(&b, " %s %.5s", T_(cx->lang, "at"), when + 11);
		s = buf_failed(&b) ? NULL : arena_strdup(cx->a, buf_str(&b));
	}
	buf_release(&b);
	return s ? s : when;
}

/* ---- home ---- */

int admin_programme_figures(struct web_ctx *cx, const struct programme *p,
			    struct admin_fig *out, struct err *e)
{
	const struct programme *mine = web_programme(cx);
	int64_t stamp = mine && mine->id == p->id ? cx->programme_stamp : -1;
	return admin_figures_get_at(&cx->app->figures, cx->st, p, stamp, cx->a,
				    out, e);
}

int admin_summarise(struct web_ctx *cx, const struct programme *p,
		     int64_t stamp, struct admin_summary *s, struct err *e)
{
	struct err ve = {0};
	struct schedule sch;
	memset(s, 0, sizeof *s);
	/* counted in SQL and cached: the same cost for any programme size */
	if (admin_figures_get_at(&cx->app->figures, cx->st, p, stamp, cx->a,
				 &s->fig, e) < 0)
		return -1;
	s->total = s->fig.people.total;
	s->pending = s->fig.people.pending;
	s->active = s->fig.people.active;
	if (app_round_list(cx->st, p, cx->a, &s->rounds, &s->nrounds, e) < 0)
		return -1;
	if (s->nrounds) {
		s->latest = s->rounds[s->nrounds - 1];
		s->has_round = true;
	}
	/* A manual programme has no schedule step to show: no query. */
	s->has_view = schedule_from_settings(p->settings, p->cadence_days, &sch,
					     &ve) == 0 && sch.on &&
		      app_schedule_view(cx->st, p, clock_now(), cx->a, &s->view,
					&ve) == 0;
	return 0;
}

/* The next step of a scheduled programme, or NULL when it is manual.
 * Nothing here is "overdue": the scheduler catches up by itself. */
static const char *admin_schedule_step(struct web_ctx *cx,
				       const struct programme *p,
				       const struct admin_summary *s)
{
	const struct schedule_view *v = &s->view; /* read by admin_summarise */
	if (!s->has_view || !v->s.on)
		return NULL;
	if (v->s.paused)
		return arena_printf(cx->a, T_(cx->lang, "%s is paused: no round is formed until "
				    "you resume its schedule."), p->name);
	if (v->finished || v->n == 0)
		return arena_printf(cx->a, T_(cx->lang, "%s has run all its rounds."), p->name);
	const struct schedule_upcoming *u = &v->next[0];
	bool draft = s->has_round && s->latest.state == ROUND_DRAFT &&
		     s->latest.number == u->round;
	/* "on Monday 7 June 2027 at 09:30": the preposition is part of the
	 * value, so Welsh mutates after it ("ar ddydd Llun") */
	const char *pub = admin_human_when(cx, u->publish_local,
					   TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR |
						   TEXT_DATE_ON);
	const char *drf = admin_human_when(cx, u->draft_local,
					   TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR |
						   TEXT_DATE_ON);
	if (v->state.held)
		return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is held: it will not be "
				    "published until you release it."), u->round,
				    p->name);
	/* TRANSLATORS: each %s after the programme is "on Monday 7 June 2027
	 * at 09:30", the preposition included */
	if (v->s.review_only)
		return draft ? arena_printf(cx->a, T_(cx->lang, "Round %d of %s is a draft waiting "
					    "for you to publish it (due %s)."),
					    u->round, p->name, pub)
			     : arena_printf(cx->a, T_(cx->lang, "Round %d of %s is due %s; the "
					    "draft is formed %s for you to "
					    "publish."), u->round, p->name, pub, drf);
	if (draft)
		return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is a draft: review it; it "
				    "is published automatically %s."), u->round,
				    p->name, pub);
	return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is due %s; the draft is "
			    "formed %s."), u->round, p->name, pub, drf);
}

/* What the organiser should do next for p, or NULL. */
const char *admin_next_step(struct web_ctx *cx, const struct programme *p,
			     const struct admin_summary *s)
{
	char today[11], due[11];
	if (s->total == 0)
		return arena_printf(cx->a, T_(cx->lang, "%s has nobody yet: share its sign-up "
				    "page or import people."), p->name);
	const char *sched = admin_schedule_step(cx, p, s);
	if (sched)
		return sched;
	if (s->has_round && s->latest.state == ROUND_DRAFT)
		return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is a draft: check it "
				    "and publish it."), s->latest.number, p->name);
	if (!s->has_round)
		return arena_printf(cx->a, T_(cx->lang, "Round 1 of %s is ready to generate "
				    "(%zu people taking part)."), p->name,
				    s->active);
	clock_day(clock_now(), today);
	clock_add_days(s->latest.published_at[0] ? s->latest.published_at
						  : s->latest.created_at,
		       p->cadence_days, due);
	if (strcmp(due, today) < 0)
		return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is overdue: it was due "
				    "on %s."), s->latest.number + 1, p->name,
				    admin_human_day(cx, due));
	if (strcmp(due, today) == 0)
		return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is due today."),
				    s->latest.number + 1, p->name);
	return arena_printf(cx->a, T_(cx->lang, "Round %d of %s is due on %s."),
			    s->latest.number + 1, p->name,
			    admin_human_day(cx, due));
}

/* The request's programme: the dispatcher loaded it and checked that
 * the organiser organises it (web_programme); a copy, so a handler may
 * change fields before saving. */
int admin_load_programme(struct web_ctx *cx, struct programme *p)
{
	const struct programme *mine = web_programme(cx);
	if (!mine) {
		web_programme_not_found(cx);
		return -1;
	}
	*p = *mine;
	return 0;
}

int admin_int_field(struct web_ctx *cx, const char *name, int min, int max,
		     int *out, struct err *e)
{
	const char *v = web_field(cx, name);
	long long n;
	if (!*v)
		return 0; /* keep */
	if (num_parse(v, min, max, &n) < 0)
		return err_field(e, ERR_INVALID, name,
				 N_("%s must be a whole number from %d to %d."), name,
				 min, max);
	*out = (int)n;
	return 0;
}

void admin_pager(struct web_ctx *cx, struct tv *d, const char *base,
		 size_t page, size_t pages)
{
	if (pages <= 1)
		return;
	struct tv *w = tv_obj(cx->a);
	tv_setf(w, "page", "%zu", page);
	tv_setf(w, "pages", "%zu", pages);
	if (page > 1)
		tv_set(w, "prev", arena_printf(cx->a, "%s%zu", base, page - 1));
	if (page < pages)
		tv_set(w, "next", arena_printf(cx->a, "%s%zu", base, page + 1));
	tv_set_tv(d, "pager", w);
}
