/* app_participant: see app_participant.h. */
#include "app/app_participant.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/person.h"
#include "text/text.h"
#include "mail/notify.h"
#include "store/store_dashboard.h"
#include "store/store_mail.h"
#include "store/store_access.h"
#include "store/store_participant.h"
#include "util/clock.h"

struct field_rule {
	const char *name;
	const char *label;
	bool required;
	size_t max;
};

static const struct field_rule rules[] = {
	{"name", N_("Name"), true, NAME_MAX_LEN},
	{"email", N_("Email"), true, EMAIL_MAX},
	{"organisation", N_("Organisation"), true, NAME_MAX_LEN},
	{"sector", N_("Sector"), false, NAME_MAX_LEN},
	{"role", N_("Role"), false, NAME_MAX_LEN},
	{"location", N_("Location"), false, NAME_MAX_LEN},
	{"timezone", N_("Time zone"), false, 64},
	{"topics", N_("Topics"), false, TEXT_MAX},
	{"intro", N_("About you"), false, TEXT_MAX},
	{NULL, NULL, false, 0},
};

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[]\\,;:\"", *p))
			return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}

int app_participant_check_field(const char *field, const char *value,
			       enum lang lang, struct err *e)
{
	const struct field_rule *r;
	const char *label;
	for (r = rules; r->name; r++)
		if (strcmp(r->name, field) == 0)
			break;
	if (!r->name)
		return err_field(e, ERR_INVALID, field, "unknown field");
	if (!value)
		value = "";
	label = T_(lang, r->label);
	if (r->required && !*value)
		return err_field(e, ERR_INVALID, field, T_(lang, "%s is required."),
				 label);
	if (strlen(value) > r->max)
		return err_field(e, ERR_INVALID, field,
				 T_(lang, "%s is too long (at most %zu characters)."),
				 label, r->max);
	if (strcmp(field, "email") == 0) {
		char norm[EMAIL_MAX + 1];
		if (!email_ok(value) ||
		    person_email_normalise(value, norm, NULL) < 0)
			return err_field(e, ERR_INVALID, field, "%s",
					 T_(lang, "Enter an email address like name@example.org."));
	}
	if (!person_text_ok(value, strcmp(field, "intro") == 0))
		return err_field(e, ERR_INVALID, field,
				 T_(lang, "%s contains characters we cannot accept."),
				 label);
	if (strcmp(field, "intro") != 0 && strcmp(field, "topics") != 0 &&
	    strpbrk(value, "\r\n"))
		return err_field(e, ERR_INVALID, field,
				 T_(lang, "%s must be on one line."), label);
	return 0;
}

static int check_all(const struct person *p, struct err *e)
{
	const char *v[] = {p->name, p->email, p->organisation, p->sector,
			   p->role, p->location, p->timezone, p->topics,
			   p->intro};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (app_participant_check_field(rules[i].name, v[i], LANG_EN, e) < 0)
			return -1;
	return person_validate(p, e);
}

struct web_signup {
	struct person *p;
	const char *email;
	bool existed;
};

static int web_signup(struct app_tx *tx, void *arg, struct err *e)
{
	struct web_signup *w = arg;
	struct person *p = w->p, old;
	struct programme pr;
	bool created = false;
	int rc;
	if (store_programme_get_id(tx->st, p->programme_id, tx->a, &pr, e) < 0)
		return -1;
	if (store_person_get(tx->st, p->programme_id, w->email, tx->a, &old,
			     e) == 0) {
		w->existed = true;
		p->id = old.id;
		p->status = old.status;
		/* Still pending: send the confirm link again (the hook sends at
		 * most one an hour).  Otherwise nothing changes. */
		return old.status == PERSON_PENDING
			       ? mail_enqueue_confirm(tx->st, &pr, &old, e) : 0;
	}
	if (e->code != ERR_NOTFOUND)
		return -1;
	err_clear(e);
	p->email = (char *)w->email;
	p->status = PERSON_PENDING;
	p->paused_until = "";
	p->joined = NULL;
	/* The core's rules (app_person_add) decide what a valid person is. */
	rc = app_person_add(tx->st, &pr, p, &created, e);
	p->email = (char *)w->email;
	if (rc == 0)
		rc = mail_enqueue_confirm(tx->st, &pr, p, e);
	p->email = NULL;
	tx->au->programme_id = p->programme_id;
	tx->au->action = "signup";
	return rc;
}

int app_participant_signup(struct store *st, struct person *p, bool *existed,
		   struct err *e)
{
	char email[EMAIL_MAX + 1];
	struct web_signup w = {p, email, false};
	struct app_audit au = {.actor = "self"};
	if (check_all(p, e) < 0 ||
	    person_email_normalise(p->email, email, e) < 0 ||
	    app_tx(st, web_signup, &w, &au, e) < 0)
		return -1;
	*existed = w.existed;
	return 0;
}

static int web_confirm(struct app_tx *tx, void *arg, struct err *e)
{
	int64_t person_id = *(const int64_t *)arg;
	struct person p;
	struct programme pr;
	if (store_person_get_id(tx->st, person_id, tx->a, &p, e) < 0)
		return -1;
	if (p.status != PERSON_PENDING)
		return 0;
	if (store_programme_get_id(tx->st, p.programme_id, tx->a, &pr, e) < 0 ||
	    store_person_set_status(tx->st, person_id, PERSON_ACTIVE, NULL, e) < 0 ||
	    mail_enqueue_welcome(tx->st, &pr, &p, e) < 0)
		return -1;
	tx->au->programme_id = p.programme_id;
	tx->au->action = "confirm";
	return 0;
}

int app_participant_confirm(struct store *st, int64_t person_id, struct err *e)
{
	struct app_audit au = {.actor = "self"};
	return app_tx(st, web_confirm, &person_id, &au, e);
}

struct person_act {
	int64_t person_id;
	enum app_participant_action act;
	const char *until;
};

static int person_act(struct app_tx *tx, void *arg, struct err *e)
{
	struct person_act *pa = arg;
	const char *until = pa->until;
	struct person p;
	enum person_status to;
	char today[11];
	time_t t;
	if (store_person_get_id(tx->st, pa->person_id, tx->a, &p, e) < 0)
		return -1;
	if (p.status == PERSON_PENDING)
		return err_set(e, ERR_CONFLICT, N_("Please confirm your sign-up first."));
	switch (pa->act) {
	case APP_SKIP:
		if (p.status == PERSON_LEFT)
			return err_set(e, ERR_CONFLICT,
				       N_("You have left this programme."));
		to = PERSON_SKIP_NEXT;
		until = NULL;
		break;
	case APP_PAUSE:
		clock_day(clock_now(), today);
		if (!until || clock_parse_day(until, &t) < 0)
			return err_field(e, ERR_INVALID, "until",
					 N_("Enter the date as YYYY-MM-DD."));
		if (strcmp(until, today) <= 0)
			return err_field(e, ERR_INVALID, "until",
					 N_("Choose a date after today."));
		to = PERSON_PAUSED;
		break;
	case APP_RESUME:
		to = PERSON_ACTIVE;
		until = NULL;
		break;
	case APP_LEAVE:
	default:
		to = PERSON_LEFT;
		until = NULL;
		break;
	}
	tx->au->programme_id = p.programme_id;
	tx->au->action = person_status_name(to);
	/* Leaving also cancels whatever mail is still queued for them. */
	return store_person_set_status(tx->st, pa->person_id, to, until, e) < 0 ||
		       (to == PERSON_LEFT &&
			mail_unsubscribe(tx->st, pa->person_id, e) < 0)
		       ? -1 : 0;
}

int app_participant_act(struct store *st, int64_t person_id,
		       enum app_participant_action act, const char *until,
		       struct err *e)
{
	struct person_act pa = {person_id, act, until};
	struct app_audit au = {.actor = "self"};
	return app_tx(st, person_act, &pa, &au, e);
}

static int person_edit(struct app_tx *tx, void *arg, struct err *e)
{
	struct person q = *(const struct person *)arg, old;
	if (store_person_get_id(tx->st, q.id, tx->a, &old, e) < 0)
		return -1;
	q.email = old.email;
	tx->au->programme_id = old.programme_id;
	return check_all(&q, e) < 0 || store_person_details(tx->st, &q, e) < 0
		       ? -1 : 0;
}

int app_participant_edit(struct store *st, const struct person *p,
			struct err *e)
{
	struct app_audit au = {.actor = "self", .action = "edit"};
	return app_tx(st, person_edit, (void *)p, &au, e);
}

static int person_erase(struct app_tx *tx, void *arg, struct err *e)
{
	int64_t person_id = *(const int64_t *)arg;
	struct person p;
	if (store_person_get_id(tx->st, person_id, tx->a, &p, e) < 0 ||
	    mail_unsubscribe(tx->st, person_id, e) < 0 ||
	    store_person_erase(tx->st, person_id, e) < 0)
		return -1;
	tx->au->programme_id = p.programme_id;
	return 0;
}

int app_participant_erase(struct store *st, int64_t person_id,
			 const char *actor, struct err *e)
{
	char detail[64];
	/* The audit names the row, never the values erased. */
	struct app_audit au = {0, actor, "erase", detail};
	snprintf(detail, sizeof detail, "person %lld", (long long)person_id);
	if (app_tx(st, person_erase, &person_id, &au, e) < 0)
		return -1;
	/* Committed: now make the old values leave the files too. */
	return store_scrub(st, e);
}

int app_participant_erase_email(struct store *st, const struct programme *p,
			       const char *email, const char *actor,
			       struct err *e)
{
	char norm[EMAIL_MAX + 1];
	struct arena a;
	struct person who;
	int rc;
	if (person_email_normalise(email, norm, e) < 0)
		return -1;
	arena_init(&a, 0);
	rc = store_person_get(st, p->id, norm, &a, &who, e);
	arena_release(&a);
	if (rc < 0)
		return -1;
	return app_participant_erase(st, who.id, actor, e);
}

int app_participant_outcome(struct store *st, int64_t person_id, int64_t group_id,
		    enum outcome o, int rating, const char *comment,
		    struct err *e)
{
	struct arena a;
	struct participant_group g;
	char now[21];
	int rc = -1;
	if (rating < 0 || rating > 5)
		return err_field(e, ERR_INVALID, "rating",
				 N_("The rating must be between 1 and 5."));
	if (comment && strlen(comment) > TEXT_MAX)
		return err_field(e, ERR_INVALID, "comment",
				 N_("The comment is too long."));
	if (comment && !person_text_ok(comment, true))
		return err_field(e, ERR_INVALID, "comment",
				 N_("The comment contains characters we cannot accept."));
	arena_init(&a, 0);
	/* The check runs outside the write lock and the write is one short
	 * transaction (the answer and its round's figures generation), so
	 * concurrent answers queue on the lock for the shortest time.  Safe because membership only changes in
	 * drafts and a round never goes back to draft. */
	if (store_person_membership(st, person_id, group_id, &a, &g, e) < 0)
		goto out;
	if (g.state == ROUND_DRAFT) {
		err_set(e, ERR_CONFLICT, N_("This round has not been published."));
		goto out;
	}
	if (rating == 0 && !comment)
		rating = g.rating; /* a second click keeps earlier feedback */
	clock_instant(clock_now(), now);
	if (store_outcome_set(st, group_id, person_id, o, rating, comment, now,
			      e) < 0)
		goto out;
	rc = 0;
out:
	arena_release(&a);
	return rc;
}

int app_participant_groups(struct store *st, int64_t person_id,
			  struct arena *a, struct participant_group **out,
			  size_t *n, struct err *e)
{
	return store_person_groups(st, person_id, a, out, n, e);
}

int app_participant_membership(struct store *st, int64_t person_id, int64_t group_id,
		       struct arena *a, struct participant_group *out,
		       struct err *e)
{
	return store_person_membership(st, person_id, group_id, a, out, e);
}

int app_participant_organiser_contact(struct store *st, const struct programme *p,
			      struct arena *a, char **out, struct err *e)
{
	return store_dash_organiser_contact(st, p->id, a, out, e);
}

int app_participant_group_members(struct store *st, int64_t group_id, struct arena *a,
			  struct person **out, enum outcome **outcomes,
			  size_t *n, struct err *e)
{
	return store_mail_group(st, group_id, a, out, outcomes, n, e);
}
