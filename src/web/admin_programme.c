/*
 * admin_programme: one programme's page and its settings (rules,
 * cadence, email texts).
 * Every route is WR_ADMIN (the dispatcher checked the session) and every
 * POST WR_FORM (CSRF checked); the rules are the app layer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "core/person.h"
#include "core/programme.h"
#include "app/app_grant.h"
#include "app/app_round_edit.h"
#include "mail/mail.h"
#include "match/match.h"
#include "util/buf.h"
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

/* The matcher's soft goals as the settings form shows them (words
 * people read, kept here in one place). */
static const struct {
	const char *name, *label, *hint;
} weight_fields[] = {
	{"new_connection", N_("Weave the network (new organisation pairs)"),
	 N_("Pairs whose organisations have never been grouped together in this "
	    "programme get this bonus, so organisations that have not met yet "
	    "are connected first; among equally new pairs the choice stays "
	    "random. 0 turns it off.")},
	{"new_sector_connection", N_("New sector pairs"),
	 N_("The same for sectors that have never been grouped together.")},
	{"different_organisation", N_("Different organisations"), NULL},
	{"different_sector", N_("Different sectors"), NULL},
	{"shared_topic", N_("Each shared topic"), NULL},
	{"priority", N_("First pick after a meeting fell through"), NULL},
	{"trio_fairness", N_("Spread trios around"), NULL},
	{"noise", N_("Random tie-breaking (0: off)"), NULL},
};

static struct tv *weights_tv(struct web_ctx *cx, const struct programme *p)
{
	struct tv *l = tv_list(cx->a);
	json_t *w = programme_weights_json(p);
	for (size_t i = 0; i < sizeof weight_fields / sizeof weight_fields[0]; i++) {
		struct tv *o = tv_push(l);
		tv_set(o, "name", weight_fields[i].name);
		tv_set(o, "label", web_t(cx, weight_fields[i].label));
		tv_set(o, "hint", web_t(cx, weight_fields[i].hint));
		tv_setf(o, "value", "%lld", (long long)json_integer_value(
				json_object_get(w, weight_fields[i].name)));
	}
	json_decref(w);
	return l;
}

/* The weights fields of the form as a --weights spec ("" when the form
 * has none); -1 with e naming the field when one is not a number. */
static int weights_spec(struct web_ctx *cx, struct buf *spec, struct err *e)
{
	for (size_t i = 0; i < sizeof weight_fields / sizeof weight_fields[0]; i++) {
		char key[48];
		long long v;
		snprintf(key, sizeof key, "w_%s", weight_fields[i].name);
		if (!form_get(&cx->form, key))
			continue;
		const char *t = web_field(cx, key);
		if (num_parse(t, 0, 1000000, &v) < 0)
			return err_field(e, ERR_INVALID, key,
					 N_("%s: must be a whole number from 0 to 1000000"),
					 weight_fields[i].label);
		buf_printf(spec, "%s%s=%lld", buf_len(spec) ? "," : "",
			   weight_fields[i].name, v);
	}
	return 0;
}

/* The email kinds whose texts a programme may override, as the mail
 * module reads them: settings {"mail": {KIND: {"subject", "body"}}}. */
static const struct {
	const char *kind, *label;
} mail_kinds[] = {
	{"confirm", N_("Confirm your sign-up")},
	{"welcome", N_("Welcome")},
	{"intro", N_("Introduction to the group")},
	{"unplaced", N_("Could not be placed this round")},
	{"reminder", N_("Reminder to meet")},
	{"checkin", N_("Did you meet?")},
	{"nudge", N_("Nudge after no answer")},
	{"survey", N_("Survey")},
	{"survey-reminder", N_("Survey reminder")},
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
		tv_set(o, "label", web_t(cx, mail_kinds[i].label));
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
			tv_set(o, "default_subject", web_t(cx, mail_default_subject(mk)));
			buf_release(&ph);
		}
		tv_set_bool(o, "set", (sub && *sub) || (body && *body));
	}
	json_decref(root);
	return l;
}

/* The choices of the languages field (docs/text.md). */
static const struct {
	const char *value, *label;
} language_choices[] = {
	{"en", N_("English")},
	{"cy", N_("Cymraeg (Welsh)")},
	{"cy,en", N_("Cymraeg and English, Welsh first")},
	{"en,cy", N_("English and Cymraeg, English first")},
};

static struct tv *languages_tv(struct web_ctx *cx, const struct programme *p)
{
	struct tv *l = tv_list(cx->a);
	struct lang_list langs;
	char now[16];
	programme_languages(p, &langs);
	lang_list_format(&langs, now, sizeof now);
	for (size_t i = 0; i < sizeof language_choices / sizeof language_choices[0]; i++) {
		struct tv *o = tv_push(l);
		tv_set(o, "value", language_choices[i].value);
		tv_set(o, "label", web_t(cx, language_choices[i].label));
		tv_set_bool(o, "selected", !strcmp(now, language_choices[i].value));
	}
	return l;
}

void admin_programme_render(struct web_ctx *cx, struct programme *p,
			     int status, const char *error)
{
	struct admin_summary s;
	struct round *rs;
	size_t nr;
	struct err e = {0};
	struct tv *d = tv_obj(cx->a), *list = tv_list(cx->a);
	if (admin_summarise(cx, p, cx->programme_stamp, &s, &e) < 0) {
		web_error(cx, 500, &e);
		return;
	}
	rs = s.rounds;
	nr = s.nrounds;
	tv_set(d, "name", p->name);
	tv_set(d, "slug", p->slug);
	tv_set(d, "signup_url", web_url(cx, arena_printf(cx->a, "/p/%s", p->slug)));
	tv_setf(d, "npeople", "%zu", s.total);
	tv_set(d, "next", admin_next_step(cx, p, &s));
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
	tv_set_tv(d, "languages", languages_tv(cx, p));
	tv_set_tv(d, "weights", weights_tv(cx, p));
	tv_set_tv(d, "schedule",
		  admin_schedule_tv(cx, p, s.has_view ? &s.view : NULL));
	tv_set(d, "error", web_t(cx, error));
	tv_set(d, "flash", web_query(cx->rq, "saved") ? T_(cx->lang, "Settings saved.")
			   : web_query(cx->rq, "discarded") ? T_(cx->lang, "The draft round was discarded.")
			   : NULL);
#ifdef HAVE_INSIGHT_PAGE
	tv_set_bool(d, "insight", true);
#endif
	const struct admin_fig fig = s.fig; /* read by admin_summarise */
	for (size_t i = nr; i-- > 0;) {
		struct tv *o = tv_push(list);
		const struct dash_round_counts *rc = NULL;
		tv_set(o, "slug", p->slug);
		tv_setf(o, "number", "%d", rs[i].number);
		tv_set(o, "state", T_(cx->lang, round_state_name(rs[i].state)));
		tv_set(o, "deadline", *rs[i].deadline ? admin_human_day(cx, rs[i].deadline)
						       : "");
		for (size_t k = 0; k < fig.nrounds; k++)
			if (fig.rounds[k].number == rs[i].number)
				rc = &fig.rounds[k];
		/* groups met: summed in SQL, cached (admin_figures.h) */
		if (rs[i].state != ROUND_DRAFT && rc)
			tv_setf(o, "met", T_(cx->lang, "%zu of %zu groups"), rc->met, rc->groups);
		else
			tv_set(o, "met", "-");
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
	admin_programme_render(cx, &p, 200, NULL);
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
	if (admin_int_field(cx, "cadence_days", 1, 365, &p.cadence_days, &e) < 0 ||
	    admin_int_field(cx, "group_size", 2, 3, &p.group_size, &e) < 0 ||
	    admin_int_field(cx, "repeat_after", 0, 1000, &p.repeat_after, &e) < 0) {
		admin_programme_render(cx, &p, 400, web_err(cx, &e));
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
			admin_programme_render(cx, &p, 400,
					       N_("An email text is too long."));
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
			admin_programme_render(cx, &p, 400,
					 arena_printf(cx->a, T_(cx->lang, "%s email: %s"),
						      mail_kinds[i].label, web_err(cx, &e)));
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
	if (form_get(&cx->form, "languages") &&
	    programme_languages_set(p.settings, web_field(cx, "languages"),
				    "languages", cx->a, &p.settings, &e) < 0) {
		admin_programme_render(cx, &p, 400,
				       arena_printf(cx->a, T_(cx->lang, "Languages: %s"), web_err(cx, &e)));
		return;
	}
	{
		struct buf spec;
		buf_init(&spec, 512);
		int bad = weights_spec(cx, &spec, &e) < 0 ||
			  (buf_len(&spec) &&
			   programme_weights_set(p.settings, buf_str(&spec), cx->a,
						 &p.settings, &e) < 0);
		buf_release(&spec);
		if (bad) {
			admin_programme_render(cx, &p, 400, web_err(cx, &e));
			return;
		}
	}
	if (app_programme_update(cx->st, &p, admin_actor(cx), &e) < 0) {
		if (e.code == ERR_INVALID || e.code == ERR_CONFLICT) {
			admin_programme_render(cx, &p, 400, web_err(cx, &e));
			return;
		}
		web_error(cx, web_status_of(&e), &e);
		return;
	}
	web_cache_clear(cx->app); /* the sign-up page shows name and cadence */
	web_redirect(cx, arena_printf(cx->a, "/admin/programmes/%s?saved=1",
				      p.slug));
}
