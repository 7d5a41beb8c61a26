#!/usr/bin/python3
"""Cymraeg (issue 14, docs/text.md).  po/cy.po translates every entry of
po/cuppa.pot, none fuzzy; every public and self-service page and the web
errors a participant can meet render in Welsh with <html lang="cy">, a
switch to English on the same address, and no sentence of the English
catalogue (names and data aside); the switch is remembered; sign-up
records the language; bad languages (form, CLI, CSV) are refused by
name and change nothing.  (Every email kind in Welsh: tests/unit,
mail_outbox/every_kind_in_welsh.)"""
import html, json, os, re, subprocess, sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import ROOT, Server, check, done, people, SLUG
from welsh import english_sentences, po_entries, visible


pot = po_entries(os.path.join(ROOT, "po", "cuppa.pot"))
cy = po_entries(os.path.join(ROOT, "po", "cy.po"))
missing = [m for m in pot if m not in cy]
untranslated = [m for m, (s, f) in cy.items()
                if (not s if isinstance(s, str) else not all(s))]
fuzzy = [m for m, (s, f) in cy.items() if f]
check(len(pot) > 150, "the catalogue has %d texts" % len(pot))
check(not missing, "every text of cuppa.pot is in cy.po (%s)" % missing[:3])
check(not untranslated, "no untranslated entry in cy.po (%s)" % untranslated[:3])
check(not fuzzy, "no fuzzy entry in cy.po (%s)" % fuzzy[:3])
r = subprocess.run(["msgfmt", "--check", "-o", "/dev/null",
                    os.path.join(ROOT, "po", "cy.po")], capture_output=True, text=True)
check(r.returncode == 0, "msgfmt --check po/cy.po: %s" % r.stderr.strip()[:200])

english = english_sentences()


def welsh_page(r, what, status=200, switch=True):
    check(r.status == status, "%s: status %d (got %d)" % (what, status, r.status))
    check('<html lang="cy">' in r.text, "%s: <html lang=\"cy\">" % what)
    if switch:
        check(re.search(r'<a href="[^"]*\?lang=en" hreflang="en" lang="en">English</a>',
                        r.text) is not None, "%s: a switch to English" % what)
    shown = visible(r.text)  # once: it is the slow part
    seen = [f for f in english if f in shown]
    check(not seen, "%s: no English sentence (%s)" % (what, seen[:3]))


srv = Server()
srv.cli("programme", "set", SLUG, "--languages", "cy,en")
CY = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}
c = srv.client()

welsh_page(c.get("/", CY), "home page")
r = c.get("/p/" + SLUG, CY)
welsh_page(r, "sign-up page")
check("Sut mae'n gweithio" in visible(r.text) and "Cofrestru" in r.text,
      "sign-up page in Welsh words")
check('name="language" value="cy" checked' in r.text, "the language choice ticks Cymraeg")
tok = c.csrf("/p/" + SLUG)
r = c.post("/p/" + SLUG, {"csrf": tok, "name": "", "email": "nid-e-bost",
                          "organisation": "Cyngor Sir Ddinbych"}, CY)
welsh_page(r, "sign-up with errors", 400)
check("Mae angen Enw." in r.text and "Rhowch gyfeiriad e-bost" in r.text,
      "field errors in Welsh")
r = c.post("/p/" + SLUG, {"csrf": tok, "name": "Siân Ifans", "email": "sian@example.org",
                          "organisation": "Cyngor Sir Ddinbych", "consent": "yes",
                          "language": "fr"}, CY)
check(r.status == 400 and 'id="e-language"' in r.text, "a language not offered is refused")
check(people(srv) == [], "nothing stored")
before = srv.log_text()
r = c.post("/p/" + SLUG, {"csrf": tok, "name": "Siân Ifans", "email": "sian@example.org",
                          "organisation": "Cyngor Sir Ddinbych", "consent": "yes",
                          "language": "cy"}, CY)
welsh_page(r, "sign-up accepted")
check("Gwiriwch eich e-bost" in r.text, "check-your-email page in Welsh")
ps = people(srv)
check(len(ps) == 1 and ps[0]["language"] == "cy", "the person's language is recorded")
pid = ps[0]["id"]

# Pages of a known person: their language, whatever the browser says.
EN = {"Accept-Language": "en-GB"}
c2 = srv.client()
link = lambda kind, *a: srv.cli("admin", "link", kind, str(pid), *a).stdout.strip()
confirm = link("confirm")
r = c2.get(confirm, EN)
welsh_page(r, "confirm page (person chose Welsh, browser English)")
r = c2.post(confirm, {"csrf": c2.csrf(confirm)}, EN)
me = r.header("Location")
check(r.status == 303 and me.startswith("/me/"), "confirm redirects to /me")
r = c2.get(me, EN)
welsh_page(r, "self-service page")
check("Diolch: mae eich cofrestriad wedi'i gadarnhau" in visible(r.text), "flash in Welsh")
me = me.split("?")[0]
tok = c2.csrf(me)
r = c2.post(me, {"csrf": tok, "action": "pause", "until": "2000-01-01"}, EN)
welsh_page(r, "pause in the past", 400)
check("Dewiswch ddyddiad ar ôl heddiw." in visible(r.text), "the date error in Welsh")
r = c2.post(me, {"csrf": tok, "action": "pause", "until": "2099-05-04"}, EN)
r = c2.get(me + "?done=pause", EN)
welsh_page(r, "paused")
check("wedi oedi tan dydd Llun 4 Mai 2099" in r.text, "the pause date in Welsh: %s"
      % re.findall(r'class="status">([^<]*)', r.text))
c2.post(me, {"csrf": tok, "action": "resume"}, EN)
r = c2.post(me, {"csrf": tok, "action": "bogus"}, EN)
welsh_page(r, "an unknown action", 400)
unsub = link("unsubscribe")
welsh_page(c2.get(unsub, EN), "leave page")
r = c2.post(unsub, {"csrf": c2.csrf(unsub)}, EN)
welsh_page(r, "left")
check("Rydych wedi gadael" in r.text, "left, in Welsh")
c2.post(me, {"csrf": tok, "action": "resume"}, EN)

# A round, its outcome page, the feedback and its errors.
for i, (name, org) in enumerate([("Dafydd Owen", "Bwrdd Iechyd"), ("Elin Rhys", "Heddlu")]):
    srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
            {"name": name, "email": "p%d@example.org" % i, "organisation": org,
             "language": "cy"})
srv.api("POST", "/api/v1/programmes/%s/rounds" % SLUG, {"seed": 7})
srv.api("POST", "/api/v1/programmes/%s/rounds/1/publish" % SLUG)
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG).json
gid = [g["id"] for g in rd["groups"] for m in g["members"] if m["person_id"] == pid][0]
out = link("outcome", "--group", str(gid), "--outcome", "met")
welsh_page(c2.get(out, EN), "did-you-meet page")
r = c2.post(out, {"csrf": c2.csrf(out)}, EN)
welsh_page(r, "thank-you page")
check("Cyswllt newydd" in r.text, "what-came-of-it choices in Welsh")
r = c2.post(out + "/feedback", {"csrf": c2.csrf(out), "rating": "9"}, EN)
welsh_page(r, "a bad rating", 400)
r = c2.get(me, EN)
welsh_page(r, "self-service page with a group")
r = c2.post(out + "/feedback", {"csrf": c2.csrf(out), "rating": "4",
                                "comment": "Sgwrs dda"}, EN)
welsh_page(r, "feedback saved")
check('class="flash"' in r.text, "the feedback's thank-you is shown")
# Every flash of the self-service page (after each action), in Welsh.
for key in ("confirmed", "skip", "pause", "resume", "leave", "edit"):
    r = c2.get(me + "?done=" + key, EN)
    welsh_page(r, "self-service flash '%s'" % key)
    check('<p class="flash" role="status">' in r.text, "the '%s' flash is shown" % key)
# The language chosen again on /me: a language not offered is refused by
# name (in Welsh) and changes nothing; English is recorded, and the page
# of someone who chose English is English.
edit = {"csrf": c2.csrf(me), "action": "edit", "name": "Siân Ifans",
        "organisation": "Cyngor Sir Ddinbych"}
r = c2.post(me, dict(edit, language="fr"), EN)
welsh_page(r, "/me with a language not offered", 400)
check('id="e-language"' in r.text, "the language's error by its field")
check([p["language"] for p in people(srv) if p["id"] == pid] == ["cy"], "nothing changed")
r = c2.post(me, dict(edit, language="en"), EN)
check(r.status == 303, "/me: English chosen (%d)" % r.status)
check([p["language"] for p in people(srv) if p["id"] == pid] == ["en"], "English recorded")
check('<html lang="en">' in srv.client().get(me, CY).text,
      "the page of someone who chose English, for a Welsh browser with no switch: English")
r = c2.post(me, dict(edit, language="cy"), EN)
check([p["language"] for p in people(srv) if p["id"] == pid] == ["cy"], "and Welsh again")
# A form that has expired (or came from elsewhere), and a method a page
# does not take: refused before the link is read, so in the browser's
# language.
r = c2.post(me, {"csrf": "not-a-token", "action": "resume"}, CY)
welsh_page(r, "a form with a bad token", 403)
welsh_page(c.post("/", {"x": "1"}, CY), "a POST to the home page", 405)
# A story written, and its thank-you.
r = c2.post(me + "/story", {"csrf": c2.csrf(me + "/story"), "meeting": str(gid),
                            "visibility": "anonymous",
                            "body": "Cawsom sgwrs dda am dai fforddiadwy."}, EN)
welsh_page(r, "story saved")
check('class="flash"' in r.text, "the story's thank-you is shown")

# A survey of the built-in template: its questions in Welsh.
srv.cli("survey", "add", SLUG)
srv.cli("survey", "send", SLUG, "1")
import sqlite3
db = sqlite3.connect(srv.db)
sid = db.execute("SELECT id FROM survey").fetchall()
db.close()
if sid:
    s = link("survey", "--group", str(sid[0][0]))
    r = c2.get(s, EN)
    welsh_page(r, "survey page")
    check("Hoffech chi gymryd rhan mewn rownd yn y dyfodol?" in visible(r.text),
          "the template's questions in Welsh")
    r = c2.post(s, {"csrf": c2.csrf(s), "quote": "loud"}, EN)
    welsh_page(r, "survey with a bad answer", 400)
    # An answer that is not one of a question's options: the sentence is
    # core's (struct err with the value inside), in Welsh.
    # (the last radio question is a choice: the first is a 1-5 rating)
    radio = re.findall(r'type="radio" id="q(\d+)-[^"]*" name="q\d+"', c2.get(s, EN).text)
    check(radio != [], "the survey has a choice question")
    if radio:
        r = c2.post(s, {"csrf": c2.csrf(s), "q" + radio[-1]: "efallai"}, EN)
        welsh_page(r, "survey with an answer not among the options", 400)
        check("nid yw 'efallai' yn un o'i ddewisiadau" in visible(r.text),
              "the option error in Welsh: %s" % visible(r.text)[:600])
    r = c2.post(s, {"csrf": c2.csrf(s), "quote": "no"}, EN)
    welsh_page(r, "survey answered")
    check('class="flash"' in r.text, "the survey's thank-you is shown")
    tok = c2.csrf(s)
    srv.cli("survey", "close", SLUG, "1")
    r = c2.post(s, {"csrf": tok, "quote": "no"}, EN)
    welsh_page(r, "answering a closed survey", 410)
    check("Mae'r arolwg hwn wedi cau" in visible(r.text), "closed, in Welsh")
else:
    check(False, "the survey's id: %r" % sid)

# Stories and the challenges board.
srv.cli("programme", "set", SLUG, "--board", "on", "--board-moderation", "after")
welsh_page(c.get("/p/%s/stories" % SLUG, CY), "stories page")
welsh_page(c2.get(me + "/story", EN), "write-a-story page")
r = c2.post(me + "/story", {"csrf": c2.csrf(me + "/story"), "visibility": "nope"}, EN)
welsh_page(r, "a story with no choice", 400)
welsh_page(c.get("/p/%s/challenges" % SLUG, CY), "challenges board")
board = me + "/board"
r = c2.post(board, {"csrf": c2.csrf(board), "title": "Tai fforddiadwy",
                    "body": "Sut mae dod o hyd i dir?", "topics": "tai", "show_name": "no"}, EN)
welsh_page(r, "challenge posted")
check("3 o bobl" not in r.text and "1 person" in r.text and "1 sefydliad" in r.text,
      "counts in Welsh plural forms")
cid = re.search(r'href="%s/(\d+)"' % re.escape(board), r.text)
check(cid is not None, "the posted challenge is listed")
if cid:
    welsh_page(c2.get("%s/%s" % (board, cid.group(1)), EN), "own challenge page")
    welsh_page(c.get("/p/%s/challenges/%s" % (SLUG, cid.group(1)), CY), "public challenge page")
welsh_page(c.get("/p/%s/challenges?q=tai" % SLUG, CY), "board search")
# Acting on a challenge: another person's "me too", the owner's "solved"
# and a button that does not exist; each page with its flash or error.
other = [p["id"] for p in people(srv) if p["email"] == "p0@example.org"][0]
theirs = srv.cli("admin", "link", "me", str(other)).stdout.strip().split("?")[0]
c3 = srv.client()
if cid:
    for who, path, form, status, what in [
            (c3, "%s/board/%s" % (theirs, cid.group(1)), {"action": "too"}, 200, "me too"),
            (c2, "%s/%s" % (board, cid.group(1)), {"action": "fly"}, 400, "no such button"),
            (c2, "%s/%s" % (board, cid.group(1)), {"action": "solve", "note": "Diolch"},
             200, "solved")]:
        form["csrf"] = who.csrf(path)
        r = who.post(path, form, EN)
        welsh_page(r, "a challenge: %s" % what, status)
        check(('class="flash"' if status == 200 else 'role="alert"') in r.text,
              "a challenge: %s: its message is shown" % what)

# Errors a participant can meet.
welsh_page(c.get("/p/no-such-programme", CY), "no such programme", 404)
welsh_page(c.get("/nowhere", CY), "no such page", 404)
welsh_page(c.get(confirm[:-4] + "AAAA", CY), "a tampered link", 400)

# The switch: the same page in English, remembered in a cookie.
r = c.get("/p/%s?lang=en" % SLUG, CY)
check(r.status == 200 and '<html lang="en">' in r.text and "How it works" in r.text,
      "?lang=en shows the same page in English")
check(c.cookies.get("cuppa_lang") == "en", "the choice is kept in a cookie")
check('hreflang="cy" lang="cy">Cymraeg</a>' in r.text, "the English page links to Cymraeg")
r = c.get("/p/" + SLUG, CY)
check('<html lang="en">' in r.text, "the cookie wins over Accept-Language")
r = c.get("/p/%s?lang=cy" % SLUG)
check('<html lang="cy">' in r.text and c.cookies.get("cuppa_lang") == "cy", "and back to Welsh")

# The cached sign-up page is kept per language wish: visitors asking
# for different things, one after the other, each get their own page.
for hdr, want, what in [({}, "cy", "no preference: the programme's main language"),
                        (EN, "en", "an English browser"),
                        ({}, "cy", "no preference again (not the cached English page)"),
                        ({"Accept-Language": "*"}, "cy", "any language: the main one"),
                        (EN, "en", "an English browser again"),
                        (CY, "cy", "a Welsh browser")]:
    r = srv.client().get("/p/" + SLUG, hdr)
    check(r.status == 200 and '<html lang="%s">' % want in r.text,
          "sign-up page, %s: %s" % (what, want))

# A Welsh-only programme: no switch.
srv.cli("programme", "add", "Rhaglen Gymraeg", "--languages", "cy")
r = srv.client().get("/p/rhaglen-gymraeg", EN)
welsh_page(r, "Welsh-only programme, English browser", switch=False)
check("?lang=" not in r.text, "no switch when there is one language")

# The command line stays English, and says so in its help.
r = srv.cli("--help")
check("The command line is in English only" in r.stdout, "cuppa --help says the CLI is English")
r = srv.cli("programme", "--help", check_rc=False)
check("The command line itself stays English" in r.stdout + r.stderr,
      "cuppa programme --help says so beside --languages")

# Bad values are named and change nothing.
before = srv.cli("programme", "list", "--json").stdout
r = srv.cli("programme", "set", SLUG, "--languages", "cy,fr", check_rc=False)
check(r.returncode == 2 and "--languages" in r.stderr and "'fr' is not a language" in r.stderr,
      "programme set --languages cy,fr refused by name: %s" % r.stderr.strip())
check(srv.cli("programme", "list", "--json").stdout == before, "and nothing changed")
r = srv.cli("people", "add", SLUG, "--name", "X", "--email", "x@example.org",
            "--organisation", "Y", "--language", "gaeilge", check_rc=False)
check(r.returncode == 1 and "language" in r.stderr, "people add --language gaeilge refused: %s"
      % r.stderr.strip())
csv = os.path.join(srv.dir, "p.csv")
with open(csv, "w") as f:
    f.write("name,email,organisation,language\nA B,ab@example.org,Org,cy\n"
            "C D,cd@example.org,Org,klingon\n")
r = srv.cli("people", "import", SLUG, csv, check_rc=False)
check(r.returncode == 1 and ":3: language:" in r.stderr, "a bad CSV language names line and field: %s"
      % r.stderr.strip())
check(not any(p["email"] == "ab@example.org" for p in people(srv)), "and nothing was imported")
r = srv.api("POST", "/api/v1/programmes", {"name": "Arall", "languages": "xx"})
check(r.status == 400 and r.json["error"]["field"] == "languages", "API refuses bad languages")

# Too large: a form past the limit (read, then refused) and a body
# announced far past it (refused before it is read), both in the
# browser's language, as plain text from the server itself.
import socket
for what, length, body in [("a form over 1 MiB", 1100000, b"x" * 1100000),
                           ("1 GB announced", 1000000000, b"csrf=x")]:
    sk = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    sk.sendall(("POST /p/%s HTTP/1.1\r\nHost: x\r\nAccept-Language: cy\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (SLUG, length)).encode())
    try:
        sk.sendall(body)
    except OSError:
        pass
    data = b""
    try:
        while True:
            chunk = sk.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    sk.close()
    text = data.decode("utf-8", "replace")
    check(text.startswith("HTTP/1.1 413") and "Mae'r cais yn rhy fawr." in text,
          "%s: 413 in Welsh: %r" % (what, text[-120:]))
# Erasing one's data: the tick box, the goodbye, and the link afterwards.
erased = [p["id"] for p in people(srv) if p["email"] == "p1@example.org"][0]
gone = srv.cli("admin", "link", "me", str(erased)).stdout.strip().split("?")[0]
c4 = srv.client()
r = c4.post(gone, {"csrf": c4.csrf(gone), "action": "erase"}, EN)
welsh_page(r, "erase without the tick", 400)
r = c4.post(gone, {"csrf": c4.csrf(gone), "action": "erase", "sure": "yes"}, EN)
welsh_page(r, "data erased")
welsh_page(c4.get(gone, CY), "the link of someone erased", 410)

# A self-service link that has expired: the same database, a server
# two days ahead (past this link's one day), in Welsh.
import datetime
short = link("me", "--days", "1")
later = (datetime.datetime.utcnow() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
check(srv.stop() in (0, None), "the server stopped cleanly")
future = Server(dbdir=srv.dir, env={"CUPPA_NOW": later}, setup=False)
r = future.client().get(short, CY)
welsh_page(r, "an expired self-service link", 403)
check("Mae'r ddolen hon wedi dod i ben" in visible(r.text), "expired, in Welsh")
future.cleanup()
srv.cleanup()
done()
