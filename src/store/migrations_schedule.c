/*
 * Schema changes of the scheduler (versions 400-449).
 *
 * schedule_state: one row per scheduled programme: the slot the next
 * round takes and that round's number, whether its draft has been formed
 * and announced, whether an organiser holds it, the local day of the last
 * review-only reminder.  Every scheduler step first bumps lock_seq, which
 * on PostgreSQL takes the row lock, so two servers serialise on it and the
 * second re-reads the first one's committed state (exactly-once).
 *
 * scheduler_run: one row (id 1): the lease that lets one scheduler act at
 * a time, and the time and result of the last run (for `cuppa schedule`
 * and /healthz).  last_run_at is the domain clock (CUPPA_NOW in tests),
 * last_run_unix and lease_until the real clock.
 *
 * round_change: what publishing changed in a reviewed draft (people
 * removed, placed, re-placed, left unplaced), shown on the dashboard.
 *
 * 401 rebuilds mail_outbox so a row may go to an organiser (organiser_id,
 * person_id NULL) as well as to a participant: SQLite cannot drop NOT
 * NULL in place.  Rows are copied in id order (new ids, so PostgreSQL's
 * sequence stays right); only unsent rows' Message-IDs change.
 */
#include "store/store_impl.h"

const struct migration migrations_schedule[] = {
	{400, "scheduler state, lease and round changes",
	 "CREATE TABLE schedule_state ("
	 " programme_id INTEGER PRIMARY KEY REFERENCES programme(id) ON DELETE CASCADE,"
	 " slot INTEGER NOT NULL DEFAULT -1,"
	 " round INTEGER NOT NULL DEFAULT 0,"
	 " drafted INTEGER NOT NULL DEFAULT 0,"
	 " held INTEGER NOT NULL DEFAULT 0,"
	 " reminded TEXT NOT NULL DEFAULT '',"
	 " lock_seq INTEGER NOT NULL DEFAULT 0,"
	 " last_step TEXT NOT NULL DEFAULT '',"
	 " last_step_at TEXT NOT NULL DEFAULT ''"
	 "){STRICT};"
	 "CREATE TABLE scheduler_run ("
	 " id INTEGER PRIMARY KEY,"
	 " holder TEXT NOT NULL DEFAULT '',"
	 " lease_until INTEGER NOT NULL DEFAULT 0,"
	 " last_run_at TEXT NOT NULL DEFAULT '',"
	 " last_run_unix INTEGER NOT NULL DEFAULT 0,"
	 " last_result TEXT NOT NULL DEFAULT '',"
	 " last_steps INTEGER NOT NULL DEFAULT 0,"
	 " last_error TEXT NOT NULL DEFAULT ''"
	 "){STRICT};"
	 "INSERT INTO scheduler_run (id) VALUES (1);"
	 "CREATE TABLE round_change ("
	 " id {ID},"
	 " round_id INTEGER NOT NULL REFERENCES round(id) ON DELETE CASCADE,"
	 " person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,"
	 " change TEXT NOT NULL,"
	 " detail TEXT NOT NULL DEFAULT '',"
	 " at TEXT NOT NULL"
	 "){STRICT};"
	 "CREATE INDEX round_change_round ON round_change(round_id);"},
	{401, "mail outbox rows for organisers",
	 "CREATE TABLE mail_outbox_401 ("
	 " id {ID},"
	 " programme_id INTEGER NOT NULL REFERENCES programme(id) ON DELETE CASCADE,"
	 " person_id INTEGER REFERENCES person(id) ON DELETE CASCADE,"
	 " organiser_id INTEGER REFERENCES web_organiser(id) ON DELETE CASCADE,"
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
	 " sent_at TEXT NOT NULL DEFAULT '',"
	 " CHECK ((person_id IS NULL) <> (organiser_id IS NULL))"
	 "){STRICT};"
	 "INSERT INTO mail_outbox_401 (programme_id, person_id, kind, round_id,"
	 " group_id, dedupe, rcpt, detail, state, attempts, due_at, lease_until,"
	 " claimed_by, last_code, last_reply, created_at, sent_at)"
	 " SELECT programme_id, person_id, kind, round_id, group_id, dedupe, rcpt,"
	 " detail, state, attempts, due_at, lease_until, claimed_by, last_code,"
	 " last_reply, created_at, sent_at FROM mail_outbox ORDER BY id;"
	 "DROP TABLE mail_outbox;"
	 "ALTER TABLE mail_outbox_401 RENAME TO mail_outbox;"
	 "CREATE INDEX mail_outbox_due ON mail_outbox(state, due_at);"
	 "CREATE INDEX mail_outbox_person ON mail_outbox(person_id, kind);"
	 "CREATE INDEX mail_outbox_programme ON mail_outbox(programme_id, state);"},
	{0, NULL, NULL},
};
