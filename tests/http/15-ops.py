#!/usr/bin/python3
"""Running it: GET /healthz (database and mail worker, no personal data),
GET /metrics (Prometheus text, only with the bearer token, compared in
constant time), trusted proxies (X-Forwarded-For counts only from a
configured proxy), the configuration file (precedence, refusal of a bad
line with FILE:LINE: key: problem, secrets masked by `config check`) and
SIGHUP reloading it.  Runs the sanitizer build."""
import os, re, signal, subprocess, sys, time
sys.dont_write_bytecode = True
if os.environ.get("CUPPA_SAN_BIN"):
    os.environ["CUPPA_BIN"] = os.environ["CUPPA_SAN_BIN"]
from cuppahttp import Server, BIN, check, done, signup

TOKEN = "metrics-token-0123456789abcdef"
TOKEN2 = "second-metrics-token-9876543210"

srv = Server(setup=False, args=[], env={})  # placeholder dir for the config
srv.stop()
conf = os.path.join(srv.dir, "cuppa.conf")
pwfile = os.path.join(srv.dir, "smtp-pw")
with open(pwfile, "w") as f:
    f.write("very-secret-password\n")


def write_conf(token, proxies="127.0.0.1", limit=3):
    with open(conf, "w") as f:
        f.write("# test configuration\n"
                "metrics_token = %s\n"
                "trusted_proxies = %s\n"
                "login_ip_limit = %d\n"
                "smtp_url = smtp://127.0.0.1:9\n"
                "smtp_password_file = %s\n" % (token, proxies, limit, pwfile))


write_conf(TOKEN)
env = {"CUPPA_CONFIG": conf}
for k in ("CUPPA_METRICS_TOKEN", "CUPPA_TRUSTED_PROXIES", "CUPPA_SMTP_URL",
          "CUPPA_LOGIN_IP_LIMIT", "CUPPA_SMTP_PASSWORD"):
    os.environ.pop(k, None)
srv = Server(env=env)
c = srv.client()

# ---- config check ----
r = srv.cli("config", "check")
check(r.returncode == 0 and "metrics_token" in r.stdout and TOKEN not in r.stdout
      and "very-secret-password" not in r.stdout and "********" in r.stdout,
      "config check shows settings with secrets masked")
check(re.search(r"trusted_proxies\s+= 127\.0\.0\.1\s+# .*cuppa\.conf:3", r.stdout),
      "config check says where a value came from (file:line)")
r = subprocess.run([BIN, "--db", srv.db, "config", "check"], capture_output=True,
                   text=True, env=dict(srv.env, CUPPA_LOGIN_IP_LIMIT="7"))
check(re.search(r"login_ip_limit\s+= 7\s+# environment", r.stdout),
      "the environment wins over the file")
r = subprocess.run([BIN, "--db", "postgresql://cuppa:pg-secret-pw@db.example/cuppa",
                    "config", "check"], capture_output=True, text=True, env=srv.env)
check(r.returncode == 0 and "pg-secret-pw" not in r.stdout
      and "postgresql://cuppa:********@db.example/cuppa" in r.stdout,
      "a password inside a database URL is masked")
bad = os.path.join(srv.dir, "bad.conf")
with open(bad, "w") as f:
    f.write("threads = 4\n\nmetrics_token = short\n")
r = subprocess.run([BIN, "--db", srv.db, "--config", bad, "serve"],
                   capture_output=True, text=True, env=srv.env, timeout=20)
check(r.returncode == 2 and "%s:3: metrics_token: must be 20 to 200" % bad in r.stderr
      and "short" not in r.stderr.replace("must", ""),
      "a bad line is refused at start as FILE:LINE: key: problem (%r)" % r.stderr.strip())

# ---- /healthz ----
time.sleep(1.2)
r = c.get("/healthz")
check(r.status == 200 and r.header("Content-Type") == "application/json",
      "/healthz: 200 JSON (%d %s)" % (r.status, r.text.strip()))
check('"database":"ok"' in r.text and '"mail":{"status":"ok"' in r.text
      and '"scheduler":{"status":"ok"' in r.text,
      "/healthz reports the database, the scheduler and the mail worker alive")
check("@" not in r.text and "cuppa_csrf" not in (r.header("Set-Cookie") or ""),
      "/healthz carries no personal data and sets no cookie")

# ---- /metrics ----
r = c.get("/metrics")
check(r.status == 401, "/metrics without a token: 401")
r = c.get("/metrics", {"Authorization": "Bearer " + TOKEN[:-1] + "X"})
check(r.status == 401, "/metrics with a wrong token: 401")
signup(srv, srv.client(), email="ann@example.org")
r = c.get("/metrics", {"Authorization": "Bearer " + TOKEN})
check(r.status == 200 and r.header("Content-Type").startswith("text/plain; version=0.0.4"),
      "/metrics with the token: 200 Prometheus text")
for metric in ('cuppa_http_requests_total{route="/healthz",status="200"} 1',
               'cuppa_http_requests_total{route="/metrics",status="401"} 2',
               'cuppa_http_request_duration_seconds_bucket{le="+Inf"}',
               'cuppa_outbox_messages{state="queued"}',
               "cuppa_mail_sent_total", "cuppa_mail_failed_total",
               "cuppa_rounds_published_total 0",
               'cuppa_job_last_run_timestamp_seconds{job="mail"}',
               'cuppa_job_last_run_timestamp_seconds{job="scheduler"}',
               "cuppa_database_up 1"):
    check(metric in r.text, "/metrics has " + metric)
check("ann@example.org" not in r.text, "/metrics carries no personal data")

# ---- trusted proxies and the login limit (3 per address) ----
def fail_login(client, xff=None):
    tok = client.csrf("/admin/login")
    h = {"X-Forwarded-For": xff} if xff else {}
    return client.post("/admin/login", {"csrf": tok, "email": "x@example.org",
                                        "password": "wrong password"}, h)

statuses = [fail_login(srv.client(), "198.51.100.1").status for _ in range(4)]
check(statuses == [401, 401, 401, 429],
      "through the trusted proxy the forwarded address is limited (%s)" % statuses)
r = fail_login(srv.client(), "198.51.100.2")
check(r.status == 401, "another forwarded address is not (%d)" % r.status)

# SIGHUP: the proxy is no longer trusted, a new token, a limit of 2.
write_conf(TOKEN2, proxies="10.9.9.9", limit=2)
srv.proc.send_signal(signal.SIGHUP)
time.sleep(1.0)
check("reloaded" in srv.log_text(), "SIGHUP reloads the configuration")
r = c.get("/metrics", {"Authorization": "Bearer " + TOKEN})
check(r.status == 401, "the old metrics token no longer works")
r = c.get("/metrics", {"Authorization": "Bearer " + TOKEN2})
check(r.status == 200, "the new metrics token works")
# 127.0.0.1 is no longer a proxy: the header is ignored, the peer counts.
st = [fail_login(srv.client(), "203.0.113.%d" % i).status for i in range(3)]
check(st == [401, 401, 429],
      "an untrusted peer's X-Forwarded-For is ignored, new limit 2 (%s)" % st)
# A bad file on SIGHUP keeps the running settings.
with open(conf, "a") as f:
    f.write("nonsense line\n")
srv.proc.send_signal(signal.SIGHUP)
time.sleep(1.0)
check("configuration refused" in srv.log_text(), "a bad file on SIGHUP is refused")
r = c.get("/metrics", {"Authorization": "Bearer " + TOKEN2})
check(r.status == 200 and srv.proc.poll() is None,
      "and the server keeps running with the settings it had")
check("very-secret-password" not in srv.log_text() and TOKEN2 not in srv.log_text(),
      "no secret in the server log")
srv.cleanup()
done()
