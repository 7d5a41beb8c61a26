/* Unit tests of insight/coarse: the matching contraction keeps every
 * edge between different coarse nodes and nothing else, and the
 * refinement is deterministic, finite and spreads coincident people. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "insight/coarse.h"

/* A ring of n (even) people with chords v - v + n/2 for every third v
 * of the first half: CSR into off (n + 1) and adj (both directions). */
static void ring(size_t n, size_t *off, int *adj)
{
	size_t k = 0, h = n / 2;
	for (size_t v = 0; v < n; v++) {
		off[v] = k;
		adj[k++] = (int)((v + n - 1) % n);
		adj[k++] = (int)((v + 1) % n);
		if (v < h && v % 3 == 0)
			adj[k++] = (int)(v + h);
		else if (v >= h && (v - h) % 3 == 0)
			adj[k++] = (int)(v - h);
	}
	off[n] = k;
}

static bool has(const size_t *off, const int *adj, int v, int w)
{
	for (size_t a = off[v]; a < off[v + 1]; a++)
		if (adj[a] == w)
			return true;
	return false;
}

Test(insight_coarse, contraction_keeps_the_edges_between_coarse_nodes)
{
	enum { N = 600 };
	size_t off[N + 1];
	int adj[4 * N];
	struct coarse c;
	ring(N, off, adj);
	cr_assert_eq(coarse_build(N, off, adj, 2, &c), 0);
	cr_assert(c.n >= N / 4 && c.n <= N / 2, "%zu coarse nodes", c.n);
	for (size_t v = 0; v < N; v++) {
		cr_assert(c.of[v] >= 0 && (size_t)c.of[v] < c.n);
		for (size_t a = off[v]; a < off[v + 1]; a++) {
			int x = c.of[v], y = c.of[adj[a]];
			if (x != y)
				cr_assert(has(c.off, c.adj, x, y), "edge %zu-%d lost", v, adj[a]);
		}
	}
	for (size_t u = 0; u < c.n; u++)
		for (size_t a = c.off[u]; a < c.off[u + 1]; a++) {
			cr_assert_neq((size_t)c.adj[a], u, "a self loop");
			cr_assert(a == c.off[u] || c.adj[a - 1] < c.adj[a],
				  "rows sorted, no repeats");
			cr_assert(has(c.off, c.adj, c.adj[a], (int)u), "symmetric");
		}
	coarse_free(&c);
	cr_assert_eq(coarse_build(N, off, adj, 0, &c), 0);
	cr_assert_eq(c.n, N);
	cr_assert_eq(memcmp(c.off, off, sizeof off), 0);
	coarse_free(&c);
}

Test(insight_coarse, refinement_is_deterministic_and_spreads_people)
{
	enum { N = 300 };
	size_t off[N + 1];
	int adj[4 * N];
	double a[2 * N], b[2 * N];
	ring(N, off, adj);
	for (size_t v = 0; v < N; v++) { /* in pairs on the same spot */
		a[2 * v] = (double)(v / 2 % 20) * 10.0;
		a[2 * v + 1] = (double)(v / 40) * 10.0;
	}
	memcpy(b, a, sizeof a);
	cr_assert_eq(coarse_refine(N, off, adj, 10.0, 40, a), 0);
	cr_assert_eq(coarse_refine(N, off, adj, 10.0, 40, b), 0);
	cr_assert_eq(memcmp(a, b, sizeof a), 0, "the same input, the same layout");
	size_t together = 0;
	for (size_t v = 0; v < N; v++) {
		cr_assert(isfinite(a[2 * v]) && isfinite(a[2 * v + 1]));
		if (v % 2 == 0 && hypot(a[2 * v] - a[2 * v + 2],
					a[2 * v + 1] - a[2 * v + 3]) < 0.5)
			together++;
	}
	cr_assert_eq(together, 0, "%zu pairs still on one spot", together);
}
