/* pack: see pack.h.  Row ("shelf") packing after the components are
 * sorted by size: the large ones open the first rows, the pairs and trios
 * fill a grid below them. */
#include "insight/pack.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct comp_key {
	size_t size, first, k;
};

static int comp_cmp(const void *x, const void *y)
{
	const struct comp_key *a = x, *b = y;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

int pack_components(const struct insight_graph *g, size_t **start,
		    int **nodes, size_t *ncomp)
{
	size_t n = g->n, nc = 0;
	int *comp = malloc((n ? n : 1) * sizeof *comp);
	int *queue = malloc((n ? n : 1) * sizeof *queue);
	size_t *cstart = NULL, *fill = NULL;
	struct comp_key *keys = NULL;
	int ret = -1;
	*start = NULL;
	*nodes = NULL;
	*ncomp = 0;
	if (!comp || !queue)
		goto done;
	for (size_t v = 0; v < n; v++)
		comp[v] = -1;
	/* BFS numbering: components in order of their earliest node. */
	size_t qn = 0;
	for (size_t s = 0; s < n; s++) {
		if (comp[s] >= 0)
			continue;
		size_t head = qn;
		comp[s] = (int)nc;
		queue[qn++] = (int)s;
		while (head < qn) {
			int v = queue[head++];
			for (size_t k = g->off[v]; k < g->off[v + 1]; k++)
				if (comp[g->adj[k]] < 0) {
					comp[g->adj[k]] = (int)nc;
					queue[qn++] = g->adj[k];
				}
		}
		nc++;
	}
	keys = calloc(nc + 1, sizeof *keys);
	cstart = calloc(nc + 1, sizeof *cstart);
	fill = calloc(nc + 1, sizeof *fill);
	*nodes = malloc((n ? n : 1) * sizeof **nodes);
	if (!keys || !cstart || !fill || !*nodes)
		goto done;
	for (size_t k = 0; k < nc; k++) {
		keys[k].k = k;
		keys[k].first = SIZE_MAX;
	}
	for (size_t v = 0; v < n; v++) {
		struct comp_key *c = &keys[comp[v]];
		c->size++;
		if (c->first == SIZE_MAX)
			c->first = v;
	}
	qsort(keys, nc, sizeof *keys, comp_cmp);
	/* rank[old component] = position in size order, kept in fill */
	for (size_t r = 0; r < nc; r++) {
		fill[keys[r].k] = r;
		cstart[r + 1] = cstart[r] + keys[r].size;
	}
	for (size_t v = 0; v < n; v++)
		comp[v] = (int)fill[comp[v]];
	memcpy(fill, cstart, nc * sizeof *fill);
	for (size_t v = 0; v < n; v++)
		(*nodes)[fill[comp[v]]++] = (int)v;
	*start = cstart;
	cstart = NULL;
	*ncomp = nc;
	ret = 0;
done:
	if (ret < 0) {
		free(*nodes);
		*nodes = NULL;
	}
	free(comp);
	free(queue);
	free(keys);
	free(cstart);
	free(fill);
	return ret;
}

void pack_polygon(const int *nodes, size_t n, double len, double *pos)
{
	if (n == 1) {
		pos[2 * nodes[0]] = pos[2 * nodes[0] + 1] = 0;
		return;
	}
	/* circumradius of a regular n-gon of side len */
	double r = n == 2 ? len / 2 : len / (2 * sin(M_PI / (double)n));
	for (size_t k = 0; k < n; k++) {
		double t = 2 * M_PI * (double)k / (double)n;
		pos[2 * nodes[k]] = r * cos(t);
		pos[2 * nodes[k] + 1] = r * sin(t);
	}
}

static void bbox(const int *nodes, size_t n, const double *pos, double b[4])
{
	b[0] = b[1] = INFINITY;
	b[2] = b[3] = -INFINITY;
	for (size_t k = 0; k < n; k++) {
		double x = pos[2 * nodes[k]], y = pos[2 * nodes[k] + 1];
		b[0] = fmin(b[0], x);
		b[1] = fmin(b[1], y);
		b[2] = fmax(b[2], x);
		b[3] = fmax(b[3], y);
	}
}

void pack_rows(const size_t *start, const int *nodes, size_t ncomp,
	       double gap, double *pos)
{
	double area = 0, widest = 0;
	for (size_t c = 0; c < ncomp; c++) {
		double b[4];
		bbox(nodes + start[c], start[c + 1] - start[c], pos, b);
		area += (b[2] - b[0] + gap) * (b[3] - b[1] + gap);
		widest = fmax(widest, b[2] - b[0] + gap);
	}
	double width = fmax(sqrt(area * 4.0 / 3.0), widest);
	double x = 0, y = 0, row = 0;
	for (size_t c = 0; c < ncomp; c++) {
		const int *nd = nodes + start[c];
		size_t n = start[c + 1] - start[c];
		double b[4];
		bbox(nd, n, pos, b);
		double w = b[2] - b[0] + gap, h = b[3] - b[1] + gap;
		if (x > 0 && x + w > width) {
			y -= row; /* rows go down: Graphviz y grows upwards */
			x = 0;
			row = 0;
		}
		for (size_t k = 0; k < n; k++) {
			pos[2 * nd[k]] += x - b[0];
			pos[2 * nd[k] + 1] += y - b[3];
		}
		x += w;
		row = fmax(row, h);
	}
}

/* pack_align (pack.h): moved here from picture.c, where it was a
 * similarity transform (its scale is now 1, see below). */
void pack_align(const struct insight_graph *g, const int *nodes, size_t n,
		const double *prev, double *pos)
{
	double px = 0, py = 0, qx = 0, qy = 0;
	size_t k = 0;
	for (size_t t = 0; t < n; t++) {
		int v = nodes[t], i = g->person[v];
		if (isnan(prev[2 * i]))
			continue;
		px += pos[2 * v];
		py += pos[2 * v + 1];
		qx += prev[2 * i];
		qy += prev[2 * i + 1];
		k++;
	}
	if (k < 2)
		return;
	px /= (double)k;
	py /= (double)k;
	qx /= (double)k;
	qy /= (double)k;
	double best_err = INFINITY, best_c = 1, best_s = 0, best_f = 1;
	for (int flip = 1; flip >= -1; flip -= 2) {
		double a = 0, b = 0, pp = 0;
		for (size_t t = 0; t < n; t++) {
			int v = nodes[t], i = g->person[v];
			if (isnan(prev[2 * i]))
				continue;
			double x = (pos[2 * v] - px) * flip, y = pos[2 * v + 1] - py;
			double u = prev[2 * i] - qx, w = prev[2 * i + 1] - qy;
			a += x * u + y * w;
			b += x * w - y * u;
			pp += x * x + y * y;
		}
		if (pp <= 0)
			return;
		/* Rigid: both layouts are in sfdp's units already.  A
		 * least-squares scale shrinks towards zero when the fit is
		 * poor, as when a large component forms out of many small
		 * ones packed in rows: it drew the 10,000 people of a third
		 * round as a dot of 10 points. */
		double r = hypot(a, b);
		double scale = 1;
		double c = r > 0 ? a / r * scale : scale, s = r > 0 ? b / r * scale : 0;
		double err = 0;
		for (size_t t = 0; t < n; t++) {
			int v = nodes[t], i = g->person[v];
			if (isnan(prev[2 * i]))
				continue;
			double x = (pos[2 * v] - px) * flip, y = pos[2 * v + 1] - py;
			double dx = c * x - s * y - (prev[2 * i] - qx);
			double dy = s * x + c * y - (prev[2 * i + 1] - qy);
			err += dx * dx + dy * dy;
		}
		if (err < best_err) {
			best_err = err;
			best_c = c;
			best_s = s;
			best_f = flip;
		}
	}
	for (size_t t = 0; t < n; t++) {
		int v = nodes[t];
		double x = (pos[2 * v] - px) * best_f, y = pos[2 * v + 1] - py;
		pos[2 * v] = best_c * x - best_s * y + qx;
		pos[2 * v + 1] = best_s * x + best_c * y + qy;
	}
}
