/*
 * message: the texts of cuppa's emails and their composition into MIME.
 *
 * Texts: every kind has a default subject and body here; a programme may
 * override either in its settings JSON:
 *   {"mail": {"intro": {"subject": "...", "body": "..."}, ...}}
 * A fixed footer (self-service and unsubscribe links) is always added,
 * so an organiser's text cannot drop the way out.
 *
 * Shape of a message:
 *   multipart/mixed
 *     multipart/alternative
 *       text/plain (quoted-printable)
 *       text/html  (quoted-printable)
 *       text/calendar; method=PUBLISH (base64)     introductions only
 *     application/ics; name=invite.ics (base64)    introductions only
 * (the calendar part is an entry the person owns, not an invitation from
 * the programme: no organiser, no attendees, nothing to reply to; each
 * member gets their own UID so moving it never touches anyone else's).
 * Boundaries start with "=_", which neither quoted-printable nor base64
 * output can contain, so no body can collide with them.
 */
#include "mail/mail.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/link.h"
#include "core/survey.h"
#include "mail/ics.h"
#include "mail/mime.h"
#include "mail/notify.h"
#include "mail/review.h"
#include "mail/template.h"
#include "core/schedule.h"
#include "store/store_challenge.h"
#include "store/store_dashboard.h"
#include "util/tz.h"
#include "util/buf.h"
#include "util/clock.h"

static const char *const kind_names[MAIL_KIND_COUNT] = {
	"confirm", "welcome", "intro", "unplaced", "reminder", "checkin",
	"nudge", "survey", "survey-reminder",
};

const char *mail_kind_name(enum mail_kind k)
{
	return (unsigned)k < MAIL_KIND_COUNT ? kind_names[k] : "?";
}

int mail_kind_parse(const char *s, enum mail_kind *out)
{
	for (int i = 0; i < MAIL_KIND_COUNT; i++)
		if (s && !strcmp(s, kind_names[i])) {
			*out = (enum mail_kind)i;
			return 0;
		}
	return -1;
}

/* ---- cadence words ---- */

const char *mail_period(int d)
{
	if (d == 7)
		return "this week";
	if (d == 14)
		return "this fortnight";
	if (d >= 28 && d <= 31)
		return "this month";
	if (d >= 89 && d <= 92)
		return "this quarter";
	return "this round";
}

const char *mail_cadence(int d)
{
	if (d == 7)
		return "every week";
	if (d == 14)
		return "every two weeks";
	if (d >= 28 && d <= 31)
		return "every month";
	if (d >= 56 && d <= 62)
		return "every two months";
	if (d >= 89 && d <= 92)
		return "every quarter";
	return NULL; /* caller says "every N days" */
}

int mail_reminder_days(int d)
{
	return d >= 21 ? 3 : d >= 7 ? 2 : 1;
}

/* ---- default texts (a table, one row per kind) ---- */

struct mail_text {
	const char *subject;
	const char *body;
	const char *const *names;
};

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
		"Please confirm your place in {{programme}}",
		"Hello {{first_name}},\n\n"
		"Thank you for signing up to {{programme}}. Please confirm your "
		"email address so we can match you with someone new "
		"{{cadence}}:\n\n{{confirm_link}}\n\n"
		"If you did not sign up, ignore this message and nothing will "
		"happen.",
		names_common},
	[MAIL_WELCOME] = {
		"Welcome to {{programme}}",
		"Hello {{first_name}},\n\n"
		"{{joined}} {{programme}} matches people at random {{cadence}} "
		"for a 30-minute chat, by phone, video or over coffee. {{when}}"
		"\n\n{{organiser}}\n\n"
		"You can skip a round, pause, change your details or leave at any "
		"time: {{me_link}}\n\n{{privacy}}",
		names_welcome},
	[MAIL_INTRO] = {
		"{{programme}}: meet {{others_names}}",
		"Hello {{first_name}},\n\n"
		"Round {{round}} of {{programme}} has matched you with:\n\n"
		"{{others}}\n"
		"{{shared_challenge}}"
		"Please meet for 30 minutes by {{deadline}}: phone, video or "
		"coffee, whatever suits you.\n\n"
		"Suggested first step: {{first_step}}\n\n"
		"The attached calendar entry is yours: it suggests {{slot}}. "
		"Add it to your calendar and move it to a time that suits "
		"{{everyone}}.",
		names_round},
	[MAIL_UNPLACED] = {
		"{{programme}}: no match for you in round {{round}}",
		"Hello {{first_name}},\n\n"
		"We could not place you in round {{round}} of {{programme}}: "
		"{{reason}}\n\n"
		"You stay in the programme and will be included when the next "
		"round is drawn.",
		names_round},
	[MAIL_REMINDER] = {
		"Reminder: your {{programme}} chat with {{others_names}}",
		"Hello {{first_name}},\n\n"
		"A friendly reminder: your chat with {{others_names}} is due by "
		"{{deadline}}, {{days_left}} from now. If it has not happened "
		"yet, there is still time to send a short note and fix a time.\n\n"
		"Already met? Tell us with one click: {{met_link}}",
		names_round},
	[MAIL_CHECKIN] = {
		"Did you meet {{others_names}}?",
		"Hello {{first_name}},\n\n"
		"Round {{round}} of {{programme}} has reached its deadline. Did "
		"you meet {{others_names}}? One click is enough:\n\n"
		"We met: {{met_link}}\n\n"
		"We did not meet: {{missed_link}}\n\n"
		"Your answer helps us see whether the programme works, and "
		"people whose meeting fell through get priority next time.",
		names_round},
	[MAIL_NUDGE] = {
		"{{programme}}: we have paused your matches",
		"Hello {{first_name}},\n\n"
		"We have not heard from you after the last three rounds of "
		"{{programme}}, so we have paused your matches to keep things "
		"fair for everyone.\n\n"
		"Want to come back? Pick up again whenever you like: {{me_link}}",
		names_round},
	[MAIL_SURVEY] = {
		"{{programme}}: {{survey}}",
		"Hello {{first_name}},\n\n"
		"We are asking everyone in {{programme}}, whether they met "
		"someone or not, a few short questions: what worked, what did "
		"not, and what would help. It takes about three minutes and "
		"works on a phone; no login is needed:\n\n{{survey}}\n"
		"{{survey_link}}\n\n"
		"You can change your answers until the survey closes. We quote "
		"what you write only if you say we may.",
		names_survey},
	[MAIL_SURVEY_REMINDER] = {
		"Reminder: {{survey}} ({{programme}})",
		"Hello {{first_name}},\n\n"
		"Recently we asked you a few short questions about {{programme}}. "
		"If you have three minutes, your answers help us make it better "
		"for everyone, including those who could not take part:\n\n"
		"{{survey}}\n{{survey_link}}\n\nThis is the only reminder we will send.",
		names_survey},
};

/* Phrases composed into the texts above, kept here with them. */
static const char first_step_go[] =
	"You go first: write to %s today and suggest two times.";
static const char first_step_wait[] =
	"%s will write to you first; if you have heard nothing in three "
	"days, write yourself.";

/* "you both" in a pair, "all three of you" in a trio. */
static const char *const everyone_words[] = {"you both", "you both",
					     "all three of you"};
static const char ics_summary[] = "Coffee chat with %s (%s)";
static const char ics_description[] =
	"Round %d of %s: 30 minutes by phone, video or over coffee with %s.\n"
	"This entry is yours: move it to a time that suits %s.";
static const char reason_all_left[] =
	"everyone in your group left the programme before the "
	"introductions went out.";

/* The welcome's words (MAIL_WELCOME, and the lead of a first
 * introduction that overtook the welcome). */
static const char joined_signup[] = "You are in.";
static const char joined_added[] = "The organisers of %s have added you to it.";
static const char when_next[] =
	"The next round is planned for %s (%s); we will email you an "
	"introduction then.";
static const char when_later[] =
	"We will email you an introduction when the next round starts.";
static const char organiser_contact[] =
	"It is run by its organisers; write to %s with any question.";
static const char organiser_none[] = "It is run by its organisers.";
static const char privacy[] =
	"Your details: we keep your name, email, organisation and what else "
	"you or the organisers gave us, who you were paired with, whether you "
	"met and any rating or comment you give, while you take part. The "
	"people you are paired with see your name, email, organisation, role, "
	"location, topics and the lines about yourself; the organisers see all "
	"of it. Network pictures show your name only if you agreed, otherwise "
	"a pseudonym. From your page you can download everything we hold or "
	"erase it for good at any time.";
static const char welcome_lead[] =
	"Welcome to {{programme}}. {{joined}} It matches people at random "
	"{{cadence}} for a 30-minute chat, and this is your first "
	"introduction. {{organiser}} You can skip a round, pause, change your "
	"details or leave at any time: {{me_link}}\n\n{{privacy}}\n\n";
static const char because_signup[] = "you signed up to %s";
static const char because_added[] = "the organisers of %s added you to it";

static const char footer[] =
	"\n\n--\n"
	"You get this email because {{because}}. "
	"Your details, skips and pauses: {{me_link}}\n"
	"Unsubscribe: {{unsubscribe_link}}";

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
	const char *const *n = mail_placeholders(k);
	size_t cnt = 0;
	while (n[cnt])
		cnt++;
	return mail_tmpl_check(text, n, cnt, e);
}

/* The programme's override of kind's field ("subject"/"body"), copied to
 * the arena, or the default. */
static const char *text_for(const struct programme *p, enum mail_kind k,
			    const char *field, struct arena *a)
{
	const char *def = !strcmp(field, "subject") ? texts[k].subject
						    : texts[k].body;
	if (!p->settings || !strstr(p->settings, "\"mail\""))
		return def;
	json_t *root = json_loads(p->settings, 0, NULL);
	const char *res = def;
	json_t *v = json_object_get(
		json_object_get(json_object_get(root, "mail"), kind_names[k]),
		field);
	if (json_is_string(v) && json_string_length(v) > 0 &&
	    json_string_length(v) < 20000)
		res = arena_strdup(a, json_string_value(v));
	json_decref(root);
	return res ? res : def;
}

/* ---- small formatting helpers ---- */

static const char *const wdays[] = {"Sunday", "Monday", "Tuesday",
				    "Wednesday", "Thursday", "Friday",
				    "Saturday"};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"};

static int64_t fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* "Friday 12 December" for a "YYYY-MM-DD" day (the day itself if it
 * does not parse). */
static char *day_words(struct arena *a, const char *day)
{
	time_t t;
	if (clock_parse_day(day, &t) < 0)
		return arena_strdup(a, day);
	int64_t d = fdiv((int64_t)t, 86400);
	int64_t y;
	unsigned m, dd;
	tz_civil_from_days(d, &y, &m, &dd);
	return arena_printf(a, "%s %u %s %lld", wdays[(d % 7 + 7 + 4) % 7],
			    dd, months[m - 1], (long long)y);
}

/* "Tuesday 2 December, 10:00 (Europe/London)" of instant t in zone. */
static char *slot_words(struct arena *a, int64_t t, const char *zone,
			struct tz_cache *zones)
{
	struct tz *tmp;
	const struct tz *z = tz_cache_get(zones, zone, &tmp);
	int32_t off = 0;
	const char *label = "UTC";
	if (z) {
		off = tz_offset(z, t);
		label = zone;
	}
	tz_free(tmp);
	int64_t l = t + off, d = fdiv(l, 86400), s = l - d * 86400;
	int64_t y;
	unsigned m, dd;
	tz_civil_from_days(d, &y, &m, &dd);
	return arena_printf(a, "%s %u %s at %02d:%02d (%s)",
			    wdays[(d % 7 + 7 + 4) % 7], dd, months[m - 1],
			    (int)(s / 3600), (int)(s / 60 % 60), label);
}

static char *first_word(struct arena *a, const char *name)
{
	size_t n = strcspn(name, " \t");
	return arena_strndup(a, name, n ? n : strlen(name));
}

/* "Ann Smith", "Ann Smith and Bob Jones", "A, B and C". */
static char *names_list(struct arena *a, struct person *const *v, size_t n)
{
	struct buf b;
	buf_init(&b, 4096);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&b, i + 1 == n ? " and " : ", ");
		buf_puts(&b, v[i]->name);
	}
	char *s = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
	buf_release(&b);
	return s;
}

/* ---- links ---- */

static char *link_url(struct arena *a, const struct mail_config *cfg,
		      enum link_kind kind, int64_t person, int64_t group,
		      int outcome, int days, struct err *e)
{
	static const char *const paths[] = {"", "confirm", "me", "r", "u", "s"};
	char tok[LINK_TOKEN_MAX];
	struct link_claims c = {
		.kind = kind,
		.person_id = person,
		.group_id = group,
		.outcome = outcome,
		.expires = clock_now() + (time_t)days * 86400,
	};
	if (link_sign(&cfg->keys, &c, tok, e) < 0)
		return NULL;
	return arena_printf(a, "%s/%s/%s", cfg->base_url, paths[kind], tok);
}

/* ---- composition ---- */

#define MAXV 24

struct ctx {
	struct arena *a;
	const struct mail_config *cfg;
	struct mail_var v[MAXV];
	size_t nv;
	bool oom;       /* a text could not be built: the message fails */
};

static void var(struct ctx *c, const char *name, const char *text,
		const char *html, bool url)
{
	if (!text) /* its copy or its building ran out of memory */
		c->oom = true;
	for (size_t i = 0; i < c->nv; i++)
		if (!strcmp(c->v[i].name, name)) { /* a later value wins */
			c->v[i] = (struct mail_var){name, text ? text : "", html, url};
			return;
		}
	if (c->nv < MAXV)
		c->v[c->nv++] = (struct mail_var){name, text ? text : "", html, url};
}

/* The block describing the other members of a group, as text and HTML. */
static void others_block(struct ctx *c, struct person *const *o, size_t n)
{
	struct buf t, h;
	buf_init(&t, 1 << 16);
	buf_init(&h, 1 << 16);
	buf_puts(&h, "</p>\n<ul>");
	for (size_t i = 0; i < n; i++) {
		const struct person *p = o[i];
		buf_printf(&t, "* %s", p->name);
		buf_puts(&h, "<li><strong>");
		buf_html(&h, p->name);
		buf_puts(&h, "</strong>");
		if (*p->role || *p->organisation) {
			buf_puts(&t, ", ");
			buf_puts(&h, ", ");
			if (*p->role) {
				buf_puts(&t, p->role);
				buf_html(&h, p->role);
			}
			if (*p->role && *p->organisation) {
				buf_puts(&t, " at ");
				buf_puts(&h, " at ");
			}
			buf_puts(&t, p->organisation);
			buf_html(&h, p->organisation);
		}
		buf_printf(&t, "\n  Email: %s\n", p->email);
		buf_puts(&h, "<br>Email: <a href=\"mailto:");
		buf_html(&h, p->email);
		buf_puts(&h, "\">");
		buf_html(&h, p->email);
		buf_puts(&h, "</a>");
		if (*p->location) {
			buf_printf(&t, "  Based in: %s\n", p->location);
			buf_puts(&h, "<br>Based in: ");
			buf_html(&h, p->location);
		}
		if (*p->topics) {
			buf_puts(&t, "  Works on: ");
			buf_puts(&h, "<br>Works on: ");
			for (const char *s = p->topics; *s; s++) {
				if (*s == ';') {
					buf_puts(&t, ", ");
					buf_puts(&h, ", ");
				} else {
					buf_putc(&t, *s);
					char one[2] = {*s, 0};
					buf_html(&h, one);
				}
			}
			buf_putc(&t, '\n');
		}
		if (*p->intro) {
			buf_printf(&t, "  In their words: %s\n", p->intro);
			buf_puts(&h, "<br>In their words: <em>");
			for (const char *s = p->intro; *s; s++) {
				char one[2] = {*s == '\n' ? ' ' : *s, 0};
				buf_html(&h, one);
			}
			buf_puts(&h, "</em>");
		}
		buf_puts(&h, "</li>");
		if (i + 1 < n)
			buf_putc(&t, '\n');
	}
	buf_puts(&h, "</ul>\n<p>");
	if (buf_failed(&t) || buf_failed(&h)) {
		c->oom = true;
		buf_reset(&t);
		buf_reset(&h);
	}
	var(c, "others", arena_strdup(c->a, buf_str(&t)),
	    arena_strdup(c->a, buf_str(&h)), false);
	buf_release(&t);
	buf_release(&h);
}

static void message_id(struct buf *b, const struct mail_row *r,
		       const char *domain)
{
	buf_printf(b, "<cuppa.%lld.", (long long)r->id);
	for (const char *s = r->dedupe; *s; s++)
		buf_putc(b, isalnum((unsigned char)*s) ? *s : '.');
	buf_printf(b, "@%s>", domain);
}

/* Whether kind k may go to a person in state s. */
static bool may_receive(enum mail_kind k, enum person_status s)
{
	switch (s) {
	case PERSON_LEFT:
		/* asked only when the organiser ticked "include left" */
		return k == MAIL_SURVEY || k == MAIL_SURVEY_REMINDER;
	case PERSON_PENDING:
		return k == MAIL_CONFIRM;
	case PERSON_PAUSED:
		/* A pause applies from the next round: a group already
		 * published stands, so its introduction, reminder and
		 * check-in still go (README, Decisions: "Pausing"). */
		return k == MAIL_NUDGE || k == MAIL_SURVEY ||
		       k == MAIL_SURVEY_REMINDER || k == MAIL_INTRO ||
		       k == MAIL_REMINDER || k == MAIL_CHECKIN;
	default:
		return k != MAIL_CONFIRM;
	}
}

void mail_composer_init(struct mail_composer *mc, struct store *st,
			const struct mail_config *cfg)
{
	mc->st = st;
	mc->cfg = cfg;
	tz_cache_init(&mc->zones);
}

void mail_composer_release(struct mail_composer *mc)
{
	tz_cache_release(&mc->zones);
}

/* The welcome's variables: how they joined, the next round (from the
 * schedule, when the programme has one), who runs it, the privacy
 * summary. */
static int welcome_vars(struct ctx *c, struct mail_composer *mc,
			const struct programme *p, bool added, struct err *e)
{
	struct schedule s;
	struct schedule_slot sl;
	char *contact;
	var(c, "joined", added ? arena_printf(c->a, joined_added, p->name)
			       : joined_signup, NULL, false);
	var(c, "when", when_later, NULL, false);
	if (schedule_from_settings(p->settings, p->cadence_days, &s, e) < 0)
		return -1;
	struct tz *tmp = NULL;
	const struct tz *z = s.on ? tz_cache_get(&mc->zones, s.zone, &tmp) : NULL;
	if (z && schedule_next(&s, z, -1, (int64_t)clock_now(), &sl) == 0)
		var(c, "when", arena_printf(c->a, when_next,
					    schedule_local_words(c->a, z, sl.publish),
					    s.zone), NULL, false);
	tz_free(tmp);
	if (store_dash_organiser_contact(mc->st, p->id, c->a, &contact, e) < 0)
		return -1;
	var(c, "organiser", *contact ? arena_printf(c->a, organiser_contact, contact)
				     : organiser_none, NULL, false);
	var(c, "privacy", privacy, NULL, false);
	return 0;
}

int mail_compose(struct mail_composer *mc, const struct mail_row *r,
		 time_t date, struct arena *a, struct mail_message *out,
		 const char **skip, struct err *e)
{
	struct store *st = mc->st;
	const struct mail_config *cfg = mc->cfg;
	struct ctx c = {.a = a, .cfg = cfg};
	struct programme p;
	struct person who;
	struct round rd;
	struct person *members = NULL;
	enum outcome *outc = NULL;
	size_t nm = 0;
	enum mail_kind k;
	const char *ics = NULL;
	int ret = -1;
	struct buf m, tmp;

	/* mail preview composes rows that are not in the outbox yet, for a
	 * draft round too */
	bool preview = r->state && !strcmp(r->state, "preview");

	/* Out of memory anywhere below fails the message rather than send
	 * one with a part missing: copies into the arena are counted, not
	 * checked one by one, and so are zones that could not be loaded. */
	size_t failed = arena_failures(a), zones_oom = mc->zones.oom;
	*skip = NULL;
	if (r->kind && !strcmp(r->kind, "review")) /* to organisers */
		return mail_compose_review(mc, r, date, a, out, skip, e);
	buf_init(&m, 4 << 20);
	buf_init(&tmp, 4 << 20);
	if (mail_kind_parse(r->kind, &k) < 0) {
		err_set(e, ERR_INVALID, "unknown mail kind");
		goto done;
	}
	if (store_person_get_id(st, r->person_id, a, &who, e) < 0) {
		if (e->code == ERR_NOTFOUND) {
			*skip = "person gone";
			ret = 0;
		}
		goto done;
	}
	if (!may_receive(k, who.status)) {
		*skip = who.status == PERSON_LEFT     ? "person left"
			: who.status == PERSON_PAUSED ? "person paused"
						      : "person not active";
		ret = 0;
		goto done;
	}
	if (store_programme_get_id(st, r->programme_id, a, &p, e) < 0)
		goto done;

	var(&c, "name", who.name, NULL, false);
	var(&c, "first_name", first_word(a, who.name), NULL, false);
	var(&c, "programme", p.name, NULL, false);
	var(&c, "period", mail_period(p.cadence_days), NULL, false);
	const char *cad = mail_cadence(p.cadence_days);
	var(&c, "cadence",
	    cad ? cad : arena_printf(a, "every %d days", p.cadence_days), NULL,
	    false);
	const char *me = link_url(a, cfg, LINK_ME, who.id, 0, 0, LINK_DAYS_ME, e);
	const char *unsub = link_url(a, cfg, LINK_UNSUBSCRIBE, who.id, 0, 0,
				     LINK_DAYS_ME, e);
	if (!me || !unsub)
		goto done;
	var(&c, "me_link", me, NULL, true);
	var(&c, "unsubscribe_link", unsub, NULL, true);
	/* Someone an organiser added is welcomed before their first round,
	 * once: when an introduction is already waiting (a round was
	 * published before the welcome went), the welcome stays unsent and
	 * the first introduction says what it would have. */
	struct mail_welcome_state ws;
	if (store_mail_welcome_state(st, who.id, &ws, e) < 0)
		goto done;
	var(&c, "because", arena_printf(a, ws.added ? because_added : because_signup,
					p.name), NULL, false);
	if (k == MAIL_WELCOME && ws.added && (ws.intro_sent || ws.intro_queued)) {
		*skip = "welcomed by the first introduction";
		ret = 0;
		goto done;
	}
	bool lead = k == MAIL_INTRO && ws.added && !ws.welcome_sent &&
		    !ws.intro_sent;
	if ((k == MAIL_WELCOME || lead) && welcome_vars(&c, mc, &p, ws.added, e) < 0)
		goto done;
	if (k == MAIL_CONFIRM) {
		const char *cl = link_url(a, cfg, LINK_CONFIRM, who.id, 0, 0,
					  LINK_DAYS_CONFIRM, e);
		if (!cl)
			goto done;
		var(&c, "confirm_link", cl, NULL, true);
	}

	if (k == MAIL_SURVEY || k == MAIL_SURVEY_REMINDER) {
		const char *title;
		if (mail_survey_vars(st, r, k == MAIL_SURVEY_REMINDER, a, &title,
				     skip, e) < 0)
			goto done;
		if (*skip) {
			ret = 0;
			goto done;
		}
		var(&c, "survey", title, NULL, false);
		var(&c, "survey_link", link_url(a, cfg, LINK_SURVEY, who.id,
						strtoll(r->detail, NULL, 10), 0,
						SURVEY_LINK_DAYS, e),
		    NULL, true);
	}
	if (r->round_id) {
		if (store_mail_round(st, r->round_id, a, &rd, e) < 0)
			goto done;
		/* An introduction or reminder for a round that has moved on
		 * is stale; a check-in or nudge still makes sense. */
		bool stale = rd.state == ROUND_DRAFT
				     ? !preview
				     : rd.state == ROUND_CLOSED && k != MAIL_CHECKIN &&
					       k != MAIL_NUDGE;
		if (stale) {
			*skip = "round not published";
			ret = 0;
			goto done;
		}
		if (!*rd.deadline) { /* a draft in preview: as publishing would */
			char day[11], dl[11];
			clock_day(clock_now(), day);
			clock_add_days(day, p.cadence_days, dl);
			rd.deadline = arena_strdup(a, dl);
		}
		var(&c, "round", arena_printf(a, "%d", rd.number), NULL, false);
		var(&c, "deadline", day_words(a, rd.deadline), NULL, false);
		var(&c, "reason", r->detail ? r->detail : "", NULL, false);
		time_t dl, now = clock_now();
		if (clock_parse_day(rd.deadline, &dl) == 0) {
			long left = (long)((dl - now + 86399) / 86400);
			var(&c, "days_left",
			    left == 1 ? "one day"
				      : arena_printf(a, "%ld days", left < 0 ? 0 : left),
			    NULL, false);
		}
	}
	if (r->group_id) {
		struct person *others[3];
		const struct person *first = NULL;
		size_t no = 0;
		bool in_group = false;
		if (store_mail_group(st, r->group_id, a, &members, &outc, &nm, e) < 0)
			goto done;
		for (size_t i = 0; i < nm; i++) {
			if (members[i].id == who.id)
				in_group = true;
			else if (no < 3 && members[i].status != PERSON_LEFT)
				others[no++] = &members[i];
			/* The member with the lowest id who still takes mail
			 * makes first contact: a rule every member reads the
			 * same way, never someone who has left. */
			if (!first && members[i].status != PERSON_LEFT)
				first = &members[i];
		}
		if (!in_group || (no == 0 && k != MAIL_INTRO)) {
			*skip = "no longer in the group";
			ret = 0;
			goto done;
		}
		if (no == 0) {
			/* Everyone else left after publishing: say so instead
			 * of introducing nobody, and keep them for next time. */
			k = MAIL_UNPLACED;
			var(&c, "reason", reason_all_left, NULL, false);
			goto compose;
		}
		others_block(&c, others, no);
		const char *names = names_list(a, others, no);
		const char *fw = first ? first_word(a, first->name) : "";
		var(&c, "others_names", names, NULL, false);
		if (!fw)
			c.oom = true;
		if (!first || first->id == who.id)
			var(&c, "first_step",
			    arena_printf(a, first_step_go, names ? names : ""),
			    NULL, false);
		else
			var(&c, "first_step",
			    arena_printf(a, first_step_wait, fw ? fw : ""),
			    NULL, false);
		const char *met = link_url(a, cfg, LINK_OUTCOME, who.id, r->group_id,
					   OUTCOME_MET, LINK_DAYS_OUTCOME, e);
		const char *missed = link_url(a, cfg, LINK_OUTCOME, who.id,
					      r->group_id, OUTCOME_MISSED,
					      LINK_DAYS_OUTCOME, e);
		if (!met || !missed)
			goto done;
		var(&c, "met_link", met, NULL, true);
		var(&c, "missed_link", missed, NULL, true);

		var(&c, "everyone", everyone_words[no < 2 ? no : 2], NULL, false);

		if (k == MAIL_INTRO) {
			char *shared = NULL;
			if (no == 1 &&
			    store_challenge_shared(st, who.id, others[0]->id, a,
						   &shared, e) < 0)
				goto done;
			var(&c, "shared_challenge",
			    shared ? arena_printf(a, "You both face a challenge from "
						     "the board: \"%s\". It may be a "
						     "good place to start.\n\n", shared)
				   : "",
			    NULL, false);
		}
		if (k == MAIL_INTRO) {
			/* The slot depends only on the round and the group, so
			 * every member and every retry suggests the same one:
			 * a few working days out, in everyone's working hours. */
			const char *zones[3];
			time_t pub, dl;
			int64_t slot;
			for (size_t i = 0; i < nm; i++)
				zones[i] = members[i].timezone;
			if (clock_parse_instant(rd.published_at, &pub) < 0)
				pub = clock_now();
			if (clock_parse_day(rd.deadline, &dl) < 0 || dl <= pub)
				dl = pub + 14 * 86400;
			int64_t from = ics_working_days_after(pub, ICS_LEAD_WORKING_DAYS);
			if (from >= (int64_t)dl) /* a short round: the next day */
				from = fdiv((int64_t)pub, 86400) * 86400 + 86400;
			if (ics_pick_slot(from, (int64_t)dl + 86400, zones, nm,
					  &mc->zones, (uint64_t)r->group_id,
					  &slot, e) < 0)
				goto done;
			var(&c, "slot", slot_words(a, slot, who.timezone, &mc->zones),
			    NULL, false);
			struct buf with;
			buf_init(&with, 4096);
			for (size_t i = 0; i < no; i++)
				buf_printf(&with, "%s%s (%s)",
					   i == 0 ? "" : i + 1 == no ? " and " : ", ",
					   others[i]->name, others[i]->email);
			c.oom |= buf_failed(&with);
			struct ics_event ev = {
				.uid = arena_printf(a, "cuppa-r%lld-g%lld-p%lld@%s",
						    (long long)r->round_id,
						    (long long)r->group_id,
						    (long long)who.id, cfg->domain),
				.start = slot,
				.end = slot + ICS_SLOT_MINUTES * 60,
				.stamp = pub,
				.summary = arena_printf(a, ics_summary,
							names ? names : "", p.name),
				.description = arena_printf(
					a, ics_description, rd.number, p.name,
					buf_str(&with), everyone_words[no < 2 ? no : 2]),
			};
			buf_release(&with);
			buf_reset(&tmp);
			ics_write(&tmp, &ev);
			c.oom |= buf_failed(&tmp);
			ics = arena_strdup(a, buf_str(&tmp));
		}
	}

compose:;
	const char *subj_t = text_for(&p, k, "subject", a);
	const char *body_t = arena_printf(a, "%s%s%s", lead ? welcome_lead : "",
					  text_for(&p, k, "body", a), footer);
	char *subject, *text, *html;
	buf_reset(&tmp);
	if (mail_tmpl_render(&tmp, subj_t, c.v, c.nv, MAIL_TMPL_LINE, e) < 0)
		goto done;
	c.oom |= buf_failed(&tmp);
	subject = arena_strdup(a, buf_str(&tmp));
	buf_reset(&tmp);
	if (mail_tmpl_render(&tmp, body_t, c.v, c.nv, MAIL_TMPL_TEXT, e) < 0)
		goto done;
	c.oom |= buf_failed(&tmp);
	text = arena_strdup(a, buf_str(&tmp));
	buf_reset(&tmp);
	buf_puts(&tmp, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n"
		       "<body style=\"font-family:sans-serif;line-height:1.4\">\n<p>");
	if (mail_tmpl_render(&tmp, body_t, c.v, c.nv, MAIL_TMPL_HTML, e) < 0)
		goto done;
	buf_puts(&tmp, "</p>\n</body></html>\n");
	html = mime_html_tidy(a, buf_str(&tmp));
	if (!subject || !text || !html || buf_failed(&tmp)) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}

	buf_reset(&tmp);
	message_id(&tmp, r, cfg->domain);
	mime_message(&m, &(struct mime_parts){
		.id = (long long)r->id, .date = date, .from = cfg->from,
		.to_name = who.name, .to_addr = who.email, .subject = subject,
		.message_id = buf_str(&tmp), .kind = r->kind,
		.unsubscribe = unsub, .text = text, .html = html, .ics = ics});
	if (buf_failed(&m) || buf_failed(&tmp)) {
		err_set(e, ERR_INTERNAL, "message too large");
		goto done;
	}
	out->rcpt = arena_strdup(a, who.email);
	out->subject = subject;
	out->text = text;
	out->html = html;
	out->ics = ics;
	out->len = buf_len(&m);
	out->data = arena_strndup(a, buf_str(&m), out->len);
	if (!out->data || !out->rcpt || !subject || !text || !html || c.oom ||
	    arena_failures(a) != failed || mc->zones.oom != zones_oom) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	ret = 0;
done:
	buf_release(&m);
	buf_release(&tmp);
	return ret;
}
