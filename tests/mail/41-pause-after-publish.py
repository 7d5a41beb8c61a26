#!/usr/bin/python3
"""Journey 1: someone pauses, skips or leaves after a round is published.
Decision (README, Decisions): the published group stands; a pause or skip
applies from the next round.  So everyone in a published group still gets
their introduction, and every message names a first contact who will
actually write: never someone who has left.  Delivered to a real SMTP
server by the sanitizer build."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, text_part, tmpdir

d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port, san=True)
c.run("init")
slug = c.run("programme", "add", "Pause Club").stdout.split()[1]
csv = os.path.join(d, "people.csv")
with open(csv, "w") as f:
    f.write("name,email,organisation\n"
            "Ann Able,ann@example.org,Org A\n"
            "Bo Brown,bo@example.org,Org B\n"
            "Cy Cole,cy@example.org,Org C\n"
            "Di Dean,di@example.org,Org D\n"
            "Ed Eyre,ed@example.org,Org E\n")
c.run("people", "import", slug, csv)
c.run("round", "new", slug, "--seed", "3")
c.run("round", "publish", slug, "1")

groups = {}
for gid, email in c.sql("SELECT m.group_id, p.email FROM member m"
                        " JOIN person p ON p.id = m.person_id ORDER BY p.id"):
    groups.setdefault(gid, []).append(email)
pair = next(g for g in groups.values() if len(g) == 2)
trio = next(g for g in groups.values() if len(g) == 3)

# After publishing: the first contact of the pair pauses, the other one
# of the pair skips, and the first contact of the trio leaves.
c.run("people", "set", slug, pair[0], "--status", "paused",
      "--until", "2099-01-01")
c.run("people", "set", slug, pair[1], "--status", "skip-next")
c.run("people", "set", slug, trio[0], "--status", "left")

r = c.run("mail", "run", "--once")
check("failed 0" in r.stdout, "worker: " + r.stdout + r.stderr)
intros = {m["X-RcptTo"]: text_part(m) for m in smtp.messages()
          if m["X-Cuppa-Kind"] == "intro"}
first = lambda email: c.sql("SELECT name FROM person WHERE email = '%s'"
                            % email)[0][0].split()[0]

check(set(intros) == {pair[0], pair[1], trio[1], trio[2]},
      "introductions went to %s" % sorted(intros))
check("You go first" in intros[pair[0]],
      "the paused first contact is still asked to write first")
check("%s will write to you first" % first(pair[0]) in intros[pair[1]],
      "the partner is told the paused person writes first")
check(first(trio[0]) not in intros[trio[1]] and
      first(trio[0]) not in intros[trio[2]],
      "someone who left is still named in the trio's introductions")
check("You go first" in intros[trio[1]],
      "the next member of the trio is not asked to write first")
check("%s will write to you first" % first(trio[1]) in intros[trio[2]],
      "the last member of the trio is not told who writes first")

# The next round: the pause and the skip now apply.
r = c.run("round", "new", slug, "--seed", "4", "--json")
placed = {e for (e,) in c.sql(
    "SELECT p.email FROM member m JOIN person p ON p.id = m.person_id"
    " JOIN grp g ON g.id = m.group_id JOIN round r ON r.id = g.round_id"
    " WHERE r.number = 2")}
check(pair[0] not in placed and pair[1] not in placed,
      "paused or skipping people were placed in round 2: %s" % sorted(placed))
# A trio's messages speak to three people (journey 3's wording).
slug3 = c.run("programme", "add", "Trio Club", "--group-size", "3").stdout.split()[1]
with open(csv, "w") as f:
    f.write("name,email,organisation\n"
            "Fay Ford,fay@example.org,Org F\n"
            "Gus Gray,gus@example.org,Org G\n"
            "Hal Hunt,hal@example.org,Org H\n")
c.run("people", "import", slug3, csv)
c.run("round", "new", slug3, "--seed", "1")
c.run("round", "publish", slug3, "1")
c.run("mail", "run", "--once")
trio_msgs = [m for m in smtp.messages() if m["X-RcptTo"] in
             ("fay@example.org", "gus@example.org", "hal@example.org")]
check(len(trio_msgs) == 3, "three trio introductions")
for m in trio_msgs:
    t = text_part(m)
    check("all three of you" in t and "you both" not in t,
          "trio wording: " + t[:400])
check(all("you both" in intros[e] for e in pair), "pair wording")
print("pause after publish: the group stands, messages agree")
