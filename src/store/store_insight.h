/*
 * store_insight: the rows the insight area reads, in one pass each over
 * people, published/closed rounds, their members with outcomes, and the
 * unplaced.  Read-only; no insight rules here (insight/data.c turns rows
 * into a struct insight_input).
 */
#ifndef CUPPA_STORE_INSIGHT_H
#define CUPPA_STORE_INSIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

struct store_insight_person {
	int64_t id;
	char *name, *organisation, *sector, *joined;
	enum person_status status;
	bool show_name;
};

struct store_insight_round {
	int64_t id;
	int number;
	enum round_state state;
	char *published_at;  /* instant, or "" */
};

/* One member of one group, rows ordered by round number, group, person. */
struct store_insight_member {
	int round;
	int64_t group_id;
	int64_t person_id;
	enum outcome outcome;
};

struct store_insight_unplaced {
	int round;
	int64_t person_id;
};

struct store_insight_rows {
	struct store_insight_person *people;   /* ordered by id */
	size_t npeople;
	struct store_insight_round *rounds;    /* published/closed, by number */
	size_t nrounds;
	struct store_insight_member *members;
	size_t nmembers;
	struct store_insight_unplaced *unplaced;
	size_t nunplaced;
};

/* Reads every row of the programme that insight needs, for published and
 * closed rounds only (drafts are invisible).  Everything is allocated in
 * a, which the caller owns.  0 or -1. */
int store_insight_rows(struct store *st, int64_t programme_id,
		       struct arena *a, struct store_insight_rows *out,
		       struct err *e);

/* The same rows, with each round's members and unplaced taken from the
 * figures cache (part "rows", keyed by the round's generation, as
 * store_figures.h describes) when current, else read and cached: after
 * an outcome, only its round is read again.  Writes to the cache are
 * best effort.  0 or -1. */
int store_insight_rows_cached(struct store *st, int64_t programme_id,
			      struct arena *a, struct store_insight_rows *out,
			      struct err *e);

/* A short text that changes whenever something the programme's insight
 * page shows changes: people (count, newest, names, states, consent to
 * be named), rounds (count, newest, published), outcomes, ratings and
 * comments, and the programme's audit trail.  Cheap (indexed
 * aggregates), so it is asked on every page view; out holds 200 bytes. */
int store_insight_version(struct store *st, int64_t programme_id,
			      char out[200], struct err *e);

#endif
