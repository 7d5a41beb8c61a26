/*
 * picture: the network of who has met as an SVG picture.  Graphviz
 * (sfdp, in-process) computes the positions; cuppa draws the SVG itself so
 * that colours, legend, classes and accessibility text are ours and the
 * output is the same bytes for the same data.
 *
 * Stability from round to round: the layout after round r starts from
 * the layout after round r-1 (each known person gets pos="x,y"; a newcomer
 * starts at the centre of their already placed partners), and the result
 * is then aligned to the previous layout by a similarity transform
 * (rotation, reflection, scale, shift: least squares over the people in
 * both).  Layouts are cached per programme input (keyed by a hash of the
 * input), so the pictures of every round of a programme cost one layout
 * each, once.
 *
 * Graphviz is not thread-safe: every call into it happens under one
 * process-wide mutex held by this module.  Callers need no lock.
 */
#ifndef CUPPA_INSIGHT_PICTURE_H
#define CUPPA_INSIGHT_PICTURE_H

#include <stdbool.h>

#include "insight/metrics.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/err.h"

struct insight_picture_opts {
	int round;          /* the picture after this round, highlighted
			     * against earlier ones; 0 = the latest */
	bool by_sector;     /* colour nodes by sector, not organisation */
	bool only_round;    /* draw only the pairings of `round` and their
			     * people, at their cumulative positions */
	bool chain;         /* seed from earlier rounds (default on via
			     * insight_picture_defaults) */
	const char *title;  /* <title> text, escaped here; NULL = default */
	enum lang lang;     /* the words' language (default English) */
};

void insight_picture_defaults(struct insight_picture_opts *o);

/* Appends the SVG document (no XML prolog, so it can be inlined in HTML)
 * to out.  0, or -1 with e set. */
int insight_picture_svg(const struct insight_input *in,
			const struct insight_picture_opts *o, struct buf *out,
			struct err *e);

/* Positions (points) of the people of the graph after round upto, for
 * people index i at xy[2i], xy[2i+1] (NaN when not in the graph); xy must
 * hold 2 * in->npeople doubles.  prev (same shape, may be NULL) seeds it.
 * For benchmarks and tests; insight_picture_svg uses it.  0 or -1. */
int insight_picture_layout(const struct insight_input *in, int upto,
			   const double *prev, double *xy, struct err *e);

/* The node colours shared by every picture: k-th largest category (k <
 * INSIGHT_NCOLOURS), or "Other" for k < 0; and the edge colours. */
#define INSIGHT_NCOLOURS 10
const char *insight_colour(int k);
const char *insight_edge_colour(enum insight_status st);

/* Forgets the cached layouts (tests). */
void insight_picture_cache_clear(void);

#endif
