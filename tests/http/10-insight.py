#!/usr/bin/python3
"""The insight page never makes a pool thread draw: the picture is drawn
by a worker and cached per programme, round and data version.  With
--insight-wait-ms 0 the first view says "being drawn" (202, Refresh),
a later view is served from the cache, and a change of the data (an
outcome) draws it again.  With the default wait a small programme's page
comes at once."""
import sys, time
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG

base = "/admin/programmes/%s/insight" % SLUG


def until_drawn(c, path, want=200, tries=100):
    for _ in range(tries):
        r = c.get(path)
        if r.status != 202:
            return r
        time.sleep(0.05)
    return r


def setup(srv):
    rows = ["name,email,organisation"] + ["P%d,p%d@example.org,Org %d" % (i, i, i % 3)
                                          for i in range(12)]
    with open(srv.dir + "/p.csv", "w") as f:
        f.write("\n".join(rows) + "\n")
    srv.cli("people", "import", SLUG, srv.dir + "/p.csv")


srv = Server(args=["--insight-wait-ms", "0"])
setup(srv)
a = srv.client()
check(a.login().status == 303, "logged in")
r = a.get(base)
check(r.status == 202 and "being drawn" in r.text and r.header("Refresh") == "2",
      "nothing cached: 202 'being drawn' with Refresh")
r = until_drawn(a, base)
check(r.status in (200, 404), "no round yet: answered once drawn (%d)" % r.status)

srv.cli("round", "new", SLUG, "--seed", "3")
srv.cli("round", "publish", SLUG, "1")
r = a.get(base)
check(r.status == 202, "a new round: drawn again (202)")
r = until_drawn(a, base)
check(r.status == 200 and "<svg" in r.text, "then the page with its picture")
check('class="insight-orgs"' in r.text and "Which organisations have met" in r.text,
      "the page also draws the network of organisations (issue 15)")
t0 = time.monotonic()
r2 = a.get(base)
check(r2.status == 200 and r2.text.count("<svg") == r.text.count("<svg"),
      "unchanged data: served from the cache at once (%.0f ms)" % ((time.monotonic() - t0) * 1000))
r3 = a.get(base + "?round=1")
check(r3.status in (200, 202), "another round is another entry")

# An outcome changes the data version: drawn again.
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
email = rd["groups"][0]["members"][0]["email"]
r = srv.api("POST", "/api/v1/programmes/%s/rounds/1/outcomes" % SLUG,
            {"email": email, "outcome": "met"})
check(r.status == 200, "outcome recorded")
r = a.get(base)
check(r.status == 202, "changed data: not served stale")
r = until_drawn(a, base)
check(r.status == 200 and "<svg" in r.text, "redrawn")
# Anonymous callers still cannot see it, cached or not.
check(srv.client().get(base).status == 303, "anonymous: redirected to login")
srv.cleanup()

srv = Server()
setup(srv)
srv.cli("round", "new", SLUG, "--seed", "3")
srv.cli("round", "publish", SLUG, "1")
a = srv.client()
a.login()
r = a.get(base)
check(r.status == 200 and "<svg" in r.text, "default wait: a small programme's page at once")
check('class="insight-network-figure"' in r.text, "a small programme's page draws every person")
srv.cleanup()

# Above 5,000 people (INSIGHT_PAGE_PICTURE_MAX) a dot per person is
# unreadable and takes minutes to lay out: the page shows the
# organisations' network instead, and says so.
srv = Server(args=["--insight-wait-ms", "0"])
rows = ["name,email,organisation"] + ["P%d,p%d@example.org,Org %d" % (i, i, i % 40)
                                      for i in range(5001)]
with open(srv.dir + "/big.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
srv.cli("people", "import", SLUG, srv.dir + "/big.csv")
srv.cli("round", "new", SLUG, "--seed", "3")
srv.cli("round", "publish", SLUG, "1")
a = srv.client()
a.login()
r = until_drawn(a, base, tries=1200)
check(r.status == 200, "5,001 people: the page is drawn (%d)" % r.status)
check('class="insight-network-figure"' not in r.text and "With 5001 people" in r.text,
      "5,001 people: no picture of every person, and the page says why")
check("Which organisations have met" in r.text and r.text.count("<svg") >= 1,
      "5,001 people: the organisations' network is drawn")
check(len(r.text) < 2000000, "5,001 people: the page stays small (%d bytes)" % len(r.text))
srv.cleanup()
done()
