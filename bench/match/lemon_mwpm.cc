// lemon_mwpm: LEMON's MaxWeightedPerfectMatching on an edge list
// ("n m" then "u v w" lines), for the matcher benchmark.  Prints
// "lemon N SECONDS PEAK_MIB WEIGHT" (time excludes reading the file).
#include <lemon/list_graph.h>
#include <lemon/matching.h>
#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <vector>

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
	for (size_t k = 0; k < m; k++) {
		unsigned u, v;
		long long x;
		if (std::fscanf(f, "%u %u %lld", &u, &v, &x) != 3)
			return 1;
		w.set(g.addEdge(nodes[u], nodes[v]), x);
	}
	std::fclose(f);
	auto t0 = std::chrono::steady_clock::now();
	lemon::MaxWeightedPerfectMatching<lemon::ListGraph,
		lemon::ListGraph::EdgeMap<long long>> mw(g, w);
	bool ok = mw.run();
	double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	std::printf("lemon %u %.3f %.0f %lld%s\n", n, s, ru.ru_maxrss / 1024.0,
		    ok ? (long long)mw.matchingWeight() : -1LL, ok ? "" : " (no perfect matching)");
	return 0;
}
