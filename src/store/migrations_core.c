/*
 * The core schema: programmes, people, rounds, groups, members (with each
 * member's outcome), unplaced people and the audit trail.  Append new
 * migrations; never edit one that has shipped.
 *
 * Why members carry the outcome: an outcome is per person per group, and
 * a person is in exactly one group per round, so (group, person) is the
 * natural key and needs no table of its own.
 */
#include "store/store_impl.h"

const struct migration migrations_core[] = {
	{1, "core tables",
	 "CREATE TABLE programme ("
	 " id {ID},"
	 " slug TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " cadence_days INTEGER NOT NULL DEFAULT 30 CHECK (cadence_days BETWEEN 1 AND 365),"
	 " group_size INTEGER NOT NULL DEFAULT 2 CHECK (group_size IN (2, 3)),"
	 " avoid_same INTEGER NOT NULL DEFAULT 0,"
	 " mix_attribute TEXT NOT NULL DEFAULT '',"
	 " mix_values TEXT NOT NULL DEFAULT '',"
	 " repeat_after INTEGER NOT NULL DEFAULT 0,"
	 " allow_missed_repeat INTEGER NOT NULL DEFAULT 0,"
	 " settings TEXT NOT NULL DEFAULT '{}',"
	 " created_at TEXT NOT NULL"
	 "){STRICT};"
	 "CREATE TABLE person ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " name TEXT NOT NULL,"
	 " email TEXT NOT NULL,"
	 " organisation TEXT NOT NULL,"
	 " sector TEXT NOT NULL DEFAULT '',"
	 " role TEXT NOT NULL DEFAULT '',"
	 " location TEXT NOT NULL DEFAULT '',"
	 " timezone TEXT NOT NULL DEFAULT '',"
	 " topics TEXT NOT NULL DEFAULT '',"
	 " intro TEXT NOT NULL DEFAULT '',"
	 " status TEXT NOT NULL DEFAULT 'active'"
	 "  CHECK (status IN ('pending','active','skip-next','paused','left')),"
	 " paused_until TEXT NOT NULL DEFAULT '',"
	 " joined TEXT NOT NULL,"
	 " show_name INTEGER NOT NULL DEFAULT 0,"
	 " created_at TEXT NOT NULL,"
	 " UNIQUE (programme_id, email)"
	 "){STRICT};"
	 "CREATE TABLE round ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " number INTEGER NOT NULL,"
	 " state TEXT NOT NULL CHECK (state IN ('draft','published','closed')),"
	 " seed INTEGER NOT NULL,"
	 " created_at TEXT NOT NULL,"
	 " published_at TEXT NOT NULL DEFAULT '',"
	 " deadline TEXT NOT NULL DEFAULT '',"
	 " UNIQUE (programme_id, number)"
	 "){STRICT};"
	 "CREATE TABLE grp ("
	 " id {ID},"
	 " round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,"
	 " position INTEGER NOT NULL"
	 "){STRICT};"
	 "CREATE INDEX grp_round ON grp(round_id);"
	 "CREATE TABLE member ("
	 " group_id INTEGER NOT NULL REFERENCES grp(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id),"
	 " outcome TEXT NOT NULL DEFAULT 'none' CHECK (outcome IN ('none','met','missed')),"
	 " rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),"
	 " comment TEXT NOT NULL DEFAULT '',"
	 " answered_at TEXT NOT NULL DEFAULT '',"
	 " PRIMARY KEY (group_id, person_id)"
	 "){STRICT};"
	 "CREATE INDEX member_person ON member(person_id);"
	 "CREATE TABLE unplaced ("
	 " round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id),"
	 " reason TEXT NOT NULL,"
	 " PRIMARY KEY (round_id, person_id)"
	 "){STRICT};"
	 "CREATE TABLE audit ("
	 " id {ID},"
	 " at TEXT NOT NULL,"
	 " programme_id INTEGER,"
	 " actor TEXT NOT NULL,"
	 " action TEXT NOT NULL,"
	 " detail TEXT NOT NULL DEFAULT ''"
	 "){STRICT};"
	 "CREATE INDEX audit_programme ON audit(programme_id, id);"
	 "CREATE TABLE blocked_pair ("
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " person_a INTEGER NOT NULL REFERENCES person(id),"
	 " person_b INTEGER NOT NULL REFERENCES person(id),"
	 " PRIMARY KEY (programme_id, person_a, person_b),"
	 " CHECK (person_a < person_b)"
	 "){STRICT};"},
	/* 800-819: languages (issue 14, docs/text.md).  '' is "not chosen":
	 * mail then goes in every language of the programme, Welsh first. */
	{800, "person language",
	 "ALTER TABLE person ADD COLUMN language TEXT NOT NULL DEFAULT ''"},
	/* 820-829: the matcher's reasons as codes (issue 14): the edge
	 * renders the code in the reader's language; rows from before keep
	 * '' and their English sentence in reason. */
	{820, "unplaced reason code",
	 "ALTER TABLE unplaced ADD COLUMN code TEXT NOT NULL DEFAULT ''"},
	/* 610-619: PostgreSQL's integrity of member and mail_outbox checked
	 * once per statement (issue 16, docs/postgres.md "Keys checked per
	 * statement").  A foreign key there runs one SELECT ... FOR KEY SHARE
	 * per row and key, 58-67% of a round's or a publish's insert CPU;
	 * cuppa_member_keys checks a whole INSERT's rows (the transition
	 * table cuppa_new) in one pass per key.  Its SQL is static, so the
	 * plan is cached per connection and a one-row insert costs what the
	 * foreign key did; the subquery per row pins that plan to an index
	 * lookup whatever the size of the first batch it was planned for.
	 * cuppa_keys_check_row(column, table, ...) checks an UPDATE's row,
	 * only WHEN a key column changes (cuppa never changes one: outcomes,
	 * claims and sends pay nothing).  cuppa_key_missing says what is
	 * missing, in one place.
	 * cuppa_keys_deleted(child, column, action[, lock]) keeps ON DELETE
	 * CASCADE ('cascade') or the default NO ACTION ('no action', for
	 * person -> member only: a person deleted with their programme is
	 * not checked, as the programme's rounds take their members with
	 * them).  It first waits for writers that could add a child row the
	 * statement cannot see yet: lock, SQL locking the rows every such
	 * writer locks too (a group's round: the store updates a group's
	 * round before changing its members), or else the child table in
	 * SHARE ROW EXCLUSIVE mode (deleting a person, programme or organiser
	 * is an operator's act; cuppa never does).  SQLite keeps its foreign
	 * keys. */
	{610, "member keys checked per statement (PostgreSQL)",
	 "{ONLY:postgres}"
	 "DO $$ DECLARE c record; BEGIN"
	 " FOR c IN SELECT conname FROM pg_constraint"
	 "  WHERE conrelid = 'member'::regclass AND contype = 'f' LOOP"
	 "  EXECUTE format('ALTER TABLE member DROP CONSTRAINT %I', c.conname);"
	 " END LOOP;"
	 "END $$;"
	 "CREATE FUNCTION cuppa_key_missing(tbl text, col text, k bigint, ref text)"
	 " RETURNS void LANGUAGE plpgsql AS $$"
	 "BEGIN"
	 " RAISE foreign_key_violation USING MESSAGE = format("
	 "  'insert or update on table \"%s\" violates foreign key:'"
	 "  || ' (%s)=(%s) is not present in table \"%s\"', tbl, col, k, ref);"
	 "END $$;"
	 "CREATE FUNCTION cuppa_member_keys() RETURNS trigger LANGUAGE plpgsql AS $$"
	 "DECLARE k bigint;"
	 "BEGIN"
	 " SELECT n.group_id INTO k FROM cuppa_new n"
	 "  WHERE (SELECT g.id FROM grp g WHERE g.id = n.group_id) IS NULL LIMIT 1;"
	 " IF FOUND THEN PERFORM cuppa_key_missing('member', 'group_id', k, 'grp'); END IF;"
	 " SELECT n.person_id INTO k FROM cuppa_new n"
	 "  WHERE (SELECT p.id FROM person p WHERE p.id = n.person_id) IS NULL LIMIT 1;"
	 " IF FOUND THEN PERFORM cuppa_key_missing('member', 'person_id', k, 'person'); END IF;"
	 " RETURN NULL;"
	 "END $$;"
	 "CREATE FUNCTION cuppa_keys_check_row() RETURNS trigger LANGUAGE plpgsql AS $$"
	 "DECLARE k bigint; ok boolean;"
	 "BEGIN"
	 " FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP"
	 "  EXECUTE format('SELECT ($1).%I', TG_ARGV[2 * i]) INTO k USING NEW;"
	 "  CONTINUE WHEN k IS NULL;"
	 "  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)',"
	 "   TG_ARGV[2 * i + 1]) INTO ok USING k;"
	 "  IF NOT ok THEN"
	 "   PERFORM cuppa_key_missing(TG_TABLE_NAME, TG_ARGV[2 * i], k, TG_ARGV[2 * i + 1]);"
	 "  END IF;"
	 " END LOOP;"
	 " RETURN NULL;"
	 "END $$;"
	 "CREATE FUNCTION cuppa_keys_deleted() RETURNS trigger LANGUAGE plpgsql AS $$"
	 "DECLARE k bigint;"
	 "BEGIN"
	 " IF TG_NARGS > 3 THEN EXECUTE TG_ARGV[3];"
	 " ELSE EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', TG_ARGV[0]);"
	 " END IF;"
	 " IF TG_ARGV[2] = 'cascade' THEN"
	 "  EXECUTE format('DELETE FROM %I WHERE %I IN (SELECT id FROM cuppa_old)',"
	 "   TG_ARGV[0], TG_ARGV[1]);"
	 "  RETURN NULL;"
	 " END IF;"
	 " EXECUTE format('SELECT o.id FROM cuppa_old o WHERE EXISTS'"
	 "  || ' (SELECT 1 FROM %1$I c WHERE c.%2$I = o.id) AND EXISTS'"
	 "  || ' (SELECT 1 FROM programme g WHERE g.id = o.programme_id) LIMIT 1',"
	 "  TG_ARGV[0], TG_ARGV[1]) INTO k;"
	 " IF k IS NOT NULL THEN"
	 "  RAISE foreign_key_violation USING MESSAGE = format("
	 "   'update or delete on table \"%s\" violates foreign key:'"
	 "   || ' (id)=(%s) is still referenced from table \"%s\"',"
	 "   TG_TABLE_NAME, k, TG_ARGV[0]);"
	 " END IF;"
	 " RETURN NULL;"
	 "END $$;"
	 "CREATE TRIGGER member_keys_insert AFTER INSERT ON member"
	 " REFERENCING NEW TABLE AS cuppa_new FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_member_keys();"
	 "CREATE TRIGGER member_keys_update AFTER UPDATE ON member FOR EACH ROW"
	 " WHEN (NEW.group_id <> OLD.group_id OR NEW.person_id <> OLD.person_id)"
	 " EXECUTE FUNCTION cuppa_keys_check_row('group_id', 'grp', 'person_id', 'person');"
	 "CREATE TRIGGER member_grp_deleted AFTER DELETE ON grp"
	 " REFERENCING OLD TABLE AS cuppa_old FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_keys_deleted('member', 'group_id', 'cascade',"
	 "  'SELECT 1 FROM round WHERE id IN (SELECT round_id FROM cuppa_old) FOR UPDATE');"
	 "CREATE TRIGGER member_person_deleted AFTER DELETE ON person"
	 " REFERENCING OLD TABLE AS cuppa_old FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_keys_deleted('member', 'person_id', 'no action');"},
	/* 612: as 610 for a round's groups, the last per-row key on the
	 * path of a round: grp.round_id's foreign key ran one SELECT ... FOR
	 * KEY SHARE of the same round per group (0.4-0.5 s of backend CPU
	 * for 50,000 groups, about half the insert).  A batch of groups
	 * names one round, so cuppa_grp_keys locks each distinct round FOR
	 * KEY SHARE once, as the foreign key did per row, and then checks:
	 * a concurrent delete of that round waits for the insert's commit
	 * (and its cascade, run with a later snapshot, sees the new groups)
	 * or, if it came first, the lock finds the round gone and the
	 * insert is refused.  So the delete side needs no lock of its own
	 * beyond the rows its DELETE locks ('SELECT 1').  Deleting a round
	 * (a replaced draft, or with its programme) deletes its groups, whose
	 * members go by 610's trigger. */
	{612, "group keys checked per statement (PostgreSQL)",
	 "{ONLY:postgres}"
	 "DO $$ DECLARE c record; BEGIN"
	 " FOR c IN SELECT conname FROM pg_constraint"
	 "  WHERE conrelid = 'grp'::regclass AND contype = 'f' LOOP"
	 "  EXECUTE format('ALTER TABLE grp DROP CONSTRAINT %I', c.conname);"
	 " END LOOP;"
	 "END $$;"
	 "CREATE FUNCTION cuppa_grp_keys() RETURNS trigger LANGUAGE plpgsql AS $$"
	 "DECLARE k bigint;"
	 "BEGIN"
	 " PERFORM 1 FROM round r WHERE r.id IN (SELECT n.round_id FROM cuppa_new n)"
	 "  FOR KEY SHARE;"
	 " SELECT n.round_id INTO k FROM (SELECT DISTINCT round_id FROM cuppa_new) n"
	 "  WHERE (SELECT r.id FROM round r WHERE r.id = n.round_id) IS NULL LIMIT 1;"
	 " IF FOUND THEN PERFORM cuppa_key_missing('grp', 'round_id', k, 'round'); END IF;"
	 " RETURN NULL;"
	 "END $$;"
	 "CREATE TRIGGER grp_keys_insert AFTER INSERT ON grp"
	 " REFERENCING NEW TABLE AS cuppa_new FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_grp_keys();"
	 "CREATE TRIGGER grp_keys_update AFTER UPDATE ON grp FOR EACH ROW"
	 " WHEN (NEW.round_id <> OLD.round_id)"
	 " EXECUTE FUNCTION cuppa_keys_check_row('round_id', 'round');"
	 "CREATE TRIGGER grp_round_deleted AFTER DELETE ON round"
	 " REFERENCING OLD TABLE AS cuppa_old FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_keys_deleted('grp', 'round_id', 'cascade', 'SELECT 1');"},
	/* 613: grp_round (round_id) is a prefix of grp_round_position
	 * (round_id, position, id, migration 650), which serves every lookup
	 * it served; one index less to write per group on both engines. */
	{613, "drop the group index the round-position index covers",
	 "DROP INDEX grp_round"},
	/* 617: the people a round brings back (paused until a past date,
	 * or sitting out one round) are a few of a programme's; without
	 * these, each publish read every person of the programme twice
	 * (8-9 ms each at 10,000 on PostgreSQL).  One index per status:
	 * SQLite uses a partial index only when the query repeats its
	 * WHERE term, so an IN list would serve neither. */
	{617, "index the paused and the sitting-out people",
	 "CREATE INDEX person_paused ON person(programme_id)"
	 " WHERE status = 'paused';"
	 "CREATE INDEX person_skip_next ON person(programme_id)"
	 " WHERE status = 'skip-next'"},
	{0, NULL, NULL},
};
