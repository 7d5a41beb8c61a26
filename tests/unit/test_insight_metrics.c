/* Unit tests of insight/metrics on small fixed graphs.  Expected values
 * were computed with networkx 2.8 (see the comments). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "insight/metrics.h"
#include "test_insight_fixture.h"

Test(insight_metrics, group_status)
{
	int a[] = {0, 2}, b[] = {2, 1, 0}, c[] = {0, 0, 0};
	cr_assert_eq(insight_group_status(a, 2), INSIGHT_MISSED);
	cr_assert_eq(insight_group_status(b, 3), INSIGHT_MET);
	cr_assert_eq(insight_group_status(c, 3), INSIGHT_UNCONFIRMED);
}

Test(insight_metrics, whole_network)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_graph *g = insight_graph_build(&in, 0, false);
	cr_assert_not_null(g);
	struct insight_metrics m;
	cr_assert_eq(insight_metrics_compute(g, &in, NULL, false, &m), 0);
	cr_assert_eq(m.nodes, 8);
	cr_assert_eq(m.edges, 9); /* 4-6 paired twice counts once */
	cr_assert_eq(m.components, 3);
	cr_assert_eq(m.largest_component, 4);
	/* nx: 0.875 3 0.5 1.0 */
	cr_assert_eq(m.average_clustering, 0.875);
	cr_assert_eq(m.largest_component_share, 0.5);
	cr_assert(m.asp_defined && m.asp_exact);
	cr_assert_eq(m.average_shortest_path, 1.0);
	cr_assert_eq(m.cross_organisation_share, 4.0 / 7.0);
	cr_assert_eq(m.organisations_reached, 0.625);
	cr_assert_eq(m.organisations_reached_max, 1);
	/* 4-6: unconfirmed in round 1, met in round 2. */
	bool seen = false;
	for (size_t i = 0; i < g->m; i++)
		if (g->edge[i].a == 4 && g->edge[i].b == 6) {
			seen = true;
			cr_assert_eq(g->edge[i].pairings, 2);
			cr_assert_eq(g->edge[i].status, INSIGHT_MET);
			cr_assert_eq(g->edge[i].first_round, 1);
			cr_assert_eq(g->edge[i].last_round, 2);
		}
	cr_assert(seen);
	insight_graph_free(g);
}

Test(insight_metrics, met_network)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_graph *g = insight_graph_build(&in, 0, true);
	struct insight_metrics m;
	cr_assert_eq(insight_metrics_compute(g, &in, NULL, false, &m), 0);
	/* nx: 0.0 4 0.5 1.6666666666666667 */
	cr_assert_eq(m.nodes, 8);
	cr_assert_eq(m.edges, 4);
	cr_assert_eq(m.components, 4);
	cr_assert_eq(m.average_clustering, 0.0);
	cr_assert_eq(m.average_shortest_path, 20.0 / 12.0);
	insight_graph_free(g);
}

Test(insight_metrics, upto_round)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_graph *g = insight_graph_build(&in, 1, false);
	struct insight_metrics m;
	cr_assert_eq(insight_metrics_compute(g, &in, NULL, false, &m), 0);
	cr_assert_eq(m.nodes, 7); /* person 7 appears in round 3 */
	cr_assert_eq(m.edges, 5);
	cr_assert_eq(m.components, 3);
	cr_assert_eq(m.largest_component, 3);
	/* Largest component: the trio {4,5,6}, a triangle. */
	cr_assert_eq(m.average_shortest_path, 1.0);
	insight_graph_free(g);
}

Test(insight_metrics, sampled_path_length)
{
	/* A path of 50 people: exact mean distance is (n+1)/3 = 17. */
	enum { N = 50 };
	struct insight_person people[N];
	struct insight_group groups[N - 1];
	struct insight_round round = {1, "2026-01-01"};
	memset(people, 0, sizeof people);
	for (int i = 0; i < N; i++) {
		people[i].org = -1;
		people[i].sector = -1;
	}
	for (int i = 0; i < N - 1; i++)
		groups[i] = (struct insight_group){1, 2, {i, i + 1, 0}, INSIGHT_MET};
	struct insight_input in = {.people = people, .npeople = N,
				   .groups = groups, .ngroups = N - 1,
				   .rounds = &round, .nrounds = 1};
	struct insight_graph *g = insight_graph_build(&in, 0, false);
	struct insight_metrics m;
	struct insight_options opt = {.exact_max = 10, .samples = 30};
	cr_assert_eq(insight_metrics_compute(g, &in, &opt, false, &m), 0);
	cr_assert(!m.asp_exact);
	cr_assert_eq(m.asp_sources, 30);
	cr_assert(m.asp_error > 0);
	cr_assert(m.average_shortest_path > 17.0 - 2 * m.asp_error &&
		  m.average_shortest_path < 17.0 + 2 * m.asp_error,
		  "estimate %f +- %f", m.average_shortest_path, m.asp_error);
	cr_assert_eq(insight_metrics_compute(g, &in, NULL, false, &m), 0);
	cr_assert(m.asp_exact);
	cr_assert_eq(m.average_shortest_path, 17.0);
	insight_graph_free(g);
}

Test(insight_metrics, empty)
{
	struct insight_input in = {0};
	struct insight_graph *g = insight_graph_build(&in, 0, false);
	struct insight_metrics m;
	cr_assert_eq(insight_metrics_compute(g, &in, NULL, false, &m), 0);
	cr_assert_eq(m.nodes, 0);
	cr_assert(!m.asp_defined);
	insight_graph_free(g);
}

Test(insight_metrics, rounds)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_round_stats rs[3];
	size_t n;
	cr_assert_eq(insight_rounds(&in, 0, rs, &n), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(rs[0].groups, 3);
	cr_assert_eq(rs[0].trios, 1);
	cr_assert_eq(rs[0].met, 1);
	cr_assert_eq(rs[0].missed, 1);
	cr_assert_eq(rs[0].unconfirmed, 1);
	cr_assert_eq(rs[0].pairings, 5);
	cr_assert_eq(rs[0].new_edges, 5);
	cr_assert_eq(rs[1].met, 3);
	cr_assert_eq(rs[1].met_share, 1.0);
	cr_assert_eq(rs[1].new_edges, 2);
	cr_assert_eq(rs[1].unplaced, 1);
	cr_assert_eq(rs[2].met, 0);
	cr_assert_eq(rs[2].new_edges, 2);
	cr_assert_eq(rs[2].components, 3);
	cr_assert_eq(rs[2].average_clustering, 0.875);
	cr_assert_eq(insight_rounds(&in, 2, rs, &n), 0);
	cr_assert_eq(n, 2);
}

Test(insight_metrics, fairness)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_fairness f[8];
	struct insight_fairness_summary s;
	insight_fairness(&in, 0, f, &s);
	cr_assert_eq(s.people, 8);
	cr_assert_eq(f[4].groups, 2);
	cr_assert_eq(f[4].met, 1);
	cr_assert_eq(f[4].trios, 1);
	cr_assert_eq(f[5].unplaced, 1);
	cr_assert_eq(f[7].groups, 0);
	cr_assert_eq(s.groups.min, 0);
	cr_assert_eq(s.groups.max, 3);
	cr_assert_eq(s.unplaced.max, 1);
}

Test(insight_metrics, growth)
{
	struct insight_input in;
	insight_fixture(&in);
	struct insight_month *ms;
	size_t n;
	cr_assert_eq(insight_growth(&in, 0, &ms, &n), 0);
	cr_assert_eq(n, 4); /* 2025-12 .. 2026-03 */
	cr_assert_str_eq(ms[0].month, "2025-12");
	cr_assert_eq(ms[0].signups, 5);
	cr_assert_eq(ms[1].signups, 2);
	cr_assert_eq(ms[1].active, 7);
	cr_assert_eq(ms[1].meetings, 1);
	cr_assert_eq(ms[2].meetings_total, 4);
	cr_assert_eq(ms[3].signups_total, 8);
	cr_assert_eq(ms[3].active, 4);
	free(ms);
}
