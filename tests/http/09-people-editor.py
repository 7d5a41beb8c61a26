#!/usr/bin/python3
"""The dashboard's person editor and people pages: one person's state
(active, skip-next, paused until a date, left) and blocked pairs, through
the app layer with CSRF and an audit row, errors next to the field; and
pagination of the people page, with search and filter kept."""
import re, sqlite3, sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, people, ORGANISER, SLUG

srv = Server(env={"CUPPA_NOW": "2027-03-01T09:00:00Z"})
rows = ["name,email,organisation,sector"]
for i in range(120):
    rows.append("Person %03d,p%d@example.org,Org %d,%s" % (i, i, i % 7,
                                                         "Health" if i % 2 else "Housing"))
with open(srv.dir + "/p.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
srv.cli("people", "import", SLUG, srv.dir + "/p.csv")
ids = {p["email"]: p["id"] for p in people(srv)}
base = "/admin/programmes/" + SLUG

a = srv.client()
check(a.login().status == 303, "logged in")

# ---- pagination, search and filter ----
r = a.get(base + "/people")
check(r.status == 200 and "Showing 1–50 of 120" in r.text, "page 1 of 120 people")
check(r.text.count("<tr><td><a href=") == 50, "50 rows on a page")
check("Page 1 of 3" in r.text and 'rel="next"' in r.text and 'rel="prev"' not in r.text,
      "pager: next only")
r = a.get(base + "/people?page=3")
check("Showing 101–120 of 120" in r.text and r.text.count("<tr><td><a href=") == 20,
      "last page has the remaining 20")
r = a.get(base + "/people?page=999")
check(r.status == 200 and "Page 3 of 3" in r.text, "a page past the end shows the last")
r = a.get(base + "/people?page=x")
check(r.status == 200 and "Page 1 of 3" in r.text, "a bad page number shows the first")
r = a.get(base + "/people?q=org+3&status=active")
n = len([i for i in range(120) if i % 7 == 3])
check("Showing 1–%d of %d (of 120 in all)" % (n, n) in r.text, "search applies before paging")
r = a.get(base + "/people?q=Person&status=active&page=2")
nxt = re.search(r'href="([^"]+)" rel="next"', r.text)
prv = re.search(r'href="([^"]+)" rel="prev"', r.text)
check(nxt and "q=Person" in nxt.group(1) and "status=active" in nxt.group(1)
      and "page=3" in nxt.group(1), "next link keeps search and filter")
check(prv and "page=1" in prv.group(1), "previous link")
r = a.get(base + "/people?q=%3Cscript%3E%26x")
check("<script>" not in r.text and "None of 120 shown" in r.text, "hostile search escaped")

# ---- one person's state ----
pid = ids["p5@example.org"]
pbase = "%s/people/%d" % (base, pid)
r = a.get(pbase)
check(r.status == 200 and "Person 005" in r.text and "p5@example.org" in r.text,
      "person page")
check(a.get("%s/people/999999" % base).status == 404, "unknown person: 404")
check(a.get("%s/people/abc" % base).status == 404, "non-numeric person: 404")
tok = a.csrf(pbase)


def status_of(email):
    return next(p for p in people(srv) if p["email"] == email)


r = a.post(pbase + "/status", {"csrf": tok, "status": "paused", "until": ""})
check(r.status == 400 and 'id="e-until"' in r.text
      and 'aria-describedby="e-until"' in r.text, "pause without a date: error by the date")
check(status_of("p5@example.org")["status"] == "active", "nothing changed")
r = a.post(pbase + "/status", {"csrf": tok, "status": "paused", "until": "2027-01-01"})
check(r.status == 400 and "in the past" in r.text and 'value="2027-01-01"' in r.text,
      "pause in the past refused, input kept")
r = a.post(pbase + "/status", {"csrf": tok, "status": "frozen"})
check(r.status == 400 and 'id="e-status"' in r.text, "unknown state: error by the states")
r = a.post(pbase + "/status", {"csrf": tok, "status": "pending"})
check(r.status == 400, "back to pending refused")
r = a.post(pbase + "/status", {"status": "left"})
check(r.status == 403 and status_of("p5@example.org")["status"] == "active",
      "no CSRF token: 403, nothing changed")
r = a.post(pbase + "/status", {"csrf": tok, "status": "paused", "until": "2027-04-15"})
check(r.status == 303 and r.header("Location") == pbase + "?done=status", "paused")
p5 = status_of("p5@example.org")
check(p5["status"] == "paused" and p5["paused_until"] == "2027-04-15", "stored as paused")
r = a.get(pbase + "?done=status")
check("State saved." in r.text and "paused until 2027-04-15" in r.text, "page shows it")
for st in ("skip-next", "left", "active"):
    r = a.post(pbase + "/status", {"csrf": tok, "status": st, "until": "2027-04-15"})
    check(r.status == 303 and status_of("p5@example.org")["status"] == st,
          "set %s (a stray date is ignored)" % st)
# A person of another programme is not reachable through this one.
srv.cli("programme", "add", "Other Programme")
srv.cli("admin", "grant", ORGANISER, "other-programme")
srv.cli("people", "add", "other-programme", "--name", "Zed", "--email", "zed@example.org",
        "--organisation", "Org Z", check_rc=False)
other = srv.api("GET", "/api/v1/programmes/other-programme/people").json["people"]
if other:
    r = a.get("%s/people/%d" % (base, other[0]["id"]))
    check(r.status == 404, "a person of another programme: 404")

# ---- blocked pairs ----
r = a.post(pbase + "/block", {"csrf": tok, "other": "not an email"})
check(r.status == 400 and 'id="e-other"' in r.text and 'aria-invalid="true"' in r.text
      and 'value="not an email"' in r.text, "bad email: error by the field, input kept")
r = a.post(pbase + "/block", {"csrf": tok, "other": "nobody@example.org"})
check(r.status == 400 and "Nobody with that email" in r.text, "unknown email refused")
r = a.post(pbase + "/block", {"csrf": tok, "other": "p5@example.org"})
check(r.status == 400 and "themselves" in r.text, "self-block refused")
r = a.post(pbase + "/block", {"csrf": tok, "other": ""})
check(r.status == 400 and 'id="e-other"' in r.text, "empty email refused")
r = a.post(pbase + "/block", {"other": "p6@example.org"})
check(r.status == 403, "no CSRF token: 403")
r = a.post(pbase + "/block", {"csrf": tok, "other": " P6@Example.org "})
check(r.status == 303 and "done=block" in r.header("Location"), "pair blocked")
r = a.get(pbase)
check("Person 006" in r.text and "p6@example.org" in r.text, "blocked pair listed")
r = a.get("%s/people/%d" % (base, ids["p6@example.org"]))
check("Person 005" in r.text, "and on the other person's page")
r = a.post(pbase + "/block", {"csrf": tok, "other": "p6@example.org"})
check(r.status == 303, "blocking again is harmless")

# Injection attempts come back escaped and change nothing.
evil = "<b>x</b>'; DROP TABLE person;--"
r = a.post(pbase + "/block", {"csrf": tok, "other": evil})
check(r.status == 400 and "<b>x</b>" not in r.text and "&lt;b&gt;x&lt;/b&gt;" in r.text,
      "hostile email escaped")
r = a.post(pbase + "/status", {"csrf": tok, "status": "paused", "until": "<script>1</script>"})
check(r.status == 400 and "<script>1" not in r.text, "hostile date escaped")
check(len(people(srv)) == 120, "nothing dropped")

# Consent to be named on network pictures (journey 6): the same meaning as
# the sign-up page's box and the CSV's network_consent column.
r = a.get(pbase)
check('id="f-named"' in r.text and 'name="show_name" value="yes">' in r.text,
      "consent box shown, not ticked")
r = a.post(pbase + "/consent", {"show_name": "yes"})
check(r.status == 403, "consent without a CSRF token: 403")
r = a.post(pbase + "/consent", {"csrf": tok, "show_name": "yes"})
check(r.status == 303 and "done=consent" in r.header("Location"), "consent saved")
r = a.get(pbase)
check('value="yes" checked>' in r.text and "Consent saved." not in r.text,
      "the box is ticked now")
db = sqlite3.connect(srv.db)
check(db.execute("SELECT show_name FROM person WHERE id = ?", (pid,)).fetchone()[0] == 1,
      "show_name stored")
db.close()
r = a.post(pbase + "/consent", {"csrf": tok})
check(r.status == 303, "unticked: consent withdrawn")

db = sqlite3.connect(srv.db)
check(db.execute("SELECT show_name FROM person WHERE id = ?", (pid,)).fetchone()[0] == 0,
      "show_name cleared")
acts = [r[0] for r in db.execute("SELECT action FROM audit ORDER BY id")]
check(acts.count("person.consent") == 2, "an audit row per consent change")
check(acts.count("person.status") == 4, "an audit row per state change (%d)"
      % acts.count("person.status"))
check("people.block" in acts, "audit row for the block")
blocked = db.execute("SELECT person_a, person_b FROM blocked_pair").fetchall()
check(blocked == [(min(pid, ids["p6@example.org"]), max(pid, ids["p6@example.org"]))],
      "one blocked pair stored")
details = " ".join(r[0] for r in db.execute("SELECT detail FROM audit"))
check("@" not in details, "no email in the audit details")
db.close()
srv.cleanup()
done()
