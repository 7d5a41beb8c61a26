/*
 * insight_stats: the network figures of `cuppa stats --json` (and of the
 * report, the dashboard and the evaluation export), as jansson objects.
 *
 * Keys added to root by insight_stats_add:
 *   "network", "met_network": {nodes, edges, components,
 *       largest_component_share, average_clustering, average_shortest_path
 *       (null with no people), average_shortest_path_exact (bool),
 *       average_shortest_path_error (95% half-width, 0 when exact),
 *       average_shortest_path_sources, cross_organisation_share,
 *       cross_sector_share, organisations_reached_mean,
 *       organisations_reached_max}
 *   "per_round": [{round, published, groups, trios, met, missed,
 *       unconfirmed, unplaced, met_share, pairings, new_edges, nodes,
 *       edges, met_edges, components, largest_component_share,
 *       average_clustering, organisations, organisation_pairs,
 *       organisation_pairs_in_round, new_organisation_pairs,
 *       organisations_unconnected, organisation_pairs_share}]
 *   "organisation_network": {organisations, pairs, met_pairs,
 *       unconnected, possible_pairs, pairs_share}: organisations as
 *       nodes, linked once any of their people were grouped together
 *   "growth": [{month, signups, signups_total, active, meetings,
 *       meetings_total}]
 *   "fairness": {people, groups_per_person, meetings_per_person,
 *       times_in_trio, times_unplaced: {mean, min, max}}
 */
#ifndef CUPPA_INSIGHT_STATS_H
#define CUPPA_INSIGHT_STATS_H

#include <jansson.h>

#include "core/model.h"
#include "insight/metrics.h"
#include "store/store.h"
#include "util/err.h"

/* Adds the keys above for programme p, state after round upto_round
 * (0 = all published/closed rounds).  root keeps its other keys.
 * 0, or -1 with e set (ERR_NOTFOUND when upto_round is not a published
 * or closed round). */
int insight_stats_add(struct store *st, const struct programme *p,
		      int upto_round, json_t *root, struct err *e);

/* The same from an input already loaded (report, dashboard, tests). */
int insight_stats_json(const struct insight_input *in, int upto,
		       const struct insight_options *opt, json_t *root,
		       struct err *e);

/* One metrics object as above; NULL when memory runs out. */
json_t *insight_metrics_json(const struct insight_metrics *m);

#endif
