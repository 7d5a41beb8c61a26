/*
 * match_exact: provably optimal pairs for rounds of up to MATCH_EXACT_MAX
 * people.
 *
 * Objective, lexicographic: most people paired, then most real weight
 * (match.h), then most seeded noise.  It is folded into one integer per
 * edge,
 *     w'(i,j) = C + R(i,j) * K + noise(i,j),   noise in [0, N),
 * with K = N * (n/2 + 1) so that the noise of a whole matching stays below
 * one unit of real weight (N is as fine as int64 allows, up to 2^20, so
 * that noise ties are rare: ties would leave many reduced costs at zero
 * and make pricing add needless edges), and C = (Rmax * K + N) * (n/2 + 1) so that one
 * more pair outweighs any weight (the "maximum cardinality" matching of
 * networkx's maxcardinality=True, expressed as plain maximum weight).
 *
 * Pricing (Kolmogorov 2009, Blossom V section 5; in the spirit of the
 * column generation of Applegate and Cook 1993): solve on a sparse
 * candidate graph holding each person's KCAND best-weighted allowed
 * partners, then check every other allowed pair's reduced cost against
 * the optimal duals; add all violators and solve again until none is
 * left.  The duals are then feasible for the full graph, so the matching
 * is optimal on it: *proven is set only then.
 */
#include <stdlib.h>
#include <string.h>

#include "match/blossom.h"
#include "match/match_impl.h"

#define KCAND 10

struct cand {
	int64_t w;       /* rank */
	int64_t weight;  /* edge weight without C */
	uint32_t j;
};

static void cand_offer(struct cand *list, uint32_t *cnt, int64_t w,
		       uint32_t j, int64_t weight)
{
	uint32_t k = *cnt;
	if (k == KCAND) {
		if (w <= list[KCAND - 1].w)
			return;
		k = KCAND - 1;
	} else {
		(*cnt)++;
	}
	while (k > 0 && list[k - 1].w < w) {
		list[k] = list[k - 1];
		k--;
	}
	list[k].w = w;
	list[k].weight = weight;
	list[k].j = j;
}

static int cmp_edge(const void *a, const void *b)
{
	const struct blossom_edge *x = a, *y = b;
	if (x->u != y->u)
		return x->u < y->u ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

static int grow(struct blossom_edge **e, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 1024;
	while (nc < need)
		nc *= 2;
	struct blossom_edge *p = realloc(*e, nc * sizeof *p);
	if (!p)
		return -1;
	*e = p;
	*cap = nc;
	return 0;
}

int match_solve_exact(const struct mctx *c, int32_t *mate, bool *proven,
		      struct err *e)
{
	uint32_t n = c->n;
	int64_t N = c->nrange > 1 ? c->nrange : 1;
	int64_t K = N * ((int64_t)n / 2 + 1);
	int64_t rmax = 0;
	struct cand *cand = NULL;
	uint32_t *ncand = NULL;
	struct blossom_edge *edges = NULL;
	size_t m = 0, cap = 0;
	struct blossom_cert cert = {0};
	int ret = -1;

	*proven = false;
	cand = malloc((size_t)n * KCAND * sizeof *cand);
	ncand = calloc(n, sizeof *ncand);
	if (!cand || !ncand)
		goto oom;
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++) {
			if (!mctx_pair_allowed(c, i, j))
				continue;
			int64_t r = mctx_weight(c, i, j);
			if (r > rmax)
				rmax = r;
			/* rank by pair quality: the per-person bonuses are the
			 * same in every perfect matching, and ranking by them
			 * would hand everyone the same few partners */
			int64_t q = (r - c->bonus[i] - c->bonus[j]) * K +
				    (int64_t)(mctx_noise(c, i, j) % (uint64_t)N);
			int64_t w = r * K + (int64_t)(mctx_noise(c, i, j) % (uint64_t)N);
			cand_offer(cand + (size_t)i * KCAND, &ncand[i], q, j, w);
			cand_offer(cand + (size_t)j * KCAND, &ncand[j], q, i, w);
		}
	int64_t C = (rmax * K + N) * ((int64_t)n / 2 + 1);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t k = 0; k < ncand[i]; k++) {
			struct cand *x = &cand[(size_t)i * KCAND + k];
			if (grow(&edges, &cap, m + 1) < 0)
				goto oom;
			edges[m].u = i < x->j ? i : x->j;
			edges[m].v = i < x->j ? x->j : i;
			edges[m].w = C + x->weight;
			m++;
		}
	free(cand);
	cand = NULL;
	if (m)
		qsort(edges, m, sizeof *edges, cmp_edge);
	size_t u = 0;
	for (size_t k = 0; k < m; k++)
		if (u == 0 || edges[k].u != edges[u - 1].u ||
		    edges[k].v != edges[u - 1].v)
			edges[u++] = edges[k];
	m = u;

	for (;;) {
		blossom_cert_release(&cert);
		if (blossom_solve(n, edges, m, mate, &cert) < 0)
			goto oom;
		size_t before = m;
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++) {
				/* cheap dual test first: most pairs pass it */
				if (cert.dual[i] + cert.dual[j] >= 2 * (C + rmax * K + N))
					continue;
				if (!mctx_pair_allowed(c, i, j))
					continue;
				int64_t w = C + mctx_weight(c, i, j) * K +
					    (int64_t)(mctx_noise(c, i, j) % (uint64_t)N);
				if (blossom_reduced_cost(&cert, i, j, w) >= 0)
					continue;
				if (grow(&edges, &cap, m + 1) < 0)
					goto oom;
				edges[m].u = i;
				edges[m].v = j;
				edges[m].w = w;
				m++;
			}
		if (m == before)
			break;
	}
	*proven = true;
	ret = 0;
	goto done;
oom:
	err_set(e, ERR_INTERNAL, "out of memory");
done:
	blossom_cert_release(&cert);
	free(cand);
	free(ncand);
	free(edges);
	return ret;
}
