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
#include "web/web.h"

/* Applies the reloadable settings from the environment (which the file
 * filled at start); ip_limit_cli is --login-ip-limit or NULL. */
int serve_configure(struct web_app *app, const char *ip_limit_cli,
		    struct err *e);
/* Blocks SIGHUP too (call beside web_signals_block, before threads). */
int serve_signals_block(struct err *e);
/* Reports READY=1, then waits for SIGINT or SIGTERM (returned),
 * reloading on each SIGHUP; reports STOPPING=1 before returning. */
int serve_wait(struct cli *c, struct web_app *app, const char *ip_limit_cli);

#endif
