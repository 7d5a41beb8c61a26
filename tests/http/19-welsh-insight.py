#!/usr/bin/python3
"""The organiser's reading matter in Welsh (issue 14, docs/text.md): the
insight page (its "being drawn" page too), the report (`cuppa report`,
in the programme's main language by default and with --lang) and the
table cards and sheets (`cuppa event plan --cards --lang`) carry no
sentence of the English catalogue (names and data aside), with lang set
on the page and on every SVG; English stays English; bilingual cards
mark the second language with lang.  The report and the cards run under
the sanitizer build, as `serve` does."""
import os, re, subprocess, sys, time
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG, SERVE_BIN
from welsh import english_sentences, visible

english = english_sentences()
check(len(english) > 300, "the English catalogue has %d sentences" % len(english))


def no_english(text, what):
    shown = visible(text)  # once: it is the slow part
    seen = sorted(f for f in english if f in shown)
    check(not seen, "%s: no English sentence (%s)" % (what, seen[:4]))


def svgs_in(text, lang, what):
    tags = re.findall(r"<svg [^>]*>", text)
    check(tags and all('lang="%s"' % lang in t for t in tags),
          "%s: %d SVGs, each with lang=\"%s\"" % (what, len(tags), lang))


def until_drawn(c, path, tries=200):
    for _ in range(tries):
        r = c.get(path)
        if r.status != 202:
            return r
        time.sleep(0.05)
    return r


def run(*args):
    r = subprocess.run([SERVE_BIN] + list(args), capture_output=True, text=True)
    what = " ".join(a for a in args if not a.startswith("/"))
    check(r.returncode == 0, "cuppa %s: exit 0 (%s)" % (what, r.stderr.strip()[:200]))
    return r


srv = Server(args=["--insight-wait-ms", "0"])
srv.cli("programme", "set", SLUG, "--languages", "cy,en")
rows = ["name,email,organisation,sector"] + [
    "Person %d,p%d@example.org,Sefydliad %d,%s" % (i, i, i % 4, ("iechyd", "addysg")[i % 2])
    for i in range(14)]
with open(srv.dir + "/p.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
srv.cli("people", "import", SLUG, srv.dir + "/p.csv")
for n, seed in ((1, 3), (2, 5)):
    srv.cli("round", "new", SLUG, "--seed", str(seed))
    srv.cli("round", "publish", SLUG, str(n))
rd = srv.api("GET", "/api/v1/programmes/%s/rounds/2" % SLUG).json
for k, outcome in ((0, "met"), (1, "missed"), (2, "met")):
    srv.api("POST", "/api/v1/programmes/%s/rounds/2/outcomes" % SLUG,
            {"email": rd["groups"][k]["members"][0]["email"], "outcome": outcome,
             "rating": 4})

a = srv.client()
check(a.login().status == 303, "logged in")
base = "/admin/programmes/%s/insight" % SLUG
r = a.get(base + "?lang=cy")
check(r.status == 202, "nothing cached: 'being drawn' first (%d)" % r.status)
check('<html lang="cy">' in r.text and "Mae darlun y rhwydwaith yn cael ei lunio" in r.text,
      "the 'being drawn' page in Welsh")
no_english(r.text, "the 'being drawn' page")
r = until_drawn(a, base)
check(r.status == 200, "the Welsh insight page drawn (%d)" % r.status)
check('<html lang="cy">' in r.text, "<html lang=\"cy\">")
no_english(r.text, "the insight page")
svgs_in(r.text, "cy", "the insight page")
for words in ("Pwy sydd wedi cwrdd â phwy", "Twf fesul mis", "Cyfarfu ", "Tegwch dros",
              "Beth ddywedodd pobl", "Sefydliadau wedi'u cysylltu fesul rownd"):
    check(words in visible(r.text), "the insight page says %r" % words)
r1 = until_drawn(a, base + "?round=1")
check(r1.status == 200 and '<html lang="cy">' in r1.text, "round 1 in Welsh too")
no_english(r1.text, "the insight page after round 1")
re_ = until_drawn(a, base + "?lang=en")
check(re_.status == 200 and "Who has met whom" in re_.text and "Growth month by month" in re_.text,
      "the same page in English when asked (its own cache entry)")
svgs_in(re_.text, "en", "the English insight page")
check("Pwy sydd wedi cwrdd" not in re_.text, "no Welsh in the English page")
shown_en = visible(re_.text)
check(len([f for f in english if f in shown_en]) >= 10,
      "the check can fail: the English page holds English catalogue sentences")

# The report: the programme's main language (cy) by default, --lang en.
out = os.path.join(srv.dir, "report.html")
run("--db", srv.db, "report", SLUG, "-o", out, "--every-round")
rep = open(out, encoding="utf-8").read()
check('<html lang="cy">' in rep, "the report in the programme's main language, Welsh")
no_english(rep, "the report")
svgs_in(rep, "cy", "the report")
check("adroddiad Treialon Coffi ar Hap" in rep and "Sut y caiff y ffigurau hyn eu llunio" in rep,
      "the report in Welsh words")
run("--db", srv.db, "report", SLUG, "-o", out, "--lang", "en")
rep = open(out, encoding="utf-8").read()
check('<html lang="en">' in rep and "How these figures are made" in rep, "--lang en: English")
r = subprocess.run([SERVE_BIN, "--db", srv.db, "report", SLUG, "--lang", "fr"],
                   capture_output=True, text=True)
check(r.returncode == 2 and "--lang" in r.stderr, "--lang fr: a usage error naming --lang")

# cuppa graph's pictures: the programme's main language, or --lang.
svg = os.path.join(srv.dir, "net.svg")
for extra in ([], ["--by", "organisation"]):
    run("--db", srv.db, "graph", SLUG, "-o", svg, *extra)
    pic = open(svg, encoding="utf-8").read()
    svgs_in(pic, "cy", "cuppa graph %s" % " ".join(extra))
    no_english(pic, "cuppa graph %s" % " ".join(extra))
run("--db", srv.db, "graph", SLUG, "-o", svg, "--lang", "en")
check("Who has met whom" in open(svg, encoding="utf-8").read(), "cuppa graph --lang en: English")

# Table cards and sheets.
ev = os.path.join(srv.dir, "room.csv")
with open(ev, "w") as f:
    f.write("id,name,organisation\n" + "".join("%d,Gwestai %d,Corff %d\n" % (i, i, i % 3)
                                              for i in range(9)))
cards = os.path.join(srv.dir, "cards.html")
run("event", "plan", "--people", ev, "--rounds", "3", "--seed", "4", "--cards", cards,
    "--lang", "cy")
html = open(cards, encoding="utf-8").read()
check('<html lang="cy">' in html and "Bwrdd 1" in html and "Pwy sy'n eistedd yma" in visible(html),
      "Welsh cards and sheets")
no_english(html, "the cards")
for w in ("Round", "Table", "Who sits here"):
    check(">%s<" % w not in html, "no English heading %r on a Welsh card" % w)
run("event", "plan", "--people", ev, "--rounds", "3", "--seed", "4", "--cards", cards,
    "--lang", "cy,en")
html = open(cards, encoding="utf-8").read()
check('Rownd / <span lang="en">Round</span>' in html and
      'Bwrdd 2 / <span lang="en">Table 2</span>' in html,
      "bilingual cards: Welsh first, the English marked lang=\"en\"")

srv.cleanup()
done()
