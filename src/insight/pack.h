/*
 * pack: the parts of a network picture that need no force layout.  Early
 * rounds of a large programme are thousands of separate pairs and trios;
 * handing them to sfdp made it spend nearly all its time packing them
 * (61-68 s for 10,000 people after round 1).  Here components are found,
 * the small ones drawn as regular polygons, and every component packed
 * side by side in rows (largest first), so sfdp only ever sees the
 * components worth a force layout, one at a time.  Pure and
 * deterministic: same graph, same positions.
 */
#ifndef CUPPA_INSIGHT_PACK_H
#define CUPPA_INSIGHT_PACK_H

#include <stddef.h>

#include "insight/metrics.h"

/* Components with at most this many people are drawn as polygons (a
 * pair as a segment): their layout is obvious and sfdp adds nothing. */
#define PACK_SMALL 8

/* Connected components of g, largest first (ties: the one holding the
 * earliest node first).  nodes lists every node grouped by component,
 * in node order within one; component k is nodes[start[k] .. start[k+1]).
 * *start and *nodes are malloc'd (caller frees).  0 or -1 (memory). */
int pack_components(const struct insight_graph *g, size_t **start,
		    int **nodes, size_t *ncomp);

/* Places the n nodes on a regular polygon of side len (a segment for
 * two, a point for one): pos[2v], pos[2v+1] for each listed node v. */
void pack_polygon(const int *nodes, size_t n, double len, double *pos);

/* Moves every component (positions already in pos, any origin) into
 * rows of a roughly 4:3 rectangle, gap apart, in component order. */
void pack_rows(const size_t *start, const int *nodes, size_t ncomp,
	       double gap, double *pos);

/* Rotates, reflects and shifts the listed nodes' positions (pos, by
 * node) onto prev (by person; NaN: not placed before) over the people
 * present in both: the least-squares rigid transform (Procrustes), so
 * that a new layout keeps the previous one's orientation. */
void pack_align(const struct insight_graph *g, const int *nodes, size_t n,
		const double *prev, double *pos);

#endif
