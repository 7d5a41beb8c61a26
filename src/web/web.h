/*
 * web: cuppa's web application on top of the generic server, router and
 * template modules.  It owns the route table (web_routes, in routes.c),
 * decides who may call each route, checks CSRF, and gives handlers a
 * struct web_ctx with everything one request needs.
 *
 * Route flags:
 *   WR_ADMIN  an organiser's session cookie is required; without one a GET
 *             is redirected to /admin/login and anything else gets 403
 *   WR_API    an organiser's API token (Authorization: Bearer) is
 *             required; without one 401 with a JSON error
 *   WR_FORM   a POST carrying a form: its csrf field must match (403
 *             and nothing changed otherwise).  Every POST that is not
 *             WR_API must carry WR_FORM (web_routes_check enforces it).
 *   WR_UPLOAD the form may be multipart (CSV import) and larger
 *   WR_ONECLICK a POST authenticated by the signed token in its own path,
 *             with no CSRF check: RFC 8058 one-click unsubscribe, which
 *             mail clients send without cookies or form fields.  A page
 *             of another site cannot know the token, so CSRF gains it
 *             nothing.
 *
 * Storage: a pool of stores (store_pool.h) shared by the server's
 * threads: each request takes one and gives it back; none free within
 * WEB_DB_WAIT_MS, or the database unreachable, is a 503.
 */
#ifndef CUPPA_WEB_H
#define CUPPA_WEB_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/secrets.h"
#include "store/store.h"
#include "store/store_group.h"
#include "store/store_pool.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/admin_figures.h"
#include "util/heartbeat.h"
#include "web/insight_cache.h"
#include "web/monitor.h"
#include "web/proxy.h"
#include "web/ratelimit.h"
#include "web/router.h"
#include "web/server.h"
#include "text/tmpl.h"

enum {
	WR_ADMIN = 1u << 0,
	WR_API = 1u << 1,
	WR_FORM = 1u << 2,
	WR_UPLOAD = 1u << 3,
	WR_ONECLICK = 1u << 4,
	/* GET /healthz and /metrics: answered right after the store is
	 * opened, with no session, cookie or CSRF token (see ops.c) */
	WR_OPS = 1u << 8,
};

/* Database connections shared by the server's threads, unless
 * --db-pool or CUPPA_DB_POOL says; how long a request waits for one
 * before it is answered 503. */
#define WEB_DB_POOL 4
#define WEB_DB_WAIT_MS 2000
/* The 503 page (busy, or the database unreachable). */
#define WEB_MSG_UNAVAILABLE \
	N_("The service is busy or its database is unavailable. " \
	   "Please try again shortly.")
/* A 500's sentence, and any internal error's (web_err). */
#define WEB_MSG_INTERNAL \
	N_("Something went wrong on our side. Please try again later.")
#define WEB_BODY_MAX ((size_t)1 << 20)      /* forms and JSON */
#define WEB_UPLOAD_MAX ((size_t)8 << 20)    /* CSV import */
#define WEB_SESSION_HOURS 8
#define WEB_LOGIN_MAX_FAILURES 5
#define WEB_LOGIN_LOCK_MINUTES 15
/* Failed logins from one client address: at most WEB_LOGIN_IP_MAX in a
 * window of WEB_LOGIN_IP_WINDOW_S seconds, whatever the accounts tried;
 * the table remembers WEB_LOGIN_IP_SLOTS addresses (see ratelimit.h). */
#define WEB_LOGIN_IP_MAX 20
#define WEB_LOGIN_IP_WINDOW_S (15 * 60)
#define WEB_LOGIN_IP_SLOTS 1024

/* A micro-cache of public pages that are the same for every anonymous
 * visitor but for the CSRF token (the sign-up page): rendered once per
 * WEB_PAGE_CACHE_MS and per slug, with a marker where the token goes.
 * An organiser's change clears it at once in this process; other
 * processes see it within WEB_PAGE_CACHE_MS. */
#define WEB_PAGE_CACHE_SLOTS 16
#define WEB_PAGE_CACHE_MS 1000
#define WEB_CSRF_MARK "\x01csrf\x01"

struct web_page_cache {
	char key[80];
	double until;             /* monotonic seconds */
	char *html;               /* malloc'd, with WEB_CSRF_MARK */
	size_t len;
	int status;
};

/* A background job GET /healthz and /metrics report on (see ops.c).
 * Alive when it ran within max_age_s: an in-process job beats its
 * heartbeat; a job that records its runs in the database (whichever
 * server holds its lease) gives last_run instead, which sets *last to
 * the Unix time of its last run (0: never). */
#define WEB_MAX_JOBS 8
/* The mail worker beats at least every pass (a second when idle, a
 * minute when its server is down) and before each send, which may take
 * two SMTP timeouts (5 minutes each by default). */
#define WEB_MAIL_MAX_AGE_S 900
/* The round scheduler runs every minute on some server (the one holding
 * its lease); a few missed minutes are a restart, not an outage. */
#define WEB_SCHEDULER_MAX_AGE_S 300
struct web_job {
	const char *name;          /* "mail", "scheduler": a metric label */
	const struct heartbeat *beat;
	int (*last_run)(struct store *st, int64_t *last, struct err *e);
	int max_age_s;
	int64_t since;             /* set by web_app_add_job: a job that has
				    * not run yet is alive for max_age_s */
};

/* Settings `cuppa serve` may change while running (SIGHUP), under
 * the app's conf_lock. */
struct web_runtime {
	struct proxy_list proxies;     /* trusted_proxies */
	unsigned char metrics_hash[32];/* BLAKE2b of metrics_token */
	bool metrics_on;               /* a token is set */
	int login_ip_max;              /* failed logins per address, 0: off */
};

struct web_app {
	const char *db_path;
	struct secrets keys;
	char base_url[256];        /* no trailing slash */
	bool secure_cookies;       /* base URL is https */
	pthread_mutex_t lock;
	/* Database connections for the pool threads (store_pool.h); its
	 * size may be changed before the server starts (--db-pool). */
	struct store_pool *pool;
	/* Group commit of participants' writes (web_write), or NULL where
	 * the engine needs none (PostgreSQL). */
	struct store_group *group;
	pthread_mutex_t cache_lock;
	struct web_page_cache cache[WEB_PAGE_CACHE_SLOTS];
	/* Failed logins per client address; rl_max may be changed before
	 * the server starts (cuppa serve --login-ip-limit). */
	struct ratelimit login_ip;
	/* The insight page's drawings (see insight_cache.h); wi_wait_ms may
	 * be changed before the server starts (--insight-wait-ms). */
	struct web_insight insight;
	/* The dashboard's cached figures (see admin_figures.h). */
	struct admin_figures figures;
	/* Requests answered, for GET /metrics. */
	struct monitor monitor;
	struct web_job jobs[WEB_MAX_JOBS];
	int njobs;                 /* set before the server starts */
	pthread_mutex_t conf_lock; /* guards rt */
	struct web_runtime rt;
};

struct web_ctx {
	struct web_app *app;
	struct web_req *rq;
	struct web_resp *rs;
	struct arena *a;
	struct store *st;
	const struct route *route;
	struct route_params params;
	struct form form;          /* parsed POST body (WR_FORM) */
	int64_t organiser_id;      /* 0 when nobody is logged in */
	char organiser_email[256];
	const char *session;       /* raw session token from the cookie */
	char csrf[AUTH_TOKEN_LEN]; /* the token forms of this page carry */
	/* The programme named by {slug} on an /admin or /api route, loaded
	 * by the dispatcher only when the caller organises it (else the
	 * request was answered 404 before the handler): see web_programme. */
	struct programme programme;
	bool has_programme;
	/* Its newest audit id, read with it (admin_figures' freshness
	 * check without a query of its own). */
	int64_t programme_stamp;
	/* The reader's language and the languages this page offers (the
	 * switch links to the others): web_lang.c. */
	enum lang lang;
	struct lang_list langs;
};

extern const struct route web_routes[];

/* Loads the keys beside db_path, opens the store once (migrations). */
int web_app_init(struct web_app *app, const char *db_path,
		 const char *base_url, struct err *e);
void web_app_release(struct web_app *app);
/* The server's dispatch function; user is the struct web_app. */
void web_app_dispatch(struct web_req *rq, struct web_resp *rs, void *user);
/* The server's quiesce hook: writes what is waiting for the group
 * commit, so those answers go out before the server stops. */
void web_app_quiesce(void *user);

/* ---- writing through the group commit (write.c) ----
 * A handler's write: fn(st, arg, e) runs in its own savepoint of the
 * group's next transaction (store_group.h), then then(cx, rc, e, arg)
 * answers, once the write is durable (rc 0) or has failed (rc -1, e
 * says why, nothing of it stored).  Meanwhile the connection is
 * suspended and the server's thread serves others, so every write
 * waiting is committed with one fsync.  then runs with a store of the
 * pool in cx->st (when none is free in time it is not called and the
 * answer is 503, although the write is stored).  arg must live in the
 * request's arena; then must answer and must not call web_write again.
 * Without a group (PostgreSQL), or out of memory, fn runs at once on
 * cx->st and then follows. */
typedef int (*web_write_fn)(struct store *st, void *arg, struct err *e);
typedef void (*web_then_fn)(struct web_ctx *cx, int rc, struct err *e,
			    void *arg);
void web_write(struct web_ctx *cx, web_write_fn fn, void *arg,
	       web_then_fn then);
/* The server's body_limit: WEB_UPLOAD_MAX for WR_UPLOAD routes, else
 * WEB_BODY_MAX, so only the CSV import may send megabytes. */
size_t web_app_body_limit(const char *method, const char *path, void *user);
/* The server's refusal: its 413 and busy 503 in the reader's language
 * (the switch's cookie, else Accept-Language, else English, as a page
 * tied to no programme); the API's stay English. */
const char *web_app_refusal(const struct web_req *rq, int status, void *user);
/* Checks the route table's invariants (every POST protected). */
int web_routes_check(struct err *e);

/* ---- running it (ops.c) ---- */
/* Sets the reloadable settings (at start and on SIGHUP): proxies as in
 * proxy_list_parse, token NULL or "" for none (then /metrics is 401),
 * ip_max failed logins per address per window (0: off).  On error
 * nothing changes. */
int web_app_configure(struct web_app *app, const char *proxies,
		      const char *metrics_token, int ip_max, struct err *e);
/* Adds a job to report on; call before the server starts. */
int web_app_add_job(struct web_app *app, const struct web_job *job,
		    struct err *e);
/* The client address of this request: the peer, or through a trusted
 * proxy the address it forwarded (see proxy.h); out has 64 bytes. */
void web_client(struct web_ctx *cx, char out[64]);
/* The failed-login limit per address now in force. */
int web_login_ip_max(struct web_app *app);
void page_healthz(struct web_ctx *cx);
void page_metrics(struct web_ctx *cx);

/* ---- helpers for handlers (web.c) ---- */
const char *web_param(struct web_ctx *cx, const char *name);
/* A form field, trimmed of surrounding spaces; "" when absent. */
const char *web_field(struct web_ctx *cx, const char *name);
/* Renders body_tmpl with data inside the page layout. */
void web_page(struct web_ctx *cx, int status, const char *title,
	      const char *body_tmpl, struct tv *data);
/* ---- the reader's language (web_lang.c, docs/text.md) ---- */
/* Chooses the language of a request from ?lang= (the switch, then
 * remembered in a cookie), the cookie and Accept-Language, among all
 * languages (the API: English only). */
void web_lang_start(struct web_ctx *cx);
/* Narrows the choice to a programme's languages, with the person's
 * recorded choice (NULL or "" when unknown) after the switch and cookie
 * and before Accept-Language. */
void web_lang_for(struct web_ctx *cx, const struct lang_list *offered,
		  const char *person_lang);
/* What the visitor asks for before the page knows its programme's
 * languages ("en", "cy", "*" or "-"): two visitors with the same wish
 * get the same page of any programme, so it keys cached pages. */
const char *web_lang_wish(struct web_ctx *cx);
/* Translation of msgid in the request's language. */
const char *web_t(struct web_ctx *cx, const char *msgid);
/* e's sentence in the page's language (text_err), in cx's arena; for
 * ERR_INTERNAL, WEB_MSG_INTERNAL (and e's sentence goes to the log). */
const char *web_err(struct web_ctx *cx, const struct err *e);
/* Why u was not placed, in the page's language (text_unplaced). */
struct unplaced;
const char *web_unplaced(struct web_ctx *cx, const struct unplaced *u);
/* The same led by "label: " (translated) when e names a field, or by the
 * field's name when label is NULL. */
const char *web_err_field(struct web_ctx *cx, const struct err *e,
			  const char *label);
/* A plain page with a heading and one sentence (both translated). */
void web_message(struct web_ctx *cx, int status, const char *title,
		 const char *msg);
void web_redirect(struct web_ctx *cx, const char *location);
/* For API routes a JSON error, else an HTML page. */
void web_error(struct web_ctx *cx, int status, const struct err *e);
int web_status_of(const struct err *e);
/* Sends j (consumes the reference). */
void web_json(struct web_ctx *cx, int status, json_t *j);
void web_json_error(struct web_ctx *cx, int status, const char *code,
		    const char *message, const char *field);
/* Sets a cookie (HttpOnly, SameSite=Lax, Path=/, Secure over https). */
void web_set_cookie(struct web_ctx *cx, const char *name, const char *value,
		    long max_age);
/* Serves key from the page cache into cx->rs with this request's CSRF
 * token; false when absent or stale. */
bool web_cache_serve(struct web_ctx *cx, const char *key);
/* Stores the page just rendered into cx->rs (made with cx->csrf set to
 * WEB_CSRF_MARK) under key, then puts the real token in. */
void web_cache_store(struct web_ctx *cx, const char *key,
		     const char *real_csrf);
void web_cache_clear(struct web_app *app);
/* The programme of this request's {slug}, which the calling organiser
 * organises, or NULL on a route without one.  The dispatcher is the one
 * place that checks it: an /admin or /api request naming a programme the
 * caller does not organise gets the same 404 as an unknown programme
 * (so the answer does not reveal which exist) and never reaches the
 * handler. */
const struct programme *web_programme(struct web_ctx *cx);
/* The programmes the calling organiser organises (store_programme_list's
 * order), in the arena, with (stamps not NULL) each one's newest audit
 * id for admin_figures. */
int web_programmes(struct web_ctx *cx, struct programme **out,
		   int64_t **stamps, size_t *n, struct err *e);
/* Answers 404 "no such programme", as an HTML page or, on API routes,
 * as JSON: the one answer for an unknown and a foreign programme. */
void web_programme_not_found(struct web_ctx *cx);
/* base_url + path, in the arena. */
const char *web_url(struct web_ctx *cx, const char *path);

/* ---- handlers (pages_public.c, admin_*.c, api.c) ---- */
void page_static_css(struct web_ctx *cx);
void page_home(struct web_ctx *cx);
void page_signup(struct web_ctx *cx);
void page_signup_post(struct web_ctx *cx);
void page_confirm(struct web_ctx *cx);
void page_confirm_post(struct web_ctx *cx);
void page_me(struct web_ctx *cx);
void page_me_post(struct web_ctx *cx);
void page_me_data(struct web_ctx *cx);
void page_outcome(struct web_ctx *cx);
void page_outcome_post(struct web_ctx *cx);
void page_outcome_feedback(struct web_ctx *cx);
void page_unsubscribe(struct web_ctx *cx);
void page_unsubscribe_post(struct web_ctx *cx);
void page_story(struct web_ctx *cx);
void page_story_post(struct web_ctx *cx);
void page_stories(struct web_ctx *cx);
void page_board(struct web_ctx *cx);
void page_challenge(struct web_ctx *cx);
void page_me_board(struct web_ctx *cx);
void page_me_board_post(struct web_ctx *cx);
void page_me_challenge(struct web_ctx *cx);
void page_me_challenge_post(struct web_ctx *cx);
void page_survey(struct web_ctx *cx);
void page_survey_post(struct web_ctx *cx);

void admin_login(struct web_ctx *cx);
void admin_login_post(struct web_ctx *cx);
void admin_logout(struct web_ctx *cx);
void admin_home(struct web_ctx *cx);
void admin_programme_create(struct web_ctx *cx);
void admin_programme(struct web_ctx *cx);
void admin_programme_settings(struct web_ctx *cx);
void admin_people(struct web_ctx *cx);
void admin_people_import(struct web_ctx *cx);
void admin_people_export(struct web_ctx *cx);
void admin_person(struct web_ctx *cx);
void admin_person_consent(struct web_ctx *cx);
void admin_person_status(struct web_ctx *cx);
void admin_person_block(struct web_ctx *cx);
void admin_person_outcome(struct web_ctx *cx);
void admin_round_generate(struct web_ctx *cx);
void admin_round(struct web_ctx *cx);
void admin_round_swap(struct web_ctx *cx);
void admin_round_move(struct web_ctx *cx);
void admin_round_publish(struct web_ctx *cx);
void admin_round_discard(struct web_ctx *cx);
void admin_insight(struct web_ctx *cx);
void admin_surveys(struct web_ctx *cx);
void admin_survey_create(struct web_ctx *cx);
void admin_survey(struct web_ctx *cx);
void admin_survey_csv(struct web_ctx *cx);
void admin_survey_question(struct web_ctx *cx);
void admin_survey_send(struct web_ctx *cx);
void admin_survey_close(struct web_ctx *cx);
void admin_stories(struct web_ctx *cx);
void admin_story_decide(struct web_ctx *cx);
void admin_challenges(struct web_ctx *cx);
void admin_challenge_moderate(struct web_ctx *cx);
void admin_board_settings(struct web_ctx *cx);
void admin_schedule_post(struct web_ctx *cx);
void admin_schedule_action(struct web_ctx *cx);
void api_schedule(struct web_ctx *cx);
void api_schedule_set(struct web_ctx *cx);
void api_schedule_action(struct web_ctx *cx);

void api_programmes(struct web_ctx *cx);
void api_programme_create(struct web_ctx *cx);
void api_programme(struct web_ctx *cx);
void api_people(struct web_ctx *cx);
void api_person_add(struct web_ctx *cx);
void api_rounds(struct web_ctx *cx);
void api_round_generate(struct web_ctx *cx);
void api_round(struct web_ctx *cx);
void api_round_publish(struct web_ctx *cx);
void api_round_swap(struct web_ctx *cx);
void api_round_move(struct web_ctx *cx);
void api_round_outcome(struct web_ctx *cx);
void api_surveys(struct web_ctx *cx);
void api_survey_create(struct web_ctx *cx);
void api_survey(struct web_ctx *cx);
void api_survey_send(struct web_ctx *cx);
void api_survey_close(struct web_ctx *cx);
void api_challenges(struct web_ctx *cx);

#endif
