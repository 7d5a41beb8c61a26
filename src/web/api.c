/*
 * api: the JSON API under /api/v1 (documented in docs/api.md).  Every
 * route is WR_API: the dispatcher has checked the Bearer token.  Errors
 * always have the shape {"error": {"code", "message", "field"}}, with
 * code one of err_code_name()'s words or "unauthorized",
 * "not_found", "method_not_allowed", "unsupported_media_type".
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/app_grant.h"
#include "app/app_round_edit.h"
#include "core/programme.h"
#include "util/buf.h"
#include "util/num.h"
#include "web/pages.h"
#include "web/web.h"

static const char *actor(struct web_ctx *cx)
{
	return arena_printf(cx->a, "api:%lld", (long long)cx->organiser_id);
}

static void api_fail(struct web_ctx *cx, const struct err *e)
{
	web_error(cx, web_status_of(e), e);
}

/* Parses the JSON object body; NULL after answering with an error. */
static json_t *body_object(struct web_ctx *cx)
{
	const char *ct = web_header(cx->rq, "Content-Type");
	json_error_t je;
	json_t *j;
	if (cx->rq->body_len == 0)
		return json_object();
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		web_json_error(cx, 415, "unsupported_media_type",
			       "send the body as application/json", NULL);
		return NULL;
	}
	j = json_loadb(cx->rq->body, cx->rq->body_len, JSON_REJECT_DUPLICATES,
		       &je);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		web_json_error(cx, 400, "invalid", "the body must be a JSON object",
			       NULL);
		return NULL;
	}
	return j;
}

/* A string member: "" when missing; -1 (answered) when not a string. */
static int jstr(struct web_ctx *cx, json_t *o, const char *key,
		const char **out)
{
	json_t *v = json_object_get(o, key);
	*out = "";
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		web_json_error(cx, 400, "invalid", "must be a string", key);
		return -1;
	}
	*out = arena_strdup(cx->a, json_string_value(v));
	return *out ? 0 : -1;
}

static int jint(struct web_ctx *cx, json_t *o, const char *key, int min,
		int max, int *out)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max) {
		char msg[96];
		snprintf(msg, sizeof msg, "must be an integer from %d to %d", min,
			 max);
		web_json_error(cx, 400, "invalid", msg, key);
		return -1;
	}
	*out = (int)json_integer_value(v);
	return 0;
}

static json_t *round_json(const struct programme *p,
			  const struct round_detail *rd);

static json_t *programme_json(const struct programme *p)
{
	json_t *settings = json_loads(p->settings ? p->settings : "{}", 0, NULL);
	json_t *weights = programme_weights_json(p);
	return json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:s, s:s, s:i, s:b,"
			 " s:o, s:o, s:s}",
			 "id", (json_int_t)p->id, "slug", p->slug, "name", p->name,
			 "cadence_days", p->cadence_days, "group_size",
			 p->group_size, "avoid_same", (int)p->avoid_same,
			 "mix_attribute", p->mix_attribute, "mix_values",
			 p->mix_values, "repeat_after", p->repeat_after,
			 "allow_missed_repeat", p->allow_missed_repeat,
			 "settings", settings ? settings : json_object(),
			 "weights", weights ? weights : json_object(),
			 "created_at", p->created_at);
}

/* The request's programme, loaded and checked by the dispatcher (see
 * web_programme): a programme the token's organiser does not organise
 * never gets here. */
static int api_load_programme(struct web_ctx *cx, struct programme *p)
{
	const struct programme *mine = web_programme(cx);
	if (!mine) {
		web_programme_not_found(cx);
		return -1;
	}
	*p = *mine;
	return 0;
}

void api_programmes(struct web_ctx *cx)
{
	struct programme *ps;
	size_t n;
	struct err e = {0};
	json_t *arr;
	if (web_programmes(cx, &ps, NULL, &n, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, programme_json(&ps[i]));
	web_json(cx, 200, json_pack("{s:o}", "programmes", arr));
}

/* "weights": {"new_connection": 0, ...}: the soft goals, checked and
 * merged into p->settings as `--weights` does; -1 (answered) when bad. */
static int jweights(struct web_ctx *cx, json_t *o, struct programme *p)
{
	json_t *w = json_object_get(o, "weights"), *v;
	const char *k;
	struct buf spec;
	struct err e = {0};
	int rc = 0;
	if (!w || json_is_null(w))
		return 0;
	if (!json_is_object(w)) {
		web_json_error(cx, 400, "invalid", "must be an object", "weights");
		return -1;
	}
	buf_init(&spec, 256);
	json_object_foreach(w, k, v) {
		if (!json_is_integer(v)) {
			web_json_error(cx, 400, "invalid",
				       "must be a whole number from 0 to 1000000",
				       arena_printf(cx->a, "weights.%s", k));
			rc = -1;
			goto done;
		}
		buf_printf(&spec, "%s%s=%lld", buf_len(&spec) ? "," : "", k,
			   (long long)json_integer_value(v));
	}
	if (buf_len(&spec) &&
	    programme_weights_set(p->settings, buf_str(&spec), cx->a,
				  &p->settings, &e) < 0) {
		web_json_error(cx, 400, "invalid", e.msg, "weights");
		rc = -1;
	}
done:
	buf_release(&spec);
	return rc;
}

void api_programme_create(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	const char *name, *langs;
	json_t *b = body_object(cx);
	if (!b)
		return;
	memset(&p, 0, sizeof p);
	p.cadence_days = 30;
	p.group_size = 2;
	p.mix_attribute = "";
	p.mix_values = "";
	p.settings = "{}";
	if (jstr(cx, b, "name", &name) < 0 ||
	    jint(cx, b, "cadence_days", 1, 365, &p.cadence_days) < 0 ||
	    jint(cx, b, "group_size", 2, 3, &p.group_size) < 0 ||
	    jweights(cx, b, &p) < 0 || jstr(cx, b, "languages", &langs) < 0) {
		json_decref(b);
		return;
	}
	json_decref(b);
	if (*langs && programme_languages_set(p.settings, langs, "languages",
					      cx->a, &p.settings, &e) < 0) {
		web_json_error(cx, 400, "invalid", e.msg, "languages");
		return;
	}
	p.name = (char *)name;
	if (app_grant_programme_add(cx->st, &p, cx->organiser_id, cx->a,
				  actor(cx), &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	if (app_programme_get(cx->st, p.slug, cx->a, &p, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, 201, programme_json(&p));
}

void api_programme(struct web_ctx *cx)
{
	struct programme p;
	if (api_load_programme(cx, &p) < 0)
		return;
	web_json(cx, 200, programme_json(&p));
}

static json_t *person_json(const struct person *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
			 " s:s, s:s, s:s, s:b, s:s}",
			 "id", (json_int_t)p->id, "name", p->name, "email",
			 p->email, "organisation", p->organisation, "sector",
			 p->sector, "role", p->role, "location", p->location,
			 "timezone", p->timezone, "topics", p->topics, "intro",
			 p->intro, "status", person_status_name(p->status),
			 "paused_until", p->paused_until, "joined", p->joined,
			 "show_name", p->show_name,
			 "language", p->language ? p->language : "");
}

/* A JSON string (with quotes): runs of plain characters go in with one
 * buf_add each, which matters for long lists. */
static void json_str(struct buf *b, const char *s)
{
	const char *run = s;
	buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		buf_add(b, run, (size_t)(s - run));
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default: buf_printf(b, "\\u%04x", c); break;
		}
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

/* Writes one person as a JSON object straight into b: lists can hold
 * thousands, and building jansson objects for each costs more than the
 * rest of the request. */
static void person_json_buf(struct buf *b, const struct person *p)
{
	static const struct {
		const char *key;
		size_t off;
	} f[] = {
		{"name", offsetof(struct person, name)},
		{"email", offsetof(struct person, email)},
		{"organisation", offsetof(struct person, organisation)},
		{"sector", offsetof(struct person, sector)},
		{"role", offsetof(struct person, role)},
		{"location", offsetof(struct person, location)},
		{"timezone", offsetof(struct person, timezone)},
		{"topics", offsetof(struct person, topics)},
		{"intro", offsetof(struct person, intro)},
		{"paused_until", offsetof(struct person, paused_until)},
		{"joined", offsetof(struct person, joined)},
		{"language", offsetof(struct person, language)},
	};
	char id[32];
	snprintf(id, sizeof id, "{\"id\":%lld", (long long)p->id);
	buf_puts(b, id);
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		const char *v = *(char *const *)(const void *)((const char *)p + f[i].off);
		buf_puts(b, ",\"");
		buf_puts(b, f[i].key);
		buf_puts(b, "\":");
		json_str(b, v ? v : "");
	}
	buf_puts(b, ",\"status\":");
	json_str(b, person_status_name(p->status));
	buf_puts(b, p->show_name ? ",\"show_name\":true" : ",\"show_name\":false");
	buf_putc(b, '}');
}

void api_people(struct web_ctx *cx)
{
	struct programme pr;
	struct person *ps;
	size_t n, k = 0;
	struct err e = {0};
	const char *stf = web_query(cx->rq, "status");
	enum person_status want = PERSON_ACTIVE;
	struct buf *b = &cx->rs->body;
	if (api_load_programme(cx, &pr) < 0)
		return;
	if (stf && person_status_parse(stf, &want) < 0) {
		web_json_error(cx, 400, "invalid",
			       "status must be pending, active, skip-next, paused or left",
			       "status");
		return;
	}
	if (app_person_list(cx->st, &pr, cx->a, &ps, &n, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	buf_reset(b);
	buf_puts(b, "{\"people\":[");
	for (size_t i = 0; i < n; i++) {
		if (stf && ps[i].status != want)
			continue;
		if (k++)
			buf_putc(b, ',');
		person_json_buf(b, &ps[i]);
	}
	buf_puts(b, "]}\n");
	if (buf_failed(b)) {
		web_json_error(cx, 500, "internal", "the list is too large", NULL);
		return;
	}
	cx->rs->status = 200;
	cx->rs->content_type = "application/json";
}

void api_person_add(struct web_ctx *cx)
{
	struct programme pr;
	struct person p;
	struct err e = {0};
	bool created = false;
	json_t *b;
	if (api_load_programme(cx, &pr) < 0 || !(b = body_object(cx)))
		return;
	memset(&p, 0, sizeof p);
	for (const struct person_field *f = person_fields; f->id; f++) {
		const char *v;
		if (jstr(cx, b, f->id, &v) < 0) {
			json_decref(b);
			return;
		}
		*person_slot(&p, f) = (char *)v;
	}
	if (jstr(cx, b, "language", (const char **)&p.language) < 0) {
		json_decref(b);
		return;
	}
	json_decref(b);
	p.status = PERSON_ACTIVE;
	p.paused_until = "";
	if (app_person_add_by_organiser(cx->st, &pr, &p, NULL, &created, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	if (app_person_get_id(cx->st, p.id, cx->a, &p, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, created ? 201 : 200, person_json(&p));
}

void api_rounds(struct web_ctx *cx)
{
	struct programme pr;
	struct round *rs;
	size_t n;
	struct err e = {0};
	json_t *arr;
	if (api_load_programme(cx, &pr) < 0)
		return;
	if (app_round_list(cx->st, &pr, cx->a, &rs, &n, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack(
			"{s:i, s:s, s:I, s:s, s:s, s:s}", "number", rs[i].number,
			"state", round_state_name(rs[i].state), "seed",
			(json_int_t)rs[i].seed, "created_at", rs[i].created_at,
			"published_at", rs[i].published_at, "deadline",
			rs[i].deadline));
	web_json(cx, 200, json_pack("{s:o}", "rounds", arr));
}

void api_round_generate(struct web_ctx *cx)
{
	struct programme pr;
	struct round_detail rd;
	struct err e = {0};
	json_t *b, *seed;
	bool have_seed = false;
	uint64_t s = 0;
	if (api_load_programme(cx, &pr) < 0 || !(b = body_object(cx)))
		return;
	seed = json_object_get(b, "seed");
	if (seed && !json_is_null(seed)) {
		if (!json_is_integer(seed) || json_integer_value(seed) < 0) {
			json_decref(b);
			web_json_error(cx, 400, "invalid",
				       "seed must be a non-negative integer", "seed");
			return;
		}
		have_seed = true;
		s = (uint64_t)json_integer_value(seed);
	}
	json_decref(b);
	if (app_round_new(cx->st, &pr, have_seed, s, actor(cx), cx->a, &rd,
			  &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, 201, round_json(&pr, &rd));
}

/* A round with each member's details and outcome (richer than the CLI's
 * `round show --json`, which lists emails only). */
static json_t *round_json(const struct programme *p,
			  const struct round_detail *rd)
{
	json_t *groups = json_array(), *unplaced = json_array();
	for (size_t g = 0; g < rd->ngroups; g++) {
		const struct group *gr = &rd->groups[g];
		json_t *members = json_array();
		for (int m = 0; m < gr->n; m++)
			json_array_append_new(members, json_pack(
				"{s:I, s:s, s:s, s:s, s:s, s:i, s:s}", "person_id",
				(json_int_t)gr->member[m].person_id, "name",
				gr->member[m].name ? gr->member[m].name : "",
				"email", gr->member[m].email ? gr->member[m].email : "",
				"organisation",
				gr->member[m].organisation ? gr->member[m].organisation : "",
				"outcome", outcome_name(gr->member[m].outcome),
				"rating", gr->member[m].rating, "comment",
				gr->member[m].comment ? gr->member[m].comment : ""));
		json_array_append_new(groups, json_pack(
			"{s:I, s:o, s:s}", "id", (json_int_t)gr->id, "members",
			members, "outcome", outcome_name(app_group_outcome(gr))));
	}
	for (size_t u = 0; u < rd->nunplaced; u++)
		json_array_append_new(unplaced, json_pack(
			"{s:I, s:s, s:s}", "person_id",
			(json_int_t)rd->unplaced[u].person_id, "email",
			rd->unplaced[u].email ? rd->unplaced[u].email : "",
			"reason", rd->unplaced[u].reason ? rd->unplaced[u].reason : ""));
	return json_pack("{s:s, s:i, s:s, s:I, s:s, s:s, s:o, s:o}",
			 "programme", p->slug, "number", rd->round.number,
			 "state", round_state_name(rd->round.state), "seed",
			 (json_int_t)rd->round.seed, "deadline",
			 rd->round.deadline ? rd->round.deadline : "",
			 "published_at",
			 rd->round.published_at ? rd->round.published_at : "",
			 "groups", groups, "unplaced", unplaced);
}

static int api_round_number(struct web_ctx *cx, int *n)
{
	long long v;
	if (num_parse(web_param(cx, "n"), 1, 1000000, &v) < 0) {
		web_json_error(cx, 404, "not_found", "no such round", NULL);
		return -1;
	}
	*n = (int)v;
	return 0;
}

void api_round(struct web_ctx *cx)
{
	struct programme pr;
	struct round_detail rd;
	struct err e = {0};
	int n;
	if (api_load_programme(cx, &pr) < 0 || api_round_number(cx, &n) < 0)
		return;
	if (app_round_get(cx->st, &pr, n, cx->a, &rd, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, 200, round_json(&pr, &rd));
}

void api_round_publish(struct web_ctx *cx)
{
	struct programme pr;
	struct round_detail rd;
	struct err e = {0};
	int n;
	if (api_load_programme(cx, &pr) < 0 || api_round_number(cx, &n) < 0)
		return;
	if (app_round_publish(cx->st, &pr, n, actor(cx), &e) < 0 ||
	    app_round_get(cx->st, &pr, n, cx->a, &rd, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, 200, round_json(&pr, &rd));
}

/* Reads a positive integer member; 0 (answered) when missing or bad. */
static int64_t jid(struct web_ctx *cx, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < 1) {
		web_json_error(cx, 400, "invalid", "must be a positive integer", key);
		return 0;
	}
	return (int64_t)json_integer_value(v);
}

/* Swap {"a": PERSON_ID, "b": PERSON_ID} or move {"person": ID, "group":
 * POSITION} in a draft round, hard rules re-checked (app_round_edit.h). */
static void api_adjust(struct web_ctx *cx, bool swap)
{
	struct programme pr;
	struct round_detail rd;
	struct err e = {0};
	json_t *b;
	int n, rc;
	int64_t x, y;
	if (api_load_programme(cx, &pr) < 0 || api_round_number(cx, &n) < 0 ||
	    !(b = body_object(cx)))
		return;
	x = jid(cx, b, swap ? "a" : "person");
	y = x ? jid(cx, b, swap ? "b" : "group") : 0;
	json_decref(b);
	if (!x || !y)
		return;
	rc = swap ? app_round_edit_swap(cx->st, &pr, n, x, y,
				       arena_printf(cx->a, "api:%lld",
						    (long long)cx->organiser_id), &e)
		  : app_round_edit_move(cx->st, &pr, n, x, (int)y,
				       arena_printf(cx->a, "api:%lld",
						    (long long)cx->organiser_id), &e);
	if (rc < 0 || app_round_get(cx->st, &pr, n, cx->a, &rd, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, 200, round_json(&pr, &rd));
}

void api_round_swap(struct web_ctx *cx) { api_adjust(cx, true); }
void api_round_move(struct web_ctx *cx) { api_adjust(cx, false); }

/* {"email": "...", "outcome": "met"|"missed", "rating": 1-5, "comment": ""}
 * for one member of a published round (app_outcome_record). */
void api_round_outcome(struct web_ctx *cx)
{
	struct programme pr;
	struct round_detail rd;
	struct err e = {0};
	const char *email, *os, *comment;
	enum outcome o;
	int n, rating = 0;
	json_t *b;
	if (api_load_programme(cx, &pr) < 0 || api_round_number(cx, &n) < 0 ||
	    !(b = body_object(cx)))
		return;
	if (jstr(cx, b, "email", &email) < 0 || jstr(cx, b, "outcome", &os) < 0 ||
	    jstr(cx, b, "comment", &comment) < 0 ||
	    jint(cx, b, "rating", 0, 5, &rating) < 0) {
		json_decref(b);
		return;
	}
	json_decref(b);
	if (outcome_parse(os, &o) < 0 || o == OUTCOME_NONE) {
		web_json_error(cx, 400, "invalid", "outcome must be met or missed",
			       "outcome");
		return;
	}
	if (app_outcome_record(cx->st, &pr, n, email, o, rating,
			       *comment ? comment : NULL, &e) < 0 ||
	    app_round_get(cx->st, &pr, n, cx->a, &rd, &e) < 0) {
		api_fail(cx, &e);
		return;
	}
	web_json(cx, 200, round_json(&pr, &rd));
}
