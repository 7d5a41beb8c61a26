/*
 * app_grant: who organises which programme.  The dashboard and
 * the API show an organiser only the programmes they organise (web.c
 * checks it for every request that names a programme); these are the
 * writes behind that: a programme created on the web gets its creator as
 * organiser, and `cuppa admin grant/ungrant/add --programme` change the
 * list.  Each call is one transaction with its audit rows (actor as
 * store_audit; the detail names the organiser by id, never by email).
 */
#ifndef CUPPA_APP_GRANT_H
#define CUPPA_APP_GRANT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

/* Creates p as app_programme_add does (validation, slug into a, audit
 * "programme.add") and makes organiser_id its organiser, all in one
 * transaction: nobody ever sees the programme without its organiser. */
int app_grant_programme_add(struct store *st, struct programme *p,
			  int64_t organiser_id, struct arena *a,
			  const char *actor, struct err *e);

/* Makes organiser_id an organiser of p (audit "organiser.grant");
 * ERR_CONFLICT when it is one already. */
int app_grant_add(struct store *st, const struct programme *p,
			    int64_t organiser_id, const char *actor,
			    struct err *e);
/* The reverse (audit "organiser.ungrant"); ERR_NOTFOUND when it was not
 * one.  The last organiser may go: the programme is then reachable from
 * the command line only, until someone is granted it. */
int app_grant_remove(struct store *st, const struct programme *p,
			      int64_t organiser_id, const char *actor,
			      struct err *e);

/* Creates the organiser email or sets its password (store_organiser_set)
 * and, when p is not NULL, makes it an organiser of p unless it is one
 * already (*granted says whether a row was added), in one transaction. */
int app_grant_organiser_set(struct store *st, const char *email,
			  const char *pw_hash, const struct programme *p,
			  const char *actor, int64_t *id, bool *created,
			  bool *granted, struct err *e);

#endif
