// lemon_mwpm: LEMON's weighted matching on a matcher instance, for the
// matcher benchmark.  Same objective as cuppa's: most pairs first, then
// most weight.  MaxWeightedPerfectMatching when a perfect matching exists
// (the fastest LEMON has); otherwise MaxWeightedMatching with every
// weight raised by a constant larger than any matching's weight, so that
// one more pair always wins.
//
// The input is the instance `mbench instance` writes: people's
// attributes as integers, the weights, the avoid rule and the forbidden
// pairs (history and block list), i.e. what cuppa's match_pairs is given
// with its strings interned.  The clock starts once it is in memory and
// covers what cuppa's covers: the forbidden pairs into a bit matrix, the
// allowed pairs and their weights (the formula of mbench.c's weight()),
// the graph, the matching.  Until 2026-11-29 the driver read a list of
// allowed edges with their weights and timed the matching alone, while
// cuppa's time included building all of that from the instance.
//
// Prints "lemon N SECONDS PEAK_MIB WEIGHT CPU_SECONDS PAIRS BUILD_CPU"
// (BUILD_CPU: the part of CPU_SECONDS spent before the matching).
#include <lemon/smart_graph.h>
#include <lemon/matching.h>
#include <sys/resource.h>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

static double cpu_now()
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct person {
	int org, sec, prio;     // -1: unknown
	int ntop, top[3];
};

int main(int argc, char **argv)
{
	if (argc != 2) {
		std::fprintf(stderr, "usage: lemon_mwpm INSTANCE\n");
		return 2;
	}
	FILE *f = std::fopen(argv[1], "r");
	if (!f)
		return 1;
	unsigned n;
	int avoid;
	long long wo, ws, wt, wp;
	if (std::fscanf(f, "cuppa-match-instance %u %d %lld %lld %lld %lld", &n, &avoid,
			&wo, &ws, &wt, &wp) != 6)
		return 1;
	std::vector<person> p(n);
	for (unsigned i = 0; i < n; i++) {
		person &x = p[i];
		if (std::fscanf(f, "%d %d %d %d", &x.org, &x.sec, &x.prio, &x.ntop) != 4 ||
		    x.ntop < 0 || x.ntop > 3)
			return 1;
		for (int k = 0; k < x.ntop; k++)
			if (std::fscanf(f, "%d", &x.top[k]) != 1)
				return 1;
	}
	size_t nf;
	if (std::fscanf(f, "%zu", &nf) != 1)
		return 1;
	std::vector<uint32_t> fa(nf), fbv(nf);
	for (size_t k = 0; k < nf; k++)
		if (std::fscanf(f, "%u %u", &fa[k], &fbv[k]) != 2 || fa[k] >= n || fbv[k] >= n)
			return 1;
	std::fclose(f);

	auto t0 = std::chrono::steady_clock::now();
	double c0 = cpu_now();
	// forbidden pairs as a bit matrix, as cuppa keeps them
	std::vector<uint64_t> fb(((size_t)n * n + 63) / 64);
	for (size_t k = 0; k < nf; k++) {
		uint64_t x = (uint64_t)fa[k] * n + fbv[k], y = (uint64_t)fbv[k] * n + fa[k];
		fb[x >> 6] |= 1ull << (x & 63);
		fb[y >> 6] |= 1ull << (y & 63);
	}
	lemon::SmartGraph g;
	g.reserveNode((int)n);
	std::vector<lemon::SmartGraph::Node> nodes(n);
	for (unsigned i = 0; i < n; i++)
		nodes[i] = g.addNode();
	// count the allowed pairs first, so the graph and the weights are
	// allocated once
	size_t m = 0;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++) {
			uint64_t x = (uint64_t)i * n + j;
			m += !((fb[x >> 6] >> (x & 63)) & 1) &&
			     !(avoid && p[i].org >= 0 && p[i].org == p[j].org);
		}
	g.reserveEdge((int)m);
	std::vector<long long> ew;
	ew.reserve(m);
	long long maxw = 0;
	for (unsigned i = 0; i < n; i++) {
		const person &a = p[i];
		for (unsigned j = i + 1; j < n; j++) {
			uint64_t x = (uint64_t)i * n + j;
			if ((fb[x >> 6] >> (x & 63)) & 1)
				continue;
			const person &b = p[j];
			if (avoid && a.org >= 0 && a.org == b.org)
				continue;
			long long w = wp * (a.prio + b.prio);
			if (a.org != b.org && a.org >= 0 && b.org >= 0)
				w += wo;
			if (a.sec != b.sec && a.sec >= 0 && b.sec >= 0)
				w += ws;
			for (int s = 0; s < a.ntop; s++)
				for (int t = 0; t < b.ntop; t++)
					w += wt * (a.top[s] == b.top[t]);
			g.addEdge(nodes[i], nodes[j]);
			ew.push_back(w);
			if (w > maxw)
				maxw = w;
		}
	}
	lemon::SmartGraph::EdgeMap<long long> w(g);
	for (lemon::SmartGraph::EdgeIt e(g); e != lemon::INVALID; ++e)
		w.set(e, ew[(size_t)g.id(e)]);
	double cb = cpu_now() - c0;
	long long weight = -1, pairs = 0;
	bool ok = false;
	if (n % 2 == 0) {
		lemon::MaxWeightedPerfectMatching<lemon::SmartGraph,
			lemon::SmartGraph::EdgeMap<long long>> mw(g, w);
		ok = mw.run();
		if (ok) {
			weight = mw.matchingWeight();
			pairs = n / 2;
		}
	}
	if (!ok) {
		long long big = (maxw + 1) * (long long)(n / 2 + 1);
		lemon::SmartGraph::EdgeMap<long long> w2(g);
		for (lemon::SmartGraph::EdgeIt e(g); e != lemon::INVALID; ++e)
			w2.set(e, w[e] + big);
		lemon::MaxWeightedMatching<lemon::SmartGraph,
			lemon::SmartGraph::EdgeMap<long long>> mw(g, w2);
		mw.run();
		pairs = mw.matchingSize();
		weight = mw.matchingWeight() - pairs * big;
	}
	double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	double cs = cpu_now() - c0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	std::printf("lemon %u %.4f %.0f %lld %.4f %lld %.4f\n", n, s, ru.ru_maxrss / 1024.0,
		    weight, cs, pairs, cb);
	return 0;
}
