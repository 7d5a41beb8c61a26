/*
 * app_schedule_refresh: bringing a reviewed draft up to date when it is
 * published (see app_schedule.h).  The reviewed groups are the
 * organiser's work, so they are kept exactly; only what the changes since
 * the draft force is re-done, with the matcher run on just the people who
 * need a group, then single leftovers offered to a kept pair as a trio.
 */
#include "app/app_schedule.h"

#include <string.h>

#include "app/app_round_edit.h"
#include "core/person.h"
#include "core/plan.h"
#include "match/match.h"
#include "text/text.h"
#include "util/clock.h"

struct refresh {
	struct store *st;
	const struct programme *p;
	struct arena *a;
	struct person *people;
	size_t npeople;
	const char *day;
	struct group *groups;        /* the new round's groups */
	size_t ngroups, capg;
	struct unplaced *unplaced;
	size_t nunplaced, capu;
	int64_t *pool;               /* people who need a group */
	size_t npool, cappool;
	int64_t round_id;            /* set after re-insertion */
	struct {
		int64_t person;
		const char *change, *detail;
	} *log;
	size_t nlog, caplog;
};

static const struct person *person_of(const struct refresh *r, int64_t id)
{
	for (size_t i = 0; i < r->npeople; i++)
		if (r->people[i].id == id)
			return &r->people[i];
	return NULL;
}

static bool eligible(const struct refresh *r, int64_t id)
{
	const struct person *p = person_of(r, id);
	return p && person_eligible(p, r->day);
}

static int note(struct refresh *r, int64_t person, const char *change,
		const char *detail, struct err *e)
{
	void *g = arena_grow(r->a, r->log, r->nlog, &r->caplog, sizeof *r->log);
	if (!g)
		return err_set(e, ERR_INTERNAL, "out of memory");
	r->log = g;
	r->log[r->nlog].person = person;
	r->log[r->nlog].change = change;
	r->log[r->nlog++].detail = detail ? detail : "";
	return 0;
}

static int add_group(struct refresh *r, const int64_t *ids, int n,
		     struct err *e)
{
	struct group *g = arena_grow(r->a, r->groups, r->ngroups, &r->capg,
				     sizeof *g);
	if (!g)
		return err_set(e, ERR_INTERNAL, "out of memory");
	r->groups = g;
	g = &r->groups[r->ngroups++];
	memset(g, 0, sizeof *g);
	g->n = n;
	for (int k = 0; k < n; k++)
		g->member[k].person_id = ids[k];
	return 0;
}

static int add_pool(struct refresh *r, int64_t id, struct err *e)
{
	int64_t *g = arena_grow(r->a, r->pool, r->npool, &r->cappool, sizeof *g);
	if (!g)
		return err_set(e, ERR_INTERNAL, "out of memory");
	r->pool = g;
	r->pool[r->npool++] = id;
	return 0;
}

static bool in_groups(const struct refresh *r, int64_t id)
{
	for (size_t i = 0; i < r->ngroups; i++)
		for (int k = 0; k < r->groups[i].n; k++)
			if (r->groups[i].member[k].person_id == id)
				return true;
	return false;
}

static bool in_pool(const struct refresh *r, int64_t id)
{
	for (size_t i = 0; i < r->npool; i++)
		if (r->pool[i] == id)
			return true;
	return false;
}

/* Keeps each reviewed group whose members are all still eligible; a trio
 * that lost one stays a pair; anyone left alone joins the pool. */
static int keep_groups(struct refresh *r, const struct round_detail *rd,
		       struct err *e)
{
	for (size_t i = 0; i < rd->ngroups; i++) {
		const struct group *g = &rd->groups[i];
		int64_t ids[3];
		int n = 0;
		for (int k = 0; k < g->n; k++) {
			int64_t id = g->member[k].person_id;
			if (eligible(r, id)) {
				ids[n++] = id;
				continue;
			}
			const struct person *p = person_of(r, id);
			if (note(r, id, "removed",
				 p ? person_sitting_out_reason(p, r->day) : N_("gone"),
				 e) < 0)
				return -1;
		}
		if (n == g->n || n >= 2) {
			if (add_group(r, ids, n, e) < 0)
				return -1;
		} else if (n == 1 && add_pool(r, ids[0], e) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Matches the pool alone, with the programme's rules and history. */
static int match_pool(struct refresh *r, const struct round_detail *rd,
		      struct round_rules *rules, struct err *e)
{
	struct plan_input pi = {.programme = r->p, .seed = rd->round.seed,
				.number = rd->round.number, .day = r->day};
	struct person *sub = arena_calloc(r->a, r->npool ? r->npool : 1, sizeof *sub);
	struct pair_history *hist, *blocked;
	struct plan pl;
	struct match_result res = {0};
	struct group *groups;
	struct unplaced *unplaced;
	size_t nhist, nblocked, ngroups, nunplaced;
	if (!sub)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < r->npool; i++)
		sub[i] = *person_of(r, r->pool[i]);
	if (store_pair_history(r->st, r->p->id, r->a, &hist, &nhist, e) < 0 ||
	    store_block_list(r->st, r->p->id, r->a, &blocked, &nblocked, e) < 0)
		return -1;
	pi.people = sub;
	pi.npeople = r->npool;
	pi.history = hist;
	pi.nhistory = nhist;
	pi.blocked = blocked;
	pi.nblocked = nblocked;
	if (plan_build(&pi, r->a, &pl, e) < 0 || match_run(&pl.in, &res, e) < 0)
		return -1;
	int rc = plan_result(&pl, &res, r->a, &groups, &ngroups, &unplaced,
			     &nunplaced, e);
	match_result_release(&res);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < ngroups; i++) {
		int64_t ids[3];
		for (int k = 0; k < groups[i].n; k++)
			ids[k] = groups[i].member[k].person_id;
		if (add_group(r, ids, groups[i].n, e) < 0)
			return -1;
	}
	/* A single leftover (one newcomer, say) may join a kept pair. */
	for (size_t u = 0; u < nunplaced; u++) {
		bool placed = false;
		for (size_t i = 0; i < r->ngroups && !placed; i++) {
			struct group *g = &r->groups[i];
			int64_t ids[3];
			struct err ignore = {0};
			if (g->n != 2)
				continue;
			ids[0] = g->member[0].person_id;
			ids[1] = g->member[1].person_id;
			ids[2] = unplaced[u].person_id;
			if (app_round_rules_check(rules, ids, 3, &ignore) == 0) {
				g->member[2].person_id = ids[2];
				g->n = 3;
				placed = true;
			}
		}
		if (placed)
			continue;
		struct unplaced *grown = arena_grow(r->a, r->unplaced, r->nunplaced,
						    &r->capu, sizeof *grown);
		if (!grown)
			return err_set(e, ERR_INTERNAL, "out of memory");
		r->unplaced = grown;
		r->unplaced[r->nunplaced++] = unplaced[u];
	}
	return 0;
}

/* The log entry of everyone in the pool: where they ended up. */
static int note_pool(struct refresh *r, const struct round_detail *rd,
		     struct err *e)
{
	for (size_t i = 0; i < r->npool; i++) {
		int64_t id = r->pool[i];
		bool was_grouped = false;
		for (size_t g = 0; g < rd->ngroups; g++)
			for (int k = 0; k < rd->groups[g].n; k++)
				if (rd->groups[g].member[k].person_id == id)
					was_grouped = true;
		const char *reason = NULL;
		/* the code beside the sentence, so the dashboard says it in
		 * its reader's language (text_unplaced_packed) */
		for (size_t u = 0; u < r->nunplaced; u++)
			if (r->unplaced[u].person_id == id &&
			    !(reason = text_unplaced_pack(r->a, r->unplaced[u].code,
							  r->unplaced[u].reason)))
				return err_set(e, ERR_INTERNAL, "out of memory");
		if (note(r, id, reason ? "unplaced" : was_grouped ? "re-placed" : "placed",
			 reason, e) < 0)
			return -1;
	}
	return 0;
}

int app_schedule_refresh(struct store *st, const struct programme *p,
			 int number, int *changes, struct err *e)
{
	struct arena a;
	struct round_detail rd;
	struct round_rules *rules;
	struct refresh r = {.st = st, .p = p, .a = &a};
	char day[11];
	int rc = -1;
	arena_init(&a, 0);
	*changes = 0;
	clock_day(clock_now(), day);
	r.day = day;
	if (store_round_detail(st, p->id, number, &a, &rd, e) < 0 ||
	    store_person_list(st, p->id, &a, &r.people, &r.npeople, e) < 0 ||
	    app_round_rules_load(st, p, number, &a, &rules, e) < 0)
		goto done;
	if (keep_groups(&r, &rd, e) < 0)
		goto done;
	/* Everyone eligible without a group: newcomers, people who
	 * confirmed or came back, and those unplaced in the draft. */
	for (size_t i = 0; i < r.npeople; i++)
		if (person_eligible(&r.people[i], day) && !in_groups(&r, r.people[i].id) &&
		    !in_pool(&r, r.people[i].id) && add_pool(&r, r.people[i].id, e) < 0)
			goto done;
	bool same_unplaced = r.npool == rd.nunplaced;
	for (size_t i = 0; same_unplaced && i < rd.nunplaced; i++)
		same_unplaced = in_pool(&r, rd.unplaced[i].person_id);
	if (r.nlog == 0 && same_unplaced) {
		rc = 0; /* nothing changed since the review */
		goto done;
	}
	if (r.npool && match_pool(&r, &rd, rules, e) < 0)
		goto done;
	if (note_pool(&r, &rd, e) < 0)
		goto done;
	/* Re-insert the round whole: same number and seed, kept groups in
	 * their reviewed order, then the new ones. */
	struct round nr = rd.round;
	nr.state = ROUND_DRAFT;
	if (store_round_delete_draft(st, p->id, e) < 0 ||
	    store_round_insert(st, &nr, r.groups, r.ngroups, r.unplaced,
			       r.nunplaced, e) < 0)
		goto done;
	for (size_t i = 0; i < r.nlog; i++) {
		bool was_unplaced = false;
		for (size_t u = 0; u < rd.nunplaced; u++)
			if (rd.unplaced[u].person_id == r.log[i].person &&
			    !strcmp(r.log[i].change, "unplaced"))
				was_unplaced = true;
		if (was_unplaced)
			continue; /* unplaced in the draft and still: no change */
		if (store_round_change_add(st, nr.id, r.log[i].person,
					   r.log[i].change, r.log[i].detail, e) < 0)
			goto done;
		(*changes)++;
	}
	rc = 0;
done:
	arena_release(&a);
	return rc;
}
