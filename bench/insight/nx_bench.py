#!/usr/bin/python3
"""networkx baseline for bench/insight/run: the same metrics on the same
edge list.  The average shortest path follows cuppa's rule: exact when the
largest component has at most 5000 people, else BFS from 1000 sources
drawn with Python's random (seed 1) - the same amount of work, not the
same sources.  Prints "seconds key=value ...".

usage: nx_bench.py EDGES
"""
import random
import sys
import time

import networkx as nx


def main():
    edges = []
    with open(sys.argv[1]) as f:
        for line in f:
            a, b, _ = line.split()
            edges.append((int(a), int(b)))
    n = 1 + max(max(a, b) for a, b in edges)
    t0 = time.perf_counter()
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(edges)
    comps = list(nx.connected_components(G))
    L = max(comps, key=len)
    clustering = nx.average_clustering(G)
    H = G.subgraph(L)
    if len(L) <= 5000:
        asp = nx.average_shortest_path_length(H)
        mode = "exact"
    else:
        rnd = random.Random(1)
        src = rnd.sample(sorted(L), 1000)
        tot = 0
        for s in src:
            tot += sum(nx.single_source_shortest_path_length(H, s).values())
        asp = tot / (1000 * (len(L) - 1))
        mode = "sampled"
    org = {v: v % 12 for v in range(n)}
    sec = {v: v % 3 for v in range(n)}
    cross_org = sum(org[a] != org[b] for a, b in G.edges()) / G.number_of_edges()
    cross_sec = sum(sec[a] != sec[b] for a, b in G.edges()) / G.number_of_edges()
    t1 = time.perf_counter()
    print("%.4f nodes=%d edges=%d components=%d lcc=%.6f clustering=%.6f "
          "asp=%.6f (%s) cross_org=%.4f cross_sec=%.4f" % (
              t1 - t0, n, G.number_of_edges(), len(comps), len(L) / n,
              clustering, asp, mode, cross_org, cross_sec))


if __name__ == "__main__":
    main()
