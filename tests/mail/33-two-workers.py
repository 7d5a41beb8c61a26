#!/usr/bin/python3
"""Two workers drain one outbox at the same time: every message is sent
exactly once (the lease on claimed rows keeps them apart) and both
workers take a share.  Then one worker with --connections 3 (three
threads, three SMTP sessions) does the same for a second programme."""
import collections
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, people_csv, programme, publish,
                      tmpdir)

d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port, san=True)
c.run("init")
slug = programme(c, 600)
publish(c, slug, 1)
# (the imported people's welcomes are folded into their first
# introductions, published before the worker runs: not sent on their own)
total = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome'")[0][0]

ws = [c.start("mail", "run", "--once", "--batch", "10") for _ in range(2)]
for w in ws:
    check(w.wait(120) == 0, "a worker failed")
ids = collections.Counter(m["Message-ID"] for m in smtp.headers())
check(len(ids) == total, "delivered %d of %d" % (len(ids), total))
check(max(ids.values()) == 1, "a message was sent twice")
shares = c.sql("SELECT COUNT(DISTINCT substr(claimed_by, 1,"
               " instr(claimed_by, '#'))) FROM mail_outbox WHERE kind <> 'welcome'")[0][0]
check(shares == 2, "only %d worker(s) did any work" % shares)

c.run("programme", "add", "Second Club")
csv = os.path.join(d, "second.csv")
people_csv(csv, 300, offset=1000)
c.run("people", "import", "second-club", csv)
publish(c, "second-club", 1)
total2 = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome'")[0][0] - total
r = c.run("mail", "run", "--once", "--connections", "3", "--batch", "10")
check("sent %d," % total2 in r.stdout, "--connections 3: " + r.stdout)
ids = collections.Counter(m["Message-ID"] for m in smtp.headers())
check(len(ids) == total + total2 and max(ids.values()) == 1,
      "with --connections 3: %d distinct of %d" % (len(ids), total + total2))
threads = c.sql("SELECT COUNT(DISTINCT substr(claimed_by, 1,"
                " instr(claimed_by, '#'))) FROM mail_outbox o JOIN programme p"
                " ON p.id = o.programme_id WHERE p.slug = 'second-club'")[0][0]
check(threads >= 2, "only %d connection(s) did any work" % threads)
print("%d messages by two workers and %d by one worker with 3 connections,"
      " no duplicates" % (total, total2))
