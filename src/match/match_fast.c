/*
 * match_fast: near-optimal pairs for large rounds in linear time.
 *
 * 1. Seeded shuffle (Fisher-Yates on our splitmix64 stream); people are
 *    copied into a compact array in shuffled order so the candidate scan
 *    below reads memory sequentially.
 * 2. Without a mix rule: people are laid out by organisation (the
 *    largest first, the others in a random order, shuffled inside each,
 *    unknown last) and position k < n/2 is paired with position
 *    n/2 + sg[k] for a random permutation sg.  An organisation wholly
 *    in one half never meets itself; only the one straddling the middle
 *    can, and those clashes swap partners with a random pair.  One of
 *    size b > n/2 fills the first half, so it still meets all n - b
 *    others, the most the avoid rule allows (and without the rule its
 *    surplus pairs among itself).  Organisations meet at random, not the
 *    same neighbours in the layout every round.  When a sector or role
 *    is the only attribute avoided, the layout uses it instead.  Pairs
 *    a rule forbids (history, block list) swap partners the same way.
 *    With a mix rule: greedy on a sparse candidate window: each unpaired
 *    person takes the best allowed partner among the next FAST_WINDOW
 *    unpaired people in shuffled order, stopping early at a partner that
 *    gives them their ideal weight.
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

/* Below what a swap could give: either member's ideal, less the
 * organisation term when both are of one organisation (the surplus of a
 * large one, which the layout pairs among itself: counting that term
 * kept every such pair "weak" and spent the swap budget on them). */
static bool f_weak(const struct fast *f, uint32_t i)
{
	uint32_t j = (uint32_t)f->pm[i];
	int64_t w = f_base(f, i, j);
	int64_t lose = f->p[i].org && f->p[i].org == f->p[j].org ?
		       f->c->w.different_organisation : 0;
	return w < f->p[i].ideal - lose || w < f->p[j].ideal - lose;
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

/* The attribute that decides the layout: the one avoided when it is the
 * only one, else the organisation. */
static unsigned layout_attr(const struct fast *f)
{
	unsigned a = f->c->avoid;
	return a == MATCH_ATTR_SECTOR || a == MATCH_ATTR_ROLE ? a
							       : MATCH_ATTR_ORGANISATION;
}

static uint32_t layout_key(const struct fast *f, const struct fp *p)
{
	unsigned a = layout_attr(f);
	return a == MATCH_ATTR_SECTOR ? p->sec :
	       a == MATCH_ATTR_ROLE ? p->role : p->org;
}

/* Lays people out by layout key (see the top of the file): the largest
 * key first (wholly in the first half when it holds at most half the
 * round, so it cannot meet itself), the others in a random order,
 * unknown (0) last.  Returns the largest key when it holds more than
 * half, else 0, or -1 when memory runs out (nothing changed then). */
static int64_t layout_order(struct fast *f)
{
	uint32_t n = f->n;
	int64_t big = 0;
	uint32_t *cnt = calloc((size_t)n + 2, sizeof *cnt);
	uint32_t *start = calloc((size_t)n + 2, sizeof *start);
	uint32_t *order = malloc(((size_t)n + 1) * sizeof *order);
	struct fp *np = malloc((size_t)n * sizeof *np);
	if (!cnt || !start || !order || !np) {
		big = -1;
		goto done;
	}
	/* keys are interned ids <= n */
	uint32_t nk = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = layout_key(f, &f->p[i]);
		if (k && cnt[k]++ == 0)
			order[nk++] = k;
	}
	/* first appearance favours large keys: shuffle the keys too */
	mrand_shuffle(&f->rng, order, nk);
	uint32_t top = 0;
	for (uint32_t x = 1; x < nk; x++)
		if (cnt[order[x]] > cnt[order[top]])
			top = x;
	if (nk) {
		uint32_t t = order[top];
		order[top] = order[0];
		order[0] = t;
		if (cnt[t] > n / 2)
			big = t;
	}
	uint32_t pos = 0;
	for (uint32_t x = 0; x < nk; x++) {
		start[order[x]] = pos;
		pos += cnt[order[x]];
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = layout_key(f, &f->p[i]);
		np[k ? start[k]++ : pos++] = f->p[i];
	}
	memcpy(f->p, np, (size_t)n * sizeof *np);
done:
	free(cnt);
	free(start);
	free(order);
	free(np);
	return big;
}

/* Allowed, and not two people of one known layout key: without the
 * avoid rule such a pair is allowed but loses the organisation term. */
static bool layout_fits(const struct fast *f, uint32_t a, uint32_t b)
{
	uint32_t ka = layout_key(f, &f->p[a]);
	return (!ka || ka != layout_key(f, &f->p[b])) && f_allowed(f, a, b);
}

static void pair_up(struct fast *f, uint32_t a, uint32_t b)
{
	f->pm[a] = (int32_t)b;
	f->pm[b] = (int32_t)a;
}

/* Step 2 without a mix rule.  Position k < n/2 meets n/2 + sg[k], sg a
 * random permutation: a key wholly in one half never meets itself, so
 * only the key straddling the middle (and the surplus of a key over
 * half) can clash, and organisations meet at random rather than the
 * same few neighbours every round.  A clash, or a pair the history
 * forbids, swaps partners with a random pair.  Returns -1 when memory
 * runs out (nothing paired then). */
static int layout_pairs(struct fast *f)
{
	uint32_t n = f->n, h = n / 2;
	int64_t big = layout_order(f);
	uint32_t *sg = malloc(((size_t)h + 1) * sizeof *sg);
	if (big < 0 || !sg) {
		free(sg);
		return -1;
	}
	for (uint32_t k = 0; k < h; k++)
		sg[k] = k;
	mrand_shuffle(&f->rng, sg, h);
	for (uint32_t k = 0; k < h; k++)
		if (layout_fits(f, k, h + sg[k]))
			pair_up(f, k, h + sg[k]);
	for (uint32_t k = 0; k < h; k++) {
		uint32_t j = h + sg[k];
		if (f->pm[k] >= 0)
			continue;
		if (big && layout_key(f, &f->p[k]) == (uint32_t)big &&
		    layout_key(f, &f->p[j]) == (uint32_t)big) {
			/* the surplus of a key over n/2: among itself when
			 * no rule forbids it */
			if (f_allowed(f, k, j))
				pair_up(f, k, j);
			continue;
		}
		for (int t = 0; t < 64; t++) {
			uint32_t c = mrand_below(&f->rng, h);
			if (f->pm[c] < 0)
				continue;
			uint32_t d = (uint32_t)f->pm[c];
			if (layout_fits(f, k, d) && layout_fits(f, c, j)) {
				pair_up(f, k, d);
				pair_up(f, c, j);
				break;
			}
		}
	}
	free(sg);
	return 0;
}

static void repair(struct fast *f)
{
	uint32_t n = f->n, nl = 0;
	uint32_t *left = NULL;
	uint32_t key = UINT32_MAX;
	bool one_key = true;
	for (uint32_t i = 0; i < n; i++)
		if (f->pm[i] < 0) {
			nl++;
			uint32_t k = f->p[i].org;
			if (!k || (key != UINT32_MAX && k != key))
				one_key = false;
			key = k;
		}
	if (nl == 0 || n < 4)
		return;
	/* leftovers all from one organisation under the avoid rule: the
	 * surplus over n/2, which no pair can take */
	if (one_key && (f->c->avoid & MATCH_ATTR_ORGANISATION))
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
	mrand_shuffle(&f.rng, perm, n);
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
	if (c->mix || layout_pairs(&f) < 0)
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
