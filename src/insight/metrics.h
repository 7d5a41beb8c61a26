/*
 * metrics: the network of who has met, and the figures that say whether a
 * programme connects people.  Pure: arrays in, numbers out, no I/O, no
 * store, no clock.  The loader (store/store_insight.c) fills a struct
 * insight_input; the writers (insight/export.c, insight/picture.c) and the
 * JSON of `cuppa stats` read the results.
 *
 * Definitions (the contract; docs/insight.md explains the choices):
 *  - A group (pair or trio) of a round yields one pairing per two members
 *    (a trio three).  Its status: met when any member reported met; missed
 *    when someone reported missed and nobody met; unconfirmed otherwise.
 *  - The graph "after round N" has one node per person who took part in a
 *    published or closed round <= N (grouped or unplaced), in the order of
 *    insight_input.people, and one undirected edge per distinct pair of
 *    people grouped together in those rounds: repeat pairings collapse to
 *    one edge (graph metrics are those of a simple graph).  An edge's
 *    status is the best of its pairings (met > missed > unconfirmed).
 *  - The "met network" has the same nodes and only the edges with at least
 *    one pairing that met.
 *  - Graph metrics follow networkx 2.8 to the last digit where exact:
 *    components = number_connected_components (isolated people count);
 *    largest_component_share = |largest| / nodes;
 *    average_clustering = networkx.average_clustering (zero-degree nodes
 *    count as 0, summed in node order);
 *    average_shortest_path = average_shortest_path_length of the subgraph
 *    induced by the largest component (ties: the component holding the
 *    earliest node, as max() over connected_components picks it); exact
 *    while that component has at most exact_max nodes, else estimated from
 *    BFS out of `samples` sources drawn without replacement with a fixed
 *    seed, with asp_error the half-width of a 95% confidence interval.
 *  - cross_organisation_share: among edges whose two ends both name an
 *    organisation, the share whose organisations differ (0 when none).
 *    cross_sector_share likewise with sectors.
 *  - organisations_reached: per node, the number of distinct organisations,
 *    other than its own, among its neighbours; the mean over nodes.
 */
#ifndef CUPPA_INSIGHT_METRICS_H
#define CUPPA_INSIGHT_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum insight_status {
	INSIGHT_UNCONFIRMED = 0,
	INSIGHT_MISSED = 1,
	INSIGHT_MET = 2, /* ordered so that max() picks the best */
};

const char *insight_status_name(enum insight_status s);

struct insight_person {
	int64_t id;          /* person id in the store (for exports) */
	int org;             /* index into insight_input.orgs, -1 none */
	int sector;          /* index into insight_input.sectors, -1 none */
	const char *joined;  /* "YYYY-MM-DD" */
	const char *label;   /* what pictures show: initials or a name */
};

struct insight_group {
	int round;           /* round number */
	int n;               /* 2 or 3 */
	int member[3];       /* indexes into people */
	enum insight_status status;
};

struct insight_unplaced {
	int round;
	int person;          /* index into people */
};

struct insight_round {
	int number;
	const char *published; /* "YYYY-MM-DD" (may be "" when unknown) */
};

/* Everything the metrics read.  Borrowed: nothing here is freed by this
 * module.  rounds are sorted by number; groups and unplaced may be in any
 * order. */
struct insight_input {
	const struct insight_person *people;
	size_t npeople;
	const char *const *orgs;
	size_t norgs;
	const char *const *sectors;
	size_t nsectors;
	const struct insight_group *groups;
	size_t ngroups;
	const struct insight_unplaced *unplaced;
	size_t nunplaced;
	const struct insight_round *rounds;
	size_t nrounds;
	/* The joined day of every person of the programme (also those who
	 * never took part), for the growth chart. */
	const char *const *signups;
	size_t nsignups;
};

/* One edge of the simple graph.  a < b are node indexes (struct
 * insight_graph numbering). */
struct insight_edge {
	int a, b;
	enum insight_status status;  /* best of its pairings */
	int first_round, last_round;
	int pairings;
	enum insight_status last_status; /* status in last_round */
};

/* The graph after round `upto`.  Owned by the caller: insight_graph_free. */
struct insight_graph {
	int upto;
	size_t n;            /* nodes */
	int *person;         /* node -> index into input people */
	int *node_of;        /* input people index -> node, or -1 */
	size_t m;            /* distinct edges */
	struct insight_edge *edge; /* sorted by (a, b) */
	/* CSR adjacency over all edges (both directions), sorted rows. */
	size_t *off;         /* n + 1 */
	int *adj;            /* 2m */
};

struct insight_metrics {
	size_t nodes, edges, components, largest_component;
	double largest_component_share;
	double average_clustering;
	bool asp_defined;    /* false when there are no nodes */
	double average_shortest_path;
	bool asp_exact;
	size_t asp_sources;  /* BFS sources used */
	double asp_error;    /* 95% half-width; 0 when exact */
	double cross_organisation_share;
	double cross_sector_share;
	double organisations_reached;  /* mean over nodes */
	int organisations_reached_max;
};

struct insight_options {
	size_t exact_max;    /* exact ASP up to this many nodes (0: 5000) */
	size_t samples;      /* BFS sources beyond (0: 1000) */
	uint64_t seed;       /* sampling seed (0: a fixed constant) */
};

/* Builds the graph after round upto (0 = every round); met_only keeps
 * only edges with a met pairing.  Returns NULL when memory runs out. */
struct insight_graph *insight_graph_build(const struct insight_input *in,
					  int upto, bool met_only);
void insight_graph_free(struct insight_graph *g);

/* The node pairs of group gr in g (a[i] < b[i]; the same person twice
 * makes none): how many, at most 3. */
int insight_group_pairs(const struct insight_graph *g,
			const struct insight_group *gr, int a[3], int b[3]);

/* Computes the metrics of g.  opt may be NULL.  cheap skips the shortest
 * paths (asp_defined false).  Returns 0, or -1 when memory runs out. */
int insight_metrics_compute(const struct insight_graph *g,
			    const struct insight_input *in,
			    const struct insight_options *opt, bool cheap,
			    struct insight_metrics *out);

/* insight_metrics_compute (cheap false), the shortest paths updated
 * from prev, computed on a graph that edits[0..nedits) turn into g,
 * instead of searched again from every source; keep (may be NULL) gets
 * what the next update needs (insight/paths.h).  0 or -1 (memory). */
struct insight_paths;
struct insight_edit;
int insight_metrics_update(const struct insight_graph *g,
			   const struct insight_input *in,
			   const struct insight_options *opt,
			   const struct insight_paths *prev,
			   const struct insight_edit *edits, size_t nedits,
			   struct insight_paths *keep, struct insight_metrics *out);

/* Figures of one round. */
struct insight_round_stats {
	int number;
	const char *published;
	size_t groups, trios, met, missed, unconfirmed, unplaced;
	size_t pairings, new_edges;  /* new: pair never grouped before */
	double met_share;            /* met / groups (0 when no groups) */
	/* The whole network after this round (cheap metrics). */
	size_t nodes, edges, components;
	double largest_component_share, average_clustering;
	size_t met_edges;
	/* The organisation network after this round: organisations as
	 * nodes (those of people who took part and named one), a link once
	 * people of two different organisations were grouped together. */
	size_t organisations;         /* organisations present */
	size_t org_pairs;             /* distinct linked organisation pairs */
	size_t org_pairs_met;         /* of those, linked by a group that met */
	size_t org_pairs_round;       /* distinct pairs grouped in this round */
	size_t new_org_pairs;         /* pairs linked for the first time */
	size_t orgs_unconnected;      /* present, linked to no other */
	double org_pairs_share;       /* org_pairs / (k (k-1) / 2), 0 if k < 2 */
};

/* Fills out[0..in->nrounds) for rounds <= upto (0 = all); *n gets the
 * count.  out must hold in->nrounds entries.  One pass over the rounds in
 * order, growing the network (insight/rounds.c): linear in the pairings,
 * plus one sweep over the people per round.  0 or -1 (memory). */
int insight_rounds(const struct insight_input *in, int upto,
		   struct insight_round_stats *out, size_t *n);

/* The figures of out[0..n) that depend on outcomes (met, missed,
 * unconfirmed, met_share, met_edges, org_pairs_met), counted again from
 * in and met (insight_graph_build(in, out[n - 1].number, true)); the
 * others (filled by insight_rounds, or kept from what it computed while
 * no group, person or organisation changed) are left as they are.  One
 * pass over the groups and one over the met edges: what an answer needs
 * recomputed.  0 or -1 (memory). */
int insight_rounds_met(const struct insight_input *in,
		       const struct insight_graph *met,
		       struct insight_round_stats *out, size_t n);

/* Per-person fairness over rounds <= upto, indexed like in->people. */
struct insight_fairness {
	int groups;   /* times placed in a group */
	int met;      /* of those, groups that met */
	int trios;    /* times in a group of three */
	int unplaced; /* times left out of a round */
};
struct insight_spread {
	double mean;
	int min, max;
};
struct insight_fairness_summary {
	size_t people;   /* people who took part */
	struct insight_spread groups, met, trios, unplaced;
};
/* fair (may be NULL) must hold in->npeople entries.  Only people who
 * took part by upto count in the summary. */
void insight_fairness(const struct insight_input *in, int upto,
		      struct insight_fairness *fair,
		      struct insight_fairness_summary *sum);

/* One month of the growth chart. */
struct insight_month {
	char month[8];        /* "YYYY-MM" */
	size_t signups;       /* joined this month */
	size_t signups_total; /* joined up to the end of this month */
	size_t active;        /* distinct people grouped in rounds published
			       * this month */
	size_t meetings;      /* groups that met, rounds published this month */
	size_t meetings_total;
};
/* From the earliest sign-up or round to the latest, every month, rounds
 * <= upto (0 = all).  *out is malloc'd (caller frees), *n its length.
 * 0 or -1 (memory). */
int insight_growth(const struct insight_input *in, int upto,
		   struct insight_month **out, size_t *n);

/* The input restricted to round r: its groups, its unplaced and the
 * round itself (people and the rest shared with in).  The arrays are
 * malloc'd; free them with insight_input_round_free.  0 or -1 (memory). */
int insight_input_round(const struct insight_input *in, int r,
			struct insight_input *out);
void insight_input_round_free(struct insight_input *out);

/* The best-of status of a group from its members' outcomes: outcome
 * values 0 none, 1 met, 2 missed (enum outcome in core/model.h). */
enum insight_status insight_group_status(const int *outcomes, int n);

#endif
