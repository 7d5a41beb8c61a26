#!/usr/bin/python3
"""A server that answers 550 for one address: that message is marked
failed with the server's answer (shown by `cuppa mail status`), the
others are sent, and a later run does not try it again."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, programme, publish, tmpdir

d = tmpdir()
bad = "p3@example.org"
smtp = Smtp(d, reject=[bad]).start()
c = Cuppa(d, smtp.port)
c.run("init")
slug = programme(c, 20)
publish(c, slug, 1)
total = c.sql("SELECT COUNT(*) FROM mail_outbox")[0][0]

r = c.run("mail", "run", "--once")
check("failed 1" in r.stdout, "worker: " + r.stdout)
rcpts = [m["X-RcptTo"] for m in smtp.messages()]
check(bad not in rcpts and len(rcpts) == total - 1,
      "delivered %d of %d" % (len(rcpts), total - 1))

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
print("550 recorded for one address, %d others sent" % (total - 1))
