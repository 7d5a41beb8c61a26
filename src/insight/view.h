/*
 * view: the pieces of HTML the report and the dashboard page share: the
 * plain readings, the table of figures with their trend, and the
 * evaluation CSV.  Everything is computed from an insight_input and
 * rendered through the template layer (insight/templates/, escaped
 * there) in the reader's language, with classes (no inline style, no
 * script).  The CSV's column names stay English: they are data names.
 */
#ifndef CUPPA_INSIGHT_VIEW_H
#define CUPPA_INSIGHT_VIEW_H

#include <stddef.h>

#include "insight/metrics.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

/* Everything one view shows, computed once. Owned: insight_view_release. */
struct insight_view {
	int upto;                          /* the round shown (0: none yet) */
	struct insight_metrics net, met;
	struct insight_round_stats *rounds; /* rounds <= upto */
	size_t nrounds;
	struct insight_month *months;
	size_t nmonths;
	struct insight_fairness_summary fair;
};

/* upto 0 = the latest round.  0, or -1 with e set. */
int insight_view_init(struct insight_view *v, const struct insight_input *in,
		      int upto, struct err *e);
void insight_view_release(struct insight_view *v);

/* <ul class="insight-readings"> of short sentences such as "72% of
 * pairs met in round 5, up from 61% (13 of 18 groups)." */
void insight_view_readings(const struct insight_view *v, enum lang l,
			   struct buf *out);

/* <table class="insight-figures"> of the figures after the shown round
 * and the round before, with the change. */
void insight_view_table(const struct insight_view *v, enum lang l,
			struct buf *out);

/* <table class="insight-rounds"> one row per round. */
void insight_view_rounds_table(const struct insight_view *v, enum lang l,
			       struct buf *out);

/* The organisation network after v's round: its picture
 * (insight/orgview.h) and the curve of organisation pairs connected round
 * by round, as two <figure>s; nothing before the first round.  id makes
 * the chart's ids unique in a page.  0, or -1 with e set. */
int insight_view_orgs(const struct insight_view *v, const struct insight_input *in,
		      const char *id, enum lang l, struct buf *out,
		      struct err *e);

/* The evaluation CSV: one row per round (every per-round figure), then
 * nothing else; header first.  Safe for spreadsheets (buf_csv_field). */
void insight_view_csv(const struct insight_view *v, struct buf *out);

#endif
