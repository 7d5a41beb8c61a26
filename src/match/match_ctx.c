/*
 * match_ctx: builds the integer view of a match_input (see match_impl.h).
 * Validation of the input happens here, once, so the solvers can trust
 * every index.
 */
#include "match/match_impl.h"

#include <stdlib.h>
#include <string.h>

/* Bounds that keep every weight sum far inside int64 (see match.c). */
#define MCTX_MAX_WEIGHT 1000000
#define MCTX_MAX_PRIORITY 1000

/* A string -> small id table (open addressing, ids from 1). */
struct intern {
	const char **key;
	uint32_t *id;
	uint64_t *hash;
	size_t cap;
	uint32_t next;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static int intern_init(struct intern *t, size_t want)
{
	size_t cap = 16;
	while (cap < want * 2)
		cap <<= 1;
	t->key = calloc(cap, sizeof *t->key);
	t->id = calloc(cap, sizeof *t->id);
	t->hash = calloc(cap, sizeof *t->hash);
	t->cap = cap;
	t->next = 1;
	return (t->key && t->id && t->hash) ? 0 : -1;
}

static void intern_release(struct intern *t)
{
	free(t->key);
	free(t->id);
	free(t->hash);
}

static int intern_grow(struct intern *t)
{
	struct intern b;
	if (intern_init(&b, t->cap) < 0) {
		intern_release(&b);
		return -1;
	}
	for (size_t k = 0; k < t->cap; k++)
		if (t->key[k]) {
			size_t mask = b.cap - 1, s = (size_t)t->hash[k] & mask;
			while (b.key[s])
				s = (s + 1) & mask;
			b.key[s] = t->key[k];
			b.hash[s] = t->hash[k];
			b.id[s] = t->id[k];
		}
	b.next = t->next;
	intern_release(t);
	*t = b;
	return 0;
}

/* The id of s ("" and NULL are 0, "unknown"); UINT32_MAX when out of
 * memory. */
static uint32_t intern(struct intern *t, const char *s)
{
	if (!s || !*s)
		return 0;
	if ((size_t)t->next * 2 >= t->cap && intern_grow(t) < 0)
		return UINT32_MAX;
	uint64_t h = str_hash(s);
	size_t mask = t->cap - 1, i = (size_t)h & mask;
	while (t->key[i]) {
		if (t->hash[i] == h && strcmp(t->key[i], s) == 0)
			return t->id[i];
		i = (i + 1) & mask;
	}
	t->key[i] = s;
	t->hash[i] = h;
	t->id[i] = t->next++;
	return t->id[i];
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static const char *attr_of(const struct match_person *p, enum match_attr a)
{
	switch (a) {
	case MATCH_ATTR_ORGANISATION: return p->organisation;
	case MATCH_ATTR_SECTOR: return p->sector;
	case MATCH_ATTR_ROLE: return p->role;
	}
	return NULL;
}

static int check_weights(const struct match_weights *w, struct err *e)
{
	const struct { const char *name; int64_t v; } f[] = {
		{ "weights.different_organisation", w->different_organisation },
		{ "weights.different_sector", w->different_sector },
		{ "weights.shared_topic", w->shared_topic },
		{ "weights.priority", w->priority },
		{ "weights.noise", w->noise },
		{ "weights.trio_fairness", w->trio_fairness },
		{ "weights.shared_challenge", w->shared_challenge },
		{ "weights.new_connection", w->new_connection },
		{ "weights.new_sector_connection", w->new_sector_connection },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].v < 0 || f[i].v > MCTX_MAX_WEIGHT)
			return err_field(e, ERR_INVALID, f[i].name,
					 "must be an integer from 0 to %d",
					 MCTX_MAX_WEIGHT);
	return 0;
}

static int add_forbidden(struct mctx *c, const struct match_pair *p,
			 size_t np, const char *what, uint32_t *deg,
			 bool fill, struct err *e)
{
	for (size_t k = 0; k < np; k++) {
		uint32_t a = p[k].a, b = p[k].b;
		if (!fill) {
			if (a >= c->n || b >= c->n)
				return err_field(e, ERR_INVALID, what,
						 "pair %zu names a person out of range", k);
			if (a == b)
				continue;
			if (k + 16 < np) {
				__builtin_prefetch(&deg[p[k + 16].a], 1);
				__builtin_prefetch(&deg[p[k + 16].b], 1);
			}
			deg[a]++;
			deg[b]++;
			continue;
		}
		if (a == b)
			continue;
		/* deg[] holds each list's fill cursor here; prefetch ahead
		 * because these writes are scattered */
		if (k + 16 < np) {
			__builtin_prefetch(&deg[p[k + 16].a], 1);
			__builtin_prefetch(&deg[p[k + 16].b], 1);
		}
		if (k + 4 < np) {
			__builtin_prefetch(&c->forb[deg[p[k + 4].a]], 1);
			__builtin_prefetch(&c->forb[deg[p[k + 4].b]], 1);
		}
		c->forb[deg[a]++] = b;
		c->forb[deg[b]++] = a;
	}
	return 0;
}

/* The bit matrix of the exact solver, checked and filled in one pass;
 * only the upper triangle (row a < column b), which is all the solver's
 * row scans read (mctx_forbidden orders the pair), rows packed
 * (mctx_fbit).  Four pairs at a time with one range test for the four:
 * a round where most pairs have met hands over hundreds of thousands
 * (400,000 at 1,000 people after a year), and the test and the loop
 * were a fifth of the work per pair. */
static inline void fbit_set(uint64_t *fb, const uint64_t *frow, uint64_t lo,
			    uint64_t hi)
{
	/* a == b sets the diagonal, which no pair reads */
	uint64_t x = frow[lo] + hi;
	fb[x >> 6] |= 1ull << (x & 63);
}

static int set_forbidden(struct mctx *c, const struct match_pair *p,
			 size_t np, const char *what, struct err *e)
{
	/* in locals: the stores into the matrix could alias c's fields */
	const uint64_t n = c->n, *frow = c->frow;
	uint64_t *fb = c->fbits;
	size_t k = 0;
	for (; k + 4 <= np; k += 4) {
		uint64_t lo[4], hi[4], top = 0;
#pragma GCC unroll 4
		for (int q = 0; q < 4; q++) {
			uint64_t a = p[k + q].a, b = p[k + q].b;
			lo[q] = a < b ? a : b;
			hi[q] = a ^ b ^ lo[q];
			top = hi[q] > top ? hi[q] : top;
		}
		if (top >= n)
			break; /* the pair-at-a-time loop names it */
#pragma GCC unroll 4
		for (int q = 0; q < 4; q++)
			fbit_set(fb, frow, lo[q], hi[q]);
	}
	for (; k < np; k++) {
		uint64_t a = p[k].a, b = p[k].b;
		uint64_t lo = a < b ? a : b, hi = a ^ b ^ lo;
		if (hi >= n)
			return err_field(e, ERR_INVALID, what,
					 "pair %zu names a person out of range", k);
		fbit_set(fb, frow, lo, hi);
	}
	return 0;
}

int mctx_init(struct mctx *c, const struct match_input *in, bool dense,
	      struct err *e)
{
	struct intern to = {0}, ts = {0}, tr = {0}, tt = {0};
	uint32_t *deg = NULL;
	size_t ntop = 0, i;
	int ret = -1;

	memset(c, 0, sizeof *c);
	c->in = in;
	if (in->npeople > (size_t)INT32_MAX / 2)
		return err_field(e, ERR_INVALID, "people", "too many people");
	if (in->npeople && !in->people)
		return err_field(e, ERR_INVALID, "people", "missing");
	if (in->group_size != 2 && in->group_size != 3)
		return err_field(e, ERR_INVALID, "group_size", "must be 2 or 3");
	if (check_weights(&in->weights, e) < 0)
		return -1;
	if (in->avoid_same & ~(unsigned)(MATCH_ATTR_ORGANISATION |
					 MATCH_ATTR_SECTOR | MATCH_ATTR_ROLE))
		return err_field(e, ERR_INVALID, "avoid_same", "unknown attribute");
	if (in->mix_attr) {
		if (in->mix_attr != MATCH_ATTR_ORGANISATION &&
		    in->mix_attr != MATCH_ATTR_SECTOR &&
		    in->mix_attr != MATCH_ATTR_ROLE)
			return err_field(e, ERR_INVALID, "mix.attribute",
					 "must be organisation, sector or role");
		if (!in->mix_values[0] || !in->mix_values[1] ||
		    !*in->mix_values[0] || !*in->mix_values[1] ||
		    strcmp(in->mix_values[0], in->mix_values[1]) == 0)
			return err_field(e, ERR_INVALID, "mix.values",
					 "needs two different non-empty values");
	}
	if (in->nhistory && !in->history)
		return err_field(e, ERR_INVALID, "history", "missing");
	if (in->nblocked && !in->blocked)
		return err_field(e, ERR_INVALID, "blocked", "missing");
	c->n = (uint32_t)in->npeople;
	c->w = in->weights;
	c->mix = in->mix_attr != 0;
	c->avoid = in->avoid_same;
	for (i = 0; i < c->n; i++) {
		const struct match_person *p = &in->people[i];
		if (p->priority < 0 || p->priority > MCTX_MAX_PRIORITY)
			return err_field(e, ERR_INVALID, "priority",
					 "person %zu: must be from 0 to %d", i,
					 MCTX_MAX_PRIORITY);
		if (p->trios < 0 || p->trios > MCTX_MAX_PRIORITY)
			return err_field(e, ERR_INVALID, "trios",
					 "person %zu: must be from 0 to %d", i,
					 MCTX_MAX_PRIORITY);
		if (p->ntopics && !p->topics)
			return err_field(e, ERR_INVALID, "topics",
					 "person %zu: missing", i);
		ntop += p->ntopics;
	}

	size_t n1 = (size_t)c->n + 1;
	c->org = calloc(n1, sizeof *c->org);
	c->sec = calloc(n1, sizeof *c->sec);
	c->role = calloc(n1, sizeof *c->role);
	c->toff = calloc(n1, sizeof *c->toff);
	c->topics = calloc(ntop + 1, sizeof *c->topics);
	c->mixv = calloc(n1, sizeof *c->mixv);
	c->foff = calloc(n1, sizeof *c->foff);
	c->bonus = calloc(n1, sizeof *c->bonus);
	deg = calloc(n1, sizeof *deg);
	if (!c->org || !c->sec || !c->role || !c->toff || !c->topics ||
	    !c->mixv || !c->foff || !c->bonus || !deg)
		goto oom;
	if (intern_init(&to, 64) < 0 || intern_init(&ts, 64) < 0 ||
	    intern_init(&tr, 64) < 0 || intern_init(&tt, 64) < 0)
		goto oom;
	for (i = 0; i < c->n; i++) {
		const struct match_person *p = &in->people[i];
		c->org[i] = intern(&to, p->organisation);
		c->sec[i] = intern(&ts, p->sector);
		c->role[i] = intern(&tr, p->role);
		if (c->org[i] == UINT32_MAX || c->sec[i] == UINT32_MAX ||
		    c->role[i] == UINT32_MAX)
			goto oom;
		c->toff[i + 1] = c->toff[i];
		for (size_t k = 0; k < p->ntopics; k++) {
			uint32_t id = intern(&tt, p->topics[k]);
			if (id == UINT32_MAX)
				goto oom;
			if (id)
				c->topics[c->toff[i + 1]++] = id;
		}
		uint32_t *tp = c->topics + c->toff[i];
		uint32_t nt = c->toff[i + 1] - c->toff[i];
		if (nt > 1) {
			qsort(tp, nt, sizeof *tp, cmp_u32);
			uint32_t u = 1;
			for (uint32_t k = 1; k < nt; k++)
				if (tp[k] != tp[u - 1])
					tp[u++] = tp[k];
			c->toff[i + 1] = c->toff[i] + u;
		}
		c->bonus[i] = c->w.priority * p->priority +
			      c->w.trio_fairness * p->trios;
		c->mixv[i] = -1;
		if (c->mix) {
			const char *v = attr_of(p, in->mix_attr);
			if (v && strcmp(v, in->mix_values[0]) == 0)
				c->mixv[i] = 0;
			else if (v && strcmp(v, in->mix_values[1]) == 0)
				c->mixv[i] = 1;
			if (c->mixv[i] >= 0)
				c->nmix[c->mixv[i]]++;
		}
	}

	if (dense && c->n) {
		size_t bits = (size_t)c->n * (c->n + 1) / 2;
		/* the spare word lets a row be read 64 bits at a time
		 * from any column (match_exact.c) */
		c->fbits = calloc((bits + 63) / 64 + 1, sizeof *c->fbits);
		c->frow = malloc((size_t)c->n * sizeof *c->frow);
		if (!c->fbits || !c->frow)
			goto oom;
		/* row r holds columns r .. n-1 (the diagonal keeps
		 * set_forbidden free of a test for a == b) after rows
		 * 0 .. r-1 of n - k bits each */
		for (uint64_t r = 0, at = 0; r < c->n; at += c->n - r, r++)
			c->frow[r] = at - r;
		/* one pass: the bit matrix needs no degrees, and a round
		 * where most pairs have met hands over hundreds of
		 * thousands of them */
		if (set_forbidden(c, in->history, in->nhistory, "history", e) < 0 ||
		    set_forbidden(c, in->blocked, in->nblocked, "blocked", e) < 0)
			goto done;
	} else {
		if (add_forbidden(c, in->history, in->nhistory, "history", deg, false, e) < 0 ||
		    add_forbidden(c, in->blocked, in->nblocked, "blocked", deg, false, e) < 0)
			goto done;
		size_t tot = 0;
		for (i = 0; i < c->n; i++) {
			c->foff[i] = (uint32_t)tot;
			tot += deg[i];
			deg[i] = c->foff[i];
		}
		c->foff[c->n] = (uint32_t)tot;
		if (tot > UINT32_MAX) {
			err_field(e, ERR_INVALID, "history", "too many pairs");
			goto done;
		}
		c->forb = calloc(tot + 1, sizeof *c->forb);
		if (!c->forb)
			goto oom;
		add_forbidden(c, in->history, in->nhistory, "history", deg, true, e);
		add_forbidden(c, in->blocked, in->nblocked, "blocked", deg, true, e);
	}
	if (mweave_init(c, e) < 0)
		goto done;
	ret = 0;
	goto done;
oom:
	err_set(e, ERR_INTERNAL, "out of memory");
done:
	intern_release(&to);
	intern_release(&ts);
	intern_release(&tr);
	intern_release(&tt);
	free(deg);
	if (ret < 0)
		mctx_release(c);
	return ret;
}

void mctx_release(struct mctx *c)
{
	free(c->org);
	free(c->sec);
	free(c->role);
	free(c->toff);
	free(c->topics);
	free(c->mixv);
	free(c->foff);
	free(c->forb);
	free(c->fbits);
	free(c->frow);
	free(c->bonus);
	mweave_release(c);
	memset(c, 0, sizeof *c);
}

int64_t mctx_ideal(const struct mctx *c, uint32_t a)
{
	int64_t r = c->bonus[a];
	if (c->org[a])
		r += c->w.different_organisation;
	if (c->sec[a])
		r += c->w.different_sector;
	r += (int64_t)(c->toff[a + 1] - c->toff[a]) * c->w.shared_topic;
	if (c->in->people[a].nchallenges)
		r += c->w.shared_challenge;
	if (c->org[a])
		r += c->w.new_connection;
	if (c->sec[a])
		r += c->w.new_sector_connection;
	return r;
}
