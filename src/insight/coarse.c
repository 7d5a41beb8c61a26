/* coarse: see coarse.h. */
#include "insight/coarse.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int int_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

/* One matching: map[v] = v's coarse node; *nc the coarse nodes. */
static void match_once(size_t n, const size_t *off, const int *adj, int *map,
		       size_t *nc)
{
	int c = 0;
	for (size_t v = 0; v < n; v++)
		map[v] = -1;
	for (size_t v = 0; v < n; v++) {
		int best = -1;
		size_t bd = SIZE_MAX;
		if (map[v] >= 0)
			continue;
		for (size_t a = off[v]; a < off[v + 1]; a++) {
			int w = adj[a];
			size_t d = off[w + 1] - off[w];
			if (map[w] < 0 && (size_t)w != v && d < bd) {
				best = w;
				bd = d;
			}
		}
		map[v] = c;
		if (best >= 0)
			map[best] = c;
		c++;
	}
	*nc = (size_t)c;
}

/* The CSR of the graph contracted by map (nc nodes), deduplicated. */
static int contract(size_t n, const size_t *off, const int *adj,
		    const int *map, size_t nc, size_t **coff, int **cadj)
{
	size_t *o = calloc(nc + 1, sizeof *o), *fill = NULL;
	int *a = NULL;
	if (!o)
		return -1;
	for (size_t v = 0; v < n; v++)
		for (size_t e = off[v]; e < off[v + 1]; e++)
			if (map[adj[e]] != map[v])
				o[map[v] + 1]++;
	for (size_t c = 0; c < nc; c++)
		o[c + 1] += o[c];
	a = malloc((o[nc] ? o[nc] : 1) * sizeof *a);
	fill = malloc((nc ? nc : 1) * sizeof *fill);
	if (!a || !fill) {
		free(o);
		free(a);
		free(fill);
		return -1;
	}
	memcpy(fill, o, nc * sizeof *fill);
	for (size_t v = 0; v < n; v++)
		for (size_t e = off[v]; e < off[v + 1]; e++)
			if (map[adj[e]] != map[v])
				a[fill[map[v]]++] = map[adj[e]];
	/* Sort each row and drop repeats, compacting in place. */
	size_t w = 0;
	for (size_t c = 0; c < nc; c++) {
		size_t lo = o[c], hi = o[c + 1], start = w;
		qsort(a + lo, hi - lo, sizeof *a, int_cmp);
		for (size_t e = lo; e < hi; e++)
			if (w == start || a[w - 1] != a[e])
				a[w++] = a[e];
		o[c] = start;
	}
	o[nc] = w;
	free(fill);
	*coff = o;
	*cadj = a;
	return 0;
}

int coarse_build(size_t n, const size_t *off, const int *adj, int levels,
		 struct coarse *out)
{
	const size_t *coff = off;
	const int *cadj = adj;
	size_t cn = n;
	int *map = malloc((n ? n : 1) * sizeof *map);
	memset(out, 0, sizeof *out);
	out->of = malloc((n ? n : 1) * sizeof *out->of);
	if (!map || !out->of)
		goto fail;
	for (size_t v = 0; v < n; v++)
		out->of[v] = (int)v;
	for (int l = 0; l < levels; l++) {
		size_t nc, *noff;
		int *nadj;
		match_once(cn, coff, cadj, map, &nc);
		if (contract(cn, coff, cadj, map, nc, &noff, &nadj) < 0)
			goto fail;
		for (size_t v = 0; v < n; v++)
			out->of[v] = map[out->of[v]];
		if (coff != off) {
			free((void *)coff);
			free((void *)cadj);
		}
		coff = noff;
		cadj = nadj;
		cn = nc;
	}
	if (coff == off) { /* no level: a copy, so that the caller owns it */
		size_t *o = malloc((n + 1) * sizeof *o);
		int *a = malloc((off[n] ? off[n] : 1) * sizeof *a);
		if (!o || !a) {
			free(o);
			free(a);
			goto fail;
		}
		memcpy(o, off, (n + 1) * sizeof *o);
		memcpy(a, adj, off[n] * sizeof *a);
		coff = o;
		cadj = a;
	}
	free(map);
	out->n = cn;
	out->off = (size_t *)coff;
	out->adj = (int *)cadj;
	return 0;
fail:
	if (coff != off) {
		free((void *)coff);
		free((void *)cadj);
	}
	free(map);
	free(out->of);
	memset(out, 0, sizeof *out);
	return -1;
}

void coarse_free(struct coarse *c)
{
	free(c->of);
	free(c->off);
	free(c->adj);
	memset(c, 0, sizeof *c);
}

/* Repulsion constant and cut-off (in units of k): sfdp's C, and a radius
 * past which a node's pull on the layout is left to the coarse shape. */
#define REPULSION 0.2
#define CUTOFF 2.0
/* The step starts at k and cools by this factor each iteration. */
#define COOLING 0.92

int coarse_refine(size_t n, const size_t *off, const int *adj, double k,
		  int iters, double *pos)
{
	size_t *cell_start = NULL;
	int *cell_of = NULL, *items = NULL;
	int ret = -1;
	double step = k, r = CUTOFF * k, ck2 = REPULSION * k * k;
	if (n < 2 || k <= 0)
		return 0;
	cell_of = malloc(n * sizeof *cell_of);
	items = malloc(n * sizeof *items);
	if (!cell_of || !items)
		goto done;
	for (int it = 0; it < iters; it++, step *= COOLING) {
		double minx = INFINITY, miny = INFINITY, maxx = -INFINITY,
		       maxy = -INFINITY;
		for (size_t v = 0; v < n; v++) {
			minx = fmin(minx, pos[2 * v]);
			maxx = fmax(maxx, pos[2 * v]);
			miny = fmin(miny, pos[2 * v + 1]);
			maxy = fmax(maxy, pos[2 * v + 1]);
		}
		/* Cells of side at least r, at most about 4n of them. */
		double side = r;
		size_t nx, ny;
		for (;;) {
			nx = (size_t)((maxx - minx) / side) + 1;
			ny = (size_t)((maxy - miny) / side) + 1;
			if (nx * ny <= 4 * n + 16)
				break;
			side *= 1.5;
		}
		free(cell_start);
		cell_start = calloc(nx * ny + 1, sizeof *cell_start);
		if (!cell_start)
			goto done;
		for (size_t v = 0; v < n; v++) {
			size_t cx = (size_t)((pos[2 * v] - minx) / side);
			size_t cy = (size_t)((pos[2 * v + 1] - miny) / side);
			cell_of[v] = (int)(cy * nx + cx);
			cell_start[cell_of[v] + 1]++;
		}
		for (size_t c = 0; c < nx * ny; c++)
			cell_start[c + 1] += cell_start[c];
		for (size_t v = 0; v < n; v++)
			items[cell_start[cell_of[v]]++] = (int)v;
		for (size_t c = nx * ny; c > 0; c--)
			cell_start[c] = cell_start[c - 1];
		cell_start[0] = 0;
		/* Gauss-Seidel: each node moves at once (as sfdp does), against
		 * the cells of the iteration's start. */
		for (size_t v = 0; v < n; v++) {
			double x = pos[2 * v], y = pos[2 * v + 1], fx = 0, fy = 0;
			long cx = cell_of[v] % (long)nx, cy = cell_of[v] / (long)nx;
			for (long dy = -1; dy <= 1; dy++)
				for (long dx = -1; dx <= 1; dx++) {
					long qx = cx + dx, qy = cy + dy;
					if (qx < 0 || qy < 0 || qx >= (long)nx ||
					    qy >= (long)ny)
						continue;
					size_t c = (size_t)qy * nx + (size_t)qx;
					for (size_t t = cell_start[c]; t < cell_start[c + 1]; t++) {
						int u = items[t];
						double ex = x - pos[2 * u], ey = y - pos[2 * u + 1];
						double d2 = ex * ex + ey * ey;
						if ((size_t)u == v || d2 >= r * r)
							continue;
						if (d2 < 1e-9) { /* coincident: a fixed nudge */
							ex = (double)((v * 7 + (size_t)u) % 13) - 6.0;
							ey = (double)((v * 5 + (size_t)u) % 11) - 5.0;
							d2 = ex * ex + ey * ey + 1e-9;
						}
						fx += ck2 * ex / d2;
						fy += ck2 * ey / d2;
					}
				}
			for (size_t a = off[v]; a < off[v + 1]; a++) {
				int w = adj[a];
				double ex = pos[2 * w] - x, ey = pos[2 * w + 1] - y;
				double d = sqrt(ex * ex + ey * ey);
				fx += ex * d / k;
				fy += ey * d / k;
			}
			double f = sqrt(fx * fx + fy * fy);
			if (f > 0) {
				pos[2 * v] = x + step * fx / f;
				pos[2 * v + 1] = y + step * fy / f;
			}
		}
	}
	ret = 0;
done:
	free(cell_start);
	free(cell_of);
	free(items);
	return ret;
}
