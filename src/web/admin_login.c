/*
 * admin_login: the organiser's login and logout.
 * Every route is WR_ADMIN (the dispatcher checked the session) and every
 * POST WR_FORM (CSRF checked); the rules are the app layer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/app_organiser.h"
#include "core/person.h"
#include "app/app_grant.h"
#include "app/app_round_edit.h"
#include "mail/mail.h"
#include "match/match.h"
#include "util/clock.h"
#include "web/pages.h"
#include "web/templates.h"
#include "web/web.h"

#if defined(__has_include)
#if __has_include("insight/insight_page.h")
#include "insight/insight_page.h"
#define HAVE_INSIGHT_PAGE 1
#endif
#endif
#include "web/admin.h"

/* ---- login ---- */

static void login_render(struct web_ctx *cx, int status, const char *email,
			 const char *error)
{
	struct tv *d = tv_obj(cx->a);
	tv_set(d, "email", email);
	tv_set(d, "error", web_t(cx, error));
	web_page(cx, status, N_("Organiser login"), tpl_login, d);
}

void admin_login(struct web_ctx *cx)
{
	if (cx->organiser_id) {
		web_redirect(cx, "/admin");
		return;
	}
	login_render(cx, 200, "", NULL);
}

/* The one answer to every refused login, whatever the reason: unknown
 * email, wrong password, or an account locked after repeated failures.
 * Telling them apart would reveal which organisers exist. */
#define LOGIN_REFUSED N_("That email and password do not match an organiser.")

void admin_login_post(struct web_ctx *cx)
{
	const char *email = web_field(cx, "email");
	const char *pw = form_get(&cx->form, "password");
	struct organiser o;
	struct err e = {0};
	char now[21], until[21], tok[AUTH_TOKEN_LEN], hash[AUTH_HASH_LEN];
	char lower[256], ip[64], client[80];
	bool found, locked, ok, blocked;
	time_t t = clock_now();

	/* Per client address first: no password work for a flooding client,
	 * and the answer says nothing about any account. */
	web_client(cx, ip);
	snprintf(client, sizeof client, "ip:%s", ip);
	if (app_organiser_login_blocked(cx->st, client, (int64_t)t,
					WEB_LOGIN_IP_WINDOW_S,
					web_login_ip_max(cx->app), &blocked,
					&e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	if (blocked) {
		web_resp_header(cx->rq, cx->rs, "Retry-After",
				arena_printf(cx->a, "%d", WEB_LOGIN_IP_WINDOW_S));
		login_render(cx, 429, email,
			     N_("Too many failed logins from your network. Please "
				"try again in a few minutes."));
		return;
	}
	snprintf(lower, sizeof lower, "%s", email);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	clock_instant(t, now);
	found = app_organiser_get(cx->st, lower, cx->a, &o, &e) == 0;
	if (!found && e.code != ERR_NOTFOUND) {
		web_error(cx, 500, &e);
		return;
	}
	locked = found && o.locked_until[0] && strcmp(o.locked_until, now) > 0;
	/* One Argon2id verification on every path (a decoy hash for an
	 * unknown email), so the time taken does not tell them apart either;
	 * a locked account's result is ignored. */
	ok = auth_password_verify(found ? o.pw_hash : NULL, pw ? pw : "") &&
	     pw && !locked;
	if (!ok) {
		clock_instant(t + WEB_LOGIN_LOCK_MINUTES * 60, until);
		if (app_organiser_login_refused(
			    cx->st, client, web_login_ip_max(cx->app) > 0,
			    (int64_t)t, WEB_LOGIN_IP_WINDOW_S,
			    found && !locked ? o.id : 0, WEB_LOGIN_MAX_FAILURES,
			    until, &e) < 0) {
			web_error(cx, 500, &e);
			return;
		}
		login_render(cx, 401, email, LOGIN_REFUSED);
		return;
	}
	auth_token_new(tok);
	auth_token_hash(tok, hash);
	clock_instant(t + WEB_SESSION_HOURS * 3600, until);
	if (app_organiser_login(cx->st, o.id, hash, until, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	web_set_cookie(cx, "cuppa_session", tok, WEB_SESSION_HOURS * 3600L);
	web_redirect(cx, "/admin");
}

void admin_logout(struct web_ctx *cx)
{
	char hash[AUTH_HASH_LEN];
	struct err e = {0};
	auth_token_hash(cx->session, hash);
	if (app_organiser_logout(cx->st, hash, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	web_set_cookie(cx, "cuppa_session", "", 0);
	web_redirect(cx, "/admin/login");
}
