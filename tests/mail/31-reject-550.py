#!/usr/bin/python3
"""A server that answers 550 for one address and 451 twice for another:
the first message is marked failed with the server's answer (shown by
`cuppa mail status`) and never tried again; the second is retried with
backoff and arrives on the third try; the others are sent at once."""
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, programme, publish, tmpdir

d = tmpdir()
bad = "p3@example.org"
slow = "p5@example.org"
smtp = Smtp(d, reject=[bad], extra=["--tempfail", slow + ":2"]).start()
c = Cuppa(d, smtp.port, san=True, CUPPA_MAIL_RETRY_BASE=1)
c.run("init")
slug = programme(c, 20)
publish(c, slug, 1)
# (the imported people's welcomes are folded into their first
# introductions, published before the worker runs: not sent on their own)
total = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind <> 'welcome'")[0][0]

# A malformed setting is reported by name and sends nothing.
for var, val in (("CUPPA_MAIL_LEASE", "5x"), ("CUPPA_MAIL_RETRY_BASE", "0"),
                 ("CUPPA_SMTP_TIMEOUT", "ten")):
    r = c.run("mail", "run", "--once", check_rc=False, **{var: val})
    check(r.returncode != 0 and var in r.stderr,
          "%s=%s: exit %d, %s" % (var, val, r.returncode, r.stderr))
check(not smtp.messages(), "nothing sent with a bad setting")

r = c.run("mail", "run", "--once")
check("failed 1" in r.stdout and "retried" in r.stdout, "worker: " + r.stdout)
# 451 twice: due again after 0.5-1 s, then after 1-2 s (backoff with
# jitter); a run retries whatever has come due while it works.
for _ in range(4):
    if c.sql("SELECT state FROM mail_outbox WHERE kind <> 'welcome' AND rcpt = '%s'" % slow)[0][0] \
            == "sent":
        break
    time.sleep(1.1)
    c.run("mail", "run", "--once")
rcpts = [m["X-RcptTo"] for m in smtp.messages()]
check(bad not in rcpts and len(rcpts) == total - 1,
      "delivered %d of %d" % (len(rcpts), total - 1))
check(rcpts.count(slow) == 1, "the 451 address got %d" % rcpts.count(slow))
att, code = c.sql("SELECT attempts, last_code FROM mail_outbox WHERE kind <> 'welcome' AND rcpt = '%s'"
                  % slow)[0]
check(att == 3 and code == 250, "451 row: %d tries, last %d" % (att, code))

st = json.loads(c.run("mail", "status", slug, "--json").stdout)
check(st["failed"] == 1 and st["sent"] == total - 1 and st["queued"] == 0,
      "status: %r" % st)
f = st["failures"][0]
check(f["rcpt"] == bad and f["code"] == 550 and "550" in f["reply"],
      "failure record: %r" % f)
human = c.run("mail", "status", slug).stdout
check("550" in human and bad in human, "status text: " + human)

r = c.run("mail", "run", "--once")
check("sent 0, retried 0, failed 0" in r.stdout, "second run: " + r.stdout)
print("550 recorded for one address, 451 retried twice then sent, %d others"
      " sent" % (total - 2))
