/*
 * metrics: see metrics.h for the definitions.  Union-find for components,
 * CSR adjacency with sorted rows, triangle counting by marking the
 * neighbours of each node, BFS for distances.  Every loop runs in node
 * order so that sums of floating-point values add up in the same order as
 * networkx does (and so agree with it to the last digit).
 */
#include "insight/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ASP_EXACT_MAX 5000
#define ASP_SAMPLES 1000
#define ASP_SEED 0x9e3779b97f4a7c15ULL

const char *insight_status_name(enum insight_status s)
{
	switch (s) {
	case INSIGHT_MET: return "met";
	case INSIGHT_MISSED: return "missed";
	default: return "unconfirmed";
	}
}

enum insight_status insight_group_status(const int *outcomes, int n)
{
	bool missed = false;
	for (int i = 0; i < n; i++) {
		if (outcomes[i] == 1)
			return INSIGHT_MET;
		if (outcomes[i] == 2)
			missed = true;
	}
	return missed ? INSIGHT_MISSED : INSIGHT_UNCONFIRMED;
}

/* ---- graph ---- */

struct pairing {
	int a, b, round;
	enum insight_status status;
};

static int pairing_cmp(const void *x, const void *y)
{
	const struct pairing *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	if (p->round != q->round)
		return p->round < q->round ? -1 : 1;
	return (int)p->status - (int)q->status;
}

void insight_graph_free(struct insight_graph *g)
{
	if (!g)
		return;
	free(g->person);
	free(g->node_of);
	free(g->edge);
	free(g->off);
	free(g->adj);
	free(g);
}

static bool in_range(int round, int upto)
{
	return upto <= 0 || round <= upto;
}

struct insight_graph *insight_graph_build(const struct insight_input *in,
					  int upto, bool met_only)
{
	struct insight_graph *g = calloc(1, sizeof *g);
	struct pairing *pr = NULL;
	size_t np = 0, cap = 0;
	if (!g)
		return NULL;
	g->upto = upto;
	g->node_of = malloc((in->npeople ? in->npeople : 1) * sizeof(int));
	g->person = malloc((in->npeople ? in->npeople : 1) * sizeof(int));
	if (!g->node_of || !g->person)
		goto fail;
	for (size_t i = 0; i < in->npeople; i++)
		g->node_of[i] = -1;
	/* Mark who took part, then number them in people order. */
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *gr = &in->groups[i];
		if (!in_range(gr->round, upto))
			continue;
		for (int k = 0; k < gr->n; k++)
			g->node_of[gr->member[k]] = 0;
		cap += (size_t)(gr->n == 3 ? 3 : 1);
	}
	for (size_t i = 0; i < in->nunplaced; i++)
		if (in_range(in->unplaced[i].round, upto))
			g->node_of[in->unplaced[i].person] = 0;
	for (size_t i = 0; i < in->npeople; i++)
		if (g->node_of[i] == 0) {
			g->node_of[i] = (int)g->n;
			g->person[g->n++] = (int)i;
		}
	pr = malloc((cap ? cap : 1) * sizeof *pr);
	if (!pr)
		goto fail;
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *gr = &in->groups[i];
		if (!in_range(gr->round, upto))
			continue;
		if (met_only && gr->status != INSIGHT_MET)
			continue;
		for (int x = 0; x < gr->n; x++)
			for (int y = x + 1; y < gr->n; y++) {
				int a = g->node_of[gr->member[x]];
				int b = g->node_of[gr->member[y]];
				if (a == b)
					continue;
				struct pairing *p = &pr[np++];
				p->a = a < b ? a : b;
				p->b = a < b ? b : a;
				p->round = gr->round;
				p->status = gr->status;
			}
	}
	qsort(pr, np, sizeof *pr, pairing_cmp);
	g->edge = malloc((np ? np : 1) * sizeof *g->edge);
	if (!g->edge)
		goto fail;
	for (size_t i = 0; i < np;) {
		struct insight_edge *e = &g->edge[g->m++];
		size_t j = i;
		e->a = pr[i].a;
		e->b = pr[i].b;
		e->status = pr[i].status;
		e->first_round = pr[i].round;
		e->pairings = 0;
		for (; j < np && pr[j].a == e->a && pr[j].b == e->b; j++) {
			if (pr[j].status > e->status)
				e->status = pr[j].status;
			e->last_round = pr[j].round;
			e->last_status = pr[j].status;
			e->pairings++;
		}
		i = j;
	}
	free(pr);
	pr = NULL;
	/* CSR: rows come out sorted because edges are sorted by (a, b) and
	 * every b-side entry of row v is added before its a-side ones. */
	g->off = calloc(g->n + 1, sizeof *g->off);
	g->adj = malloc((g->m ? 2 * g->m : 1) * sizeof *g->adj);
	if (!g->off || !g->adj)
		goto fail;
	for (size_t i = 0; i < g->m; i++) {
		g->off[g->edge[i].a + 1]++;
		g->off[g->edge[i].b + 1]++;
	}
	for (size_t v = 0; v < g->n; v++)
		g->off[v + 1] += g->off[v];
	{
		size_t *fill = malloc((g->n ? g->n : 1) * sizeof *fill);
		if (!fill)
			goto fail;
		memcpy(fill, g->off, g->n * sizeof *fill);
		for (size_t i = 0; i < g->m; i++) {
			g->adj[fill[g->edge[i].b]++] = g->edge[i].a;
		}
		for (size_t i = 0; i < g->m; i++) {
			g->adj[fill[g->edge[i].a]++] = g->edge[i].b;
		}
		free(fill);
	}
	return g;
fail:
	free(pr);
	insight_graph_free(g);
	return NULL;
}

/* ---- union-find ---- */

static int uf_find(int *parent, int x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void uf_union(int *parent, int *size, int a, int b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	if (a == b)
		return;
	if (size[a] < size[b]) {
		int t = a;
		a = b;
		b = t;
	}
	parent[b] = a;
	size[a] += size[b];
}

/* ---- shortest paths ---- */

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
 * are the rest, so wider is no faster).  sums[i] gets source i's
 * exact integer sum, the same figure one BFS per source gives.  seen,
 * visit and next hold n masks each and mark n bytes, all left zero;
 * front and front2 hold n ints each, touched n + 1 (a write past the
 * last listed node is how it lists without a branch). */
#define BFS_WORDS 8
#define BFS_SOURCES (64 * BFS_WORDS)
typedef uint64_t bfs_mask[BFS_WORDS];

struct msbfs {
	bfs_mask *seen, *visit, *next;
	unsigned char *mark;
	int *front, *front2, *touched;
};

static void bfs_batch(const struct insight_graph *g, const int *comp,
		      size_t cn, const int *src, int k, uint64_t *sums,
		      struct msbfs *b)
{
	size_t nf = 0;
	for (int i = 0; i < k; i++) {
		int v = src[i];
		if (!b->mark[v]) {
			b->mark[v] = 1;
			b->front[nf++] = v;
		}
		b->seen[v][i / 64] |= 1ULL << (i % 64);
		b->visit[v][i / 64] |= 1ULL << (i % 64);
		sums[i] = 0;
	}
	for (size_t f = 0; f < nf; f++)
		b->mark[b->front[f]] = 0;
	for (uint64_t d = 1; nf; d++) {
		size_t nt = 0, nf2 = 0;
		for (size_t f = 0; f < nf; f++) {
			int v = b->front[f];
			const uint64_t *x = b->visit[v];
			if (f + 2 < nf) {
				/* The masks of a later node's neighbours are
				 * cache misses: ask for them early. */
				int u = b->front[f + 2];
				for (size_t e = g->off[u]; e < g->off[u + 1]; e++)
					__builtin_prefetch(b->next[g->adj[e]], 1);
			}
			for (size_t e = g->off[v]; e < g->off[v + 1]; e++) {
				int w = g->adj[e];
				uint64_t *nx = b->next[w], was = 0;
				for (int j = 0; j < BFS_WORDS; j++) {
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
			memset(b->visit[b->front[f]], 0, sizeof(bfs_mask));
		for (size_t t = 0; t < nt; t++) {
			int w = b->touched[t];
			uint64_t any = 0;
			for (int j = 0; j < BFS_WORDS; j++) {
				uint64_t x = b->next[w][j] & ~b->seen[w][j];
				b->next[w][j] = 0;
				b->visit[w][j] = x;
				b->seen[w][j] |= x;
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
		memset(b->seen[comp[c]], 0, sizeof(bfs_mask));
}

/* Distance sums from src[0..ns) into sums[0..ns), BFS_SOURCES at a time. */
static int bfs_sums(const struct insight_graph *g, const int *comp, size_t cn,
		    const int *src, size_t ns, uint64_t *sums)
{
	struct msbfs b;
	size_t n = g->n ? g->n : 1;
	int rc = -1;
	b.seen = calloc(n, sizeof *b.seen);
	b.visit = calloc(n, sizeof *b.visit);
	b.next = calloc(n, sizeof *b.next);
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

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int asp(const struct insight_graph *g, const int *comp_nodes,
	       size_t cn, const struct insight_options *opt,
	       struct insight_metrics *out)
{
	size_t exact_max = opt && opt->exact_max ? opt->exact_max : ASP_EXACT_MAX;
	size_t samples = opt && opt->samples ? opt->samples : ASP_SAMPLES;
	uint64_t seed = opt && opt->seed ? opt->seed : ASP_SEED;
	int *pick = NULL;
	uint64_t *sums = NULL;
	out->asp_defined = true;
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
	memcpy(pick, comp_nodes, cn * sizeof *pick);
	if (cn <= exact_max || samples >= cn) {
		uint64_t s = 0;
		if (bfs_sums(g, comp_nodes, cn, pick, cn, sums) < 0)
			goto fail;
		for (size_t i = 0; i < cn; i++)
			s += sums[i];
		/* As networkx: integer sum over n(n-1), one correctly rounded
		 * division. */
		out->average_shortest_path =
			(double)s / ((double)cn * (double)(cn - 1));
		out->asp_exact = true;
		out->asp_sources = cn;
	} else {
		/* k sources without replacement (partial Fisher-Yates). The
		 * per-source mean distance m_i is a draw from a finite
		 * population whose mean is the exact figure. */
		for (size_t i = 0; i < samples; i++) {
			size_t j = i + (size_t)(splitmix64(&seed) % (cn - i));
			int t = pick[i];
			pick[i] = pick[j];
			pick[j] = t;
		}
		if (bfs_sums(g, comp_nodes, cn, pick, samples, sums) < 0)
			goto fail;
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
	free(sums);
	return 0;
fail:
	free(pick);
	free(sums);
	return -1;
}

int insight_metrics_compute(const struct insight_graph *g,
			    const struct insight_input *in,
			    const struct insight_options *opt, bool cheap,
			    struct insight_metrics *out)
{
	size_t n = g->n;
	int *parent = NULL, *size = NULL, *mark = NULL, *comp = NULL;
	int *orgmark = NULL;
	int ret = -1;
	memset(out, 0, sizeof *out);
	out->nodes = n;
	out->edges = g->m;
	if (n == 0)
		return 0;
	parent = malloc(n * sizeof *parent);
	size = malloc(n * sizeof *size);
	mark = malloc(n * sizeof *mark);
	orgmark = malloc((in->norgs ? in->norgs : 1) * sizeof *orgmark);
	if (!parent || !size || !mark || !orgmark)
		goto done;

	/* Components. */
	for (size_t v = 0; v < n; v++) {
		parent[v] = (int)v;
		size[v] = 1;
	}
	for (size_t i = 0; i < g->m; i++)
		uf_union(parent, size, g->edge[i].a, g->edge[i].b);
	int best_root = -1, best = 0;
	for (size_t v = 0; v < n; v++) {
		int r = uf_find(parent, (int)v);
		if ((size_t)r == v)
			out->components++;
		if (size[r] > best) {
			best = size[r];
			best_root = r;
		}
	}
	out->largest_component = (size_t)best;
	out->largest_component_share = (double)best / (double)n;

	/* Clustering: t counts each triangle at v twice, as networkx's
	 * _triangles_and_degree_iter does; c(v) = t / (d (d - 1)). */
	for (size_t v = 0; v < n; v++)
		mark[v] = -1;
	double csum = 0;
	for (size_t v = 0; v < n; v++) {
		size_t d = g->off[v + 1] - g->off[v];
		if (d < 2)
			continue; /* adds 0, as in networkx (x + 0 == x) */
		for (size_t k = g->off[v]; k < g->off[v + 1]; k++)
			mark[g->adj[k]] = (int)v;
		uint64_t t = 0;
		for (size_t k = g->off[v]; k < g->off[v + 1]; k++) {
			int w = g->adj[k];
			for (size_t l = g->off[w]; l < g->off[w + 1]; l++)
				if (mark[g->adj[l]] == (int)v)
					t++;
		}
		if (t)
			csum += (double)t / ((double)d * (double)(d - 1));
	}
	out->average_clustering = csum / (double)n;

	/* Cross-organisation and cross-sector shares. */
	size_t org_known = 0, org_cross = 0, sec_known = 0, sec_cross = 0;
	for (size_t i = 0; i < g->m; i++) {
		const struct insight_person *pa = &in->people[g->person[g->edge[i].a]];
		const struct insight_person *pb = &in->people[g->person[g->edge[i].b]];
		if (pa->org >= 0 && pb->org >= 0) {
			org_known++;
			org_cross += pa->org != pb->org;
		}
		if (pa->sector >= 0 && pb->sector >= 0) {
			sec_known++;
			sec_cross += pa->sector != pb->sector;
		}
	}
	out->cross_organisation_share =
		org_known ? (double)org_cross / (double)org_known : 0.0;
	out->cross_sector_share =
		sec_known ? (double)sec_cross / (double)sec_known : 0.0;

	/* Organisations reached. */
	for (size_t o = 0; o < in->norgs; o++)
		orgmark[o] = -1;
	size_t reached_sum = 0;
	for (size_t v = 0; v < n; v++) {
		int own = in->people[g->person[v]].org, cnt = 0;
		for (size_t k = g->off[v]; k < g->off[v + 1]; k++) {
			int o = in->people[g->person[g->adj[k]]].org;
			if (o < 0 || o == own || orgmark[o] == (int)v)
				continue;
			orgmark[o] = (int)v;
			cnt++;
		}
		reached_sum += (size_t)cnt;
		if (cnt > out->organisations_reached_max)
			out->organisations_reached_max = cnt;
	}
	out->organisations_reached = (double)reached_sum / (double)n;

	if (!cheap) {
		/* Nodes of the largest component, in node order. */
		comp = malloc((size_t)best * sizeof *comp);
		if (!comp)
			goto done;
		size_t cn = 0;
		for (size_t v = 0; v < n; v++)
			if (uf_find(parent, (int)v) == best_root)
				comp[cn++] = (int)v;
		if (asp(g, comp, cn, opt, out) < 0)
			goto done;
	}
	ret = 0;
done:
	free(parent);
	free(size);
	free(mark);
	free(comp);
	free(orgmark);
	return ret;
}

/* ---- fairness ---- */

static void spread_add(struct insight_spread *s, int v, bool first)
{
	s->mean += v;
	if (first || v < s->min)
		s->min = v;
	if (first || v > s->max)
		s->max = v;
}

void insight_fairness(const struct insight_input *in, int upto,
		      struct insight_fairness *fair,
		      struct insight_fairness_summary *sum)
{
	struct insight_fairness *f = fair;
	memset(sum, 0, sizeof *sum);
	if (!f)
		f = calloc(in->npeople ? in->npeople : 1, sizeof *f);
	else
		memset(f, 0, in->npeople * sizeof *f);
	if (!f)
		return;
	bool *took = calloc(in->npeople ? in->npeople : 1, sizeof *took);
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *g = &in->groups[i];
		if (!in_range(g->round, upto))
			continue;
		for (int k = 0; k < g->n; k++) {
			struct insight_fairness *p = &f[g->member[k]];
			p->groups++;
			p->met += g->status == INSIGHT_MET;
			p->trios += g->n == 3;
			if (took)
				took[g->member[k]] = true;
		}
	}
	for (size_t i = 0; i < in->nunplaced; i++) {
		if (!in_range(in->unplaced[i].round, upto))
			continue;
		f[in->unplaced[i].person].unplaced++;
		if (took)
			took[in->unplaced[i].person] = true;
	}
	for (size_t i = 0; i < in->npeople; i++) {
		if (!took || !took[i])
			continue;
		bool first = sum->people == 0;
		spread_add(&sum->groups, f[i].groups, first);
		spread_add(&sum->met, f[i].met, first);
		spread_add(&sum->trios, f[i].trios, first);
		spread_add(&sum->unplaced, f[i].unplaced, first);
		sum->people++;
	}
	if (sum->people) {
		double k = (double)sum->people;
		sum->groups.mean /= k;
		sum->met.mean /= k;
		sum->trios.mean /= k;
		sum->unplaced.mean /= k;
	}
	free(took);
	if (f != fair)
		free(f);
}

/* ---- growth ---- */

static int month_index(const char *day)
{
	/* "YYYY-MM..." -> months since year 0; -1 when malformed. */
	int y = 0, m = 0;
	if (!day || strlen(day) < 7)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (day[i] < '0' || day[i] > '9')
			return -1;
		y = y * 10 + (day[i] - '0');
	}
	if (day[4] != '-' || day[5] < '0' || day[5] > '9' || day[6] < '0' ||
	    day[6] > '9')
		return -1;
	m = (day[5] - '0') * 10 + (day[6] - '0');
	if (m < 1 || m > 12)
		return -1;
	return y * 12 + (m - 1);
}

static void span(int m, int *lo, int *hi)
{
	if (m < 0)
		return;
	if (*lo < 0 || m < *lo)
		*lo = m;
	if (m > *hi)
		*hi = m;
}

int insight_growth(const struct insight_input *in, int upto,
		   struct insight_month **out, size_t *n)
{
	int lo = -1, hi = -1;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < in->nsignups; i++)
		span(month_index(in->signups[i]), &lo, &hi);
	for (size_t r = 0; r < in->nrounds; r++)
		if (in_range(in->rounds[r].number, upto))
			span(month_index(in->rounds[r].published), &lo, &hi);
	if (lo < 0)
		return 0;
	size_t cnt = (size_t)(hi - lo + 1);
	struct insight_month *ms = calloc(cnt, sizeof *ms);
	int *stamp = calloc(in->npeople ? in->npeople : 1, sizeof *stamp);
	int *round_month = calloc(in->nrounds ? in->nrounds : 1, sizeof(int));
	if (!ms || !stamp || !round_month) {
		free(ms);
		free(stamp);
		free(round_month);
		return -1;
	}
	for (size_t i = 0; i < cnt; i++) {
		int mi = lo + (int)i;
		ms[i].month[0] = (char)('0' + (mi / 12) / 1000 % 10);
		ms[i].month[1] = (char)('0' + (mi / 12) / 100 % 10);
		ms[i].month[2] = (char)('0' + (mi / 12) / 10 % 10);
		ms[i].month[3] = (char)('0' + (mi / 12) % 10);
		ms[i].month[4] = '-';
		ms[i].month[5] = (char)('0' + (mi % 12 + 1) / 10);
		ms[i].month[6] = (char)('0' + (mi % 12 + 1) % 10);
		ms[i].month[7] = '\0';
	}
	for (size_t i = 0; i < in->nsignups; i++) {
		int mi = month_index(in->signups[i]);
		if (mi >= 0)
			ms[mi - lo].signups++;
	}
	for (size_t r = 0; r < in->nrounds; r++)
		round_month[r] = in_range(in->rounds[r].number, upto)
					 ? month_index(in->rounds[r].published)
					 : -1;
	/* Active: distinct people per month; stamp = month index + 1.  Rounds
	 * are visited in month order so one stamp per person suffices. */
	size_t *order = malloc((in->nrounds ? in->nrounds : 1) * sizeof *order);
	if (!order) {
		free(ms);
		free(stamp);
		free(round_month);
		return -1;
	}
	for (size_t r = 0; r < in->nrounds; r++) {
		size_t j = r;
		for (; j > 0 && round_month[order[j - 1]] > round_month[r]; j--)
			order[j] = order[j - 1];
		order[j] = r;
	}
	for (size_t o = 0; o < in->nrounds; o++) {
		size_t r = order[o];
		int mi = round_month[r];
		if (mi < 0)
			continue;
		struct insight_month *m = &ms[mi - lo];
		for (size_t i = 0; i < in->ngroups; i++) {
			const struct insight_group *g = &in->groups[i];
			if (g->round != in->rounds[r].number)
				continue;
			m->meetings += g->status == INSIGHT_MET;
			for (int k = 0; k < g->n; k++) {
				if (stamp[g->member[k]] != mi + 1) {
					stamp[g->member[k]] = mi + 1;
					m->active++;
				}
			}
		}
	}
	free(order);
	size_t st = 0, mt = 0;
	for (size_t i = 0; i < cnt; i++) {
		st += ms[i].signups;
		mt += ms[i].meetings;
		ms[i].signups_total = st;
		ms[i].meetings_total = mt;
	}
	free(stamp);
	free(round_month);
	*out = ms;
	*n = cnt;
	return 0;
}

/* ---- one round ---- */

int insight_input_round(const struct insight_input *in, int r,
			struct insight_input *out)
{
	struct insight_group *g = malloc((in->ngroups ? in->ngroups : 1) * sizeof *g);
	struct insight_unplaced *u =
		malloc((in->nunplaced ? in->nunplaced : 1) * sizeof *u);
	struct insight_round *rd = malloc(sizeof *rd);
	*out = *in;
	out->groups = g;
	out->unplaced = u;
	out->rounds = rd;
	out->ngroups = out->nunplaced = out->nrounds = 0;
	if (!g || !u || !rd) {
		insight_input_round_free(out);
		return -1;
	}
	for (size_t i = 0; i < in->ngroups; i++)
		if (in->groups[i].round == r)
			g[out->ngroups++] = in->groups[i];
	for (size_t i = 0; i < in->nunplaced; i++)
		if (in->unplaced[i].round == r)
			u[out->nunplaced++] = in->unplaced[i];
	for (size_t i = 0; i < in->nrounds; i++)
		if (in->rounds[i].number == r)
			rd[out->nrounds++] = in->rounds[i];
	return 0;
}

void insight_input_round_free(struct insight_input *out)
{
	free((void *)out->groups);
	free((void *)out->unplaced);
	free((void *)out->rounds);
	out->groups = NULL;
	out->unplaced = NULL;
	out->rounds = NULL;
}
