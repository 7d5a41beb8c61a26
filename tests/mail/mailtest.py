"""Shared helpers for the tests/mail scripts (imported, not run).

Every script gets a fresh temp dir, a cuppa database in it, SMTP servers
on free loopback ports, and stops everything it started on exit.
Environment: CUPPA_BIN (the cuppa to test), CUPPA_SAN_BIN (its ASan+UBSan
build: always used for `serve` and `mail run`, and for everything with
Cuppa(..., san=True)), CUPPA_ROOT (the checkout).  A sanitizer report in
any started process's log fails the script at exit.
"""
import atexit
import email
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from email import policy

ROOT = os.environ.get("CUPPA_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("CUPPA_BIN") or os.path.join(ROOT, "build", "cuppa")
HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"
# The sanitized build (scripts/test sets it): `serve` and `mail run` always
# run under it, the rest when a script asks with Cuppa(..., san=True); the
# plain build when it is not there.
SAN_BIN = os.environ.get("CUPPA_SAN_BIN") or ""
SAN_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
               "runtime error:")

_procs = []
_dirs = []


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    bad = []
    for d in _dirs:
        for log in glob.glob(os.path.join(d, "worker-*.log")):
            with open(log, errors="replace") as f:
                text = f.read()
            if any(r in text for r in SAN_REPORTS):
                bad.append(log)
                print(text[-4000:])
    for d in _dirs:
        if os.environ.get("CUPPA_KEEP") or bad:
            print("kept", d)
        else:
            shutil.rmtree(d, ignore_errors=True)
    if bad:
        print("FAIL: sanitizer report in", ", ".join(bad))
        sys.stdout.flush()
        os._exit(1)


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def tmpdir():
    d = tempfile.mkdtemp(prefix="cuppa-mail-")
    _dirs.append(d)
    return d


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    fail("nothing listens on port %d" % port)


class Cuppa:
    """One database and the environment every cuppa run gets."""

    def __init__(self, d, smtp_port=None, san=False, **env):
        self.dir = d
        have_san = bool(SAN_BIN) and os.access(SAN_BIN, os.X_OK)
        self.san_bin = SAN_BIN if have_san else BIN
        self.bin = self.san_bin if san else BIN
        self.db = os.path.join(d, "cuppa.db")
        self.env = dict(os.environ)
        self.env.update({
            "CUPPA_DB": self.db,
            "CUPPA_MAIL_FROM": "Coffee Trials <coffee@example.org>",
            "CUPPA_BASE_URL": "http://127.0.0.1:9",
        })
        self.env.pop("CUPPA_NOW", None)
        if smtp_port:
            self.env["CUPPA_SMTP_URL"] = "smtp://127.0.0.1:%d" % smtp_port
        self.env.update({k: str(v) for k, v in env.items()})

    def run(self, *args, now=None, check_rc=True, timeout=300, **env):
        e = dict(self.env)
        if now:
            e["CUPPA_NOW"] = now
        e.update({k: str(v) for k, v in env.items()})
        p = subprocess.run([self.bin_for(args)] + list(args), env=e,
                           capture_output=True, text=True, timeout=timeout)
        if any(r in p.stderr for r in SAN_REPORTS):
            fail("cuppa %s: sanitizer report\n%s" % (" ".join(args), p.stderr))
        if check_rc and p.returncode != 0:
            fail("cuppa %s: exit %d\n%s%s" % (" ".join(args), p.returncode,
                                              p.stdout, p.stderr))
        return p

    def start(self, *args, now=None, **env):
        e = dict(self.env)
        if now:
            e["CUPPA_NOW"] = now
        e.update({k: str(v) for k, v in env.items()})
        log = open(os.path.join(self.dir, "worker-%d.log" % len(_procs)), "w")
        p = subprocess.Popen([self.bin_for(args)] + list(args), env=e,
                             stdout=log, stderr=subprocess.STDOUT)
        _procs.append(p)
        return p

    def bin_for(self, args):
        """The servers (`serve`, `mail run`) always run sanitized."""
        a = list(args)
        if a[:1] == ["serve"] or a[:2] == ["mail", "run"]:
            return self.san_bin
        return self.bin

    def sql(self, q):
        import sqlite3
        c = sqlite3.connect(self.db, timeout=30)
        try:
            rows = c.execute(q).fetchall()
            c.commit()
            return rows
        finally:
            c.close()


def people_csv(path, n, offset=0, zones=None):
    zones = zones or ["Europe/London", "America/New_York", "Europe/Paris",
                      "", "Asia/Kolkata", "Europe/Berlin"]
    with open(path, "w") as f:
        f.write("name,email,organisation,role,timezone,topics,intro\n")
        for i in range(offset, offset + n):
            f.write("Person %d,p%d@example.org,Org %d,Role %d,%s,housing;data,"
                    "Hello from %d\n" % (i, i, i % 23, i % 5,
                                         zones[i % len(zones)], i))


def programme(c, n, name="Coffee Club", now=None, cadence=None):
    """A programme with n people and round 1 published; returns its slug."""
    args = ["programme", "add", name]
    if cadence:
        args += ["--cadence-days", str(cadence)]
    out = c.run(*args).stdout
    slug = out.split()[1]
    csv = os.path.join(c.dir, "people.csv")
    people_csv(csv, n)
    c.run("people", "import", slug, csv)
    return slug


def publish(c, slug, number, now=None):
    c.run("round", "new", slug, "--seed", str(1000 + number), now=now)
    c.run("round", "publish", slug, str(number), now=now)
    # Idempotent: adds nothing when `round publish` already enqueued.
    c.run("mail", "enqueue", slug, str(number), now=now)


class Smtp:
    """aiosmtpd on a free port: the stock Mailbox handler, or our own
    handler (smtp_server.py) when reject is given."""

    def __init__(self, d, port=None, reject=None, sink=False, extra=None):
        self.port = port or free_port()
        self.dir = os.path.join(d, "mbox-%d" % self.port)
        self.reject = reject
        self.sink = sink
        self.extra = extra or []
        self.proc = None

    def start(self):
        log = open(self.dir + ".log", "a")
        if self.reject or self.sink or self.extra:
            cmd = [PY, os.path.join(HERE, "smtp_server.py"), "--port",
                   str(self.port), "--dir", self.dir]
            for r in self.reject or []:
                cmd += ["--reject", r]
            if self.sink:
                cmd += ["--sink"]
            cmd += self.extra
        else:
            cmd = [PY, "-m", "aiosmtpd", "-n", "-l",
                   "127.0.0.1:%d" % self.port, "-c",
                   "aiosmtpd.handlers.Mailbox", self.dir]
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=log)
        _procs.append(self.proc)
        wait_port(self.port)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def files(self):
        """In delivery order.  Maildir names are "<s>.M<us>P<pid>Q<n>...",
        the microseconds unpadded, so a plain sort misorders two messages
        within one second (M99 after M100000)."""
        def order(path):
            m = re.match(r"(\d+)\.M(\d+)P\d+Q(\d+)", os.path.basename(path))
            if not m:
                fail("a Maildir name out of the usual form: " + path)
            return (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return sorted(glob.glob(os.path.join(self.dir, "new", "*")), key=order)

    def count(self):
        return len(self.files())

    def headers(self):
        """Only the headers of each message (fast, for counting)."""
        from email.parser import BytesHeaderParser
        hp = BytesHeaderParser()
        out = []
        for f in self.files():
            with open(f, "rb") as fh:
                out.append(hp.parse(fh))
        return out

    def messages(self):
        out = []
        for f in self.files():
            with open(f, "rb") as fh:
                out.append(email.message_from_binary_file(
                    fh, policy=policy.default))
        return out


def wait_until(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def text_part(m):
    for part in m.walk():
        if part.get_content_type() == "text/plain":
            return part.get_content()
    return ""


def ics_parts(m):
    return [p.get_payload(decode=True) for p in m.walk()
            if p.get_content_type() == "text/calendar"]


_ics_checker = None


def ics_checker(d):
    """Builds tests/mail/ics_check.c against libical (tests only)."""
    global _ics_checker
    if _ics_checker:
        return _ics_checker
    out = os.path.join(d, "ics_check")
    try:
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libical"],
                               capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        fail("libical-dev is needed by the mail tests (pkg-config libical)")
    p = subprocess.run(["cc", "-o", out, os.path.join(HERE, "ics_check.c")]
                       + flags.stdout.split(), capture_output=True, text=True)
    check(p.returncode == 0, "cannot build ics_check: " + p.stderr)
    _ics_checker = out
    return out


def parse_ics(d, blobs):
    """Parses each calendar blob back with libical; returns one tuple
    (uid, start, end, attendees) per blob."""
    tool = ics_checker(d)
    paths = []
    for i, b in enumerate(blobs):
        p = os.path.join(d, "inv-%d.ics" % i)
        with open(p, "wb") as f:
            f.write(b)
        paths.append(p)
    out = []
    for k in range(0, len(paths), 200):
        r = subprocess.run([tool] + paths[k:k + 200], capture_output=True,
                           text=True)
        check(r.returncode == 0, "libical rejects an invite: " + r.stderr)
        for line in r.stdout.split("\n"):
            if line:
                uid, s, e, n = line.split()
                out.append((uid, int(s), int(e), int(n)))
    return out
