#!/usr/bin/python3
"""Double opt-in end to end with `cuppa serve`: a web sign-up queues the
confirmation email (in the sign-up's transaction), its /confirm link
works, confirming queues the welcome, and the welcome's links work."""
import html
import http.cookiejar
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import (Cuppa, Smtp, check, free_port, text_part, tmpdir,
                      wait_port)

d = tmpdir()
smtp = Smtp(d).start()
port = free_port()
base = "http://127.0.0.1:%d" % port
c = Cuppa(d, smtp.port, CUPPA_BASE_URL=base)
c.run("init")
c.run("programme", "add", "Open Club")
c.start("serve", "--listen", "127.0.0.1:%d" % port, "--base-url", base,
        "--quiet")
wait_port(port)

jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def get(url):
    try:
        with web.open(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace"), r.geturl()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace"), url


def post_form(page_url, page, fields):
    """Submits the first form of page with its hidden fields plus fields."""
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>',
                     page, re.S)
    check(form, "no form on " + page_url)
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                           form.group(2)))
    data = {k: html.unescape(v) for k, v in data.items()}
    data.update(fields)
    url = urllib.parse.urljoin(page_url, html.unescape(form.group(1)))
    body = urllib.parse.urlencode(data).encode()
    try:
        with web.open(url, body, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


st, page, url = get(base + "/p/open-club")
check(st == 200, "sign-up page: %d" % st)
st, page = post_form(url, page, {"name": "Nia Newcomer",
                                 "email": "nia@example.org",
                                 "organisation": "Town Council",
                                 "consent": "yes"})
check(st == 200, "sign-up POST: %d %s" % (st, page[:300]))
row = c.sql("SELECT status FROM person WHERE email = 'nia@example.org'")
check(row and row[0][0] == "pending", "after sign-up: %r" % row)

c.run("mail", "run", "--once")
msgs = [m for m in smtp.messages() if m["X-RcptTo"] == "nia@example.org"]
check([m["X-Cuppa-Kind"] for m in msgs] == ["confirm"],
      "expected one confirmation, got %r" % [m["X-Cuppa-Kind"] for m in msgs])
link = re.search(r"(http://\S+/confirm/[A-Za-z0-9_-]+)", text_part(msgs[0]))
check(link, "no confirm link")
st, page, url = get(link.group(1))
check(st == 200, "GET confirm link: %d" % st)
if re.search(r'<form method="post" action="/confirm/', page):
    st, page = post_form(url, page, {})
    check(st == 200, "confirm POST: %d" % st)
row = c.sql("SELECT status FROM person WHERE email = 'nia@example.org'")
check(row[0][0] == "active", "after confirming: %r" % row)

c.run("mail", "run", "--once")
msgs = [m for m in smtp.messages() if m["X-RcptTo"] == "nia@example.org"]
kinds = sorted(m["X-Cuppa-Kind"] for m in msgs)
check(kinds == ["confirm", "welcome"], "after confirming: %r" % kinds)
welcome = [m for m in msgs if m["X-Cuppa-Kind"] == "welcome"][0]
me = re.search(r"(http://\S+/me/[A-Za-z0-9_-]+)", text_part(welcome))
check(me and get(me.group(1))[0] == 200, "the welcome's /me link")
check("every month" in text_part(welcome), "cadence wording in the welcome")
print("sign-up -> confirmation -> /confirm -> welcome -> /me all work")
