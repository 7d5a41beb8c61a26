#!/usr/bin/python3
"""A programme with nobody in it (as every programme made on the dashboard
starts) must not trip the sanitizers: the sanitizer builds of `mail run`
and of `serve` with its mail thread both schedule over it, next to a
programme with a published round, and keep working."""
import os
import signal
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (SAN_BIN, Cuppa, Smtp, check, free_port, programme,  # noqa: E402
                      publish, tmpdir, wait_port, wait_until)

check(SAN_BIN and os.access(SAN_BIN, os.X_OK),
      "CUPPA_SAN_BIN names the sanitizer build (%r)" % SAN_BIN)
d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port)
c.run("init")
c.run("programme", "add", "Empty Club")
slug = programme(c, 4, name="Small Club")
publish(c, slug, 1)

# `mail run` (sanitized: mailtest runs servers under CUPPA_SAN_BIN).
p = c.run("mail", "run", "--once", check_rc=False)
check(p.returncode == 0, "sanitized mail run with an empty programme: exit %d\n%s"
      % (p.returncode, p.stderr[-3000:]))
check(smtp.count() == 4, "the other programme's 4 introductions went (%d)"
      % smtp.count())

# `serve` with its mail thread: the scheduler passes over the empty
# programme on start; a second empty one is made while it runs.
port = free_port()
srv = c.start("serve", "--listen", "127.0.0.1:%d" % port, "--quiet")
wait_port(port)
c.run("programme", "add", "Later Empty Club")
publish(c, slug, 2, now="2026-01-01")
wait_until(lambda: smtp.count() >= 8 or srv.poll() is not None, 60,
           "round 2's introductions from the server's mail thread")
check(srv.poll() is None, "serve is still running (exit %s)" % srv.poll())
time.sleep(1)
srv.send_signal(signal.SIGTERM)
check(srv.wait(timeout=30) == 0, "serve stops cleanly")
print("empty programmes: mail run and serve keep going under the sanitizers")
