/*
 * insight_page: the programme's insight page of the organiser dashboard,
 * as an HTML fragment the web layer puts inside its layout.  Server-side
 * only: no script, classes rather than inline styles.
 *
 * Links it writes, relative to the page's own URL (the web layer routes
 * them to the same handler):
 *   ?round=N          the page for round N (the round "slider")
 *   ?format=csv       the evaluation CSV (insight_page_export)
 *   ?format=json      the evaluation JSON (insight_page_export)
 * CSS classes: insight, round-slider, current, insight-network,
 * insight-growth, insight-figures, insight-rounds, insight-readings,
 * insight-exports, trend up|down|same.
 */
#ifndef CUPPA_INSIGHT_PAGE_H
#define CUPPA_INSIGHT_PAGE_H

#include <stdbool.h>

#include "core/model.h"
#include "store/store.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

/* Above this many people the page leaves out the picture of every
 * person (unreadable at that density, minutes to lay out) and shows the
 * organisations' network only (docs/insight.md). */
#define INSIGHT_PAGE_PICTURE_MAX 5000

/* Appends the fragment for programme p after round `round` (0 = latest).
 * show_names: a logged-in organiser asked for names; still only people
 * with show_name are named.  ERR_NOTFOUND for a round that is not
 * published or closed.  Graph layout may take a while on a large
 * programme (it is cached per programme state afterwards): call it off
 * the HTTP polling threads.  In lang, through the template layer
 * (templates/insight_page.html).  0 or -1. */
int insight_page_render(struct store *st, const struct programme *p, int round,
			bool show_names, enum lang lang, struct buf *out,
			struct err *e);

/* The evaluation export of the same page: csv true -> CSV (one row per
 * round), else the JSON of `cuppa stats --json` network keys plus
 * "people": [{id (pseudonym), groups, meetings, times_in_trio,
 * times_unplaced}] for everyone who took part.  Sets
 * *content_type to a static string.  0 or -1. */
int insight_page_export(struct store *st, const struct programme *p, int round,
			bool csv, struct buf *out, const char **content_type,
			struct err *e);

#endif
