/*
 * ops: what keeps cuppa running, for the people running it.
 *
 * GET /healthz: {"status":"ok"|"fail","database":...,"jobs":{...}}, 200
 * when the database answers and every job ran within its max age, else
 * 503; the jobs are the ones `cuppa serve` registered (web_app_add_job).
 * When no database connection can be had at all, the dispatcher answers
 * 503 before this handler runs.
 * It says nothing about people or programmes, so it may be public (a
 * load balancer polls it).
 *
 * GET /metrics: Prometheus text, only with Authorization: Bearer and the
 * metrics_token (compared as BLAKE2b hashes with sodium_memcmp, so in
 * constant time whatever the lengths); 401 otherwise, and always 401
 * when no token is set.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "app/app_ops.h"
#include "web/web.h"

int web_app_configure(struct web_app *app, const char *proxies,
		      const char *metrics_token, int ip_max, struct err *e)
{
	struct web_runtime rt;
	memset(&rt, 0, sizeof rt);
	if (proxy_list_parse(proxies ? proxies : "", &rt.proxies, e) < 0)
		return err_field(e, ERR_INVALID, "trusted_proxies", "%s",
				 e->msg);
	if (metrics_token && *metrics_token) {
		size_t n = strlen(metrics_token);
		if (n < 20 || n > 200)
			return err_field(e, ERR_INVALID, "metrics_token",
					 "must be 20 to 200 characters long");
		crypto_generichash(rt.metrics_hash, sizeof rt.metrics_hash,
				   (const unsigned char *)metrics_token, n, NULL, 0);
		rt.metrics_on = true;
	}
	rt.login_ip_max = ip_max;
	pthread_mutex_lock(&app->conf_lock);
	app->rt = rt;
	pthread_mutex_unlock(&app->conf_lock);
	sodium_memzero(&rt, sizeof rt);
	return 0;
}

int web_app_add_job(struct web_app *app, const struct web_job *job,
		    struct err *e)
{
	int rc = 0;
	pthread_mutex_lock(&app->conf_lock);
	if (app->njobs >= WEB_MAX_JOBS)
		rc = err_set(e, ERR_INTERNAL, "too many jobs to report on");
	else {
		app->jobs[app->njobs] = *job;
		app->jobs[app->njobs++].since = (int64_t)time(NULL);
	}
	pthread_mutex_unlock(&app->conf_lock);
	return rc;
}

/* A copy of the jobs (they may be added while the server runs). */
static int jobs_copy(struct web_app *app, struct web_job out[WEB_MAX_JOBS])
{
	int n;
	pthread_mutex_lock(&app->conf_lock);
	n = app->njobs;
	memcpy(out, app->jobs, sizeof app->jobs);
	pthread_mutex_unlock(&app->conf_lock);
	return n;
}

void web_client(struct web_ctx *cx, char out[64])
{
	char peer[64];
	web_client_addr(cx->rq, peer);
	pthread_mutex_lock(&cx->app->conf_lock);
	proxy_client_addr(&cx->app->rt.proxies, peer,
			  web_header(cx->rq, "X-Forwarded-For"), out);
	pthread_mutex_unlock(&cx->app->conf_lock);
}

int web_login_ip_max(struct web_app *app)
{
	int n;
	pthread_mutex_lock(&app->conf_lock);
	n = app->rt.login_ip_max;
	pthread_mutex_unlock(&app->conf_lock);
	return n;
}

/* When job j last ran (0: never, -1: cannot tell). */
static int64_t job_last(struct web_ctx *cx, const struct web_job *j)
{
	int64_t last = 0;
	struct err e = {0};
	if (j->beat)
		return heartbeat_last(j->beat);
	if (!cx->st || !j->last_run || j->last_run(cx->st, &last, &e) < 0)
		return -1;
	return last;
}

static void plain(struct web_ctx *cx, int status, const char *ctype)
{
	cx->rs->status = status;
	cx->rs->content_type = ctype;
}

void page_healthz(struct web_ctx *cx)
{
	struct web_app *app = cx->app;
	struct buf *b = &cx->rs->body;
	struct err e = {0};
	bool db_ok = cx->st && app_ops_ping(cx->st, &e) == 0, ok = db_ok;
	int64_t now = (int64_t)time(NULL);
	struct web_job jobs[WEB_MAX_JOBS];
	int njobs = jobs_copy(app, jobs);

	buf_reset(b);
	buf_printf(b, "{\"database\":\"%s\",\"jobs\":{", db_ok ? "ok" : "fail");
	for (int i = 0; i < njobs; i++) {
		const struct web_job *j = &jobs[i];
		int64_t last = db_ok || j->beat ? job_last(cx, j) : -1;
		bool alive = (last > 0 && now - last <= j->max_age_s) ||
			     (last == 0 && now - j->since <= j->max_age_s);
		ok = ok && alive;
		buf_printf(b, "%s", i ? "," : "");
		buf_json_str(b, j->name);
		buf_printf(b, ":{\"status\":\"%s\",\"last_run_age_s\":",
			   alive ? "ok" : "fail");
		if (last > 0)
			buf_printf(b, "%lld}", (long long)(now - last));
		else
			buf_puts(b, "null}");
	}
	buf_printf(b, "},\"status\":\"%s\"}\n", ok ? "ok" : "fail");
	plain(cx, ok ? 200 : 503, "application/json");
}

static bool metrics_allowed(struct web_ctx *cx)
{
	const char *h = web_header(cx->rq, "Authorization");
	unsigned char got[32];
	bool ok;
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return false;
	h += 7;
	crypto_generichash(got, sizeof got, (const unsigned char *)h,
			   strlen(h), NULL, 0);
	pthread_mutex_lock(&cx->app->conf_lock);
	ok = cx->app->rt.metrics_on &&
	     sodium_memcmp(got, cx->app->rt.metrics_hash, sizeof got) == 0;
	pthread_mutex_unlock(&cx->app->conf_lock);
	return ok;
}

void page_metrics(struct web_ctx *cx)
{
	struct web_app *app = cx->app;
	struct buf *b = &cx->rs->body;
	struct store_ops_counts n;
	struct err e = {0};
	struct web_job jobs[WEB_MAX_JOBS];
	int njobs = jobs_copy(app, jobs);
	bool db_ok;

	buf_reset(b);
	if (!metrics_allowed(cx)) {
		web_resp_header(cx->rq, cx->rs, "WWW-Authenticate", "Bearer");
		buf_puts(b, "a valid metrics token is required\n");
		plain(cx, 401, "text/plain; charset=utf-8");
		return;
	}
	monitor_write(&app->monitor, b);
	db_ok = cx->st && app_ops_counts(cx->st, &n, &e) == 0;
	buf_printf(b, "# HELP cuppa_database_up Whether the database answered.\n"
		   "# TYPE cuppa_database_up gauge\ncuppa_database_up %d\n",
		   db_ok);
	if (db_ok) {
		buf_puts(b, "# HELP cuppa_outbox_messages Messages in the outbox"
			 " by state (every server's).\n"
			 "# TYPE cuppa_outbox_messages gauge\n");
		for (int i = 0; i < 4; i++)
			buf_printf(b, "cuppa_outbox_messages{state=\"%s\"} %lld\n",
				   store_outbox_states[i], (long long)n.outbox[i]);
		buf_printf(b, "# HELP cuppa_mail_sent_total Messages sent.\n"
			   "# TYPE cuppa_mail_sent_total counter\n"
			   "cuppa_mail_sent_total %lld\n"
			   "# HELP cuppa_mail_failed_total Messages that failed"
			   " for good.\n# TYPE cuppa_mail_failed_total counter\n"
			   "cuppa_mail_failed_total %lld\n"
			   "# HELP cuppa_rounds_published_total Rounds published"
			   " (open or closed).\n"
			   "# TYPE cuppa_rounds_published_total counter\n"
			   "cuppa_rounds_published_total %lld\n",
			   (long long)n.outbox[1], (long long)n.outbox[2],
			   (long long)n.rounds_published);
	}
	buf_puts(b, "# HELP cuppa_job_last_run_timestamp_seconds When a"
		 " background job last ran (Unix time, 0: never).\n"
		 "# TYPE cuppa_job_last_run_timestamp_seconds gauge\n");
	for (int i = 0; i < njobs; i++) {
		int64_t last = db_ok || jobs[i].beat ? job_last(cx, &jobs[i]) : -1;
		buf_puts(b, "cuppa_job_last_run_timestamp_seconds{job=\"");
		monitor_label(b, jobs[i].name);
		buf_printf(b, "\"} %lld\n", (long long)(last > 0 ? last : 0));
	}
	plain(cx, 200, "text/plain; version=0.0.4; charset=utf-8");
}
