/* plan: see plan.h. */
#include "core/plan.h"

#include <stdlib.h>
#include <string.h>

#include "core/person.h"
#include "core/programme.h"

/* id -> index among the round's people, by binary search over sorted ids. */
struct id_index {
	int64_t id;
	uint32_t idx;
};

static int id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *)a)->id;
	int64_t y = ((const struct id_index *)b)->id;
	return (x > y) - (x < y);
}

static int64_t find_idx(const struct id_index *ix, size_t n, int64_t id)
{
	struct id_index key = {id, 0};
	const struct id_index *f = bsearch(&key, ix, n, sizeof *ix, id_cmp);
	return f ? (int64_t)f->idx : -1;
}

static bool repeat_allowed(const struct plan_input *pi,
			   const struct pair_history *h, int last_round)
{
	const struct programme *p = pi->programme;
	if (p->allow_missed_repeat && h->outcome_a == OUTCOME_MISSED &&
	    h->outcome_b == OUTCOME_MISSED)
		return true;
	return p->repeat_after > 0 && pi->number - last_round >= p->repeat_after;
}

/* Splits "a;b;c" into trimmed, non-empty topics. */
static const char *const *split_topics(const char *s, struct arena *a,
				       size_t *n)
{
	size_t cap = 0;
	const char **out = NULL;
	*n = 0;
	while (s && *s) {
		size_t len = strcspn(s, ";");
		const char *b = s, *end = s + len;
		while (b < end && *b == ' ')
			b++;
		while (end > b && end[-1] == ' ')
			end--;
		if (end > b) {
			const char **g = arena_grow(a, out, *n, &cap, sizeof *out);
			if (!g)
				return NULL;
			out = g;
			out[(*n)++] = arena_strndup(a, b, (size_t)(end - b));
		}
		s += len + (s[len] == ';');
	}
	return out;
}

static int plan_people(const struct plan_input *pi, struct arena *a,
		       struct plan *out, struct id_index **ix, struct err *e)
{
	struct match_person *mp = arena_calloc(a, pi->npeople + 1, sizeof *mp);
	out->person_id = arena_calloc(a, pi->npeople + 1, sizeof *out->person_id);
	out->who = arena_calloc(a, pi->npeople + 1, sizeof *out->who);
	*ix = arena_calloc(a, pi->npeople + 1, sizeof **ix);
	if (!mp || !out->person_id || !out->who || !*ix)
		return err_set(e, ERR_INTERNAL, "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < pi->npeople; i++) {
		const struct person *p = &pi->people[i];
		if (!person_eligible(p, pi->day))
			continue;
		mp[n].id = p->email;
		mp[n].organisation = p->organisation ? p->organisation : "";
		mp[n].sector = p->sector ? p->sector : "";
		mp[n].role = p->role ? p->role : "";
		mp[n].topics = split_topics(p->topics, a, &mp[n].ntopics);
		out->person_id[n] = p->id;
		out->who[n] = p;
		(*ix)[n] = (struct id_index){p->id, (uint32_t)n};
		n++;
	}
	qsort(*ix, n, sizeof **ix, id_cmp);
	out->in.people = mp;
	out->in.npeople = n;
	return 0;
}

/* Priority for people whose last group fell through or who were left
 * unplaced; trio counts for fairness. */
static void plan_priority(const struct plan_input *pi, struct plan *out,
			  const struct id_index *ix)
{
	struct match_person *mp = (struct match_person *)out->in.people;
	size_t n = out->in.npeople;
	const struct round_detail *last = pi->last;
	if (!last)
		return;
	for (size_t g = 0; g < last->ngroups; g++) {
		const struct group *gr = &last->groups[g];
		bool met = false;
		for (int m = 0; m < gr->n; m++)
			met |= gr->member[m].outcome == OUTCOME_MET;
		for (int m = 0; m < gr->n; m++) {
			int64_t k = find_idx(ix, n, gr->member[m].person_id);
			if (k >= 0 && !met)
				mp[k].priority = 1;
		}
	}
	for (size_t u = 0; u < last->nunplaced; u++) {
		int64_t k = find_idx(ix, n, last->unplaced[u].person_id);
		if (k >= 0)
			mp[k].priority = 1;
	}
}

/* Counts, per person, the rounds in which they were in a trio: a trio
 * shows in the history as three pairs of one round sharing members. */
static void plan_trios(const struct plan_input *pi, struct plan *out,
		       const struct id_index *ix, struct arena *a)
{
	struct match_person *mp = (struct match_person *)out->in.people;
	size_t n = out->in.npeople;
	int *partners = arena_calloc(a, n ? n : 1, sizeof *partners);
	int *round_of = arena_calloc(a, n ? n : 1, sizeof *round_of);
	if (!partners || !round_of)
		return;
	for (size_t i = 0; i < pi->nhistory; i++) {
		const struct pair_history *h = &pi->history[i];
		int64_t ends[2] = {find_idx(ix, n, h->a), find_idx(ix, n, h->b)};
		for (int k = 0; k < 2; k++) {
			int64_t x = ends[k];
			if (x < 0)
				continue;
			if (round_of[x] != h->round) {
				round_of[x] = h->round;
				partners[x] = 0;
			}
			/* The second partner in one round means a trio. */
			if (++partners[x] == 2)
				mp[x].trios++;
		}
	}
}

/* Newest first within each pair, so the first row of a pair is its
 * latest meeting. */
static int hist_cmp(const void *x, const void *y)
{
	const struct pair_history *a = x, *b = y;
	if (a->a != b->a)
		return (a->a > b->a) - (a->a < b->a);
	if (a->b != b->b)
		return (a->b > b->b) - (a->b < b->b);
	return (b->round > a->round) - (b->round < a->round);
}

static int plan_pairs(const struct plan_input *pi, struct plan *out,
		      const struct id_index *ix, struct arena *a,
		      struct err *e)
{
	size_t n = out->in.npeople, nh = 0, nb = 0;
	struct match_pair *hist = arena_calloc(a, pi->nhistory + 1, sizeof *hist);
	struct match_pair *blk = arena_calloc(a, pi->nblocked + 1, sizeof *blk);
	struct pair_history *sorted = arena_calloc(a, pi->nhistory + 1,
						   sizeof *sorted);
	if (!hist || !blk || !sorted)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (pi->nhistory)
		memcpy(sorted, pi->history, pi->nhistory * sizeof *sorted);
	qsort(sorted, pi->nhistory, sizeof *sorted, hist_cmp);
	for (size_t i = 0; i < pi->nhistory; i++) {
		const struct pair_history *h = &sorted[i];
		int64_t x, y;
		if (i > 0 && sorted[i - 1].a == h->a && sorted[i - 1].b == h->b)
			continue; /* only the latest meeting of a pair decides */
		x = find_idx(ix, n, h->a);
		y = find_idx(ix, n, h->b);
		if (x < 0 || y < 0 || repeat_allowed(pi, h, h->round))
			continue;
		hist[nh++] = (struct match_pair){(uint32_t)x, (uint32_t)y};
	}
	for (size_t i = 0; i < pi->nblocked; i++) {
		int64_t x = find_idx(ix, n, pi->blocked[i].a);
		int64_t y = find_idx(ix, n, pi->blocked[i].b);
		if (x >= 0 && y >= 0)
			blk[nb++] = (struct match_pair){(uint32_t)x, (uint32_t)y};
	}
	out->in.history = hist;
	out->in.nhistory = nh;
	out->in.blocked = blk;
	out->in.nblocked = nb;
	return 0;
}

/* The weave goal: the organisation (sector) pairs of everyone ever
 * grouped in the programme's published rounds, named as the people's
 * current records name them (people who left included). */
static int plan_met(const struct plan_input *pi, struct plan *out,
		    struct arena *a, struct err *e)
{
	const struct match_weights *w = &out->in.weights;
	if (!w->new_connection && !w->new_sector_connection)
		return 0;
	struct id_index *all = arena_calloc(a, pi->npeople + 1, sizeof *all);
	struct match_names *org = arena_calloc(a, pi->nhistory + 1, sizeof *org);
	struct match_names *sec = arena_calloc(a, pi->nhistory + 1, sizeof *sec);
	size_t no = 0, ns = 0;
	if (!all || !org || !sec)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t i = 0; i < pi->npeople; i++)
		all[i] = (struct id_index){pi->people[i].id, (uint32_t)i};
	qsort(all, pi->npeople, sizeof *all, id_cmp);
	for (size_t i = 0; i < pi->nhistory; i++) {
		int64_t x = find_idx(all, pi->npeople, pi->history[i].a);
		int64_t y = find_idx(all, pi->npeople, pi->history[i].b);
		if (x < 0 || y < 0)
			continue;
		const struct person *pa = &pi->people[x], *pb = &pi->people[y];
		if (pa->organisation && pb->organisation)
			org[no++] = (struct match_names){pa->organisation,
							 pb->organisation};
		if (pa->sector && pb->sector)
			sec[ns++] = (struct match_names){pa->sector, pb->sector};
	}
	out->in.met_organisations = org;
	out->in.nmet_organisations = no;
	out->in.met_sectors = sec;
	out->in.nmet_sectors = ns;
	return 0;
}

/* Each person's challenges, copied from pi->challenges (ordered by
 * person then challenge, so every list is ascending). */
static int plan_challenges(const struct plan_input *pi, struct plan *out,
			   const struct id_index *ix, struct arena *a,
			   struct err *e)
{
	struct match_person *mp = (struct match_person *)out->in.people;
	for (size_t i = 0; i < pi->nchallenges;) {
		size_t j = i;
		while (j < pi->nchallenges &&
		       pi->challenges[j].person_id == pi->challenges[i].person_id)
			j++;
		int64_t k = find_idx(ix, out->in.npeople, pi->challenges[i].person_id);
		if (k >= 0) {
			int64_t *ids = arena_calloc(a, j - i, sizeof *ids);
			if (!ids)
				return err_set(e, ERR_INTERNAL, "out of memory");
			for (size_t x = i; x < j; x++)
				ids[x - i] = pi->challenges[x].challenge_id;
			mp[k].challenges = ids;
			mp[k].nchallenges = j - i;
		}
		i = j;
	}
	return 0;
}

int plan_build(const struct plan_input *pi, struct arena *a, struct plan *out,
	       struct err *e)
{
	const struct programme *p = pi->programme;
	struct id_index *ix = NULL;
	memset(out, 0, sizeof *out);
	out->in.seed = pi->seed;
	out->in.group_size = p->group_size;
	out->in.avoid_same = p->avoid_same;
	if (programme_weights(p, &out->in.weights, e) < 0)
		return -1;
	if (p->mix_attribute && *p->mix_attribute) {
		const char *v = p->mix_values;
		size_t k = strcspn(v, ",");
		out->in.mix_attr = (enum match_attr)programme_attr_parse(p->mix_attribute);
		out->in.mix_values[0] = arena_strndup(a, v, k);
		out->in.mix_values[1] = arena_strdup(a, v[k] ? v + k + 1 : "");
	}
	if (plan_people(pi, a, out, &ix, e) < 0 ||
	    plan_pairs(pi, out, ix, a, e) < 0 || plan_met(pi, out, a, e) < 0)
		return -1;
	plan_priority(pi, out, ix);
	plan_trios(pi, out, ix, a);
	if (plan_challenges(pi, out, ix, a, e) < 0)
		return -1;
	return 0;
}

int plan_result(const struct plan *pl,
		const struct match_result *res, struct arena *a,
		struct group **groups, size_t *ngroups,
		struct unplaced **unplaced, size_t *nunplaced, struct err *e)
{
	*groups = arena_calloc(a, res->ngroups + 1, sizeof **groups);
	*unplaced = arena_calloc(a, res->nunplaced + 1, sizeof **unplaced);
	if (!*groups || !*unplaced)
		return err_set(e, ERR_INTERNAL, "out of memory");
	for (size_t g = 0; g < res->ngroups; g++) {
		struct group *out = &(*groups)[g];
		out->n = res->groups[g].n;
		for (int m = 0; m < out->n; m++) {
			const struct person *p = pl->who[res->groups[g].member[m]];
			out->member[m].person_id = p->id;
			out->member[m].email = p->email;
			out->member[m].name = p->name;
			out->member[m].organisation = p->organisation;
			out->member[m].comment = "";
		}
	}
	for (size_t u = 0; u < res->nunplaced; u++) {
		const struct person *p = pl->who[res->unplaced[u].person];
		(*unplaced)[u].person_id = p->id;
		(*unplaced)[u].email = p->email;
		(*unplaced)[u].reason = arena_strdup(a, res->unplaced[u].reason);
		(*unplaced)[u].code = arena_strdup(a, res->unplaced[u].code);
	}
	*ngroups = res->ngroups;
	*nunplaced = res->nunplaced;
	return 0;
}
