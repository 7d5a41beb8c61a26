/*
 * web: the application's dispatch (see web.h).  Order for every request:
 * match the route; establish who is calling (session or API token);
 * refuse if the route needs someone else; parse and CSRF-check the form;
 * then run the handler.  Handlers therefore never see an unauthenticated
 * admin request or an unchecked POST.
 */
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/app_organiser.h"
#include "util/clock.h"
#include "web/templates.h"

int web_app_init(struct web_app *app, const char *db_path,
		 const char *base_url, struct err *e)
{
	struct store *st = NULL;
	memset(app, 0, sizeof *app);
	app->db_path = db_path;
	if (web_routes_check(e) < 0)
		return -1;
	if (secrets_load(db_path, &app->keys, e) < 0)
		return -1;
	/* Opening once here applies pending migrations before any thread
	 * races to do it. */
	if (store_open(db_path, &st, e) < 0) {
		secrets_release(&app->keys);
		return -1;
	}
	/* One writer for participants' writes where the engine takes one
	 * at a time (web_write). */
	if (store_group_wanted(st) &&
	    store_group_start(db_path, &app->group, e) < 0) {
		store_close(st);
		secrets_release(&app->keys);
		return -1;
	}
	store_close(st);
	if (store_pool_new(db_path, WEB_DB_POOL, WEB_DB_WAIT_MS, &app->pool, e) < 0) {
		store_group_free(app->group);
		secrets_release(&app->keys);
		return -1;
	}
	if (ratelimit_init(&app->login_ip, WEB_LOGIN_IP_SLOTS, WEB_LOGIN_IP_MAX,
			   WEB_LOGIN_IP_WINDOW_S, e) < 0) {
		store_group_free(app->group);
		store_pool_free(app->pool);
		secrets_release(&app->keys);
		return -1;
	}
	web_insight_init(&app->insight, db_path, WEB_INSIGHT_WAIT_MS);
	admin_figures_init(&app->figures, db_path);
	snprintf(app->base_url, sizeof app->base_url, "%s", base_url);
	size_t n = strlen(app->base_url);
	while (n && app->base_url[n - 1] == '/')
		app->base_url[--n] = '\0';
	app->secure_cookies = strncmp(app->base_url, "https://", 8) == 0;
	pthread_mutex_init(&app->lock, NULL);
	pthread_mutex_init(&app->cache_lock, NULL);
	pthread_mutex_init(&app->conf_lock, NULL);
	monitor_init(&app->monitor);
	app->rt.login_ip_max = WEB_LOGIN_IP_MAX;
	return 0;
}

void web_app_release(struct web_app *app)
{
	web_insight_release(&app->insight); /* joins the drawing thread */
	admin_figures_release(&app->figures);
	store_group_free(app->group);
	app->group = NULL;
	store_pool_free(app->pool);
	app->pool = NULL;
	pthread_mutex_destroy(&app->lock);
	web_cache_clear(app);
	pthread_mutex_destroy(&app->cache_lock);
	ratelimit_release(&app->login_ip);
	monitor_release(&app->monitor);
	pthread_mutex_destroy(&app->conf_lock);
	secrets_release(&app->keys);
}

/* ---- page cache ---- */

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends html to b with every WEB_CSRF_MARK replaced by csrf. */
static void put_with_csrf(struct buf *b, const char *html, size_t len,
			  const char *csrf)
{
	const char *p = html, *end = html + len, *m;
	size_t ml = strlen(WEB_CSRF_MARK);
	while ((m = memmem(p, (size_t)(end - p), WEB_CSRF_MARK, ml)) != NULL) {
		buf_add(b, p, (size_t)(m - p));
		buf_puts(b, csrf);
		p = m + ml;
	}
	buf_add(b, p, (size_t)(end - p));
}

bool web_cache_serve(struct web_ctx *cx, const char *key)
{
	struct web_app *app = cx->app;
	bool hit = false;
	double now = mono();
	pthread_mutex_lock(&app->cache_lock);
	for (int i = 0; i < WEB_PAGE_CACHE_SLOTS; i++) {
		struct web_page_cache *c = &app->cache[i];
		if (c->html && c->until > now && strcmp(c->key, key) == 0) {
			buf_reset(&cx->rs->body);
			put_with_csrf(&cx->rs->body, c->html, c->len, cx->csrf);
			cx->rs->status = c->status;
			cx->rs->content_type = "text/html; charset=utf-8";
			hit = true;
			break;
		}
	}
	pthread_mutex_unlock(&app->cache_lock);
	return hit;
}

void web_cache_store(struct web_ctx *cx, const char *key,
		     const char *real_csrf)
{
	struct web_app *app = cx->app;
	struct web_page_cache *slot = NULL;
	size_t len = buf_len(&cx->rs->body);
	char *copy = malloc(len + 1);
	double now = mono();
	struct buf out;

	if (copy && strlen(key) < sizeof slot->key &&
	    !buf_failed(&cx->rs->body)) {
		memcpy(copy, buf_str(&cx->rs->body), len + 1);
		pthread_mutex_lock(&app->cache_lock);
		for (int i = 0; i < WEB_PAGE_CACHE_SLOTS && !slot; i++)
			if (app->cache[i].html && strcmp(app->cache[i].key, key) == 0)
				slot = &app->cache[i];
		for (int i = 0; i < WEB_PAGE_CACHE_SLOTS && !slot; i++)
			if (!app->cache[i].html || app->cache[i].until <= now)
				slot = &app->cache[i];
		if (!slot)
			slot = &app->cache[0];
		free(slot->html);
		snprintf(slot->key, sizeof slot->key, "%s", key);
		slot->html = copy;
		slot->len = len;
		slot->status = cx->rs->status;
		slot->until = now + WEB_PAGE_CACHE_MS / 1000.0;
		copy = NULL;
		pthread_mutex_unlock(&app->cache_lock);
	}
	free(copy);
	/* This response: the same page with the real token. */
	buf_init(&out, (size_t)16 << 20);
	put_with_csrf(&out, buf_str(&cx->rs->body), len, real_csrf);
	buf_release(&cx->rs->body);
	cx->rs->body = out;
}

void web_cache_clear(struct web_app *app)
{
	pthread_mutex_lock(&app->cache_lock);
	for (int i = 0; i < WEB_PAGE_CACHE_SLOTS; i++) {
		free(app->cache[i].html);
		app->cache[i].html = NULL;
	}
	pthread_mutex_unlock(&app->cache_lock);
}

size_t web_app_body_limit(const char *method, const char *path, void *user)
{
	struct arena a;
	struct route_params p;
	bool known;
	const struct route *r;
	size_t lim = WEB_BODY_MAX;
	(void)user;
	arena_init(&a, 4096);
	r = router_match(web_routes, method, path, &a, &p, &known);
	if (r && (r->flags & WR_UPLOAD))
		lim = WEB_UPLOAD_MAX;
	arena_release(&a);
	return lim;
}

int web_routes_check(struct err *e)
{
	for (const struct route *r = web_routes; r->pattern; r++) {
		if (strcmp(r->method, "POST") == 0 &&
		    !(r->flags & (WR_API | WR_FORM | WR_ONECLICK)))
			return err_set(e, ERR_INTERNAL,
				       "route POST %s has no CSRF check",
				       r->pattern);
		if (strncmp(r->pattern, "/admin", 6) == 0 &&
		    !(r->flags & WR_ADMIN) &&
		    strcmp(r->pattern, "/admin/login") != 0)
			return err_set(e, ERR_INTERNAL,
				       "route %s lacks WR_ADMIN", r->pattern);
		if (strncmp(r->pattern, "/api/", 5) == 0 && !(r->flags & WR_API))
			return err_set(e, ERR_INTERNAL,
				       "route %s lacks WR_API", r->pattern);
	}
	return 0;
}

/* ---- helpers ---- */

const char *web_param(struct web_ctx *cx, const char *name)
{
	const char *v = route_param(&cx->params, name);
	return v ? v : "";
}

const char *web_field(struct web_ctx *cx, const char *name)
{
	const char *v = form_get(&cx->form, name), *end;
	if (!v)
		return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r' || end[-1] == '\n'))
		end--;
	return arena_strndup(cx->a, v, (size_t)(end - v));
}

const char *web_url(struct web_ctx *cx, const char *path)
{
	return arena_printf(cx->a, "%s%s", cx->app->base_url, path);
}

void web_set_cookie(struct web_ctx *cx, const char *name, const char *value,
		    long max_age)
{
	char *c = arena_printf(cx->a, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; "
			       "SameSite=Lax%s", name, value, max_age,
			       cx->app->secure_cookies ? "; Secure" : "");
	if (c)
		web_resp_header(cx->rq, cx->rs, "Set-Cookie", c);
}

void web_page(struct web_ctx *cx, int status, const char *title,
	      const char *body_tmpl, struct tv *data)
{
	struct buf body;
	struct err e = {0};
	struct tv *page = tv_obj(cx->a);
	if (!data)
		data = tv_obj(cx->a);
	tv_set(data, "csrf", cx->csrf);
	tv_set(data, "lang", lang_code(cx->lang));
	buf_init(&body, (size_t)8 << 20);
	if (tmpl_render_lang(&body, body_tmpl, data, cx->lang, &e) < 0) {
		buf_release(&body);
		cx->rs->status = 500;
		cx->rs->content_type = "text/plain; charset=utf-8";
		buf_reset(&cx->rs->body);
		buf_puts(&cx->rs->body, "internal error\n");
		fprintf(stderr, "web: template: %s\n", e.msg);
		return;
	}
	tv_set(page, "title", web_t(cx, title));
	tv_set(page, "body", buf_str(&body));
	tv_set(page, "csrf", cx->csrf);
	tv_set(page, "lang", lang_code(cx->lang));
	if (cx->langs.n > 1) {
		/* the switch: the same address in each other language */
		struct tv *sw = tv_list(cx->a);
		for (int i = 0; i < cx->langs.n; i++) {
			enum lang l = cx->langs.v[i];
			if (l == cx->lang)
				continue;
			struct tv *o = tv_push(sw);
			tv_set(o, "code", lang_code(l));
			tv_set(o, "name", lang_name(l));
			tv_set(o, "href", arena_printf(cx->a, "%s?lang=%s",
						       cx->rq->path, lang_code(l)));
		}
		tv_set_tv(page, "switch", sw);
		tv_set_bool(page, "has_switch", tv_count(sw) > 0);
	}
	if (cx->organiser_id)
		tv_set(page, "organiser", cx->organiser_email);
	buf_reset(&cx->rs->body);
	if (tmpl_render_lang(&cx->rs->body, tpl_layout, page, cx->lang, &e) < 0) {
		status = 500;
		fprintf(stderr, "web: layout: %s\n", e.msg);
	}
	buf_release(&body);
	cx->rs->status = status;
	cx->rs->content_type = "text/html; charset=utf-8";
}

void web_message(struct web_ctx *cx, int status, const char *title,
		 const char *msg)
{
	struct tv *d = tv_obj(cx->a);
	tv_set(d, "heading", web_t(cx, title));
	tv_set(d, "message", web_t(cx, msg));
	web_page(cx, status, title, tpl_message, d);
}

void web_redirect(struct web_ctx *cx, const char *location)
{
	cx->rs->status = 303;
	web_resp_header(cx->rq, cx->rs, "Location", location);
	cx->rs->content_type = "text/plain; charset=utf-8";
	buf_reset(&cx->rs->body);
	buf_puts(&cx->rs->body, "See other\n");
}

int web_status_of(const struct err *e)
{
	switch (e->code) {
	case ERR_INVALID: return 400;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_FORBIDDEN: return 403;
	case ERR_UNAVAILABLE: return 503;
	default: return 500;
	}
}

void web_json(struct web_ctx *cx, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	buf_reset(&cx->rs->body);
	if (!s) {
		status = 500;
		buf_puts(&cx->rs->body,
			 "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\",\"field\":null}}");
	} else {
		buf_puts(&cx->rs->body, s);
		free(s);
	}
	buf_putc(&cx->rs->body, '\n');
	cx->rs->status = status;
	cx->rs->content_type = "application/json";
}

void web_json_error(struct web_ctx *cx, int status, const char *code,
		    const char *message, const char *field)
{
	json_t *j = json_pack("{s:{s:s, s:s, s:o}}", "error", "code", code,
			      "message", message, "field",
			      field && *field ? json_string(field) : json_null());
	web_json(cx, status, j);
}

void web_error(struct web_ctx *cx, int status, const struct err *e)
{
	const char *msg = e && e->msg[0] ? web_err(cx, e)
					 : N_("Something went wrong.");
	if (status >= 500 && e && e->code != ERR_INTERNAL) /* web_err logs those */
		fprintf(stderr, "web: %s %s: %s\n", cx->rq->method,
			cx->route ? cx->route->pattern : "-", e->msg);
	if (e && e->code == ERR_UNAVAILABLE)
		status = 503;
	if (status == 503) {
		/* Busy, or the database is down: say so, and when to retry. */
		msg = WEB_MSG_UNAVAILABLE;
		web_resp_header(cx->rq, cx->rs, "Retry-After", "5");
	} else if (status >= 500) {
		msg = WEB_MSG_INTERNAL;
	}
	if (cx->route && (cx->route->flags & WR_API)) {
		web_json_error(cx, status,
			       e ? err_code_name(e->code) : "internal", msg,
			       e ? e->field : NULL);
		return;
	}
	web_message(cx, status,
		    status == 404 ? N_("Not found")
		    : status == 403 ? N_("Not allowed")
		    : status >= 500 ? N_("Sorry") : N_("Please check"),
		    msg);
}

/* ---- which programmes the caller organises ---- */

const struct programme *web_programme(struct web_ctx *cx)
{
	return cx->has_programme ? &cx->programme : NULL;
}

void web_programme_not_found(struct web_ctx *cx)
{
	if (cx->route && (cx->route->flags & WR_API))
		web_json_error(cx, 404, "not_found", "no such programme", NULL);
	else
		web_message(cx, 404, N_("Not found"),
			    N_("There is no such programme."));
}

int web_programmes(struct web_ctx *cx, struct programme **out,
		   int64_t **stamps, size_t *n, struct err *e)
{
	return app_organiser_programmes(cx->st, cx->organiser_id, cx->a, out,
					stamps, n, e);
}

/* The one check that an organiser may touch a programme: every /admin
 * and /api route whose pattern names one ({slug}) passes here after CSRF
 * and before its handler.  Unknown and not-theirs get the same answer. */
static int load_programme(struct web_ctx *cx)
{
	struct err e = {0};
	const char *slug = web_param(cx, "slug");
	bool mine = false;
	if (app_organiser_programme(cx->st, slug, cx->organiser_id, cx->a,
				    &cx->programme, &mine, &cx->programme_stamp,
				    &e) == 0 &&
	    mine) {
		cx->has_programme = true;
		return 0;
	}
	memset(&cx->programme, 0, sizeof cx->programme);
	if (e.code != ERR_NONE && e.code != ERR_NOTFOUND) {
		web_error(cx, 500, &e);
		return -1;
	}
	web_programme_not_found(cx);
	return -1;
}

/* ---- who is calling ---- */

static void load_session(struct web_ctx *cx)
{
	const char *tok = web_cookie(cx->rq, "cuppa_session");
	char hash[AUTH_HASH_LEN], now[21];
	char *email;
	int64_t id;
	if (!tok || strlen(tok) != 43)
		return;
	auth_token_hash(tok, hash);
	clock_instant(clock_now(), now);
	if (app_organiser_of_session(cx->st, hash, now, cx->a, &id, &email,
				     NULL) < 0)
		return;
	cx->organiser_id = id;
	snprintf(cx->organiser_email, sizeof cx->organiser_email, "%s", email);
	cx->session = tok;
}

static void load_api_token(struct web_ctx *cx)
{
	const char *h = web_header(cx->rq, "Authorization");
	char hash[AUTH_HASH_LEN];
	int64_t id;
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return;
	h += 7;
	if (strlen(h) < 20 || strlen(h) > 200)
		return;
	auth_token_hash(h, hash);
	if (app_organiser_of_token(cx->st, hash, &id, NULL) == 0)
		cx->organiser_id = id;
}

/* The value CSRF tokens of this request are bound to: the session, or a
 * random cookie set here for visitors without one. */
static const char *csrf_bind(struct web_ctx *cx, bool create)
{
	const char *c;
	if (cx->session)
		return cx->session;
	c = web_cookie(cx->rq, "cuppa_csrf");
	if (c && strlen(c) == 43)
		return c;
	if (!create)
		return NULL;
	char fresh[AUTH_TOKEN_LEN];
	auth_token_new(fresh);
	web_set_cookie(cx, "cuppa_csrf", fresh, 60L * 60 * 24 * 30);
	return arena_strdup(cx->a, fresh);
}

static int parse_form(struct web_ctx *cx, struct err *e)
{
	const char *ct = web_header(cx->rq, "Content-Type");
	if (!ct)
		ct = "";
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		return form_parse_urlencoded(cx->rq->body, cx->rq->body_len,
					     cx->a, &cx->form, e);
	if ((cx->route->flags & WR_UPLOAD) &&
	    strncasecmp(ct, "multipart/form-data", 19) == 0)
		return form_parse_multipart(ct, cx->rq->body, cx->rq->body_len,
					    cx->a, &cx->form, e);
	if (cx->rq->body_len == 0)
		return 0;
	return err_set(e, ERR_INVALID, "unsupported form encoding");
}

static void dispatch_handler(struct web_ctx *cx_, bool is_get);

static void dispatch(struct web_req *rq, struct web_resp *rs, void *user)
{
	struct web_app *app = user;
	struct web_ctx cx;
	struct err e = {0};
	bool known = false;
	bool is_get;

	memset(&cx, 0, sizeof cx);
	cx.app = app;
	cx.rq = rq;
	cx.rs = rs;
	cx.a = rq->a;
	web_lang_start(&cx);
	cx.route = router_match(web_routes, rq->method, rq->path, rq->a,
				&cx.params, &known);
	is_get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	if (!cx.route) {
		rq->route = known ? "(method)" : "(none)";
		if (strncmp(rq->path, "/api/", 5) == 0) {
			cx.route = &(struct route){"GET", "/api/", NULL, WR_API};
			web_json_error(&cx, known ? 405 : 404,
				       known ? "method_not_allowed" : "not_found",
				       known ? "method not allowed" : "no such endpoint",
				       NULL);
		} else {
			web_message(&cx, known ? 405 : 404,
				    known ? N_("Not allowed") : N_("Not found"),
				    known ? N_("This address does not accept that method.")
					  : N_("There is no page at this address."));
		}
		if (known)
			web_resp_header(rq, rs, "Allow", "GET, POST");
		return;
	}
	rq->route = cx.route->pattern;
	if (cx.route->fn == page_static_css) {
		page_static_css(&cx);
		return;
	}
	/* Uploads may be larger than anything else. */
	if (rq->body_len > WEB_BODY_MAX && !(cx.route->flags & WR_UPLOAD)) {
		web_error(&cx, 413, &(struct err){.code = ERR_INVALID, .msg = N_("The request is too large.")});
		return;
	}
	/* The database connection of this request: ERR_UNAVAILABLE (busy,
	 * or the database down) is answered 503 at once. */
	if (store_pool_get(app->pool, &cx.st, &e) < 0) {
		web_error(&cx, 503, &e);
		return;
	}
	dispatch_handler(&cx, is_get);
	store_pool_put(app->pool, cx.st); /* rolls back what a handler left */
}

/* The rest of a request, with a store: who calls, forms, the handler. */
static void dispatch_handler(struct web_ctx *cx_, bool is_get)
{
	struct web_ctx cx = *cx_;
	struct web_app *app = cx.app;
	struct web_req *rq = cx.rq;
	struct web_resp *rs = cx.rs;
	struct err e = {0};
	if (cx.route->flags & WR_OPS) { /* no session, cookie or CSRF */
		cx.route->fn(&cx);
		return;
	}
	if (cx.route->flags & WR_API) {
		load_api_token(&cx);
		if (!cx.organiser_id) {
			web_resp_header(rq, rs, "WWW-Authenticate", "Bearer");
			web_json_error(&cx, 401, "unauthorized",
				       "a valid API token is required", NULL);
			return;
		}
	} else {
		load_session(&cx);
		if ((cx.route->flags & WR_ADMIN) && !cx.organiser_id) {
			if (is_get) {
				web_redirect(&cx, "/admin/login");
			} else {
				web_message(&cx, 403, N_("Not allowed"),
					    N_("Please log in first."));
			}
			return;
		}
	}
	if (!is_get && !(cx.route->flags & WR_API)) {
		const char *bind;
		if (parse_form(&cx, &e) < 0) {
			web_error(&cx, 400, &e);
			return;
		}
		bind = csrf_bind(&cx, false);
		if (!(cx.route->flags & WR_ONECLICK) &&
		    !auth_csrf_ok(app->keys.session_key, bind,
				  form_get(&cx.form, "csrf"))) {
			web_message(&cx, 403, N_("Not allowed"),
				    N_("This form has expired or did not come from "
				    "this site. Please go back, reload the page "
				    "and try again."));
			return;
		}
	}
	if (!(cx.route->flags & WR_API)) {
		const char *bind = csrf_bind(&cx, true);
		if (bind)
			auth_csrf(app->keys.session_key, bind, cx.csrf);
	}
	if ((cx.route->flags & (WR_ADMIN | WR_API)) &&
	    route_param(&cx.params, "slug") && load_programme(&cx) < 0) {
		store_rollback(cx.st);
		return;
	}
	cx.route->fn(&cx);
	/* Any write through this server may change the dashboard's figures
	 * (an outcome, a sign-up leave no audit row): forget them; an
	 * organiser's own write shows on the very next page.  A write still
	 * waiting for its commit does that itself (write.c). */
	if (strcmp(cx.rq->method, "GET") != 0 && cx.rs->status < 400 &&
	    !web_deferred(cx.rq))
		admin_figures_forget_all(&app->figures,
					 (cx.route->flags & (WR_ADMIN | WR_API)) != 0);
}

void web_app_quiesce(void *user)
{
	struct web_app *app = user;
	store_group_stop(app->group);
}

/* Every request, counted for GET /metrics once it is answered. */
void web_app_dispatch(struct web_req *rq, struct web_resp *rs, void *user)
{
	struct web_app *app = user;
	struct timespec ts;
	dispatch(rq, rs, user);
	if (web_deferred(rq))
		return; /* counted when answered (write.c) */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	monitor_record(&app->monitor, rq->route, rs->status ? rs->status : 500,
		       (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - rq->started);
}
