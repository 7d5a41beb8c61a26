/*
 * backup: whole-database copies of a SQLite database, with SQLite's
 * online backup API (https://sqlite.org/backup.html), so a copy taken
 * while `cuppa serve` writes is one consistent snapshot: every write
 * committed before the copy began is in it, none half-made.  PostgreSQL
 * has pg_dump for this (docs/deploy.md); these refuse a postgres:// URL.
 * The keys file beside the database is not part of either (copy it once,
 * keep it safe: restored data signs links with it).
 */
#ifndef CUPPA_BACKUP_H
#define CUPPA_BACKUP_H

#include <stdbool.h>

#include "util/err.h"

/* Copies the database at db to file, through FILE.tmp.PID renamed into
 * place and fsynced (an existing file is replaced whole, never left
 * half-written).  file may not be db itself. */
int store_backup(const char *db, const char *file, struct err *e);

/* True when some process (a server, a mail worker) has db open now. */
bool store_in_use(const char *db);

/* Replaces the contents of db with the backup in file, after checking
 * that file is an intact cuppa database.  An existing db is first copied
 * to DB.before-restore.  Refuses (ERR_CONFLICT) while another process
 * has db open, unless force: then the copy goes in under SQLite's locks
 * and the running processes see the restored data from their next
 * transaction on.  *saved is set when DB.before-restore was written. */
int store_restore(const char *db, const char *file, bool force, bool *saved,
		  struct err *e);

#endif
