/* Unit and property tests of match/: the blossom solver against brute
 * force, match_pairs' optimality against brute force, and match_run's
 * hard rules, completeness and determinism over many seeds and shapes.
 * Hard rules and weights are recomputed here from the input, not through
 * the matcher's own helpers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/blossom.h"
#include "match/match.h"

static uint64_t trng(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static const char *const ORGS[] = { "A", "B", "C", "D", "E", "F", "G", "H" };
static const char *const SECS[] = { "health", "housing", "police", "" };
static const char *const ROLES[] = { "user", "staff", "other" };
static const char *const TOPICS[] = { "t1", "t2", "t3", "t4" };

struct inst {
	struct match_input in;
	struct match_person *p;
	struct match_pair *hist, *blk;
	char (*ids)[24];
};

struct shape {
	size_t n;
	int norg;       /* organisations used */
	int nrole;      /* 2: user/staff only, 3: some have neither */
	int hist_pct;   /* history pairs as a percentage of n */
	bool avoid_org;
	bool mix;
	bool topics;
	int group_size;
};

static void inst_make(struct inst *t, const struct shape *s, uint64_t seed)
{
	uint64_t r = seed * 7919 + 1;
	memset(t, 0, sizeof *t);
	t->p = calloc(s->n + 1, sizeof *t->p);
	t->ids = calloc(s->n + 1, sizeof *t->ids);
	size_t nh = s->n * (size_t)s->hist_pct / 100;
	t->hist = calloc(nh + 1, sizeof *t->hist);
	t->blk = calloc(4, sizeof *t->blk);
	for (size_t i = 0; i < s->n; i++) {
		snprintf(t->ids[i], sizeof t->ids[i], "p%zu", i);
		t->p[i].id = t->ids[i];
		t->p[i].organisation = ORGS[trng(&r) % (uint64_t)s->norg];
		t->p[i].sector = SECS[trng(&r) % 4];
		t->p[i].role = ROLES[trng(&r) % (uint64_t)s->nrole];
		if (s->topics) {
			size_t k = trng(&r) % 3;
			t->p[i].topics = &TOPICS[trng(&r) % 2];
			t->p[i].ntopics = k;
		} else {
			t->p[i].topics = NULL;
		}
		t->p[i].priority = (int)(trng(&r) % 4 == 0);
		t->p[i].trios = (int)(trng(&r) % 3);
	}
	for (size_t k = 0; k < nh && s->n > 1; k++) {
		t->hist[k].a = (uint32_t)(trng(&r) % s->n);
		t->hist[k].b = (uint32_t)(trng(&r) % s->n);
	}
	size_t nb = s->n > 3 ? 2 : 0;
	for (size_t k = 0; k < nb; k++) {
		t->blk[k].a = (uint32_t)(trng(&r) % s->n);
		t->blk[k].b = (uint32_t)(trng(&r) % s->n);
	}
	t->in.seed = seed;
	t->in.group_size = s->group_size ? s->group_size : 2;
	t->in.people = t->p;
	t->in.npeople = s->n;
	t->in.history = t->hist;
	t->in.nhistory = nh;
	t->in.blocked = t->blk;
	t->in.nblocked = nb;
	t->in.avoid_same = s->avoid_org ? MATCH_ATTR_ORGANISATION : 0;
	if (s->mix) {
		t->in.mix_attr = MATCH_ATTR_ROLE;
		t->in.mix_values[0] = "user";
		t->in.mix_values[1] = "staff";
	}
	match_weights_default(&t->in.weights);
	if (s->topics)
		t->in.weights.shared_topic = 30;
}

static void inst_free(struct inst *t)
{
	free(t->p);
	free(t->ids);
	free(t->hist);
	free(t->blk);
}

/* Independent hard-rule test for two people in one group. */
static bool t_pair_ok(const struct match_input *in, uint32_t a, uint32_t b)
{
	if (a == b)
		return false;
	for (size_t k = 0; k < in->nhistory; k++)
		if ((in->history[k].a == a && in->history[k].b == b) ||
		    (in->history[k].a == b && in->history[k].b == a))
			return false;
	for (size_t k = 0; k < in->nblocked; k++)
		if ((in->blocked[k].a == a && in->blocked[k].b == b) ||
		    (in->blocked[k].a == b && in->blocked[k].b == a))
			return false;
	if ((in->avoid_same & MATCH_ATTR_ORGANISATION) &&
	    in->people[a].organisation[0] &&
	    strcmp(in->people[a].organisation, in->people[b].organisation) == 0)
		return false;
	return true;
}

static int t_mixv(const struct match_input *in, uint32_t a)
{
	if (!in->mix_attr)
		return -1;
	if (strcmp(in->people[a].role, in->mix_values[0]) == 0)
		return 0;
	if (strcmp(in->people[a].role, in->mix_values[1]) == 0)
		return 1;
	return -1;
}

static bool t_pair_allowed(const struct match_input *in, uint32_t a,
			   uint32_t b)
{
	if (in->mix_attr) {
		int x = t_mixv(in, a), y = t_mixv(in, b);
		if (x < 0 || y < 0 || x == y)
			return false;
	}
	return t_pair_ok(in, a, b);
}

static int64_t t_weight(const struct match_input *in, uint32_t a, uint32_t b)
{
	const struct match_person *x = &in->people[a], *y = &in->people[b];
	const struct match_weights *w = &in->weights;
	int64_t r = w->priority * (x->priority + y->priority) +
		    w->trio_fairness * (x->trios + y->trios);
	if (x->organisation[0] && y->organisation[0] &&
	    strcmp(x->organisation, y->organisation))
		r += w->different_organisation;
	if (x->sector[0] && y->sector[0] && strcmp(x->sector, y->sector))
		r += w->different_sector;
	for (size_t i = 0; i < x->ntopics; i++)
		for (size_t j = 0; j < y->ntopics; j++)
			if (strcmp(x->topics[i], y->topics[j]) == 0)
				r += w->shared_topic;
	return r;
}

/* Every hard rule, everyone placed or reported exactly once, weight. */
static void check_result(const struct match_input *in,
			 const struct match_result *res)
{
	size_t n = in->npeople;
	int *seen = calloc(n + 1, sizeof *seen);
	int64_t w = 0;
	for (size_t g = 0; g < res->ngroups; g++) {
		const struct match_group *gr = &res->groups[g];
		cr_assert(gr->n == 2 || gr->n == 3, "group size %d", gr->n);
		bool has[2] = { false, false };
		for (int a = 0; a < gr->n; a++) {
			cr_assert_lt(gr->member[a], n);
			seen[gr->member[a]]++;
			int v = t_mixv(in, gr->member[a]);
			if (v >= 0)
				has[v] = true;
			for (int b = a + 1; b < gr->n; b++) {
				cr_assert(t_pair_ok(in, gr->member[a], gr->member[b]),
					  "hard rule broken in group %zu", g);
				w += t_weight(in, gr->member[a], gr->member[b]);
			}
		}
		if (in->mix_attr)
			cr_assert(has[0] && has[1], "group %zu not mixed", g);
	}
	for (size_t u = 0; u < res->nunplaced; u++) {
		cr_assert_lt(res->unplaced[u].person, n);
		seen[res->unplaced[u].person]++;
		cr_assert(res->unplaced[u].reason[0], "unplaced without reason");
		cr_assert(res->unplaced[u].code[0], "unplaced without a reason code");
	}
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(seen[i], 1, "person %zu seen %d times", i, seen[i]);
	cr_assert_eq(res->weight, w, "weight %lld, recomputed %lld",
		     (long long)res->weight, (long long)w);
	cr_assert_eq(res->stats.repeats, 0);
	free(seen);
}

static bool same_result(const struct match_result *a,
			const struct match_result *b)
{
	if (a->ngroups != b->ngroups || a->nunplaced != b->nunplaced ||
	    a->weight != b->weight)
		return false;
	for (size_t g = 0; g < a->ngroups; g++)
		if (a->groups[g].n != b->groups[g].n ||
		    memcmp(a->groups[g].member, b->groups[g].member,
			   (size_t)a->groups[g].n * sizeof(uint32_t)))
			return false;
	return true;
}

Test(match, defaults)
{
	struct match_weights w;
	match_weights_default(&w);
	cr_assert_eq(w.different_organisation, 100);
	cr_assert_eq(w.different_sector, 20);
	cr_assert_eq(w.shared_topic, 0);
	cr_assert_eq(w.priority, 50);
	cr_assert_eq(w.noise, 100);
	cr_assert_eq(w.trio_fairness, 10);
}

Test(match, empty_and_single)
{
	struct match_input in = {0};
	struct match_result r;
	struct err e = {0};
	match_weights_default(&in.weights);
	in.group_size = 2;
	cr_assert_eq(match_run(&in, &r, &e), 0);
	cr_assert_eq(r.ngroups, 0);
	cr_assert_eq(r.nunplaced, 0);
	match_result_release(&r);

	struct match_person p = { .id = "x", .organisation = "A", .sector = "",
				  .role = "" };
	in.people = &p;
	in.npeople = 1;
	cr_assert_eq(match_run(&in, &r, &e), 0);
	cr_assert_eq(r.ngroups, 0);
	cr_assert_eq(r.nunplaced, 1);
	cr_assert_eq(r.unplaced[0].person, 0);
	match_result_release(&r);
}

Test(match, bad_input)
{
	struct match_input in = {0};
	struct match_result r;
	struct err e = {0};
	struct match_person p[2] = {
		{ .id = "a", .organisation = "", .sector = "", .role = "" },
		{ .id = "b", .organisation = "", .sector = "", .role = "" },
	};
	struct match_pair h = { 0, 5 };
	match_weights_default(&in.weights);
	in.people = p;
	in.npeople = 2;
	in.group_size = 4;
	cr_assert_eq(match_run(&in, &r, &e), -1);
	cr_assert_str_eq(e.field, "group_size");
	in.group_size = 2;
	in.history = &h;
	in.nhistory = 1;
	cr_assert_eq(match_run(&in, &r, &e), -1);
	cr_assert_str_eq(e.field, "history");
	in.nhistory = 0;
	in.weights.noise = -1;
	cr_assert_eq(match_run(&in, &r, &e), -1);
	cr_assert_str_eq(e.field, "weights.noise");
	in.weights.noise = 0;
	in.mix_attr = MATCH_ATTR_ROLE;
	in.mix_values[0] = "u";
	in.mix_values[1] = "u";
	cr_assert_eq(match_run(&in, &r, &e), -1);
	cr_assert_str_eq(e.field, "mix.values");
}

/* The exact path reads history and block list four pairs at a time:
 * a pair out of range anywhere (inside a group of four, in the last
 * few, in either list) is named by its index, and nothing else fails. */
Test(match, out_of_range_pair_is_named_wherever_it_is)
{
	struct match_person p[6];
	struct match_pair h[11];
	struct match_input in = {0};
	struct err e = {0};
	int32_t mate[6];
	bool optimal;
	for (int i = 0; i < 6; i++)
		p[i] = (struct match_person){ .id = "x", .organisation = "",
					      .sector = "", .role = "" };
	match_weights_default(&in.weights);
	in.people = p;
	in.npeople = 6;
	in.group_size = 2;
	for (size_t bad = 0; bad < 11; bad++) {
		for (size_t k = 0; k < 11; k++)
			h[k] = (struct match_pair){ (uint32_t)(k % 5), (uint32_t)(k % 5 + 1) };
		h[bad] = (struct match_pair){ bad % 2 ? 6 : 2, bad % 2 ? 1 : 7 };
		for (int list = 0; list < 2; list++) {
			in.history = list ? NULL : h;
			in.nhistory = list ? 0 : 11;
			in.blocked = list ? h : NULL;
			in.nblocked = list ? 11 : 0;
			cr_assert_eq(match_pairs(&in, mate, &optimal, &e), -1);
			cr_assert_str_eq(e.field, list ? "blocked" : "history");
			char want[64];
			snprintf(want, sizeof want, "pair %zu names", bad);
			cr_assert(strstr(e.msg, want), "%s", e.msg);
		}
	}
	h[3] = (struct match_pair){ 5, 0 };
	in.history = h;
	in.nhistory = 4;
	in.blocked = NULL;
	in.nblocked = 0;
	for (size_t k = 0; k < 3; k++)
		h[k] = (struct match_pair){ (uint32_t)k, (uint32_t)k + 1 };
	cr_assert_eq(match_pairs(&in, mate, &optimal, &e), 0, "%s", e.msg);
	cr_assert(optimal);
	cr_assert_neq(mate[0], 5);
	cr_assert_neq(mate[1], 2);
}

/* Brute force: best (cardinality, weight) over all matchings of the
 * allowed pairs among the first n people. */
static void brute(const struct match_input *in, uint32_t *used, size_t n,
		  size_t card, int64_t w, size_t *bc, int64_t *bw)
{
	size_t i = 0;
	while (i < n && used[i])
		i++;
	if (i == n) {
		if (card > *bc || (card == *bc && w > *bw)) {
			*bc = card;
			*bw = w;
		}
		return;
	}
	used[i] = 1;
	brute(in, used, n, card, w, bc, bw); /* i stays single */
	for (size_t j = i + 1; j < n; j++) {
		if (used[j] || !t_pair_allowed(in, (uint32_t)i, (uint32_t)j))
			continue;
		used[j] = 1;
		brute(in, used, n, card + 1, w + t_weight(in, (uint32_t)i,
							    (uint32_t)j),
		      bc, bw);
		used[j] = 0;
	}
	used[i] = 0;
}

/* match_pairs on random small programmes against brute force.  The
 * scale of the per-person terms picks the weight store's width: 0 keeps
 * the weights small (2 bytes a pair), 1 beyond an int16 (4 bytes), 2
 * beyond an int32, which makes the exact solver price without its
 * weight store (the path of rounds too large for it); 3 plain rounds
 * (every organisation and sector known, an even round, no rule, block
 * list or topic), where the scan leaves the store empty and pricing
 * fills it only when the candidate thresholds do not settle it. */
static void exact_vs_brute(int scale)
{
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct shape s = {
			.n = 2 + seed % 11, .norg = 1 + (int)(seed % 4),
			.nrole = 2 + (int)(seed % 2), .hist_pct = (int)(seed % 150),
			.avoid_org = seed % 5 == 0, .mix = seed % 7 == 0,
			.topics = seed % 3 == 0,
		};
		if (scale == 3) {
			s.n = 4 + 2 * (seed % 6);
			s.norg = 3 + (int)(seed % 6);
			s.avoid_org = s.mix = s.topics = false;
		}
		struct inst t;
		inst_make(&t, &s, seed);
		if (scale == 3) {
			t.in.nblocked = 0;
			for (size_t i = 0; i < s.n; i++)
				t.p[i].sector = SECS[i % 3];
		}
		if (seed % 4 == 0)
			t.in.weights.noise = 0;
		if (scale == 1) {
			t.in.weights.priority = 40000;
			t.in.weights.trio_fairness = 3000;
		}
		if (scale == 2) {
			t.in.weights.priority = 1000000;
			t.in.weights.trio_fairness = 1000000;
			for (size_t i = 0; i < s.n; i++) {
				t.p[i].priority *= 1000;
				t.p[i].trios *= 500;
			}
		}
		int32_t mate[16];
		bool opt = false;
		struct err e = {0};
		cr_assert_eq(match_pairs(&t.in, mate, &opt, &e), 0, "%s", e.msg);
		cr_assert(opt, "seed %llu not proven", (unsigned long long)seed);
		size_t card = 0;
		int64_t w = 0;
		for (uint32_t i = 0; i < s.n; i++) {
			if (mate[i] < 0)
				continue;
			cr_assert_eq(mate[mate[i]], (int32_t)i);
			cr_assert(t_pair_allowed(&t.in, i, (uint32_t)mate[i]));
			if ((uint32_t)mate[i] > i) {
				card++;
				w += t_weight(&t.in, i, (uint32_t)mate[i]);
			}
		}
		uint32_t used[16] = {0};
		size_t bc = 0;
		int64_t bw = 0;
		brute(&t.in, used, s.n, 0, 0, &bc, &bw);
		cr_assert_eq(card, bc, "seed %llu: %zu pairs, best %zu",
			     (unsigned long long)seed, card, bc);
		cr_assert_eq(w, bw, "seed %llu: weight %lld, best %lld",
			     (unsigned long long)seed, (long long)w, (long long)bw);
		inst_free(&t);
	}
}

Test(match, exact_equals_brute_force)
{
	exact_vs_brute(0);
}

Test(match, exact_with_wide_weight_store_equals_brute_force)
{
	exact_vs_brute(1);
}

Test(match, exact_without_weight_store_equals_brute_force)
{
	exact_vs_brute(2);
}

Test(match, exact_plain_rounds_equal_brute_force)
{
	exact_vs_brute(3);
}

static int64_t brute_mwm(size_t n, const int64_t *W, uint32_t used)
{
	size_t i = 0;
	while (i < n && (used >> i & 1))
		i++;
	if (i == n)
		return 0;
	int64_t best = brute_mwm(n, W, used | 1u << i);
	for (size_t j = i + 1; j < n; j++) {
		if ((used >> j & 1) || W[i * n + j] < 0)
			continue;
		int64_t v = W[i * n + j] + brute_mwm(n, W, used | 1u << i | 1u << j);
		if (v > best)
			best = v;
	}
	return best;
}

Test(blossom, equals_brute_force_with_certificate)
{
	uint64_t r = 99;
	for (int round = 0; round < 2000; round++) {
		size_t n = 1 + trng(&r) % 12;
		int64_t W[144];
		struct blossom_edge e[80];
		size_t m = 0;
		int dens = (round & 1) ? 90 : 20 + (int)(trng(&r) % 80);
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++)
				W[i * n + j] = -1;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if ((int)(trng(&r) % 100) < dens && m < 80) {
					/* odd rounds: nearly equal weights, so the
					 * warm start pairs most vertices and is kept */
					int64_t w = (round & 1) ? 10 + (int64_t)(trng(&r) % 2)
								: (int64_t)(trng(&r) % 30);
					W[i * n + j] = W[j * n + i] = w;
					e[m].u = (uint32_t)i;
					e[m].v = (uint32_t)j;
					e[m].w = w;
					m++;
				}
		int32_t mate[12];
		struct blossom_cert c;
		cr_assert_eq(blossom_solve((uint32_t)n, e, m, mate, &c), 0);
		int64_t got = 0;
		for (size_t i = 0; i < n; i++)
			if (mate[i] > (int32_t)i)
				got += W[i * n + (size_t)mate[i]];
		cr_assert_eq(got, brute_mwm(n, W, 0), "round %d", round);
		for (size_t k = 0; k < m; k++)
			cr_assert_geq(blossom_reduced_cost(&c, e[k].u, e[k].v, e[k].w), 0);
		blossom_cert_release(&c);
	}
}

static const struct shape SHAPES[] = {
	{ .n = 2, .norg = 1, .nrole = 2 },
	{ .n = 3, .norg = 2, .nrole = 2 },
	{ .n = 5, .norg = 1, .nrole = 2, .avoid_org = true },  /* impossible */
	{ .n = 9, .norg = 3, .nrole = 2, .hist_pct = 200 },
	{ .n = 17, .norg = 4, .nrole = 3, .mix = true },
	{ .n = 31, .norg = 1, .nrole = 2, .hist_pct = 50 },    /* one org */
	{ .n = 40, .norg = 8, .nrole = 2, .mix = true, .avoid_org = true },
	{ .n = 63, .norg = 5, .nrole = 3, .hist_pct = 300, .topics = true },
	{ .n = 100, .norg = 8, .nrole = 2, .group_size = 3 },
	{ .n = 101, .norg = 3, .nrole = 3, .group_size = 3, .mix = true },
	{ .n = 13, .norg = 2, .nrole = 1, .mix = true },        /* no staff */
	{ .n = 250, .norg = 8, .nrole = 2, .hist_pct = 600, .avoid_org = true },
};

Test(match, properties_over_seeds_and_shapes)
{
	for (size_t sh = 0; sh < sizeof SHAPES / sizeof SHAPES[0]; sh++)
		for (uint64_t seed = 1; seed <= 25; seed++) {
			struct inst t;
			struct match_result a, b;
			struct err e = {0};
			inst_make(&t, &SHAPES[sh], seed * 31 + sh);
			cr_assert_eq(match_run(&t.in, &a, &e), 0, "%s", e.msg);
			check_result(&t.in, &a);
			cr_assert_eq(match_run(&t.in, &b, &e), 0);
			cr_assert(same_result(&a, &b), "shape %zu not reproducible", sh);
			if (SHAPES[sh].group_size == 3) {
				size_t trios = 0;
				for (size_t g = 0; g < a.ngroups; g++)
					trios += a.groups[g].n == 3;
				cr_assert_geq(trios * 3 + 4, (SHAPES[sh].n - a.nunplaced) ,
					      "group_size 3 made too few trios");
			}
			match_result_release(&a);
			match_result_release(&b);
			inst_free(&t);
		}
}

Test(match, impossible_mix_reports_everyone)
{
	struct shape s = { .n = 13, .norg = 2, .nrole = 1, .mix = true };
	struct inst t;
	struct match_result r;
	struct err e = {0};
	inst_make(&t, &s, 5);
	cr_assert_eq(match_run(&t.in, &r, &e), 0);
	cr_assert_eq(r.ngroups, 0);
	cr_assert_eq(r.nunplaced, 13);
	cr_assert(strstr(r.unplaced[0].reason, "mix rule"), "%s",
		  r.unplaced[0].reason);
	match_result_release(&r);
	inst_free(&t);
}

Test(match, odd_count_makes_one_trio)
{
	struct shape s = { .n = 21, .norg = 5, .nrole = 2 };
	struct inst t;
	struct match_result r;
	struct err e = {0};
	inst_make(&t, &s, 8);
	cr_assert_eq(match_run(&t.in, &r, &e), 0);
	check_result(&t.in, &r);
	cr_assert_eq(r.ngroups, 10);
	cr_assert_eq(r.nunplaced, 0);
	cr_assert_eq(r.optimal, false);
	match_result_release(&r);
	inst_free(&t);
}

/* Fast path: above MATCH_EXACT_MAX, same rules, near the bound. */
Test(match, fast_path_properties)
{
	struct shape s = { .n = MATCH_EXACT_MAX + 1001, .norg = 8, .nrole = 3,
			   .hist_pct = 600, .avoid_org = true };
	struct inst t;
	struct match_result a, b;
	struct err e = {0};
	inst_make(&t, &s, 3);
	cr_assert_eq(match_run(&t.in, &a, &e), 0, "%s", e.msg);
	cr_assert_eq(a.optimal, false);
	check_result(&t.in, &a);
	cr_assert_eq(a.nunplaced, 0);
	cr_assert_eq(match_run(&t.in, &b, &e), 0);
	cr_assert(same_result(&a, &b));
	match_result_release(&b);
	t.in.seed = 4;
	cr_assert_eq(match_run(&t.in, &b, &e), 0);
	cr_assert(!same_result(&a, &b));
	match_result_release(&a);
	match_result_release(&b);
	inst_free(&t);
}

/* Issue 15.  blossom_solve_from accepts any start: a random matching
 * (pairs that need not be edges, nor tight) and random, often
 * infeasible duals.  The result must still be optimal with a valid
 * certificate: every edge's reduced cost >= 0, exposed vertices at 0. */
Test(blossom, warm_start_from_any_matching_and_duals)
{
	uint64_t r = 15;
	for (int round = 0; round < 1500; round++) {
		size_t n = 2 + trng(&r) % 11;
		int64_t W[144];
		struct blossom_edge e[80];
		size_t m = 0;
		for (size_t i = 0; i < n * n; i++)
			W[i] = -1;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (trng(&r) % 100 < 60 && m < 80) {
					int64_t w = (round & 1) ? 1000 + (int64_t)(trng(&r) % 7)
								: (int64_t)(trng(&r) % 40);
					W[i * n + j] = W[j * n + i] = w;
					e[m].u = (uint32_t)i;
					e[m].v = (uint32_t)j;
					e[m].w = w;
					m++;
				}
		int32_t mate0[12], mate[12];
		int64_t dual0[12];
		for (size_t i = 0; i < n; i++) {
			mate0[i] = -1;
			dual0[i] = (int64_t)(trng(&r) % 2200);
		}
		for (size_t i = 0; i + 1 < n; i += 2)
			if (trng(&r) % 3) {
				size_t j = i + 1 + trng(&r) % (n - i - 1);
				if (mate0[j] < 0) {
					mate0[i] = (int32_t)j;
					mate0[j] = (int32_t)i;
				}
			}
		struct blossom_cert c;
		cr_assert_eq(blossom_solve_from((uint32_t)n, e, m, mate0, dual0, mate, &c), 0);
		int64_t got = 0;
		for (size_t i = 0; i < n; i++) {
			if (mate[i] < 0) {
				cr_assert_eq(c.dual[i], 0, "round %d: exposed %zu has a dual", round, i);
				continue;
			}
			cr_assert_eq(mate[mate[i]], (int32_t)i);
			cr_assert_geq(W[i * n + (size_t)mate[i]], 0, "round %d: not an edge", round);
			if (mate[i] > (int32_t)i) {
				got += W[i * n + (size_t)mate[i]];
				cr_assert_eq(blossom_reduced_cost(&c, (uint32_t)i, (uint32_t)mate[i],
								  W[i * n + (size_t)mate[i]]), 0);
			}
		}
		cr_assert_eq(got, brute_mwm(n, W, 0), "round %d", round);
		for (size_t k = 0; k < m; k++)
			cr_assert_geq(blossom_reduced_cost(&c, e[k].u, e[k].v, e[k].w), 0);
		blossom_cert_release(&c);
	}
}

static int cmp_bedge(const void *a, const void *b)
{
	const struct blossom_edge *x = a, *y = b;
	if (x->u != y->u)
		return x->u < y->u ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

/* The weight of edge (u, v) in e[0..m), sorted by cmp_bedge. */
static int64_t bedge_weight(const struct blossom_edge *e, size_t m,
			    uint32_t u, uint32_t v)
{
	struct blossom_edge key = { u < v ? u : v, u < v ? v : u, 0 };
	const struct blossom_edge *x = bsearch(&key, e, m, sizeof *e, cmp_bedge);
	return x ? x->w : -1;
}

/* Checks that c proves mate optimal on e[0..m) by complementary
 * slackness (every edge's reduced cost >= 0, 0 on matched edges, exposed
 * vertices at dual 0, no negative dual); returns the matching's
 * weight. */
static int64_t check_cert(struct blossom_cert *c, uint32_t n,
			  const struct blossom_edge *e, size_t m,
			  const int32_t *mate, int round)
{
	int64_t total = 0;
	int64_t *rc = malloc((m + 1) * sizeof *rc);
	cr_assert(rc);
	for (size_t k = 0; k < m; k++) {
		rc[k] = blossom_reduced_cost(c, e[k].u, e[k].v, e[k].w);
		cr_assert_geq(rc[k], 0, "round %d edge %zu", round, k);
	}
	/* the index gives what walking the chains gave */
	bool had = c->depth != NULL;
	cr_assert_eq(blossom_cert_index(c), 0);
	for (size_t k = 0; k < m; k++)
		cr_assert_eq(blossom_reduced_cost(c, e[k].u, e[k].v, e[k].w), rc[k],
			     "round %d edge %zu, index %s", round, k, had ? "kept" : "new");
	free(rc);
	for (uint32_t v = 0; v < n; v++) {
		cr_assert_geq(c->dual[v], 0);
		if (mate[v] < 0) {
			cr_assert_eq(c->dual[v], 0, "round %d: exposed %u has a dual", round, v);
			continue;
		}
		cr_assert_eq(mate[mate[v]], (int32_t)v);
		int64_t w = bedge_weight(e, m, v, (uint32_t)mate[v]);
		cr_assert_geq(w, 0, "round %d: not an edge", round);
		cr_assert_eq(blossom_reduced_cost(c, v, (uint32_t)mate[v], w), 0,
			     "round %d: matched edge not tight", round);
		if (mate[v] > (int32_t)v)
			total += w;
	}
	for (uint32_t x = n; x < 2 * n; x++)
		cr_assert_geq(c->dual[x], 0);
	return total;
}

/* Sorts e and drops parallel edges (the matcher's graphs have none);
 * returns how many are left. */
static size_t unique_edges(struct blossom_edge *e, size_t m)
{
	size_t keep = 0;
	qsort(e, m, sizeof *e, cmp_bedge);
	for (size_t k = 0; k < m; k++)
		if (!keep || cmp_bedge(&e[keep - 1], &e[k]) != 0)
			e[keep++] = e[k];
	return keep;
}

/* Solves e cold, then as the pricing loop does (match_exact.c): first
 * the subgraph sub, then e warm-started from that matching and its
 * duals with the blossom duals folded in (each raised by an even random
 * amount from *raise when raise is not NULL).  Both carry a certificate
 * of optimality and reach the same weight. */
static void warm_equals_cold(uint32_t n, const struct blossom_edge *e, size_t m,
			     const struct blossom_edge *sub, size_t ms,
			     uint64_t *raise, int id)
{
	int32_t *mate = calloc(n, sizeof *mate), *mate0 = calloc(n, sizeof *mate0);
	int64_t *dual0 = calloc(n, sizeof *dual0);
	struct blossom_cert c;
	cr_assert(mate && mate0 && dual0);
	cr_assert_eq(blossom_solve(n, e, m, mate, &c), 0);
	int64_t cold = check_cert(&c, n, e, m, mate, id);
	/* the same solve in the caller's scratch memory, full of garbage,
	 * none of it, part of the working arrays or all of them */
	size_t len = (size_t)(id % 3) * 200 * n;
	unsigned char *scr = malloc(len + 1);
	int32_t *mate2 = calloc(n, sizeof *mate2);
	struct blossom_cert c2;
	cr_assert(scr && mate2);
	memset(scr, 0xab, len + 1);
	cr_assert_eq(blossom_solve_in(n, e, m, NULL, NULL, mate2, &c2,
				      len ? scr : NULL, len), 0);
	for (uint32_t v = 0; v < n; v++)
		cr_assert_eq(mate2[v], mate[v], "%d: scratch of %zu", id, len);
	for (uint32_t x = 0; x < 2 * n; x++)
		cr_assert_eq(c2.dual[x], c.dual[x], "%d: scratch of %zu", id, len);
	blossom_cert_release(&c2);
	free(mate2);
	free(scr);
	blossom_cert_release(&c);
	cr_assert_eq(blossom_solve(n, sub, ms, mate0, &c), 0);
	check_cert(&c, n, sub, ms, mate0, id);
	blossom_cert_fold(&c, dual0);
	blossom_cert_release(&c);
	for (uint32_t v = 0; raise && v < n; v++)
		dual0[v] += 2 * (int64_t)(trng(raise) % 1500);
	cr_assert_eq(blossom_solve_from(n, e, m, mate0, dual0, mate, &c), 0);
	cr_assert_eq(check_cert(&c, n, e, m, mate, id), cold,
		     "%d: cold and warm weights differ", id);
	blossom_cert_release(&c);
	free(mate);
	free(mate0);
	free(dual0);
}

/* 6n random edges on n vertices, parallel ones dropped, weights by kind:
 * 0 all distinct, 1 nearly all tied, 2 four levels plus fine noise, 3
 * two levels plus fine noise; then warm_equals_cold with each edge in
 * the first solve with probability (keep - 1) / keep. */
static void random_graph_cold_and_warm(uint64_t *r, uint32_t n, int kind,
				       unsigned keep, int id)
{
	size_t m = 0, cap = (size_t)n * 6;
	struct blossom_edge *e = calloc(cap, sizeof *e);
	struct blossom_edge *sub = calloc(cap, sizeof *sub);
	cr_assert(e && sub);
	while (m < cap) {
		uint32_t u = (uint32_t)(trng(r) % n), v = (uint32_t)(trng(r) % n);
		if (u == v)
			continue;
		int64_t w = kind == 0 ? (int64_t)(trng(r) % 1000000)
			    : kind == 1 ? 1000 + (int64_t)(trng(r) % 2)
			    : kind == 2 ? (int64_t)(trng(r) % 4) * 1000000 + (int64_t)(trng(r) % 4096)
			    : (1 + (int64_t)(trng(r) % 2)) * 1000000 + (int64_t)(trng(r) % 4096);
		e[m].u = u < v ? u : v;
		e[m].v = u < v ? v : u;
		e[m].w = w;
		m++;
	}
	m = unique_edges(e, m);
	size_t ms = 0;
	for (size_t k = 0; k < m; k++)
		if (trng(r) % keep)
			sub[ms++] = e[k];
	warm_equals_cold(n, e, m, sub, ms, NULL, id);
	free(e);
	free(sub);
}

/* Graphs too large for brute force, shaped like the matcher's candidate
 * graphs (a dozen edges a vertex; weights all distinct, or nearly all
 * tied, or a few levels plus fine noise), where the warm start's short
 * searches (blossom.c, warm_search) do most of the pairing.  Solved
 * cold, and as the pricing loop does (match_exact.c): first on two
 * thirds of the edges, then on all of them warm-started from that
 * matching and its duals with the blossom duals folded in.  Both must
 * carry a certificate of optimality and reach the same weight. */
Test(blossom, certificate_on_candidate_like_graphs)
{
	uint64_t r = 4242;
	for (int round = 0; round < 90; round++) {
		uint32_t n = 50 + (uint32_t)(trng(&r) % 350);
		random_graph_cold_and_warm(&r, n, round % 3, 3, round);
	}
}

/* Issue 15, seventh pass: graphs of 800-1,400 vertices, a dozen edges a
 * vertex, weights in two levels with fine noise or nearly all tied, as
 * `dense` at 1,000 is.  Dozens of trees grow at once and dissolve after
 * each augmentation, so the trees' own logs (vertices and marks), the
 * filing of freed edges against each S-vertex's best, one delta-1 entry
 * per tree and both kinds of heap sweep (heaps of thousands of entries,
 * most of them dead) all run.  Cold and warm-started solves must both
 * carry a certificate and reach the same weight. */
Test(blossom, certificate_on_large_graphs_of_many_trees)
{
	uint64_t r = 715;
	for (int round = 0; round < 6; round++) {
		uint32_t n = 800 + (uint32_t)(trng(&r) % 600);
		random_graph_cold_and_warm(&r, n, round % 2 ? 1 : 3, 4, 1000 + round);
	}
}

/* A warm start leaves exposed vertices at different duals, so a tree is
 * dissolved (retired root, augmentation) while others keep growing.  A
 * vertex inside a surviving tree's blossom could keep its mark "reached
 * from S-vertex v" after v's tree was gone; expanding that blossom then
 * hung the new T-blossom from a free vertex, and the next blossom scan
 * read outside its arrays (a hang in the plain build).  Small sparse
 * graphs of near-tied weights, warm-started as pricing does (matching
 * and folded duals of a subgraph) and from raised duals; each instance
 * numbered by its seed.  The code before the fix fails here under ASan
 * (the read outside the arrays). */
static void warm_case(uint64_t seed, bool raise)
{
	uint64_t r = seed;
	uint32_t n = 4 + (uint32_t)(trng(&r) % 40);
	size_t cap = (size_t)n * (1 + trng(&r) % 6), m = 0, ms = 0;
	int64_t spread = trng(&r) % 4 == 0 ? 2 : 1000;
	struct blossom_edge *e = calloc(cap, sizeof *e), *sub = calloc(cap, sizeof *sub);
	cr_assert(e && sub);
	while (m < cap) {
		uint32_t u = (uint32_t)(trng(&r) % n), v = (uint32_t)(trng(&r) % n);
		if (u == v)
			continue;
		e[m].u = u < v ? u : v;
		e[m].v = u < v ? v : u;
		e[m].w = 1000 + (int64_t)(trng(&r) % (uint64_t)spread);
		m++;
	}
	m = unique_edges(e, m);
	for (size_t k = 0; k < m; k++)
		if (trng(&r) & 1)
			sub[ms++] = e[k];
	warm_equals_cold(n, e, m, sub, ms, raise ? &r : NULL, (int)seed);
	free(e);
	free(sub);
}

Test(blossom, warm_start_after_a_dissolved_tree)
{
	for (uint64_t seed = 1; seed <= 400; seed++)
		warm_case(seed, true);
	for (uint64_t seed = 15500; seed <= 15700; seed++)
		warm_case(seed, false);
}

/* One organisation holding half the people, most of its cross pairs
 * blocked, noise on: match_pairs is proven and equals brute force. */
Test(match, blocked_half_equals_brute_force)
{
	for (uint64_t seed = 1; seed <= 200; seed++) {
		struct shape s = { .n = 4 + seed % 9, .norg = 4, .nrole = 2,
				   .hist_pct = (int)(seed % 60) };
		struct inst t;
		inst_make(&t, &s, seed);
		uint64_t r = seed;
		for (size_t i = 0; i < s.n; i++)
			if (i % 2 == 0)
				t.p[i].organisation = "A";
		struct match_pair blk[80];
		size_t nb = 0;
		for (uint32_t i = 0; i < s.n; i++)
			for (uint32_t j = i + 1; j < s.n; j++)
				if ((strcmp(t.p[i].organisation, "A") == 0) !=
				    (strcmp(t.p[j].organisation, "A") == 0) &&
				    trng(&r) % 10 < 8 && nb < 80) {
					blk[nb].a = i;
					blk[nb].b = j;
					nb++;
				}
		t.in.blocked = blk;
		t.in.nblocked = nb;
		t.in.avoid_same = seed % 3 == 0 ? MATCH_ATTR_ORGANISATION : 0;
		int32_t mate[16];
		bool opt = false;
		struct err e = {0};
		cr_assert_eq(match_pairs(&t.in, mate, &opt, &e), 0, "%s", e.msg);
		cr_assert(opt, "seed %llu not proven", (unsigned long long)seed);
		size_t card = 0;
		int64_t w = 0;
		for (uint32_t i = 0; i < s.n; i++)
			if (mate[i] > (int32_t)i) {
				cr_assert(t_pair_allowed(&t.in, i, (uint32_t)mate[i]));
				card++;
				w += t_weight(&t.in, i, (uint32_t)mate[i]);
			}
		uint32_t used[16] = {0};
		size_t bc = 0;
		int64_t bw = 0;
		brute(&t.in, used, s.n, 0, 0, &bc, &bw);
		cr_assert_eq(card, bc, "seed %llu", (unsigned long long)seed);
		cr_assert_eq(w, bw, "seed %llu", (unsigned long long)seed);
		inst_free(&t);
	}
}

/* People in organisation A: a share pct of n, the rest spread over B-H. */
static size_t dominate(struct inst *t, size_t n, unsigned pct, uint64_t seed)
{
	uint64_t r = seed;
	size_t big = 0;
	for (size_t i = 0; i < n; i++) {
		bool in_a = trng(&r) % 100 < pct;
		t->p[i].organisation = in_a ? "A" : ORGS[1 + trng(&r) % 7];
		big += in_a;
	}
	return big;
}

/* A programme like the benchmark's `fine` family: n/20 organisations,
 * 8 sectors, 3 topics each from 40, priorities 0-3 and fine-grained
 * weights, 12 earlier rounds each a random perfect pairing. */
static char NAMES[48][16];

static void fine_make(struct inst *t, size_t n, uint64_t seed)
{
	uint64_t r = seed * 104729 + 3;
	memset(t, 0, sizeof *t);
	for (int k = 0; k < 48; k++)
		snprintf(NAMES[k], sizeof NAMES[k], "n%d", k);
	static const char *tops[40];
	for (int k = 0; k < 40; k++)
		tops[k] = NAMES[k];
	t->p = calloc(n, sizeof *t->p);
	t->ids = calloc(n, sizeof *t->ids);
	const char **tp = calloc(3 * n, sizeof *tp);
	t->blk = calloc(1, sizeof *t->blk);
	size_t norg = n / 20 < 40 ? n / 20 : 40;
	for (size_t i = 0; i < n; i++) {
		snprintf(t->ids[i], sizeof t->ids[i], "p%zu", i);
		t->p[i].id = t->ids[i];
		t->p[i].organisation = NAMES[trng(&r) % norg];
		t->p[i].sector = SECS[trng(&r) % 3];
		t->p[i].role = "";
		for (int k = 0; k < 3; k++)
			tp[3 * i + (size_t)k] = tops[(i * 7 + (size_t)k * 13 + trng(&r) % 5) % 40];
		t->p[i].topics = tp + 3 * i;
		t->p[i].ntopics = 3;
		t->p[i].priority = (int)(trng(&r) % 4);
	}
	size_t h = 0;
	t->hist = calloc(12 * (n / 2) + 1, sizeof *t->hist);
	uint32_t *perm = malloc(n * sizeof *perm);
	for (int round = 0; round < 12; round++) {
		for (uint32_t i = 0; i < n; i++)
			perm[i] = i;
		for (size_t i = n; i > 1; i--) {
			size_t j = trng(&r) % i;
			uint32_t x = perm[i - 1];
			perm[i - 1] = perm[j];
			perm[j] = x;
		}
		for (size_t i = 0; i + 1 < n; i += 2) {
			t->hist[h].a = perm[i];
			t->hist[h].b = perm[i + 1];
			h++;
		}
	}
	free(perm);
	t->in.seed = seed;
	t->in.group_size = 2;
	t->in.people = t->p;
	t->in.npeople = n;
	t->in.history = t->hist;
	t->in.nhistory = h;
	t->in.blocked = t->blk;
	match_weights_default(&t->in.weights);
	t->in.weights.different_organisation = 1000;
	t->in.weights.different_sector = 137;
	t->in.weights.shared_topic = 61;
	t->in.weights.priority = 23;
}

/* Pricing (issue 15, fourth pass): programmes large enough that every
 * person's candidate lists are full, with fine-grained weights so the
 * candidate graph alone can miss the optimum, against blossom_solve on
 * the whole graph of allowed pairs (most pairs, then most weight; the
 * rules recomputed here).  Proven, and the same number of pairs and
 * weight.  Both kinds of pricing run: by the candidate thresholds, and
 * (an odd round, an avoid rule) over every pair. */
/* match_pairs against blossom_solve on every allowed pair.  plain:
 * weights from organisation, sector and priority alone, an even round
 * and no rule, where the scan leaves the weight store empty and
 * pricing fills it only if the candidate thresholds do not settle the
 * proof. */
static void pricing_vs_full_graph(bool plain)
{
	for (uint64_t seed = 1; seed <= 16; seed++) {
		size_t n = 120 + 16 * seed + (!plain && seed % 4 == 1);
		struct inst t;
		fine_make(&t, n, seed);
		if (!plain && seed % 4 == 2)
			t.in.avoid_same = MATCH_ATTR_ORGANISATION;
		if (seed % 5 == 0)
			t.in.weights.noise = 0;
		if (plain)
			t.in.weights.shared_topic = 0;
		bool *forb = calloc(n * n, sizeof *forb);
		for (size_t k = 0; k < t.in.nhistory; k++) {
			forb[t.hist[k].a * n + t.hist[k].b] = true;
			forb[t.hist[k].b * n + t.hist[k].a] = true;
		}
		struct blossom_edge *e = calloc(n * n / 2 + 1, sizeof *e);
		int64_t *r = calloc(n * n / 2 + 1, sizeof *r);
		size_t m = 0;
		int64_t rmax = 0;
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++) {
				if (forb[i * n + j] ||
				    (t.in.avoid_same &&
				     strcmp(t.p[i].organisation, t.p[j].organisation) == 0))
					continue;
				e[m].u = i;
				e[m].v = j;
				r[m] = t_weight(&t.in, i, j);
				rmax = r[m] > rmax ? r[m] : rmax;
				m++;
			}
		int64_t big = (rmax + 1) * (int64_t)(n / 2 + 1);
		for (size_t k = 0; k < m; k++)
			e[k].w = big + r[k];
		int32_t *mate = malloc(n * sizeof *mate), *best = malloc(n * sizeof *best);
		cr_assert_eq(blossom_solve((uint32_t)n, e, m, best, NULL), 0);
		bool opt = false;
		struct err er = {0};
		cr_assert_eq(match_pairs(&t.in, mate, &opt, &er), 0, "%s", er.msg);
		cr_assert(opt, "seed %llu not proven", (unsigned long long)seed);
		size_t card = 0, bcard = 0;
		int64_t w = 0, bw = 0;
		for (uint32_t i = 0; i < n; i++) {
			if (mate[i] > (int32_t)i) {
				cr_assert(!forb[i * n + (uint32_t)mate[i]]);
				card++;
				w += t_weight(&t.in, i, (uint32_t)mate[i]);
			}
			if (best[i] > (int32_t)i) {
				bcard++;
				bw += t_weight(&t.in, i, (uint32_t)best[i]);
			}
		}
		cr_assert_eq(card, bcard, "seed %llu: %zu pairs, best %zu",
			     (unsigned long long)seed, card, bcard);
		cr_assert_eq(w, bw, "seed %llu: weight %lld, best %lld",
			     (unsigned long long)seed, (long long)w, (long long)bw);
		free(forb);
		free(e);
		free(r);
		free(mate);
		free(best);
		free((void *)t.p[0].topics);
		inst_free(&t);
	}
}

Test(match, pricing_equals_full_graph_optimum)
{
	pricing_vs_full_graph(false);
}

Test(match, pricing_of_plain_rounds_equals_full_graph_optimum)
{
	pricing_vs_full_graph(true);
}

/* The cliff of issue 15 at a size a unit test affords: one organisation
 * with 70%, noise on, default weights.  Proven, and the structure of the
 * optimum: everyone outside A meets someone of another organisation. */
Test(match, dominant_organisation_is_proven)
{
	struct shape s = { .n = 600, .norg = 8, .nrole = 2, .hist_pct = 200 };
	struct inst t;
	inst_make(&t, &s, 5);
	size_t big = dominate(&t, s.n, 70, 5);
	int32_t *mate = malloc(s.n * sizeof *mate);
	bool opt = false;
	struct err e = {0};
	cr_assert_eq(match_pairs(&t.in, mate, &opt, &e), 0, "%s", e.msg);
	cr_assert(opt);
	size_t cross = 0, unpaired = 0;
	for (uint32_t i = 0; i < s.n; i++) {
		if (mate[i] < 0) {
			unpaired++;
			continue;
		}
		if ((uint32_t)mate[i] > i &&
		    strcmp(t.p[i].organisation, t.p[mate[i]].organisation) != 0)
			cross++;
	}
	cr_assert_eq(unpaired, 0);
	cr_assert_eq(cross, s.n - big, "%zu mixed pairs, %zu outside A", cross, s.n - big);
	free(mate);
	inst_free(&t);
}

/* Odd round under the avoid rule on the exact path: one person left by
 * the pairing (proven), who then joins a trio in match_run. */
Test(match, odd_with_avoid_rule_pairs_all_but_one)
{
	struct shape s = { .n = 401, .norg = 8, .nrole = 2, .hist_pct = 300,
			   .avoid_org = true };
	struct inst t;
	inst_make(&t, &s, 9);
	int32_t *mate = malloc(s.n * sizeof *mate);
	bool opt = false;
	struct err e = {0};
	cr_assert_eq(match_pairs(&t.in, mate, &opt, &e), 0, "%s", e.msg);
	cr_assert(opt);
	size_t unpaired = 0;
	for (uint32_t i = 0; i < s.n; i++)
		unpaired += mate[i] < 0;
	cr_assert_eq(unpaired, 1);
	struct match_result res;
	cr_assert_eq(match_run(&t.in, &res, &e), 0, "%s", e.msg);
	check_result(&t.in, &res);
	size_t trios = 0;
	for (size_t g = 0; g < res.ngroups; g++)
		trios += res.groups[g].n == 3;
	cr_assert_eq(trios, 1);
	cr_assert_eq(res.nunplaced, 0);
	match_result_release(&res);
	free(mate);
	inst_free(&t);
}

/* Fast path with one organisation over half the round: under the avoid
 * rule exactly n - b pairs (the most allowed) and the surplus reported,
 * without it everyone paired; every hard rule kept either way. */
Test(match, fast_path_pairs_all_the_rules_allow)
{
	for (int avoid = 0; avoid < 2; avoid++) {
		struct shape s = { .n = MATCH_EXACT_MAX + 2001, .norg = 8, .nrole = 2,
				   .hist_pct = 100, .avoid_org = avoid };
		struct inst t;
		struct match_result res;
		struct err e = {0};
		inst_make(&t, &s, 21);
		t.in.group_size = 2;
		size_t big = dominate(&t, s.n, 62, 21);
		cr_assert_eq(match_run(&t.in, &res, &e), 0, "%s", e.msg);
		check_result(&t.in, &res);
		size_t pairs = 0, placed = 0;
		for (size_t g = 0; g < res.ngroups; g++) {
			pairs += res.groups[g].n == 2;
			placed += (size_t)res.groups[g].n;
		}
		if (avoid) {
			cr_assert_eq(pairs, s.n - big, "%zu pairs, most allowed %zu", pairs, s.n - big);
			cr_assert_eq(res.nunplaced, 2 * big - s.n);
		} else {
			cr_assert_eq(placed, s.n);
		}
		match_result_release(&res);
		inst_free(&t);
	}
}

/* The fast path laid organisations out by size and paired each position
 * with the one half a round away, so an organisation met the same
 * neighbours in the layout every round (a small one only one or two
 * others) and the two largest never met at all.  Pairs must cross
 * organisations at random: pairs between small organisations nearly all
 * join an organisation pair no other pair in the round joins, and over
 * a few rounds (seeds) the three largest organisations all meet. */
Test(match, fast_path_mixes_organisations_at_random)
{
	size_t n = 8 * MATCH_EXACT_MAX + 1;
	struct shape s = { .n = n, .norg = 8, .nrole = 3, .avoid_org = true };
	struct inst t;
	static char names[200][8];
	static bool seen[200][200];
	inst_make(&t, &s, 5);
	for (size_t i = 0; i < n; i++) {
		/* 30%, 20%, 10%, then 197 organisations sharing 40% */
		size_t r = i % 100, o = r < 30 ? 0 : r < 50 ? 1 : r < 60 ? 2
					     : 3 + (i / 100 * 40 + r - 60) % 197;
		snprintf(names[o], sizeof names[o], "o%zu", o);
		t.p[i].organisation = names[o];
		t.p[i].sector = ""; /* every cross pair ideal: no swap mixes */
	}
	bool met[3][3] = {{false}};
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct match_result res;
		struct err e = {0};
		t.in.seed = seed;
		cr_assert_eq(match_run(&t.in, &res, &e), 0, "%s", e.msg);
		check_result(&t.in, &res);
		cr_assert_eq(res.nunplaced, 0);
		size_t small = 0, distinct = 0;
		memset(seen, 0, sizeof seen);
		for (size_t g = 0; g < res.ngroups; g++) {
			if (res.groups[g].n != 2)
				continue;
			int a = atoi(t.p[res.groups[g].member[0]].organisation + 1);
			int b = atoi(t.p[res.groups[g].member[1]].organisation + 1);
			int lo = a < b ? a : b, hi = a < b ? b : a;
			if (hi < 3)
				met[lo][hi] = true;
			if (lo < 3)
				continue;
			small++;
			distinct += !seen[lo][hi];
			seen[lo][hi] = true;
		}
		cr_assert_gt(small, 100);
		cr_assert_gt(distinct * 100, small * 70,
			     "%zu distinct organisation pairs of %zu pairs between small ones",
			     distinct, small);
		match_result_release(&res);
	}
	cr_assert(met[0][1] && met[0][2] && met[1][2],
		  "the largest organisations met: %d %d %d", met[0][1], met[0][2], met[1][2]);
	inst_free(&t);
}
