/*
 * chart: the growth chart, an SVG line chart written by hand: people
 * signed up (running total), people active in the month (grouped in a
 * round published that month) and meetings held (running total), one
 * point per month, with axes, ticks, labels, a legend, and <title>/<desc>
 * for screen readers, in the reader's language (lang).  No script;
 * deterministic output.
 */
#ifndef CUPPA_INSIGHT_CHART_H
#define CUPPA_INSIGHT_CHART_H

#include <stddef.h>

#include "insight/metrics.h"
#include "text/text.h"
#include "util/buf.h"

/* Appends the chart of months[0..n) to out (an empty-state chart when
 * n == 0).  id_suffix makes the title/desc ids unique in a page. */
void insight_chart_growth(const struct insight_month *months, size_t n,
			  const char *id_suffix, enum lang lang, struct buf *out);

/* The organisation network round by round (rs[0..n), as
 * insight_rounds gives them): distinct organisation pairs connected and
 * organisations not connected to any other, after each round. */
void insight_chart_orgs(const struct insight_round_stats *rs, size_t n,
			const char *id_suffix, enum lang lang, struct buf *out);

/* The "nice" tick step for an axis from 0 to max with about `ticks`
 * ticks: 1, 2 or 5 times a power of ten.  Exposed for tests. */
double insight_chart_step(double max, int ticks);

#endif
