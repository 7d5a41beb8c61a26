/* view: see view.h. */
#include "insight/view.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/chart.h"
#include "insight/orgview.h"
#include "insight/templates.h"
#include "text/tmpl.h"

static int compute(const struct insight_input *in, int upto, bool met_only,
		   struct insight_metrics *m)
{
	struct insight_graph *g = insight_graph_build(in, upto, met_only);
	int rc = g ? insight_metrics_compute(g, in, NULL, false, m) : -1;
	insight_graph_free(g);
	return rc;
}

int insight_view_init(struct insight_view *v, const struct insight_input *in,
		      int upto, struct err *e)
{
	memset(v, 0, sizeof *v);
	if (upto <= 0)
		upto = in->nrounds ? in->rounds[in->nrounds - 1].number : 0;
	v->upto = upto;
	v->rounds = calloc(in->nrounds ? in->nrounds : 1, sizeof *v->rounds);
	if (!v->rounds || compute(in, upto, false, &v->net) < 0 ||
	    compute(in, upto, true, &v->met) < 0 ||
	    insight_rounds(in, upto, v->rounds, &v->nrounds) < 0 ||
	    insight_growth(in, upto, &v->months, &v->nmonths) < 0) {
		insight_view_release(v);
		return err_set(e, ERR_INTERNAL, "out of memory computing insight");
	}
	insight_fairness(in, upto, NULL, &v->fair);
	return 0;
}

void insight_view_release(struct insight_view *v)
{
	free(v->rounds);
	free(v->months);
	memset(v, 0, sizeof *v);
}

static int pct(double share)
{
	return (int)lround(share * 100);
}

/* One more sentence of the readings: fmt is already in the reader's
 * language (T_ or TN_); the template escapes it. */
static void say(struct tv *items, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct tv *items, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	tv_set(tv_push(items), "text", tmp);
}

static void render(struct buf *b, const char *tpl, const struct tv *d,
		   enum lang lang)
{
	struct err e = {0};
	/* Our own templates: a syntax error is a bug the unit tests catch;
	 * an overflow shows as buf_failed to the caller. */
	if (tmpl_render_lang(b, tpl, d, lang, &e) < 0)
		buf_set_failed(b);
}

/* "72% of pairs met in round 5, up from 61% (13 of 18 groups)." and how
 * many did not meet or have not confirmed. */
static void say_round(struct tv *items, const struct insight_round_stats *r,
		      const struct insight_round_stats *p, enum lang l)
{
	char groups[160], rest[320];
	int a = pct(r->met_share), c = p ? pct(p->met_share) : 0;
	snprintf(groups, sizeof groups,
		 TN_(l, "%zu of %zu group", "%zu of %zu groups", (long)r->groups),
		 r->met, r->groups);
	if (!p)
		snprintf(rest, sizeof rest, T_(l, "%d%% of pairs met in round %d (%s)."),
			 a, r->number, groups);
	else if (a > c)
		snprintf(rest, sizeof rest,
			 T_(l, "%d%% of pairs met in round %d, up from %d%% (%s)."),
			 a, r->number, c, groups);
	else if (a < c)
		snprintf(rest, sizeof rest,
			 T_(l, "%d%% of pairs met in round %d, down from %d%% (%s)."),
			 a, r->number, c, groups);
	else
		snprintf(rest, sizeof rest,
			 T_(l, "%d%% of pairs met in round %d, the same as the round before (%s)."),
			 a, r->number, groups);
	if (r->missed || r->unconfirmed) {
		char missed[120], unconf[120];
		snprintf(missed, sizeof missed,
			 TN_(l, "%zu group did not meet", "%zu groups did not meet",
			     (long)r->missed), r->missed);
		snprintf(unconf, sizeof unconf,
			 TN_(l, "%zu has not confirmed", "%zu have not confirmed",
			     (long)r->unconfirmed), r->unconfirmed);
		/* TRANSLATORS: "1 group did not meet and 2 have not confirmed." */
		say(items, T_(l, "%s %s and %s."), rest, missed, unconf);
	} else {
		say(items, "%s", rest);
	}
}

void insight_view_readings(const struct insight_view *v, enum lang l,
			   struct buf *b)
{
	struct arena a;
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a), *items = tv_list(&a);
	tv_set_tv(d, "items", items);
	if (v->nrounds == 0)
		goto out;
	const struct insight_round_stats *r = &v->rounds[v->nrounds - 1];
	const struct insight_round_stats *p = v->nrounds > 1 ? &v->rounds[v->nrounds - 2] : NULL;
	say_round(items, r, p, l);
	if (v->met.nodes)
		say(items, TN_(l, "%zu person has taken part; %d%% of them are linked in one "
			       "network through the people they were paired with (%d%% "
			       "counting only meetings that happened).",
			       "%zu people have taken part; %d%% of them are linked in one "
			       "network through the people they were paired with (%d%% "
			       "counting only meetings that happened).", (long)v->net.nodes),
		    v->net.nodes, pct(v->net.largest_component_share),
		    pct(v->met.largest_component_share));
	else
		say(items, TN_(l, "%zu person has taken part; %d%% of them are linked in one "
			       "network through the people they were paired with.",
			       "%zu people have taken part; %d%% of them are linked in one "
			       "network through the people they were paired with.",
			       (long)v->net.nodes),
		    v->net.nodes, pct(v->net.largest_component_share));
	if (v->net.asp_defined && v->net.largest_component > 1)
		say(items, v->net.asp_exact
			   ? T_(l, "Within that network, any two people are on average "
				"%.1f introductions apart.")
			   : T_(l, "Within that network, any two people are on average "
				"%.1f introductions apart (estimated from a sample)."),
		    v->net.average_shortest_path);
	if (v->net.edges)
		say(items, T_(l, "%d%% of the pairings were between people from "
			      "different organisations, and %d%% between people from "
			      "different sectors; on average each person has been paired "
			      "with people from %.1f other organisations."),
		    pct(v->net.cross_organisation_share),
		    pct(v->net.cross_sector_share), v->net.organisations_reached);
	if (r->organisations > 1)
		say(items, TN_(l, "%zu of the %zu possible pairs of organisations have "
			       "met (%d%%); round %d connected %zu new pairs; %zu of %zu "
			       "organisations are not yet connected to any other.",
			       "%zu of the %zu possible pairs of organisations have "
			       "met (%d%%); round %d connected %zu new pairs; %zu of %zu "
			       "organisations are not yet connected to any other.",
			       (long)r->org_pairs),
		    r->org_pairs, r->organisations * (r->organisations - 1) / 2,
		    pct(r->org_pairs_share), r->number, r->new_org_pairs,
		    r->orgs_unconnected, r->organisations);
	if (v->net.edges)
		/* A plain sentence for the one figure a board cannot read. */
		say(items, T_(l, "Average clustering is %.3f: of the times two "
			      "people were both paired with the same person, the share "
			      "in which they were also paired with each other (0 never, "
			      "1 always). A low value means the programme keeps "
			      "introducing people to new circles rather than within "
			      "closed ones."), v->net.average_clustering);
	if (r->unplaced)
		say(items, TN_(l, "Round %d made %zu new connections; %zu person could "
			       "not be placed.", "Round %d made %zu new connections; %zu "
			       "people could not be placed.", (long)r->unplaced),
		    r->number, r->new_edges, r->unplaced);
	else
		say(items, TN_(l, "Round %d made %zu new connection.",
			       "Round %d made %zu new connections.", (long)r->new_edges),
		    r->number, r->new_edges);
	if (v->nmonths) {
		const struct insight_month *m = &v->months[v->nmonths - 1];
		say(items, TN_(l, "%zu person has signed up and %zu meetings have "
			       "taken place so far.", "%zu people have signed up and %zu "
			       "meetings have taken place so far.", (long)m->signups_total),
		    m->signups_total, m->meetings_total);
	}
out:
	render(b, tpl_insight_readings, d, l);
	arena_release(&a);
}

/* One row of the figures: the value after the shown round, the one
 * before and which way it went. */
static void row_num(struct tv *rows, const char *name, double now, bool has_prev,
		    double prev, const char *fmt, bool share)
{
	char cur[64], old[64] = "";
	struct tv *r = tv_push(rows);
	snprintf(cur, sizeof cur, fmt, share ? now * 100 : now);
	if (share)
		snprintf(cur + strlen(cur), sizeof cur - strlen(cur), "%%");
	tv_set(r, "name", name);
	tv_set(r, "now", cur);
	if (has_prev) {
		snprintf(old, sizeof old, fmt, share ? prev * 100 : prev);
		if (share)
			snprintf(old + strlen(old), sizeof old - strlen(old), "%%");
		double d = now - prev;
		tv_set(r, "cls", fabs(d) < 1e-12 ? "same" : d > 0 ? "up" : "down");
		tv_set(r, "arrow", fabs(d) < 1e-12 ? "=" : d > 0 ? "&#8593;" : "&#8595;");
	}
	tv_set(r, "old", old);
}

/* A share of edges, or a dash when there are no edges to share. */
static const char *share_cell(struct arena *a, size_t edges, double share)
{
	return edges ? arena_printf(a, "%.1f%%", share * 100) : "&#8211;";
}

static const char *asp_cell(struct arena *a, const struct insight_metrics *m)
{
	if (!m->asp_defined || m->largest_component < 2)
		return "&#8211;";
	if (m->asp_exact)
		return arena_printf(a, "%.2f", m->average_shortest_path);
	return arena_printf(a, "%.2f &#177; %.2f", m->average_shortest_path,
			    m->asp_error);
}

static void net_row(struct tv *net, const char *name, const char *all,
		    const char *met)
{
	struct tv *r = tv_push(net);
	tv_set(r, "name", name);
	tv_set(r, "all", all);
	tv_set(r, "met", met);
}

/* A wide table scrolls inside its own box on a phone instead of the
 * page: a focusable region with a name, so a keyboard can scroll it
 * (WCAG 2.1.1; axe's scrollable-region-focusable): the templates'
 * div.table-scroll. */
void insight_view_table(const struct insight_view *v, enum lang l, struct buf *b)
{
	const struct insight_round_stats *r = v->nrounds ? &v->rounds[v->nrounds - 1] : NULL;
	const struct insight_round_stats *p = v->nrounds > 1 ? &v->rounds[v->nrounds - 2] : NULL;
	struct arena a;
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a), *rows = tv_list(&a), *net = tv_list(&a);
	tv_set_tv(d, "rows", rows);
	tv_set_tv(d, "net", net);
	if (r)
		tv_setf(d, "r", "%d", r->number);
	if (p)
		tv_setf(d, "p", "%d", p->number);
	if (r) {
		row_num(rows, T_(l, "Pairs that met in the round"), r->met_share, p, p ? p->met_share : 0, "%.0f", true);
		row_num(rows, T_(l, "People who have taken part"), (double)r->nodes, p, p ? (double)p->nodes : 0, "%.0f", false);
		row_num(rows, T_(l, "Connections (distinct pairs)"), (double)r->edges, p, p ? (double)p->edges : 0, "%.0f", false);
		row_num(rows, T_(l, "New connections in the round"), (double)r->new_edges, p, p ? (double)p->new_edges : 0, "%.0f", false);
		row_num(rows, T_(l, "Separate groups (components)"), (double)r->components, p, p ? (double)p->components : 0, "%.0f", false);
		row_num(rows, T_(l, "Share in the largest group"), r->largest_component_share, p, p ? p->largest_component_share : 0, "%.1f", true);
		row_num(rows, T_(l, "Average clustering"), r->average_clustering, p, p ? p->average_clustering : 0, "%.3f", false);
	}
	const struct insight_metrics *m[2] = {&v->net, &v->met};
	net_row(net, T_(l, "Average distance in the largest group"),
		asp_cell(&a, m[0]), asp_cell(&a, m[1]));
	net_row(net, T_(l, "Cross-organisation pairings"),
		share_cell(&a, m[0]->edges, m[0]->cross_organisation_share),
		share_cell(&a, m[1]->edges, m[1]->cross_organisation_share));
	net_row(net, T_(l, "Cross-sector pairings"),
		share_cell(&a, m[0]->edges, m[0]->cross_sector_share),
		share_cell(&a, m[1]->edges, m[1]->cross_sector_share));
	net_row(net, T_(l, "Organisations reached per person"),
		arena_printf(&a, "%.2f", m[0]->organisations_reached),
		arena_printf(&a, "%.2f", m[1]->organisations_reached));
	net_row(net, T_(l, "Components"), arena_printf(&a, "%zu", m[0]->components),
		arena_printf(&a, "%zu", m[1]->components));
	net_row(net, T_(l, "Average clustering"),
		arena_printf(&a, "%.3f", m[0]->average_clustering),
		arena_printf(&a, "%.3f", m[1]->average_clustering));
	tv_setf(d, "fairness",
		TN_(l, "Fairness over %zu person: groups per person %.1f on average "
		    "(from %d to %d), meetings per person %.1f (from %d to %d), times "
		    "in a trio up to %d, times left unplaced up to %d.",
		    "Fairness over %zu people: groups per person %.1f on average "
		    "(from %d to %d), meetings per person %.1f (from %d to %d), times "
		    "in a trio up to %d, times left unplaced up to %d.",
		    (long)v->fair.people),
		v->fair.people, v->fair.groups.mean, v->fair.groups.min, v->fair.groups.max,
		v->fair.met.mean, v->fair.met.min, v->fair.met.max, v->fair.trios.max,
		v->fair.unplaced.max);
	render(b, tpl_insight_figures, d, l);
	arena_release(&a);
}

void insight_view_rounds_table(const struct insight_view *v, enum lang l,
			       struct buf *b)
{
	struct arena a;
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a), *rows = tv_list(&a);
	struct buf day;
	buf_init(&day, 256);
	tv_set_tv(d, "rows", rows);
	for (size_t i = 0; i < v->nrounds; i++) {
		const struct insight_round_stats *r = &v->rounds[i];
		struct tv *o = tv_push(rows);
		buf_reset(&day);
		if (text_day(&day, l, r->published, TEXT_DATE_YEAR) < 0)
			buf_puts(&day, r->published ? r->published : "");
		tv_setf(o, "n", "%d", r->number);
		tv_set(o, "published", buf_str(&day));
		tv_setf(o, "groups", "%zu", r->groups);
		tv_setf(o, "met", "%zu", r->met);
		tv_setf(o, "missed", "%zu", r->missed);
		tv_setf(o, "unconfirmed", "%zu", r->unconfirmed);
		tv_setf(o, "share", "%d", pct(r->met_share));
		tv_setf(o, "new", "%zu", r->new_edges);
		tv_setf(o, "unplaced", "%zu", r->unplaced);
		tv_setf(o, "pairs", "%zu", r->org_pairs);
		tv_setf(o, "new_pairs", "%zu", r->new_org_pairs);
	}
	render(b, tpl_insight_rounds, d, l);
	buf_release(&day);
	arena_release(&a);
}

void insight_view_csv(const struct insight_view *v, struct buf *b)
{
	buf_puts(b, "round,published,groups,trios,met,missed,unconfirmed,unplaced,"
		 "met_share,pairings,new_edges,nodes,edges,met_edges,components,"
		 "largest_component_share,average_clustering,organisations,"
		 "organisation_pairs,organisation_pairs_in_round,"
		 "new_organisation_pairs,organisations_unconnected,"
		 "organisation_pairs_share\r\n");
	for (size_t i = 0; i < v->nrounds; i++) {
		const struct insight_round_stats *r = &v->rounds[i];
		buf_printf(b, "%d,", r->number);
		buf_csv_field(b, r->published ? r->published : "");
		buf_printf(b, ",%zu,%zu,%zu,%zu,%zu,%zu,%.17g,%zu,%zu,%zu,%zu,%zu,%zu,%.17g,%.17g",
			   r->groups, r->trios, r->met, r->missed, r->unconfirmed,
			   r->unplaced, r->met_share, r->pairings, r->new_edges, r->nodes,
			   r->edges, r->met_edges, r->components,
			   r->largest_component_share, r->average_clustering);
		buf_printf(b, ",%zu,%zu,%zu,%zu,%zu,%.17g\r\n", r->organisations,
			   r->org_pairs, r->org_pairs_round, r->new_org_pairs,
			   r->orgs_unconnected, r->org_pairs_share);
	}
}

int insight_view_orgs(const struct insight_view *v, const struct insight_input *in,
		      const char *id, enum lang l, struct buf *b, struct err *e)
{
	struct buf pic, curve;
	struct arena a;
	int rc = -1;
	if (v->upto == 0)
		return 0;
	buf_init(&pic, 0);
	buf_init(&curve, 0);
	arena_init(&a, 0);
	if (insight_orgnet_svg(in, v->upto, l, &pic, e) < 0)
		goto done;
	insight_chart_orgs(v->rounds, v->nrounds, id, l, &curve);
	struct tv *d = tv_obj(&a);
	tv_setf(d, "upto", "%d", v->upto);
	/* SVG this module drew and escaped */
	tv_set(d, "picture", buf_str(&pic));
	tv_set(d, "curve", buf_str(&curve));
	render(b, tpl_insight_orgs, d, l);
	rc = 0;
done:
	buf_release(&pic);
	buf_release(&curve);
	arena_release(&a);
	return rc;
}
