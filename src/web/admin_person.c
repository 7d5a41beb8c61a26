/*
 * admin_person: one person: their state and blocked pairs.
 * Every route is WR_ADMIN (the dispatcher checked the session) and every
 * POST WR_FORM (CSRF checked); the rules are the app layer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "core/person.h"
#include "app/app_grant.h"
#include "app/app_round_edit.h"
#include "mail/mail.h"
#include "match/match.h"
#include "app/app_participant.h"
#include "util/clock.h"
#include "util/num.h"
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

/* ---- one person: details, meetings, state and blocked pairs ---- */

/* A mailto: link that sends a person their own page (to, link). */
static const char person_mail_link[] =
	"mailto:%s?subject=Your%%20coffee%%20trial%%20page&body=%s";

static const char *const person_states[] = {"active", "skip-next", "paused",
					    "left"};

/* Loads the person of the {id} parameter, who must belong to p. */
static int admin_load_person(struct web_ctx *cx, const struct programme *p,
			     struct person *out)
{
	struct err e = {0};
	long long id;
	if (num_parse(web_param(cx, "id"), 1, INT64_MAX, &id) < 0 ||
	    app_person_get_id(cx->st, (int64_t)id, cx->a, out, &e) < 0 ||
	    out->programme_id != p->id) {
		if (e.code == ERR_NONE || e.code == ERR_NOTFOUND || e.code == ERR_INVALID)
			web_message(cx, 404, N_("Not found"), N_("There is no such person in this programme."));
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
	const char *cur = want_status ? want_status : T_(cx->lang, person_status_name(who->status));

	if (app_people_blocked(cx->st, p, cx->a, &bl, &nb, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < nb; i++) {
		struct person other_p;
		int64_t oid = bl[i].a == who->id ? bl[i].b
			      : bl[i].b == who->id ? bl[i].a : 0;
		if (!oid)
			continue;
		if (app_person_get_id(cx->st, oid, cx->a, &other_p, &e) < 0) {
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
	/* Their meetings, newest first, each with a form to record what
	 * they say (for someone who answered by phone or in person). */
	struct participant_group *gs;
	size_t ng;
	struct tv *hl = tv_list(cx->a);
	if (app_participant_groups(cx->st, who->id, cx->a, &gs, &ng, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	for (size_t i = 0; i < ng; i++) {
		struct tv *o = tv_push(hl);
		tv_setf(o, "round", "%d", gs[i].round);
		tv_set(o, "others", gs[i].others);
		tv_set(o, "outcome", gs[i].outcome == OUTCOME_MET ? T_(cx->lang, "met")
			: gs[i].outcome == OUTCOME_MISSED ? T_(cx->lang, "did not meet") : T_(cx->lang, "no answer"));
		if (gs[i].rating)
			tv_setf(o, "rating", "%d", gs[i].rating);
		tv_set(o, "comment", gs[i].comment);
	}
	if (ng) {
		struct tv *w = tv_obj(cx->a);
		tv_set_tv(w, "list", hl);
		tv_set_tv(d, "history", w);
	}
	/* Their own page, as a full address to send them. */
	const char *me = link_url(cx, LINK_ME, who->id, 0, 0, LINK_DAYS_ME);
	tv_set(d, "me_link", me);
	tv_set(d, "me_mailto", arena_printf(cx->a, person_mail_link,
					    who->email, me));
	tv_set(d, "programme", p->name);
	tv_set(d, "slug", p->slug);
	tv_setf(d, "id", "%lld", (long long)who->id);
	tv_set(d, "topics", who->topics);
	tv_set(d, "role", who->role);
	tv_set(d, "location", who->location);
	tv_set(d, "timezone", who->timezone);
	tv_set(d, "intro", who->intro);
	tv_set(d, "name", who->name);
	tv_set(d, "email", who->email);
	tv_set(d, "organisation", who->organisation);
	tv_set(d, "sector", who->sector);
	tv_set(d, "joined", admin_human_day(cx, who->joined));
	tv_set_bool(d, "named", who->show_name);
	tv_set(d, "status_text", who->status == PERSON_PAUSED
		? arena_printf(cx->a, T_(cx->lang, "paused until %s"), who->paused_until)
		: who->status == PERSON_PENDING ? T_(cx->lang, "pending (has not confirmed yet)")
		: T_(cx->lang, person_status_name(who->status)));
	tv_set_tv(d, "states", sl);
	tv_set(d, "until", until ? until : who->paused_until);
	tv_set(d, "other", other);
	if (err_state && strcmp(err_state->field, "outcome") != 0) {
		bool on_until = strcmp(err_state->field, "until") == 0;
		tv_set(d, on_until ? "until_error" : "status_error", web_err(cx, err_state));
	}
	if (err_block)
		tv_set(d, "other_error", web_err(cx, err_block));
	if (err_state && strcmp(err_state->field, "outcome") == 0)
		tv_set(d, "outcome_error", web_err(cx, err_state));
	tv_set(d, "flash", !done ? NULL
		: strcmp(done, "status") == 0 ? T_(cx->lang, "State saved.")
		: strcmp(done, "outcome") == 0 ? T_(cx->lang, "Outcome recorded.")
		: strcmp(done, "consent") == 0 ? T_(cx->lang, "Consent saved.")
		: strcmp(done, "block") == 0 ? T_(cx->lang, "These two will never be paired.") : NULL);
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

/* Whether they agreed to be named on network pictures (the sign-up
 * page's box, the CSV's network_consent column). */
void admin_person_consent(struct web_ctx *cx)
{
	struct programme p;
	struct person who;
	struct err e = {0};
	if (admin_load_programme(cx, &p) < 0 || admin_load_person(cx, &p, &who) < 0)
		return;
	if (app_person_set_consent(cx->st, &p, who.id,
				   strcmp(web_field(cx, "show_name"), "yes") == 0,
				   admin_actor(cx), &e) < 0) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_redirect(cx, arena_printf(cx->a,
				      "/admin/programmes/%s/people/%lld?done=consent",
				      p.slug, (long long)who.id));
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
		err_field(&e, ERR_INVALID, "status", N_("Choose one of the states."));
	} else if (app_person_set_status(cx->st, &p, who.email, to,
					 to == PERSON_PAUSED ? until : "",
					 admin_actor(cx), &e) == 0) {
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
		err_field(&e, ERR_INVALID, "other", N_("Enter the email of the other person."));
	} else if (person_email_normalise(email, norm, &e) < 0) {
		/* e says what is wrong with the address */
	} else if (app_person_get(cx->st, &p, norm, cx->a, &other, &e) < 0) {
		if (e.code == ERR_NOTFOUND)
			err_field(&e, ERR_INVALID, "other",
				  N_("Nobody with that email takes part in %s."), p.name);
	} else if (other.id == who.id) {
		err_field(&e, ERR_INVALID, "other",
			  N_("A person cannot be blocked from themselves."));
	} else if (app_people_block(cx->st, &p, who.email, norm, admin_actor(cx), &e) == 0) {
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

/* Records an outcome for the person, as they told the organiser. */
void admin_person_outcome(struct web_ctx *cx)
{
	struct programme p;
	struct person who;
	struct err e = {0};
	enum outcome o;
	const char *os = web_field(cx, "outcome");
	long long round;
	int bad_round = num_parse(web_field(cx, "round"), 1, 1000000, &round);
	if (admin_load_programme(cx, &p) < 0 || admin_load_person(cx, &p, &who) < 0)
		return;
	if (bad_round ||
	    outcome_parse(os, &o) < 0 || o == OUTCOME_NONE) {
		err_field(&e, ERR_INVALID, "outcome", N_("Choose met or did not meet."));
	} else if (app_outcome_record(cx->st, &p, (int)round, who.email, o, 0,
				      NULL, &e) == 0) {
		web_redirect(cx, arena_printf(cx->a,
					      "/admin/programmes/%s/people/%lld?done=outcome",
					      p.slug, (long long)who.id));
		return;
	} else if (e.code == ERR_INVALID || e.code == ERR_CONFLICT ||
		   e.code == ERR_NOTFOUND) {
		snprintf(e.field, sizeof e.field, "outcome");
		e.code = ERR_INVALID;
	}
	if (e.code != ERR_INVALID) {
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	person_render(cx, &p, &who, 400, NULL, NULL, "", &e, NULL);
}
