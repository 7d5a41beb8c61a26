/*
 * app: what cuppa does, as operations the command line and the web both
 * call.  Each one checks its input with the core rules, reads and writes
 * through the store, and keeps writes that belong together in one
 * transaction; none prints or knows HTTP.
 *
 * All functions: 0 on success, -1 with e set.  Results that carry strings
 * are allocated from the caller's arena.  `actor` names who acted in the
 * audit trail ("cli", "admin:<id>", "self"); never an email.
 */
#ifndef CUPPA_APP_H
#define CUPPA_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/model.h"
#include "store/store.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/* ---- transactions ---- */

/* The audit row a transaction writes just before it commits.  action
 * NULL: no row.  detail NULL: "".  Work may fill in what it learns (the
 * programme of a person it loaded, a detail with their ids). */
struct app_audit {
	int64_t programme_id;
	const char *actor;
	const char *action;
	const char *detail;
};

/* An open write transaction, as work sees it. */
struct app_tx {
	struct store *st;
	struct arena *a;	/* scratch, released when the transaction ends */
	struct app_audit *au;	/* never NULL */
	bool undo;		/* set by work: roll back and succeed (dry run) */
};

/* The part of an operation that runs inside its transaction: 0, or -1
 * with e set.  arg: the operation's own inputs and outputs. */
typedef int app_work(struct app_tx *tx, void *arg, struct err *e);

/* Begins a write transaction, runs work, writes au's audit row and
 * commits; on any failure rolls back and returns -1 with e set.  au may
 * be NULL (nothing audited). */
int app_tx(struct store *st, app_work *work, void *arg,
	   struct app_audit *au, struct err *e);

/* ---- programmes ---- */

/* Validates p (name, cadence, group size, rules), derives its slug,
 * inserts it and sets p->id and p->slug (from arena a). */
int app_programme_add(struct store *st, struct programme *p, struct arena *a,
		      const char *actor, struct err *e);
/* The same, inside a transaction the caller has begun (so the caller can
 * add its own writes, such as granting the creator, atomically). */
int app_programme_add_in_tx(struct store *st, struct programme *p,
			    struct arena *a, const char *actor, struct err *e);
/* Validates and saves changed settings of an existing programme. */
int app_programme_update(struct store *st, const struct programme *p,
			 const char *actor, struct err *e);

/* ---- people ---- */

struct import_report {
	size_t created;
	size_t updated;
};

/* Reads a CSV (see core/roster.h) and adds or updates everyone in it, in
 * one transaction; with dry_run nothing is written.  On bad rows returns
 * -1, every problem listed in `problems` (its sentences in lang), and
 * nothing is changed. */
int app_people_import(struct store *st, const struct programme *p,
		      const char *data, size_t len, const char *file,
		      bool dry_run, struct import_report *rep,
		      struct buf *problems, enum lang lang, struct err *e);

/* Validates and adds one person (or updates them, by email).  who->status
 * decides the state of a new person (PERSON_PENDING for web sign-ups). */
int app_person_add(struct store *st, const struct programme *p,
		   struct person *who, bool *created, struct err *e);
/* The same for an organiser (`people add`, the API), in its own
 * transaction: a new person is marked as added by the organiser and
 * queued a welcome; consent (NULL: unchanged) sets whether they agreed
 * to be named on network pictures. */
int app_person_add_by_organiser(struct store *st, const struct programme *p,
				struct person *who, const bool *consent,
				bool *created, struct err *e);

/* Whether a person agreed to be named on network pictures (an
 * organiser recording it): audited. */
int app_person_set_consent(struct store *st, const struct programme *p,
			   int64_t person_id, bool show_name, const char *actor,
			   struct err *e);

/* Changes a person's state (see core/person.h for the rules). */
int app_person_set_status(struct store *st, const struct programme *p,
			  const char *email, enum person_status status,
			  const char *until, const char *actor, struct err *e);

/* The two never meet. */
int app_people_block(struct store *st, const struct programme *p,
		     const char *email1, const char *email2, const char *actor,
		     struct err *e);

/* ---- rounds ---- */

/* Forms a draft round from everyone eligible today (replacing an
 * unpublished draft) and returns it.  seed: used when have_seed, else
 * drawn from the system's random source (below 2^53). */
int app_round_new(struct store *st, const struct programme *p,
		  bool have_seed, uint64_t seed, const char *actor,
		  struct arena *a, struct round_detail *out, struct err *e);

/* Publishes draft round `number`: sets its meeting deadline, closes the
 * round before it, returns skip-next people to active, audits; in one
 * transaction. */
int app_round_publish(struct store *st, const struct programme *p,
		      int number, const char *actor, struct err *e);

/* The same two steps inside a transaction the caller has begun (the
 * scheduler adds its own writes).  *number: the draft's number. */
int app_round_new_in_tx(struct store *st, const struct programme *p,
			uint64_t seed, const char *actor, struct arena *a,
			int *number, struct err *e);
int app_round_publish_in_tx(struct store *st, const struct programme *p,
			    int number, const char *actor, struct err *e);
/* A fresh seed from the system's random source, below 2^53. */
uint64_t app_round_seed(void);

/* Round `number`, or the latest when number is 0. */
int app_round_get(struct store *st, const struct programme *p, int number,
		  struct arena *a, struct round_detail *out, struct err *e);

/* The round as JSON (the contract of `cuppa round show --json`). */
json_t *app_round_json(const struct programme *p, const struct round_detail *rd);

/* ---- outcomes ---- */

/* Records what one member says about their group in a published or
 * closed round.  rating 0 = none (1..5 only with met); comment may be
 * NULL. */
int app_outcome_record(struct store *st, const struct programme *p,
		       int number, const char *email, enum outcome o,
		       int rating, const char *comment, struct err *e);

/* A group met when any member says met; missed when someone says missed
 * and nobody met; otherwise no answer. */
enum outcome app_group_outcome(const struct group *g);

/* ---- figures and exports ---- */

/* Figures for the programme after round upto (0 = all rounds). */
int app_stats(struct store *st, const struct programme *p, int upto,
	      json_t **out, struct err *e);

/* what: "people", "rounds" or "outcomes"; CSV (formula-safe) or JSON. */
int app_export(struct store *st, const struct programme *p, const char *what,
	       bool json, struct buf *out, struct err *e);

/* The programme's rounds, by number. */
int app_round_list(struct store *st, const struct programme *p,
		   struct arena *a, struct round **out, size_t *n,
		   struct err *e);

/* One page of people (by id) for the dashboard, filtered by q (a
 * case-insensitive piece of name, email, organisation, sector or topics;
 * "" for all) and state (NULL for any); *matched (when not NULL): how
 * many match in all. */
int app_people_page(struct store *st, const struct programme *p,
		    const char *q, const char *status, size_t offset,
		    size_t limit, struct arena *a, struct person **out,
		    size_t *n, size_t *matched, struct err *e);

/* A programme by slug or name; ERR_NOTFOUND when there is none. */
int app_programme_get(struct store *st, const char *slug_or_name,
		      struct arena *a, struct programme *out, struct err *e);

/* A programme by id; ERR_NOTFOUND when there is none. */
int app_programme_get_id(struct store *st, int64_t id, struct arena *a,
			 struct programme *out, struct err *e);

/* The dashboard's figures of a programme that scan its rows: people by
 * state, groups and groups met per round (into a), and the version of
 * its insight data (200 bytes); for web/admin_figures' cache. */
struct dash_people_counts;
struct dash_round_counts;
int app_programme_figures(struct store *st, int64_t programme_id,
			  struct arena *a, struct dash_people_counts *people,
			  struct dash_round_counts **rounds, size_t *nrounds,
			  char version[200], struct err *e);

/* The id of the programme's newest audit row (0 when none): the stamp of
 * its last change that matters, under which such figures stay valid. */
int app_programme_stamp(struct store *st, int64_t programme_id,
			int64_t *stamp, struct err *e);

/* Every programme. */
int app_programme_list(struct store *st, struct arena *a,
		       struct programme **out, size_t *n, struct err *e);

/* A person of p by email (normalised by the caller) or by id;
 * ERR_NOTFOUND when there is none. */
int app_person_get(struct store *st, const struct programme *p,
		   const char *email, struct arena *a, struct person *out,
		   struct err *e);

int app_person_get_id(struct store *st, int64_t person_id, struct arena *a,
		      struct person *out, struct err *e);

/* Everyone in p, by id. */
int app_person_list(struct store *st, const struct programme *p,
		    struct arena *a, struct person **out, size_t *n,
		    struct err *e);

/* The pairs of p who never meet (struct pair_history, round 0). */
int app_people_blocked(struct store *st, const struct programme *p,
		       struct arena *a, struct pair_history **out, size_t *n,
		       struct err *e);

/* Queues the introductions of published round `number` again (a no-op
 * for those already queued); ERR_CONFLICT when it is not published. */
int app_round_mail(struct store *st, const struct programme *p, int number,
		   struct err *e);

#endif
