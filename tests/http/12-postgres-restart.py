"""Driven by 12-postgres-restart.sh (not executable itself: it needs the
PostgreSQL that script starts)."""
import os, re, subprocess, sys, tempfile, threading, time
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cuppahttp import (BIN, Client, ORGANISER, PASSWORD, SLUG, check, done)

BIN = os.environ.get("CUPPA_SAN_BIN") or BIN
URL = "postgresql://postgres@127.0.0.1:%s/cuppa_restart" % os.environ["PG_PORT"]
PG = os.environ["PGBIN"]
AS_PG = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
d = tempfile.mkdtemp(prefix="cuppa-pgrestart-")
env = dict(os.environ, CUPPA_DB=URL, CUPPA_KEYS_FILE=os.path.join(d, "keys"))
env.pop("CUPPA_SMTP_URL", None)


def cli(*args):
    r = subprocess.run([BIN] + list(args), capture_output=True, text=True, env=env)
    if r.returncode:
        sys.exit("cuppa %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def pg_ctl(*args):
    subprocess.run(AS_PG + [PG + "/pg_ctl", "-D", os.environ["PG_DIR"] + "/data"]
                   + list(args), check=True, capture_output=True)


cli("programme", "add", "Public Sector Coffee")
with open(os.path.join(d, "pw"), "w") as f:
    f.write(PASSWORD + "\n")
cli("admin", "add", ORGANISER, "--password-file", os.path.join(d, "pw"),
    "--programme", SLUG)
log = open(os.path.join(d, "server.log"), "w+")
srv = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:0", "--threads", "3",
                        "--db-pool", "1"], stdout=subprocess.PIPE, stderr=log,
                       text=True, env=env)
port = int(re.search(r"127\.0\.0\.1:(\d+)", srv.stdout.readline()).group(1))
admin = Client(port)
r = admin.login()
check(r.status == 303, "organiser logs in (%d)" % r.status)


def timed(client, path):
    t0 = time.monotonic()
    r = client.get(path)
    return r, time.monotonic() - t0


# 1. The one connection held by a request waiting on a lock: the next
# request is told the service is busy after the pool's wait, not hung.
psql = subprocess.Popen([PG + "/psql", "-q", "-h", "127.0.0.1", "-p",
                         os.environ["PG_PORT"], "-U", "postgres", "cuppa_restart"],
                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
psql.stdin.write("BEGIN; LOCK TABLE programme IN ACCESS EXCLUSIVE MODE;\n")
psql.stdin.flush()
time.sleep(0.5)
slow = {}
t = threading.Thread(target=lambda: slow.update(r=Client(port).get("/p/" + SLUG)))
t.start()
time.sleep(0.5)
r, dt = timed(Client(port), "/p/" + SLUG)
check(r.status == 503 and dt < 6, "pool exhausted: 503 after %.1f s" % dt)
check("try again shortly" in r.text, "the 503 page says to try again shortly")
check(r.header("Retry-After") == "5", "the 503 carries Retry-After")
psql.stdin.write("COMMIT;\n")
psql.stdin.close()
psql.wait()
t.join(30)
check(slow.get("r") is not None and slow["r"].status == 200,
      "the request that waited on the lock completes")

# 2. PostgreSQL stops: every request is a quick 503, pages and API alike.
r, _ = timed(admin, "/admin")
check(r.status == 200, "dashboard before the restart (%d)" % r.status)
pg_ctl("-m", "fast", "stop")
for path, who in (("/admin", admin), ("/p/" + SLUG, Client(port)),
                  ("/admin/programmes/" + SLUG, admin), ("/", Client(port))):
    r, dt = timed(who, path)
    check(r.status == 503 and dt < 3,
          "PostgreSQL down: %s answered %d in %.2f s" % (path, r.status, dt))
r = Client(port).get("/p/" + SLUG, {"Accept-Language": "cy"})
check(r.status == 503 and '<html lang="cy">' in r.text and
      "gwasanaeth yn brysur" in r.text,
      "PostgreSQL down: the 503 page in the reader's language (Welsh): %d" % r.status)
r = Client(port).request("GET", "/api/v1/programmes", None,
                         {"Authorization": "Bearer x"})
check(r.status == 503 and '"unavailable"' in r.text,
      "PostgreSQL down: the API says unavailable in JSON (%d)" % r.status)
check(srv.poll() is None, "cuppa serve is still running")

# 3. PostgreSQL is back: requests succeed, the session survived.
pg_ctl("-w", "-l", os.environ["PG_DIR"] + "/log", "-o",
       "-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=off"
       % (os.environ["PG_PORT"], os.environ["PG_DIR"]), "start")
for path in ("/admin", "/admin/programmes/" + SLUG, "/admin"):
    r, dt = timed(admin, path)
    check(r.status == 200, "after the restart: %s answered %d" % (path, r.status))
r, _ = timed(Client(port), "/p/" + SLUG)
check(r.status == 200, "after the restart: the sign-up page (%d)" % r.status)

srv.terminate()
rc = srv.wait(timeout=30)
log.seek(0)
text = log.read()
check(rc == 0, "cuppa serve exits cleanly (%d)" % rc)
check("Sanitizer" not in text and "runtime error" not in text,
      "no sanitizer reports")
done()
