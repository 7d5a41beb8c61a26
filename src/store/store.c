/*
 * store: opening, migrations and transactions.  The domain operations
 * live in store_programme.c, store_person.c, store_round.c, and each other
 * area's store_<area>.c.
 *
 * Migrations: the lists of every area are merged by version number and
 * each pending one is applied in its own transaction together with the
 * row that records it, so a crash leaves the schema at a known version.
 */
#include "store/store_impl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/clock.h"

void store_now(char out[32])
{
	clock_instant(clock_now(), out);
}

static const struct migration *const migration_lists[] = {
	migrations_core, migrations_web, migrations_mail, migrations_insight,
	migrations_community,
	migrations_schedule,
};
#define NLISTS (sizeof migration_lists / sizeof migration_lists[0])

/* The migration with the lowest version above `after`, or NULL. */
static const struct migration *migration_next(int after)
{
	const struct migration *best = NULL;
	for (size_t i = 0; i < NLISTS; i++)
		for (const struct migration *m = migration_lists[i]; m->sql; m++)
			if (m->version > after &&
			    (!best || m->version < best->version))
				best = m;
	return best;
}

/* Replaces the engine-specific tokens of a migration. */
static int migration_sql(const struct db_ops *ops, const char *sql,
			 struct buf *out)
{
	const char *p = sql;
	buf_reset(out);
	while (*p) {
		if (strncmp(p, "{ID}", 4) == 0) {
			buf_puts(out, ops->id_type);
			p += 4;
		} else if (strncmp(p, "{STRICT}", 8) == 0) {
			buf_puts(out, ops->table_suffix);
			p += 8;
		} else if (strncmp(p, "INTEGER", 7) == 0 &&
			   (p == sql || !isalnum((unsigned char)p[-1]))) {
			/* 64-bit everywhere: PostgreSQL's INTEGER is 32-bit. */
			buf_puts(out, ops->int_type);
			p += 7;
		} else {
			buf_putc(out, *p++);
		}
	}
	return buf_failed(out) ? -1 : 0;
}

int store_schema_version(struct store *st, int *version, struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	if (db_prepare(st->db, "SELECT COALESCE(MAX(version), 0) FROM schema_version",
		       &s, e) < 0)
		return -1;
	rc = db_step(s, e);
	if (rc == 1)
		*version = (int)db_col_int(s, 0);
	db_finalize(s);
	return rc == 1 ? 0 : -1;
}

/* The length of a leading "{ONLY:engine}" marker, 0 when none. */
static size_t migration_skip(const char *sql)
{
	const char *end;
	if (strncmp(sql, "{ONLY:", 6) != 0 || !(end = strchr(sql, '}')))
		return 0;
	return (size_t)(end - sql) + 1;
}

/* Whether this engine runs the migration (see store_impl.h). */
static bool migration_runs_here(const struct db_ops *ops, const char *sql)
{
	size_t n = migration_skip(sql);
	return n == 0 || (strlen(ops->name) == n - 7 &&
			  strncmp(sql + 6, ops->name, n - 7) == 0);
}

static int migration_apply(struct store *st, const struct migration *m,
			   struct buf *sql, struct err *e)
{
	char now[32];
	if (migration_sql(st->db->ops, m->sql, sql) < 0)
		return err_set(e, ERR_INTERNAL, "migration %d too large", m->version);
	if (store_begin(st, e) < 0)
		return -1;
	store_now(now);
	if (migration_runs_here(st->db->ops, m->sql) &&
	    db_exec(st->db, buf_str(sql) + migration_skip(m->sql), e) < 0)
		goto fail;
	if (db_run(st->db, e,
		   "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
		   "itt", (int64_t)m->version, m->name, now) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

#define MIGRATION_MAX 10000

/* applied[v] for every version recorded in schema_version. */
static int migration_recorded(struct store *st, bool *applied,
			      struct err *e)
{
	struct db_stmt *s = NULL;
	int rc;
	memset(applied, 0, MIGRATION_MAX * sizeof *applied);
	if (db_prepare(st->db, "SELECT version FROM schema_version", &s, e) < 0)
		return -1;
	while ((rc = db_step(s, e)) == 1) {
		int64_t v = db_col_int(s, 0);
		if (v >= 0 && v < MIGRATION_MAX)
			applied[v] = true;
	}
	db_finalize(s);
	return rc < 0 ? -1 : 0;
}

int store_migrate(struct store *st, struct err *e)
{
	bool *applied = calloc(MIGRATION_MAX, sizeof *applied);
	struct buf sql;
	const struct migration *m;
	int version, rc = -1;
	buf_init(&sql, 1 << 20);
	/* Read first: an up-to-date database (a read-only one included)
	 * opens without writing anything. */
	if (store_schema_version(st, &version, NULL) < 0 &&
	    (db_exec(st->db,
		     "CREATE TABLE IF NOT EXISTS schema_version ("
		     " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		     " applied_at TEXT NOT NULL)", e) < 0 ||
	     store_schema_version(st, &version, e) < 0))
		goto done;
	/* Every version not yet recorded, in order: areas are given ranges
	 * of versions, and a branch merged later may bring a version below
	 * the highest one a database already has (a gap, not an order). */
	if (!applied) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	if (migration_recorded(st, applied, e) < 0)
		goto done;
	for (m = migration_next(0); m; m = migration_next(m->version)) {
		if (m->version >= MIGRATION_MAX) {
			err_set(e, ERR_INTERNAL, "migration %d: version too large",
				m->version);
			goto done;
		}
		if (applied[m->version])
			continue;
		if (migration_apply(st, m, &sql, e) < 0) {
			/* Another process may have applied it meanwhile. */
			if (migration_recorded(st, applied, NULL) < 0 ||
			    !applied[m->version]) {
				char msg[sizeof e->msg];
				snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
				err_set(e, ERR_IO, "migration %d (%s): %s",
					m->version, m->name, msg);
				goto done;
			}
		}
	}
	rc = 0;
done:
	free(applied);
	buf_release(&sql);
	return rc;
}

int store_open(const char *target, struct store **out, struct err *e)
{
	struct store *st = calloc(1, sizeof *st);
	if (!st)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (db_open(target, &st->db, e) < 0) {
		free(st);
		return -1;
	}
	if (store_migrate(st, e) < 0) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int store_scrub(struct store *st, struct err *e)
{
	return db_scrub(st->db, e);
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	db_close(st->db);
	free(st);
}

int store_begin(struct store *st, struct err *e)
{
	if (st->in_tx)
		return err_set(e, ERR_INTERNAL, "store: nested transaction");
	if (st->grouped) {
		if (db_exec(st->db, "SAVEPOINT app_tx", e) < 0)
			return -1;
		st->in_tx = 1;
		return 0;
	}
	/* IMMEDIATE takes the write lock now, so two writers queue on the
	 * busy timeout instead of failing at their first write. */
	if (db_exec(st->db, st->db->ops->begin_sql, e) < 0)
		return -1;
	st->in_tx = 1;
	st->nnotify = 0;
	return 0;
}

int store_commit(struct store *st, struct err *e)
{
	char sql[sizeof st->notify + 64];
	size_t n = 0;
	if (!st->in_tx)
		return err_set(e, ERR_INTERNAL, "store: commit without begin");
	if (st->grouped) { /* durable at the group's commit */
		if (db_exec(st->db, "RELEASE app_tx", e) < 0)
			return -1;
		st->in_tx = 0;
		return 0;
	}
	/* Notifications ride with the COMMIT: no extra round trip, and they
	 * go out exactly when what they announce is visible. */
	for (int i = 0; i < st->nnotify; i++) {
		n += (size_t)snprintf(sql + n, sizeof sql - n, st->db->ops->notify_sql,
				      st->notify[i]);
		n += (size_t)snprintf(sql + n, sizeof sql - n, "; ");
	}
	snprintf(sql + n, sizeof sql - n, "COMMIT");
	if (db_exec(st->db, sql, e) < 0)
		return -1;
	st->in_tx = 0;
	st->nnotify = 0;
	return 0;
}

void store_rollback(struct store *st)
{
	if (!st->in_tx)
		return;
	if (st->grouped) {
		db_exec(st->db, "ROLLBACK TO app_tx; RELEASE app_tx", NULL);
		st->in_tx = 0;
		return;
	}
	db_exec(st->db, "ROLLBACK", NULL);
	st->in_tx = 0;
	st->nnotify = 0;
}

int store_tx(struct store *st, store_work *work, void *arg, struct err *e)
{
	int rc;
	if (store_begin(st, e) < 0)
		return -1;
	rc = work(st, arg, e);
	if (rc == STORE_TX_UNDO) {
		store_rollback(st);
		return 0;
	}
	if (rc < 0 || store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int store_ready(struct store *st, struct err *e)
{
	return db_check(st->db, e);
}

int store_notify(struct store *st, const char *channel, struct err *e)
{
	char sql[64];
	if (!db_can_notify(st->db))
		return 0;
	if (strlen(channel) >= sizeof st->notify[0])
		return err_set(e, ERR_INTERNAL, "store: channel name too long");
	if (!st->in_tx) {
		snprintf(sql, sizeof sql, st->db->ops->notify_sql, channel);
		return db_exec(st->db, sql, e);
	}
	for (int i = 0; i < st->nnotify; i++)
		if (strcmp(st->notify[i], channel) == 0)
			return 0;
	if (st->nnotify >= STORE_MAX_NOTIFY)
		return err_set(e, ERR_INTERNAL, "store: too many channels");
	snprintf(st->notify[st->nnotify++], sizeof st->notify[0], "%s", channel);
	return 0;
}

int store_listen(struct store *st, const char *channel, struct err *e)
{
	return db_listen(st->db, channel, e);
}

int store_wait(struct store *st, int timeout_ms, struct err *e)
{
	return db_wait(st->db, timeout_ms, e);
}

bool store_can_notify(const struct store *st)
{
	return db_can_notify(st->db);
}

int store_audit(struct store *st, int64_t programme_id, const char *actor,
		const char *action, const char *detail, struct err *e)
{
	char now[32];
	store_now(now);
	return db_run(st->db, e,
		      "INSERT INTO audit (at, programme_id, actor, action, detail)"
		      " VALUES (?, ?, ?, ?, ?)",
		      "tittt", now, programme_id, actor, action,
		      detail ? detail : "") < 0 ? -1 : 0;
}

static void audit_from_row(struct db_stmt *s, struct arena *a, void *elem)
{
	struct audit_row *r = elem;
	r->id = db_col_int(s, 0);
	r->at = arena_strdup(a, db_col_text(s, 1));
	r->actor = arena_strdup(a, db_col_text(s, 2));
	r->action = arena_strdup(a, db_col_text(s, 3));
	r->detail = arena_strdup(a, db_col_text(s, 4));
}

int store_audit_list(struct store *st, int64_t programme_id, struct arena *a,
		     struct audit_row **out, size_t *n, struct err *e)
{
	return store_list(st, a, sizeof **out, audit_from_row, out, n, e,
			  "SELECT id, at, actor, action, detail FROM audit"
			  " WHERE programme_id = ? ORDER BY id", "i", programme_id);
}

static int store_vlist(struct store *st, struct arena *a, size_t size,
		       store_row_fn fn, void *out, size_t *n, struct err *e,
		       const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *s = NULL;
	char *arr = NULL;
	size_t cap = 0;
	int rc = 0;
	size_t failed = arena_failures(a);
	*n = 0;
	if (db_prepare(st->db, sql, &s, e) < 0)
		return -1;
	for (int idx = 1; fmt && fmt[idx - 1] && rc == 0; idx++)
		rc = fmt[idx - 1] == 'i' ? db_bind_int(s, idx, va_arg(ap, int64_t))
					 : db_bind_text(s, idx, va_arg(ap, const char *));
	if (rc < 0) {
		db_finalize(s);
		return err_set(e, ERR_INTERNAL, "store: cannot bind parameters");
	}
	while ((rc = db_step(s, e)) == 1) {
		char *grown = arena_grow(a, arr, *n, &cap, size);
		if (!grown) {
			rc = err_set(e, ERR_INTERNAL, "out of memory");
			break;
		}
		arr = grown;
		fn(s, a, arr + size * (*n)++);
	}
	db_finalize(s);
	memcpy(out, &arr, sizeof arr);
	return store_rows_ok(a, failed, rc, e) < 0 ? -1 : 0;
}

int store_list(struct store *st, struct arena *a, size_t size, store_row_fn fn,
	       void *out, size_t *n, struct err *e, const char *sql,
	       const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = store_vlist(st, a, size, fn, out, n, e, sql, fmt, ap);
	va_end(ap);
	return rc;
}

void store_row_id(struct db_stmt *s, struct arena *a, void *elem)
{
	(void)a;
	*(int64_t *)elem = db_col_int(s, 0);
}

void store_row_text(struct db_stmt *s, struct arena *a, void *elem)
{
	*(char **)elem = arena_strdup(a, db_col_text(s, 0));
}

int store_one(struct store *st, struct arena *a, size_t size, store_row_fn fn,
	      void *out, const char *notfound, struct err *e, const char *sql,
	      const char *fmt, ...)
{
	char *rows;
	size_t n;
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = store_vlist(st, a, size, fn, &rows, &n, e, sql, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	if (n == 0)
		return err_set(e, ERR_NOTFOUND, "%s", notfound);
	memcpy(out, rows, size);
	return 0;
}
