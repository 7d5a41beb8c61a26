/*
 * report: the evaluation report of a programme as one self-contained HTML
 * file (inline SVG and CSS, no script, no external assets), printable to
 * PDF from a browser: the readings, the figures, the growth chart, the
 * network after the latest round and one small picture per round, in
 * one language (o->lang), through the template layer
 * (templates/insight_report.html).
 */
#ifndef CUPPA_INSIGHT_REPORT_H
#define CUPPA_INSIGHT_REPORT_H

#include <stdbool.h>

#include "core/model.h"
#include "insight/metrics.h"
#include "store/store.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

struct insight_report_opts {
	bool show_names;     /* name people who consented (show_name) */
	bool by_sector;      /* colour by sector instead of organisation */
	bool every_round;    /* a picture per round, not only the latest */
	const char *generated; /* "YYYY-MM-DD" printed in the footer (as a
				  date in lang) */
	enum lang lang;      /* the reader's language (default English) */
	const char *community; /* NULL, or the "What people said" section
				  (insight/community.h), already escaped */
};

/* Appends the whole document for programme `name` from in. */
int insight_report_render(const struct insight_input *in, const char *name,
			  const struct insight_report_opts *o, struct buf *out,
			  struct err *e);

/* Loads programme p from st and renders it. */
int insight_report(struct store *st, const struct programme *p,
		   const struct insight_report_opts *o, struct buf *out,
		   struct err *e);

#endif
