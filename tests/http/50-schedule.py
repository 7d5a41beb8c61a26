#!/usr/bin/python3
"""A programme's schedule on the dashboard and in the API: the settings
form (bad input refused naming the field, nothing changed), the next
rounds on the programme page, the home page's next step, hold / release /
skip, the sign-up page's next round, and serve's scheduler thread forming
the draft when its time has come."""
import sys
import time
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
import os
from cuppahttp import Server, check, done, SLUG

NOW = "2027-01-02T10:00:00Z"   # round 1's draft (1 Jan) is due
srv = Server(env={"CUPPA_NOW": NOW, "CUPPA_TICK_MS": "100"})
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

# serve's scheduler thread forms round 1's draft (due 1 January 09:30)
end = time.time() + 20
while time.time() < end:
    rounds = srv.api("GET", "/api/v1/programmes/%s/rounds" % SLUG).json
    if rounds and any(x.get("state") == "draft" for x in (rounds if isinstance(rounds, list)
                                                         else rounds.get("rounds", []))):
        break
    time.sleep(0.2)
else:
    check(False, "the scheduler thread formed the draft: %s" % rounds)
s = srv.api("GET", "/api/v1/programmes/%s/schedule" % SLUG).json
check(s["last_run"]["result"] == "ok" and s["next"][0]["publish_utc"] == "2027-01-04T09:30:00Z",
      "API: schedule and last run: %s" % s["last_run"])
r = a.get("/admin")
check("Round 1 of Public Sector Coffee is a draft: review it; it is published automatically"
      " on Monday 4 January 2027 at 09:30" in r.text, "home: the scheduled next step")

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
check(r.status == 200 and r.json["next"][0]["publish_utc"] == "2027-02-01T09:30:00Z",
      "skip: round 1 moves to February: %s" % r.json["next"][0])
r = srv.client().get("/p/" + SLUG)
check("The next round starts on Monday 1 February 2027 at 09:30 (Europe/London)" in r.text,
      "sign-up page says when the next round is")
srv.cleanup()
done()
