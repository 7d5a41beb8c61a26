#!/usr/bin/python3
"""Login limits: a locked account answers exactly like a wrong password for
an unknown account (same status, same page, similar time), and failed
logins from one client address are limited whatever accounts they try
(`--login-ip-limit`), counted in the database (shared by every server).  Also `--listen` syntax."""
import os, re, statistics, subprocess, sys, time
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, BIN, check, done, ORGANISER, PASSWORD


def body_of(r):
    # The page without its per-request CSRF token and the typed email.
    t = re.sub(r'name="csrf" value="[^"]+"', "", r.text)
    return re.sub(r'value="[^"]*@example\.org"', "", t)


def timed_login(c, **kw):
    t0 = time.monotonic()
    r = c.login(**kw)
    return r, time.monotonic() - t0


# The IP limit is raised here so the account lock-out can be seen alone.
srv = Server(args=["--login-ip-limit", "12"])

c = srv.client()
# Lock the account: 5 wrong passwords.
for i in range(5):
    r = c.login(password="wrong %d" % i)
    check(r.status == 401, "wrong password %d: 401" % (i + 1))

# Now compare: locked account with the right password, locked with a
# wrong one, and an unknown account.
locked_ok, locked_bad, unknown = [], [], []
for i in range(2):
    r1, t1 = timed_login(c)
    r2, t2 = timed_login(c, password="still wrong")
    r3, t3 = timed_login(c, email="nobody%d@example.org" % i, password="whatever 123")
    locked_ok.append(t1), locked_bad.append(t2), unknown.append(t3)
    check(r1.status == r2.status == r3.status == 401,
          "locked (right pw), locked (wrong pw), unknown: all 401 (%d %d %d)"
          % (r1.status, r2.status, r3.status))
    check(body_of(r1) == body_of(r2) == body_of(r3),
          "the three pages are identical but for the token")
    check("cuppa_session" not in c.cookies, "no session")
    check("locked" not in r1.text.lower(), "the page does not say 'locked'")
tu = statistics.median(unknown)
for name, ts in (("locked, right password", locked_ok),
                 ("locked, wrong password", locked_bad)):
    tm = statistics.median(ts)
    check(0.4 * tu < tm < 2.5 * tu + 0.05,
          "%s takes about as long as an unknown account (%.0f ms vs %.0f ms)"
          % (name, tm * 1000, tu * 1000))

# 11 failures so far from 127.0.0.1; the 12th fills the address's quota.
r = c.login(email="nobody@example.org", password="x" * 12)
check(r.status == 401, "12th failure still answered normally")
other = srv.client()  # a new client, the same address
r = other.login(email="someone@example.org", password="y" * 12)
check(r.status == 429 and "Too many failed logins" in r.text
      and r.header("Retry-After"), "the address is now limited: 429 with Retry-After")
# Even a correct login of another organiser: the address is limited.
pw2 = os.path.join(srv.dir, "pw2")
with open(pw2, "w") as f:
    f.write("another good password\n")
srv.cli("admin", "add", "second@example.org", "--password-file", pw2)
r = other.login(email="second@example.org", password="another good password")
check(r.status == 429 and "cuppa_session" not in other.cookies,
      "correct password from a limited address refused")
check("@example.org" not in srv.log_text(), "no emails in the server log")
srv.cleanup()

# Without the IP limit in the way, unlocking (a new password) lets the
# organiser in again, and the lock shows only as a refused password.
srv2 = Server()
x = srv2.client()
for i in range(6):
    x.login(password="nope %d" % i)
r = x.login()
check(r.status == 401, "locked account refuses the right password")
srv2.cli("admin", "add", ORGANISER, "--password-file", srv2.dir + "/pw")
r = x.login()
check(r.status == 303 and "cuppa_session" in x.cookies, "a new password unlocks")
srv2.cleanup()

# --listen: IPv4, or IPv6 in brackets; bare IPv6 and junk are refused.
for bad in ("::1:8080", "[::1]8080", "[::1", "127.0.0.1", "localhost:80x", ":80"):
    r = subprocess.run([BIN, "--db", "/nonexistent/x.db", "serve", "--listen", bad],
                       capture_output=True, text=True, timeout=10)
    check(r.returncode != 0 and "--listen" in r.stderr,
          "--listen %s refused with a usage message" % bad)
r = subprocess.run([BIN, "--db", "/nonexistent/x.db", "serve", "--listen",
                    "[not-an-address]:8080"], capture_output=True, text=True, timeout=10)
check(r.returncode != 0, "--listen [not-an-address]:8080 refused")
done()
