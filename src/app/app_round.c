/* app_round: rounds and outcomes (see app.h). */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/person.h"
#include "core/plan.h"
#include "mail/notify.h"
#include "match/match.h"
#include "store/store_challenge.h"
#include "util/clock.h"
#include "text/text.h"

#define SEED_MASK ((UINT64_C(1) << 53) - 1)

/* The number of a new round: one past the last published or closed. */
static int next_number(const struct round *rounds, size_t n)
{
	int last = 0;
	for (size_t i = 0; i < n; i++)
		if (rounds[i].state != ROUND_DRAFT && rounds[i].number > last)
			last = rounds[i].number;
	return last + 1;
}

static int last_published(struct store *st, const struct programme *p,
			  const struct round *rounds, size_t n,
			  struct arena *a, struct round_detail **out,
			  struct err *e)
{
	*out = NULL;
	for (size_t i = n; i-- > 0;)
		if (rounds[i].state != ROUND_DRAFT) {
			*out = arena_alloc(a, sizeof **out);
			if (!*out)
				return err_set(e, ERR_INTERNAL, "out of memory");
			return store_round_detail(st, p->id, rounds[i].number, a,
						  *out, e);
		}
	return 0;
}

/* Loads everything the plan needs and runs the matcher; *res gets the
 * matcher's verdict (weight, proven optimal). */
static int round_form(struct store *st, const struct programme *p,
		      uint64_t seed, struct arena *a, struct round *r,
		      struct group **groups, size_t *ngroups,
		      struct unplaced **unplaced, size_t *nunplaced,
		      struct match_result *verdict, struct err *e)
{
	struct plan_input pi = {.programme = p, .seed = seed};
	struct person *people;
	struct pair_history *hist, *blocked;
	struct round *rounds;
	struct round_detail *last;
	struct plan pl;
	struct match_result res = {0};
	char *day = arena_alloc(a, 11);
	struct plan_challenge *links;
	size_t npeople, nhist, nblocked, nrounds, nlinks;
	int rc;
	if (!day)
		return err_set(e, ERR_INTERNAL, "out of memory");
	clock_day(clock_now(), day);
	if (store_person_list(st, p->id, a, &people, &npeople, e) < 0 ||
	    store_pair_history(st, p->id, a, &hist, &nhist, e) < 0 ||
	    store_block_list(st, p->id, a, &blocked, &nblocked, e) < 0 ||
	    store_round_list(st, p->id, a, &rounds, &nrounds, e) < 0 ||
	    last_published(st, p, rounds, nrounds, a, &last, e) < 0 ||
	    store_challenge_links(st, p->id, a, &links, &nlinks, e) < 0)
		return -1;
	pi.challenges = links;
	pi.nchallenges = nlinks;
	pi.people = people;
	pi.npeople = npeople;
	pi.history = hist;
	pi.nhistory = nhist;
	pi.blocked = blocked;
	pi.nblocked = nblocked;
	pi.last = last;
	pi.day = day;
	pi.number = next_number(rounds, nrounds);
	if (plan_build(&pi, a, &pl, e) < 0 || match_run(&pl.in, &res, e) < 0)
		return -1;
	rc = plan_result(&pl, &res, a, groups, ngroups, unplaced, nunplaced, e);
	verdict->weight = res.weight;
	verdict->optimal = res.optimal;
	match_result_release(&res);
	r->programme_id = p->id;
	r->number = pi.number;
	r->state = ROUND_DRAFT;
	r->seed = seed;
	return rc;
}

int app_round_new_in_tx(struct store *st, const struct programme *p,
			uint64_t seed, const char *actor, struct arena *a,
			int *number, struct err *e)
{
	struct round r = {0};
	struct group *groups;
	struct unplaced *unplaced;
	size_t ngroups, nunplaced;
	struct match_result verdict = {0};
	char detail[128];
	if (round_form(st, p, seed & SEED_MASK, a, &r, &groups, &ngroups,
		       &unplaced, &nunplaced, &verdict, e) < 0 ||
	    store_round_delete_draft(st, p->id, e) < 0 ||
	    store_round_insert(st, &r, groups, ngroups, unplaced, nunplaced, e) < 0)
		return -1;
	/* the matcher's verdict too: whether the pairs are proven optimal
	 * (dual certificate over every allowed pair) and their weight */
	snprintf(detail, sizeof detail,
		 "round=%d groups=%zu unplaced=%zu weight=%lld optimal=%s",
		 r.number, ngroups, nunplaced, (long long)verdict.weight,
		 verdict.optimal ? "yes" : "no");
	*number = r.number;
	return store_audit(st, p->id, actor, "round.draft", detail, e);
}

uint64_t app_round_seed(void)
{
	uint64_t seed;
	randombytes_buf(&seed, sizeof seed);
	return seed & SEED_MASK;
}

/* A round made or published in its own transaction. */
struct round_step {
	const struct programme *p;
	uint64_t seed;
	const char *actor;
	struct arena *a;
	int number;
};

static int round_new(struct app_tx *tx, void *arg, struct err *e)
{
	struct round_step *r = arg;
	return app_round_new_in_tx(tx->st, r->p, r->seed, r->actor, r->a,
				   &r->number, e);
}

int app_round_new(struct store *st, const struct programme *p,
		  bool have_seed, uint64_t seed, const char *actor,
		  struct arena *a, struct round_detail *out, struct err *e)
{
	struct round_step r = {p, have_seed ? seed : app_round_seed(), actor, a,
			       0};
	/* Read and write under one write lock, so two organisers making a
	 * draft at once cannot both base it on the same history. */
	if (app_tx(st, round_new, &r, NULL, e) < 0)
		return -1;
	return store_round_detail(st, p->id, r.number, a, out, e);
}

int app_round_get(struct store *st, const struct programme *p, int number,
		  struct arena *a, struct round_detail *out, struct err *e)
{
	if (number == 0) {
		struct round latest;
		if (store_round_latest(st, p->id, a, &latest, e) < 0)
			return -1;
		number = latest.number;
	}
	return store_round_detail(st, p->id, number, a, out, e);
}

int app_round_publish_in_tx(struct store *st, const struct programme *p,
			    int number, const char *actor, struct err *e)
{
	struct arena a;
	struct round *rounds;
	size_t n;
	char now[21], day[11], detail[64];
	int rc = -1, found = 0;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	clock_day(clock_now(), day);
	if (store_round_list(st, p->id, &a, &rounds, &n, e) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (rounds[i].number == number) {
			found = 1;
			if (rounds[i].state != ROUND_DRAFT) {
				err_set(e, ERR_CONFLICT,
					rounds[i].state == ROUND_CLOSED
						? "round %d is closed already"
						: "round %d is published already",
					number);
				goto done;
			}
			if (store_round_set_state(st, rounds[i].id, ROUND_PUBLISHED,
						  now, e) < 0 ||
			    store_round_set_deadline(st, rounds[i].id, day,
						     p->cadence_days, e) < 0)
				goto done;
		} else if (rounds[i].state == ROUND_PUBLISHED &&
			   store_round_set_state(st, rounds[i].id, ROUND_CLOSED,
						 NULL, e) < 0) {
			goto done;
		}
	}
	if (!found) {
		err_set(e, ERR_NOTFOUND, N_("no round %d in this programme"), number);
		goto done;
	}
	/* People whose pause is over were grouped (plan treats them as
	 * active): make them active, or their introductions would be
	 * skipped as "person paused".  The introductions are queued in the
	 * same transaction, so they exist exactly when the round is
	 * published. */
	struct round_detail rd;
	if (store_person_wake_paused(st, p->id, day, e) < 0 ||
	    store_round_detail(st, p->id, number, &a, &rd, e) < 0 ||
	    mail_enqueue_round(st, p, &rd, e) < 0)
		goto done;
	snprintf(detail, sizeof detail, "round=%d", number);
	if (store_person_clear_skips(st, p->id, e) < 0 ||
	    store_audit(st, p->id, actor, "round.publish", detail, e) < 0)
		goto done;
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

static int round_publish(struct app_tx *tx, void *arg, struct err *e)
{
	struct round_step *r = arg;
	return app_round_publish_in_tx(tx->st, r->p, r->number, r->actor, e);
}

int app_round_publish(struct store *st, const struct programme *p,
		      int number, const char *actor, struct err *e)
{
	struct round_step r = {.p = p, .actor = actor, .number = number};
	return app_tx(st, round_publish, &r, NULL, e);
}

json_t *app_round_json(const struct programme *p, const struct round_detail *rd)
{
	json_t *groups = json_array(), *unplaced = json_array();
	for (size_t g = 0; g < rd->ngroups; g++) {
		json_t *members = json_array();
		for (int m = 0; m < rd->groups[g].n; m++)
			json_array_append_new(members,
					      json_string(rd->groups[g].member[m].email));
		json_array_append_new(groups,
				      json_pack("{s:I, s:o}", "id",
						(json_int_t)rd->groups[g].id,
						"members", members));
	}
	for (size_t u = 0; u < rd->nunplaced; u++)
		json_array_append_new(unplaced,
				      json_pack("{s:s, s:s}", "email",
						rd->unplaced[u].email, "reason",
						rd->unplaced[u].reason));
	return json_pack("{s:s, s:i, s:s, s:I, s:s, s:o, s:o}", "programme",
			 p->slug, "round", rd->round.number, "state",
			 round_state_name(rd->round.state), "seed",
			 (json_int_t)rd->round.seed, "deadline",
			 rd->round.deadline ? rd->round.deadline : "", "groups",
			 groups, "unplaced", unplaced);
}

enum outcome app_group_outcome(const struct group *g)
{
	enum outcome o = OUTCOME_NONE;
	for (int m = 0; m < g->n; m++) {
		if (g->member[m].outcome == OUTCOME_MET)
			return OUTCOME_MET;
		if (g->member[m].outcome == OUTCOME_MISSED)
			o = OUTCOME_MISSED;
	}
	return o;
}

int app_outcome_record(struct store *st, const struct programme *p,
		       int number, const char *email, enum outcome o,
		       int rating, const char *comment, struct err *e)
{
	char norm[EMAIL_MAX + 1], now[21];
	struct arena a;
	struct round_detail rd;
	int rc = -1;
	if (o != OUTCOME_MET && o != OUTCOME_MISSED)
		return err_field(e, ERR_INVALID, "outcome", N_("must be met or missed"));
	if (rating < 0 || rating > 5)
		return err_field(e, ERR_INVALID, "rating", N_("must be from 1 to 5"));
	if (rating && o != OUTCOME_MET)
		return err_field(e, ERR_INVALID, "rating",
				 N_("goes only with met: there was no meeting to rate"));
	if (comment && (strlen(comment) > TEXT_MAX || !person_text_ok(comment, true)))
		return err_field(e, ERR_INVALID, "comment",
				 N_("must be at most %d characters of text"), TEXT_MAX);
	if (person_email_normalise(email, norm, e) < 0)
		return -1;
	arena_init(&a, 0);
	clock_instant(clock_now(), now);
	if (store_round_detail(st, p->id, number, &a, &rd, e) < 0)
		goto done;
	if (rd.round.state == ROUND_DRAFT) {
		err_set(e, ERR_CONFLICT, N_("round %d is a draft: publish it first"), number);
		goto done;
	}
	for (size_t g = 0; g < rd.ngroups; g++)
		for (int m = 0; m < rd.groups[g].n; m++)
			if (strcmp(rd.groups[g].member[m].email, norm) == 0) {
				rc = store_outcome_set(st, rd.groups[g].id,
						       rd.groups[g].member[m].person_id,
						       o, rating, comment, now, e);
				goto done;
			}
	err_field(e, ERR_NOTFOUND, "email", N_("%s is not in a group of round %d"),
		  norm, number);
done:
	arena_release(&a);
	return rc;
}

int app_round_list(struct store *st, const struct programme *p,
		   struct arena *a, struct round **out, size_t *n,
		   struct err *e)
{
	return store_round_list(st, p->id, a, out, n, e);
}

static int round_mail(struct app_tx *tx, void *arg, struct err *e)
{
	struct round_step *r = arg;
	struct round_detail rd;
	if (store_round_detail(tx->st, r->p->id, r->number, tx->a, &rd, e) < 0)
		return -1;
	if (rd.round.state != ROUND_PUBLISHED)
		return err_set(e, ERR_CONFLICT, "round %d is not published",
			       r->number);
	return mail_enqueue_round(tx->st, r->p, &rd, e);
}

int app_round_mail(struct store *st, const struct programme *p, int number,
		   struct err *e)
{
	struct round_step r = {.p = p, .number = number};
	return app_tx(st, round_mail, &r, NULL, e);
}
