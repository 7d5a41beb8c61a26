/*
 * pages_admin: the organiser's dashboard.  Every route here is WR_ADMIN
 * (the dispatcher has checked the session) and every POST WR_FORM (CSRF
 * checked).  Handlers parse and present; the rules are the app layer's
 * (app/app.h, app/app_web_round.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "core/person.h"
#include "app/app_web_programme.h"
#include "app/app_web_round.h"
#include "mail/mail.h"
#include "match/match.h"
#include "store/store_web.h"
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

static const char *actor(struct web_ctx *cx)
{
	return arena_printf(cx->a, "admin:%lld", (long long)cx->organiser_id);
}

/* "3 March 2026" from YYYY-MM-DD. */
static const char *human_day(struct arena *a, const char *day)
{
	static const char *const months[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"};
	int y, m, d;
	if (!day || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12)
		return day ? day : "";
	return arena_printf(a, "%d %s %d", d, months[m - 1], y);
}

/* ---- login ---- */

static void login_render(struct web_ctx *cx, int status, const char *email,
			 const char *error)
{
	struct tv *d = tv_obj(cx->a);
	tv_set(d, "email", email);
	tv_set(d, "error", error);
	web_page(cx, status, "Organiser login", tpl_login, d);
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
#define LOGIN_REFUSED "That email and password do not match an organiser."

void admin_login_post(struct web_ctx *cx)
{
	const char *email = web_field(cx, "email");
	const char *pw = form_get(&cx->form, "password");
	struct organiser o;
	struct err e = {0};
	char now[21], until[21], tok[AUTH_TOKEN_LEN], hash[AUTH_HASH_LEN];
	char lower[256], ip[64];
	bool found, locked, ok;
	time_t t = clock_now();

	/* Per client address first: no password work for a flooding client,
	 * and the answer says nothing about any account. */
	web_client_addr(cx->rq, ip);
	if (ratelimit_blocked(&cx->app->login_ip, ip, t)) {
		web_resp_header(cx->rq, cx->rs, "Retry-After",
				arena_printf(cx->a, "%d", WEB_LOGIN_IP_WINDOW_S));
		login_render(cx, 429, email,
			     "Too many failed logins from your network. Please "
			     "try again in a few minutes.");
		return;
	}
	snprintf(lower, sizeof lower, "%s", email);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	clock_instant(t, now);
	found = store_organiser_get(cx->st, lower, cx->a, &o, &e) == 0;
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
		ratelimit_fail(&cx->app->login_ip, ip, t);
		if (found && !locked) {
			clock_instant(t + WEB_LOGIN_LOCK_MINUTES * 60, until);
			if (store_organiser_login_failed(cx->st, o.id,
							 WEB_LOGIN_MAX_FAILURES,
							 until, &e) < 0) {
				web_error(cx, 500, &e);
				return;
			}
		}
		login_render(cx, 401, email, LOGIN_REFUSED);
		return;
	}
	auth_token_new(tok);
	auth_token_hash(tok, hash);
	clock_instant(t + WEB_SESSION_HOURS * 3600, until);
	if (store_organiser_login_ok(cx->st, o.id, &e) < 0 ||
	    store_session_insert(cx->st, hash, o.id, until, &e) < 0) {
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
	if (store_session_delete(cx->st, hash, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	web_set_cookie(cx, "cuppa_session", "", 0);
	web_redirect(cx, "/admin/login");
}

/* ---- home ---- */

struct prog_summary {
	size_t active, pending, total;
	struct round latest;
	bool has_round;
};

static int summarise(struct web_ctx *cx, const struct programme *p,
		     struct prog_summary *s, struct err *e)
{
	struct person *people;
	size_t n;
	memset(s, 0, sizeof *s);
	if (store_person_list(cx->st, p->id, cx->a, &people, &n, e) < 0)
		return -1;
	s->total = n;
	for (size_t i = 0; i < n; i++) {
		if (people[i].status == PERSON_PENDING)
			s->pending++;
		else if (people[i].status != PERSON_LEFT)
			s->active++;
	}
	if (store_round_latest(cx->st, p->id, cx->a, &s->latest, e) == 0)
		s->has_round = true;
	else if (e->code != ERR_NOTFOUND)
		return -1;
	err_clear(e);
	return 0;
}

/* What the organiser should do next for p, or NULL. */
static const char *next_step(struct web_ctx *cx, const struct programme *p,
			     const struct prog_summary *s)
{
	char today[11], due[11];
	if (s->total == 0)
		return arena_printf(cx->a, "%s has nobody yet: share its sign-up "
				    "page or import people.", p->name);
	if (s->has_round && s->latest.state == ROUND_DRAFT)
		return arena_printf(cx->a, "Round %d of %s is a draft: check it "
				    "and publish it.", s->latest.number, p->name);
	if (!s->has_round)
		return arena_printf(cx->a, "Round 1 of %s is ready to generate "
				    "(%zu people taking part).", p->name,
				    s->active);
	clock_day(clock_now(), today);
	clock_add_days(s->latest.published_at[0] ? s->latest.published_at
						  : s->latest.created_at,
		       p->cadence_days, due);
	/* published_at is an instant; clock_add_days reads its date part. */
	if (strcmp(due, today) <= 0)
		return arena_printf(cx->a, "Round %d of %s is due now (since %s).",
				    s->latest.number + 1, p->name,
				    human_day(cx->a, due));
	return arena_printf(cx->a, "Round %d of %s is due on %s.",
			    s->latest.number + 1, p->name,
			    human_day(cx->a, due));
}

static void home_render(struct web_ctx *cx, int status, const char *name,
			const char *error)
{
	struct programme *ps;
	size_t n;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a),
		  *todo = tv_list(cx->a);
	if (web_programmes(cx, &ps, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct prog_summary s;
		struct tv *o = tv_push(list);
		if (summarise(cx, &ps[i], &s, &e) < 0) {
			web_error(cx, 500, &e);
			return;
		}
		tv_set(o, "slug", ps[i].slug);
		tv_set(o, "name", ps[i].name);
		tv_setf(o, "active", "%zu", s.active);
		tv_setf(o, "pending", "%zu", s.pending);
		if (s.has_round)
			tv_setf(o, "latest", "Round %d (%s)", s.latest.number,
				round_state_name(s.latest.state));
		else
			tv_set(o, "latest", "none yet");
		const char *next = next_step(cx, &ps[i], &s);
		if (next) {
			struct tv *t = tv_push(todo);
			tv_set(t, "text", next);
			tv_set(t, "href", s.has_round && s.latest.state == ROUND_DRAFT
				? arena_printf(cx->a, "/admin/programmes/%s/rounds/%d",
					       ps[i].slug, s.latest.number)
				: arena_printf(cx->a, "/admin/programmes/%s",
					       ps[i].slug));
		}
	}
	if (n) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", list);
		tv_set_tv(d, "programmes", w);
	}
	if (tv_count(todo)) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", todo);
		tv_set_tv(d, "todo", w);
	}
	tv_set(d, "name", name);
	tv_set(d, "error", error);
	web_page(cx, status, "Your programmes", tpl_admin_home, d);
}

void admin_home(struct web_ctx *cx)
{
	home_render(cx, 200, "", NULL);
}

void admin_programme_create(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	memset(&p, 0, sizeof p);
	p.name = (char *)web_field(cx, "name");
	p.cadence_days = 30;
	p.group_size = 2;
	p.mix_attribute = "";
	p.mix_values = "";
	p.settings = "{}";
	if (app_web_programme_add(cx->st, &p, cx->organiser_id, cx->a,
				  actor(cx), &e) < 0) {
		if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
			home_render(cx, e.code == ERR_CONFLICT ? 409 : 400,
				    p.name, e.msg);
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s", p.slug));
}

/* ---- one programme ---- */

/* The request's programme: the dispatcher loaded it and checked that
 * the organiser organises it (web_programme); a copy, so a handler may
 * change fields before saving. */
static int admin_load_programme(struct web_ctx *cx, struct programme *p)
{
	const struct programme *mine = web_programme(cx);
	if (!mine) {
		web_programme_not_found(cx);
		return -1;
	}
	*p = *mine;
	return 0;
}

/* The email kinds whose texts a programme may override, as the mail
 * module reads them: settings {"mail": {KIND: {"subject", "body"}}}. */
static const struct {
	const char *kind, *label;
} mail_kinds[] = {
	{"confirm", "Confirm your sign-up"},
	{"welcome", "Welcome"},
	{"intro", "Introduction to the group"},
	{"unplaced", "Could not be placed this round"},
	{"reminder", "Reminder to meet"},
	{"checkin", "Did you meet?"},
	{"nudge", "Nudge after no answer"},
};

static struct tv *mail_texts_tv(struct web_ctx *cx, const char *settings)
{
	struct tv *l = tv_list(cx->a);
	json_t *root = json_loads(settings ? settings : "{}", 0, NULL);
	json_t *mail = json_object_get(root, "mail");
	for (size_t i = 0; i < sizeof mail_kinds / sizeof mail_kinds[0]; i++) {
		json_t *k = json_object_get(mail, mail_kinds[i].kind);
		const char *sub = json_string_value(json_object_get(k, "subject"));
		const char *body = json_string_value(json_object_get(k, "body"));
		struct tv *o = tv_push(l);
		tv_set(o, "kind", mail_kinds[i].kind);
		tv_set(o, "label", mail_kinds[i].label);
		tv_set(o, "subject", sub);
		tv_set(o, "body", body);
		enum mail_kind mk;
		if (mail_kind_parse(mail_kinds[i].kind, &mk) == 0) {
			struct buf ph;
			buf_init(&ph, 4096);
			for (const char *const *n = mail_placeholders(mk); *n; n++)
				buf_printf(&ph, "%s{{%s}}", n == mail_placeholders(mk)
						 ? "" : " ", *n);
			tv_set(o, "placeholders", buf_str(&ph));
			tv_set(o, "default_subject", mail_default_subject(mk));
			buf_release(&ph);
		}
		tv_set_bool(o, "set", (sub && *sub) || (body && *body));
	}
	json_decref(root);
	return l;
}

static void programme_render(struct web_ctx *cx, struct programme *p,
			     int status, const char *error)
{
	struct prog_summary s;
	struct round *rs;
	size_t nr;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a);
	if (summarise(cx, p, &s, &e) < 0 ||
	    store_round_list(cx->st, p->id, cx->a, &rs, &nr, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	tv_set(d, "name", p->name);
	tv_set(d, "slug", p->slug);
	tv_set(d, "signup_url", web_url(cx, arena_printf(cx->a, "/p/%s", p->slug)));
	tv_setf(d, "npeople", "%zu", s.total);
	tv_set(d, "next", next_step(cx, p, &s));
	tv_setf(d, "cadence", "%d", p->cadence_days);
	tv_setf(d, "group_size", "%d", p->group_size);
	tv_setf(d, "repeat_after", "%d", p->repeat_after);
	tv_set_bool(d, "avoid_org", p->avoid_same & MATCH_ATTR_ORGANISATION);
	tv_set_bool(d, "avoid_sector", p->avoid_same & MATCH_ATTR_SECTOR);
	tv_set_bool(d, "avoid_role", p->avoid_same & MATCH_ATTR_ROLE);
	tv_set(d, "mix_attribute", p->mix_attribute);
	tv_set(d, "mix_values", p->mix_values);
	tv_set_bool(d, "allow_missed_repeat", p->allow_missed_repeat);
	tv_set_tv(d, "mail", mail_texts_tv(cx, p->settings));
	tv_set(d, "error", error);
	tv_set(d, "flash", web_query(cx->rq, "saved") ? "Settings saved." : NULL);
#ifdef HAVE_INSIGHT_PAGE
	tv_set_bool(d, "insight", true);
#endif
	for (size_t i = nr; i-- > 0;) {
		struct tv *o = tv_push(list);
		struct round_detail rd;
		size_t met = 0;
		tv_set(o, "slug", p->slug);
		tv_setf(o, "number", "%d", rs[i].number);
		tv_set(o, "state", round_state_name(rs[i].state));
		tv_set(o, "deadline", rs[i].deadline);
		if (rs[i].state != ROUND_DRAFT &&
		    store_round_detail(cx->st, p->id, rs[i].number, cx->a, &rd,
				       &e) == 0) {
			for (size_t g = 0; g < rd.ngroups; g++)
				met += app_group_outcome(&rd.groups[g]) == OUTCOME_MET;
			tv_setf(o, "met", "%zu of %zu groups", met, rd.ngroups);
		} else {
			tv_set(o, "met", "-");
		}
	}
	if (nr) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", list);
		tv_set_tv(d, "rounds", w);
	}
	web_page(cx, status, p->name, tpl_admin_programme, d);
}

void admin_programme(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
	programme_render(cx, &p, 200, NULL);
}

static int int_field(struct web_ctx *cx, const char *name, int min, int max,
		     int *out, struct err *e)
{
	const char *v = web_field(cx, name);
	char *end;
	long n;
	if (!*v)
		return 0; /* keep */
	n = strtol(v, &end, 10);
	if (*end || n < min || n > max)
		return err_field(e, ERR_INVALID, name,
				 "%s must be a whole number from %d to %d.", name,
				 min, max);
	*out = (int)n;
	return 0;
}

void admin_programme_settings(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	json_t *j;
	char *settings;
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (*web_field(cx, "name"))
		p.name = (char *)web_field(cx, "name");
	if (int_field(cx, "cadence_days", 1, 365, &p.cadence_days, &e) < 0 ||
	    int_field(cx, "group_size", 2, 3, &p.group_size, &e) < 0 ||
	    int_field(cx, "repeat_after", 0, 1000, &p.repeat_after, &e) < 0) {
		programme_render(cx, &p, 400, e.msg);
		return;
	}
	p.avoid_same = (strcmp(web_field(cx, "avoid_organisation"), "yes") == 0
				? MATCH_ATTR_ORGANISATION : 0u) |
		       (strcmp(web_field(cx, "avoid_sector"), "yes") == 0
				? MATCH_ATTR_SECTOR : 0u) |
		       (strcmp(web_field(cx, "avoid_role"), "yes") == 0
				? MATCH_ATTR_ROLE : 0u);
	p.mix_attribute = (char *)web_field(cx, "mix_attribute");
	p.mix_values = (char *)web_field(cx, "mix_values");
	j = json_loads(p.settings ? p.settings : "{}", 0, NULL);
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	p.allow_missed_repeat =
		strcmp(web_field(cx, "allow_missed_repeat"), "yes") == 0;
	json_t *mail = json_object_get(j, "mail");
	if (!json_is_object(mail)) {
		mail = json_object();
		json_object_set_new(j, "mail", mail);
	}
	for (size_t i = 0; i < sizeof mail_kinds / sizeof mail_kinds[0]; i++) {
		char ks[64], kb[64];
		snprintf(ks, sizeof ks, "mail_%s_subject", mail_kinds[i].kind);
		snprintf(kb, sizeof kb, "mail_%s_body", mail_kinds[i].kind);
		if (!form_get(&cx->form, ks) && !form_get(&cx->form, kb))
			continue; /* not on this form: keep */
		const char *sub = web_field(cx, ks), *body = web_field(cx, kb);
		if (strlen(sub) > 200 || strlen(body) > 10000) {
			json_decref(j);
			programme_render(cx, &p, 400, "An email text is too long.");
			return;
		}
		if (!*sub && !*body) {
			json_object_del(mail, mail_kinds[i].kind);
			continue;
		}
		/* The mail module decides which placeholders each text may use. */
		enum mail_kind mk;
		if (mail_kind_parse(mail_kinds[i].kind, &mk) < 0 ||
		    (*sub && mail_text_check(mk, sub, &e) < 0) ||
		    (*body && mail_text_check(mk, body, &e) < 0)) {
			json_decref(j);
			programme_render(cx, &p, 400,
					 arena_printf(cx->a, "%s email: %s",
						      mail_kinds[i].label, e.msg));
			return;
		}
		json_object_set_new(mail, mail_kinds[i].kind,
				    json_pack("{s:s, s:s}", "subject", sub,
					      "body", body));
	}
	if (json_object_size(mail) == 0)
		json_object_del(j, "mail");
	settings = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	p.settings = settings ? arena_strdup(cx->a, settings) : p.settings;
	free(settings);
	if (app_programme_update(cx->st, &p, actor(cx), &e) < 0) {
		if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
			programme_render(cx, &p, 400, e.msg);
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_cache_clear(cx->app); /* the sign-up page shows name and cadence */
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s?saved=1",
				      p.slug));
}

/* ---- people ---- */

static bool matches(const struct person *p, const char *q)
{
	if (!*q)
		return true;
	return strcasestr(p->name, q) || strcasestr(p->email, q) ||
	       strcasestr(p->organisation, q) || strcasestr(p->sector, q);
}

/* Percent-encodes s for a query string, in the arena. */
static const char *qs_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	if (!out)
		return "";
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
		    *c == '.' || *c == '~') {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return out;
}

/* The people page shows PEOPLE_PAGE_SIZE rows at a time: a programme of
 * thousands stays one quick page, and search and filter apply before
 * the page is cut. */
#define PEOPLE_PAGE_SIZE 50

static void people_render(struct web_ctx *cx, struct programme *pr,
			  int status, struct tv *import_errors,
			  const char *flash)
{
	static const char *const states[] = {"", "pending", "active",
					     "skip-next", "paused", "left"};
	struct person *ps;
	size_t n, matched = 0, page = 1, pages, first, last;
	struct err e = {0};
	const char *q = web_query(cx->rq, "q"), *stf = web_query(cx->rq, "status");
	const char *pg = web_query(cx->rq, "page");
	enum person_status want = PERSON_ACTIVE;
	bool filter = stf && *stf && person_status_parse(stf, &want) == 0;
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a),
		  *sl = tv_list(cx->a);
	if (!q)
		q = "";
	if (!filter)
		stf = "";
	if (pg) {
		char *end;
		long v = strtol(pg, &end, 10);
		if (!*end && v >= 1 && v <= 1000000)
			page = (size_t)v;
	}
	if (store_person_list(cx->st, pr->id, cx->a, &ps, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++)
		matched += !(filter && ps[i].status != want) && matches(&ps[i], q);
	pages = matched ? (matched + PEOPLE_PAGE_SIZE - 1) / PEOPLE_PAGE_SIZE : 1;
	if (page > pages)
		page = pages;
	first = (page - 1) * PEOPLE_PAGE_SIZE;
	last = first + PEOPLE_PAGE_SIZE;
	for (size_t i = 0, k = 0; i < n && k < last; i++) {
		if ((filter && ps[i].status != want) || !matches(&ps[i], q))
			continue;
		if (k++ < first)
			continue;
		struct tv *o = tv_push(list);
		tv_setf(o, "id", "%lld", (long long)ps[i].id);
		tv_set(o, "name", ps[i].name);
		tv_set(o, "organisation", ps[i].organisation);
		tv_set(o, "sector", ps[i].sector);
		tv_set(o, "status", ps[i].status == PERSON_PAUSED
			? arena_printf(cx->a, "paused until %s", ps[i].paused_until)
			: person_status_name(ps[i].status));
		tv_set(o, "joined", ps[i].joined);
	}
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		struct tv *o = tv_push(sl);
		tv_set(o, "value", states[i]);
		tv_set(o, "label", i ? states[i] : "any");
		tv_set_bool(o, "selected", strcmp(stf, states[i]) == 0);
	}
	if (pages > 1) {
		struct tv *w = tv_obj(cx->a);
		const char *base = arena_printf(
			cx->a, "/admin/programmes/%s/people?q=%s&status=%s&page=",
			pr->slug, qs_encode(cx->a, q), qs_encode(cx->a, stf));
		tv_setf(w, "page", "%zu", page);
		tv_setf(w, "pages", "%zu", pages);
		if (page > 1)
			tv_set(w, "prev", arena_printf(cx->a, "%s%zu", base, page - 1));
		if (page < pages)
			tv_set(w, "next", arena_printf(cx->a, "%s%zu", base, page + 1));
		tv_set_tv(d, "pager", w);
	}
	tv_set(d, "programme", pr->name);
	tv_set(d, "slug", pr->slug);
	tv_set(d, "q", q);
	tv_set_tv(d, "states", sl);
	tv_set_tv(d, "people", list);
	if (matched == 0)
		tv_setf(d, "count", "None of %zu shown", n);
	else
		tv_setf(d, "count", "Showing %zu\u2013%zu of %zu%s", first + 1,
			last < matched ? last : matched, matched,
			matched < n ? arena_printf(cx->a, " (of %zu in all)", n)
				    : "");
	tv_set(d, "flash", flash);
	if (import_errors)
		tv_set_tv(d, "import_errors", import_errors);
	web_page(cx, status, arena_printf(cx->a, "People in %s", pr->name),
		 tpl_admin_people, d);
}

/* ---- one person: state and blocked pairs ---- */

static const char *const person_states[] = {"active", "skip-next", "paused",
					    "left"};

/* Loads the person of the {id} parameter, who must belong to p. */
static int admin_load_person(struct web_ctx *cx, const struct programme *p,
			     struct person *out)
{
	struct err e = {0};
	char *end;
	const char *v = web_param(cx, "id");
	long long id = strtoll(v, &end, 10);
	if (!*v || *end || id < 1 ||
	    store_person_get_id(cx->st, (int64_t)id, cx->a, out, &e) < 0 ||
	    out->programme_id != p->id) {
		if (e.code == ERR_NONE || e.code == ERR_NOTFOUND || e.code == ERR_INVALID)
			web_message(cx, 404, "Not found", "There is no such person in this programme.");
		else
			web_error(cx, 500, &e);
		return -1;
	}
	return 0;
}

/* The person page; form values and errors (by field) from a refused
 * POST, else the stored state. */
static void person_render(struct web_ctx *cx, const struct programme *p,
			  const struct person *who, int status,
			  const char *want_status, const char *until,
			  const char *other, const struct err *err_state,
			  const struct err *err_block)
{
	struct err e = {0};
	struct pair_history *bl;
	size_t nb;
	struct tv *d = tv_obj(cx->a), *sl = tv_list(cx->a), *bll = tv_list(cx->a);
	const char *done = web_query(cx->rq, "done");
	const char *cur = want_status ? want_status : person_status_name(who->status);

	if (store_block_list(cx->st, p->id, cx->a, &bl, &nb, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < nb; i++) {
		struct person other_p;
		int64_t oid = bl[i].a == who->id ? bl[i].b
			      : bl[i].b == who->id ? bl[i].a : 0;
		if (!oid)
			continue;
		if (store_person_get_id(cx->st, oid, cx->a, &other_p, &e) < 0) {
			err_clear(&e);
			continue;
		}
		struct tv *o = tv_push(bll);
		tv_set(o, "name", other_p.name);
		tv_set(o, "email", other_p.email);
	}
	if (tv_count(bll)) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", bll);
		tv_set_tv(d, "blocks", w);
	}
	for (size_t i = 0; i < sizeof person_states / sizeof person_states[0]; i++) {
		struct tv *o = tv_push(sl);
		tv_set(o, "value", person_states[i]);
		tv_set(o, "label", person_states[i]);
		tv_set_bool(o, "checked", strcmp(cur, person_states[i]) == 0);
	}
	tv_set(d, "programme", p->name);
	tv_set(d, "slug", p->slug);
	tv_setf(d, "id", "%lld", (long long)who->id);
	tv_set(d, "name", who->name);
	tv_set(d, "email", who->email);
	tv_set(d, "organisation", who->organisation);
	tv_set(d, "sector", who->sector);
	tv_set(d, "joined", who->joined);
	tv_set(d, "status_text", who->status == PERSON_PAUSED
		? arena_printf(cx->a, "paused until %s", who->paused_until)
		: who->status == PERSON_PENDING ? "pending (has not confirmed yet)"
		: person_status_name(who->status));
	tv_set_tv(d, "states", sl);
	tv_set(d, "until", until ? until : who->paused_until);
	tv_set(d, "other", other);
	if (err_state) {
		bool on_until = strcmp(err_state->field, "until") == 0;
		tv_set(d, on_until ? "until_error" : "status_error", err_state->msg);
	}
	if (err_block)
		tv_set(d, "other_error", err_block->msg);
	tv_set(d, "flash", !done ? NULL
		: strcmp(done, "status") == 0 ? "State saved."
		: strcmp(done, "block") == 0 ? "These two will never be paired." : NULL);
	web_page(cx, status, who->name, tpl_admin_person, d);
}

void admin_person(struct web_ctx *cx)
{
	struct programme p;
	struct person who;
	if (admin_load_programme(cx, &p) < 0 || admin_load_person(cx, &p, &who) < 0)
		return;
	person_render(cx, &p, &who, 200, NULL, NULL, "", NULL, NULL);
}

void admin_person_status(struct web_ctx *cx)
{
	struct programme p;
	struct person who;
	struct err e = {0};
	enum person_status to;
	const char *st_s = web_field(cx, "status"), *until = web_field(cx, "until");
	if (admin_load_programme(cx, &p) < 0 || admin_load_person(cx, &p, &who) < 0)
		return;
	if (person_status_parse(st_s, &to) < 0 || to == PERSON_PENDING) {
		err_field(&e, ERR_INVALID, "status", "Choose one of the states.");
	} else if (app_person_set_status(cx->st, &p, who.email, to,
					 to == PERSON_PAUSED ? until : "",
					 actor(cx), &e) == 0) {
		web_redirect(cx, arena_printf(cx->a,
					      "/admin/programmes/%s/people/%lld?done=status",
					      p.slug, (long long)who.id));
		return;
	}
	if (e.code != ERR_INVALID && e.code != ERR_CONFLICT) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	person_render(cx, &p, &who, 400, st_s, until, "", &e, NULL);
}

void admin_person_block(struct web_ctx *cx)
{
	struct programme p;
	struct person who, other;
	struct err e = {0};
	const char *email = web_field(cx, "other");
	char norm[EMAIL_MAX + 1];
	if (admin_load_programme(cx, &p) < 0 || admin_load_person(cx, &p, &who) < 0)
		return;
	if (!*email) {
		err_field(&e, ERR_INVALID, "other", "Enter the email of the other person.");
	} else if (person_email_normalise(email, norm, &e) < 0) {
		/* e says what is wrong with the address */
	} else if (store_person_get(cx->st, p.id, norm, cx->a, &other, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			err_field(&e, ERR_INVALID, "other",
				  "Nobody with that email takes part in %s.", p.name);
	} else if (other.id == who.id) {
		err_field(&e, ERR_INVALID, "other",
			  "A person cannot be blocked from themselves.");
	} else if (app_people_block(cx->st, &p, who.email, norm, actor(cx), &e) == 0) {
		web_redirect(cx, arena_printf(cx->a,
					      "/admin/programmes/%s/people/%lld?done=block",
					      p.slug, (long long)who.id));
		return;
	}
	if (e.code != ERR_INVALID && e.code != ERR_CONFLICT &&
	    e.code != ERR_NOTFOUND) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	person_render(cx, &p, &who, 400, NULL, NULL, email, NULL, &e);
}

void admin_people(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
	people_render(cx, &p, 200, NULL,
		      web_query(cx->rq, "imported")
			      ? arena_printf(cx->a, "Imported: %s.",
					     web_query(cx->rq, "imported"))
			      : NULL);
}

void admin_people_import(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	struct buf problems;
	struct import_report rep = {0};
	const struct form_field *f = form_field(&cx->form, "file");
	if (admin_load_programme(cx, &p) < 0)
		return;
	if (!f || f->len == 0) {
		struct tv *w = tv_obj(cx->a), *l = tv_list(cx->a);
		tv_set(tv_push(l), ".", "Choose a CSV file to import.");
		tv_set_tv(w, "list", l);
		people_render(cx, &p, 400, w, NULL);
		return;
	}
	buf_init(&problems, (size_t)1 << 20);
	if (app_people_import(cx->st, &p, f->value, f->len, "upload.csv", false,
			      &rep, &problems, &e) < 0) {
		struct tv *w = tv_obj(cx->a), *l = tv_list(cx->a);
		char *s = arena_strdup(cx->a, buf_str(&problems)), *line, *save;
		size_t k = 0;
		for (line = strtok_r(s, "\n", &save); line && k < 200;
		     line = strtok_r(NULL, "\n", &save), k++) {
			/* A list item whose text is the line: "." names it. */
			struct tv *o = tv_push(l);
			tv_set(o, ".", line);
		}
		if (!k)
			tv_set(tv_push(l), ".", e.msg);
		tv_set_tv(w, "list", l);
		buf_release(&problems);
		people_render(cx, &p, 400, w, NULL);
		return;
	}
	buf_release(&problems);
	web_redirect(cx, arena_printf(cx->a,
				      "/admin/programmes/%s/people?imported=%zu+new,+%zu+updated",
				      p.slug, rep.created, rep.updated));
}

void admin_people_export(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	if (admin_load_programme(cx, &p) < 0)
		return;
	buf_reset(&cx->rs->body);
	if (app_export(cx->st, &p, "people", false, &cx->rs->body, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	cx->rs->status = 200;
	cx->rs->content_type = "text/csv; charset=utf-8";
	web_resp_header(cx->rq, cx->rs, "Content-Disposition",
			arena_printf(cx->a, "attachment; filename=\"%s-people.csv\"",
				     p.slug));
}

/* ---- rounds ---- */

static int round_number(struct web_ctx *cx, int *n)
{
	char *end;
	long v = strtol(web_param(cx, "n"), &end, 10);
	if (*end || v < 1 || v > 1000000) {
		web_message(cx, 404, "Not found", "There is no such round.");
		return -1;
	}
	*n = (int)v;
	return 0;
}

void admin_round_generate(struct web_ctx *cx)
{
	struct programme p;
	struct round_detail rd;
	struct err e = {0};
	const char *seed_s = web_field(cx, "seed");
	char *end;
	unsigned long long seed = 0;
	if (admin_load_programme(cx, &p) < 0)
		return;
	/* An optional seed (as the API and `cuppa round new --seed` take)
	 * reproduces a draw; without one the matcher draws its own. */
	if (*seed_s) {
		seed = strtoull(seed_s, &end, 10);
		if (*end || *seed_s == '-' || seed >= (1ull << 53)) {
			programme_render(cx, &p, 400,
					 "The seed must be a whole number.");
			return;
		}
	}
	if (app_round_new(cx->st, &p, *seed_s != '\0', (uint64_t)seed,
			  actor(cx), cx->a, &rd, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s/rounds/%d",
				      p.slug, rd.round.number));
}

static const char *outcome_text(enum outcome o)
{
	return o == OUTCOME_MET ? "met" : o == OUTCOME_MISSED ? "did not meet"
							      : "no answer";
}

static void round_render(struct web_ctx *cx, struct programme *p, int number,
			 int status, const char *error)
{
	struct round_detail rd;
	struct err e = {0};
	struct person *people;
	size_t np;
	struct tv *d = tv_obj(cx->a), *gl = tv_list(cx->a),
		  *pl = tv_list(cx->a);
	const char *done = web_query(cx->rq, "done");

	if (app_round_get(cx->st, p, number, cx->a, &rd, &e) < 0 ||
	    store_person_list(cx->st, p->id, cx->a, &people, &np, &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	bool draft = rd.round.state == ROUND_DRAFT;
	for (size_t g = 0; g < rd.ngroups; g++) {
		struct group *gr = &rd.groups[g];
		struct tv *o = tv_push(gl), *ml = tv_list(cx->a),
			  *cl = tv_list(cx->a);
		const char *cav[4];
		size_t nc = app_web_group_caveats(gr, people, np, cav, 4);
		tv_setf(o, "pos", "%zu", g + 1);
		for (int m = 0; m < gr->n; m++) {
			struct tv *mo = tv_push(ml), *po = tv_push(pl);
			tv_set(mo, "name", gr->member[m].name);
			tv_set(mo, "organisation", gr->member[m].organisation);
			tv_set(mo, "outcome", outcome_text(gr->member[m].outcome));
			if (gr->member[m].rating)
				tv_setf(mo, "rating", "%d", gr->member[m].rating);
			tv_set(mo, "comment", gr->member[m].comment);
			tv_setf(po, "id", "%lld", (long long)gr->member[m].person_id);
			tv_set(po, "name", gr->member[m].name);
			tv_setf(po, "pos", "%zu", g + 1);
		}
		for (size_t c = 0; c < nc; c++)
			tv_set(tv_push(cl), ".", cav[c]);
		tv_set_tv(o, "members", ml);
		tv_set_tv(o, "caveats", cl);
	}
	if (rd.nunplaced) {
		struct tv *w = tv_obj(cx->a), *ul = tv_list(cx->a);
		for (size_t i = 0; i < rd.nunplaced; i++) {
			struct tv *o = tv_push(ul);
			const char *name = rd.unplaced[i].email;
			for (size_t k = 0; k < np; k++)
				if (people[k].id == rd.unplaced[i].person_id)
					name = people[k].name;
			tv_set(o, "name", name);
			tv_set(o, "reason", rd.unplaced[i].reason);
		}
		tv_set_tv(w, "list", ul);
		tv_set_tv(d, "unplaced", w);
	}
	tv_set(d, "programme", p->name);
	tv_set(d, "slug", p->slug);
	tv_setf(d, "number", "%d", rd.round.number);
	tv_set(d, "state", round_state_name(rd.round.state));
	tv_set(d, "deadline", rd.round.deadline[0]
			      ? human_day(cx->a, rd.round.deadline) : NULL);
	tv_set_bool(d, "draft", draft);
	tv_setf(d, "ngroups", "%zu", rd.ngroups);
	tv_set_tv(d, "groups", gl);
	tv_set_tv(d, "people", pl);
	tv_set(d, "error", error);
	tv_set(d, "flash", !done ? NULL
		: strcmp(done, "publish") == 0 ? "Published. Introductions go out by email."
		: strcmp(done, "swap") == 0 ? "Swapped."
		: strcmp(done, "move") == 0 ? "Moved." : NULL);
	web_page(cx, status, arena_printf(cx->a, "Round %d", rd.round.number),
		 tpl_admin_round, d);
}

void admin_round(struct web_ctx *cx)
{
	struct programme p;
	int n;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	round_render(cx, &p, n, 200, NULL);
}

static int64_t id_field(struct web_ctx *cx, const char *name)
{
	char *end;
	const char *v = web_field(cx, name);
	long long n = strtoll(v, &end, 10);
	return (*v && !*end && n > 0) ? (int64_t)n : 0;
}

static void adjust_done(struct web_ctx *cx, struct programme *p, int n,
			int rc, struct err *e, const char *what)
{
	if (rc < 0) {
		if (e->code == ERR_INVALID || e->code == ERR_CONFLICT ||
		    e->code == ERR_NOTFOUND) {
			round_render(cx, p, n, e->code == ERR_NOTFOUND ? 404 : 409,
				     e->msg);
			return;
		}
		web_error(cx, web_status_of(e), e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a,
				      "/admin/programmes/%s/rounds/%d?done=%s",
				      p->slug, n, what));
}

void admin_round_swap(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n, rc;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	rc = app_web_round_swap(cx->st, &p, n, id_field(cx, "a"),
				id_field(cx, "b"), actor(cx), &e);
	adjust_done(cx, &p, n, rc, &e, "swap");
}

void admin_round_move(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n, rc;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	rc = app_web_round_move(cx->st, &p, n, id_field(cx, "person"),
				(int)id_field(cx, "group"), actor(cx), &e);
	adjust_done(cx, &p, n, rc, &e, "move");
}

void admin_round_publish(struct web_ctx *cx)
{
	struct programme p;
	struct err e = {0};
	int n;
	if (admin_load_programme(cx, &p) < 0 || round_number(cx, &n) < 0)
		return;
	adjust_done(cx, &p, n, app_round_publish(cx->st, &p, n, actor(cx), &e),
		    &e, "publish");
}

void admin_insight(struct web_ctx *cx)
{
	struct programme p;
	if (admin_load_programme(cx, &p) < 0)
		return;
#ifdef HAVE_INSIGHT_PAGE
	struct err e = {0};
	struct buf frag;
	const char *fmt = web_query(cx->rq, "format");
	const char *rs = web_query(cx->rq, "round");
	long round = 0;
	if (rs) {
		char *end;
		round = strtol(rs, &end, 10);
		if (*end || round < 0 || round > 1000000) {
			web_message(cx, 404, "Not found", "There is no such round.");
			return;
		}
	}
	if (fmt && (strcmp(fmt, "csv") == 0 || strcmp(fmt, "json") == 0)) {
		const char *ct = "text/plain";
		buf_reset(&cx->rs->body);
		if (insight_page_export(cx->st, &p, (int)round,
					strcmp(fmt, "csv") == 0, &cx->rs->body,
					&ct, &e) < 0) {
			web_error(cx, web_status_of(&e), &e);
			return;
		}
		cx->rs->status = 200;
		cx->rs->content_type = ct;
		web_resp_header(cx->rq, cx->rs, "Content-Disposition",
				arena_printf(cx->a, "attachment; filename=\"%s-insight.%s\"",
					     p.slug, fmt));
		return;
	}
	/* Drawn off the pool thread and cached by data version (see
	 * web/insight_cache.h); the pool thread waits a moment at most. */
	char version[200];
	if (store_web_insight_version(cx->st, p.id, version, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	buf_init(&frag, (size_t)8 << 20);
	int got = web_insight_get(&cx->app->insight, &p, (int)round, true,
				  version, &frag, &e);
	if (got < 0) {
		buf_release(&frag);
		if (e.code == ERR_NOTFOUND) {
			web_message(cx, 404, "Nothing to show yet",
				    "Insight appears once a round is published.");
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	if (got == 0) {
		struct tv *w = tv_obj(cx->a);
		buf_release(&frag);
		tv_set(w, "programme", p.name);
		tv_set(w, "slug", p.slug);
		tv_set(w, "again", arena_printf(cx->a, "/admin/programmes/%s/insight%s",
						p.slug, rs ? arena_printf(cx->a, "?round=%ld", round) : ""));
		web_resp_header(cx->rq, cx->rs, "Refresh", "2");
		web_page(cx, 202, arena_printf(cx->a, "Insight: %s", p.name),
			 "<h1>Insight: {{programme}}</h1>\n"
			 "<p class=\"flash\" role=\"status\">The network picture is "
			 "being drawn. This page reloads by itself in a moment, or "
			 "<a href=\"{{again}}\">reload it now</a>.</p>\n"
			 "<p><a href=\"/admin/programmes/{{slug}}\">Back to {{programme}}</a></p>",
			 w);
		return;
	}
	struct tv *d = tv_obj(cx->a);
	/* The fragment is HTML the insight module built and escaped. */
	tv_set(d, "fragment", buf_str(&frag));
	tv_set(d, "programme", p.name);
	tv_set(d, "slug", p.slug);
	buf_release(&frag);
	web_page(cx, 200, arena_printf(cx->a, "Insight: %s", p.name),
		 "<h1>Insight: {{programme}}</h1>\n<p><a href=\"/admin/programmes/{{slug}}\">Back to {{programme}}</a></p>\n{{&fragment}}",
		 d);
#else
	web_message(cx, 404, "Not available",
		    "The insight page is not part of this build yet.");
#endif
}
