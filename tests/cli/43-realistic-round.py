#!/usr/bin/env python3
"""The realistic large programme of issue 15 through `round new`: 3,000
people, one council holding 62% of them, no avoid rule, default weights
(noise on), a round of history.  The draft must be proven optimal (the
matcher's dual certificate, checked over every allowed pair: `round new`
records the verdict in the audit row), keep every hard rule, and carry
the weight the matcher reports.  Times belong to bench/match, not here.
"""
import csv
import io
import json
import os
import random
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from cuppatest import Workdir, check, finish, run  # noqa: E402

N, COUNCIL = 3000, 0.62
SECTORS = ["health", "housing", "police", "education", "transport", "social", "finance", "planning"]


def people():
    r = random.Random(15)
    rows = []
    for i in range(N):
        org = "Council" if r.random() < COUNCIL else "Org %03d" % r.randrange(1, 150)
        rows.append({"name": "Person %04d" % i, "email": "p%04d@x%d.example.org" % (i, i % 97),
                     "organisation": org, "sector": r.choice(SECTORS)})
    return rows


def to_csv(rows):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def verdict(wd):
    con = sqlite3.connect(wd.db)
    try:
        row = con.execute("SELECT detail FROM audit WHERE action = 'round.draft' "
                          "ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return dict(kv.split("=", 1) for kv in row[0].split()) if row else {}


def groups_of(wd, number):
    _, out, _ = run(wd, "round", "show", "realistic", str(number), "--json")
    doc = json.loads(out)
    return doc


def emails(g):
    return [m["email"] if isinstance(m, dict) else m for m in g]


def main():
    wd = Workdir()
    try:
        rows = people()
        org = {p["email"]: p["organisation"] for p in rows}
        sec = {p["email"]: p["sector"] for p in rows}
        run(wd, "init")
        run(wd, "programme", "add", "Realistic")
        _, out, _ = run(wd, "people", "import", "realistic", wd.file("people.csv", to_csv(rows)))
        check("3000 added" in out, "import of 3,000 people, one council at 62%")

        # round 1 becomes history for round 2
        run(wd, "round", "new", "realistic", "--seed", "1")
        run(wd, "round", "publish", "realistic", "1")
        first = groups_of(wd, 1)
        met = set()
        for g in first["groups"]:
            m = emails(g["members"] if isinstance(g, dict) else g)
            for a in range(len(m)):
                for b in range(a + 1, len(m)):
                    met.add(frozenset((m[a], m[b])))

        run(wd, "round", "new", "realistic", "--seed", "2")
        v = verdict(wd)
        check(v.get("optimal") == "yes", "round 2 proven optimal (%s)" % v)
        doc = groups_of(wd, 2)
        weight, seen, repeats = 0, [], 0
        for g in doc["groups"]:
            m = emails(g["members"] if isinstance(g, dict) else g)
            seen += m
            for a in range(len(m)):
                for b in range(a + 1, len(m)):
                    x, y = m[a], m[b]
                    repeats += frozenset((x, y)) in met
                    weight += (100 if org[x] != org[y] else 0) + (20 if sec[x] != sec[y] else 0)
        check(sorted(seen) == sorted(org), "everyone placed once (3,000 people, even)")
        check(repeats == 0, "no pair from round 1 again")
        # the reported weight adds the per-person terms (priority, trio
        # fairness), the same for every way of pairing everyone
        check(int(v.get("weight", "-1")) >= weight > 0,
              "reported weight %s covers the pairs' own %d" % (v.get("weight"), weight))
        # Everyone outside the council can meet someone from another
        # organisation (the council alone outnumbers them), and the optimum
        # does so.  The weave goal (new_connection, on for new programmes)
        # may pair two small organisations that never met rather than each
        # with the council, so count people in mixed groups, not pairs.
        outside = sum(1 for p in rows if p["organisation"] != "Council")
        mixed = 0
        for g in doc["groups"]:
            m = emails(g["members"] if isinstance(g, dict) else g)
            orgs = [org[x] for x in m]
            mixed += sum(1 for o in orgs if o != "Council" and len(set(orgs)) > 1)
        check(mixed == outside, "every one of the %d people outside the council meets it or another "
              "organisation (%d do)" % (outside, mixed))
    finally:
        wd.close()
    finish()


if __name__ == "__main__":
    main()
