/*
 * blossom: exact maximum-weight matching on a general graph with integer
 * edge weights, with the dual solution that proves it optimal.
 *
 * This is Edmonds' weighted blossom algorithm with dual variables
 * (J. Edmonds, "Paths, trees, and flowers", Canad. J. Math. 17, 1965;
 * "Maximum matching and a polyhedron with 0,1-vertices", J. Res. NBS 69B,
 * 1965) in the O(n^3) primal-dual form surveyed by Z. Galil, "Efficient
 * algorithms for finding maximum matching in graphs", ACM Computing
 * Surveys 18(1), 1986.  The code follows the structure of J. van
 * Rantwijk's public-domain mwmatching.py (the algorithm networkx uses),
 * ported to C with integer arithmetic and flat arrays.  The pricing loop
 * that uses the duals over a sparse candidate graph (match.c) follows
 * V. Kolmogorov, "Blossom V", Math. Prog. Comp. 1(1), 2009, section 5.
 *
 * Weights are doubled internally: a vertex dual u and a blossom dual z
 * satisfy, for every edge (i, j, w) of the graph given,
 *     u_i + u_j - 2w + 2 * sum { z_B : B contains i and j } >= 0,
 * u >= 0, z >= 0, with equality on matched edges, u = 0 on unmatched
 * vertices and z > 0 only on full blossoms.  Any edge not given to the
 * solver that also satisfies the inequality cannot improve the matching:
 * that is the certificate blossom_reduced_cost() evaluates.
 *
 * The solver computes maximum weight, not maximum cardinality: add a
 * constant larger than any possible weight gain to every edge to get
 * "maximum cardinality first, then maximum weight".
 */
#ifndef CUPPA_BLOSSOM_H
#define CUPPA_BLOSSOM_H

#include <stddef.h>
#include <stdint.h>

struct blossom_edge {
	uint32_t u, v;   /* u != v, both < n */
	int64_t w;       /* >= 0; |w| * n must fit comfortably in int64 */
};

/* The optimal duals, owned by the caller after blossom_solve. */
struct blossom_cert {
	uint32_t n;
	int64_t *dual;    /* 2n: vertex duals (doubled scale), then blossoms */
	int32_t *parent;  /* 2n: enclosing blossom of a vertex/blossom, or -1 */
	/* an index for blossom_reduced_cost, or NULL (blossom_cert_index) */
	int32_t *depth, *up;
	int64_t *zsum;
	int lg;
};

/* Solves maximum-weight matching on n vertices and the m edges e.
 * Fills mate[v] (n entries) with v's partner or -1.  When cert is not
 * NULL it receives the duals (release with blossom_cert_release).
 * Returns 0, or -1 when memory runs out (mate then undefined). */
int blossom_solve(uint32_t n, const struct blossom_edge *e, size_t m,
		  int32_t *mate, struct blossom_cert *cert);

/* As blossom_solve, warm-started from a matching (mate0[v]: v's partner
 * or -1) and vertex duals (dual0, n entries, doubled scale as in the
 * certificate; blossom duals folded into their vertices) such as an
 * earlier solve on fewer edges left.  Duals that some edge violates are
 * raised and matched pairs that are no longer tight, or no longer an
 * edge, are dropped, so any input is acceptable; the closer it is to
 * optimal the fewer stages remain.  mate0 NULL: the ordinary start. */
int blossom_solve_from(uint32_t n, const struct blossom_edge *e, size_t m,
		       const int32_t *mate0, const int64_t *dual0,
		       int32_t *mate, struct blossom_cert *cert);

/* As blossom_solve_from, with len bytes at scratch (16-byte aligned, or
 * NULL) that the solve may use for its working arrays, losing what was
 * there: memory the caller has already touched, such as the unused tail
 * of its edge array.  A solve of 1,000 vertices works in about 250 KB,
 * and a fresh page costs a fault (about 2-3 us here): a third of a
 * `dense` round's matching before. */
int blossom_solve_in(uint32_t n, const struct blossom_edge *e, size_t m,
		     const int32_t *mate0, const int64_t *dual0,
		     int32_t *mate, struct blossom_cert *cert, void *scratch,
		     size_t len);

/* Each vertex's dual with the duals of every blossom holding it added
 * (dual0, c->n entries): feasible for every edge c was solved on, with
 * no blossom left, which is what blossom_solve_from takes to restart
 * after edges were added. */
void blossom_cert_fold(const struct blossom_cert *c, int64_t *dual0);

/* u_i + u_j - 2w + 2 * (sum of duals of blossoms holding both i and j):
 * negative means edge (i, j, w) would improve the matching.  Without
 * the index it walks both blossom chains, a cost of the nesting's depth
 * per pair. */
int64_t blossom_reduced_cost(const struct blossom_cert *c, uint32_t i,
			     uint32_t j, int64_t w);

/* Builds the index that makes blossom_reduced_cost independent of the
 * nesting's depth (once; a solve leaves none, since most pricing asks
 * for few pairs).  0, or -1 when memory runs out (the certificate stays
 * usable without it). */
int blossom_cert_index(struct blossom_cert *c);

void blossom_cert_release(struct blossom_cert *c);

#endif
