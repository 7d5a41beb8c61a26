#!/usr/bin/python3
"""A kill at any moment loses nothing acknowledged and leaves no half-write.

SIGKILLs `cuppa people import` of 20,000 people and `cuppa round new` at
random moments; after each kill the database holds all of the write or none
of it, and the next command works.
"""
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import Workdir, check, finish, killed_run, run  # noqa: E402

N = 20000


def people_count(wd):
    _, out, _ = run(wd, "export", "crash", "people")
    return out.count("\n") - 1


def main():
    rng = random.Random(7)
    wd = Workdir()
    try:
        run(wd, "init")
        run(wd, "programme", "add", "Crash")
        rows = ["name,email,organisation"] + ["P %d,p%d@o%d.example.org,O%d" % (i, i, i % 97, i % 97)
                                             for i in range(N)]
        path = wd.file("big.csv", "\n".join(rows) + "\n")
        # Time one full import into a scratch programme, then kill the real
        # ones at random moments across that span (before, during and
        # around the commit).
        run(wd, "programme", "add", "Scratch")
        t0 = time.monotonic()
        run(wd, "people", "import", "scratch", path)
        span = time.monotonic() - t0
        for attempt in range(8):
            rc = killed_run(wd, ["people", "import", "crash", path], rng.uniform(0.05, 1.1) * span)
            n = people_count(wd)
            check(n in (0, N), "import killed (exit %d): %d people, all or none" % (rc, n))
            if n == N:
                break
        _, out, _ = run(wd, "people", "import", "crash", path)
        check(people_count(wd) == N, "import after the kills completes")
        t0 = time.monotonic()
        run(wd, "round", "new", "scratch")
        span = time.monotonic() - t0
        for attempt in range(8):
            killed_run(wd, ["round", "new", "crash"], rng.uniform(0.05, 1.1) * span)
            rc, out, _ = run(wd, "round", "show", "crash", "--json", check=False)
            if rc != 0:
                check(True, "round new killed before commit: no round")
                continue
            js = json.loads(out)
            placed = sum(len(g["members"]) for g in js["groups"]) + len(js["unplaced"])
            check(placed == N, "round new killed: the draft is whole (%d of %d)" % (placed, N))
        _, out, _ = run(wd, "round", "new", "crash", "--json")
        run(wd, "round", "publish", "crash", str(json.loads(out)["round"]))
        check(True, "round new and publish work after the kills")
    finally:
        wd.close()
    finish()


if __name__ == "__main__":
    main()
