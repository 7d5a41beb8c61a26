"""The autopilot year's programme, shared by 50-autopilot-year.py (SQLite)
and 51-autopilot-postgres.sh (imported, not run)."""
import datetime
import os

SLUG = "year-club"
TICK = "T09:40:00Z"   # the daily tick: after 09:30 London in winter and summer


OUTAGE = ("2027-09-28", "2027-10-14")   # no scheduler ran at all


def year_days(events):
    """Each day from 2026-12-28 to 2027-12-31 as "YYYY-MM-DD", after
    running that day's event (at 08:00Z), outage days left out."""
    day = datetime.date(2026, 12, 28)
    while day <= datetime.date(2027, 12, 31):
        iso = day.isoformat()
        day += datetime.timedelta(days=1)
        if iso in events:
            events[iso](iso + "T08:00:00Z")
        if not OUTAGE[0] <= iso <= OUTAGE[1]:
            yield iso


class YearClub:
    """A monthly programme (first Monday, 09:30 London, a summer skip,
    never two colleagues together), two organisers, and newcomers on
    demand from rotating organisations."""

    def __init__(self, c, d, extra=()):
        self.c = c
        self.n = 0
        c.run("init")
        c.run("programme", "add", "Year Club", "--avoid-same", "organisation",
              "--monthly", "--start", "2027-01-04T09:30",
              "--skip", "2027-07-20..2027-08-31", *extra, now="2026-12-20")
        pw = os.path.join(d, "pw")
        with open(pw, "w") as f:
            f.write("correct horse battery staple\n")
        for o in ("org1@example.org", "org2@example.org"):
            c.run("admin", "add", o, "--password-file", pw, "--programme", SLUG)

    def join(self, k, now):
        for _ in range(k):
            i = self.n
            self.n += 1
            self.c.run("people", "add", SLUG, "--name", "Person %d" % i, "--email",
                       "p%d@example.org" % i, "--organisation", "Org %d" % (i % 6),
                       now=now)
