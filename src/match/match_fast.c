/*
 * match_fast: near-optimal pairs for large rounds in linear time.
 *
 * 1. Seeded shuffle (Fisher-Yates on our splitmix64 stream); people are
 *    copied into a compact array in shuffled order so the candidate scan
 *    below reads memory sequentially.
 * 2. Greedy on a sparse candidate window: each unpaired person takes the
 *    best allowed partner among the next FAST_WINDOW unpaired people in
 *    shuffled order, stopping early at a partner that gives them their
 *    ideal weight.  The shuffle makes the window a random sample, so the
 *    pairs are as random as a shuffle where weights tie.
 * 3. Repair: leftovers pair among themselves, then through augmenting
 *    paths of length three (u-a, b-v replacing a-b).
 * 4. Local improvement: 2-opt swaps between weak pairs (below either
 *    member's ideal) and other pairs, accepted only on strict gain.
 * Every pair formed or swapped in passes the same hard-rule test as the
 * exact solver; the result is not proven optimal.
 */
#include <stdlib.h>
#include <string.h>

#include "match/match_impl.h"

#define FAST_WINDOW 24
#define FAST_SWAP_TRIES 24
#define FAST_SWAP_PASSES 3
#define FAST_SWAP_BUDGET 4    /* swap tries per person, all passes */
#define FAST_SWAP_REACH 4096  /* positions either side to find partners */

#define FAST_TOPICS 4

struct fp {
	uint32_t id, org, sec, role;
	int64_t bonus;
	int64_t ideal;   /* best weight a partner could add, bonus excluded */
	uint32_t tp[FAST_TOPICS]; /* topics inline when few (sorted) */
	uint8_t nt;      /* number in tp, or UINT8_MAX: look them up */
	int8_t mix;
};

struct fast {
	const struct mctx *c;
	struct fp *p;
	int32_t *pm;     /* positional mate */
	uint32_t n;
	uint64_t rng;
};

/* Hard rules on positions; reads i's forbidden list only (it stays in
 * cache while i scans its window). */
static inline bool f_allowed(const struct fast *f, uint32_t i, uint32_t j)
{
	const struct mctx *c = f->c;
	const struct fp *a = &f->p[i], *b = &f->p[j];
	if (c->mix && (a->mix < 0 || b->mix < 0 || a->mix == b->mix))
		return false;
	if ((c->avoid & MATCH_ATTR_ORGANISATION) && a->org && a->org == b->org)
		return false;
	if ((c->avoid & MATCH_ATTR_SECTOR) && a->sec && a->sec == b->sec)
		return false;
	if ((c->avoid & MATCH_ATTR_ROLE) && a->role && a->role == b->role)
		return false;
	for (uint32_t k = c->foff[a->id]; k < c->foff[a->id + 1]; k++)
		if (c->forb[k] == b->id)
			return false;
	return true;
}

/* Weight without either bonus (bonuses cancel in every comparison made
 * here, since everyone compared stays paired). */
static inline int64_t f_base(const struct fast *f, uint32_t i, uint32_t j)
{
	const struct mctx *c = f->c;
	const struct fp *a = &f->p[i], *b = &f->p[j];
	int64_t r = 0;
	if (a->org && b->org && a->org != b->org)
		r += c->w.different_organisation;
	if (a->sec && b->sec && a->sec != b->sec)
		r += c->w.different_sector;
	if (c->w.shared_topic) {
		if (a->nt == UINT8_MAX || b->nt == UINT8_MAX)
			return mctx_weight(c, a->id, b->id) - a->bonus - b->bonus;
		int shared = 0;
		for (int x = 0; x < a->nt; x++)
			for (int y = 0; y < b->nt; y++)
				shared += a->tp[x] == b->tp[y];
		r += shared * c->w.shared_topic;
	}
	return r + mctx_weave(c, a->id, b->id);
}

static bool f_weak(const struct fast *f, uint32_t i)
{
	uint32_t j = (uint32_t)f->pm[i];
	int64_t w = f_base(f, i, j);
	return w < f->p[i].ideal || w < f->p[j].ideal;
}

static void greedy(struct fast *f)
{
	uint32_t n = f->n;
	for (uint32_t i = 0; i < n; i++) {
		if (f->pm[i] >= 0)
			continue;
		int64_t bw = -1;
		uint32_t best = UINT32_MAX, seen = 0;
		for (uint32_t j = i + 1; j < n && seen < FAST_WINDOW; j++) {
			if (f->pm[j] >= 0)
				continue;
			seen++;
			/* weight first: the rule check scans a list */
			int64_t w = f_base(f, i, j) + f->p[j].bonus;
			if (w <= bw || !f_allowed(f, i, j))
				continue;
			bw = w;
			best = j;
			if (w - f->p[j].bonus >= f->p[i].ideal)
				break;
		}
		if (best != UINT32_MAX) {
			f->pm[i] = (int32_t)best;
			f->pm[best] = (int32_t)i;
		}
	}
}

static void repair(struct fast *f)
{
	uint32_t n = f->n, nl = 0;
	uint32_t *left = NULL;
	for (uint32_t i = 0; i < n; i++)
		nl += f->pm[i] < 0;
	if (nl == 0 || n < 4)
		return;
	left = malloc(nl * sizeof *left);
	if (!left)
		return; /* repair is an improvement only */
	nl = 0;
	for (uint32_t i = 0; i < n; i++)
		if (f->pm[i] < 0)
			left[nl++] = i;
	/* direct pairs among leftovers, bounded work */
	size_t budget = 2000000;
	for (uint32_t x = 0; x < nl && budget; x++) {
		if (f->pm[left[x]] >= 0)
			continue;
		for (uint32_t y = x + 1; y < nl && budget; y++, budget--) {
			if (f->pm[left[y]] >= 0 || !f_allowed(f, left[x], left[y]))
				continue;
			f->pm[left[x]] = (int32_t)left[y];
			f->pm[left[y]] = (int32_t)left[x];
			break;
		}
	}
	/* augmenting paths u - a = b - v */
	budget = 4000000;
	for (uint32_t x = 0; x < nl && budget; x++) {
		uint32_t u = left[x];
		if (f->pm[u] >= 0)
			continue;
		for (int t = 0; t < 256 && budget; t++) {
			uint32_t a = mrand_below(&f->rng, n);
			if (f->pm[a] < 0 || !f_allowed(f, u, a))
				continue;
			uint32_t b = (uint32_t)f->pm[a];
			bool done = false;
			for (uint32_t y = 0; y < nl && budget; y++, budget--) {
				uint32_t v = left[y];
				if (v == u || f->pm[v] >= 0 || !f_allowed(f, v, b))
					continue;
				f->pm[u] = (int32_t)a;
				f->pm[a] = (int32_t)u;
				f->pm[v] = (int32_t)b;
				f->pm[b] = (int32_t)v;
				done = true;
				break;
			}
			if (done)
				break;
		}
	}
	free(left);
}

/* Tries to improve pair (a, pm[a]) by swapping partners with (c, pm[c]). */
static bool try_swap(struct fast *f, uint32_t a, uint32_t c)
{
	uint32_t b = (uint32_t)f->pm[a], d = (uint32_t)f->pm[c];
	if (c == a || c == b)
		return false;
	int64_t cur = f_base(f, a, b) + f_base(f, c, d);
	int64_t w1 = f_base(f, a, c) + f_base(f, b, d);
	int64_t w2 = f_base(f, a, d) + f_base(f, b, c);
	if (w1 > cur && !(f_allowed(f, a, c) && f_allowed(f, b, d)))
		w1 = -1;
	if (w2 > cur && !(f_allowed(f, a, d) && f_allowed(f, b, c)))
		w2 = -1;
	if (w1 <= cur && w2 <= cur)
		return false;
	if (w1 >= w2) {
		f->pm[a] = (int32_t)c; f->pm[c] = (int32_t)a;
		f->pm[b] = (int32_t)d; f->pm[d] = (int32_t)b;
	} else {
		f->pm[a] = (int32_t)d; f->pm[d] = (int32_t)a;
		f->pm[b] = (int32_t)c; f->pm[c] = (int32_t)b;
	}
	return true;
}

static void improve(struct fast *f)
{
	uint32_t n = f->n, nw = 0;
	uint32_t *weak = NULL;
	for (uint32_t i = 0; i < n; i++)
		if (f->pm[i] > (int32_t)i && f_weak(f, i))
			nw++;
	if (nw == 0)
		return;
	weak = malloc(nw * sizeof *weak);
	if (!weak)
		return;
	nw = 0;
	for (uint32_t i = 0; i < n; i++)
		if (f->pm[i] > (int32_t)i && f_weak(f, i))
			weak[nw++] = i;
	/* The budget keeps this linear when most pairs are weak because the
	 * ideal is out of reach (one organisation holding most people). */
	uint64_t budget = (uint64_t)n * FAST_SWAP_BUDGET;
	for (int pass = 0; pass < FAST_SWAP_PASSES && budget; pass++) {
		uint32_t still = 0, gained = 0, chunk_gain = 0;
		for (uint32_t x = 0; x < nw; x++) {
			uint32_t a = weak[x];
			/* give up early when swaps rarely help: the weak pairs
			 * are then weak because their ideal is out of reach */
			if ((x & 4095) == 4095) {
				if (chunk_gain < 41)
					budget = 0;
				chunk_gain = 0;
			}
			if (!budget) {
				weak[still++] = a;
				continue;
			}
			if (f->pm[a] < 0 || !f_weak(f, a))
				continue;
			for (int t = 0; t < FAST_SWAP_TRIES && budget; t++, budget--) {
				/* partners come from nearby positions: the shuffle
				 * made them random people, and greedy pairs lie
				 * close together, so this stays in cache */
				uint32_t off = 1 + mrand_below(&f->rng, FAST_SWAP_REACH);
				uint32_t c = (t & 1) ? (a + off < n ? a + off : a - off)
						     : (a >= off ? a - off : a + off);
				if (c >= n)
					continue;
				if (f->pm[c] < 0)
					continue;
				if (try_swap(f, a, c)) {
					gained++;
					chunk_gain++;
					if (!f_weak(f, a))
						break;
				}
			}
			if (f->pm[a] >= 0 && f_weak(f, a))
				weak[still++] = a;
		}
		nw = still;
		/* stop when a pass barely helps */
		if (nw == 0 || (uint64_t)gained * 100 < (uint64_t)nw)
			break;
	}
	free(weak);
}

int match_solve_fast(const struct mctx *c, int32_t *mate, struct err *e)
{
	uint32_t n = c->n;
	uint32_t *perm = malloc((size_t)n * sizeof *perm);
	struct fast f = { .c = c, .n = n };
	f.p = malloc((size_t)n * sizeof *f.p);
	f.pm = malloc((size_t)n * sizeof *f.pm);
	if (!perm || !f.p || !f.pm) {
		free(perm);
		free(f.p);
		free(f.pm);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	f.rng = c->in->seed;
	for (uint32_t i = 0; i < n; i++)
		perm[i] = i;
	for (uint32_t i = n; i > 1; i--) {
		uint32_t j = mrand_below(&f.rng, i);
		uint32_t t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	for (uint32_t q = 0; q < n; q++) {
		uint32_t id = perm[q];
		struct fp *x = &f.p[q];
		x->id = id;
		x->org = c->org[id];
		x->sec = c->sec[id];
		x->role = c->role[id];
		x->bonus = c->bonus[id];
		x->ideal = mctx_ideal(c, id) - c->bonus[id];
		x->mix = c->mixv[id];
		uint32_t nt = c->toff[id + 1] - c->toff[id];
		if (nt <= FAST_TOPICS) {
			x->nt = (uint8_t)nt;
			memcpy(x->tp, c->topics + c->toff[id], nt * sizeof *x->tp);
		} else {
			x->nt = UINT8_MAX;
		}
		f.pm[q] = -1;
	}
	greedy(&f);
	repair(&f);
	improve(&f);
	for (uint32_t q = 0; q < n; q++)
		mate[f.p[q].id] = f.pm[q] >= 0 ? (int32_t)f.p[f.pm[q]].id : -1;
	free(perm);
	free(f.p);
	free(f.pm);
	return 0;
}
