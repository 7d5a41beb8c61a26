/*
 * admin_survey: the dashboard's survey pages of a programme: the list
 * and a new survey, one survey's results (counts per side, quotes by
 * consent), adding questions to a draft, sending, closing and the CSV.
 * Every route is WR_ADMIN (the dispatcher checked the session and that
 * the organiser organises the programme) and every POST WR_FORM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_survey.h"
#include "web/admin.h"
#include "web/templates.h"
#include "web/web.h"
#include "util/num.h"

static const struct {
	const char *created, *closed, *added, *removed, *send_first,
		*send_more, *no_such;
	const char *audience[3];
} W = {
	.created = N_("The survey is ready: check its questions, then send it."),
		.closed = N_("The survey is closed; its answers are final."),
	.added = N_("Question added."),
	.removed = N_("Question removed."),
	.send_first = N_("Send to everyone in the programme"),
	.send_more = N_("Ask people not asked yet"),
	.no_such = N_("There is no such survey."),
	.audience = {N_("everyone"), N_("those who took part"),
		     N_("those who did not take part")},
};

/* Option i of q in the page's language: the built-in template's option
 * lists are catalogue entries as a whole ("Yes;No"), so the translated
 * list is split the same way; anything else stays as written. */
static const char *option_text(struct web_ctx *cx,
			       const struct survey_question *q, size_t i,
			       const char *as_written)
{
	const char *t = q->options ? web_t(cx, q->options) : NULL;
	if (!t || t == q->options)
		return as_written;
	for (; i && t; i--) {
		t = strchr(t, ';');
		t = t ? t + 1 : NULL;
	}
	if (!t)
		return as_written;
	while (*t == ' ')
		t++;
	const char *end = strchr(t, ';');
	return arena_strndup(cx->a, t, end ? (size_t)(end - t) : strlen(t));
}

static int survey_number(struct web_ctx *cx, int *n)
{
	long long v;
	if (num_parse(web_param(cx, "n"), 1, 1000000, &v) < 0) {
		web_message(cx, 404, N_("Not found"), W.no_such);
		return -1;
	}
	*n = (int)v;
	return 0;
}

static void list_render(struct web_ctx *cx, const struct programme *p,
			int status, const char *flash, const char *error)
{
	struct tv *d = tv_obj(cx->a), *l = tv_list(cx->a);
	struct app_survey_count *sv;
	size_t n;
	struct err e = {0};
	if (app_survey_list(cx->st, p, cx->a, &sv, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct survey *s = &sv[i].survey;
		struct tv *o = tv_push(l);
		tv_set(o, "slug", p->slug);
		tv_setf(o, "number", "%d", s->number);
		tv_set(o, "title", s->title);
		tv_set(o, "state", T_(cx->lang, survey_state_name(s->state)));
		tv_setf(o, "asked", "%zu", sv[i].asked);
		tv_setf(o, "answered", "%zu", sv[i].answered);
	}
	if (n) {
		struct tv *s = tv_obj(cx->a);
		tv_set_tv(s, "list", l);
		tv_set_tv(d, "surveys", s);
	}
	tv_set(d, "slug", p->slug);
	tv_set(d, "name", p->name);
	tv_set(d, "flash", web_t(cx, flash));
	tv_set(d, "error", web_t(cx, error));
	tv_set(d, "title_default", T_(cx->lang, "How was the coffee trial?"));
	web_page(cx, status, N_("Surveys"), tpl_admin_surveys, d);
}

void admin_surveys(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
	list_render(cx, &p, 200, NULL, NULL);
}

void admin_survey_create(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int number;
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (app_survey_add(cx->st, &p, "rct", web_field(cx, "title"),
			   admin_actor(cx), &number, &e) < 0) {
		list_render(cx, &p, web_status_of(&e),  NULL,
			    arena_printf(cx->a, T_(cx->lang, "Title: %s"), web_err(cx, &e)));
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s/surveys/%d?done=created",
				      p.slug, number));
}

static struct tv *questions_tv(struct web_ctx *cx,
			       const struct survey_results *r)
{
	struct tv *l = tv_list(cx->a);
	for (size_t k = 0; k < r->nq; k++) {
		const struct survey_qresult *x = &r->q[k];
		struct tv *o = tv_push(l);
		tv_setf(o, "position", "%d", x->q.position);
		tv_setf(o, "qid", "%lld", (long long)x->q.id);
		tv_set_bool(o, "can_edit", r->survey.state == SURVEY_DRAFT);
		/* the built-in template's questions are in the catalogue */
		tv_set(o, "text", web_t(cx, x->q.text));
		tv_set(o, "audience", web_t(cx, W.audience[x->q.audience]));
		tv_setf(o, "answered_took", "%lld", (long long)x->answered[1]);
		tv_setf(o, "answered_did", "%lld", (long long)x->answered[0]);
		if (x->q.kind == SQ_TEXT) {
			struct tv *w = tv_obj(cx->a), *ql = tv_list(cx->a);
			tv_setf(w, "texts", "%lld", (long long)x->texts);
			tv_setf(w, "nquotes", "%zu", x->nquotes);
			for (size_t i = 0; i < x->nquotes; i++) {
				struct tv *q = tv_push(ql);
				tv_set(q, "text", x->quotes[i].text);
				tv_set(q, "by", *x->quotes[i].by
							? x->quotes[i].by
							: x->quotes[i].took_part
								  ? T_(cx->lang, "someone who took part")
								  : T_(cx->lang, "someone who did not take part"));
			}
			tv_set_tv(w, "quotes", ql);
			tv_set_tv(o, "written", w);
			continue;
		}
		struct tv *c = tv_obj(cx->a), *rows = tv_list(cx->a);
		int64_t max = 1;
		for (size_t i = 0; i < x->noptions; i++)
			for (int s = 0; s < 2; s++)
				if (x->count[s][i] > max)
					max = x->count[s][i];
		for (size_t i = 0; i < x->noptions; i++) {
			struct tv *row = tv_push(rows);
			tv_set(row, "option", option_text(cx, &x->q, i,
							    x->options[i]));
			tv_setf(row, "took", "%lld", (long long)x->count[1][i]);
			tv_setf(row, "did", "%lld", (long long)x->count[0][i]);
			tv_setf(row, "max", "%lld", (long long)max);
		}
		tv_set_tv(c, "rows", rows);
		tv_set_tv(o, "choices", c);
	}
	return l;
}

static void survey_render(struct web_ctx *cx, const struct programme *p,
			  int number, int status, const char *flash,
			  const char *error)
{
	struct survey_results r;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a);
	if (app_survey_results(cx->st, p, number, cx->a, &r, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"), W.no_such);
		else
			web_error(cx, 500, &e);
		return;
	}
	tv_set(d, "slug", p->slug);
	tv_set(d, "name", p->name);
	tv_setf(d, "number", "%d", number);
	tv_set(d, "title", r.survey.title);
	tv_set(d, "state", T_(cx->lang, survey_state_name(r.survey.state)));
	tv_setf(d, "asked_took", "%lld", (long long)r.asked[1]);
	tv_setf(d, "asked_did", "%lld", (long long)r.asked[0]);
	tv_setf(d, "resp_took", "%lld", (long long)r.responded[1]);
	tv_setf(d, "resp_did", "%lld", (long long)r.responded[0]);
	tv_set(d, "flash", web_t(cx, flash));
	tv_set(d, "error", web_t(cx, error));
	tv_set_bool(d, "can_send", r.survey.state != SURVEY_CLOSED);
	tv_set(d, "send_label", web_t(cx, r.survey.state == SURVEY_DRAFT
						   ? W.send_first : W.send_more));
	tv_set_bool(d, "can_close", r.survey.state == SURVEY_OPEN);
	tv_set_bool(d, "can_edit", r.survey.state == SURVEY_DRAFT);
	tv_set_tv(d, "questions", questions_tv(cx, &r));
	web_page(cx, status, r.survey.title, tpl_admin_survey, d);
}

void admin_survey(struct web_ctx *cx)
{
	struct programme p;
	int number;
	const char *done = web_query(cx->rq, "done");
	if (admin_load_programme(cx, &p) < 0 || survey_number(cx, &number) < 0)
		return;
	survey_render(cx, &p, number, 200,
		      done && !strcmp(done, "created")  ? W.created
		      : done && !strcmp(done, "closed") ? W.closed
		      : done && !strcmp(done, "added")  ? W.added
		      : done && !strcmp(done, "removed") ? W.removed
							: NULL,
		      NULL);
}

void admin_survey_send(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int number, asked;
	if (admin_load_programme(cx, &p) < 0 || survey_number(cx, &number) < 0)
		return;
	if (app_survey_send(cx->st, &p, number,
			    !strcmp(web_field(cx, "include_left"), "yes"),
			    admin_actor(cx), &asked, &e) < 0) {
		survey_render(cx, &p, number, web_status_of(&e), NULL, web_err(cx, &e));
		return;
	}
	survey_render(cx, &p, number, 200,
		      arena_printf(cx->a, TN_(cx->lang, "Sent: %d person asked.",
					       "Sent: %d people asked.", asked),
				   asked),
		      NULL);
}

void admin_survey_close(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int number;
	if (admin_load_programme(cx, &p) < 0 || survey_number(cx, &number) < 0)
		return;
	if (app_survey_close(cx->st, &p, number, admin_actor(cx), &e) < 0) {
		survey_render(cx, &p, number, web_status_of(&e), NULL, web_err(cx, &e));
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s/surveys/%d?done=closed",
				      p.slug, number));
}

void admin_survey_question(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	struct survey_question q = {0};
	int number;
	if (admin_load_programme(cx, &p) < 0 || survey_number(cx, &number) < 0)
		return;
	if (!strcmp(web_field(cx, "action"), "remove")) {
		long long id;
		if (num_parse(web_field(cx, "question"), 1, INT64_MAX, &id) < 0 ||
		    app_survey_question_remove(cx->st, &p, number, id, admin_actor(cx),
					       &e) < 0) {
			survey_render(cx, &p, number, e.code ? web_status_of(&e) : 400,
				      NULL, e.code ? web_err(cx, &e) : T_(cx->lang, "There is no such question."));
			return;
		}
		web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s/surveys/%d?done=removed",
					      p.slug, number));
		return;
	}
	q.text = (char *)web_field(cx, "text");
	q.options = (char *)web_field(cx, "options");
	if (survey_kind_parse(web_field(cx, "kind"), &q.kind) < 0 ||
	    survey_audience_parse(web_field(cx, "audience"), &q.audience) < 0) {
		survey_render(cx, &p, number, 400, NULL,
			      N_("Please choose the kind of question and who sees it."));
		return;
	}
	if (app_survey_question_add(cx->st, &p, number, &q, admin_actor(cx), &e) < 0) {
		survey_render(cx, &p, number, web_status_of(&e), NULL,
			      e.field[0] ? arena_printf(cx->a, "%s: %s", e.field, web_err(cx, &e))
					 : web_err(cx, &e));
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s/surveys/%d?done=added",
				      p.slug, number));
}

void admin_survey_csv(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int number;
	if (admin_load_programme(cx, &p) < 0 || survey_number(cx, &number) < 0)
		return;
	buf_reset(&cx->rs->body);
	if (app_survey_answers_csv(cx->st, &p, number, &cx->rs->body, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"), W.no_such);
		else
			web_error(cx, web_status_of(&e), &e);
		return;
	}
	cx->rs->status = 200;
	cx->rs->content_type = "text/csv; charset=utf-8";
	web_resp_header(cx->rq, cx->rs, "Content-Disposition",
			arena_printf(cx->a, "attachment; filename=\"%s-survey-%d.csv\"",
				     p.slug, number));
}
