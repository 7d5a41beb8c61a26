#!/usr/bin/python3
"""Cymraeg on the organiser's side (issue 14, docs/text.md): with the
switch (?lang=cy, then the cookie) every dashboard page renders in Welsh
with <html lang="cy">, a switch back to English on the same address, and
no sentence of the English catalogue (names and data aside): login and
its error, home, programme (rounds, schedule, settings), people, person,
draft and published round, surveys, a survey, stories, the challenges
board; form errors built in core/ and app/ with values inside come out
in Welsh (struct err's message id and arguments), and so do the web's
error pages.  The API stays English."""
import re, sys, uuid
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG, ORGANISER, PASSWORD
from welsh import english_sentences, visible

english = english_sentences()
check(len(english) > 300, "the English catalogue has %d sentences" % len(english))


def welsh_page(r, what, status=200):
    check(r.status == status, "%s: status %d (got %d)" % (what, status, r.status))
    check('<html lang="cy">' in r.text, "%s: <html lang=\"cy\">" % what)
    check(re.search(r'<a href="[^"]*\?lang=en" hreflang="en" lang="en">English</a>',
                    r.text) is not None, "%s: a switch to English" % what)
    shown = visible(r.text)  # once: it is the slow part
    seen = sorted(f for f in english if f in shown)
    check(not seen, "%s: no English sentence (%s)" % (what, seen[:4]))


srv = Server()
a = srv.client()
r = a.get("/admin/login?lang=cy")
welsh_page(r, "login page")
check(a.cookies.get("cuppa_lang") == "cy", "the choice is kept in the cookie")
tok = a.csrf("/admin/login")
r = a.post("/admin/login", {"csrf": tok, "email": ORGANISER, "password": "wrong"})
welsh_page(r, "a refused login", 401)
check("Nid yw'r cyfeiriad e-bost a'r cyfrinair hwnnw'n cyfateb i drefnydd." in visible(r.text),
      "the refusal in Welsh")
r = a.post("/admin/login", {"csrf": tok, "email": ORGANISER, "password": PASSWORD})
check(r.status == 303, "logged in")

# People, a draft round, a published one with outcomes.
for i, (name, org) in enumerate([("Dafydd Owen", "Bwrdd Iechyd"), ("Elin Rhys", "Heddlu"),
                                 ("Gwen Morgan", "Cyngor"), ("Huw Jones", "Prifysgol"),
                                 ("Ifan Prys", "Cyngor")]):
    srv.api("POST", "/api/v1/programmes/%s/people" % SLUG,
            {"name": name, "email": "p%d@example.org" % i, "organisation": org})
srv.api("POST", "/api/v1/programmes/%s/rounds" % SLUG, {"seed": 7})
srv.api("POST", "/api/v1/programmes/%s/rounds/1/publish" % SLUG)
srv.api("POST", "/api/v1/programmes/%s/rounds" % SLUG, {"seed": 8})
base = "/admin/programmes/" + SLUG

welsh_page(a.get("/admin"), "home")
check("Eich rhaglenni" in a.get("/admin").text, "home in Welsh words")
tok = a.csrf("/admin")
r = a.post("/admin/programmes", {"csrf": tok, "name": ""})
welsh_page(r, "a new programme without a name", 400)
r = a.get(base)
welsh_page(r, "programme page")
check("Creu rownd ddrafft" in r.text and "Gosodiadau" in r.text, "programme page in Welsh words")
r = a.post(base + "/settings", {"csrf": tok, "name": "Public Sector Coffee",
                                 "cadence_days": "999"})
welsh_page(r, "settings with a bad number", 400)
check("Rhaid i cadence_days fod yn rhif cyfan o 1 i 365." in r.text,
      "an error with values inside, in Welsh: %s" % re.findall(r'class="error"[^>]*>([^<]*)', r.text))
r = a.post(base + "/schedule", {"csrf": tok, "start": "2027-01-04T09:30",
                                 "timezone": "Europe/Nowhere", "cadence": "monthly",
                                 "review_days": "3", "publish": "auto"})
welsh_page(r, "schedule with a bad time zone", 400)
check("nid yw 'Europe/Nowhere' yn" in visible(r.text), "the time zone error in Welsh: %s"
      % re.findall(r'class="error"[^>]*>([^<]*)', r.text))
r = a.post(base + "/schedule", {"csrf": tok, "start": "2027-01-04T09:30",
                                 "timezone": "Europe/London", "cadence": "monthly",
                                 "review_days": "3", "publish": "auto"})
check(r.status == 303, "a schedule saved")
r = a.get(base + "?schedule=saved")
welsh_page(r, "programme page with a schedule")
check("Cadwyd yr amserlen." in r.text, "the flash in Welsh")
# The schedule's dates (next rounds, skips, deadlines) in Welsh words.
r = a.post(base + "/schedule", {"csrf": tok, "start": "2027-01-04T09:30",
                                 "timezone": "Europe/London", "cadence": "monthly",
                                 "review_days": "3", "publish": "auto",
                                 "skips": "2027-07-20..2027-08-31"})
check(r.status == 303, "a schedule with a skip saved")
r = a.get(base)
welsh_page(r, "programme page with next rounds")
shown = visible(r.text)
check("dydd Gwener 1 Ionawr 2027 am 09:30" in shown and
      "dydd Llun 4 Ionawr 2027 am 09:30" in shown,
      "the next rounds' draft and publish times in Welsh: %s"
      % re.findall(r"<td>([^<]*2027[^<]*)</td>", r.text))
check("dydd Mawrth 20 Gorffennaf 2027" in shown and "dydd Mawrth 31 Awst 2027" in shown,
      "the skipped dates in Welsh")
ENGLISH_DATES = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                           r"January|February|March|April|June|July|August|September|"
                           r"October|November|December)\b")
check(not ENGLISH_DATES.search(shown), "no English date on the programme page: %s"
      % [m.group(0) for m in ENGLISH_DATES.finditer(shown)][:4])
# (the form's own fields keep YYYY-MM-DD: that is what one types there)
iso = re.findall(r"<(?:td|p)>[^<]*\d{4}-\d{2}-\d{2}[^<]*<", r.text)
check(not iso, "no ISO date in the rounds, next rounds or last run: %s" % iso[:3])
r = a.get("/admin")
check("ar ddydd Llun 4 Ionawr 2027 am 09:30" in visible(r.text),
      "home: the next step's date in Welsh, mutated after 'ar': %s"
      % re.findall(r"Mae rownd[^<]*", r.text))
check(not ENGLISH_DATES.search(visible(r.text)), "no English date on the home page")
# Errors made in core/ and app/ (struct err, roster's problems), in Welsh.
r = a.post(base + "/schedule", {"csrf": tok, "start": "2027-01-04T09:30",
                                 "timezone": "Europe/London", "cadence": "monthly",
                                 "review_days": "3", "publish": "auto", "skips": "haf"})
welsh_page(r, "a schedule with a bad holiday", 400)
check("nid yw 'haf' yn gyfnod o ddyddiadau" in visible(r.text), "the holiday error in Welsh")
r = a.post(base + "/settings", {"csrf": tok, "name": "Public Sector Coffee",
                                 "languages": "cy,fr"})
welsh_page(r, "settings with a bad language", 400)
check("nid yw 'fr' yn iaith" in visible(r.text), "the language error in Welsh")
b = "----cuppa" + uuid.uuid4().hex
csv = ("name,email,organisation,language\nAl,al@example.org,Org A,cy\n"
       "Bea,nid-e-bost,Org B,en\nCai,cai@example.org,Org C,klingon\n"
       "Dai,\"dai@example.org\"x,Org D,cy\n")
r = a.request("POST", base + "/people/import",
              ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
               "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
               "Content-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n") % (b, tok, b, csv, b),
              {"Content-Type": "multipart/form-data; boundary=" + b})
welsh_page(r, "a CSV upload with bad rows", 400)
shown = visible(r.text)
check("upload.csv:3: email: nid yw 'nid-e-bost' yn gyfeiriad e-bost" in shown and
      "upload.csv:4: language: nid yw 'klingon' yn iaith" in shown and
      "upload.csv:5: file: mae dyfynnod yn y lle anghywir" in shown,
      "each bad row named, its problem in Welsh: %s" % re.findall(r"<li>([^<]*)</li>", r.text))
csv = "name,email,organisation\nAled,aled@example.org,Org E\nBethan,bethan@example.org,Org F\n"
r = a.request("POST", base + "/people/import",
              ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
               "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
               "Content-Type: text/csv\r\n\r\n%s\r\n--%s--\r\n") % (b, tok, b, csv, b),
              {"Content-Type": "multipart/form-data; boundary=" + b})
check(r.status == 303 and r.header("Location").endswith("?imported=2&updated=0"),
      "an import redirects with its counts only: %s" % r.header("Location"))
r = a.get(r.header("Location"))
welsh_page(r, "people, after an import")
check("Wedi'u mewnforio: 2 newydd, 0 wedi'u diweddaru." in visible(r.text),
      "the import's counts in Welsh: %s" % re.findall(r'class="flash"[^>]*>([^<]*)', r.text))
r = a.get(base + "/people?imported=2+people,+all+English&updated=0")
check('class="flash"' not in r.text, "no flash made of words from the address")
welsh_page(a.get(base + "/people"), "people")
r = a.get(base + "/people")
pid = re.search(r'/people/(\d+)"', r.text).group(1)
welsh_page(a.get(base + "/people/" + pid), "a person")
# Every flash of the dashboard (after each action), in Welsh.
for path in ["/people/%s?done=%s" % (pid, k) for k in ("status", "outcome", "consent", "block")] + \
            ["/rounds/1?done=%s" % k for k in ("publish", "swap", "move")] + \
            ["?schedule=%s" % k for k in ("hold", "release", "skip", "saved")] + ["?saved=1"]:
    r = a.get(base + path)
    welsh_page(r, "flash " + path)
    check('class="flash"' in r.text, "flash %s is shown" % path)
for page in (base + "/people", base + "/people/" + pid):
    r = a.get(page)
    check(not ENGLISH_DATES.search(visible(r.text)) and
          not re.search(r"<(?:td|dd)[^>]*>\d{4}-\d{2}-\d{2}<", r.text),
          "%s: the joining date in Welsh words: %s"
          % (page, re.findall(r"<(?:td|dd)[^>]*>[^<]*20\d\d[^<]*<", r.text)[:2]))
r = a.post(base + "/people/%s/block" % pid, {"csrf": tok, "other": "nobody@example.org"})
welsh_page(r, "block an unknown email", 400)
check("Nid oes neb gyda'r cyfeiriad e-bost hwnnw'n cymryd rhan yn Public Sector Coffee."
      in visible(r.text), "the block error in Welsh, with the programme's name")
welsh_page(a.get(base + "/rounds/1"), "a published round")
r = a.get(base + "/rounds/2")
welsh_page(r, "a draft round")
check("Cyhoeddi rownd 2" in r.text, "the draft's actions in Welsh")
r = a.post(base + "/rounds/2/move", {"csrf": tok, "person": pid, "group": "99"})
welsh_page(r, "a move to a group that does not exist", 409)
check("Nid oes grŵp 99." in r.text, "the move error in Welsh")
welsh_page(a.get(base + "/surveys"), "surveys")
tok = a.csrf(base + "/surveys")
r = a.post(base + "/surveys", {"csrf": tok, "title": "Sut aeth hi?"})
check(r.status == 303, "a survey created")
r = a.get(r.header("Location"))
welsh_page(r, "a survey")
check("Ychwanegu cwestiwn" in r.text, "the survey page in Welsh words")
for k in ("created", "closed", "added", "removed"):
    r = a.get(base + "/surveys/1?done=" + k)
    welsh_page(r, "survey flash " + k)
    check('class="flash"' in r.text, "survey flash %s is shown" % k)
r = a.post(base + "/surveys/1/send", {"csrf": a.csrf(base + "/surveys/1")})
welsh_page(r, "a survey sent")
check(re.search(r"Anfonwyd: gofynnwyd i \d+ (person|berson|pherson)\.", visible(r.text)),
      "the count sent in Welsh: %s" % re.findall(r'class="flash"[^>]*>([^<]*)', r.text))
welsh_page(a.get(base + "/stories"), "stories")
r = a.post(base + "/board", {"csrf": tok, "board": "on", "moderation": "after"})
welsh_page(r, "the board switched on")
check('class="flash"' in r.text, "the board's flash is shown")
r = a.post(base + "/board", {"csrf": tok, "board": "maybe", "moderation": "after"})
welsh_page(r, "the board with a bad setting", 400)
welsh_page(a.get(base + "/challenges"), "challenges board")
welsh_page(a.get(base + "/rounds/77"), "no such round", 404)
welsh_page(a.get("/admin/programmes/nothing-here"), "no such programme", 404)

# Not logged in: a form posted to the dashboard, in the switch's language.
n = srv.client()
n.get("/admin/login?lang=cy")
r = n.post("/admin/programmes", {"csrf": "x", "name": "Rhaglen"})
welsh_page(r, "a dashboard form without logging in", 403)
r = a.post(base + "/settings", {"csrf": "not-a-token", "name": "X"})
welsh_page(r, "a dashboard form with a bad token", 403)

# English again, the same page; the API stays English.
r = a.get(base + "?lang=en")
check('<html lang="en">' in r.text and "Generate a draft round" in r.text,
      "?lang=en shows the programme page in English")
check('hreflang="cy" lang="cy">Cymraeg</a>' in r.text, "with a switch to Cymraeg")
r = srv.api("POST", "/api/v1/programmes/%s/rounds/2/move" % SLUG,
            {"person_id": int(pid), "group": 99})
check("Nid" not in r.text, "the API answers in English: %s" % r.text.strip()[:120])

srv.cleanup()
done()
