/*
 * store_dashboard: what the organiser's dashboard reads, in queries whose
 * cost does not grow with the programme beyond what SQL does itself:
 * counts and sums are computed by the database (never by loading every
 * row into C), lists come one page at a time (LIMIT/OFFSET on an index).
 * The web layer caches the figures that still scan (see admin_figures.h).
 * Strings go to the caller's arena.
 */
#ifndef CUPPA_STORE_DASHBOARD_H
#define CUPPA_STORE_DASHBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* People by state, counted in SQL. */
struct dash_people_counts {
	size_t total, active, pending;
};
int store_dash_people_counts(struct store *st, int64_t programme_id,
			     struct dash_people_counts *out, struct err *e);

/* Per round (by number, oldest first): groups and groups where someone
 * said they met, summed in SQL. */
struct dash_round_counts {
	int number;
	size_t groups, met;
};
int store_dash_round_counts(struct store *st, int64_t programme_id,
			    struct arena *a, struct dash_round_counts **out,
			    size_t *n, struct err *e);

/* One page of people (by id), filtered by q (case-insensitive substring
 * of name, email, organisation, sector or topics; "" for all) and state
 * (NULL for any).  *matched is how many match in all (counted in SQL;
 * pass NULL when the caller knows it). */
int store_dash_people_page(struct store *st, int64_t programme_id,
			   const char *q, const char *status, size_t offset,
			   size_t limit, struct arena *a, struct person **out,
			   size_t *n, size_t *matched, struct err *e);

/* One page of a round's groups, in position order, each member with
 * their sector in *sectors (parallel to member[], 3 per group). */
int store_dash_round_page(struct store *st, int64_t round_id, size_t offset,
			  size_t limit, struct arena *a, struct group **out,
			  char ***sectors, size_t *n, struct err *e);

/* The round's unplaced people with their names (at most limit). */
int store_dash_round_unplaced(struct store *st, int64_t round_id,
			      size_t limit, struct arena *a,
			      struct unplaced **out, char ***names, size_t *n,
			      struct err *e);

/* Ratings given after "we met" in published rounds, by value: ratings[r]
 * for r in 1..5 (ratings[0] is 0), counted in SQL. */
int store_dash_ratings(struct store *st, int64_t programme_id,
		       int64_t ratings[6], struct err *e);

/* The id of the newest audit row of the programme (0 when none): a cheap
 * stamp of the last change that matters (every one leaves an audit row). */
int store_dash_audit_stamp(struct store *st, int64_t programme_id,
			   int64_t *out, struct err *e);

/* The address of the programme's first organiser, for participants to
 * write to (into a; "" when it has none). */
int store_dash_organiser_contact(struct store *st, int64_t programme_id,
				 struct arena *a, char **out, struct err *e);

#endif
