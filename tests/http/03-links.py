#!/usr/bin/python3
"""Sign-up with double opt-in, the self-service page, outcome links and
unsubscribe; tampered and expired links get a clear page and change
nothing (CUPPA_NOW moves the server's clock)."""
import json, re, datetime
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, signup, people, SLUG

srv = Server()
c = srv.client()

# Errors next to the field, the rest kept.
tok = c.csrf("/p/" + SLUG)
r = c.post("/p/" + SLUG, {"csrf": tok, "name": "Bob Builder", "email": "not-an-email",
                          "organisation": "", "sector": "Housing"})
check(r.status == 400, "invalid sign-up: 400")
check('id="e-email"' in r.text and 'id="e-organisation"' in r.text
      and 'id="e-consent"' in r.text, "errors shown next to email, organisation, consent")
check('value="Bob Builder"' in r.text and 'value="Housing"' in r.text,
      "other input kept")
check(people(srv) == [], "nothing stored")

r, confirm = signup(srv, c, name="Ann Example", email="Ann@Example.org", show_name="yes")
check(r.status == 200 and "Check your email" in r.text, "sign-up accepted")
check(confirm is not None, "confirm link in the log")
log = srv.log_text()
check("ann@example.org" not in log.lower() and "Ann Example" not in log,
      "no name or email in the log")
ps = people(srv)
check(len(ps) == 1 and ps[0]["status"] == "pending", "person is pending")
pid = ps[0]["id"]
ms = json.loads(srv.cli("mail", "status", SLUG, "--json").stdout)
check(ms["queued"] == 1, "the confirm email is queued")

# Signing up again with the same email changes nothing, says the same.
r2, _ = signup(srv, srv.client(), name="Mallory", email="ann@example.org",
               organisation="Evil Corp")
check(r2.status == 200 and "Check your email" in r2.text, "same answer for a known email")
check(people(srv)[0]["name"] == "Ann Example", "known person's details not overwritten")

# A tampered confirm link.
tampered = confirm[:-3] + ("AAA" if not confirm.endswith("AAA") else "BBB")
r = c.get(tampered)
check(r.status == 400 and "not valid" in r.text, "tampered link: clear page")
r = c.post(tampered, {"csrf": c.csrf("/p/" + SLUG)})
check(r.status in (400, 403), "tampered link POST refused")
check(people(srv)[0]["status"] == "pending", "still pending after tampering")

# An expired confirm link: the same database, a server 10 days ahead.
later = (datetime.datetime.utcnow() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
srv.stop()
future = Server(dbdir=srv.dir, env={"CUPPA_NOW": later}, setup=False)
f = future.client()
r = f.get(confirm)
check(r.status == 403 and "expired" in r.text, "expired link: clear page")
r = f.post(confirm, {"csrf": f.csrf("/p/" + SLUG)})
check(r.status == 403, "expired link POST refused")
future.stop()
srv.start()
c.port = srv.port
check(people(srv)[0]["status"] == "pending", "still pending after the expired link")

# Confirm for real: GET shows a button, the POST confirms.
r = c.get(confirm)
check(r.status == 200 and "Confirm my sign-up" in r.text, "confirm page has a button")
check(people(srv)[0]["status"] == "pending", "GET changed nothing")
r = c.post(confirm, {"csrf": c.csrf(confirm)})
check(r.status == 303 and r.header("Location").startswith("/me/"), "confirm redirects to /me")
me = r.header("Location").split("?")[0]
check(people(srv)[0]["status"] == "active", "person is active")
ms = json.loads(srv.cli("mail", "status", SLUG, "--json").stdout)
check(ms["queued"] == 2, "the welcome email is queued")

# Self-service.
r = c.get(me + "?done=confirmed")
check(r.status == 200 and "Ann Example" in r.text and "confirmed" in r.text,
      "self-service page")
check('id="f-show_name" name="show_name" type="checkbox" value="yes" checked' in r.text,
      "consent to be named is shown")
check(r.header("Cache-Control") == "no-store", "self-service page is no-store")
tok = c.csrf(me)
r = c.post(me, {"csrf": tok, "action": "skip"})
check(r.status == 303 and people(srv)[0]["status"] == "skip-next", "skip next round")
r = c.post(me, {"csrf": tok, "action": "pause", "until": "2000-01-01"})
check(r.status == 400 and "after today" in r.text, "pause in the past refused")
until = (datetime.date.today() + datetime.timedelta(days=40)).isoformat()
r = c.post(me, {"csrf": tok, "action": "pause", "until": until})
p = people(srv)[0]
check(r.status == 303 and p["status"] == "paused" and p["paused_until"] == until, "pause until a date")
r = c.post(me, {"csrf": tok, "action": "resume"})
check(people(srv)[0]["status"] == "active", "resume")
r = c.post(me, {"csrf": tok, "action": "edit", "name": "Ann E.", "organisation": "Council B",
                "sector": "Health", "intro": "Line one\nLine two"})
p = people(srv)[0]
check(r.status == 303 and p["name"] == "Ann E." and p["organisation"] == "Council B"
      and p["email"] == "ann@example.org", "edit details (email unchanged)")
r = c.post(me, {"csrf": tok, "action": "edit", "name": "", "organisation": "Council B"})
check(r.status == 400 and 'id="e-name"' in r.text, "edit with an empty name: error by the field")
r = c.post(me, {"csrf": tok, "action": "bogus"})
check(r.status == 400, "unknown action refused")
r = c.get(me + "/data.json")
data = json.loads(r.text)
check(r.status == 200 and data["person"]["email"] == "ann@example.org"
      and "attachment" in (r.header("Content-Disposition") or ""), "download my data")
r = c.post(me, {"csrf": tok, "action": "leave"})
check(people(srv)[0]["status"] == "left", "leave")
r = c.post(me, {"csrf": tok, "action": "resume"})
check(people(srv)[0]["status"] == "active", "come back")

# Unsubscribe link: GET changes nothing, POST leaves.
u = srv.cli("admin", "link", "unsubscribe", str(pid)).stdout.strip()
r = c.get(u)
check(r.status == 200 and people(srv)[0]["status"] == "active", "unsubscribe page changes nothing")
r = c.post(u, {"csrf": c.csrf(u)})
check(r.status == 200 and people(srv)[0]["status"] == "left", "unsubscribe leaves")
c.post(me, {"csrf": tok, "action": "resume"})

# A link of one kind is no use as another.
r = c.get(u.replace("/u/", "/me/"))
check(r.status == 400, "an unsubscribe token does not open /me")

# Outcome link: needs a published round with this person in it.
for i in range(3):
    srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
            {"name": "P%d" % i, "email": "p%d@example.org" % i, "organisation": "Org %d" % i})
r = srv.api("POST", "/api/v1/programmes/%s/rounds" % SLUG, {"seed": 7})
check(r.status == 201, "round generated via API")
rj = r.json
srv.api("POST", "/api/v1/programmes/%s/rounds/1/publish" % SLUG)
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
gid = None
for g in rd.get("groups", []):
    for m in g.get("members", []):
        if m["person_id"] == pid:
            gid = g["id"]
check(gid is not None, "found Ann's group (%s)" % gid)
link = srv.cli("admin", "link", "outcome", str(pid), "--group", str(gid),
               "--outcome", "met").stdout.strip()
r = c.get(link)
check(r.status == 200 and "We met" in r.text, "outcome page shows a button")
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
check(all(m["outcome"] == "none" for g in rd["groups"] for m in g["members"]),
      "GET recorded nothing")
tok = c.csrf(link)
r = c.post(link, {"csrf": tok})
check(r.status == 200 and "We recorded" in r.text, "one click records the outcome")
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
check(any(m["person_id"] == pid and m["outcome"] == "met"
          for g in rd["groups"] for m in g["members"]), "outcome stored")
r = c.post(link + "/feedback", {"csrf": tok, "rating": "5", "comment": "Great chat"})
check(r.status == 200 and "feedback is saved" in r.text, "rating and comment")
r = c.post(link + "/feedback", {"csrf": tok, "rating": "9"})
check(r.status == 400, "rating out of range refused")
bad = srv.cli("admin", "link", "outcome", str(pid), "--group", str(int(gid) + 999),
              "--outcome", "met").stdout.strip()
r = c.get(bad)
check(r.status == 404, "outcome link for someone else's group: 404")

# Erase: the row stays for matching, nothing personal remains.
r = c.post(me, {"csrf": c.csrf(me), "action": "erase"})
check(r.status == 400 and "Tick the box" in r.text, "erase needs the confirmation box")
r = c.post(me, {"csrf": c.csrf(me), "action": "erase", "sure": "yes"})
check(r.status == 200 and "erased" in r.text, "erase")
p = [x for x in people(srv) if x["id"] == pid][0]
check(p["name"] == "Erased participant" and "example.org" not in p["email"]
      and p["organisation"] == "" and p["status"] == "left", "person anonymised")
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
check("Great chat" not in json.dumps(rd), "their comment is gone")
import sqlite3
db = sqlite3.connect(srv.db)
dump = "\n".join(db.iterdump())
db.close()
check("ann@example.org" not in dump.lower() and "Ann E" not in dump
      and "Great chat" not in dump, "no trace of the person anywhere in the database")
r = c.get(me)
check(r.status == 410, "erased person's page says so")
srv.cleanup()
done()
