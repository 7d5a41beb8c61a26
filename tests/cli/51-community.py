#!/usr/bin/python3
"""Surveys, the board's full-text search and the shared-challenge pairing
through the real CLI and `cuppa serve` (sanitizer build), on SQLite, or
on PostgreSQL when CUPPA_TEST_DB is a postgresql:// URL (51-community-
postgres.sh): the same SQL, migrations (FTS5 / tsvector) and search."""
import html, http.cookiejar, json, os, re, signal, subprocess, sys, time
import urllib.error, urllib.parse, urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from cuppatest import BIN, Workdir, check, finish, run

wd = Workdir()
P = "cafe"
run(wd, "init")
run(wd, "programme", "add", "Cafe")
csv = wd.file("p.csv", "name,email,organisation,topics\n"
              "Ann Able,ann@a.org,Council A,loneliness;housing\n"
              "Bo Bright,bo@b.org,Health B,data\nCy Clear,cy@c.org,Charity C,\n"
              "Di Dunn,di@d.org,Police D,\nEd Eve,ed@e.org,School E,\n"
              "Fay Fox,fay@f.org,Fire F,\n")
run(wd, "people", "import", P, csv)
run(wd, "round", "new", P, "--seed", "3")
run(wd, "round", "publish", P, "1")
rd = json.loads(run(wd, "round", "show", P, "1", "--json")[1])
met = rd["groups"][0]["members"]
run(wd, "outcome", P, "1", met[0], "met", "--rating", "5")
check(run(wd, "survey", "add", P)[1].strip() == "1", "survey add")
out = run(wd, "survey", "send", P, "1")[1]
check("6 people asked" in out, "survey send: %r" % out)
res = json.loads(run(wd, "survey", "results", P, "1", "--json")[1])
check(res["asked"] == {"took_part": 2, "did_not": 4}, "sides: %r" % res["asked"])
st = json.loads(run(wd, "stats", P, "--json")[1])
check(st["ratings"]["count"] == 1 and st["ratings"]["mean"] == 5.0, "ratings in stats")
run(wd, "programme", "set", P, "--board", "on", "--board-moderation", "after")

# serve, and use the board as three people from three organisations
env = dict(os.environ, CUPPA_KEYS_FILE=os.path.join(wd.path, "keys"))
env.pop("CUPPA_NOW", None)
srv = subprocess.Popen([BIN, "--db", wd.db, "serve", "--listen", "127.0.0.1:0",
                        "--threads", "2"], stdout=subprocess.PIPE,
                       stderr=open(os.path.join(wd.path, "serve.log"), "w"),
                       text=True, env=env)
try:
    port = re.search(r"127\.0\.0\.1:(\d+)", srv.stdout.readline()).group(1)
    base = "http://127.0.0.1:" + port
    people = {p["email"]: p["id"] for p in
              (lambda j: j if isinstance(j, list) else j["people"])(
                  json.loads(run(wd, "people", "list", P, "--json")[1]))}

    def client():
        return urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def go(c, path, fields=None):
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with c.open(base + path, data, timeout=20) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def me(email):
        return run(wd, "admin", "link", "me", str(people[email]))[1].strip() \
            .replace("http://127.0.0.1:8080", "")

    ann = client()
    path = urllib.parse.urlparse(me("ann@a.org")).path
    st_, page = go(ann, path + "/board")
    tok = html.unescape(re.search(r'name="csrf" value="([^"]+)"', page).group(1))
    st_, page = go(ann, path + "/board", {"csrf": tok, "title": "Loneliness among tenants",
                                          "body": "Who has tried befriending?",
                                          "topics": "loneliness"})
    check(st_ == 200 and "on the board" in page, "posted (%d)" % st_)
    cid = re.search(r'/board/(\d+)"', page).group(1)
    for email in ("bo@b.org", "cy@c.org"):
        c = client()
        pth = urllib.parse.urlparse(me(email)).path
        st_, page = go(c, "%s/board/%s" % (pth, cid))
        t = html.unescape(re.search(r'name="csrf" value="([^"]+)"', page).group(1))
        st_, page = go(c, "%s/board/%s" % (pth, cid), {"csrf": t, "action": "too"})
        check(st_ == 200, "%s: we face this too" % email)
    pub = client()
    for q, want in (("lonel", True), ("befriend tenants", True), ("zebra", False),
                    ("'; DROP TABLE challenge; --", False)):
        st_, page = go(pub, "/p/%s/challenges?q=%s" % (P, urllib.parse.quote(q)))
        check(st_ == 200 and ("Loneliness among tenants" in page) == want,
              "search %r (%s)" % (q, "found" if want else "nothing"))
    st_, page = go(pub, "/p/%s/challenges/%s" % (P, cid))
    check("3 people</strong> from <strong>3 organisations" in page, "counts")
finally:
    srv.send_signal(signal.SIGTERM)
    srv.wait(20)
log = open(os.path.join(wd.path, "serve.log")).read()
check("runtime error" not in log and "Sanitizer" not in log, "no sanitizer report")

lst = json.loads(run(wd, "challenge", "list", P, "--json")[1])
check(lst["challenges"][0]["people"] == 3, "challenge list")
run(wd, "round", "new", P, "--seed", "9")
rd = json.loads(run(wd, "round", "show", P, "2", "--json")[1])
share = {"ann@a.org", "bo@b.org", "cy@c.org"}
# everyone is from a different organisation and round 1 used only
# three of the fifteen pairs, so the rules allow a sharing pair
check(any(len(share & set(g["members"])) >= 2 for g in rd["groups"]),
      "the next round pairs two who share the challenge: %r" % rd["groups"])
wd.close()
finish()
