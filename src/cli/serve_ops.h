/*
 * serve_ops: the parts of `cuppa serve` that keep it running under a
 * service manager: the reloadable settings, SIGHUP, and readiness
 * reports to systemd.
 *
 * What SIGHUP reloads (from the configuration file, under the same
 * precedence as at start, so a value given on the command line or in
 * the environment stays): trusted_proxies, metrics_token and
 * login_ip_limit.  Everything else (database, keys, listen address,
 * threads, base URL, SMTP and mail settings) needs a restart: changing
 * them under running requests or a message in flight is not safe.  A
 * file with a bad line is refused whole and the running settings stay.
 */
#ifndef CUPPA_SERVE_OPS_H
#define CUPPA_SERVE_OPS_H

#include "cli/cli.h"
#include "mail/worker.h"
#include "web/web.h"

/* Sets *listen, *threads and *ip_limit to $CUPPA_LISTEN, $CUPPA_THREADS
 * and $CUPPA_LOGIN_IP_LIMIT when those are set (and not empty); call
 * before parsing the options, which then override them. */
void serve_env_defaults(const char **listen, const char **threads,
			const char **ip_limit);
/* Applies the reloadable settings from the environment (which the file
 * filled at start).  ip_limit is --login-ip-limit's value, or the
 * environment's (told apart by pointer: only the option outranks the
 * file on SIGHUP), or NULL. */
int serve_configure(struct web_app *app, const char *ip_limit,
		    struct err *e);
/* Blocks SIGHUP too (call beside web_signals_block, before threads). */
int serve_signals_block(struct err *e);
/* Registers the round scheduler and the mail thread (when not NULL)
 * with /healthz, reports READY=1, then waits for SIGINT or SIGTERM
 * (returned), reloading on each SIGHUP; reports STOPPING=1 before
 * returning. */
int serve_wait(struct cli *c, struct web_app *app, struct mail_thread *mail,
	       const char *ip_limit);

#endif
