#!/usr/bin/python3
"""networkx max_weight_matching(maxcardinality=True) on an edge list
("n m" then "u v w" lines).  Prints "networkx N SECONDS PEAK_MIB WEIGHT
CPU_SECONDS"; the times exclude reading the file (CPU time, because the
benchmark machine is shared)."""
import resource
import sys
import time

import networkx as nx


def main():
    with open(sys.argv[1]) as f:
        n, m = map(int, f.readline().split())
        g = nx.Graph()
        g.add_nodes_from(range(n))
        for line in f:
            u, v, w = line.split()
            g.add_edge(int(u), int(v), weight=int(w))
    sys.setrecursionlimit(100000)
    t0 = time.monotonic()
    c0 = time.process_time()
    mate = nx.max_weight_matching(g, maxcardinality=True)
    secs = time.monotonic() - t0
    cpu = time.process_time() - c0
    weight = sum(g[u][v]["weight"] for u, v in mate)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"networkx {n} {secs:.3f} {peak:.0f} {weight} {cpu:.3f}")


if __name__ == "__main__":
    main()
