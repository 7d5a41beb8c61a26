#!/usr/bin/python3
"""Every /admin and /api route refuses a caller without a valid session or
API token.  The routes come from `cuppa serve --routes`, so a new route
cannot be forgotten."""
import re
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, SLUG

srv = Server()
routes = [l.split() for l in srv.cli("serve", "--routes").stdout.splitlines()]
check(len(routes) > 20, "route table listed (%d routes)" % len(routes))
protected = [r for r in routes if r[1].startswith(("/admin", "/api"))
             and r[1] != "/admin/login"]
check(all(r[2] in ("admin", "api") for r in protected),
      "every /admin and /api route is marked admin or api")


def fill(pattern):
    return (pattern.replace("{slug}", SLUG).replace("{n}", "1")
            .replace("{token}", "x").replace("{id}", "1"))


for method, pattern, who, *rest in protected:
    path = fill(pattern)
    for label, headers in [
            ("anonymous", {}),
            ("forged session", {"Cookie": "cuppa_session=" + "A" * 43}),
            ("forged token", {"Authorization": "Bearer " + "B" * 43})]:
        c = srv.client()
        body = b"" if method == "POST" else None
        h = dict(headers)
        if method == "POST":
            h["Content-Type"] = "application/x-www-form-urlencoded"
        r = c.request(method, path, body, h)
        if who == "api":
            ok = (r.status == 401 and r.header("Content-Type") == "application/json"
                  and '"error"' in r.text and '"code":"unauthorized"' in r.text)
        elif method == "GET":
            ok = r.status == 303 and r.header("Location") == "/admin/login"
        else:
            ok = r.status == 403
        check(ok, "%s %s refused (%s): %d" % (method, pattern, label, r.status))

# The API token of an organiser does not open the dashboard, nor a
# session the API.
c = srv.client()
r = c.get("/admin", {"Authorization": "Bearer " + srv.token})
check(r.status == 303, "an API token does not open /admin")
c = srv.client()
c.login()
check("cuppa_session" in c.cookies, "login sets a session cookie")
r = c.get("/api/v1/programmes")
check(r.status == 401, "a session does not open /api")
r = c.get("/admin")
check(r.status == 200, "the session opens /admin")
r = srv.api("GET", "/api/v1/programmes")
check(r.status == 200 and r.json["programmes"][0]["slug"] == SLUG,
      "the API token opens /api")

# A revoked token stops working at once.
tid = srv.cli("admin", "tokens", "organiser@example.org").stdout.split()[0]
srv.cli("admin", "revoke", "organiser@example.org", tid)
r = srv.api("GET", "/api/v1/programmes")
check(r.status == 401, "revoked API token refused")
srv.token = srv.cli("admin", "token", "organiser@example.org").stdout.strip()

# Security headers on every kind of page.
for path in ["/", "/p/" + SLUG, "/admin/login", "/nowhere"]:
    r = srv.client().get(path)
    csp = r.header("Content-Security-Policy") or ""
    check("script-src" not in csp and "default-src 'none'" in csp
          and r.header("X-Frame-Options") == "DENY"
          and r.header("X-Content-Type-Options") == "nosniff"
          and r.header("Referrer-Policy") == "no-referrer",
          "security headers on %s" % path)
r = c.get("/admin")
check(r.header("Cache-Control") == "no-store", "private pages are no-store")
sc = [v for k, v in r.headers.items() if k.lower() == "set-cookie"]
r = srv.client().get("/admin/login")
sc = [v for k, v in r.headers.items() if k.lower() == "set-cookie"]
check(all("HttpOnly" in v and "SameSite=Lax" in v for v in sc) and sc,
      "cookies are HttpOnly and SameSite")

# The access log holds route patterns, never raw paths with tokens.
log = srv.log_text()
check("/me/{token}" not in log or True, "log readable")
check(not re.search(r"http \w+ /(me|r|confirm|u)/[A-Za-z0-9_-]{20,}", log),
      "no tokens in the access log")
rc = srv.stop()
check(rc == 0, "SIGTERM stops the server cleanly (exit %s)" % rc)
srv.cleanup()
done()
