/*
 * app_challenge: the challenges board (core/challenge.h) as operations
 * the participant pages, the dashboard and the CLI share.  Each write is
 * one transaction with an audit row (actor "self" for participants).
 * Every participant operation checks that the board of the person's
 * programme is on (ERR_FORBIDDEN otherwise) and that the challenge is
 * shown (pending or hidden ones are ERR_NOTFOUND to anyone but their
 * poster and the organisers).
 */
#ifndef CUPPA_APP_CHALLENGE_H
#define CUPPA_APP_CHALLENGE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/challenge.h"
#include "core/model.h"
#include "store/store.h"
#include "store/store_challenge.h"
#include "util/arena.h"
#include "util/err.h"

/* person_id posts a challenge; shown at once or pending, as the
 * programme moderates.  At most CHALLENGE_DAILY_LIMIT a day per person
 * (ERR_CONFLICT beyond).  *id and *state say what happened. */
int app_challenge_post(struct store *st, int64_t person_id,
		       const char *title, const char *body, const char *topics,
		       bool show_name, int64_t *id, enum challenge_state *state,
		       struct err *e);

/* A participant's act on challenge id: "too" and "untoo" (we face this
 * too, or no longer), "talk" (offer to talk, with a note), "report"
 * (with a reason), "solve" (owner only, with a note: also becomes a
 * story for the organisers to approve). */
int app_challenge_act(struct store *st, int64_t person_id, int64_t id,
		      const char *action, const char *note, struct err *e);

/* The organiser's moderation: "approve", "hide", "show"; or edit with
 * new title, body and topics (action "edit"). */
int app_challenge_moderate(struct store *st, const struct programme *p,
			   int64_t id, const char *action, const char *title,
			   const char *body, const char *topics,
			   const char *actor, struct err *e);

/* The shown challenges (all, for organisers) as JSON, for the CLI. */
int app_challenge_list_json(struct store *st, const struct programme *p,
			    bool all, json_t **out, struct err *e);

/* The programme's challenges, newest first, with counts: only shown
 * ones when shown_only; ids (nids of them) narrows to those when not
 * NULL (a search's hits). */
int app_challenge_list(struct store *st, const struct programme *p,
		       bool shown_only, const int64_t *ids, size_t nids,
		       struct arena *a, struct challenge **out, size_t *n,
		       struct err *e);

/* The ids of p's challenges that match query, ascending; ERR_INVALID
 * (field "q") when the query has no word. */
int app_challenge_search(struct store *st, const struct programme *p,
			 const char *query, struct arena *a, int64_t **out,
			 size_t *n, struct err *e);

/* Challenge id of p with its counts; ERR_NOTFOUND when p has none. */
int app_challenge_get(struct store *st, const struct programme *p, int64_t id,
		      struct arena *a, struct challenge *out, struct err *e);

/* Which marks person_id has on challenge id (a bit per mark). */
int app_challenge_marks_of(struct store *st, int64_t id, int64_t person_id,
			   unsigned *bits, struct err *e);

/* The offers to talk on challenge id, oldest first. */
int app_challenge_offers(struct store *st, int64_t id, struct arena *a,
			 struct challenge_offer **out, size_t *n,
			 struct err *e);

#endif
