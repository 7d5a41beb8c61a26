/*
 * orgview: the network of organisations, the picture a board of a large
 * programme reads (`cuppa graph PROG --by organisation`, the dashboard's
 * insight page).  One node per organisation of the people who took part
 * (size: its people), one link per pair of organisations whose people were
 * grouped together (width: pairings between them; red share: the part of
 * those pairings whose group said it did not meet).  Laid out by the
 * people picture's own machinery (pack.h, sfdp), drawn by hand.
 */
#ifndef CUPPA_INSIGHT_ORGVIEW_H
#define CUPPA_INSIGHT_ORGVIEW_H

#include <jansson.h>

#include "insight/metrics.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

struct insight_org_node {
	int org;          /* index into insight_input.orgs */
	size_t people;    /* who took part by the round */
};

struct insight_org_link {
	int a, b;         /* indexes into the node array, a < b */
	size_t pairings, met, missed;
};

struct insight_orgnet {
	struct insight_org_node *node;  /* by organisation index order */
	size_t n;
	struct insight_org_link *link;  /* sorted by (a, b) */
	size_t m;
};

/* The organisation network after round upto (0 = all).  malloc'd arrays;
 * insight_orgnet_free.  0 or -1 (memory). */
int insight_orgnet_build(const struct insight_input *in, int upto,
			 struct insight_orgnet *out);
void insight_orgnet_free(struct insight_orgnet *o);

/* The SVG picture (no XML prolog) after round upto (0 = the latest).
 * 0, or -1 with e set. */
int insight_orgnet_svg(const struct insight_input *in, int upto, enum lang lang,
		       struct buf *out, struct err *e);

/* {"organisations": [{"name", "people"}], "links": [{"source", "target",
 * "pairings", "met", "missed"}]}; NULL when memory runs out. */
json_t *insight_orgnet_json(const struct insight_input *in, int upto);

#endif
