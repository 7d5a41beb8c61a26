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
 *
 * mail_compose runs the steps of compose.h: the store's reads and the
 * MIME are here, deciding and rendering in compose.c, the words and
 * their filling in message_text.c.
 */
#include "mail/mail.h"

#include <ctype.h>
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
#include "mail/compose.h"
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
		      int outcome, time_t expires, struct err *e)
{
	static const char *const paths[] = {"", "confirm", "me", "r", "u", "s"};
	char tok[LINK_TOKEN_MAX];
	struct link_claims c = {
		.kind = kind,
		.person_id = person,
		.group_id = group,
		.outcome = outcome,
		.expires = expires,
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
			 const struct programme *p, time_t now,
			 struct arena *a, struct err *e)
{
	struct schedule s;
	struct schedule_slot sl;
	char *contact;
	if (schedule_from_settings(p->settings, p->cadence_days, &s, e) < 0)
		return -1;
	struct tz *tmp = NULL;
	const struct tz *z = s.on ? tz_cache_get(&mc->zones, s.zone, &tmp) : NULL;
	if (z && schedule_next(&s, z, -1, (int64_t)now, &sl) == 0) {
		f->next_local = schedule_local_iso(a, z, sl.publish);
		f->next_zone = arena_strdup(a, s.zone);
	}
	tz_free(tmp);
	if (store_dash_organiser_contact(mc->st, p->id, a, &contact, e) < 0)
		return -1;
	f->contact = contact;
	return 0;
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

/* load: what the store says about row r of kind k.  0 with *skip set
 * when what it is about is gone (the person, the survey). */
static int load(struct store *st, const struct mail_row *r, enum mail_kind k,
		struct arena *a, struct mail_loaded *ld, const char **skip,
		struct err *e)
{
	memset(ld, 0, sizeof *ld);
	if (store_person_get_id(st, r->person_id, a, &ld->who, e) < 0) {
		if (e->code != ERR_NOTFOUND)
			return -1;
		*skip = "person gone";
		return 0;
	}
	if (store_programme_get_id(st, r->programme_id, a, &ld->p, e) < 0 ||
	    store_mail_welcome_state(st, ld->who.id, &ld->ws, e) < 0)
		return -1;
	if ((k == MAIL_SURVEY || k == MAIL_SURVEY_REMINDER) &&
	    (mail_survey_vars(st, r, k == MAIL_SURVEY_REMINDER, a, &ld->survey,
			      skip, e) < 0 || *skip))
		return *skip ? 0 : -1;
	if (r->round_id) {
		if (store_mail_round(st, r->round_id, a, &ld->rd, e) < 0)
			return -1;
		ld->has_round = true;
	}
	if (r->group_id) {
		enum outcome *outc;
		if (store_mail_group(st, r->group_id, a, &ld->members, &outc, &ld->nm,
				     e) < 0)
			return -1;
	}
	return 0;
}

/* The reads a decision asks for: the welcome's next round and
 * organiser, a challenge a pair shares on the board. */
static int load_more(struct mail_composer *mc, const struct mail_loaded *ld,
		     struct mail_facts *f, time_t now, struct arena *a,
		     struct err *e)
{
	char *shared = NULL;
	if (f->welcome && welcome_facts(f, mc, &ld->p, now, a, e) < 0)
		return -1;
	if (f->kind == MAIL_INTRO && f->group && f->no == 1) {
		if (store_challenge_shared(mc->st, ld->who.id, f->others[0]->id, a,
					   &shared, e) < 0)
			return -1;
		f->shared = shared;
	}
	return 0;
}

/* The signed links the message carries, valid from now. */
static int sign_links(const struct mail_config *cfg, const struct mail_row *r,
		      struct mail_facts *f, time_t now, struct arena *a,
		      struct err *e)
{
	int64_t id = f->who->id;
	time_t me = now + (time_t)LINK_DAYS_ME * 86400;
	f->me_link = link_url(a, cfg, LINK_ME, id, 0, 0, me, e);
	f->unsubscribe_link = link_url(a, cfg, LINK_UNSUBSCRIBE, id, 0, 0, me, e);
	if (!f->me_link || !f->unsubscribe_link)
		return -1;
	if (f->kind == MAIL_CONFIRM &&
	    !(f->confirm_link = link_url(a, cfg, LINK_CONFIRM, id, 0, 0,
					 now + (time_t)LINK_DAYS_CONFIRM * 86400,
					 e)))
		return -1;
	if ((f->kind == MAIL_SURVEY || f->kind == MAIL_SURVEY_REMINDER) &&
	    !(f->survey_link = link_url(a, cfg, LINK_SURVEY, id,
					strtoll(r->detail, NULL, 10), 0,
					now + (time_t)SURVEY_LINK_DAYS * 86400,
					e)))
		return -1;
	if (!f->group)
		return 0;
	time_t outcome = now + (time_t)LINK_DAYS_OUTCOME * 86400;
	f->met_link = link_url(a, cfg, LINK_OUTCOME, id, r->group_id, OUTCOME_MET,
			       outcome, e);
	f->missed_link = link_url(a, cfg, LINK_OUTCOME, id, r->group_id,
				  OUTCOME_MISSED, outcome, e);
	return f->met_link && f->missed_link ? 0 : -1;
}

/* The introduction's suggested slot and its calendar entry.  The slot
 * depends only on the round and the group, so every member and every
 * retry suggests the same one: a few working days out, in everyone's
 * working hours. */
static int plan_slot(struct mail_composer *mc, const struct mail_row *r,
		     const struct mail_loaded *ld, struct mail_facts *f,
		     time_t now, struct arena *a, struct ics_event *ev,
		     struct err *e)
{
	const char *zones[3];
	time_t pub, dl;
	int64_t slot;
	size_t nz = ld->nm < 3 ? ld->nm : 3;
	for (size_t i = 0; i < nz; i++)
		zones[i] = ld->members[i].timezone;
	if (clock_parse_instant(ld->rd.published_at, &pub) < 0)
		pub = now; /* a draft's preview */
	if (clock_parse_day(f->deadline, &dl) < 0 || dl <= pub)
		dl = pub + 14 * 86400;
	int64_t from = ics_working_days_after(pub, ICS_LEAD_WORKING_DAYS);
	if (from >= (int64_t)dl) /* a short round: the next day */
		from = fdiv((int64_t)pub, 86400) * 86400 + 86400;
	if (ics_pick_slot(from, (int64_t)dl + 86400, zones, nz, &mc->zones,
			  (uint64_t)r->group_id, &slot, e) < 0)
		return -1;
	f->has_slot = true;
	f->slot = slot;
	*ev = (struct ics_event){
		.uid = arena_printf(a, "cuppa-r%lld-g%lld-p%lld@%s",
				    (long long)r->round_id, (long long)r->group_id,
				    (long long)f->who->id, mc->cfg->domain),
		.start = slot,
		.end = slot + ICS_SLOT_MINUTES * 60,
		.stamp = pub,
	};
	return 0;
}

int mail_compose(struct mail_composer *mc, const struct mail_row *r,
		 time_t date, struct arena *a, struct mail_message *out,
		 const char **skip, struct err *e)
{
	const struct mail_config *cfg = mc->cfg;
	struct mail_loaded ld;
	struct mail_facts f;
	struct mail_words w;
	struct ics_event ev = {0};
	struct lang_list langs, plangs;
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
	if (mail_kind_parse(r->kind, &k) < 0)
		return err_set(e, ERR_INVALID, "unknown mail kind");
	if (load(mc->st, r, k, a, &ld, skip, e) < 0 || *skip)
		return *skip ? 0 : -1;
	mail_decide(r, k, &ld, preview, date, &f, skip);
	if (*skip)
		return 0;
	bool want_ics = f.kind == MAIL_INTRO && f.group;
	if (load_more(mc, &ld, &f, date, a, e) < 0 ||
	    sign_links(cfg, r, &f, date, a, e) < 0 ||
	    (want_ics && plan_slot(mc, r, &ld, &f, date, a, &ev, e) < 0))
		return -1;

	/* One block per language the reader gets, their own first
	 * (mail_langs); a one-language programme sends one. */
	mail_langs(&ld.p, &ld.who, &langs);
	programme_languages(&ld.p, &plangs);
	if (mail_render(&f, &langs, plangs.v[0], &mc->zones, a, &w, e) < 0)
		return -1;

	buf_init(&m, 4 << 20);
	buf_init(&tmp, 4 << 20);
	if (want_ics) {
		ev.summary = w.ics_summary;
		ev.description = w.ics_description;
		ev.alarm = w.ics_alarm;
		ics_write(&tmp, &ev);
		ics = buf_failed(&tmp) ? NULL : arena_strdup(a, buf_str(&tmp));
		if (!ics) {
			err_set(e, ERR_INTERNAL, "out of memory");
			goto done;
		}
	}
	buf_reset(&tmp);
	message_id(&tmp, r, cfg->domain);
	mime_message(&m, &(struct mime_parts){
		.id = (long long)r->id, .date = date, .from = cfg->from,
		.to_name = ld.who.name, .to_addr = ld.who.email,
		.subject = w.subject, .message_id = buf_str(&tmp), .kind = r->kind,
		.unsubscribe = f.unsubscribe_link, .text = w.text, .html = w.html,
		.ics = ics});
	if (buf_failed(&m) || buf_failed(&tmp)) {
		err_set(e, ERR_INTERNAL, "message too large");
		goto done;
	}
	out->rcpt = arena_strdup(a, ld.who.email);
	out->subject = w.subject;
	out->text = w.text;
	out->html = w.html;
	out->ics = ics;
	out->len = buf_len(&m);
	out->data = arena_strndup(a, buf_str(&m), out->len);
	if (!out->data || !out->rcpt || arena_failures(a) != failed ||
	    mc->zones.oom != zones_oom) {
		err_set(e, ERR_INTERNAL, "out of memory");
		goto done;
	}
	ret = 0;
done:
	buf_release(&m);
	buf_release(&tmp);
	return ret;
}
