#!/usr/bin/python3
"""The weave goal through the real CLI (sanitizer build): a long-tail
programme of 300 people in 60 organisations formed for six rounds with
the goal (a new programme's default) and without (new_connection=0),
same seeds.  Checks: every rule holds in every round of both; no round
places fewer people with the goal than without; the goal
links at least 1.3x the distinct organisation pairs; and `cuppa stats
--json` reports the organisation network after every round (overall and
per round) as networkx computes it from the rounds shown.

Env: CUPPA_SAN_BIN or CUPPA_BIN (default build/cuppa), CUPPA_ROOT.
"""
import os
import sys
import tempfile

import networkx as nx

ROOT = os.environ.get("CUPPA_ROOT", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "bench", "weave"))
import weave  # noqa: E402

BIN = os.environ.get("CUPPA_SAN_BIN") or os.environ.get(
    "CUPPA_BIN", os.path.join(ROOT, "build", "cuppa"))
ROUNDS = 6
failures = []


def check(what, got, want):
    if got != want:
        failures.append("%s: cuppa %r, expected %r" % (what, got, want))


def org_graph(p, upto):
    """networkx: organisations of people who took part as nodes, an edge
    once two of their people were grouped together."""
    G = nx.Graph()
    for groups, unplaced in p.rounds[:upto]:
        for g in groups:
            G.add_nodes_from(p.org[m] for m in g)
        G.add_nodes_from(p.org[u["email"] if isinstance(u, dict) else u]
                         for u in unplaced)
        for a, b in weave.pairs_of(groups):
            if p.org[a] != p.org[b]:
                G.add_edge(p.org[a], p.org[b])
    return G


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit("FAIL: no cuppa binary at %s" % BIN)
    sizes = weave.shape("longtail")
    arms = {}
    with tempfile.TemporaryDirectory() as tmp:
        for goal in (False, True):
            p = weave.Programme(BIN, tmp, "arm%d" % goal, sizes, goal)
            for r in range(1, ROUNDS + 1):
                p.round(500 + r)
            for bad in weave.check_rules(p):
                failures.append("goal %s: %s" % (goal, bad))
            arms[goal] = p
            for upto in range(1, ROUNDS + 1):
                st = p.stats(upto)
                G = org_graph(p, upto)
                k = G.number_of_nodes()
                label = "goal %s upto %d" % (goal, upto)
                on = st["organisation_network"]
                check(label + " organisations", on["organisations"], k)
                check(label + " pairs", on["pairs"], G.number_of_edges())
                check(label + " unconnected", on["unconnected"],
                      sum(1 for v in G if G.degree(v) == 0))
                check(label + " possible_pairs", on["possible_pairs"], k * (k - 1) // 2)
                check(label + " pairs_share", on["pairs_share"],
                      nx.density(G) if k > 1 else 0.0)
                last = st["per_round"][-1]
                prev = org_graph(p, upto - 1)
                check(label + " per_round pairs", last["organisation_pairs"],
                      G.number_of_edges())
                check(label + " per_round new", last["new_organisation_pairs"],
                      G.number_of_edges() - prev.number_of_edges())
                this = {frozenset((p.org[a], p.org[b]))
                        for a, b in weave.pairs_of(p.rounds[upto - 1][0])
                        if p.org[a] != p.org[b]}
                check(label + " per_round in round",
                      last["organisation_pairs_in_round"], len(this))
                check(label + " per_round unconnected",
                      last["organisations_unconnected"], on["unconnected"])
    # the goal never costs a pair: every round places as many people
    for r in range(ROUNDS):
        placed = {g: sum(len(x) for x in arms[g].rounds[r][0]) for g in arms}
        if placed[True] < placed[False]:
            failures.append("round %d: %d placed with the goal, %d without"
                            % (r + 1, placed[True], placed[False]))
    without = len(weave.org_pairs(arms[False], ROUNDS))
    with_ = len(weave.org_pairs(arms[True], ROUNDS))
    if with_ < 1.3 * without:
        failures.append("gain: %d organisation pairs with the goal, %d without"
                        " (%.2fx < 1.3x)" % (with_, without, with_ / without))
    if failures:
        print("\n".join(failures[:40]))
        print("FAIL: %d problems" % len(failures))
        return 1
    print("ok: %d organisation pairs with the goal, %d without (%.2fx); rules"
          " hold; stats agree with networkx %s" % (with_, without, with_ / without,
                                                  nx.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
