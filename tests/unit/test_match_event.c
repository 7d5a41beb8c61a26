/* Unit tests of match/event (session schedules) and match/match_json
 * (the `cuppa match` document). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/event.h"
#include "match/match_json.h"

static char ev_ids[400][24];
static char ev_orgs[20][16];
static const char *const ev_roles[2] = { "user", "staff" };

static void people(struct event_person *p, size_t n, int norg)
{
	for (int o = 0; o < 20; o++)
		snprintf(ev_orgs[o], sizeof ev_orgs[o], "O%d", o);
	for (size_t i = 0; i < n; i++) {
		snprintf(ev_ids[i], sizeof ev_ids[i], "p%zu", i);
		p[i].id = ev_ids[i];
		p[i].organisation = ev_orgs[i % (size_t)norg];
		p[i].sector = "";
		p[i].role = ev_roles[(i * 7) % 3 == 0];
	}
}

/* Recounts repeats and checks every person sits at exactly one table
 * in every round. */
static size_t recount(const struct event_plan *p)
{
	size_t n = p->npeople, rep = 0;
	unsigned char *met = calloc(n * n, 1);
	for (int r = 0; r < p->nrounds; r++) {
		const int32_t *row = p->table + (size_t)r * n;
		for (size_t i = 0; i < n; i++)
			cr_assert(row[i] >= 0 && row[i] < p->ngroups[r],
				  "round %d person %zu table %d", r, i, row[i]);
		for (size_t a = 0; a < n; a++)
			for (size_t b = a + 1; b < n; b++)
				if (row[a] == row[b]) {
					rep += met[a * n + b];
					met[a * n + b] = 1;
				}
	}
	free(met);
	return rep;
}

Test(event, circle_pairs_no_repeats)
{
	static struct event_person p[301];
	people(p, 301, 15);
	for (size_t n = 300; n <= 301; n++) {
		struct event_input in = { .people = p, .npeople = n, .rounds = 10,
					  .group_size = 2, .seed = 7 };
		struct event_plan pl;
		struct err e = {0};
		cr_assert_eq(event_plan_make(&in, &pl, &e), 0, "%s", e.msg);
		cr_assert_str_eq(pl.method, "circle");
		cr_assert_eq(pl.repeats, 0);
		cr_assert_eq(recount(&pl), 0);
		event_plan_release(&pl);
	}
}

Test(event, affine_plane)
{
	static struct event_person p[49];
	people(p, 49, 5);
	struct event_input in = { .people = p, .npeople = 49, .rounds = 8,
				  .group_size = 7, .seed = 3 };
	struct event_plan pl;
	struct err e = {0};
	cr_assert_eq(event_plan_make(&in, &pl, &e), 0, "%s", e.msg);
	cr_assert_str_eq(pl.method, "affine");
	cr_assert_eq(recount(&pl), 0);
	for (int r = 0; r < 8; r++)
		cr_assert_eq(pl.ngroups[r], 7);
	event_plan_release(&pl);
}

Test(event, spread_groups_of_four)
{
	static struct event_person p[32];
	people(p, 32, 6);
	for (int rounds = 8; rounds <= 9; rounds++) {
		struct event_input in = { .people = p, .npeople = 32, .rounds = rounds,
					  .group_size = 4, .seed = 1 };
		struct event_plan pl;
		struct err e = {0};
		cr_assert_eq(event_plan_make(&in, &pl, &e), 0, "%s", e.msg);
		cr_assert_str_eq(pl.method, "spread");
		cr_assert_eq(recount(&pl), 0);
		cr_assert_eq(pl.repeats, 0);
		event_plan_release(&pl);
	}
}

Test(event, mixed_pairs_search)
{
	static struct event_person p[60];
	people(p, 60, 6);
	struct event_input in = { .people = p, .npeople = 60, .rounds = 5,
				  .group_size = 2, .seed = 11,
				  .mix_attr = MATCH_ATTR_ROLE,
				  .mix_values = { "user", "staff" } };
	struct event_plan pl, pl2;
	struct err e = {0};
	cr_assert_eq(event_plan_make(&in, &pl, &e), 0, "%s", e.msg);
	cr_assert_eq(pl.repeats, recount(&pl));
	cr_assert_eq(pl.repeats, 0);
	cr_assert_eq(pl.unmixed, 0);
	cr_assert_eq(event_plan_make(&in, &pl2, &e), 0);
	cr_assert(memcmp(pl.table, pl2.table, 5 * 60 * sizeof *pl.table) == 0,
		  "same seed, different plan");
	event_plan_release(&pl);
	event_plan_release(&pl2);
}

Test(event, late_arrivals_keep_rounds)
{
	static struct event_person p[24];
	people(p, 24, 4);
	struct event_input in = { .people = p, .npeople = 20, .rounds = 2,
				  .group_size = 4, .seed = 5 };
	struct event_plan first, second;
	struct err e = {0};
	cr_assert_eq(event_plan_make(&in, &first, &e), 0, "%s", e.msg);
	/* four people arrive; keep both rounds, add two more */
	int32_t *rows[2];
	for (int r = 0; r < 2; r++) {
		rows[r] = malloc(24 * sizeof *rows[r]);
		for (int i = 0; i < 24; i++)
			rows[r][i] = i < 20 ? first.table[r * 20 + i] : -1;
	}
	struct event_input in2 = { .people = p, .npeople = 24, .rounds = 4,
				   .group_size = 4, .seed = 6, .nkept = 2,
				   .kept = (const int32_t *const *)rows };
	cr_assert_eq(event_plan_make(&in2, &second, &e), 0, "%s", e.msg);
	for (int r = 0; r < 2; r++)
		cr_assert(memcmp(second.table + r * 24, rows[r], 24 * sizeof(int32_t)) == 0);
	for (int i = 0; i < 24; i++)
		cr_assert_geq(second.table[2 * 24 + i], 0);
	cr_assert_eq(second.repeats, 0);
	free(rows[0]);
	free(rows[1]);
	event_plan_release(&first);
	event_plan_release(&second);
}

Test(event, bad_input)
{
	static struct event_person p[4];
	people(p, 4, 2);
	struct event_input in = { .people = p, .npeople = 1, .rounds = 2,
				  .group_size = 2 };
	struct event_plan pl;
	struct err e = {0};
	cr_assert_eq(event_plan_make(&in, &pl, &e), -1);
	in.npeople = 4;
	in.group_size = 5;
	cr_assert_eq(event_plan_make(&in, &pl, &e), -1);
	cr_assert_str_eq(e.field, "group-size");
	in.group_size = 2;
	in.rounds = 0;
	cr_assert_eq(event_plan_make(&in, &pl, &e), -1);
	cr_assert_str_eq(e.field, "rounds");
}

static int parse(const char *s, struct match_doc *d, struct err *e)
{
	return match_json_parse(s, strlen(s), d, e);
}

Test(match_json, round_trip)
{
	const char *doc =
		"{\"seed\": 42, \"group_size\": 2, \"people\": ["
		"{\"id\": \"p1\", \"organisation\": \"A\", \"topics\": [\"x\"]},"
		"{\"id\": \"p2\", \"organisation\": \"B\"},"
		"{\"id\": \"p3\", \"organisation\": \"A\"}],"
		"\"history\": [[\"p1\",\"p2\"], [\"p1\", \"gone\"]],"
		"\"avoid_same\": [\"organisation\"],"
		"\"weights\": {\"noise\": 0}}";
	struct match_doc d;
	struct match_result r;
	struct err e = {0};
	cr_assert_eq(parse(doc, &d, &e), 0, "%s: %s", e.field, e.msg);
	cr_assert_eq(d.in.npeople, 3);
	cr_assert_eq(d.in.nhistory, 1); /* the pair naming "gone" is ignored */
	cr_assert_eq(d.in.weights.noise, 0);
	cr_assert_eq(d.in.weights.different_organisation, 100);
	cr_assert_eq(match_run(&d.in, &r, &e), 0);
	char *out = match_json_result(&d, &r, false);
	cr_assert_str_eq(out, "{\"groups\":[[\"p2\",\"p3\"]],\"unplaced\":[{\"id\":"
			 "\"p1\",\"reason\":\"nobody left they may meet: 1 met before "
			 "or blocked, 1 share an avoided attribute, 0 fail the mix "
			 "rule\"}],\"weight\":100,\"optimal\":true,\"stats\":{"
			 "\"repeats\":0,\"same_organisation\":0,\"seconds\":0.0}}");
	free(out);
	match_result_release(&r);
	match_doc_release(&d);
}

Test(match_json, errors_name_the_field)
{
	static const struct { const char *doc, *field; } cases[] = {
		{ "[]", "" },
		{ "{\"people\": 3}", "people" },
		{ "{\"people\": [{\"id\": \"\"}]}", "people[0].id" },
		{ "{\"people\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}", "people[1].id" },
		{ "{\"people\": [{\"id\": \"a\", \"organisation\": 1}]}",
		  "people[0].organisation" },
		{ "{\"people\": [{\"id\": \"a\", \"colour\": 1}]}", "people[0].colour" },
		{ "{\"people\": [], \"group_size\": 4}", "group_size" },
		{ "{\"people\": [], \"history\": [[\"a\"]]}", "history[0]" },
		{ "{\"people\": [], \"mix\": {\"attribute\": \"hat\", \"values\": [\"a\",\"b\"]}}",
		  "mix.attribute" },
		{ "{\"people\": [], \"weights\": {\"noise\": -1}}", "weights.noise" },
		{ "{\"people\": [], \"avoid_same\": [\"shoe\"]}", "avoid_same[0]" },
		{ "{\"people\": [], \"seed\": \"x\"}", "seed" },
		{ "{\"people\": [], \"extra\": 1}", "extra" },
		{ "{\"people\": [", "line 1" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct match_doc d;
		struct err e = {0};
		cr_assert_eq(parse(cases[k].doc, &d, &e), -1, "case %zu accepted", k);
		cr_assert_eq(e.code, ERR_INVALID);
		cr_assert_str_eq(e.field, cases[k].field, "case %zu: field '%s'", k,
				 e.field);
		match_doc_release(&d);
	}
}
