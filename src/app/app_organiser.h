/*
 * app_organiser: organisers' accounts as the login page and `cuppa
 * admin` use them: finding one, the failed-login limits, sessions and
 * API tokens.  Hashing passwords and tokens is the caller's (web/auth):
 * only hashes reach these functions.
 */
#ifndef CUPPA_APP_ORGANISER_H
#define CUPPA_APP_ORGANISER_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_access.h"
#include "util/arena.h"
#include "util/err.h"

/* The organiser with this (lower-case) email; ERR_NOTFOUND if none. */
int app_organiser_get(struct store *st, const char *email, struct arena *a,
		      struct organiser *out, struct err *e);

/* Whether client (an address) has used up its max failed logins in
 * the window of window_s seconds before now. */
int app_organiser_login_blocked(struct store *st, const char *client,
				int64_t now, int window_s, int max,
				bool *blocked, struct err *e);

/* A refused login: one more failure of client (when count_client), and
 * of organiser_id (when not 0: locked until lock_until at max failures
 * in a row). */
int app_organiser_login_refused(struct store *st, const char *client,
				bool count_client, int64_t now, int window_s,
				int64_t organiser_id, int max,
				const char *lock_until, struct err *e);

/* A login accepted: the organiser's failures cleared and a session
 * (token_hash, valid until expires_at) opened, together. */
int app_organiser_login(struct store *st, int64_t organiser_id,
			const char *token_hash, const char *expires_at,
			struct err *e);

/* Ends the session token_hash. */
int app_organiser_logout(struct store *st, const char *token_hash,
			 struct err *e);

/* The organiser's API tokens (ids, labels, dates: never the hashes);
 * adding one by its hash; removing one (ERR_NOTFOUND when the organiser
 * has no token id). */
int app_organiser_tokens(struct store *st, int64_t organiser_id,
			 struct arena *a, struct api_token_row **out,
			 size_t *n, struct err *e);

int app_organiser_token_add(struct store *st, int64_t organiser_id,
			    const char *token_hash, const char *label,
			    struct err *e);

int app_organiser_token_remove(struct store *st, int64_t organiser_id,
			       int64_t id, struct err *e);

/* Who holds the session token_hash (still valid at now), with their
 * email; ERR_NOTFOUND when nobody.  The same for an API token. */
int app_organiser_of_session(struct store *st, const char *token_hash,
			     const char *now, struct arena *a,
			     int64_t *organiser_id, char **email,
			     struct err *e);

int app_organiser_of_token(struct store *st, const char *token_hash,
			   int64_t *organiser_id, struct err *e);

/* The programme named slug, whether organiser_id organises it and its
 * newest audit id (the dashboard's freshness stamp), in one round trip. */
int app_organiser_programme(struct store *st, const char *slug,
			    int64_t organiser_id, struct arena *a,
			    struct programme *out, bool *organised,
			    int64_t *stamp, struct err *e);

/* The programmes organiser_id organises, with (stamps not NULL) the
 * newest audit id of each. */
int app_organiser_programmes(struct store *st, int64_t organiser_id,
			     struct arena *a, struct programme **out,
			     int64_t **stamps, size_t *n, struct err *e);

#endif
