/*
 * cmd_serve: `cuppa serve`, the web server (see web/web.h).  Runs until
 * SIGINT or SIGTERM, then stops accepting, lets running requests finish
 * and closes the database.  `--routes` prints the route table (method,
 * pattern, who may call) and exits: the HTTP tests read it so that no
 * route escapes the authentication checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "web/web.h"

static void print_routes(struct cli *c)
{
	for (const struct route *r = web_routes; r->pattern; r++)
		fprintf(c->out, "%s %s %s%s\n", r->method, r->pattern,
			r->flags & WR_ADMIN ? "admin"
			: r->flags & WR_API ? "api" : "public",
			r->flags & WR_FORM ? " csrf" : "");
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *base = NULL, *threads_s = NULL;
	bool routes = false, quiet = false;
	const struct cli_opt opts[] = {
		{"--listen", &listen, NULL},
		{"--base-url", &base, NULL},
		{"--threads", &threads_s, NULL},
		{"--routes", NULL, &routes},
		{"--quiet", NULL, &quiet},
		{NULL, NULL, NULL},
	};
	const char *pos[1];
	int npos, rc = CLI_FAIL, sig;
	long long port, threads = 4;
	char host[64], base_buf[160];
	struct web_app app;
	struct web_server *srv = NULL;
	struct err e = {0};

	if (cli_parse(c, "serve", argc, argv, 1, opts, pos, 0, &npos) < 0)
		return CLI_USAGE;
	if (routes) {
		print_routes(c);
		return CLI_OK;
	}
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host ||
	    cli_int(colon + 1, 0, 65535, &port) < 0)
		return cli_usage_error(c, "serve",
				       "--listen must be HOST:PORT, for example 127.0.0.1:8080");
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (threads_s && cli_int(threads_s, 1, 64, &threads) < 0)
		return cli_usage_error(c, "serve", "--threads must be 1 to 64");
	if (web_signals_block(&e) < 0)
		return cli_fail(c, &e);
	if (web_app_init(&app, c->db_path, "http://localhost", &e) < 0)
		return cli_fail(c, &e);
	struct web_server_config cfg = {
		.host = host,
		.port = (int)port,
		.threads = (int)threads,
		.body_max = WEB_BODY_MAX,
		.body_limit = web_app_body_limit,
		.timeout_s = 30,
		.log = !quiet,
		.dispatch = web_app_dispatch,
		.user = &app,
	};
	if (web_server_start(&cfg, &srv, &e) < 0) {
		cli_fail(c, &e);
		goto done;
	}
	if (!base) {
		snprintf(base_buf, sizeof base_buf, "http://%s:%d", host,
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
	fprintf(c->out, "cuppa: listening on http://%s:%d (base URL %s)\n", host,
		web_server_port(srv), app.base_url);
	fflush(c->out);
	sig = web_signals_wait();
	fprintf(stderr, "cuppa: signal %d, shutting down\n", sig);
	web_server_stop(srv);
	rc = CLI_OK;
done:
	web_app_release(&app);
	return rc;
}
