"""Shared helpers for the HTTP tests (not a test itself: not executable).

Starts `cuppa serve` on 127.0.0.1 with a free port and a fresh database
in a temporary directory, with one programme, one organiser (who
organises it) and an API token, and talks to it with http.client (no redirects followed, cookies
kept per Client)."""
import atexit, http.client, json, os, re, shutil, signal, subprocess, sys
import tempfile, time, urllib.parse

ROOT = os.environ.get("CUPPA_ROOT") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("CUPPA_BIN") or os.path.join(ROOT, "build", "cuppa")
# `serve` runs the ASan+UBSan build (scripts/test sets CUPPA_SAN_BIN);
# cleanup() fails the script on any sanitizer report in its log.
SAN_BIN = os.environ.get("CUPPA_SAN_BIN") or ""
SERVE_BIN = SAN_BIN if SAN_BIN and os.access(SAN_BIN, os.X_OK) else BIN
PASSWORD = "correct horse battery staple"
ORGANISER = "organiser@example.org"
SLUG = "public-sector-coffee"

failures = []


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)


def done():
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("all passed")
    sys.exit(0)


class Server:
    def __init__(self, dbdir=None, env=None, setup=True, args=()):
        self.args = list(args)  # extra `cuppa serve` options
        self.own_dir = dbdir is None
        self.dir = dbdir or tempfile.mkdtemp(prefix="cuppa-http-")
        self.db = os.path.join(self.dir, "cuppa.db")
        self.env = dict(os.environ)
        self.env.pop("CUPPA_NOW", None)
        if env:
            self.env.update(env)
        if setup:
            self.setup()
        self.start()
        atexit.register(self.stop)

    def cli(self, *args, check_rc=True, stdin=None):
        r = subprocess.run([BIN, "--db", self.db] + list(args),
                           capture_output=True, text=True, env=self.env,
                           input=stdin)
        if check_rc and r.returncode != 0:
            raise RuntimeError("cuppa %s: %s" % (" ".join(args), r.stderr))
        return r

    def setup(self):
        self.cli("programme", "add", "Public Sector Coffee")
        pw = os.path.join(self.dir, "pw")
        with open(pw, "w") as f:
            f.write(PASSWORD + "\n")
        # A programme made on the command line has no organiser until
        # granted: this one is granted as the organiser is created.
        self.cli("admin", "add", ORGANISER, "--password-file", pw,
                 "--programme", SLUG)
        self.token = self.cli("admin", "token", ORGANISER).stdout.strip()

    def start(self):
        self.log = open(os.path.join(self.dir, "server.log"), "a+")
        self.proc = subprocess.Popen(
            [SERVE_BIN, "--db", self.db, "serve", "--listen", "127.0.0.1:0",
             "--threads", "2"] + self.args,
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=self.env)
        line = self.proc.stdout.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not m:
            raise RuntimeError("server did not start: %r" % line)
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port

    def stop(self):
        if getattr(self, "proc", None) and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                rc = -9
            self.proc = None
            self.log.close()
            return rc
        return None

    def cleanup(self):
        rc = self.stop()
        log = self.log_text() if os.path.exists(self.log.name) else ""
        check(rc in (0, None), "server exited cleanly (%s)" % rc)
        check("Sanitizer" not in log and "runtime error" not in log,
              "no sanitizer reports in the server log")
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_text(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def client(self):
        return Client(self.port)

    def api(self, method, path, body=None, token=None, ctype="application/json"):
        c = Client(self.port)
        hdr = {"Authorization": "Bearer " + (token or self.token)}
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            hdr["Content-Type"] = ctype
        r = c.request(method, path, data, hdr)
        try:
            r.json = json.loads(r.text)
        except ValueError:
            r.json = None
        return r


class Response:
    def __init__(self, resp):
        self.status = resp.status
        self.headers = resp.headers
        self.body = resp.read()
        self.text = self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)


class Client:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if isinstance(body, str):
            body = body.encode()
        conn.request(method, path, body=body, headers=h)
        r = Response(conn.getresponse())
        for k, v in r.headers.items():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                val = rest.split(";")[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = val
        conn.close()
        return r

    def get(self, path, headers=None):
        return self.request("GET", path, None, headers)

    def post(self, path, fields, headers=None):
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, urllib.parse.urlencode(fields), h)

    def csrf(self, path):
        r = self.get(path)
        m = re.search(r'name="csrf" value="([^"]+)"', r.text)
        return m.group(1) if m else None

    def login(self, email=ORGANISER, password=PASSWORD):
        tok = self.csrf("/admin/login")
        return self.post("/admin/login",
                         {"csrf": tok, "email": email, "password": password})


def csrf_of(html):
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None


def signup(srv, client, **fields):
    """Signs up through the public form; returns (response, confirm path)."""
    tok = client.csrf("/p/" + SLUG)
    f = {"csrf": tok, "name": "Ann Example", "email": "ann@example.org",
         "organisation": "Council A", "consent": "yes"}
    f.update(fields)
    before = srv.log_text()
    r = client.post("/p/" + SLUG, f)
    new = srv.log_text()[len(before):]
    for _ in range(20):
        m = re.search(r"confirm link: \S+?(/confirm/\S+)", new)
        if m or r.status != 200:
            break
        time.sleep(0.05)
        new = srv.log_text()[len(before):]
    return r, (m.group(1) if m else None)


def people(srv):
    r = srv.api("GET", "/api/v1/programmes/%s/people" % SLUG)
    return r.json["people"]
