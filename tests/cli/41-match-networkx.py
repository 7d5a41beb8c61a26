#!/usr/bin/python3
"""cuppa match's exact solver against networkx max_weight_matching
(maxcardinality=True) on a few instances of a few hundred people: the
total weight must be equal (both are exact), every pair allowed.  The
pair weight is recomputed here from the documented formula."""
import json
import os
import random
import subprocess
import sys

import networkx as nx

BIN = os.environ.get("CUPPA_BIN") or os.path.join(
    os.environ.get("CUPPA_ROOT", "."), "build", "cuppa")
W = {"different_organisation": 100, "different_sector": 20,
     "shared_topic": 7, "priority": 13, "noise": 100, "trio_fairness": 10}


def instance(seed, n, norg, hist_rounds, avoid):
    r = random.Random(seed)
    people = [{"id": f"p{i}", "organisation": f"O{r.randrange(norg)}",
               "sector": r.choice(["a", "b", "c", "d", ""]),
               "topics": r.sample([f"t{k}" for k in range(12)], r.randrange(4)),
               "priority": r.randrange(3), "trios": r.randrange(2)}
              for i in range(n)]
    hist = []
    for _ in range(hist_rounds):
        ids = [p["id"] for p in people]
        r.shuffle(ids)
        hist += [[ids[k], ids[k + 1]] for k in range(0, n - 1, 2)]
    doc = {"seed": seed, "people": people, "history": hist, "weights": W}
    if avoid:
        doc["avoid_same"] = ["organisation"]
    return doc


def weight(a, b):
    w = W["priority"] * (a["priority"] + b["priority"])
    w += W["trio_fairness"] * (a["trios"] + b["trios"])
    if a["organisation"] != b["organisation"]:
        w += W["different_organisation"]
    if a["sector"] and b["sector"] and a["sector"] != b["sector"]:
        w += W["different_sector"]
    w += W["shared_topic"] * len(set(a["topics"]) & set(b["topics"]))
    return w


def check(doc):
    people = doc["people"]
    idx = {p["id"]: i for i, p in enumerate(people)}
    banned = {frozenset(h) for h in doc["history"]}
    avoid = "avoid_same" in doc
    g = nx.Graph()
    g.add_nodes_from(range(len(people)))
    for i, a in enumerate(people):
        for j in range(i + 1, len(people)):
            b = people[j]
            if frozenset((a["id"], b["id"])) in banned:
                continue
            if avoid and a["organisation"] == b["organisation"]:
                continue
            g.add_edge(i, j, weight=weight(a, b))
    mate = nx.max_weight_matching(g, maxcardinality=True)
    nx_weight = sum(g[u][v]["weight"] for u, v in mate)
    out = subprocess.run([BIN, "match", "-"], input=json.dumps(doc), text=True,
                         capture_output=True, check=True)
    res = json.loads(out.stdout)
    assert res["optimal"] is True, res["optimal"]
    assert len(res["groups"]) == len(mate) and not res["unplaced"], "cardinality"
    total = 0
    for grp in res["groups"]:
        assert len(grp) == 2, grp
        i, j = idx[grp[0]], idx[grp[1]]
        assert g.has_edge(i, j), f"pair {grp} not allowed"
        total += g[i][j]["weight"]
    assert total == res["weight"], (total, res["weight"])
    assert total == nx_weight, f"cuppa {total} != networkx {nx_weight}"
    return total


def main():
    sys.setrecursionlimit(100000)
    for args in [(1, 200, 10, 12, False), (2, 300, 15, 12, True),
                 (3, 260, 4, 6, True)]:
        w = check(instance(*args))
        print(f"instance {args}: weight {w} equals networkx")
    print("ok")


if __name__ == "__main__":
    main()
