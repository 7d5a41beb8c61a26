/*
 * event: session schedules (see event.h for the contract and methods).
 * Everything is sized by the number of people in one room (at most
 * EVENT_MAX_PEOPLE), so a bit matrix of who has met whom is cheap.
 */
#include "match/event.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "match/match_impl.h"

#define EVENT_MAX_PEOPLE 10000
#define EVENT_MAX_ROUNDS 1000

#define COST_REPEAT 1000
#define COST_UNMIXED 300
#define COST_SAME_ORG 1

struct ev {
	const struct event_input *in;
	uint32_t n;
	uint64_t *met;      /* n*n bits */
	uint32_t *org;      /* small ids, 0 = unknown */
	int8_t *mixv;       /* -1, 0, 1 */
	uint64_t rng;
	/* search state for one round */
	uint32_t ng;
	uint32_t *gsize, *gstart, *mem, *grp, *pos;
};

static inline bool ev_met(const struct ev *v, uint32_t a, uint32_t b)
{
	uint64_t bit = (uint64_t)a * v->n + b;
	return (v->met[bit >> 6] >> (bit & 63)) & 1;
}

static inline void ev_mark(struct ev *v, uint32_t a, uint32_t b)
{
	uint64_t x = (uint64_t)a * v->n + b, y = (uint64_t)b * v->n + a;
	v->met[x >> 6] |= 1ull << (x & 63);
	v->met[y >> 6] |= 1ull << (y & 63);
}

static const char *attr_of(const struct event_person *p, enum match_attr a)
{
	switch (a) {
	case MATCH_ATTR_ORGANISATION: return p->organisation;
	case MATCH_ATTR_SECTOR: return p->sector;
	case MATCH_ATTR_ROLE: return p->role;
	}
	return NULL;
}

/* Cost of the members list (sz people), see the COST_ weights. */
static int64_t group_cost(const struct ev *v, const uint32_t *m, uint32_t sz)
{
	int64_t c = 0;
	bool has[2] = { false, false };
	for (uint32_t a = 0; a < sz; a++) {
		if (v->mixv[m[a]] >= 0)
			has[v->mixv[m[a]]] = true;
		for (uint32_t b = a + 1; b < sz; b++) {
			if (ev_met(v, m[a], m[b]))
				c += COST_REPEAT;
			if (v->org[m[a]] && v->org[m[a]] == v->org[m[b]])
				c += COST_SAME_ORG;
		}
	}
	if (v->in->mix_attr)
		c += COST_UNMIXED * (!has[0] + !has[1]);
	return c;
}

static int64_t cost_of(const struct ev *v, uint32_t g)
{
	return group_cost(v, v->mem + v->gstart[g], v->gsize[g]);
}

/* Cost of group g with member at slot s replaced by person x. */
static int64_t cost_with(const struct ev *v, uint32_t g, uint32_t s,
			 uint32_t x)
{
	uint32_t tmp[64];
	uint32_t sz = v->gsize[g];
	memcpy(tmp, v->mem + v->gstart[g], sz * sizeof *tmp);
	tmp[s] = x;
	return group_cost(v, tmp, sz);
}

static void do_swap(struct ev *v, uint32_t i, uint32_t j)
{
	uint32_t gi = v->grp[i], gj = v->grp[j];
	uint32_t pi = v->pos[i], pj = v->pos[j];
	v->mem[v->gstart[gi] + pi] = j;
	v->mem[v->gstart[gj] + pj] = i;
	v->grp[i] = gj;
	v->pos[i] = pj;
	v->grp[j] = gi;
	v->pos[j] = pi;
}

/* One round by min-conflicts search over swaps; leaves the best found
 * in mem/grp. */
static void search_round(struct ev *v, uint32_t *best_grp)
{
	uint32_t n = v->n, ng = v->ng;
	int64_t best_total = INT64_MAX;
	for (int restart = 0; restart < 4; restart++) {
		/* seeded random fill */
		uint32_t *perm = v->pos; /* reuse as scratch first */
		for (uint32_t i = 0; i < n; i++)
			perm[i] = i;
		mrand_shuffle(&v->rng, perm, n);
		for (uint32_t k = 0; k < n; k++)
			v->mem[k] = perm[k];
		for (uint32_t g = 0; g < ng; g++)
			for (uint32_t s = 0; s < v->gsize[g]; s++) {
				uint32_t x = v->mem[v->gstart[g] + s];
				v->grp[x] = g;
				v->pos[x] = s;
			}
		int64_t total = 0;
		for (uint32_t g = 0; g < ng; g++)
			total += cost_of(v, g);
		uint64_t maxit = 400ull * n + 20000, idle = 0;
		int64_t low = total;
		if (maxit > 300000000ull / n)
			maxit = 300000000ull / n; /* bound the work for big rooms */
		for (uint64_t it = 0; it < maxit && ng > 1; it++) {
			uint32_t i = mrand_below(&v->rng, n);
			uint32_t gi = v->grp[i];
			int64_t ci = cost_of(v, gi);
			if (ci < COST_UNMIXED && (mrand_next(&v->rng) & 7))
				continue; /* focus on groups with hard trouble */
			int64_t bd = INT64_MAX;
			uint32_t bj = UINT32_MAX, nties = 0;
			for (uint32_t j = 0; j < n; j++) {
				uint32_t gj = v->grp[j];
				if (gj == gi)
					continue;
				int64_t d = cost_with(v, gi, v->pos[i], j) +
					    cost_with(v, gj, v->pos[j], i) - ci -
					    cost_of(v, gj);
				if (d < bd) {
					bd = d;
					bj = j;
					nties = 1;
				} else if (d == bd && mrand_below(&v->rng, ++nties) == 0) {
					bj = j;
				}
			}
			if (bj == UINT32_MAX)
				break;
			if (bd < 0 || (bd == 0 && (mrand_next(&v->rng) & 1)) ||
			    (bd > 0 && bd < COST_REPEAT && mrand_below(&v->rng, 100) < 2)) {
				do_swap(v, i, bj);
				total += bd;
			}
			if (total < low) {
				low = total;
				idle = 0;
			} else if (++idle > 4ull * n + 500) {
				break; /* no progress for a while */
			}
		}
		if (total < best_total) {
			best_total = total;
			memcpy(best_grp, v->grp, n * sizeof *best_grp);
		}
		if (best_total < COST_UNMIXED)
			break;
	}
}

static int32_t *round_row(struct event_plan *p, int r)
{
	return p->table + (size_t)r * p->npeople;
}

/* Places the odd person x into the group of round row that costs least. */
static void place_odd(struct ev *v, int32_t *row, int32_t ng, uint32_t x)
{
	int64_t best = INT64_MAX;
	int32_t bg = 0;
	for (int32_t g = 0; g < ng; g++) {
		int64_t c = 0;
		for (uint32_t i = 0; i < v->n; i++)
			if (row[i] == g) {
				if (ev_met(v, x, i))
					c += COST_REPEAT;
				if (v->org[x] && v->org[x] == v->org[i])
					c += COST_SAME_ORG;
			}
		if (c < best) {
			best = c;
			bg = g;
		}
	}
	row[x] = bg;
}

static void mark_round(struct ev *v, const int32_t *row)
{
	for (uint32_t a = 0; a < v->n; a++)
		for (uint32_t b = a + 1; b < v->n; b++)
			if (row[a] >= 0 && row[a] == row[b])
				ev_mark(v, a, b);
}


/* Soft part of a group's cost: same-organisation pairs, missing mix
 * values (repeats are counted across rounds by global_repair). */
static int64_t group_soft(const struct ev *v, const uint32_t *m, uint32_t sz)
{
	int64_t c = 0;
	bool has[2] = { false, false };
	for (uint32_t a = 0; a < sz; a++) {
		if (v->mixv[m[a]] >= 0)
			has[v->mixv[m[a]]] = true;
		for (uint32_t b = a + 1; b < sz; b++)
			if (v->org[m[a]] && v->org[m[a]] == v->org[m[b]])
				c += COST_SAME_ORG;
	}
	if (v->in->mix_attr)
		c += COST_UNMIXED * (!has[0] + !has[1]);
	return c;
}

static int64_t soft_with(const struct ev *v, const uint32_t *m, uint32_t sz,
			 uint32_t s, uint32_t x)
{
	uint32_t tmp[64];
	memcpy(tmp, m, sz * sizeof *tmp);
	tmp[s] = x;
	return group_soft(v, tmp, sz);
}

/* Relabels row's groups to the layout in v (group g has gsize[g]
 * members): constructions number their groups freely.  false when the
 * row's group sizes are not the layout's (then it is left alone). */
static bool fit_layout(const struct ev *v, int32_t *row, int32_t ngroups)
{
	uint32_t n = v->n, ng = v->ng;
	if ((uint32_t)ngroups != ng)
		return false;
	uint32_t *size = calloc(ng, sizeof *size);
	int32_t *to = malloc(ng * sizeof *to);
	uint8_t *taken = calloc(ng, 1);
	bool ok = size && to && taken;
	for (uint32_t i = 0; ok && i < n; i++) {
		if (row[i] < 0 || (uint32_t)row[i] >= ng)
			ok = false;
		else
			size[row[i]]++;
	}
	for (uint32_t g = 0; ok && g < ng; g++) {
		uint32_t t = 0;
		while (t < ng && (taken[t] || v->gsize[t] != size[g]))
			t++;
		if (t == ng)
			ok = false;
		else
			taken[t] = 1, to[g] = (int32_t)t;
	}
	for (uint32_t i = 0; ok && i < n; i++)
		row[i] = to[row[i]];
	free(size);
	free(to);
	free(taken);
	return ok;
}

/* Whole-schedule tabu search over the rounds [first, R) (Dotu and Van
 * Hentenryck 2005, for the social golfer problem): swaps two people of
 * one round between groups, lexicographically lowering repeated meetings
 * first, then colleagues sharing a table and groups missing a mix value.
 * It keeps going (with random kicks when stuck) until no repeat and no
 * colleague is left or its work budget is spent, and keeps the best
 * schedule seen, so it never makes a plan worse. */
static void polish(struct ev *v, struct event_plan *p, int first)
{
	uint32_t n = v->n, ng = v->ng;
	int R = p->nrounds, nr = R - first;
	if (nr < 1 || n > 2000 || ng < 2)
		return;
	for (int r = first; r < R; r++)
		if (!fit_layout(v, round_row(p, r), p->ngroups[r]))
			return;
	uint8_t *cnt = calloc((size_t)n * n, 1);
	uint32_t *mem = malloc((size_t)nr * n * sizeof *mem);
	uint32_t *grp = malloc((size_t)nr * n * sizeof *grp);
	uint32_t *pos = malloc((size_t)nr * n * sizeof *pos);
	uint32_t *bestgrp = malloc((size_t)nr * n * sizeof *bestgrp);
	uint64_t *tabu = calloc((size_t)nr * n, sizeof *tabu);
	if (!cnt || !mem || !grp || !pos || !bestgrp || !tabu)
		goto done;
	/* counts over every round, kept ones included */
	for (int r = 0; r < R; r++) {
		const int32_t *row = round_row(p, r);
		for (uint32_t a = 0; a < n; a++)
			for (uint32_t b = a + 1; b < n; b++)
				if (row[a] >= 0 && row[a] == row[b] &&
				    cnt[(size_t)a * n + b] < 255) {
					cnt[(size_t)a * n + b]++;
					cnt[(size_t)b * n + a]++;
				}
	}
	for (int r = 0; r < nr; r++) {
		const int32_t *row = round_row(p, first + r);
		uint32_t *fill = pos + (size_t)r * n; /* scratch */
		for (uint32_t g = 0; g < ng; g++)
			fill[g] = 0;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t g = (uint32_t)row[i];
			grp[(size_t)r * n + i] = g;
			mem[(size_t)r * n + v->gstart[g] + fill[g]++] = i;
		}
		for (uint32_t g = 0; g < ng; g++)
			for (uint32_t s2 = 0; s2 < v->gsize[g]; s2++)
				pos[(size_t)r * n + mem[(size_t)r * n + v->gstart[g] + s2]] = s2;
	}
	int64_t conflicts = 0, soft = 0;
	for (size_t x = 0; x < (size_t)n * n; x++)
		conflicts += cnt[x] > 1 ? cnt[x] - 1 : 0;
	conflicts /= 2;
	for (int r = 0; r < nr; r++)
		for (uint32_t g = 0; g < ng; g++)
			soft += group_soft(v, mem + (size_t)r * n + v->gstart[g],
					   v->gsize[g]);
	int64_t best_c = conflicts, best_s = soft;
	memcpy(bestgrp, grp, (size_t)nr * n * sizeof *bestgrp);
	/* Budget: enough for rooms of a few hundred (well under a second
	 * in the plain build); once no repeat is left, colleagues get a
	 * few kicks' worth more, as a perfect split may not exist at all. */
	uint64_t work = 0, worklimit = 100000000ull, since_best = 0, kicks = 0;
	for (uint64_t it = 0; (conflicts > 0 || soft > 0) && work < worklimit; it++) {
		/* best move over every person in trouble in every round */
		int64_t bd = INT64_MAX;
		uint32_t bi = 0, bj = UINT32_MAX, nties = 0;
		int br = 0;
		for (int r = 0; r < nr; r++) {
			uint32_t *M = mem + (size_t)r * n, *G = grp + (size_t)r * n,
				 *P = pos + (size_t)r * n;
			uint64_t *T = tabu + (size_t)r * n;
			for (uint32_t i = 0; i < n; i++) {
				uint32_t gi = G[i];
				const uint32_t *A = M + v->gstart[gi];
				uint32_t sa = v->gsize[gi];
				int64_t softA = group_soft(v, A, sa);
				bool bad = softA > 0;
				for (uint32_t x = 0; x < sa && !bad; x++)
					if (A[x] != i && cnt[(size_t)i * n + A[x]] > 1)
						bad = true;
				if (!bad)
					continue;
				for (uint32_t j = 0; j < n; j++) {
					uint32_t gj = G[j];
					if (gj == gi)
						continue;
					const uint32_t *B = M + v->gstart[gj];
					uint32_t sb = v->gsize[gj];
					int64_t d = 0;
					work += sa + sb;
					for (uint32_t x = 0; x < sa; x++) {
						uint32_t y = A[x];
						if (y == i)
							continue;
						d -= cnt[(size_t)i * n + y] > 1;
						d += cnt[(size_t)j * n + y] > 0;
					}
					for (uint32_t x = 0; x < sb; x++) {
						uint32_t y = B[x];
						if (y == j)
							continue;
						d -= cnt[(size_t)j * n + y] > 1;
						d += cnt[(size_t)i * n + y] > 0;
					}
					int64_t ds = soft_with(v, A, sa, P[i], j) +
						     soft_with(v, B, sb, P[j], i) - softA -
						     group_soft(v, B, sb);
					bool aspire = conflicts + d < best_c ||
						      (conflicts + d == best_c &&
						       soft + ds < best_s);
					if ((T[i] > it || T[j] > it) && !aspire)
						continue;
					d = d * COST_REPEAT + ds;
					if (d < bd) {
						bd = d;
						bi = i;
						bj = j;
						br = r;
						nties = 1;
					} else if (d == bd &&
						   mrand_below(&v->rng, ++nties) == 0) {
						bi = i;
						bj = j;
						br = r;
					}
				}
			}
		}
		if (bj == UINT32_MAX)
			continue; /* everything tabu this iteration */
		if (++since_best > 100u + 4u * n) {
			/* stuck: a random swap in a random round (a kick) */
			br = (int)mrand_below(&v->rng, (uint64_t)nr);
			bi = mrand_below(&v->rng, n);
			bj = mrand_below(&v->rng, n);
			if (grp[(size_t)br * n + bi] == grp[(size_t)br * n + bj])
				continue;
			since_best = 0;
			if (best_c == 0 && ++kicks > 3)
				break;
		}
		int r = br;
		uint32_t i = bi;
		uint32_t *M = mem + (size_t)r * n, *G = grp + (size_t)r * n,
			 *P = pos + (size_t)r * n;
		uint64_t *T = tabu + (size_t)r * n;
		uint32_t gi = G[i], sa = v->gsize[gi];
		/* apply: update counts and the soft cost, then positions */
		uint32_t j = bj, gj = G[j];
		uint32_t *Am = M + v->gstart[gi], *Bm = M + v->gstart[gj];
		uint32_t sb = v->gsize[gj];
		soft -= group_soft(v, Am, sa) + group_soft(v, Bm, sb);
		for (uint32_t x = 0; x < sa; x++) {
			uint32_t y = Am[x];
			if (y == i)
				continue;
			conflicts -= cnt[(size_t)i * n + y] > 1;
			cnt[(size_t)i * n + y]--;
			cnt[(size_t)y * n + i]--;
			conflicts += cnt[(size_t)j * n + y] > 0;
			cnt[(size_t)j * n + y]++;
			cnt[(size_t)y * n + j]++;
		}
		for (uint32_t x = 0; x < sb; x++) {
			uint32_t y = Bm[x];
			if (y == j)
				continue;
			conflicts -= cnt[(size_t)j * n + y] > 1;
			cnt[(size_t)j * n + y]--;
			cnt[(size_t)y * n + j]--;
			conflicts += cnt[(size_t)i * n + y] > 0;
			cnt[(size_t)i * n + y]++;
			cnt[(size_t)y * n + i]++;
		}
		T[i] = T[j] = it + 5 + mrand_below(&v->rng, 10);
		uint32_t pi = P[i], pj = P[j];
		Am[pi] = j;
		Bm[pj] = i;
		G[i] = gj;
		G[j] = gi;
		P[i] = pj;
		P[j] = pi;
		soft += group_soft(v, Am, sa) + group_soft(v, Bm, sb);
		if (conflicts < best_c || (conflicts == best_c && soft < best_s)) {
			best_c = conflicts;
			best_s = soft;
			since_best = 0;
			kicks = 0;
			memcpy(bestgrp, grp, (size_t)nr * n * sizeof *bestgrp);
		}
	}
	for (int r = 0; r < nr; r++) {
		int32_t *row = round_row(p, first + r);
		for (uint32_t i = 0; i < n; i++)
			row[i] = (int32_t)bestgrp[(size_t)r * n + i];
	}
done:
	free(cnt);
	free(mem);
	free(grp);
	free(pos);
	free(bestgrp);
	free(tabu);
}


/* A partial line spread of GF(2)^m: up to want 2-dimensional subspaces
 * {0, a, b, a^b} pairwise meeting only in 0, found by seeded depth-first
 * search.  Cosets of one subspace are a round of groups of four on 2^m
 * people; two people x, y meet in that round iff x^y lies in it, so
 * subspaces sharing no nonzero vector give rounds without a repeat (at
 * most (2^m - 1) / 3 of them; 9 for 32 people).  Fills ab[2*r], returns
 * how many were found. */
static int spread_dfs(uint32_t N, uint8_t *used, uint32_t *ab, int depth,
		      int want, uint64_t *rng, uint64_t *budget)
{
	if (depth == want)
		return depth;
	uint32_t a = 1;
	while (a < N && used[a])
		a++; /* the smallest unused vector must be covered next or never */
	int best = depth;
	uint32_t start = mrand_below(rng, N);
	for (int pass = 0; pass < 2 && a < N; pass++) {
		for (uint32_t t = 0; t < N && *budget; t++) {
			(*budget)--;
			uint32_t b = (start + t) % N;
			if (b == 0 || b == a || used[b] || used[a ^ b] || (a ^ b) == 0)
				continue;
			used[a] = used[b] = used[a ^ b] = 1;
			ab[2 * depth] = a;
			ab[2 * depth + 1] = b;
			int got = spread_dfs(N, used, ab, depth + 1, want, rng, budget);
			used[a] = used[b] = used[a ^ b] = 0;
			if (got == want)
				return got;
			if (got > best)
				best = got;
		}
		/* leave a uncovered and try the next vector */
		if (!*budget)
			break;
		(*budget)--;
		used[a] = 2;
		int got = spread_dfs(N, used, ab, depth, want, rng, budget);
		used[a] = 0;
		if (got == want)
			return got;
		break;
	}
	return best;
}

static bool is_prime(int q)
{
	if (q < 2)
		return false;
	for (int d = 2; d * d <= q; d++)
		if (q % d == 0)
			return false;
	return true;
}

int event_plan_make(const struct event_input *in, struct event_plan *plan,
		    struct err *e)
{
	struct ev v = { .in = in };
	uint32_t *best = NULL, *perm = NULL;
	int ret = -1;

	memset(plan, 0, sizeof *plan);
	if (in->npeople < 2)
		return err_field(e, ERR_INVALID, "people", "needs at least two people");
	if (in->npeople > EVENT_MAX_PEOPLE)
		return err_field(e, ERR_INVALID, "people", "at most %d people",
				 EVENT_MAX_PEOPLE);
	if (in->group_size < 2 || in->group_size > 32 ||
	    (size_t)in->group_size > in->npeople)
		return err_field(e, ERR_INVALID, "group-size",
				 "must be from 2 to 32 and at most the number of people");
	if (in->rounds < 1 || in->rounds > EVENT_MAX_ROUNDS)
		return err_field(e, ERR_INVALID, "rounds", "must be from 1 to %d",
				 EVENT_MAX_ROUNDS);
	if (in->nkept < 0 || in->nkept > in->rounds)
		return err_field(e, ERR_INVALID, "add-to",
				 "the plan already has more rounds than asked for");
	if (in->mix_attr && (!in->mix_values[0] || !in->mix_values[1] ||
			     strcmp(in->mix_values[0], in->mix_values[1]) == 0))
		return err_field(e, ERR_INVALID, "mix", "needs two different values");

	uint32_t n = (uint32_t)in->npeople, k = (uint32_t)in->group_size;
	v.n = n;
	v.rng = in->seed ^ 0xE7E47ull;
	plan->npeople = n;
	plan->nrounds = in->rounds;
	plan->table = malloc((size_t)in->rounds * n * sizeof *plan->table);
	plan->ngroups = calloc((size_t)in->rounds, sizeof *plan->ngroups);
	v.met = calloc(((size_t)n * n + 63) / 64, sizeof *v.met);
	v.org = calloc(n, sizeof *v.org);
	v.mixv = malloc(n);
	v.gsize = calloc(n + 1, sizeof *v.gsize);
	v.gstart = calloc(n + 1, sizeof *v.gstart);
	v.mem = calloc(n, sizeof *v.mem);
	v.grp = calloc(n, sizeof *v.grp);
	v.pos = calloc(n, sizeof *v.pos);
	best = calloc(n, sizeof *best);
	perm = calloc(n + 1, sizeof *perm);
	if (!plan->table || !plan->ngroups || !v.met || !v.org || !v.mixv ||
	    !v.gsize || !v.gstart || !v.mem || !v.grp || !v.pos || !best || !perm) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	/* organisations as small ids (quadratic, fine for a room) */
	for (uint32_t i = 0; i < n; i++) {
		const char *o = in->people[i].organisation;
		v.mixv[i] = -1;
		if (in->mix_attr) {
			const char *a = attr_of(&in->people[i], in->mix_attr);
			if (a && strcmp(a, in->mix_values[0]) == 0)
				v.mixv[i] = 0;
			else if (a && strcmp(a, in->mix_values[1]) == 0)
				v.mixv[i] = 1;
		}
		if (!o || !*o)
			continue;
		v.org[i] = i + 1;
		for (uint32_t j = 0; j < i; j++)
			if (in->people[j].organisation &&
			    strcmp(in->people[j].organisation, o) == 0) {
				v.org[i] = v.org[j];
				break;
			}
	}
	/* kept rounds */
	for (int r = 0; r < in->nkept; r++) {
		int32_t *row = round_row(plan, r);
		int32_t mg = 0;
		for (uint32_t i = 0; i < n; i++) {
			row[i] = in->kept[r][i];
			if (row[i] >= mg)
				mg = row[i] + 1;
		}
		plan->ngroups[r] = mg;
		mark_round(&v, row);
	}
	for (uint32_t i = 0; i < n; i++)
		perm[i] = i;
	mrand_shuffle(&v.rng, perm, n);

	int r = in->nkept;
	plan->method = "search";
	if (k == 2 && !in->mix_attr && in->nkept == 0) {
		/* circle method: position m-1 fixed, the others rotate */
		uint32_t m = n + (n & 1);
		plan->method = "circle";
		for (; r < in->rounds && (uint32_t)r < m - 1; r++) {
			int32_t *row = round_row(plan, r);
			int32_t g = 0;
			uint32_t odd = UINT32_MAX;
			for (uint32_t i = 0; i < n; i++)
				row[i] = -1;
			for (uint32_t i = 0; i < m / 2; i++) {
				uint32_t pa, pb;
				if (i == 0) {
					pa = m - 1;
					pb = (uint32_t)r;
				} else {
					pa = ((uint32_t)r + i) % (m - 1);
					pb = ((uint32_t)r + (m - 1) - i) % (m - 1);
				}
				if (pa >= n || pb >= n) {
					odd = pa >= n ? perm[pb] : perm[pa];
					continue;
				}
				row[perm[pa]] = row[perm[pb]] = g++;
			}
			plan->ngroups[r] = g;
			if (odd != UINT32_MAX)
				place_odd(&v, row, g, odd);
			mark_round(&v, row);
		}
	} else if (!in->mix_attr && in->nkept == 0 && is_prime((int)k) &&
		   n == k * k && (uint32_t)in->rounds <= k + 1) {
		/* affine plane AG(2,q): point x*q+y is person perm[x*q+y] */
		uint32_t q = k;
		plan->method = "affine";
		for (; r < in->rounds; r++) {
			int32_t *row = round_row(plan, r);
			for (uint32_t x = 0; x < q; x++)
				for (uint32_t y = 0; y < q; y++) {
					uint32_t who = perm[x * q + y];
					if ((uint32_t)r < q) /* y = r x + b: group b */
						row[who] = (int32_t)((y + q * q - (uint32_t)r * x % q) % q);
					else                 /* x = c: group c */
						row[who] = (int32_t)x;
				}
			plan->ngroups[r] = (int32_t)q;
			mark_round(&v, row);
		}
	}
	else if (!in->mix_attr && in->nkept == 0 && k == 4 && n >= 16 &&
		 n <= 4096 && (n & (n - 1)) == 0) {
		/* groups of four among 2^m people: cosets of a partial line
		 * spread of GF(2)^m (point i is person perm[i]) */
		uint32_t *ab = calloc(2 * (size_t)in->rounds + 2, sizeof *ab);
		uint8_t *used = calloc(n, 1);
		int32_t *gid = malloc(n * sizeof *gid);
		int got = 0;
		if (ab && used && gid) {
			/* ask for fewer rounds until a spread is found; ab holds
			 * a consistent spread only when the search reached want */
			int want = in->rounds;
			if ((uint32_t)want > (n - 1) / 3)
				want = (int)((n - 1) / 3);
			for (; want > 0; want--) {
				uint64_t budget = 300000;
				memset(used, 0, n);
				if (spread_dfs(n, used, ab, 0, want, &v.rng, &budget) == want)
					break;
			}
			got = want;
		}
		for (int s2 = 0; s2 < got && r < in->rounds; s2++, r++) {
			int32_t *row = round_row(plan, r);
			uint32_t a = ab[2 * s2], b = ab[2 * s2 + 1];
			int32_t next = 0;
			for (uint32_t x = 0; x < n; x++)
				gid[x] = -1;
			for (uint32_t x = 0; x < n; x++) {
				uint32_t rep = x;
				if ((x ^ a) < rep) rep = x ^ a;
				if ((x ^ b) < rep) rep = x ^ b;
				if ((x ^ a ^ b) < rep) rep = x ^ a ^ b;
				if (gid[rep] < 0)
					gid[rep] = next++;
				row[perm[x]] = gid[rep];
			}
			plan->ngroups[r] = next;
			mark_round(&v, row);
		}
		if (got > 0)
			plan->method = "spread";
		free(ab);
		free(used);
		free(gid);
	}
	/* the layout of the searched rounds (and of the polish) */
	{
		uint32_t ng = n / k;
		if (n % k > ng)
			ng++;
		if (in->mix_attr) {
			/* each group needs one of each value: surplus people
			 * make bigger groups rather than unmixed ones */
			uint32_t cnt[2] = { 0, 0 };
			for (uint32_t i = 0; i < n; i++)
				if (v.mixv[i] >= 0)
					cnt[v.mixv[i]]++;
			uint32_t lim = cnt[0] < cnt[1] ? cnt[0] : cnt[1];
			if (lim && ng > lim)
				ng = lim;
		}
		if (ng == 0)
			ng = 1;
		v.ng = ng;
		uint32_t st = 0;
		for (uint32_t g = 0; g < ng; g++) {
			v.gsize[g] = n / ng + (g < n % ng);
			v.gstart[g] = st;
			st += v.gsize[g];
		}
		if (v.gsize[0] > 64) {
			err_field(e, ERR_INVALID, "group-size", "groups too large");
			goto done;
		}
		if (r > 0 && r < in->rounds && strcmp(plan->method, "search") != 0)
			plan->method = strcmp(plan->method, "circle") == 0
					       ? "circle+search"
					       : strcmp(plan->method, "affine") == 0
							 ? "affine+search" : "spread+search";
	}
	int first_search = r;
	for (; r < in->rounds; r++) {
		int32_t *row = round_row(plan, r);
		search_round(&v, best);
		for (uint32_t i = 0; i < n; i++)
			row[i] = (int32_t)best[i];
		plan->ngroups[r] = (int32_t)v.ng;
		mark_round(&v, row);
	}
	(void)first_search;
	polish(&v, plan, in->nkept);
	/* tally what is left: repeats and unmixed groups */
	memset(v.met, 0, ((size_t)n * n + 63) / 64 * sizeof *v.met);
	for (int rr = 0; rr < in->rounds; rr++) {
		const int32_t *row = round_row(plan, rr);
		for (uint32_t a = 0; a < n; a++)
			for (uint32_t b = a + 1; b < n; b++)
				if (row[a] >= 0 && row[a] == row[b]) {
					if (ev_met(&v, a, b))
						plan->repeats++;
					if (v.org[a] && v.org[a] == v.org[b])
						plan->colleagues++;
					ev_mark(&v, a, b);
				}
		if (in->mix_attr)
			for (int32_t g = 0; g < plan->ngroups[rr]; g++) {
				bool has[2] = { false, false };
				for (uint32_t a = 0; a < n; a++)
					if (row[a] == g && v.mixv[a] >= 0)
						has[v.mixv[a]] = true;
				plan->unmixed += !has[0] || !has[1];
			}
	}
	ret = 0;
done:
	free(v.met);
	free(v.org);
	free(v.mixv);
	free(v.gsize);
	free(v.gstart);
	free(v.mem);
	free(v.grp);
	free(v.pos);
	free(best);
	free(perm);
	if (ret < 0)
		event_plan_release(plan);
	return ret;
}

void event_plan_release(struct event_plan *plan)
{
	if (!plan)
		return;
	free(plan->table);
	free(plan->ngroups);
	memset(plan, 0, sizeof *plan);
}
