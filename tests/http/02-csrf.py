#!/usr/bin/python3
"""A POST without a valid CSRF token gets 403 and changes nothing: the
public sign-up form, the login form, link pages and the dashboard."""
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done, signup, people, SLUG, ORGANISER, PASSWORD

srv = Server()
c = srv.client()
form = {"name": "Eve", "email": "eve@example.org", "organisation": "X",
        "consent": "yes"}

# Sign-up: no token, a wrong token, a token from another visitor.
c.get("/p/" + SLUG)
r = c.post("/p/" + SLUG, form)
check(r.status == 403, "sign-up without csrf: 403")
r = c.post("/p/" + SLUG, dict(form, csrf="x" * 43))
check(r.status == 403, "sign-up with a forged csrf: 403")
other = srv.client()
tok = other.csrf("/p/" + SLUG)
r = c.post("/p/" + SLUG, dict(form, csrf=tok))
check(r.status == 403, "sign-up with another visitor's csrf: 403")
fresh = srv.client()
r = fresh.post("/p/" + SLUG, dict(form, csrf=tok))
check(r.status == 403, "sign-up with a token but no cookie: 403")
check(people(srv) == [], "nobody was signed up")

# Login form.
d = srv.client()
d.get("/admin/login")
r = d.post("/admin/login", {"email": ORGANISER, "password": PASSWORD})
check(r.status == 403 and "cuppa_session" not in d.cookies,
      "login without csrf: 403, no session")

# Dashboard: logged in, but no or wrong token.
a = srv.client()
a.login()
check("cuppa_session" in a.cookies, "organiser logged in")
n_before = len(srv.api("GET", "/api/v1/programmes").json["programmes"])
r = a.post("/admin/programmes", {"name": "Sneaky"})
check(r.status == 403, "create programme without csrf: 403")
r = a.post("/admin/programmes", {"name": "Sneaky", "csrf": tok})
check(r.status == 403, "create programme with a visitor's csrf: 403")
r = a.post("/admin/logout", {})
check(r.status == 403, "logout without csrf: 403")
n_after = len(srv.api("GET", "/api/v1/programmes").json["programmes"])
check(n_before == n_after, "no programme was created")
r = a.get("/admin")
check(r.status == 200, "session still valid after the refused logout")

# A real token works (the control case).
tok = a.csrf("/admin")
r = a.post("/admin/programmes", {"name": "Allowed", "csrf": tok})
check(r.status == 303, "create programme with its csrf: 303")

# A new password ends the sessions opened with the old one.
srv.cli("admin", "add", "organiser@example.org", "--password-file", srv.dir + "/pw")
r = a.get("/admin")
check(r.status == 303, "password reset ends existing sessions")

# Link pages: a signed-up person's confirm link.
p = srv.client()
r, confirm = signup(srv, p)
check(r.status == 200 and confirm, "signed up, got a confirm link")
q = srv.client()
q.get(confirm)
r = q.post(confirm, {})
check(r.status == 403, "confirm without csrf: 403")
check(people(srv)[0]["status"] == "pending", "still pending")
r = q.post(confirm, {"csrf": q.csrf(confirm)})
check(r.status == 303, "confirm with csrf: 303")
check(people(srv)[0]["status"] == "active", "now active")
srv.cleanup()
done()
