/* orgview: see orgview.h. */
#include "insight/orgview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/picture.h"

/* A picture a reader can take in: beyond this many links between
 * organisations (a programme of 100,000 people in 1,000 organisations has
 * tens of thousands, megabytes of SVG) only the strongest are drawn, and
 * the picture says how many there are. */
#define ORG_LINKS_DRAWN 2000

static int link_cmp(const void *x, const void *y)
{
	const struct insight_org_link *a = x, *b = y;
	if (a->a != b->a)
		return a->a - b->a;
	return a->b - b->b;
}

void insight_orgnet_free(struct insight_orgnet *o)
{
	free(o->node);
	free(o->link);
	memset(o, 0, sizeof *o);
}

/* Stronger first (more pairings), then by the pair: a stable order. */
static int strength_desc(const void *x, const void *y, void *ctx)
{
	const struct insight_org_link *l = ctx;
	const struct insight_org_link *a = &l[*(const int *)x], *b = &l[*(const int *)y];
	if (a->pairings != b->pairings)
		return a->pairings > b->pairings ? -1 : 1;
	return link_cmp(a, b);
}

/* drawn[k]: whether link k is among the ORG_LINKS_DRAWN strongest. */
static int strongest(const struct insight_orgnet *o, bool *drawn)
{
	int *idx;
	if (o->m <= ORG_LINKS_DRAWN) {
		for (size_t k = 0; k < o->m; k++)
			drawn[k] = true;
		return 0;
	}
	if (!(idx = malloc(o->m * sizeof *idx)))
		return -1;
	for (size_t k = 0; k < o->m; k++)
		idx[k] = (int)k;
	qsort_r(idx, o->m, sizeof *idx, strength_desc, o->link);
	for (size_t k = 0; k < o->m; k++)
		drawn[idx[k]] = k < ORG_LINKS_DRAWN;
	free(idx);
	return 0;
}

static bool upto_ok(int round, int upto)
{
	return upto <= 0 || round <= upto;
}

int insight_orgnet_build(const struct insight_input *in, int upto,
			 struct insight_orgnet *out)
{
	size_t no = in->norgs, cap = 0;
	int *node_of = malloc((no + 1) * sizeof *node_of);
	bool *took = calloc(in->npeople + 1, sizeof *took);
	size_t *people = calloc(no + 1, sizeof *people);
	struct insight_org_link *raw = NULL;
	int ret = -1;
	memset(out, 0, sizeof *out);
	if (!node_of || !took || !people)
		goto done;
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *g = &in->groups[i];
		if (upto_ok(g->round, upto)) {
			for (int k = 0; k < g->n; k++)
				took[g->member[k]] = true;
			cap += g->n == 3 ? 3 : 1;
		}
	}
	for (size_t i = 0; i < in->nunplaced; i++)
		if (upto_ok(in->unplaced[i].round, upto))
			took[in->unplaced[i].person] = true;
	for (size_t p = 0; p < in->npeople; p++)
		if (took[p] && in->people[p].org >= 0)
			people[in->people[p].org]++;
	out->node = calloc(no + 1, sizeof *out->node);
	raw = malloc((cap + 1) * sizeof *raw);
	if (!out->node || !raw)
		goto done;
	for (size_t o = 0; o < no; o++) {
		node_of[o] = -1;
		if (people[o]) {
			node_of[o] = (int)out->n;
			out->node[out->n++] = (struct insight_org_node){(int)o, people[o]};
		}
	}
	size_t nr = 0;
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct insight_group *g = &in->groups[i];
		if (!upto_ok(g->round, upto))
			continue;
		for (int x = 0; x < g->n; x++)
			for (int y = x + 1; y < g->n; y++) {
				int oa = in->people[g->member[x]].org;
				int ob = in->people[g->member[y]].org;
				if (oa < 0 || ob < 0 || oa == ob)
					continue;
				int a = node_of[oa], b = node_of[ob];
				raw[nr++] = (struct insight_org_link){
					a < b ? a : b, a < b ? b : a, 1,
					g->status == INSIGHT_MET, g->status == INSIGHT_MISSED};
			}
	}
	qsort(raw, nr, sizeof *raw, link_cmp);
	for (size_t i = 0; i < nr; i++) {
		struct insight_org_link *l = out->m ? &raw[out->m - 1] : NULL;
		if (l && l->a == raw[i].a && l->b == raw[i].b) {
			l->pairings++;
			l->met += raw[i].met;
			l->missed += raw[i].missed;
		} else {
			raw[out->m++] = raw[i];
		}
	}
	out->link = raw;
	raw = NULL;
	ret = 0;
done:
	if (ret < 0)
		insight_orgnet_free(out);
	free(raw);
	free(node_of);
	free(took);
	free(people);
	return ret;
}

json_t *insight_orgnet_json(const struct insight_input *in, int upto)
{
	struct insight_orgnet o;
	if (insight_orgnet_build(in, upto, &o) < 0)
		return NULL;
	json_t *nodes = json_array(), *links = json_array();
	for (size_t i = 0; i < o.n; i++)
		json_array_append_new(nodes, json_pack("{s:s, s:I}", "name",
			in->orgs[o.node[i].org], "people", (json_int_t)o.node[i].people));
	for (size_t i = 0; i < o.m; i++) {
		const struct insight_org_link *l = &o.link[i];
		json_array_append_new(links, json_pack("{s:s, s:s, s:I, s:I, s:I}",
			"source", in->orgs[o.node[l->a].org],
			"target", in->orgs[o.node[l->b].org],
			"pairings", (json_int_t)l->pairings, "met", (json_int_t)l->met,
			"missed", (json_int_t)l->missed));
	}
	insight_orgnet_free(&o);
	return json_pack("{s:o, s:o}", "organisations", nodes, "links", links);
}

/* Positions by the people picture's layout, on a stand-in input whose
 * "people" are the organisations and whose groups are the links. */
static int org_layout(const struct insight_orgnet *o, double *xy,
		      struct err *e)
{
	size_t n = o->n ? o->n : 1;
	struct insight_person *p = calloc(n, sizeof *p);
	struct insight_group *g = calloc(o->m + 1, sizeof *g);
	struct insight_unplaced *u = calloc(n, sizeof *u);
	struct insight_round r = {1, ""};
	int rc = -1;
	if (!p || !g || !u) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < o->n; i++) {
		p[i] = (struct insight_person){(int64_t)i + 1, -1, -1, "", ""};
		u[i] = (struct insight_unplaced){1, (int)i};
	}
	for (size_t k = 0; k < o->m; k++)
		g[k] = (struct insight_group){1, 2, {o->link[k].a, o->link[k].b, 0},
					      INSIGHT_MET};
	struct insight_input in = {.people = p, .npeople = o->n, .groups = g,
				   .ngroups = o->m, .unplaced = u,
				   .nunplaced = o->n, .rounds = &r, .nrounds = 1};
	rc = insight_picture_layout(&in, 1, NULL, xy, e);
done:
	free(p);
	free(g);
	free(u);
	return rc;
}

/* A link's tooltip: "A and B: 3 pairings, 2 met, 1 did not meet". */
static void link_title(struct buf *b, const char *a, const char *c,
		       const struct insight_org_link *l, enum lang lang)
{
	struct buf x, y;
	buf_init(&x, 4096);
	buf_init(&y, 4096);
	buf_html(&x, a);
	buf_html(&y, c);
	/* TRANSLATORS: two organisations' names (already escaped) */
	buf_printf(b, T_(lang, "%s and %s"), buf_str(&x), buf_str(&y));
	buf_puts(b, ": ");
	buf_printf(b, TN_(lang, "%zu pairing, %zu met, %zu did not meet",
			  "%zu pairings, %zu met, %zu did not meet", (long)l->pairings),
		   l->pairings, l->met, l->missed);
	buf_release(&x);
	buf_release(&y);
}

static int people_desc(const void *x, const void *y, void *ctx)
{
	const struct insight_org_node *nd = ctx;
	int a = *(const int *)x, b = *(const int *)y;
	if (nd[a].people != nd[b].people)
		return nd[a].people > nd[b].people ? -1 : 1;
	return a - b;
}

int insight_orgnet_svg(const struct insight_input *in, int upto, enum lang lang,
		       struct buf *b, struct err *e)
{
	struct insight_orgnet o;
	double *xy = NULL;
	int *rank = NULL, *order = NULL;
	bool *drawn = NULL;
	size_t ndrawn = 0;
	int ret = -1;
	if (upto <= 0)
		upto = in->nrounds ? in->rounds[in->nrounds - 1].number : 0;
	if (insight_orgnet_build(in, upto, &o) < 0)
		return err_set(e, ERR_INTERNAL, "out of memory");
	xy = malloc(2 * (o.n + 1) * sizeof *xy);
	rank = malloc((o.n + 1) * sizeof *rank);
	order = malloc((o.n + 1) * sizeof *order);
	drawn = malloc((o.m + 1) * sizeof *drawn);
	if (!xy || !rank || !order || !drawn || strongest(&o, drawn) < 0) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	if (org_layout(&o, xy, e) < 0)
		goto done;
	for (size_t i = 0; i < o.n; i++)
		order[i] = (int)i;
	qsort_r(order, o.n, sizeof *order, people_desc, o.node);
	for (size_t k = 0; k < o.n; k++)
		rank[order[k]] = (int)k;

	const double W = 760, M = 40, LEGEND = 240;
	double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
	size_t maxp = 1, maxl = 1, missed = 0, pairings = 0;
	for (size_t i = 0; i < o.n; i++) {
		minx = fmin(minx, xy[2 * i]);
		maxx = fmax(maxx, xy[2 * i]);
		miny = fmin(miny, xy[2 * i + 1]);
		maxy = fmax(maxy, xy[2 * i + 1]);
		if (o.node[i].people > maxp)
			maxp = o.node[i].people;
	}
	for (size_t k = 0; k < o.m; k++) {
		if (o.link[k].pairings > maxl)
			maxl = o.link[k].pairings;
		missed += o.link[k].missed;
		pairings += o.link[k].pairings;
		ndrawn += drawn[k];
	}
	double sx = maxx > minx ? maxx - minx : 1, sy = maxy > miny ? maxy - miny : 1;
	double H = fmin(fmax(W * sy / sx, 380), 900);
	double scale = fmin(W / sx, H / sy);
	for (size_t i = 0; i < o.n; i++) {
		xy[2 * i] = o.n == 1 ? M + W / 2
			    : M + (xy[2 * i] - minx) * scale + (W - sx * scale) / 2;
		xy[2 * i + 1] = o.n == 1 ? M + H / 2
				: M + (maxy - xy[2 * i + 1]) * scale + (H - sy * scale) / 2;
	}
	/* Areas in proportion to people; the largest about 1/12 of the width
	 * across when few, smaller when many. */
	double rmax = fmax(4, fmin(36, W / (2.5 * sqrt((double)o.n + 1))));
	double wmax = fmax(2, rmax / 3);
	double tw = 2 * M + W + LEGEND, th = 2 * M + H;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"insight-orgs\" "
		   "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		   "aria-labelledby=\"org-title-%d org-desc-%d\" font-family=\"sans-serif\" "
		   "lang=\"%s\">\n", tw, th, tw, th, upto, upto, lang_code(lang));
	/* The words are the catalogue's (no markup in them): numbers only
	 * are filled in, so they need no escaping. */
	buf_printf(b, "<title id=\"org-title-%d\">", upto);
	buf_printf(b, T_(lang, "Which organisations have met, after round %d"), upto);
	buf_printf(b, "</title>\n<desc id=\"org-desc-%d\">", upto);
	buf_printf(b, TN_(lang, "%zu organisations and %zu links between them after "
			  "round %d, from %zu pairing; %zu of those pairings did not "
			  "meet (the red part of a link).", "%zu organisations and %zu "
			  "links between them after round %d, from %zu pairings; %zu of "
			  "those pairings did not meet (the red part of a link).",
			  (long)pairings), o.n, o.m, upto, pairings, missed);
	if (ndrawn < o.m) {
		buf_putc(b, ' ');
		buf_printf(b, T_(lang, "Only the %zu strongest links (most pairings) are drawn."),
			   ndrawn);
	}
	buf_puts(b, "</desc>\n");
	buf_puts(b, "<rect class=\"bg\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	buf_printf(b, "<g class=\"links\" stroke-linecap=\"butt\">\n");
	for (size_t k = 0; k < o.m; k++) {
		const struct insight_org_link *l = &o.link[k];
		if (!drawn[k])
			continue;
		double x1 = xy[2 * l->a], y1 = xy[2 * l->a + 1];
		double x2 = xy[2 * l->b], y2 = xy[2 * l->b + 1];
		double w = fmax(0.6, wmax * sqrt((double)l->pairings / (double)maxl));
		double red = (double)l->missed / (double)l->pairings;
		buf_printf(b, "<g class=\"link\"><title>");
		link_title(b, in->orgs[o.node[l->a].org], in->orgs[o.node[l->b].org],
			   l, lang);
		buf_printf(b, "</title>"
			   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			   "stroke-width=\"%.1f\" stroke-opacity=\"0.7\"/>",
			   x1, y1, x2, y2, insight_edge_colour(INSIGHT_MET), w);
		if (red > 0) {
			/* the red share, centred on the link */
			double t0 = 0.5 - red / 2, t1 = 0.5 + red / 2;
			buf_printf(b, "<line class=\"missed\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				   "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
				   x1 + (x2 - x1) * t0, y1 + (y2 - y1) * t0,
				   x1 + (x2 - x1) * t1, y1 + (y2 - y1) * t1,
				   insight_edge_colour(INSIGHT_MISSED), w);
		}
		buf_puts(b, "</g>\n");
	}
	buf_puts(b, "</g>\n<g class=\"nodes\" stroke=\"#333333\" stroke-width=\"0.8\">\n");
	for (size_t i = 0; i < o.n; i++) {
		double r = fmax(2, rmax * sqrt((double)o.node[i].people / (double)maxp));
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>",
			   xy[2 * i], xy[2 * i + 1], r,
			   insight_colour(rank[i] < INSIGHT_NCOLOURS ? rank[i] : -1));
		buf_html(b, in->orgs[o.node[i].org]);
		buf_puts(b, ": ");
		buf_printf(b, TN_(lang, "%zu person", "%zu people", (long)o.node[i].people),
			   o.node[i].people);
		buf_puts(b, "</title></circle>\n");
	}
	buf_puts(b, "</g>\n");
	/* Names of the largest, which the legend cannot all list. */
	buf_puts(b, "<g class=\"labels\" font-size=\"11\" fill=\"#222222\">\n");
	for (size_t k = 0; k < o.n && k < 25; k++) {
		int i = order[k];
		double r = fmax(2, rmax * sqrt((double)o.node[i].people / (double)maxp));
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", xy[2 * i] + r + 2,
			   xy[2 * i + 1] + 4);
		buf_html(b, in->orgs[o.node[i].org]);
		buf_puts(b, "</text>\n");
	}
	buf_puts(b, "</g>\n");
	buf_printf(b, "<g class=\"legend\" font-size=\"12\" fill=\"#222222\" "
		   "transform=\"translate(%.0f,%.0f)\">\n<text font-weight=\"bold\" y=\"0\">"
		   "%s</text>\n<text y=\"18\">%s</text>\n<text y=\"36\">%s</text>\n"
		   "<line x1=\"0\" y1=\"50\" x2=\"28\" y2=\"50\" stroke=\"%s\" stroke-width=\"4\"/>"
		   "<text x=\"36\" y=\"54\">%s</text>\n"
		   "<line x1=\"0\" y1=\"68\" x2=\"28\" y2=\"68\" stroke=\"%s\" stroke-width=\"4\"/>"
		   "<text x=\"36\" y=\"72\">%s</text>\n",
		   2 * M + W, M + 14.0, T_(lang, "Organisations"),
		   T_(lang, "circle area: people"), T_(lang, "line width: pairings"),
		   insight_edge_colour(INSIGHT_MET), T_(lang, "met or not answered"),
		   insight_edge_colour(INSIGHT_MISSED), T_(lang, "share that did not meet"));
	if (ndrawn < o.m) {
		buf_puts(b, "<text y=\"94\">");
		buf_printf(b, T_(lang, "the %zu strongest of %zu links"), ndrawn, o.m);
		buf_puts(b, "</text>\n");
	}
	buf_puts(b, "</g>\n</svg>\n");
	if (buf_failed(b)) {
		err_set(e, ERR_INTERNAL, "the picture is too large");
		goto done;
	}
	ret = 0;
done:
	free(xy);
	free(rank);
	free(order);
	free(drawn);
	insight_orgnet_free(&o);
	return ret;
}
