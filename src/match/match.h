/*
 * match: forms the groups of one round.  A pure function: arrays in,
 * groups out, no I/O, no global state.  The same input and seed give the
 * same output on every machine (no floating point decides anything, the
 * random stream is our own splitmix64).
 *
 * Hard rules (never broken): no pair from `history`, no pair from
 * `blocked`, no two people sharing an attribute named in `avoid_same`
 * ("" counts as unknown and never clashes), and with a mix rule every
 * group holds at least one person of each of the two mix values (a pair
 * is one of each; a surplus person may make a trio with a mixed pair).
 * Anyone the rules leave unplaceable is listed in `unplaced` with a
 * reason; nobody is dropped silently.
 *
 * Objective, in this order: (1) as many people paired as the hard rules
 * allow (maximum cardinality), (2) the largest total weight, where a
 * pair's weight is
 *     different_organisation * [orgs differ, both known]
 *   + different_sector * [sectors differ, both known]
 *   + shared_topic * (number of shared topics)
 *   + priority * (priority_a + priority_b)
 *   + trio_fairness * (trios_a + trios_b)
 *   + new_connection * [orgs differ, both known, and no two people of
 *                       these organisations were grouped before]
 *   + new_sector_connection * [the same with sectors],
 * (3) seeded noise, which only breaks ties: it never outweighs one unit of
 * real weight.  The per-person terms (priority, fairness) change nothing
 * when everyone is paired; they decide who is left over otherwise.
 *
 * Groups are pairs (group_size 2); an odd person, or anyone else the
 * pairing leaves over, joins the pair where it adds the most weight (then
 * where the hosts have sat in fewest trios) while every hard rule holds.
 * With group_size 3 the round is made of trios: the weakest pairs are
 * split and their people become third members (one or two pairs remain
 * when the count is not a multiple of three).
 *
 * Methods (docs/matcher.md has the details and measurements):
 *  - up to MATCH_EXACT_MAX people: exact.  Edmonds' blossom algorithm with
 *    dual variables (J. Edmonds, "Paths, trees, and flowers", 1965, and
 *    "Maximum matching and a polyhedron with 0,1-vertices", 1965; the
 *    O(n^3) primal-dual form surveyed in Z. Galil, "Efficient algorithms
 *    for finding maximum matching in graphs", ACM Comput. Surv. 1986) on a
 *    sparse candidate graph of each person's best-weighted allowed
 *    partners, then pricing as in V. Kolmogorov, "Blossom V", Math. Prog.
 *    Comp. 2009: every other allowed pair's reduced cost is checked
 *    against the optimal duals, violators are added, and the graph is
 *    solved again until none is left, so the pairs are optimal on the
 *    full graph.  Maximum cardinality is expressed by adding a constant
 *    larger than any weight difference to every edge.
 *  - above: a fast near-optimal path in linear time (seeded shuffle,
 *    greedy on a window of candidates, augmenting-path repair, 2-opt
 *    swaps), with the same hard rules; `optimal` is then false.
 *
 * `optimal` is true only when the pairs were proven optimal and no trio
 * was needed (a trio's placement is best for the given pairs, which is
 * not a proof for the whole round).
 *
 * Soft goals are integer weights (struct match_weights) so two solvers can
 * be compared exactly.  Input limits: each weight 0..1000000, priority and
 * trios 0..1000; ids are not read (indices are what count).
 */
#ifndef CUPPA_MATCH_H
#define CUPPA_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum match_attr {
	MATCH_ATTR_ORGANISATION = 1u << 0,
	MATCH_ATTR_SECTOR = 1u << 1,
	MATCH_ATTR_ROLE = 1u << 2,
};

struct match_person {
	const char *id;            /* stable external id: an email, "p1" */
	const char *organisation;  /* never NULL; "" when unknown */
	const char *sector;        /* never NULL; "" when unknown */
	const char *role;          /* never NULL; "" when unknown */
	const char *const *topics; /* ntopics strings */
	size_t ntopics;
	int priority;              /* 0 normally; >0 when last time fell through */
	int trios;                 /* times this person was already in a trio */
	/* Added later (keep new fields at the end): challenges of the
	 * programme's board this person posted or shares, ascending ids;
	 * pairs sharing one earn weights.shared_challenge. */
	const int64_t *challenges;
	size_t nchallenges;
};

/* Indices into match_input.people. */
struct match_pair {
	uint32_t a, b;
};

struct match_weights {
	int64_t different_organisation; /* default 100 */
	int64_t different_sector;       /* default 20 */
	int64_t shared_topic;           /* default 0: topic matching off */
	int64_t priority;               /* default 50, per unit of priority */
	int64_t noise;                  /* default 100: seeded tie-breaking on;
					 * 0 turns it off (any positive value
					 * is scaled below one unit of weight) */
	/* Added after the first interface (keep new fields at the end): */
	int64_t trio_fairness;          /* default 10, per trio already sat in */
	int64_t shared_challenge;       /* default 0; once per pair sharing a
					 * challenge of the board */
	/* The weave goal (docs/matcher.md): a flat bonus for a pair whose
	 * organisations (sectors) are not in met_organisations
	 * (met_sectors).  Default 0 here; new programmes turn it on. */
	int64_t new_connection;
	int64_t new_sector_connection;
};

/* Two attribute values (organisation or sector names) already grouped
 * together; the order does not matter. */
struct match_names {
	const char *a, *b;
};

struct match_input {
	uint64_t seed;
	int group_size;                 /* 2 or 3 */
	const struct match_person *people;
	size_t npeople;
	const struct match_pair *history; /* forbidden: met before */
	size_t nhistory;
	const struct match_pair *blocked; /* forbidden: block list */
	size_t nblocked;
	unsigned avoid_same;            /* MATCH_ATTR_* bits: hard rule */
	enum match_attr mix_attr;       /* 0 = no mix rule */
	const char *mix_values[2];      /* both set when mix_attr != 0 */
	struct match_weights weights;
	/* Added after the first interface (keep new fields at the end):
	 * organisation and sector pairs already grouped in the programme, for
	 * new_connection / new_sector_connection.  Names absent from people
	 * are ignored; duplicates are fine. */
	const struct match_names *met_organisations;
	size_t nmet_organisations;
	const struct match_names *met_sectors;
	size_t nmet_sectors;
};

struct match_group {
	uint32_t member[3];             /* indices into people */
	int n;                          /* 2 or 3 */
};

struct match_unplaced {
	uint32_t person;
	char reason[160];   /* the English sentence (CLI, API, logs) */
	/* The same as a code with its counts and names, '|'-separated
	 * ("nobody|3|1|0"): what the store keeps and the edge renders in
	 * the reader's language (text_unplaced, docs/text.md). */
	char code[96];
};

struct match_stats {
	size_t repeats;                 /* pairs from history or the block
					 * list: always 0 */
	size_t same_organisation;       /* pairs within one organisation */
	double seconds;                 /* wall time of the solve */
};

/* The result owns its arrays; release with match_result_release. */
struct match_result {
	struct match_group *groups;
	size_t ngroups;
	struct match_unplaced *unplaced;
	size_t nunplaced;
	int64_t weight;                 /* total pair weight of the groups */
	bool optimal;                   /* pairs proven optimal, no trio */
	struct match_stats stats;
};

/* Rounds of at most this many people are solved exactly (and proven
 * optimal) when the scaled weights fit in int64 (always, with weights up
 * to a few thousand); larger ones take the fast near-optimal path. */
#ifndef MATCH_EXACT_MAX
#define MATCH_EXACT_MAX 10000
#endif

/* Fills w with the defaults documented above. */
void match_weights_default(struct match_weights *w);

/* Solves one round.  On success returns 0 and fills *out (caller releases);
 * on failure (bad input, out of memory) returns -1 with e set and *out
 * empty. */
int match_run(const struct match_input *in, struct match_result *out,
	      struct err *e);

void match_result_release(struct match_result *r);

/* The pairing stage of match_run alone (no trios, no reasons): fills
 * mate[i] (npeople entries) with i's partner or -1.  *optimal is set
 * when the pairs are proven to be a maximum-cardinality matching of the
 * allowed pairs with maximum weight among those (and noise only breaking
 * ties).  For tests and benchmarks.  0, or -1 with e set. */
int match_pairs(const struct match_input *in, int32_t *mate, bool *optimal,
		struct err *e);

#endif
