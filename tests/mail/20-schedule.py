#!/usr/bin/python3
"""Reminders, check-ins and the nudge at the right simulated dates
(CUPPA_NOW), exactly once each, never to people who left; someone who
paused after the round was published still gets its reminder and
check-in (the group stands), never a nudge.

Monthly programme, round 1 published 2026-03-02, deadline 2026-04-01:
  03-20  nothing but the introductions
  03-29  reminders (3 days before) to members of groups nobody marked met
  04-01  check-ins with two one-click links (met / didn't meet)
Rounds 2 and 3 follow; whoever left all three check-ins unanswered gets
the nudge three days after the third deadline and is paused."""
import collections
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, programme, text_part, tmpdir

d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port)
c.run("init")
slug = programme(c, 20)

seen = set()


def run_at(now):
    """Runs the worker once at simulated time now; returns the new
    messages as (kind, rcpt, message)."""
    c.run("mail", "run", "--once", now=now)
    new = []
    for f, m in zip(smtp.files(), smtp.messages()):
        if f not in seen:
            seen.add(f)
            new.append((m["X-Cuppa-Kind"], m["X-RcptTo"], m))
    return new


def kinds(msgs):
    return collections.Counter(k for k, _, _ in msgs)


def publish(n, now):
    c.run("round", "new", slug, "--seed", str(n), now=now)
    c.run("round", "publish", slug, str(n), now=now)
    c.run("mail", "enqueue", slug, str(n), now=now)


def group_of(round_no):
    """email -> set of emails in the same group, for round round_no."""
    rows = c.sql("SELECT m.group_id, p.email FROM member m"
                 " JOIN person p ON p.id = m.person_id"
                 " JOIN grp g ON g.id = m.group_id"
                 " JOIN round r ON r.id = g.round_id WHERE r.number = %d"
                 % round_no)
    groups = collections.defaultdict(set)
    for gid, e in rows:
        groups[gid].add(e)
    return {e: g for g in groups.values() for e in g}


publish(1, "2026-03-02T09:00:00Z")
new = run_at("2026-03-02T09:05:00Z")
check(kinds(new)["intro"] == 20, "introductions: %s" % kinds(new))

g1 = group_of(1)
met_group = g1["p0@example.org"]
c.run("outcome", slug, "1", "p0@example.org", "met", now="2026-03-10")
others = sorted(set(g1) - met_group, key=lambda e: int(e[1:].split("@")[0]))
paused, left = others[0], others[1]
c.run("people", "set", slug, paused, "--status", "paused", "--until",
      "2026-12-31")
c.run("people", "set", slug, left, "--status", "left")
# Whoever is left alone in a pair by the one who left hears no more
# about a chat with nobody.
alone = g1[left] - {left} if len(g1[left]) == 2 else set()
expect = set(g1) - met_group - {left} - alone

check(run_at("2026-03-20T09:00:00Z") == [], "mail before anything was due")

new = run_at("2026-03-29T09:00:00Z")
check(kinds(new) == {"reminder": len(expect)}, "reminders: %s" % kinds(new))
check({r for _, r, _ in new} == expect, "reminders went to the wrong people")
check(run_at("2026-03-29T18:00:00Z") == [], "a reminder went out twice")
check(run_at("2026-03-31T09:00:00Z") == [], "mail on 03-31")
for _, _, m in new:
    t = text_part(m)
    check("Wednesday 1 April 2026" in t and "3 days" in t, "reminder text")
    check("week" not in t, "a monthly programme said 'week'")

new = run_at("2026-04-01T08:00:00Z")
check(kinds(new) == {"checkin": len(expect)}, "check-ins: %s" % kinds(new))
check({r for _, r, _ in new} == expect, "check-ins went to the wrong people")
for _, _, m in new:
    links = re.findall(r"http://\S+/r/([A-Za-z0-9_-]+)", text_part(m))
    check(len(links) == 2 and links[0] != links[1],
          "a check-in needs two different one-click links")
check(run_at("2026-04-02T08:00:00Z") == [], "a check-in went out twice")

# Rounds 2 and 3; nobody answers, so the people active throughout have
# three unanswered check-ins after round 3 (the met group answered in 1).
publish(2, "2026-04-02T09:00:00Z")
kinds2 = kinds(run_at("2026-04-02T09:05:00Z"))
check(set(kinds2) == {"intro"}, "round 2: %s" % kinds2)
run_at("2026-05-02T08:00:00Z")          # round 2 check-ins
publish(3, "2026-05-03T09:00:00Z")
run_at("2026-05-03T09:05:00Z")
new = run_at("2026-06-02T08:00:00Z")    # round 3 check-ins
check(kinds(new)["nudge"] == 0, "nudge before the answer window closed")
new = run_at("2026-06-05T08:00:00Z")
nudged = {r for k, r, _ in new if k == "nudge"}
check(nudged == expect - {paused},
      "nudged %d, expected %d" % (len(nudged), len(expect) - 1))
for k, r, m in new:
    if k == "nudge":
        check(re.search(r"http://\S+/me/[A-Za-z0-9_-]+", text_part(m)),
              "the nudge needs the way back")
status = dict(c.sql("SELECT email, status FROM person"))
check(all(status[e] == "paused" for e in nudged), "nudged people not paused")
check(run_at("2026-06-06T08:00:00Z") == [], "a nudge went out twice")
audit = c.sql("SELECT COUNT(*) FROM audit WHERE action = 'person.pause'")[0][0]
check(audit == len(nudged), "each pause is audited")

# Nothing for the left person after the round-1 introduction; the paused
# one gets round 1's introduction, reminder and check-in, then nothing.
total = collections.Counter(r for _, r, _ in
                            ((m["X-Cuppa-Kind"], m["X-RcptTo"], m)
                             for m in smtp.messages()))
check(total[left] == 1 and total[paused] == 3,
      "paused/left got other than round 1's messages: %d, %d"
      % (total[paused], total[left]))
print("reminders %d, check-ins %d per round, nudges %d; all on time, once"
      % (len(expect), len(expect), len(nudged)))
