/*
 * paths: the average shortest path of a network's largest component
 * (metrics.h gives the definition: exact up to exact_max nodes, else
 * sampled from a fixed set of BFS sources), and the same figure kept up
 * to date across a few edits of the network without searching again
 * from every source.
 *
 * Why an update can be exact: the figure is a function of each source's
 * integer distance sum.  Adding edge u-v changes source s's distances
 * iff |d(s,u) - d(s,v)| > 1 (one of them unreachable counts as
 * changed); removing it can change them only if |d(s,u) - d(s,v)| == 1.
 * Two breadth-first searches (from u and from v) tell that for every
 * source at once, so only the sources an edit reaches are searched
 * again; the others keep their sums.  With several edits they are
 * taken one at a time over the graph as it stood between them.  An
 * answer at 100,000 people makes about one source in eight dirty.
 */
#ifndef CUPPA_INSIGHT_PATHS_H
#define CUPPA_INSIGHT_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "insight/metrics.h"

/* What a later update needs of a computed figure: which component and
 * sources (a digest; the sources follow from the component and the
 * options) and each source's distance sum. */
struct insight_paths {
	uint64_t comp;   /* digest of the component's nodes and the options */
	size_t ns;       /* sources */
	uint64_t *sums;  /* ns sums, malloc'd */
	size_t searched; /* of those, searched again by the computation */
};
void insight_paths_free(struct insight_paths *p);

/* One edge of the graph that the previous graph lacked (added) or had
 * (removed); a < b node indexes. */
struct insight_edit {
	int a, b;
	bool added;
};

/* More edits than this, or more dirty sources than half, and a full
 * computation is as cheap. */
#define INSIGHT_PATHS_MAX_EDITS 32

/* Fills the asp_* fields of out for g's largest component
 * comp[0..cn) (nodes in node order).  When prev is given, was computed
 * with the same options on a graph whose largest component had the same
 * nodes, and edits[0..nedits) turn that graph into g, only the sources
 * the edits reach are searched again; otherwise (or when prev's
 * component differs) every source is.  keep (may be NULL) gets what a
 * later update needs; its old contents are freed.  0 or -1 (memory). */
int insight_paths_compute(const struct insight_graph *g, const int *comp,
			  size_t cn, const struct insight_options *opt,
			  const struct insight_paths *prev,
			  const struct insight_edit *edits, size_t nedits,
			  struct insight_paths *keep, struct insight_metrics *out);

/* Which groups of in (rounds <= upto, in input order) met: a bitmap of
 * *nbits bits, malloc'd (NULL when memory runs out). */
uint8_t *insight_met_bits(const struct insight_input *in, int upto,
			  size_t *nbits);

/* The edits that turn the met network whose groups' bits were old
 * (insight_met_bits of the same groups, nbits of them) into g (the met
 * network of in after upto): *edits malloc'd, *n of them.  1 when done,
 * 0 when they cannot be told (the groups differ, or more than
 * INSIGHT_PATHS_MAX_EDITS), -1 when memory runs out. */
int insight_met_edits(const struct insight_input *in, int upto,
		      const struct insight_graph *g, const uint8_t *old,
		      size_t nbits, struct insight_edit **edits, size_t *n);

#endif
