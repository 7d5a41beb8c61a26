/*
 * app_survey_results: a survey's results (see app_survey.h): counts per
 * question split by took part / did not, quotes only from people who
 * agreed to be quoted (without a name unless they chose "named"), and
 * the CSV of every answer with respondents as numbers, never names.
 */
#include "app/app_survey.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_survey.h"

const char *const app_came_labels[CAME_KINDS] = {
	N_("A new contact"), N_("Shared practice"), N_("Working together"),
	N_("A follow-up meeting"), N_("Nothing yet"),
};

static const char *const scale_points[] = {"1", "2", "3", "4", "5"};

static int qresult_init(struct survey_qresult *r,
			const struct survey_question *q, struct arena *a)
{
	r->q = *q;
	if (q->kind == SQ_SCALE) {
		r->options = (char **)scale_points;
		r->noptions = 5;
	} else if (survey_options(q, a, &r->options, &r->noptions) < 0) {
		return -1;
	}
	for (int s = 0; s < 2; s++) {
		r->count[s] = arena_calloc(a, r->noptions + 1, sizeof(int64_t));
		if (!r->count[s])
			return -1;
	}
	return 0;
}

int app_survey_results(struct store *st, const struct programme *p,
		       int number, struct arena *a, struct survey_results *out,
		       struct err *e)
{
	struct survey_question *q;
	struct survey_recipient *rcp;
	struct survey_answer_row *ans;
	size_t nq, nr, na;
	memset(out, 0, sizeof *out);
	if (store_survey_get(st, p->id, number, a, &out->survey, e) < 0) {
		if (e && e->code == ERR_NOTFOUND)
			err_field(e, ERR_NOTFOUND, "survey", "%s has no survey %d",
				  p->slug, number);
		return -1;
	}
	if (store_survey_questions(st, out->survey.id, a, &q, &nq, e) < 0 ||
	    store_survey_recipients(st, out->survey.id, a, &rcp, &nr, e) < 0 ||
	    store_survey_answers(st, out->survey.id, a, &ans, &na, e) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++) {
		out->asked[rcp[i].took_part]++;
		out->responded[rcp[i].took_part] += rcp[i].answered;
	}
	out->q = arena_calloc(a, nq + 1, sizeof *out->q);
	out->nq = nq;
	if (!out->q)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t k = 0; k < nq; k++) {
		struct survey_qresult *r = &out->q[k];
		int64_t last = 0;
		if (qresult_init(r, &q[k], a) < 0)
			return err_set(e, ERR_INTERNAL, "out of memory");
		r->quotes = arena_calloc(a, na + 1, sizeof *r->quotes);
		if (!r->quotes)
			return err_set(e, ERR_INTERNAL, "out of memory");
		/* rows come ordered by question then person */
		for (size_t i = 0; i < na; i++) {
			const struct survey_answer_row *x = &ans[i];
			int side = x->took_part;
			if (x->question_id != q[k].id)
				continue;
			if (x->person_id != last)
				r->answered[side]++;
			last = x->person_id;
			if (q[k].kind == SQ_TEXT) {
				r->texts++;
				if (x->quote == SQUOTE_NO)
					continue;
				r->quotes[r->nquotes++] = (struct survey_quote_row){
					x->value,
					x->quote == SQUOTE_NAMED
						? arena_printf(a, "%s, %s", x->name,
							       x->organisation)
						: "",
					x->took_part};
				continue;
			}
			int c = (int)strtol(x->value, NULL, 10);
			if (c >= 1 && (size_t)c <= r->noptions)
				r->count[side][c - 1]++;
		}
	}
	return 0;
}

static json_t *counts_json(const struct survey_qresult *r)
{
	json_t *opts = json_array();
	for (size_t i = 0; i < r->noptions; i++)
		json_array_append_new(
			opts, json_pack("{s:s, s:I, s:I}", "option", r->options[i],
					"took_part", (json_int_t)r->count[1][i],
					"did_not", (json_int_t)r->count[0][i]));
	return opts;
}

json_t *app_survey_results_json(const struct survey_results *r)
{
	json_t *qs = json_array();
	for (size_t k = 0; k < r->nq; k++) {
		const struct survey_qresult *x = &r->q[k];
		json_t *o = json_pack(
			"{s:I, s:i, s:s, s:s, s:s, s:{s:I, s:I}}", "id",
			(json_int_t)x->q.id, "position", x->q.position, "kind",
			survey_kind_name(x->q.kind), "audience",
			survey_audience_name(x->q.audience), "text", x->q.text,
			"answered", "took_part", (json_int_t)x->answered[1],
			"did_not", (json_int_t)x->answered[0]);
		if (x->q.kind == SQ_TEXT) {
			json_t *quotes = json_array();
			for (size_t i = 0; i < x->nquotes; i++)
				json_array_append_new(
					quotes,
					json_pack("{s:s, s:s, s:s}", "text",
						  x->quotes[i].text, "by",
						  x->quotes[i].by, "side",
						  x->quotes[i].took_part ? "took-part"
									 : "did-not"));
			json_object_set_new(o, "written", json_integer(x->texts));
			json_object_set_new(o, "quotes", quotes);
		} else {
			json_object_set_new(o, "counts", counts_json(x));
		}
		json_array_append_new(qs, o);
	}
	return json_pack("{s:i, s:s, s:s, s:{s:I, s:I}, s:{s:I, s:I}, s:o}",
			 "survey", r->survey.number, "title", r->survey.title,
			 "state", survey_state_name(r->survey.state), "asked",
			 "took_part", (json_int_t)r->asked[1], "did_not",
			 (json_int_t)r->asked[0], "responded", "took_part",
			 (json_int_t)r->responded[1], "did_not",
			 (json_int_t)r->responded[0], "questions", qs);
}

void app_survey_results_text(const struct survey_results *r, struct buf *b)
{
	buf_printf(b, "survey %d: %s (%s)\n", r->survey.number, r->survey.title,
		   survey_state_name(r->survey.state));
	buf_printf(b, "asked: %lld took part, %lld did not; answered: %lld and %lld\n",
		   (long long)r->asked[1], (long long)r->asked[0],
		   (long long)r->responded[1], (long long)r->responded[0]);
	for (size_t k = 0; k < r->nq; k++) {
		const struct survey_qresult *x = &r->q[k];
		buf_printf(b, "\n%d. %s [%s]\n", x->q.position, x->q.text,
			   survey_audience_name(x->q.audience));
		if (x->q.kind == SQ_TEXT) {
			buf_printf(b, "   %lld written answers, %zu may be quoted\n",
				   (long long)x->texts, x->nquotes);
			for (size_t i = 0; i < x->nquotes; i++)
				buf_printf(b, "   \"%s\"%s%s\n", x->quotes[i].text,
					   *x->quotes[i].by ? " - " : "",
					   x->quotes[i].by);
			continue;
		}
		buf_printf(b, "   %-50s %9s %7s\n", "", "took part", "did not");
		for (size_t i = 0; i < x->noptions; i++)
			buf_printf(b, "   %-50.50s %9lld %7lld\n", x->options[i],
				   (long long)x->count[1][i],
				   (long long)x->count[0][i]);
	}
}

int app_survey_answers_csv(struct store *st, const struct programme *p,
			   int number, struct buf *out, struct err *e)
{
	struct arena a;
	struct survey sv;
	struct survey_question *q;
	struct survey_answer_row *ans;
	struct survey_recipient *rcp;
	size_t nq, na, nr;
	int rc = -1;
	arena_init(&a, 0);
	if (store_survey_get(st, p->id, number, &a, &sv, e) < 0 ||
	    store_survey_questions(st, sv.id, &a, &q, &nq, e) < 0 ||
	    store_survey_recipients(st, sv.id, &a, &rcp, &nr, e) < 0 ||
	    store_survey_answers(st, sv.id, &a, &ans, &na, e) < 0)
		goto done;
	buf_puts(out, "respondent,side,question,question_text,answer\r\n");
	for (size_t i = 0; i < na; i++) {
		const struct survey_question *qq = NULL;
		size_t who = 0;
		const char *val = ans[i].value;
		char **opts;
		size_t nopt;
		for (size_t k = 0; k < nq; k++)
			if (q[k].id == ans[i].question_id)
				qq = &q[k];
		/* a respondent's number: their place among those asked */
		for (size_t k = 0; k < nr; k++)
			if (rcp[k].person_id == ans[i].person_id)
				who = k + 1;
		if (!qq)
			continue;
		if ((qq->kind == SQ_SINGLE || qq->kind == SQ_MULTI) &&
		    survey_options(qq, &a, &opts, &nopt) == 0) {
			int c = (int)strtol(val, NULL, 10);
			if (c >= 1 && (size_t)c <= nopt)
				val = opts[c - 1];
		}
		buf_printf(out, "%zu,%s,%d,", who,
			   ans[i].took_part ? "took-part" : "did-not", qq->position);
		buf_csv_field(out, qq->text);
		buf_putc(out, ',');
		buf_csv_field(out, val);
		buf_puts(out, "\r\n");
	}
	if (buf_failed(out)) {
		err_set(e, ERR_INTERNAL, "export too large");
		goto done;
	}
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

int app_feedback_json(struct store *st, const struct programme *p, int upto,
		      const int64_t ratings[6], json_t *obj, struct err *e)
{
	int64_t came[CAME_KINDS], count = 0, sum = 0;
	json_t *dist = json_object(), *c = json_object();
	for (int i = 1; i <= 5; i++) {
		char k[2] = {(char)('0' + i), 0};
		json_object_set_new(dist, k, json_integer(ratings[i]));
		count += ratings[i];
		sum += ratings[i] * i;
	}
	json_object_set_new(obj, "ratings",
			    json_pack("{s:I, s:f, s:o}", "count", (json_int_t)count,
				      "mean", count ? (double)sum / (double)count : 0.0,
				      "distribution", dist));
	if (store_came_counts(st, p->id, upto, came, e) < 0) {
		json_decref(c);
		return -1;
	}
	for (int i = 0; i < CAME_KINDS; i++)
		json_object_set_new(c, store_came_names[i], json_integer(came[i]));
	json_object_set_new(obj, "what_came_of_it", c);
	return 0;
}
