"""Driven by 32-keys-postgres.sh (not executable itself).

On PostgreSQL the keys of `member` and `mail_outbox` are checked once per
statement by triggers (migrations 610 and 611, docs/postgres.md "Keys
checked per statement"), not by per-row foreign keys; SQLite keeps its
foreign keys.  Both must mean the same: a row naming a missing person,
group, programme or organiser is refused (alone or inside a batch), and
deleting a draft round, a person, an organiser or a programme takes
their members and messages with it, or is refused where SQLite refuses
it (a person who is in a group).  On PostgreSQL also: a delete and an
insert racing in two transactions never leave a message for a deleted
person."""
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import Workdir, check, finish, run  # noqa: E402

PSQL = "/usr/lib/postgresql/15/bin/psql"
PEOPLE = ("name,email,organisation\n" + "".join(
    "P%d,p%d@x.org,Org %d\n" % (i, i, i % 3) for i in range(8)))
OUTBOX = ("INSERT INTO mail_outbox (programme_id, person_id, organiser_id,"
          " kind, dedupe, rcpt, due_at, created_at)"
          " VALUES (%s, %s, %s, 'test', '%s', 'r@x.org', 0, 'now')")


class Db:
    """Plain SQL on the test's database, as an operator would type it."""

    def __init__(self, wd):
        self.wd = wd
        self.pg = wd.db.startswith("postgres")
        self.name = "PostgreSQL" if self.pg else "SQLite"

    def sql(self, q):
        """(ok, output or error message)."""
        if self.pg:
            p = subprocess.run([PSQL, "-X", "-At", "-v", "ON_ERROR_STOP=1",
                                self.wd.db, "-c", q], capture_output=True,
                               text=True, timeout=60)
            return p.returncode == 0, (p.stdout if p.returncode == 0
                                       else p.stderr).strip()
        c = sqlite3.connect(self.wd.db, isolation_level=None, timeout=10)
        try:
            c.execute("PRAGMA foreign_keys=ON")
            rows = []
            c.execute("BEGIN")
            for stmt in q.split(";"):
                if stmt.strip():
                    rows = c.execute(stmt).fetchall()
            c.execute("COMMIT")
            return True, "\n".join("|".join(str(v) for v in r) for r in rows)
        except sqlite3.Error as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            return False, str(exc)
        finally:
            c.close()

    def one(self, q):
        ok, out = self.sql(q)
        if not ok:
            raise AssertionError("%s: %s" % (q, out))
        return out

    def count(self, table, where="1=1"):
        return int(self.one("SELECT COUNT(*) FROM %s WHERE %s" % (table, where)))


def refused(db, q, table, what, needles=()):
    """q must fail and change nothing in table; on PostgreSQL the message
    names the table and the key."""
    before = db.count(table)
    ok, msg = db.sql(q)
    check(not ok and db.count(table) == before,
          "%s: %s refused, nothing written" % (db.name, what))
    if db.pg:
        check(all(n in msg for n in needles),
              "%s: the error names %s: %s" % (db.name, ", ".join(needles),
                                             msg.splitlines()[0] if msg else ""))


def keys(wd):
    db = Db(wd)
    run(wd, "init")
    run(wd, "programme", "add", "Keys")
    run(wd, "people", "import", "keys", wd.file("people.csv", PEOPLE))
    run(wd, "round", "new", "keys")
    run(wd, "round", "publish", "keys", "1")
    prog = db.one("SELECT id FROM programme WHERE slug = 'keys'")
    person = db.one("SELECT MIN(person_id) FROM member")
    group = db.one("SELECT MIN(id) FROM grp")
    members, queued = db.count("member"), db.count("mail_outbox")
    check(members == 8 and queued >= 8,
          "%s: round 1 published: %d members, %d messages" % (db.name, members, queued))

    refused(db, "INSERT INTO member (group_id, person_id) VALUES (%s, 999999)" % group,
            "member", "a member who is nobody", ('"member"', "(person_id)=(999999)", '"person"'))
    refused(db, "INSERT INTO member (group_id, person_id) VALUES (999999, %s)" % person,
            "member", "a member of no group", ('"member"', "(group_id)=(999999)", '"grp"'))
    # One bad row in a batch: the statement's whole batch is refused.
    refused(db, "INSERT INTO member (group_id, person_id) SELECT g.id, p.id"
                " FROM grp g, person p WHERE g.id = %s AND p.id NOT IN"
                " (SELECT person_id FROM member WHERE group_id = %s)"
                " UNION ALL SELECT %s, 999998" % (group, group, group),
            "member", "a batch of members with one nobody in it",
            ("(person_id)=(999998)",))
    refused(db, "UPDATE member SET person_id = 999999 WHERE person_id = %s" % person,
            "member", "moving a member to nobody", ("(person_id)=(999999)",))
    check(db.count("member", "person_id = %s" % person) == 1,
          "%s: the member is still there after the refused update" % db.name)
    refused(db, OUTBOX % (prog, 999999, "NULL", "k1"), "mail_outbox",
            "a message to nobody", ('"mail_outbox"', "(person_id)=(999999)", '"person"'))
    refused(db, OUTBOX % (999999, person, "NULL", "k2"), "mail_outbox",
            "a message of no programme", ("(programme_id)=(999999)", '"programme"'))
    refused(db, OUTBOX % (prog, "NULL", 999999, "k3"), "mail_outbox",
            "a message to no organiser", ("(organiser_id)=(999999)", '"web_organiser"'))
    refused(db, "INSERT INTO grp (round_id, position) VALUES (999999, 0)", "grp",
            "a group of no round", ('"grp"', "(round_id)=(999999)", '"round"'))
    refused(db, "UPDATE grp SET round_id = 999999 WHERE id = %s" % group, "grp",
            "moving a group to no round", ("(round_id)=(999999)",))
    check(db.count("grp", "id = %s AND round_id = 999999" % group) == 0,
          "%s: the group is still in its round after the refused update" % db.name)
    ok, _ = db.sql("UPDATE member SET outcome = 'met' WHERE person_id = %s" % person)
    check(ok, "%s: recording an outcome still works" % db.name)

    # A new draft replaces the old one: the old draft's groups and
    # members go with its round.
    run(wd, "round", "new", "keys")
    run(wd, "round", "new", "keys")
    orphans = (db.count("member", "group_id NOT IN (SELECT id FROM grp)") +
               db.count("grp", "round_id NOT IN (SELECT id FROM round)"))
    check(orphans == 0 and db.count("member") == 16,
          "%s: a replaced draft leaves no members behind (%d orphans, %d members)"
          % (db.name, orphans, db.count("member")))

    # Deleting a person who is in a group is refused, as SQLite's
    # foreign key refuses it.
    refused(db, "DELETE FROM person WHERE id = %s" % person, "person",
            "deleting a person who is in a group",
            ('"person"', "(id)=(%s)" % person, '"member"'))

    # A person in no group: their messages go with them.
    run(wd, "people", "import", "keys",
        wd.file("late.csv", "name,email,organisation\nLate,late@x.org,Org 9\n"))
    late = db.one("SELECT id FROM person WHERE email = 'late@x.org'")
    db.one(OUTBOX % (prog, late, "NULL", "late1") + ";" + OUTBOX % (prog, late, "NULL", "late2"))
    check(db.count("mail_outbox", "person_id = %s AND kind = 'test'" % late) == 2,
          "%s: two messages queued for a person in no group" % db.name)
    ok, msg = db.sql("DELETE FROM person WHERE id = %s" % late)
    check(ok and db.count("mail_outbox", "person_id = %s" % late) == 0,
          "%s: deleting that person deletes their messages %s" % (db.name, "" if ok else msg))

    # An organiser's messages go with the organiser.
    run(wd, "admin", "add", "org@x.org", "--password-file",
        wd.file("pw", "a long enough password\n"))
    org = db.one("SELECT id FROM web_organiser WHERE email = 'org@x.org'")
    db.one(OUTBOX % (prog, "NULL", org, "org1"))
    ok, msg = db.sql("DELETE FROM web_organiser WHERE id = %s" % org)
    check(ok and db.count("mail_outbox", "organiser_id = %s" % org) == 0,
          "%s: deleting an organiser deletes their messages %s" % (db.name, "" if ok else msg))

    # Erasure keeps the rows and blanks the person (docs/web.md).
    erased = db.one("SELECT email FROM person WHERE id = %s" % person)
    run(wd, "people", "erase", "keys", erased)
    check(db.count("member", "person_id = %s" % person) == 2 and
          db.count("mail_outbox", "person_id = %s AND rcpt LIKE 'erased-%%'" % person) ==
          db.count("mail_outbox", "person_id = %s" % person) > 0,
          "%s: erasure keeps the member and message rows, blanked" % db.name)

    # Deleting the programme deletes everything of it.
    ok, msg = db.sql("DELETE FROM programme WHERE id = %s" % prog)
    left = [db.count(t) for t in ("person", "grp", "member", "mail_outbox")]
    check(ok and left == [0, 0, 0, 0],
          "%s: deleting the programme deletes its people, groups, members and"
          " messages (left: %s) %s" % (db.name, left, "" if ok else msg))


def race(wd):
    """PostgreSQL only: an insert's check takes no row lock, so deleting
    a person waits for writers of the outbox (and later ones wait for it):
    whichever comes first, no message survives its person."""
    db = Db(wd)
    run(wd, "programme", "add", "Race")
    run(wd, "people", "import", "race", wd.file("race.csv", PEOPLE.replace("@x", "@r")))
    prog = db.one("SELECT id FROM programme WHERE slug = 'race'")
    ids = db.one("SELECT id FROM person WHERE programme_id = %s ORDER BY id" % prog).split()

    def background(q, mode, table="mail_outbox", sleep=3):
        """Runs q in its own session; returns once that session holds
        mode on table (its write is done, its commit `sleep` s away)."""
        p = subprocess.Popen([PSQL, "-X", "-At", "-v", "ON_ERROR_STOP=1", wd.db,
                              "-c", "BEGIN; %s; SELECT pg_sleep(%s); COMMIT" % (q, sleep)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(600):
            if db.count("pg_locks l JOIN pg_class c ON c.oid = l.relation",
                        "c.relname = '%s' AND l.granted AND l.mode = '%s'"
                        " AND l.pid <> pg_backend_pid()" % (table, mode)):
                return p
            time.sleep(0.05)
        raise AssertionError("the other session never wrote: %s" % q)

    # The insert first, committed after the delete started: the delete
    # waits for it, then deletes its message.
    p = background(OUTBOX % (prog, ids[0], "NULL", "race1"), "RowExclusiveLock")
    ok, msg = db.sql("DELETE FROM person WHERE id = %s" % ids[0])
    out = p.communicate(timeout=60)
    check(p.returncode == 0 and ok and
          db.count("mail_outbox", "person_id = %s" % ids[0]) == 0,
          "PostgreSQL: a delete waits for an open insert and deletes its message %s%s"
          % (msg, out[1]))
    # The delete first, committed after the insert started: the insert
    # waits for it, then is refused.
    p = background("DELETE FROM person WHERE id = %s" % ids[1], "ShareRowExclusiveLock")
    ok, msg = db.sql(OUTBOX % (prog, ids[1], "NULL", "race2"))
    out = p.communicate(timeout=60)
    check(p.returncode == 0 and not ok and "(person_id)=(%s)" % ids[1] in msg and
          db.count("mail_outbox", "person_id = %s" % ids[1]) == 0,
          "PostgreSQL: an insert waits for an open delete and is refused %s" % out[1])

    # A statement that takes its keys from the rows it joins (a publish's
    # introductions, migration 616) is not checked again: a person
    # deleted first is simply not in its join, one deleted after has the
    # delete wait and cascade; and the statement's word spares only it.
    joined = ("INSERT INTO mail_outbox (programme_id, person_id, kind, dedupe,"
              " rcpt, due_at, created_at) SELECT p.programme_id, p.id, 'test',"
              " 'joined:' || CAST(p.id AS TEXT), p.email, 0, 'now' FROM person p"
              " WHERE p.id = %s AND (SELECT set_config('cuppa.keys_joined',"
              " 'mail_outbox', true)) IS NOT NULL")
    p = background("DELETE FROM person WHERE id = %s" % ids[2], "ShareRowExclusiveLock")
    ok, msg = db.sql(joined % ids[2])
    out = p.communicate(timeout=60)
    check(p.returncode == 0 and ok and
          db.count("mail_outbox", "person_id = %s" % ids[2]) == 0,
          "PostgreSQL: a joined insert waits for an open delete and adds"
          " nothing for its person %s%s" % (msg, out[1]))
    p = background(joined % ids[3], "RowExclusiveLock")
    ok, msg = db.sql("DELETE FROM person WHERE id = %s" % ids[3])
    out = p.communicate(timeout=60)
    check(p.returncode == 0 and ok and
          db.count("mail_outbox", "person_id = %s" % ids[3]) == 0,
          "PostgreSQL: a delete waits for an open joined insert and deletes"
          " its message %s%s" % (msg, out[1]))
    ok, msg = db.sql(joined % ids[4] + "; " +
                     OUTBOX % (prog, 999999, "NULL", "after-joined"))
    check(not ok and "(person_id)=(999999)" in msg and
          db.count("mail_outbox", "dedupe LIKE 'joined:%' OR"
                   " dedupe = 'after-joined'") == 0,
          "PostgreSQL: after a joined insert the next one is checked again %s" % msg)

    # A round's groups (migration 612): an insert of groups key-share
    # locks its round, so a delete of the round waits for it and then
    # takes the new groups; a delete first makes the insert wait and fail.
    # (The delete's session says its delete is done by then locking a
    # table nothing else here uses.)
    run(wd, "round", "new", "race")
    rnd = db.one("SELECT id FROM round WHERE programme_id = %s" % prog)
    p = background("INSERT INTO grp (round_id, position) VALUES (%s, 99)" % rnd,
                   "RowExclusiveLock", "grp", 2)
    ok, msg = db.sql("DELETE FROM round WHERE id = %s" % rnd)
    out = p.communicate(timeout=60)
    check(p.returncode == 0 and ok and db.count("grp", "round_id = %s" % rnd) == 0,
          "PostgreSQL: deleting a round waits for an open insert of a group and"
          " deletes it %s%s" % (msg, out[1]))
    run(wd, "round", "new", "race")
    rnd = db.one("SELECT id FROM round WHERE programme_id = %s" % prog)
    p = background("DELETE FROM round WHERE id = %s; LOCK TABLE blocked_pair"
                   " IN SHARE MODE" % rnd, "ShareLock", "blocked_pair", 2)
    ok, msg = db.sql("INSERT INTO grp (round_id, position) VALUES (%s, 99)" % rnd)
    out = p.communicate(timeout=60)
    check(p.returncode == 0 and not ok and "(round_id)=(%s)" % rnd in msg and
          db.count("grp", "round_id = %s" % rnd) == 0,
          "PostgreSQL: an insert of a group waits for an open delete of its"
          " round and is refused %s%s" % (msg, out[1]))


def main():
    pg = Workdir()
    lite = Workdir()
    lite.db = os.path.join(lite.path, "t.db")
    try:
        check(pg.db.startswith("postgres"), "CUPPA_TEST_DB is a PostgreSQL URL")
        keys(pg)
        keys(lite)
        race(pg)
    finally:
        pg.close()
        lite.close()
    finish()


if __name__ == "__main__":
    main()
