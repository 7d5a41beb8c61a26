"""Driven by 31-crash-safety-postgres.sh (not executable itself).

On PostgreSQL the bulk writes are sent as pipelined chunks: SIGKILL of
`cuppa people import`, `round new` and `round publish` at random moments
(before, during and around the commit) must still leave all or nothing:
people all there or none; a draft whole or absent; a round published with
every introduction queued, or still a draft with none."""
import json
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import Workdir, check, finish, killed_run, run  # noqa: E402

N = 12000
PSQL = "/usr/lib/postgresql/15/bin/psql"


def sql(wd, q):
    return subprocess.run([PSQL, "-At", wd.db, "-c", q], capture_output=True,
                          text=True, check=True).stdout.strip()


def settle(wd):
    """Waits until the killed client's backend has gone.  A SIGKILL can
    land after the client sent COMMIT: its backend then commits on its
    own, and a read made meanwhile would see the moment before it."""
    q = ("SELECT COUNT(*) FROM pg_stat_activity WHERE datname ="
         " current_database() AND pid <> pg_backend_pid()")
    for _ in range(200):
        if sql(wd, q) == "0":
            return
        time.sleep(0.05)
    check(False, "the killed client's backend left within 10 s")


def killed(wd, args, delay):
    rc = killed_run(wd, args, delay)
    settle(wd)
    return rc


def timed(wd, *args):
    t0 = time.monotonic()
    run(wd, *args)
    return time.monotonic() - t0


def people(wd, slug):
    return int(sql(wd, "SELECT COUNT(*) FROM person p JOIN programme g"
                       " ON g.id = p.programme_id WHERE g.slug = '%s'" % slug))


TRICKY = ('name,email,organisation,intro\n'
          '"Ann ""Q"" \\\\ {x}",ann@x.org,"Org, {a} NULL",NULL\n'
          'Bob \u00e9 \u00fc,bob@x.org,O\\\\,"back\\\\slash ""q"" \u2603"\n')


def same_on_both(wd):
    """Values that array literals must escape arrive intact."""
    path = wd.file("tricky.csv", TRICKY)
    lite = Workdir()
    lite.db = os.path.join(lite.path, "t.db")
    try:
        exports = []
        for w in (wd, lite):
            run(w, "programme", "add", "Tricky")
            run(w, "people", "import", "tricky", path)
            exports.append(run(w, "export", "tricky", "people")[1])
        check(exports[0] == exports[1] and "{a} NULL" in exports[0],
              "bulk import keeps quotes, backslashes, braces and NULL as text")
    finally:
        lite.close()


def main():
    rng = random.Random(16)
    wd = Workdir()
    try:
        run(wd, "init")
        same_on_both(wd)
        run(wd, "programme", "add", "Crash")
        run(wd, "programme", "add", "Scratch")
        rows = ["name,email,organisation"] + [
            "P %d,p%d@o%d.example.org,O%d" % (i, i, i % 97, i % 97) for i in range(N)]
        path = wd.file("big.csv", "\n".join(rows) + "\n")

        span = timed(wd, "people", "import", "scratch", path)
        # A first large import analyses the table in its transaction: the
        # planner knows its size at once (pages read 50 people through
        # the index instead of sorting everyone until autovacuum came).
        tuples = float(sql(wd, "SELECT reltuples FROM pg_class"
                               " WHERE oid = 'person'::regclass"))
        check(tuples >= N, "statistics after a bulk import: %.0f rows" % tuples)
        for _ in range(6):
            rc = killed(wd, ["people", "import", "crash", path],
                            rng.uniform(0.05, 1.1) * span)
            n = people(wd, "crash")
            check(n in (0, N), "import killed (exit %d): %d people, all or none" % (rc, n))
            if n == N:
                break
        if people(wd, "crash") != N:
            run(wd, "people", "import", "crash", path)
        check(people(wd, "crash") == N, "import after the kills completes")

        span = timed(wd, "round", "new", "scratch", "--seed", "1")
        for _ in range(5):
            killed(wd, ["round", "new", "crash", "--seed", "1"],
                       rng.uniform(0.05, 1.1) * span)
            rc, out, _ = run(wd, "round", "show", "crash", "--json", check=False)
            if rc != 0:
                check(True, "round new killed before its commit: no round")
                continue
            js = json.loads(out)
            placed = sum(len(g["members"]) for g in js["groups"]) + len(js["unplaced"])
            check(placed == N, "round new killed: the draft is whole (%d of %d)" % (placed, N))
        rc, _, _ = run(wd, "round", "show", "crash", "--json", check=False)
        if rc != 0:
            run(wd, "round", "new", "crash", "--seed", "1")

        span = timed(wd, "round", "publish", "scratch", "1")
        # The introductions (the import queued everyone's welcome).
        queued_q = ("SELECT COUNT(*) FROM mail_outbox o JOIN programme g"
                    " ON g.id = o.programme_id WHERE g.slug = 'crash'"
                    " AND o.kind = 'intro'")
        state_q = ("SELECT r.state, (%s) FROM round r JOIN programme g"
                   " ON g.id = r.programme_id WHERE g.slug = 'crash'"
                   " AND r.number = 1" % queued_q)
        for _ in range(8):
            rc = killed(wd, ["round", "publish", "crash", "1"],
                        rng.uniform(0.05, 1.1) * span)
            # State and queue read in one statement: one snapshot.
            state, queued = sql(wd, state_q).split("|")
            queued = int(queued)
            if state == "draft":
                check(queued == 0, "publish killed (exit %d) before its commit:"
                      " a draft, nothing queued (%d)" % (rc, queued))
            else:
                check(state == "published" and queued == N,
                      "publish killed (exit %d) after its commit: %s, %d of %d"
                      " introductions queued" % (rc, state, queued, N))
                break
        _, out, _ = run(wd, "round", "show", "crash", "1", "--json")
        if json.loads(out)["state"] == "draft":
            run(wd, "round", "publish", "crash", "1")
        check(int(sql(wd, queued_q)) == N, "publish after the kills queues every introduction")
        check(sql(wd, "SELECT COUNT(*) FROM pg_stat_activity WHERE state LIKE 'idle in%'")
              == "0", "no session left idle in a transaction")
    finally:
        wd.close()
    finish()


if __name__ == "__main__":
    main()
