/*
 * store_story: storage of stories (core/story.h).  Conventions as
 * store.h.
 */
#ifndef CUPPA_STORE_STORY_H
#define CUPPA_STORE_STORY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/story.h"
#include "store/store.h"

/* Inserts s, or replaces the body and visibility of the person's story
 * about the same meeting (or challenge) and sends it back to pending.
 * Sets s->id. */
int store_story_put(struct store *st, struct story *s, struct err *e);
/* ERR_NOTFOUND unless story id belongs to programme_id. */
int store_story_get(struct store *st, int64_t programme_id, int64_t id,
		    struct arena *a, struct story *out, struct err *e);
/* The programme's stories, newest first: every state when only_approved
 * is false, else only approved ones that may be shown (not hidden). */
int store_story_list(struct store *st, int64_t programme_id,
		     bool only_approved, struct arena *a, struct story **out,
		     size_t *n, struct err *e);
/* The stories one person wrote, newest first. */
int store_story_of_person(struct store *st, int64_t person_id,
			  struct arena *a, struct story **out, size_t *n,
			  struct err *e);
int store_story_set_state(struct store *st, int64_t id,
			  enum story_state state, const char *when,
			  struct err *e);

/* Erasure of a person (app_participant_erase): deletes their stories and
 * written survey answers and withdraws quote consent, in the caller's
 * transaction. */
int store_community_erase(struct store *st, int64_t person_id,
			  struct err *e);

#endif
