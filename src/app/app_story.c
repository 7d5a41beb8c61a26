/* app_story: see app_story.h. */
#include "app/app_story.h"

#include <stdio.h>

#include "app/app.h"
#include "store/store_story.h"
#include "store/store_access.h"
#include "store/store_participant.h"
#include "util/clock.h"
#include "text/text.h"

static int story_write(struct app_tx *tx, void *arg, struct err *e)
{
	struct story *s = arg;
	struct person who;
	struct participant_group g;
	if (store_person_get_id(tx->st, s->person_id, tx->a, &who, e) < 0 ||
	    store_person_membership(tx->st, s->person_id, s->group_id, tx->a, &g,
				 e) < 0) {
		if (e->code == ERR_NOTFOUND)
			err_field(e, ERR_NOTFOUND, "meeting",
				  N_("is not one of your meetings"));
		return -1;
	}
	if (g.state == ROUND_DRAFT || g.outcome != OUTCOME_MET)
		return err_field(e, ERR_CONFLICT, "meeting",
				 N_("a story goes with a meeting you said happened"));
	s->programme_id = who.programme_id;
	tx->au->programme_id = who.programme_id;
	tx->au->detail = arena_printf(tx->a, "round %d", g.round);
	return store_story_put(tx->st, s, e);
}

int app_story_write(struct store *st, int64_t person_id, int64_t group_id,
		    const char *body, enum story_visibility v, int64_t *id,
		    struct err *e)
{
	struct story s = {.person_id = person_id, .group_id = group_id,
			  .body = (char *)body, .visibility = v};
	struct app_audit au = {.actor = "self", .action = "story.write"};
	if (story_body_check(body, e) < 0)
		return -1;
	if ((unsigned)v > STORY_NAMED)
		return err_field(e, ERR_INVALID, "visibility", N_("is not a choice"));
	if (app_tx(st, story_write, &s, &au, e) < 0)
		return -1;
	*id = s.id;
	return 0;
}

struct story_decide {
	const struct programme *p;
	int64_t id;
	enum story_state state;
};

static int story_decide(struct app_tx *tx, void *arg, struct err *e)
{
	struct story_decide *d = arg;
	struct story s;
	char now[32];
	clock_instant(clock_now(), now);
	return store_story_get(tx->st, d->p->id, d->id, tx->a, &s, e) < 0 ||
		       store_story_set_state(tx->st, d->id, d->state, now, e) < 0
		       ? -1 : 0;
}

int app_story_decide(struct store *st, const struct programme *p, int64_t id,
		     enum story_state state, const char *actor, struct err *e)
{
	struct story_decide d = {p, id, state};
	char detail[64];
	struct app_audit au = {p->id, actor,
			       state == STORY_APPROVED ? "story.approve"
						       : "story.reject",
			       detail};
	snprintf(detail, sizeof detail, "story %lld", (long long)id);
	return app_tx(st, story_decide, &d, &au, e);
}

int app_story_list(struct store *st, const struct programme *p,
		   bool only_approved, struct arena *a, struct story **out,
		   size_t *n, struct err *e)
{
	return store_story_list(st, p->id, only_approved, a, out, n, e);
}

int app_story_of_person(struct store *st, int64_t person_id,
			struct arena *a, struct story **out, size_t *n,
			struct err *e)
{
	return store_story_of_person(st, person_id, a, out, n, e);
}
