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
 *
 * Where engines differ, the difference is data in struct db_ops (a
 * word of SQL, or an optional function that is NULL when the engine has
 * no such thing), never a test of the backend's name.
 */
#ifndef CUPPA_DB_H
#define CUPPA_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct db;
struct db_stmt;
struct db_batch;

/* Called for each row a batch's RETURNING clause gives; read it with
 * db_col_*.  The row is valid only during the call. */
typedef void (*db_row_fn)(struct db_stmt *row, void *arg);

/* One INSERT run for many rows (see db_batch_begin). */
struct db_batch_spec {
	const char *insert; /* "INSERT INTO member (group_id, person_id)" */
	const char *fmt;    /* one char per column: 'i' int64_t, 't' text */
	const char *suffix; /* "", " ON CONFLICT ... DO NOTHING", " RETURNING id" */
	db_row_fn on_row;   /* NULL when there is no RETURNING */
	void *arg;
	/* The columns a batch large enough to refresh the table's statistics
	 * (PostgreSQL) analyses, "(a, b)": those queries filter, join or
	 * group on.  NULL: all of them. */
	const char *analyze;
};

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
	/* Back to before the first step, binds kept (rebinding replaces). */
	void (*reset)(struct db_stmt *s);
	/* Optional (NULL: the engine has no such thing).
	 * check: makes sure the connection is usable, reconnecting one that
	 * was lost; ERR_UNAVAILABLE when the server cannot be reached.
	 * batch_*: bulk writes without a round trip per row; without them
	 * db.c runs each row through prepare/step as it is added (SQLite,
	 * in process, needs nothing better).  values[i] NULL is SQL NULL.
	 * listen/wait: wake-ups; wait returns 1 when a notification came
	 * on a channel listened to, 0 after timeout_ms. */
	int (*check)(struct db *db, struct err *e);
	int (*batch_begin)(struct db *db, const struct db_batch_spec *spec,
			   void **state, struct err *e);
	int (*batch_add)(void *state, const char *const *values, struct err *e);
	int (*batch_end)(void *state, bool ok, int64_t *changes, struct err *e);
	int (*listen)(struct db *db, const char *channel, struct err *e);
	int (*wait)(struct db *db, int timeout_ms, struct err *e);
	/* Words of SQL where engines differ. */
	const char *begin_sql;    /* a write transaction: "BEGIN IMMEDIATE" / "BEGIN" */
	const char *skip_locked;  /* after a claim's inner SELECT: "" / " FOR UPDATE SKIP LOCKED" */
	const char *notify_sql;   /* "NOTIFY %s" or NULL (no notifications) */
	const char *sync_relaxed; /* this connection's commits lazily durable */
	const char *sync_full;    /* ... and fully durable again */
	/* A condition an INSERT ... SELECT adds to its WHERE clause when it
	 * takes every key of its rows from rows it joins (%s: the table
	 * written): PostgreSQL's statement-level key check of that table
	 * then has nothing to look up and is skipped (migration 616); ""
	 * where the engine checks keys itself. */
	const char *keys_joined;
	/* One writer at a time, each commit fsynced: group commit pays
	 * (store_group.h). */
	bool one_writer;
	/* Full-text search (store_search): the query of words, each matched
	 * as a prefix (search_word: printf of one word, search_and between
	 * two), and the SELECT of ids (%1$s: the table) with two `?`: the
	 * programme, then the query. */
	const char *search_word;
	const char *search_and;
	const char *search_sql;
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

/* Prepare, bind from a format as db_run does, step once: the first
 * column of the first row as an integer into *out.  Returns 1 when
 * there was a row, 0 when there was none (*out untouched), or -1.  For
 * the store's lookups of one id, one count or whether a row exists. */
int db_int(struct db *db, int64_t *out, struct err *e, const char *sql,
	   const char *fmt, ...);

/* Binds values from a format string as db_run does. Returns 0 or -1. */
int db_bindf(struct db_stmt *s, struct err *e, const char *fmt, ...);

/* Makes sure the connection works, reconnecting a lost one (PostgreSQL
 * after a server restart); ERR_UNAVAILABLE when it cannot.  Cheap: no
 * round trip while the connection is healthy. */
int db_check(struct db *db, struct err *e);

/* Bulk INSERT: begin, add each row (values as spec->fmt says), end.
 * Rows may be sent before db_batch_end; errors surface at the latest
 * there.  Run inside the caller's transaction for all or nothing.
 * db_batch_end frees b whatever happens and returns the rows changed
 * (>= 0) or -1; after a failed db_batch_add, call it anyway (it frees).
 * The strings spec points to must live until db_batch_end. */
int db_batch_begin(struct db *db, const struct db_batch_spec *spec,
		   struct db_batch **out, struct err *e);
int db_batch_add(struct db_batch *b, struct err *e, ...);
int64_t db_batch_end(struct db_batch *b, struct err *e);

/* Wake-ups.  db_listen subscribes this connection to channel (a plain
 * identifier); db_wait blocks until a notification on a subscribed
 * channel (1), timeout_ms passes (0) or an error (-1).  On an engine
 * without notifications db_wait just sleeps and returns 0, so callers
 * poll as before.  Notifying is the store's (ops->notify_sql, sent with
 * the commit). */
bool db_can_notify(const struct db *db);
int db_listen(struct db *db, const char *channel, struct err *e);
int db_wait(struct db *db, int timeout_ms, struct err *e);

#endif
