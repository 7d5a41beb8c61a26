/* chart: see chart.h. */
#include "insight/chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char *const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static void month_label(const char *ym, char out[16])
{
	int m = (ym[5] - '0') * 10 + (ym[6] - '0');
	if (m < 1 || m > 12)
		m = 1;
	memcpy(out, month_names[m - 1], 3);
	out[3] = ' ';
	memcpy(out + 4, ym, 4);
	out[8] = '\0';
}

/* One line of a chart: values[0..n). */
struct line {
	const char *name, *colour, *dash;
	const double *v;
};

/* A line chart over n points labelled x[i] (ticks thinned to ~12), lines
 * [0..nl), y from 0; class "insight-KEY", ids KEY-title-ID and
 * KEY-desc-ID; title and desc are trusted text (no escaping). */
static void line_chart(struct buf *b, const char *key, const char *id,
		       const char *title, const char *desc, const char *ylabel,
		       const char *const *x, size_t n, const struct line *ln,
		       size_t nl)
{
	const double W = 720, H = 320, L = 60, R = 48, T = 20, B = 60;
	const double pw = W - L - R, ph = H - T - B;
	double maxv = 0;
	for (size_t s = 0; s < nl; s++)
		for (size_t i = 0; i < n; i++)
			maxv = fmax(maxv, ln[s].v[i]);
	double step = insight_chart_step(maxv, 5);
	double top = step * ceil((maxv > 0 ? maxv : 1) / step);

	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"insight-%s\" "
		   "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		   "aria-labelledby=\"%s-title-%s %s-desc-%s\" font-family=\"sans-serif\" "
		   "font-size=\"12\">\n",
		   key, W, H + 24, W, H + 24, key, id, key, id);
	buf_printf(b, "<title id=\"%s-title-%s\">%s</title>\n", key, id, title);
	buf_printf(b, "<desc id=\"%s-desc-%s\">%s", key, id, desc);
	buf_puts(b, "</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");

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
		   "text-anchor=\"middle\" fill=\"#444444\">%s</text>\n",
		   T + ph / 2, T + ph / 2, ylabel);

	/* X ticks: at most ~12 labels. */
	size_t every = n > 12 ? (n + 11) / 12 : 1;
	double dx = n > 1 ? pw / (double)(n - 1) : 0;
	buf_puts(b, "<g class=\"axis x\" fill=\"#444444\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < n; i++) {
		double px = n > 1 ? L + dx * (double)i : L + pw / 2;
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
			   "stroke=\"#444444\"/>\n", px, T + ph, px, T + ph + 4);
		if (i % every == 0 || i == n - 1)
			buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\">%s</text>\n", px,
				   T + ph + 18, x[i]);
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
				   "<title>%s, %s: %.0f</title></circle>\n",
				   px, py, ln[s].colour, ln[s].name, x[i], ln[s].v[i]);
		}
		buf_puts(b, "</g>\n");
	}

	/* Legend under the axis. */
	buf_printf(b, "<g class=\"legend\" fill=\"#222222\" transform=\"translate(%.0f,%.0f)\">\n",
		   L, H + 8);
	for (size_t s = 0; s < nl; s++) {
		double px = (double)s * 220;
		buf_printf(b, "<line x1=\"%.0f\" y1=\"-4\" x2=\"%.0f\" y2=\"-4\" stroke=\"%s\" "
			   "stroke-width=\"2\"%s%s%s/><text x=\"%.0f\" y=\"0\">%s</text>\n",
			   px, px + 24, ln[s].colour,
			   ln[s].dash ? " stroke-dasharray=\"" : "",
			   ln[s].dash ? ln[s].dash : "", ln[s].dash ? "\"" : "",
			   px + 30, ln[s].name);
	}
	buf_puts(b, "</g>\n</svg>\n");
}

static const char *const growth_names[3] = {
	"People signed up (total)", "People active in the month",
	"Meetings held (total)",
};
static const char *const colours[3] = {"#0072b2", "#e69f00", "#009e73"};
static const char *const dashes[3] = {NULL, "6 3", "2 3"};

void insight_chart_growth(const struct insight_month *ms, size_t n,
			  const char *id, struct buf *b)
{
	double *v = calloc(3 * (n + 1), sizeof *v);
	char (*lab)[16] = calloc(n + 1, sizeof *lab);
	const char **x = calloc(n + 1, sizeof *x);
	char desc[256];
	if (!v || !lab || !x) {
		goto done; /* out of memory: no chart */
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = (double)ms[i].signups_total;
		v[n + 1 + i] = (double)ms[i].active;
		v[2 * (n + 1) + i] = (double)ms[i].meetings_total;
		month_label(ms[i].month, lab[i]);
		x[i] = lab[i];
	}
	if (n == 0) {
		snprintf(desc, sizeof desc, "No sign-ups or rounds yet.");
	} else {
		const struct insight_month *last = &ms[n - 1];
		snprintf(desc, sizeof desc, "From %s to %s: %zu people signed up, %zu "
			 "meetings held; %zu people active in the last month.", lab[0],
			 lab[n - 1], last->signups_total, last->meetings_total,
			 last->active);
	}
	struct line ln[3];
	for (int s = 0; s < 3; s++)
		ln[s] = (struct line){growth_names[s], colours[s], dashes[s],
				      v + (size_t)s * (n + 1)};
	line_chart(b, "growth", id, "Growth month by month", desc,
		   "People / meetings", x, n, ln, 3);
done:
	free(v);
	free(lab);
	free(x);
}

void insight_chart_orgs(const struct insight_round_stats *rs, size_t n,
			const char *id, struct buf *b)
{
	double *v = calloc(2 * (n + 1), sizeof *v);
	char (*lab)[16] = calloc(n + 1, sizeof *lab);
	const char **x = calloc(n + 1, sizeof *x);
	char desc[320];
	if (!v || !lab || !x) {
		goto done; /* out of memory: no chart */
	}
	for (size_t i = 0; i < n; i++) {
		v[i] = (double)rs[i].org_pairs;
		v[n + 1 + i] = (double)rs[i].orgs_unconnected;
		snprintf(lab[i], sizeof lab[i], "Round %d", rs[i].number);
		x[i] = lab[i];
	}
	if (n == 0)
		snprintf(desc, sizeof desc, "No round has been published yet.");
	else
		snprintf(desc, sizeof desc, "After round %d: %zu pairs of organisations "
			 "connected, %.0f%% of the %zu possible; %zu of %zu organisations "
			 "not yet connected to any other.", rs[n - 1].number,
			 rs[n - 1].org_pairs, 100 * rs[n - 1].org_pairs_share,
			 rs[n - 1].organisations * (rs[n - 1].organisations - 1) / 2,
			 rs[n - 1].orgs_unconnected, rs[n - 1].organisations);
	struct line ln[2] = {
		{"Organisation pairs connected", colours[0], NULL, v},
		{"Organisations not connected", colours[1], "6 3", v + n + 1},
	};
	line_chart(b, "orgcurve", id, "Organisations connected round by round",
		   desc, "Pairs / organisations", x, n, ln, 2);
done:
	free(v);
	free(lab);
	free(x);
}
