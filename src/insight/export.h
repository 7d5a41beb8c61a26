/*
 * export: the network as files evaluators open in their own tools:
 * GraphML (yEd, Gephi, networkx.read_graphml), GEXF 1.3 (Gephi) and JSON.
 * Nodes are people who took part, with id "P<n>" (the pseudonym, stable
 * across rounds), the picture label, organisation, sector and joined day;
 * edges carry status (met/missed/unconfirmed), first and last round and
 * the number of pairings.  Output is deterministic: same data, same bytes.
 */
#ifndef CUPPA_INSIGHT_EXPORT_H
#define CUPPA_INSIGHT_EXPORT_H

#include <jansson.h>

#include "insight/metrics.h"
#include "util/buf.h"

enum insight_format {
	INSIGHT_SVG = 0,
	INSIGHT_GRAPHML,
	INSIGHT_GEXF,
	INSIGHT_JSON,
};

/* "svg", "graphml", "gexf", "json" -> format; 0 or -1. */
int insight_format_parse(const char *s, enum insight_format *out);

/* Appends g in GraphML / GEXF to out (check buf_failed afterwards). */
void insight_export_graphml(const struct insight_input *in,
			    const struct insight_graph *g, struct buf *out);
void insight_export_gexf(const struct insight_input *in,
			 const struct insight_graph *g, struct buf *out);

/* A new JSON object {"upto", "nodes": [...], "edges": [...]}; the caller
 * owns the reference.  NULL when memory runs out. */
json_t *insight_export_json(const struct insight_input *in,
			    const struct insight_graph *g);

/* The pseudonym of people index i: "P<i+1>" into out (>= 24 bytes). */
void insight_pseudonym(size_t i, char out[24]);

#endif
