/* community: see community.h.  The words are in
 * templates/insight_community.html and the catalogue. */
#include "insight/community.h"

#include <jansson.h>
#include <stdlib.h>

#include "app/app.h"
#include "insight/templates.h"
#include "text/tmpl.h"
#include "app/app_survey.h"
#include "store/store_dashboard.h"
#include "store/store_story.h"
#include "store/store_survey.h"

static void tv_lld(struct tv *o, const char *key, long long v)
{
	tv_setf(o, key, "%lld", v);
}

/* A question's answers: counts per option, or the written answers that
 * may be quoted (the writer's name, or who they were). */
static void question(struct tv *q, struct arena *ta,
		     const struct survey_qresult *x, enum lang l)
{
	if (x->q.kind != SQ_TEXT) {
		struct tv *rows = tv_list(ta);
		tv_set_tv(q, "counts", rows);
		for (size_t i = 0; i < x->noptions; i++) {
			struct tv *o = tv_push(rows);
			tv_set(o, "option", x->options[i]);
			tv_lld(o, "took", (long long)x->count[1][i]);
			tv_lld(o, "did_not", (long long)x->count[0][i]);
		}
		return;
	}
	if (x->nquotes == 0) {
		tv_setf(q, "written", T_(l, "%lld written; no written answers may be quoted."),
			(long long)x->texts);
		return;
	}
	struct tv *quotes = tv_list(ta);
	tv_set_tv(q, "quotes", quotes);
	for (size_t i = 0; i < x->nquotes; i++) {
		struct tv *o = tv_push(quotes);
		tv_set(o, "quote", x->quotes[i].text);
		if (*x->quotes[i].by)
			tv_set(o, "by", x->quotes[i].by);
		else
			tv_set(o, "by", x->quotes[i].took_part
					? T_(l, "someone who took part")
					: T_(l, "someone who did not take part"));
	}
}

static int surveys(struct store *st, const struct programme *p, struct tv *d,
		   struct arena *ta, enum lang l, struct err *e)
{
	struct arena a;
	struct survey *sv;
	size_t n;
	int rc = -1;
	struct tv *list = tv_list(ta);
	arena_init(&a, 0);
	if (store_survey_list(st, p->id, &a, &sv, &n, e) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		struct survey_results r;
		if (sv[i].state == SURVEY_DRAFT)
			continue;
		if (app_survey_results(st, p, sv[i].number, &a, &r, e) < 0)
			goto done;
		struct tv *o = tv_push(list), *qs = tv_list(ta);
		tv_set(o, "title", r.survey.title);
		tv_set(o, "state", T_(l, survey_state_name(r.survey.state)));
		tv_setf(o, "asked", T_(l, "Asked: %lld who took part and %lld who did "
				       "not; answered: %lld and %lld."),
			(long long)r.asked[1], (long long)r.asked[0],
			(long long)r.responded[1], (long long)r.responded[0]);
		tv_set_tv(o, "questions", qs);
		for (size_t k = 0; k < r.nq; k++) {
			struct tv *q = tv_push(qs);
			tv_setf(q, "position", "%d", r.q[k].q.position);
			tv_set(q, "text", r.q[k].q.text);
			question(q, ta, &r.q[k], l);
		}
	}
	if (tv_count(list)) {
		struct tv *s = tv_obj(ta);
		tv_set_tv(s, "list", list);
		tv_set_tv(d, "surveys", s);
	}
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

/* Approved stories their writers let us show. */
static int stories(struct store *st, const struct programme *p, struct tv *d,
		   struct arena *ta, struct err *e)
{
	struct arena a;
	struct story *s;
	size_t n;
	arena_init(&a, 0);
	if (store_story_list(st, p->id, true, &a, &s, &n, e) < 0) {
		arena_release(&a);
		return -1;
	}
	struct tv *list = tv_list(ta);
	tv_set_tv(d, "stories", list);
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_set(o, "body", s[i].body);
		tv_set_bool(o, "named", s[i].visibility == STORY_NAMED);
		tv_set(o, "name", s[i].name);
		tv_set(o, "organisation", s[i].organisation);
	}
	arena_release(&a);
	return 0;
}

int insight_community_html(struct store *st, const struct programme *p,
			   enum lang l, struct buf *b, struct err *e)
{
	json_t *j = json_object();
	int64_t ratings[6];
	struct arena a;
	int rc = -1;
	/* Counted in SQL, not app_stats (which loads every round: minutes
	 * for 100,000 people). */
	if (!j)
		return err_set(e, ERR_INTERNAL, "out of memory");
	arena_init(&a, 0);
	if (store_dash_ratings(st, p->id, ratings, e) < 0 ||
	    app_feedback_json(st, p, 0, ratings, j, e) < 0)
		goto done;
	json_t *r = json_object_get(j, "ratings");
	json_t *c = json_object_get(j, "what_came_of_it");
	json_int_t count = json_integer_value(json_object_get(r, "count"));
	struct tv *d = tv_obj(&a), *came = tv_list(&a);
	if (count) {
		struct tv *o = tv_obj(&a), *rows = tv_list(&a);
		tv_setf(o, "summary", TN_(l, "%lld rating, average %.1f out of 5.",
					  "%lld ratings, average %.1f out of 5.", (long)count),
			(long long)count, json_real_value(json_object_get(r, "mean")));
		for (int i = 5; i >= 1; i--) {
			char k[2] = {(char)('0' + i), 0};
			struct tv *row = tv_push(rows);
			tv_setf(row, "n", "%d", i);
			tv_lld(row, "count", (long long)json_integer_value(json_object_get(
					     json_object_get(r, "distribution"), k)));
		}
		tv_set_tv(o, "rows", rows);
		tv_set_tv(d, "ratings", o);
	}
	tv_set_tv(d, "came", came);
	for (int i = 0; i < CAME_KINDS; i++) {
		struct tv *o = tv_push(came);
		tv_set(o, "label", T_(l, app_came_labels[i]));
		tv_lld(o, "count", (long long)json_integer_value(
			       json_object_get(c, store_came_names[i])));
	}
	if (stories(st, p, d, &a, e) < 0 || surveys(st, p, d, &a, l, e) < 0)
		goto done;
	rc = tmpl_render_lang(b, tpl_insight_community, d, l, e);
done:
	arena_release(&a);
	json_decref(j);
	return rc;
}
