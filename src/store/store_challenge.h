/*
 * store_challenge: storage of the challenges board (core/challenge.h):
 * challenges, and each participant's marks on them ("we face this too",
 * an offer to talk, a report).  Conventions as store.h.  Search is
 * store_search.h (SEARCH_CHALLENGES).
 */
#ifndef CUPPA_STORE_CHALLENGE_H
#define CUPPA_STORE_CHALLENGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/challenge.h"
#include "core/plan.h"
#include "store/store.h"

/* Inserts c (state as given); sets c->id. */
int store_challenge_insert(struct store *st, struct challenge *c,
			   struct err *e);
/* Title, body and topics of challenge id. */
int store_challenge_update(struct store *st, int64_t id, const char *title,
			   const char *body, const char *topics,
			   struct err *e);
int store_challenge_set_state(struct store *st, int64_t id,
			      enum challenge_state s, struct err *e);
int store_challenge_solve(struct store *st, int64_t id, const char *note,
			  const char *when, struct err *e);
/* With counts; ERR_NOTFOUND unless it belongs to programme_id. */
int store_challenge_get(struct store *st, int64_t programme_id, int64_t id,
			struct arena *a, struct challenge *out, struct err *e);
/* The programme's challenges, newest first, with counts: only shown
 * ones when shown_only, else all.  ids (n of them) narrows to those ids
 * when not NULL (a search's hits). */
int store_challenge_list(struct store *st, int64_t programme_id,
			 bool shown_only, const int64_t *ids, size_t nids,
			 struct arena *a, struct challenge **out, size_t *n,
			 struct err *e);
/* How many challenges person_id posted since `since` (an instant). */
int store_challenge_posted_since(struct store *st, int64_t person_id,
				 const char *since, int64_t *n, struct err *e);

/* Sets (on) or clears a mark of person_id on challenge id. */
int store_challenge_mark(struct store *st, int64_t id, int64_t person_id,
			 enum challenge_mark m, bool on, const char *note,
			 struct err *e);
/* Which of the marks person_id has on challenge id (bit per mark). */
int store_challenge_marks_of(struct store *st, int64_t id, int64_t person_id,
			     unsigned *bits, struct err *e);

struct challenge_offer {
	int64_t person_id;
	char *name, *organisation, *email, *note;
};
/* The offers to talk on challenge id, oldest first. */
int store_challenge_offers(struct store *st, int64_t id, struct arena *a,
			   struct challenge_offer **out, size_t *n,
			   struct err *e);

/* Every (person, challenge) link of the programme's shown, unsolved
 * challenges (the poster and everyone who marked "too"), ordered by
 * person then challenge: the matcher's input (core/plan.h). */
int store_challenge_links(struct store *st, int64_t programme_id,
			  struct arena *a, struct plan_challenge **out,
			  size_t *n, struct err *e);
/* The title of a shown challenge both people share, or NULL. */
int store_challenge_shared(struct store *st, int64_t person_a,
			   int64_t person_b, struct arena *a, char **title,
			   struct err *e);

#endif
