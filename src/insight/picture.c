/*
 * picture: see picture.h.  Layout by Graphviz sfdp under gv_lock; drawing
 * by hand.  Colours: nodes by category (the ten largest organisations or
 * sectors get a colour each, the rest "Other", blanks "Not given"); edges
 * met in a calm slate blue, missed in strong red, unconfirmed in light
 * red and dashed (so the two reds differ without colour too).
 */
#include "insight/picture.h"

#include "insight/coarse.h"
#include "insight/pack.h"
#include "util/hash.h"

#include <gvc.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLOURS 10
static const char *const palette[NCOLOURS] = {
	"#0072b2", "#e69f00", "#009e73", "#56b4e9", "#cc79a7",
	"#8c6d31", "#f0e442", "#6a3d9a", "#17becf", "#7f7f7f",
};
#define COLOUR_OTHER "#c7c7c7"
#define COLOUR_NONE "#ffffff"
#define EDGE_MET "#5b7f95"
#define EDGE_MISSED "#c62828"
#define EDGE_UNCONFIRMED "#f28b82"
/* Above these sizes the SVG is written compactly (see below). */
#define COMPACT_EDGES 3000
#define COMPACT_NODES 3000

/* Graphviz is not thread-safe: one lock around every call into it. */
static pthread_mutex_t gv_lock = /* process-wide: */ PTHREAD_MUTEX_INITIALIZER;
static GVC_t *gv_ctx; /* process-wide: Graphviz's context, under gv_lock */

/* One cached chain of layouts: xy[k] is the layout after round_no[k].
 * Shared by every request, guarded by gv_lock. */
static struct { /* process-wide: */
	uint64_t key;
	size_t npeople;
	size_t n;
	int *round_no;
	double **xy;
} cache;

static void cache_free_locked(void)
{
	for (size_t i = 0; i < cache.n; i++)
		free(cache.xy[i]);
	free(cache.xy);
	free(cache.round_no);
	memset(&cache, 0, sizeof cache);
}

void insight_picture_cache_clear(void)
{
	pthread_mutex_lock(&gv_lock);
	cache_free_locked();
	pthread_mutex_unlock(&gv_lock);
}

const char *insight_colour(int k)
{
	return k >= 0 && k < NCOLOURS ? palette[k] : COLOUR_OTHER;
}

const char *insight_edge_colour(enum insight_status st)
{
	return st == INSIGHT_MET ? EDGE_MET : st == INSIGHT_MISSED ? EDGE_MISSED
								   : EDGE_UNCONFIRMED;
}

void insight_picture_defaults(struct insight_picture_opts *o)
{
	memset(o, 0, sizeof *o);
	o->chain = true;
}

/* Layouts depend on who was grouped with whom, not on outcomes. */
static uint64_t input_key(const struct insight_input *in)
{
	uint64_t h = hash_int(HASH_INIT, (int64_t)in->npeople);
	for (size_t i = 0; i < in->npeople; i++)
		h = hash_int(h, in->people[i].id);
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *g = &in->groups[i];
		h = hash_int(h, g->round);
		for (int k = 0; k < g->n; k++)
			h = hash_int(h, g->member[k]);
	}
	for (size_t i = 0; i < in->nunplaced; i++)
		h = hash_int(h, ((int64_t)in->unplaced[i].round << 32) ^
				   in->unplaced[i].person);
	return h;
}

static double jitter(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (double)(x % 2001) / 1000.0 - 1.0; /* [-1, 1] */
}

/* What one sfdp call needs besides its component. */
struct sfdp_job {
	const struct insight_graph *g;
	const double *prev;          /* by person, or NULL */
	double minx, maxx, miny, maxy; /* of prev */
	bool seeded;
	int *local;                  /* node -> index in the component */
	double len_sum;              /* edge lengths, for the polygons */
	size_t len_n;
	const bool *laid;            /* by person: was in a component of more
				      * than KEEP_MIN people last round */
};

static void seed_of(const struct sfdp_job *j, int v, double *x, double *y);

/* Above this many people a component whose people were nearly all
 * (KEEP_SHARE) already in a large laid-out component keeps their
 * positions: a multilevel sfdp run costs seconds at 10,000 people and
 * moves nobody much once the network is one large component; newcomers
 * go next to their partners.  This is what keeps 12 rounds of 10,000
 * people under half a minute. */
#define KEEP_MIN 3000
#define KEEP_SHARE 0.9

static void edge_lengths(struct sfdp_job *j, const int *nodes, size_t n,
			 const double *pos)
{
	const struct insight_graph *g = j->g;
	for (size_t t = 0; t < n; t++) {
		int v = nodes[t];
		for (size_t a = g->off[v]; a < g->off[v + 1]; a++)
			if (g->adj[a] > v) {
				int w = g->adj[a];
				j->len_sum += hypot(pos[2 * v] - pos[2 * w],
						    pos[2 * v + 1] - pos[2 * w + 1]);
				j->len_n++;
			}
	}
}

/* KEEP_MIN: reuse the previous positions when they are a layout of
 * (nearly) this component.  True when done. */
static bool keep_component(struct sfdp_job *j, const int *nodes, size_t n,
			   double *pos)
{
	size_t had = 0;
	if (!j->seeded || !j->laid || n <= KEEP_MIN)
		return false;
	for (size_t t = 0; t < n; t++)
		had += j->laid[j->g->person[nodes[t]]];
	if ((double)had < KEEP_SHARE * (double)n)
		return false;
	for (size_t t = 0; t < n; t++)
		seed_of(j, nodes[t], &pos[2 * nodes[t]], &pos[2 * nodes[t] + 1]);
	edge_lengths(j, nodes, n, pos);
	return true;
}

/* A seed for node v: where the person was, else the centre of their
 * placed partners, else somewhere over the old picture. */
static void seed_of(const struct sfdp_job *j, int v, double *x, double *y)
{
	const struct insight_graph *g = j->g;
	const double *prev = j->prev;
	int i = g->person[v];
	if (!isnan(prev[2 * i])) {
		*x = prev[2 * i];
		*y = prev[2 * i + 1];
		return;
	}
	double sx = 0, sy = 0;
	int k = 0;
	for (size_t a = g->off[v]; a < g->off[v + 1]; a++) {
		int p = g->person[g->adj[a]];
		if (!isnan(prev[2 * p])) {
			sx += prev[2 * p];
			sy += prev[2 * p + 1];
			k++;
		}
	}
	double span = fmax(j->maxx - j->minx, j->maxy - j->miny) + 72;
	if (k) {
		*x = sx / k + 18 * jitter((uint64_t)i * 2 + 1);
		*y = sy / k + 18 * jitter((uint64_t)i * 2 + 2);
	} else {
		*x = (j->minx + j->maxx) / 2 + span / 2 * jitter((uint64_t)i * 2 + 1);
		*y = (j->miny + j->maxy) / 2 + span / 2 * jitter((uint64_t)i * 2 + 2);
	}
}

/* sfdp on a local graph (nodes 0..n-1, CSR off/adj), seeded from seed
 * (2n, or NULL), positions into out (2n).  levels0: one level, which
 * keeps the seed (see below). */
static int sfdp_run(size_t n, const size_t *off, const int *adj,
		    const double *seed, bool levels0, double *out,
		    struct err *e)
{
	Agnode_t **an = calloc(n, sizeof *an);
	Agraph_t *ag = agopen("cuppa", Agundirected, NULL);
	char name[32], p[64];
	int ret = -1;
	if (!an || !ag) {
		err_set(e, ERR_INTERNAL, "out of memory laying out the network");
		goto done;
	}
	/* The same attributes as the sfdp command line in bench/insight. */
	agattr(ag, AGRAPH, "overlap", "true");
	agattr(ag, AGRAPH, "splines", "false");
	agattr(ag, AGRAPH, "outputorder", "edgesfirst");
	agattr(ag, AGNODE, "shape", "point");
	agattr(ag, AGNODE, "width", "0.05");
	agattr(ag, AGNODE, "label", ""); /* no text layout: no fonts needed */
	Agsym_t *pos_sym = seed ? agattr(ag, AGNODE, "pos", "") : NULL;
	if (levels0)
		agattr(ag, AGRAPH, "levels", "0");
	/* Above 3,000 nodes, the Barnes-Hut forces of the coarser quadtree:
	 * 2.4x less CPU on a 10,000-people component (2.9 s against 6.9 s)
	 * for the same drawing by two measures (docs/performance.md). */
	if (n > 3000)
		agattr(ag, AGRAPH, "quadtree", "fast");
	for (size_t t = 0; t < n; t++) {
		snprintf(name, sizeof name, "%zu", t);
		an[t] = agnode(ag, name, 1);
		if (!an[t]) {
			err_set(e, ERR_INTERNAL, "Graphviz could not add a node");
			goto done;
		}
		if (seed) {
			snprintf(p, sizeof p, "%.3f,%.3f", seed[2 * t], seed[2 * t + 1]);
			agxset(an[t], pos_sym, p);
		}
	}
	for (size_t t = 0; t < n; t++)
		for (size_t a = off[t]; a < off[t + 1]; a++)
			if ((size_t)adj[a] > t &&
			    !agedge(ag, an[t], an[adj[a]], NULL, 1)) {
				err_set(e, ERR_INTERNAL, "Graphviz could not add an edge");
				goto done;
			}
	if (gvLayout(gv_ctx, ag, "sfdp") != 0) {
		err_set(e, ERR_INTERNAL, "Graphviz layout failed");
		goto done;
	}
	for (size_t t = 0; t < n; t++) {
		out[2 * t] = ND_coord(an[t]).x;
		out[2 * t + 1] = ND_coord(an[t]).y;
	}
	gvFreeLayout(gv_ctx, ag);
	ret = 0;
done:
	if (ag)
		agclose(ag);
	free(an);
	return ret;
}

/* Above this many people a component is laid out on its graph coarsened
 * twice (insight/coarse.h): sfdp on about a quarter of the people, then
 * everyone spread around their coarse node and refined locally. */
#define COARSE_MIN 3000
#define COARSE_LEVELS 2
#define REFINE_ITERS 30

/* The coarse path: local graph (off, adj) into out.  Unseeded: a large
 * component forms out of many small ones (the third round of a large
 * programme), whose places say nothing of its shape; seeded with them,
 * sfdp kept them as a ring around a knot of crossing edges. */
static int sfdp_coarse(size_t n, const size_t *off, const int *adj,
		       double *out, struct err *e)
{
	struct coarse c;
	double *cpos = NULL;
	int ret = -1;
	if (coarse_build(n, off, adj, COARSE_LEVELS, &c) < 0)
		return err_set(e, ERR_INTERNAL, "out of memory laying out the network");
	cpos = malloc(2 * (c.n ? c.n : 1) * sizeof *cpos);
	if (!cpos) {
		err_set(e, ERR_INTERNAL, "out of memory laying out the network");
		goto done;
	}
	if (sfdp_run(c.n, c.off, c.adj, NULL, false, cpos, e) < 0)
		goto done;
	double sum = 0;
	size_t m = 0;
	for (size_t u = 0; u < c.n; u++)
		for (size_t a = c.off[u]; a < c.off[u + 1]; a++) {
			int w = c.adj[a];
			sum += hypot(cpos[2 * u] - cpos[2 * w], cpos[2 * u + 1] - cpos[2 * w + 1]);
			m++;
		}
	/* The refinement's natural length: the spacing of n people over
	 * the coarse layout's area (edges of a large network are longer
	 * than the spacing, so an edge-based length would put hundreds of
	 * people within each one's reach). */
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
	for (size_t u = 0; u < c.n; u++) {
		x0 = fmin(x0, cpos[2 * u]);
		x1 = fmax(x1, cpos[2 * u]);
		y0 = fmin(y0, cpos[2 * u + 1]);
		y1 = fmax(y1, cpos[2 * u + 1]);
	}
	double k = sqrt(fmax((x1 - x0) * (y1 - y0), 1.0) / (double)n);
	for (size_t t = 0; t < n; t++) {
		out[2 * t] = cpos[2 * c.of[t]] + k * jitter((uint64_t)t * 2 + 1);
		out[2 * t + 1] = cpos[2 * c.of[t] + 1] + k * jitter((uint64_t)t * 2 + 2);
	}
	if (coarse_refine(n, off, adj, k, REFINE_ITERS, out) < 0) {
		err_set(e, ERR_INTERNAL, "out of memory laying out the network");
		goto done;
	}
	/* Back to sfdp's units: edges as long as the coarse layout's, as
	 * sfdp draws every graph, so that components agree in scale. */
	double fsum = 0;
	for (size_t t = 0; t < n; t++)
		for (size_t a = off[t]; a < off[t + 1]; a++)
			fsum += hypot(out[2 * t] - out[2 * adj[a]],
				      out[2 * t + 1] - out[2 * adj[a] + 1]);
	if (fsum > 0 && m) {
		double f = (sum / (double)m) / (fsum / (double)off[n]);
		for (size_t t = 0; t < 2 * n; t++)
			out[t] *= f;
	}
	ret = 0;
done:
	coarse_free(&c);
	free(cpos);
	return ret;
}

/* sfdp on one component (nodes[0..n)), positions into pos (by node). */
static int sfdp_component(struct sfdp_job *j, const int *nodes, size_t n,
			  double *pos, struct err *e)
{
	const struct insight_graph *g = j->g;
	size_t *off = malloc((n + 1) * sizeof *off);
	double *seed = j->seeded ? malloc(2 * n * sizeof *seed) : NULL;
	double *out = malloc(2 * n * sizeof *out);
	int *adj = NULL, ret = -1;
	if (!off || !out || (j->seeded && !seed))
		goto nomem;
	off[0] = 0;
	for (size_t t = 0; t < n; t++) {
		j->local[nodes[t]] = (int)t;
		off[t + 1] = off[t] + (g->off[nodes[t] + 1] - g->off[nodes[t]]);
		if (seed)
			seed_of(j, nodes[t], &seed[2 * t], &seed[2 * t + 1]);
	}
	adj = malloc((off[n] ? off[n] : 1) * sizeof *adj);
	if (!adj)
		goto nomem;
	for (size_t t = 0; t < n; t++)
		for (size_t a = g->off[nodes[t]]; a < g->off[nodes[t] + 1]; a++)
			adj[off[t] + (a - g->off[nodes[t]])] = j->local[g->adj[a]];
	/* sfdp's multilevel scheme coarsens the graph and so forgets most of
	 * the seed; a single level keeps it (measured: people move about 40%
	 * less at 2,000 people) but is too slow for large networks. */
	if (n > COARSE_MIN ? sfdp_coarse(n, off, adj, out, e) < 0
			   : sfdp_run(n, off, adj, seed, seed != NULL, out, e) < 0)
		goto done;
	for (size_t t = 0; t < n; t++) {
		pos[2 * nodes[t]] = out[2 * t];
		pos[2 * nodes[t] + 1] = out[2 * t + 1];
	}
	edge_lengths(j, nodes, n, pos);
	if (j->seeded)
		pack_align(g, nodes, n, j->prev, pos);
	ret = 0;
	goto done;
nomem:
	err_set(e, ERR_INTERNAL, "out of memory laying out the network");
done:
	free(off);
	free(adj);
	free(seed);
	free(out);
	return ret;
}

/* By person: in a component of more than KEEP_MIN people after the round
 * before upto (NULL when none).  malloc'd. */
static bool *laid_before(const struct insight_input *in, int upto)
{
	int before = 0;
	for (size_t r = 0; r < in->nrounds; r++)
		if (in->rounds[r].number < upto && in->rounds[r].number > before)
			before = in->rounds[r].number;
	if (!before || in->npeople <= KEEP_MIN)
		return NULL;
	struct insight_graph *g = insight_graph_build(in, before, false);
	size_t *start = NULL, nc = 0;
	int *nodes = NULL;
	bool *laid = NULL;
	size_t deg = 0;
	if (g && pack_components(g, &start, &nodes, &nc) == 0 && nc)
		for (size_t t = start[0]; t < start[1]; t++)
			deg += g->off[nodes[t] + 1] - g->off[nodes[t]];
	/* Not after a ring or a chain (no more edges than people: the
	 * second round of a large programme is one long cycle): the
	 * network that forms next has nothing of its shape. */
	if (g && nc && start[1] - start[0] > KEEP_MIN &&
	    deg > 2 * (start[1] - start[0]) &&
	    (laid = calloc(in->npeople, sizeof *laid)) != NULL)
		for (size_t c = 0; c < nc && start[c + 1] - start[c] > KEEP_MIN; c++)
			for (size_t t = start[c]; t < start[c + 1]; t++)
				laid[g->person[nodes[t]]] = true;
	free(start);
	free(nodes);
	insight_graph_free(g);
	return laid;
}

/* Components of more than PACK_SMALL people by sfdp, one call each; the
 * rest as polygons with sfdp's mean edge length; then packed (pack.h). */
static int layout_locked(const struct insight_input *in, int upto,
			 const double *prev, double *xy, struct err *e)
{
	struct insight_graph *g = insight_graph_build(in, upto, false);
	struct sfdp_job j = {.g = g, .prev = prev};
	size_t *start = NULL, nc = 0;
	int *nodes = NULL;
	double *pos = NULL;
	int ret = -1;
	for (size_t i = 0; i < 2 * in->npeople; i++)
		xy[i] = NAN;
	if (!g)
		return err_set(e, ERR_INTERNAL, "out of memory building the network");
	if (g->n == 0) {
		ret = 0;
		goto done;
	}
	if (!gv_ctx) {
		gv_ctx = gvContext();
		if (!gv_ctx) {
			err_set(e, ERR_INTERNAL, "Graphviz failed to start");
			goto done;
		}
		agseterr(AGERR);
	}
	pos = malloc(2 * g->n * sizeof *pos);
	j.local = malloc(g->n * sizeof *j.local);
	if (!pos || !j.local || pack_components(g, &start, &nodes, &nc) < 0) {
		err_set(e, ERR_INTERNAL, "out of memory laying out the network");
		goto done;
	}
	j.minx = j.miny = INFINITY;
	j.maxx = j.maxy = -INFINITY;
	if (prev)
		for (size_t i = 0; i < in->npeople; i++)
			if (!isnan(prev[2 * i])) {
				j.minx = fmin(j.minx, prev[2 * i]);
				j.maxx = fmax(j.maxx, prev[2 * i]);
				j.miny = fmin(j.miny, prev[2 * i + 1]);
				j.maxy = fmax(j.maxy, prev[2 * i + 1]);
			}
	j.seeded = prev && j.minx <= j.maxx;
	if (j.seeded)
		j.laid = laid_before(in, upto);
	for (size_t c = 0; c < nc; c++) {
		size_t n = start[c + 1] - start[c];
		if (n > PACK_SMALL && !keep_component(&j, nodes + start[c], n, pos) &&
		    sfdp_component(&j, nodes + start[c], n, pos, e) < 0)
			goto done;
	}
	/* sfdp's default spring length is 0.3 inch = 21.6 points */
	double len = j.len_n ? j.len_sum / (double)j.len_n : 21.6;
	for (size_t c = 0; c < nc; c++) {
		size_t n = start[c + 1] - start[c];
		if (n <= PACK_SMALL)
			pack_polygon(nodes + start[c], n, len, pos);
	}
	pack_rows(start, nodes, nc, len, pos);
	for (size_t v = 0; v < g->n; v++) {
		int i = g->person[v];
		xy[2 * i] = pos[2 * v];
		xy[2 * i + 1] = pos[2 * v + 1];
	}
	ret = 0;
done:
	free(pos);
	free(j.local);
	free((void *)j.laid);
	free(start);
	free(nodes);
	insight_graph_free(g);
	return ret;
}

int insight_picture_layout(const struct insight_input *in, int upto,
			   const double *prev, double *xy, struct err *e)
{
	pthread_mutex_lock(&gv_lock);
	int rc = layout_locked(in, upto, prev, xy, e);
	pthread_mutex_unlock(&gv_lock);
	return rc;
}

/* The layout after round upto into xy, through the cache when chaining. */
static int layout_chain(const struct insight_input *in, int upto, bool chain,
			double *xy, struct err *e)
{
	size_t words = 2 * (in->npeople ? in->npeople : 1);
	int rc = 0;
	if (!chain)
		return insight_picture_layout(in, upto, NULL, xy, e);
	pthread_mutex_lock(&gv_lock);
	uint64_t key = input_key(in);
	if (cache.key != key || cache.npeople != in->npeople) {
		cache_free_locked();
		cache.key = key;
		cache.npeople = in->npeople;
		cache.round_no = calloc(in->nrounds ? in->nrounds : 1, sizeof(int));
		cache.xy = calloc(in->nrounds ? in->nrounds : 1, sizeof(double *));
		if (!cache.round_no || !cache.xy) {
			cache_free_locked();
			rc = err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
	}
	for (size_t r = 0; r < in->nrounds && in->rounds[r].number <= upto; r++) {
		if (r < cache.n)
			continue;
		double *l = malloc(words * sizeof *l);
		if (!l) {
			rc = err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
		if (layout_locked(in, in->rounds[r].number,
				  r ? cache.xy[r - 1] : NULL, l, e) < 0) {
			free(l);
			rc = -1;
			goto done;
		}
		cache.xy[r] = l;
		cache.round_no[r] = in->rounds[r].number;
		cache.n = r + 1;
	}
	for (size_t r = cache.n; r-- > 0;)
		if (cache.round_no[r] <= upto) {
			memcpy(xy, cache.xy[r], words * sizeof *xy);
			goto done;
		}
	for (size_t i = 0; i < words; i++)
		xy[i] = NAN;
done:
	pthread_mutex_unlock(&gv_lock);
	return rc;
}

/* ---- drawing ---- */

struct cat {
	int id;      /* organisation or sector index */
	size_t count;
	int colour;  /* palette index, or -1 other */
};

static int cat_cmp(const void *x, const void *y)
{
	const struct cat *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return a->id - b->id;
}

/* At most 28 bytes of s, cut on a UTF-8 boundary, "..." when cut. */
static void short_name(const char *s, char out[64])
{
	size_t n = strlen(s);
	if (n <= 28) {
		memcpy(out, s, n + 1);
		return;
	}
	n = 28;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "...", 4);
}

/* Every edge of one kind (status, this round or earlier) as one path. */
static void edge_path(struct buf *b, const struct insight_graph *g,
		      const double *pt, int upto, bool only_round, bool now,
		      enum insight_status st)
{
	const char *colour = st == INSIGHT_MET      ? EDGE_MET
			     : st == INSIGHT_MISSED ? EDGE_MISSED
						    : EDGE_UNCONFIRMED;
	bool any = false;
	for (size_t k = 0; k < g->m; k++) {
		const struct insight_edge *ed = &g->edge[k];
		bool is_now = ed->last_round == upto;
		if (is_now != now || (!now && only_round) ||
		    (now ? ed->last_status : ed->status) != st)
			continue;
		if (!any) {
			buf_printf(b, "<path class=\"edges %s%s\" fill=\"none\" stroke=\"%s\" %s%s d=\"",
				   insight_status_name(st), now ? " now" : " earlier", colour,
				   now ? "stroke-width=\"1.6\"" : "stroke-width=\"0.6\" stroke-opacity=\"0.45\"",
				   st == INSIGHT_UNCONFIRMED ? " stroke-dasharray=\"4 3\"" : "");
			any = true;
		}
		buf_printf(b, "M%.1f %.1fL%.1f %.1f", pt[2 * ed->a], pt[2 * ed->a + 1],
			   pt[2 * ed->b], pt[2 * ed->b + 1]);
	}
	if (any)
		buf_puts(b, "\"/>\n");
}

static void edge_line(struct buf *b, const double *pt, int a, int c,
		      enum insight_status st, bool now)
{
	const char *colour = st == INSIGHT_MET      ? EDGE_MET
			     : st == INSIGHT_MISSED ? EDGE_MISSED
						    : EDGE_UNCONFIRMED;
	buf_printf(b,
		   "<line class=\"edge %s%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"",
		   insight_status_name(st), now ? " now" : "", pt[2 * a],
		   pt[2 * a + 1], pt[2 * c], pt[2 * c + 1], colour);
	if (now)
		buf_puts(b, " stroke-width=\"2.2\"");
	else
		buf_puts(b, " stroke-width=\"1\" stroke-opacity=\"0.45\"");
	if (st == INSIGHT_UNCONFIRMED)
		buf_puts(b, " stroke-dasharray=\"4 3\"");
	buf_puts(b, "/>\n");
}

int insight_picture_svg(const struct insight_input *in,
			const struct insight_picture_opts *o, struct buf *b,
			struct err *e)
{
	int upto = o->round;
	int ret = -1;
	double *xy = NULL, *pt = NULL;
	struct insight_graph *g = NULL;
	struct cat *cats = NULL;
	int *colour_of = NULL;
	bool *shown = NULL;
	if (upto <= 0)
		upto = in->nrounds ? in->rounds[in->nrounds - 1].number : 0;
	xy = malloc(2 * (in->npeople ? in->npeople : 1) * sizeof *xy);
	if (!xy) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	if (layout_chain(in, upto, o->chain, xy, e) < 0)
		goto done;
	g = insight_graph_build(in, upto, false);
	pt = malloc(2 * (g && g->n ? g->n : 1) * sizeof *pt);
	size_t ncat = o->by_sector ? in->nsectors : in->norgs;
	cats = calloc(ncat + 1, sizeof *cats);
	colour_of = calloc(ncat + 1, sizeof *colour_of);
	if (!g || !pt || !cats || !colour_of) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}

	/* Scale into a 760 x H drawing area with a 20 px margin. */
	const double W = 760, M = 20, LEGEND = 240;
	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
	for (size_t v = 0; v < g->n; v++) {
		int i = g->person[v];
		minx = fmin(minx, xy[2 * i]);
		maxx = fmax(maxx, xy[2 * i]);
		miny = fmin(miny, xy[2 * i + 1]);
		maxy = fmax(maxy, xy[2 * i + 1]);
	}
	double sx = maxx > minx ? maxx - minx : 1, sy = maxy > miny ? maxy - miny : 1;
	double H = fmin(fmax(W * sy / sx, 380), 900);
	double scale = fmin(W / sx, H / sy);
	for (size_t v = 0; v < g->n; v++) {
		int i = g->person[v];
		/* SVG y grows downwards; Graphviz y upwards. */
		pt[2 * v] = M + (xy[2 * i] - minx) * scale + (W - sx * scale) / 2;
		pt[2 * v + 1] = M + (maxy - xy[2 * i + 1]) * scale + (H - sy * scale) / 2;
	}
	if (g->n == 1) {
		pt[0] = M + W / 2;
		pt[1] = M + H / 2;
	}

	/* Categories: the ten largest get colours. */
	for (size_t c = 0; c < ncat; c++)
		cats[c].id = (int)c;
	size_t nnone = 0;
	for (size_t v = 0; v < g->n; v++) {
		const struct insight_person *p = &in->people[g->person[v]];
		int c = o->by_sector ? p->sector : p->org;
		if (c < 0)
			nnone++;
		else
			cats[c].count++;
	}
	qsort(cats, ncat, sizeof *cats, cat_cmp);
	size_t nother = 0;
	for (size_t k = 0; k < ncat; k++) {
		if (cats[k].count == 0) {
			colour_of[cats[k].id] = -2;
			continue;
		}
		if (k < NCOLOURS) {
			colour_of[cats[k].id] = (int)k;
		} else {
			colour_of[cats[k].id] = -1;
			nother += cats[k].count;
		}
	}

	if (o->only_round) {
		shown = calloc(g->n ? g->n : 1, sizeof *shown);
		if (!shown) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
		for (size_t k = 0; k < g->m; k++)
			if (g->edge[k].last_round == upto)
				shown[g->edge[k].a] = shown[g->edge[k].b] = true;
	}
	double total_w = 2 * M + W + LEGEND, total_h = 2 * M + H;
	double r = g->n <= 60 ? 7 : g->n <= 600 ? 4 : g->n <= 6000 ? 2.5 : 1.5;
	size_t met = 0, now = 0;
	for (size_t k = 0; k < g->m; k++) {
		met += g->edge[k].status == INSIGHT_MET;
		now += g->edge[k].last_round == upto;
	}
	buf_printf(b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"insight-network\" "
		   "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		   "aria-labelledby=\"net-title-%d net-desc-%d\" font-family=\"sans-serif\" "
		   "lang=\"%s\">\n",
		   total_w, total_h, total_w, total_h, upto, upto, lang_code(o->lang));
	buf_printf(b, "<title id=\"net-title-%d\">", upto);
	if (o->title)
		buf_html(b, o->title);
	else
		buf_printf(b, T_(o->lang, "Who has met whom, after round %d"), upto);
	/* Catalogue words with numbers filled in: nothing to escape. */
	buf_printf(b, "</title>\n<desc id=\"net-desc-%d\">", upto);
	buf_printf(b, TN_(o->lang, "%zu people and %zu connections after round %d; "
			  "%zu connection met, %zu made in round %d (drawn thicker). Red: "
			  "did not meet (dark) or not confirmed (light, dashed).",
			  "%zu people and %zu connections after round %d; %zu connections "
			  "met, %zu made in round %d (drawn thicker). Red: did not meet "
			  "(dark) or not confirmed (light, dashed).", (long)met),
		   g->n, g->m, upto, met, now, upto);
	buf_puts(b, "</desc>\n");
	buf_puts(b, "<rect class=\"bg\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");

	/* Earlier edges first, this round's on top.  Large networks get one
	 * path per kind of edge instead of a line each: a fifth of the bytes,
	 * so that 60,000 pairings stay a few megabytes. */
	if (g->m > COMPACT_EDGES) {
		for (int this_round = 0; this_round < 2; this_round++)
			for (int st = INSIGHT_UNCONFIRMED; st <= INSIGHT_MET; st++)
				edge_path(b, g, pt, upto, o->only_round, this_round != 0,
					  (enum insight_status)st);
	} else {
		buf_puts(b, "<g class=\"edges earlier\">\n");
		for (size_t k = 0; k < g->m; k++) {
			const struct insight_edge *ed = &g->edge[k];
			if (ed->last_round != upto && !o->only_round)
				edge_line(b, pt, ed->a, ed->b, ed->status, false);
		}
		buf_puts(b, "</g>\n<g class=\"edges now\">\n");
		for (size_t k = 0; k < g->m; k++) {
			const struct insight_edge *ed = &g->edge[k];
			if (ed->last_round == upto)
				edge_line(b, pt, ed->a, ed->b, ed->last_status, true);
		}
		buf_puts(b, "</g>\n");
	}
	buf_puts(b, "<g class=\"nodes\" stroke=\"#333333\" stroke-width=\"0.6\">\n");
	bool labels = g->n <= 150, titles = g->n <= COMPACT_NODES;
	for (size_t v = 0; v < g->n; v++) {
		const struct insight_person *p = &in->people[g->person[v]];
		int c = o->by_sector ? p->sector : p->org;
		if (shown && !shown[v])
			continue;
		const char *fill = c < 0 ? COLOUR_NONE
				   : colour_of[c] >= 0 ? palette[colour_of[c]]
						       : COLOUR_OTHER;
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"",
			   pt[2 * v], pt[2 * v + 1], r, fill);
		if (titles) {
			buf_puts(b, "><title>");
			buf_html(b, p->label);
			buf_puts(b, "</title></circle>\n");
		} else {
			buf_puts(b, "/>\n");
		}
	}
	buf_puts(b, "</g>\n");
	if (labels) {
		buf_puts(b, "<g class=\"labels\" font-size=\"10\" fill=\"#222222\">\n");
		for (size_t v = 0; v < g->n; v++) {
			if (shown && !shown[v])
				continue;
			buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", pt[2 * v] + r + 2,
				   pt[2 * v + 1] + 3);
			buf_html(b, in->people[g->person[v]].label);
			buf_puts(b, "</text>\n");
		}
		buf_puts(b, "</g>\n");
	}

	/* Legend. */
	double lx = 2 * M + W, ly = M + 14;
	buf_printf(b, "<g class=\"legend\" font-size=\"12\" fill=\"#222222\" "
		   "transform=\"translate(%.0f,%.0f)\">\n", lx, ly);
	buf_printf(b, "<text font-weight=\"bold\" y=\"0\">%s</text>\n",
		   o->by_sector ? T_(o->lang, "Sector") : T_(o->lang, "Organisation"));
	double y = 20;
	for (size_t k = 0; k < ncat && k < NCOLOURS; k++) {
		if (cats[k].count == 0)
			break;
		buf_printf(b, "<circle cx=\"6\" cy=\"%.0f\" r=\"6\" fill=\"%s\" stroke=\"#333333\" "
			   "stroke-width=\"0.6\"/><text x=\"18\" y=\"%.0f\">",
			   y - 4, palette[k], y);
		const char *nm = o->by_sector ? in->sectors[cats[k].id] : in->orgs[cats[k].id];
		char shortnm[64];
		short_name(nm, shortnm);
		buf_html(b, shortnm);
		buf_printf(b, " (%zu)</text>\n", cats[k].count);
		y += 18;
	}
	if (nother) {
		buf_printf(b, "<circle cx=\"6\" cy=\"%.0f\" r=\"6\" fill=\"%s\" stroke=\"#333333\" "
			   "stroke-width=\"0.6\"/><text x=\"18\" y=\"%.0f\">%s (%zu)</text>\n",
			   y - 4, COLOUR_OTHER, y, T_(o->lang, "Other"), nother);
		y += 18;
	}
	if (nnone) {
		buf_printf(b, "<circle cx=\"6\" cy=\"%.0f\" r=\"6\" fill=\"%s\" stroke=\"#333333\" "
			   "stroke-width=\"0.6\"/><text x=\"18\" y=\"%.0f\">%s (%zu)</text>\n",
			   y - 4, COLOUR_NONE, y, T_(o->lang, "Not given"), nnone);
		y += 18;
	}
	y += 14;
	buf_printf(b, "<text font-weight=\"bold\" y=\"%.0f\">%s</text>\n", y,
		   T_(o->lang, "Pairs"));
	y += 20;
	static const struct {
		enum insight_status st;
		const char *label;
	} keys[] = {
		{INSIGHT_MET, N_("met")},
		{INSIGHT_MISSED, N_("did not meet")},
		{INSIGHT_UNCONFIRMED, N_("not confirmed")},
	};
	for (size_t k = 0; k < 3; k++) {
		const char *colour = keys[k].st == INSIGHT_MET ? EDGE_MET
				     : keys[k].st == INSIGHT_MISSED ? EDGE_MISSED
								    : EDGE_UNCONFIRMED;
		buf_printf(b, "<line x1=\"0\" y1=\"%.0f\" x2=\"28\" y2=\"%.0f\" stroke=\"%s\" "
			   "stroke-width=\"2.2\"%s/><text x=\"36\" y=\"%.0f\">%s</text>\n",
			   y - 4, y - 4, colour,
			   keys[k].st == INSIGHT_UNCONFIRMED ? " stroke-dasharray=\"4 3\"" : "",
			   y, T_(o->lang, keys[k].label));
		y += 18;
	}
	buf_printf(b, "<line x1=\"0\" y1=\"%.0f\" x2=\"28\" y2=\"%.0f\" stroke=\"%s\" "
		   "stroke-width=\"2.2\"/><text x=\"36\" y=\"%.0f\">",
		   y - 4, y - 4, EDGE_MET, y);
	buf_printf(b, T_(o->lang, "round %d (thick)"), upto);
	buf_puts(b, "</text>\n");
	y += 18;
	buf_printf(b, "<line x1=\"0\" y1=\"%.0f\" x2=\"28\" y2=\"%.0f\" stroke=\"%s\" "
		   "stroke-width=\"1\" stroke-opacity=\"0.45\"/><text x=\"36\" y=\"%.0f\">"
		   "%s</text>\n",
		   y - 4, y - 4, EDGE_MET, y, T_(o->lang, "earlier rounds"));
	buf_puts(b, "</g>\n</svg>\n");
	if (buf_failed(b)) {
		err_set(e, ERR_INTERNAL, "the picture is too large");
		goto done;
	}
	ret = 0;
done:
	free(xy);
	free(pt);
	free(cats);
	free(colour_of);
	free(shown);
	insight_graph_free(g);
	return ret;
}
