/*
 * app_round_edit: manual adjustments of a draft round, as the organiser's
 * dashboard offers them, with the hard rules re-checked for every group
 * the change touches (nobody meets someone from an earlier round unless
 * the programme's repeat rules allow it, no blocked pair, no two people
 * sharing an "avoid same" attribute, the mix rule, groups of 2 or 3).
 * A change that would break one fails with ERR_CONFLICT naming the rule
 * and changes nothing.  Each call is one transaction with an audit row.
 */
#ifndef CUPPA_APP_ROUND_EDIT_H
#define CUPPA_APP_ROUND_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "store/store_dashboard.h"
#include "util/err.h"

/* Exchanges persons a and b (in different groups of draft round number). */
int app_round_edit_swap(struct store *st, const struct programme *p,
		       int number, int64_t a, int64_t b, const char *actor,
		       struct err *e);

/* Moves person to group position `to` (1-based, as listed). */
int app_round_edit_move(struct store *st, const struct programme *p,
		       int number, int64_t person, int to, const char *actor,
		       struct err *e);

/* Soft-goal caveats of a group for display ("same organisation", "same
 * sector", "trio"); up to max static strings into out; returns count. */
size_t app_round_edit_caveats(const struct group *g,
			     const struct person *people, size_t npeople,
			     const char **out, size_t max);

/* The hard rules of round `number` (history, block list, people, the
 * programme's avoid-same and mix rules), loaded once (from a) to check
 * many groups. */
struct round_rules;
int app_round_rules_load(struct store *st, const struct programme *p,
			 int number, struct arena *a, struct round_rules **out,
			 struct err *e);
/* 0 when the n (2 or 3) people may form a group; -1 with ERR_CONFLICT
 * naming the broken rule. */
int app_round_rules_check(const struct round_rules *rr, const int64_t *ids,
			  int n, struct err *e);

/* One page of round round_id's groups for the dashboard, in order, each
 * member's sector in *sectors (parallel to member[], 3 a group). */
int app_round_page(struct store *st, int64_t round_id, size_t offset,
		       size_t limit, struct arena *a, struct group **out,
		       char ***sectors, size_t *n, struct err *e);

/* The round's unplaced people with their names (at most limit). */
int app_round_unplaced(struct store *st, int64_t round_id, size_t limit,
			   struct arena *a, struct unplaced **out,
			   char ***names, size_t *n, struct err *e);

/* Discards draft round `number` of p (ERR_CONFLICT, "Only a draft can be
 * discarded.", when it is not one), audited. */
int app_round_discard(struct store *st, const struct programme *p,
			  int number, const char *actor, struct err *e);

#endif
