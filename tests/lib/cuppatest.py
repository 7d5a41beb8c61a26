"""Helpers shared by the integration test scripts (stdlib only).

Each script runs the real `cuppa` binary against a real SQLite file in a
fresh temporary directory, which is removed when the script ends.
"""
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.environ.get("CUPPA_ROOT", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
BIN = os.environ.get("CUPPA_SAN_BIN") or os.environ.get("CUPPA_BIN") \
    or os.path.join(ROOT, "build", "cuppa")

_failures = []


class Workdir:
    """A temporary directory holding the test's database."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="cuppa-test-")
        # CUPPA_TEST_DB (a postgresql:// URL) runs the same test on PostgreSQL.
        self.db = os.environ.get("CUPPA_TEST_DB") or os.path.join(self.path, "t.db")

    def file(self, name, text):
        p = os.path.join(self.path, name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return p

    def close(self):
        shutil.rmtree(self.path, ignore_errors=True)


def run(wd, *args, now=None, check=True, stdin=None, env=None):
    """Runs cuppa --db wd.db ARGS; returns (exit code, stdout, stderr)."""
    e = dict(os.environ)
    e.pop("CUPPA_DB", None)
    if now:
        e["CUPPA_NOW"] = now
    if env:
        e.update(env)
    e.setdefault("CUPPA_KEYS_FILE", os.path.join(wd.path, "keys"))
    p = subprocess.run([BIN, "--db", wd.db, *args], capture_output=True,
                       text=True, input=stdin, env=e, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("cuppa %s exited %d\nstdout: %s\nstderr: %s" % (
            " ".join(args), p.returncode, p.stdout[-2000:], p.stderr[-2000:]))
    return p.returncode, p.stdout, p.stderr


def killed_run(wd, args, delay):
    """Starts cuppa --db wd.db ARGS, SIGKILLs it after delay seconds;
    returns its exit status (-9 when the kill came first)."""
    env = dict(os.environ, CUPPA_KEYS_FILE=os.path.join(wd.path, "keys"))
    p = subprocess.Popen([BIN, "--db", wd.db, *args], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    return p.wait()


def check(cond, what):
    if cond:
        print("  ok   " + what)
    else:
        print("  FAIL " + what)
        _failures.append(what)


def finish():
    n = len(_failures)
    print("%d check%s failed" % (n, "" if n == 1 else "s") if n else "all checks passed")
    sys.exit(1 if n else 0)
