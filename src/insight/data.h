/*
 * data: a programme's insight input, read from the store and shaped for
 * the pure metrics (insight/metrics.h).  Decides how people are labelled
 * in pictures: a pseudonym "P<n>" (n = rank by person id, stable across
 * rounds) unless the caller asks for names AND the person consented
 * (show_name), in which case their name.
 */
#ifndef CUPPA_INSIGHT_DATA_H
#define CUPPA_INSIGHT_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "insight/metrics.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

struct insight_data {
	struct arena arena;          /* owns every string and array below */
	struct insight_input in;
	int64_t programme_id;
	int last_round;              /* highest published/closed round, 0 none */
};

/* Loads everything.  show_names: label consenting people by name.
 * On success the caller owns d and calls insight_data_release. */
int insight_data_load(struct store *st, int64_t programme_id, bool show_names,
		      struct insight_data *d, struct err *e);
/* The same (pseudonyms only) with each round's rows kept in the figures
 * cache (store_insight_rows_cached): what `cuppa stats` reads, so that
 * a change to one round reads only that round again. */
int insight_data_load_cached(struct store *st, int64_t programme_id,
			     struct insight_data *d, struct err *e);
void insight_data_release(struct insight_data *d);

/* True when round number r is a published/closed round of d. */
bool insight_data_has_round(const struct insight_data *d, int r);

#endif
