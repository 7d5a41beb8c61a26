/*
 * match: match_run, the one entry point of the matcher (see match.h).
 *
 * Pipeline: build the integer context (match_ctx.c), pair people with the
 * exact solver (match_exact.c) when the round is small enough, else the
 * fast one (match_fast.c), then turn pairs into groups: an odd person, or
 * anyone the pairing left over, joins the pair where it costs least while
 * every hard rule still holds; for group_size 3 the weakest pairs are
 * split up to supply the third members.  Whoever still has no group is
 * reported with a reason.
 */
#include "match/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/match_impl.h"

void match_weights_default(struct match_weights *w)
{
	memset(w, 0, sizeof *w);
	w->different_organisation = 100;
	w->different_sector = 20;
	w->shared_topic = 0;
	w->priority = 50;
	w->noise = 100;
	w->trio_fairness = 10;
}

void match_result_release(struct match_result *r)
{
	if (!r)
		return;
	free(r->groups);
	free(r->unplaced);
	memset(r, 0, sizeof *r);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *attr_name(unsigned a)
{
	switch (a) {
	case MATCH_ATTR_ORGANISATION: return "organisation";
	case MATCH_ATTR_SECTOR: return "sector";
	case MATCH_ATTR_ROLE: return "role";
	}
	return "attribute";
}

/* Why u could not be placed.  Counts the people the rules keep from u;
 * bounded so that a round with many unplaced people stays linear-ish. */
static void explain(const struct mctx *c, uint32_t u, bool count,
		    char *out, size_t len, char *code, size_t clen)
{
	const struct match_input *in = c->in;
	if (c->mix && c->mixv[u] >= 0 && c->nmix[1 - c->mixv[u]] == 0) {
		snprintf(out, len, "mix rule: nobody has %s=%s to be grouped with",
			 attr_name(in->mix_attr), in->mix_values[1 - c->mixv[u]]);
		snprintf(code, clen, "mix_none|%s|%s", attr_name(in->mix_attr),
			 in->mix_values[1 - c->mixv[u]]);
		return;
	}
	if (!count) {
		snprintf(out, len, "no allowed partner or group left under the "
			 "hard rules (history, block list, %s)",
			 c->mix ? "mix rule" : "avoid_same");
		snprintf(code, clen, "%s", c->mix ? "uncounted_mix" : "uncounted");
		return;
	}
	size_t forb = 0, same = 0, mix = 0, ok = 0;
	for (uint32_t j = 0; j < c->n; j++) {
		if (j == u)
			continue;
		if (mctx_forbidden(c, u, j))
			forb++;
		else if (!mctx_pair_ok(c, u, j))
			same++;
		else if (!mctx_pair_allowed(c, u, j))
			mix++;
		else
			ok++;
	}
	if (c->n == 1) {
		snprintf(out, len, "the only person in the round");
		snprintf(code, clen, "alone");
	} else if (ok == 0 && c->mix && c->mixv[u] < 0 && !mix) {
		snprintf(out, len, "has no %s value of the mix rule and no "
			 "mixed pair may take them (%zu met before or blocked, "
			 "%zu same %s)", attr_name(in->mix_attr), forb, same,
			 attr_name(c->avoid));
		snprintf(code, clen, "mix_value|%s|%zu|%zu|%s",
			 attr_name(in->mix_attr), forb, same, attr_name(c->avoid));
	} else if (ok == 0) {
		snprintf(out, len, "nobody left they may meet: %zu met before "
			 "or blocked, %zu share an avoided attribute, %zu fail "
			 "the mix rule", forb, same, mix);
		snprintf(code, clen, "nobody|%zu|%zu|%zu", forb, same, mix);
	} else {
		snprintf(out, len, "the %zu people they may meet are all in "
			 "groups that cannot take them (the other members met "
			 "them before, are blocked or break a rule)", ok);
		snprintf(code, clen, "groups_full|%zu", ok);
	}
}

/* May u join group g (a pair) under every hard rule? */
static bool can_join(const struct mctx *c, const struct match_group *g,
		     uint32_t u)
{
	for (int k = 0; k < g->n; k++)
		if (!mctx_pair_ok(c, u, g->member[k]))
			return false;
	if (c->mix) {
		bool has[2] = { c->mixv[u] == 0, c->mixv[u] == 1 };
		for (int k = 0; k < g->n; k++) {
			int8_t v = c->mixv[g->member[k]];
			if (v >= 0)
				has[v] = true;
		}
		if (!has[0] || !has[1])
			return false;
	}
	return true;
}

/* Places each extra person into the pair where it costs least (best
 * added weight, then fewest trios among the hosts, then seeded noise).
 * Scans every pair when exhaustive, else stops after a bounded number of
 * feasible hosts from a seeded offset.  Extras that fit nowhere stay in
 * the extras list (returned count). */
static size_t place_extras(const struct mctx *c, struct match_group *g,
			   size_t ng, uint32_t *extra, size_t nextra,
			   bool exhaustive, uint64_t *rng)
{
	size_t left = 0;
	/* Under avoid_same organisation, the pairs holding someone of each
	 * organisation: an extra whose organisation is in every pair (the
	 * surplus of one organisation over half the round) fits nowhere,
	 * and finding that out pair by pair made the fast path quadratic
	 * in those people. */
	uint32_t *with = NULL;
	if ((c->avoid & MATCH_ATTR_ORGANISATION) && nextra > 1 &&
	    (with = calloc((size_t)c->n + 1, sizeof *with)) != NULL)
		for (size_t k = 0; k < ng; k++) {
			uint32_t oa = c->org[g[k].member[0]];
			uint32_t ob = c->org[g[k].member[1]];
			with[oa]++;
			if (ob != oa)
				with[ob]++;
		}
	for (size_t x = 0; x < nextra; x++) {
		uint32_t u = extra[x];
		if (with && c->org[u] && with[c->org[u]] >= ng) {
			extra[left++] = u;
			continue;
		}
		size_t best = SIZE_MAX, seen = 0;
		int64_t bscore = 0;
		uint64_t bnoise = 0;
		size_t start = ng ? mrand_below(rng, (uint32_t)ng) : 0;
		for (size_t t = 0; t < ng; t++) {
			size_t k = (start + t) % ng;
			if (g[k].n != 2 || !can_join(c, &g[k], u))
				continue;
			uint32_t a = g[k].member[0], b = g[k].member[1];
			int64_t score = mctx_weight(c, u, a) + mctx_weight(c, u, b) -
					c->w.trio_fairness *
					(c->in->people[a].trios + c->in->people[b].trios);
			uint64_t nz = mctx_noise(c, u, a) + mctx_noise(c, u, b);
			if (best == SIZE_MAX || score > bscore ||
			    (score == bscore && nz > bnoise)) {
				best = k;
				bscore = score;
				bnoise = nz;
			}
			if (!exhaustive && ++seen >= 256)
				break;
		}
		if (best == SIZE_MAX) {
			extra[left++] = u;
			continue;
		}
		g[best].member[2] = u;
		g[best].n = 3;
	}
	free(with);
	return left;
}

/* Pairs extras among themselves (the fast path may leave a few that the
 * exact one would have paired). */
static size_t pair_extras(const struct mctx *c, struct match_group *g,
			  size_t *ng, uint32_t *extra, size_t nextra)
{
	size_t budget = 4000000;
	/* all of one organisation under the avoid rule: no pair possible */
	bool one = (c->avoid & MATCH_ATTR_ORGANISATION) != 0;
	for (size_t x = 1; x < nextra && one; x++)
		one = c->org[extra[x]] && c->org[extra[x]] == c->org[extra[0]];
	if (one)
		return nextra;
	for (size_t x = 0; x < nextra; x++) {
		if (extra[x] == UINT32_MAX)
			continue;
		for (size_t y = x + 1; y < nextra && budget; y++, budget--) {
			if (extra[y] == UINT32_MAX ||
			    !mctx_pair_allowed(c, extra[x], extra[y]))
				continue;
			g[*ng].member[0] = extra[x];
			g[*ng].member[1] = extra[y];
			g[*ng].n = 2;
			(*ng)++;
			extra[x] = extra[y] = UINT32_MAX;
			break;
		}
	}
	size_t left = 0;
	for (size_t x = 0; x < nextra; x++)
		if (extra[x] != UINT32_MAX)
			extra[left++] = extra[x];
	return left;
}

struct pairw {
	int64_t w;
	uint64_t noise;
	size_t idx;
};

static int cmp_pairw(const void *a, const void *b)
{
	const struct pairw *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? -1 : 1;
	if (x->noise != y->noise)
		return x->noise < y->noise ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The exact solver's noise range N (see match_exact.c): as fine as the
 * scaled weights allow inside int64, at most 2^20; 0 when exactness is
 * not affordable (too many people or weights too large). */
static int64_t exact_noise_range(const struct match_input *in)
{
	if (in->npeople > MATCH_EXACT_MAX || !in->people)
		return 0;
	const struct match_weights *w = &in->weights;
	int64_t maxt = 0, maxb = 0;
	for (size_t i = 0; i < in->npeople; i++) {
		if ((int64_t)in->people[i].ntopics > maxt)
			maxt = (int64_t)in->people[i].ntopics;
		int64_t b = w->priority * in->people[i].priority +
			    w->trio_fairness * in->people[i].trios;
		if (b > maxb)
			maxb = b;
	}
	/* edge weights C + R*K + noise reach (rmax*N + N) * (n/2+1)^2; the
	 * blossom doubles them and adds a few: keep 16x that under 4e18 */
	double rmax = (double)(w->different_organisation + w->different_sector +
			       w->new_connection + w->new_sector_connection +
			       w->shared_topic * maxt + 2 * maxb + 1);
	double h = (double)in->npeople / 2 + 2;
	double cap = 4.0e18 / (16 * (rmax + 1) * h * h);
	if (w->noise == 0)
		return cap >= 1 ? 1 : 0;
	int64_t N = 1 << 20;
	while (N > 1 && (double)N > cap)
		N >>= 1;
	return N >= 1024 ? N : 0;
}

int match_pairs(const struct match_input *in, int32_t *mate, bool *optimal,
		struct err *e)
{
	struct mctx c;
	int ret;
	*optimal = false;
	if (!in)
		return err_set(e, ERR_INVALID, "no input");
	int64_t nrange = in->npeople ? exact_noise_range(in) : 0;
	bool exact = nrange > 0;
	if (mctx_init(&c, in, exact, e) < 0)
		return -1;
	c.nrange = nrange;
	for (uint32_t i = 0; i < c.n; i++)
		mate[i] = -1;
	if (c.n < 2)
		ret = 0;
	else if (exact)
		ret = match_solve_exact(&c, mate, optimal, e);
	else
		ret = match_solve_fast(&c, mate, e);
	mctx_release(&c);
	return ret;
}

int match_run(const struct match_input *in, struct match_result *out,
	      struct err *e)
{
	struct mctx c;
	int32_t *mate = NULL;
	uint32_t *extra = NULL;
	struct pairw *pw = NULL;
	int ret = -1;
	double t0 = now_seconds();
	bool proven = false;

	memset(out, 0, sizeof *out);
	if (!in)
		return err_set(e, ERR_INVALID, "no input");
	if (in->npeople && !in->people)
		return err_field(e, ERR_INVALID, "people", "missing");
	int64_t nrange = in->npeople ? exact_noise_range(in) : 0;
	bool exact = nrange > 0;
	if (mctx_init(&c, in, exact, e) < 0)
		return -1;
	c.nrange = nrange;
	uint32_t n = c.n;
	mate = malloc(((size_t)n + 1) * sizeof *mate);
	extra = malloc(((size_t)n + 1) * sizeof *extra);
	out->groups = calloc((size_t)n / 2 + 1, sizeof *out->groups);
	if (!mate || !extra || !out->groups)
		goto oom;
	for (uint32_t i = 0; i < n; i++)
		mate[i] = -1;
	if (n >= 2) {
		if (exact ? match_solve_exact(&c, mate, &proven, e) < 0
			  : match_solve_fast(&c, mate, e) < 0)
			goto done;
	}

	size_t ng = 0, nx = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (mate[i] < 0)
			extra[nx++] = i;
		else if ((uint32_t)mate[i] > i) {
			out->groups[ng].member[0] = i;
			out->groups[ng].member[1] = (uint32_t)mate[i];
			out->groups[ng].n = 2;
			ng++;
		}
	}
	uint64_t rng = in->seed ^ 0x5DEECE66Dull;
	if (!exact && nx > 1)
		nx = pair_extras(&c, out->groups, &ng, extra, nx);

	if (in->group_size == 3 && ng > 0) {
		/* Trios: keep T+P pairs as cores, split the weakest d pairs
		 * into single people who become third members, where
		 * 3T + 2P = placed people and P is as small as it can be. */
		size_t placed = 2 * ng + nx;
		size_t T = placed / 3, P = 0;
		if (placed % 3 == 1) {
			T = T >= 1 ? T - 1 : 0;
			P = 2;
		} else if (placed % 3 == 2) {
			P = 1;
		}
		size_t cores = T + P;
		size_t d = ng > cores ? ng - cores : 0;
		if (d) {
			pw = malloc(ng * sizeof *pw);
			if (!pw)
				goto oom;
			for (size_t k = 0; k < ng; k++) {
				uint32_t a = out->groups[k].member[0];
				uint32_t b = out->groups[k].member[1];
				pw[k].w = mctx_weight(&c, a, b);
				pw[k].noise = mctx_noise(&c, a, b);
				pw[k].idx = k;
			}
			qsort(pw, ng, sizeof *pw, cmp_pairw);
			for (size_t k = 0; k < d; k++) {
				struct match_group *g = &out->groups[pw[k].idx];
				extra[nx++] = g->member[0];
				extra[nx++] = g->member[1];
				g->n = 0;
			}
			size_t keep = 0;
			for (size_t k = 0; k < ng; k++)
				if (out->groups[k].n)
					out->groups[keep++] = out->groups[k];
			ng = keep;
		}
	}
	/* Fairness: people with fewer trios behind them are placed first, so
	 * they are the ones who get a trio when hosts are scarce. */
	if (nx > 1 && nx <= 100000) {
		for (size_t a = 1; a < nx; a++) {
			uint32_t v = extra[a];
			size_t b = a;
			while (b > 0 && in->people[extra[b - 1]].trios >
					       in->people[v].trios) {
				extra[b] = extra[b - 1];
				b--;
			}
			extra[b] = v;
		}
	}
	nx = place_extras(&c, out->groups, ng, extra, nx, exact, &rng);
	if (nx > 1)
		nx = pair_extras(&c, out->groups, &ng, extra, nx);
	if (nx) {
		out->unplaced = calloc(nx, sizeof *out->unplaced);
		if (!out->unplaced)
			goto oom;
		for (size_t k = 0; k < nx; k++) {
			out->unplaced[k].person = extra[k];
			/* counting costs n per person: exact counts for
			 * all in rounds of up to 20,000, else for as many as
			 * 2 million pair checks allow */
			explain(&c, extra[k], n <= 20000 || k < 2000000 / n,
				out->unplaced[k].reason,
				sizeof out->unplaced[k].reason,
				out->unplaced[k].code,
				sizeof out->unplaced[k].code);
		}
		out->nunplaced = nx;
	}
	out->ngroups = ng;

	/* weight and stats */
	size_t ntrio = 0;
	for (size_t k = 0; k < ng; k++) {
		const struct match_group *g = &out->groups[k];
		if (g->n == 3)
			ntrio++;
		for (int a = 0; a < g->n; a++)
			for (int b = a + 1; b < g->n; b++) {
				uint32_t x = g->member[a], y = g->member[b];
				out->weight += mctx_weight(&c, x, y);
				if (mctx_forbidden(&c, x, y))
					out->stats.repeats++;
				if (c.org[x] && c.org[x] == c.org[y])
					out->stats.same_organisation++;
			}
	}
	out->optimal = proven && ntrio == 0 && in->group_size == 2;
	out->stats.seconds = now_seconds() - t0;
	ret = 0;
	goto done;
oom:
	err_set(e, ERR_INTERNAL, "out of memory");
done:
	free(mate);
	free(extra);
	free(pw);
	mctx_release(&c);
	if (ret < 0)
		match_result_release(out);
	return ret;
}
