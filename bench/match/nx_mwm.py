#!/usr/bin/python3
"""networkx max_weight_matching(maxcardinality=True) on an edge list
("n m" then "u v w" lines).  Prints "networkx N SECONDS PEAK_MIB WEIGHT";
the time excludes reading the file."""
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
    mate = nx.max_weight_matching(g, maxcardinality=True)
    secs = time.monotonic() - t0
    weight = sum(g[u][v]["weight"] for u, v in mate)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"networkx {n} {secs:.3f} {peak:.0f} {weight}")


if __name__ == "__main__":
    main()
