#!/usr/bin/python3
"""The organiser's dashboard end to end: login and lock-out, programmes,
CSV import (all or nothing), export, people search, rounds (generate,
swap and move with the hard rules re-checked, publish), outcomes; and the
JSON API's error shape."""
import re, uuid
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, people, SLUG, ORGANISER, PASSWORD

srv = Server()

# Lock-out after repeated failures, even with the right password after.
x = srv.client()
for i in range(5):
    r = x.login(password="wrong password %d" % i)
    check(r.status == 401 and "do not match" in r.text, "failed login %d: 401" % (i + 1))
r = x.login()
check(r.status == 401 and "do not match" in r.text and "cuppa_session" not in x.cookies,
      "locked out after 5 failures (with the answer of a wrong password)")
r = x.login(email="nobody@example.org")
check(r.status == 401, "unknown organiser: same answer as a wrong password")
srv.cli("admin", "add", ORGANISER, "--password-file", srv.dir + "/pw")  # unlock

a = srv.client()
r = a.login()
check(r.status == 303 and r.header("Location") == "/admin", "login redirects to /admin")
r = a.get("/admin")
check(r.status == 200 and "Your programmes" in r.text, "home page")
check("Public Sector Coffee has nobody yet" in r.text, "home says what to do next")

# Create a programme; a duplicate name is refused.
tok = a.csrf("/admin")
r = a.post("/admin/programmes", {"csrf": tok, "name": "Workshop Pairs"})
check(r.status == 303 and r.header("Location") == "/admin/programmes/workshop-pairs",
      "programme created")
r = a.post("/admin/programmes", {"csrf": tok, "name": "Workshop Pairs"})
check(r.status in (400, 409), "duplicate programme refused (%d)" % r.status)
r = a.post("/admin/programmes", {"csrf": tok, "name": ""})
check(r.status == 400, "empty name refused")

# Settings.
base = "/admin/programmes/" + SLUG
r = a.post(base + "/settings", {"csrf": tok, "name": "Public Sector Coffee",
                                 "cadence_days": "14", "group_size": "2",
                                 "repeat_after": "0", "mail_intro_subject": "Hello!",
                                 "mail_intro_body": "Meet {{name}} <soon>"})
check(r.status == 303, "settings saved")
r = a.get(base)
check('value="14"' in r.text and "Hello!" in r.text and "Meet {{name}} &lt;soon&gt;" in r.text, "settings and email texts shown (escaped)")
pj = srv.api("GET", "/api/v1/programmes/" + SLUG).json
check(pj["cadence_days"] == 14 and pj["settings"]["mail"]["intro"]["subject"] == "Hello!",
      "settings stored where the mail module reads them")
r = a.post(base + "/settings", {"csrf": tok, "mail_intro_subject": "Hi {{nonsense}}",
                                 "mail_intro_body": ""})
check(r.status == 400 and "nonsense" in r.text, "unknown placeholder in an email text refused")
r = a.post(base + "/settings", {"csrf": tok, "cadence_days": "999"})
check(r.status == 400, "cadence out of range refused")
# (form fields arrive trimmed, so " 7" is 7)
for bad in ("+7", "0x7", "7.0", "-7", "99999999999999999999"):
    r = a.post(base + "/settings", {"csrf": tok, "cadence_days": bad})
    check(r.status == 400 and "cadence_days" in r.text, "cadence %r refused, naming the field" % bad)
check(srv.api("GET", "/api/v1/programmes/" + SLUG).json["cadence_days"] == 14,
      "refused cadences changed nothing")
# Soft goals: the weave goal explained in one sentence, weights editable.
r = a.get(base)
check('name="w_new_connection"' in r.text and "never been grouped together" in r.text,
      "programme page shows and explains the weave goal")
r = a.post(base + "/settings", {"csrf": tok, "w_new_connection": "0",
                                 "w_different_sector": "35"})
check(r.status == 303, "weights saved")
pj = srv.api("GET", "/api/v1/programmes/" + SLUG).json
check(pj["weights"]["new_connection"] == 0 and pj["weights"]["different_sector"] == 35,
      "weights stored")
r = a.post(base + "/settings", {"csrf": tok, "w_noise": "-3"})
check(r.status == 400 and "Random tie-breaking" in r.text, "bad weight refused, named")

# CSV import: one bad row rejects everything.
def upload(csv_text):
    b = "----cuppa" + uuid.uuid4().hex
    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n") % (b, tok, b, csv_text, b)
    return a.request("POST", base + "/people/import", body,
                     {"Content-Type": "multipart/form-data; boundary=" + b})

bad = "name,email,organisation,sector\nAl,al@example.org,Org A,Health\nBea,not-an-email,Org B,Housing\n"
r = upload(bad)
check(r.status == 400 and "Nothing was imported" in r.text, "bad CSV: nothing imported")
check(people(srv) == [], "no person stored")
rows = ["name,email,organisation,sector"]
orgs = ["Org A", "Org B", "Org C", "Org D"]
for i in range(8):
    rows.append("Person %d,p%d@example.org,%s,%s" % (i, i, orgs[i % 4],
                                                   "Health" if i < 4 else "Housing"))
r = upload("\n".join(rows) + "\n")
check(r.status == 303 and "imported=8" in r.header("Location"), "good CSV imported")
check(len(people(srv)) == 8, "8 people stored")
r = a.get(base + "/people?q=person+3")
check(r.status == 200 and "Person 3" in r.text and "Person 4" not in r.text, "people search")
r = a.get(base + "/people?status=pending")
check("Person 1" not in r.text, "filter by state")
r = a.get(base + "/people.csv")
check(r.status == 200 and r.header("Content-Type").startswith("text/csv")
      and "p7@example.org" in r.text, "export CSV")

# Generate a draft round and adjust it.
r = a.post(base + "/rounds", {"csrf": tok})
check(r.status == 303 and r.header("Location") == base + "/rounds/1", "draft round generated")
r = a.get(base + "/rounds/1")
check(r.status == 200 and "draft" in r.text and "Swap two people" in r.text, "draft page")
opts = re.findall(r'<option value="(\d+)">([^<]+) \(group (\d+)\)</option>', r.text)
seen = {}
for pid, name, g in opts:
    seen.setdefault(pid, (name, int(g)))
pids = list(seen)
check(len(pids) == 8, "8 people in the draft")
p1 = pids[0]
p2 = next(p for p in pids if seen[p][1] != seen[p1][1])
r = a.post(base + "/rounds/1/swap", {"csrf": tok, "a": p1, "b": p2})
check(r.status == 303 and "done=swap" in r.header("Location"), "swap two people")
r = a.get(base + "/rounds/1")
now = {pid: int(g) for pid, name, g in re.findall(r'<option value="(\d+)">([^<]+) \(group (\d+)\)</option>', r.text)}
check(now[p1] == seen[p2][1] and now[p2] == seen[p1][1], "swap is visible")
r = a.post(base + "/rounds/1/swap", {"csrf": tok, "a": p1, "b": p1})
check(r.status == 409, "swap within one group refused")
# Moving someone out of a pair would leave a group of one.
r = a.post(base + "/rounds/1/move", {"csrf": tok, "person": p1, "group": "1" if now[p1] != 1 else "2"})
check(r.status == 409 and "2 or 3" in r.text, "move that breaks a pair refused")
r = a.post(base + "/rounds/1/move", {"csrf": tok, "person": p1, "group": "99"})
check(r.status in (400, 409), "move to a missing group refused")

# Hard rule: never the same organisation, then try a swap that breaks it.
r = a.post(base + "/settings", {"csrf": tok, "avoid_organisation": "yes"})
check(r.status == 303, "avoid same organisation on")
r = a.get(base + "/rounds/1")
groups = re.findall(r"<tr><td>(\d+)</td><td><ul class=\"members\">(.*?)</ul>", r.text)
orgs_by_group = {int(g): re.findall(r'\(([^)]*)\)</span>', m) for g, m in groups}
# find two people from the same org in different groups such that a swap puts
# one next to a colleague
people_rows = re.findall(r'<option value="(\d+)">([^<]+) \(group (\d+)\)</option>', r.text)
org_of = {}
for pp in people(srv):
    org_of[str(pp["id"])] = pp["organisation"]
conflict = None
for pid, name, g in people_rows[:8]:
    for qid, qname, h in people_rows[:8]:
        if g == h:
            continue
        partners_h = [o for o in orgs_by_group[int(h)]]
        # after swap pid goes to h; h keeps others except qid
        others = [org_of[x] for x, _, gg in people_rows[:8] if gg == h and x != qid]
        if org_of[pid] in others:
            conflict = (pid, qid)
            break
    if conflict:
        break
if conflict:
    r = a.post(base + "/rounds/1/swap", {"csrf": tok, "a": conflict[0], "b": conflict[1]})
    check(r.status == 409 and "share their organisation" in r.text,
          "swap breaking 'never the same organisation' refused")
else:
    check(True, "no conflicting swap available in this draw")

# Publish, then it cannot change.
r = a.post(base + "/rounds/1/publish", {"csrf": tok})
check(r.status == 303 and "done=publish" in r.header("Location"), "published")
r = a.get(base + "/rounds/1?done=publish")
check("published" in r.text and "Swap two people" not in r.text, "published page has no adjust forms")
r = a.post(base + "/rounds/1/swap", {"csrf": tok, "a": p1, "b": p2})
check(r.status == 409, "published round cannot be adjusted")
r = a.post(base + "/rounds/1/discard", {"csrf": tok})
check(r.status == 409 and "Only a draft can be discarded." in r.text,
      "a published round cannot be discarded")
r = a.get("/admin")
check("Round 2 of Public Sector Coffee is due on" in r.text, "home says when the next round is due")

# The insight page (the insight module's fragment inside our layout).
r = a.get(base + "/insight")
check(r.status == 200 and "<script" not in r.text, "insight page (%d)" % r.status)
r = a.get(base + "/insight?format=csv")
check(r.status == 200, "insight CSV export (%d)" % r.status)
r = a.get(base + "/insight?round=abc")
check(r.status == 404, "insight with a bad round: 404")

# JSON API errors have one shape.
r = srv.api("GET", "/api/v1/programmes/nope")
check(r.status == 404 and r.json["error"]["code"] == "not_found", "API 404 shape")
r = srv.api("POST", "/api/v1/programmes", "{not json")
check(r.status == 400 and set(r.json["error"]) == {"code", "message", "field"}, "API invalid JSON")
r = srv.api("POST", "/api/v1/programmes", {"name": "X"}, ctype="text/plain")
check(r.status == 415, "API wrong content type: 415")
r = srv.api("POST", "/api/v1/programmes/%s/people" % SLUG, {"name": "Z", "email": "bad", "organisation": "O"})
check(r.status == 400 and r.json["error"]["field"] == "email", "API names the bad field")
r = srv.api("POST", "/api/v1/programmes", {"name": "API Programme", "cadence_days": 7})
check(r.status == 201 and r.json["cadence_days"] == 7, "API creates a programme")
r = srv.api("GET", "/api/v1/nowhere")
check(r.status == 404 and r.json["error"]["code"] == "not_found", "API unknown endpoint")

# A draft can be discarded (audited); then it is gone.
r = a.post(base + "/rounds", {"csrf": tok})
check(r.status == 303 and r.header("Location") == base + "/rounds/2", "second draft")
r = a.post(base + "/rounds/2/discard", {"csrf": tok})
check(r.status == 303 and "discarded=2" in r.header("Location"), "draft discarded")
check(a.get(base + "/rounds/2").status == 404, "the discarded draft is gone")

# Logout ends the session.
r = a.post("/admin/logout", {"csrf": a.csrf("/admin")})
check(r.status == 303, "logout")
r = a.get("/admin")
check(r.status == 303, "after logout /admin redirects to login")
srv.cleanup()
done()
