#!/usr/bin/python3
"""`cuppa serve` runs the mail worker in a thread when CUPPA_SMTP_URL is
set: a round published from the command line is delivered by the running
server with no `cuppa mail run`, its links use the server's --base-url,
and SIGTERM stops both cleanly (exit 0)."""
import os
import re
import signal
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, free_port, programme, text_part,  # noqa: E402
                      tmpdir, wait_port)

d = tmpdir()
smtp = Smtp(d).start()
port = free_port()
c = Cuppa(d, smtp.port, san=True)
c.run("init")
slug = programme(c, 20, name="Served Club")
srv = c.start("serve", "--listen", "127.0.0.1:%d" % port,
              "--base-url", "https://coffee.example.org", "--quiet")
wait_port(port)
c.run("round", "new", slug, "--seed", "7")
c.run("round", "publish", slug, "1")

deadline = time.time() + 60
sent = 0
while time.time() < deadline:
    # (the imported people's welcomes may go before the round is out)
    sent = c.sql("SELECT COUNT(*) FROM mail_outbox WHERE state = 'sent'"
                 " AND kind = 'intro'")[0][0]
    if sent >= 20:
        break
    time.sleep(0.2)
check(sent == 20, "the server's mail thread sent all 20 introductions (%d)" % sent)
msgs = [m for m in smtp.messages() if m["X-Cuppa-Kind"] == "intro"]
check(len(msgs) == 20, "20 introductions reached the SMTP server (%d)" % len(msgs))
body = text_part(msgs[0]) if msgs else ""
check(re.search(r"https://coffee\.example\.org/me/[A-Za-z0-9_-]+", body),
      "links use the server's --base-url")
srv.send_signal(signal.SIGTERM)
check(srv.wait(timeout=20) == 0, "SIGTERM stops the server and its mail thread")

# --no-mail leaves the outbox alone.
d2 = tmpdir()
c2 = Cuppa(d2, smtp.port)
c2.run("init")
slug2 = programme(c2, 6, name="Quiet Club")
port2 = free_port()
srv2 = c2.start("serve", "--listen", "127.0.0.1:%d" % port2, "--quiet", "--no-mail")
wait_port(port2)
c2.run("round", "new", slug2, "--seed", "3")
c2.run("round", "publish", slug2, "1")
time.sleep(2)
queued = c2.sql("SELECT COUNT(*) FROM mail_outbox WHERE state = 'queued'"
                " AND kind = 'intro'")[0][0]
check(queued == 6 and c2.sql("SELECT COUNT(*) FROM mail_outbox WHERE state <> 'queued'")[0][0] == 0, "with --no-mail the introductions stay queued (%d)" % queued)
srv2.send_signal(signal.SIGTERM)
check(srv2.wait(timeout=20) == 0, "the --no-mail server stops cleanly")
print("serve sends mail in a thread; --no-mail does not")
