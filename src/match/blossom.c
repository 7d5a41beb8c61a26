/*
 * blossom: Edmonds' weighted matching with duals (see blossom.h for the
 * contract and the papers).  A line-by-line port of the primal-dual
 * O(n^3) scheme of van Rantwijk's mwmatching.py (public domain) to C:
 *
 *   - vertices are 0..n-1, blossoms n..2n-1;
 *   - an "endpoint" p names one end of edge p/2: endpoint[p] is the
 *     vertex, p^1 the other end; mate[v] holds the remote endpoint;
 *   - labels: 0 free, 1 S (outer), 2 T (inner), 5 a temporary mark;
 *   - alternating trees grow from every exposed vertex on tight edges,
 *     and the duals change by the smallest delta when they get stuck.
 *
 * Where it departs from the textbook, for speed on large rounds (each
 * change is explained where it is made):
 *   - a warm start (jump start, or the caller's matching and duals) with
 *     exposed vertices at different duals, settled by bl_retire() as in
 *     LEMON's MaxWeightedMatching;
 *   - after an augmentation only the two trees involved are dissolved
 *     (dissolve()); the others keep growing, where the textbook rebuilds
 *     every tree after every augmentation;
 *   - duals change lazily through one offset and the four deltas are
 *     heaps (struct bl in blossom_impl.h), so a dual adjustment costs
 *     O(log m), not a walk over the trees (LEMON's MaxWeightedMatching
 *     does the same).
 *
 * Memory: everything is allocated up front except the child lists of
 * blossoms; an allocation failure long-jumps back to blossom_solve,
 * which frees everything and reports -1.
 */
#include "match/blossom.h"
#include "match/blossom_impl.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Labels 0 for blossom t and everything inside it. */
static void unlabel_blossom(struct bl *b, int32_t t)
{
	int32_t ns = 0;
	b->stk[ns++] = t;
	while (ns) {
		int32_t x = b->stk[--ns];
		b->label[x] = 0;
		if (x < b->n)
			continue;
		for (int32_t i = 0; i < b->nchilds[x]; i++)
			b->stk[ns++] = b->childs[x][i];
	}
	int32_t nl = bl_leaves(b, t);
	if (t >= b->n)
		bl_sync(b, t);
	for (int32_t i = 0; i < nl; i++)
		bl_sync(b, b->lv[i]);
}

/* After an augmentation (or a retirement) inside trees t1 and t2 (t2 may
 * be -1), those trees no longer exist: their vertices become free,
 * matched vertices.  The other trees stay as they are, so the search
 * goes on without rebuilding them (the textbook restarts every tree
 * after each augmentation, which costs a scan of nearly the whole graph
 * per augmentation).  Edges from the remaining S-vertices to the freed
 * vertices now bound delta 2; the heap entries that pointed into the
 * dissolved trees are found dead when they reach the top. */
static void dissolve(struct bl *b, int32_t t1, int32_t t2)
{
	int32_t nd = 0, ts[2] = {t1, t2 == t1 ? -1 : t2}, mheads[2] = {-1, -1};
	for (int j = 0; j < 2; j++) {
		int32_t t = ts[j];
		if (t < 0)
			continue;
		mheads[j] = b->thead[t];
		/* the tree's own log (struct bl): what it costs is the
		 * tree's size, where a walk over every labelled vertex was
		 * a tenth of a solve of `dense` */
		for (int32_t i = b->thead[t]; i >= 0; i = b->tlog[i].prev) {
			int32_t v = b->tlog[i].v;
			if (v < 0 || b->tree[v] != t)
				continue; /* left the tree, or logged twice */
			b->tree[v] = -1;
			if (b->label[b->inblossom[v]] != 0)
				b->dl[nd++] = v;
		}
		b->thead[t] = -1;
	}
	for (int32_t i = 0; i < nd; i++) {
		int32_t top = b->inblossom[b->dl[i]];
		if (b->label[top] == 0)
			continue;
		bool zero_s = top >= b->n && b->label[top] == 1 && bl_du(b, top) == 0;
		unlabel_blossom(b, top);
		if (zero_s)
			bl_expand_blossom(b, top, true);
	}
	/* The marks the dissolved trees' S-vertices left on vertices
	 * inside other trees' T-blossoms ("reached from S-vertex x", which
	 * expanding that blossom reads) no longer hold: x is free.  The
	 * textbook never meets a stale mark, as it clears every label
	 * after every augmentation.  Each mark is in its tree's log
	 * (scan_tight), so this is a walk over the few marks, where
	 * checking every edge of every freed vertex was a fifth of a
	 * dissolve on `dense`. */
	for (int j = 0; j < 2; j++)
		for (int32_t i = mheads[j]; i >= 0; i = b->tlog[i].prev) {
			int32_t w = b->tlog[i].v;
			if (w >= 0 || b->label[-w - 1] != 2)
				continue;
			w = -w - 1;
			int32_t x = b->labelend[w] < 0 ? -1 : b->endpoint[b->labelend[w]];
			if (x >= 0 && b->label[b->inblossom[x]] == 0) {
				b->label[w] = 0;
				b->labelend[w] = -1;
			}
		}
	for (int32_t i = 0; i < nd; i++) {
		int32_t v = b->dl[i];
		/* one pass over v's edges for what else a freed vertex
		 * changes (bl_push_free_edges does the second alone, for
		 * a T-blossom's expansion) */
		for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
			int32_t p = b->nb[q], w = b->endpoint[p];
			/* "allowed" (tight) was true while the labels held;
			 * with v's dual now frozen, an edge to a T-vertex of
			 * another tree loosens as that tree grows */
			b->allow[bl_edge(p)] = 0;
			if (b->label[b->inblossom[w]] == 1)
				bl_file_free_edge(b, w, bl_edge(p));
		}
	}
}

/* The scan of one S-vertex v: v's dual, which holds while v is scanned
 * (D moves only between scans, and v stays S), so each edge's slack
 * reads only the other end's; and the least slack of v's edges to free
 * vertices so far. */
struct best {
	int64_t duv;
	int64_t s;
	int32_t k;
};

/* scan_edge's tight case: edge kk from S-vertex v to endpoint p (vertex
 * w, top-level blossom bw) grows the tree, makes a blossom or augments.
 * Returns true when v's tree is gone (augmented). */
static bool scan_tight(struct bl *b, int32_t v, int32_t p, int32_t kk)
{
	int32_t w = b->endpoint[p], bw = b->inblossom[w];
	int32_t lw = b->label[bw];
	if (lw == 0 && b->mate[b->bbase[bw]] < 0) {
		/* a retired (exposed, dual 0) vertex: an augmenting path */
		int32_t t1 = b->tree[v];
		b->labelend[bw] = -1;
		bl_augment_matching(b, kk);
		dissolve(b, t1, -1);
		return true;
	} else if (lw == 0) {
		bl_assign_label(b, w, 2, p ^ 1);
	} else if (lw == 1) {
		int32_t base = bl_scan_blossom(b, v, w);
		if (base >= 0) {
			bl_add_blossom(b, base, kk);
		} else {
			int32_t t1 = b->tree[v], t2 = b->tree[w];
			bl_augment_matching(b, kk);
			dissolve(b, t1, t2);
			return true;
		}
	} else if (b->label[w] == 0) {
		/* w is inside a T-blossom: "reached from S-vertex v", which
		 * expanding that blossom reads; dissolving v's tree takes
		 * the mark back (the tree's log, struct bl) */
		b->label[w] = 2;
		b->labelend[w] = p ^ 1;
		bl_tmark(b, w, b->tree[v]);
	}
	return false;
}

/* Examines edge p/2 from S-vertex v to endpoint p, as the search does
 * when v is scanned: the tight case in scan_tight, else files the edge
 * under delta 2 or 3.  Returns true when v's tree is gone (augmented),
 * so scanning v ends.  Inline: most edges end here after a few loads,
 * and the call was a tenth of what scanning cost on `dense`. */
static inline bool scan_edge(struct bl *b, int32_t v, int32_t p, struct best *bf)
{
	int32_t kk = bl_edge(p);
	int32_t bw = b->inblossom[b->endpoint[p]];
	if (b->inblossom[v] == bw)
		return false;
	if (!b->allow[kk]) {
		int64_t ks = bf->duv + bl_du(b, b->endpoint[p]) - 2 * b->e[kk].w;
		if (ks > 0) {
			int32_t lw = b->label[bw];
			if (lw == 1) {
				bl_hpush(b, &b->h3, ks + 2 * b->D, kk);
			} else if (lw == 0 && ks < bf->s) {
				/* v's best edge to a free vertex
				 * (bl_push_best) */
				bf->s = ks;
				bf->k = kk;
			}
			/* an unreached vertex inside a T-blossom (lw 2)
			 * files its edges when the blossom is expanded
			 * (bl_expand_blossom) */
			return false;
		}
		allow_edge(b, kk);
	}
	return scan_tight(b, v, p, kk);
}

static void bl_free(struct bl *b)
{
	/* Either table may be missing after a failed allocation in
	 * bl_run; blossoms are numbered from n up to hi. */
	for (int32_t i = b->n; i < b->hi; i++) {
		if (b->childs)
			free(b->childs[i]);
		if (b->endps)
			free(b->endps[i]);
	}
	/* the arrays of bl_run's setup, maybe in the caller's scratch */
	void *fixed[] = { b->endpoint, b->nboff, b->nb, b->mate, b->label,
			  b->labelend, b->inblossom, b->childs, b->nchilds,
			  b->endps, b->bbase, b->unused, b->sg, b->path,
			  b->allow, b->lv, b->stk, b->thead, b->tree, b->dl,
			  b->bkey, b->h1min, b->ae };
	for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
		bl_release(b, fixed[k]);
	free(b->bparent);
	free(b->dual);
	free(b->h1.a);
	free(b->h2.a);
	free(b->h3.a);
	free(b->h4.a);
	free(b->queue);
	free(b->tlog);
}


/* The slack of the edge of endpoint p at vertex v (p its far end), for
 * the warm start: before the first stage every direction is 0 (struct
 * bl), so the stored duals are the duals. */
static inline int64_t slack0(const struct bl *b, int32_t v, int32_t p)
{
	return b->dual[v] + b->dual[b->endpoint[p]] - 2 * b->e[bl_edge(p)].w;
}

/* Warm start: vertex duals as low as feasibility allows, and a greedy
 * matching on the edges that are then tight.  The duals start from the
 * caller's (made feasible by raising an endpoint of any edge they
 * violate; the caller's matched edges that are still tight are kept) or
 * else at the heaviest edge at each vertex.  Then, three times, each
 * still-exposed vertex lowers its dual to max(0, 2w - u_other) over its
 * edges, which makes one of its edges tight, and exposed pairs joined by
 * a tight edge are matched.  All slacks stay >= 0 and matched edges are
 * tight, which is all the primal-dual stages need; exposed vertices
 * with different duals are handled by bl_retire().  Every dual starts
 * even (rounded up): a delta of type 3 halves the slack of an edge
 * between two S-vertices, which is exact only when all tree vertices
 * share one parity, as they do when the roots start with duals of the
 * same parity (the textbook gives them all the same value). */
/* Augmenting paths of three tight edges, v - x = y - w with v and w
 * exposed and x = y matched: rematched as v - x, y - w, every matched edge
 * stays tight and no dual moves.  The greedy above stops at these: each
 * exposed vertex has made one edge tight, but to a matched vertex, whose
 * mate may have a tight edge to another exposed vertex. */
static void augment3(struct bl *b)
{
	for (int32_t v = 0; v < b->n; v++) {
		if (b->mate[v] >= 0)
			continue;
		for (int32_t q = b->nboff[v]; q < b->nboff[v + 1] && b->mate[v] < 0; q++) {
			int32_t p = b->nb[q], x = b->endpoint[p];
			if (b->mate[x] < 0 || slack0(b, v, p) != 0)
				continue;
			int32_t px = b->mate[x], y = b->endpoint[px];
			for (int32_t r = b->nboff[y]; r < b->nboff[y + 1]; r++) {
				int32_t pw = b->nb[r], w = b->endpoint[pw];
				if (w == v || w == x || b->mate[w] >= 0 ||
				    slack0(b, y, pw) != 0)
					continue;
				b->mate[v] = p;
				b->mate[x] = p ^ 1;
				b->mate[y] = pw;
				b->mate[w] = pw ^ 1;
				break;
			}
		}
	}
}

/* A short search from each exposed vertex r, as a stage would make it
 * but alone and without blossoms: an alternating tree of S-vertices (r
 * and the mates of T-vertices) and T-vertices; while no edge from S to
 * a vertex outside the tree is tight, every S dual falls and every T
 * dual rises by the least such slack (matched edges in the tree stay
 * tight, every other edge stays feasible), and a tight edge to a
 * matched vertex grows the tree, to an exposed one augments.  It stops
 * where a stage would need a blossom (an edge between two S-vertices
 * binds first), where an S dual reaches 0, or after WARM_STEPS steps,
 * keeping what it did: a feasible start either way, with fewer exposed
 * vertices (a sixth of a round with fine noise was left to the stages,
 * each augmenting path costing a multi-tree search). Duals stay even:
 * every step is a slack or a dual, never half a slack. */
#define WARM_STEPS 4

static void warm_search(struct bl *b)
{
	int32_t n = b->n, *sv = b->stk, *tv = b->lv, *via = b->dl;
	int32_t *lab = b->label;
	for (int32_t r = 0; r < n; r++) {
		if (b->mate[r] >= 0 || b->dual[r] == 0)
			continue;
		int32_t ns = 0, nt = 0;
		sv[ns++] = r;
		lab[r] = 1;
		for (int step = 0; step < WARM_STEPS; step++) {
			int64_t best = INT64_MAX;
			int kind = 0; /* 1 an S dual, 2 a free edge, 3 S-S */
			int32_t bp = -1;
			for (int32_t i = 0; i < ns; i++) {
				int32_t s = sv[i];
				if (b->dual[s] < best) {
					best = b->dual[s];
					kind = 1;
				}
				for (int32_t q = b->nboff[s]; q < b->nboff[s + 1]; q++) {
					int32_t p = b->nb[q], x = b->endpoint[p];
					if (lab[x] == 2)
						continue;
					int64_t sl = slack0(b, s, p);
					if (lab[x] == 1) {
						if (x != s && sl < 2 * best) {
							best = sl / 2;
							kind = 3;
						}
					} else if (sl < best) {
						best = sl;
						kind = 2;
						bp = p;
					}
				}
			}
			if (kind == 3)
				break;
			for (int32_t i = 0; i < ns; i++)
				b->dual[sv[i]] -= best;
			for (int32_t i = 0; i < nt; i++)
				b->dual[tv[i]] += best;
			if (kind == 1)
				break;
			int32_t x = b->endpoint[bp];
			if (b->mate[x] < 0) {
				/* augment: back from x along the tree to r */
				for (int32_t p = bp;;) {
					int32_t sx = b->endpoint[p ^ 1];
					int32_t up = sx == r ? -1 : via[b->endpoint[b->mate[sx]]];
					b->mate[sx] = p;
					b->mate[b->endpoint[p]] = p ^ 1;
					if (up < 0)
						break;
					p = up;
				}
				break;
			}
			int32_t y = b->endpoint[b->mate[x]];
			lab[x] = 2;
			via[x] = bp;
			tv[nt++] = x;
			lab[y] = 1;
			sv[ns++] = y;
		}
		for (int32_t i = 0; i < ns; i++)
			lab[sv[i]] = 0;
		for (int32_t i = 0; i < nt; i++)
			lab[tv[i]] = 0;
	}
}

static void warm_start(struct bl *b)
{
	int32_t n = b->n;
	if (b->dual0) {
		for (int32_t v = 0; v < n; v++)
			b->dual[v] = b->dual0[v] > 0 ? b->dual0[v] : 0;
		for (size_t k = 0; k < b->m; k++) {
			int64_t s = slack(b, (int32_t)k);
			if (s < 0)
				b->dual[b->e[k].u] -= s;
		}
		for (int32_t v = 0; v < n; v++)
			b->dual[v] += b->dual[v] & 1;
		for (int32_t v = 0; v < n; v++) {
			int32_t w = b->mate0[v];
			if (w <= v || b->mate[v] >= 0 || b->mate[w] >= 0)
				continue;
			for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
				int32_t p = b->nb[q];
				if (b->endpoint[p] == w && slack(b, bl_edge(p)) == 0) {
					b->mate[v] = p;
					b->mate[w] = p ^ 1;
					break;
				}
			}
		}
	} else {
		for (int32_t v = 0; v < n; v++) {
			int64_t mx = 0;
			for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
				int64_t w = b->e[bl_edge(b->nb[q])].w;
				if (w > mx)
					mx = w;
			}
			b->dual[v] = mx + (mx & 1);
		}
	}
	for (int round = 0; round < 3; round++) {
		for (int32_t v = 0; v < n; v++) {
			if (b->mate[v] >= 0)
				continue;
			int64_t need = 0;
			for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
				int32_t p = b->nb[q];
				int64_t x = 2 * b->e[bl_edge(p)].w - b->dual[b->endpoint[p]];
				if (x > need)
					need = x;
			}
			b->dual[v] = need;
		}
		for (int32_t v = 0; v < n; v++) {
			if (b->mate[v] >= 0)
				continue;
			for (int32_t q = b->nboff[v]; q < b->nboff[v + 1]; q++) {
				int32_t p = b->nb[q];
				int32_t w = b->endpoint[p];
				if (b->mate[w] < 0 && w != v && slack0(b, v, p) == 0) {
					b->mate[v] = p;
					b->mate[w] = p ^ 1;
					break;
				}
			}
		}
	}
	augment3(b);
	warm_search(b);
}

static void bl_run(struct bl *b)
{
	int32_t n = b->n;
	size_t m = b->m, k;
	int64_t maxw = 0;
	for (k = 0; !b->warm && k < m; k++) /* the warm start sets its own */
		if (b->e[k].w > maxw)
			maxw = b->e[k].w;

	b->endpoint = bl_fixed(b, 2 * m, sizeof *b->endpoint, false);
	b->nboff = bl_fixed(b, (size_t)n + 1, sizeof *b->nboff, true);
	b->nb = bl_fixed(b, 2 * m, sizeof *b->nb, false);
	for (k = 0; k < m; k++) {
		b->endpoint[2 * k] = (int32_t)b->e[k].u;
		b->endpoint[2 * k + 1] = (int32_t)b->e[k].v;
		b->nboff[b->e[k].u]++;
		b->nboff[b->e[k].v]++;
	}
	/* nboff[v] is where v's edges end; filled from the last edge back,
	 * it ends where they start, each vertex's edges in the order given
	 * (no second array of fill counts) */
	for (int32_t v = 1; v < n; v++)
		b->nboff[v] += b->nboff[v - 1];
	b->nboff[n] = (int32_t)(2 * m);
	for (k = m; k-- > 0;) {
		b->nb[--b->nboff[b->e[k].u]] = (int32_t)(2 * k + 1);
		b->nb[--b->nboff[b->e[k].v]] = (int32_t)(2 * k);
	}
	size_t n2 = 2 * (size_t)n;
	b->mate = bl_fixed(b, (size_t)n, sizeof *b->mate, false);
	b->label = bl_fixed(b, n2, sizeof *b->label, true);
	b->labelend = bl_fixed(b, n2, sizeof *b->labelend, false);
	b->inblossom = bl_fixed(b, (size_t)n, sizeof *b->inblossom, false);
	b->bparent = bl_alloc_raw(b, n2, sizeof *b->bparent);
	b->childs = bl_fixed(b, n2, sizeof *b->childs, true);
	b->nchilds = bl_fixed(b, n2, sizeof *b->nchilds, true);
	b->endps = bl_fixed(b, n2, sizeof *b->endps, true);
	b->bbase = bl_fixed(b, n2, sizeof *b->bbase, false);
	b->unused = bl_fixed(b, (size_t)n, sizeof *b->unused, false);
	b->dual = bl_alloc(b, n2, sizeof *b->dual);
	b->sg = bl_fixed(b, n2, sizeof *b->sg, true);
	b->path = bl_fixed(b, n2, sizeof *b->path, false);
	b->h1.kind = 1;
	b->h2.kind = 2;
	b->h3.kind = 3;
	b->h4.kind = 4;
	b->allow = bl_fixed(b, m, 1, false);
	b->h1min = bl_fixed(b, (size_t)n, sizeof *b->h1min, false);
	b->lv = bl_fixed(b, (size_t)n, sizeof *b->lv, false);
	b->stk = bl_fixed(b, n2, sizeof *b->stk, false);
	b->thead = bl_fixed(b, (size_t)n, sizeof *b->thead, false);
	b->bkey = bl_fixed(b, (size_t)n, sizeof *b->bkey, false);
	b->ae = bl_fixed(b, m, sizeof *b->ae, false);
	b->tree = bl_fixed(b, (size_t)n, sizeof *b->tree, false);
	b->dl = bl_fixed(b, (size_t)n, sizeof *b->dl, false);
	for (int32_t v = 0; v < n; v++) {
		b->mate[v] = -1;
		b->inblossom[v] = v;
		b->bbase[v] = v;
		b->bbase[n + v] = -1;
		b->dual[v] = maxw;
		b->unused[v] = 2 * n - 1 - v; /* pop order n, n+1, ... */
	}
	b->nunused = n;
	b->hi = n;
	for (size_t i = 0; i < n2; i++) {
		b->labelend[i] = -1;
		b->bparent[i] = -1;
	}

	if (b->warm)
		warm_start(b);
	memset(b->allow, 0, m);
	for (;;) {
		/* a new stage: every dual settled, the offset back at 0 */
		for (int32_t x = 0; x < b->hi; x++) {
			b->dual[x] = bl_du(b, x);
			b->sg[x] = 0;
		}
		b->D = 0;
		b->h1.n = b->h2.n = b->h3.n = b->h4.n = 0;
		b->h1.sweep = b->h2.sweep = b->h3.sweep = b->h4.sweep = 0;
		b->h1.ndead = b->h2.ndead = b->h3.ndead = b->h4.ndead = 0;
		memset(b->label, 0, (size_t)b->hi * sizeof *b->label);
		for (size_t i = 0; i < b->nae; i++)
			b->allow[b->ae[i]] = 0;
		b->nae = 0;
		for (int32_t v = 0; v < n; v++) {
			b->tree[v] = -1;
			b->thead[v] = -1;
			b->bkey[v] = INT64_MAX;
			b->h1min[v] = INT64_MAX;
		}
		b->ntlog = 0;
		b->nq = 0;
		/* roots: exposed vertices whose dual is still positive (an
		 * exposed vertex with dual 0 already meets optimality) */
		bool roots = false;
		for (int32_t v = 0; v < n; v++)
			if (b->mate[v] == -1 && b->dual[v] > 0 &&
			    b->label[b->inblossom[v]] == 0) {
				bl_assign_label(b, v, 1, -1);
				roots = true;
			}
		if (!roots)
			break;
		for (;;) {
			while (b->nq) {
				int32_t v = b->queue[--b->nq];
				if (b->label[b->inblossom[v]] != 1)
					continue; /* its tree was dissolved */
				bool gone = false;
				struct best bf = { bl_du(b, v), INT64_MAX, -1 };
				for (int32_t q = b->nboff[v]; q < b->nboff[v + 1] && !gone; q++)
					gone = scan_edge(b, v, b->nb[q], &bf);
				if (!gone && bf.k >= 0)
					bl_file_best(b, v, bf.k, bf.s);
				else if (!gone)
					b->bkey[v] = INT64_MAX;
			}
			/* The least of each delta is the top of its heap (keys
			 * offset by D, see struct bl): a dual adjustment costs
			 * O(log m), not a walk over the trees.  Compared in the
			 * order 1, 2, 3, 4; the first of equal deltas wins. */
			int dtype = 0;
			int64_t delta = INT64_MAX;
			const struct bl_hent *h;
			if ((h = bl_htop(b, &b->h1)) && h->key - b->D < delta) {
				delta = h->key - b->D;
				dtype = 1;
			}
			if ((h = bl_htop(b, &b->h2)) && h->key - b->D < delta) {
				delta = h->key - b->D;
				dtype = 2;
			}
			if ((h = bl_htop(b, &b->h3)) && (h->key - 2 * b->D) / 2 < delta) {
				delta = (h->key - 2 * b->D) / 2;
				dtype = 3;
			}
			if ((h = bl_htop(b, &b->h4)) && h->key - b->D < delta) {
				delta = h->key - b->D;
				dtype = 4;
			}
			if (dtype == 0)
				break;
			struct bl_heap *hp = dtype == 1 ? &b->h1 : dtype == 2 ? &b->h2
					   : dtype == 3 ? &b->h3 : &b->h4;
			int32_t id = hp->a[0].id, own = hp->a[0].own;
			bl_hpop(hp);
			b->D += delta;
			if (dtype == 1) {
				int32_t t1 = b->tree[id];
				bl_retire(b, id);
				dissolve(b, t1, -1);
			} else if (dtype == 2 || dtype == 3) {
				/* scan the edge from its S end (for delta 3,
				 * either end): endpoint 2 id + 1 is v, seen
				 * from u; 2 id is u, seen from v */
				int32_t u = (int32_t)b->e[id].u;
				allow_edge(b, id);
				int32_t from_v = b->label[b->inblossom[u]] != 1;
				int32_t s = from_v ? (int32_t)b->e[id].v : u;
				struct best unused = { bl_du(b, s), INT64_MAX, -1 };
				scan_edge(b, s, 2 * id + 1 - from_v, &unused);
				if (own >= 0)
					bl_push_best(b, own);
			} else {
				bl_expand_blossom(b, id, false);
			}
		}
		for (int32_t x = n; x < b->hi; x++)
			if (b->bparent[x] == -1 && b->bbase[x] >= 0 &&
			    b->label[x] == 1 && bl_du(b, x) == 0)
				bl_expand_blossom(b, x, true);
	}
}

/* For blossom_reduced_cost: the depth of every node of the blossom
 * forest, ancestors at powers of two, and the sum of blossom duals from
 * each blossom to its top.  Pricing asks for the reduced cost of many
 * pairs inside one large nested blossom; walking both chains made that
 * cost the depth of the nesting per pair. */
int blossom_cert_index(struct blossom_cert *c)
{
	if (c->depth)
		return 0;
	size_t n2 = 2 * (size_t)c->n;
	int32_t maxdepth = 0;
	c->depth = malloc(n2 * sizeof *c->depth);
	c->up = malloc(n2 * sizeof *c->up);
	c->zsum = malloc(n2 * sizeof *c->zsum);
	int32_t *stk = malloc(n2 * sizeof *stk);
	if (!c->depth || !c->up || !c->zsum || !stk) {
		free(stk);
		goto fail;
	}
	for (size_t x = 0; x < n2; x++)
		c->depth[x] = -1;
	for (size_t x0 = 0; x0 < n2; x0++) {
		int32_t ns = 0, x = (int32_t)x0;
		while (x >= 0 && c->depth[x] < 0) {
			stk[ns++] = x;
			x = c->parent[x];
		}
		while (ns) {
			int32_t y = stk[--ns], p = c->parent[y];
			c->depth[y] = p < 0 ? 0 : c->depth[p] + 1;
			c->zsum[y] = (y >= (int32_t)c->n ? c->dual[y] : 0) +
				     (p < 0 ? 0 : c->zsum[p]);
			c->up[y] = p < 0 ? y : p;
			if (c->depth[y] > maxdepth)
				maxdepth = c->depth[y];
		}
	}
	/* levels up to the deepest nesting only: blossoms nest a few
	 * deep, and a table for a nesting of 2n (88 KB at 1,000 people)
	 * was a fifth of the pages a solve of `dense` touched here */
	int lg = 1;
	while (((int64_t)1 << lg) <= maxdepth)
		lg++;
	c->lg = lg;
	if (lg > 1) {
		int32_t *up = realloc(c->up, n2 * (size_t)lg * sizeof *up);
		if (!up) {
			free(stk);
			goto fail;
		}
		c->up = up;
	}
	for (int k = 1; k < lg; k++)
		for (size_t x = 0; x < n2; x++)
			c->up[(size_t)k * n2 + x] =
				c->up[(size_t)(k - 1) * n2 + (size_t)c->up[(size_t)(k - 1) * n2 + x]];
	free(stk);
	return 0;
fail:
	/* no index, no harm: blossom_reduced_cost walks the chains */
	free(c->depth);
	free(c->up);
	free(c->zsum);
	c->depth = c->up = NULL;
	c->zsum = NULL;
	return -1;
}

int blossom_solve(uint32_t n, const struct blossom_edge *e, size_t m,
		  int32_t *mate, struct blossom_cert *cert)
{
	return blossom_solve_from(n, e, m, NULL, NULL, mate, cert);
}

int blossom_solve_from(uint32_t n, const struct blossom_edge *e, size_t m,
		       const int32_t *mate0, const int64_t *dual0,
		       int32_t *mate, struct blossom_cert *cert)
{
	return blossom_solve_in(n, e, m, mate0, dual0, mate, cert, NULL, 0);
}

int blossom_solve_in(uint32_t n, const struct blossom_edge *e, size_t m,
		     const int32_t *mate0, const int64_t *dual0,
		     int32_t *mate, struct blossom_cert *cert, void *scratch,
		     size_t len)
{
	struct bl *b = calloc(1, sizeof *b);
	if (!b)
		return -1;
	b->n = (int32_t)n;
	b->m = m;
	b->e = e;
	b->scr = scratch;
	b->scr_len = scratch ? len : 0;
	if (cert)
		memset(cert, 0, sizeof *cert);
	if (setjmp(b->oom)) {
		bl_free(b);
		free(b);
		return -1;
	}
	if (n == 0) {
		bl_free(b);
		free(b);
		return 0;
	}
	b->warm = true;
	b->mate0 = mate0;
	b->dual0 = mate0 ? dual0 : NULL;
	bl_run(b);
	for (uint32_t v = 0; v < n; v++)
		if (b->mate[v] < 0 && b->dual[v] != 0) {
			/* cannot happen (bl_retire() keeps the exposed-vertex
			 * condition); should it ever, solve again from the
			 * textbook start rather than report a wrong proof */
			jmp_buf keep;
			char *scr = b->scr;
			size_t scr_len = b->scr_len;
			memcpy(keep, b->oom, sizeof keep);
			bl_free(b);
			memset(b, 0, sizeof *b);
			memcpy(b->oom, keep, sizeof keep);
			b->n = (int32_t)n;
			b->m = m;
			b->e = e;
			b->scr = scr;
			b->scr_len = scr_len;
			bl_run(b);
			break;
		}
	for (uint32_t v = 0; v < n; v++)
		mate[v] = b->mate[v] >= 0 ? b->endpoint[b->mate[v]] : -1;
	if (cert) {
		cert->n = n;
		cert->dual = b->dual;
		cert->parent = b->bparent;
		b->dual = NULL;
		b->bparent = NULL;
	}
	bl_free(b);
	free(b);
	return 0;
}

/* The duals of the blossoms holding both a and b (blossoms, or -1),
 * by walking both chains up to their lowest common ancestor: what
 * blossom_reduced_cost does without the index, which pricing builds
 * only where it asks for many pairs (blossom_cert_index). */
static int64_t shared_duals(const struct blossom_cert *c, int32_t a, int32_t b)
{
	int32_t da = 0, db = 0;
	for (int32_t x = a; c->parent[x] >= 0; x = c->parent[x])
		da++;
	for (int32_t x = b; c->parent[x] >= 0; x = c->parent[x])
		db++;
	for (; da > db; da--)
		a = c->parent[a];
	for (; db > da; db--)
		b = c->parent[b];
	while (a != b && a >= 0) {
		a = c->parent[a];
		b = c->parent[b];
	}
	int64_t z = 0;
	for (; a >= 0; a = c->parent[a])
		z += c->dual[a];
	return z;
}

int64_t blossom_reduced_cost(const struct blossom_cert *c, uint32_t i,
			     uint32_t j, int64_t w)
{
	int64_t s = c->dual[i] + c->dual[j] - 2 * w;
	if (s >= 0)
		return s;
	/* Add the duals of blossoms holding both: the blossoms above the
	 * lowest common ancestor of i's and j's blossoms (binary lifting
	 * over the forest, see blossom_cert_index). */
	int32_t a = c->parent[i], b = c->parent[j];
	if (a < 0 || b < 0)
		return s;
	if (!c->depth)
		return s + 2 * shared_duals(c, a, b);
	size_t n2 = 2 * (size_t)c->n;
	if (c->depth[a] < c->depth[b]) {
		int32_t t = a;
		a = b;
		b = t;
	}
	for (int k = c->lg - 1; k >= 0; k--)
		if (c->depth[a] - (1 << k) >= c->depth[b])
			a = c->up[(size_t)k * n2 + (size_t)a];
	if (a != b) {
		for (int k = c->lg - 1; k >= 0; k--) {
			int32_t x = c->up[(size_t)k * n2 + (size_t)a];
			int32_t y = c->up[(size_t)k * n2 + (size_t)b];
			if (x != y) {
				a = x;
				b = y;
			}
		}
		if (c->parent[a] < 0 || c->parent[a] != c->parent[b])
			return s; /* different top blossoms */
		a = c->parent[a];
	}
	return s + 2 * c->zsum[a];
}

void blossom_cert_fold(const struct blossom_cert *c, int64_t *dual0)
{
	for (uint32_t v = 0; v < c->n; v++) {
		int64_t d = c->dual[v];
		for (int32_t x = c->parent[v]; x >= 0; x = c->parent[x])
			d += c->dual[x];
		dual0[v] = d;
	}
}

void blossom_cert_release(struct blossom_cert *c)
{
	if (!c)
		return;
	free(c->dual);
	free(c->parent);
	free(c->depth);
	free(c->up);
	free(c->zsum);
	memset(c, 0, sizeof *c);
}
