#!/usr/bin/python3
"""`cuppa round new` through the database on the realistic programme of
issue 15: one council with 62% of the people, no avoid rule, default
weights, one published round behind it.  Prints a markdown table row per
size: median of REPEAT runs of `round new` (CPU seconds of the process,
wall beside it: the machine is shared), and the matcher's verdict.

    bench/match/round_new.py BIN SIZES... (REPEAT from BENCH_REPEAT, 3)
"""
import csv
import io
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

SECTORS = ["health", "housing", "police", "education", "transport", "social", "finance", "planning"]


def people_csv(n):
    r = random.Random(15)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["name", "email", "organisation", "sector"])
    for i in range(n):
        org = "Council" if r.random() < 0.62 else "Org %03d" % r.randrange(1, 150)
        w.writerow(["Person %05d" % i, "p%05d@x%d.example.org" % (i, i % 97), org, r.choice(SECTORS)])
    return out.getvalue()


def cuppa(bin_, db, *args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([bin_, "--db", db, *args], check=True, capture_output=True,
                   env={**os.environ, "CUPPA_KEYS_FILE": db + ".keys"})
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main():
    bin_, sizes = sys.argv[1], [int(x) for x in sys.argv[2:]]
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    print("| people | round new cpu s (wall), median of %d | proven | weight |" % repeat)
    print("| ---: | ---: | --- | ---: |")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="cuppa-bench-round-") as d:
            db = os.path.join(d, "b.db")
            path = os.path.join(d, "people.csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(people_csv(n))
            cuppa(bin_, db, "init")
            cuppa(bin_, db, "programme", "add", "Realistic")
            cuppa(bin_, db, "people", "import", "realistic", path)
            cuppa(bin_, db, "round", "new", "realistic", "--seed", "1")
            cuppa(bin_, db, "round", "publish", "realistic", "1")
            runs = [cuppa(bin_, db, "round", "new", "realistic", "--seed", str(2 + k))
                    for k in range(repeat)]
            con = sqlite3.connect(db)
            detail = con.execute("SELECT detail FROM audit WHERE action = 'round.draft' "
                                 "ORDER BY id DESC LIMIT 1").fetchone()[0]
            con.close()
            v = dict(kv.split("=", 1) for kv in detail.split())
            cpu = statistics.median(r[0] for r in runs)
            wall = statistics.median(r[1] for r in runs)
            print("| %d | %.2f (%.2f) | %s | %s |" % (n, cpu, wall, v.get("optimal"), v.get("weight")))


if __name__ == "__main__":
    main()
