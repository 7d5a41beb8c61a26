"""Run by 51-autopilot-postgres.sh (PG_URL set): the autopilot year on
PostgreSQL with two `cuppa serve` processes whose clock is a file
(CUPPA_NOW_FILE) that this script moves one day at a time, waiting each
time until a scheduler run at the new instant has completed."""
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, check, free_port, tmpdir, wait_port  # noqa: E402
from autopilot import SLUG, TICK, YearClub, year_days  # noqa: E402

d = tmpdir()
c = Cuppa(d, san=True, CUPPA_DB=os.environ["PG_URL"],
          CUPPA_KEYS_FILE=os.path.join(d, "keys"))
club = YearClub(c, d)
join = club.join
join(20, "2026-12-20")


class Psql:
    """One psql session kept open: a query costs a round trip, not a
    process."""

    def __init__(self, url):
        self.p = subprocess.Popen([os.environ["PG_PSQL"], "-X", "-q", "-A", "-t",
                                   url], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, bufsize=1)

    def rows(self, q):
        self.p.stdin.write(q.rstrip(";") + ";\nSELECT '--end--';\n")
        self.p.stdin.flush()
        out = []
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("FAIL: psql ended")
            line = line.rstrip("\n")
            if line == "--end--":
                return out
            if line:
                out.append(line.split("|"))


db = Psql(os.environ["PG_URL"])
clock = os.path.join(d, "now")


def set_now(instant):
    tmp = clock + ".tmp"
    with open(tmp, "w") as f:
        f.write(instant + "\n")
    os.replace(tmp, clock)   # never half a line


set_now("2026-12-27" + TICK)
serves = []
for i in range(2):
    port = free_port()
    p = c.start("serve", "--listen", "127.0.0.1:%d" % port,
                CUPPA_NOW_FILE=clock, CUPPA_TICK_MS=100)
    wait_port(port, 60)
    serves.append(p)



def at(fn):
    """An event at `now` on every clock: the servers' too, since a hold or
    a release wakes their schedulers at once (NOTIFY cuppa_schedule)."""
    def run(now):
        set_now(now)
        fn(now)
    return run


def release(now):
    """Releases the held round and waits for a server to publish it at
    the release's instant: moving the clock on before that (the next
    day's tick) would let a server that woke late publish it then."""
    c.run("round", "release", SLUG, now=now)
    end = time.time() + 30
    while db.rows("SELECT 1 FROM round WHERE number = 4 AND state <> 'draft'") == []:
        check(time.time() < end, "the released round was not published")
        time.sleep(0.02)


events = {
    "2027-01-02": at(lambda now: join(1, now)),
    "2027-01-03": at(lambda now: c.run("people", "set", SLUG, "p3@example.org",
                                       "--status", "left", now=now)),
    "2027-04-03": at(lambda now: c.run("round", "hold", SLUG, now=now)),
    "2027-04-08": at(lambda now: release(now)),
    "2027-05-01": at(lambda now: join(2, now)),
}
t0 = time.time()
for iso in year_days(events):   # the outage: the clock jumps, no server runs
    set_now(iso + TICK)
    end = time.time() + 30
    while db.rows("SELECT last_run_at FROM scheduler_run") != [[iso + TICK]]:
        check(time.time() < end, "no scheduler run at %s" % iso)
        check(all(p.poll() is None for p in serves), "a server died")
        time.sleep(0.02)
elapsed = time.time() - t0
for p in serves:
    p.terminate()
    p.wait(30)

expected = {1: "2027-01-04", 2: "2027-02-01", 3: "2027-03-01", 4: "2027-04-08",
            5: "2027-05-03", 6: "2027-06-07", 7: "2027-07-05", 8: "2027-09-06",
            9: "2027-10-15", 10: "2027-11-01", 11: "2027-12-06"}
got = {int(n): at for n, at in db.rows(
    "SELECT number, published_at FROM round WHERE state <> 'draft'")}
# Released at 08:00 on 8 April: published then, woken by the release.
check(got == {n: v + ("T08:00:00Z" if n == 4 else TICK)
              for n, v in expected.items()},
      "publish instants: %s" % sorted(got.items()))
steps = db.rows("SELECT action, detail, COUNT(*) FROM audit"
                " WHERE actor = 'scheduler' AND action LIKE 'schedule.%'"
                " GROUP BY action, detail")
check(all(n == "1" for _, _, n in steps), "a step twice: %s" % steps)
pubs = sorted(int(dt.split("=")[1]) for a, dt, _ in steps if a == "schedule.publish")
check(pubs == list(range(1, 12)), "publish steps: %s" % pubs)
drafts = sorted(int(dt.split("=")[1]) for a, dt, _ in steps if a == "schedule.draft")
check(drafts == [r for r in range(1, 13) if r != 9], "draft steps: %s" % drafts)
intro = db.rows("SELECT o.round_id, o.person_id, COUNT(*) FROM mail_outbox o"
                " WHERE o.kind = 'intro' GROUP BY o.round_id, o.person_id"
                " HAVING COUNT(*) > 1")
check(intro == [], "an introduction queued twice: %s" % intro)
members = db.rows("SELECT COUNT(*) FROM member m JOIN grp g ON g.id = m.group_id"
                  " JOIN round r ON r.id = g.round_id WHERE r.state <> 'draft'")
intros = db.rows("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'intro'")
check(members == intros, "one introduction per member: %s vs %s" % (members, intros))
reviews = db.rows("SELECT rcpt, COUNT(*) FROM mail_outbox WHERE kind = 'review'"
                  " GROUP BY rcpt ORDER BY rcpt")
check(reviews == [["org1@example.org", "11"], ["org2@example.org", "11"]],
      "review emails: %s" % reviews)
logs = [open(os.path.join(d, "worker-%d.log" % i)).read() for i in range(2)]
by = [log.count("cuppa: scheduler: %s " % SLUG) for log in logs]
check(sum(by) == len(pubs) + len(drafts), "steps in the logs: %s" % by)
print("ok: a year on PostgreSQL, two servers, steps by each: %s, %.0f s"
      % (by, elapsed))
