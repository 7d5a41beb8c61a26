/* data: see data.h.  Organisations and sectors are numbered in
 * alphabetical order so that colours and legends are deterministic. */
#include "insight/data.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_insight.h"

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Sorted distinct non-empty values of one column, in the arena. */
static const char **intern(struct arena *a, const char **vals, size_t n,
			   size_t *out_n)
{
	const char **u = arena_calloc(a, n ? n : 1, sizeof *u);
	size_t k = 0;
	if (!u)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (vals[i][0])
			u[k++] = vals[i];
	qsort(u, k, sizeof *u, str_cmp);
	size_t w = 0;
	for (size_t i = 0; i < k; i++)
		if (w == 0 || strcmp(u[w - 1], u[i]) != 0)
			u[w++] = u[i];
	*out_n = w;
	return u;
}

static int lookup(const char *const *u, size_t n, const char *v)
{
	if (!v[0])
		return -1;
	const char *const *hit = bsearch(&v, u, n, sizeof *u, str_cmp);
	return hit ? (int)(hit - u) : -1;
}

/* id -> index into r->people (ordered by id): a direct table when the
 * ids are dense (the usual case: one programme's rows), else bisection.
 * A million member rows made the bisection a tenth of `cuppa stats`. */
struct person_ix {
	const struct store_insight_rows *r;
	int64_t lo;
	int *direct;   /* id - lo -> index or -1; NULL: bisect */
	size_t span;
};

static void person_ix_init(struct person_ix *x, const struct store_insight_rows *r,
			   struct arena *a)
{
	memset(x, 0, sizeof *x);
	x->r = r;
	if (!r->npeople)
		return;
	x->lo = r->people[0].id;
	uint64_t span = (uint64_t)(r->people[r->npeople - 1].id - x->lo) + 1;
	if (span > 4 * (uint64_t)r->npeople + 1024)
		return;
	x->direct = arena_calloc(a, (size_t)span, sizeof *x->direct);
	if (!x->direct)
		return;
	x->span = (size_t)span;
	for (size_t k = 0; k < x->span; k++)
		x->direct[k] = -1;
	for (size_t i = 0; i < r->npeople; i++)
		x->direct[r->people[i].id - x->lo] = (int)i;
}

static int person_index(const struct person_ix *x, int64_t id)
{
	const struct store_insight_rows *r = x->r;
	if (x->direct)
		return id >= x->lo && (uint64_t)(id - x->lo) < x->span
			       ? x->direct[id - x->lo] : -1;
	size_t lo = 0, hi = r->npeople;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->people[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->npeople && r->people[lo].id == id ? (int)lo : -1;
}

typedef int rows_fn(struct store *st, int64_t programme_id, struct arena *a,
		    struct store_insight_rows *out, struct err *e);

static int load(struct store *st, int64_t programme_id, bool show_names,
		rows_fn *rows, struct insight_data *d, struct err *e)
{
	struct store_insight_rows r;
	struct arena *a = &d->arena;
	memset(d, 0, sizeof *d);
	arena_init(a, 0);
	d->programme_id = programme_id;
	if (rows(st, programme_id, a, &r, e) < 0)
		goto fail;

	size_t np = r.npeople;
	struct person_ix pix;
	person_ix_init(&pix, &r, a);
	const char **orgv = arena_calloc(a, np ? np : 1, sizeof *orgv);
	const char **secv = arena_calloc(a, np ? np : 1, sizeof *secv);
	struct insight_person *people = arena_calloc(a, np ? np : 1, sizeof *people);
	const char **signups = arena_calloc(a, np ? np : 1, sizeof *signups);
	if (!orgv || !secv || !people || !signups)
		goto nomem;
	for (size_t i = 0; i < np; i++) {
		orgv[i] = r.people[i].organisation;
		secv[i] = r.people[i].sector;
	}
	const char **orgs = intern(a, orgv, np, &d->in.norgs);
	const char **sectors = intern(a, secv, np, &d->in.nsectors);
	if (!orgs || !sectors)
		goto nomem;
	size_t nsign = 0;
	for (size_t i = 0; i < np; i++) {
		const struct store_insight_person *sp = &r.people[i];
		struct insight_person *p = &people[i];
		p->id = sp->id;
		p->org = lookup(orgs, d->in.norgs, sp->organisation);
		p->sector = lookup(sectors, d->in.nsectors, sp->sector);
		p->joined = sp->joined;
		p->label = show_names && sp->show_name && sp->name[0]
				   ? sp->name
				   : arena_printf(a, "P%zu", i + 1);
		if (!p->label)
			goto nomem;
		if (sp->status != PERSON_PENDING)
			signups[nsign++] = sp->joined;
	}

	struct insight_round *rounds =
		arena_calloc(a, r.nrounds ? r.nrounds : 1, sizeof *rounds);
	if (!rounds)
		goto nomem;
	for (size_t i = 0; i < r.nrounds; i++) {
		rounds[i].number = r.rounds[i].number;
		rounds[i].published = arena_strndup(a, r.rounds[i].published_at, 10);
		if (!rounds[i].published)
			goto nomem;
		if (r.rounds[i].number > d->last_round)
			d->last_round = r.rounds[i].number;
	}

	/* Members arrive grouped by group id. */
	struct insight_group *groups =
		arena_calloc(a, r.nmembers ? r.nmembers : 1, sizeof *groups);
	size_t ng = 0;
	if (!groups)
		goto nomem;
	for (size_t i = 0; i < r.nmembers;) {
		struct insight_group *g = &groups[ng];
		int outcomes[3];
		size_t j = i;
		g->round = r.members[i].round;
		g->n = 0;
		for (; j < r.nmembers && r.members[j].group_id == r.members[i].group_id; j++) {
			int idx = person_index(&pix, r.members[j].person_id);
			if (idx < 0 || g->n == 3)
				continue; /* groups are pairs or trios */
			outcomes[g->n] = (int)r.members[j].outcome;
			g->member[g->n++] = idx;
		}
		i = j;
		if (g->n < 2)
			continue; /* a lone member makes no pairing */
		g->status = insight_group_status(outcomes, g->n);
		ng++;
	}

	struct insight_unplaced *unpl =
		arena_calloc(a, r.nunplaced ? r.nunplaced : 1, sizeof *unpl);
	size_t nu = 0;
	if (!unpl)
		goto nomem;
	for (size_t i = 0; i < r.nunplaced; i++) {
		int idx = person_index(&pix, r.unplaced[i].person_id);
		if (idx < 0)
			continue;
		unpl[nu].round = r.unplaced[i].round;
		unpl[nu++].person = idx;
	}

	d->in.people = people;
	d->in.npeople = np;
	d->in.orgs = orgs;
	d->in.sectors = sectors;
	d->in.groups = groups;
	d->in.ngroups = ng;
	d->in.unplaced = unpl;
	d->in.nunplaced = nu;
	d->in.rounds = rounds;
	d->in.nrounds = r.nrounds;
	d->in.signups = signups;
	d->in.nsignups = nsign;
	return 0;
nomem:
	err_set(e, ERR_INTERNAL, "out of memory loading insight data");
fail:
	arena_release(a);
	memset(d, 0, sizeof *d);
	return -1;
}

int insight_data_load(struct store *st, int64_t programme_id, bool show_names,
		      struct insight_data *d, struct err *e)
{
	return load(st, programme_id, show_names, store_insight_rows, d, e);
}

int insight_data_load_cached(struct store *st, int64_t programme_id,
			     struct insight_data *d, struct err *e)
{
	return load(st, programme_id, false, store_insight_rows_cached, d, e);
}

void insight_data_release(struct insight_data *d)
{
	arena_release(&d->arena);
	memset(d, 0, sizeof *d);
}

bool insight_data_has_round(const struct insight_data *d, int r)
{
	for (size_t i = 0; i < d->in.nrounds; i++)
		if (d->in.rounds[i].number == r)
			return true;
	return false;
}
