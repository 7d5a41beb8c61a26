#!/usr/bin/python3
"""The cached figures of `cuppa stats` (issue 15, migration 560) through
the real CLI (sanitizer build): a cached answer equals a fresh computation
after every kind of change, and a change invalidates exactly what it
changes: an outcome in round 2 changes round 2's tally and the network
figures after rounds 2 and 3, never round 1's tally or the figures after
round 1; an organisation changed by a CSV import changes the network
figures only.

Runs on SQLite, or on PostgreSQL when CUPPA_TEST_DB is a postgresql://
URL (41-figures-cache-postgres.sh), reading the cache table with the
sqlite3 module or psql.
"""
import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from cuppatest import Workdir, check, finish, run  # noqa: E402

PEOPLE = """name,email,organisation,sector,joined
Ann Ash,ann@example.org,Alpha,public,2025-11-03
Bob Birch,bob@example.org,Alpha,public,2025-11-04
Cat Cedar,cat@example.org,Beta,voluntary,2025-12-05
Dan Dogwood,dan@example.org,Beta,voluntary,2025-12-06
Eve Elm,eve@example.org,Gamma,private,2026-01-01
Fay Fir,fay@example.org,Gamma,public,2026-01-02
Gus Gum,gus@example.org,Delta,,2026-01-03
Hal Hazel,hal@example.org,Delta,private,2026-01-04
Ivy Iris,ivy@example.org,Epsilon,public,2026-01-05
Jon Juniper,jon@example.org,Epsilon,health,2026-01-06
"""


def sql(wd, query):
    """Rows of a query on the test's database, as tuples of strings."""
    if wd.db.startswith("postgres"):
        out = subprocess.run(["psql", "-At", "-F", "|", wd.db, "-c", query],
                             capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("|")) for line in out.splitlines() if line]
    con = sqlite3.connect(wd.db)
    try:
        rows = [tuple(str(v) for v in r) for r in con.execute(query)]
        con.commit()
        return rows
    finally:
        con.close()


def cache(wd):
    return {(r[0], int(r[1])): r[2] for r in
            sql(wd, "SELECT part, upto, stamp FROM insight_figures")}


def paths(wd, upto):
    """The met network's kept distance sums (part "paths") after upto."""
    rows = sql(wd, "SELECT body FROM insight_figures WHERE part = 'paths'"
               " AND upto = %d" % upto)
    return json.loads(rows[0][0]) if rows else None


def stats(wd, *extra):
    return json.loads(run(wd, "stats", "cache-test", "--json", *extra)[1])


def fresh(wd, *extra):
    """The figures computed from scratch: the cache emptied first."""
    sql(wd, "DELETE FROM insight_figures")
    check(not cache(wd), "the cache is empty before a fresh computation")
    return stats(wd, *extra)


def groups(wd, r):
    out = json.loads(run(wd, "round", "show", "cache-test", str(r), "--json")[1])
    return [[m["email"] if isinstance(m, dict) else m for m in g["members"]]
            for g in out["groups"]]


def main():
    wd = Workdir()
    try:
        run(wd, "init")
        run(wd, "programme", "add", "Cache Test")
        run(wd, "people", "import", "cache-test", wd.file("p.csv", PEOPLE))
        for r in (1, 2, 3):
            run(wd, "round", "new", "cache-test", "--seed", str(r * 11))
            run(wd, "round", "publish", "cache-test", str(r))
        g1, g2 = groups(wd, 1), groups(wd, 2)
        run(wd, "outcome", "cache-test", "1", g1[0][0], "met", "--rating", "4")
        run(wd, "outcome", "cache-test", "2", g2[0][0], "missed")

        cold = stats(wd)
        c1 = cache(wd)
        check(set(c1) == {("round", 1), ("round", 2), ("round", 3),
                          ("rows", 1), ("rows", 2), ("rows", 3),
                          ("structure", 3), ("paths", 3), ("network", 3)},
              "the first stats caches each round's tally and rows, and the "
              "network after round 3 (%s)" % sorted(c1))
        p1 = paths(wd, 3)
        warm = stats(wd)
        check(warm == cold, "a cached answer equals the computed one")
        check(cache(wd) == c1, "reading the cache writes nothing new")
        upto1 = stats(wd, "--round", "1")
        c1 = cache(wd)
        check(("network", 1) in c1, "the figures after round 1 are cached too")
        check(stats(wd, "--round", "3") == cold,
              "--round 3 (the last) is the same cached figures as no --round")

        # An outcome in round 2: a group nobody has answered for says met.
        target = g2[1][0]
        run(wd, "outcome", "cache-test", "2", target, "met", "--rating", "5")
        after = stats(wd)
        c2 = cache(wd)
        check(after["outcomes"]["met"] == cold["outcomes"]["met"] + 1,
              "the outcome counts one more group met (%d -> %d)"
              % (cold["outcomes"]["met"], after["outcomes"]["met"]))
        check(after["ratings"]["count"] == cold["ratings"]["count"] + 1,
              "the rating is counted")
        check(after["per_round"][1]["met"] == cold["per_round"][1]["met"] + 1,
              "round 2's per-round figure changed")
        check(after["met_network"]["edges"] == cold["met_network"]["edges"] + 1,
              "the met network gained the pair (%d -> %d)"
              % (cold["met_network"]["edges"], after["met_network"]["edges"]))
        check(c2[("round", 1)] == c1[("round", 1)],
              "round 1's cached tally is kept")
        check(c2[("round", 2)] != c1[("round", 2)],
              "round 2's cached tally is recomputed")
        check(c2[("network", 3)] != c1[("network", 3)],
              "the network figures after round 3 are recomputed")
        check(c2[("rows", 1)] == c1[("rows", 1)] and
              c2[("rows", 3)] == c1[("rows", 3)] and
              c2[("rows", 2)] != c1[("rows", 2)],
              "only round 2's rows are read again")
        check(c2[("structure", 3)] == c1[("structure", 3)],
              "the whole network's figures (no outcome in them) stay cached")
        p2 = paths(wd, 3)
        check(c2[("paths", 3)] == c1[("paths", 3)] and p2["met"] != p1["met"]
              and len(p2["sums"]) == len(p1["sums"]) > 1,
              "the met network's distance sums are updated (the groups that "
              "met change, the sources stay)")
        check(stats(wd, "--round", "1") == upto1 and
              cache(wd)[("network", 1)] == c1[("network", 1)],
              "the figures after round 1 stay cached and unchanged")
        up2 = stats(wd, "--round", "2")
        check(after == fresh(wd), "after the outcome: cached = fresh")
        check(up2 == fresh(wd, "--round", "2"), "after round 2: cached = fresh")

        # People: an organisation changed by a CSV import.
        stats(wd)
        c3 = cache(wd)
        run(wd, "people", "import", "cache-test", wd.file(
            "q.csv", "name,email,organisation,sector,joined\n"
            "Ann Ash,ann@example.org,Zeta,public,2025-11-03\n"))
        moved = stats(wd)
        c4 = cache(wd)
        check(moved["organisation_network"] != after["organisation_network"],
              "the organisation network follows Ann to Zeta")
        check(c4[("round", 2)] == c3[("round", 2)] and
              c4[("rows", 2)] == c3[("rows", 2)] and
              c4[("network", 3)] != c3[("network", 3)] and
              c4[("structure", 3)] != c3[("structure", 3)],
              "people changes invalidate the network figures, not the "
              "tallies or the rows")
        check(moved == fresh(wd), "after the import: cached = fresh")

        # Incremental = full recount after a run of outcome changes, each
        # answered from a warm cache: a missed that becomes met, a met
        # taken back, a second answer in a group, an answer
        # in round 1 and in the last round.
        g3 = groups(wd, 3)
        changes = [
            ("2", g2[0][0], "met", "--rating", "3"),
            ("1", g1[0][0], "missed"),
            ("1", g1[1][0], "met"),
            ("3", g3[0][0], "met", "--rating", "2"),
            ("3", g3[0][-1], "missed"),
            ("2", g2[1][-1], "met", "--rating", "1"),
            ("3", g3[-1][0], "met"),
        ]
        for ch in changes:
            stats(wd)
            stats(wd, "--round", "2")
            run(wd, "outcome", "cache-test", *ch)
            inc, inc2 = stats(wd), stats(wd, "--round", "2")
            check(inc == fresh(wd) and inc2 == fresh(wd, "--round", "2"),
                  "after outcome %s: incremental = full recount" % " ".join(ch))
        moved = stats(wd)

        # A pause changes the people by state, not the network figures.
        c5 = cache(wd)
        run(wd, "people", "set", "cache-test", "jon@example.org", "--status",
            "paused", "--until", "2099-01-01")
        paused = stats(wd)
        check(paused["people"]["paused"] == moved["people"]["paused"] + 1,
              "the pause is counted")
        check(cache(wd) == c5 and {k: v for k, v in paused.items() if k != "people"}
              == {k: v for k, v in moved.items() if k != "people"},
              "a pause recomputes no cached figure")
        check(paused == fresh(wd), "after the pause: cached = fresh")
        run(wd, "people", "set", "cache-test", "jon@example.org", "--status", "active")

        # A new round published: the figures after it are new ones.
        run(wd, "round", "new", "cache-test", "--seed", "44")
        draft = stats(wd)
        check(draft == fresh(wd), "a draft round changes no figure")
        run(wd, "round", "publish", "cache-test", "4")
        four = stats(wd)
        check(four["rounds"] == 4 and len(four["per_round"]) == 4,
              "the published round 4 is counted")
        check(four == fresh(wd), "after publishing: cached = fresh")
    finally:
        wd.close()
    finish()


if __name__ == "__main__":
    main()
