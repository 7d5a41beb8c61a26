/*
 * pages_survey: the survey page at its signed link (/s/TOKEN, no login).
 * The token names the person and the survey (group_id); the page asks
 * only the questions of the person's side, shows their answers so far,
 * and accepts changes until the survey closes.  A refused answer
 * re-shows what the person sent with the reason, and nothing is saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_survey.h"
#include "app/app.h"
#include "web/pages.h"
#include "web/templates.h"
#include "util/num.h"

/* The words of this page, in one place. */
static const struct {
	const char *intro, *submit, *saved, *privacy, *closed_title, *closed,
		*not_asked, *draft;
	const char *quote_label[3];
} W = {
	.intro = N_("a few short questions, about three minutes. You can change "
		    "your answers until the survey closes."),
	.submit = N_("Send my answers"),
	.saved = N_("Thank you: your answers are saved. You can change them "
		    "until the survey closes."),
	.privacy = N_("Your answers go to the organisers of this programme only. "
		      "Results are shown as counts; we quote written answers only "
		      "as you choose above."),
	.closed_title = N_("This survey has closed"),
	.closed = N_("Thank you for your interest: this survey no longer takes "
		     "answers, and the answers given are final."),
	.not_asked = N_("This link is not for this survey."),
	.draft = N_("This survey has not started yet."),
	.quote_label = {N_("No, please do not quote me"),
			N_("Yes, without my name"),
			N_("Yes, with my name and organisation")},
};
/* The programme's own words (a survey's title and questions) are shown
 * as written; those of the built-in template (core/survey.c) are in the
 * catalogue, so web_t shows them in the reader's language. */

struct survey_page {
	struct link_claims c;
	struct person p;
	struct programme pr;
	struct app_survey_asked s;
};

/* Loads everything the page needs; answers the request and returns -1
 * when the link, the survey or the person's place in it is not right. */
static int survey_load(struct web_ctx *cx, struct survey_page *sp)
{
	struct err e = {0};
	if (link_check(cx, LINK_SURVEY, &sp->c, &sp->p) < 0)
		return -1;
	if (app_survey_asked(cx->st, sp->c.group_id, sp->p.id, cx->a, &sp->s,
			     &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"), W.not_asked);
		else
			web_error(cx, 500, &e);
		return -1;
	}
	if (sp->s.sv.programme_id != sp->p.programme_id) {
		web_message(cx, 404, N_("Not found"), W.not_asked);
		return -1;
	}
	if (sp->s.sv.state != SURVEY_OPEN) {
		web_message(cx, 410, W.closed_title,
			    sp->s.sv.state == SURVEY_CLOSED ? W.closed : W.draft);
		return -1;
	}
	if (app_programme_get_id(cx->st, sp->p.programme_id, cx->a, &sp->pr,
				 &e) < 0) {
		web_error(cx, 500, &e);
		return -1;
	}
	return 0;
}

static bool chosen(const struct survey_value *v, size_t n, int64_t qid,
		   const char *val)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].question_id == qid && !strcmp(v[i].value, val))
			return true;
	return false;
}

static const char *text_of(const struct survey_value *v, size_t n,
			   int64_t qid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].question_id == qid)
			return v[i].value;
	return "";
}

static void survey_render(struct web_ctx *cx, const struct survey_page *sp,
			  int status, const struct survey_value *v, size_t nv,
			  enum survey_quote quote, const char *flash,
			  const char *error)
{
	struct tv *d = tv_obj(cx->a), *ql = tv_list(cx->a),
		  *quotes = tv_list(cx->a);
	int n = 0;
	tv_set(d, "title", web_t(cx, sp->s.sv.title));
	tv_set(d, "programme", sp->pr.name);
	tv_set(d, "intro", web_t(cx, W.intro));
	tv_set(d, "token", web_param(cx, "token"));
	tv_set(d, "flash", flash ? web_t(cx, flash) : NULL);
	tv_set(d, "error", error ? web_t(cx, error) : NULL);
	tv_set(d, "submit", web_t(cx, W.submit));
	tv_set(d, "privacy", web_t(cx, W.privacy));
	for (size_t k = 0; k < sp->s.nq; k++) {
		struct survey_question qt = sp->s.q[k];
		const struct survey_question *q = &qt;
		struct tv *o, *opts;
		char **names;
		size_t nn;
		if (!survey_asks(q, sp->s.r.took_part))
			continue;
		o = tv_push(ql);
		tv_setf(o, "n", "%d", ++n);
		tv_setf(o, "qid", "%lld", (long long)q->id);
		qt.text = (char *)web_t(cx, qt.text);
		if (qt.options)
			qt.options = (char *)web_t(cx, qt.options);
		tv_set(o, "text", q->text);
		if (q->kind == SQ_TEXT) {
			struct tv *t = tv_obj(cx->a);
			tv_set(t, "value", text_of(v, nv, q->id));
			tv_set_tv(o, "textq", t);
			continue;
		}
		opts = tv_list(cx->a);
		if (q->kind == SQ_SCALE) {
			for (int i = 1; i <= 5; i++) {
				struct tv *x = tv_push(opts);
				tv_setf(x, "v", "%d", i);
				tv_setf(x, "label", "%d", i);
				tv_set_bool(x, "checked",
					    chosen(v, nv, q->id,
						   arena_printf(cx->a, "%d", i)));
			}
			tv_set_tv(o, "options", opts);
			tv_set_bool(o, "scale", true);
			continue;
		}
		if (survey_options(q, cx->a, &names, &nn) < 0)
			continue;
		for (size_t i = 0; i < nn; i++) {
			struct tv *x = tv_push(opts);
			const char *val = arena_printf(cx->a, "%zu", i + 1);
			tv_set(x, "v", val);
			tv_set(x, "label", names[i]);
			tv_set(x, "type", q->kind == SQ_MULTI ? "checkbox" : "radio");
			tv_set_bool(x, "checked", chosen(v, nv, q->id, val));
		}
		tv_set_tv(o, "options", opts);
		tv_set_bool(o, "multi", q->kind == SQ_MULTI);
		tv_set_bool(o, "choice", true);
	}
	tv_set_tv(d, "questions", ql);
	for (int i = 0; i < 3; i++) {
		struct tv *x = tv_push(quotes);
		tv_set(x, "v", survey_quote_name((enum survey_quote)i));
		tv_set(x, "label", web_t(cx, W.quote_label[i]));
		tv_set_bool(x, "checked", (int)quote == i);
	}
	tv_set_tv(d, "quotes", quotes);
	web_page(cx, status, web_t(cx, sp->s.sv.title), tpl_survey, d);
}

void page_survey(struct web_ctx *cx)
{
	struct survey_page sp;
	struct survey_value *v;
	size_t nv;
	bool answered;
	enum survey_quote quote;
	struct err e = {0};
	if (survey_load(cx, &sp) < 0)
		return;
	if (app_survey_response(cx->st, sp.s.sv.id, sp.p.id, cx->a, &answered,
				&quote, &v, &nv, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	survey_render(cx, &sp, 200, v, nv, quote, NULL, NULL);
}

/* "q123" -> 123; 0 when name is not a question field. */
static int64_t question_field(const char *name)
{
	long long id;
	if (name[0] != 'q' || name[1] == '0' ||
	    num_parse(name + 1, 1, INT64_MAX, &id) < 0)
		return 0;
	return (int64_t)id;
}

void page_survey_post(struct web_ctx *cx)
{
	struct survey_page sp;
	struct survey_raw *raw;
	struct survey_value *shown;
	size_t nraw = 0;
	enum survey_quote quote = SQUOTE_NO;
	struct err e = {0};
	const char *qs = web_field(cx, "quote");
	if (survey_load(cx, &sp) < 0)
		return;
	raw = arena_calloc(cx->a, cx->form.n + 1, sizeof *raw);
	shown = arena_calloc(cx->a, cx->form.n + 1, sizeof *shown);
	if (!raw || !shown) {
		web_message(cx, 500, N_("Something went wrong"), N_("Please try again."));
		return;
	}
	for (size_t i = 0; i < cx->form.n; i++) {
		const char *name = cx->form.f[i].name;
		int64_t id = question_field(name);
		if (id) {
			raw[nraw] = (struct survey_raw){id, cx->form.f[i].value};
			shown[nraw] = (struct survey_value){id, cx->form.f[i].value};
			nraw++;
		} else if (name[0] == 'q' && strcmp(name, "quote")) {
			err_field(&e, ERR_INVALID, name,
				  N_("is not a question of this survey"));
			survey_render(cx, &sp, 400, NULL, 0, SQUOTE_NO, NULL,
				      N_("One of the answers is for a question that "
					 "is not in this survey."));
			return;
		}
	}
	if (*qs && survey_quote_parse(qs, &quote) < 0) {
		survey_render(cx, &sp, 400, shown, nraw, SQUOTE_NO, NULL,
			      N_("Please choose whether we may quote you."));
		return;
	}
	if (app_survey_answer(cx->st, sp.s.sv.id, sp.p.id, raw, nraw, quote, &e) < 0) {
		if (e.code == ERR_INVALID) {
			const struct survey_question *bad = NULL;
			for (size_t k = 0; k < sp.s.nq; k++)
				if (question_field(e.field) == sp.s.q[k].id)
					bad = &sp.s.q[k];
			survey_render(cx, &sp, 400, shown, nraw, quote, NULL,
				      bad ? arena_printf(cx->a, "\"%s\": %s",
							 web_t(cx, bad->text),
							 web_err(cx, &e))
					  : N_("One of the answers is for a question "
					       "that is not in this survey."));
		} else if (e.code == ERR_CONFLICT) {
			web_message(cx, 410, W.closed_title, W.closed);
		} else {
			web_error(cx, web_status_of(&e), &e);
		}
		return;
	}
	survey_render(cx, &sp, 200, shown, nraw, quote, W.saved, NULL);
}
