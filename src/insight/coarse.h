/*
 * coarse: the two pure halves of laying out a large component on a
 * coarsened graph (insight/picture.c): contract it by matchings, so that
 * Graphviz's sfdp lays out a quarter of the people, then spread the
 * people around their coarse node and refine locally.
 *
 * Why: sfdp on the 10,000-people component of a large programme's third
 * round was nearly all of the picture after 12 rounds (2.9 to 4 s of CPU,
 * a third of it in malloc for its quadtrees); on a loaded machine that
 * is 40 s of wall clock.  The coarse graph keeps the global shape (it is
 * what sfdp's own multilevel scheme lays out first); the refinement is a
 * spring-electrical pass (Y. Hu, "Efficient and high quality
 * force-directed graph drawing", Mathematica Journal 10, 2005: repulsion
 * C K^2 / d, attraction d^2 / K) with the repulsion cut off at a few K on
 * a grid, which is enough once the global shape is set.
 *
 * Graphs are local CSR arrays: nodes 0..n-1, off[n + 1], adj[off[n]]
 * (both directions, no self loops).  Deterministic: the same graph gives
 * the same result.
 */
#ifndef CUPPA_INSIGHT_COARSE_H
#define CUPPA_INSIGHT_COARSE_H

#include <stddef.h>

/* A coarse graph: of[v] is fine node v's coarse node; off/adj its CSR
 * (deduplicated).  Owned: coarse_free. */
struct coarse {
	size_t n;
	int *of;
	size_t *off;
	int *adj;
};

/* Contracts the graph `levels` times by a greedy matching (each node with
 * its unmatched neighbour of least degree), composing the maps.  0, or -1
 * when memory runs out. */
int coarse_build(size_t n, const size_t *off, const int *adj, int levels,
		 struct coarse *out);
void coarse_free(struct coarse *c);

/* Refines pos (2n: x, y by node) in place for iters iterations of the
 * spring-electrical model with natural length k.  0, or -1 (memory). */
int coarse_refine(size_t n, const size_t *off, const int *adj, double k,
		  int iters, double *pos);

#endif
