/*
 * rounds: insight_rounds (see metrics.h), the figures of every round and
 * of the network after it, in one pass that grows the network round by
 * round.  Rebuilding the graph for each round made `stats --json` grow
 * with the square of the rounds (2 s after three rounds of 100,000
 * people); here each pairing is seen once and each round adds a sweep
 * over the people for the clustering sum, which runs in node order so it
 * equals the from-scratch figure (metrics.c) to the last bit.
 *
 * Triangles are kept per person: a new edge u-v closes one triangle per
 * common neighbour w, counted at u, v and w.
 */
#include "insight/metrics.h"

#include <stdlib.h>
#include <string.h>

/* Open addressing map from a 64-bit key (never 0) to an int. */
struct kmap {
	uint64_t *key;
	int *val;
	size_t cap, n;
};

static uint64_t kmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

static int kmap_init(struct kmap *m, size_t want)
{
	m->cap = 64;
	while (m->cap < want * 2)
		m->cap <<= 1;
	m->n = 0;
	m->key = calloc(m->cap, sizeof *m->key);
	m->val = calloc(m->cap, sizeof *m->val);
	return m->key && m->val ? 0 : -1;
}

static void kmap_free(struct kmap *m)
{
	free(m->key);
	free(m->val);
}

/* The slot of k: its value when present (*found), else where it goes. */
static size_t kmap_slot(const struct kmap *m, uint64_t k, bool *found)
{
	size_t mask = m->cap - 1, i = (size_t)kmix(k) & mask;
	while (m->key[i] && m->key[i] != k)
		i = (i + 1) & mask;
	*found = m->key[i] == k;
	return i;
}

static int kmap_grow(struct kmap *m)
{
	struct kmap b;
	if (kmap_init(&b, m->cap) < 0) {
		kmap_free(&b);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->key[i]) {
			bool f;
			size_t s = kmap_slot(&b, m->key[i], &f);
			b.key[s] = m->key[i];
			b.val[s] = m->val[i];
		}
	b.n = m->n;
	kmap_free(m);
	*m = b;
	return 0;
}

/* Pointer to k's value, inserting init when absent (*added).  NULL when
 * memory runs out. */
static int *kmap_get(struct kmap *m, uint64_t k, int init, bool *added)
{
	bool f;
	if ((m->n + 1) * 2 > m->cap && kmap_grow(m) < 0)
		return NULL;
	size_t s = kmap_slot(m, k, &f);
	*added = !f;
	if (!f) {
		m->key[s] = k;
		m->val[s] = init;
		m->n++;
	}
	return &m->val[s];
}

static uint64_t pair_key(int a, int b)
{
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	return ((uint64_t)(uint32_t)a << 32 | (uint32_t)b) + 1;
}

struct grow {
	const struct insight_input *in;
	size_t np;
	bool *node;           /* took part so far */
	int *parent, *size;   /* union-find over people */
	int **adj, *deg, *cap;
	uint64_t *tri;        /* triangles at each person */
	int *stamp, tick;
	bool *org_in, *org_linked;
	struct kmap edges;    /* person pair -> best status */
	struct kmap orgs;     /* org pair -> last round seen * 2 + met */
	size_t nodes, edges_n, met_edges, unions, largest;
	size_t norg_in, norg_linked, org_pairs_met;
};

static int uf_root(int *parent, int x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static void join(struct grow *g, int a, int b)
{
	a = uf_root(g->parent, a);
	b = uf_root(g->parent, b);
	if (a == b)
		return;
	if (g->size[a] < g->size[b]) {
		int t = a;
		a = b;
		b = t;
	}
	g->parent[b] = a;
	g->size[a] += g->size[b];
	g->unions++;
	if ((size_t)g->size[a] > g->largest)
		g->largest = (size_t)g->size[a];
}

static void take_part(struct grow *g, int p)
{
	if (g->node[p])
		return;
	g->node[p] = true;
	g->nodes++;
	if (g->largest == 0)
		g->largest = 1;
	int o = g->in->people[p].org;
	if (o >= 0 && !g->org_in[o]) {
		g->org_in[o] = true;
		g->norg_in++;
	}
}

static int push_adj(struct grow *g, int v, int w)
{
	if (g->deg[v] == g->cap[v]) {
		int c = g->cap[v] ? 2 * g->cap[v] : 4;
		int *t = realloc(g->adj[v], (size_t)c * sizeof *t);
		if (!t)
			return -1;
		g->adj[v] = t;
		g->cap[v] = c;
	}
	g->adj[v][g->deg[v]++] = w;
	return 0;
}

/* A new edge u-v: triangles through common neighbours, then adjacency. */
static int add_edge(struct grow *g, int u, int v)
{
	uint64_t common = 0;
	g->tick++;
	for (int k = 0; k < g->deg[u]; k++)
		g->stamp[g->adj[u][k]] = g->tick;
	for (int k = 0; k < g->deg[v]; k++) {
		int w = g->adj[v][k];
		if (g->stamp[w] == g->tick) {
			g->tri[w]++;
			common++;
		}
	}
	g->tri[u] += common;
	g->tri[v] += common;
	join(g, u, v);
	return push_adj(g, u, v) < 0 || push_adj(g, v, u) < 0 ? -1 : 0;
}

static int pairing(struct grow *g, int a, int b, int round,
		   enum insight_status st, struct insight_round_stats *s)
{
	bool added;
	int *v = kmap_get(&g->edges, pair_key(a, b), (int)st, &added);
	if (!v)
		return -1;
	if (added) {
		g->edges_n++;
		s->new_edges++;
		g->met_edges += st == INSIGHT_MET;
		if (add_edge(g, a, b) < 0)
			return -1;
	} else if ((int)st > *v) {
		g->met_edges += st == INSIGHT_MET;
		*v = (int)st;
	}
	int oa = g->in->people[a].org, ob = g->in->people[b].org;
	if (oa < 0 || ob < 0 || oa == ob)
		return 0;
	v = kmap_get(&g->orgs, pair_key(oa, ob), 0, &added);
	if (!v)
		return -1;
	if (added) {
		s->new_org_pairs++;
		for (int k = 0; k < 2; k++) {
			int o = k ? ob : oa;
			if (!g->org_linked[o]) {
				g->org_linked[o] = true;
				g->norg_linked++;
			}
		}
	}
	if (*v / 2 != round) {
		s->org_pairs_round++;
		*v = round * 2 + (*v & 1);
	}
	if (st == INSIGHT_MET && !(*v & 1)) {
		*v |= 1;
		g->org_pairs_met++;
	}
	return 0;
}

static void count_status(struct insight_round_stats *s,
			 enum insight_status status)
{
	if (status == INSIGHT_MET)
		s->met++;
	else if (status == INSIGHT_MISSED)
		s->missed++;
	else
		s->unconfirmed++;
}

static void after_round(const struct grow *g, struct insight_round_stats *s)
{
	double csum = 0;
	for (size_t p = 0; p < g->np; p++) {
		int d = g->deg[p];
		if (!g->node[p] || d < 2 || !g->tri[p])
			continue;
		csum += (double)(2 * g->tri[p]) / ((double)d * (double)(d - 1));
	}
	s->nodes = g->nodes;
	s->edges = g->edges_n;
	s->met_edges = g->met_edges;
	s->components = g->nodes - g->unions;
	s->largest_component_share =
		g->nodes ? (double)g->largest / (double)g->nodes : 0.0;
	s->average_clustering = g->nodes ? csum / (double)g->nodes : 0.0;
	s->organisations = g->norg_in;
	s->org_pairs = g->orgs.n;
	s->org_pairs_met = g->org_pairs_met;
	s->orgs_unconnected = g->norg_in - g->norg_linked;
	double k = (double)g->norg_in;
	s->org_pairs_share = g->norg_in >= 2 ? (double)g->orgs.n / (k * (k - 1) / 2) : 0.0;
}

static void grow_free(struct grow *g)
{
	if (g->adj)
		for (size_t p = 0; p < g->np; p++)
			free(g->adj[p]);
	free(g->adj);
	free(g->node);
	free(g->parent);
	free(g->size);
	free(g->deg);
	free(g->cap);
	free(g->tri);
	free(g->stamp);
	free(g->org_in);
	free(g->org_linked);
	kmap_free(&g->edges);
	kmap_free(&g->orgs);
}

static int round_cmp(const void *x, const void *y)
{
	int a = ((const struct insight_group *const *)x)[0]->round;
	int b = ((const struct insight_group *const *)y)[0]->round;
	return (a > b) - (a < b);
}

/* The groups in round order: the store gives them so already (no sort
 * of 600,000 then); stable order within a round does not matter, as
 * every figure is a count or a max, except clustering, summed
 * afterwards.  NULL when memory runs out. */
static const struct insight_group **by_round(const struct insight_input *in)
{
	const struct insight_group **by = malloc((in->ngroups + 1) * sizeof *by);
	if (!by)
		return NULL;
	for (size_t i = 0; i < in->ngroups; i++)
		by[i] = &in->groups[i];
	size_t sorted = 1;
	while (sorted < in->ngroups && by[sorted - 1]->round <= by[sorted]->round)
		sorted++;
	if (sorted < in->ngroups)
		qsort(by, in->ngroups, sizeof *by, round_cmp);
	return by;
}

int insight_rounds(const struct insight_input *in, int upto,
		   struct insight_round_stats *out, size_t *n)
{
	struct grow g = {.in = in, .np = in->npeople};
	size_t np1 = in->npeople + 1, no1 = in->norgs + 1;
	const struct insight_group **by = NULL;
	int ret = -1;
	*n = 0;
	g.node = calloc(np1, sizeof *g.node);
	g.parent = malloc(np1 * sizeof *g.parent);
	g.size = malloc(np1 * sizeof *g.size);
	g.adj = calloc(np1, sizeof *g.adj);
	g.deg = calloc(np1, sizeof *g.deg);
	g.cap = calloc(np1, sizeof *g.cap);
	g.tri = calloc(np1, sizeof *g.tri);
	g.stamp = calloc(np1, sizeof *g.stamp);
	g.org_in = calloc(no1, sizeof *g.org_in);
	g.org_linked = calloc(no1, sizeof *g.org_linked);
	by = by_round(in);
	if (!g.node || !g.parent || !g.size || !g.adj || !g.deg || !g.cap ||
	    !g.tri || !g.stamp || !g.org_in || !g.org_linked || !by ||
	    kmap_init(&g.edges, in->ngroups) < 0 || kmap_init(&g.orgs, 64) < 0)
		goto done;
	for (size_t p = 0; p < in->npeople; p++) {
		g.parent[p] = (int)p;
		g.size[p] = 1;
	}
	size_t gi = 0;
	for (size_t r = 0; r < in->nrounds; r++) {
		const struct insight_round *ir = &in->rounds[r];
		if (upto > 0 && ir->number > upto)
			break;
		struct insight_round_stats *s = &out[(*n)++];
		memset(s, 0, sizeof *s);
		s->number = ir->number;
		s->published = ir->published;
		while (gi < in->ngroups && by[gi]->round < ir->number)
			gi++; /* groups of no listed round */
		for (; gi < in->ngroups && by[gi]->round == ir->number; gi++) {
			const struct insight_group *gr = by[gi];
			s->groups++;
			s->trios += gr->n == 3;
			s->pairings += gr->n == 3 ? 3 : 1;
			count_status(s, gr->status);
			for (int k = 0; k < gr->n; k++)
				take_part(&g, gr->member[k]);
			for (int x = 0; x < gr->n; x++)
				for (int y = x + 1; y < gr->n; y++)
					if (gr->member[x] != gr->member[y] &&
					    pairing(&g, gr->member[x], gr->member[y],
						    ir->number, gr->status, s) < 0)
						goto done;
		}
		for (size_t i = 0; i < in->nunplaced; i++)
			if (in->unplaced[i].round == ir->number) {
				s->unplaced++;
				take_part(&g, in->unplaced[i].person);
			}
		s->met_share = s->groups ? (double)s->met / (double)s->groups : 0.0;
		after_round(&g, s);
	}
	ret = 0;
done:
	free(by);
	grow_free(&g);
	return ret;
}

/* The index of round number r in out[0..n) (sorted by number), or -1. */
static int round_index(const struct insight_round_stats *out, size_t n, int r)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (out[mid].number < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && out[lo].number == r ? (int)lo : -1;
}

int insight_rounds_met(const struct insight_input *in,
		       const struct insight_graph *met,
		       struct insight_round_stats *out, size_t n)
{
	size_t *edges = calloc(n + 1, sizeof *edges);
	size_t *orgp = calloc(n + 1, sizeof *orgp);
	struct kmap orgs = {0};
	int upto = n ? out[n - 1].number : 0, ret = -1;
	if (!edges || !orgp || kmap_init(&orgs, 64) < 0)
		goto done;
	for (size_t r = 0; r < n; r++)
		out[r].met = out[r].missed = out[r].unconfirmed = 0;
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *gr = &in->groups[i];
		if (gr->round > upto)
			continue;
		int r = round_index(out, n, gr->round);
		if (r < 0) {
			/* The met network holds it, the per-round pass would
			 * not: that pass, whole (out's other figures come out
			 * as they were, since nothing but outcomes changed). */
			size_t again = 0;
			ret = insight_rounds(in, upto, out, &again);
			goto done;
		}
		count_status(&out[r], gr->status);
	}
	/* A pair met first in the round of its edge's first met pairing;
	 * an organisation pair in the earliest of its edges'. */
	for (size_t i = 0; i < met->m; i++) {
		const struct insight_edge *e = &met->edge[i];
		int r = round_index(out, n, e->first_round);
		int oa = in->people[met->person[e->a]].org;
		int ob = in->people[met->person[e->b]].org;
		bool added;
		if (r < 0)
			continue; /* beyond upto: not in this network */
		edges[r]++;
		if (oa < 0 || ob < 0 || oa == ob)
			continue;
		int *v = kmap_get(&orgs, pair_key(oa, ob), r, &added);
		if (!v)
			goto done;
		if (r < *v)
			*v = r;
	}
	for (size_t i = 0; i < orgs.cap; i++)
		if (orgs.key[i])
			orgp[orgs.val[i]]++;
	for (size_t r = 0, me = 0, mo = 0; r < n; r++) {
		struct insight_round_stats *s = &out[r];
		me += edges[r];
		mo += orgp[r];
		s->met_edges = me;
		s->org_pairs_met = mo;
		s->met_share = s->groups ? (double)s->met / (double)s->groups : 0.0;
	}
	ret = 0;
done:
	free(edges);
	free(orgp);
	kmap_free(&orgs);
	return ret;
}
