/*
 * store_mail: the mail outbox and the reads the mail composer and
 * scheduler need.  Same conventions as store.h (0 / -1 with e; strings
 * from the caller's arena).
 *
 * Outbox row life: queued -> sent | failed | skipped.  A worker claims
 * queued rows whose due_at has come and whose lease has run out by
 * writing its own claim token and a lease; every later change of the row
 * is made only "WHERE claimed_by = token", so a worker whose lease ran out
 * (and whose rows another worker took over) cannot overwrite them.  A
 * worker that dies simply lets its leases expire: the rows are claimed
 * again, so a message is sent at least once (twice at worst when the
 * crash fell between the SMTP answer and the recording of it).
 */
#ifndef CUPPA_STORE_MAIL_H
#define CUPPA_STORE_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* The wake-up channel of mail workers (store_listen): every enqueue
 * notifies it at its commit. */
#define STORE_MAIL_CHANNEL "cuppa_mail"

struct mail_row {
	int64_t id;
	int64_t programme_id;
	int64_t person_id;
	int64_t round_id;      /* 0 when not about a round */
	int64_t group_id;      /* 0 when not about a group */
	char *kind;            /* "intro", "checkin", ... */
	char *dedupe;
	char *rcpt;
	char *detail;          /* kind-specific: the unplaced reason */
	char *state;
	int attempts;
	int last_code;         /* SMTP reply code of the last try, 0 = none */
	char *last_reply;
	int64_t due_at;
	char *created_at;
	char *sent_at;
};

/* Inserts a queued row unless one with the same dedupe key exists
 * (*inserted false then; not an error).  Joins the caller's transaction
 * when one is open. */
int store_mail_enqueue(struct store *st, const struct mail_row *r,
		       bool *inserted, struct err *e);

/* The same for many rows at once (a round's introductions), without a
 * round trip per row on PostgreSQL; rows already queued under their
 * dedupe key are left alone.  Join the caller's transaction. */
int store_mail_enqueue_many(struct store *st, const struct mail_row *rows,
			    size_t n, struct err *e);

/* Claims at most max rows that are queued, due (due_at <= now) and not
 * leased (lease_until <= now), for token until lease_until, and returns
 * them ordered by id.  One UPDATE ... WHERE id IN (SELECT ...) RETURNING
 * that re-checks the lease in the outer WHERE; on PostgreSQL the inner
 * SELECT is FOR UPDATE SKIP LOCKED, so concurrent claimers take
 * different rows without waiting for each other. */
int store_mail_claim(struct store *st, const char *token, int64_t now,
		     int64_t lease_until, int max, struct arena *a,
		     struct mail_row **out, size_t *n, struct err *e);

/* Outcome of one try, recorded only if token still holds the row.
 * *held (may be NULL) says whether it did. */
int store_mail_sent(struct store *st, int64_t id, const char *token,
		    int code, const char *reply, const char *when,
		    bool *held, struct err *e);
int store_mail_retry(struct store *st, int64_t id, const char *token,
		     int code, const char *reply, int64_t due_at, bool *held,
		     struct err *e);
int store_mail_failed(struct store *st, int64_t id, const char *token,
		      int code, const char *reply, bool *held, struct err *e);
int store_mail_skipped(struct store *st, int64_t id, const char *token,
		       const char *why, struct err *e);
/* Pushes the lease of every row token still holds to lease_until (a
 * slow server must not let the lease run out mid-batch). */
int store_mail_extend(struct store *st, const char *token,
		      int64_t lease_until, struct err *e);
/* How the outcome records of this connection reach the disk.  relaxed:
 * SQLite synchronous=NORMAL (PostgreSQL: synchronous_commit off) on this
 * connection only; otherwise back to the engine's full durability.
 * Only for a mail worker's own connection while it records sends: in
 * WAL mode a killed process never loses a committed transaction; only
 * an operating-system crash or power cut can roll back the last
 * commits, and losing the record of a message already sent makes it go
 * again (a duplicate), never lost.  Must not be used for commits that
 * cause messages (enqueueing, the scheduler): see docs/mail.md. */
int store_mail_relax_sync(struct store *st, bool relaxed, struct err *e);

/* Gives back every row token still leases (due again at once). */
int store_mail_release(struct store *st, const char *token, struct err *e);

struct mail_counts {
	int64_t queued, sent, failed, skipped;
};
/* Counts for one programme (programme_id 0: all). */
int store_mail_counts(struct store *st, int64_t programme_id,
		      struct mail_counts *out, struct err *e);
/* Rows of one programme (0: all) in one state (NULL: any), newest
 * first, at most limit. */
int store_mail_list(struct store *st, int64_t programme_id,
		    const char *state, int limit, struct arena *a,
		    struct mail_row **out, size_t *n, struct err *e);
/* Drops every queued row of a person (unsubscribe, erasure). */
int store_mail_cancel_person(struct store *st, int64_t person_id,
			     struct err *e);

/* ---- reads for composing and scheduling ---- */

/* The round with this id. */
int store_mail_round(struct store *st, int64_t round_id, struct arena *a,
		     struct round *out, struct err *e);
/* The members of a group as full persons (ordered by person id), with
 * each one's outcome in outcomes[i] (may be NULL). */
int store_mail_group(struct store *st, int64_t group_id, struct arena *a,
		     struct person **out, enum outcome **outcomes, size_t *n,
		     struct err *e);
/* Of the person's last `last` check-ins (by round) since their last
 * nudge, how many exist and how many are still unanswered (their outcome
 * is none). */
int store_mail_checkins(struct store *st, int64_t person_id, int last,
			int *count, int *unanswered, struct err *e);

/* Queues a welcome (dedupe welcome:uID) for every active person of the
 * programme an organiser added who has neither a welcome nor an
 * introduction yet: after an import, in its transaction. */
int store_mail_enqueue_welcomes(struct store *st, int64_t programme_id,
				int64_t due_at, struct err *e);

/* What the composer needs to keep the welcome before the first round. */
struct mail_welcome_state {
	bool added;            /* an organiser added them (person.joined_by) */
	bool welcome_sent;     /* their welcome has gone */
	bool intro_sent;       /* an introduction has gone to them */
	bool intro_queued;     /* an introduction waits to go */
};
int store_mail_welcome_state(struct store *st, int64_t person_id,
			     struct mail_welcome_state *out, struct err *e);

#endif
