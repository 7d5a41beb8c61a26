/*
 * store_access: who may see what: organisers (who log in to /admin),
 * their sessions, their API tokens, which programmes each organises, and
 * failed logins per client.  Token arguments are always the
 * hex hash of the token (web/auth.h computes it); the raw token never
 * reaches the database.  Conventions as store.h.
 */
#ifndef CUPPA_STORE_ACCESS_H
#define CUPPA_STORE_ACCESS_H

#include <stdint.h>

#include "store/store.h"

struct organiser {
	int64_t id;
	char *email;
	char *pw_hash;        /* crypto_pwhash_str output */
	int failures;         /* failed logins in a row */
	char *locked_until;   /* instant, "" when not locked */
};

/* Creates the organiser, or sets the password of an existing one (and
 * clears its lock and ends its sessions).  *created says which. */
int store_organiser_set(struct store *st, const char *email,
			const char *pw_hash, int64_t *id, bool *created,
			struct err *e);
int store_organiser_get(struct store *st, const char *email, struct arena *a,
			struct organiser *out, struct err *e);
int store_organiser_get_id(struct store *st, int64_t id, struct arena *a,
			   struct organiser *out, struct err *e);
/* One more failed login; at max failures in a row, locked until
 * lock_until. */
int store_organiser_login_failed(struct store *st, int64_t id, int max,
				 const char *lock_until, struct err *e);
/* A successful login: failures back to 0, lock cleared. */
int store_organiser_login_ok(struct store *st, int64_t id, struct err *e);

int store_session_insert(struct store *st, const char *token_hash,
			 int64_t organiser_id, const char *expires_at,
			 struct err *e);
/* The organiser of a session still valid at now; ERR_NOTFOUND if none. */
int store_session_get(struct store *st, const char *token_hash,
		      const char *now, int64_t *organiser_id, struct err *e);
/* The same with the organiser's email, in one round trip (every
 * organiser page starts here). */
int store_session_organiser(struct store *st, const char *token_hash,
			    const char *now, struct arena *a,
			    int64_t *organiser_id, char **email,
			    struct err *e);
int store_session_delete(struct store *st, const char *token_hash,
			 struct err *e);

int store_api_token_insert(struct store *st, const char *token_hash,
			   int64_t organiser_id, const char *label,
			   struct err *e);
/* ERR_NOTFOUND when no such token. */
int store_api_token_get(struct store *st, const char *token_hash,
			int64_t *organiser_id, struct err *e);

struct api_token_row {
	int64_t id;
	char *label, *created_at;
};
/* The tokens of one organiser (ids, labels, dates: never the hashes). */
int store_api_token_list(struct store *st, int64_t organiser_id,
			 struct arena *a, struct api_token_row **out,
			 size_t *n, struct err *e);
/* Deletes token id of the organiser; ERR_NOTFOUND if there is none. */
int store_api_token_delete(struct store *st, int64_t organiser_id,
			   int64_t id, struct err *e);

/* ---- who organises which programme ---- */

/* Makes organiser_id an organiser of programme_id; ERR_CONFLICT when
 * it is one already. */
int store_programme_organiser_add(struct store *st, int64_t programme_id,
				  int64_t organiser_id, struct err *e);
/* Removes that; ERR_NOTFOUND when it was not one. */
int store_programme_organiser_remove(struct store *st, int64_t programme_id,
				     int64_t organiser_id, struct err *e);
/* The programme whose slug is slug (ERR_NOTFOUND when none),
 * *organised: organiser_id organises it, and *stamp: its newest audit id
 * (as store_dash_audit_stamp), in one round trip (every programme page
 * of the dashboard starts here). */
int store_programme_get_organised(struct store *st, const char *slug,
				  int64_t organiser_id, struct arena *a,
				  struct programme *out, bool *organised,
				  int64_t *stamp, struct err *e);
/* *yes: organiser_id organises programme_id. */
int store_programme_organised_by(struct store *st, int64_t programme_id,
				 int64_t organiser_id, bool *yes,
				 struct err *e);
/* The programmes organiser_id organises, by id, in a, and (stamps not
 * NULL) the newest audit id of each (as store_dash_audit_stamp): one
 * query. */
int store_programme_list_of(struct store *st, int64_t organiser_id,
			    struct arena *a, struct programme **out,
			    int64_t **stamps, size_t *n, struct err *e);
/* The ids of the programmes organiser_id organises, ascending, in a. */
int store_programme_ids_of(struct store *st, int64_t organiser_id,
			   struct arena *a, int64_t **out, size_t *n,
			   struct err *e);

/* Failed logins per client (an address), shared by every server on the
 * database.  blocked: client has max failures in the window that began
 * with its first failure less than window_s seconds before now. */
int store_login_limit_blocked(struct store *st, const char *client,
			      int64_t now, int window_s, int max,
			      bool *blocked, struct err *e);
/* One more failure of client at now (a window over starts a new one);
 * forgets clients whose window ended. */
int store_login_limit_fail(struct store *st, const char *client,
			   int64_t now, int window_s, struct err *e);

#endif
