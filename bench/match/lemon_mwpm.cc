// lemon_mwpm: LEMON's weighted matching on an edge list ("n m" then
// "u v w" lines), for the matcher benchmark.  Same objective as cuppa's:
// most pairs first, then most weight.  MaxWeightedPerfectMatching when a
// perfect matching exists (the fastest LEMON has); otherwise
// MaxWeightedMatching with every weight raised by a constant larger than
// any matching's weight, so that one more pair always wins.
// Prints "lemon N SECONDS PEAK_MIB WEIGHT CPU_SECONDS PAIRS" (times
// exclude reading the file).
#include <lemon/list_graph.h>
#include <lemon/matching.h>
#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

static double cpu_now()
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		std::fprintf(stderr, "usage: lemon_mwpm EDGES\n");
		return 2;
	}
	FILE *f = std::fopen(argv[1], "r");
	if (!f)
		return 1;
	unsigned n;
	size_t m;
	if (std::fscanf(f, "%u %zu", &n, &m) != 2)
		return 1;
	lemon::ListGraph g;
	std::vector<lemon::ListGraph::Node> nodes(n);
	for (unsigned i = 0; i < n; i++)
		nodes[i] = g.addNode();
	lemon::ListGraph::EdgeMap<long long> w(g);
	g.reserveEdge((int)m);
	long long maxw = 0;
	for (size_t k = 0; k < m; k++) {
		unsigned u, v;
		long long x;
		if (std::fscanf(f, "%u %u %lld", &u, &v, &x) != 3)
			return 1;
		w.set(g.addEdge(nodes[u], nodes[v]), x);
		if (x > maxw)
			maxw = x;
	}
	std::fclose(f);
	auto t0 = std::chrono::steady_clock::now();
	double c0 = cpu_now();
	long long weight = -1, pairs = 0;
	bool ok = false;
	if (n % 2 == 0) {
		lemon::MaxWeightedPerfectMatching<lemon::ListGraph,
			lemon::ListGraph::EdgeMap<long long>> mw(g, w);
		ok = mw.run();
		if (ok) {
			weight = mw.matchingWeight();
			pairs = n / 2;
		}
	}
	if (!ok) {
		long long big = (maxw + 1) * (long long)(n / 2 + 1);
		lemon::ListGraph::EdgeMap<long long> w2(g);
		for (lemon::ListGraph::EdgeIt e(g); e != lemon::INVALID; ++e)
			w2.set(e, w[e] + big);
		lemon::MaxWeightedMatching<lemon::ListGraph,
			lemon::ListGraph::EdgeMap<long long>> mw(g, w2);
		mw.run();
		pairs = mw.matchingSize();
		weight = mw.matchingWeight() - pairs * big;
	}
	double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	double cs = cpu_now() - c0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	std::printf("lemon %u %.3f %.0f %lld %.3f %lld\n", n, s, ru.ru_maxrss / 1024.0,
		    weight, cs, pairs);
	return 0;
}
