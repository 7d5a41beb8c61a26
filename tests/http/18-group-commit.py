#!/usr/bin/python3
"""Outcome posts through the group commit (issue 13): many at once, each
answered only once durable; a failing request changes nothing and does
not disturb the others of its transaction; a SIGKILL of the server in
the middle of a burst loses no answer it acknowledged."""
import os, re, signal, sqlite3, sys, threading
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG

N = 120
srv = Server(args=("--threads", "4", "--max-per-address", "0"))
rows = ["name,email,organisation"] + [
    "Person %d,p%d@example.org,Org %d" % (i, i, i % 17) for i in range(N)]
path = os.path.join(srv.dir, "people.csv")
with open(path, "w") as f:
    f.write("\n".join(rows) + "\n")
srv.cli("people", "import", SLUG, path)
srv.cli("round", "new", SLUG, "--seed", "1")
srv.cli("round", "publish", SLUG, "1")
rnd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
members = [(m["person_id"], g["id"]) for g in rnd["groups"] for m in g["members"]]
check(len(members) == N, "%d members in round 1" % len(members))


def link(pid, gid, outcome):
    return srv.cli("admin", "link", "outcome", str(pid), "--group", str(gid),
                   "--outcome", outcome).stdout.strip()


want = {}  # person id -> (link, outcome)
for i, (pid, gid) in enumerate(members):
    o = "met" if i % 2 == 0 else "missed"
    want[pid] = (link(pid, gid, o), o, gid)

# One browser's CSRF cookie and token serve every form.
c0 = srv.client()
first = want[members[0][0]][0]
tok = c0.csrf(first)
check(tok is not None, "the outcome page carries a CSRF token")


def outcomes():
    db = sqlite3.connect(srv.db)
    try:
        return {pid: o for pid, o in
                db.execute("SELECT person_id, outcome FROM member")}
    finally:
        db.close()


def burst(pids, acked, stop_after=None, on_enough=None):
    """Posts each person's answer once from 24 threads; records the
    acknowledged ones; calls on_enough once stop_after are acknowledged."""
    lock = threading.Lock()
    queue = list(pids)
    fired = [False]

    def worker():
        c = srv.client()
        c.cookies = dict(c0.cookies)
        while True:
            with lock:
                if not queue:
                    return
                pid = queue.pop()
            url, o, _ = want[pid]
            try:
                r = c.post(url, {"csrf": tok})
            except OSError:
                continue  # the server was killed: not acknowledged
            if r.status == 200 and "Thank you" in r.text:
                with lock:
                    acked[pid] = o
                    if stop_after and len(acked) >= stop_after and not fired[0]:
                        fired[0] = True
                        on_enough()
    ts = [threading.Thread(target=worker) for _ in range(24)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


# 1. A burst with bad requests mixed in: the bad ones fail alone.
first_half = [pid for pid, _ in members[:N // 2]]
acked = {}
bad = []


def bad_posts():
    c = srv.client()
    c.cookies = dict(c0.cookies)
    for pid in first_half[:6]:
        url = want[pid][0] + "/feedback"
        r = c.post(url, {"csrf": tok, "rating": "5", "comment": "bad \x01 text"})
        bad.append(r.status)


tb = threading.Thread(target=bad_posts)
tb.start()
burst(first_half, acked)
tb.join()
got = outcomes()
check(len(acked) == len(first_half), "every post of the burst answered 200 (%d of %d)"
      % (len(acked), len(first_half)))
check(all(got[pid] == o for pid, o in acked.items()),
      "every acknowledged answer is stored")
check(bad == [400] * 6, "the bad feedback posts are refused alone (%s)" % bad)
db = sqlite3.connect(srv.db)
comments = [r[0] for r in db.execute("SELECT comment FROM member WHERE comment LIKE 'bad%'")]
db.close()
check(comments == [], "nothing of a refused post is stored")

# 2. SIGKILL in the middle of a burst: nothing acknowledged is lost.
second_half = [pid for pid, _ in members[N // 2:]]
acked2 = {}


def kill():
    srv.proc.send_signal(signal.SIGKILL)


burst(second_half, acked2, stop_after=15, on_enough=kill)
srv.proc.wait()
srv.proc = None
srv.log.close()
got = outcomes()
lost = [pid for pid, o in acked2.items() if got.get(pid) != o]
check(len(acked2) >= 15, "%d posts acknowledged before the kill" % len(acked2))
check(lost == [], "no acknowledged answer lost by the kill (%d lost)" % len(lost))
check(sum(1 for pid in second_half if got.get(pid) != want[pid][1]) > 0,
      "some posts were cut off by the kill (the test killed mid-burst)")
db = sqlite3.connect(srv.db)
check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
      "the database is intact after the kill")
db.close()

# The server starts again on the same file and answers.
srv.start()
c = srv.client()
c.cookies = dict(c0.cookies)
pid = second_half[-1]
r = c.post(want[pid][0], {"csrf": tok})
check(r.status == 200, "an answer after the restart is accepted")
check(outcomes()[pid] == want[pid][1], "and stored")
srv.cleanup()
done()
