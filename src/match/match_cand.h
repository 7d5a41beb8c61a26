/*
 * match_cand: the exact solver's candidate graph, internal to src/match/.
 *
 * One scan over the pairs the history and block list allow keeps, for
 * each person and each organisation class (outside their organisation,
 * inside it), the KCAND partners of best rank (pair quality times K
 * plus noise) and the rank a pair must beat to be one of them; the
 * lists then become the edge list the blossom solves on, in place.
 * The thresholds are what pricing by thresholds bounds the pairs left
 * out with (match_exact.c).  docs/matcher.md, "Exact solver", step 1.
 */
#ifndef CUPPA_MATCH_CAND_H
#define CUPPA_MATCH_CAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "match/blossom.h"
#include "match/match_impl.h"

#define KCAND 10

/* 64 bits of the forbidden matrix from bit `bit` on (rows packed, see
 * mctx_fbit), so bit k is column j + k of a row (the bits past its last
 * column are the next row's: callers mask them).  The matrix has a
 * spare word at its end. */
static inline uint64_t fb_word(const uint64_t *fb, uint64_t bit)
{
	uint64_t w = bit >> 6;
	unsigned s = (unsigned)(bit & 63);
	uint64_t x = fb[w] >> s;
	if (s)
		x |= fb[w + 1] << (64 - s);
	return x;
}

/* The bits set in x.  __builtin_popcountll is a call into libgcc on the
 * baseline x86-64 we build for (no POPCNT): a hundredth of `dense`'s
 * solve when counted per word of the scan. */
static inline unsigned bits64(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* Columns j0 .. j0+63 (below n) that history and block list allow with
 * i, as bits: the scan of a round where most pairs have already met
 * (80% after a year of rounds) skips them a word at a time. */
static inline uint64_t free_cols(const struct mctx *c, uint32_t i,
				 uint32_t j0)
{
	uint64_t f = c->fbits ? ~fb_word(c->fbits, mctx_fbit(c, i, j0))
			      : ~0ull;
	uint32_t left = c->n - j0;
	if (left < 64)
		f &= (1ull << left) - 1;
	return f;
}

/* The rest of mctx_pair_allowed for a pair free_cols let through. */
static inline bool rules_ok(const struct mctx *c, uint32_t i, uint32_t j)
{
	return mctx_mix_ok(c, i, j) && mctx_attrs_ok(c, i, j) &&
	       (c->fbits || !mctx_forbidden(c, i, j));
}

/* Iterates j over the pairs (i, j > i) that free_cols lets through, in
 * order: the candidate scan and pricing walk the same sequence, so the
 * weight store needs no index. */
#define FOR_FREE(c, i, j, ...)                                           \
	for (uint32_t j0_ = (i) + 1; j0_ < (c)->n; j0_ += 64)               \
		for (uint64_t f_ = free_cols((c), (i), j0_); f_; f_ &= f_ - 1) { \
			uint32_t j = j0_ + (uint32_t)__builtin_ctzll(f_);       \
			__VA_ARGS__                                              \
		}

/* A candidate list entry is an edge of the graph to be: w its rank
 * (pair quality times K plus noise), v the partner; u is free until
 * cand_edges turns the lists, in place, into the edge list. */
typedef struct blossom_edge cand_t;

/* The candidate scan's state: the lists and thresholds it fills and
 * the weight store it writes (cand_scan). */
struct cand_scan {
	const struct mctx *c;
	cand_t *cand;
	uint32_t *ncand;
	uint8_t *least;    /* per list: the slot of its least rank */
	int64_t *thr;
	int16_t *s16;
	int32_t *s32;
	int64_t K;
	uint64_t nmask, seed;
	int64_t bound;   /* an upper bound on any pair's weight (in) */
	size_t visited;  /* pairs free_cols let through (out) */
};

/* Whether a pair's real weight is bonuses, organisation and sector
 * alone: no topic, challenge or weave term can add to it. */
bool cand_plain(const struct mctx *c);

/* The pairs free_cols lets through in row i (with later people). */
uint32_t cand_row_free(const struct mctx *c, uint32_t i);

/* Thresholds for the lists to start from where they can be foreseen
 * (K and nmask as the scan's); 0, or -1 when memory runs out. */
int cand_guess(const struct mctx *c, int64_t *thr, int64_t K, uint64_t nmask);

/* The scan: fills sc's lists, thresholds and weight store (norules: no
 * mix or avoid rule and a bit matrix; plain: as cand_plain; store: a
 * store to write).  Returns the largest weight seen, or a bound on it. */
int64_t cand_scan(struct cand_scan *sc, bool norules, bool plain, bool store);

/* Drops inside partners that cannot matter; 0, or -1 when memory runs
 * out. */
int cand_prune_inside(const struct mctx *c, cand_t *cand, uint32_t *ncand,
		      int64_t *thr);

/* Turns the lists into the edge list in place (weights C + rank + the
 * bonuses, H as tie_range in match_exact.c); returns the edge count. */
size_t cand_edges(const struct mctx *c, cand_t *cand, const uint32_t *ncand,
		  int64_t C, int64_t K, int64_t H);

#endif
