/* serve_ops: see serve_ops.h. */
#include "cli/serve_ops.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_ops.h"
#include "cli/settings.h"
#include "util/sdnotify.h"

static const char *env_setting(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

void serve_env_defaults(const char **listen, const char **threads,
			const char **ip_limit)
{
	if (env_setting("CUPPA_LISTEN"))
		*listen = env_setting("CUPPA_LISTEN");
	if (env_setting("CUPPA_THREADS"))
		*threads = env_setting("CUPPA_THREADS");
	if (env_setting("CUPPA_LOGIN_IP_LIMIT"))
		*ip_limit = env_setting("CUPPA_LOGIN_IP_LIMIT");
}

/* The option's value, NULL when ip_limit came from the environment. */
static const char *option_only(const char *ip_limit)
{
	return ip_limit && ip_limit == env_setting("CUPPA_LOGIN_IP_LIMIT")
		? NULL : ip_limit;
}

static int configure_from(struct web_app *app, const struct settings *s,
			  const char *ip_limit_cli, struct err *e)
{
	const char *proxies = NULL, *token = NULL, *ip = ip_limit_cli;
	long long ip_max = WEB_LOGIN_IP_MAX;
	if (s) {
		proxies = settings_get(s, "trusted_proxies", NULL);
		token = settings_get(s, "metrics_token", NULL);
		if (!ip)
			ip = settings_get(s, "login_ip_limit", NULL);
	} else {
		proxies = getenv("CUPPA_TRUSTED_PROXIES");
		token = getenv("CUPPA_METRICS_TOKEN");
		if (!ip)
			ip = getenv("CUPPA_LOGIN_IP_LIMIT");
	}
	if (ip && *ip && cli_int(ip, 0, 1000000, &ip_max) < 0)
		return err_field(e, ERR_INVALID, "login_ip_limit",
				 "must be 0 (off) to 1000000");
	return web_app_configure(app, proxies, token, (int)ip_max, e);
}

int serve_configure(struct web_app *app, const char *ip_limit,
		    struct err *e)
{
	return configure_from(app, NULL, ip_limit, e);
}

int serve_signals_block(struct err *e)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return err_set(e, ERR_INTERNAL, "cannot block SIGHUP");
	return 0;
}

static void reload(struct cli *c, struct web_app *app,
		   const char *ip_limit_cli)
{
	struct settings fresh;
	struct err e = {0};
	sdnotify("RELOADING=1");
	if (!c->settings) {
		fprintf(stderr, "cuppa: SIGHUP: no configuration to reload\n");
	} else if (settings_reload(c->settings, &fresh, &e) < 0 ||
		   configure_from(app, &fresh, ip_limit_cli, &e) < 0) {
		/* the message names file and line, never a value */
		fprintf(stderr, "cuppa: SIGHUP: configuration refused, keeping"
			" the running one: %s%s%s\n", e.field, e.field[0] ? ": " : "",
			e.msg);
	} else {
		fprintf(stderr, "cuppa: SIGHUP: reloaded trusted_proxies,"
			" metrics_token, login_ip_limit from %s\n",
			c->settings->path ? c->settings->path : "the environment");
	}
	if (c->settings)
		settings_release(&fresh);
	sdnotify("READY=1");
}

int serve_wait(struct cli *c, struct web_app *app, struct mail_thread *mail,
	       const char *ip_limit)
{
	const char *ip_limit_cli = option_only(ip_limit);
	sigset_t set;
	int sig = 0;
	struct err e = {0};
	struct web_job sched = {.name = "scheduler",
				.last_run = app_ops_scheduler_last_run,
				.max_age_s = WEB_SCHEDULER_MAX_AGE_S};
	if (web_app_add_job(app, &sched, &e) < 0)
		fprintf(stderr, "cuppa: %s\n", e.msg);
	if (mail) {
		struct web_job job = {.name = "mail",
				      .beat = mail_thread_heartbeat(mail),
				      .max_age_s = WEB_MAIL_MAX_AGE_S};
		if (web_app_add_job(app, &job, &e) < 0)
			fprintf(stderr, "cuppa: %s\n", e.msg);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sdnotify("READY=1");
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		reload(c, app, ip_limit_cli);
	}
	sdnotify("STOPPING=1");
	return sig;
}
