/*
 * api_community: the JSON API of surveys and the challenges board (the
 * same operations as `cuppa survey` and `cuppa challenge list`).  Every
 * route is WR_API: the dispatcher checked the token and that its
 * organiser organises {slug}.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app_challenge.h"
#include "app/app_survey.h"
#include "web/web.h"
#include "util/num.h"

static const char *api_actor(struct web_ctx *cx)
{
	return arena_printf(cx->a, "api:%lld", (long long)cx->organiser_id);
}

/* The programme and (when want_n) the survey number; -1 after answering. */
static int load(struct web_ctx *cx, struct programme *p, bool want_n, int *n)
{
	const struct programme *mine = web_programme(cx);
	if (!mine) {
		web_programme_not_found(cx);
		return -1;
	}
	*p = *mine;
	if (want_n) {
		long long v;
		if (num_parse(web_param(cx, "n"), 1, 1000000, &v) < 0) {
			web_json_error(cx, 404, "not_found", "no such survey", "n");
			return -1;
		}
		*n = (int)v;
	}
	return 0;
}

/* The JSON object body ({} when empty); NULL after answering. */
static json_t *body(struct web_ctx *cx)
{
	const char *ct = web_header(cx->rq, "Content-Type");
	json_t *j;
	if (cx->rq->body_len == 0)
		return json_object();
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		web_json_error(cx, 415, "unsupported_media_type",
			       "send the body as application/json", NULL);
		return NULL;
	}
	j = json_loadb(cx->rq->body, cx->rq->body_len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		web_json_error(cx, 400, "invalid", "the body must be a JSON object", NULL);
		return NULL;
	}
	return j;
}

void api_surveys(struct web_ctx *cx)
{
	struct programme p;
	struct app_survey_count *sv;
	size_t n;
	struct err e = {0};
	json_t *arr;
	if (load(cx, &p, false, NULL) < 0)
		return;
	if (app_survey_list(cx->st, &p, cx->a, &sv, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:s}", "survey",
						     sv[i].survey.number, "title",
						     sv[i].survey.title, "state",
						     survey_state_name(sv[i].survey.state)));
	web_json(cx, 200, json_pack("{s:o}", "surveys", arr));
}

void api_survey_create(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	json_t *j, *t, *tm;
	int number;
	if (load(cx, &p, false, NULL) < 0 || !(j = body(cx)))
		return;
	t = json_object_get(j, "title");
	tm = json_object_get(j, "template");
	if ((t && !json_is_string(t)) || (tm && !json_is_string(tm))) {
		const char *field = t && !json_is_string(t) ? "title" : "template";
		json_decref(j);
		web_json_error(cx, 400, "invalid", "must be a string", field);
		return;
	}
	if (app_survey_add(cx->st, &p, tm ? json_string_value(tm) : NULL,
			   t ? json_string_value(t) : NULL, api_actor(cx), &number,
			   &e) < 0) {
		json_decref(j);
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	json_decref(j);
	web_json(cx, 201, json_pack("{s:i}", "survey", number));
}

void api_survey(struct web_ctx *cx)
{
	struct programme p;
	struct survey_results r;
	struct err e = {0};
	int n;
	if (load(cx, &p, true, &n) < 0)
		return;
	if (app_survey_results(cx->st, &p, n, cx->a, &r, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_json(cx, 200, app_survey_results_json(&r));
}

void api_survey_send(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	json_t *j, *left;
	int n, asked;
	if (load(cx, &p, true, &n) < 0 || !(j = body(cx)))
		return;
	left = json_object_get(j, "include_left");
	if (left && !json_is_boolean(left)) {
		json_decref(j);
		web_json_error(cx, 400, "invalid", "must be true or false", "include_left");
		return;
	}
	int rc = app_survey_send(cx->st, &p, n, json_is_true(left), api_actor(cx),
				 &asked, &e);
	json_decref(j);
	if (rc < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_json(cx, 200, json_pack("{s:i, s:i}", "survey", n, "asked", asked));
}

void api_survey_close(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n;
	if (load(cx, &p, true, &n) < 0)
		return;
	if (app_survey_close(cx->st, &p, n, api_actor(cx), &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_json(cx, 200, json_pack("{s:i, s:s}", "survey", n, "state", "closed"));
}

void api_challenges(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	json_t *j;
	if (load(cx, &p, false, NULL) < 0)
		return;
	if (app_challenge_list_json(cx->st, &p, true, &j, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	web_json(cx, 200, j);
}
