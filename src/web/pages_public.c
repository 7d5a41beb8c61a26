/*
 * pages_public: what participants see without logging in: the sign-up
 * page, the confirm link, the self-service page (/me) and unsubscribe
 * links (/u); outcome links (/r) are in pages_outcome.c.  Every link page checks its signed token
 * first; a GET never changes anything (each landing page's button posts),
 * so a mail scanner following a link does no harm.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_survey.h"
#include "app/app.h"
#include "app/app_schedule.h"
#include "app/app_participant.h"
#include "core/link.h"
#include "mail/mail.h"
#include "match/match.h"
#include "text/text.h"
#include "core/programme.h"
#include "util/clock.h"
#include "web/pages.h"
#include "web/templates.h"
#include "web/web.h"

void page_static_css(struct web_ctx *cx)
{
	buf_puts(&cx->rs->body, tpl_cuppa);
	cx->rs->status = 200;
	cx->rs->content_type = "text/css; charset=utf-8";
	cx->rs->cacheable = true;
	web_resp_header(cx->rq, cx->rs, "Cache-Control", "public, max-age=3600");
}

void page_home(struct web_ctx *cx)
{
	struct programme *ps;
	size_t n;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a);
	if (app_programme_list(cx->st, cx->a, &ps, &n, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tv *o = tv_push(list);
		tv_set(o, "slug", ps[i].slug);
		tv_set(o, "name", ps[i].name);
	}
	if (n) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", list);
		tv_set_tv(d, "programmes", w);
	}
	web_page(cx, 200, N_("Welcome"), tpl_home, d);
}

/* ---- sign-up ---- */

static int load_programme(struct web_ctx *cx, struct programme *p)
{
	struct err e = {0};
	const char *slug = web_param(cx, "slug");
	/* Slugs only: never fall back to names from a public URL. */
	if (app_programme_get(cx->st, slug, cx->a, p, &e) < 0 ||
	    strcmp(p->slug, slug) != 0) {
		if (e.code == ERR_NOTFOUND || e.code == ERR_NONE) {
			web_message(cx, 404, N_("Not found"),
				    N_("There is no programme at this address."));
			return -1;
		}
		web_error(cx, 500, &e);
		return -1;
	}
	struct lang_list langs;
	programme_languages(p, &langs);
	web_lang_for(cx, &langs, NULL);
	return 0;
}

/* How the programme groups people, in the words the sign-up page uses:
 * it must promise only what the programme's rules really do.  Rows in
 * order of precedence: the first rule the programme has speaks. */
static const struct {
	unsigned avoid;
	const char *pair, *trio;
} who_words[] = {
	{MATCH_ATTR_ORGANISATION, N_("someone from another organisation"),
	 N_("two people from other organisations")},
	{MATCH_ATTR_SECTOR, N_("someone from another sector"),
	 N_("two people from other sectors")},
	{MATCH_ATTR_ROLE, N_("someone in a different role"),
	 N_("two people in different roles")},
	{0, N_("another participant"), N_("two other participants")},
};
/* TRANSLATORS: an attribute (organisation, sector, role) and its two
 * values as the organiser typed them */
static const char mix_words[] =
	N_("Every group mixes people whose %s is %.*s with people whose %s is %s.");

static void rules_tv(struct web_ctx *cx, struct tv *d,
		     const struct programme *pr)
{
	size_t i = 0;
	while (who_words[i].avoid && !(pr->avoid_same & who_words[i].avoid))
		i++;
	const char *cad = mail_cadence(pr->cadence_days);
	tv_set(d, "how_often",
	       cad ? web_t(cx, cad)
		   : arena_printf(cx->a, TN_(cx->lang, "every day", "every %d days",
					      pr->cadence_days), pr->cadence_days));
	tv_set(d, "pair_with", web_t(cx, pr->group_size == 3 ? who_words[i].trio
							     : who_words[i].pair));
	tv_set_bool(d, "trio", pr->group_size == 3);
	const char *comma = pr->mix_values ? strchr(pr->mix_values, ',') : NULL;
	if (pr->mix_attribute && *pr->mix_attribute && comma)
		tv_set(d, "mix", arena_printf(cx->a, web_t(cx, mix_words), pr->mix_attribute,
					      (int)(comma - pr->mix_values),
					      pr->mix_values, pr->mix_attribute,
					      comma + 1));
}

/* "The next round starts on Monday 7 June 2027 at 09:30 (Europe/London)."
 * for a scheduled programme; NULL for a manual one. */
static const char *signup_next_round(struct web_ctx *cx,
				     const struct programme *pr)
{
	struct schedule_view v;
	struct err e = {0};
	if (app_schedule_view(cx->st, pr, clock_now(), cx->a, &v, &e) < 0 ||
	    !v.s.on || v.s.paused || v.finished || v.n == 0)
		return NULL;
	/* "2027-06-07T09:30": the day in words, then the time */
	const char *local = v.next[0].publish_local;
	struct buf w;
	buf_init(&w, 256);
	if (!local || text_day(&w, cx->lang, arena_strndup(cx->a, local, 10),
			       TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR) < 0) {
		buf_release(&w);
		return NULL;
	}
	/* TRANSLATORS: a day ("Monday 7 June 2027"), a time (09:30) and a
	 * time zone (Europe/London) */
	char *s = arena_printf(cx->a, T_(cx->lang, "The next round starts on %s "
				     "at %s (%s): sign up before then to be in it."),
			       buf_str(&w), local + 11, v.s.zone);
	buf_release(&w);
	return s;
}


static void signup_render(struct web_ctx *cx, const struct programme *pr,
			  struct person *p, const struct err *errs,
			  size_t nerr, bool consent, const char *consent_err,
			  int status)
{
	struct tv *d = tv_obj(cx->a);
	tv_set(d, "name", pr->name);
	tv_set(d, "slug", pr->slug);
	rules_tv(cx, d, pr);
	char *contact;
	struct err ce = {0};
	if (app_participant_organiser_contact(cx->st, pr, cx->a, &contact, &ce) == 0)
		tv_set(d, "contact", contact);
	tv_set(d, "next_round", signup_next_round(cx, pr));
	tv_set_tv(d, "fields", person_fields_tv(cx, p, errs, nerr, true));
	tv_set_bool(d, "errors", nerr > 0 || consent_err);
	tv_set_bool(d, "consent", consent);
	tv_set_bool(d, "show_name", p->show_name);
	tv_set(d, "consent_error", consent_err);
	person_lang_choice_tv(cx, d, p->language, person_lang_error(errs, nerr));
	web_page(cx, status, arena_printf(cx->a, T_(cx->lang, "Join %s"), pr->name),
		 tpl_signup, d);
}

void page_signup(struct web_ctx *cx)
{
	struct programme pr;
	struct person p;
	char real[AUTH_TOKEN_LEN];
	const char *key;
	/* The same page for every anonymous visitor with the same language
	 * wish, but the CSRF token: served before reading the programme. */
	key = arena_printf(cx->a, "signup:%s:%s", web_param(cx, "slug"),
			   web_lang_wish(cx));
	if (!cx->organiser_id && key && web_cache_serve(cx, key))
		return;
	if (load_programme(cx, &pr) < 0)
		return;
	memset(&p, 0, sizeof p);
	if (cx->organiser_id || !key) {
		signup_render(cx, &pr, &p, NULL, 0, false, NULL, 200);
		return;
	}
	memcpy(real, cx->csrf, sizeof real);
	snprintf(cx->csrf, sizeof cx->csrf, "%s", WEB_CSRF_MARK);
	signup_render(cx, &pr, &p, NULL, 0, false, NULL, 200);
	memcpy(cx->csrf, real, sizeof real);
	web_cache_store(cx, key, real);
}

const char *link_url(struct web_ctx *cx, enum link_kind kind,
		     int64_t person_id, int64_t group_id, int outcome,
		     int days)
{
	struct link_claims c = {kind, person_id, group_id, outcome,
				clock_now() + (time_t)days * 86400};
	char tok[LINK_TOKEN_MAX];
	struct err e = {0};
	static const char *const prefix[] = {"", "/confirm/", "/me/", "/r/",
					     "/u/", "/s/"};
	if (link_sign(&cx->app->keys, &c, tok, &e) < 0)
		return NULL;
	return web_url(cx, arena_printf(cx->a, "%s%s", prefix[kind], tok));
}

const char *link_token(struct web_ctx *cx, enum link_kind kind,
		       int64_t person_id, int64_t group_id, int outcome,
		       int days)
{
	struct link_claims c = {kind, person_id, group_id, outcome,
				clock_now() + (time_t)days * 86400};
	char tok[LINK_TOKEN_MAX];
	if (link_sign(&cx->app->keys, &c, tok, NULL) < 0)
		return "";
	return arena_strdup(cx->a, tok);
}

/* A sign-up, written through the group commit. */
struct signup_write {
	struct programme pr;
	struct person p;
	bool existed;
};

static int signup_job(struct store *st, void *arg, struct err *e)
{
	struct signup_write *w = arg;
	return app_participant_signup(st, &w->p, &w->existed, e);
}

static void signup_then(struct web_ctx *cx, int rc, struct err *e, void *arg)
{
	struct signup_write *w = arg;
	const char *url;
	if (rc < 0) {
		if (e->code == ERR_INVALID) {
			signup_render(cx, &w->pr, &w->p, e, 1, true, NULL, 400);
			return;
		}
		web_error(cx, web_status_of(e), e);
		return;
	}
	/* Same answer whether or not the email was known, so the form does
	 * not reveal who has signed up. */
	/* The confirm email is queued (mail/notify.h).  Without an SMTP
	 * server configured it can never leave, so the link goes to the log
	 * instead: the token only, never the person's name or address. */
	if ((!w->existed || w->p.status == PERSON_PENDING) &&
	    !getenv("CUPPA_SMTP_URL")) {
		url = link_url(cx, LINK_CONFIRM, w->p.id, 0, 0, LINK_DAYS_CONFIRM);
		fprintf(stderr, "signup: person %lld pending; confirm link: %s\n",
			(long long)w->p.id, url ? url : "(signing failed)");
	}
	web_message(cx, 200, N_("Check your email"),
		    N_("Thank you. We have sent you an email with a link to "
		       "confirm your sign-up. You will be paired from the next "
		       "round once you have confirmed."));
}

void page_signup_post(struct web_ctx *cx)
{
	struct signup_write *w = arena_calloc(cx->a, 1, sizeof *w);
	struct err errs[16];
	size_t nerr;
	bool consent;

	if (!w) {
		web_error(cx, 500, &(struct err){.code = ERR_INTERNAL, .msg = "out of memory"});
		return;
	}
	if (load_programme(cx, &w->pr) < 0)
		return;
	w->p.programme_id = w->pr.id;
	nerr = person_form_read(cx, &w->p, errs, true);
	consent = strcmp(web_field(cx, "consent"), "yes") == 0;
	if (nerr || !consent) {
		signup_render(cx, &w->pr, &w->p, errs, nerr, consent,
			      consent ? NULL
				      : web_t(cx, N_("Please agree so that we can pair you.")),
			      400);
		return;
	}
	web_write(cx, signup_job, w, signup_then);
}

/* ---- signed links ---- */

/* Verifies the {token} of this URL for kind; renders the refusal page
 * and returns -1 when it is not valid. */
int link_check(struct web_ctx *cx, enum link_kind kind,
		      struct link_claims *c, struct person *p)
{
	struct err e = {0};
	if (link_verify(&cx->app->keys, web_param(cx, "token"), clock_now(), c,
			&e) < 0 || c->kind != kind) {
		if (e.code == ERR_FORBIDDEN)
			web_message(cx, 403, N_("This link has expired"),
				    N_("For your security, links stop working after "
				       "a while. Use the link in your most recent "
				       "email, or ask the organiser for a new one."));
		else
			web_message(cx, 400, N_("This link is not valid"),
				    N_("The link may have been cut short or changed. "
				       "Please copy the whole link from your email."));
		return -1;
	}
	if (app_person_get_id(cx->st, c->person_id, cx->a, p, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			web_message(cx, 404, N_("Not found"),
				    N_("We could not find your sign-up."));
		else
			web_error(cx, 500, &e);
		return -1;
	}
	/* the person's page: in their programme's languages, their choice
	 * after the switch and the cookie */
	struct programme pr;
	struct lang_list langs = {.v = {LANG_EN}, .n = 1};
	if (app_programme_get_id(cx->st, p->programme_id, cx->a, &pr, NULL) == 0)
		programme_languages(&pr, &langs);
	web_lang_for(cx, &langs, p->language);
	if (strncmp(p->email, "erased-", 7) == 0 &&
	    strstr(p->email, "@invalid")) {
		web_message(cx, 410, N_("Your data has been erased"),
			    N_("There is nothing left to show or change."));
		return -1;
	}
	return 0;
}

void page_confirm(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	struct programme pr;
	struct err e = {0};
	struct tv *d;
	if (link_check(cx, LINK_CONFIRM, &c, &p) < 0)
		return;
	if (app_programme_get_id(cx->st, p.programme_id, cx->a, &pr, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	d = tv_obj(cx->a);
	tv_set(d, "name", pr.name);
	tv_set(d, "token", web_param(cx, "token"));
	web_page(cx, 200, N_("Confirm your sign-up"), tpl_confirm, d);
}

/* ---- self-service ---- */

static const char *status_text(struct web_ctx *cx, const struct person *p)
{
	struct buf day;
	char *s;
	switch (p->status) {
	case PERSON_PENDING: return web_t(cx, N_("waiting for you to confirm your sign-up"));
	case PERSON_ACTIVE: return web_t(cx, N_("taking part"));
	case PERSON_SKIP_NEXT: return web_t(cx, N_("skipping the next round"));
	case PERSON_PAUSED:
		buf_init(&day, 256);
		if (text_day(&day, cx->lang, p->paused_until,
			     TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR) < 0)
			buf_puts(&day, p->paused_until);
		s = arena_printf(cx->a, T_(cx->lang, "paused until %s"), buf_str(&day));
		buf_release(&day);
		return s;
	case PERSON_LEFT: return web_t(cx, N_("left the programme"));
	}
	return "";
}

static const char *flash_text(const char *done)
{
	static const struct {
		const char *key, *text;
	} msgs[] = {
		{"confirmed", N_("Thank you: your sign-up is confirmed. Bookmark this page to manage your place.")},
		{"skip", N_("Done: you will sit out the next round. A group you are already in stands: please still meet them.")},
		{"pause", N_("Done: you are paused from the next round on. A group you are already in stands: please still meet them.")},
		{"resume", N_("Welcome back: you will be paired from the next round.")},
		{"leave", N_("You have left the programme. You can come back from this page.")},
		{"edit", N_("Your details are saved.")},
	};
	for (size_t i = 0; done && i < sizeof msgs / sizeof msgs[0]; i++)
		if (strcmp(done, msgs[i].key) == 0)
			return msgs[i].text;
	return NULL;
}

static bool me_board_on(struct web_ctx *cx, const struct person *p)
{
	struct programme pr;
	struct programme_board b = {0};
	if (app_programme_get_id(cx->st, p->programme_id, cx->a, &pr, NULL) == 0)
		programme_board(&pr, &b);
	return b.on;
}

static void me_render(struct web_ctx *cx, struct person *p,
		      const struct err *errs, size_t nerr,
		      const char *until_err, const char *erase_err, int status)
{
	struct programme pr;
	struct participant_group *gs;
	size_t ng;
	struct err e = {0};
	char today[11];
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a);

	if (app_programme_get_id(cx->st, p->programme_id, cx->a, &pr, &e) < 0 ||
	    app_participant_groups(cx->st, p->id, cx->a, &gs, &ng, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	clock_day(clock_now(), today);
	tv_set(d, "person_name", p->name);
	tv_set(d, "programme", pr.name);
	tv_set(d, "status_text", status_text(cx, p));
	tv_set(d, "token", web_param(cx, "token"));
	tv_set(d, "today", today);
	tv_set(d, "until", p->paused_until);
	tv_set(d, "until_error", until_err ? web_t(cx, until_err) : NULL);
	tv_set(d, "erase_error", erase_err);
	const char *flash = flash_text(web_query(cx->rq, "done"));
	tv_set(d, "flash", flash ? web_t(cx, flash) : NULL);
	tv_set_bool(d, "can_skip", p->status == PERSON_ACTIVE);
	tv_set_bool(d, "can_resume", p->status == PERSON_SKIP_NEXT ||
				     p->status == PERSON_PAUSED ||
				     p->status == PERSON_LEFT);
	tv_set_bool(d, "can_leave", p->status != PERSON_LEFT);
	tv_set_bool(d, "board", me_board_on(cx, p));
	for (size_t i = 0; i < ng; i++) {
		struct tv *o = tv_push(list);
		tv_setf(o, "round", "%d", gs[i].round);
		tv_set(o, "state", web_t(cx, gs[i].state == ROUND_PUBLISHED
						     ? N_("current") : N_("past")));
		tv_set(o, "others", gs[i].others);
		if (gs[i].state == ROUND_PUBLISHED) {
			/* How to reach the current group: their addresses,
			 * as the introduction email gave them. */
			struct person *ms;
			size_t nm;
			struct tv *cl = tv_list(cx->a);
			if (app_participant_group_members(cx->st, gs[i].group_id, cx->a, &ms,
					     NULL, &nm, &e) < 0) {
				web_error(cx, 500, &e);
				return;
			}
			for (size_t k = 0; k < nm; k++) {
				if (ms[k].id == p->id || ms[k].status == PERSON_LEFT)
					continue;
				struct tv *c = tv_push(cl);
				tv_set(c, "name", ms[k].name);
				tv_set(c, "email", ms[k].email);
				tv_set(c, "organisation", ms[k].organisation);
			}
			if (tv_count(cl)) {
				struct tv *w = tv_obj(cx->a);
				tv_set_tv(w, "list", cl);
				tv_set_tv(o, "contacts", w);
			}
		}
		if (gs[i].outcome != OUTCOME_NONE)
			tv_set(o, "outcome", web_t(cx, gs[i].outcome == OUTCOME_MET
							       ? N_("we met")
							       : N_("we did not meet")));
	}
	if (ng) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", list);
		tv_set_tv(d, "groups", w);
	}
	tv_set_tv(d, "fields", person_fields_tv(cx, p, errs, nerr, false));
	tv_set_bool(d, "show_name", p->show_name);
	tv_set_bool(d, "errors", nerr > 0);
	person_lang_choice_tv(cx, d, p->language, person_lang_error(errs, nerr));
	web_page(cx, status, N_("Your place"), tpl_me, d);
}

/* The self-service writes through the group commit: confirming,
 * editing one's details, skip / pause / resume / leave. */
struct me_write {
	struct person p;           /* as stored before */
	struct person q;           /* edit: the new details */
	const char *action;        /* "edit", "skip", ..., "confirm", "leave" */
	enum app_participant_action act;
	const char *until;
	bool unless_left;          /* unsubscribe: nothing to do if left */
};

static int me_job(struct store *st, void *arg, struct err *e)
{
	struct me_write *w = arg;
	if (strcmp(w->action, "confirm") == 0)
		return app_participant_confirm(st, w->p.id, e);
	if (strcmp(w->action, "edit") == 0)
		return app_participant_edit(st, &w->q, e);
	if (w->unless_left && w->p.status == PERSON_LEFT)
		return 0; /* leaving twice is leaving */
	return app_participant_act(st, w->p.id, w->act, w->until, e);
}

static void me_then(struct web_ctx *cx, int rc, struct err *e, void *arg)
{
	struct me_write *w = arg;
	bool act = strcmp(w->action, "edit") && strcmp(w->action, "confirm") &&
		   strcmp(w->action, "unsubscribe");
	if (rc < 0 && act && e->code == ERR_INVALID) {
		me_render(cx, &w->p, NULL, 0, web_err(cx, e), NULL, 400);
		return;
	}
	if (rc < 0) {
		web_error(cx, web_status_of(e), e);
		return;
	}
	if (strcmp(w->action, "unsubscribe") == 0) {
		web_message(cx, 200, N_("You have left"),
			    N_("You will not be paired again or receive further emails."));
		return;
	}
	if (strcmp(w->action, "confirm") == 0) {
		const char *me = link_token(cx, LINK_ME, w->p.id, 0, 0, LINK_DAYS_ME);
		web_redirect(cx, arena_printf(cx->a, "/me/%s?done=confirmed", me));
		return;
	}
	web_redirect(cx, arena_printf(cx->a, "/me/%s?done=%s",
				      web_param(cx, "token"), w->action));
}

/* A struct me_write for this request's signed link of kind, or NULL
 * after answering (a bad link, out of memory). */
static struct me_write *me_write_new(struct web_ctx *cx, enum link_kind kind)
{
	struct me_write *w = arena_calloc(cx->a, 1, sizeof *w);
	struct link_claims c;
	if (!w) {
		web_error(cx, 500, &(struct err){.code = ERR_INTERNAL, .msg = "out of memory"});
		return NULL;
	}
	if (link_check(cx, kind, &c, &w->p) < 0)
		return NULL;
	return w;
}

void page_confirm_post(struct web_ctx *cx)
{
	struct me_write *w = me_write_new(cx, LINK_CONFIRM);
	if (!w)
		return;
	w->action = "confirm";
	web_write(cx, me_job, w, me_then);
}

void page_me(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	if (link_check(cx, LINK_ME, &c, &p) < 0)
		return;
	me_render(cx, &p, NULL, 0, NULL, NULL, 200);
}

void page_me_post(struct web_ctx *cx)
{
	struct me_write *w = me_write_new(cx, LINK_ME);
	struct err e = {0}, errs[16];
	const char *action = web_field(cx, "action");

	if (!w)
		return;
	w->action = action;
	if (strcmp(action, "edit") == 0) {
		size_t nerr;
		w->q = w->p;
		nerr = person_form_read(cx, &w->q, errs, false);
		if (nerr) {
			me_render(cx, &w->q, errs, nerr, NULL, NULL, 400);
			return;
		}
	} else if (strcmp(action, "erase") == 0) {
		/* Not through the group: the erasure ends with a checkpoint
		 * (store_scrub), which cannot run inside a transaction. */
		if (strcmp(web_field(cx, "sure"), "yes") != 0) {
			me_render(cx, &w->p, NULL, 0, NULL,
				  web_t(cx, N_("Tick the box to confirm that you want your data erased.")),
				  400);
			return;
		}
		if (app_participant_erase(cx->st, w->p.id, "self", &e) < 0) {
			web_error(cx, web_status_of(&e), &e);
			return;
		}
		web_message(cx, 200, N_("Your data is erased"),
			    N_("Your name, email and details are gone. "
			       "Thank you for taking part."));
		return;
	} else {
		static const struct {
			const char *name;
			enum app_participant_action act;
		} acts[] = {{"skip", APP_SKIP}, {"pause", APP_PAUSE},
			    {"resume", APP_RESUME}, {"leave", APP_LEAVE}};
		size_t i;
		for (i = 0; i < sizeof acts / sizeof acts[0]; i++)
			if (strcmp(action, acts[i].name) == 0)
				break;
		if (i == sizeof acts / sizeof acts[0]) {
			web_message(cx, 400, N_("Please check"),
				    N_("That is not something this page can do."));
			return;
		}
		w->act = acts[i].act;
		w->until = web_field(cx, "until");
	}
	web_write(cx, me_job, w, me_then);
}

void page_me_data(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	struct programme pr;
	struct participant_group *gs;
	size_t ng;
	struct err e = {0};
	json_t *j, *groups;

	if (link_check(cx, LINK_ME, &c, &p) < 0)
		return;
	if (app_programme_get_id(cx->st, p.programme_id, cx->a, &pr, &e) < 0 ||
	    app_participant_groups(cx->st, p.id, cx->a, &gs, &ng, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	groups = json_array();
	for (size_t i = 0; i < ng; i++)
		json_array_append_new(groups, json_pack(
			"{s:i, s:s, s:s, s:s, s:i, s:s}", "round", gs[i].round,
			"with", gs[i].others, "deadline", gs[i].deadline,
			"outcome", outcome_name(gs[i].outcome), "rating",
			gs[i].rating, "comment", gs[i].comment));
	j = json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s,"
		      " s:s, s:s, s:s, s:b, s:s}, s:o}",
		      "programme", pr.name, "person", "name", p.name, "email",
		      p.email, "organisation", p.organisation, "sector",
		      p.sector, "role", p.role, "location", p.location,
		      "timezone", p.timezone, "topics", p.topics, "intro",
		      p.intro, "status", person_status_name(p.status),
		      "paused_until", p.paused_until, "joined", p.joined,
		      "show_name", p.show_name, "signed_up_at", p.created_at,
		      "groups", groups);
	web_resp_header(cx->rq, cx->rs, "Content-Disposition",
			"attachment; filename=\"my-cuppa-data.json\"");
	web_json(cx, j ? 200 : 500, j);
}

/* ---- unsubscribe ---- */

void page_unsubscribe(struct web_ctx *cx)
{
	struct link_claims c;
	struct person p;
	struct programme pr;
	struct err e = {0};
	struct tv *d;
	if (link_check(cx, LINK_UNSUBSCRIBE, &c, &p) < 0)
		return;
	if (app_programme_get_id(cx->st, p.programme_id, cx->a, &pr, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	d = tv_obj(cx->a);
	tv_set(d, "programme", pr.name);
	tv_set(d, "token", web_param(cx, "token"));
	web_page(cx, 200, N_("Leave"), tpl_unsubscribe, d);
}

void page_unsubscribe_post(struct web_ctx *cx)
{
	struct me_write *w = me_write_new(cx, LINK_UNSUBSCRIBE);
	if (!w)
		return;
	w->action = "unsubscribe";
	w->act = APP_LEAVE;
	w->unless_left = true;
	web_write(cx, me_job, w, me_then);
}
