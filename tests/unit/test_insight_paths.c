/* Unit tests of insight/paths: the met network's shortest paths updated
 * across answers equal, to the last bit, the same figures computed from
 * every source, over chains of random answers (met, missed, taken back,
 * several at once), sampled and exact. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "insight/metrics.h"
#include "insight/paths.h"

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* rounds of random pairs (a trio when n is odd) among n people, about
 * met_pct percent met. */
static const char *const orgs[7] = {"A", "B", "C", "D", "E", "F", "G"};

static void random_input(struct insight_input *in, int n, int rounds,
			 int met_pct, uint64_t *seed)
{
	struct insight_person *people = calloc((size_t)n, sizeof *people);
	struct insight_group *groups = calloc((size_t)(n / 2 * rounds), sizeof *groups);
	struct insight_round *rs = calloc((size_t)rounds, sizeof *rs);
	int *perm = malloc((size_t)n * sizeof *perm);
	size_t ng = 0;
	cr_assert(people && groups && rs && perm);
	for (int i = 0; i < n; i++) {
		people[i].id = i + 1;
		people[i].org = i % 7;
		people[i].sector = -1;
		people[i].joined = "2026-01-01";
	}
	for (int r = 1; r <= rounds; r++) {
		rs[r - 1] = (struct insight_round){r, "2026-01-01"};
		for (int i = 0; i < n; i++)
			perm[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = (int)(rnd(seed) % (uint64_t)(i + 1)), t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		for (int i = 0; i + 1 < n; i += 2) {
			struct insight_group *g = &groups[ng++];
			g->round = r;
			g->n = i + 3 == n ? 3 : 2;
			g->member[0] = perm[i];
			g->member[1] = perm[i + 1];
			g->member[2] = g->n == 3 ? perm[i + 2] : 0;
			g->status = (int)(rnd(seed) % 100) < met_pct ? INSIGHT_MET
								       : INSIGHT_UNCONFIRMED;
		}
	}
	free(perm);
	*in = (struct insight_input){.people = people, .npeople = (size_t)n,
				     .orgs = orgs, .norgs = 7,
				     .groups = groups, .ngroups = ng,
				     .rounds = rs, .nrounds = (size_t)rounds};
}

static void free_input(struct insight_input *in)
{
	free((void *)in->people);
	free((void *)in->groups);
	free((void *)in->rounds);
}

/* A chain of steps, each changing `changes` random groups' answers:
 * the updated figures equal a full computation after every step.
 * Returns how many steps searched again fewer sources than all. */
static int chain(int n, int rounds, int met_pct,
		 const struct insight_options *opt, int steps, int changes,
		 uint64_t seed)
{
	struct insight_input in;
	struct insight_paths prev = {0}, now = {0}, full = {0};
	size_t nbits;
	int fewer = 0;
	random_input(&in, n, rounds, met_pct, &seed);
	struct insight_group *groups = (struct insight_group *)in.groups;
	uint8_t *bits = NULL;
	for (int s = 0; s <= steps; s++) {
		if (s > 0)
			for (int c = 0; c < changes; c++) {
				struct insight_group *gr = &groups[rnd(&seed) % in.ngroups];
				gr->status = gr->status == INSIGHT_MET
						     ? (rnd(&seed) & 1 ? INSIGHT_MISSED
								       : INSIGHT_UNCONFIRMED)
						     : INSIGHT_MET;
			}
		struct insight_graph *g = insight_graph_build(&in, 0, true);
		struct insight_edit *ed = NULL;
		size_t ned = 0;
		int known = bits ? insight_met_edits(&in, 0, g, bits, nbits, &ed, &ned)
				 : 0;
		cr_assert_geq(known, 0);
		struct insight_metrics mu, mf;
		cr_assert_eq(insight_metrics_update(g, &in, opt, known ? &prev : NULL,
						    ed, ned, &now, &mu), 0);
		cr_assert_eq(insight_metrics_update(g, &in, opt, NULL, NULL, 0,
						    &full, &mf), 0);
		cr_assert_eq(full.searched, full.ns);
		cr_assert_eq(now.ns, full.ns);
		cr_assert_eq(now.comp, full.comp);
		cr_assert_eq(memcmp(now.sums, full.sums, now.ns * sizeof *now.sums), 0,
			     "step %d: the updated sums differ from a full search", s);
		cr_assert_eq(mu.average_shortest_path, mf.average_shortest_path);
		cr_assert_eq(mu.asp_error, mf.asp_error);
		cr_assert_eq(mu.asp_exact, mf.asp_exact);
		cr_assert_eq(mu.asp_sources, mf.asp_sources);
		cr_assert_eq(mu.edges, mf.edges);
		if (s > 0 && known && now.searched < now.ns)
			fewer++;
		free(ed);
		free(bits);
		bits = insight_met_bits(&in, 0, &nbits);
		cr_assert_not_null(bits);
		insight_paths_free(&prev);
		prev = now;
		memset(&now, 0, sizeof now);
		insight_graph_free(g);
	}
	free(bits);
	insight_paths_free(&prev);
	insight_paths_free(&full);
	free_input(&in);
	return fewer;
}

Test(insight_paths, sampled_one_answer_at_a_time)
{
	struct insight_options opt = {.exact_max = 300, .samples = 150};
	int fewer = chain(3000, 6, 60, &opt, 30, 1, 0x1234567ULL);
	cr_assert_geq(fewer, 15, "only %d of 30 answers were updated", fewer);
}

Test(insight_paths, sampled_several_answers)
{
	struct insight_options opt = {.exact_max = 300, .samples = 150};
	cr_assert_geq(chain(3000, 10, 70, &opt, 20, 2, 0xabcdefULL), 10);
}

Test(insight_paths, exact_sparse_with_components_joining)
{
	/* Few rounds and few met: many components, so answers join and
	 * split them (the largest changes, and all is searched again). */
	chain(400, 2, 45, NULL, 40, 2, 99);
}

Test(insight_paths, exact_dense)
{
	cr_assert_geq(chain(600, 8, 70, NULL, 25, 1, 7), 5);
}

Test(insight_paths, edits_cancel_out)
{
	/* A pair met in two rounds: one answer taken back is no edit. */
	struct insight_person people[3] = {
		{1, 0, -1, "2026-01-01", NULL}, {2, 1, -1, "2026-01-01", NULL},
		{3, 2, -1, "2026-01-01", NULL},
	};
	struct insight_group groups[3] = {
		{1, 2, {0, 1, 0}, INSIGHT_MET},
		{2, 2, {0, 1, 0}, INSIGHT_MET},
		{2, 2, {1, 2, 0}, INSIGHT_UNCONFIRMED},
	};
	struct insight_round rs[2] = {{1, "2026-01-01"}, {2, "2026-02-01"}};
	struct insight_input in = {.people = people, .npeople = 3,
				   .orgs = orgs, .norgs = 3, .groups = groups, .ngroups = 3,
				   .rounds = rs, .nrounds = 2};
	size_t nbits, n;
	uint8_t *bits = insight_met_bits(&in, 0, &nbits);
	cr_assert_eq(nbits, 3);
	groups[1].status = INSIGHT_MISSED;
	groups[2].status = INSIGHT_MET;
	struct insight_graph *g = insight_graph_build(&in, 0, true);
	struct insight_edit *ed;
	cr_assert_eq(insight_met_edits(&in, 0, g, bits, nbits, &ed, &n), 1);
	cr_assert_eq(n, 1);
	cr_assert(ed[0].added && ed[0].a == 1 && ed[0].b == 2);
	free(ed);
	/* Other groups than the bits were taken from: not told. */
	cr_assert_eq(insight_met_edits(&in, 1, g, bits, nbits, &ed, &n), 0);
	insight_graph_free(g);
	free(bits);
}

/* The outcome pass equals the per-round pass's own outcome figures, from
 * the met network or (a group of a round not listed) from the groups. */
static void rounds_met_equal(const struct insight_input *in)
{
	struct insight_round_stats *full = calloc(in->nrounds, sizeof *full);
	struct insight_round_stats *again = calloc(in->nrounds, sizeof *again);
	size_t n, m;
	cr_assert_eq(insight_rounds(in, 0, full, &n), 0);
	cr_assert_eq(insight_rounds(in, 0, again, &m), 0);
	cr_assert_eq(n, m);
	for (size_t r = 0; r < n; r++) {
		again[r].met = again[r].missed = again[r].unconfirmed = 99;
		again[r].met_edges = again[r].org_pairs_met = 99;
		again[r].met_share = -1;
	}
	struct insight_graph *g =
		insight_graph_build(in, n ? full[n - 1].number : 0, true);
	cr_assert_eq(insight_rounds_met(in, g, again, n), 0);
	cr_assert_eq(memcmp(full, again, n * sizeof *full), 0);
	insight_graph_free(g);
	free(full);
	free(again);
}

Test(insight_paths, rounds_met_equals_the_per_round_pass)
{
	struct insight_input in;
	uint64_t seed = 5;
	random_input(&in, 500, 6, 50, &seed);
	struct insight_group *groups = (struct insight_group *)in.groups;
	for (size_t i = 0; i < in.ngroups; i += 7)
		groups[i].status = INSIGHT_MISSED;
	/* Repeat pairs that met in a later round, and across rounds. */
	groups[in.ngroups - 1].member[0] = groups[0].member[0];
	groups[in.ngroups - 1].member[1] = groups[0].member[1];
	groups[in.ngroups - 1].status = INSIGHT_MET;
	rounds_met_equal(&in);
	/* A group of round 4 when round 4 is not listed. */
	struct insight_round *rs = (struct insight_round *)in.rounds;
	rs[3] = rs[4];
	rs[4] = rs[5];
	in.nrounds = 5;
	rounds_met_equal(&in);
	free_input(&in);
}
