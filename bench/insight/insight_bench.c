/*
 * insight_bench: the driver of bench/insight/run.  One job per process so
 * that peak memory (measured by /usr/bin/time around it) is the job's own.
 *
 *   insight_bench gen N R FILE     R rounds of random pairs among N people
 *                                  (seed 42): an edge list "a b round" per
 *                                  line, and FILE.dot for the sfdp CLI
 *   insight_bench metrics FILE     every graph metric cuppa computes
 *   insight_bench picture FILE OUT [chain]
 *                                  the SVG picture of the final network
 *                                  (one layout; with "chain" one per round,
 *                                  each seeded by the last, as the CLI
 *                                  and the dashboard draw it)
 *   insight_bench orgs FILE OUT    the organisation picture (--by
 *                                  organisation) of the final network
 *
 * Prints "seconds" of the timed section on stdout (wall clock, excluding
 * reading the file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "insight/metrics.h"
#include "insight/orgview.h"
#include "insight/picture.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rng = 42;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int gen(int n, int rounds, const char *path)
{
	char dot[1024];
	FILE *f = fopen(path, "w");
	snprintf(dot, sizeof dot, "%s.dot", path);
	FILE *d = fopen(dot, "w");
	int *perm = malloc((size_t)n * sizeof *perm);
	if (!f || !d || !perm)
		return 1;
	fprintf(d, "graph g {\n");
	for (int i = 0; i < n; i++)
		fprintf(d, "%d;\n", i);
	for (int r = 1; r <= rounds; r++) {
		for (int i = 0; i < n; i++)
			perm[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = (int)(next() % (uint64_t)(i + 1));
			int t = perm[i];
			perm[i] = perm[j];
			perm[j] = t;
		}
		for (int i = 0; i + 1 < n; i += 2) {
			fprintf(f, "%d %d %d\n", perm[i], perm[i + 1], r);
			fprintf(d, "%d -- %d;\n", perm[i], perm[i + 1]);
		}
	}
	fprintf(d, "}\n");
	fclose(f);
	fclose(d);
	free(perm);
	return 0;
}

/* Reads the edge list into an input: people 0..max, 12 organisations and
 * 3 sectors by index, one group per line. */
static int load(const char *path, struct insight_input *in)
{
	static const char *const orgs[12] = {"o0", "o1", "o2", "o3", "o4", "o5",
					     "o6", "o7", "o8", "o9", "o10", "o11"};
	static const char *const sectors[3] = {"public", "voluntary", "private"};
	FILE *f = fopen(path, "r");
	size_t cap = 1024, ng = 0;
	int a, b, r, maxp = 0, maxr = 0;
	struct insight_group *g = malloc(cap * sizeof *g);
	if (!f || !g)
		return -1;
	while (fscanf(f, "%d %d %d", &a, &b, &r) == 3) {
		if (ng == cap) {
			cap *= 2;
			g = realloc(g, cap * sizeof *g);
			if (!g)
				return -1;
		}
		g[ng++] = (struct insight_group){r, 2, {a, b, 0}, INSIGHT_MET};
		if (ng % 5 == 0)
			g[ng - 1].status = INSIGHT_MISSED;
		if (ng % 7 == 0)
			g[ng - 1].status = INSIGHT_UNCONFIRMED;
		maxp = a > maxp ? a : maxp;
		maxp = b > maxp ? b : maxp;
		maxr = r > maxr ? r : maxr;
	}
	fclose(f);
	struct insight_person *p = calloc((size_t)maxp + 1, sizeof *p);
	struct insight_round *rd = calloc((size_t)maxr, sizeof *rd);
	if (!p || !rd)
		return -1;
	for (int i = 0; i <= maxp; i++)
		p[i] = (struct insight_person){i + 1, i % 12, i % 3, "2026-01-01", "P"};
	for (int i = 0; i < maxr; i++)
		rd[i] = (struct insight_round){i + 1, "2026-02-01"};
	*in = (struct insight_input){.people = p, .npeople = (size_t)maxp + 1,
				     .orgs = orgs, .norgs = 12, .sectors = sectors,
				     .nsectors = 3, .groups = g, .ngroups = ng,
				     .rounds = rd, .nrounds = (size_t)maxr};
	return 0;
}

int main(int argc, char **argv)
{
	struct insight_input in;
	if (argc == 5 && strcmp(argv[1], "gen") == 0)
		return gen(atoi(argv[2]), atoi(argv[3]), argv[4]);
	if (argc < 3 || load(argv[2], &in) < 0) {
		fprintf(stderr, "usage: see the comment at the top of insight_bench.c\n");
		return 2;
	}
	if (strcmp(argv[1], "metrics") == 0) {
		double t0 = now();
		struct insight_graph *g = insight_graph_build(&in, 0, false);
		struct insight_metrics m;
		if (!g || insight_metrics_compute(g, &in, NULL, false, &m) < 0)
			return 1;
		double t1 = now();
		printf("%.4f nodes=%zu edges=%zu components=%zu lcc=%.6f clustering=%.6f "
		       "asp=%.6f%s err=%.4f sources=%zu\n",
		       t1 - t0, m.nodes, m.edges, m.components, m.largest_component_share,
		       m.average_clustering, m.average_shortest_path,
		       m.asp_exact ? " (exact)" : " (sampled)", m.asp_error, m.asp_sources);
		insight_graph_free(g);
		return 0;
	}
	if (strcmp(argv[1], "orgs") == 0 && argc == 4) {
		struct buf b;
		struct err e;
		buf_init(&b, 0);
		double t0 = now();
		if (insight_orgnet_svg(&in, 0, LANG_EN, &b, &e) < 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		double t1 = now();
		FILE *f = fopen(argv[3], "w");
		if (!f)
			return 1;
		fwrite(buf_str(&b), 1, buf_len(&b), f);
		fclose(f);
		printf("%.4f bytes=%zu\n", t1 - t0, buf_len(&b));
		buf_release(&b);
		return 0;
	}
	if (strcmp(argv[1], "picture") == 0 && (argc == 4 || argc == 5)) {
		struct insight_picture_opts o;
		struct buf b;
		struct err e;
		insight_picture_defaults(&o);
		o.chain = argc == 5 && strcmp(argv[4], "chain") == 0;
		buf_init(&b, 0);
		double t0 = now();
		if (insight_picture_svg(&in, &o, &b, &e) < 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		double t1 = now();
		FILE *f = fopen(argv[3], "w");
		if (!f)
			return 1;
		fwrite(buf_str(&b), 1, buf_len(&b), f);
		fclose(f);
		printf("%.4f bytes=%zu\n", t1 - t0, buf_len(&b));
		buf_release(&b);
		return 0;
	}
	return 2;
}
