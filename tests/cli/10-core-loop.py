#!/usr/bin/python3
"""End to end: a 12-round programme of a few hundred people driven through
the built `cuppa` binary (the ASan+UBSan build when available).

Checks: nobody ever meets twice, never two people of one organisation
(--avoid-same organisation), trios only absorb an odd count, paused,
skip-next and left people sit out, everyone eligible is placed or reported
with a reason, the same seed gives the same groups, exports round-trip,
stats add up, and the JSON contract of `round --json`.
"""
import csv
import io
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import Workdir, check, finish, run  # noqa: E402

rng = random.Random(2026)
N_PEOPLE, N_ORGS, ROUNDS = 300, 30, 12


def make_people(n, orgs, start=0):
    rows = []
    for i in range(start, start + n):
        org = "Org %02d" % (i % orgs)
        rows.append({"name": "Person %03d" % i, "email": "p%03d@org%02d.example.org" % (i, i % orgs),
                     "organisation": org, "sector": ["health", "housing", "police", "council"][i % 4],
                     "role": "staff", "topics": "topic%d;topic%d" % (i % 7, i % 5),
                     "joined": "2026-%02d-15" % (1 + i % 9)})
    return rows


def to_csv(rows, delim=","):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()), delimiter=delim, lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue()


def month(r):
    return "2027-%02d-01" % r if r <= 12 else "2028-%02d-01" % (r - 12)


def main():
    wd = Workdir()
    try:
        usage_and_help(wd)
        people = make_people(N_PEOPLE, N_ORGS)
        run(wd, "init")
        run(wd, "programme", "add", "Twelve Rounds", "--avoid-same", "organisation")
        path = wd.file("people.csv", "\ufeff" + to_csv(people, ";"))
        _, out, _ = run(wd, "people", "import", "twelve-rounds", path)
        check("300 added" in out, "import of 300 people (BOM, semicolons)")
        bad_csv_changes_nothing(wd)
        loop(wd, people)
        exports_round_trip(wd)
        stats_add_up(wd)
    finally:
        wd.close()
    finish()


def usage_and_help(wd):
    rc, _, err = run(wd, check=False)
    check(rc == 2, "no command: exit 2")
    rc, _, _ = run(wd, "frobnicate", check=False)
    check(rc == 2, "unknown command: exit 2")
    rc, out, _ = run(wd, "--help")
    check(rc == 0 and all(c in out for c in ("init", "programme", "people", "round", "outcome", "export", "stats")),
          "--help lists the commands")
    for cmd in ("init", "programme", "people", "round", "outcome", "export", "stats"):
        rc, out, _ = run(wd, cmd, "--help")
        check(rc == 0 and "usage: cuppa" in out, "%s --help" % cmd)
    rc, _, err = run(wd, "round", "new", check=False)
    check(rc == 2 and "PROGRAMME" in err, "round new without programme: exit 2")


def bad_csv_changes_nothing(wd):
    _, before, _ = run(wd, "export", "twelve-rounds", "people")
    bad = ("name,email,organisation,joined\n"
           "Good Person,good@ok.example.org,Org 01,2026-01-01\n"
           ",nameless@x.example.org,Org 02,\n"
           "Bad Email,not-an-email,Org 03,\n"
           "Dup,p000@org00.example.org,Org 00,\n"
           "Dup Again,P000@ORG00.example.org,Org 00,\n"
           "Bad Date,bd@x.example.org,Org 04,2026-02-30\n")
    path = wd.file("bad.csv", bad)
    rc, _, err = run(wd, "people", "import", "twelve-rounds", path, check=False)
    check(rc == 1, "bad CSV: exit 1")
    for line, field in ((3, "name"), (4, "email"), (6, "email"), (7, "joined")):
        check("%s:%d: %s:" % (path, line, field) in err, "bad CSV names line %d field %s" % (line, field))
    check("good@ok" not in run(wd, "export", "twelve-rounds", "people")[1], "bad CSV added nobody")
    _, after, _ = run(wd, "export", "twelve-rounds", "people")
    check(before == after, "bad CSV changed nothing")
    rc, _, err = run(wd, "people", "import", "twelve-rounds", wd.file("u.csv", "name,email,organisation,shoe\n"), check=False)
    check(rc == 1 and ":1: header: unknown column 'shoe'" in err, "unknown column rejected")


def set_states(wd, r, people, state):
    """Before round r: some pause, skip or leave; a few join."""
    now = month(r)
    emails = [p["email"] for p in people if p["email"] not in state["left"]]
    if r in (3, 7):
        for e in rng.sample(emails, 5):
            until = "2027-%02d-10" % min(r + 2, 12)
            run(wd, "people", "set", "twelve-rounds", e, "--status", "paused", "--until", until, now=now)
            state["paused"][e] = until
    if r % 2 == 0:
        for e in rng.sample(emails, 4):
            if e not in state["paused"]:
                run(wd, "people", "set", "twelve-rounds", e, "--status", "skip-next", now=now)
                state["skip"].add(e)
    if r == 5:
        for e in rng.sample(emails, 6):
            if e not in state["paused"] and e not in state["skip"]:
                run(wd, "people", "set", "twelve-rounds", e, "--status", "left", now=now)
                state["left"].add(e)
    if r in (4, 9):
        for p in make_people(3 if r == 4 else 4, N_ORGS, start=1000 + 10 * r):
            run(wd, "people", "add", "twelve-rounds", "--name", p["name"], "--email", p["email"],
                "--organisation", p["organisation"], now=now)
            people.append(p)


def check_round(r, js, people, state, seen_pairs, org_of):
    now = month(r)
    sitting_out = set(state["skip"]) | set(state["left"]) | {e for e, u in state["paused"].items() if u >= now}
    placed = [m for g in js["groups"] for m in g["members"]]
    unplaced = {u["email"] for u in js["unplaced"]}
    eligible = {p["email"] for p in people} - sitting_out
    ok_keys = set(js) >= {"programme", "round", "state", "seed", "groups", "unplaced"}
    check(ok_keys and js["round"] == r and js["state"] == "draft", "round %d JSON contract" % r)
    check(len(placed) == len(set(placed)), "round %d: nobody placed twice" % r)
    check(not (set(placed) & sitting_out), "round %d: paused/skip/left people sit out" % r)
    check(set(placed) | unplaced == eligible, "round %d: everyone eligible placed or reported" % r)
    check(all(u["reason"] for u in js["unplaced"]), "round %d: unplaced have reasons" % r)
    trios = [g for g in js["groups"] if len(g["members"]) == 3]
    check(len(trios) == len(placed) % 2 and all(len(g["members"]) in (2, 3) for g in js["groups"]),
          "round %d: a trio only for an odd count (%d placed, %d trios)" % (r, len(placed), len(trios)))
    repeats = same_org = 0
    for g in js["groups"]:
        m = g["members"]
        for i in range(len(m)):
            for j in range(i + 1, len(m)):
                pair = frozenset((m[i], m[j]))
                repeats += pair in seen_pairs
                same_org += org_of[m[i]] == org_of[m[j]]
    check(repeats == 0, "round %d: no repeated pairs" % r)
    check(same_org == 0, "round %d: never the same organisation" % r)


def loop(wd, people):
    state = {"paused": {}, "skip": set(), "left": set()}
    seen_pairs = set()
    for r in range(1, ROUNDS + 1):
        now = month(r)
        set_states(wd, r, people, state)
        org_of = {p["email"]: p["organisation"] for p in people}
        _, out, _ = run(wd, "round", "new", "twelve-rounds", "--seed", str(100 + r), "--json", now=now)
        js = json.loads(out)
        check_round(r, js, people, state, seen_pairs, org_of)
        if r == 1:
            _, again, _ = run(wd, "round", "new", "twelve-rounds", "--seed", "101", "--json", now=now)
            check(json.loads(again)["groups"] == js["groups"] or
                  [g["members"] for g in json.loads(again)["groups"]] == [g["members"] for g in js["groups"]],
                  "same seed, same groups")
        run(wd, "round", "publish", "twelve-rounds", str(r), now=now)
        for g in js["groups"]:
            m = g["members"]
            for i in range(len(m)):
                for j in range(i + 1, len(m)):
                    seen_pairs.add(frozenset((m[i], m[j])))
        state["skip"] = set()
        record_some_outcomes(wd, r, js, now)
    rc, _, err = run(wd, "round", "publish", "twelve-rounds", "12", check=False)
    check(rc == 1 and "already" in err, "publishing twice is refused")


def record_some_outcomes(wd, r, js, now):
    for g in js["groups"][: len(js["groups"]) // 3]:
        kind = "met" if g["id"] % 5 else "missed"
        args = ["outcome", "twelve-rounds", str(r), g["members"][0], kind]
        if kind == "met":
            args += ["--rating", str(1 + g["id"] % 5)]
        run(wd, *args, now=now)


def exports_round_trip(wd):
    run(wd, "people", "add", "twelve-rounds", "--name", "=HYPERLINK(\"http://x\")", "--email",
        "formula@x.example.org", "--organisation", "+Org, \"quoted\"")
    _, people_csv, _ = run(wd, "export", "twelve-rounds", "people")
    check("\"'=HYPERLINK" in people_csv and "\"'+Org" in people_csv, "export guards formulas")
    run(wd, "programme", "add", "Copy")
    run(wd, "people", "import", "copy", wd.file("export.csv", people_csv))
    _, again, _ = run(wd, "export", "copy", "people")
    check(again == people_csv, "people CSV round-trips byte for byte")
    _, pj, _ = run(wd, "export", "twelve-rounds", "people", "--json")
    check(len(json.loads(pj)) == len(list(csv.reader(io.StringIO(people_csv)))) - 1, "people JSON export")
    _, rj, _ = run(wd, "export", "twelve-rounds", "rounds", "--json")
    rounds = json.loads(rj)
    _, r3, _ = run(wd, "round", "show", "twelve-rounds", "3", "--json")
    check(rounds[2]["groups"] == json.loads(r3)["groups"], "rounds JSON export matches round show")
    _, rc_, _ = run(wd, "export", "twelve-rounds", "rounds")
    rows = list(csv.DictReader(io.StringIO(rc_)))
    check(sum(1 for x in rows if x["round"] == "3") == sum(len(g["members"]) for g in rounds[2]["groups"]),
          "rounds CSV has a row per member")
    rc, _, _ = run(wd, "export", "twelve-rounds", "nonsense", check=False)
    check(rc == 2, "export of an unknown kind: exit 2")


def stats_add_up(wd):
    _, sj, _ = run(wd, "stats", "twelve-rounds", "--json")
    s = json.loads(sj)
    _, oc, _ = run(wd, "export", "twelve-rounds", "outcomes")
    rows = list(csv.DictReader(io.StringIO(oc)))
    groups = {}
    for x in rows:
        groups.setdefault((x["round"], x["group"]), []).append(x["outcome"])
    met = sum(1 for v in groups.values() if "met" in v)
    missed = sum(1 for v in groups.values() if "met" not in v and "missed" in v)
    check(s["rounds"] == ROUNDS and s["groups"] == len(groups), "stats: rounds and groups")
    check(s["outcomes"]["met"] == met and s["outcomes"]["missed"] == missed and
          s["outcomes"]["no_answer"] == len(groups) - met - missed, "stats: outcomes add up")
    check(s["people"]["left"] >= 6 and s["people"]["total"] >= 308, "stats: people by state")


if __name__ == "__main__":
    main()
