/*
 * db_sqlite: the SQLite backend of the db layer.  Opens in WAL mode with
 * foreign keys on, a busy timeout (several processes share one file:
 * `cuppa serve` and a mail worker), and synchronous=FULL so an
 * acknowledged commit survives power loss.
 */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

struct sq_db {
	struct db base;
	sqlite3 *h;
};

struct sq_stmt {
	struct db_stmt base;
	struct sq_db *db;
	sqlite3_stmt *st;
	int64_t changes;
};

static int sq_fail(sqlite3 *h, struct err *e, const char *what)
{
	int code = sqlite3_extended_errcode(h);
	enum err_code c = ERR_IO;
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		c = ERR_CONFLICT;
	return err_set(e, c, "database: %s: %s", what, sqlite3_errmsg(h));
}

static int sq_exec(struct db *db, const char *sql, struct err *e)
{
	struct sq_db *d = (struct sq_db *)db;
	if (sqlite3_exec(d->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sq_fail(d->h, e, "exec");
	return 0;
}

static void sq_close(struct db *db)
{
	struct sq_db *d = (struct sq_db *)db;
	sqlite3_close_v2(d->h);
	free(d);
}

static int sq_open(const char *target, struct db **out, struct err *e)
{
	struct sq_db *d = calloc(1, sizeof *d);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	if (!d)
		return err_set(e, ERR_INTERNAL, "out of memory");
	d->base.ops = &db_sqlite_ops;
	if (sqlite3_open_v2(target, &d->h, flags, NULL) != SQLITE_OK) {
		err_set(e, ERR_IO, "database %s: %s", target,
			d->h ? sqlite3_errmsg(d->h) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(d->h, 10000);
	sqlite3_extended_result_codes(d->h, 1);
	if (sq_exec(&d->base,
		    "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
		    "PRAGMA synchronous=FULL;", e) < 0)
		goto fail;
	*out = &d->base;
	return 0;
fail:
	sqlite3_close_v2(d->h);
	free(d);
	return -1;
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out,
		      struct err *e)
{
	struct sq_db *d = (struct sq_db *)db;
	struct sq_stmt *s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, ERR_INTERNAL, "out of memory");
	s->base.ops = &db_sqlite_ops;
	s->db = d;
	if (sqlite3_prepare_v2(d->h, sql, -1, &s->st, NULL) != SQLITE_OK) {
		sq_fail(d->h, e, "prepare");
		free(s);
		return -1;
	}
	*out = &s->base;
	return 0;
}

static int sq_bind_int(struct db_stmt *bs, int idx, int64_t v)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	return sqlite3_bind_int64(s->st, idx, v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_text(struct db_stmt *bs, int idx, const char *v)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	return sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT) ==
			       SQLITE_OK ? 0 : -1;
}

static int sq_bind_null(struct db_stmt *bs, int idx)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	return sqlite3_bind_null(s->st, idx) == SQLITE_OK ? 0 : -1;
}

static int sq_step(struct db_stmt *bs, struct err *e)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes(s->db->h);
		return 0;
	}
	return sq_fail(s->db->h, e, "step");
}

static bool sq_col_null(struct db_stmt *bs, int col)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

static int64_t sq_col_int(struct db_stmt *bs, int col)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	return sqlite3_column_int64(s->st, col);
}

static const char *sq_col_text(struct db_stmt *bs, int col)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	return (const char *)sqlite3_column_text(s->st, col);
}

static int64_t sq_changes(struct db_stmt *bs)
{
	return ((struct sq_stmt *)bs)->changes;
}

static void sq_finalize(struct db_stmt *bs)
{
	struct sq_stmt *s = (struct sq_stmt *)bs;
	sqlite3_finalize(s->st);
	free(s);
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_null = sq_col_null,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.changes = sq_changes,
	.finalize = sq_finalize,
	.id_type = "INTEGER PRIMARY KEY",
	.table_suffix = " STRICT",
	.int_type = "INTEGER",
};
