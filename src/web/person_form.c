/*
 * person_form: a participant's details as the public forms (sign-up,
 * /me) and the API show and read them: the fields, the time-zone
 * suggestions, and the language choice of a bilingual programme.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/app_participant.h"
#include "text/text.h"
#include "web/pages.h"

const struct person_field person_fields[] = {
	{"name", N_("Your name"), "text", "name", NULL, true, false,
	 offsetof(struct person, name)},
	{"email", N_("Email"), "email", "email",
	 N_("We send your pairings and nothing else here."), true, false,
	 offsetof(struct person, email)},
	{"organisation", N_("Organisation"), "text", "organization", NULL, true,
	 false, offsetof(struct person, organisation)},
	{"sector", N_("Sector (optional)"), "text", "off",
	 N_("For example: health, housing, local government, charity."), false,
	 false, offsetof(struct person, sector)},
	{"role", N_("Role (optional)"), "text", "organization-title", NULL, false,
	 false, offsetof(struct person, role)},
	{"location", N_("Location (optional)"), "text", "address-level2", NULL,
	 false, false, offsetof(struct person, location)},
	{"timezone", N_("Time zone (optional)"), "text", "off",
	 N_("Start typing a city to pick from the list, for example London or "
	    "New York."), false, false, offsetof(struct person, timezone)},
	{"topics", N_("Topics you work on (optional)"), "text", "off",
	 N_("Separate them with semicolons, for example: housing; digital."), false,
	 false, offsetof(struct person, topics)},
	{"intro", N_("A few lines about yourself (optional)"), NULL, NULL, NULL,
	 false, true, offsetof(struct person, intro)},
	{NULL, NULL, NULL, NULL, NULL, false, false, 0},
};

/* The time zones offered in the time-zone field's list (a <datalist>:
 * type to search, pick one, or type any other IANA name; it works
 * without JavaScript, which the pages' Content-Security-Policy does not
 * run, so it cannot default from the browser). */
static const char *const zone_choices[] = {
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris",
	"Europe/Brussels", "Europe/Amsterdam", "Europe/Berlin", "Europe/Madrid",
	"Europe/Rome", "Europe/Zurich", "Europe/Vienna", "Europe/Stockholm",
	"Europe/Oslo", "Europe/Copenhagen", "Europe/Helsinki", "Europe/Warsaw",
	"Europe/Prague", "Europe/Budapest", "Europe/Athens", "Europe/Bucharest",
	"Europe/Istanbul", "Europe/Kyiv", "Europe/Moscow", "Atlantic/Reykjavik",
	"Africa/Lagos", "Africa/Cairo", "Africa/Nairobi", "Africa/Johannesburg",
	"Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka",
	"Asia/Bangkok", "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai",
	"Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
	"Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland",
	"America/St_Johns", "America/Halifax", "America/Toronto",
	"America/New_York", "America/Chicago", "America/Denver",
	"America/Phoenix", "America/Los_Angeles", "America/Anchorage",
	"Pacific/Honolulu", "America/Mexico_City", "America/Bogota",
	"America/Lima", "America/Sao_Paulo", "America/Buenos_Aires", "UTC",
	NULL,
};

struct tv *person_zone_choices_tv(struct web_ctx *cx)
{
	struct tv *l = tv_list(cx->a);
	for (size_t i = 0; zone_choices[i]; i++)
		tv_set(tv_push(l), ".", zone_choices[i]);
	return l;
}

char **person_slot(struct person *p, const struct person_field *f)
{
	return (char **)(void *)((char *)p + f->offset);
}

struct tv *person_fields_tv(struct web_ctx *cx, struct person *p,
			    const struct err *errs, size_t nerr,
			    bool with_email)
{
	struct tv *list = tv_list(cx->a);
	for (const struct person_field *f = person_fields; f->id; f++) {
		if (!with_email && strcmp(f->id, "email") == 0)
			continue;
		struct tv *o = tv_push(list);
		char *v = *person_slot(p, f);
		tv_set(o, "id", f->id);
		tv_set(o, "label", web_t(cx, f->label));
		tv_set(o, "type", f->type ? f->type : "text");
		tv_set(o, "autocomplete", f->autocomplete ? f->autocomplete : "off");
		tv_set(o, "hint", f->hint ? web_t(cx, f->hint) : NULL);
		tv_set_bool(o, "required", f->required);
		tv_set_bool(o, "textarea", f->textarea);
		tv_set(o, "value", v);
		if (strcmp(f->id, "timezone") == 0) {
			tv_set_bool(o, "has_zones", true);
			tv_set_tv(o, "zones", person_zone_choices_tv(cx));
		}
		for (size_t i = 0; i < nerr; i++)
			if (strcmp(errs[i].field, f->id) == 0)
				tv_set(o, "error", web_err(cx, &errs[i]));
	}
	return list;
}

/* The language choice of the sign-up and /me forms, shown when the
 * programme offers more than one language (cx->langs): current is the
 * person's choice, else the page's language is ticked. */
void person_lang_choice_tv(struct web_ctx *cx, struct tv *d,
			   const char *current, const char *error)
{
	struct tv *l = tv_list(cx->a);
	enum lang cur;
	if (cx->langs.n < 2)
		return;
	if (!current || lang_parse(current, &cur) < 0)
		cur = cx->lang;
	for (int i = 0; i < cx->langs.n; i++) {
		struct tv *o = tv_push(l);
		tv_set(o, "code", lang_code(cx->langs.v[i]));
		tv_set(o, "name", lang_name(cx->langs.v[i]));
		tv_set_bool(o, "checked", cx->langs.v[i] == cur);
	}
	tv_set_tv(d, "lang_choice", l);
	tv_set_bool(d, "has_lang_choice", true);
	tv_set(d, "lang_error", error);
}

/* The posted language: one the programme offers, or "" when the form
 * has no choice (a one-language programme).  NULL for anything else. */
static const char *lang_from_form(struct web_ctx *cx)
{
	const char *v = web_field(cx, "language");
	enum lang l;
	if (!*v)
		return "";
	if (lang_parse(v, &l) < 0 || !lang_list_has(&cx->langs, l))
		return NULL;
	return lang_code(l);
}

/* Copies the posted person fields into p; checks each; returns the
 * number of errors (written to errs). */
size_t person_form_read(struct web_ctx *cx, struct person *p,
			       struct err *errs, bool with_email)
{
	size_t nerr = 0;
	for (const struct person_field *f = person_fields; f->id; f++) {
		if (!with_email && strcmp(f->id, "email") == 0)
			continue;
		const char *v = web_field(cx, f->id);
		*person_slot(p, f) = (char *)v;
		if (app_participant_check_field(f->id, v, cx->lang, &errs[nerr]) < 0)
			nerr++;
	}
	p->show_name = strcmp(web_field(cx, "show_name"), "yes") == 0;
	p->language = (char *)lang_from_form(cx);
	if (!p->language) {
		err_field(&errs[nerr++], ERR_INVALID, "language", "%s",
			  web_t(cx, N_("Choose Cymraeg or English.")));
		p->language = "";
	}
	return nerr;
}

/* The error of the language field among errs, if any. */
const char *person_lang_error(const struct err *errs, size_t nerr)
{
	for (size_t i = 0; i < nerr; i++)
		if (!strcmp(errs[i].field, "language"))
			return errs[i].msg;
	return NULL;
}
