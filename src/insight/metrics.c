/*
 * metrics: see metrics.h for the definitions.  Union-find for components,
 * CSR adjacency with sorted rows, triangle counting by marking the
 * neighbours of each node; distances in insight/paths.c.  Every loop runs in node
 * order so that sums of floating-point values add up in the same order as
 * networkx does (and so agree with it to the last digit).
 */
#include "insight/metrics.h"

#include "insight/paths.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


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

int insight_group_pairs(const struct insight_graph *g,
			const struct insight_group *gr, int a[3], int b[3])
{
	int n = 0;
	for (int x = 0; x < gr->n; x++)
		for (int y = x + 1; y < gr->n; y++) {
			int u = g->node_of[gr->member[x]];
			int v = g->node_of[gr->member[y]];
			if (u == v)
				continue;
			a[n] = u < v ? u : v;
			b[n++] = u < v ? v : u;
		}
	return n;
}

/* Sorts pr[0..np) as pairing_cmp does, by a counting sort on a (a node
 * index below n) and an insertion sort of each node's few pairings:
 * qsort of the pairings (360,000 in the met network of 100,000 people
 * after 12 rounds) was a tenth of an answer's recomputation.  Equal pairings are identical, so the result
 * is the same array.  0 or -1 (memory). */
static int sort_pairings(struct pairing *pr, size_t np, size_t n)
{
	size_t *start = calloc(n + 1, sizeof *start);
	struct pairing *out = malloc((np ? np : 1) * sizeof *out);
	if (!start || !out) {
		free(start);
		free(out);
		return -1;
	}
	for (size_t i = 0; i < np; i++)
		start[pr[i].a + 1]++;
	for (size_t v = 0; v < n; v++)
		start[v + 1] += start[v];
	for (size_t i = 0; i < np; i++)
		out[start[pr[i].a]++] = pr[i];
	/* start[v] is now the end of v's pairings: a handful (one or two
	 * a round), qsort for a node with more. */
	for (size_t v = 0, lo = 0; v < n; lo = start[v++]) {
		if (start[v] - lo > 32) {
			qsort(out + lo, start[v] - lo, sizeof *out, pairing_cmp);
			continue;
		}
		for (size_t i = lo + 1; i < start[v]; i++) {
			struct pairing x = out[i];
			size_t j = i;
			for (; j > lo && pairing_cmp(&out[j - 1], &x) > 0; j--)
				out[j] = out[j - 1];
			out[j] = x;
		}
	}
	memcpy(pr, out, np * sizeof *pr);
	free(start);
	free(out);
	return 0;
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
		int a[3], b[3], k = insight_group_pairs(g, gr, a, b);
		for (int j = 0; j < k; j++)
			pr[np++] = (struct pairing){a[j], b[j], gr->round, gr->status};
	}
	if (sort_pairings(pr, np, g->n) < 0)
		goto fail;
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

/* insight_metrics_compute, and insight_metrics_update when paths is
 * given (cheap is then false). */
struct paths_io {
	const struct insight_paths *prev;
	const struct insight_edit *edits;
	size_t nedits;
	struct insight_paths *keep;
};

static int compute(const struct insight_graph *g,
		   const struct insight_input *in,
		   const struct insight_options *opt, bool cheap,
		   const struct paths_io *paths, struct insight_metrics *out)
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
		if (insight_paths_compute(g, comp, cn, opt,
					  paths ? paths->prev : NULL,
					  paths ? paths->edits : NULL,
					  paths ? paths->nedits : 0,
					  paths ? paths->keep : NULL, out) < 0)
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

int insight_metrics_compute(const struct insight_graph *g,
			    const struct insight_input *in,
			    const struct insight_options *opt, bool cheap,
			    struct insight_metrics *out)
{
	return compute(g, in, opt, cheap, NULL, out);
}

int insight_metrics_update(const struct insight_graph *g,
			   const struct insight_input *in,
			   const struct insight_options *opt,
			   const struct insight_paths *prev,
			   const struct insight_edit *edits, size_t nedits,
			   struct insight_paths *keep, struct insight_metrics *out)
{
	struct paths_io io = {prev, edits, nedits, keep};
	return compute(g, in, opt, false, &io, out);
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
