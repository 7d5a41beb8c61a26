/* app_report: figures and exports (see app.h). */
#include "app/app.h"
#include "app/app_survey.h"
#include "store/store_figures.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How app_stats computes a round's tally: bump it when that changes, so
 * that tallies cached by an older cuppa are recomputed. */
#define TALLY_FORMAT 1

/* One round's tally: from the cache when its stamp (the round's id,
 * state and generation) is current, else counted in SQL and cached. */
static int round_tally(struct store *st, int64_t programme_id,
		       const struct store_figures_round *r, struct arena *a,
		       struct store_figures_tally *t, struct err *e)
{
	char stamp[STORE_FIGURES_STAMP], body[256];
	char *cached;
	int hit;
	store_figures_stamp(TALLY_FORMAT, NULL, r, 1, stamp);
	hit = store_figures_get(st, programme_id, "round", r->number, stamp, a,
				&cached, e);
	if (hit < 0)
		return -1;
	if (hit && sscanf(cached, "%" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64
			  " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64
			  " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64,
			  &t->groups, &t->met, &t->missed, &t->none,
			  &t->answers[0], &t->answers[1], &t->answers[2],
			  &t->ratings[1], &t->ratings[2], &t->ratings[3],
			  &t->ratings[4], &t->ratings[5]) == 12)
		return 0;
	if (store_figures_tally(st, r->id, t, e) < 0)
		return -1;
	snprintf(body, sizeof body,
		 "%" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64
		 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64
		 " %" PRId64 " %" PRId64, t->groups, t->met, t->missed, t->none,
		 t->answers[0], t->answers[1], t->answers[2], t->ratings[1],
		 t->ratings[2], t->ratings[3], t->ratings[4], t->ratings[5]);
	(void)store_figures_put(st, programme_id, "round", r->number, stamp,
				body, NULL);
	return 0;
}

static json_t *people_by_state(const struct store_figures_people *pp)
{
	json_t *o = json_object();
	for (int s = PERSON_PENDING; s <= PERSON_LEFT; s++)
		json_object_set_new(o, person_status_name((enum person_status)s),
				    json_integer(pp->count[s]));
	json_object_set_new(o, "total", json_integer(pp->total));
	return o;
}

int app_stats(struct store *st, const struct programme *p, int upto,
	      json_t **out, struct err *e)
{
	struct arena a;
	struct store_figures_people pp;
	struct store_figures_round *rounds;
	size_t nrounds;
	struct store_figures_tally t = {0};
	json_int_t published = 0;
	int rc = -1;
	arena_init(&a, 0);
	*out = NULL;
	/* Rounds (with their generations) before the rows they count. */
	if (store_figures_rounds(st, p->id, &a, &rounds, &nrounds, e) < 0 ||
	    store_figures_people(st, p->id, &pp, e) < 0)
		goto done;
	for (size_t i = 0; i < nrounds; i++) {
		struct store_figures_tally rt;
		if (upto > 0 && rounds[i].number > upto)
			continue;
		if (round_tally(st, p->id, &rounds[i], &a, &rt, e) < 0)
			goto done;
		t.groups += rt.groups;
		t.met += rt.met;
		t.missed += rt.missed;
		t.none += rt.none;
		for (int k = 0; k < 3; k++)
			t.answers[k] += rt.answers[k];
		for (int k = 1; k <= 5; k++)
			t.ratings[k] += rt.ratings[k];
		published++;
	}
	*out = json_pack("{s:s, s:s, s:o, s:I, s:I, s:{s:I, s:I, s:I},"
			 " s:{s:I, s:I, s:I}, s:f}",
			 "programme", p->slug, "name", p->name,
			 "people", people_by_state(&pp),
			 "rounds", published, "groups", (json_int_t)t.groups,
			 "outcomes", "met", (json_int_t)t.met,
			 "missed", (json_int_t)t.missed,
			 "no_answer", (json_int_t)t.none,
			 "answers", "met", (json_int_t)t.answers[OUTCOME_MET],
			 "missed", (json_int_t)t.answers[OUTCOME_MISSED],
			 "none", (json_int_t)t.answers[OUTCOME_NONE],
			 "completion_rate",
			 t.groups ? (double)t.met / (double)t.groups : 0.0);
	if (!*out) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	if (app_feedback_json(st, p, upto, t.ratings, *out, e) < 0)
		goto done;
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

/* ---- exports ---- */

static const char *const people_cols[] = {
	"name", "email", "organisation", "sector", "role", "location",
	"timezone", "topics", "intro", "joined",
};
#define NPEOPLE_COLS (sizeof people_cols / sizeof people_cols[0])

static void person_fields(const struct person *x, const char *f[NPEOPLE_COLS])
{
	const char *v[NPEOPLE_COLS] = {
		x->name, x->email, x->organisation, x->sector, x->role,
		x->location, x->timezone, x->topics, x->intro, x->joined,
	};
	memcpy(f, v, sizeof v);
}

static void csv_row(struct buf *b, const char *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		buf_csv_field(b, f[i] ? f[i] : "");
	}
	buf_puts(b, "\r\n");
}

static int export_people(struct store *st, const struct programme *p,
			 bool json, struct arena *a, struct buf *out,
			 struct err *e)
{
	struct person *people;
	size_t n;
	if (store_person_list(st, p->id, a, &people, &n, e) < 0)
		return -1;
	if (!json)
		csv_row(out, people_cols, NPEOPLE_COLS);
	else
		buf_putc(out, '[');
	for (size_t i = 0; i < n; i++) {
		const char *f[NPEOPLE_COLS];
		person_fields(&people[i], f);
		if (!json) {
			csv_row(out, f, NPEOPLE_COLS);
			continue;
		}
		buf_puts(out, i ? ",\n {" : "\n {");
		for (size_t c = 0; c < NPEOPLE_COLS; c++) {
			buf_json_str(out, people_cols[c]);
			buf_putc(out, ':');
			buf_json_str(out, f[c] ? f[c] : "");
			buf_putc(out, ',');
		}
		buf_puts(out, "\"status\":");
		buf_json_str(out, person_status_name(people[i].status));
		buf_puts(out, ",\"paused_until\":");
		buf_json_str(out, people[i].paused_until);
		buf_putc(out, '}');
	}
	if (json)
		buf_puts(out, "\n]\n");
	return 0;
}

/* Rounds and outcomes: one row per member of every group. */
static int export_rounds(struct store *st, const struct programme *p,
			 bool outcomes, bool json, struct arena *a,
			 struct buf *out, struct err *e)
{
	struct round *rounds;
	size_t n;
	json_t *arr = json ? json_array() : NULL;
	if (store_round_list(st, p->id, a, &rounds, &n, e) < 0)
		goto fail;
	if (!json)
		buf_puts(out, outcomes
			 ? "round,group,email,outcome,rating,comment\r\n"
			 : "round,state,seed,deadline,group,email,name,organisation\r\n");
	for (size_t i = 0; i < n; i++) {
		struct round_detail rd;
		if (store_round_detail(st, p->id, rounds[i].number, a, &rd, e) < 0)
			goto fail;
		if (json && !outcomes) {
			json_array_append_new(arr, app_round_json(p, &rd));
			continue;
		}
		for (size_t g = 0; g < rd.ngroups; g++)
			for (int m = 0; m < rd.groups[g].n; m++) {
				const struct member *mb = &rd.groups[g].member[m];
				char num[24], gid[24], rating[8], seed[24];
				snprintf(num, sizeof num, "%d", rd.round.number);
				snprintf(gid, sizeof gid, "%lld", (long long)rd.groups[g].id);
				snprintf(rating, sizeof rating, "%d", mb->rating);
				snprintf(seed, sizeof seed, "%llu",
					 (unsigned long long)rd.round.seed);
				if (json) {
					json_array_append_new(arr, json_pack(
						"{s:i, s:I, s:s, s:s, s:i, s:s}",
						"round", rd.round.number, "group",
						(json_int_t)rd.groups[g].id, "email",
						mb->email, "outcome", outcome_name(mb->outcome),
						"rating", mb->rating, "comment", mb->comment));
				} else if (outcomes) {
					const char *f[] = {num, gid, mb->email,
							   outcome_name(mb->outcome),
							   mb->rating ? rating : "",
							   mb->comment};
					csv_row(out, f, 6);
				} else {
					const char *f[] = {num, round_state_name(rd.round.state),
							   seed, rd.round.deadline, gid,
							   mb->email, mb->name, mb->organisation};
					csv_row(out, f, 8);
				}
			}
	}
	if (json) {
		char *s = json_dumps(arr, JSON_INDENT(1));
		if (!s)
			goto fail;
		buf_puts(out, s);
		buf_putc(out, '\n');
		free(s);
		json_decref(arr);
	}
	return 0;
fail:
	json_decref(arr);
	return -1;
}

int app_export(struct store *st, const struct programme *p, const char *what,
	       bool json, struct buf *out, struct err *e)
{
	struct arena a;
	int rc;
	arena_init(&a, 0);
	if (strcmp(what, "people") == 0)
		rc = export_people(st, p, json, &a, out, e);
	else if (strcmp(what, "rounds") == 0)
		rc = export_rounds(st, p, false, json, &a, out, e);
	else if (strcmp(what, "outcomes") == 0)
		rc = export_rounds(st, p, true, json, &a, out, e);
	else
		rc = err_field(e, ERR_INVALID, "what",
			       "'%s' is not people, rounds or outcomes", what);
	arena_release(&a);
	if (rc == 0 && buf_failed(out))
		return err_set(e, ERR_INTERNAL, "export too large");
	return rc;
}
