/* view: see view.h. */
#include "insight/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/chart.h"
#include "insight/orgview.h"

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

void insight_view_readings(const struct insight_view *v, struct buf *b)
{
	buf_puts(b, "<ul class=\"insight-readings\">\n");
	if (v->nrounds == 0) {
		buf_puts(b, "<li>No round has been published yet, so nobody has met.</li>\n</ul>\n");
		return;
	}
	const struct insight_round_stats *r = &v->rounds[v->nrounds - 1];
	const struct insight_round_stats *p = v->nrounds > 1 ? &v->rounds[v->nrounds - 2] : NULL;
	buf_printf(b, "<li>%d%% of pairs met in round %d", pct(r->met_share), r->number);
	if (p) {
		int a = pct(r->met_share), c = pct(p->met_share);
		if (a > c)
			buf_printf(b, ", up from %d%%", c);
		else if (a < c)
			buf_printf(b, ", down from %d%%", c);
		else
			buf_puts(b, ", the same as the round before");
	}
	buf_printf(b, " (%zu of %zu groups).", r->met, r->groups);
	if (r->missed || r->unconfirmed)
		buf_printf(b, " %zu %s not meet and %zu %s not confirmed.", r->missed,
			   r->missed == 1 ? "group did" : "groups did", r->unconfirmed,
			   r->unconfirmed == 1 ? "has" : "have");
	buf_puts(b, "</li>\n");
	buf_printf(b, "<li>%zu people have taken part; %d%% of them are linked in one "
		   "network through the people they were paired with",
		   v->net.nodes, pct(v->net.largest_component_share));
	if (v->met.nodes)
		buf_printf(b, " (%d%% counting only meetings that happened)",
			   pct(v->met.largest_component_share));
	buf_puts(b, ".</li>\n");
	if (v->net.asp_defined && v->net.largest_component > 1)
		buf_printf(b, "<li>Within that network, any two people are on average "
			   "%.1f introductions apart%s.</li>\n",
			   v->net.average_shortest_path,
			   v->net.asp_exact ? "" : " (estimated from a sample)");
	if (v->net.edges)
		buf_printf(b, "<li>%d%% of the pairings were between people from "
			   "different organisations, and %d%% between people from "
			   "different sectors; on average each person has been paired "
			   "with people from %.1f other organisations.</li>\n",
			   pct(v->net.cross_organisation_share),
			   pct(v->net.cross_sector_share), v->net.organisations_reached);
	if (r->organisations > 1)
		buf_printf(b, "<li>%zu of the %zu possible pairs of organisations have "
			   "met (%d%%); round %d connected %zu new pairs; %zu of %zu "
			   "organisations are not yet connected to any other.</li>\n",
			   r->org_pairs, r->organisations * (r->organisations - 1) / 2,
			   pct(r->org_pairs_share), r->number, r->new_org_pairs,
			   r->orgs_unconnected, r->organisations);
	if (v->net.edges)
		/* A plain sentence for the one figure a board cannot read. */
		buf_printf(b, "<li>Average clustering is %.3f: of the times two "
			   "people were both paired with the same person, the share "
			   "in which they were also paired with each other (0 never, "
			   "1 always). A low value means the programme keeps "
			   "introducing people to new circles rather than within "
			   "closed ones.</li>\n", v->net.average_clustering);
	buf_printf(b, "<li>Round %d made %zu new connections", r->number, r->new_edges);
	if (r->unplaced)
		buf_printf(b, "; %zu %s could not be placed", r->unplaced,
			   r->unplaced == 1 ? "person" : "people");
	buf_puts(b, ".</li>\n");
	if (v->nmonths) {
		const struct insight_month *m = &v->months[v->nmonths - 1];
		buf_printf(b, "<li>%zu people have signed up and %zu meetings have taken "
			   "place so far.</li>\n", m->signups_total, m->meetings_total);
	}
	buf_puts(b, "</ul>\n");
}

static void row_num(struct buf *b, const char *name, double now, bool has_prev,
		    double prev, const char *fmt, bool share)
{
	char cur[64], old[64];
	snprintf(cur, sizeof cur, fmt, share ? now * 100 : now);
	buf_puts(b, "<tr><th scope=\"row\">");
	buf_html(b, name);
	buf_printf(b, "</th><td>%s%s</td>", cur, share ? "%" : "");
	if (has_prev) {
		snprintf(old, sizeof old, fmt, share ? prev * 100 : prev);
		double d = now - prev;
		const char *cls = fabs(d) < 1e-12 ? "same" : d > 0 ? "up" : "down";
		const char *arrow = fabs(d) < 1e-12 ? "=" : d > 0 ? "&#8593;" : "&#8595;";
		buf_printf(b, "<td>%s%s</td><td class=\"trend %s\">%s</td></tr>\n", old,
			   share ? "%" : "", cls, arrow);
	} else {
		buf_puts(b, "<td>&#8211;</td><td class=\"trend\"></td></tr>\n");
	}
}

/* A share of edges, or a dash when there are no edges to share. */
static void share_cell(struct buf *b, size_t edges, double share)
{
	if (edges)
		buf_printf(b, "<td>%.1f%%</td>", share * 100);
	else
		buf_puts(b, "<td>&#8211;</td>");
}

/* A wide table scrolls inside its own box on a phone instead of the
 * page: a focusable region with a name, so a keyboard can scroll it
 * (WCAG 2.1.1; axe's scrollable-region-focusable). */
static void scroll_open(struct buf *b, const char *label)
{
	buf_printf(b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\""
		      " aria-label=\"%s\">\n", label);
}

void insight_view_table(const struct insight_view *v, struct buf *b)
{
	const struct insight_round_stats *r = v->nrounds ? &v->rounds[v->nrounds - 1] : NULL;
	const struct insight_round_stats *p = v->nrounds > 1 ? &v->rounds[v->nrounds - 2] : NULL;
	scroll_open(b, "Figures");
	buf_puts(b, "<table class=\"insight-figures\">\n<thead><tr><th scope=\"col\">Figure</th>");
	if (r)
		buf_printf(b, "<th scope=\"col\">After round %d</th>", r->number);
	else
		buf_puts(b, "<th scope=\"col\">Now</th>");
	if (p)
		buf_printf(b, "<th scope=\"col\">After round %d</th>", p->number);
	else
		buf_puts(b, "<th scope=\"col\">Before</th>");
	buf_puts(b, "<th scope=\"col\">Trend</th></tr></thead>\n<tbody>\n");
	if (r) {
		row_num(b, "Pairs that met in the round", r->met_share, p, p ? p->met_share : 0, "%.0f", true);
		row_num(b, "People who have taken part", (double)r->nodes, p, p ? (double)p->nodes : 0, "%.0f", false);
		row_num(b, "Connections (distinct pairs)", (double)r->edges, p, p ? (double)p->edges : 0, "%.0f", false);
		row_num(b, "New connections in the round", (double)r->new_edges, p, p ? (double)p->new_edges : 0, "%.0f", false);
		row_num(b, "Separate groups (components)", (double)r->components, p, p ? (double)p->components : 0, "%.0f", false);
		row_num(b, "Share in the largest group", r->largest_component_share, p, p ? p->largest_component_share : 0, "%.1f", true);
		row_num(b, "Average clustering", r->average_clustering, p, p ? p->average_clustering : 0, "%.3f", false);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
	scroll_open(b, "Network figures");
	buf_puts(b, "<table class=\"insight-figures network\">\n<thead><tr><th scope=\"col\">"
		 "Network</th><th scope=\"col\">Every pairing</th><th scope=\"col\">"
		 "Only meetings that happened</th></tr></thead>\n<tbody>\n");
	const struct insight_metrics *m[2] = {&v->net, &v->met};
	buf_puts(b, "<tr><th scope=\"row\">Average distance in the largest group</th>");
	for (int i = 0; i < 2; i++) {
		if (!m[i]->asp_defined || m[i]->largest_component < 2)
			buf_puts(b, "<td>&#8211;</td>");
		else if (m[i]->asp_exact)
			buf_printf(b, "<td>%.2f</td>", m[i]->average_shortest_path);
		else
			buf_printf(b, "<td>%.2f &#177; %.2f</td>", m[i]->average_shortest_path,
				   m[i]->asp_error);
	}
	buf_puts(b, "</tr>\n<tr><th scope=\"row\">Cross-organisation pairings</th>");
	for (int i = 0; i < 2; i++)
		share_cell(b, m[i]->edges, m[i]->cross_organisation_share);
	buf_puts(b, "</tr>\n<tr><th scope=\"row\">Cross-sector pairings</th>");
	for (int i = 0; i < 2; i++)
		share_cell(b, m[i]->edges, m[i]->cross_sector_share);
	buf_puts(b, "</tr>\n<tr><th scope=\"row\">Organisations reached per person</th>");
	for (int i = 0; i < 2; i++)
		buf_printf(b, "<td>%.2f</td>", m[i]->organisations_reached);
	buf_puts(b, "</tr>\n<tr><th scope=\"row\">Components</th>");
	for (int i = 0; i < 2; i++)
		buf_printf(b, "<td>%zu</td>", m[i]->components);
	buf_puts(b, "</tr>\n<tr><th scope=\"row\">Average clustering</th>");
	for (int i = 0; i < 2; i++)
		buf_printf(b, "<td>%.3f</td>", m[i]->average_clustering);
	buf_puts(b, "</tr>\n</tbody>\n</table>\n</div>\n");
	buf_printf(b, "<p class=\"insight-fairness\">Fairness over %zu people: groups per "
		   "person %.1f on average (from %d to %d), meetings per person %.1f (from "
		   "%d to %d), times in a trio up to %d, times left unplaced up to %d.</p>\n",
		   v->fair.people, v->fair.groups.mean, v->fair.groups.min, v->fair.groups.max,
		   v->fair.met.mean, v->fair.met.min, v->fair.met.max, v->fair.trios.max,
		   v->fair.unplaced.max);
}

void insight_view_rounds_table(const struct insight_view *v, struct buf *b)
{
	scroll_open(b, "Round by round");
	buf_puts(b, "<table class=\"insight-rounds\">\n<thead><tr><th scope=\"col\">Round</th>"
		 "<th scope=\"col\">Published</th><th scope=\"col\">Groups</th>"
		 "<th scope=\"col\">Met</th><th scope=\"col\">Did not meet</th>"
		 "<th scope=\"col\">Not confirmed</th><th scope=\"col\">Met share</th>"
		 "<th scope=\"col\">New connections</th><th scope=\"col\">Unplaced</th>"
		 "<th scope=\"col\">Organisation pairs (new)</th>"
		 "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->nrounds; i++) {
		const struct insight_round_stats *r = &v->rounds[i];
		buf_printf(b, "<tr><td>%d</td><td>", r->number);
		buf_html(b, r->published ? r->published : "");
		buf_printf(b, "</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td>"
			   "<td>%d%%</td><td>%zu</td><td>%zu</td><td>%zu (%zu)</td></tr>\n",
			   r->groups, r->met, r->missed, r->unconfirmed, pct(r->met_share),
			   r->new_edges, r->unplaced, r->org_pairs, r->new_org_pairs);
	}
	buf_puts(b, "</tbody>\n</table>\n</div>\n");
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
		      const char *id, struct buf *b, struct err *e)
{
	if (v->upto == 0)
		return 0;
	buf_puts(b, "<figure class=\"insight-orgs-figure\">\n");
	if (insight_orgnet_svg(in, v->upto, b, e) < 0)
		return -1;
	buf_printf(b, "<figcaption>Which organisations have met after round %d: a "
		   "circle per organisation (area: its people), a line where their "
		   "people were grouped together (width: pairings; red part: the "
		   "share that did not meet).</figcaption>\n</figure>\n"
		   "<figure class=\"insight-orgcurve-figure\">\n", v->upto);
	insight_chart_orgs(v->rounds, v->nrounds, id, b);
	buf_puts(b, "<figcaption>Pairs of organisations connected, and organisations "
		 "not yet connected to any other, after each round.</figcaption>\n"
		 "</figure>\n");
	return 0;
}
