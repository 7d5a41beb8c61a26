/*
 * db: the narrow SQL layer every store module is written on, with one
 * backend per database engine behind a table of function pointers
 * (struct db_ops, like sqlite3_io_methods).  Store modules write portable
 * SQL with `?` placeholders; a backend that numbers its parameters
 * rewrites them.  Nothing above store/ includes this header.
 *
 * Statement life: db_prepare, db_bind_*, db_step until 0, db_finalize.
 * Text returned by db_col_text is valid until the next db_step or
 * db_finalize on that statement.
 */
#ifndef CUPPA_DB_H
#define CUPPA_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct db;
struct db_stmt;

struct db_ops {
	const char *name; /* "sqlite", "postgres" */
	int (*open)(const char *target, struct db **out, struct err *e);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct err *e);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out,
		       struct err *e);
	int (*bind_int)(struct db_stmt *s, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *s, int idx, const char *v);
	int (*bind_null)(struct db_stmt *s, int idx);
	int (*step)(struct db_stmt *s, struct err *e);
	bool (*col_null)(struct db_stmt *s, int col);
	int64_t (*col_int)(struct db_stmt *s, int col);
	const char *(*col_text)(struct db_stmt *s, int col);
	int64_t (*changes)(struct db_stmt *s);
	void (*finalize)(struct db_stmt *s);
	/* Words the migrations use where engines differ. */
	const char *id_type;      /* "INTEGER PRIMARY KEY" / "BIGSERIAL PRIMARY KEY" */
	const char *table_suffix; /* " STRICT" / "" */
	const char *int_type;     /* what INTEGER columns become: "INTEGER" / "BIGINT" */
	/* Optional: after an erasure, leaves no copy of deleted or
	 * overwritten values in the engine's files (NULL: nothing to do). */
	int (*scrub)(struct db *db, struct err *e);
};

/* Every connection starts with a pointer to its ops. */
struct db {
	const struct db_ops *ops;
};
struct db_stmt {
	const struct db_ops *ops;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Opens by target: "postgres://..." or "postgresql://..." picks PostgreSQL,
 * anything else is a SQLite file path. */
int db_open(const char *target, struct db **out, struct err *e);
void db_close(struct db *db);

int db_exec(struct db *db, const char *sql, struct err *e);
/* ops->scrub when the backend has one, else 0. */
int db_scrub(struct db *db, struct err *e);
int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
	       struct err *e);
/* Binds are 1-based; idx counts `?` from the left.  NULL text binds NULL. */
int db_bind_int(struct db_stmt *s, int idx, int64_t v);
int db_bind_text(struct db_stmt *s, int idx, const char *v);
/* 1: a row is ready; 0: done; -1: error in e. */
int db_step(struct db_stmt *s, struct err *e);
bool db_col_null(struct db_stmt *s, int col);
int64_t db_col_int(struct db_stmt *s, int col);
/* Never NULL: "" for SQL NULL. */
const char *db_col_text(struct db_stmt *s, int col);
/* Rows changed by the last step of an INSERT/UPDATE/DELETE. */
int64_t db_changes(struct db_stmt *s);
void db_finalize(struct db_stmt *s);

/* Prepare, bind from a format, step once to completion.
 * fmt: one char per `?`: 'i' int64_t, 't' const char *. Returns rows
 * changed (>= 0) or -1. */
int64_t db_run(struct db *db, struct err *e, const char *sql,
	       const char *fmt, ...);

/* Binds values from a format string as db_run does. Returns 0 or -1. */
int db_bindf(struct db_stmt *s, struct err *e, const char *fmt, ...);

#endif
