/*
 * app_ops: what running cuppa needs from its database, for the command
 * line (`init`, `backup`, `restore`, `mail status`) and the server's
 * /healthz and /metrics: whether it answers, its schema version, counts,
 * the scheduler's last run, copies of the file.
 */
#ifndef CUPPA_APP_OPS_H
#define CUPPA_APP_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_mail.h"
#include "store/store_ops.h"
#include "core/model.h"
#include "util/arena.h"
#include "util/err.h"

/* One round trip to the database: 0, or -1 when it cannot answer. */
int app_ops_ping(struct store *st, struct err *e);

/* The outbox by state and the rounds published, every programme's. */
int app_ops_counts(struct store *st, struct store_ops_counts *out,
		   struct err *e);

/* The schema version after migrations. */
int app_ops_schema_version(struct store *st, int *version, struct err *e);

/* When the round scheduler last ran (Unix time, 0: never), whichever
 * server held its lease. */
int app_ops_scheduler_last_run(struct store *st, int64_t *last,
			       struct err *e);

/* Copies the database at db to file, whole or not at all (see
 * store/backup.h); restores one (unless force, refused while a process
 * has db open; *saved when DB.before-restore was written). */
int app_ops_backup(const char *db, const char *file, struct err *e);

int app_ops_restore(const char *db, const char *file, bool force, bool *saved,
		    struct err *e);

/* The outbox of programme p: counts by state, and its failed messages
 * (newest first, at most limit). */
int app_ops_mail(struct store *st, const struct programme *p, int limit,
		 struct arena *a, struct mail_counts *counts,
		 struct mail_row **failed, size_t *n, struct err *e);

#endif
