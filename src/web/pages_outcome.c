/*
 * pages_outcome: the "did you meet?" links (/r/TOKEN): the landing page,
 * the answer (a POST, so a mail scanner following the link changes
 * nothing) and the optional feedback form.  Answers are written through
 * the group commit (web_write): 200 people answering at once share a
 * transaction and its fsync, and each is told "thank you" only once
 * its answer is durable.
 */
#include <string.h>

#include "app/app_survey.h"
#include "app/app.h"
#include "app/app_participant.h"
#include "core/link.h"
#include "text/text.h"
#include "web/pages.h"
#include "web/templates.h"
#include "web/web.h"

/* Checks the link of this request and loads its person, group and (when
 * pr is not NULL) programme; answers and returns -1 when it cannot. */
static int outcome_load(struct web_ctx *cx, struct link_claims *c,
			struct person *p, struct participant_group *g,
			struct programme *pr)
{
	struct err e = {0};
	if (link_check(cx, LINK_OUTCOME, c, p) < 0)
		return -1;
	if (c->outcome != OUTCOME_MET && c->outcome != OUTCOME_MISSED) {
		web_message(cx, 400, N_("This link is not valid"),
			    N_("Please copy the whole link from your email."));
		return -1;
	}
	if (app_participant_membership(cx->st, p->id, c->group_id, cx->a, g, &e) < 0 ||
	    (pr && app_programme_get_id(cx->st, p->programme_id, cx->a, pr,
					  &e) < 0)) {
		web_error(cx, web_status_of(&e), &e);
		return -1;
	}
	return 0;
}

static const char *answer_text(struct web_ctx *cx, int o)
{
	return web_t(cx, o == OUTCOME_MET ? N_("We met") : N_("We didn't meet"));
}

void page_outcome(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	struct participant_group g;
	struct programme pr;
	struct tv *d;
	if (outcome_load(cx, &c, &p, &g, &pr) < 0)
		return;
	d = tv_obj(cx->a);
	tv_setf(d, "round", "%d", g.round);
	tv_set(d, "programme", pr.name);
	tv_set(d, "others", g.others);
	tv_set(d, "token", web_param(cx, "token"));
	tv_set(d, "answer", answer_text(cx, c.outcome));
	web_page(cx, 200, N_("Did you meet?"), tpl_outcome, d);
}

/* The optional "what came of it" checkboxes after "we met". */
static void came_fields(struct web_ctx *cx, struct tv *d, int64_t group_id,
			int64_t person_id)
{
	struct tv *l = tv_list(cx->a);
	unsigned what = 0;
	if (app_outcome_came_get(cx->st, person_id, group_id, &what, NULL) < 0)
		what = 0;
	for (int i = 0; i < CAME_KINDS; i++) {
		struct tv *o = tv_push(l);
		tv_set(o, "v", store_came_names[i]);
		tv_set(o, "label", web_t(cx, app_came_labels[i]));
		tv_set_bool(o, "checked", what & (1u << i));
	}
	tv_set_tv(d, "came", l);
	tv_set_bool(d, "came_shown", true);
}

/* The "came" fields of the form as bits; -1 for an unknown value. */
static int came_parse(struct web_ctx *cx, unsigned *out)
{
	*out = 0;
	for (size_t i = 0; i < cx->form.n; i++) {
		int k = -1;
		if (strcmp(cx->form.f[i].name, "came"))
			continue;
		for (int j = 0; j < CAME_KINDS; j++)
			if (!strcmp(cx->form.f[i].value, store_came_names[j]))
				k = j;
		if (k < 0)
			return -1;
		*out |= 1u << k;
	}
	return 0;
}

static void outcome_done(struct web_ctx *cx, const struct link_claims *c,
			 const struct person *p, int rating,
			 const char *comment, bool saved)
{
	struct tv *d = tv_obj(cx->a), *rl = tv_list(cx->a);
	tv_set(d, "answer", answer_text(cx, c->outcome));
	tv_set(d, "token", web_param(cx, "token"));
	tv_set(d, "me_token", link_token(cx, LINK_ME, p->id, 0, 0, LINK_DAYS_ME));
	tv_set(d, "comment", comment);
	tv_set_bool(d, "saved", saved);
	for (int i = 1; i <= 5; i++) {
		struct tv *o = tv_push(rl);
		tv_setf(o, "n", "%d", i);
		tv_set_bool(o, "checked", i == rating);
	}
	tv_set_tv(d, "ratings", rl);
	if (c->outcome == OUTCOME_MET)
		came_fields(cx, d, c->group_id, p->id);
	web_page(cx, 200, N_("Thank you"), tpl_outcome_done, d);
}

/* An outcome (and, from the feedback form, its rating, comment and
 * what came of it) as one write through the group commit. */
struct outcome_write {
	struct link_claims c;
	struct person p;
	int rating;                /* what is stored; 0 keeps the earlier */
	const char *comment;       /* NULL keeps the earlier */
	unsigned came;
	bool feedback;
	int shown_rating;          /* what the answer page shows */
	const char *shown_comment;
};

static int outcome_job(struct store *st, void *arg, struct err *e)
{
	struct outcome_write *w = arg;
	if (app_participant_outcome(st, w->p.id, w->c.group_id, (enum outcome)w->c.outcome,
			    w->rating, w->comment, e) < 0)
		return -1;
	if (w->feedback && w->c.outcome == OUTCOME_MET &&
	    app_outcome_came(st, w->p.id, w->c.group_id, w->came, e) < 0)
		return -1;
	return 0;
}

static void outcome_then(struct web_ctx *cx, int rc, struct err *e, void *arg)
{
	struct outcome_write *w = arg;
	if (rc < 0) {
		web_error(cx, web_status_of(e), e);
		return;
	}
	outcome_done(cx, &w->c, &w->p, w->shown_rating, w->shown_comment,
		     w->feedback);
}

/* A struct outcome_write for this request's link, its group in *g; or
 * NULL after answering (a bad link, out of memory). */
static struct outcome_write *outcome_write_new(struct web_ctx *cx,
					       struct participant_group *g)
{
	struct outcome_write *w = arena_calloc(cx->a, 1, sizeof *w);
	if (!w) {
		web_error(cx, 500, &(struct err){.code = ERR_INTERNAL, .msg = "out of memory"});
		return NULL;
	}
	if (outcome_load(cx, &w->c, &w->p, g, NULL) < 0)
		return NULL;
	return w;
}

void page_outcome_post(struct web_ctx *cx)
{
	struct participant_group g;
	struct outcome_write *w = outcome_write_new(cx, &g);
	if (!w)
		return;
	w->shown_rating = g.rating;
	w->shown_comment = g.comment;
	web_write(cx, outcome_job, w, outcome_then);
}

void page_outcome_feedback(struct web_ctx *cx)
{
	struct participant_group g;
	struct outcome_write *w = outcome_write_new(cx, &g);
	const char *rs = web_field(cx, "rating");
	if (!w)
		return;
	if (*rs) {
		if (strlen(rs) != 1 || rs[0] < '1' || rs[0] > '5') {
			web_message(cx, 400, N_("Please check"),
				    N_("The rating must be between 1 and 5."));
			return;
		}
		w->rating = rs[0] - '0';
	}
	if (came_parse(cx, &w->came) < 0 ||
	    (w->came && w->c.outcome != OUTCOME_MET)) {
		web_message(cx, 400, N_("Please check"),
			    N_("Please choose what came of it from the list."));
		return;
	}
	w->comment = web_field(cx, "comment");
	w->feedback = true;
	w->shown_rating = w->rating;
	w->shown_comment = w->comment;
	web_write(cx, outcome_job, w, outcome_then);
}

