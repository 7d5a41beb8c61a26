/*
 * db_sqlite: the SQLite backend of the db layer.  Opens in WAL mode with
 * foreign keys on, a busy timeout (several processes share one file:
 * `cuppa serve` and a mail worker), and synchronous=FULL so an
 * acknowledged commit survives power loss.
 *
 * A database the process cannot write (a read-only file, directory or
 * file system) is opened read-only: commands that only read work, and a
 * write fails with "the database is read-only".  Without a -shm file and
 * no way to make one, SQLite cannot read a WAL database at all; then
 * there is no WAL content either (the last writer checkpointed it), and
 * the file is opened immutable.  A full disk (SQLITE_FULL, or an I/O
 * error whose cause is ENOSPC/EDQUOT) says "the disk is full".
 *
 * Erasure: secure_delete is on, so deleted rows are overwritten in the
 * pages that held them; db_sqlite_ops.scrub checkpoints the WAL with
 * TRUNCATE, so an erased value leaves the WAL file at once too.
 *
 * Prepared statements are kept in a small per-connection cache keyed by
 * their SQL text: a web server runs the same few dozen statements all day,
 * and preparing them is most of the cost of a simple read.  A cached
 * statement is reset (not finalized) when its user finalizes it; one in
 * use is never handed out twice.
 */
#include "store/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#define SQ_CACHE 64

struct sq_cached {
	char *sql;           /* NULL: empty slot */
	sqlite3_stmt *st;
	bool busy;
	uint64_t used;       /* for least-recently-used eviction */
};

struct sq_db {
	struct db base;
	sqlite3 *h;
	struct sq_cached cache[SQ_CACHE];
	uint64_t clock;
};

struct sq_stmt {
	struct db_stmt base;
	struct sq_db *db;
	sqlite3_stmt *st;
	struct sq_cached *cached; /* NULL when not from the cache */
	int64_t changes;
};

static int sq_fail(sqlite3 *h, struct err *e, const char *what)
{
	int code = sqlite3_extended_errcode(h);
	int sys = sqlite3_system_errno(h);
	enum err_code c = ERR_IO;
	if ((code & 0xff) == SQLITE_CONSTRAINT)
		c = ERR_CONFLICT;
	if ((code & 0xff) == SQLITE_READONLY)
		return err_set(e, ERR_IO, "the database is read-only: this "
			       "command changes it, and nothing was changed");
	if ((code & 0xff) == SQLITE_FULL ||
	    ((code & 0xff) == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT)))
		return err_set(e, ERR_IO, "the disk is full: the database "
			       "cannot grow, and nothing was changed");
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
	for (int i = 0; i < SQ_CACHE; i++) {
		sqlite3_finalize(d->cache[i].st);
		free(d->cache[i].sql);
	}
	sqlite3_close_v2(d->h);
	free(d);
}

/* A free cached statement for sql, or NULL. */
static struct sq_cached *cache_find(struct sq_db *d, const char *sql)
{
	for (int i = 0; i < SQ_CACHE; i++) {
		struct sq_cached *c = &d->cache[i];
		if (c->sql && !c->busy && strcmp(c->sql, sql) == 0)
			return c;
	}
	return NULL;
}

/* Keeps st in the cache, evicting the least recently used idle entry;
 * NULL when every slot is busy (then the caller owns st alone). */
static struct sq_cached *cache_put(struct sq_db *d, const char *sql,
				   sqlite3_stmt *st)
{
	struct sq_cached *victim = NULL;
	for (int i = 0; i < SQ_CACHE; i++) {
		struct sq_cached *c = &d->cache[i];
		if (!c->sql) {
			victim = c;
			break;
		}
		if (!c->busy && (!victim || c->used < victim->used))
			victim = c;
	}
	char *copy = victim ? strdup(sql) : NULL;
	if (!copy)
		return NULL;
	sqlite3_finalize(victim->st);
	free(victim->sql);
	victim->sql = copy;
	victim->st = st;
	return victim;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs
 * it, into out (size n); -1 when it does not fit. */
static int immutable_uri(const char *path, char *out, size_t n)
{
	size_t k = (size_t)snprintf(out, n, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (k + 4 >= n)
			return -1;
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21)
			k += (size_t)snprintf(out + k, n - k, "%%%02X", *p);
		else
			out[k++] = (char)*p;
	}
	out[k] = '\0';
	if (k + sizeof "?immutable=1" > n)
		return -1;
	memcpy(out + k, "?immutable=1", sizeof "?immutable=1");
	return 0;
}

/* Whether the connection can read the schema. */
static bool sq_readable(sqlite3 *h)
{
	return sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL,
			    NULL, NULL) == SQLITE_OK;
}

static int sq_open(const char *target, struct db **out, struct err *e)
{
	struct sq_db *d = calloc(1, sizeof *d);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	bool ro;
	if (!d)
		return err_set(e, ERR_INTERNAL, "out of memory");
	d->base.ops = &db_sqlite_ops;
	if (sqlite3_open_v2(target, &d->h, flags, NULL) != SQLITE_OK) {
		err_set(e, ERR_IO, "database %s: %s", target,
			d->h ? sqlite3_errmsg(d->h) : "cannot open");
		goto fail;
	}
	/* SQLite opens a write-protected file read-only by itself. */
	ro = sqlite3_db_readonly(d->h, "main") == 1;
	if (ro && !sq_readable(d->h)) {
		char uri[4200];
		sqlite3_close_v2(d->h);
		d->h = NULL;
		if (immutable_uri(target, uri, sizeof uri) < 0 ||
		    sqlite3_open_v2(uri, &d->h, SQLITE_OPEN_READONLY |
				    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK ||
		    !sq_readable(d->h)) {
			err_set(e, ERR_IO, "database %s: cannot be read (the "
				"file is read-only and so is its folder)", target);
			goto fail;
		}
	}
	sqlite3_busy_timeout(d->h, 10000);
	sqlite3_extended_result_codes(d->h, 1);
	if (sq_exec(&d->base, ro ? "PRAGMA foreign_keys=ON;"
			      : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
				"PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;",
		    e) < 0)
		goto fail;
	*out = &d->base;
	return 0;
fail:
	sqlite3_close_v2(d->h);
	free(d);
	return -1;
}

/* After an erasure: secure_delete has overwritten the rows in the pages;
 * a TRUNCATE checkpoint copies those pages into the database file and
 * empties the WAL, so no copy of the erased values is left in either
 * file.  Busy readers may keep the WAL from being reset: then it is
 * tried again for a while (busy timeout) and reported. */
static int sq_scrub(struct db *db, struct err *e)
{
	struct sq_db *d = (struct sq_db *)db;
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(d->h, NULL, SQLITE_CHECKPOINT_TRUNCATE,
					   &log, &done);
	if (rc != SQLITE_OK)
		return sq_fail(d->h, e, "checkpoint");
	return 0;
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
	s->cached = cache_find(d, sql);
	if (s->cached) {
		s->st = s->cached->st;
	} else {
		if (sqlite3_prepare_v2(d->h, sql, -1, &s->st, NULL) != SQLITE_OK) {
			sq_fail(d->h, e, "prepare");
			free(s);
			return -1;
		}
		s->cached = cache_put(d, sql, s->st);
	}
	if (s->cached) {
		s->cached->busy = true;
		s->cached->used = ++d->clock;
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
	if (s->cached) {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
		s->cached->busy = false;
	} else {
		sqlite3_finalize(s->st);
	}
	free(s);
}

static void sq_reset(struct db_stmt *bs)
{
	sqlite3_reset(((struct sq_stmt *)bs)->st);
}

const struct db_ops db_sqlite_ops = {
	.name = "sqlite",
	.search_word = "\"%s\"*",
	.search_and = " ",
	.search_sql = "SELECT t.id FROM %1$s_fts f JOIN %1$s t ON t.id = f.rowid"
		      " WHERE t.programme_id = ? AND %1$s_fts MATCH ? ORDER BY t.id",
	.open = sq_open,
	.scrub = sq_scrub,
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
	.reset = sq_reset,
	.begin_sql = "BEGIN IMMEDIATE",
	.skip_locked = "",
	.keys_joined = "",
	.sync_relaxed = "PRAGMA synchronous=NORMAL",
	.sync_full = "PRAGMA synchronous=FULL",
	.one_writer = true,
	.id_type = "INTEGER PRIMARY KEY",
	.table_suffix = " STRICT",
	.int_type = "INTEGER",
};
