#!/usr/bin/python3
"""Bad schedule input on `programme add|set`: a clear message naming the
option, exit 2, and nothing changed; good input shows in `cuppa schedule`."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import Workdir, check, finish, run  # noqa: E402

NOW = "2026-12-01T12:00:00Z"


def main():
    wd = Workdir()
    try:
        run(wd, "init")
        run(wd, "programme", "add", "Leeds", "--monthly", "--start",
            "2027-01-04T09:30", "--skip", "2027-07-20..2027-08-31", now=NOW)
        before = run(wd, "programme", "list", "--json")[1]
        sched_before = run(wd, "schedule", "leeds", "--json", now=NOW)[1]
        bad = [
            (["--timezone", "Mars/Olympus_Mons"], "--timezone:", "not a known time zone"),
            (["--timezone", "../etc/passwd"], "--timezone:", "not a known time zone"),
            (["--start", "2027-01-29T09:00"], "--start:", "fifth Friday"),
            (["--start", "2027-02-30T09:00"], "--start:", "not a local date and time"),
            (["--start", "2027-01-04 09:00"], "--start:", "not a local date and time"),
            (["--skip", "2027-08-31..2027-08-01"], "--skip:", "ends before it starts"),
            (["--skip", "2027-07-01..2027-07-31", "--skip", "2027-07-20..2027-08-31"],
             "--skip:", "overlaps"),
            (["--skip", "July"], "--skip:", "not a window of dates"),
            (["--rounds", "0"], "--rounds:", "from 1 to 1000"),
            (["--rounds", "-3"], "--rounds:", "from 1 to 1000"),
            (["--review-days", "40"], "--review-days:", "from 0 to 27"),
            (["--review-days", "x"], "--review-days:", "not a number of days"),
            (["--review-only", "--auto-publish"], "--review-only:", "either"),
            (["--pause", "--resume"], "--pause:", "either"),
            (["--monthly", "--cadence-days", "14"], "--monthly:", "either"),
        ]
        for args, opt, words in bad:
            rc, _, err = run(wd, "programme", "set", "leeds", *args, now=NOW, check=False)
            check(rc == 2 and opt in err and words in err,
                  "set %s: exit 2 naming %s (%s)" % (" ".join(args), opt, err.strip()[:90]))
        rc, _, err = run(wd, "programme", "add", "Other", "--start", "2027-01-29T09:00",
                         "--monthly", now=NOW, check=False)
        check(rc == 2 and "--start:" in err, "add with a fifth weekday is refused")
        rc, _, err = run(wd, "programme", "add", "Other", "--rounds", "6", now=NOW,
                         check=False)
        check(rc == 2 and "--start:" in err, "a schedule without a start is refused")
        check(run(wd, "programme", "list", "--json")[1] == before,
              "nothing changed by the refused commands")
        check(run(wd, "schedule", "leeds", "--json", now=NOW)[1] == sched_before,
              "the schedule is unchanged")

        s = json.loads(sched_before)
        days = [r["publish_local"][:10] for r in s["next"]]
        check(days == ["2027-01-04", "2027-02-01", "2027-03-01", "2027-04-05",
                       "2027-05-03", "2027-06-07"], "first Mondays: %s" % days)
        check(s["next"][3]["publish_utc"] == "2027-04-05T08:30:00Z",
              "09:30 in April is 08:30 UTC (BST)")
        check(s["skips"] == [{"from": "2027-07-20", "to": "2027-08-31"}], "skip listed")
        run(wd, "programme", "set", "leeds", "--rounds", "8", "--review-days", "5", now=NOW)
        s = json.loads(run(wd, "schedule", "leeds", "--json", now=NOW)[1])
        after_june = [r["publish_local"][:10] for r in s["next"]]
        check(after_june[-1] == "2027-06-07" and s["rounds"] == 8 and
              s["next"][0]["draft_local"] == "2026-12-30T09:30",
              "review days move the draft: %s" % s["next"][0])
        run(wd, "programme", "set", "leeds", "--start", "2027-05-06T14:00", "--rounds", "8",
            now=NOW)
        s = json.loads(run(wd, "schedule", "leeds", "--json", now=NOW)[1])
        days = [r["publish_local"][:10] for r in s["next"]]
        check(days == ["2027-05-06", "2027-06-03", "2027-07-01", "2027-09-02",
                       "2027-10-07", "2027-11-04"], "first Thursdays, August skipped: %s" % days)
        out = run(wd, "schedule", "leeds", now=NOW)[1]
        check("skipped: 2027-07-20 to 2027-08-31" in out and "last run: never" in out,
              "schedule text lists skips and the last run")
        run(wd, "tick", now=NOW)
        out = run(wd, "schedule", "leeds", now=NOW)[1]
        check("last run: 2026-12-01T12:00:00Z, ok" in out, "the run is recorded")
        run(wd, "programme", "set", "leeds", "--start", "none", now=NOW)
        out = run(wd, "schedule", "leeds", now=NOW)[1]
        check("no schedule" in out, "--start none makes it manual again")

        # review-only: drafted and reminded daily, never published by itself;
        # --rounds 2 ends the cohort.
        run(wd, "programme", "add", "Cohort", "--start", "2027-03-01T10:00",
            "--cadence-days", "7", "--review-days", "2", "--review-only",
            "--rounds", "2", now=NOW)
        csv = wd.file("c.csv", "name,email,organisation\n" + "".join(
            "P%d,c%d@example.org,O%d\n" % (i, i, i) for i in range(4)))
        run(wd, "people", "import", "cohort", csv)

        def tick(now):
            out = json.loads(run(wd, "tick", "--json", now=now)[1])
            return [(x["programme"], x["step"], x["round"]) for x in out["steps"]]

        check(tick("2027-02-27T09:00:00Z") == [], "nothing before the draft time")
        check(tick("2027-02-27T10:00:00Z") == [("cohort", "draft", 1)], "draft formed")
        check(tick("2027-02-27T18:00:00Z") == [], "one reminder a day at most")
        check(tick("2027-02-28T10:00:00Z") == [("cohort", "remind", 1)], "reminded next day")
        check(tick("2027-03-02T10:00:00Z") == [("cohort", "remind", 1)],
              "past its date: reminded, not published")
        rd = json.loads(run(wd, "round", "show", "cohort", "1", "--json")[1])
        check(rd["state"] == "draft", "review-only never publishes by itself")
        run(wd, "round", "publish", "cohort", "1", now="2027-03-02T11:00:00Z")
        check(tick("2027-03-03T10:00:00Z") == [], "published by hand: the schedule moves on")
        check(tick("2027-03-06T10:00:00Z") == [("cohort", "draft", 2)],
              "round 2 drafted for 8 March")
        run(wd, "round", "publish", "cohort", "2", now="2027-03-08T10:00:00Z")
        check(tick("2027-03-13T10:00:00Z") == [] and
              json.loads(run(wd, "schedule", "cohort", "--json", now=NOW)[1])["finished"],
              "--rounds 2: finished after round 2")
        rc, _, err = run(wd, "round", "hold", "leeds", check=False)
        check(rc == 1 and "no schedule" in err, "hold on a manual programme is refused")
    finally:
        wd.close()
    finish()


main()
