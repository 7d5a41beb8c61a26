#!/usr/bin/python3
"""Several servers behind a proxy (docs/deploy.md), end to end: one
PostgreSQL (tests/lib/pg.sh), two sanitizer-build `cuppa serve` sharing
its database and keys file, both running the mail worker, and HAProxy in
front with health checks on /healthz.  A load of sign-ups (public form,
CSRF token from one server posted to whichever the proxy picks) and
outcome posts (API) runs through the proxy while one server is killed
with SIGKILL and restarted.  Then:
  - every acknowledged sign-up and outcome is in the database;
  - the per-address login limit holds across both servers (the client
    address forwarded by the trusted proxy, counted in the database);
  - every queued mail was delivered, each once: duplicates only within
    the documented bound of one message in flight per killed worker.
Short by default; CUPPA_SOAK=1 runs longer with a kill every ten seconds."""
import json, os, random, re, signal, subprocess, sys, tempfile, threading, time
import http.client, urllib.parse
sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "mail"))
import mailtest  # noqa: E402  (SMTP sink, free ports, cleanup)

ROOT = os.environ.get("CUPPA_ROOT") or os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.environ.get("CUPPA_SAN_BIN") or os.environ.get("CUPPA_BIN") or \
    os.path.join(ROOT, "build", "cuppa")
SOAK = os.environ.get("CUPPA_SOAK") == "1"
DURATION = 120 if SOAK else 16
SLUG = "cluster-coffee"
LIMIT = 6
TOKEN = "cluster-metrics-token-0123456789"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


tmp = tempfile.mkdtemp(prefix="cuppa-cluster-")
procs = {}
pg = {}


def sh_pg(script):
    return subprocess.run(["bash", "-c", "set -e; source %s/tests/lib/pg.sh; %s"
                           % (ROOT, script)], capture_output=True, text=True)


def cleanup():
    for p in list(procs.values()):
        if p.poll() is None:
            p.kill()
            p.wait()
    if pg.get("dir"):
        sh_pg("PG_DIR=%s; pg_stop" % pg["dir"])
    subprocess.run(["rm", "-rf", tmp])


try:
    r = sh_pg("pg_start cluster; trap - EXIT; echo \"$PG_URL $PG_DIR\"")
    if r.returncode != 0:
        print("FAIL cannot start PostgreSQL: " + r.stderr)
        sys.exit(1)
    url, pg["dir"] = r.stdout.split()

    smtp = mailtest.Smtp(tmp).start()
    proxy_port = mailtest.free_port()
    ports = {"a": mailtest.free_port(), "b": mailtest.free_port()}
    conf = os.path.join(tmp, "cuppa.conf")
    with open(conf, "w") as f:
        f.write("database = %s\nkeys_file = %s/keys\n"
                "base_url = http://127.0.0.1:%d\n"
                "trusted_proxies = 127.0.0.1\nlogin_ip_limit = %d\n"
                "metrics_token = %s\nsmtp_url = smtp://127.0.0.1:%d\n"
                "mail_from = Coffee <coffee@example.org>\nthreads = 4\n"
                # a killed worker's claim comes back after the lease
                "mail_lease = 8\n"
                % (url, tmp, proxy_port, LIMIT, TOKEN, smtp.port))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CUPPA_")}
    env["CUPPA_CONFIG"] = conf

    def cli(*args):
        r = subprocess.run([BIN] + list(args), capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise RuntimeError("cuppa %s: %s" % (" ".join(args), r.stderr))
        return r.stdout

    cli("init")
    cli("programme", "add", "Cluster Coffee")
    csv = os.path.join(tmp, "people.csv")
    with open(csv, "w") as f:
        f.write("name,email,organisation\n")
        for i in range(24):
            f.write("Member %d,m%d@example.org,Org %d\n" % (i, i, i % 5))
    cli("people", "import", SLUG, csv)
    pw = os.path.join(tmp, "pw")
    with open(pw, "w") as f:
        f.write("correct horse battery staple\n")
    cli("admin", "add", "org@example.org", "--password-file", pw, "--programme", SLUG)
    api_token = cli("admin", "token", "org@example.org").strip()
    cli("round", "new", SLUG, "--seed", "7")
    cli("round", "publish", SLUG, "1")   # 24 introductions queued

    def start(name):
        log = open(os.path.join(tmp, "server-%s.log" % name), "a")
        p = subprocess.Popen([BIN, "serve", "--listen", "127.0.0.1:%d" % ports[name]],
                             stdout=subprocess.PIPE, stderr=log, text=True, env=env)
        line = p.stdout.readline()
        if "listening" not in line:
            raise RuntimeError("server %s did not start: %r" % (name, line))
        procs[name] = p

    start("a")
    start("b")
    hacfg = os.path.join(tmp, "haproxy.cfg")
    with open(hacfg, "w") as f:
        f.write("""global
  maxconn 500
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch
  retry-on conn-failure
frontend web
  bind 127.0.0.1:%d
  option forwardfor
  default_backend cuppa
backend cuppa
  balance roundrobin
  option httpchk GET /healthz
  http-check expect status 200
  server a 127.0.0.1:%d check inter 300ms fall 2 rise 1
  server b 127.0.0.1:%d check inter 300ms fall 2 rise 1
""" % (proxy_port, ports["a"], ports["b"]))
    procs["haproxy"] = subprocess.Popen(["haproxy", "-f", hacfg, "-db"],
                                        stdout=subprocess.DEVNULL,
                                        stderr=open(os.path.join(tmp, "haproxy.log"), "w"))
    mailtest.wait_port(proxy_port)

    def request(method, path, body=None, headers=None, cookies=None):
        """One request through the proxy; (status, text, set-cookies) or
        (0, error, {}) when the connection failed."""
        h = dict(headers or {})
        if cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
        try:
            c = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=30)
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            text = r.read().decode("utf-8", "replace")
            sc = {}
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    n, _, rest = v.partition("=")
                    sc[n] = rest.split(";")[0]
            c.close()
            return r.status, text, sc
        except (OSError, http.client.HTTPException) as ex:
            return 0, str(ex), {}

    for _ in range(100):
        if request("GET", "/healthz")[0] == 200:
            break
        time.sleep(0.1)

    stop = threading.Event()
    acked_signups, acked_outcomes, errors = [], [], []
    lock = threading.Lock()

    def signups(k):
        i = 0
        while not stop.is_set():
            email = "s%d-%d@example.org" % (k, i)
            st, text, ck = request("GET", "/p/" + SLUG)
            m = re.search(r'name="csrf" value="([^"]+)"', text)
            if st != 200 or not m:
                with lock:
                    errors.append(("GET signup", st))
                time.sleep(0.05)
                continue
            form = urllib.parse.urlencode({
                "csrf": m.group(1), "name": "Signup %d %d" % (k, i), "email": email,
                "organisation": "Org %d" % (i % 4), "consent": "yes"})
            st, text, _ = request("POST", "/p/" + SLUG, form,
                                  {"Content-Type": "application/x-www-form-urlencoded"}, ck)
            if st == 200 and "Check your email" in text:
                with lock:
                    acked_signups.append(email)
                i += 1
            else:
                with lock:
                    errors.append(("POST signup", st))
                time.sleep(0.05)

    def outcomes():
        while not stop.is_set():
            i = random.randrange(24)
            body = json.dumps({"email": "m%d@example.org" % i,
                               "outcome": random.choice(["met", "missed"])})
            st, text, _ = request("POST", "/api/v1/programmes/%s/rounds/1/outcomes" % SLUG,
                                  body, {"Authorization": "Bearer " + api_token,
                                         "Content-Type": "application/json"})
            if st in (200, 201):
                with lock:
                    acked_outcomes.append(json.loads(body))
            else:
                with lock:
                    errors.append(("POST outcome", st))
                time.sleep(0.05)

    threads = [threading.Thread(target=signups, args=(k,)) for k in range(2)]
    threads.append(threading.Thread(target=outcomes))
    for t in threads:
        t.start()
    t_end = time.monotonic() + DURATION
    kills = 0
    victim = "a"
    next_kill = time.monotonic() + (DURATION / 3 if not SOAK else 10)
    while time.monotonic() < t_end:
        if time.monotonic() >= next_kill:
            procs[victim].send_signal(signal.SIGKILL)
            procs[victim].wait()
            kills += 1
            time.sleep(1.5)
            start(victim)
            victim = "b" if victim == "a" else "a"
            next_kill = time.monotonic() + (10 if SOAK else DURATION)
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join()
    print("load: %d sign-ups and %d outcomes acknowledged, %d refused or failed "
          "requests, %d kill(s)" % (len(acked_signups), len(acked_outcomes),
                                    len(errors), kills), flush=True)
    check(kills >= 1 and len(acked_signups) >= 20 and len(acked_outcomes) >= 20,
          "a real load ran through the proxy across a kill")

    # Every acknowledged write is there.
    people = {p["email"] for p in json.loads(cli("people", "list", SLUG, "--json"))}
    missing = [e for e in acked_signups if e not in people]
    check(not missing, "every acknowledged sign-up is stored (%d missing)" % len(missing))
    rows = json.loads(cli("export", SLUG, "outcomes", "--json"))
    text = json.dumps(rows)
    last = {}
    for o in acked_outcomes:
        last[o["email"]] = o["outcome"]
    missing = [e for e in last if e not in text]
    check(not missing, "every acknowledged outcome is stored (%d people missing)" % len(missing))

    # Both servers answered, and the login limit holds across them.
    def fail_login():
        st, text, ck = request("GET", "/admin/login", headers={"X-Forwarded-For": "198.51.100.77"})
        m = re.search(r'name="csrf" value="([^"]+)"', text)
        form = urllib.parse.urlencode({"csrf": m.group(1) if m else "",
                                       "email": "org@example.org", "password": "wrong one"})
        return request("POST", "/admin/login", form,
                       {"Content-Type": "application/x-www-form-urlencoded",
                        "X-Forwarded-For": "198.51.100.77"}, ck)[0]

    codes = []
    for i in range(LIMIT + 2):
        if i % 2:  # shift the round robin so each server gets POSTs
            request("GET", "/healthz")
        codes.append(fail_login())
    check(codes[:LIMIT] == [401] * LIMIT and codes[LIMIT:] == [429, 429],
          "the per-address login limit (%d) holds across both servers: %s" % (LIMIT, codes))
    logs = {n: open(os.path.join(tmp, "server-%s.log" % n)).read() for n in ("a", "b")}
    check(all("POST /admin/login" in logs[n] for n in logs),
          "both servers took part in the logins")

    # Mail: everything queued is delivered, each message once.
    def queued():
        return json.loads(cli("mail", "status", SLUG, "--json"))["queued"]
    end = time.time() + 90
    while queued() > 0 and time.time() < end:
        time.sleep(0.5)
    status = json.loads(cli("mail", "status", SLUG, "--json"))
    check(status["queued"] == 0 and status.get("failed", 0) == 0,
          "the outbox drained: %s" % {k: v for k, v in status.items() if k != "failures"})
    time.sleep(0.5)
    ids = [h["Message-ID"] for h in smtp.headers()]
    rcpts = {h["To"] for h in smtp.headers()}
    dup = len(ids) - len(set(ids))
    check(len(set(ids)) == status["sent"],
          "every sent message arrived (%d distinct, %d recorded sent)" % (len(set(ids)), status["sent"]))
    check(dup <= kills, "duplicates %d, within one in flight per killed worker (%d)" % (dup, kills))
    got_confirm = sum(1 for e in acked_signups if any(e in r for r in rcpts))
    check(got_confirm == len(acked_signups),
          "every acknowledged sign-up got its confirmation (%d of %d)"
          % (got_confirm, len(acked_signups)))
    st, text, _ = request("GET", "/metrics", headers={"Authorization": "Bearer " + TOKEN})
    check(st == 200 and "cuppa_mail_sent_total %d" % status["sent"] in text,
          "/metrics through the proxy reports the shared outbox")

    for n in ("a", "b"):
        procs[n].send_signal(signal.SIGTERM)
        rc = procs[n].wait(30)
        log = open(os.path.join(tmp, "server-%s.log" % n)).read()
        check(rc == 0 and "Sanitizer" not in log and "runtime error" not in log,
              "server %s stops cleanly, no sanitizer report (%d)" % (n, rc))
finally:
    cleanup()

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("all passed")
