/*
 * cuppa mail: run the outbox worker, preview a round's messages, show
 * what failed, and (re)enqueue a published round's introductions.
 * Output never goes to logs: recipients appear only where the organiser
 * asked for them (preview, status).
 */
#include "cli/commands.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "app/app.h"
#include "app/app_ops.h"
#include "app/app_schedule_thread.h"
#include "mail/mail.h"
#include "mail/notify.h"
#include "mail/worker.h"
#include "util/clock.h"

/* SIGINT/SIGTERM ask `mail run` to stop after the message in flight.  A
 * signal handler can reach no object of ours, so the flag is file-scope;
 * every worker thread polls it through mail_worker_options.stop. */
static atomic_bool mail_stop; /* process-wide: lock-free, so safe in a handler and across threads */
_Static_assert(ATOMIC_BOOL_LOCK_FREE == 2, "a signal handler may only touch lock-free atomics");

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&mail_stop, true);
}

/* One extra sending connection: its own thread, store connection and
 * SMTP session, claiming from the same outbox (the leases keep them
 * apart), so one connection's SMTP round trips overlap another's
 * composing and recording. */
struct mail_conn {
	pthread_t tid;
	struct mail_worker_options o;
	struct mail_worker_stats ws;
	struct err e;
	int rc;
};

static void *conn_main(void *arg)
{
	struct mail_conn *m = arg;
	m->rc = mail_worker_run(&m->o, &m->ws, &m->e);
	return NULL;
}

static int mail_run(struct cli *c, bool once, bool lazy, const char *batch,
		    const char *idle, const char *conns)
{
	struct mail_config cfg;
	struct mail_worker_stats ws;
	struct mail_conn extra[15];
	int nextra = 0, started = 0;
	struct err e = {0};
	long long v;
	struct mail_worker_options o = {
		.st = c->st,
		.cfg = &cfg,
		.once = once,
		.lazy_records = lazy,
		.stop = &mail_stop,
		.log = c->err,
	};
	struct sigaction sa = {.sa_handler = on_signal};
	int rc;

	if (batch) {
		if (cli_int(batch, 1, 10000, &v) < 0)
			return cli_usage_error(c, "mail", "--batch: 1 to 10000");
		o.batch = (int)v;
	}
	if (idle) {
		if (cli_int(idle, 10, 600000, &v) < 0)
			return cli_usage_error(c, "mail", "--idle-ms: 10 to 600000");
		o.idle_ms = (int)v;
	}
	if (conns) {
		if (cli_int(conns, 1, 16, &v) < 0)
			return cli_usage_error(c, "mail", "--connections: 1 to 16");
		nextra = (int)v - 1;
	}
	if (mail_config_load(c->db_path, &cfg, &e) < 0)
		return cli_fail(c, &e);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (; started < nextra; started++) {
		struct mail_conn *m = &extra[started];
		memset(m, 0, sizeof *m);
		m->o = o;
		m->o.no_schedule = true; /* the main connection schedules */
		if (store_open(c->db_path, &m->o.st, &m->e) < 0) {
			e = m->e;
			break;
		}
		if (pthread_create(&m->tid, NULL, conn_main, m) != 0) {
			store_close(m->o.st);
			err_set(&e, ERR_INTERNAL, "cannot start a sending thread");
			break;
		}
	}
	/* The round scheduler runs beside the worker (not with --once:
	 * `cuppa tick` is the one-shot form). */
	struct schedule_thread *sched = NULL;
	if (!once && started == nextra &&
	    schedule_thread_start(c->db_path, "mail", c->err, &sched, &e) < 0)
		started = -1;
	rc = started == nextra ? mail_worker_run(&o, &ws, &e) : -1;
	schedule_thread_stop(sched);
	if (started < 0)
		started = nextra;
	if (rc < 0)
		atomic_store(&mail_stop, true);
	for (int i = 0; i < started; i++) {
		struct mail_conn *m = &extra[i];
		pthread_join(m->tid, NULL);
		store_close(m->o.st);
		if (m->rc < 0 && rc == 0) {
			rc = -1;
			e = m->e;
		}
		ws.sent += m->ws.sent;
		ws.retried += m->ws.retried;
		ws.failed += m->ws.failed;
		ws.skipped += m->ws.skipped;
	}
	mail_config_release(&cfg);
	if (rc < 0)
		return cli_fail(c, &e);
	fprintf(c->out, "sent %ld, retried %ld, failed %ld, skipped %ld\n",
		ws.sent, ws.retried, ws.failed, ws.skipped);
	return CLI_OK;
}

/* Writes DIR/NNNNNN.eml (message) and DIR/NNNNNN.rcpt (recipient). */
static int write_file(const char *dir, size_t i, const char *ext,
		      const char *data, size_t len)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof path, "%s/%06zu.%s", dir, i, ext);
	if (!(f = fopen(path, "wb")))
		return -1;
	size_t w = fwrite(data, 1, len, f);
	return (fclose(f) == 0 && w == len) ? 0 : -1;
}

static int mail_preview(struct cli *c, const char *prog, const char *round,
			const char *outdir, bool raw)
{
	struct arena a;
	struct programme p;
	struct round_detail rd;
	struct mail_config cfg;
	struct mail_composer mc;
	struct err e = {0};
	long long num;
	int rc = CLI_FAIL;
	size_t count = 0, skipped = 0;

	if (cli_int(round, 1, 1000000, &num) < 0)
		return cli_usage_error(c, "mail", "ROUND must be a round number");
	if (outdir && mkdir(outdir, 0700) < 0 && errno != EEXIST)
		return cli_usage_error(c, "mail", "--out: cannot create %s", outdir);
	arena_init(&a, 0);
	if (mail_config_load(c->db_path, &cfg, &e) < 0) {
		rc = cli_fail(c, &e);
		goto out;
	}
	mail_composer_init(&mc, c->st, &cfg);
	if (cli_programme(c, prog, &a, &p) < 0)
		goto done;
	if (app_round_get(c->st, &p, (int)num, &a, &rd, &e) < 0) {
		rc = cli_fail(c, &e);
		goto done;
	}
	size_t total = 0;
	for (size_t g = 0; g < rd.ngroups; g++)
		total += (size_t)rd.groups[g].n;
	total += rd.nunplaced;
	for (size_t i = 0; i < total; i++) {
		struct mail_row r = {0};
		struct mail_message m;
		struct arena ma;
		const char *skip;
		char key[96];
		size_t k = i;
		arena_init(&ma, 0);
		r.id = (int64_t)i + 1;
		r.programme_id = p.id;
		r.round_id = rd.round.id;
		r.state = "preview";
		r.detail = "";
		for (size_t g = 0; g < rd.ngroups; g++) {
			if (k < (size_t)rd.groups[g].n) {
				r.kind = "intro";
				r.group_id = rd.groups[g].id;
				r.person_id = rd.groups[g].member[k].person_id;
				break;
			}
			k -= (size_t)rd.groups[g].n;
		}
		if (!r.kind) {
			r.kind = "unplaced";
			r.person_id = rd.unplaced[k].person_id;
			r.detail = mail_unplaced_detail(&ma, &rd.unplaced[k]);
			if (!r.detail) {
				arena_release(&ma);
				err_set(&e, ERR_INTERNAL, "out of memory");
				rc = cli_fail(c, &e);
				goto done;
			}
		}
		snprintf(key, sizeof key, "%s:r%lld:u%lld", r.kind,
			 (long long)r.round_id, (long long)r.person_id);
		r.dedupe = key;
		if (mail_compose(&mc, &r, clock_now(), &ma, &m, &skip, &e) < 0) {
			arena_release(&ma);
			rc = cli_fail(c, &e);
			goto done;
		}
		if (skip) {
			skipped++;
		} else if (outdir) {
			if (write_file(outdir, count, "eml", m.data, m.len) < 0 ||
			    write_file(outdir, count, "rcpt", m.rcpt, strlen(m.rcpt)) < 0) {
				arena_release(&ma);
				e.code = ERR_IO;
				snprintf(e.msg, sizeof e.msg, "cannot write to %s", outdir);
				rc = cli_fail(c, &e);
				goto done;
			}
			count++;
		} else if (raw) {
			fwrite(m.data, 1, m.len, c->out);
			fputs("\n", c->out);
			count++;
		} else {
			fprintf(c->out, "=== %s to %s\nSubject: %s\n\n%s\n", r.kind,
				m.rcpt, m.subject, m.text);
			if (m.ics)
				fprintf(c->out, "[calendar invitation attached]\n");
			fputc('\n', c->out);
			count++;
		}
		arena_release(&ma);
	}
	fprintf(outdir || raw ? c->err : c->out,
		"%zu messages would be sent, %zu skipped (paused, left or"
		" not active)\n", count, skipped);
	rc = CLI_OK;
done:
	mail_composer_release(&mc);
	mail_config_release(&cfg);
out:
	arena_release(&a);
	return rc;
}

static int mail_status(struct cli *c, const char *prog, bool json)
{
	struct arena a;
	struct programme p;
	struct mail_counts mc;
	struct mail_row *rows = NULL;
	size_t n = 0;
	struct err e = {0};
	int rc = CLI_FAIL;
	arena_init(&a, 0);
	if (cli_programme(c, prog, &a, &p) < 0)
		goto done;
	if (app_ops_mail(c->st, &p, 1000, &a, &mc, &rows, &n, &e) < 0) {
		rc = cli_fail(c, &e);
		goto done;
	}
	if (json) {
		json_t *failed = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(failed, json_pack(
				"{s:I, s:s, s:s, s:i, s:i, s:s, s:s}",
				"id", (json_int_t)rows[i].id, "kind", rows[i].kind,
				"rcpt", rows[i].rcpt, "attempts", rows[i].attempts,
				"code", rows[i].last_code, "reply", rows[i].last_reply,
				"created_at", rows[i].created_at));
		json_t *doc = json_pack("{s:I, s:I, s:I, s:I, s:o}",
					"queued", (json_int_t)mc.queued,
					"sent", (json_int_t)mc.sent,
					"failed", (json_int_t)mc.failed,
					"skipped", (json_int_t)mc.skipped,
					"failures", failed);
		char *s = json_dumps(doc, JSON_INDENT(2));
		json_decref(doc);
		if (s)
			cli_print_json(c, s);
		free(s);
	} else {
		fprintf(c->out, "queued %lld, sent %lld, failed %lld, skipped %lld\n",
			(long long)mc.queued, (long long)mc.sent,
			(long long)mc.failed, (long long)mc.skipped);
		for (size_t i = 0; i < n; i++)
			fprintf(c->out, "failed #%lld %s to %s after %d tries: %s\n",
				(long long)rows[i].id, rows[i].kind, rows[i].rcpt,
				rows[i].attempts, rows[i].last_reply);
	}
	rc = CLI_OK;
done:
	arena_release(&a);
	return rc;
}

/* Enqueues the introductions of a published round (idempotent). */
static int mail_enqueue(struct cli *c, const char *prog, const char *round)
{
	struct arena a;
	struct programme p;
	struct err e = {0};
	long long num;
	int rc = CLI_FAIL;
	if (cli_int(round, 1, 1000000, &num) < 0)
		return cli_usage_error(c, "mail", "ROUND must be a round number");
	arena_init(&a, 0);
	if (cli_programme(c, prog, &a, &p) < 0)
		goto done;
	if (app_round_mail(c->st, &p, (int)num, &e) < 0) {
		rc = cli_fail(c, &e);
		goto done;
	}
	fprintf(c->out, "round %lld: introductions queued\n", num);
	rc = CLI_OK;
done:
	arena_release(&a);
	return rc;
}

int cmd_mail(struct cli *c, int argc, char **argv)
{
	bool once = false, json = false, raw = false, lazy = false;
	const char *batch = NULL, *idle = NULL, *out = NULL, *conns = NULL;
	const struct cli_opt opts[] = {
		{"--once", NULL, &once},
		{"--json", NULL, &json},
		{"--raw", NULL, &raw},
		{"--batch", &batch, NULL},
		{"--idle-ms", &idle, NULL},
		{"--out", &out, NULL},
		{"--connections", &conns, NULL},
		{"--lazy-records", NULL, &lazy},
		{NULL, NULL, NULL},
	};
	const char *pos[3];
	int npos;
	if (argc < 2)
		return cli_usage_error(c, "mail", "needs run, preview, status or enqueue");
	if (cli_parse(c, "mail", argc, argv, 2, opts, pos, 2, &npos) < 0)
		return CLI_USAGE;
	if (!cli_store(c))
		return CLI_FAIL;
	if (!strcmp(argv[1], "run"))
		return npos ? cli_usage_error(c, "mail", "run takes no arguments")
			    : mail_run(c, once, lazy, batch, idle, conns);
	if (!strcmp(argv[1], "preview"))
		return npos != 2 ? cli_usage_error(c, "mail", "preview needs PROGRAMME ROUND")
				 : mail_preview(c, pos[0], pos[1], out, raw);
	if (!strcmp(argv[1], "status"))
		return npos != 1 ? cli_usage_error(c, "mail", "status needs PROGRAMME")
				 : mail_status(c, pos[0], json);
	if (!strcmp(argv[1], "enqueue"))
		return npos != 2 ? cli_usage_error(c, "mail", "enqueue needs PROGRAMME ROUND")
				 : mail_enqueue(c, pos[0], pos[1]);
	return cli_usage_error(c, "mail", "unknown action '%s'", argv[1]);
}
