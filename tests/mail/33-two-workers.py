#!/usr/bin/python3
"""Two workers drain one outbox at the same time: every message is sent
exactly once (the lease on claimed rows keeps them apart) and both
workers take a share."""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, programme, publish, tmpdir

d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port)
c.run("init")
slug = programme(c, 600)
publish(c, slug, 1)
total = c.sql("SELECT COUNT(*) FROM mail_outbox")[0][0]

ws = [c.start("mail", "run", "--once", "--batch", "10") for _ in range(2)]
for w in ws:
    check(w.wait(120) == 0, "a worker failed")
ids = collections.Counter(m["Message-ID"] for m in smtp.headers())
check(len(ids) == total, "delivered %d of %d" % (len(ids), total))
check(max(ids.values()) == 1, "a message was sent twice")
shares = c.sql("SELECT COUNT(DISTINCT substr(claimed_by, 1,"
               " instr(claimed_by, '#'))) FROM mail_outbox")[0][0]
check(shares == 2, "only %d worker(s) did any work" % shares)
print("%d messages, two workers, no duplicates" % total)
