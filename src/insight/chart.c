/* chart: see chart.h. */
#include "insight/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insight/templates.h"
#include "text/tmpl.h"

double insight_chart_step(double max, int ticks)
{
	if (max <= 0 || ticks < 1)
		return 1;
	double raw = max / ticks, p = pow(10, floor(log10(raw)));
	double f = raw / p;
	double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	step *= p;
	return step < 1 ? 1 : step; /* counts: whole numbers */
}

/* "Jan 2026" / "Ion 2026" from "2026-01". */
static void month_label(const char *ym, enum lang l, char out[16])
{
	int m = (ym[5] - '0') * 10 + (ym[6] - '0');
	if (m < 1 || m > 12)
		m = 1;
	snprintf(out, 16, "%s %.4s", text_month_short(l, m), ym);
}

/* One line of a chart: values[0..n). */
struct line {
	const char *name, *colour, *dash;
	const double *v;
};

/* A line chart over n points labelled x[i] (ticks thinned to ~12), lines
 * [0..nl), y from 0; class "insight-KEY", ids KEY-title-ID and
 * KEY-desc-ID.  The frame (svg, title, desc) is a template; the drawing
 * is numbers, and its words (labels, names) are escaped here. */
static void line_chart(struct buf *out, const char *key, const char *id,
		       const char *title, const char *desc, const char *ylabel,
		       const char *const *x, size_t n, const struct line *ln,
		       size_t nl, enum lang l)
{
	struct buf body, *b = &body;
	struct arena a;
	buf_init(&body, 0);
	arena_init(&a, 0);
	const double W = 720, H = 320, L = 60, R = 48, T = 20, B = 60;
	const double pw = W - L - R, ph = H - T - B;
	double maxv = 0;
	for (size_t s = 0; s < nl; s++)
		for (size_t i = 0; i < n; i++)
			maxv = fmax(maxv, ln[s].v[i]);
	double step = insight_chart_step(maxv, 5);
	double top = step * ceil((maxv > 0 ? maxv : 1) / step);

	buf_puts(b, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");

	/* Grid and y ticks. */
	buf_puts(b, "<g class=\"axis y\" fill=\"#444444\" text-anchor=\"end\">\n");
	for (double v = 0; v <= top + 1e-9; v += step) {
		double y = T + ph - v / top * ph;
		buf_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
			   "stroke=\"#e0e0e0\"/><text x=\"%.0f\" y=\"%.1f\">%.0f</text>\n",
			   L, y, L + pw, y, L - 6, y + 4, v);
	}
	buf_puts(b, "</g>\n");
	buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
		   "stroke=\"#444444\"/>\n", L, T + ph, L + pw, T + ph);
	buf_printf(b, "<line class=\"axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
		   "stroke=\"#444444\"/>\n", L, T, L, T + ph);
	buf_printf(b, "<text x=\"14\" y=\"%.0f\" transform=\"rotate(-90 14 %.0f)\" "
		   "text-anchor=\"middle\" fill=\"#444444\">",
		   T + ph / 2, T + ph / 2);
	buf_html(b, ylabel);
	buf_puts(b, "</text>\n");

	/* X ticks: at most ~12 labels. */
	size_t every = n > 12 ? (n + 11) / 12 : 1;
	double dx = n > 1 ? pw / (double)(n - 1) : 0;
	buf_puts(b, "<g class=\"axis x\" fill=\"#444444\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < n; i++) {
		double px = n > 1 ? L + dx * (double)i : L + pw / 2;
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
			   "stroke=\"#444444\"/>\n", px, T + ph, px, T + ph + 4);
		if (i % every == 0 || i == n - 1) {
			buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\">", px, T + ph + 18);
			buf_html(b, x[i]);
			buf_puts(b, "</text>\n");
		}
	}
	buf_puts(b, "</g>\n");

	/* Lines with a dot per point carrying its value as a tooltip. */
	for (size_t s = 0; s < nl && n; s++) {
		buf_printf(b, "<g class=\"series s%zu\"><polyline fill=\"none\" stroke=\"%s\" "
			   "stroke-width=\"2\"%s%s%s points=\"", s, ln[s].colour,
			   ln[s].dash ? " stroke-dasharray=\"" : "",
			   ln[s].dash ? ln[s].dash : "", ln[s].dash ? "\"" : "");
		for (size_t i = 0; i < n; i++) {
			double px = n > 1 ? L + dx * (double)i : L + pw / 2;
			double py = T + ph - ln[s].v[i] / top * ph;
			buf_printf(b, "%s%.1f,%.1f", i ? " " : "", px, py);
		}
		buf_puts(b, "\"/>\n");
		for (size_t i = 0; i < n; i++) {
			double px = n > 1 ? L + dx * (double)i : L + pw / 2;
			double py = T + ph - ln[s].v[i] / top * ph;
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
				   "<title>", px, py, ln[s].colour);
			buf_html(b, ln[s].name);
			buf_puts(b, ", ");
			buf_html(b, x[i]);
			buf_printf(b, ": %.0f</title></circle>\n", ln[s].v[i]);
		}
		buf_puts(b, "</g>\n");
	}

	/* Legend under the axis. */
	buf_printf(b, "<g class=\"legend\" fill=\"#222222\" transform=\"translate(%.0f,%.0f)\">\n",
		   L, H + 8);
	for (size_t s = 0; s < nl; s++) {
		double px = (double)s * 220;
		buf_printf(b, "<line x1=\"%.0f\" y1=\"-4\" x2=\"%.0f\" y2=\"-4\" stroke=\"%s\" "
			   "stroke-width=\"2\"%s%s%s/><text x=\"%.0f\" y=\"0\">",
			   px, px + 24, ln[s].colour,
			   ln[s].dash ? " stroke-dasharray=\"" : "",
			   ln[s].dash ? ln[s].dash : "", ln[s].dash ? "\"" : "",
			   px + 30);
		buf_html(b, ln[s].name);
		buf_puts(b, "</text>\n");
	}
	buf_puts(b, "</g>\n");

	struct tv *d = tv_obj(&a);
	struct err e = {0};
	tv_set(d, "key", key);
	tv_set(d, "id", id);
	tv_set(d, "lang", lang_code(l));
	tv_setf(d, "w", "%.0f", W);
	tv_setf(d, "h", "%.0f", H + 24);
	tv_set(d, "title", title);
	tv_set(d, "desc", desc);
	tv_set(d, "body", buf_failed(&body) ? "" : buf_str(&body));
	if (buf_failed(&body) || tmpl_render_lang(out, tpl_insight_chart, d, l, &e) < 0)
		buf_set_failed(out);
	buf_release(&body);
	arena_release(&a);
}

static const char *const growth_names[3] = {
	N_("People signed up (total)"), N_("People active in the month"),
	N_("Meetings held (total)"),
};
static const char *const colours[3] = {"#0072b2", "#e69f00", "#009e73"};
static const char *const dashes[3] = {NULL, "6 3", "2 3"};

void insight_chart_growth(const struct insight_month *ms, size_t n,
			  const char *id, enum lang l, struct buf *b)
{
	double *v = calloc(3 * (n + 1), sizeof *v);
	char (*lab)[16] = calloc(n + 1, sizeof *lab);
	const char **x = calloc(n + 1, sizeof *x);
	char desc[512];
	if (!v || !lab || !x) {
		goto done; /* out of memory: no chart */
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = (double)ms[i].signups_total;
		v[n + 1 + i] = (double)ms[i].active;
		v[2 * (n + 1) + i] = (double)ms[i].meetings_total;
		month_label(ms[i].month, l, lab[i]);
		x[i] = lab[i];
	}
	if (n == 0) {
		snprintf(desc, sizeof desc, "%s", T_(l, "No sign-ups or rounds yet."));
	} else {
		const struct insight_month *last = &ms[n - 1];
		char signed_up[128], held[128], active[160];
		snprintf(signed_up, sizeof signed_up,
			 TN_(l, "%zu person signed up", "%zu people signed up",
			     (long)last->signups_total), last->signups_total);
		snprintf(held, sizeof held,
			 TN_(l, "%zu meeting held", "%zu meetings held",
			     (long)last->meetings_total), last->meetings_total);
		snprintf(active, sizeof active,
			 TN_(l, "%zu person active in the last month",
			     "%zu people active in the last month",
			     (long)last->active), last->active);
		/* TRANSLATORS: "From Jan 2026 to Mar 2026: 8 people signed up,
		 * 4 meetings held; 4 people active in the last month." */
		snprintf(desc, sizeof desc, T_(l, "From %s to %s: %s, %s; %s."),
			 lab[0], lab[n - 1], signed_up, held, active);
	}
	struct line ln[3];
	for (int s = 0; s < 3; s++)
		ln[s] = (struct line){T_(l, growth_names[s]), colours[s], dashes[s],
				      v + (size_t)s * (n + 1)};
	line_chart(b, "growth", id, T_(l, "Growth month by month"), desc,
		   T_(l, "People / meetings"), x, n, ln, 3, l);
done:
	free(v);
	free(lab);
	free(x);
}

void insight_chart_orgs(const struct insight_round_stats *rs, size_t n,
			const char *id, enum lang l, struct buf *b)
{
	double *v = calloc(2 * (n + 1), sizeof *v);
	char (*lab)[16] = calloc(n + 1, sizeof *lab);
	const char **x = calloc(n + 1, sizeof *x);
	char desc[640];
	if (!v || !lab || !x) {
		goto done; /* out of memory: no chart */
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = (double)rs[i].org_pairs;
		v[n + 1 + i] = (double)rs[i].orgs_unconnected;
		snprintf(lab[i], sizeof lab[i], T_(l, "Round %d"), rs[i].number);
		x[i] = lab[i];
	}
	if (n == 0)
		snprintf(desc, sizeof desc, "%s", T_(l, "No round has been published yet."));
	else
		snprintf(desc, sizeof desc,
			 TN_(l, "After round %d: %zu pair of organisations "
			     "connected, %.0f%% of the %zu possible; %zu of %zu organisations "
			     "not yet connected to any other.", "After round %d: %zu pairs of "
			     "organisations connected, %.0f%% of the %zu possible; %zu of %zu "
			     "organisations not yet connected to any other.",
			     (long)rs[n - 1].org_pairs), rs[n - 1].number,
			 rs[n - 1].org_pairs, 100 * rs[n - 1].org_pairs_share,
			 rs[n - 1].organisations * (rs[n - 1].organisations - 1) / 2,
			 rs[n - 1].orgs_unconnected, rs[n - 1].organisations);
	struct line ln[2] = {
		{T_(l, "Organisation pairs connected"), colours[0], NULL, v},
		{T_(l, "Organisations not connected"), colours[1], "6 3", v + n + 1},
	};
	line_chart(b, "orgcurve", id, T_(l, "Organisations connected round by round"),
		   desc, T_(l, "Pairs / organisations"), x, n, ln, 2, l);
done:
	free(v);
	free(lab);
	free(x);
}
