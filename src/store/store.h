/*
 * store: the one storage interface of cuppa.  Callers see an opaque
 * struct store and operations named after the domain; which engine sits
 * underneath (SQLite by default, PostgreSQL for several servers; see
 * db.h) is invisible to them.
 *
 * Conventions:
 *  - every function returns 0 on success, -1 with e set on failure;
 *    "not found" is ERR_NOTFOUND, a uniqueness clash ERR_CONFLICT;
 *  - strings and arrays handed out come from the caller's arena;
 *  - writes that belong together run in one transaction: app_tx (app/,
 *    with its audit row), or store_tx below it for the mail scheduler
 *    (mail/ is beneath app/); single calls are atomic on their own.
 *
 * Other modules add their operations, named after what they are, in
 * store_<what>.h / store_<what>.c on the same internal db layer
 * (store_access: organisers and sessions, store_participant, store_mail,
 * store_schedule, ...).  Handlers and commands reach all of it only
 * through app/ (scripts/lint).
 */
#ifndef CUPPA_STORE_H
#define CUPPA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "util/arena.h"
#include "util/err.h"

struct store;

/* Opens (creating a SQLite file if needed) and applies pending
 * migrations.  target: a file path, or a postgres:// URL. */
int store_open(const char *target, struct store **out, struct err *e);
void store_close(struct store *st);
/* After an erasure (outside a transaction): makes the erased values
 * leave the database's files at once (SQLite: a TRUNCATE checkpoint of
 * the WAL; overwritten rows are zeroed by secure_delete). */
int store_scrub(struct store *st, struct err *e);

/* The schema version after migrations; for `cuppa init` and tests. */
int store_schema_version(struct store *st, int *version, struct err *e);

int store_begin(struct store *st, struct err *e);   /* write transaction */
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* The one shape of a write: begins, runs work, commits; on any failure
 * rolls back and returns -1 with e set.  work returns 0 (commit), -1
 * (e set: roll back, fail) or STORE_TX_UNDO (roll back, succeed: a dry
 * run).  app_tx (app/app.h: audit, dry run) is built on it; mail's
 * scheduler, which app/ calls into and so cannot call back up, uses it
 * directly. */
#define STORE_TX_UNDO 1
typedef int store_work(struct store *st, void *arg, struct err *e);
int store_tx(struct store *st, store_work *work, void *arg, struct err *e);

/* Makes sure the connection works, reconnecting one that was lost (a
 * PostgreSQL restart); ERR_UNAVAILABLE when the database cannot be
 * reached now.  No round trip while the connection is healthy. */
int store_ready(struct store *st, struct err *e);

/* Wake-ups, for workers that would otherwise poll.  channel: a plain
 * identifier naming a kind of work ("cuppa_mail").  store_notify tells
 * every listener (at the commit when a transaction is open, else now);
 * store_listen subscribes this connection; store_wait blocks until a
 * notification comes (1), timeout_ms passes (0) or an error (-1).
 * Where the engine has no notifications (SQLite) store_notify does
 * nothing and store_wait sleeps timeout_ms: the caller's polling. */
int store_notify(struct store *st, const char *channel, struct err *e);
int store_listen(struct store *st, const char *channel, struct err *e);
int store_wait(struct store *st, int timeout_ms, struct err *e);
bool store_can_notify(const struct store *st);

/* ---- programmes ---- */
/* Inserts p (slug must be unique) and sets p->id. */
int store_programme_insert(struct store *st, struct programme *p,
			   struct err *e);
/* Updates every field but id, slug and created_at. */
int store_programme_update(struct store *st, const struct programme *p,
			   struct err *e);
/* By slug, or by name when no slug matches. */
int store_programme_get(struct store *st, const char *slug_or_name,
			struct arena *a, struct programme *out, struct err *e);
int store_programme_get_id(struct store *st, int64_t id, struct arena *a,
			   struct programme *out, struct err *e);
int store_programme_list(struct store *st, struct arena *a,
			 struct programme **out, size_t *n, struct err *e);

/* ---- people ---- */
/* Inserts, or updates the person with the same (programme_id, email):
 * the update keeps id, status, joined and created_at.  Sets p->id and
 * *created. */
int store_person_upsert(struct store *st, struct person *p, bool *created,
			struct err *e);
/* The same for many people of one programme at once (an import), without
 * a round trip per person on PostgreSQL; emails must be distinct.  Counts
 * what was created and updated; ids are not set.  Join the caller's
 * transaction for all or nothing. */
int store_person_upsert_many(struct store *st, int64_t programme_id,
			     const struct person *people, size_t n,
			     size_t *created, size_t *updated, struct err *e);
/* The same for an organiser's import: new people are marked as added by
 * the organiser (person.joined_by, so their emails say so and they get a
 * welcome); with `consent` (the file had a network_consent column) every
 * show_name is set from people[], existing people's too. */
int store_person_import(struct store *st, int64_t programme_id,
			const struct person *people, size_t n, bool consent,
			size_t *created, size_t *updated, struct err *e);
/* Marks one person as added by an organiser (`people add`, dashboard). */
int store_person_mark_added(struct store *st, int64_t person_id,
			    struct err *e);
/* Sets whether a person agreed to be named on network pictures. */
int store_person_set_consent(struct store *st, int64_t person_id,
			     bool show_name, struct err *e);
/* How many people of the programme are in each state, counts indexed by
 * enum person_status (PERSON_LEFT + 1 of them): one small read however
 * large the programme (dashboards). */
int store_person_count_by_status(struct store *st, int64_t programme_id,
				 size_t counts[PERSON_LEFT + 1], struct err *e);
int store_person_get(struct store *st, int64_t programme_id,
		     const char *email, struct arena *a, struct person *out,
		     struct err *e);
int store_person_get_id(struct store *st, int64_t person_id, struct arena *a,
			struct person *out, struct err *e);
/* Ordered by id. */
int store_person_list(struct store *st, int64_t programme_id, struct arena *a,
		      struct person **out, size_t *n, struct err *e);
int store_person_set_status(struct store *st, int64_t person_id,
			    enum person_status status, const char *until,
			    struct err *e);
/* skip-next -> active for the whole programme (after a publish). */
int store_person_clear_skips(struct store *st, int64_t programme_id,
			     struct err *e);
/* paused with paused_until < today -> active. */
int store_person_wake_paused(struct store *st, int64_t programme_id,
			     const char *today, struct err *e);

/* Block list: the two people never meet.  Stored with a < b. */
int store_block_add(struct store *st, int64_t programme_id, int64_t a,
		    int64_t b, struct err *e);
/* Pairs as struct pair_history with round 0 and no outcomes. */
int store_block_list(struct store *st, int64_t programme_id, struct arena *a,
		     struct pair_history **out, size_t *n, struct err *e);

/* ---- rounds ---- */
/* The round with the highest number; ERR_NOTFOUND when none. */
int store_round_latest(struct store *st, int64_t programme_id,
		       struct arena *a, struct round *out, struct err *e);
int store_round_list(struct store *st, int64_t programme_id, struct arena *a,
		     struct round **out, size_t *n, struct err *e);
/* A round with groups, members (with outcomes) and unplaced people. */
int store_round_detail(struct store *st, int64_t programme_id, int number,
		       struct arena *a, struct round_detail *out,
		       struct err *e);
/* Deletes the draft round of the programme, if any. */
int store_round_delete_draft(struct store *st, int64_t programme_id,
			     struct err *e);
/* Inserts a round (r->id set) with its groups (g->id set) and unplaced
 * people.  Members are given by person_id. */
int store_round_insert(struct store *st, struct round *r,
		       struct group *groups, size_t ngroups,
		       const struct unplaced *unplaced, size_t nunplaced,
		       struct err *e);
int store_round_set_state(struct store *st, int64_t round_id,
			  enum round_state state, const char *when,
			  struct err *e);
/* Sets the meeting deadline: `from` plus `days` days. */
int store_round_set_deadline(struct store *st, int64_t round_id,
			     const char *from, int days, struct err *e);
/* Replaces the members of one group (manual adjustment of a draft). */
int store_group_set_members(struct store *st, int64_t group_id,
			    const int64_t *person_ids, int n, struct err *e);

/* Per published or closed round: its groups and how many of them met
 * (any member said met), ordered by number; counted by the database in
 * one read however large the rounds (dashboards). */
struct round_tally {
	int number;
	size_t groups, met;
};
int store_round_tallies(struct store *st, int64_t programme_id,
			struct arena *a, struct round_tally **out, size_t *n,
			struct err *e);

/* Every pair grouped together in a published or closed round. */
int store_pair_history(struct store *st, int64_t programme_id,
		       struct arena *a, struct pair_history **out, size_t *n,
		       struct err *e);

/* ---- outcomes ---- */
/* Records one member's outcome; rating 0 = none; comment NULL = keep. */
int store_outcome_set(struct store *st, int64_t group_id, int64_t person_id,
		      enum outcome o, int rating, const char *comment,
		      const char *when, struct err *e);

/* ---- audit ---- */
int store_audit(struct store *st, int64_t programme_id, const char *actor,
		const char *action, const char *detail, struct err *e);

struct audit_row {
	int64_t id;
	char *at, *actor, *action, *detail;
};
int store_audit_list(struct store *st, int64_t programme_id, struct arena *a,
		     struct audit_row **out, size_t *n, struct err *e);

#endif
