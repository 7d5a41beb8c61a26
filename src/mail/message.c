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
#include "core/programme.h"
#include "core/survey.h"
#include "mail/ics.h"
#include "mail/mime.h"
#include "mail/notify.h"
#include "mail/review.h"
#include "mail/message_text.h"
#include "mail/template.h"
#include "core/schedule.h"
#include "store/store_challenge.h"
#include "store/store_dashboard.h"
#include "text/text.h"
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

static int64_t fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if (a % b && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static void message_id(struct buf *b, const struct mail_row *r,
		       const char *domain)
{
	buf_printf(b, "<cuppa.%lld.", (long long)r->id);
	for (const char *s = r->dedupe; *s; s++)
		buf_putc(b, isalnum((unsigned char)*s) ? *s : '.');
	buf_printf(b, "@%s>", domain);
}

/* What the welcome says besides its text: the next round (from the
 * schedule, when the programme has one) and who runs it. */
static int welcome_facts(struct mail_facts *f, struct mail_composer *mc,
			 const struct programme *p, struct arena *a,
			 struct err *e)
{
	struct schedule s;
	struct schedule_slot sl;
	char *contact;
	f->welcome = true;
	if (schedule_from_settings(p->settings, p->cadence_days, &s, e) < 0)
		return -1;
	struct tz *tmp = NULL;
	const struct tz *z = s.on ? tz_cache_get(&mc->zones, s.zone, &tmp) : NULL;
	if (z && schedule_next(&s, z, -1, (int64_t)clock_now(), &sl) == 0) {
		f->next_local = schedule_local_iso(a, z, sl.publish);
		f->next_zone = arena_strdup(a, s.zone);
	}
	tz_free(tmp);
	if (store_dash_organiser_contact(mc->st, p->id, a, &contact, e) < 0)
		return -1;
	f->contact = contact;
	return 0;
}

/* An unplaced row's detail, "CODE\tSENTENCE" or (rows queued before
 * codes) the sentence alone (mail_unplaced_detail), into f. */
static void unplaced_reason(struct mail_facts *f, struct arena *a,
			    const char *detail)
{
	const char *tab = strchr(detail, '\t');
	f->reason = tab ? tab + 1 : detail;
	f->reason_code = tab ? arena_strndup(a, detail, (size_t)(tab - detail)) : "";
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

int mail_compose(struct mail_composer *mc, const struct mail_row *r,
		 time_t date, struct arena *a, struct mail_message *out,
		 const char **skip, struct err *e)
{
	struct store *st = mc->st;
	const struct mail_config *cfg = mc->cfg;
	struct mail_vars c = {.a = a};
	struct ics_event ev = {0};
	bool want_ics = false;
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

	struct mail_facts f = {.kind = k, .p = &p, .who = &who, .days_left = -1};
	struct person *others[3];
	mail_vars_set(&c, "name", who.name, NULL, false);
	mail_vars_set(&c, "first_name", mail_first_word(a, who.name), NULL, false);
	mail_vars_set(&c, "programme", p.name, NULL, false);
	const char *me = link_url(a, cfg, LINK_ME, who.id, 0, 0, LINK_DAYS_ME, e);
	const char *unsub = link_url(a, cfg, LINK_UNSUBSCRIBE, who.id, 0, 0,
				     LINK_DAYS_ME, e);
	if (!me || !unsub)
		goto done;
	mail_vars_set(&c, "me_link", me, NULL, true);
	mail_vars_set(&c, "unsubscribe_link", unsub, NULL, true);
	/* Someone an organiser added is welcomed before their first round,
	 * once: when an introduction is already waiting (a round was
	 * published before the welcome went), the welcome stays unsent and
	 * the first introduction says what it would have. */
	struct mail_welcome_state ws;
	if (store_mail_welcome_state(st, who.id, &ws, e) < 0)
		goto done;
	f.added = ws.added;
	if (k == MAIL_WELCOME && ws.added && (ws.intro_sent || ws.intro_queued)) {
		*skip = "welcomed by the first introduction";
		ret = 0;
		goto done;
	}
	bool lead = k == MAIL_INTRO && ws.added && !ws.welcome_sent &&
		    !ws.intro_sent;
	if ((k == MAIL_WELCOME || lead) && welcome_facts(&f, mc, &p, a, e) < 0)
		goto done;
	if (k == MAIL_CONFIRM) {
		const char *cl = link_url(a, cfg, LINK_CONFIRM, who.id, 0, 0,
					  LINK_DAYS_CONFIRM, e);
		if (!cl)
			goto done;
		mail_vars_set(&c, "confirm_link", cl, NULL, true);
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
		f.survey = title;
		mail_vars_set(&c, "survey_link", link_url(a, cfg, LINK_SURVEY, who.id,
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
		mail_vars_set(&c, "round", arena_printf(a, "%d", rd.number), NULL, false);
		f.round = true;
		f.round_no = rd.number;
		f.deadline = rd.deadline;
		if (k == MAIL_UNPLACED && r->detail && *r->detail)
			unplaced_reason(&f, a, r->detail);
		time_t dl, now = clock_now();
		if (clock_parse_day(rd.deadline, &dl) == 0) {
			long left = (long)((dl - now + 86399) / 86400);
			f.days_left = left < 0 ? 0 : left;
		}
	}
	if (r->group_id) {
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
			f.kind = k;
			f.all_left = true;
			goto compose;
		}
		f.group = true;
		f.others = others;
		f.no = no;
		f.first = first;
		const char *met = link_url(a, cfg, LINK_OUTCOME, who.id, r->group_id,
					   OUTCOME_MET, LINK_DAYS_OUTCOME, e);
		const char *missed = link_url(a, cfg, LINK_OUTCOME, who.id,
					      r->group_id, OUTCOME_MISSED,
					      LINK_DAYS_OUTCOME, e);
		if (!met || !missed)
			goto done;
		mail_vars_set(&c, "met_link", met, NULL, true);
		mail_vars_set(&c, "missed_link", missed, NULL, true);

		if (k == MAIL_INTRO) {
			char *shared = NULL;
			if (no == 1 &&
			    store_challenge_shared(st, who.id, others[0]->id, a,
						   &shared, e) < 0)
				goto done;
			f.shared = shared;
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
			f.has_slot = true;
			f.slot = slot;
			ev = (struct ics_event){
				.uid = arena_printf(a, "cuppa-r%lld-g%lld-p%lld@%s",
						    (long long)r->round_id,
						    (long long)r->group_id,
						    (long long)who.id, cfg->domain),
				.start = slot,
				.end = slot + ICS_SLOT_MINUTES * 60,
				.stamp = pub,
			};
			want_ics = true;
		}
	}

compose:;
	/* One block per language the reader gets, their own first
	 * (message_text.h, mail_langs); a one-language programme sends one. */
	struct lang_list langs;
	struct buf subj, text_b, html_b, sum, desc, alarm;
	mail_langs(&p, &who, &langs);
	struct lang_list plangs;
	programme_languages(&p, &plangs);
	buf_init(&subj, 4096);
	buf_init(&text_b, 4 << 20);
	buf_init(&html_b, 4 << 20);
	buf_init(&sum, 4096);
	buf_init(&desc, 16384);
	buf_init(&alarm, 256);
	struct buf *const parts[] = {&subj, &text_b, &html_b, &sum, &desc, &alarm};
	const size_t nparts = sizeof parts / sizeof parts[0];
	buf_printf(&html_b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
		   "charset=\"utf-8\"></head>\n<body style=\"font-family:"
		   "sans-serif;line-height:1.4\">\n", lang_code(langs.v[0]));
	for (int li = 0; li < langs.n; li++) {
		enum lang l = langs.v[li];
		bool main_lang = l == plangs.v[0];
		struct mail_vars lv = {.a = a};
		memcpy(lv.v, c.v, c.n * sizeof c.v[0]);
		lv.n = c.n;
		mail_lang_vars(&lv, l, &f, &mc->zones);
		c.oom |= lv.oom;
		const char *subj_t = mail_text_for(&p, k, "subject", l, main_lang, a);
		const char *body_t = arena_printf(a, "%s%s\n\n--\n%s",
						  lead ? mail_welcome_lead(l) : "",
						  mail_text_for(&p, k, "body", l,
								main_lang, a),
						  mail_footer(l));
		if (li) {
			buf_puts(&subj, " / ");
			buf_puts(&text_b, "\n\n* * *\n\n");
			buf_puts(&html_b, "<hr>\n");
			buf_puts(&sum, " / ");
			buf_puts(&desc, "\n\n");
			buf_puts(&alarm, " / ");
		}
		if (mail_tmpl_render(&subj, subj_t, lv.v, lv.n, MAIL_TMPL_LINE, e) < 0 ||
		    mail_tmpl_render(&text_b, body_t, lv.v, lv.n, MAIL_TMPL_TEXT, e) < 0)
			goto lang_fail;
		buf_reset(&tmp);
		if (mail_tmpl_render(&tmp, body_t, lv.v, lv.n, MAIL_TMPL_HTML, e) < 0)
			goto lang_fail;
		if (li)
			buf_printf(&html_b, "<div lang=\"%s\">\n", lang_code(l));
		buf_printf(&html_b, "<p>%s</p>\n", buf_str(&tmp));
		if (li)
			buf_puts(&html_b, "</div>\n");
		if (want_ics) {
			const char *names = NULL;
			for (size_t i = 0; i < lv.n; i++)
				if (!strcmp(lv.v[i].name, "others_names"))
					names = lv.v[i].text;
			const char *with = mail_with_list(a, l, f.others, f.no);
			const char *su = mail_ics_summary(a, l, names ? names : "",
							  p.name);
			const char *de = with ? mail_ics_description(a, l, rd.number,
								     p.name, with, f.no)
					      : NULL;
			if (!su || !de) {
				c.oom = true;
			} else {
				buf_puts(&sum, su);
				buf_puts(&desc, de);
				buf_puts(&alarm, T_(l, "Reminder"));
			}
		}
		continue;
	lang_fail:
		for (size_t i = 0; i < nparts; i++)
			buf_release(parts[i]);
		goto done;
	}
	buf_puts(&html_b, "</body></html>\n");
	c.oom |= buf_failed(&tmp);
	for (size_t i = 0; i < nparts; i++)
		c.oom |= buf_failed(parts[i]);
	char *subject = arena_strdup(a, buf_str(&subj));
	char *text = arena_strdup(a, buf_str(&text_b));
	char *html = mime_html_tidy(a, buf_str(&html_b));
	if (want_ics) {
		ev.summary = arena_strdup(a, buf_str(&sum));
		ev.description = arena_strdup(a, buf_str(&desc));
		ev.alarm = arena_strdup(a, buf_str(&alarm));
		buf_reset(&tmp);
		ics_write(&tmp, &ev);
		c.oom |= buf_failed(&tmp);
		ics = arena_strdup(a, buf_str(&tmp));
	}
	for (size_t i = 0; i < nparts; i++)
		buf_release(parts[i]);
	if (!subject || !text || !html || c.oom) {
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
