#!/usr/bin/python3
"""The JSON API end to end: programmes, people, rounds (generate, swap,
move, publish), outcomes; every error in the one documented shape."""
import sys
sys.dont_write_bytecode = True  # no __pycache__ in the checkout
from cuppahttp import Server, check, done

srv = Server()
api = srv.api


def err_shape(r):
    return (r.json is not None and set(r.json) == {"error"}
            and set(r.json["error"]) == {"code", "message", "field"})


r = api("POST", "/api/v1/programmes", {"name": "API Coffee", "group_size": 2})
check(r.status == 201 and r.json["slug"] == "api-coffee", "programme created")
r = api("POST", "/api/v1/programmes", {"name": "API Coffee"})
check(r.status == 409 and err_shape(r) and r.json["error"]["code"] == "conflict",
      "duplicate programme: 409")
r = api("POST", "/api/v1/programmes", {"cadence_days": 7})
check(r.status == 400 and err_shape(r), "missing name: 400")
r = api("POST", "/api/v1/programmes", {"name": "Y", "group_size": 5})
check(r.status == 400 and r.json["error"]["field"] == "group_size", "bad group size names the field")
# The weave goal: on by default for a new programme, settable at creation.
r = api("GET", "/api/v1/programmes/api-coffee")
check(r.json["weights"]["new_connection"] == 100, "new programme weaves by default")
r = api("POST", "/api/v1/programmes", {"name": "No Weave", "weights": {"new_connection": 0,
                                                                      "new_sector_connection": 7}})
check(r.status == 201 and r.json["weights"]["new_connection"] == 0
      and r.json["weights"]["new_sector_connection"] == 7, "weights set at creation")
r = api("POST", "/api/v1/programmes", {"name": "Bad Weave", "weights": {"bogus": 1}})
check(r.status == 400 and err_shape(r) and r.json["error"]["field"] == "weights",
      "unknown weight refused")
r = api("POST", "/api/v1/programmes", {"name": "Bad Weave", "weights": {"noise": "x"}})
check(r.status == 400 and r.json["error"]["field"] == "weights.noise", "non-integer weight names it")
P = "/api/v1/programmes/api-coffee"
for i in range(6):
    r = api("POST", P + "/people", {"name": "P%d" % i, "email": "P%d@Example.org" % i,
                                    "organisation": "Org %d" % (i % 3), "sector": "S%d" % (i % 2)})
    check(r.status == 201 and r.json["email"] == "p%d@example.org" % i, "person %d added" % i)
r = api("POST", P + "/people", {"name": "P0 again", "email": "p0@example.org", "organisation": "Org 0"})
check(r.status == 200 and r.json["name"] == "P0 again", "same email updates (200)")
r = api("GET", P + "/people?status=active")
check(r.status == 200 and len(r.json["people"]) == 6, "6 active people")
r = api("GET", P + "/people?status=bogus")
check(r.status == 400 and r.json["error"]["field"] == "status", "bad status filter")

r = api("POST", P + "/rounds", {"seed": 42})
check(r.status == 201 and r.json["state"] == "draft" and r.json["seed"] == 42, "draft round")
r2 = api("POST", P + "/rounds", {"seed": 42})
check([g["members"] for g in r2.json["groups"]] == [g["members"] for g in r.json["groups"]],
      "the same seed gives the same groups")
groups = r.json["groups"]
a = groups[0]["members"][0]["person_id"]
b = groups[1]["members"][0]["person_id"]
r = api("POST", P + "/rounds/1/swap", {"a": a, "b": b})
check(r.status == 200 and b in [m["person_id"] for m in r.json["groups"][0]["members"]],
      "swap via the API")
swapped = r.json
r = api("POST", P + "/rounds/1/swap", {"a": a})
check(r.status == 400 and r.json["error"]["field"] == "b", "swap without b: 400 naming b")
r = api("POST", P + "/rounds/1/move", {"person": a, "group": 1 if a not in [m["person_id"] for m in swapped["groups"][0]["members"]] else 2})
check(r.status == 409 and err_shape(r), "move breaking a pair: 409")
r = api("POST", P + "/rounds/1/outcomes", {"email": "p0@example.org", "outcome": "met"})
check(r.status == 409, "no outcome for a draft round")
r = api("POST", P + "/rounds/1/publish")
check(r.status == 200 and r.json["state"] == "published", "published")
r = api("POST", P + "/rounds/1/publish")
check(r.status == 409 and err_shape(r), "publishing twice: 409")
r = api("POST", P + "/rounds/1/swap", {"a": a, "b": b})
check(r.status == 409, "published round cannot be swapped")
r = api("POST", P + "/rounds/1/outcomes", {"email": "p0@example.org", "outcome": "met",
                                           "rating": 4, "comment": "good"})
check(r.status == 200, "outcome recorded")
m = [m for g in r.json["groups"] for m in g["members"] if m["email"] == "p0@example.org"][0]
check(m["outcome"] == "met" and m["rating"] == 4 and m["comment"] == "good", "outcome in the round")
r = api("POST", P + "/rounds/1/outcomes", {"email": "p0@example.org", "outcome": "maybe"})
check(r.status == 400 and r.json["error"]["field"] == "outcome", "bad outcome names the field")
r = api("POST", P + "/rounds/1/outcomes", {"email": "nobody@example.org", "outcome": "met"})
check(r.status in (400, 404) and err_shape(r), "unknown person: %d" % r.status)
r = api("GET", P + "/rounds")
check(r.status == 200 and [x["number"] for x in r.json["rounds"]] == [1], "rounds list")
r = api("GET", P + "/rounds/9")
check(r.status == 404 and err_shape(r), "missing round: 404")
r = api("GET", "/api/v1/programmes")
check(any(p["slug"] == "api-coffee" for p in r.json["programmes"]), "programme listed")
r = api("DELETE", P)
check(r.status == 405 and err_shape(r), "DELETE: 405 in the error shape")
srv.cleanup()
done()
