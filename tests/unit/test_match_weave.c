/* The weave goal (new_connection) on both solver paths and in the JSON
 * face of the matcher. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "match/match_json.h"

/* n people in norg organisations, round-robin. */
static struct match_person *people_in(size_t n, size_t norg, char (*org)[16])
{
	struct match_person *p = calloc(n, sizeof *p);
	for (size_t o = 0; o < norg; o++)
		snprintf(org[o], 16, "O%02u", (unsigned)(o % 100));
	for (size_t i = 0; i < n; i++) {
		p[i].id = "x";
		p[i].organisation = org[i % norg];
		p[i].sector = "";
		p[i].role = "";
	}
	return p;
}

/* Share of pairs whose organisations are not in met. */
static double new_share(const struct match_result *r,
			const struct match_person *p, int half)
{
	size_t fresh = 0, all = 0;
	for (size_t g = 0; g < r->ngroups; g++) {
		int a = atoi(p[r->groups[g].member[0]].organisation + 1);
		int b = atoi(p[r->groups[g].member[1]].organisation + 1);
		cr_assert_neq(a, b, "avoid_same broken");
		all++;
		fresh += (a < half) != (b < half);
	}
	return all ? (double)fresh / (double)all : 0;
}

/* Organisations 0..half-1 have all met each other, as have half..2half-1;
 * only pairs across the halves are new. */
static struct match_names *halves(char (*org)[16], int norg, size_t *n)
{
	int half = norg / 2;
	struct match_names *m = calloc((size_t)norg * norg, sizeof *m);
	*n = 0;
	for (int i = 0; i < norg; i++)
		for (int j = i + 1; j < norg; j++)
			if ((i < half) == (j < half))
				m[(*n)++] = (struct match_names){org[i], org[j]};
	return m;
}

static void run_halves(size_t npeople, int norg, bool *proven, double *with,
		       double *without)
{
	char (*org)[16] = calloc((size_t)norg, sizeof *org);
	struct match_person *p = people_in(npeople, (size_t)norg, org);
	size_t nmet;
	struct match_names *met = halves(org, norg, &nmet);
	for (int goal = 0; goal < 2; goal++) {
		struct match_input in = {0};
		struct match_result r;
		struct err e = {0};
		in.seed = 7;
		in.group_size = 2;
		in.people = p;
		in.npeople = npeople;
		in.avoid_same = MATCH_ATTR_ORGANISATION;
		match_weights_default(&in.weights);
		in.weights.new_connection = goal ? 100 : 0;
		in.met_organisations = met;
		in.nmet_organisations = nmet;
		cr_assert_eq(match_run(&in, &r, &e), 0, "%s", e.msg);
		cr_assert_eq(r.ngroups, npeople / 2, "everyone paired");
		*(goal ? with : without) = new_share(&r, p, norg / 2);
		if (goal)
			*proven = r.optimal;
		match_result_release(&r);
	}
	free(met);
	free(p);
	free(org);
}

Test(match_weave, exact_path_prefers_new_organisation_pairs)
{
	bool proven;
	double with, without;
	run_halves(400, 20, &proven, &with, &without);
	cr_assert(proven, "exact path proves the optimum");
	/* a perfect matching across the halves exists, so the optimum
	 * uses only new pairs */
	cr_assert_eq(with, 1.0, "with the goal %.3f", with);
	cr_assert_lt(without, 0.8, "without the goal %.3f", without);
}

Test(match_weave, fast_path_prefers_new_organisation_pairs)
{
	bool proven;
	double with, without;
	run_halves(MATCH_EXACT_MAX + 1000, 40, &proven, &with, &without);
	cr_assert(!proven, "fast path");
	cr_assert_gt(with, 0.95, "with the goal %.3f", with);
	cr_assert_lt(without, 0.8, "without the goal %.3f", without);
}

Test(match_weave, never_overrides_a_hard_rule)
{
	/* A and B have met; C is alone in the programme's history.  With a
	 * huge bonus the A-B pairs are still the only allowed ones when C's
	 * people are blocked from everyone. */
	const char *orgs[] = {"A", "B", "A", "B"};
	struct match_person p[4] = {0};
	for (int i = 0; i < 4; i++) {
		p[i].id = "x";
		p[i].organisation = orgs[i];
		p[i].sector = p[i].role = "";
	}
	struct match_names met[] = {{"A", "B"}};
	struct match_pair hist[] = {{0, 1}};
	struct match_input in = {0};
	struct match_result r;
	struct err e = {0};
	in.group_size = 2;
	in.people = p;
	in.npeople = 4;
	in.avoid_same = MATCH_ATTR_ORGANISATION;
	in.history = hist;
	in.nhistory = 1;
	match_weights_default(&in.weights);
	in.weights.new_connection = 1000000;
	in.met_organisations = met;
	in.nmet_organisations = 1;
	cr_assert_eq(match_run(&in, &r, &e), 0, "%s", e.msg);
	cr_assert_eq(r.ngroups, 2);
	for (size_t g = 0; g < r.ngroups; g++) {
		uint32_t a = r.groups[g].member[0], b = r.groups[g].member[1];
		cr_assert_str_neq(p[a].organisation, p[b].organisation);
		cr_assert(!((a == 0 && b == 1) || (a == 1 && b == 0)), "repeat");
	}
	match_result_release(&r);
}

Test(match_weave, bad_weight_and_names)
{
	struct match_person p[2] = {{.id = "a", .organisation = "A", .sector = "", .role = ""},
				    {.id = "b", .organisation = "B", .sector = "", .role = ""}};
	struct match_input in = {0};
	struct match_result r;
	struct err e = {0};
	in.group_size = 2;
	in.people = p;
	in.npeople = 2;
	match_weights_default(&in.weights);
	in.weights.new_connection = -1;
	cr_assert_eq(match_run(&in, &r, &e), -1);
	cr_assert_str_eq(e.field, "weights.new_connection");
	in.weights.new_connection = 5;
	struct match_names bad[] = {{"A", NULL}};
	in.met_organisations = bad;
	in.nmet_organisations = 1;
	memset(&e, 0, sizeof e);
	cr_assert_eq(match_run(&in, &r, &e), -1);
	cr_assert_str_eq(e.field, "met_organisations");
}

Test(match_weave, json_document_carries_met_organisations)
{
	const char *doc =
		"{\"seed\": 3, \"avoid_same\": [\"organisation\"],"
		" \"weights\": {\"new_connection\": 500, \"noise\": 0},"
		" \"met_organisations\": [[\"A\", \"B\"], [\"X\", \"Y\"]],"
		" \"people\": [{\"id\": \"a1\", \"organisation\": \"A\"},"
		"  {\"id\": \"b1\", \"organisation\": \"B\"},"
		"  {\"id\": \"a2\", \"organisation\": \"A\"},"
		"  {\"id\": \"c1\", \"organisation\": \"C\"}]}";
	struct match_doc d;
	struct match_result r;
	struct err e = {0};
	cr_assert_eq(match_json_parse(doc, strlen(doc), &d, &e), 0, "%s", e.msg);
	cr_assert_eq(d.in.nmet_organisations, 2);
	cr_assert_eq(d.in.weights.new_connection, 500);
	cr_assert_eq(match_run(&d.in, &r, &e), 0, "%s", e.msg);
	/* a1/a2 must go with b1 and c1; the A-C pair is new, A-B is not:
	 * either way one of each, so both pairs are A-x: weight counts one
	 * bonus (A-C) */
	cr_assert_eq(r.ngroups, 2);
	cr_assert_eq(r.weight, 2 * 100 + 500 + 2 * 50 * 0);
	match_result_release(&r);
	match_doc_release(&d);

	const char *bad = "{\"people\": [], \"met_organisations\": [[\"A\"]]}";
	memset(&e, 0, sizeof e);
	cr_assert_eq(match_json_parse(bad, strlen(bad), &d, &e), -1);
	cr_assert_str_eq(e.field, "met_organisations[0]");
	match_doc_release(&d);
}
