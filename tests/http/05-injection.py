#!/usr/bin/python3
"""SQL and HTML injection attempts in every field come back escaped and
change nothing else."""
import json
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, signup, people, SLUG

srv = Server()
evil = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "'; DROP TABLE person; --", "Robert'); DELETE FROM programme;--",
        "{{csrf}}", "{{&body}}", "&amp;&lt;"]
fields = ["name", "organisation", "sector", "role", "location", "topics", "intro"]
c = srv.client()
for i, payload in enumerate(evil):
    f = {k: payload for k in fields}
    f["email"] = "evil%d@example.org" % i
    r, confirm = signup(srv, srv.client(), **f)
    check(r.status in (200, 400), "payload %d accepted or refused cleanly (%d)" % (i, r.status))
    check("<script>alert(1)</script>" not in r.text and "<img src=x" not in r.text,
          "payload %d not reflected raw" % i)

ps = people(srv)
check(len(ps) >= 4, "people stored with odd names (%d)" % len(ps))
stored = {p["name"] for p in ps}
check("'; DROP TABLE person; --" in stored, "SQL text stored as text")
progs = srv.api("GET", "/api/v1/programmes").json["programmes"]
check(len(progs) == 1 and progs[0]["slug"] == SLUG, "programmes untouched")

# The dashboard shows them escaped.
a = srv.client()
a.login()
r = a.get("/admin/programmes/%s/people" % SLUG)
check(r.status == 200, "people page renders")
check("<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text,
      "script tag escaped on the dashboard")
check("<img src=x" not in r.text, "attribute break-out escaped")
check("{{csrf}}" in r.text, "template syntax in data is not interpreted")
r = a.get("/admin/programmes/%s/people?q=%%3Cscript%%3E" % SLUG)
check("<script>" not in r.text and 'value="&lt;script&gt;"' in r.text, "search box value escaped")

# Injection in URLs and the programme name.
r = a.get("/admin/programmes/%27%20OR%201=1--")
check(r.status == 404, "SQL in a slug: 404")
r = srv.client().get("/p/%3Cscript%3E")
check(r.status == 404 and "<script>" not in r.text, "HTML in a slug: 404, not reflected")
tok = a.csrf("/admin")
r = a.post("/admin/programmes", {"csrf": tok, "name": "<b>Bold</b> & 'quoted'"})
check(r.status in (303, 400), "odd programme name handled (%d)" % r.status)
if r.status == 303:
    loc = r.header("Location")
    r = a.get(loc)
    check("<b>Bold</b>" not in r.text and "&lt;b&gt;Bold&lt;/b&gt;" in r.text,
          "programme name escaped")

# API: JSON output escapes correctly (parses back to the same text).
r = srv.api("GET", "/api/v1/programmes/%s/people" % SLUG)
names = {p["name"] for p in r.json["people"]}
check("<script>alert(1)</script>" in names, "API returns the exact text, JSON-escaped")
srv.cleanup()
done()
