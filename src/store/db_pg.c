/*
 * db_pg: the PostgreSQL backend of the db layer, for several cuppa servers
 * and mail workers sharing one database.
 *
 * Statements: the store's portable SQL has its `?` placeholders
 * renumbered as $1, $2, ... (outside quoted literals) and is kept as a
 * named prepared statement per connection, keyed by its text (as the
 * SQLite backend caches its statements): a server runs the same few
 * dozen statements all day, and parsing and planning them is much of
 * the cost of a simple read.  The first use sends Prepare and Execute
 * together in pipeline mode, so caching never costs a round trip.
 * Results come back in text format, whole, and are handed out row by row.
 *
 * Bulk writes (db_batch_*): the rows of one INSERT are gathered into one
 * array per column and sent as INSERT ... SELECT * FROM unnest($1::T[],
 * ...) in chunks, all chunks in one pipeline (sent without waiting, the
 * socket drained while sending so neither side can block the other), so
 * 100,000 rows cost one round trip instead of 100,000.
 *
 * Connection loss: an error on a connection that is gone (or a server
 * shutting down) is ERR_UNAVAILABLE.  pg_check notices a dead connection
 * without a round trip (the socket of an idle connection has nothing to
 * read unless the server closed it or sent a notification) and
 * reconnects, forgetting the statement cache and listening again.
 */
#include "store/db.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "util/buf.h"

#define PG_MAX_PARAMS 64
#define PG_CACHE 128
#define PG_MAX_LISTEN 8
#define PG_CHUNK_ROWS 5000          /* rows per bulk statement */
#define PG_ANALYZE_ROWS 1000        /* a batch this large may analyse */
#define PG_CONNECT_TIMEOUT "5"      /* seconds, unless the URL says */

struct pg_cached {
	char *sql;                  /* renumbered; NULL: empty slot */
	char name[24];
	uint64_t used;
};

struct pg_db {
	struct db base;
	PGconn *conn;
	struct pg_cached cache[PG_CACHE];
	uint64_t clock;
	unsigned serial;            /* names of prepared statements */
	char listening[PG_MAX_LISTEN][64];
	int nlisten;
};

struct pg_stmt {
	struct db_stmt base;
	struct pg_db *db;
	char *sql;                    /* renumbered */
	int nparams;
	char *params[PG_MAX_PARAMS];  /* NULL = SQL NULL */
	PGresult *res;
	int row;                      /* next row to hand out */
	int64_t changes;
};

/* SQLSTATEs meaning "not now" rather than "wrong": connection
 * exceptions, the server shutting down or starting, too many clients. */
static bool state_unavailable(const char *state)
{
	static const char *const codes[] = {"57P01", "57P02", "57P03", "53300"};
	if (!state)
		return false;
	if (strncmp(state, "08", 2) == 0)
		return true;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(state, codes[i]) == 0)
			return true;
	return false;
}

static int pg_fail(PGconn *c, const PGresult *r, struct err *e,
		   const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
	enum err_code code = ERR_IO;
	char clean[512];
	size_t n;
	/* Class 23: integrity constraint violation (unique, foreign key...). */
	if (state && strncmp(state, "23", 2) == 0)
		code = ERR_CONFLICT;
	else if (state_unavailable(state) || PQstatus(c) != CONNECTION_OK)
		code = ERR_UNAVAILABLE;
	snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : "failed");
	n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	return err_set(e, code, "database: %s: %s", what, clean);
}

/* r's status is one of a success; otherwise e is set.  Clears r on
 * failure and returns NULL then. */
static PGresult *pg_ok(struct pg_db *d, PGresult *r, struct err *e,
		       const char *what)
{
	ExecStatusType st = PQresultStatus(r);
	if (r && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK))
		return r;
	pg_fail(d->conn, r, e, what);
	PQclear(r);
	return NULL;
}

static int pg_exec(struct db *db, const char *sql, struct err *e)
{
	struct pg_db *d = (struct pg_db *)db;
	PGresult *r = pg_ok(d, PQexec(d->conn, sql), e, "exec");
	PQclear(r);
	return r ? 0 : -1;
}

static void pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and the like */
}

static void cache_clear(struct pg_db *d)
{
	for (int i = 0; i < PG_CACHE; i++) {
		free(d->cache[i].sql);
		d->cache[i].sql = NULL;
	}
}

/* What every new session needs, again after a reconnection. */
static int pg_session(struct pg_db *d, struct err *e)
{
	char sql[96];
	PQsetNoticeProcessor(d->conn, pg_notice, NULL);
	if (pg_exec(&d->base, "SET client_min_messages = warning;"
			      " SET TIME ZONE 'UTC'", e) < 0)
		return -1;
	for (int i = 0; i < d->nlisten; i++) {
		snprintf(sql, sizeof sql, "LISTEN %s", d->listening[i]);
		if (pg_exec(&d->base, sql, e) < 0)
			return -1;
	}
	return 0;
}

static int pg_open(const char *target, struct db **out, struct err *e)
{
	/* connect_timeout first: the URL's own value, if any, wins. */
	const char *const keys[] = {"connect_timeout", "dbname", NULL};
	const char *const vals[] = {PG_CONNECT_TIMEOUT, target, NULL};
	struct pg_db *d = calloc(1, sizeof *d);
	if (!d)
		return err_set(e, ERR_INTERNAL, "out of memory");
	d->base.ops = &db_pg_ops;
	d->conn = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(d->conn) != CONNECTION_OK) {
		/* libpq's message names host and port, never the password. */
		pg_fail(d->conn, NULL, e, "cannot connect to PostgreSQL");
		goto fail;
	}
	if (pg_session(d, e) < 0)
		goto fail;
	*out = &d->base;
	return 0;
fail:
	PQfinish(d->conn);
	free(d);
	return -1;
}

static void pg_close(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;
	cache_clear(d);
	PQfinish(d->conn);
	free(d);
}

static int pg_check(struct db *db, struct err *e)
{
	struct pg_db *d = (struct pg_db *)db;
	/* Readable while idle: a notification, or the server said goodbye
	 * (its last words, then the end of the stream, which a second read
	 * sees); PQconsumeInput tells which. */
	for (int i = 0; i < 4 && PQstatus(d->conn) == CONNECTION_OK; i++) {
		struct pollfd p = {PQsocket(d->conn), POLLIN, 0};
		if (poll(&p, 1, 0) <= 0)
			return 0;
		if (!PQconsumeInput(d->conn))
			break;
	}
	if (PQstatus(d->conn) == CONNECTION_OK)
		return 0;
	PQreset(d->conn);
	cache_clear(d);
	if (PQstatus(d->conn) != CONNECTION_OK)
		return pg_fail(d->conn, NULL, e, "cannot reach PostgreSQL");
	return pg_session(d, e);
}

/* Renumbers `?` as $n outside '...' and "..." literals. */
static char *pg_renumber(const char *sql, int *nparams)
{
	struct buf b;
	char quote = 0;
	int n = 0;
	buf_init(&b, 1 << 20);
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_putc(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_putc(&b, *p);
		} else if (*p == '?') {
			buf_printf(&b, "$%d", ++n);
		} else {
			buf_putc(&b, *p);
		}
	}
	*nparams = n;
	return buf_detach(&b, NULL);
}

/* ---- the statement cache ---- */

static struct pg_cached *cache_find(struct pg_db *d, const char *sql)
{
	for (int i = 0; i < PG_CACHE; i++)
		if (d->cache[i].sql && strcmp(d->cache[i].sql, sql) == 0)
			return &d->cache[i];
	return NULL;
}

/* A free slot, deallocating the least recently used statement when
 * every slot is taken. */
static struct pg_cached *cache_slot(struct pg_db *d)
{
	struct pg_cached *victim = &d->cache[0];
	char sql[64];
	for (int i = 0; i < PG_CACHE; i++) {
		if (!d->cache[i].sql)
			return &d->cache[i];
		if (d->cache[i].used < victim->used)
			victim = &d->cache[i];
	}
	snprintf(sql, sizeof sql, "DEALLOCATE %s", victim->name);
	PQclear(PQexec(d->conn, sql)); /* at worst it lingers server-side */
	free(victim->sql);
	victim->sql = NULL;
	return victim;
}

/* Reads a pipeline's remaining results up to its Sync, keeping the first
 * failure in e (when *failed is still false). */
static void pipeline_drain(struct pg_db *d, bool *failed, struct err *e)
{
	for (;;) {
		PGresult *r = PQgetResult(d->conn);
		ExecStatusType st;
		if (!r) {
			if (PQstatus(d->conn) != CONNECTION_OK)
				break;
			continue;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (st == PGRES_FATAL_ERROR && !*failed) {
			pg_fail(d->conn, r, e, "step");
			*failed = true;
		}
		PQclear(r);
	}
	PQexitPipelineMode(d->conn);
}

/* Runs sql (renumbered) with params through the cache; the result, or
 * NULL with e set. */
static PGresult *pg_query(struct pg_db *d, const char *sql, int n,
			  const char *const *params, struct err *e)
{
	struct pg_cached *c = cache_find(d, sql);
	PGresult *r = NULL, *pr;
	bool failed = false;
	if (c) {
		c->used = ++d->clock;
		r = PQexecPrepared(d->conn, c->name, n, params, NULL, NULL, 0);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (state && strcmp(state, "26000") == 0) {
			/* Gone (DISCARD ALL by a pooler): prepare it again next time. */
			free(c->sql);
			c->sql = NULL;
		}
		return pg_ok(d, r, e, "step");
	}
	c = cache_slot(d);
	snprintf(c->name, sizeof c->name, "cuppa_%u", ++d->serial);
	if (!PQenterPipelineMode(d->conn) ||
	    !PQsendPrepare(d->conn, c->name, sql, n, NULL) ||
	    !PQsendQueryPrepared(d->conn, c->name, n, params, NULL, NULL, 0) ||
	    !PQpipelineSync(d->conn)) {
		pg_fail(d->conn, NULL, e, "step");
		PQexitPipelineMode(d->conn);
		return NULL;
	}
	pr = PQgetResult(d->conn);
	if (PQresultStatus(pr) != PGRES_COMMAND_OK) {
		pg_fail(d->conn, pr, e, "prepare");
		failed = true;
	}
	PQclear(pr);
	if (PQgetResult(d->conn) == NULL) { /* the end of the Prepare */
		r = PQgetResult(d->conn);
		if (r && !failed) {
			r = pg_ok(d, r, e, "step");
			failed = !r;
		} else {
			PQclear(r);
			r = NULL;
		}
		if (r || failed)
			PQclear(PQgetResult(d->conn)); /* the end of the Execute */
	}
	pipeline_drain(d, &failed, e);
	if (failed) {
		PQclear(r);
		return NULL;
	}
	c->sql = strdup(sql);
	if (c->sql)
		c->used = ++d->clock;
	return r;
}

/* ---- statements ---- */

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out,
		      struct err *e)
{
	struct pg_stmt *s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, ERR_INTERNAL, "out of memory");
	s->base.ops = &db_pg_ops;
	s->db = (struct pg_db *)db;
	s->sql = pg_renumber(sql, &s->nparams);
	if (!s->sql || s->nparams > PG_MAX_PARAMS) {
		free(s->sql);
		free(s);
		return err_set(e, ERR_INTERNAL, "database: statement too large");
	}
	*out = &s->base;
	return 0;
}

static int pg_bind(struct pg_stmt *s, int idx, char *v)
{
	if (idx < 1 || idx > s->nparams) {
		free(v);
		return -1;
	}
	free(s->params[idx - 1]);
	s->params[idx - 1] = v;
	return 0;
}

static int pg_bind_int(struct db_stmt *bs, int idx, int64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	char *copy = strdup(tmp);
	return copy ? pg_bind((struct pg_stmt *)bs, idx, copy) : -1;
}

static int pg_bind_text(struct db_stmt *bs, int idx, const char *v)
{
	char *copy = strdup(v);
	return copy ? pg_bind((struct pg_stmt *)bs, idx, copy) : -1;
}

static int pg_bind_null(struct db_stmt *bs, int idx)
{
	return pg_bind((struct pg_stmt *)bs, idx, NULL);
}

static int pg_step(struct db_stmt *bs, struct err *e)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	if (!s->res) {
		s->res = pg_query(s->db, s->sql, s->nparams,
				  (const char *const *)s->params, e);
		if (!s->res)
			return -1;
		const char *t = PQcmdTuples(s->res);
		s->changes = t && *t ? strtoll(t, NULL, 10) : 0;
		s->row = -1;
	}
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return 1;
	}
	return 0;
}

static bool pg_col_null(struct db_stmt *bs, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	return PQgetisnull(s->res, s->row, col);
}

static int64_t pg_col_int(struct db_stmt *bs, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	const char *v = PQgetvalue(s->res, s->row, col);
	if (v[0] == 't' && v[1] == '\0')
		return 1; /* booleans come back as t / f */
	return strtoll(v, NULL, 10);
}

static const char *pg_col_text(struct db_stmt *bs, int col)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_changes(struct db_stmt *bs)
{
	return ((struct pg_stmt *)bs)->changes;
}

static void pg_reset(struct db_stmt *bs)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	PQclear(s->res);
	s->res = NULL;
}

static void pg_finalize(struct db_stmt *bs)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	for (int i = 0; i < s->nparams; i++)
		free(s->params[i]);
	PQclear(s->res);
	free(s->sql);
	free(s);
}

/* ---- bulk writes ---- */

struct pg_batch {
	struct pg_db *db;
	struct db_batch_spec spec;   /* a copy; its strings are the caller's */
	char *sql;                   /* INSERT ... SELECT * FROM unnest(...) */
	int ncols, rows;             /* rows gathered for the next chunk */
	struct buf col[32];          /* one array literal per column */
	int sent;                    /* chunks whose results are awaited */
	int64_t total;               /* rows added in all */
	bool piped, failed;
	struct err err;              /* the first failure */
};

/* Sends what libpq holds, reading whatever the server answers meanwhile
 * so that it never blocks on a full socket while we block on ours. */
static int pg_flush(PGconn *c)
{
	int rc;
	while ((rc = PQflush(c)) == 1) {
		struct pollfd p = {PQsocket(c), POLLIN | POLLOUT, 0};
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return -1;
		if ((p.revents & POLLIN) && !PQconsumeInput(c))
			return -1;
	}
	return rc;
}

static int pg_batch_begin(struct db *db, const struct db_batch_spec *spec,
			  void **state, struct err *e)
{
	struct pg_batch *b = calloc(1, sizeof *b);
	struct buf sql;
	if (!b)
		return err_set(e, ERR_INTERNAL, "out of memory");
	b->db = (struct pg_db *)db;
	b->spec = *spec;
	b->ncols = (int)strlen(spec->fmt);
	buf_init(&sql, 1 << 16);
	buf_printf(&sql, "%s SELECT * FROM unnest(", spec->insert);
	for (int i = 0; i < b->ncols; i++) {
		buf_printf(&sql, "%s$%d::%s[]", i ? ", " : "", i + 1,
			   spec->fmt[i] == 'i' ? "bigint" : "text");
		buf_init(&b->col[i], (size_t)256 << 20);
	}
	buf_printf(&sql, ")%s", spec->suffix);
	b->sql = buf_detach(&sql, NULL);
	if (!b->sql) {
		free(b);
		return err_set(e, ERR_INTERNAL, "out of memory");
	}
	*state = b;
	return 0;
}

/* One element of an array literal: quoted, with \ and " escaped. */
static void array_put(struct buf *a, const char *v, bool text)
{
	buf_putc(a, buf_len(a) ? ',' : '{');
	if (!v) {
		buf_puts(a, "NULL");
		return;
	}
	if (!text) {
		buf_puts(a, v);
		return;
	}
	buf_putc(a, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(a, '\\');
		buf_putc(a, *p);
	}
	buf_putc(a, '"');
}

/* Sends the gathered rows as one statement of the pipeline. */
static int batch_send(struct pg_batch *b, struct err *e)
{
	const char *params[32];
	PGconn *c = b->db->conn;
	int ok;
	for (int i = 0; i < b->ncols; i++) {
		buf_putc(&b->col[i], '}');
		if (buf_failed(&b->col[i]))
			return err_set(e, ERR_INTERNAL, "database: batch too large");
		params[i] = buf_str(&b->col[i]);
	}
	if (!b->piped) {
		if (!PQenterPipelineMode(c))
			return pg_fail(c, NULL, e, "batch");
		b->piped = true;
	}
	PQsetnonblocking(c, 1);
	ok = PQsendQueryParams(c, b->sql, b->ncols, NULL, params, NULL, NULL, 0) &&
	     PQsendFlushRequest(c) && pg_flush(c) == 0;
	PQsetnonblocking(c, 0);
	if (!ok)
		return pg_fail(c, NULL, e, "batch");
	b->sent++;
	b->rows = 0;
	for (int i = 0; i < b->ncols; i++)
		buf_reset(&b->col[i]);
	return 0;
}

static int pg_batch_add(void *state, const char *const *values, struct err *e)
{
	struct pg_batch *b = state;
	for (int i = 0; i < b->ncols; i++)
		array_put(&b->col[i], values[i], b->spec.fmt[i] == 't');
	b->total++;
	if (++b->rows < PG_CHUNK_ROWS)
		return 0;
	return batch_send(b, e);
}

/* After a large batch into a table whose statistics say it is much
 * smaller (a first import, a first round: never analysed, reltuples -1),
 * the planner would scan where an index serves (a page of 50 people
 * read by sorting all of them) until autovacuum's ANALYZE comes, up to a
 * minute later.  Analyse it now, in the same pipeline (no round trip)
 * and the caller's transaction; when the statistics are about right,
 * the check alone runs.  Not the table's owner: a warning, no error.
 * Only the spec's columns when it names them: ANALYZE sorts a sample of
 * every column it looks at, and for the outbox's addresses, keys and
 * texts (which no query filters on) that was half of its 0.3 s. */
static int batch_analyze(struct pg_batch *b, struct err *e)
{
	char table[64], sql[512];
	PGconn *c = b->db->conn;
	if (b->total < PG_ANALYZE_ROWS ||
	    sscanf(b->spec.insert, "INSERT INTO %63[A-Za-z0-9_]", table) != 1)
		return 0;
	snprintf(sql, sizeof sql,
		 "DO $$BEGIN IF (SELECT reltuples FROM pg_class WHERE oid ="
		 " '%s'::regclass) < %lld THEN ANALYZE %s %s; END IF; END$$",
		 table, (long long)b->total, table,
		 b->spec.analyze ? b->spec.analyze : "");
	PQsetnonblocking(c, 1);
	int ok = PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0) &&
		 pg_flush(c) == 0;
	PQsetnonblocking(c, 0);
	if (!ok)
		return pg_fail(c, NULL, e, "batch");
	b->sent++;
	return 0;
}

/* The result of one chunk: its RETURNING rows and its count. */
static void batch_result(struct pg_batch *b, PGresult *r, int64_t *changes)
{
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		if (!b->failed)
			pg_fail(b->db->conn, r, &b->err, "batch");
		b->failed = true;
		return;
	}
	const char *t = PQcmdTuples(r);
	*changes += t && *t ? strtoll(t, NULL, 10) : 0;
	if (b->spec.on_row) {
		struct pg_stmt row = {.base.ops = &db_pg_ops, .db = b->db, .res = r};
		for (row.row = 0; row.row < PQntuples(r); row.row++)
			b->spec.on_row(&row.base, b->spec.arg);
	}
}

static int pg_batch_end(void *state, bool ok, int64_t *changes,
			struct err *e)
{
	struct pg_batch *b = state;
	PGconn *c = b->db->conn;
	int rc = 0;
	*changes = 0;
	if (ok && b->rows && batch_send(b, &b->err) < 0)
		b->failed = true;
	if (ok && !b->failed && batch_analyze(b, &b->err) < 0)
		b->failed = true;
	if (b->piped) {
		if (!PQpipelineSync(c) && !b->failed) {
			pg_fail(c, NULL, &b->err, "batch");
			b->failed = true;
		}
		bool synced = false;
		for (int i = 0; i < b->sent && PQstatus(c) == CONNECTION_OK; i++) {
			PGresult *r = PQgetResult(c);
			if (!r)
				break;
			if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
				PQclear(r);
				synced = true;
				break;
			}
			batch_result(b, r, changes);
			PQclear(r);
			PQclear(PQgetResult(c)); /* the end of this statement */
		}
		if (synced)
			PQexitPipelineMode(c);
		else
			pipeline_drain(b->db, &b->failed, &b->err);
	}
	if (b->failed) {
		if (e)
			*e = b->err;
		rc = -1;
	}
	for (int i = 0; i < b->ncols; i++)
		buf_release(&b->col[i]);
	free(b->sql);
	free(b);
	return rc;
}

/* ---- wake-ups ---- */

static int pg_listen(struct db *db, const char *channel, struct err *e)
{
	struct pg_db *d = (struct pg_db *)db;
	char sql[96];
	for (int i = 0; i < d->nlisten; i++)
		if (strcmp(d->listening[i], channel) == 0)
			return 0;
	if (d->nlisten >= PG_MAX_LISTEN || strlen(channel) >= 64)
		return err_set(e, ERR_INTERNAL, "database: too many channels");
	snprintf(sql, sizeof sql, "LISTEN %s", channel);
	if (pg_exec(db, sql, e) < 0)
		return -1;
	snprintf(d->listening[d->nlisten++], 64, "%s", channel);
	return 0;
}

/* Takes every notification already received; true when there was one. */
static bool notifies_take(PGconn *c)
{
	PGnotify *n;
	bool any = false;
	while ((n = PQnotifies(c)) != NULL) {
		PQfreemem(n);
		any = true;
	}
	return any;
}

static int pg_wait(struct db *db, int timeout_ms, struct err *e)
{
	struct pg_db *d = (struct pg_db *)db;
	struct pollfd p = {PQsocket(d->conn), POLLIN, 0};
	if (PQstatus(d->conn) != CONNECTION_OK || !PQconsumeInput(d->conn))
		return pg_fail(d->conn, NULL, e, "wait");
	if (notifies_take(d->conn))
		return 1;
	if (poll(&p, 1, timeout_ms) < 0 && errno != EINTR)
		return err_set(e, ERR_IO, "database: wait: %s", strerror(errno));
	if (p.revents && !PQconsumeInput(d->conn))
		return pg_fail(d->conn, NULL, e, "wait");
	return notifies_take(d->conn) ? 1 : 0;
}

const struct db_ops db_pg_ops = {
	.name = "postgres",
	.search_word = "%s:*",
	.search_and = " & ",
	.search_sql = "SELECT id FROM %1$s WHERE programme_id = ?"
		      " AND search @@ to_tsquery('simple', ?) ORDER BY id",
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.changes = pg_changes,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.check = pg_check,
	.batch_begin = pg_batch_begin,
	.batch_add = pg_batch_add,
	.batch_end = pg_batch_end,
	.listen = pg_listen,
	.wait = pg_wait,
	.begin_sql = "BEGIN",
	.skip_locked = " FOR UPDATE SKIP LOCKED",
	/* An initplan: set once, before the statement's triggers, and
	 * cleared by the one check it skips (cuppa_keys_unjoined). */
	.keys_joined = " AND (SELECT set_config('cuppa.keys_joined', '%s', true))"
		       " IS NOT NULL",
	.notify_sql = "NOTIFY %s",
	.sync_relaxed = "SET synchronous_commit TO off",
	.sync_full = "RESET synchronous_commit",
	.id_type = "BIGSERIAL PRIMARY KEY",
	.table_suffix = "",
	.int_type = "BIGINT",
};
