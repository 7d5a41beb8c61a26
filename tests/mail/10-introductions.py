#!/usr/bin/python3
"""A published round of 300 people, delivered to a real SMTP server
(aiosmtpd Mailbox): exactly one introduction per person, each with an
invitation that libical parses back (same UID and slot for the whole
group, 30 minutes, inside the round window, in everyone's working hours
on a working day), the headers a mail client needs, nothing for people
who left after the round was drawn (someone who paused still gets theirs:
the published group stands), and links that work
against a running `cuppa serve`."""
import collections
import datetime
import os
import re
import sys
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, free_port, ics_parts,
                      parse_ics, programme, text_part, tmpdir, wait_port)

N = 300
d = tmpdir()
smtp = Smtp(d).start()
web_port = free_port()
c = Cuppa(d, smtp.port, CUPPA_BASE_URL="http://127.0.0.1:%d" % web_port)
c.run("init")
slug = programme(c, N)
c.run("round", "new", slug, "--seed", "1")
c.run("round", "publish", slug, "1")
# Publishing queued the introductions in its own transaction ...
queued = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'intro'")[0][0]
check(queued >= N - 1, "round publish queued %d introductions" % queued)
# ... and queueing them again adds nothing.
before = c.sql("SELECT COUNT(*) FROM mail_outbox")[0][0]
c.run("mail", "enqueue", slug, "1")
check(c.sql("SELECT COUNT(*) FROM mail_outbox")[0][0] == before,
      "enqueue after publish duplicated rows")

# Two people change their minds after the draw: nothing goes to the one
# who left; the one who paused is still in this round's group.
c.run("people", "set", slug, "p7@example.org", "--status", "left")
c.run("people", "set", slug, "p8@example.org", "--status", "paused",
      "--until", "2099-01-01")
gone = {"p7@example.org"}

r = c.run("mail", "run", "--once")
check("failed 0" in r.stdout, "worker: " + r.stdout + r.stderr)

msgs = smtp.messages()
by_rcpt = collections.Counter(m["X-RcptTo"] for m in msgs)
intros = [m for m in msgs if m["X-Cuppa-Kind"] == "intro"]
check(not (gone & set(by_rcpt)), "mail went to someone who left")
check("p8@example.org" in by_rcpt, "a pause after publishing cancelled an introduction")
placed = {r[0] for r in c.sql(
    "SELECT p.email FROM member m JOIN person p ON p.id = m.person_id")}
check(len(placed) >= N - 1, "the round placed %d of %d" % (len(placed), N))
# p7's partner, alone in a pair after p7 left, hears that instead.
mates = {r[0] for r in c.sql(
    "SELECT p.email FROM member m JOIN person p ON p.id = m.person_id"
    " WHERE m.group_id = (SELECT group_id FROM member WHERE person_id ="
    " (SELECT id FROM person WHERE email = 'p7@example.org'))")} - gone
if len(mates) == 1:
    alone = [m for m in intros if m["X-RcptTo"] in mates]
    check(len(alone) == 1 and "left the programme before" in text_part(alone[0])
          and not ics_parts(alone[0]), "the partner of someone who left")
    intros = [m for m in intros if m["X-RcptTo"] not in mates]
    gone = gone | mates
want = placed - gone
got = collections.Counter(m["X-RcptTo"] for m in intros)
check(set(got) == want, "introductions went to %d, expected %d"
      % (len(got), len(want)))
check(max(got.values()) == 1, "someone got two introductions")
ids = [m["Message-ID"] for m in msgs]
check(len(set(ids)) == len(ids), "Message-IDs are not unique")

# Headers: RFC 8058 one-click unsubscribe, a date, MIME alternatives.
for m in intros:
    check(m["Date"] and m["Message-ID"], "Date and Message-ID missing")
    lu = m["List-Unsubscribe"]
    check(lu and re.match(r"<http://127\.0\.0\.1:\d+/u/[A-Za-z0-9_-]+>$", lu),
          "List-Unsubscribe: %r" % lu)
    check(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click",
          "List-Unsubscribe-Post missing")
    types = [p.get_content_type() for p in m.walk()]
    for t in ("multipart/alternative", "text/plain", "text/html",
              "text/calendar"):
        check(t in types, "%s missing: %s" % (t, types))
    check("week" not in text_part(m), "a monthly programme said 'week'")

# Invitations: parse back with libical.
blobs, owners = [], []
for m in intros:
    for b in ics_parts(m):
        blobs.append(b)
        owners.append(m["X-RcptTo"])
check(len(blobs) == len(intros), "an introduction lacks its invitation")
parsed = parse_ics(d, blobs)
uid_slot = {}
uids = set()
for (uid, s, e, natt), who in zip(parsed, owners):
    check(e - s == 1800, "slot is not 30 minutes")
    check(uid not in uids, "two people share one calendar entry")
    uids.add(uid)
    gid = re.search(r"-g(\d+)-", uid).group(1)
    if gid in uid_slot:
        check(uid_slot[gid] == s, "one group, two different slots")
    uid_slot[gid] = s
    # an entry the person owns: no attendees to invite or reply to
    check(natt == 0, "attendees: %d" % natt)
for m in intros:
    n = len(re.findall(r"^\* ", text_part(m), re.M))
    want_words = "all three of you" if n == 2 else "you both"
    check(want_words in text_part(m), "pair/trio wording for %d others" % n)
published, deadline = c.sql("SELECT published_at, deadline FROM round")[0]
t0 = datetime.datetime.strptime(published, "%Y-%m-%dT%H:%M:%SZ").replace(
    tzinfo=datetime.timezone.utc).timestamp()
t1 = datetime.datetime.strptime(deadline, "%Y-%m-%d").replace(
    tzinfo=datetime.timezone.utc).timestamp() + 86400
# A few working days out: never before the third working day after
# publication, so people have time to write to each other first.
d0 = datetime.datetime.utcfromtimestamp(t0).date()
k = 0
while k < 3:
    d0 += datetime.timedelta(days=1)
    k += d0.weekday() < 5
lead = datetime.datetime(d0.year, d0.month, d0.day,
                         tzinfo=datetime.timezone.utc).timestamp()
for s in uid_slot.values():
    check(lead <= s < t1, "slot outside the round window or too soon")

# Working hours for every member, with Python's own zone data as referee.
from zoneinfo import ZoneInfo
zone = dict(c.sql("SELECT email, timezone FROM person"))
group_of = {}
for uid, who in zip((p[0] for p in parsed), owners):
    group_of.setdefault(re.search(r"-g(\d+)-", uid).group(1), set()).add(who)


def ok(tzname, t):
    lt = datetime.datetime.fromtimestamp(t, ZoneInfo(tzname or "UTC"))
    mins = lt.hour * 60 + lt.minute
    return lt.weekday() < 5 and mins >= 540 and mins + 30 <= 1020


bad = impossible = 0
first = int(lead)
for gid, members in group_of.items():
    s = uid_slot[gid]
    gid = int(gid)
    zones = [zone[r[0]] for r in c.sql(
        "SELECT p.email FROM member m JOIN person p ON p.id = m.person_id"
        " WHERE m.group_id = %d" % gid)]
    # Some zones share no working hour (Kolkata and New York): then the
    # slot must suit at least one of them; otherwise all of them.
    possible = any(all(ok(z, t) for z in zones)
                   for t in range(first, first + 7 * 86400, 1800))
    if possible:
        bad += not all(ok(z, s) for z in zones)
    else:
        impossible += 1
        bad += not any(ok(z, s) for z in zones)
check(bad == 0, "%d members got a slot outside their working hours" % bad)
print("%d introductions, %d invitations parsed, %d groups (%d without a"
      " shared working hour)" % (len(intros), len(parsed), len(uid_slot),
                                  impossible))

# Links against a running `cuppa serve`.
web = c.start("serve", "--listen", "127.0.0.1:%d" % web_port, "--quiet")
wait_port(web_port)


def fetch(url, data=None):
    req = urllib.request.Request(url, data=data)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


m = intros[0]
who = m["X-RcptTo"]
body = text_part(m)
me = re.search(r"(http://\S+/me/[A-Za-z0-9_-]+)", body).group(1)
st, page = fetch(me)
check(st == 200, "GET %s: %d" % (me, st))
unsub = m["List-Unsubscribe"].strip("<>")
st, page = fetch(unsub)
check(st == 200, "GET unsubscribe page: %d" % st)
st, page = fetch(unsub, b"List-Unsubscribe=One-Click")
# RFC 8058: the mail client POSTs with no cookie and no CSRF field; the
# signed token is the authentication.
check(st in (200, 303), "one-click unsubscribe POST: %d" % st)
status = c.sql("SELECT status FROM person WHERE email = '%s'" % who)[0][0]
check(status == "left", "after one-click unsubscribe the person is %s" % status)
print("links: /me and one-click /u work against cuppa serve")
