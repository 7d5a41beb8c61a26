/*
 * match_impl: what the matcher's solvers share, internal to src/match/.
 *
 * struct mctx turns a struct match_input into flat integer arrays once
 * (attribute strings interned to small ids, topics to sorted id lists,
 * history and block list to per-person forbidden lists), so the solvers'
 * hot loops compare integers and never touch strings.
 *
 * Hard rules live in mctx_pair_ok (history, block list, avoid_same) and
 * mctx_pair_allowed (those plus the mix rule for a pair); the real weight
 * of a pair in mctx_weight.  Everything here is deterministic.
 */
#ifndef CUPPA_MATCH_IMPL_H
#define CUPPA_MATCH_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "match/match.h"
#include "util/rand.h"

/* A set of unordered pairs of interned ids (the weave goal's "already
 * met" attribute pairs): a bit matrix while k*k is small, else sorted
 * keys searched by bisection.  Empty when the goal is off. */
struct mpairs {
	uint64_t *bits;              /* k*k bits, or NULL */
	uint32_t k;                  /* ids are below k */
	uint64_t *keys;              /* (lo << 32 | hi), sorted, unique */
	size_t nkeys;
};

struct mctx {
	const struct match_input *in;
	uint32_t n;
	uint32_t *org, *sec, *role;  /* interned, 0 = unknown ("") */
	uint32_t *toff, *topics;     /* CSR, sorted ids per person */
	int8_t *mixv;                /* -1 neither value, 0 or 1 */
	uint32_t *foff, *forb;       /* CSR: forbidden partners */
	uint64_t *fbits;             /* bit matrix of the upper triangle
				      * (row <= column) when n is small, rows
				      * packed one after another, one spare
				      * word at the end */
	uint64_t *frow;              /* n: bit of (row, column) is
				      * frow[row] + column (mctx_fbit) */
	int64_t *bonus;              /* priority and trio fairness part */
	size_t nmix[2];              /* people holding each mix value */
	struct match_weights w;
	bool mix;
	unsigned avoid;
	int64_t nrange;              /* exact solver's noise range, 1 = off */
	struct mpairs orgmet, secmet; /* weave goal: pairs already grouped */
};

int mctx_init(struct mctx *c, const struct match_input *in, bool dense,
	      struct err *e);
void mctx_release(struct mctx *c);

/* The bit of pair (lo, hi), lo <= hi, in fbits.  Row lo holds columns
 * lo .. n-1 only, so the matrix is half the n*n bits (a round where
 * most pairs have met sets 400,000 of them at 1,000 people, and half the
 * memory takes half the cache misses and page faults). */
static inline uint64_t mctx_fbit(const struct mctx *c, uint64_t lo,
				 uint64_t hi)
{
	return c->frow[lo] + hi;
}

static inline bool mctx_forbidden(const struct mctx *c, uint32_t a,
				  uint32_t b)
{
	if (c->fbits) {
		/* the upper triangle only (match_ctx.c) */
		uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
		uint64_t bit = mctx_fbit(c, lo, hi);
		return (c->fbits[bit >> 6] >> (bit & 63)) & 1;
	}
	uint32_t na = c->foff[a + 1] - c->foff[a];
	uint32_t nb = c->foff[b + 1] - c->foff[b];
	if (nb < na) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	for (uint32_t k = c->foff[a]; k < c->foff[a + 1]; k++)
		if (c->forb[k] == b)
			return true;
	return false;
}

/* avoid_same alone: do a and b (a != b) share no avoided attribute? */
static inline bool mctx_attrs_ok(const struct mctx *c, uint32_t a,
				 uint32_t b)
{
	if ((c->avoid & MATCH_ATTR_ORGANISATION) && c->org[a] &&
	    c->org[a] == c->org[b])
		return false;
	if ((c->avoid & MATCH_ATTR_SECTOR) && c->sec[a] &&
	    c->sec[a] == c->sec[b])
		return false;
	if ((c->avoid & MATCH_ATTR_ROLE) && c->role[a] &&
	    c->role[a] == c->role[b])
		return false;
	return true;
}

/* The mix rule alone: one of each value in the pair (true without it). */
static inline bool mctx_mix_ok(const struct mctx *c, uint32_t a, uint32_t b)
{
	return !c->mix || (c->mixv[a] >= 0 && c->mixv[b] >= 0 &&
			   c->mixv[a] != c->mixv[b]);
}

/* History, block list and avoid_same: may a and b share a group? */
static inline bool mctx_pair_ok(const struct mctx *c, uint32_t a,
				uint32_t b)
{
	return a != b && mctx_attrs_ok(c, a, b) && !mctx_forbidden(c, a, b);
}

/* mctx_pair_ok plus, under a mix rule, one of each value in the pair. */
static inline bool mctx_pair_allowed(const struct mctx *c, uint32_t a,
				     uint32_t b)
{
	return mctx_mix_ok(c, a, b) && mctx_pair_ok(c, a, b);
}

/* The weave goal (match_weave.c): fills orgmet and secmet from the
 * input's met lists when their weights are on.  0 or -1 (memory). */
int mweave_init(struct mctx *c, struct err *e);
void mweave_release(struct mctx *c);

static inline bool mpairs_has(const struct mpairs *s, uint32_t x,
			      uint32_t y)
{
	if (x > y) {
		uint32_t t = x;
		x = y;
		y = t;
	}
	if (s->bits) {
		uint64_t bit = (uint64_t)x * s->k + y;
		return (s->bits[bit >> 6] >> (bit & 63)) & 1;
	}
	uint64_t key = ((uint64_t)x << 32) | y;
	size_t lo = 0, hi = s->nkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->keys[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nkeys && s->keys[lo] == key;
}

/* The weave goal's part of a pair's weight: new_connection when the two
 * organisations differ, are known and were never grouped together, and
 * the same for sectors.  Part of mctx_weight, so every solver sees it. */
static inline int64_t mctx_weave(const struct mctx *c, uint32_t a,
				 uint32_t b)
{
	int64_t r = 0;
	if (c->w.new_connection && c->org[a] && c->org[b] &&
	    c->org[a] != c->org[b] && !mpairs_has(&c->orgmet, c->org[a], c->org[b]))
		r += c->w.new_connection;
	if (c->w.new_sector_connection && c->sec[a] && c->sec[b] &&
	    c->sec[a] != c->sec[b] && !mpairs_has(&c->secmet, c->sec[a], c->sec[b]))
		r += c->w.new_sector_connection;
	return r;
}

/* Whether two people share a challenge (both lists ascending). */
static inline bool mctx_shares_challenge(const struct match_person *x,
			     const struct match_person *y)
{
	size_t i = 0, j = 0;
	while (i < x->nchallenges && j < y->nchallenges) {
		if (x->challenges[i] == y->challenges[j])
			return true;
		if (x->challenges[i] < y->challenges[j])
			i++;
		else
			j++;
	}
	return false;
}

/* The diversity part of a pair's weight: wo when both organisations are
 * known and differ, ws the same for sectors.  Takes the values, so a hot
 * loop can keep them in locals (match_exact.c's scan). */
static inline int64_t mctx_diversity(uint32_t oa, uint32_t ob, uint32_t sa,
				     uint32_t sb, int64_t wo, int64_t ws)
{
	return (oa && ob && oa != ob ? wo : 0) + (sa && sb && sa != sb ? ws : 0);
}

/* mctx_diversity by masks, not branches, for the candidate scan of
 * plain weights: there the outcome is close to random per pair (one
 * pair in seven on `dense`), and a mispredicted branch cost more than
 * the arithmetic.  Where topics decide (`fine`) the branches were the
 * cheaper. */
static inline int64_t mctx_diversity_masked(uint32_t oa, uint32_t ob,
					    uint32_t sa, uint32_t sb,
					    int64_t wo, int64_t ws)
{
	int64_t mo = -(int64_t)((oa != 0) & (ob != 0) & (oa != ob));
	int64_t ms = -(int64_t)((sa != 0) & (sb != 0) & (sa != sb));
	return (wo & mo) + (ws & ms);
}

/* Real (noise-free) weight of a pair; trios count their three pairs.
 * Inline: the exact solver computes it for every allowed pair. */
static inline __attribute__((always_inline)) int64_t
mctx_weight(const struct mctx *c, uint32_t a, uint32_t b)
{
	int64_t r = c->bonus[a] + c->bonus[b] +
		    mctx_diversity(c->org[a], c->org[b], c->sec[a], c->sec[b],
				   c->w.different_organisation,
				   c->w.different_sector);
	if (c->w.shared_topic) {
		uint32_t i = c->toff[a], ie = c->toff[a + 1];
		uint32_t j = c->toff[b], je = c->toff[b + 1];
		int64_t shared = 0;
		while (i < ie && j < je) {
			if (c->topics[i] < c->topics[j])
				i++;
			else if (c->topics[i] > c->topics[j])
				j++;
			else
				shared++, i++, j++;
		}
		r += shared * c->w.shared_topic;
	}
	if (c->w.shared_challenge &&
	    mctx_shares_challenge(&c->in->people[a], &c->in->people[b]))
		r += c->w.shared_challenge;
	return r + mctx_weave(c, a, b);
}


/* The best real weight a's partner could bring, ignoring the partner's
 * own bonus: a cheap per-person ideal for spotting weak pairs. */
int64_t mctx_ideal(const struct mctx *c, uint32_t a);

/* The one random stream of the matcher (util/rand.h). */
static inline uint64_t mrand_next(uint64_t *s)
{
	return rand_next(s);
}

/* Seeded 64-bit noise for a pair, symmetric in a and b; 0 when
 * w.noise is 0 (tie-breaking off).  mctx_noise_lohi: the same for
 * lo < hi, noise on, for loops that know both.  Inline: the exact solver asks for
 * it for every pair it prices. */
static inline uint64_t mctx_noise_lohi(uint64_t seed, uint32_t lo,
				       uint32_t hi)
{
	uint64_t s = seed ^ (((uint64_t)lo << 32) | hi);
	return mrand_next(&s);
}

static inline uint64_t mctx_noise(const struct mctx *c, uint32_t a,
				  uint32_t b)
{
	if (!c->w.noise)
		return 0;
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	return mctx_noise_lohi(c->in->seed, a, b);
}

/* Uniform in [0, bound) without modulo bias worth mentioning (bound
 * < 2^32, Lemire's multiply-shift). */
static inline uint32_t mrand_below(uint64_t *s, uint32_t bound)
{
	return (uint32_t)(((mrand_next(s) >> 32) * (uint64_t)bound) >> 32);
}

/* Fisher-Yates over v[0..n) on the stream s. */
static inline void mrand_shuffle(uint64_t *s, uint32_t *v, uint32_t n)
{
	for (uint32_t i = n; i > 1; i--) {
		uint32_t j = mrand_below(s, i), t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Solvers: fill mate[] (n entries, partner index or -1) with pairs that
 * satisfy mctx_pair_allowed.  Return 0 or -1 (out of memory). */
int match_solve_exact(const struct mctx *c, int32_t *mate, bool *proven,
		      struct err *e);
int match_solve_fast(const struct mctx *c, int32_t *mate, struct err *e);

#endif
