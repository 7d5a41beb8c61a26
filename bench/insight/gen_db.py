#!/usr/bin/env python3
"""bench/insight/gen_db.py DB PEOPLE ROUNDS [ORGS]: a programme "big" of
PEOPLE people in ORGS organisations (default PEOPLE/50) with ROUNDS
published rounds of random pairs (no repeats) and random outcomes
(60% met, 15% missed, rest unanswered).  People come in through the real
CLI (init, programme add, people import); rounds are written straight
into the SQLite file, because forming and publishing 12 rounds of 100,000
people through the product is what other benchmarks time, not this one.
Deterministic (seeded)."""
import csv, os, random, sqlite3, subprocess, sys

db, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
norgs = int(sys.argv[4]) if len(sys.argv) > 4 else max(2, n // 50)
cuppa = os.environ.get("CUPPA_BIN", "build/cuppa")
rng = random.Random(7)
if os.path.exists(db):
    os.remove(db)
csvp = db + ".csv"
with open(csvp, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "email", "organisation", "sector", "joined"])
    for i in range(n):
        o = min(int(rng.paretovariate(1.2)) - 1, norgs - 1)
        w.writerow([f"Person {i}", f"p{i}@x{o}.example.org", f"Org {o:04d}",
                    f"Sector {o % 7}", f"2025-{1 + i * 12 // n:02d}-01"])
run = lambda *a: subprocess.run([cuppa, "--db", db, *a], check=True,
                                stdout=subprocess.DEVNULL)
run("init")
run("programme", "add", "Big")
run("people", "import", "big", csvp)
os.remove(csvp)
con = sqlite3.connect(db)
pid = con.execute("SELECT id FROM programme WHERE slug='big'").fetchone()[0]
people = [r[0] for r in con.execute(
    "SELECT id FROM person WHERE programme_id=? ORDER BY id", (pid,))]
met = set()
for r in range(1, rounds + 1):
    day = f"2026-{1 + (r - 1) % 12:02d}-01"
    cur = con.execute(
        "INSERT INTO round(programme_id, number, state, seed, created_at,"
        " published_at) VALUES (?,?,?,?,?,?)",
        (pid, r, "published" if r == rounds else "closed", r,
         day + "T09:00:00Z", day + "T09:00:00Z"))
    rid = cur.lastrowid
    order = people[:]
    rng.shuffle(order)
    groups, left = [], []
    while order:
        a = order.pop()
        for k in range(min(len(order), 20)):
            b = order[-1 - k]
            if (min(a, b), max(a, b)) not in met:
                order.pop(-1 - k)
                groups.append([a, b])
                met.add((min(a, b), max(a, b)))
                break
        else:
            left.append(a)
    for a in left:
        if groups:
            groups[-1].append(a)
    members = []
    for pos, g in enumerate(groups):
        gid = con.execute("INSERT INTO grp(round_id, position) VALUES (?,?)",
                          (rid, pos)).lastrowid
        u = rng.random()
        out = "met" if u < 0.6 else "missed" if u < 0.75 else "none"
        for k, p in enumerate(g):
            members.append((gid, p, out if k == 0 else "none"))
    con.executemany("INSERT INTO member(group_id, person_id, outcome)"
                    " VALUES (?,?,?)", members)
con.commit()
con.close()
