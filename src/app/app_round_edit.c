/* app_round_edit: see app_round_edit.h. */
#include "app/app_round_edit.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "match/match.h"
#include "text/text.h"

struct rules {
	const struct programme *p;
	int number;
	struct pair_history *hist, *blocked;
	size_t nhist, nblocked;
	struct person *people;
	size_t npeople;
};

static const struct person *find(const struct rules *r, int64_t id)
{
	for (size_t i = 0; i < r->npeople; i++)
		if (r->people[i].id == id)
			return &r->people[i];
	return NULL;
}

static const char *attr_of(const struct person *p, const char *name)
{
	if (strcmp(name, "organisation") == 0)
		return p->organisation;
	if (strcmp(name, "sector") == 0)
		return p->sector;
	if (strcmp(name, "role") == 0)
		return p->role;
	return "";
}

static bool same_nonempty(const char *a, const char *b)
{
	return a && b && *a && strcasecmp(a, b) == 0;
}

/* Checks one pair against history, block list and avoid-same. */
static int pair_ok(const struct rules *r, const struct person *x,
		   const struct person *y, struct err *e)
{
	int64_t lo = x->id < y->id ? x->id : y->id;
	int64_t hi = x->id < y->id ? y->id : x->id;
	for (size_t i = 0; i < r->nblocked; i++)
		if (r->blocked[i].a == lo && r->blocked[i].b == hi)
			return err_set(e, ERR_CONFLICT,
				       N_("%s and %s are on the block list."),
				       x->name, y->name);
	for (size_t i = 0; i < r->nhist; i++) {
		const struct pair_history *h = &r->hist[i];
		if (h->a != lo || h->b != hi)
			continue;
		bool both_missed = h->outcome_a == OUTCOME_MISSED &&
				   h->outcome_b == OUTCOME_MISSED;
		bool aged = r->p->repeat_after > 0 &&
			    r->number - h->round >= r->p->repeat_after;
		if (!(aged || (r->p->allow_missed_repeat && both_missed)))
			return err_set(e, ERR_CONFLICT,
				       N_("%s and %s were grouped in round %d."),
				       x->name, y->name, h->round);
	}
	static const struct {
		unsigned bit;
		const char *name;
	} avoid[] = {{MATCH_ATTR_ORGANISATION, "organisation"},
		     {MATCH_ATTR_SECTOR, "sector"},
		     {MATCH_ATTR_ROLE, "role"}};
	for (size_t i = 0; i < 3; i++)
		if ((r->p->avoid_same & avoid[i].bit) &&
		    same_nonempty(attr_of(x, avoid[i].name),
				  attr_of(y, avoid[i].name)))
			return err_set(e, ERR_CONFLICT,
				       N_("%s and %s share their %s, which this "
				       "programme never allows."),
				       x->name, y->name, avoid[i].name);
	return 0;
}

static int group_ok(const struct rules *r, const int64_t *ids, int n,
		    struct err *e)
{
	const struct person *ps[3];
	if (n < 2 || n > 3)
		return err_set(e, ERR_CONFLICT,
			       N_("A group must have 2 or 3 people."));
	for (int i = 0; i < n; i++)
		if (!(ps[i] = find(r, ids[i])))
			return err_set(e, ERR_NOTFOUND, N_("no such person"));
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (pair_ok(r, ps[i], ps[j], e) < 0)
				return -1;
	if (r->p->mix_attribute && *r->p->mix_attribute &&
	    r->p->mix_values && strchr(r->p->mix_values, ',')) {
		char v1[256], *v2;
		snprintf(v1, sizeof v1, "%s", r->p->mix_values);
		v2 = strchr(v1, ',');
		*v2++ = '\0';
		bool h1 = false, h2 = false;
		for (int i = 0; i < n; i++) {
			const char *v = attr_of(ps[i], r->p->mix_attribute);
			h1 |= strcasecmp(v, v1) == 0;
			h2 |= strcasecmp(v, v2) == 0;
		}
		if (!h1 || !h2)
			return err_set(e, ERR_CONFLICT,
				       N_("Every group must mix %s %s and %s."),
				       r->p->mix_attribute, v1, v2);
	}
	return 0;
}

/* Loads round, people and rules inside a transaction. */
static int load(struct store *st, const struct programme *p, int number,
		struct arena *a, struct rules *r, struct round_detail *rd,
		struct err *e)
{
	memset(r, 0, sizeof *r);
	r->p = p;
	r->number = number;
	if (store_round_detail(st, p->id, number, a, rd, e) < 0)
		return -1;
	if (rd->round.state != ROUND_DRAFT)
		return err_set(e, ERR_CONFLICT,
			       N_("Round %d is published: it can no longer change."),
			       number);
	return store_pair_history(st, p->id, a, &r->hist, &r->nhist, e) < 0 ||
	       store_block_list(st, p->id, a, &r->blocked, &r->nblocked, e) < 0 ||
	       store_person_list(st, p->id, a, &r->people, &r->npeople, e) < 0
		       ? -1 : 0;
}

static int locate(const struct round_detail *rd, int64_t id, size_t *g,
		  int *m)
{
	for (size_t i = 0; i < rd->ngroups; i++)
		for (int k = 0; k < rd->groups[i].n; k++)
			if (rd->groups[i].member[k].person_id == id) {
				*g = i;
				*m = k;
				return 0;
			}
	return -1;
}

static void ids_of(const struct group *g, int64_t out[3])
{
	for (int k = 0; k < g->n; k++)
		out[k] = g->member[k].person_id;
}

/* One change to a draft round's groups: swap a and b, or move person a
 * to group `to`. */
struct round_adjust {
	const struct programme *p;
	int number;
	int64_t a, b;
	int to;
};

static int set_members(struct store *st, const int64_t *ga, int na,
		       int64_t gida, const int64_t *gb, int nb, int64_t gidb,
		       struct err *e)
{
	return store_group_set_members(st, gida, ga, na, e) < 0 ||
		       store_group_set_members(st, gidb, gb, nb, e) < 0
		       ? -1 : 0;
}

static int round_swap(struct app_tx *tx, void *arg, struct err *e)
{
	struct round_adjust *ra = arg;
	int64_t a = ra->a, b = ra->b;
	struct rules r;
	struct round_detail rd;
	size_t ga, gb;
	int ma, mb;
	int64_t ia[3], ib[3];
	if (load(tx->st, ra->p, ra->number, tx->a, &r, &rd, e) < 0)
		return -1;
	if (locate(&rd, a, &ga, &ma) < 0 || locate(&rd, b, &gb, &mb) < 0)
		return err_set(e, ERR_NOTFOUND, N_("Both people must be in this round."));
	if (ga == gb)
		return err_set(e, ERR_CONFLICT,
			       N_("Those two are already in the same group."));
	ids_of(&rd.groups[ga], ia);
	ids_of(&rd.groups[gb], ib);
	ia[ma] = b;
	ib[mb] = a;
	if (group_ok(&r, ia, rd.groups[ga].n, e) < 0 ||
	    group_ok(&r, ib, rd.groups[gb].n, e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "round=%d swap %lld %lld",
				      ra->number, (long long)a, (long long)b);
	return set_members(tx->st, ia, rd.groups[ga].n, rd.groups[ga].id, ib,
			   rd.groups[gb].n, rd.groups[gb].id, e);
}

int app_round_edit_swap(struct store *st, const struct programme *p,
		       int number, int64_t a, int64_t b, const char *actor,
		       struct err *e)
{
	struct round_adjust ra = {p, number, a, b, 0};
	struct app_audit au = {p->id, actor, "round.adjust", NULL};
	return app_tx(st, round_swap, &ra, &au, e);
}

static int round_move(struct app_tx *tx, void *arg, struct err *e)
{
	struct round_adjust *ra = arg;
	int64_t person = ra->a;
	int to = ra->to;
	struct rules r;
	struct round_detail rd;
	size_t gs;
	int ms, ns, nd;
	int64_t is[3], id[4];
	if (load(tx->st, ra->p, ra->number, tx->a, &r, &rd, e) < 0)
		return -1;
	if (locate(&rd, person, &gs, &ms) < 0)
		return err_set(e, ERR_NOTFOUND, N_("That person is not in this round."));
	if (to < 1 || (size_t)to > rd.ngroups)
		return err_field(e, ERR_INVALID, "group", N_("There is no group %d."),
				 to);
	size_t gd = (size_t)to - 1;
	if (gd == gs)
		return err_set(e, ERR_CONFLICT,
			       N_("That person is already in group %d."), to);
	if (rd.groups[gd].n >= 3)
		return err_set(e, ERR_CONFLICT, N_("Group %d is full (3 people)."), to);
	ns = 0;
	for (int k = 0; k < rd.groups[gs].n; k++)
		if (k != ms)
			is[ns++] = rd.groups[gs].member[k].person_id;
	ids_of(&rd.groups[gd], id);
	nd = rd.groups[gd].n;
	id[nd++] = person;
	if (group_ok(&r, is, ns, e) < 0 || group_ok(&r, id, nd, e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "round=%d move %lld to %d",
				      ra->number, (long long)person, to);
	return set_members(tx->st, is, ns, rd.groups[gs].id, id, nd,
			   rd.groups[gd].id, e);
}

int app_round_edit_move(struct store *st, const struct programme *p,
		       int number, int64_t person, int to, const char *actor,
		       struct err *e)
{
	struct round_adjust ra = {p, number, person, 0, to};
	struct app_audit au = {p->id, actor, "round.adjust", NULL};
	return app_tx(st, round_move, &ra, &au, e);
}

size_t app_round_edit_caveats(const struct group *g,
			     const struct person *people, size_t npeople,
			     const char **out, size_t max)
{
	const struct person *ps[3] = {NULL, NULL, NULL};
	bool org = false, sector = false;
	size_t n = 0;
	for (int k = 0; k < g->n; k++)
		for (size_t i = 0; i < npeople; i++)
			if (people[i].id == g->member[k].person_id)
				ps[k] = &people[i];
	for (int i = 0; i < g->n; i++)
		for (int j = i + 1; j < g->n; j++) {
			if (!ps[i] || !ps[j])
				continue;
			org |= same_nonempty(ps[i]->organisation, ps[j]->organisation);
			sector |= same_nonempty(ps[i]->sector, ps[j]->sector);
		}
	if (org && n < max)
		out[n++] = "same organisation";
	if (sector && n < max)
		out[n++] = "same sector";
	if (g->n == 3 && n < max)
		out[n++] = "trio";
	return n;
}

/* ---- the same rules for other callers (the scheduler's refresh) ---- */

struct round_rules {
	struct rules r;
};

int app_round_rules_load(struct store *st, const struct programme *p,
			 int number, struct arena *a, struct round_rules **out,
			 struct err *e)
{
	struct round_rules *rr = arena_calloc(a, 1, sizeof *rr);
	if (!rr)
		return err_set(e, ERR_INTERNAL, "out of memory");
	rr->r.p = p;
	rr->r.number = number;
	if (store_pair_history(st, p->id, a, &rr->r.hist, &rr->r.nhist, e) < 0 ||
	    store_block_list(st, p->id, a, &rr->r.blocked, &rr->r.nblocked, e) < 0 ||
	    store_person_list(st, p->id, a, &rr->r.people, &rr->r.npeople, e) < 0)
		return -1;
	*out = rr;
	return 0;
}

int app_round_rules_check(const struct round_rules *rr, const int64_t *ids,
			  int n, struct err *e)
{
	return group_ok(&rr->r, ids, n, e);
}

int app_round_page(struct store *st, int64_t round_id, size_t offset,
		       size_t limit, struct arena *a, struct group **out,
		       char ***sectors, size_t *n, struct err *e)
{
	return store_dash_round_page(st, round_id, offset, limit, a, out, sectors,
				     n, e);
}

int app_round_unplaced(struct store *st, int64_t round_id, size_t limit,
			   struct arena *a, struct unplaced **out,
			   char ***names, size_t *n, struct err *e)
{
	return store_dash_round_unplaced(st, round_id, limit, a, out, names, n, e);
}

static int round_discard(struct app_tx *tx, void *arg, struct err *e)
{
	struct round_adjust *ra = arg;
	struct round *rs;
	size_t nr;
	bool draft = false;
	if (store_round_list(tx->st, ra->p->id, tx->a, &rs, &nr, e) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++)
		draft |= rs[i].number == ra->number && rs[i].state == ROUND_DRAFT;
	if (!draft)
		return err_set(e, ERR_CONFLICT, N_("Only a draft can be discarded."));
	tx->au->detail = arena_printf(tx->a, "round=%d", ra->number);
	return store_round_delete_draft(tx->st, ra->p->id, e);
}

int app_round_discard(struct store *st, const struct programme *p,
			  int number, const char *actor, struct err *e)
{
	struct round_adjust ra = {.p = p, .number = number};
	struct app_audit au = {p->id, actor, "round.discard", NULL};
	return app_tx(st, round_discard, &ra, &au, e);
}
