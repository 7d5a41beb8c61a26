#!/usr/bin/python3
"""Evaluation survey end to end (issue 11): a programme where some people
met and some never took part; `survey send` queues one email each through
a real SMTP server; each side opens its signed /s/ link on `cuppa serve`
(sanitizer build) and sees its own questions; bad answers are refused
and change nothing; answers can change until close; one reminder a week
later goes only to those who have not answered; results split by side,
quotes only with consent, in `survey results`, the CSV and `cuppa report`,
never unescaped; after close the link refuses."""
import datetime
import html
import http.cookiejar
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, fail, free_port, people_csv,
                      text_part, tmpdir, wait_port, wait_until)

d = tmpdir()
smtp = Smtp(d).start()
port = free_port()
base = "http://127.0.0.1:%d" % port
c = Cuppa(d, smtp.port, san=True, CUPPA_BASE_URL=base)
c.run("init")
slug = c.run("programme", "add", "Survey Club").stdout.split()[1]
csv = os.path.join(d, "people.csv")
people_csv(csv, 6)
c.run("people", "import", slug, csv)
c.run("round", "new", slug, "--seed", "7")
c.run("round", "publish", slug, "1")
groups = json.loads(c.run("round", "show", slug, "1", "--json").stdout)["groups"]
check(len(groups) == 3, "three pairs: %r" % groups)
met, missed, silent = groups[0]["members"], groups[1]["members"], groups[2]["members"]
c.run("outcome", slug, "1", met[0], "met", "--rating", "4")
c.run("outcome", slug, "1", missed[0], "missed")
c.run("people", "set", slug, silent[0], "--status", "paused", "--until", "2099-01-01")
c.run("people", "set", slug, silent[1], "--status", "left")

title = "How was it? <i>honestly</i>"
num = c.run("survey", "add", slug, "--title", title).stdout.strip()
check(num == "1", "survey add prints its number: %r" % num)
bad = c.run("survey", "add", slug, "--title", "  ", check_rc=False)
check(bad.returncode == 2 and "title" in bad.stderr, "empty title refused")
bad = c.run("survey", "add", slug, "--title", "x" * 300, check_rc=False)
check(bad.returncode == 2 and "title" in bad.stderr, "long title refused")
check(c.sql("SELECT COUNT(*) FROM survey")[0][0] == 1, "refused adds changed nothing")
out = c.run("survey", "send", slug, "1").stdout
check("5 people asked" in out, "everyone but the one who left: %r" % out)
out = c.run("survey", "send", slug, "1").stdout
check("0 people asked" in out, "sending again asks nobody twice: %r" % out)
out = c.run("survey", "send", slug, "1", "--include-left").stdout
check("1 person asked" in out, "--include-left adds the one who left: %r" % out)
out = c.run("survey", "send", slug, "1", "--include-left").stdout
check("0 people asked" in out, "people who left are asked at most once: %r" % out)

c.start("serve", "--listen", "127.0.0.1:%d" % port, "--base-url", base, "--quiet")
wait_port(port)
c.run("mail", "run", "--once")


def kind(k):
    return [m for m in smtp.messages() if m["X-Cuppa-Kind"] == k]


# `serve` runs a mail worker too: wait for whichever sends them
wait_until(lambda: len(kind("survey")) >= 6, 30, "six survey emails")
mails = kind("survey")
check(len(mails) == 6, "six survey emails: %d" % len(mails))
links = {}
for m in mails:
    t = text_part(m)
    ln = re.search(r"(http://\S+/s/[A-Za-z0-9_-]+)", t)
    check(ln, "survey link in the email")
    links[m["X-RcptTo"]] = ln.group(1)
    check(title in m["Subject"], "the subject names the survey")
    for part in m.walk():
        if part.get_content_type() == "text/html":
            body = part.get_content()
            check("<i>honestly</i>" not in body and "&lt;i&gt;" in body,
                  "survey title escaped in the HTML email: " + body[:2000])

jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(url):
    try:
        with web.open(url, timeout=20) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def post(url, pairs, csrf=True):
    if csrf:
        st, page = get(url)
        tok = re.search(r'name="csrf" value="([^"]*)"', page)
        if not tok:
            return st, page
        pairs = [("csrf", html.unescape(tok.group(1)))] + list(pairs)
    body = urllib.parse.urlencode(pairs).encode()
    try:
        with web.open(url, body, timeout=20) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def qids(page):
    """question text -> id, for the questions shown on a page."""
    out = {}
    for m in re.finditer(r'<legend>\d+\. (.*?)(?: <span|</legend>).*?name="q(\d+)"', page, re.S):
        out[html.unescape(m.group(1))] = m.group(2)
    for m in re.finditer(r'<label for="q(\d+)">\d+\. (.*?)</label>', page):
        out[html.unescape(m.group(2))] = m.group(1)
    return out


def answers():
    return c.sql("SELECT person_id, question_id, value FROM survey_answer ORDER BY 1, 2, 3")


took, did = links[met[0]], links[missed[0]]
st, page = get(took)
check(st == 200, "survey page opens: %d" % st)
check("&lt;i&gt;honestly&lt;/i&gt;" in page and "<i>honestly" not in page,
      "survey title escaped on the page")
tq = qids(page)
check("What did you get out of your conversations?" in tq and
      "What kept you from taking part?" not in tq,
      "who took part gets their questions: %r" % list(tq))
st, page = get(did)
dq = qids(page)
check("What kept you from taking part?" in dq and
      "What did you get out of your conversations?" not in dq,
      "who did not take part gets theirs: %r" % list(dq))
check('name="viewport"' in page or "viewport" in page, "phone-friendly viewport")

GOT = tq["What did you get out of your conversations?"]
USE = tq["Overall, how useful was taking part? (1 = not at all, 5 = very)"]
ONE = tq["What is one thing that came out of a conversation?"]
KEPT = dq["What kept you from taking part?"]
EASY = dq["What would make it easier for you to take part?"]
ELSE = dq["Anything else you would like to tell us?"]
XSS = "<script>alert(1)</script> & 'quotes'"
st, page = post(took, [("q" + GOT, "1"), ("q" + GOT, "3"), ("q" + USE, "4"),
                       ("q" + ONE, XSS), ("quote", "anonymous")])
check(st == 200 and "answers are saved" in page, "took-part answers saved: %d" % st)
check("<script>alert" not in page, "answer escaped when shown back")
st, page = post(links[met[1]], [("q" + USE, "5"), ("q" + ONE, "=HYPERLINK(\"http://x\")"),
                                ("quote", "named")])
check(st == 200, "second took-part answer: %d" % st)
st, page = post(did, [("q" + KEPT, "1"), ("q" + KEPT, "3"),
                      ("q" + EASY, "More <b>time</b> please"), ("quote", "named")])
check(st == 200, "did-not answers saved: %d" % st)

before = answers()
bad_cases = [
    ("a question that does not exist", [("q99999", "1")]),
    ("a question of the other side", [("q" + GOT, "1")]),
    ("a scale point out of range", [("q" + ELSE, "x"), ("q" + KEPT, "9")]),
    ("an option that does not exist", [("q" + KEPT, "7")]),
    ("the same option twice", [("q" + KEPT, "2"), ("q" + KEPT, "2")]),
    ("100 KB of text", [("q" + EASY, "x" * 100000)]),
    ("a bad quote choice", [("quote", "<b>everyone</b>")]),
    ("a malformed question field", [("qx1", "1")]),
]
for what, pairs in bad_cases:
    st, page = post(did, pairs)
    check(st == 400, "%s: refused with 400 (got %d)" % (what, st))
    check('role="alert"' in page and "Nothing was saved" in page,
          "%s: a clear message" % what)
    check("<b>everyone" not in page, "%s: nothing unescaped" % what)
    check(answers() == before, "%s: nothing changed" % what)
st, _ = post(did, [("q" + KEPT, "2")], csrf=False)
check(st == 403, "no CSRF token: 403 (got %d)" % st)
check(answers() == before, "without CSRF nothing changed")
st, _ = get(took.replace("/s/", "/s/x"))
check(st == 400, "a tampered link is refused: %d" % st)

# one answer per person, changeable: the first changes the scale to 5
st, page = post(took, [("q" + GOT, "1"), ("q" + USE, "5"), ("q" + ONE, XSS),
                       ("quote", "anonymous")])
check(st == 200, "answer changed")
check(c.sql("SELECT COUNT(*) FROM survey_response")[0][0] == 3, "still one response each")

# a week later: one reminder, only to those who have not answered
later = (datetime.date.today() + datetime.timedelta(days=8)).isoformat()
c.run("mail", "run", "--once", now=later)
c.run("mail", "run", "--once", now=later)
wait_until(lambda: c.sql("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'survey-reminder'"
                         " AND state = 'queued'")[0][0] == 0, 30, "reminders sent")
rem = sorted(m["X-RcptTo"] for m in kind("survey-reminder"))
answered = {met[0], met[1], missed[0]}
check(len(rem) == 3 and not answered & set(rem),
      "one reminder each to the three who had not answered: %r" % rem)

res = json.loads(c.run("survey", "results", slug, "1", "--json").stdout)
check(res["asked"] == {"took_part": 2, "did_not": 4}, "asked by side: %r" % res["asked"])
check(res["responded"] == {"took_part": 2, "did_not": 1}, "answered: %r" % res["responded"])
byq = {q["text"]: q for q in res["questions"]}
use = {o["option"]: o for o in byq["Overall, how useful was taking part? (1 = not at all, 5 = very)"]["counts"]}
check(use["5"]["took_part"] == 2 and use["4"]["took_part"] == 0,
      "changed answers counted once: %r" % use)
kept = {o["option"]: o for o in byq["What kept you from taking part?"]["counts"]}
check(kept["I did not have time"]["did_not"] == 1 and
      kept["I did not have time"]["took_part"] == 0, "split by side: %r" % kept)
quotes = byq["What is one thing that came out of a conversation?"]["quotes"]
check(any(q["text"] == XSS and q["by"] == "" for q in quotes),
      "anonymous quote without a name: %r" % quotes)
check(any(q["by"].startswith("Person ") for q in quotes), "named quote with its name")
easy = byq["What would make it easier for you to take part?"]["quotes"]
check(len(easy) == 1 and easy[0]["side"] == "did-not", "did-not quote: %r" % easy)

text = c.run("survey", "results", slug, "1").stdout
check("took part" in text and "did not" in text, "text results")
csvout = c.run("survey", "results", slug, "1", "--csv").stdout
check(csvout.startswith("respondent,side,question"), "CSV header")
check("'=HYPERLINK" in csvout, "CSV guards against formulas")
check("Person " not in csvout and "@example.org" not in csvout,
      "CSV has no names or emails")
bad = c.run("survey", "results", slug, "1", "--json", "--csv", check_rc=False)
check(bad.returncode == 2, "--json with --csv is a usage error")
bad = c.run("survey", "results", slug, "9", check_rc=False)
check(bad.returncode == 1 and "no survey 9" in bad.stderr, "unknown survey: %r" % bad.stderr)

rep = os.path.join(d, "report.html")
c.run("report", slug, "-o", rep)
r = open(rep).read()
check("What people said" in r and "What kept you from taking part?" in r,
      "the report has the survey section")
check("&lt;script&gt;alert(1)&lt;/script&gt;" in r and "<script>alert" not in r,
      "quotes escaped in the report")
check("More &lt;b&gt;time&lt;/b&gt; please" in r, "did-not quote in the report")
stats = json.loads(c.run("stats", slug, "--json").stdout)
check(stats["ratings"]["count"] == 1 and stats["ratings"]["mean"] == 4.0 and
      stats["ratings"]["distribution"]["4"] == 1, "stats ratings: %r" % stats["ratings"])
check("what_came_of_it" in stats, "stats has what_came_of_it")

c.run("survey", "close", slug, "1")
before = answers()
st, page = get(took)
check(st == 410 and "closed" in page, "a closed survey's link says so: %d" % st)
st, page = post(took, [("q" + USE, "1")], csrf=False)
check(st in (403, 410), "a closed survey refuses answers: %d" % st)
check(answers() == before, "after close nothing changes")
bad = c.run("survey", "send", slug, "1", check_rc=False)
check(bad.returncode == 1 and "closed" in bad.stderr, "a closed survey cannot be sent")
bad = c.run("survey", "close", slug, "1", check_rc=False)
check(bad.returncode == 1, "closing twice is refused")
print("survey: sent, answered by both sides, refused bad input, reminded, reported, closed")
import glob
for log in glob.glob(os.path.join(d, "worker-*.log")):
    t = open(log).read()
    check("Sanitizer" not in t and "runtime error" not in t,
          "no sanitizer report from serve: " + t[-2000:])
