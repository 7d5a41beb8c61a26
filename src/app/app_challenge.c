/* app_challenge: see app_challenge.h. */
#include "app/app_challenge.h"

#include <stdio.h>
#include <string.h>

#include "core/programme.h"
#include "store/store_challenge.h"
#include "store/store_story.h"
#include "util/clock.h"
#include "text/text.h"

/* The person and their programme, with the board on. */
static int board_person(struct store *st, int64_t person_id, struct arena *a,
			struct person *who, struct programme *p,
			struct err *e)
{
	struct programme_board b;
	if (store_person_get_id(st, person_id, a, who, e) < 0 ||
	    store_programme_get_id(st, who->programme_id, a, p, e) < 0)
		return -1;
	programme_board(p, &b);
	if (!b.on)
		return err_set(e, ERR_FORBIDDEN,
			       N_("the challenges board of %s is not open"), p->name);
	if (who->status == PERSON_PENDING || who->status == PERSON_LEFT)
		return err_set(e, ERR_FORBIDDEN,
			       N_("only people taking part can use the board"));
	return 0;
}

static int audit_commit(struct store *st, int64_t programme_id,
			const char *actor, const char *action, int64_t id,
			struct err *e)
{
	char detail[48];
	snprintf(detail, sizeof detail, "challenge %lld", (long long)id);
	if (store_audit(st, programme_id, actor, action, detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_challenge_post(struct store *st, int64_t person_id,
		       const char *title, const char *body, const char *topics,
		       bool show_name, int64_t *id, enum challenge_state *state,
		       struct err *e)
{
	struct arena a;
	struct person who;
	struct programme p;
	struct programme_board b;
	struct challenge c = {0};
	char since[32], day[11];
	int64_t today;
	int rc = -1;
	if (challenge_check(title, body, topics, e) < 0)
		return -1;
	arena_init(&a, 0);
	clock_day(clock_now(), day);
	snprintf(since, sizeof since, "%sT00:00:00Z", day);
	if (store_begin(st, e) < 0)
		goto done;
	if (board_person(st, person_id, &a, &who, &p, e) < 0 ||
	    store_challenge_posted_since(st, person_id, since, &today, e) < 0)
		goto fail;
	if (today >= CHALLENGE_DAILY_LIMIT) {
		err_set(e, ERR_CONFLICT,
			N_("you can post %d challenges a day: please come back tomorrow"),
			CHALLENGE_DAILY_LIMIT);
		goto fail;
	}
	programme_board(&p, &b);
	c.programme_id = p.id;
	c.person_id = person_id;
	c.title = (char *)title;
	c.body = (char *)body;
	c.topics = (char *)(topics ? topics : "");
	c.show_name = show_name;
	c.state = b.moderate_before ? CHALLENGE_PENDING : CHALLENGE_SHOWN;
	if (store_challenge_insert(st, &c, e) < 0)
		goto fail;
	*id = c.id;
	*state = c.state;
	rc = audit_commit(st, p.id, "self", "challenge.post", c.id, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_challenge_act(struct store *st, int64_t person_id, int64_t id,
		      const char *action, const char *note, struct err *e)
{
	struct arena a;
	struct person who;
	struct programme p;
	struct challenge c;
	char now[32];
	int rc = -1;
	bool own;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	if (store_begin(st, e) < 0)
		goto done;
	if (board_person(st, person_id, &a, &who, &p, e) < 0 ||
	    store_challenge_get(st, p.id, id, &a, &c, e) < 0)
		goto fail;
	own = c.person_id == person_id;
	if (c.state != CHALLENGE_SHOWN && !own) {
		err_set(e, ERR_NOTFOUND, N_("no such challenge"));
		goto fail;
	}
	if (!strcmp(action, "solve")) {
		struct story s = {.programme_id = p.id, .person_id = person_id,
				  .challenge_id = id, .body = (char *)note,
				  .visibility = c.show_name ? STORY_NAMED
							    : STORY_ANONYMOUS};
		if (!own) {
			err_set(e, ERR_FORBIDDEN, N_("only its owner can mark it solved"));
			goto fail;
		}
		if (challenge_note_check(note, e) < 0 ||
		    store_challenge_solve(st, id, note, now, e) < 0 ||
		    store_story_put(st, &s, e) < 0)
			goto fail;
	} else if (!strcmp(action, "too") || !strcmp(action, "untoo")) {
		if (own) {
			err_set(e, ERR_CONFLICT, N_("this is your own challenge"));
			goto fail;
		}
		if (store_challenge_mark(st, id, person_id, MARK_TOO,
					 action[0] == 't', NULL, e) < 0)
			goto fail;
	} else if (!strcmp(action, "talk") || !strcmp(action, "report")) {
		if (own) {
			err_set(e, ERR_CONFLICT, N_("this is your own challenge"));
			goto fail;
		}
		if (note && *note && (strlen(note) > CHALLENGE_NOTE_MAX ||
				      challenge_note_check(note, e) < 0)) {
			err_field(e, ERR_INVALID, "note",
				  N_("must be at most %d characters of text"),
				  CHALLENGE_NOTE_MAX);
			goto fail;
		}
		if (store_challenge_mark(st, id, person_id,
					 action[1] == 'a' ? MARK_TALK : MARK_REPORT,
					 true, note, e) < 0)
			goto fail;
	} else {
		err_field(e, ERR_INVALID, "action", N_("is not one of too, untoo, talk,"
			  " report or solve"));
		goto fail;
	}
	rc = audit_commit(st, p.id, "self",
			  arena_printf(&a, "challenge.%s", action), id, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_challenge_moderate(struct store *st, const struct programme *p,
			   int64_t id, const char *action, const char *title,
			   const char *body, const char *topics,
			   const char *actor, struct err *e)
{
	struct arena a;
	struct challenge c;
	int rc = -1, r;
	arena_init(&a, 0);
	if (!strcmp(action, "edit") && challenge_check(title, body, topics, e) < 0)
		goto done;
	if (store_begin(st, e) < 0)
		goto done;
	if (store_challenge_get(st, p->id, id, &a, &c, e) < 0)
		goto fail;
	if (!strcmp(action, "approve") || !strcmp(action, "show"))
		r = store_challenge_set_state(st, id, CHALLENGE_SHOWN, e);
	else if (!strcmp(action, "hide"))
		r = store_challenge_set_state(st, id, CHALLENGE_HIDDEN, e);
	else if (!strcmp(action, "edit"))
		r = store_challenge_update(st, id, title, body, topics, e);
	else
		r = err_field(e, ERR_INVALID, "action",
			      N_("is not one of approve, show, hide or edit"));
	if (r < 0)
		goto fail;
	rc = audit_commit(st, p->id, actor, arena_printf(&a, "challenge.%s", action),
			  id, e);
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_challenge_list_json(struct store *st, const struct programme *p,
			    bool all, json_t **out, struct err *e)
{
	struct arena a;
	struct challenge *c;
	size_t n;
	json_t *arr;
	arena_init(&a, 0);
	if (store_challenge_list(st, p->id, !all, NULL, 0, &a, &c, &n, e) < 0) {
		arena_release(&a);
		return -1;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I,"
				       " s:b, s:s}",
				       "id", (json_int_t)c[i].id, "title", c[i].title,
				       "body", c[i].body, "topics", c[i].topics,
				       "state", challenge_state_name(c[i].state),
				       "by", c[i].show_name ? c[i].name : "",
				       "people", (json_int_t)c[i].people,
				       "organisations", (json_int_t)c[i].organisations,
				       "offers_to_talk", (json_int_t)c[i].talks,
				       "solved", *c[i].solved_at != '\0',
				       "organisation", c[i].organisation));
	*out = json_pack("{s:s, s:o}", "programme", p->slug, "challenges", arr);
	arena_release(&a);
	return 0;
}
