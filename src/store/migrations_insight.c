/* Schema changes of the insight area (see store_impl.h for the numbering;
 * issue 15's range is 560-569).  Insight reads the core tables
 * (store_insight.c) and keeps its layout cache in memory
 * (insight/picture.c); the figures of `cuppa stats` are cached here. */
#include "store/store_impl.h"

const struct migration migrations_insight[] = {
	/* figures_gen: bumped by every change to a round's groups, members
	 * or outcomes (store_round.c), so that cached figures computed from
	 * the round can say which generation they saw.  insight_figures:
	 * one row per (programme, part, round): part 'round' holds that
	 * round's own tally, part 'network' the network figures after it;
	 * stamp is what they were computed from (store_figures.h). */
	{560, "insight figures cache",
	 "ALTER TABLE round ADD COLUMN figures_gen INTEGER NOT NULL DEFAULT 0;"
	 "CREATE TABLE insight_figures ("
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " part TEXT NOT NULL,"
	 " upto INTEGER NOT NULL,"
	 " stamp TEXT NOT NULL,"
	 " body TEXT NOT NULL,"
	 " PRIMARY KEY (programme_id, part, upto)"
	 "){STRICT};"},
	{0, NULL, NULL},
};
