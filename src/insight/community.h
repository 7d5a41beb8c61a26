/*
 * community: the "What people said" section of the report and the
 * dashboard's insight page: ratings and what came of meetings (from the
 * check-ins), and the results of every survey sent, split by took part
 * / did not, with quotes only from people who agreed, in the reader's
 * language.  HTML only through the template layer
 * (templates/insight_community.html); no script, no inline style.
 */
#ifndef CUPPA_INSIGHT_COMMUNITY_H
#define CUPPA_INSIGHT_COMMUNITY_H

#include "core/model.h"
#include "store/store.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

/* Appends <section>...</section> for programme p (h2 at level). */
int insight_community_html(struct store *st, const struct programme *p,
			   enum lang lang, struct buf *out, struct err *e);

#endif
