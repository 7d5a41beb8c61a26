/*
 * db_pg: the PostgreSQL backend of the db layer, for several cuppa servers
 * and mail workers sharing one database.
 *
 * Statements are sent with PQexecParams in text format, so the store's
 * portable SQL works unchanged once its `?` placeholders are renumbered as
 * $1, $2, ... (outside quoted literals).  A statement runs when it is
 * first stepped; its rows are then read from the result one by one.
 */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "util/buf.h"

#define PG_MAX_PARAMS 64

struct pg_db {
	struct db base;
	PGconn *conn;
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
	snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : "failed");
	n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	return err_set(e, code, "database: %s: %s", what, clean);
}

static int pg_exec(struct db *db, const char *sql, struct err *e)
{
	struct pg_db *d = (struct pg_db *)db;
	PGresult *r = PQexec(d->conn, sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_fail(d->conn, r, e, "exec");
	PQclear(r);
	return rc;
}

static void pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and the like */
}

static int pg_open(const char *target, struct db **out, struct err *e)
{
	struct pg_db *d = calloc(1, sizeof *d);
	if (!d)
		return err_set(e, ERR_INTERNAL, "out of memory");
	d->base.ops = &db_pg_ops;
	d->conn = PQconnectdb(target);
	if (PQstatus(d->conn) != CONNECTION_OK) {
		/* The URL may hold a password: never echo it. */
		pg_fail(d->conn, NULL, e, "cannot connect to PostgreSQL");
		PQfinish(d->conn);
		free(d);
		return -1;
	}
	PQsetNoticeProcessor(d->conn, pg_notice, NULL);
	if (pg_exec(&d->base, "SET client_min_messages = warning;"
			      " SET TIME ZONE 'UTC'", e) < 0) {
		PQfinish(d->conn);
		free(d);
		return -1;
	}
	*out = &d->base;
	return 0;
}

static void pg_close(struct db *db)
{
	struct pg_db *d = (struct pg_db *)db;
	PQfinish(d->conn);
	free(d);
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
		ExecStatusType st;
		s->res = PQexecParams(s->db->conn, s->sql, s->nparams, NULL,
				      (const char *const *)s->params, NULL, NULL, 0);
		st = PQresultStatus(s->res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			pg_fail(s->db->conn, s->res, e, "step");
			PQclear(s->res);
			s->res = NULL;
			return -1;
		}
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

static void pg_finalize(struct db_stmt *bs)
{
	struct pg_stmt *s = (struct pg_stmt *)bs;
	for (int i = 0; i < s->nparams; i++)
		free(s->params[i]);
	PQclear(s->res);
	free(s->sql);
	free(s);
}

const struct db_ops db_pg_ops = {
	.name = "postgres",
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
	.id_type = "BIGSERIAL PRIMARY KEY",
	.table_suffix = "",
	.int_type = "BIGINT",
};
