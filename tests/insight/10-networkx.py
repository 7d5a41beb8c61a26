#!/usr/bin/python3
"""Network metrics of cuppa against networkx, through the real CLI.

Builds several programmes with `cuppa init / programme add / people import
/ round new --seed / round publish / outcome`, then for every round N
compares `cuppa graph P --upto N --format json` (graph and "metrics") and,
when the lead's `cuppa stats --json --round N` carries the insight keys,
those too, with networkx 2.8 computed on a graph the script builds itself
from `round show --json` and the outcomes it recorded.  Exact figures must
agree to the last digit (JSON carries 17 significant digits).

Env: CUPPA_BIN (default build/cuppa), CUPPA_ROOT.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

ROOT = os.environ.get("CUPPA_ROOT", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
BIN = os.environ.get("CUPPA_BIN", os.path.join(ROOT, "build", "cuppa"))

failures = []


def run(db, *args, ok=True):
    p = subprocess.run([BIN, "--db", db, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        sys.exit("FAIL: cuppa %s: rc %d\n%s%s" % (" ".join(args), p.returncode,
                                                   p.stdout, p.stderr))
    return p


def check(what, got, want):
    if got != want:
        failures.append("%s: cuppa %r, networkx %r" % (what, got, want))


def build(tmp, name, npeople, rounds, group_size, seed, orgs, sectors,
          met_p, missed_p, extra_args=()):
    rnd = random.Random(seed)
    db = os.path.join(tmp, name + ".db")
    run(db, "init")
    run(db, "programme", "add", name, "--group-size", str(group_size), *extra_args)
    slug = json.loads(run(db, "programme", "list", "--json").stdout)[-1]["slug"]
    csv = os.path.join(tmp, name + ".csv")
    with open(csv, "w") as f:
        f.write("name,email,organisation,sector,joined\n")
        for i in range(npeople):
            sec = rnd.choice(sectors)
            f.write("Person %d,p%d@example.org,%s,%s,2025-%02d-%02d\n" % (
                i, i, rnd.choice(orgs), sec, 1 + i % 12, 1 + i % 28))
    run(db, "people", "import", slug, csv)
    people = json.loads(run(db, "people", "list", slug, "--json").stdout)
    ids = sorted(p["id"] for p in people)
    rank = {pid: k for k, pid in enumerate(ids)}
    by_email = {p["email"]: p for p in people}
    hist = []  # (round, [emails], status)
    unplaced = []  # (round, email)
    for r in range(1, rounds + 1):
        if r == 3 and npeople > 10:  # someone sits a round out
            run(db, "people", "set", slug, "p1@example.org", "--status", "skip-next")
        run(db, "round", "new", slug, "--seed", str(seed * 100 + r))
        run(db, "round", "publish", slug, str(r))
        show = json.loads(run(db, "round", "show", slug, str(r), "--json").stdout)
        for u in show.get("unplaced", []):
            unplaced.append((r, u["email"] if isinstance(u, dict) else u))
        for g in show["groups"]:
            members = [m["email"] if isinstance(m, dict) else m for m in g["members"]]
            said = []
            for m in members:
                x = rnd.random()
                if x < met_p:
                    run(db, "outcome", slug, str(r), m, "met")
                    said.append("met")
                elif x < met_p + missed_p:
                    run(db, "outcome", slug, str(r), m, "missed")
                    said.append("missed")
            status = ("met" if "met" in said else
                      "missed" if "missed" in said else "unconfirmed")
            hist.append((r, members, status))
    return db, slug, rank, by_email, hist, unplaced


def nx_graph(rank, by_email, hist, unplaced, upto, met_only):
    took = set()
    for r, members, _ in hist:
        if r <= upto:
            took.update(rank[by_email[m]["id"]] for m in members)
    for r, e in unplaced:
        if r <= upto:
            took.add(rank[by_email[e]["id"]])
    G = nx.Graph()
    G.add_nodes_from(sorted(took))  # node order = person id order
    for r, members, status in hist:
        if r > upto or (met_only and status != "met"):
            continue
        idx = [rank[by_email[m]["id"]] for m in members]
        for i in range(len(idx)):
            for j in range(i + 1, len(idx)):
                G.add_edge(idx[i], idx[j])
    return G


def nx_metrics(G, attrs):
    n = G.number_of_nodes()
    comps = list(nx.connected_components(G))
    L = max(comps, key=len) if comps else set()
    org_known = org_cross = sec_known = sec_cross = 0
    for a, b in G.edges():
        oa, ob = attrs[a], attrs[b]
        if oa[0] and ob[0]:
            org_known += 1
            org_cross += oa[0] != ob[0]
        if oa[1] and ob[1]:
            sec_known += 1
            sec_cross += oa[1] != ob[1]
    reached = []
    for v in G.nodes():
        own = attrs[v][0]
        reached.append(len({attrs[w][0] for w in G[v]} - {own, ""}))
    return {
        "nodes": n,
        "edges": G.number_of_edges(),
        "components": len(comps),
        "largest_component_share": len(L) / n if n else 0.0,
        "average_clustering": nx.average_clustering(G) if n else 0.0,
        "average_shortest_path":
            nx.average_shortest_path_length(G.subgraph(L)) if n else None,
        "cross_organisation_share": org_cross / org_known if org_known else 0.0,
        "cross_sector_share": sec_cross / sec_known if sec_known else 0.0,
        "organisations_reached_mean": sum(reached) / n if n else 0.0,
    }


def compare(label, got, want):
    for k, v in want.items():
        check("%s %s" % (label, k), got.get(k), v)


def main():
    if not os.access(BIN, os.X_OK):
        sys.exit("FAIL: no cuppa binary at %s" % BIN)
    specs = [
        # name, people, rounds, group size, seed, orgs, sectors, met, missed
        ("small", 9, 6, 2, 1, ["A", "B", "C"], ["public", "voluntary", ""], .6, .2),
        ("trios", 25, 5, 3, 2, ["A", "B", "C", "D", "E"], ["public", "private"], .5, .3),
        ("medium", 60, 8, 2, 3, ["O%d" % i for i in range(12)],
         ["public", "voluntary", "private", ""], .55, .25),
        ("tight", 8, 9, 2, 4, ["A", "B"], ["x"], .7, .1),
    ]
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for spec in specs:
            db, slug, rank, by_email, hist, unplaced = build(tmp, *spec)
            attrs = {rank[p["id"]]: (p["organisation"], p["sector"])
                     for p in by_email.values()}
            rounds = max(r for r, _, _ in hist)
            for upto in range(1, rounds + 1):
                out = run(db, "graph", slug, "--upto", str(upto), "--format", "json")
                j = json.loads(out.stdout)
                G = nx_graph(rank, by_email, hist, unplaced, upto, False)
                want = nx_metrics(G, attrs)
                label = "%s upto %d" % (slug, upto)
                compare(label, j["metrics"], want)
                # The graph itself: same nodes and edges.
                got_edges = {tuple(sorted((int(e["source"][1:]) - 1,
                                           int(e["target"][1:]) - 1)))
                             for e in j["edges"]}
                check(label + " edge set", got_edges,
                      {tuple(sorted(e)) for e in G.edges()})
                check(label + " node set", [int(n["id"][1:]) - 1 for n in j["nodes"]],
                      list(G.nodes()))
                st = run(db, "stats", slug, "--json", "--round", str(upto), ok=False)
                if st.returncode == 0:
                    sj = json.loads(st.stdout)
                    if "network" in sj:
                        compare(label + " stats.network", sj["network"], want)
                        M = nx_graph(rank, by_email, hist, unplaced, upto, True)
                        compare(label + " stats.met_network", sj["met_network"],
                                nx_metrics(M, attrs))
                        checked += 1
                checked += 1
    if failures:
        print("\n".join(failures[:40]))
        print("FAIL: %d differences" % len(failures))
        return 1
    print("ok: %d graphs agree with networkx %s" % (checked, nx.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
