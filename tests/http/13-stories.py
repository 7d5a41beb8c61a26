#!/usr/bin/python3
"""Stories (issue 11): written from the /me link after a meeting that
happened; bad input refused with nothing changed; nothing shows until an
organiser approves; then only as the writer chose (not at all, without a
name, with name and organisation), always escaped, on /p/SLUG/stories and
in the report; another organiser sees none of it; erasure removes it."""
import os, re, sqlite3, subprocess, sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG

srv = Server()
for i in range(4):
    srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
            {"name": "Writer %d" % i, "email": "w%d@example.org" % i,
             "organisation": "Org <%d>" % i})
srv.api("POST", "/api/v1/programmes/%s/rounds" % SLUG, {"seed": 5})
srv.api("POST", "/api/v1/programmes/%s/rounds/1/publish" % SLUG)
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
(g0, g1) = rd["groups"][:2]
a_id, b_id = g0["members"][0]["person_id"], g0["members"][1]["person_id"]
c_id = g1["members"][0]["person_id"]
emails = {m["person_id"]: m["email"] for g in rd["groups"] for m in g["members"]}
srv.cli("outcome", SLUG, "1", emails[a_id], "met")
srv.cli("outcome", SLUG, "1", emails[b_id], "met")


def me(pid):
    return srv.cli("admin", "link", "me", str(pid)).stdout.strip()


def stories():
    db = sqlite3.connect(srv.db)
    rows = db.execute("SELECT person_id, body, visibility, state FROM story ORDER BY id").fetchall()
    db.close()
    return rows


p = srv.client()
ma = me(a_id)
r = p.get(ma)
check(r.status == 200 and "/story" in r.text, "the /me page links to the story page")
r = p.get(ma + "/story")
check(r.status == 200 and "Which meeting?" in r.text, "story page offers the meeting")
tok = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
gid = str(g0["id"])
XSS = "<script>alert(1)</script> We now run a joint <b>clinic</b>."
for what, f in [("empty story", {"meeting": gid, "body": "  ", "visibility": "named"}),
                ("100 KB story", {"meeting": gid, "body": "x" * 100000, "visibility": "named"}),
                ("bad visibility", {"meeting": gid, "body": "ok", "visibility": "<b>all</b>"}),
                ("no meeting", {"body": "ok", "visibility": "named"}),
                ("someone else's meeting", {"meeting": str(g1["id"]), "body": "ok", "visibility": "named"}),
                ("no such meeting", {"meeting": "99999", "body": "ok", "visibility": "named"})]:
    f["csrf"] = tok
    r = p.post(ma + "/story", f)
    check(r.status in (400, 404, 409) and 'role="alert"' in r.text and "<b>all" not in r.text,
          "%s refused (%d)" % (what, r.status))
check(stories() == [], "refused stories changed nothing")
r = p.post(ma + "/story", {"body": "no csrf", "meeting": gid, "visibility": "named"})
check(r.status == 403, "no CSRF: 403")
mc = me(c_id)
r = p.get(mc + "/story")
check("Once you have said" in r.text, "no meeting that happened: nothing to tell yet")
tc = p.csrf(mc)
r = p.post(mc + "/story", {"csrf": tc, "meeting": str(g1["id"]), "body": "x", "visibility": "named"})
check(r.status == 409, "a meeting that did not happen takes no story (%d)" % r.status)

r = p.post(ma + "/story", {"csrf": tok, "meeting": gid, "body": XSS, "visibility": "named"})
check(r.status == 200 and "your story is with the organisers" in r.text, "story saved")
check("<script>alert" not in r.text and "&lt;script&gt;" in r.text, "escaped on the writer's page")
mb = me(b_id)
r = p.get(mb + "/story")
tb = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
p.post(mb + "/story", {"csrf": tb, "meeting": gid, "body": "Anonymous tale", "visibility": "anonymous"})
r = p.get(mb + "/story")
p.post(mb + "/story", {"csrf": tb, "meeting": gid, "body": "Only for you", "visibility": "hidden"})
check(len(stories()) == 2, "one story per person and meeting (rewriting replaces)")

pub = srv.client()
r = pub.get("/p/%s/stories" % SLUG)
check(r.status == 200 and "No stories yet" in r.text, "nothing public before approval")
check(pub.get("/p/nope/stories").status == 404, "unknown programme: 404")

a = srv.client()
a.login()
r = a.get("/admin/programmes/%s/stories" % SLUG)
check(r.status == 200 and "&lt;script&gt;" in r.text and "<script>alert" not in r.text,
      "organiser sees the story, escaped")
ids = re.findall(r'action="/admin/programmes/%s/stories/(\d+)"' % SLUG, r.text)
t = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
r = a.post("/admin/programmes/%s/stories/%s" % (SLUG, ids[0]), {"csrf": t, "action": "publish<b>"})
check(r.status == 400, "unknown action refused")
r = a.post("/admin/programmes/%s/stories/99999" % SLUG, {"csrf": t, "action": "approve"})
check(r.status == 404, "unknown story: 404")
for sid in set(ids):
    r = a.post("/admin/programmes/%s/stories/%s" % (SLUG, sid), {"csrf": t, "action": "approve"})
    check(r.status == 200 and "Approved" in r.text, "approved %s" % sid)
r = pub.get("/p/%s/stories" % SLUG)
check("&lt;script&gt;alert(1)&lt;/script&gt; We now run a joint &lt;b&gt;clinic&lt;/b&gt;." in r.text
      and "<script>alert" not in r.text, "approved story public and escaped")
check("Org &lt;0&gt;" in r.text or "Org &lt;1&gt;" in r.text or "Org &lt;2&gt;" in r.text
      or "Org &lt;3&gt;" in r.text, "named story shows name and organisation, escaped")
check("Only for you" not in r.text, "a story for organisers only is never public")

other = srv.client()
with open(srv.dir + "/pw2", "w") as f:
    f.write("another long password\n")
srv.cli("admin", "add", "other@example.org", "--password-file", srv.dir + "/pw2")
other.login(email="other@example.org", password="another long password")
check(other.get("/admin/programmes/%s/stories" % SLUG).status == 404, "another organiser: 404")
to = other.csrf("/admin")
check(other.post("/admin/programmes/%s/stories/%s" % (SLUG, ids[0]),
                 {"csrf": to, "action": "reject"}).status == 404, "another organiser cannot decide")

rep = os.path.join(srv.dir, "r.html")
srv.cli("report", SLUG, "-o", rep)
body = open(rep).read()
check("We now run a joint &lt;b&gt;clinic&lt;/b&gt;" in body and "<b>clinic" not in body,
      "story in the report, escaped")
check("Only for you" not in body, "hidden story not in the report")

# erasure takes the story away
r = p.get(ma)
te = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
r = p.post(ma, {"csrf": te, "action": "erase", "sure": "yes"})
check(all(s[0] != a_id for s in stories()), "erasure removed the story")
check("clinic" not in pub.get("/p/%s/stories" % SLUG).text, "gone from the public page")
srv.cleanup()
done()
