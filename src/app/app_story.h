/*
 * app_story: stories of what came of a meeting (core/story.h), written
 * from a participant's /me link and approved by organisers.  Each write
 * is one transaction with an audit row.
 */
#ifndef CUPPA_APP_STORY_H
#define CUPPA_APP_STORY_H

#include <stdint.h>

#include "core/model.h"
#include "core/story.h"
#include "store/store.h"
#include "util/err.h"

/* person_id tells what came of their meeting in group_id (they must
 * have said "we met"); writing again replaces their story and sends it
 * back for approval.  *id is the story's id. */
int app_story_write(struct store *st, int64_t person_id, int64_t group_id,
		    const char *body, enum story_visibility v, int64_t *id,
		    struct err *e);

/* The programme's organiser approves or rejects story id. */
int app_story_decide(struct store *st, const struct programme *p, int64_t id,
		     enum story_state state, const char *actor, struct err *e);

/* The programme's stories, newest first: all of them, or only approved
 * ones that may be shown. */
int app_story_list(struct store *st, const struct programme *p,
		   bool only_approved, struct arena *a, struct story **out,
		   size_t *n, struct err *e);

/* The stories one person wrote, newest first. */
int app_story_of_person(struct store *st, int64_t person_id,
			struct arena *a, struct story **out, size_t *n,
			struct err *e);

#endif
