/* paths: see paths.h. */
#include "insight/paths.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/rand.h"

#define ASP_EXACT_MAX 5000
#define ASP_SAMPLES 1000
#define ASP_SEED 0x9e3779b97f4a7c15ULL

/* Sums of BFS distances from up to BFS_SOURCES sources at once, as in
 * M. Then et al., "The more the merrier: efficient multi-source graph
 * traversal", VLDB 2015: bit i of a node's masks is source i, so one
 * sweep over the edges serves every source of the batch.  Each level
 * touches only the frontier and its neighbours (not the whole component:
 * early rounds of a large programme are long chains, thousands of levels
 * deep).  A node is in the frontier at about as many levels whatever the
 * batch's width, so wider masks mean fewer sweeps: 512 sources (8 words)
 * sweep the edges an eighth as often as 64 (the metrics of 100,000
 * people, 1,000 sources: 2.1-2.5 s of CPU before, 1.2-1.6 s with this
 * and the prefetch below, on the loaded machine; the masks' cache misses
 * are the rest, so wider is no faster).  A batch of fewer sources (an
 * update's dirty ones) uses as few words as it needs.  sums[i] gets
 * source i's exact integer sum, the same figure one BFS per source
 * gives.  seen, visit and next hold n masks each and mark n bytes, all
 * left zero; front and front2 hold n ints each, touched n + 1 (a write
 * past the last listed node is how it lists without a branch). */
#define BFS_WORDS 8
#define BFS_SOURCES (64 * BFS_WORDS)

struct msbfs {
	uint64_t *seen, *visit, *next; /* n masks of up to BFS_WORDS words */
	unsigned char *mark;
	int *front, *front2, *touched;
};

/* One batch with masks of W words (a constant where it is inlined). */
static inline __attribute__((always_inline)) void
bfs_batch_w(const struct insight_graph *g, const int *comp, size_t cn,
	    const int *src, int k, uint64_t *sums, struct msbfs *b, const int W)
{
#define MASK(a, v) ((a) + (size_t)(v) * (size_t)W)
	size_t nf = 0;
	for (int i = 0; i < k; i++) {
		int v = src[i];
		if (!b->mark[v]) {
			b->mark[v] = 1;
			b->front[nf++] = v;
		}
		MASK(b->seen, v)[i / 64] |= 1ULL << (i % 64);
		MASK(b->visit, v)[i / 64] |= 1ULL << (i % 64);
		sums[i] = 0;
	}
	for (size_t f = 0; f < nf; f++)
		b->mark[b->front[f]] = 0;
	for (uint64_t d = 1; nf; d++) {
		size_t nt = 0, nf2 = 0;
		for (size_t f = 0; f < nf; f++) {
			int v = b->front[f];
			const uint64_t *x = MASK(b->visit, v);
			if (f + 2 < nf) {
				/* The masks of a later node's neighbours are
				 * cache misses: ask for them early. */
				int u = b->front[f + 2];
				for (size_t e = g->off[u]; e < g->off[u + 1]; e++)
					__builtin_prefetch(MASK(b->next, g->adj[e]), 1);
			}
			for (size_t e = g->off[v]; e < g->off[v + 1]; e++) {
				int w = g->adj[e];
				uint64_t *nx = MASK(b->next, w), was = 0;
				for (int j = 0; j < W; j++) {
					was |= nx[j];
					nx[j] |= x[j];
				}
				/* Listed the first time it is reached (x is
				 * never zero), without a branch. */
				b->touched[nt] = w;
				nt += was == 0;
			}
		}
		for (size_t f = 0; f < nf; f++)
			memset(MASK(b->visit, b->front[f]), 0, (size_t)W * sizeof(uint64_t));
		for (size_t t = 0; t < nt; t++) {
			int w = b->touched[t];
			uint64_t any = 0, *nx = MASK(b->next, w);
			uint64_t *vi = MASK(b->visit, w), *se = MASK(b->seen, w);
			for (int j = 0; j < W; j++) {
				uint64_t x = nx[j] & ~se[j];
				nx[j] = 0;
				vi[j] = x;
				se[j] |= x;
				any |= x;
				while (x) {
					sums[64 * j + __builtin_ctzll(x)] += d;
					x &= x - 1;
				}
			}
			if (any)
				b->front2[nf2++] = w;
		}
		int *tmp = b->front;
		b->front = b->front2;
		b->front2 = tmp;
		nf = nf2;
	}
	for (size_t c = 0; c < cn; c++)
		memset(MASK(b->seen, comp[c]), 0, (size_t)W * sizeof(uint64_t));
#undef MASK
}

static void bfs_batch(const struct insight_graph *g, const int *comp,
		      size_t cn, const int *src, int k, uint64_t *sums,
		      struct msbfs *b)
{
	switch ((k + 63) / 64) {
	case 1: bfs_batch_w(g, comp, cn, src, k, sums, b, 1); break;
	case 2: bfs_batch_w(g, comp, cn, src, k, sums, b, 2); break;
	case 3: bfs_batch_w(g, comp, cn, src, k, sums, b, 3); break;
	case 4: bfs_batch_w(g, comp, cn, src, k, sums, b, 4); break;
	case 5: bfs_batch_w(g, comp, cn, src, k, sums, b, 5); break;
	case 6: bfs_batch_w(g, comp, cn, src, k, sums, b, 6); break;
	case 7: bfs_batch_w(g, comp, cn, src, k, sums, b, 7); break;
	default: bfs_batch_w(g, comp, cn, src, k, sums, b, 8); break;
	}
}

/* Distance sums from src[0..ns) into sums[0..ns), BFS_SOURCES at a time. */
static int bfs_sums(const struct insight_graph *g, const int *comp, size_t cn,
		    const int *src, size_t ns, uint64_t *sums)
{
	struct msbfs b;
	size_t n = g->n ? g->n : 1;
	size_t words = ns < BFS_SOURCES ? (ns + 63) / 64 : BFS_WORDS;
	int rc = -1;
	if (!words)
		return 0;
	b.seen = calloc(n * words, sizeof *b.seen);
	b.visit = calloc(n * words, sizeof *b.visit);
	b.next = calloc(n * words, sizeof *b.next);
	b.mark = calloc(n, 1);
	b.front = malloc(n * sizeof *b.front);
	b.front2 = malloc(n * sizeof *b.front2);
	b.touched = malloc((n + 1) * sizeof *b.touched); /* one spare: see bfs_batch */
	if (b.seen && b.visit && b.next && b.mark && b.front && b.front2 &&
	    b.touched) {
		for (size_t i = 0; i < ns; i += BFS_SOURCES) {
			int k = ns - i < BFS_SOURCES ? (int)(ns - i) : BFS_SOURCES;
			bfs_batch(g, comp, cn, src + i, k, sums + i, &b);
		}
		rc = 0;
	}
	free(b.seen);
	free(b.visit);
	free(b.next);
	free(b.mark);
	free(b.front);
	free(b.front2);
	free(b.touched);
	return rc;
}

/* ---- what an edit changes ---- */

/* The graph between two edits: g without the added edges from
 * add[0..na) on, with the removed ones from rem[0..nr) on. */
struct stage {
	const struct insight_graph *g;
	const struct insight_edit *add, *rem;
	size_t na, nr;
	const unsigned char *end; /* nodes at the end of any edit */
};

static bool listed(const struct insight_edit *e, size_t n, int a, int b)
{
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0; i < n; i++)
		if (e[i].a == a && e[i].b == b)
			return true;
	return false;
}

/* Breadth-first distances from s in the stage into d (-1 unreached);
 * q holds n ints. */
static void stage_bfs(const struct stage *st, int s, int *d, int *q)
{
	const struct insight_graph *g = st->g;
	size_t head = 0, tail = 0;
	memset(d, 0xff, g->n * sizeof *d);
	d[s] = 0;
	q[tail++] = s;
	while (head < tail) {
		int v = q[head++];
		bool end = st->end[v];
		for (size_t e = g->off[v]; e < g->off[v + 1]; e++) {
			int w = g->adj[e];
			if (d[w] >= 0 ||
			    (end && st->end[w] && listed(st->add, st->na, v, w)))
				continue;
			d[w] = d[v] + 1;
			q[tail++] = w;
		}
		if (!end)
			continue;
		for (size_t i = 0; i < st->nr; i++) {
			int w = st->rem[i].a == v ? st->rem[i].b
				: st->rem[i].b == v ? st->rem[i].a : -1;
			if (w >= 0 && d[w] < 0) {
				d[w] = d[v] + 1;
				q[tail++] = w;
			}
		}
	}
}

/* The neighbours of v in the stage, but `not`, into out[0..max); how
 * many, or max + 1 when there are more. */
static size_t stage_neighbours(const struct stage *st, int v, int not,
			       int *out, size_t max)
{
	const struct insight_graph *g = st->g;
	size_t n = 0;
	for (size_t e = g->off[v]; e < g->off[v + 1] && n <= max; e++) {
		int w = g->adj[e];
		if (w == not || (st->end[v] && st->end[w] &&
				 listed(st->add, st->na, v, w)))
			continue;
		if (n < max)
			out[n] = w;
		n++;
	}
	for (size_t i = 0; st->end[v] && i < st->nr && n <= max; i++) {
		int w = st->rem[i].a == v ? st->rem[i].b
			: st->rem[i].b == v ? st->rem[i].a : -1;
		if (w < 0 || w == not)
			continue;
		if (n < max)
			out[n] = w;
		n++;
	}
	return n;
}

/* Above this many neighbours, a removal's sources at distances one
 * apart are all taken as dirty rather than searched from each. */
#define REMOVAL_NEIGHBOURS 64

/* A removal of u-v changes the distances of a source s with d(s,v) =
 * d(s,u) + 1 only when u was v's one neighbour at d(s,u): so for each
 * such source, whether another neighbour of v is as near (and the same
 * the other way round).  dirty[k] is set for those with none; du and dv
 * are the distances from u and v in the stage before the removal; dw and
 * q scratch.  0, or 1 when v or u has too many neighbours to tell. */
static int removal_dirty(const struct stage *st, int u, int v, const int *du,
			 const int *dv, int *dw, int *q, const int *src,
			 size_t ns, bool *dirty, bool *alt)
{
	int nb[REMOVAL_NEIGHBOURS];
	for (int side = 0; side < 2; side++) {
		/* side 0: v is the farther end; side 1: u is. */
		int far = side ? u : v, near = side ? v : u;
		const int *dn = side ? dv : du, *df = side ? du : dv;
		size_t n = stage_neighbours(st, far, near, nb, REMOVAL_NEIGHBOURS);
		if (n > REMOVAL_NEIGHBOURS)
			return 1;
		memset(alt, 0, ns * sizeof *alt);
		for (size_t j = 0; j < n; j++) {
			stage_bfs(st, nb[j], dw, q);
			for (size_t k = 0; k < ns; k++)
				if (df[src[k]] == dn[src[k]] + 1 && dn[src[k]] >= 0 &&
				    dw[src[k]] == dn[src[k]])
					alt[k] = true;
		}
		for (size_t k = 0; k < ns; k++)
			if (df[src[k]] == dn[src[k]] + 1 && dn[src[k]] >= 0 && !alt[k])
				dirty[k] = true;
	}
	return 0;
}

/* Marks in dirty[0..ns) the sources src[] whose distances an edit
 * changes: the removals first (from the old graph), then the additions,
 * each judged on the graph as it stood just before it.  0 or -1. */
static int dirty_sources(const struct insight_graph *g,
			 const struct insight_edit *edits, size_t nedits,
			 const int *src, size_t ns, bool *dirty)
{
	struct insight_edit *add = malloc((nedits + 1) * sizeof *add);
	struct insight_edit *rem = malloc((nedits + 1) * sizeof *rem);
	unsigned char *end = calloc(g->n ? g->n : 1, 1);
	int *du = malloc((g->n ? g->n : 1) * sizeof *du);
	int *dv = malloc((g->n ? g->n : 1) * sizeof *dv);
	int *q = malloc((g->n ? g->n : 1) * sizeof *q);
	int *dw = malloc((g->n ? g->n : 1) * sizeof *dw);
	bool *alt = malloc((ns ? ns : 1) * sizeof *alt);
	size_t na = 0, nr = 0;
	int rc = -1;
	if (!add || !rem || !end || !du || !dv || !q || !dw || !alt)
		goto done;
	for (size_t i = 0; i < nedits; i++) {
		if (edits[i].added)
			add[na++] = edits[i];
		else
			rem[nr++] = edits[i];
		end[edits[i].a] = end[edits[i].b] = 1;
	}
	for (size_t i = 0; i < nr + na; i++) {
		bool adding = i >= nr;
		const struct insight_edit *e = adding ? &add[i - nr] : &rem[i];
		/* Before removal i: every addition undone, removals i.. not
		 * yet made; before addition j: additions j.. not yet made. */
		struct stage st = {
			g, adding ? add + (i - nr) : add, rem + (adding ? nr : i),
			adding ? na - (i - nr) : na, adding ? 0 : nr - i, end,
		};
		stage_bfs(&st, e->a, du, q);
		stage_bfs(&st, e->b, dv, q);
		bool coarse = !adding && removal_dirty(&st, e->a, e->b, du, dv, dw,
						       q, src, ns, dirty, alt);
		for (size_t k = 0; k < ns; k++) {
			int a = du[src[k]], b = dv[src[k]];
			if ((a < 0) != (b < 0))
				dirty[k] = true;
			else if (a >= 0 && (adding ? abs(a - b) > 1 : coarse && a != b))
				dirty[k] = true;
		}
	}
	rc = 0;
done:
	free(add);
	free(rem);
	free(end);
	free(du);
	free(dv);
	free(q);
	free(dw);
	free(alt);
	return rc;
}

/* prev's sums into sums, those of the dirty sources searched again.
 * 1 when done, 0 when too many are dirty for it to pay, -1 (memory). */
static int update(const struct insight_graph *g, const int *comp, size_t cn,
		  const int *pick, size_t ns, const struct insight_paths *prev,
		  const struct insight_edit *edits, size_t nedits,
		  uint64_t *sums, size_t *searched)
{
	bool *dirty = calloc(ns, sizeof *dirty);
	int *src = calloc(ns, sizeof *src);
	uint64_t *got = malloc(ns * sizeof *got);
	size_t nd = 0;
	int rc = -1;
	if (!dirty || !src || !got ||
	    dirty_sources(g, edits, nedits, pick, ns, dirty) < 0)
		goto done;
	for (size_t k = 0; k < ns; k++)
		if (dirty[k])
			src[nd++] = pick[k];
	if (2 * nd > ns) {
		rc = 0;
		goto done;
	}
	if (nd && bfs_sums(g, comp, cn, src, nd, got) < 0)
		goto done;
	for (size_t k = 0, j = 0; k < ns; k++)
		sums[k] = dirty[k] ? got[j++] : prev->sums[k];
	*searched = nd;
	rc = 1;
done:
	free(dirty);
	free(src);
	free(got);
	return rc;
}

void insight_paths_free(struct insight_paths *p)
{
	free(p->sums);
	memset(p, 0, sizeof *p);
}

int insight_paths_compute(const struct insight_graph *g, const int *comp,
			  size_t cn, const struct insight_options *opt,
			  const struct insight_paths *prev,
			  const struct insight_edit *edits, size_t nedits,
			  struct insight_paths *keep, struct insight_metrics *out)
{
	size_t exact_max = opt && opt->exact_max ? opt->exact_max : ASP_EXACT_MAX;
	size_t samples = opt && opt->samples ? opt->samples : ASP_SAMPLES;
	uint64_t seed = opt && opt->seed ? opt->seed : ASP_SEED;
	int *pick = NULL;
	uint64_t *sums = NULL;
	bool exact = cn <= exact_max || samples >= cn;
	size_t ns = exact ? cn : samples;
	out->asp_defined = true;
	if (keep)
		insight_paths_free(keep);
	if (cn <= 1) {
		out->average_shortest_path = 0.0;
		out->asp_exact = true;
		out->asp_sources = cn;
		return 0;
	}
	sums = malloc(cn * sizeof *sums);
	pick = malloc(cn * sizeof *pick);
	if (!sums || !pick)
		goto fail;
	memcpy(pick, comp, cn * sizeof *pick);
	/* k sources without replacement (partial Fisher-Yates).  The
	 * per-source mean distance m_i is a draw from a finite population
	 * whose mean is the exact figure. */
	for (size_t i = 0; !exact && i < samples; i++) {
		size_t j = i + (size_t)(rand_next(&seed) % (cn - i));
		int t = pick[i];
		pick[i] = pick[j];
		pick[j] = t;
	}
	uint64_t h = hash_int(HASH_INIT, (int64_t)cn);
	h = hash_int(h, (int64_t)exact_max);
	h = hash_int(h, (int64_t)ns);
	h = hash_int(h, (int64_t)(opt && opt->seed ? opt->seed : ASP_SEED));
	for (size_t i = 0; i < cn; i++)
		h = hash_int(h, comp[i]);
	int done = 0;
	size_t searched = ns;
	if (prev && prev->sums && prev->comp == h && prev->ns == ns &&
	    nedits <= INSIGHT_PATHS_MAX_EDITS)
		done = update(g, comp, cn, pick, ns, prev, edits, nedits, sums,
			      &searched);
	if (done < 0 || (!done && bfs_sums(g, comp, cn, pick, ns, sums) < 0))
		goto fail;
	if (exact) {
		uint64_t s = 0;
		for (size_t i = 0; i < cn; i++)
			s += sums[i];
		/* As networkx: integer sum over n(n-1), one correctly rounded
		 * division. */
		out->average_shortest_path =
			(double)s / ((double)cn * (double)(cn - 1));
		out->asp_exact = true;
		out->asp_sources = cn;
	} else {
		double sum = 0, sumsq = 0;
		for (size_t i = 0; i < samples; i++) {
			double m = (double)sums[i] / (double)(cn - 1);
			sum += m;
			sumsq += m * m;
		}
		double k = (double)samples, mean = sum / k;
		double var = (sumsq - k * mean * mean) / (k - 1);
		if (var < 0)
			var = 0;
		double fpc = ((double)cn - k) / ((double)cn - 1);
		out->average_shortest_path = mean;
		out->asp_exact = false;
		out->asp_sources = samples;
		out->asp_error = 1.96 * sqrt(var / k * fpc);
	}
	free(pick);
	if (keep) {
		keep->comp = h;
		keep->ns = ns;
		keep->sums = sums;
		keep->searched = searched;
	} else {
		free(sums);
	}
	return 0;
fail:
	free(pick);
	free(sums);
	return -1;
}

/* ---- the met network's edits ---- */

static bool in_range(int round, int upto)
{
	return upto <= 0 || round <= upto;
}

uint8_t *insight_met_bits(const struct insight_input *in, int upto,
			  size_t *nbits)
{
	size_t n = 0;
	for (size_t i = 0; i < in->ngroups; i++)
		n += in_range(in->groups[i].round, upto);
	uint8_t *bits = calloc(n / 8 + 1, 1);
	*nbits = n;
	if (!bits)
		return NULL;
	for (size_t i = 0, k = 0; i < in->ngroups; i++) {
		if (!in_range(in->groups[i].round, upto))
			continue;
		if (in->groups[i].status == INSIGHT_MET)
			bits[k / 8] |= (uint8_t)(1u << (k % 8));
		k++;
	}
	return bits;
}

/* The node pairs of group gr into p[0..3); how many. */
static int node_pairs(const struct insight_graph *g,
		      const struct insight_group *gr, struct insight_edit *p)
{
	int a[3], b[3], n = insight_group_pairs(g, gr, a, b);
	for (int i = 0; i < n; i++)
		p[i] = (struct insight_edit){a[i], b[i], false};
	return n;
}

int insight_met_edits(const struct insight_input *in, int upto,
		      const struct insight_graph *g, const uint8_t *old,
		      size_t nbits, struct insight_edit **edits, size_t *n)
{
	enum { MAX = INSIGHT_PATHS_MAX_EDITS };
	struct insight_edit cand[MAX + 3], p[3];
	bool was[MAX + 3] = {false}, is[MAX + 3] = {false};
	unsigned char *end = NULL;
	size_t nc = 0, k = 0;
	int rc = 0;
	*edits = NULL;
	*n = 0;
	/* Pairs of the groups whose answer changed between met and not. */
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *gr = &in->groups[i];
		if (!in_range(gr->round, upto))
			continue;
		if (k >= nbits)
			return 0;
		bool before = old[k / 8] >> (k % 8) & 1;
		k++;
		if (before == (gr->status == INSIGHT_MET))
			continue;
		int np = node_pairs(g, gr, p);
		for (int j = 0; j < np; j++)
			if (!listed(cand, nc, p[j].a, p[j].b)) {
				if (nc == MAX)
					return 0;
				cand[nc++] = p[j];
			}
	}
	if (k != nbits)
		return 0;
	if (!nc)
		return 1;
	/* Whether each pair met in any group, before and now: a pair that
	 * met elsewhere too is no edit. */
	end = calloc(g->n ? g->n : 1, 1);
	*edits = malloc(nc * sizeof **edits);
	if (!end || !*edits) {
		rc = -1;
		goto done;
	}
	for (size_t c = 0; c < nc; c++)
		end[cand[c].a] = end[cand[c].b] = 1;
	k = 0;
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *gr = &in->groups[i];
		if (!in_range(gr->round, upto))
			continue;
		bool before = old[k / 8] >> (k % 8) & 1;
		bool now = gr->status == INSIGHT_MET;
		k++;
		if (!before && !now)
			continue;
		int np = node_pairs(g, gr, p);
		for (int j = 0; j < np; j++) {
			if (!end[p[j].a] || !end[p[j].b])
				continue;
			for (size_t c = 0; c < nc; c++)
				if (cand[c].a == p[j].a && cand[c].b == p[j].b) {
					was[c] |= before;
					is[c] |= now;
				}
		}
	}
	for (size_t c = 0; c < nc; c++)
		if (was[c] != is[c]) {
			(*edits)[*n] = cand[c];
			(*edits)[(*n)++].added = is[c];
		}
	rc = 1;
done:
	free(end);
	if (rc < 0) {
		free(*edits);
		*edits = NULL;
	}
	return rc;
}
