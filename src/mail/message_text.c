/*
 * message_text: the words of cuppa's emails to participants, in Welsh and
 * English, and the "fill" step of composing (compose.h): a table with
 * one row per kind, its default texts, the placeholders it offers and
 * the function that fills them.  Every default text and phrase is here,
 * marked N_ for the catalogue (po/cy.po) and looked up with T_ in the
 * reader's language when a message is composed.
 */
#include "mail/compose.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/programme.h"
#include "util/buf.h"
#include "util/clock.h"

/* ---- cadence words ---- */

/* English: translate with T_ where shown (marked N_ for the catalogue). */
const char *mail_period(int d)
{
	if (d == 7)
		return N_("this week");
	if (d == 14)
		return N_("this fortnight");
	if (d >= 28 && d <= 31)
		return N_("this month");
	if (d >= 89 && d <= 92)
		return N_("this quarter");
	return N_("this round");
}

const char *mail_cadence(int d)
{
	if (d == 7)
		return N_("every week");
	if (d == 14)
		return N_("every two weeks");
	if (d >= 28 && d <= 31)
		return N_("every month");
	if (d >= 56 && d <= 62)
		return N_("every two months");
	if (d >= 89 && d <= 92)
		return N_("every quarter");
	return NULL; /* caller says "every N days" */
}

int mail_reminder_days(int d)
{
	return d >= 21 ? 3 : d >= 7 ? 2 : 1;
}

/* ---- default texts (a table, one row per kind) ---- */

typedef void (*mail_fill_fn)(struct tv *d, enum lang l,
			     const struct mail_facts *f, struct tz_cache *zones,
			     bool *oom);

struct mail_text {
	const char *subject;
	const char *body;
	const char *const *names;
	mail_fill_fn fill;      /* the kind's own placeholders */
};

static void fill_confirm(struct tv *d, enum lang l, const struct mail_facts *f,
			 struct tz_cache *zones, bool *oom);
static void fill_welcome(struct tv *d, enum lang l, const struct mail_facts *f,
			 struct tz_cache *zones, bool *oom);
static void fill_round(struct tv *d, enum lang l, const struct mail_facts *f,
		       struct tz_cache *zones, bool *oom);
static void fill_survey(struct tv *d, enum lang l, const struct mail_facts *f,
			struct tz_cache *zones, bool *oom);

static const char *const names_common[] = {
	"name", "first_name", "programme", "period", "cadence", "me_link",
	"unsubscribe_link", "confirm_link", NULL,
};
static const char *const names_welcome[] = {
	"name", "first_name", "programme", "period", "cadence", "me_link",
	"unsubscribe_link", "joined", "when", "organiser", "privacy", NULL,
};
static const char *const names_round[] = {
	"name", "first_name", "programme", "period", "cadence", "me_link",
	"unsubscribe_link", "round", "deadline", "others", "others_names",
	"first_step", "slot", "reason", "met_link", "missed_link",
	"days_left", "everyone", "shared_challenge", NULL,
};
static const char *const names_survey[] = {
	"name", "first_name", "programme", "period", "cadence", "me_link",
	"unsubscribe_link", "survey", "survey_link", NULL,
};

static const struct mail_text texts[MAIL_KIND_COUNT] = {
	[MAIL_CONFIRM] = {
		N_("Please confirm your place in {{programme}}"),
		N_("Hello {{first_name}},\n\n"
		"Thank you for signing up to {{programme}}. Please confirm your "
		"email address so we can match you with someone new "
		"{{cadence}}:\n\n{{confirm_link}}\n\n"
		"If you did not sign up, ignore this message and nothing will "
		"happen."),
		names_common, fill_confirm},
	[MAIL_WELCOME] = {
		N_("Welcome to {{programme}}"),
		N_("Hello {{first_name}},\n\n"
		"{{joined}} {{programme}} matches people at random {{cadence}} "
		"for a 30-minute chat, by phone, video or over coffee. {{when}}"
		"\n\n{{organiser}}\n\n"
		"You can skip a round, pause, change your details or leave at any "
		"time: {{me_link}}\n\n{{privacy}}"),
		names_welcome, fill_welcome},
	[MAIL_INTRO] = {
		N_("{{programme}}: meet {{others_names}}"),
		N_("Hello {{first_name}},\n\n"
		"Round {{round}} of {{programme}} has matched you with:\n\n"
		"{{others}}\n"
		"{{shared_challenge}}"
		"Please meet for 30 minutes by {{deadline}}: phone, video or "
		"coffee, whatever suits you.\n\n"
		"Suggested first step: {{first_step}}\n\n"
		"The attached calendar entry is yours: it suggests {{slot}}. "
		"Add it to your calendar and move it to a time that suits "
		"{{everyone}}."),
		names_round, fill_round},
	[MAIL_UNPLACED] = {
		N_("{{programme}}: no match for you in round {{round}}"),
		N_("Hello {{first_name}},\n\n"
		"We could not place you in round {{round}} of {{programme}}: "
		"{{reason}}\n\n"
		"You stay in the programme and will be included when the next "
		"round is drawn."),
		names_round, fill_round},
	[MAIL_REMINDER] = {
		N_("Reminder: your {{programme}} chat with {{others_names}}"),
		N_("Hello {{first_name}},\n\n"
		"A friendly reminder: your chat with {{others_names}} is due by "
		"{{deadline}}, {{days_left}} from now. If it has not happened "
		"yet, there is still time to send a short note and fix a time.\n\n"
		"Already met? Tell us with one click: {{met_link}}"),
		names_round, fill_round},
	[MAIL_CHECKIN] = {
		N_("Did you meet {{others_names}}?"),
		N_("Hello {{first_name}},\n\n"
		"Round {{round}} of {{programme}} has reached its deadline. Did "
		"you meet {{others_names}}? One click is enough:\n\n"
		"We met: {{met_link}}\n\n"
		"We did not meet: {{missed_link}}\n\n"
		"Your answer helps us see whether the programme works, and "
		"people whose meeting fell through get priority next time."),
		names_round, fill_round},
	[MAIL_NUDGE] = {
		N_("{{programme}}: we have paused your matches"),
		N_("Hello {{first_name}},\n\n"
		"We have not heard from you after the last three rounds of "
		"{{programme}}, so we have paused your matches to keep things "
		"fair for everyone.\n\n"
		"Want to come back? Pick up again whenever you like: {{me_link}}"),
		names_round, fill_round},
	[MAIL_SURVEY] = {
		N_("{{programme}}: {{survey}}"),
		N_("Hello {{first_name}},\n\n"
		"We are asking everyone in {{programme}}, whether they met "
		"someone or not, a few short questions: what worked, what did "
		"not, and what would help. It takes about three minutes and "
		"works on a phone; no login is needed:\n\n{{survey}}\n"
		"{{survey_link}}\n\n"
		"You can change your answers until the survey closes. We quote "
		"what you write only if you say we may."),
		names_survey, fill_survey},
	[MAIL_SURVEY_REMINDER] = {
		N_("Reminder: {{survey}} ({{programme}})"),
		N_("Hello {{first_name}},\n\n"
		"Recently we asked you a few short questions about {{programme}}. "
		"If you have three minutes, your answers help us make it better "
		"for everyone, including those who could not take part:\n\n"
		"{{survey}}\n{{survey_link}}\n\nThis is the only reminder we will send."),
		names_survey, fill_survey},
};

/* Phrases composed into the texts above, kept here with them. */
static const char first_step_go[] =
	N_("You go first: write to %s today and suggest two times.");
static const char first_step_wait[] =
	N_("%s will write to you first; if you have heard nothing in three "
	   "days, write yourself.");

/* "you both" in a pair, "all three of you" in a trio. */
static const char *const everyone_words[] = {N_("you both"), N_("you both"),
					     N_("all three of you")};
/* TRANSLATORS: the calendar entry's title: the partners' names and the
 * programme */
static const char ics_summary[] = N_("Coffee chat with %s (%s)");
/* TRANSLATORS: the round's number, the programme, the partners ("Ann
 * (ann@x.org)") and "you both" or "all three of you" */
static const char ics_description[] =
	N_("Round %d of %s: 30 minutes by phone, video or over coffee with %s.\n"
	   "This entry is yours: move it to a time that suits %s.");
static const char reason_all_left[] =
	N_("everyone in your group left the programme before the "
	   "introductions went out.");
static const char shared_words[] =
	N_("You both face a challenge from the board: \"%s\". It may be a "
	   "good place to start.");

/* The welcome's words (MAIL_WELCOME, and the lead of a first
 * introduction that overtook the welcome). */
static const char joined_signup[] = N_("You are in.");
static const char joined_added[] = N_("The organisers of %s have added you to it.");
/* TRANSLATORS: a day and time ("Monday 7 June 2027 at 09:30") and a zone */
static const char when_next[] =
	N_("The next round is planned for %s (%s); we will email you an "
	   "introduction then.");
static const char when_later[] =
	N_("We will email you an introduction when the next round starts.");
static const char organiser_contact[] =
	N_("It is run by its organisers; write to %s with any question.");
static const char organiser_none[] = N_("It is run by its organisers.");
static const char privacy[] =
	N_("Your details: we keep your name, email, organisation and what else "
	   "you or the organisers gave us, who you were paired with, whether you "
	   "met and any rating or comment you give, while you take part. The "
	   "people you are paired with see your name, email, organisation, role, "
	   "location, topics and the lines about yourself; the organisers see all "
	   "of it. Network pictures show your name only if you agreed, otherwise "
	   "a pseudonym. From your page you can download everything we hold or "
	   "erase it for good at any time.");
static const char welcome_lead[] =
	N_("Welcome to {{programme}}. {{joined}} It matches people at random "
	   "{{cadence}} for a 30-minute chat, and this is your first "
	   "introduction. {{organiser}} You can skip a round, pause, change your "
	   "details or leave at any time: {{me_link}}\n\n{{privacy}}\n\n");
static const char because_signup[] = N_("you signed up to %s");
static const char because_added[] = N_("the organisers of %s added you to it");

static const char footer[] =
	N_("You get this email because {{because}}. "
	   "Your details, skips and pauses: {{me_link}}\n"
	   "Unsubscribe: {{unsubscribe_link}}");

const char *mail_default_subject(enum mail_kind k)
{
	return (unsigned)k < MAIL_KIND_COUNT ? texts[k].subject : "";
}

const char *mail_default_body(enum mail_kind k)
{
	return (unsigned)k < MAIL_KIND_COUNT ? texts[k].body : "";
}

const char *const *mail_placeholders(enum mail_kind k)
{
	return (unsigned)k < MAIL_KIND_COUNT ? texts[k].names : names_common;
}

int mail_text_check(enum mail_kind k, const char *text, struct err *e)
{
	return tmpl_check(text, mail_placeholders(k), e);
}

const char *mail_text_for(const struct programme *p, enum mail_kind k,
			  const char *field, enum lang l, bool main,
			  struct arena *a)
{
	const char *def = T_(l, !strcmp(field, "subject") ? texts[k].subject
							  : texts[k].body);
	if (!main || !p->settings || !strstr(p->settings, "\"mail\""))
		return def;
	json_t *root = json_loads(p->settings, 0, NULL);
	const char *res = def;
	json_t *v = json_object_get(
		json_object_get(json_object_get(root, "mail"), mail_kind_name(k)),
		field);
	if (json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_length(v) < 20000)
		res = arena_strdup(a, json_string_value(v));
	json_decref(root);
	return res ? res : def;
}

const char *mail_welcome_lead(enum lang l)
{
	return T_(l, welcome_lead);
}

const char *mail_footer(enum lang l)
{
	return T_(l, footer);
}

void mail_langs(const struct programme *p, const struct person *who,
		struct lang_list *out)
{
	struct lang_list pl;
	enum lang mine;
	programme_languages(p, &pl);
	*out = pl;
	if (pl.n < 2)
		return;
	if (!who->language || lang_parse(who->language, &mine) < 0 ||
	    !lang_list_has(&pl, mine))
		mine = LANG_CY; /* not chosen: Welsh first */
	out->v[0] = mine;
	out->n = 1;
	for (int i = 0; i < pl.n; i++)
		if (pl.v[i] != mine)
			out->v[out->n++] = pl.v[i];
}

/* ---- small formatting helpers ---- */

static int64_t fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* "Friday 12 December 2026" / "dydd Gwener 12 Rhagfyr 2026" for a
 * "YYYY-MM-DD" day (the day itself if it does not parse). */
static char *day_words(struct arena *a, enum lang l, const char *day)
{
	struct buf b;
	char *s;
	buf_init(&b, 256);
	if (text_day(&b, l, day, TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR) < 0)
		buf_puts(&b, day);
	s = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* "Tuesday 2 December at 10:00 (Europe/London)" of instant t in zone. */
static char *slot_words(struct arena *a, enum lang l, int64_t t,
			const char *zone, struct tz_cache *zones)
{
	struct tz *tmp;
	const struct tz *z = tz_cache_get(zones, zone, &tmp);
	int32_t off = 0;
	const char *label = "UTC";
	struct buf b;
	char *s;
	if (z) {
		off = tz_offset(z, t);
		label = zone;
	}
	tz_free(tmp);
	int64_t lt = t + off, d = fdiv(lt, 86400), sec = lt - d * 86400;
	int64_t y;
	unsigned m, dd;
	tz_civil_from_days(d, &y, &m, &dd);
	buf_init(&b, 256);
	text_date(&b, l, y, m, dd, TEXT_DATE_WEEKDAY);
	char hm[8];
	snprintf(hm, sizeof hm, "%02d:%02d", (int)(sec / 3600), (int)(sec / 60 % 60));
	/* TRANSLATORS: a day ("Tuesday 2 December"), a time and a time zone */
	s = buf_failed(&b) ? NULL
			   : arena_printf(a, T_(l, "%s at %s (%s)"), buf_str(&b), hm,
					  label);
	buf_release(&b);
	return s;
}

/* Why f's reader was not placed, in l (text_unplaced); "" when the row
 * says nothing. */
static char *reason_words(struct arena *a, enum lang l,
			  const struct mail_facts *f)
{
	struct buf b;
	char *s;
	if (!f->reason)
		return arena_strdup(a, "");
	buf_init(&b, 4096);
	text_unplaced_packed(&b, l, f->reason);
	s = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

char *mail_first_word(struct arena *a, const char *name)
{
	size_t n = strcspn(name, " \t");
	return arena_strndup(a, name, n ? n : strlen(name));
}

/* "Ann Smith", "Ann Smith and Bob Jones", "A, B and C". */
static char *names_list(struct arena *a, enum lang l,
			const struct person *const *v, size_t n)
{
	struct buf b;
	buf_init(&b, 4096);
	for (size_t i = 0; i < n; i++) {
		if (i)
			/* TRANSLATORS: before the last of a list of names */
			buf_puts(&b, i + 1 == n ? T_(l, " and ") : ", ");
		buf_puts(&b, v[i]->name);
	}
	char *s = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* One value of d; NULL (its building ran out of memory) fails the
 * message. */
static void set(struct tv *d, const char *name, const char *text, bool *oom)
{
	if (!text)
		*oom = true;
	tv_set(d, name, text);
}

/* The HTML of links and of the members' list, made by the same escaping
 * template engine as every page (values are escaped by it), beside their
 * text for the text part. */
static const char link_html[] = "<a href=\"{{url}}\">{{url}}</a>";
static const char others_text[] =
	"{{#o}}* {{name}}{{#org}}, {{org}}{{/org}}\n"
	"  {{email_label}} {{email}}\n"
	"{{#location}}  {{location_label}} {{location}}\n{{/location}}"
	"{{#topics}}  {{topics_label}} {{topics}}\n{{/topics}}"
	"{{#intro}}  {{intro_label}} {{intro}}\n{{/intro}}"
	"{{#more}}\n{{/more}}{{/o}}";
static const char others_html[] =
	"</p>\n<ul>{{#o}}<li><strong>{{name}}</strong>{{#org}}, {{org}}{{/org}}"
	"<br>{{email_label}} <a href=\"mailto:{{email}}\">{{email}}</a>"
	"{{#location}}<br>{{location_label}} {{location}}{{/location}}"
	"{{#topics}}<br>{{topics_label}} {{topics}}{{/topics}}"
	"{{#intro}}<br>{{intro_label}} <em>{{intro_line}}</em>{{/intro}}"
	"</li>{{/o}}</ul>\n<p>";

/* tmpl rendered in mode into a (NULL when it ran out of room). */
static const char *render(struct arena *a, const char *tmpl,
			  const struct tv *v, enum tmpl_mode mode)
{
	struct buf b;
	struct err e = {0};
	buf_init(&b, 1 << 16);
	const char *s = tmpl_render_mode(&b, tmpl, v, LANG_EN, mode, &e) < 0 ||
				buf_failed(&b)
			? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* A link: the address as text, an anchor to itself in HTML. */
static void set_link(struct tv *d, const char *name, const char *url,
		     struct arena *a, bool *oom)
{
	if (!url)
		return; /* the kind has no such link */
	struct tv *v = tv_obj(a);
	tv_set(v, "url", url);
	const char *html = render(a, link_html, v, TMPL_HTML);
	if (!html)
		*oom = true;
	tv_set_markup(d, name, url, html);
}

/* s with each `from` replaced by `to`, in a. */
static char *replaced(struct arena *a, const char *s, char from, const char *to)
{
	struct buf b;
	buf_init(&b, 1 << 16);
	for (; *s; s++) {
		if (*s == from)
			buf_puts(&b, to);
		else
			buf_putc(&b, *s);
	}
	char *r = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return r;
}

/* The block describing the other members of a group, as text and HTML. */
static void others_block(struct tv *d, enum lang l, struct arena *a,
			 const struct person *const *o, size_t n, bool *oom)
{
	struct tv *v = tv_obj(a), *list = tv_list(a);
	/* TRANSLATORS: between a role and an organisation */
	const char *at = T_(l, " at ");
	for (size_t i = 0; i < n; i++) {
		const struct person *p = o[i];
		struct tv *x = tv_push(list);
		const char *org = *p->role && *p->organisation
			? arena_printf(a, "%s%s%s", p->role, at, p->organisation)
			: *p->role ? p->role : p->organisation;
		const char *topics = replaced(a, p->topics, ';', ", ");
		const char *intro = replaced(a, p->intro, '\n', " ");
		if (!x || !org || !topics || !intro)
			*oom = true;
		tv_set(x, "name", p->name);
		tv_set(x, "org", org);
		tv_set(x, "email", p->email);
		tv_set(x, "location", p->location);
		tv_set(x, "topics", topics);
		tv_set(x, "intro", p->intro);
		tv_set(x, "intro_line", intro);
		tv_set_bool(x, "more", i + 1 < n);
	}
	tv_set_tv(v, "o", list);
	tv_set(v, "email_label", T_(l, "Email:"));
	tv_set(v, "location_label", T_(l, "Based in:"));
	tv_set(v, "topics_label", T_(l, "Works on:"));
	tv_set(v, "intro_label", T_(l, "In their words:"));
	const char *text = render(a, others_text, v, TMPL_TEXT);
	const char *html = render(a, others_html, v, TMPL_HTML);
	if (!text || !html)
		*oom = true;
	tv_set_markup(d, "others", text ? text : "", html ? html : "");
}

/* "Ann Jones (ann@x.org) and Bob Patel (bob@x.org)": the partners as the
 * calendar entry names them, in a. */
static char *with_list(struct arena *a, enum lang l,
		       const struct person *const *o, size_t no)
{
	struct buf with;
	char *s;
	buf_init(&with, 4096);
	for (size_t i = 0; i < no; i++)
		buf_printf(&with, "%s%s (%s)",
			   i == 0 ? "" : i + 1 == no ? T_(l, " and ") : ", ",
			   o[i]->name, o[i]->email);
	s = buf_failed(&with) ? NULL : arena_strdup(a, buf_str(&with));
	buf_release(&with);
	return s;
}

char *mail_ics_summary(struct arena *a, enum lang l, const struct mail_facts *f)
{
	const char *names = names_list(a, l, f->others, f->no);
	return names ? arena_printf(a, T_(l, ics_summary), names, f->p->name) : NULL;
}

char *mail_ics_description(struct arena *a, enum lang l,
			   const struct mail_facts *f)
{
	const char *with = with_list(a, l, f->others, f->no);
	return with ? arena_printf(a, T_(l, ics_description), f->round_no,
				   f->p->name, with,
				   T_(l, everyone_words[f->no < 2 ? f->no : 2]))
		    : NULL;
}

/* ---- fill: one function per row of the table ---- */

/* What every kind offers (names_common), and the welcome's words where
 * they are wanted (a welcome, or the lead of a first introduction). */
static void fill_common(struct tv *d, enum lang l, const struct mail_facts *f,
			bool *oom)
{
	struct arena *a = tv_arena(d);
	const struct programme *p = f->p;
	const char *cad = mail_cadence(p->cadence_days);
	set(d, "name", f->who->name, oom);
	set(d, "first_name", mail_first_word(a, f->who->name), oom);
	set(d, "programme", p->name, oom);
	set(d, "period", T_(l, mail_period(p->cadence_days)), oom);
	set(d, "cadence",
	    cad ? T_(l, cad)
		: arena_printf(a, TN_(l, "every day", "every %d days",
				       p->cadence_days), p->cadence_days),
	    oom);
	set(d, "because", arena_printf(a, T_(l, f->added ? because_added
						      : because_signup), p->name),
	    oom);
	set_link(d, "me_link", f->me_link, a, oom);
	set_link(d, "unsubscribe_link", f->unsubscribe_link, a, oom);
}

static void fill_confirm(struct tv *d, enum lang l, const struct mail_facts *f,
			 struct tz_cache *zones, bool *oom)
{
	(void)l, (void)zones;
	set_link(d, "confirm_link", f->confirm_link, tv_arena(d), oom);
}

/* The welcome's words: also the lead of a first introduction. */
static void welcome_words(struct tv *d, enum lang l, const struct mail_facts *f,
			  bool *oom)
{
	struct arena *a = tv_arena(d);
	const struct programme *p = f->p;
	set(d, "joined", f->added ? arena_printf(a, T_(l, joined_added), p->name)
				  : T_(l, joined_signup), oom);
	set(d, "when", T_(l, when_later), oom);
	if (f->next_local && strlen(f->next_local) >= 16) {
		const char *day = arena_strndup(a, f->next_local, 10);
		struct buf w;
		buf_init(&w, 256);
		if (day && text_day(&w, l, day, TEXT_DATE_WEEKDAY | TEXT_DATE_YEAR) == 0) {
			/* TRANSLATORS: between a day and a time */
			const char *when = arena_printf(a, "%s %s %s", buf_str(&w),
							T_(l, "at"), f->next_local + 11);
			set(d, "when", when ? arena_printf(a, T_(l, when_next), when,
							   f->next_zone)
					    : NULL, oom);
		}
		buf_release(&w);
	}
	set(d, "organiser", f->contact && *f->contact
				    ? arena_printf(a, T_(l, organiser_contact), f->contact)
				    : T_(l, organiser_none), oom);
	set(d, "privacy", T_(l, privacy), oom);
}

static void fill_welcome(struct tv *d, enum lang l, const struct mail_facts *f,
			 struct tz_cache *zones, bool *oom)
{
	(void)zones;
	welcome_words(d, l, f, oom);
}

static void fill_round(struct tv *d, enum lang l, const struct mail_facts *f,
		       struct tz_cache *zones, bool *oom)
{
	struct arena *a = tv_arena(d);
	if (f->lead)
		welcome_words(d, l, f, oom);
	if (f->round) {
		set(d, "round", arena_printf(a, "%d", f->round_no), oom);
		set(d, "deadline", day_words(a, l, f->deadline), oom);
		set(d, "reason", reason_words(a, l, f), oom);
		if (f->days_left >= 0)
			set(d, "days_left",
			    arena_printf(a, TN_(l, "one day", "%ld days", f->days_left),
					 f->days_left), oom);
	}
	if (f->all_left)
		set(d, "reason", T_(l, reason_all_left), oom);
	if (!f->group || f->all_left)
		return;
	set_link(d, "met_link", f->met_link, a, oom);
	set_link(d, "missed_link", f->missed_link, a, oom);
	others_block(d, l, a, f->others, f->no, oom);
	const char *names = names_list(a, l, f->others, f->no);
	const char *fw = f->first ? mail_first_word(a, f->first->name) : "";
	set(d, "others_names", names, oom);
	if (!f->first || f->first->id == f->who->id)
		set(d, "first_step", names ? arena_printf(a, T_(l, first_step_go), names)
					   : NULL, oom);
	else
		set(d, "first_step", fw ? arena_printf(a, T_(l, first_step_wait), fw)
					: NULL, oom);
	set(d, "everyone", T_(l, everyone_words[f->no < 2 ? f->no : 2]), oom);
	if (f->kind == MAIL_INTRO) {
		const char *sh = f->shared ? arena_printf(a, T_(l, shared_words),
							  f->shared)
					   : "";
		set(d, "shared_challenge",
		    sh && *sh ? arena_printf(a, "%s\n\n", sh) : sh, oom);
	}
	if (f->has_slot)
		set(d, "slot", slot_words(a, l, f->slot, f->who->timezone, zones), oom);
}

static void fill_survey(struct tv *d, enum lang l, const struct mail_facts *f,
			struct tz_cache *zones, bool *oom)
{
	(void)zones;
	/* a survey's own title as the organiser wrote it; the built-in
	 * template's title is in the catalogue */
	if (f->survey)
		set(d, "survey", T_(l, f->survey), oom);
	set_link(d, "survey_link", f->survey_link, tv_arena(d), oom);
}

void mail_fill(struct tv *d, enum lang l, const struct mail_facts *f,
	       struct tz_cache *zones, bool *oom)
{
	fill_common(d, l, f, oom);
	if ((unsigned)f->kind < MAIL_KIND_COUNT)
		texts[f->kind].fill(d, l, f, zones, oom);
}
