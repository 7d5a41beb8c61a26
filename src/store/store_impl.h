/*
 * store_impl: what the store modules share and nobody else sees.
 */
#ifndef CUPPA_STORE_IMPL_H
#define CUPPA_STORE_IMPL_H

#include "store/db.h"
#include "store/store.h"

#define STORE_MAX_NOTIFY 4

struct store {
	struct db *db;
	int in_tx;
	/* Inside a group commit's transaction (store_group.c): a job's
	 * store_begin / commit / rollback are a savepoint's. */
	bool grouped;
	/* Channels to notify at the commit of the open transaction. */
	char notify[STORE_MAX_NOTIFY][32];
	int nnotify;
};

/* One schema change.  Versions: core 1-99, web 100-199, mail 200-299,
 * insight 300-399, so each area appends to its own list without clashing.
 * In sql, {ID} becomes the engine's auto-increment primary key and
 * {STRICT} its strict-table suffix; the word INTEGER becomes a 64-bit
 * integer type on every engine.  Keep the SQL portable: no engine-only
 * functions (use values computed in C, like store_now()).  Where there
 * is no portable spelling (full-text indexes, store_search.c), sql may
 * start with {ONLY:sqlite} or {ONLY:postgres}: that engine runs the rest,
 * the others only record the version. */
struct migration {
	int version;
	const char *name;
	const char *sql;
};

/* Each list ends with a {0, NULL, NULL} entry. */
extern const struct migration migrations_core[];
extern const struct migration migrations_web[];
extern const struct migration migrations_mail[];
extern const struct migration migrations_insight[];
extern const struct migration migrations_community[]; /* 750-799 */
extern const struct migration migrations_schedule[]; /* 400-449 */

/* Applies every pending migration, each in its own transaction. */
int store_migrate(struct store *st, struct err *e);

/* Fills one element of a list from the current row; strings go to a. */
typedef void (*store_row_fn)(struct db_stmt *s, struct arena *a, void *elem);

/* Runs sql with binds from fmt (as db_run) and collects every row into an
 * arena array of elements of `size` bytes, each filled by fn.  *out and *n
 * are set (NULL / 0 for no rows). */
int store_list(struct store *st, struct arena *a, size_t size, store_row_fn fn,
	       void *out, size_t *n, struct err *e, const char *sql,
	       const char *fmt, ...);

/* Row readers for lists of one column: an int64_t, or a string in a. */
void store_row_id(struct db_stmt *s, struct arena *a, void *elem);
void store_row_text(struct db_stmt *s, struct arena *a, void *elem);

/* As store_list for a query of at most one row, copied into out (one
 * element of `size` bytes); ERR_NOTFOUND with the sentence notfound when
 * there is none. */
int store_one(struct store *st, struct arena *a, size_t size, store_row_fn fn,
	      void *out, const char *notfound, struct err *e, const char *sql,
	      const char *fmt, ...);

/* The person columns in the order store_person_from_row reads them
 * (columns 0 to 15; a query may select more after them). */
#define STORE_PERSON_COLS \
	"id, programme_id, name, email, organisation, sector, role, location," \
	" timezone, topics, intro, status, paused_until, joined, show_name," \
	" created_at"
void store_person_from_row(struct db_stmt *s, struct arena *a,
			   struct person *p);

/* A group member from columns 1-7 of a row: person id, email, name,
 * organisation, outcome, rating, comment (column 0 is the group's id). */
void store_member_from_row(struct db_stmt *s, struct arena *a,
			   struct member *m);

/* The current UTC instant as "YYYY-MM-DDTHH:MM:SSZ". */
void store_now(char out[32]);

/* Row readers copy every column into the arena without checking each
 * copy: a read that started with `before` = arena_failures(a) returns
 * this, which is rc, or -1 ("out of memory") when a copy failed. */
static inline int store_rows_ok(const struct arena *a, size_t before, int rc,
				struct err *e)
{
	if (rc >= 0 && arena_failures(a) != before)
		return err_set(e, ERR_INTERNAL, "out of memory");
	return rc;
}

#endif
