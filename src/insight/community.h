/*
 * community: the "What people said" section of the report and the
 * dashboard's insight page: ratings and what came of meetings (from the
 * check-ins), and the results of every survey sent, split by took part
 * / did not, with quotes only from people who agreed.  HTML only through
 * buf_html; no script, no inline style.
 */
#ifndef CUPPA_INSIGHT_COMMUNITY_H
#define CUPPA_INSIGHT_COMMUNITY_H

#include "core/model.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* Appends <section>...</section> for programme p (h2 at level). */
int insight_community_html(struct store *st, const struct programme *p,
			   struct buf *out, struct err *e);

#endif
