/* db: dispatch to the backend's ops, plus the small conveniences every
 * store module wants (db_run, db_bindf).  See db.h. */
#include "store/db.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int db_open(const char *target, struct db **out, struct err *e)
{
	if (strncmp(target, "postgres://", 11) == 0 ||
	    strncmp(target, "postgresql://", 13) == 0)
		return db_pg_ops.open(target, out, e);
	return db_sqlite_ops.open(target, out, e);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	return db->ops->exec(db, sql, e);
}

int db_scrub(struct db *db, struct err *e)
{
	return db->ops->scrub ? db->ops->scrub(db, e) : 0;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct err *e)
{
	return db->ops->prepare(db, sql, out, e);
}

int db_bind_int(struct db_stmt *s, int idx, int64_t v)
{
	return s->ops->bind_int(s, idx, v);
}

int db_bind_text(struct db_stmt *s, int idx, const char *v)
{
	return v ? s->ops->bind_text(s, idx, v) : s->ops->bind_null(s, idx);
}

int db_step(struct db_stmt *s, struct err *e) { return s->ops->step(s, e); }

bool db_col_null(struct db_stmt *s, int col) { return s->ops->col_null(s, col); }

int64_t db_col_int(struct db_stmt *s, int col) { return s->ops->col_int(s, col); }

const char *db_col_text(struct db_stmt *s, int col)
{
	const char *t = s->ops->col_text(s, col);
	return t ? t : "";
}

int64_t db_changes(struct db_stmt *s) { return s->ops->changes(s); }

void db_finalize(struct db_stmt *s)
{
	if (s)
		s->ops->finalize(s);
}

static int db_vbind(struct db_stmt *s, struct err *e, const char *fmt,
		    va_list ap)
{
	int idx = 1;
	for (const char *f = fmt; f && *f; f++, idx++) {
		int rc;
		if (*f == 'i')
			rc = db_bind_int(s, idx, va_arg(ap, int64_t));
		else if (*f == 't')
			rc = db_bind_text(s, idx, va_arg(ap, const char *));
		else
			return err_set(e, ERR_INTERNAL, "db: bad bind format '%c'", *f);
		if (rc < 0)
			return err_set(e, ERR_INTERNAL, "db: cannot bind parameter %d", idx);
	}
	return 0;
}

int db_bindf(struct db_stmt *s, struct err *e, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = db_vbind(s, e, fmt, ap);
	va_end(ap);
	return rc;
}

int64_t db_run(struct db *db, struct err *e, const char *sql,
	       const char *fmt, ...)
{
	struct db_stmt *s = NULL;
	va_list ap;
	int64_t rc = -1;
	int st;
	if (db_prepare(db, sql, &s, e) < 0)
		return -1;
	va_start(ap, fmt);
	st = db_vbind(s, e, fmt, ap);
	va_end(ap);
	if (st < 0)
		goto done;
	while ((st = db_step(s, e)) == 1)
		;
	if (st < 0)
		goto done;
	rc = db_changes(s);
done:
	db_finalize(s);
	return rc;
}

int db_int(struct db *db, int64_t *out, struct err *e, const char *sql,
	   const char *fmt, ...)
{
	struct db_stmt *s = NULL;
	va_list ap;
	int rc;
	if (db_prepare(db, sql, &s, e) < 0)
		return -1;
	va_start(ap, fmt);
	rc = db_vbind(s, e, fmt, ap);
	va_end(ap);
	if (rc == 0)
		rc = db_step(s, e);
	if (rc == 1)
		*out = db_col_int(s, 0);
	db_finalize(s);
	return rc;
}

int db_check(struct db *db, struct err *e)
{
	return db->ops->check ? db->ops->check(db, e) : 0;
}

/* ---- bulk writes ---- */

#define BATCH_MAX_COLS 32

struct db_batch {
	struct db *db;
	const char *fmt;
	int ncols;
	void *bulk;              /* the engine's state (ops->batch_*) */
	struct db_stmt *one;     /* otherwise: the statement run per row */
	db_row_fn on_row;
	void *arg;
	int64_t changes;
	bool failed;
};

/* The per-row statement: insert VALUES (?, ...) suffix. */
static int batch_prepare_one(struct db_batch *b, const struct db_batch_spec *sp,
			     struct err *e)
{
	char sql[2048];
	size_t n = (size_t)snprintf(sql, sizeof sql, "%s VALUES (", sp->insert);
	for (int i = 0; i < b->ncols && n < sizeof sql; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, i ? ", ?" : "?");
	if (n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n, ")%s", sp->suffix);
	if (n >= sizeof sql)
		return err_set(e, ERR_INTERNAL, "db: batch statement too long");
	return db_prepare(b->db, sql, &b->one, e);
}

int db_batch_begin(struct db *db, const struct db_batch_spec *spec,
		   struct db_batch **out, struct err *e)
{
	struct db_batch *b = calloc(1, sizeof *b);
	int rc;
	*out = NULL;
	if (!b)
		return err_set(e, ERR_INTERNAL, "out of memory");
	b->db = db;
	b->fmt = spec->fmt;
	b->ncols = (int)strlen(spec->fmt);
	b->on_row = spec->on_row;
	b->arg = spec->arg;
	if (b->ncols < 1 || b->ncols > BATCH_MAX_COLS) {
		free(b);
		return err_set(e, ERR_INTERNAL, "db: a batch needs 1 to %d columns",
			       BATCH_MAX_COLS);
	}
	rc = db->ops->batch_begin ? db->ops->batch_begin(db, spec, &b->bulk, e)
				  : batch_prepare_one(b, spec, e);
	if (rc < 0) {
		free(b);
		return -1;
	}
	*out = b;
	return 0;
}

/* One row through the per-row statement. */
static int batch_step_one(struct db_batch *b, va_list ap, struct err *e)
{
	int st;
	if (db_vbind(b->one, e, b->fmt, ap) < 0)
		return -1;
	while ((st = db_step(b->one, e)) == 1)
		if (b->on_row)
			b->on_row(b->one, b->arg);
	if (st < 0)
		return -1;
	b->changes += db_changes(b->one);
	b->one->ops->reset(b->one); /* ready for the next row's binds */
	return 0;
}

/* One row as text for the engine's bulk path. */
static int batch_add_bulk(struct db_batch *b, va_list ap, struct err *e)
{
	char nums[BATCH_MAX_COLS][24];
	const char *vals[BATCH_MAX_COLS];
	for (int i = 0; i < b->ncols; i++) {
		if (b->fmt[i] == 'i') {
			snprintf(nums[i], sizeof nums[i], "%lld",
				 (long long)va_arg(ap, int64_t));
			vals[i] = nums[i];
		} else if (b->fmt[i] == 't') {
			vals[i] = va_arg(ap, const char *);
		} else {
			return err_set(e, ERR_INTERNAL, "db: bad bind format '%c'",
				       b->fmt[i]);
		}
	}
	return b->db->ops->batch_add(b->bulk, vals, e);
}

int db_batch_add(struct db_batch *b, struct err *e, ...)
{
	va_list ap;
	int rc;
	if (b->failed)
		return err_set(e, ERR_INTERNAL, "db: batch used after a failure");
	va_start(ap, e);
	rc = b->bulk ? batch_add_bulk(b, ap, e) : batch_step_one(b, ap, e);
	va_end(ap);
	if (rc < 0)
		b->failed = true;
	return rc;
}

int64_t db_batch_end(struct db_batch *b, struct err *e)
{
	int64_t rc;
	if (!b)
		return -1;
	if (b->bulk) {
		int64_t n = 0;
		rc = b->db->ops->batch_end(b->bulk, !b->failed, &n, e);
		if (rc == 0)
			rc = b->failed ? -1 : n;
	} else {
		db_finalize(b->one);
		rc = b->failed ? -1 : b->changes;
	}
	free(b);
	return rc;
}

/* ---- wake-ups ---- */

bool db_can_notify(const struct db *db)
{
	return db->ops->notify_sql != NULL && db->ops->listen && db->ops->wait;
}

int db_listen(struct db *db, const char *channel, struct err *e)
{
	for (const char *p = channel; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return err_set(e, ERR_INTERNAL, "db: bad channel name");
	return db->ops->listen ? db->ops->listen(db, channel, e) : 0;
}

int db_wait(struct db *db, int timeout_ms, struct err *e)
{
	if (db->ops->wait)
		return db->ops->wait(db, timeout_ms, e);
	if (timeout_ms > 0) {
		struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	return 0;
}
