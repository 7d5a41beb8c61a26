#!/usr/bin/python3
"""A programme's schedule on the dashboard and in the API: the settings
form (bad input refused naming the field, nothing changed), the next
rounds on the programme page, the home page's next step, serve's
scheduler thread forming the draft and publishing it when their time has
come (the clock is a file, CUPPA_NOW_FILE), an organiser's swap in the
draft kept while a newcomer and a leaver are taken into account, hold /
release / skip, and the sign-up page's next round."""
import sys
import time
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import os
from cuppahttp import Server, check, done, SLUG

import tempfile
clock = os.path.join(tempfile.mkdtemp(prefix="cuppa-clock-"), "now")


def set_now(instant):
    with open(clock + ".tmp", "w") as f:
        f.write(instant + "\n")
    os.replace(clock + ".tmp", clock)


set_now("2026-12-01T10:00:00Z")
srv = Server(env={"CUPPA_NOW_FILE": clock, "CUPPA_TICK_MS": "100"})
csv = os.path.join(srv.dir, "people.csv")
with open(csv, "w") as f:
    f.write("name,email,organisation\n")
    for i in range(8):
        f.write("Person %d,p%d@example.org,Org %d\n" % (i, i, i % 4))
srv.cli("people", "import", SLUG, csv)
a = srv.client()
a.login()
base = "/admin/programmes/" + SLUG
tok = a.csrf(base)
form = {"csrf": tok, "start": "2027-01-04T09:30", "timezone": "Europe/London",
        "cadence": "monthly", "review_days": "3", "publish": "auto",
        "skips": "2027-07-20..2027-08-31\r\n", "rounds": ""}

before = srv.api("GET", "/api/v1/programmes/%s/schedule" % SLUG).json
check(before["scheduled"] is False, "manual before: %s" % before)
for field, value, words in [("start", "2027-01-29T09:30", "fifth Friday"),
                            ("timezone", "Nowhere/Land", "not a known time zone"),
                            ("skips", "2027-08-31..2027-08-01", "ends before it starts"),
                            ("rounds", "0", "from 1 to 1000")]:
    r = a.post(base + "/schedule", dict(form, **{field: value}))
    check(r.status == 400 and words in r.text, "form %s=%s refused (%d)" % (field, value, r.status))
check(srv.api("GET", "/api/v1/programmes/%s/schedule" % SLUG).json == before,
      "nothing changed by the refused forms")

r = a.post(base + "/schedule", form)
check(r.status == 303, "schedule saved (%d)" % r.status)
r = a.get(base)
check("Monday 4 January 2027 at 09:30" in r.text and "Monday 1 February 2027 at 09:30"
      in r.text, "programme page lists the next rounds")
check("No rounds from Tuesday 20 July 2027 to Tuesday 31 August 2027" in r.text,
      "the holiday is shown")



def wait_round(state):
    end = time.time() + 20
    while time.time() < end:
        r = srv.api("GET", "/api/v1/programmes/%s/rounds/1" % SLUG)
        if r.status == 200 and r.json["state"] == state:
            return r.json
        time.sleep(0.1)
    check(False, "round 1 became %s" % state)
    done()


# serve's scheduler thread forms round 1's draft (due 1 January 09:30)
set_now("2027-01-02T10:00:00Z")
draft = wait_round("draft")
a.login()   # the session's age follows the clock too
tok = a.csrf(base)
s = srv.api("GET", "/api/v1/programmes/%s/schedule" % SLUG).json
check(s["last_run"]["result"] == "ok" and s["next"][0]["publish_utc"] == "2027-01-04T09:30:00Z",
      "API: schedule and last run: %s" % s["last_run"])
r = a.get("/admin")
check("Round 1 of Public Sector Coffee is a draft: review it; it is published automatically"
      " on Monday 4 January 2027 at 09:30" in r.text, "home: the scheduled next step")
check(s["next"][1]["publish_utc"] == "2027-02-01T09:30:00Z", "then February")

# The organiser swaps two people; then someone joins and someone leaves.
ids = {p["email"]: p["id"] for p in
       srv.api("GET", "/api/v1/programmes/%s/people" % SLUG).json["people"]}


def emails(rd):
    return [sorted(m["email"] for m in grp["members"]) for grp in rd["groups"]]


g = emails(draft)
r = srv.api("POST", "/api/v1/programmes/%s/rounds/1/swap" % SLUG,
            {"a": ids[g[0][0]], "b": ids[g[1][0]]})
check(r.status == 200, "swap in the draft (%d %s)" % (r.status, r.text[:200]))
swapped = [grp for grp in emails(r.json) if grp not in g]
check(len(swapped) == 2, "two groups changed by the swap")
leaver, partner = g[2][0], g[2][1]
srv.cli("people", "set", SLUG, leaver, "--status", "left")
srv.cli("people", "add", SLUG, "--name", "New Person", "--email", "new@example.org",
        "--organisation", "Org 9")
set_now("2027-01-04T09:31:00Z")
pub = wait_round("published")
a.login()
tok = a.csrf(base)
groups = emails(pub)
check(all(x in groups for x in swapped), "the organiser's swap is kept: %s" % groups)
members = {m for grp in groups for m in grp}
check("new@example.org" in members and partner in members and leaver not in members,
      "newcomer placed, leaver's partner re-placed, leaver out: %s" % groups)
page = a.get(base + "/rounds/1").text
check("Changed when it was published" in page and "joined after the draft" in page,
      "the round page shows what changed")

r = a.post(base + "/schedule/hold", {"csrf": tok})
check(r.status == 303, "hold")
check("is held" in a.get("/admin").text, "home says the round is held")
check(srv.api("GET", "/api/v1/programmes/%s/schedule" % SLUG).json["held"] is True, "API: held")
r = srv.api("POST", "/api/v1/programmes/%s/schedule/release" % SLUG)
check(r.status == 200 and r.json["held"] is False, "API: release")
r = srv.api("POST", "/api/v1/programmes/%s/schedule" % SLUG,
            {"rounds": 6, "review_days": 5})
check(r.status == 200 and r.json["rounds"] == 6 and r.json["review_days"] == 5,
      "API: set rounds and review days")
r = srv.api("POST", "/api/v1/programmes/%s/schedule" % SLUG, {"skips": ["2027-08-01..2027-07-01"]})
check(r.status == 400 and "skip" in r.text, "API: a reversed skip is refused naming it")
r = srv.api("POST", "/api/v1/programmes/%s/schedule/skip" % SLUG)
check(r.status == 200 and r.json["next"][0]["round"] == 2 and
      r.json["next"][0]["publish_utc"] == "2027-03-01T09:30:00Z",
      "skip: round 2 moves to March: %s" % r.json["next"][0])
r = srv.client().get("/p/" + SLUG)
check("The next round starts on Monday 1 March 2027 at 09:30 (Europe/London)" in r.text,
      "sign-up page says when the next round is")
srv.cleanup()
done()
