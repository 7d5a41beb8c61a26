#!/usr/bin/python3
"""Autopilot: one simulated year driven only by `cuppa tick` (CUPPA_NOW),
with the introductions and organisers' review emails delivered to a real
SMTP server (aiosmtpd) by `cuppa mail run --once`.

Monthly programme, first Monday at 09:30 Europe/London, drafts 3 days
before, a summer skip (2027-07-20..2027-08-31), avoid-same organisation.
Through the year: people join (some between a draft and its publishing),
pause, skip a round and leave; an organiser holds April's round and
releases it on the 8th; September's publishing is killed with SIGKILL
inside its transaction; a two-week outage swallows October's slot.

Checks: every publish instant exactly; each published round holds everyone
eligible at publishing, or lists them unplaced with a reason; no pair
twice, no two colleagues together; one introduction per person per round;
two review emails (one per organiser) per draft, with the dates; what
publishing changed in a reviewed draft is recorded.
"""
import collections
import email
import json
import os
import re
import signal
import subprocess
import sys
import time
from email import policy

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, fail, text_part, tmpdir  # noqa: E402
from autopilot import SLUG, TICK, YearClub, year_days  # noqa: E402

d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port, san=True, CUPPA_SCHEDULER_LEASE=2)
club = YearClub(c, d, ["--review-days", "3"])
join = club.join


def status(email, st, now, until=None):
    args = ["people", "set", SLUG, email, "--status", st]
    if until:
        args += ["--until", until]
    c.run(*args, now=now)


join(24, "2026-12-20")

# What happens before the tick of each day.
events = {
    "2027-01-02": lambda now: join(1, now),           # after Jan's draft
    "2027-01-03": lambda now: status("p3@example.org", "left", now),
    "2027-02-15": lambda now: join(3, now),
    "2027-03-10": lambda now: status("p5@example.org", "paused", now,
                                     "2027-05-31"),
    "2027-03-30": lambda now: status("p7@example.org", "skip-next", now),
    "2027-04-03": lambda now: c.run("round", "hold", SLUG, now=now),
    "2027-04-08": lambda now: c.run("round", "release", SLUG, now=now),
    "2027-05-01": lambda now: (join(2, now),
                               status("p9@example.org", "left", now)),
    "2027-06-20": lambda now: join(2, now),
    "2027-10-20": lambda now: join(3, now),
    "2027-11-15": lambda now: status("p11@example.org", "left", now),
}
KILL_DAY = "2027-09-06"

expected = {  # round -> publish instant (UTC)
    1: "2027-01-04" + TICK, 2: "2027-02-01" + TICK, 3: "2027-03-01" + TICK,
    4: "2027-04-08" + TICK,                 # held on the 3rd, released 8th
    5: "2027-05-03" + TICK,
    6: "2027-06-07T08:40:00Z",              # BST: due 08:30Z, extra tick
    7: "2027-07-05" + TICK,                 # August in the skip window
    8: "2027-09-06" + TICK,                 # after the kill
    9: "2027-10-15" + TICK,                 # catch-up: one round, once
    10: "2027-11-01" + TICK, 11: "2027-12-06" + TICK,
}
extra_ticks = {"2027-02-01": "T08:40:00Z",   # GMT: 09:30Z not yet due
               "2027-06-07": "T08:40:00Z"}

eligible_at = {}   # round -> emails eligible just before its publishing
seen_files = set()
review_msgs = []
intro_count = collections.Counter()
steps_log = []


def eligible_now(day):
    rows = c.sql("SELECT p.email, p.status, p.paused_until FROM person p"
                 " JOIN programme g ON g.id = p.programme_id"
                 " WHERE g.slug = '%s'" % SLUG)
    return {e for e, st, until in rows
            if st == "active" or (st == "paused" and until and until < day)}


def next_round():
    r = c.sql("SELECT COALESCE(MAX(number), 0) FROM round r JOIN programme g"
              " ON g.id = r.programme_id WHERE g.slug = '%s'"
              " AND r.state <> 'draft'" % SLUG)
    return r[0][0] + 1


def deliver(now):
    c.run("mail", "run", "--once", now=now)
    for f in smtp.files():
        if f in seen_files:
            continue
        seen_files.add(f)
        with open(f, "rb") as fh:
            m = email.message_from_binary_file(fh, policy=policy.default)
        kind = m["X-Cuppa-Kind"]
        if kind == "review":
            review_msgs.append((m["X-RcptTo"], str(m["Subject"]), text_part(m)))
        elif kind == "intro":
            r = re.search(r"Round (\d+) of", text_part(m))
            check(r, "an introduction names its round")
            intro_count[(int(r.group(1)), m["X-RcptTo"])] += 1


def tick(now):
    day = now[:10]
    snapshot = eligible_now(day)
    nr = next_round()
    p = c.run("tick", "--json", now=now)
    doc = json.loads(p.stdout)
    check(doc["result"] == "ok" and doc["leased"], "tick: %s" % p.stdout)
    for s in doc["steps"]:
        steps_log.append((now, s["step"], s["round"], s["changes"]))
        if s["step"] == "publish":
            eligible_at[s["round"]] = snapshot
            check(s["round"] == nr, "round %d published, %d expected"
                  % (s["round"], nr))
    if doc["steps"]:
        deliver(now)
    return doc["steps"]


def killed_publish(now):
    """Starts the publishing tick, SIGKILLs it inside its transaction."""
    e = dict(c.env, CUPPA_NOW=now, CUPPA_TEST_STEP_DELAY_MS="30000")
    proc = subprocess.Popen([c.bin, "tick"], env=e, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    check("publish step waiting" in line, "no stall marker: %r" % line)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    state = c.sql("SELECT r.state FROM round r WHERE r.number = 8")
    check(state == [("draft",)], "after the kill round 8 is a draft: %s" % state)
    intros = c.sql("SELECT COUNT(*) FROM mail_outbox o JOIN round r ON"
                   " r.id = o.round_id WHERE r.number = 8 AND o.kind = 'intro'")
    check(intros[0][0] == 0, "nothing of the killed publish is left")
    time.sleep(2.2)   # the dead tick's lease runs out (CUPPA_SCHEDULER_LEASE)


t0 = time.time()
for iso in year_days(events):
    if iso in extra_ticks:
        early = tick(iso + extra_ticks[iso])
        if iso == "2027-02-01":
            check(early == [], "nothing due at 08:40Z in winter")
    if iso == KILL_DAY:
        killed_publish(iso + TICK)
    tick(iso + TICK)
    if iso == "2027-04-05":
        check(not any(s[1] == "publish" and s[2] == 4 for s in steps_log),
              "a held round is not published")
elapsed = time.time() - t0

# ---- publish instants ----
rows = dict(c.sql("SELECT number, published_at FROM round r JOIN programme g"
                  " ON g.id = r.programme_id WHERE g.slug = '%s'"
                  " AND state <> 'draft'" % SLUG))
check(rows == expected, "publish instants:\n%s\nwanted\n%s" % (rows, expected))
pubs = [s for s in steps_log if s[1] == "publish"]
check(len(pubs) == len(expected), "one publish step per round: %s" % pubs)
drafts = [s for s in steps_log if s[1] == "draft"]
# a draft step for every round but the catch-up one (no review time left),
# round 12's included (draft 2027-12-31 for 2028-01-03)
DRAFTED = [r for r in range(1, 13) if r != 9]
check(sorted(s[2] for s in drafts) == DRAFTED,
      "draft steps: %s" % drafts)

# ---- each round ----
org = dict(c.sql("SELECT email, organisation FROM person"))
pairs_seen = {}
for n in range(1, 12):
    rd = json.loads(c.run("round", "show", SLUG, str(n), "--json").stdout)
    members = [m for g in rd["groups"] for m in g["members"]]
    check(len(members) == len(set(members)), "round %d: someone twice" % n)
    placed = set(members) | {u["email"] for u in rd["unplaced"]}
    for u in rd["unplaced"]:
        check(u["reason"], "round %d: unplaced without a reason" % n)
    missing = eligible_at[n] - placed
    check(not missing, "round %d leaves out %s" % (n, sorted(missing)))
    extra = set(members) - eligible_at[n]
    check(not extra, "round %d includes people sitting out: %s" % (n, extra))
    for g in rd["groups"]:
        ms = g["members"]
        check(2 <= len(ms) <= 3, "round %d: group of %d" % (n, len(ms)))
        for i in range(len(ms)):
            for j in range(i + 1, len(ms)):
                a, b = sorted((ms[i], ms[j]))
                check(org[a] != org[b], "round %d: colleagues %s %s" % (n, a, b))
                if (a, b) in pairs_seen:
                    fail("round %d repeats %s-%s of round %d"
                         % (n, a, b, pairs_seen[(a, b)]))
                pairs_seen[(a, b)] = n
    # One introduction each; none only when the worker skipped it because
    # the person was paused or left between publishing and sending (a
    # nudge after three unanswered check-ins, say).
    skipped = {e for e, in c.sql(
        "SELECT p.email FROM mail_outbox o JOIN round r ON r.id = o.round_id"
        " JOIN person p ON p.id = o.person_id WHERE r.number = %d"
        " AND o.kind = 'intro' AND o.state = 'skipped'" % n)}
    for m in members:
        want = 0 if m in skipped else 1
        check(intro_count[(n, m)] == want, "round %d: %s got %d introductions"
              % (n, m, intro_count[(n, m)]))
check(all(v == 1 for v in intro_count.values()), "an introduction went twice")

# ---- what publishing changed in reviewed drafts ----
ch = c.sql("SELECT r.number, p.email, c.change FROM round_change c"
           " JOIN round r ON r.id = c.round_id JOIN person p ON p.id = c.person_id")
ch1 = {(e, k) for n, e, k in ch if n == 1}
check(("p24@example.org", "placed") in ch1, "round 1: the newcomer placed: %s" % ch1)
check(("p3@example.org", "removed") in ch1, "round 1: the leaver removed: %s" % ch1)
check(any(k == "re-placed" for _, k in ch1), "round 1: a partner re-placed: %s" % ch1)
ch5 = {(e, k) for n, e, k in ch if n == 5}
check(("p9@example.org", "removed") in ch5, "round 5: leaver removed: %s" % ch5)
check(sum(1 for _, k in ch5 if k == "placed") >= 1, "round 5: newcomers: %s" % ch5)
check(("p7@example.org", "removed") not in {(e, k) for n, e, k in ch if n == 4},
      "skip-next before the draft is not a change")

# ---- organisers' review emails ----
per_round = collections.Counter()
for rcpt, subj, body in review_msgs:
    r = re.search(r"round (\d+) is ready", subj)
    check(r, "review subject: %s" % subj)
    per_round[int(r.group(1))] += 1
    check("published automatically at" in body and "/admin/programmes/year-club/rounds/"
          in body, "review body: %s" % body)
check(sorted(per_round) == DRAFTED and
      all(v == 2 for v in per_round.values()),
      "two review emails per drafted round: %s" % per_round)
first = [b for _, s, b in review_msgs if "round 1 " in s][0]
check("review it by Monday 4 January 2027; it will be published automatically"
      " at Monday 4 January 2027 at 09:30 (Europe/London)" in first, first)
check({r for r, _, _ in review_msgs} == {"org1@example.org", "org2@example.org"},
      "review emails go to the organisers")

sched = json.loads(c.run("schedule", SLUG, "--json", now="2027-12-31T12:00:00Z").stdout)
check(sched["next"][0]["round"] == 12 and
      sched["next"][0]["publish_utc"] == "2028-01-03T09:30:00Z",
      "next round: %s" % sched["next"][0])
check(sched["last_run"]["result"] == "ok", "last run recorded")
print("ok: a year of daily ticks (%d publishes, %d review emails) in %.0f s"
      % (len(pubs), len(review_msgs), elapsed))
