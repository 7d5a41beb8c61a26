/* app_challenge: see app_challenge.h. */
#include "app/app_challenge.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/programme.h"
#include "store/store_challenge.h"
#include "store/store_search.h"
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

/* The audit row of an action on challenge id. */
static void audit_challenge(struct app_tx *tx, int64_t programme_id,
			    const char *action, int64_t id)
{
	tx->au->programme_id = programme_id;
	tx->au->action = arena_printf(tx->a, "challenge.%s", action);
	tx->au->detail = arena_printf(tx->a, "challenge %lld", (long long)id);
}

struct challenge_post {
	int64_t person_id;
	struct challenge c;
};

static int challenge_post(struct app_tx *tx, void *arg, struct err *e)
{
	struct challenge_post *cp = arg;
	struct challenge *c = &cp->c;
	struct person who;
	struct programme p;
	struct programme_board b;
	char since[32], day[11];
	int64_t today;
	clock_day(clock_now(), day);
	snprintf(since, sizeof since, "%sT00:00:00Z", day);
	if (board_person(tx->st, cp->person_id, tx->a, &who, &p, e) < 0 ||
	    store_challenge_posted_since(tx->st, cp->person_id, since, &today,
					 e) < 0)
		return -1;
	if (today >= CHALLENGE_DAILY_LIMIT)
		return err_set(e, ERR_CONFLICT,
			       N_("you can post %d challenges a day: please come back tomorrow"),
			       CHALLENGE_DAILY_LIMIT);
	programme_board(&p, &b);
	c->programme_id = p.id;
	c->person_id = cp->person_id;
	c->state = b.moderate_before ? CHALLENGE_PENDING : CHALLENGE_SHOWN;
	if (store_challenge_insert(tx->st, c, e) < 0)
		return -1;
	audit_challenge(tx, p.id, "post", c->id);
	return 0;
}

int app_challenge_post(struct store *st, int64_t person_id,
		       const char *title, const char *body, const char *topics,
		       bool show_name, int64_t *id, enum challenge_state *state,
		       struct err *e)
{
	struct challenge_post cp = {
		.person_id = person_id,
		.c = {.title = (char *)title, .body = (char *)body,
		      .topics = (char *)(topics ? topics : ""),
		      .show_name = show_name}};
	struct app_audit au = {.actor = "self"};
	if (challenge_check(title, body, topics, e) < 0 ||
	    app_tx(st, challenge_post, &cp, &au, e) < 0)
		return -1;
	*id = cp.c.id;
	*state = cp.c.state;
	return 0;
}

struct challenge_act {
	int64_t person_id, id;
	const char *action, *note;
};

static int challenge_act(struct app_tx *tx, void *arg, struct err *e)
{
	struct challenge_act *ca = arg;
	const char *action = ca->action, *note = ca->note;
	int64_t person_id = ca->person_id, id = ca->id;
	struct person who;
	struct programme p;
	struct challenge c;
	char now[32];
	bool own;
	clock_instant(clock_now(), now);
	if (board_person(tx->st, person_id, tx->a, &who, &p, e) < 0 ||
	    store_challenge_get(tx->st, p.id, id, tx->a, &c, e) < 0)
		return -1;
	own = c.person_id == person_id;
	if (c.state != CHALLENGE_SHOWN && !own)
		return err_set(e, ERR_NOTFOUND, N_("no such challenge"));
	if (!strcmp(action, "solve")) {
		struct story s = {.programme_id = p.id, .person_id = person_id,
				  .challenge_id = id, .body = (char *)note,
				  .visibility = c.show_name ? STORY_NAMED
							    : STORY_ANONYMOUS};
		if (!own)
			return err_set(e, ERR_FORBIDDEN,
				       N_("only its owner can mark it solved"));
		if (challenge_note_check(note, e) < 0 ||
		    store_challenge_solve(tx->st, id, note, now, e) < 0 ||
		    store_story_put(tx->st, &s, e) < 0)
			return -1;
	} else if (!strcmp(action, "too") || !strcmp(action, "untoo")) {
		if (own)
			return err_set(e, ERR_CONFLICT, N_("this is your own challenge"));
		if (store_challenge_mark(tx->st, id, person_id, MARK_TOO,
					 action[0] == 't', NULL, e) < 0)
			return -1;
	} else if (!strcmp(action, "talk") || !strcmp(action, "report")) {
		if (own)
			return err_set(e, ERR_CONFLICT, N_("this is your own challenge"));
		if (note && *note && (strlen(note) > CHALLENGE_NOTE_MAX ||
				      challenge_note_check(note, e) < 0))
			return err_field(e, ERR_INVALID, "note",
					 N_("must be at most %d characters of text"),
					 CHALLENGE_NOTE_MAX);
		if (store_challenge_mark(tx->st, id, person_id,
					 action[1] == 'a' ? MARK_TALK : MARK_REPORT,
					 true, note, e) < 0)
			return -1;
	} else {
		return err_field(e, ERR_INVALID, "action",
				 N_("is not one of too, untoo, talk,"
				    " report or solve"));
	}
	audit_challenge(tx, p.id, action, id);
	return 0;
}

int app_challenge_act(struct store *st, int64_t person_id, int64_t id,
		      const char *action, const char *note, struct err *e)
{
	struct challenge_act ca = {person_id, id, action, note};
	struct app_audit au = {.actor = "self"};
	return app_tx(st, challenge_act, &ca, &au, e);
}

struct challenge_moderate {
	const struct programme *p;
	int64_t id;
	const char *action, *title, *body, *topics;
};

static int challenge_moderate(struct app_tx *tx, void *arg, struct err *e)
{
	struct challenge_moderate *m = arg;
	struct challenge c;
	const char *action = m->action;
	int r;
	if (store_challenge_get(tx->st, m->p->id, m->id, tx->a, &c, e) < 0)
		return -1;
	if (!strcmp(action, "approve") || !strcmp(action, "show"))
		r = store_challenge_set_state(tx->st, m->id, CHALLENGE_SHOWN, e);
	else if (!strcmp(action, "hide"))
		r = store_challenge_set_state(tx->st, m->id, CHALLENGE_HIDDEN, e);
	else if (!strcmp(action, "edit"))
		r = store_challenge_update(tx->st, m->id, m->title, m->body,
					   m->topics, e);
	else
		r = err_field(e, ERR_INVALID, "action",
			      N_("is not one of approve, show, hide or edit"));
	if (r < 0)
		return -1;
	audit_challenge(tx, m->p->id, action, m->id);
	return 0;
}

int app_challenge_moderate(struct store *st, const struct programme *p,
			   int64_t id, const char *action, const char *title,
			   const char *body, const char *topics,
			   const char *actor, struct err *e)
{
	struct challenge_moderate m = {p, id, action, title, body, topics};
	struct app_audit au = {.actor = actor};
	if (!strcmp(action, "edit") && challenge_check(title, body, topics, e) < 0)
		return -1;
	return app_tx(st, challenge_moderate, &m, &au, e);
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

int app_challenge_list(struct store *st, const struct programme *p,
		       bool shown_only, const int64_t *ids, size_t nids,
		       struct arena *a, struct challenge **out, size_t *n,
		       struct err *e)
{
	return store_challenge_list(st, p->id, shown_only, ids, nids, a, out, n,
				    e);
}

int app_challenge_search(struct store *st, const struct programme *p,
			 const char *query, struct arena *a, int64_t **out,
			 size_t *n, struct err *e)
{
	return store_search(st, SEARCH_CHALLENGES, p->id, query, a, out, n, e);
}

int app_challenge_get(struct store *st, const struct programme *p, int64_t id,
		      struct arena *a, struct challenge *out, struct err *e)
{
	return store_challenge_get(st, p->id, id, a, out, e);
}

int app_challenge_marks_of(struct store *st, int64_t id, int64_t person_id,
			   unsigned *bits, struct err *e)
{
	return store_challenge_marks_of(st, id, person_id, bits, e);
}

int app_challenge_offers(struct store *st, int64_t id, struct arena *a,
			 struct challenge_offer **out, size_t *n,
			 struct err *e)
{
	return store_challenge_offers(st, id, a, out, n, e);
}
