/* db: dispatch to the backend's ops, plus the small conveniences every
 * store module wants (db_run, db_bindf).  See db.h. */
#include "store/db.h"

#include <stdarg.h>
#include <string.h>

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
