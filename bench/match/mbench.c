/*
 * mbench: seeded instances for the matcher benchmark, and the cuppa and
 * naive-shuffle contestants.  Each run is one process so peak memory is
 * its own.  Weights and the upper bound are computed here from the
 * instance, independently of the matcher.
 *
 *   mbench edges FAMILY N SEED FILE   full graph of allowed pairs, one
 *                                     "u v w" line each, for networkx
 *   mbench instance FAMILY N SEED FILE  the instance itself (people's
 *                                     attributes as integers, weights,
 *                                     rule, forbidden pairs), for LEMON's
 *                                     driver, which builds the allowed
 *                                     graph from it inside its timing as
 *                                     cuppa does (lemon_mwpm.cc)
 *   mbench bigcount FAMILY N SEED     people in the largest organisation
 *   mbench overlap FAMILY N SEED      pairs shared by cuppa's groups under
 *                                     two match seeds on the same instance
 *   mbench run FAMILY N SEED cuppa|pairs|shuffle
 *       prints: solver n seconds peak_mib weight repeats cross_org_pct
 *               bound pct_of_bound optimal unpaired cpu_seconds pairs
 *       (cuppa: match_run, as a round; pairs: match_pairs, the pairing
 *       stage alone, which is what LEMON and networkx solve)
 *       MBENCH_LOOP=k: solve k times (for perf record; times are the sum)
 *
 * Families (n people, 12 earlier rounds of history each a random perfect
 * pairing, so everyone has 12 people they may not meet again):
 *   1 "orgs":  n/20 organisations, 8 sectors, default weights;
 *   2 "skew":  one organisation holds two thirds of the people;
 *   3 "fine":  as 1 plus 3 topics each from 40 and priorities 0-3, with
 *              fine-grained weights (1000/137/61 per topic/23 priority);
 *   "skew40", "skew70": one organisation holds 40% / 70%, 5% of people
 *              have no organisation or no sector, default weights;
 *   "blocked": half in one organisation, 90% of its cross pairs blocked;
 *   "dense":   as orgs, and 80% of all pairs already met;
 *   "odd":     as orgs with n+1 (odd) people and avoid_same organisation;
 *   "council62": one council with 62%, no avoid rule (the realistic
 *              programme of issue 15);
 *   "bigP", "bigP-avoid": the largest organisation at P% (30, 49, 62,
 *              80), without and with avoid_same organisation.
 * Noise (seeded tie-breaking) is on everywhere: the default weights.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "match/match.h"

static uint64_t rs;
static uint64_t rnd(void)
{
	uint64_t z = (rs += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static uint32_t below(uint32_t n) { return (uint32_t)(((rnd() >> 32) * n) >> 32); }

static const char *SECT[8] = { "health", "housing", "police", "education",
			       "transport", "social", "finance", "planning" };
static char TOPS[40][8];
static const char *TOPP[40];

struct inst {
	struct match_input in;
	struct match_person *p;
	struct match_pair *hist;
	struct match_pair *blk;
	char *orgpool;
	uint32_t *org;   /* org index per person, UINT32_MAX unknown */
	uint8_t *sec;    /* 255 unknown */
	uint8_t *top;    /* 3 topic ids per person (fine family) */
	uint32_t *hoff, *hadj; /* history + block CSR */
	uint64_t *fbits; /* the same as a bit matrix when n is small */
	uint32_t big;    /* people in organisation 0 */
};

/* A family: name, share of the largest organisation (percent, 0 = none),
 * share unknown (percent), fine weights, blocked, dense history, avoid. */
struct fam {
	const char *name;
	int bigpct, unknownpct, fine, blocked, dense, avoid;
};

static const struct fam FAMS[] = {
	{ "orgs", 0, 0, 0, 0, 0, 0 },
	{ "skew", 67, 0, 0, 0, 0, 0 },
	{ "fine", 0, 0, 1, 0, 0, 0 },
	{ "skew40", 40, 5, 0, 0, 0, 0 },
	{ "skew70", 70, 5, 0, 0, 0, 0 },
	{ "blocked", 50, 0, 0, 1, 0, 0 },
	{ "dense", 0, 0, 0, 0, 1, 0 },
	{ "odd", 0, 0, 0, 0, 0, 1 },
	{ "council62", 62, 0, 0, 0, 0, 0 },
	{ "big30", 30, 0, 0, 0, 0, 0 },
	{ "big49", 49, 0, 0, 0, 0, 0 },
	{ "big62", 62, 0, 0, 0, 0, 0 },
	{ "big80", 80, 0, 0, 0, 0, 0 },
	{ "big30-avoid", 30, 0, 0, 0, 0, 1 },
	{ "big49-avoid", 49, 0, 0, 0, 0, 1 },
	{ "big62-avoid", 62, 0, 0, 0, 0, 1 },
	{ "big80-avoid", 80, 0, 0, 0, 0, 1 },
};

static const struct fam *fam_find(const char *name)
{
	for (size_t k = 0; k < sizeof FAMS / sizeof FAMS[0]; k++)
		if (strcmp(FAMS[k].name, name) == 0)
			return &FAMS[k];
	/* old numeric names */
	if (strcmp(name, "1") == 0)
		return &FAMS[0];
	if (strcmp(name, "2") == 0)
		return &FAMS[1];
	if (strcmp(name, "3") == 0)
		return &FAMS[2];
	return NULL;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double peak_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static void setbit(struct inst *t, uint32_t a, uint32_t b)
{
	uint64_t n = t->in.npeople, x = a * n + b, y = b * n + a;
	t->fbits[x >> 6] |= 1ull << (x & 63);
	t->fbits[y >> 6] |= 1ull << (y & 63);
}

static int getbit(const struct inst *t, uint32_t a, uint32_t b)
{
	uint64_t x = (uint64_t)a * t->in.npeople + b;
	return (t->fbits[x >> 6] >> (x & 63)) & 1;
}

static void make(struct inst *t, const struct fam *f, uint32_t n, uint64_t seed)
{
	int fam = (int)(f - FAMS) + 1;
	rs = seed * 1000003 + (uint64_t)fam;
	memset(t, 0, sizeof *t);
	if (f->avoid && (n & 1) == 0 && !f->bigpct)
		n++; /* the odd family: odd n */
	uint32_t norg = n / 20 ? n / 20 : 1;
	t->p = calloc(n, sizeof *t->p);
	t->org = calloc(n, sizeof *t->org);
	t->sec = calloc(n, 1);
	t->top = calloc((size_t)n * 3, 1);
	t->orgpool = calloc(norg, 12);
	t->in.npeople = n;
	if (n <= 20000)
		t->fbits = calloc(((size_t)n * n + 63) / 64, 8);
	for (int k = 0; k < 40; k++) {
		snprintf(TOPS[k], sizeof TOPS[k], "t%d", k);
		TOPP[k] = TOPS[k];
	}
	for (uint32_t o = 0; o < norg; o++)
		snprintf(t->orgpool + (size_t)o * 12, 12, "o%u", o);
	for (uint32_t i = 0; i < n; i++) {
		struct match_person *p = &t->p[i];
		uint32_t o = below(norg);
		if (f->bigpct) {
			if (below(100) < (uint32_t)f->bigpct)
				o = 0;
			else
				o = 1 + below(norg > 1 ? norg - 1 : 1);
		}
		t->org[i] = o;
		t->sec[i] = (uint8_t)below(8);
		p->id = "x";
		p->organisation = t->orgpool + (size_t)o * 12;
		p->sector = SECT[t->sec[i]];
		if (f->unknownpct && below(100) < (uint32_t)f->unknownpct) {
			if (below(2)) {
				t->org[i] = UINT32_MAX;
				p->organisation = "";
			} else {
				t->sec[i] = 255;
				p->sector = "";
			}
		}
		t->big += t->org[i] == 0;
		p->role = "";
		if (f->fine) {
			/* topics: 3 distinct-ish from 40; kept as indices too */
			uint8_t a = (uint8_t)below(40), b = (uint8_t)below(40),
				c = (uint8_t)below(40);
			while (b == a)
				b = (uint8_t)below(40);
			while (c == a || c == b)
				c = (uint8_t)below(40);
			t->top[3 * (size_t)i] = a;
			t->top[3 * (size_t)i + 1] = b;
			t->top[3 * (size_t)i + 2] = c;
			p->priority = (int)below(4);
		}
	}
	if (f->fine) {
		/* topics point into a per-person triple of the shared strings */
		const char **tp = calloc((size_t)n * 3, sizeof *tp);
		for (size_t k = 0; k < (size_t)n * 3; k++)
			tp[k] = TOPP[t->top[k]];
		for (uint32_t i = 0; i < n; i++) {
			t->p[i].topics = tp + 3 * (size_t)i;
			t->p[i].ntopics = 3;
		}
	}
	/* 12 rounds of history: random perfect pairings; the dense family
	 * has met 80% of everyone */
	size_t cap = 12 * (size_t)(n / 2) + 1, h = 0;
	if (f->dense)
		cap = (size_t)n * (n - 1) / 2 * 85 / 100 + 1;
	t->hist = calloc(cap, sizeof *t->hist);
	uint32_t *perm = malloc((size_t)n * sizeof *perm);
	for (int r = 0; r < 12; r++) {
		for (uint32_t i = 0; i < n; i++)
			perm[i] = i;
		for (uint32_t i = n; i > 1; i--) {
			uint32_t j = below(i), x = perm[i - 1];
			perm[i - 1] = perm[j];
			perm[j] = x;
		}
		for (uint32_t i = 0; i + 1 < n; i += 2) {
			t->hist[h].a = perm[i];
			t->hist[h].b = perm[i + 1];
			if (t->fbits)
				setbit(t, perm[i], perm[i + 1]);
			h++;
		}
	}
	free(perm);
	if (f->dense)
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				if (below(100) < 80 && !getbit(t, i, j) && h + 1 < cap) {
					t->hist[h].a = i;
					t->hist[h].b = j;
					setbit(t, i, j);
					h++;
				}
	/* blocked: 90% of the big organisation's cross pairs */
	size_t nb = 0;
	if (f->blocked) {
		size_t bcap = (size_t)t->big * (n - t->big) + 1;
		t->blk = calloc(bcap, sizeof *t->blk);
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				if ((t->org[i] == 0) != (t->org[j] == 0) &&
				    below(100) < 90 && !getbit(t, i, j)) {
					t->blk[nb].a = i;
					t->blk[nb].b = j;
					setbit(t, i, j);
					nb++;
				}
	}
	if (!t->fbits) {
		t->hoff = calloc((size_t)n + 1, sizeof *t->hoff);
		t->hadj = calloc(2 * h + 1, sizeof *t->hadj);
		for (size_t k = 0; k < h; k++) {
			t->hoff[t->hist[k].a + 1]++;
			t->hoff[t->hist[k].b + 1]++;
		}
		for (uint32_t i = 0; i < n; i++)
			t->hoff[i + 1] += t->hoff[i];
		uint32_t *fill = calloc(n, sizeof *fill);
		for (size_t k = 0; k < h; k++) {
			uint32_t a = t->hist[k].a, b = t->hist[k].b;
			t->hadj[t->hoff[a] + fill[a]++] = b;
			t->hadj[t->hoff[b] + fill[b]++] = a;
		}
		free(fill);
	}
	t->in.seed = seed;
	t->in.group_size = 2;
	t->in.people = t->p;
	t->in.history = t->hist;
	t->in.nhistory = h;
	t->in.blocked = t->blk;
	t->in.nblocked = nb;
	if (f->avoid)
		t->in.avoid_same = MATCH_ATTR_ORGANISATION;
	match_weights_default(&t->in.weights);
	if (f->fine) {
		t->in.weights.different_organisation = 1000;
		t->in.weights.different_sector = 137;
		t->in.weights.shared_topic = 61;
		t->in.weights.priority = 23;
	}
}

/* Met before, blocked, or (under the avoid rule) same organisation. */
static int met(const struct inst *t, uint32_t a, uint32_t b)
{
	if (t->in.avoid_same && t->org[a] != UINT32_MAX && t->org[a] == t->org[b])
		return 1;
	if (t->fbits)
		return getbit(t, a, b);
	for (uint32_t k = t->hoff[a]; k < t->hoff[a + 1]; k++)
		if (t->hadj[k] == b)
			return 1;
	return 0;
}

static int64_t weight(const struct inst *t, uint32_t a, uint32_t b)
{
	const struct match_weights *w = &t->in.weights;
	int64_t r = w->priority * (t->p[a].priority + t->p[b].priority);
	if (t->org[a] != t->org[b] && t->org[a] != UINT32_MAX &&
	    t->org[b] != UINT32_MAX)
		r += w->different_organisation;
	if (t->sec[a] != t->sec[b] && t->sec[a] != 255 && t->sec[b] != 255)
		r += w->different_sector;
	if (t->p[a].ntopics)
		for (int x = 0; x < 3; x++)
			for (int y = 0; y < 3; y++)
				if (t->top[3 * (size_t)a + x] == t->top[3 * (size_t)b + y])
					r += w->shared_topic;
	return r;
}

/* Twice an upper bound on the weight: the sum over people of the best
 * weight any partner could bring them (everything different that is
 * known, all topics shared, the largest priority).  Under the avoid rule
 * every pair holds someone outside organisation 0, so the weight is also
 * at most the sum of those people's best.  Without the rule, when
 * organisation 0 holds b > n/2 people, at least (2b - n)/2 pairs lie
 * inside it and bring at most bb each (no organisation term): the weight
 * is at most sum over the others of max(best, bb) + bb (2b - n)/2 (a
 * pair with someone outside brings at most that person's best, and
 * pairing two outsiders frees two insiders for one inside pair).  Exact
 * for the families without topics or priorities when everyone can be
 * paired. */
static int64_t bound2(const struct inst *t)
{
	const struct match_weights *w = &t->in.weights;
	int64_t s = 0, small = 0;
	int maxp = 0;
	for (size_t i = 0; i < t->in.npeople; i++)
		if (t->p[i].priority > maxp)
			maxp = t->p[i].priority;
	for (size_t i = 0; i < t->in.npeople; i++) {
		int64_t b = (t->org[i] != UINT32_MAX ? w->different_organisation : 0) +
			    (t->sec[i] != 255 ? w->different_sector : 0) +
			    w->shared_topic * (int64_t)t->p[i].ntopics +
			    w->priority * (t->p[i].priority + maxp);
		s += b;
		if (t->org[i] != 0)
			small += b;
	}
	if (t->in.avoid_same && 2 * small < s)
		s = 2 * small;
	int64_t n = (int64_t)t->in.npeople, b = t->big;
	if (!t->in.avoid_same && 2 * b > n) {
		int64_t bb = w->different_sector + 3 * w->shared_topic +
			     2 * w->priority * maxp, o = 0;
		for (size_t i = 0; i < t->in.npeople; i++) {
			if (t->org[i] == 0)
				continue;
			int64_t x = (t->org[i] != UINT32_MAX ? w->different_organisation : 0) +
				    (t->sec[i] != 255 ? w->different_sector : 0) +
				    w->shared_topic * (int64_t)t->p[i].ntopics +
				    w->priority * (t->p[i].priority + maxp);
			o += x > bb ? x : bb;
		}
		o += bb * ((2 * b - n) / 2);
		if (2 * o < s)
			s = 2 * o;
	}
	return s; /* twice the bound */
}

int main(int argc, char **argv)
{
	if (argc < 5 || (argc < 6 && strcmp(argv[1], "overlap") != 0 &&
			  strcmp(argv[1], "bigcount") != 0)) {
		fprintf(stderr, "usage: mbench edges|instance|overlap|bigcount|run FAMILY N SEED [FILE|SOLVER]\n");
		return 2;
	}
	const struct fam *fam = fam_find(argv[2]);
	uint32_t n = (uint32_t)strtoul(argv[3], NULL, 10);
	if (!fam) {
		fprintf(stderr, "mbench: unknown family %s\n", argv[2]);
		return 2;
	}
	uint64_t seed = strtoull(argv[4], NULL, 10);
	struct inst t;
	make(&t, fam, n, seed);
	n = (uint32_t)t.in.npeople;

	if (strcmp(argv[1], "bigcount") == 0) {
		printf("%u\n", t.big);
		return 0;
	}
	if (strcmp(argv[1], "instance") == 0) {
		/* what match_pairs is given, with the strings already
		 * interned: LEMON's driver reads it before its clock starts */
		FILE *f = fopen(argv[5], "w");
		if (!f)
			return 1;
		const struct match_weights *w = &t.in.weights;
		fprintf(f, "cuppa-match-instance %u %d %lld %lld %lld %lld\n", n,
			t.in.avoid_same ? 1 : 0, (long long)w->different_organisation,
			(long long)w->different_sector, (long long)w->shared_topic,
			(long long)w->priority);
		for (uint32_t i = 0; i < n; i++) {
			fprintf(f, "%d %d %d %zu", t.org[i] == UINT32_MAX ? -1 : (int)t.org[i],
				t.sec[i] == 255 ? -1 : (int)t.sec[i], t.p[i].priority,
				t.p[i].ntopics);
			for (size_t k = 0; k < t.p[i].ntopics; k++)
				fprintf(f, " %d", t.top[3 * (size_t)i + k]);
			fputc('\n', f);
		}
		fprintf(f, "%zu\n", t.in.nhistory + t.in.nblocked);
		for (size_t k = 0; k < t.in.nhistory; k++)
			fprintf(f, "%u %u\n", t.in.history[k].a, t.in.history[k].b);
		for (size_t k = 0; k < t.in.nblocked; k++)
			fprintf(f, "%u %u\n", t.in.blocked[k].a, t.in.blocked[k].b);
		fclose(f);
		return 0;
	}
	if (strcmp(argv[1], "edges") == 0) {
		FILE *f = fopen(argv[5], "w");
		if (!f)
			return 1;
		size_t m = 0;
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				m += !met(&t, i, j);
		fprintf(f, "%u %zu\n", n, m);
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = i + 1; j < n; j++)
				if (!met(&t, i, j))
					fprintf(f, "%u %u %lld\n", i, j,
						(long long)weight(&t, i, j));
		fclose(f);
		return 0;
	}

	int32_t *mate = malloc((size_t)n * sizeof *mate);
	if (strcmp(argv[1], "overlap") == 0) {
		struct match_result r1, r2;
		struct err e = {0};
		t.in.seed = seed * 7 + 1;
		if (match_run(&t.in, &r1, &e) < 0)
			return 1;
		t.in.seed = seed * 7 + 2;
		if (match_run(&t.in, &r2, &e) < 0)
			return 1;
		for (uint32_t i = 0; i < n; i++)
			mate[i] = -1;
		for (size_t g = 0; g < r1.ngroups; g++)
			if (r1.groups[g].n == 2) {
				mate[r1.groups[g].member[0]] = (int32_t)r1.groups[g].member[1];
				mate[r1.groups[g].member[1]] = (int32_t)r1.groups[g].member[0];
			}
		size_t shared = 0, pairs = 0;
		for (size_t g = 0; g < r2.ngroups; g++)
			if (r2.groups[g].n == 2) {
				pairs++;
				shared += mate[r2.groups[g].member[0]] ==
					  (int32_t)r2.groups[g].member[1];
			}
		printf("overlap %u %zu of %zu pairs shared (%.5f; 1/(n-1) = %.5f)\n", n,
		       shared, pairs, pairs ? (double)shared / (double)pairs : 0.0,
		       1.0 / (double)(n - 1));
		return 0;
	}
	double t0 = now(), c0 = cpu_now(), secs;
	bool optimal = false;
	const char *solver = argv[5];
	if (strcmp(solver, "shuffle") == 0) {
		/* what the bots do: shuffle and pair neighbours */
		uint32_t *perm = malloc((size_t)n * sizeof *perm);
		rs = seed ^ 0xABCDEF;
		for (uint32_t i = 0; i < n; i++)
			perm[i] = i;
		for (uint32_t i = n; i > 1; i--) {
			uint32_t j = below(i), x = perm[i - 1];
			perm[i - 1] = perm[j];
			perm[j] = x;
		}
		for (uint32_t i = 0; i < n; i++)
			mate[i] = -1;
		for (uint32_t i = 0; i + 1 < n; i += 2) {
			mate[perm[i]] = (int32_t)perm[i + 1];
			mate[perm[i + 1]] = (int32_t)perm[i];
		}
		free(perm);
	} else if (strcmp(solver, "pairs") == 0) {
		/* the pairing stage alone (no trio for an odd person): what
		 * LEMON and networkx compute */
		struct err e = {0};
		/* MBENCH_LOOP=k solves k times in one process, for
		 * perf record; the times printed are then k runs' */
		const char *lp = getenv("MBENCH_LOOP");
		for (long k = lp ? atol(lp) : 1; k > 0; k--)
			if (match_pairs(&t.in, mate, &optimal, &e) < 0) {
				fprintf(stderr, "match_pairs: %s\n", e.msg);
				return 1;
			}
	} else {
		struct match_result r;
		struct err e = {0};
		if (match_run(&t.in, &r, &e) < 0) {
			fprintf(stderr, "match_run: %s\n", e.msg);
			return 1;
		}
		for (uint32_t i = 0; i < n; i++)
			mate[i] = -1;
		for (size_t g = 0; g < r.ngroups; g++)
			if (r.groups[g].n == 2) {
				mate[r.groups[g].member[0]] = (int32_t)r.groups[g].member[1];
				mate[r.groups[g].member[1]] = (int32_t)r.groups[g].member[0];
			}
		optimal = r.optimal;
		match_result_release(&r);
	}
	secs = now() - t0;
	double cpu = cpu_now() - c0;
	int64_t w = 0;
	size_t pairs = 0, rep = 0, cross = 0, unm = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (mate[i] < 0) {
			unm++;
			continue;
		}
		if ((uint32_t)mate[i] < i)
			continue;
		pairs++;
		w += weight(&t, i, (uint32_t)mate[i]);
		rep += (size_t)met(&t, i, (uint32_t)mate[i]);
		cross += t.org[i] != t.org[mate[i]];
	}
	int64_t b2 = bound2(&t);
	printf("%s %u %.4f %.0f %lld %zu %.2f %lld %.3f %s %zu %.4f %zu\n", solver, n, secs,
	       peak_mib(), (long long)w, rep,
	       pairs ? 100.0 * (double)cross / (double)pairs : 0.0,
	       (long long)(b2 / 2), b2 ? 200.0 * (double)w / (double)b2 : 0.0,
	       optimal ? "yes" : "no", unm, cpu, pairs);
	return 0;
}
