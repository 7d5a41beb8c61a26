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

#include "match/match_cand.h"

/* The weight store: the real weight of every allowed pair, kept by the
 * candidate scan for pricing in 2 bytes a pair when every weight fits
 * (the default weights and topics do), else 4; at most 128 MiB, which
 * holds every pair of a round of 11,585 people (2 bytes) or 8,192 (4).
 * Beyond it pricing computes the weights again, which at 8,000 people
 * took half the solve. */
#define STORE_BYTES ((size_t)1 << 27)

/* A person in pricing order: a = u - 2 K bonus, and what decides the
 * pair class (same organisation? same sector?), inline so the scan
 * reads memory in order. */
struct ord {
	int64_t a;
	uint32_t i, org, sec;
	int32_t top;     /* top-level blossom holding i, or i */
};

/* The class of a pair for the pricing bound: bit 0 same organisation,
 * bit 1 same sector (known values only). */
static inline unsigned pair_class(uint32_t oa, uint32_t ob, uint32_t sa,
				  uint32_t sb)
{
	return (unsigned)(oa && oa == ob) | (unsigned)(sa && sa == sb) << 1;
}

/* The largest pair part (weight less both bonuses) of an allowed pair
 * in each pair class; -1 where the class has none. */
static void pair_maxima(const struct mctx *c, int64_t pmax[4])
{
	for (uint32_t i = 0; i < c->n; i++)
		FOR_FREE(c, i, j, {
			if (!rules_ok(c, i, j))
				continue;
			int64_t pr = mctx_weight(c, i, j) - c->bonus[i] - c->bonus[j];
			unsigned pc = pair_class(c->org[i], c->org[j], c->sec[i], c->sec[j]);
			if (pr > pmax[pc])
				pmax[pc] = pr;
		})
}

static int cmp_ord(const void *a, const void *b)
{
	const struct ord *x = a, *y = b;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int cmp_top(const void *a, const void *b)
{
	const struct ord *x = a, *y = b;
	if (x->top != y->top)
		return x->top < y->top ? -1 : 1;
	return cmp_ord(a, b);
}

/* One pricing pass: the state it needs and the edges it adds. */
struct pricing {
	const struct mctx *c;
	const struct blossom_cert *cert;
	int64_t C, K, N;
	int64_t lim[4], limmax;
	struct blossom_edge **edges;
	size_t *m, *cap;
};

static int grow(struct blossom_edge **e, size_t *cap, size_t need);

/* Appends a violating pair to the graph of the next solve. */
static int add_edge(struct pricing *pr, uint32_t i, uint32_t j, int64_t w)
{
	if (grow(pr->edges, pr->cap, *pr->m + 1) < 0)
		return -1;
	(*pr->edges)[*pr->m].u = i;
	(*pr->edges)[*pr->m].v = j;
	(*pr->edges)[*pr->m].w = w;
	(*pr->m)++;
	return 0;
}

/* Prices the pairs of o[0..len) (sorted by a) whose a_p + a_q + extra
 * stays under the bound of their class; extra is a lower bound on the
 * blossom duals the pair shares.  With skip_same_top, pairs inside one
 * top-level blossom are left to their own pass.  Adds every violating
 * pair; -1 when out of memory. */
static int price_run(struct pricing *pr, const struct ord *o, uint32_t len,
		     int64_t extra, bool skip_same_top)
{
	const struct mctx *c = pr->c;
	uint32_t n = c->n;
	for (uint32_t p = 0; p < len; p++)
		for (uint32_t q = p + 1; q < len && o[p].a + o[q].a + extra < pr->limmax; q++) {
			const struct ord *x = &o[p], *y = &o[q];
			if (skip_same_top && x->top == y->top && x->top >= (int32_t)n)
				continue;
			if (x->a + y->a + extra >= pr->lim[pair_class(x->org, y->org, x->sec, y->sec)])
				continue;
			uint32_t i = x->i < y->i ? x->i : y->i;
			uint32_t j = x->i < y->i ? y->i : x->i;
			if (!mctx_pair_allowed(c, i, j))
				continue;
			int64_t w = pr->C + mctx_weight(c, i, j) * pr->K +
				    (int64_t)(mctx_noise(c, i, j) & ((uint64_t)pr->N - 1));
			if (blossom_reduced_cost(pr->cert, i, j, w) >= 0)
				continue;
			if (add_edge(pr, i, j, w) < 0)
				return -1;
		}
	return 0;
}

/* Pricing from the weight store: every allowed pair once, in the scan's
 * order, reading 4 bytes each.  A pair is priced only when even its
 * largest possible noise could make it violate, and the blossom sums
 * only when the vertex duals alone (plus the dual of a top-level
 * blossom holding both) leave it violated. */
static int price_store(struct pricing *pr, const int16_t *s16,
		       const int32_t *s32, const int32_t *top)
{
	const struct mctx *c = pr->c;
	const int64_t *d = pr->cert->dual;
	uint32_t n = c->n;
	uint64_t nmask = (uint64_t)pr->N - 1;
	int64_t Nmax = pr->N - 1;
	size_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		int64_t di = d[i];
		FOR_FREE(c, i, j, {
			int32_t r = s16 ? s16[k] : s32[k];
			k++;
			if (r < 0)
				continue;
			int64_t w = pr->C + r * pr->K;
			int64_t s = di + d[j] - 2 * w;
			if (s >= 2 * Nmax)
				continue;
			w += (int64_t)(mctx_noise(c, i, j) & nmask);
			s = di + d[j] - 2 * w;
			if (s >= 0)
				continue;
			if (top[i] == top[j] && top[i] >= (int32_t)n &&
			    s + 2 * d[top[i]] >= 0)
				continue;
			if (blossom_reduced_cost(pr->cert, i, j, w) >= 0)
				continue;
			if (add_edge(pr, i, j, w) < 0)
				return -1;
		})
	}
	return 0;
}

static int cmp_org_ord(const void *a, const void *b)
{
	const struct ord *x = a, *y = b;
	if (x->org != y->org)
		return x->org < y->org ? -1 : 1;
	return cmp_ord(a, b);
}

/* Pairs p < q of o[0..len) (sorted by a) with a_p + a_q < 0. */
static size_t neg_pairs(const struct ord *o, uint32_t len)
{
	size_t cnt = 0;
	for (uint32_t lo = 0, hi = len; len && lo + 1 < hi;) {
		if (o[lo].a + o[hi - 1].a < 0) {
			cnt += hi - 1 - lo;
			lo++;
		} else {
			hi--;
		}
	}
	return cnt;
}

/* Pricing by each person's candidate threshold.  A pair of class k
 * (same known organisation or not) outside the candidate graph is on
 * neither person's list of that class, so both lists are full and the
 * pair's rank q (pair quality * K + noise) is at most both thresholds
 * T_i, T_j.  It violates only if u_i + u_j < 2 w = 2 C + 2 q +
 * 2 K (bonus_i + bonus_j), i.e. with a_i = u_i - C - 2 K bonus_i, only if
 * a_i + a_j < 2 min(T_i, T_j) <= T_i + T_j: b_i + b_j < 0 with
 * b_i = a_i - T_i.  Blossom duals only add to the left side.  In b
 * order a person's partners to try are a prefix of the rest, and at the
 * optimum most people have b >= 0: their best partners are in the graph
 * and their duals pay for them.  Where most pairs have met (`dense`)
 * this tries a few thousand pairs where a pass over the weight store
 * reads every allowed pair.  Returns 1 without pricing when more than
 * `most` pairs would be tried (the caller then reads every pair), 0 when
 * done, -1 when out of memory. */
static int price_thr(struct pricing *pr, struct ord *o, const int64_t *thr,
		     size_t most)
{
	const struct mctx *c = pr->c;
	const int64_t *u = pr->cert->dual;
	uint32_t n = c->n, len[2] = {0, 0};
	struct ord *cls[2] = { o, o + n };
	/* nobody with b >= -min b can be in such a pair: at the optimum
	 * that leaves a few dozen people to sort, so b is computed twice
	 * (the least, then who is under its negation) rather than
	 * everyone written out and filtered */
	int64_t lo[2] = { INT64_MAX, INT64_MAX };
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = 0; i < n; i++)
			for (unsigned k = 0; k < 2; k++) {
				int64_t t = thr[2 * (size_t)i + k];
				if (t == INT64_MIN || (k && !c->org[i]))
					continue; /* every such pair is in the graph */
				int64_t b = u[i] - pr->C - 2 * pr->K * c->bonus[i] - t;
				if (pass == 0) {
					lo[k] = b < lo[k] ? b : lo[k];
					continue;
				}
				if (b >= -lo[k])
					continue;
				struct ord *x = &cls[k][len[k]++];
				x->a = b;
				x->i = i;
				x->org = c->org[i];
			}
	qsort(cls[0], len[0], sizeof *o, cmp_ord);
	qsort(cls[1], len[1], sizeof *o, cmp_org_ord);
	size_t tries = neg_pairs(cls[0], len[0]);
	for (uint32_t s0 = 0, s1; s0 < len[1] && tries <= most; s0 = s1) {
		for (s1 = s0 + 1; s1 < len[1] && cls[1][s1].org == cls[1][s0].org; s1++)
			;
		tries += neg_pairs(cls[1] + s0, s1 - s0);
	}
	if (tries > most)
		return 1;
	uint64_t nmask = (uint64_t)pr->N - 1;
	for (unsigned k = 0; k < 2; k++)
		for (uint32_t p = 0; p < len[k]; p++)
			for (uint32_t q = p + 1; q < len[k] && cls[k][p].a + cls[k][q].a < 0; q++) {
				const struct ord *x = &cls[k][p], *y = &cls[k][q];
				bool same = x->org && x->org == y->org;
				if (same != (k == 1))
					continue; /* the other class, or (k 1) the
						   * next organisation */
				uint32_t i = x->i < y->i ? x->i : y->i;
				uint32_t j = x->i < y->i ? y->i : x->i;
				if (!mctx_pair_allowed(c, i, j))
					continue;
				int64_t w = pr->C + mctx_weight(c, i, j) * pr->K +
					    (int64_t)(mctx_noise(c, i, j) & nmask);
				if (blossom_reduced_cost(pr->cert, i, j, w) < 0 &&
				    add_edge(pr, i, j, w) < 0)
					return -1;
			}
	return 0;
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

/* An upper bound on any pair's real weight (mctx_weight), to know
 * whether the weight store's int16 or int32 holds them all. */
static int64_t weight_bound(const struct mctx *c)
{
	int64_t maxb = 0;
	uint32_t maxt = 0;
	bool chal = false;
	for (uint32_t i = 0; i < c->n; i++) {
		if (c->bonus[i] > maxb)
			maxb = c->bonus[i];
		if (c->toff[i + 1] - c->toff[i] > maxt)
			maxt = c->toff[i + 1] - c->toff[i];
		chal |= c->in->people[i].nchallenges > 0;
	}
	const struct match_weights *w = &c->w;
	return 2 * maxb + w->different_organisation + w->different_sector +
	       w->shared_topic * (int64_t)maxt +
	       (chal ? w->shared_challenge : 0) + w->new_connection +
	       w->new_sector_connection;
}

/* Whether pricing by the candidate thresholds is likely to give way to
 * a pass over every pair (price_thr).  It holds where everyone is
 * paired among their best partners: plain weights (organisation,
 * sector, bonuses), every organisation and sector known, none over
 * half the round, an even round, no rule or block list.  Otherwise
 * (measured: an odd round, whose exposed person's dual of 0 spreads
 * the others'; one organisation over half; 5% unknown; a block list;
 * topics at 2,000) it often gives way. */
static bool store_likely(const struct mctx *c, bool plain)
{
	uint32_t n = c->n;
	if (n % 2 || !plain || c->mix || c->avoid || c->in->nblocked)
		return true;
	uint32_t *size = calloc((size_t)n + 1, sizeof *size);
	if (!size)
		return true;
	bool likely = false;
	for (uint32_t i = 0; i < n && !likely; i++)
		likely = !c->org[i] || !c->sec[i] || 2 * ++size[c->org[i]] > n;
	free(size);
	return likely;
}

static int alloc_store(size_t width, size_t nfree, int16_t **s16,
		       int32_t **s32)
{
	if (width == 2)
		*s16 = malloc((nfree + 1) * sizeof **s16);
	else
		*s32 = malloc((nfree + 1) * sizeof **s32);
	return *s16 || *s32 ? 0 : -1;
}

/* The weight store as the scan would have filled it: every pair
 * free_cols allows, in the scan's order, its real weight or -1 where a
 * rule forbids it. */
static void fill_store(const struct mctx *c, int16_t *s16, int32_t *s32)
{
	size_t k = 0;
	for (uint32_t i = 0; i < c->n; i++)
		FOR_FREE(c, i, j, {
			int64_t r = rules_ok(c, i, j) ? mctx_weight(c, i, j) : -1;
			if (s16)
				s16[k++] = (int16_t)r;
			else
				s32[k++] = (int32_t)r;
		})
}

/* With the noise off every pair of one pair part ties, and the lists
 * kept the first ten offered: in the scan's order the lowest-numbered
 * partners.  The candidate graph then crowded onto a few dozen people,
 * the first solve left most of the round exposed, pricing added 80% of
 * the allowed pairs and the second solve ran on that nearly complete
 * graph of equal weights (0.9 s on `dense` at 1,000, 6 ms with the
 * noise on).  So candidates are ranked by the pair part times H plus
 * a seeded hash below H, which breaks the ties at random the way the
 * noise does, while the edge weights stay free of it (the objective is
 * unchanged).  H: a power of two up to 2^20 that keeps the ranks of
 * weights up to wb well inside int64; 1 (ties in scan order, as
 * before) where none does. */
static int64_t tie_range(int64_t wb)
{
	int64_t H = (int64_t)1 << 20;
	while (H > 1 && wb + 1 > ((int64_t)1 << 61) / H)
		H >>= 1;
	return H;
}

int match_solve_exact(const struct mctx *c, int32_t *mate, bool *proven,
		      struct err *e)
{
	uint32_t n = c->n;
	int64_t N = c->nrange > 1 ? c->nrange : 1;
	int64_t K = N * ((int64_t)n / 2 + 1);
	/* the largest pair part (weight less both bonuses) of an allowed
	 * pair, per pair class, -1 where none: pricing without a weight
	 * store needs them (pair_maxima) */
	int64_t rmax = 0, pmax[4] = { -1, -1, -1, -1 };
	bool have_pmax = false;
	struct ord *byord = NULL;
	cand_t *cand = NULL;
	uint32_t *ncand = NULL;
	uint8_t *least = NULL;
	struct blossom_edge *edges = NULL;
	size_t m = 0, cap = 0;
	struct blossom_cert cert = {0};
	int64_t *dual0 = NULL;
	int16_t *s16 = NULL;
	int32_t *s32 = NULL, *top = NULL;
	int64_t *thr = NULL;
	int ret = -1;

	*proven = false;
	cand = malloc((size_t)n * 2 * KCAND * sizeof *cand);
	ncand = calloc(2 * (size_t)n, sizeof *ncand);
	least = malloc(2 * (size_t)n);
	thr = malloc(2 * (size_t)n * sizeof *thr);
	byord = malloc(2 * (size_t)n * sizeof *byord);
	top = malloc((size_t)n * sizeof *top);
	if (!cand || !ncand || !least || !thr || !byord || !top)
		goto oom;
	for (size_t l = 0; l < 2 * (size_t)n; l++)
		thr[l] = INT64_MIN;
	/* N is a power of two (match.c), so the noise is a mask away */
	uint64_t nmask = (uint64_t)N - 1;
	/* keep every pair's real weight for pricing when it fits: the
	 * pairs history and block list allow, counted a word at a time,
	 * and weights that fit in an int32 */
	int64_t wb = weight_bound(c);
	size_t width = wb <= INT16_MAX ? 2 : wb <= INT32_MAX ? 4 : 0;
	/* The store is read only where pricing by the candidate
	 * thresholds gives way (price_thr), which an odd round or one
	 * organisation over half the round makes likely: then it is
	 * filled by the scan, the pairs counted first to size it.
	 * Elsewhere (`dense`, `orgs`, `fine`) the scan counts them and
	 * the store is filled only if pricing needs it after all
	 * (fill_store, one pass): at 1,000 people on `dense` it was 48
	 * page faults nobody read. */
	bool plain = cand_plain(c);
	bool likely = width && store_likely(c, plain);
	size_t nfree = 0;
	for (uint32_t i = 0; i < n && likely && nfree <= STORE_BYTES / width; i++)
		nfree += cand_row_free(c, i);
	if (likely && nfree <= STORE_BYTES / width &&
	    alloc_store(width, nfree, &s16, &s32) < 0)
		goto oom;
	bool store = s16 || s32;
	/* ranks: with the noise on, the pair part times K plus the noise
	 * (the weight less C and the bonuses); with it off, the pair part
	 * times H plus a seeded tie-break that no weight carries */
	int64_t H = c->w.noise ? 0 : tie_range(wb);
	struct cand_scan sc = { .c = c, .cand = cand, .ncand = ncand, .least = least, .thr = thr,
			   .s16 = s16, .s32 = s32, .K = H ? H : K,
			   .nmask = H ? (uint64_t)H - 1 : nmask, .seed = c->in->seed,
			   .bound = wb };
	if (plain && !c->mix && !c->avoid &&
	    cand_guess(c, thr, sc.K, sc.nmask) < 0)
		goto oom;
	/* the common case (no rule beyond history and block list, weights
	 * from organisation, sector and bonuses alone) gets a loop of its
	 * own with the general tests compiled out */
	rmax = cand_scan(&sc, !c->mix && !c->avoid && c->fbits && plain, plain, store);
	if (!likely)
		nfree = sc.visited;
	bool fits = width && nfree <= STORE_BYTES / width;
	/* allowed pairs (history and block list), or a bound on them */
	size_t nall = fits ? nfree : (size_t)n * (n - 1) / 2;
	int64_t C = (rmax * K + N) * ((int64_t)n / 2 + 1);
	if (cand_prune_inside(c, cand, ncand, thr) < 0)
		goto oom;
	/* the lists' array becomes the edge list, which pricing grows */
	/* with the noise off, the thresholds from ranks to what pricing
	 * bounds: a pair part times K (a pair outside a list has a rank
	 * at most the threshold, so a part at most its part) */
	for (size_t l = 0; H && l < 2 * (size_t)n; l++)
		if (thr[l] != INT64_MIN)
			thr[l] = thr[l] / H * K;
	m = cand_edges(c, cand, ncand, C, K, H);
	edges = cand;
	cap = (size_t)n * 2 * KCAND;
	cand = NULL;

	for (;;) {
		/* warm start from the previous round: its matching, and its
		 * duals with every blossom's dual folded into its vertices
		 * (feasible for the old edges; blossom_solve_from raises them
		 * where a new edge needs it) */
		if (cert.dual)
			blossom_cert_fold(&cert, dual0);
		blossom_cert_release(&cert);
		/* the edge array's unused tail (its pages touched by the
		 * lists) is the solve's working memory */
		if (blossom_solve_in(n, edges, m, dual0 ? mate : NULL, dual0,
				     mate, &cert, edges + m,
				     (cap - m) * sizeof *edges) < 0)
			goto oom;
		if (!dual0 && !(dual0 = malloc((size_t)n * sizeof *dual0)))
			goto oom;
		size_t before = m;
		/* Only a pair with u_i + u_j < 2 w(i,j) can violate, and
		 * w(i,j) <= C + (bonus_i + bonus_j + pmax[class]) * K + N - 1,
		 * so with a_i = u_i - 2 K bonus_i only pairs with a_i + a_j <
		 * lim[class] = 2 (C + pmax[class] K + N) need a look: in a_i
		 * order, a prefix of the rest for each i, and within it a
		 * test on data read in order.  Pairs inside one top-level
		 * blossom T also share its dual, 2 z_T more on the left:
		 * they get their own pass per blossom, without which a large
		 * blossom (low vertex duals) let nearly every pair through. */
		struct pricing pr = { .c = c, .cert = &cert, .C = C, .K = K,
				      .N = N, .limmax = INT64_MIN,
				      .edges = &edges, .m = &m, .cap = &cap };
		for (uint32_t v = 0; v < n; v++) {
			int32_t t = (int32_t)v;
			while (cert.parent[t] >= 0)
				t = cert.parent[t];
			top[v] = t;
		}
		int thr_done = price_thr(&pr, byord, thr, nall / 8);
		if (thr_done < 0)
			goto oom;
		if (thr_done == 0) {
			if (m == before)
				break;
			continue;
		}
		if (fits && !store) {
			if (alloc_store(width, nfree, &s16, &s32) < 0)
				goto oom;
			fill_store(c, s16, s32);
			store = true;
		}
		/* the passes below ask for many pairs' reduced costs */
		if (blossom_cert_index(&cert) < 0)
			goto oom;
		if (store) {
			if (price_store(&pr, s16, s32, top) < 0)
				goto oom;
			if (m == before)
				break;
			continue;
		}
		/* the class maxima, once: only this path needs them */
		if (!have_pmax) {
			pair_maxima(c, pmax);
			have_pmax = true;
		}
		for (unsigned k = 0; k < 4; k++) {
			pr.lim[k] = pmax[k] < 0 ? INT64_MIN : 2 * (C + pmax[k] * K + N);
			if (pr.lim[k] > pr.limmax)
				pr.limmax = pr.lim[k];
		}
		for (uint32_t v = 0; v < n; v++) {
			byord[v].a = cert.dual[v] - 2 * K * c->bonus[v];
			byord[v].i = v;
			byord[v].org = c->org[v];
			byord[v].sec = c->sec[v];
			byord[v].top = top[v];
		}
		qsort(byord, n, sizeof *byord, cmp_ord);
		if (price_run(&pr, byord, n, 0, true) < 0)
			goto oom;
		qsort(byord, n, sizeof *byord, cmp_top);
		for (uint32_t s0 = 0, s1; s0 < n; s0 = s1) {
			for (s1 = s0 + 1; s1 < n && byord[s1].top == byord[s0].top; s1++)
				;
			if (byord[s0].top >= (int32_t)n &&
			    price_run(&pr, byord + s0, s1 - s0,
				      2 * cert.dual[byord[s0].top], false) < 0)
				goto oom;
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
	free(least);
	free(edges);
	free(dual0);
	free(byord);
	free(s16);
	free(s32);
	free(top);
	free(thr);
	return ret;
}
