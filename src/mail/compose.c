/*
 * compose: the pure steps of composing a message (compose.h): deciding
 * what it is from what the store said, and rendering its words through
 * the page template engine (text/tmpl.h) in every language the reader
 * gets.  No store, no network, no clock but the `now` given.
 */
#include "mail/compose.h"

#include <stdlib.h>
#include <string.h>

#include "mail/mime.h"
#include "util/buf.h"
#include "util/clock.h"

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

/* The round's facts: its number, deadline and days left. */
static void round_facts(const struct mail_row *r, const struct mail_loaded *ld,
			time_t now, struct mail_facts *f)
{
	f->round = true;
	f->round_no = ld->rd.number;
	f->deadline = ld->rd.deadline;
	if (!*ld->rd.deadline) { /* a draft in preview: as publishing would */
		char day[11];
		clock_day(now, day);
		clock_add_days(day, ld->p.cadence_days, f->deadline_buf);
		f->deadline = f->deadline_buf;
	}
	/* "CODE\tSENTENCE" (mail_unplaced_detail), said in each language
	 * when filled */
	if (f->kind == MAIL_UNPLACED && r->detail && *r->detail)
		f->reason = r->detail;
	time_t dl;
	if (clock_parse_day(f->deadline, &dl) == 0) {
		long left = (long)((dl - now + 86399) / 86400);
		f->days_left = left < 0 ? 0 : left;
	}
}

void mail_decide(const struct mail_row *r, enum mail_kind k,
		 const struct mail_loaded *ld, bool preview, time_t now,
		 struct mail_facts *f, const char **skip)
{
	const struct person *who = &ld->who;
	*f = (struct mail_facts){.kind = k, .p = &ld->p, .who = who,
				 .days_left = -1, .added = ld->ws.added,
				 .survey = ld->survey};
	*skip = NULL;
	if (!may_receive(k, who->status)) {
		*skip = who->status == PERSON_LEFT     ? "person left"
			: who->status == PERSON_PAUSED ? "person paused"
						       : "person not active";
		return;
	}
	/* Someone an organiser added is welcomed before their first round,
	 * once: when an introduction is already waiting (a round was
	 * published before the welcome went), the welcome stays unsent and
	 * the first introduction says what it would have. */
	if (k == MAIL_WELCOME && ld->ws.added &&
	    (ld->ws.intro_sent || ld->ws.intro_queued)) {
		*skip = "welcomed by the first introduction";
		return;
	}
	f->lead = k == MAIL_INTRO && ld->ws.added && !ld->ws.welcome_sent &&
		  !ld->ws.intro_sent;
	f->welcome = k == MAIL_WELCOME || f->lead;
	if (ld->has_round) {
		/* An introduction or reminder for a round that has moved on
		 * is stale; a check-in or nudge still makes sense. */
		bool stale = ld->rd.state == ROUND_DRAFT
				     ? !preview
				     : ld->rd.state == ROUND_CLOSED && k != MAIL_CHECKIN &&
					       k != MAIL_NUDGE;
		if (stale) {
			*skip = "round not published";
			return;
		}
		round_facts(r, ld, now, f);
	}
	if (!ld->members)
		return;
	bool in_group = false;
	for (size_t i = 0; i < ld->nm; i++) {
		const struct person *m = &ld->members[i];
		if (m->id == who->id)
			in_group = true;
		else if (f->no < 3 && m->status != PERSON_LEFT)
			f->others[f->no++] = m;
		/* The member with the lowest id who still takes mail makes
		 * first contact: a rule every member reads the same way,
		 * never someone who has left. */
		if (!f->first && m->status != PERSON_LEFT)
			f->first = m;
	}
	if (!in_group || (f->no == 0 && k != MAIL_INTRO)) {
		*skip = "no longer in the group";
		return;
	}
	if (f->no == 0) {
		/* Everyone else left after publishing: say so instead of
		 * introducing nobody, and keep them for next time (a first
		 * introduction's welcome words stay: no welcome went). */
		f->kind = MAIL_UNPLACED;
		f->all_left = true;
		f->first = NULL;
		return;
	}
	f->group = true;
}

/* ---- render ---- */

int mail_tmpl(struct buf *out, const char *tpl, const struct tv *d,
	      enum lang l, enum tmpl_mode mode, bool line, struct err *e)
{
	size_t from = buf_len(out);
	if (tmpl_render_mode(out, tpl, d, l, mode, e) < 0)
		return -1;
	if (line)
		for (char *c = (char *)buf_str(out) + from; *c; c++)
			if (*c == '\r' || *c == '\n')
				*c = ' ';
	return 0;
}

/* The HTML part: each language's body (made by mail_tmpl in
 * TMPL_TEXT_HTML, so already escaped: {{&body}}), the second after a rule
 * and marked with its language; the subject as its title. */
static const char html_frame[] =
	"<!DOCTYPE html>\n<html lang=\"{{lang}}\"><head><meta charset=\"utf-8\">"
	"<title>{{title}}</title></head>\n<body style=\"font-family:sans-serif;"
	"line-height:1.4;overflow-wrap:anywhere\">\n" /* long links wrap on a phone */
	"{{#parts}}{{#other}}<hr>\n<div lang=\"{{lang}}\">\n{{/other}}"
	"<p>{{&body}}</p>\n{{#other}}</div>\n{{/other}}{{/parts}}"
	"</body></html>\n";

int mail_render(const struct mail_facts *f, const struct lang_list *langs,
		enum lang main, struct tz_cache *zones, struct arena *a,
		struct mail_words *out, struct err *e)
{
	bool ics = f->kind == MAIL_INTRO && f->group, oom = false;
	struct buf subj, text, html, body, sum, desc, alarm;
	struct buf *const parts[] = {&subj, &text, &html, &body, &sum, &desc, &alarm};
	const size_t nparts = sizeof parts / sizeof parts[0];
	int ret = -1;
	buf_init(&subj, 4096);
	buf_init(&text, 4 << 20);
	buf_init(&html, 4 << 20);
	buf_init(&body, 4 << 20);
	buf_init(&sum, 4096);
	buf_init(&desc, 16384);
	buf_init(&alarm, 256);
	struct tv *frame = tv_obj(a), *fparts = tv_list(a);
	tv_set(frame, "lang", lang_code(langs->v[0]));
	tv_set_tv(frame, "parts", fparts);
	oom = !frame || !fparts;
	for (int li = 0; !oom && li < langs->n; li++) {
		enum lang l = langs->v[li];
		bool main_lang = l == main;
		struct tv *d = tv_obj(a);
		if (!d) {
			oom = true;
			break;
		}
		mail_fill(d, l, f, zones, &oom);
		const char *subj_t = mail_text_for(f->p, f->kind, "subject", l,
						   main_lang, a);
		const char *body_t = arena_printf(a, "%s%s\n\n--\n%s",
						  f->lead ? mail_welcome_lead(l) : "",
						  mail_text_for(f->p, f->kind, "body", l,
								main_lang, a),
						  mail_footer(l));
		if (!subj_t || !body_t) {
			oom = true;
			break;
		}
		if (li) {
			buf_puts(&subj, " / ");
			buf_puts(&text, "\n\n* * *\n\n");
			buf_puts(&sum, " / ");
			buf_puts(&desc, "\n\n");
			buf_puts(&alarm, " / ");
		}
		buf_reset(&body);
		if (mail_tmpl(&subj, subj_t, d, l, TMPL_TEXT, true, e) < 0 ||
		    mail_tmpl(&text, body_t, d, l, TMPL_TEXT, false, e) < 0 ||
		    mail_tmpl(&body, body_t, d, l, TMPL_TEXT_HTML, false, e) < 0)
			goto done;
		struct tv *part = tv_push(fparts);
		if (!part || buf_failed(&body)) {
			oom = true;
			break;
		}
		tv_set(part, "lang", lang_code(l));
		tv_set_bool(part, "other", li > 0);
		tv_set(part, "body", buf_str(&body));
		if (ics) {
			const char *su = mail_ics_summary(a, l, f);
			const char *de = mail_ics_description(a, l, f);
			if (!su || !de) {
				oom = true;
				break;
			}
			buf_puts(&sum, su);
			buf_puts(&desc, de);
			buf_puts(&alarm, T_(l, "Reminder"));
		}
	}
	/* a screen reader names the message by its title: the subject */
	if (!oom && !buf_failed(&subj))
		tv_set(frame, "title", buf_str(&subj));
	if (!oom && tmpl_render_mode(&html, html_frame, frame, langs->v[0],
				     TMPL_HTML, e) < 0)
		goto done;
	for (size_t i = 0; i < nparts; i++)
		oom |= buf_failed(parts[i]);
	*out = (struct mail_words){0};
	if (!oom) {
		out->subject = arena_strdup(a, buf_str(&subj));
		out->text = arena_strdup(a, buf_str(&text));
		out->html = mime_html_tidy(a, buf_str(&html));
		if (ics) {
			out->ics_summary = arena_strdup(a, buf_str(&sum));
			out->ics_description = arena_strdup(a, buf_str(&desc));
			out->ics_alarm = arena_strdup(a, buf_str(&alarm));
		}
		oom = !out->subject || !out->text || !out->html ||
		      (ics && (!out->ics_summary || !out->ics_description ||
			       !out->ics_alarm));
	}
	ret = oom ? err_set(e, ERR_INTERNAL, "out of memory") : 0;
done:
	for (size_t i = 0; i < nparts; i++)
		buf_release(parts[i]);
	return ret;
}
