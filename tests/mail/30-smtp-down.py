#!/usr/bin/python3
"""The SMTP server is down when the worker starts and comes back a few
seconds later: every message arrives, exactly once, none is lost, and
the rows that met the dead server were retried with backoff."""
import collections
import os
import signal
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, free_port, programme, publish,
                      tmpdir, wait_until)

N = 200
d = tmpdir()
port = free_port()
c = Cuppa(d, port, CUPPA_MAIL_RETRY_BASE=1)
c.run("init")
slug = programme(c, N)
publish(c, slug, 1)
# (the imported people's welcomes are folded into their first
# introductions, published before the worker runs: not sent on their own)
total = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome'")[0][0]
check(total >= N - 1, "outbox holds %d rows" % total)

w = c.start("mail", "run", "--idle-ms", "100")
time.sleep(3)                       # nobody listens on `port`
check(w.poll() is None, "the worker gave up while the server was down")
tried = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome' AND attempts > 0")[0][0]
queued = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome' AND state = 'queued'")[0][0]
check(tried >= 1, "the worker never tried")
check(queued == total, "rows left the queue while the server was down")

smtp = Smtp(d, port=port).start()
wait_until(lambda: smtp.count() >= total, 60, "all messages after recovery")
time.sleep(0.5)
w.send_signal(signal.SIGTERM)
check(w.wait(10) == 0, "worker exit status after SIGTERM")

got = collections.Counter(m["Message-ID"] for m in smtp.headers())
check(len(got) == total and max(got.values()) == 1,
      "%d distinct of %d, duplicates %d" % (len(got), total,
                                            sum(got.values()) - len(got)))
sent = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome' AND state = 'sent'")[0][0]
check(sent == total, "%d rows marked sent of %d" % (sent, total))
retried = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome' AND attempts > 1")[0][0]
print("%d messages delivered once each after an outage; %d needed more than"
      " one try" % (total, retried))
