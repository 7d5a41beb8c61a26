#!/usr/bin/python3
"""Journey 6 (issue 12): people an organiser adds (`people import`,
`people add`) get one welcome before their first round, through the
outbox, against a real aiosmtpd: what the programme is, who runs it, when
the next round is (from the schedule), their /me link and the privacy
summary; their emails say the organisers added them, never "because you
signed up".  A round published before the welcome went: no welcome, the
first introduction says what it would have.  The CSV's network_consent
column (and `people add --network-consent`) set the consent to be named;
a bad value names the line and changes nothing."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, text_part, tmpdir  # noqa: E402

NOW = "2026-12-01T10:00:00Z"
d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port)
c.run("init", now=NOW)
slug = c.run("programme", "add", "Leeds Coffee", now=NOW).stdout.split()[1]
c.run("programme", "set", slug, "--start", "2027-01-04T09:30", "--monthly",
      now=NOW)
with open(os.path.join(d, "pw.txt"), "w") as f:
    f.write("a long organiser password\n")
c.run("admin", "add", "org@example.org", "--password-file",
      os.path.join(d, "pw.txt"), "--programme", slug, now=NOW)


def csv(name, rows, consent=True):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("name,email,organisation%s\n" % (",network_consent" if consent else ""))
        for r in rows:
            f.write(",".join(r) + "\n")
    return path


def show_names():
    return dict(c.sql("SELECT email, show_name FROM person"))


# A bad consent value: the line is named, nothing changes.
bad = csv("bad.csv", [("Ann Jones", "ann@x.org", "Council", "yes"),
                      ("Bob Patel", "bob@x.org", "Hospital", "maybe")])
p = c.run("people", "import", slug, bad, now=NOW, check_rc=False)
check(p.returncode == 1 and "bad.csv:3: network_consent: must be yes or no" in p.stderr,
      "a bad consent value names the line (%d)\n%s" % (p.returncode, p.stderr))
check(c.sql("SELECT COUNT(*) FROM person")[0][0] == 0, "nothing was imported")
check(c.sql("SELECT COUNT(*) FROM mail_outbox")[0][0] == 0, "nothing was queued")

good = csv("good.csv", [("Ann Jones", "ann@x.org", "Council", "yes"),
                        ("Bob Patel", "bob@x.org", "Hospital", "No"),
                        ("Cara Evans", "cara@x.org", "Police", "1"),
                        ("Dev Shah", "dev@x.org", "Charity", "false")])
c.run("people", "import", slug, good, now=NOW)
names = show_names()
check(names == {"ann@x.org": 1, "bob@x.org": 0, "cara@x.org": 1, "dev@x.org": 0},
      "consent from the CSV column: %r" % names)

c.run("mail", "run", "--once", now=NOW)
msgs = smtp.messages()
check(len(msgs) == 4, "one welcome each (%d messages)" % len(msgs))
for m in msgs:
    t = text_part(m)
    check(m["Subject"] == "Welcome to Leeds Coffee", "subject: %s" % m["Subject"])
    check("The organisers of Leeds Coffee have added you to it." in t, "why they get it:\n" + t)
    check("matches people at random every month" in t, "what it is:\n" + t)
    check("The next round is planned for Monday 4 January 2027 at 09:30 (Europe/London)" in t,
          "when, from the schedule:\n" + t)
    check("write to org@example.org" in t, "who runs it:\n" + t)
    check("http://127.0.0.1:9/me/" in t, "their signed link:\n" + t)
    check("Network pictures show your name only if you agreed" in t, "privacy:\n" + t)
    check("because the organisers of Leeds Coffee added you to it" in t, "footer:\n" + t)
    check("signed up" not in t, "never 'signed up':\n" + t)

# Exactly once: another pass, and a re-import (details refreshed, consent
# changed), queue nothing new.
c.run("mail", "run", "--once", now=NOW)
regood = csv("regood.csv", [("Ann Jones", "ann@x.org", "Council", "no")])
c.run("people", "import", slug, regood, now=NOW)
check(show_names()["ann@x.org"] == 0, "a re-import with the column changes consent")
nocol = csv("nocol.csv", [("Bob Patel", "bob@x.org", "Hospital")], consent=False)
c.run("people", "import", slug, nocol, now=NOW)
check(show_names()["bob@x.org"] == 0 and show_names()["cara@x.org"] == 1,
      "an import without the column keeps consent")
c.run("mail", "run", "--once", now=NOW)
check(smtp.count() == 4, "no second welcome (%d messages)" % smtp.count())

# Newcomers added, then a round published before their welcome went.
p = c.run("people", "add", slug, "--name", "Eve Ford", "--email", "eve@x.org",
          "--organisation", "Housing", "--network-consent", "yes", now=NOW)
check("welcome" in p.stdout, "people add says a welcome is queued: " + p.stdout)
p = c.run("people", "add", slug, "--name", "Finn Lee", "--email", "fin@x.org",
          "--organisation", "NHS", "--network-consent", "perhaps", now=NOW,
          check_rc=False)
check(p.returncode == 2 and "--network-consent" in p.stderr,
      "a bad --network-consent is a usage error (%d) %s" % (p.returncode, p.stderr))
c.run("people", "add", slug, "--name", "Finn Lee", "--email", "fin@x.org",
      "--organisation", "NHS", now=NOW)
check(show_names()["eve@x.org"] == 1 and show_names()["fin@x.org"] == 0,
      "people add takes the consent")
c.run("round", "new", slug, "--seed", "7", now=NOW)
c.run("round", "publish", slug, "1", now=NOW)
c.run("mail", "run", "--once", now=NOW)
msgs = smtp.messages()[4:]
kinds = [(m["To"], m["X-Cuppa-Kind"]) for m in msgs]
check(len(msgs) == 6 and all(k == "intro" for _, k in kinds),
      "six introductions and no welcome: %r" % kinds)
for m in msgs:
    t = text_part(m)
    new = "eve@x.org" in m["To"] or "fin@x.org" in m["To"]
    check(("this is your first introduction" in t) == new,
          "%s: the welcome's words in the first introduction only when it "
          "overtook the welcome:\n%s" % (m["To"], t))
    if new:
        check("Network pictures show your name only if you agreed" in t and
              "/me/" in t and "write to org@example.org" in t,
              "the first introduction says what the welcome would have:\n" + t)
    check("because the organisers of Leeds Coffee added you to it" in t,
          "intro footer for added people:\n" + t)
rows = dict(c.sql("SELECT rcpt, state FROM mail_outbox WHERE kind = 'welcome'"
                  " AND rcpt IN ('eve@x.org', 'fin@x.org')"))
check(rows == {"eve@x.org": "skipped", "fin@x.org": "skipped"},
      "their welcomes stay unsent: %r" % rows)
c.run("mail", "run", "--once", now=NOW)
check(smtp.count() == 10, "nothing more (%d)" % smtp.count())
print("welcome: once, before the first round, or said by the first introduction")
