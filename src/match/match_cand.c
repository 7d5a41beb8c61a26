/*
 * match_cand: the candidate graph of the exact solver (match_cand.h).
 */
#include <stdlib.h>

#include "match/match_cand.h"

bool cand_plain(const struct mctx *c)
{
	bool chal = false;
	for (uint32_t i = 0; i < c->n && !chal; i++)
		chal = c->in->people[i].nchallenges > 0;
	return (!c->w.shared_topic || c->toff[c->n] == 0) &&
	       (!c->w.shared_challenge || !chal) && !c->w.new_connection &&
	       !c->w.new_sector_connection;
}

uint32_t cand_row_free(const struct mctx *c, uint32_t i)
{
	uint32_t k = 0;
	for (uint32_t j0 = i + 1; j0 < c->n; j0 += 64)
		k += bits64(free_cols(c, i, j0));
	return k;
}

/* Offers j to a list, which the caller has checked w beats (*thr, the
 * rank a newcomer must beat once the list is full; INT64_MIN before).
 * The list is not kept sorted: a newcomer takes the slot of the least
 * rank (*least), and the least is then found again without a branch:
 * its rank by a chain of conditional moves, its slot by a second pass
 * of compares that do not wait on each other.  Sorted insertion
 * mispredicted where the newcomer stopped, nearly once per insertion
 * (43,000 insertions on `dense`); one pass carrying rank and slot
 * together as masks took 20 instructions a slot. */
static inline __attribute__((always_inline)) void
cand_offer(cand_t *list, uint32_t *cnt, uint8_t *least, int64_t *thr,
	   int64_t w, uint32_t j)
{
	uint32_t k = *cnt;
	if (k < KCAND) {
		*cnt = k + 1;
		if (k + 1 < KCAND) {
			list[k].w = w;
			list[k].v = j;
			return;
		}
	} else {
		k = *least;
	}
	list[k].w = w;
	list[k].v = j;
	int64_t t = list[0].w;
#pragma GCC unroll 16
	for (uint32_t x = 1; x < KCAND; x++)
		t = list[x].w < t ? list[x].w : t;
	/* the first slot holding it, as the one pass chose */
	uint32_t at = 0;
#pragma GCC unroll 16
	for (uint32_t x = KCAND - 1; x > 0; x--)
		at = list[x].w == t ? x : at;
	at = list[0].w == t ? 0 : at;
	*least = (uint8_t)at;
	*thr = t;
}

/* One pass over the pairs free_cols allows: every pair's real weight
 * into the store (-1 where a rule forbids it), each person's KCAND best
 * partners per class into the lists.  norules: no mix or avoid rule and
 * a bit matrix, so free_cols is the whole test; plain: weights as
 * cand_plain says, two terms and the bonuses (the value mctx_weight
 * gives); store: write the store when there is one (without, the loop
 * has no test for it).  Returns the largest weight seen, or with plain
 * weights and no store sc->bound (the loop then reads no bonus and
 * keeps no maximum, and C only needs a bound). */
static inline __attribute__((always_inline)) int64_t
scan_rows(struct cand_scan *sc, bool norules, bool plain, bool store)
{
	/* everything in locals: the lists' stores could alias the
	 * context's fields, which the loop would then read again per pair */
	const struct mctx *c = sc->c;
	const uint32_t n = c->n, *org = c->org, *sec = c->sec;
	const int64_t *bonus = c->bonus;
	const uint64_t *fb = c->fbits, *frow = c->frow, nmask = sc->nmask,
		       seed = sc->seed;
	const int64_t K = sc->K, N1 = (int64_t)nmask;
	const int64_t wo = c->w.different_organisation, ws = c->w.different_sector;
	const bool weigh = store || !plain;
	int64_t *thr = sc->thr, rmax = weigh ? 0 : sc->bound;
	int16_t *s16 = sc->s16;
	int32_t *s32 = sc->s32;
	cand_t *cand = sc->cand;
	uint32_t *ncand = sc->ncand;
	uint8_t *least = sc->least;
	size_t ks = 0;
	for (uint32_t i = 0; i < n; i++) {
		const int64_t bi = bonus[i];
		const uint32_t oi = org[i], si = sec[i];
		/* i's terms, 0 where i's own value is unknown, and whether
		 * a partner of i's organisation is of class 1 */
		const int64_t woi = oi ? wo : 0, wsi = si ? ws : 0;
		const size_t known = oi != 0;
		/* the noise of (i, j > i) hashes seed ^ (i << 32 | j) */
		const uint64_t hs = seed ^ ((uint64_t)i << 32);
		for (uint32_t j0 = i + 1; j0 < n; j0 += 64) {
			uint64_t f = fb ? ~fb_word(fb, frow[i] + j0) : ~0ull;
			if (n - j0 < 64)
				f &= (1ull << (n - j0)) - 1;
			if (!store)
				ks += bits64(f);
			for (; f; f &= f - 1) {
				const uint32_t j = j0 + (uint32_t)__builtin_ctzll(f);
				if (!norules && !rules_ok(c, i, j)) {
					if (store && s16)
						s16[ks++] = -1;
					else if (store && s32)
						s32[ks++] = -1;
					continue;
				}
				const uint32_t oj = org[j], sj = sec[j];
				/* the pair part: the weight less both bonuses */
				int64_t pr;
				if (plain)
					pr = (woi & -(int64_t)((oj != oi) & (oj != 0))) +
					     (wsi & -(int64_t)((sj != si) & (sj != 0)));
				else
					pr = mctx_weight(c, i, j) - bi - bonus[j];
				if (weigh) {
					const int64_t r = pr + bi + bonus[j];
					if (store && s16)
						s16[ks++] = (int16_t)r;
					else if (store && s32)
						s32[ks++] = (int32_t)r;
					if (r > rmax)
						rmax = r;
				}
				/* rank by pair quality: the per-person bonuses are
				 * the same in every perfect matching, and ranking
				 * by them would hand everyone the same few
				 * partners */
				const size_t cls = known & (oj == oi);
				const size_t li = 2 * (size_t)i + cls, lj = 2 * (size_t)j + cls;
				/* most pairs make neither list, whatever their
				 * noise, where weights are fine-grained: the
				 * thresholds sit in a small array of their own.
				 * With plain weights (`dense`, `orgs`) nearly
				 * every pair has the best pair part, the test
				 * passes and only mispredicts (a seventh of the
				 * pairs fail it at random): hash at once there */
				if (!plain && pr * K + N1 <= thr[li] && pr * K + N1 <= thr[lj])
					continue;
				/* nmask is 0 where ties keep the scan's order */
				uint64_t hx = hs ^ j;
				int64_t q = pr * K + (int64_t)(mrand_next(&hx) & nmask);
				if (q > thr[li])
					cand_offer(cand + li * KCAND, &ncand[li], &least[li], &thr[li], q, j);
				if (q > thr[lj])
					cand_offer(cand + lj * KCAND, &ncand[lj], &least[lj], &thr[lj], q, i);
			}
		}
	}
	sc->visited = ks;
	return rmax;
}

/* The loop of scan_rows for each case it has, each in a function of
 * its own: inlined into the solver, which keeps a score of values of its
 * own alive around it, the loop kept a dozen of its values on the stack
 * and read them back for every pair. */
static __attribute__((noinline)) int64_t scan_norules_plain(struct cand_scan *sc)
{
	return scan_rows(sc, true, true, false);
}

static __attribute__((noinline)) int64_t scan_norules_plain_store(struct cand_scan *sc)
{
	return scan_rows(sc, true, true, true);
}

static __attribute__((noinline)) int64_t scan_rules_plain(struct cand_scan *sc)
{
	return scan_rows(sc, false, true, false);
}

static __attribute__((noinline)) int64_t scan_rules_plain_store(struct cand_scan *sc)
{
	return scan_rows(sc, false, true, true);
}

static __attribute__((noinline)) int64_t scan_any(struct cand_scan *sc)
{
	return scan_rows(sc, false, false, true);
}

int64_t cand_scan(struct cand_scan *sc, bool norules, bool plain, bool store)
{
	if (norules && plain)
		return store ? scan_norules_plain_store(sc) : scan_norules_plain(sc);
	if (plain)
		return store ? scan_rules_plain_store(sc) : scan_rules_plain(sc);
	return scan_any(sc);
}

/* Where a list's tenth best can be foreseen, it starts from a threshold
 * instead of from nothing: with plain weights the best pair part of the
 * lists of class 0 is both terms (another known organisation and
 * sector), and a rank is that part times K plus noise even over
 * [0, nmask].  With D such partners allowed, GUESS_RANK / D of them
 * rank above part K + nmask (1 - GUESS_RANK / D), about GUESS_RANK, of
 * which the list keeps the best ten.  A list filled from nothing took
 * 10 + 10 ln(D / 10) insertions (40 on `dense`, half the scan's time);
 * from the guess 10 + 10 ln(GUESS_RANK / 10), 21.  The guess may be
 * wrong either way without harm to the proof: a list that ends with
 * fewer than ten keeps the guess as its threshold, which bounds every
 * rank left out of it as the tenth best would (pricing adds any pair
 * that violates).  D is a lower bound where it can be: another
 * organisation and another sector is at least the share of either
 * less the other's complement, and the share allowed is the person's
 * own row of the bit matrix (pairs with later people), or the round's
 * where the row is short. */
#define GUESS_RANK 30

int cand_guess(const struct mctx *c, int64_t *thr, int64_t K, uint64_t nmask)
{
	const uint32_t n = c->n;
	const int64_t wo = c->w.different_organisation, ws = c->w.different_sector;
	/* a block list is no random share: it may take most of one
	 * organisation's partners outside (the `blocked` family left 409
	 * lists of 1,000 short of ten) */
	if (!c->fbits || c->in->nblocked || n < 4 * GUESS_RANK || nmask < 1023 ||
	    wo <= 0 || ws <= 0)
		return 0;
	uint32_t *cnt = calloc(2 * ((size_t)n + 1), sizeof *cnt);
	uint32_t *row = malloc((size_t)n * sizeof *row);
	if (!cnt || !row) {
		free(cnt);
		free(row);
		return -1;
	}
	uint32_t *co = cnt, *cs = cnt + n + 1;
	size_t all = 0;
	for (uint32_t i = 0; i < n; i++) {
		co[c->org[i]]++;
		cs[c->sec[i]]++;
		row[i] = cand_row_free(c, i);
		all += row[i];
	}
	const double rho = (double)all / ((double)n * (n - 1) / 2);
	for (uint32_t i = 0; i < n; i++) {
		if (!c->org[i] || !c->sec[i])
			continue;
		double left = (double)(n - 1 - i);
		double ri = left >= 64 ? row[i] / left : rho;
		double fo = (double)(n - co[c->org[i]] - co[0]) / (n - 1);
		double fs = (double)(n - cs[c->sec[i]] - cs[0]) / (n - 1);
		double d = ri * (n - 1) * (fo + fs - 1);
		if (d < 4 * GUESS_RANK)
			continue;
		thr[2 * (size_t)i] = (wo + ws) * K +
				     (int64_t)((double)nmask * (1 - GUESS_RANK / d));
	}
	free(cnt);
	free(row);
	return 0;
}

/* Drops the partners inside a person's organisation that rank below
 * all ten outside it, where the organisation holds at most half the
 * round: such an edge hardly ever belongs to the optimum (everyone
 * there has more partners outside than in), and in a round of small
 * organisations it was half the candidate graph.  Pricing stays exact:
 * a dropped pair ranks at most the outside threshold, so the person's
 * inside threshold becomes the larger of the two (a pair of that class
 * outside the graph then ranks at most it, which is all price_thr
 * assumes), and a pair that does violate is added as any other.  An
 * organisation over half keeps its inside lists: its people need inside
 * partners to be paired at all. */
int cand_prune_inside(const struct mctx *c, cand_t *cand, uint32_t *ncand,
		      int64_t *thr)
{
	uint32_t n = c->n;
	uint32_t *size = calloc((size_t)n + 1, sizeof *size);
	if (!size)
		return -1;
	for (uint32_t i = 0; i < n; i++)
		size[c->org[i]]++;
	for (uint32_t i = 0; i < n; i++) {
		size_t lo = 2 * (size_t)i, li = lo + 1;
		if (!c->org[i] || 2 * size[c->org[i]] > n ||
		    ncand[lo] < KCAND)
			continue;
		/* the lists are not sorted (cand_offer): keep what ranks
		 * above the outside threshold, wherever it sits */
		cand_t *l = cand + li * KCAND;
		uint32_t keep = 0;
		for (uint32_t k = 0; k < ncand[li]; k++)
			if (l[k].w > thr[lo])
				l[keep++] = l[k];
		ncand[li] = keep;
		if (thr[lo] > thr[li])
			thr[li] = thr[lo];
	}
	free(size);
	return 0;
}

/* The candidate graph, in place of the lists: every pair on either
 * person's list of its class once, as an edge (u < v) with its weight.
 * A pair on both lists is kept where the larger person's list has it
 * only if the smaller person's list does not (ten compares); the kept
 * entries then move down over the rest.  The edges are in list order
 * (each list sorted best first below), not sorted as a whole: the
 * blossom takes any order.  Placing them by person
 * into a second array and sorting each person's few (the way before)
 * cost that array's pages and a mispredicted branch per edge. */
size_t cand_edges(const struct mctx *c, cand_t *cand, const uint32_t *ncand,
		  int64_t C, int64_t K, int64_t H)
{
	uint32_t n = c->n;
	/* each list best first: the edge order is then the lists' and not
	 * the order the scan happened to fill their slots in, which moved
	 * the blossom's work by half on some rounds (`skew40`) */
	for (uint32_t l = 0; l < 2 * n; l++) {
		cand_t *x = cand + (size_t)l * KCAND;
		for (uint32_t a = 1; a < ncand[l]; a++) {
			cand_t y = x[a];
			uint32_t b = a;
			for (; b > 0 && x[b - 1].w < y.w; b--)
				x[b] = x[b - 1];
			x[b] = y;
		}
	}
	for (uint32_t l = 0; l < 2 * n; l++) {
		uint32_t i = l / 2, cls = l % 2;
		cand_t *x = cand + (size_t)l * KCAND;
		for (uint32_t k = 0; k < ncand[l]; k++) {
			uint32_t j = x[k].v;
			bool dup = false;
			if (j < i) {
				const cand_t *y = cand + (2 * (size_t)j + cls) * KCAND;
				for (uint32_t q = 0; q < ncand[2 * j + cls]; q++)
					dup |= y[q].v == i;
			}
			x[k].u = dup; /* u is free until the move below */
		}
	}
	size_t out = 0;
	for (uint32_t l = 0; l < 2 * n; l++) {
		uint32_t i = l / 2;
		const cand_t *x = cand + (size_t)l * KCAND;
		for (uint32_t k = 0; k < ncand[l]; k++) {
			cand_t y = x[k];
			if (y.u)
				continue;
			uint32_t j = y.v;
			/* out <= the index read: the move never overtakes */
			cand[out].u = i < j ? i : j;
			cand[out].v = i < j ? j : i;
			/* the rank is the weight less C and the bonuses,
			 * or, with the noise off (H, see tie_range) the pair
			 * part times H plus a tie-break left out here */
			int64_t part = H ? y.w / H * K : y.w;
			cand[out].w = C + part + (c->bonus[i] + c->bonus[j]) * K;
			out++;
		}
	}
	return out;
}
