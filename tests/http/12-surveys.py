#!/usr/bin/python3
"""Surveys on the dashboard (issue 11): create (empty and HTML titles),
add a question to the draft (bad kinds, bad options refused and nothing
changed), send (with people who left only when ticked), results with
counts per side and meters, the CSV download, close; another organiser
sees none of it; and the check-in's optional "what came of it" after
"we met", refused with "missed" or unknown choices, counted in stats."""
import json, re, sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG

srv = Server()
for i in range(4):
    srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
            {"name": "P%d <b>x</b>" % i, "email": "p%d@example.org" % i,
             "organisation": "Org %d" % i})
r = srv.api("POST", "/api/v1/programmes/%s/rounds" % SLUG, {"seed": 3})
srv.api("POST", "/api/v1/programmes/%s/rounds/1/publish" % SLUG)
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
g0 = rd["groups"][0]
pid, gid = g0["members"][0]["person_id"], g0["id"]
srv.cli("people", "set", SLUG, "p3@example.org", "--status", "left")

a = srv.client()
a.login()
base = "/admin/programmes/%s/surveys" % SLUG
r = a.get(base)
check(r.status == 200 and "No surveys yet" in r.text, "survey list")
tok = a.csrf(base)
r = a.post(base, {"csrf": tok, "title": "   "})
check(r.status == 400 and "is required" in r.text, "empty title refused")
r = a.post(base, {"csrf": tok, "title": "x" * 5000})
check(r.status == 400, "long title refused")
r = a.post(base, {"title": "no csrf"})
check(r.status == 403, "no CSRF: 403")
check(srv.cli("survey", "results", SLUG, "1", check_rc=False).returncode == 1,
      "refused creates made nothing")
r = a.post(base, {"csrf": tok, "title": "<script>alert(1)</script> survey"})
check(r.status == 303, "survey created: %d" % r.status)
loc = r.header("Location")
r = a.get(loc)
check(r.status == 200 and "&lt;script&gt;alert(1)&lt;/script&gt; survey" in r.text
      and "<script>alert" not in r.text, "title escaped on the survey page")
check("What kept you from taking part?" in r.text, "template questions listed")
s1 = base + "/1"
before = srv.cli("survey", "results", SLUG, "1", "--json").stdout
for what, f in [("bad kind", {"kind": "essay", "audience": "everyone", "text": "Q?"}),
                ("bad audience", {"kind": "text", "audience": "nobody", "text": "Q?"}),
                ("empty text", {"kind": "text", "audience": "everyone", "text": ""}),
                ("choice without options", {"kind": "single", "audience": "everyone", "text": "Q?"}),
                ("text with options", {"kind": "text", "audience": "everyone", "text": "Q?", "options": "a;b"}),
                ("100 KB question", {"kind": "text", "audience": "everyone", "text": "q" * 100000})]:
    f["csrf"] = tok
    r = a.post(s1 + "/questions", f)
    check(r.status == 400 and 'role="alert"' in r.text, "%s refused (%d)" % (what, r.status))
check(srv.cli("survey", "results", SLUG, "1", "--json").stdout == before,
      "refused questions changed nothing")
r = a.post(s1 + "/questions", {"csrf": tok, "kind": "single", "audience": "took-part",
                               "text": "Would you <em>recommend</em> it?",
                               "options": "Yes;No;<img src=x onerror=alert(1)>"})
check(r.status == 303, "question added")
r = a.get(s1)
check("Would you &lt;em&gt;recommend&lt;/em&gt; it?" in r.text and
      "<img src=x" not in r.text, "added question escaped")
r = a.get(s1)
rm = re.search(r'name="question" value="(\d+)">\s*<button type="submit" class="secondary">Remove question 7<', r.text)
check(rm is not None, "a draft's questions can be removed")
r = a.post(s1 + "/questions", {"csrf": tok, "action": "remove", "question": "999999"})
check(r.status == 404, "removing a question that does not exist: 404 (%d)" % r.status)
r = a.post(s1 + "/questions", {"csrf": tok, "action": "remove", "question": rm.group(1)})
check(r.status == 303 and "Anything else" not in a.get(s1).text, "question removed")
r = a.post(s1 + "/send", {"csrf": tok})
check(r.status == 200 and "Sent: 3 people asked" in r.text, "sent to those still in")
check("Add a question" not in r.text, "questions fixed once sent")
r = a.post(s1 + "/send", {"csrf": tok, "include_left": "yes"})
check("Sent: 1 person asked" in r.text, "ticked: the one who left is asked once")
r = a.post(s1 + "/questions", {"csrf": tok, "kind": "text", "audience": "everyone", "text": "Late?"})
check(r.status == 409, "no questions added after sending (%d)" % r.status)
r = a.get(s1)
check("<meter" in r.text and "Took part" in r.text, "results with meters per side")
r = a.get(s1 + "/answers.csv")
check(r.status == 200 and r.header("Content-Type").startswith("text/csv") and
      r.text.startswith("respondent,side"), "CSV download")
r = a.get(base + "/9")
check(r.status == 404, "unknown survey: 404")
r = a.get(base + "/x1")
check(r.status == 404, "malformed survey number: 404")

# another organiser sees nothing of it
with open(srv.dir + "/pw2", "w") as f:
    f.write("another long password\n")
srv.cli("admin", "add", "other@example.org", "--password-file", srv.dir + "/pw2")
o = srv.client()
o.login(email="other@example.org", password="another long password")
for path in [base, s1, s1 + "/answers.csv"]:
    check(o.get(path).status == 404, "another organiser: 404 on " + path)
tok2 = o.csrf("/admin")
check(o.post(s1 + "/close", {"csrf": tok2}).status == 404, "another organiser cannot close")

r = a.post(s1 + "/close", {"csrf": tok})
check(r.status == 303, "closed")
r = a.get(r.header("Location"))
check("closed" in r.text and "Close the survey" not in r.text, "closed survey page")
r = a.post(s1 + "/close", {"csrf": tok})
check(r.status == 409, "closing twice refused")

# survey link of the closed survey
sid = None
import sqlite3
db = sqlite3.connect(srv.db)
sid = db.execute("SELECT id FROM survey").fetchone()[0]
db.close()
p = srv.client()
link = srv.cli("admin", "link", "survey", str(pid), "--group", str(sid)).stdout.strip()
r = p.get(link)
check(r.status == 410 and "closed" in r.text, "closed survey link: 410")

# what came of it, after "we met"
met = srv.cli("admin", "link", "outcome", str(pid), "--group", str(gid),
              "--outcome", "met").stdout.strip()
t = p.csrf(met)
r = p.post(met, {"csrf": t})
check(r.status == 200 and "What came of it?" in r.text, "check-in asks what came of it")
r = p.post(met + "/feedback", {"csrf": t, "came": "<b>fame</b>"})
check(r.status == 400 and "<b>fame" not in r.text, "unknown choice refused")
r = p.post(met + "/feedback", [("csrf", t), ("came", "contact"), ("came", "nothing-yet")])
check(r.status == 400, "nothing yet goes alone")
r = p.post(met + "/feedback", [("csrf", t), ("came", "contact"), ("came", "practice"),
                               ("rating", "4")])
check(r.status == 200 and "feedback is saved" in r.text, "what came of it saved")
st = json.loads(srv.cli("stats", SLUG, "--json").stdout)
check(st["what_came_of_it"]["contact"] == 1 and st["what_came_of_it"]["practice"] == 1
      and st["what_came_of_it"]["nothing-yet"] == 0, "stats: %r" % st["what_came_of_it"])
check(st["ratings"]["count"] == 1 and st["ratings"]["distribution"]["4"] == 1,
      "stats ratings: %r" % st["ratings"])
missed = srv.cli("admin", "link", "outcome", str(pid), "--group", str(gid),
                 "--outcome", "missed").stdout.strip()
r = p.post(missed + "/feedback", {"csrf": p.csrf(missed), "came": "contact"})
check(r.status == 400, "what came of it refused after \"we didn't meet\"")
r = a.get("/admin/programmes/%s/insight" % SLUG)
for _ in range(50):
    if r.status != 202:
        break
    import time; time.sleep(0.2)
    r = a.get("/admin/programmes/%s/insight" % SLUG)
check(r.status == 200 and "What people said" in r.text and "A new contact: 1" in r.text,
      "insight page shows what people said")
# the API does the same
api = "/api/v1/programmes/%s/surveys" % SLUG
r = srv.api("POST", api, {"title": ""})
check(r.status == 400 and r.json["error"]["field"] == "title", "API: empty title refused: %s" % r.text)
r = srv.api("POST", api, {"title": 5})
check(r.status == 400, "API: a title that is not a string")
r = srv.api("POST", api, "not json", ctype="text/plain")
check(r.status == 415, "API: not JSON")
r = srv.api("POST", api, {"title": "API survey"})
check(r.status == 201 and r.json["survey"] == 2, "API: created")
r = srv.api("POST", api + "/2/send", {"include_left": "yes"})
check(r.status == 400, "API: include_left must be a boolean")
r = srv.api("POST", api + "/2/send", {})
check(r.status == 200 and r.json["asked"] == 3, "API: sent %s" % r.text)
r = srv.api("GET", api + "/2")
check(r.status == 200 and r.json["asked"]["took_part"] + r.json["asked"]["did_not"] == 3,
      "API: results")
check(srv.api("GET", api).json["surveys"][1]["state"] == "open", "API: list")
r = srv.api("POST", api + "/2/close")
check(r.status == 200 and srv.api("POST", api + "/2/close").status == 409, "API: close once")
check(srv.api("GET", api + "/7").status == 404, "API: unknown survey")
check(srv.api("GET", "/api/v1/programmes/%s/challenges" % SLUG).status == 200, "API: challenges")
srv.cleanup()
done()
