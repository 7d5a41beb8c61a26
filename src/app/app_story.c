/* app_story: see app_story.h. */
#include "app/app_story.h"

#include <stdio.h>

#include "store/store_story.h"
#include "store/store_web.h"
#include "util/clock.h"
#include "text/text.h"

int app_story_write(struct store *st, int64_t person_id, int64_t group_id,
		    const char *body, enum story_visibility v, int64_t *id,
		    struct err *e)
{
	struct arena a;
	struct person who;
	struct web_person_group g;
	struct story s = {0};
	char detail[64];
	int rc = -1;
	if (story_body_check(body, e) < 0)
		return -1;
	if ((unsigned)v > STORY_NAMED)
		return err_field(e, ERR_INVALID, "visibility", N_("is not a choice"));
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (store_person_get_id(st, person_id, &a, &who, e) < 0 ||
	    store_web_membership(st, person_id, group_id, &a, &g, e) < 0) {
		if (e->code == ERR_NOTFOUND)
			err_field(e, ERR_NOTFOUND, "meeting",
				  N_("is not one of your meetings"));
		goto fail;
	}
	if (g.state == ROUND_DRAFT || g.outcome != OUTCOME_MET) {
		err_field(e, ERR_CONFLICT, "meeting",
			  N_("a story goes with a meeting you said happened"));
		goto fail;
	}
	s.programme_id = who.programme_id;
	s.person_id = person_id;
	s.group_id = group_id;
	s.body = (char *)body;
	s.visibility = v;
	snprintf(detail, sizeof detail, "round %d", g.round);
	if (store_story_put(st, &s, e) < 0 ||
	    store_audit(st, who.programme_id, "self", "story.write", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	*id = s.id;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_story_decide(struct store *st, const struct programme *p, int64_t id,
		     enum story_state state, const char *actor, struct err *e)
{
	struct arena a;
	struct story s;
	char now[32], detail[64];
	int rc = -1;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	if (store_begin(st, e) < 0)
		goto done;
	if (store_story_get(st, p->id, id, &a, &s, e) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "story %lld", (long long)id);
	if (store_story_set_state(st, id, state, now, e) < 0 ||
	    store_audit(st, p->id, actor,
			state == STORY_APPROVED ? "story.approve" : "story.reject",
			detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}
