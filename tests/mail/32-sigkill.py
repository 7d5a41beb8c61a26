#!/usr/bin/python3
"""The worker is killed with SIGKILL at random moments of a large send
and restarted each time: no message is lost, and duplicates (the message
in flight at a kill) number at most one per kill.  CUPPA_SOAK=1: 10,000
messages and 30 kills."""
import collections
import os
import random
import signal
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, programme, publish, tmpdir,
                      wait_until)

soak = os.environ.get("CUPPA_SOAK") == "1"
N, KILLS = (10000, 30) if soak else (1000, 6)
rng = random.Random(int(os.environ.get("CUPPA_SEED", "5")))
d = tmpdir()
smtp = Smtp(d).start()
# A short lease so a killed worker's claimed rows come back quickly.
c = Cuppa(d, smtp.port, CUPPA_MAIL_LEASE=2, CUPPA_MAIL_RETRY_BASE=1)
c.run("init")
slug = programme(c, N)
publish(c, slug, 1)
# (the imported people's welcomes are folded into their first
# introductions, published before the worker runs: not sent on their own)
total = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome'")[0][0]

kills = 0
for i in range(KILLS):
    w = c.start("mail", "run", "--idle-ms", "50", "--batch", "20")
    time.sleep(rng.uniform(0.1, 0.6))
    if w.poll() is not None:
        break
    w.send_signal(signal.SIGKILL)
    w.wait()
    kills += 1
    if smtp.count() >= total:
        break

time.sleep(2.5)                     # the last leases run out
r = c.run("mail", "run", "--once")
wait_until(lambda: c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome' AND state"
                         " = 'queued'")[0][0] == 0, 30, "an empty queue")

ids = collections.Counter(m["Message-ID"] for m in smtp.headers())
want = {r[0] for r in c.sql("SELECT id FROM mail_outbox WHERE kind <> 'welcome'")}
got_rows = {int(mid.split(".")[1]) for mid in ids}
dups = sum(ids.values()) - len(ids)
check(got_rows == want, "lost %d messages" % len(want - got_rows))
check(dups <= kills, "%d duplicates after %d kills" % (dups, kills))
sent = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome' AND state = 'sent'")[0][0]
check(sent == total, "%d of %d marked sent" % (sent, total))
print("%d messages, %d kills: none lost, %d duplicates" % (total, kills, dups))
