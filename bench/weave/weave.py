"""Shared by bench/weave/run and tests/insight/30-weave.py: a programme
formed round by round through the real CLI (init, programme add,
people import, round new --seed, round publish), with or without the
weave goal, and the figures the two compare.  No outcomes are recorded
(nobody gets a priority from a missed meeting; both arms alike)."""
import json
import os
import subprocess
import time


def shape(name, n=300):
    """Organisation sizes of a programme shape (n people)."""
    if name == "equal":          # 30 organisations of 10
        return [10] * (n // 10)
    if name == "dominant":       # one organisation holds 45%
        big = n * 45 // 100
        return [big] + [5] * ((n - big) // 5) + ([(n - big) % 5] if (n - big) % 5 else [])
    if name == "longtail":       # 60 organisations, one of 68, many of 1-2
        head = [68, 30, 20, 14, 12, 10, 9, 8, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3]
        tail = [2] * 36 + [1] * 4
        sizes = head + tail
        assert sum(sizes) == 300 and len(sizes) == 60
        return sizes
    if name == "onesies":        # a third in one organisation, the rest alone
        return [n // 3] + [1] * (n - n // 3)
    raise ValueError(name)


def write_csv(path, sizes):
    k = 0
    with open(path, "w") as f:
        f.write("name,email,organisation,sector\n")
        for o, size in enumerate(sizes):
            for _ in range(size):
                f.write("Person %d,p%d@example.org,Org %02d,Sector %d\n"
                        % (k, k, o, o % 6))
                k += 1


class Programme:
    def __init__(self, binary, tmp, label, sizes, goal, avoid=True):
        self.bin, self.db = binary, os.path.join(tmp, label + ".db")
        self.slug = "p"
        self.run("init")
        args = ["programme", "add", "P"]
        if avoid:
            args += ["--avoid-same", "organisation"]
        if not goal:
            args += ["--weights", "new_connection=0"]
        self.run(*args)
        csv = os.path.join(tmp, label + ".csv")
        write_csv(csv, sizes)
        self.run("people", "import", self.slug, csv)
        self.org = {p["email"]: p["organisation"] for p in
                    json.loads(self.run("people", "list", self.slug, "--json"))}
        self.rounds = []        # [[emails of a group], ...] per round
        self.seconds = []       # wall time of each `round new`

    def run(self, *args):
        p = subprocess.run([self.bin, "--db", self.db, *args],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit("FAIL: cuppa %s: rc %d\n%s%s" % (
                " ".join(args), p.returncode, p.stdout, p.stderr))
        return p.stdout

    def round(self, seed):
        r = len(self.rounds) + 1
        t0 = time.monotonic()
        self.run("round", "new", self.slug, "--seed", str(seed))
        self.seconds.append(time.monotonic() - t0)
        self.run("round", "publish", self.slug, str(r))
        show = json.loads(self.run("round", "show", self.slug, str(r), "--json"))
        groups = [[m["email"] if isinstance(m, dict) else m for m in g["members"]]
                  for g in show["groups"]]
        self.rounds.append((groups, show.get("unplaced", [])))

    def stats(self, upto):
        return json.loads(self.run("stats", self.slug, "--json", "--round", str(upto)))


def pairs_of(groups):
    for g in groups:
        for i in range(len(g)):
            for j in range(i + 1, len(g)):
                yield g[i], g[j]


def check_rules(p):
    """Problems: a repeat pairing, a same-organisation pair, anyone
    missing from a round.  [] when every rule holds."""
    bad, seen = [], set()
    everyone = set(p.org)
    for r, (groups, unplaced) in enumerate(p.rounds, 1):
        placed = [m for g in groups for m in g]
        if len(placed) != len(set(placed)):
            bad.append("round %d: someone is in two groups" % r)
        gone = everyone - set(placed) - {u["email"] if isinstance(u, dict) else u
                                         for u in unplaced}
        if gone:
            bad.append("round %d: %d people neither placed nor unplaced" % (r, len(gone)))
        for a, b in pairs_of(groups):
            key = frozenset((a, b))
            if key in seen:
                bad.append("round %d: %s and %s meet again" % (r, a, b))
            seen.add(key)
            if p.org[a] == p.org[b]:
                bad.append("round %d: %s and %s share %s" % (r, a, b, p.org[a]))
    return bad


def org_pairs(p, upto):
    """Distinct organisation pairs linked by rounds 1..upto."""
    out = set()
    for groups, _ in p.rounds[:upto]:
        for a, b in pairs_of(groups):
            if p.org[a] != p.org[b]:
                out.add(frozenset((p.org[a], p.org[b])))
    return out
