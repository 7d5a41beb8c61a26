/* chart: see chart.h. */
#include "insight/chart.h"

#include <math.h>
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

struct series {
	const char *name, *colour, *dash;
	size_t (*get)(const struct insight_month *m);
};

static size_t get_signups(const struct insight_month *m) { return m->signups_total; }
static size_t get_active(const struct insight_month *m) { return m->active; }
static size_t get_meetings(const struct insight_month *m) { return m->meetings_total; }

static const struct series series[] = {
	{"People signed up (total)", "#0072b2", NULL, get_signups},
	{"People active in the month", "#e69f00", "6 3", get_active},
	{"Meetings held (total)", "#009e73", "2 3", get_meetings},
};

void insight_chart_growth(const struct insight_month *ms, size_t n,
			  const char *id, struct buf *b)
{
	const double W = 720, H = 320, L = 60, R = 48, T = 20, B = 60;
	const double pw = W - L - R, ph = H - T - B;
	char lab[16];
	size_t maxv = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t s = 0; s < 3; s++)
			if (series[s].get(&ms[i]) > maxv)
				maxv = series[s].get(&ms[i]);
	double step = insight_chart_step((double)maxv, 5);
	double top = step * ceil((double)(maxv ? maxv : 1) / step);

	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"insight-growth\" "
		   "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
		   "aria-labelledby=\"growth-title-%s growth-desc-%s\" font-family=\"sans-serif\" "
		   "font-size=\"12\">\n",
		   W, H + 24, W, H + 24, id, id);
	buf_printf(b, "<title id=\"growth-title-%s\">Growth month by month</title>\n", id);
	buf_printf(b, "<desc id=\"growth-desc-%s\">", id);
	if (n == 0) {
		buf_puts(b, "No sign-ups or rounds yet.");
	} else {
		const struct insight_month *last = &ms[n - 1];
		month_label(ms[0].month, lab);
		buf_printf(b, "From %s to ", lab);
		month_label(last->month, lab);
		buf_printf(b, "%s: %zu people signed up, %zu meetings held; %zu people "
			   "active in the last month.", lab, last->signups_total,
			   last->meetings_total, last->active);
	}
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
		   "text-anchor=\"middle\" fill=\"#444444\">People / meetings</text>\n",
		   T + ph / 2, T + ph / 2);

	/* X ticks: at most ~12 labels. */
	size_t every = n > 12 ? (n + 11) / 12 : 1;
	double dx = n > 1 ? pw / (double)(n - 1) : 0;
	buf_puts(b, "<g class=\"axis x\" fill=\"#444444\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < n; i++) {
		double x = n > 1 ? L + dx * (double)i : L + pw / 2;
		buf_printf(b, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
			   "stroke=\"#444444\"/>\n", x, T + ph, x, T + ph + 4);
		if (i % every == 0 || i == n - 1) {
			month_label(ms[i].month, lab);
			buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\">%s</text>\n", x, T + ph + 18, lab);
		}
	}
	buf_puts(b, "</g>\n");

	/* Lines with a dot per month carrying its value as a tooltip. */
	for (size_t s = 0; s < 3 && n; s++) {
		buf_printf(b, "<g class=\"series s%zu\"><polyline fill=\"none\" stroke=\"%s\" "
			   "stroke-width=\"2\"%s%s%s points=\"", s, series[s].colour,
			   series[s].dash ? " stroke-dasharray=\"" : "",
			   series[s].dash ? series[s].dash : "", series[s].dash ? "\"" : "");
		for (size_t i = 0; i < n; i++) {
			double x = n > 1 ? L + dx * (double)i : L + pw / 2;
			double y = T + ph - (double)series[s].get(&ms[i]) / top * ph;
			buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x, y);
		}
		buf_puts(b, "\"/>\n");
		for (size_t i = 0; i < n; i++) {
			double x = n > 1 ? L + dx * (double)i : L + pw / 2;
			double y = T + ph - (double)series[s].get(&ms[i]) / top * ph;
			month_label(ms[i].month, lab);
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
				   "<title>%s, %s: %zu</title></circle>\n",
				   x, y, series[s].colour, series[s].name, lab,
				   series[s].get(&ms[i]));
		}
		buf_puts(b, "</g>\n");
	}

	/* Legend under the axis. */
	buf_printf(b, "<g class=\"legend\" fill=\"#222222\" transform=\"translate(%.0f,%.0f)\">\n",
		   L, H + 8);
	for (size_t s = 0; s < 3; s++) {
		double x = (double)s * 220;
		buf_printf(b, "<line x1=\"%.0f\" y1=\"-4\" x2=\"%.0f\" y2=\"-4\" stroke=\"%s\" "
			   "stroke-width=\"2\"%s%s%s/><text x=\"%.0f\" y=\"0\">%s</text>\n",
			   x, x + 24, series[s].colour,
			   series[s].dash ? " stroke-dasharray=\"" : "",
			   series[s].dash ? series[s].dash : "", series[s].dash ? "\"" : "",
			   x + 30, series[s].name);
	}
	buf_puts(b, "</g>\n</svg>\n");
}
