/*
 * Schema changes of the mail area (see store_impl.h for the numbering).
 *
 * mail_outbox: one row per message, inserted in the same transaction as
 * its cause.  The row names what to send (kind, person, round, group,
 * detail); the text is composed when it is sent, so signing keys never
 * enter the database and links are fresh.  `dedupe` makes every cause
 * enqueue at most once (intro:r12:u34, checkin:r12:u34, ...).
 * due_at and lease_until are Unix seconds of the real clock (not
 * CUPPA_NOW): they pace the transport, not the domain.
 */
#include "store/store_impl.h"

const struct migration migrations_mail[] = {
	{200, "mail outbox",
	 "CREATE TABLE mail_outbox ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " kind TEXT NOT NULL,"
	 " round_id INTEGER NOT NULL DEFAULT 0,"
	 " group_id INTEGER NOT NULL DEFAULT 0,"
	 " dedupe TEXT NOT NULL UNIQUE,"
	 " rcpt TEXT NOT NULL,"
	 " detail TEXT NOT NULL DEFAULT '',"
	 " state TEXT NOT NULL DEFAULT 'queued'"
	 "  CHECK (state IN ('queued','sent','failed','skipped')),"
	 " attempts INTEGER NOT NULL DEFAULT 0,"
	 " due_at INTEGER NOT NULL,"
	 " lease_until INTEGER NOT NULL DEFAULT 0,"
	 " claimed_by TEXT NOT NULL DEFAULT '',"
	 " last_code INTEGER NOT NULL DEFAULT 0,"
	 " last_reply TEXT NOT NULL DEFAULT '',"
	 " created_at TEXT NOT NULL,"
	 " sent_at TEXT NOT NULL DEFAULT ''"
	 "){STRICT};"
	 "CREATE INDEX mail_outbox_due ON mail_outbox(state, due_at);"
	 "CREATE INDEX mail_outbox_person ON mail_outbox(person_id, kind);"
	 "CREATE INDEX mail_outbox_programme ON mail_outbox(programme_id, state);"},
	/* The claim reads queued rows in (due_at, id) order up to its batch:
	 * with id in the index that is an ordered scan that stops after the
	 * batch, where (state, due_at) alone had to sort every queued row
	 * (a published round of 100,000 queues 100,000 at one due_at).
	 * The new index serves everything the old one did. */
	{600, "mail outbox claim order",
	 "CREATE INDEX mail_outbox_claim ON mail_outbox(state, due_at, id);"
	 "DROP INDEX mail_outbox_due;"},
	/* 611: as 610 (migrations_core.c) for the outbox: its keys are
	 * checked once per statement on PostgreSQL, and deleting a programme,
	 * person or organiser still deletes their messages.  SQLite keeps
	 * its foreign keys. */
	{611, "mail outbox keys checked per statement (PostgreSQL)",
	 "{ONLY:postgres}"
	 "DO $$ DECLARE c record; BEGIN"
	 " FOR c IN SELECT conname FROM pg_constraint"
	 "  WHERE conrelid = 'mail_outbox'::regclass AND contype = 'f' LOOP"
	 "  EXECUTE format('ALTER TABLE mail_outbox DROP CONSTRAINT %I', c.conname);"
	 " END LOOP;"
	 "END $$;"
	 "CREATE FUNCTION cuppa_mail_outbox_keys() RETURNS trigger LANGUAGE plpgsql AS $$"
	 "DECLARE k bigint;"
	 "BEGIN"
	 " SELECT n.programme_id INTO k FROM cuppa_new n"
	 "  WHERE (SELECT g.id FROM programme g WHERE g.id = n.programme_id) IS NULL LIMIT 1;"
	 " IF FOUND THEN"
	 "  PERFORM cuppa_key_missing('mail_outbox', 'programme_id', k, 'programme');"
	 " END IF;"
	 " SELECT n.person_id INTO k FROM cuppa_new n WHERE n.person_id IS NOT NULL"
	 "  AND (SELECT p.id FROM person p WHERE p.id = n.person_id) IS NULL LIMIT 1;"
	 " IF FOUND THEN"
	 "  PERFORM cuppa_key_missing('mail_outbox', 'person_id', k, 'person');"
	 " END IF;"
	 " SELECT n.organiser_id INTO k FROM cuppa_new n WHERE n.organiser_id IS NOT NULL"
	 "  AND (SELECT o.id FROM web_organiser o WHERE o.id = n.organiser_id) IS NULL LIMIT 1;"
	 " IF FOUND THEN"
	 "  PERFORM cuppa_key_missing('mail_outbox', 'organiser_id', k, 'web_organiser');"
	 " END IF;"
	 " RETURN NULL;"
	 "END $$;"
	 "CREATE TRIGGER mail_outbox_keys_insert AFTER INSERT ON mail_outbox"
	 " REFERENCING NEW TABLE AS cuppa_new FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_mail_outbox_keys();"
	 "CREATE TRIGGER mail_outbox_keys_update AFTER UPDATE ON mail_outbox FOR EACH ROW"
	 " WHEN (NEW.programme_id <> OLD.programme_id"
	 "  OR NEW.person_id IS DISTINCT FROM OLD.person_id"
	 "  OR NEW.organiser_id IS DISTINCT FROM OLD.organiser_id)"
	 " EXECUTE FUNCTION cuppa_keys_check_row('programme_id', 'programme',"
	 "  'person_id', 'person', 'organiser_id', 'web_organiser');"
	 "CREATE TRIGGER mail_outbox_programme_deleted AFTER DELETE ON programme"
	 " REFERENCING OLD TABLE AS cuppa_old FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_keys_deleted('mail_outbox', 'programme_id', 'cascade');"
	 "CREATE TRIGGER mail_outbox_person_deleted AFTER DELETE ON person"
	 " REFERENCING OLD TABLE AS cuppa_old FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_keys_deleted('mail_outbox', 'person_id', 'cascade');"
	 "CREATE TRIGGER mail_outbox_organiser_deleted AFTER DELETE ON web_organiser"
	 " REFERENCING OLD TABLE AS cuppa_old FOR EACH STATEMENT"
	 " EXECUTE FUNCTION cuppa_keys_deleted('mail_outbox', 'organiser_id', 'cascade');"},
	/* 614: 611's insert check, cheaper for a publish (100,000
	 * introductions of one programme: 0.7-0.9 s of the trigger's time
	 * in EXPLAIN ANALYZE, 0.4-0.6 s now).  The programme is looked up
	 * once per distinct value, not once per row; the person and the
	 * organiser in one pass over the new rows instead of two.  Same
	 * order of checks, same messages; the per-row subqueries still pin
	 * the plan to index lookups whatever the first batch's size. */
	{614, "mail outbox key check in fewer passes (PostgreSQL)",
	 "{ONLY:postgres}"
	 "CREATE OR REPLACE FUNCTION cuppa_mail_outbox_keys() RETURNS trigger"
	 " LANGUAGE plpgsql AS $$"
	 "DECLARE k bigint; ko bigint;"
	 "BEGIN"
	 " SELECT d.programme_id INTO k"
	 "  FROM (SELECT DISTINCT n.programme_id FROM cuppa_new n) d"
	 "  WHERE (SELECT g.id FROM programme g WHERE g.id = d.programme_id) IS NULL"
	 "  LIMIT 1;"
	 " IF FOUND THEN"
	 "  PERFORM cuppa_key_missing('mail_outbox', 'programme_id', k, 'programme');"
	 " END IF;"
	 " SELECT n.person_id, n.organiser_id INTO k, ko FROM cuppa_new n"
	 "  WHERE (n.person_id IS NOT NULL"
	 "   AND (SELECT p.id FROM person p WHERE p.id = n.person_id) IS NULL)"
	 "  OR (n.organiser_id IS NOT NULL"
	 "   AND (SELECT o.id FROM web_organiser o WHERE o.id = n.organiser_id) IS NULL)"
	 "  LIMIT 1;"
	 " IF FOUND THEN"
	 "  IF k IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = k) THEN"
	 "   PERFORM cuppa_key_missing('mail_outbox', 'person_id', k, 'person');"
	 "  END IF;"
	 "  PERFORM cuppa_key_missing('mail_outbox', 'organiser_id', ko, 'web_organiser');"
	 " END IF;"
	 " RETURN NULL;"
	 "END $$;"},
	/* 615: fewer index comparisons per queued row on PostgreSQL, where
	 * a publish's 10,000-100,000 inserted rows spend most of their time
	 * in index inserts (instructions counted with callgrind, 10,000
	 * introductions: 938 million before, 725 million after; see
	 * docs/performance.md, "Store", sixth pass).
	 * - The claim reads only queued rows, so its index holds only them,
	 *   keyed by integers: (state, due_at, id) compared a text column
	 *   under the database's collation, then found due_at by walking the
	 *   tuple, for every comparison (a fifth of the insert).
	 * - The per-programme index holds rows once they leave the queue
	 *   (sent, failed, skipped): the queued ones are counted through the
	 *   claim's index (store_mail_counts), and a send pays the entry one
	 *   row at a time instead of the publish paying 100,000 at once.
	 * - dedupe compares bytes (COLLATE "C", as SQLite's BINARY): its
	 *   keys are ASCII, the publish's prefix probe then means exactly
	 *   what it means on SQLite, and no locale's strcoll runs per
	 *   comparison.
	 * SQLite keeps its indexes. */
	{615, "mail outbox indexes for queued rows (PostgreSQL)",
	 "{ONLY:postgres}"
	 "CREATE INDEX mail_outbox_queued ON mail_outbox(due_at, id)"
	 " WHERE state = 'queued';"
	 "DROP INDEX mail_outbox_claim;"
	 "CREATE INDEX mail_outbox_programme_done ON mail_outbox(programme_id, state)"
	 " WHERE state <> 'queued';"
	 "DROP INDEX mail_outbox_programme;"
	 "ALTER TABLE mail_outbox ALTER COLUMN dedupe TYPE text COLLATE \"C\";"},
	/* 616: no second look at keys a statement took from rows it joined.
	 * A publish's INSERT ... SELECT takes the programme from the round
	 * and the person from person (store_mail.c, MEMBERS_SQL) and says
	 * so: it sets cuppa.keys_joined to the table for its transaction
	 * (db_ops keys_joined).  cuppa_keys_unjoined, the WHEN of the
	 * statement's check, clears the word and skips the check (its
	 * lookups were 14% of the insert's instructions after 615, at
	 * 10,000 introductions), so the next
	 * statement is checked again.  The word is no privilege: it only
	 * spares work, as the table's owner (cuppa's role) could drop the
	 * trigger; an operator's INSERT in psql is checked as before. */
	{616, "mail outbox keys not looked up again when joined (PostgreSQL)",
	 "{ONLY:postgres}"
	 "CREATE FUNCTION cuppa_keys_unjoined(t text) RETURNS boolean"
	 " LANGUAGE plpgsql AS $$"
	 "BEGIN"
	 " IF current_setting('cuppa.keys_joined', true) = t THEN"
	 "  PERFORM set_config('cuppa.keys_joined', '', true);"
	 "  RETURN false;"
	 " END IF;"
	 " RETURN true;"
	 "END $$;"
	 "DROP TRIGGER mail_outbox_keys_insert ON mail_outbox;"
	 "CREATE TRIGGER mail_outbox_keys_insert AFTER INSERT ON mail_outbox"
	 " REFERENCING NEW TABLE AS cuppa_new FOR EACH STATEMENT"
	 " WHEN (cuppa_keys_unjoined('mail_outbox'))"
	 " EXECUTE FUNCTION cuppa_mail_outbox_keys();"},
	{0, NULL, NULL},
};
