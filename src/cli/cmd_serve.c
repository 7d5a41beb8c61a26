/*
 * cmd_serve: `cuppa serve`, the web server (see web/web.h).  Runs until
 * SIGINT or SIGTERM, then stops accepting, lets running requests finish
 * and closes the database.  --listen takes HOST:PORT with an IPv4
 * literal or a bracketed IPv6 one ([::1]:8080).  `--routes` prints the
 * route table (method, pattern, who may call; "organiser-only" when only
 * the programme's own organisers may) and exits: the HTTP tests
 * read it so that no route escapes the authentication checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_schedule_thread.h"
#include "cli/commands.h"
#include "cli/serve_ops.h"
#include "mail/worker.h"
#include "web/web.h"

static void print_routes(struct cli *c)
{
	for (const struct route *r = web_routes; r->pattern; r++)
		fprintf(c->out, "%s %s %s%s%s\n", r->method, r->pattern,
			r->flags & WR_ADMIN ? "admin"
			: r->flags & WR_API ? "api" : "public",
			r->flags & WR_FORM ? " csrf" : "",
			/* web.c answers 404 unless the caller organises it */
			(r->flags & (WR_ADMIN | WR_API)) &&
				strstr(r->pattern, "{slug}") ? " organiser-only" : "");
}

/* Splits HOST:PORT, where HOST is an IPv4 literal or [IPv6]; host gets
 * the address without brackets (64 bytes).  0 or -1. */
static int parse_listen(const char *listen, char host[64], long long *port)
{
	const char *colon, *h = listen;
	size_t hl;
	if (*listen == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':')
			return -1;
		h = listen + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(listen, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - listen);
		if (memchr(listen, ':', hl)) /* IPv6 needs brackets */
			return -1;
	}
	if (hl == 0 || hl >= 64 || cli_int(colon + 1, 0, 65535, port) < 0)
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	return 0;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *base = NULL, *threads_s = NULL;
	const char *ip_limit_s = NULL, *wait_s = NULL, *pool_s = NULL;
	const char *maxconn_s = NULL, *peraddr_s = NULL, *reqto_s = NULL;
	bool routes = false, quiet = false, no_mail = false;
	const struct cli_opt opts[] = {
		{"--listen", &listen, NULL},
		{"--base-url", &base, NULL},
		{"--threads", &threads_s, NULL},
		{"--login-ip-limit", &ip_limit_s, NULL},
		{"--insight-wait-ms", &wait_s, NULL},
		{"--max-connections", &maxconn_s, NULL},
		{"--max-per-address", &peraddr_s, NULL},
		{"--request-timeout", &reqto_s, NULL},
		{"--db-pool", &pool_s, NULL},
		{"--routes", NULL, &routes},
		{"--quiet", NULL, &quiet},
		{"--no-mail", NULL, &no_mail},
		{NULL, NULL, NULL},
	};
	const char *pos[1];
	int npos, rc = CLI_FAIL, sig;
	long long port, threads = 4, ip_limit = WEB_LOGIN_IP_MAX;
	long long wait_ms = WEB_INSIGHT_WAIT_MS, pool = 0;
	long long maxconn = WEB_MAX_CONNECTIONS, peraddr = WEB_MAX_PER_ADDRESS;
	long long reqto = WEB_REQUEST_TIMEOUT_S;
	char host[64], base_buf[160], shown[80];
	struct web_app app;
	struct web_server *srv = NULL;
	struct mail_thread *mail = NULL;
	struct schedule_thread *sched = NULL;
	struct err e = {0};

	/* Options not given default to the environment, which the
	 * configuration file fills (cli/settings.h). */
	serve_env_defaults(&listen, &threads_s, &ip_limit_s);
	if (cli_parse(c, "serve", argc, argv, 1, opts, pos, 0, &npos) < 0)
		return CLI_USAGE;
	if (routes) {
		print_routes(c);
		return CLI_OK;
	}
	/* SIGHUP reloads (serve_ops.h): blocked before any thread starts. */
	if (serve_signals_block(&e) < 0)
		return cli_fail(c, &e);
	if (parse_listen(listen, host, &port) < 0)
		return cli_usage_error(c, "serve",
				       "--listen must be HOST:PORT, for example "
				       "127.0.0.1:8080 or [::1]:8080");
	/* An IPv6 literal goes back into brackets in URLs. */
	snprintf(shown, sizeof shown, strchr(host, ':') ? "[%s]" : "%s", host);
	if (ip_limit_s && cli_int(ip_limit_s, 0, 1000000, &ip_limit) < 0)
		return cli_usage_error(c, "serve",
				       "--login-ip-limit must be 0 (off) to 1000000");
	if (wait_s && cli_int(wait_s, 0, 60000, &wait_ms) < 0)
		return cli_usage_error(c, "serve",
				       "--insight-wait-ms must be 0 to 60000");
	if (threads_s && cli_int(threads_s, 1, 64, &threads) < 0)
		return cli_usage_error(c, "serve", "--threads must be 1 to 64");
	if (maxconn_s && cli_int(maxconn_s, 1, 100000, &maxconn) < 0)
		return cli_usage_error(c, "serve",
				       "--max-connections must be 1 to 100000");
	if (peraddr_s && cli_int(peraddr_s, 0, 100000, &peraddr) < 0)
		return cli_usage_error(c, "serve",
				       "--max-per-address must be 0 (no limit) to 100000");
	if (reqto_s && cli_int(reqto_s, 1, 3600, &reqto) < 0)
		return cli_usage_error(c, "serve",
				       "--request-timeout must be 1 to 3600 seconds");
	/* Database connections: as many as threads unless told. */
	if (!pool_s && getenv("CUPPA_DB_POOL") && *getenv("CUPPA_DB_POOL"))
		pool_s = getenv("CUPPA_DB_POOL");
	if (pool_s && cli_int(pool_s, 1, STORE_POOL_MAX, &pool) < 0)
		return cli_usage_error(c, "serve",
				       "--db-pool (or CUPPA_DB_POOL) must be 1 to 64");
	if (web_signals_block(&e) < 0)
		return cli_fail(c, &e);
	if (web_app_init(&app, c->db_path, "http://localhost", &e) < 0)
		return cli_fail(c, &e);
	if (serve_configure(&app, ip_limit_s, &e) < 0) {
		cli_fail(c, &e);
		goto done;
	}
	app.login_ip.rl_max = (int)ip_limit;
	app.insight.wi_wait_ms = (unsigned)wait_ms;
	if (store_pool_resize(app.pool, (int)(pool ? pool : threads), &e) < 0) {
		cli_fail(c, &e);
		goto done;
	}
	struct web_server_config cfg = {
		.host = host,
		.port = (int)port,
		.threads = (int)threads,
		.body_max = WEB_BODY_MAX,
		.body_limit = web_app_body_limit,
		.timeout_s = 30,
		.request_timeout_s = (unsigned)reqto,
		.max_connections = (unsigned)maxconn,
		.per_address = (unsigned)peraddr,
		.log = !quiet,
		.dispatch = web_app_dispatch,
		.user = &app,
		.quiesce = web_app_quiesce,
		.refusal = web_app_refusal,
	};
	if (web_server_start(&cfg, &srv, &e) < 0) {
		cli_fail(c, &e);
		goto done;
	}
	if (!base) {
		snprintf(base_buf, sizeof base_buf, "http://%s:%d", shown,
			 web_server_port(srv));
		base = base_buf;
	}
	snprintf(app.base_url, sizeof app.base_url, "%s", base);
	{
		size_t n = strlen(app.base_url);
		while (n && app.base_url[n - 1] == '/')
			app.base_url[--n] = '\0';
		app.secure_cookies = strncmp(app.base_url, "https://", 8) == 0;
	}
	/* The mail worker runs in a thread when there is a mail server to
	 * send to; without one, messages wait in the outbox for `cuppa mail
	 * run` (or a later serve), instead of failing against a default. */
	if (!no_mail && getenv("CUPPA_SMTP_URL") && *getenv("CUPPA_SMTP_URL") &&
	    mail_thread_start(c->db_path, app.base_url, quiet ? NULL : stderr,
			      &mail, &e) < 0) {
		cli_fail(c, &e);
		web_server_stop(srv);
		goto done;
	}
	/* The round scheduler: every minute (CUPPA_TICK_MS), whether or not
	 * mail is sent from here (its messages wait in the outbox). */
	if (schedule_thread_start(c->db_path, "serve", quiet ? NULL : stderr,
				  &sched, &e) < 0) {
		cli_fail(c, &e);
		web_server_stop(srv);
		mail_thread_stop(mail);
		goto done;
	}
	fprintf(c->out, "cuppa: listening on http://%s:%d (base URL %s)%s\n",
		shown, web_server_port(srv), app.base_url,
		mail ? ", sending mail" : "");
	fflush(c->out);
	sig = serve_wait(c, &app, mail, ip_limit_s);
	fprintf(stderr, "cuppa: signal %d, shutting down\n", sig);
	schedule_thread_stop(sched);
	web_server_stop(srv);
	mail_thread_stop(mail);
	rc = CLI_OK;
done:
	web_app_release(&app);
	return rc;
}
