#!/usr/bin/python3
"""The challenges board (issue 11): off by default; three people from
three organisations use it (post with moderation, approve, "we face this
too", offer to talk, report, search, hide, edit, mark solved, the daily
limit); bad input refused with nothing changed and nothing unescaped;
then the next round pairs two of them because they share the challenge
and the introduction says which; and the dashboard's people search finds
a topic through the same full-text index."""
import json, re, sqlite3, sys, urllib.parse
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG

srv = Server()
people = [("Ann Able", "ann@a.org", "Council A", "loneliness;housing"),
          ("Bo Bright", "bo@b.org", "Health B", "data"),
          ("Cy Clear", "cy@c.org", "Charity C", ""),
          ("Di Dunn", "di@d.org", "Police D", ""),
          ("Ed Eve", "ed@e.org", "School E", ""),
          ("Fay Fox", "fay@f.org", "Fire F", "")]
ids = {}
for name, email, org, topics in people:
    r = srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
                {"name": name, "email": email, "organisation": org, "topics": topics})
    ids[email] = r.json["id"] if r.json and "id" in r.json else None
rows = json.loads(srv.cli("people", "list", SLUG, "--json").stdout)
rows = rows if isinstance(rows, list) else rows["people"]
ids = {p["email"]: p["id"] for p in rows}


def me(email):
    return srv.cli("admin", "link", "me", str(ids[email])).stdout.strip()


def db(q):
    c = sqlite3.connect(srv.db)
    try:
        return c.execute(q).fetchall()
    finally:
        c.close()


pub = srv.client()
check(pub.get("/p/%s/challenges" % SLUG).status == 404, "board off by default: 404")
A, B, C, D = (srv.client() for _ in range(4))
ma, mb, mc, md = me("ann@a.org"), me("bo@b.org"), me("cy@c.org"), me("di@d.org")
check(A.get(ma + "/board").status == 404, "no board from /me while off")
check("challenges board" not in A.get(ma).text, "the /me page does not offer a closed board")
bad = srv.cli("programme", "set", SLUG, "--board", "maybe", check_rc=False)
check(bad.returncode == 2 and "--board" in bad.stderr, "programme set --board maybe: usage error")
bad = srv.cli("programme", "set", SLUG, "--board-moderation", "never", check_rc=False)
check(bad.returncode == 2, "bad --board-moderation refused")
srv.cli("programme", "set", SLUG, "--board", "on", "--board-moderation", "before")
check("challenges board" in A.get(ma).text, "the /me page links to the open board")

r = A.get(ma + "/board")
check(r.status == 200 and "Post a challenge" in r.text, "the board from /me")
t = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
TITLE = "Loneliness <script>alert(1)</script> among older tenants"
BODY = "We see more isolated tenants.\n\nWho has tried <b>befriending</b>?"
before = db("SELECT COUNT(*) FROM challenge")
for what, f in [("empty title", {"title": " ", "body": "x"}),
                ("empty body", {"title": "x", "body": ""}),
                ("100 KB body", {"title": "x", "body": "y" * 100000}),
                ("long title", {"title": "x" * 500, "body": "y"}),
                ("bad show_name", {"title": "x", "body": "y", "show_name": "<b>all</b>"})]:
    f["csrf"] = t
    r = A.post(ma + "/board", f)
    check(r.status == 400 and 'role="alert"' in r.text and "<b>all" not in r.text,
          "%s refused (%d)" % (what, r.status))
check(db("SELECT COUNT(*) FROM challenge") == before, "refused posts changed nothing")
check(A.post(ma + "/board", {"title": "x", "body": "y"}).status == 403, "no CSRF: 403")
r = A.post(ma + "/board", {"csrf": t, "title": TITLE, "body": BODY,
                           "topics": "loneliness;housing", "show_name": "yes"})
check(r.status == 200 and "appears once an organiser" in r.text, "posted, held for approval")
check("<script>alert" not in r.text and "&lt;script&gt;" in r.text, "escaped on the poster's board")
cid = db("SELECT id FROM challenge")[0][0]
check("Loneliness" not in pub.get("/p/%s/challenges" % SLUG).text, "pending: not public")
check(pub.get("/p/%s/challenges/%d" % (SLUG, cid)).status == 404, "pending challenge page: 404")

org = srv.client()
org.login()
r = org.get("/admin/programmes/%s/challenges" % SLUG)
check(r.status == 200 and "waiting for approval" in r.text and "<script>alert" not in r.text,
      "the organiser sees it waiting, escaped")
to = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
r = org.post("/admin/programmes/%s/challenges/%d" % (SLUG, cid), {"csrf": to, "action": "explode"})
check(r.status == 400, "unknown moderation refused")
r = org.post("/admin/programmes/%s/challenges/%d" % (SLUG, cid), {"csrf": to, "action": "approve"})
check(r.status == 200, "approved")
r = pub.get("/p/%s/challenges" % SLUG)
check("Loneliness &lt;script&gt;" in r.text and "<script>alert" not in r.text, "public board, escaped")
r = pub.get("/p/%s/challenges/%d" % (SLUG, cid))
check(r.status == 200 and "&lt;b&gt;befriending&lt;/b&gt;" in r.text and "Ann Able, Council A" in r.text,
      "challenge page: paragraphs escaped, name and organisation as chosen")
check("1 person</strong> from <strong>1 organisation" in r.text, "one person so far")

for client, link, who in [(B, mb, "B"), (C, mc, "C")]:
    page = client.get("%s/board/%d" % (link, cid))
    check(page.status == 200 and "We face this too" in page.text, "%s sees the button" % who)
    tk = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post("%s/board/%d" % (link, cid), {"csrf": tk, "action": "too"})
    check(r.status == 200 and "you face this too" in r.text, "%s: we face this too" % who)
r = pub.get("/p/%s/challenges/%d" % (SLUG, cid))
check("3 people</strong> from <strong>3 organisations" in r.text, "three people from three organisations")
tb = B.csrf("%s/board/%d" % (mb, cid))
r = B.post("%s/board/%d" % (mb, cid), {"csrf": tb, "action": "talk",
                                        "note": "We ran <i>tea mornings</i>"})
check(r.status == 200, "B offers to talk")
r = B.post("%s/board/%d" % (mb, cid), {"csrf": tb, "action": "fly"})
check(r.status == 400, "unknown action refused")
r = B.post("%s/board/%d" % (mb, cid), {"csrf": tb, "action": "talk", "note": "z" * 100000})
check(r.status == 400, "100 KB note refused")
r = A.get("%s/board/%d" % (ma, cid))
check("bo@b.org" in r.text and "&lt;i&gt;tea mornings&lt;/i&gt;" in r.text,
      "the owner sees the offer, escaped")
ta = A.csrf(ma + "/board")
r = A.post("%s/board/%d" % (ma, cid), {"csrf": ta, "action": "too"})
check(r.status == 409, "own challenge: no 'too'")
tdd = D.csrf(md + "/board")
r = D.post("%s/board/%d" % (md, cid), {"csrf": tdd, "action": "report", "note": "spam?"})
check(r.status == 200, "D reports it")
check("reported 1 times" in org.get("/admin/programmes/%s/challenges" % SLUG).text,
      "the organiser sees the report")
r = D.post("%s/board/99999" % md, {"csrf": tdd, "action": "too"})
check(r.status == 404, "no such challenge: 404")

# search: prefix, several words, punctuation that must not reach the engine
for q, want in [("lonel", True), ("older tenants", True), ("befriend", True),
                ("housing", True), ("\"; DROP TABLE challenge; --", False),
                ("NEAR(a b) OR *", False), ("zebra", False)]:
    r = pub.get("/p/%s/challenges?q=%s" % (SLUG, urllib.parse.quote(q)))
    check(r.status == 200 and (("Loneliness" in r.text) == want),
          "search %r %s" % (q, "finds it" if want else "finds nothing"))
r = pub.get("/p/%s/challenges?q=%s" % (SLUG, urllib.parse.quote("<b>x</b>")))
check("<b>x</b>" not in r.text, "the query is escaped when shown back")

# the next round pairs two who share the challenge (different
# organisations everywhere, so the rules allow it)
srv.cli("round", "new", SLUG, "--seed", "11")
rd = json.loads(srv.cli("round", "show", SLUG, "1", "--json").stdout)
share = {"ann@a.org", "bo@b.org", "cy@c.org"}
paired = [g["members"] for g in rd["groups"] if len(share & set(g["members"])) >= 2]
check(len(paired) == 1, "two who share the challenge are paired: %r" % rd["groups"])
for seed in ("12", "13", "14"):
    srv.cli("round", "new", SLUG, "--seed", seed)
    rd2 = json.loads(srv.cli("round", "show", SLUG, "1", "--json").stdout)
    check(any(len(share & set(g["members"])) >= 2 for g in rd2["groups"]),
          "seed %s also pairs two who share it" % seed)
srv.cli("round", "new", SLUG, "--seed", "11")
prev = srv.cli("mail", "preview", SLUG, "1").stdout
check("You both face a challenge from the board" in prev and "Loneliness" in prev,
      "the introduction names the shared challenge")
raw = srv.cli("mail", "preview", SLUG, "1", "--raw").stdout
check("&lt;script&gt;alert(1)&lt;/script&gt;" in raw.replace("=\n", ""),
      "the challenge title is escaped in the HTML introduction")

# moderation: hide, show, edit
r = org.post("/admin/programmes/%s/challenges/%d" % (SLUG, cid), {"csrf": to, "action": "hide"})
check(pub.get("/p/%s/challenges/%d" % (SLUG, cid)).status == 404, "hidden: gone from the board")
org.post("/admin/programmes/%s/challenges/%d" % (SLUG, cid), {"csrf": to, "action": "show"})
r = org.post("/admin/programmes/%s/challenges/%d" % (SLUG, cid),
             {"csrf": to, "action": "edit", "title": "", "body": "x"})
check(r.status == 400, "edit with an empty title refused")
r = org.post("/admin/programmes/%s/challenges/%d" % (SLUG, cid),
             {"csrf": to, "action": "edit", "title": "Loneliness among older tenants",
              "body": BODY, "topics": "loneliness"})
check(r.status == 200 and "Loneliness among older tenants" in
      pub.get("/p/%s/challenges/%d" % (SLUG, cid)).text, "edited")

# the owner marks it solved; the note becomes a story to approve
r = A.post("%s/board/%d" % (ma, cid), {"csrf": ta, "action": "solve", "note": ""})
check(r.status == 400, "solving needs a note")
r = B.post("%s/board/%d" % (mb, cid), {"csrf": tb, "action": "solve", "note": "mine"})
check(r.status == 403, "only the owner can mark it solved")
r = A.post("%s/board/%d" % (ma, cid), {"csrf": ta, "action": "solve",
                                        "note": "Tea mornings with <b>Health B</b> worked."})
check(r.status == 200 and "Solved: what worked" in r.text, "marked solved")
check(db("SELECT COUNT(*) FROM story WHERE challenge_id = %d" % cid)[0][0] == 1,
      "the note waits as a story")

# the daily posting limit
n_ok = 0
for i in range(4):
    r = C.post(mc + "/board", {"csrf": C.csrf(mc + "/board"), "title": "C %d" % i, "body": "b"})
    n_ok += r.status == 200
check(n_ok == 3 and r.status == 409 and "a day" in r.text, "three posts a day, then refused")

lst = json.loads(srv.cli("challenge", "list", SLUG, "--json").stdout)
top = [c for c in lst["challenges"] if c["id"] == cid][0]
check(top["people"] == 3 and top["organisations"] == 3 and top["solved"], "challenge list --json: %r" % top)
check("Loneliness" in srv.cli("challenge", "list", SLUG).stdout, "challenge list")
check(srv.cli("challenge", "list", "nope", check_rc=False).returncode == 1, "unknown programme")

# people search through the full-text index
r = org.get("/admin/programmes/%s/people?q=loneliness" % SLUG)
check("Ann Able" in r.text and "Bo Bright" not in r.text, "people search finds a topic")
r = org.get("/admin/programmes/%s/people?q=%s" % (SLUG, urllib.parse.quote("\" OR *")))
check(r.status == 200, "odd search text is harmless")

other = srv.client()
with open(srv.dir + "/pw2", "w") as f:
    f.write("another long password\n")
srv.cli("admin", "add", "other@example.org", "--password-file", srv.dir + "/pw2")
other.login(email="other@example.org", password="another long password")
check(other.get("/admin/programmes/%s/challenges" % SLUG).status == 404, "another organiser: 404")
srv.cli("programme", "set", SLUG, "--board", "off")
check(pub.get("/p/%s/challenges" % SLUG).status == 404, "switched off again")
srv.cleanup()
done()
