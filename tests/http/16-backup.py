#!/usr/bin/python3
"""cuppa backup and restore: a backup taken while a load of writes goes
through `cuppa serve` holds every write acknowledged before it began,
restores into a working database, and restore refuses to replace a
database a server has open unless --force.  Sanitizer build."""
import json, os, subprocess, sys, threading, time
sys.dont_write_bytecode = True
if os.environ.get("CUPPA_SAN_BIN"):
    os.environ["CUPPA_BIN"] = os.environ["CUPPA_SAN_BIN"]
from cuppahttp import Server, BIN, SLUG, check, done

srv = Server()
acked = []          # (email, time acknowledged)
stop = threading.Event()


def writer(k):
    i = 0
    while not stop.is_set():
        email = "w%d-%d@example.org" % (k, i)
        r = srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
                    {"name": "Writer %d %d" % (k, i), "email": email,
                     "organisation": "Org %d" % (i % 7)})
        if r.status in (200, 201):
            acked.append((email, time.monotonic()))
        i += 1


threads = [threading.Thread(target=writer, args=(k,)) for k in range(3)]
for t in threads:
    t.start()
time.sleep(2.0)
bak = os.path.join(srv.dir, "backup.db")
t0 = time.monotonic()
r = subprocess.run([BIN, "--db", srv.db, "backup", bak], capture_output=True,
                   text=True, env=srv.env)
check(r.returncode == 0, "backup while writing: exit 0 (%s)" % r.stderr.strip())
time.sleep(1.0)
stop.set()
for t in threads:
    t.join()
before = {e for e, t in acked if t < t0}
check(len(before) >= 10, "%d writes acknowledged before the backup began" % len(before))

# Restoring over the live database is refused while the server has it open.
r = srv.cli("restore", bak, check_rc=False)
check(r.returncode == 1 and "open in another process" in r.stderr,
      "restore refuses a database a server has open (%s)" % r.stderr.strip())

# Restore into a fresh path and find every acknowledged write.
fresh = os.path.join(srv.dir, "restored.db")
r = subprocess.run([BIN, "--db", fresh, "restore", bak], capture_output=True,
                   text=True, env=srv.env)
check(r.returncode == 0 and "restored" in r.stdout, "restore into a new path")
r = subprocess.run([BIN, "--db", fresh, "people", "list", SLUG, "--json"],
                   capture_output=True, text=True,
                   env=dict(srv.env, CUPPA_KEYS_FILE=srv.db + ".keys"))
check(r.returncode == 0, "the restored database opens (%s)" % r.stderr.strip())
people = {p["email"] for p in json.loads(r.stdout or "[]")}
missing = before - people
check(not missing, "every write acknowledged before the backup is in it "
      "(%d of %d missing)" % (len(missing), len(before)))
r = subprocess.run([BIN, "--db", fresh, "restore", bak], capture_output=True,
                   text=True, env=srv.env)
check(r.returncode == 0 and os.path.exists(fresh + ".before-restore"),
      "restoring over a database keeps the old one as DB.before-restore")

# With --force the live database is replaced under the running server.
r = srv.cli("restore", bak, "--force", check_rc=False)
check(r.returncode == 0, "restore --force over the live database")
r = srv.api("GET", "/api/v1/programmes/%s/people" % SLUG)
check(r.status == 200, "the server keeps answering after a forced restore")

# Bad inputs change nothing.
junk = os.path.join(srv.dir, "junk.db")
with open(junk, "w") as f:
    f.write("not a database")
r = srv.cli("restore", junk, "--force", check_rc=False)
check(r.returncode == 1 and "not" in r.stderr, "a file that is not a backup is refused")
r = subprocess.run([BIN, "--db", "postgresql://x@127.0.0.1/db", "backup", bak],
                   capture_output=True, text=True, env=srv.env)
check(r.returncode == 1 and "pg_dump" in r.stderr, "PostgreSQL: points to pg_dump")
r = srv.cli("backup", srv.db, check_rc=False)
check(r.returncode == 1 and "database itself" in r.stderr,
      "backup refuses to overwrite the database itself")
srv.cleanup()
done()
