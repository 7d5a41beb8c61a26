/* app_web_person: see app_web_person.h. */
#include "app/app_web_person.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/person.h"
#include "mail/notify.h"
#include "store/store_web.h"
#include "util/clock.h"

struct field_rule {
	const char *name;
	const char *label;
	bool required;
	size_t max;
};

static const struct field_rule rules[] = {
	{"name", "Name", true, NAME_MAX_LEN},
	{"email", "Email", true, EMAIL_MAX},
	{"organisation", "Organisation", true, NAME_MAX_LEN},
	{"sector", "Sector", false, NAME_MAX_LEN},
	{"role", "Role", false, NAME_MAX_LEN},
	{"location", "Location", false, NAME_MAX_LEN},
	{"timezone", "Time zone", false, 64},
	{"topics", "Topics", false, TEXT_MAX},
	{"intro", "About you", false, TEXT_MAX},
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

int app_web_person_check_field(const char *field, const char *value,
			       struct err *e)
{
	const struct field_rule *r;
	for (r = rules; r->name; r++)
		if (strcmp(r->name, field) == 0)
			break;
	if (!r->name)
		return err_field(e, ERR_INVALID, field, "unknown field");
	if (!value)
		value = "";
	if (r->required && !*value)
		return err_field(e, ERR_INVALID, field, "%s is required.",
				 r->label);
	if (strlen(value) > r->max)
		return err_field(e, ERR_INVALID, field,
				 "%s is too long (at most %zu characters).",
				 r->label, r->max);
	if (strcmp(field, "email") == 0) {
		char norm[EMAIL_MAX + 1];
		if (!email_ok(value) ||
		    person_email_normalise(value, norm, NULL) < 0)
			return err_field(e, ERR_INVALID, field,
					 "Enter an email address like name@example.org.");
	}
	if (!person_text_ok(value, strcmp(field, "intro") == 0))
		return err_field(e, ERR_INVALID, field,
				 "%s contains characters we cannot accept.",
				 r->label);
	if (strcmp(field, "intro") != 0 && strcmp(field, "topics") != 0 &&
	    strpbrk(value, "\r\n"))
		return err_field(e, ERR_INVALID, field,
				 "%s must be on one line.", r->label);
	return 0;
}

static int check_all(const struct person *p, struct err *e)
{
	const char *v[] = {p->name, p->email, p->organisation, p->sector,
			   p->role, p->location, p->timezone, p->topics,
			   p->intro};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (app_web_person_check_field(rules[i].name, v[i], e) < 0)
			return -1;
	return person_validate(p, e);
}

int app_web_signup(struct store *st, struct person *p, bool *existed,
		   struct err *e)
{
	struct person old;
	struct programme pr;
	struct arena a;
	char email[EMAIL_MAX + 1];
	bool created = false;
	int rc = -1;

	if (check_all(p, e) < 0 ||
	    person_email_normalise(p->email, email, e) < 0)
		return -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (store_programme_get_id(st, p->programme_id, &a, &pr, e) < 0)
		goto fail;
	if (store_person_get(st, p->programme_id, email, &a, &old, e) == 0) {
		*existed = true;
		p->id = old.id;
		p->status = old.status;
		/* Still pending: send the confirm link again (the hook sends at
		 * most one an hour).  Otherwise nothing changes. */
		if (old.status == PERSON_PENDING &&
		    (mail_enqueue_confirm(st, &pr, &old, e) < 0 ||
		     store_commit(st, e) < 0))
			goto fail;
		store_rollback(st);
		rc = 0;
		goto done;
	}
	if (e->code != ERR_NOTFOUND)
		goto fail;
	err_clear(e);
	p->email = email;
	p->status = PERSON_PENDING;
	p->paused_until = "";
	p->joined = NULL;
	/* The core's rules (app_person_add) decide what a valid person is. */
	rc = app_person_add(st, &pr, p, &created, e);
	p->email = email;
	if (rc == 0)
		rc = mail_enqueue_confirm(st, &pr, p, e);
	p->email = NULL;
	if (rc < 0 ||
	    store_audit(st, p->programme_id, "self", "signup", "", e) < 0 ||
	    store_commit(st, e) < 0) {
		rc = -1;
		goto fail;
	}
	*existed = false;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

static int load(struct store *st, int64_t id, struct arena *a,
		struct person *p, struct err *e)
{
	return store_person_get_id(st, id, a, p, e);
}

int app_web_confirm(struct store *st, int64_t person_id, struct err *e)
{
	struct arena a;
	struct person p;
	int rc = -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto out;
	if (load(st, person_id, &a, &p, e) < 0)
		goto fail;
	if (p.status == PERSON_PENDING) {
		struct programme pr;
		if (store_programme_get_id(st, p.programme_id, &a, &pr, e) < 0 ||
		    store_person_set_status(st, person_id, PERSON_ACTIVE, NULL, e) < 0 ||
		    mail_enqueue_welcome(st, &pr, &p, e) < 0 ||
		    store_audit(st, p.programme_id, "self", "confirm", "", e) < 0)
			goto fail;
	}
	if (store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	arena_release(&a);
	return rc;
}

int app_web_person_act(struct store *st, int64_t person_id,
		       enum app_web_action act, const char *until,
		       struct err *e)
{
	struct arena a;
	struct person p;
	enum person_status to;
	char today[11];
	time_t t;
	int rc = -1;

	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto out;
	if (load(st, person_id, &a, &p, e) < 0)
		goto fail;
	if (p.status == PERSON_PENDING) {
		err_set(e, ERR_CONFLICT, "Please confirm your sign-up first.");
		goto fail;
	}
	switch (act) {
	case APP_SKIP:
		if (p.status == PERSON_LEFT) {
			err_set(e, ERR_CONFLICT, "You have left this programme.");
			goto fail;
		}
		to = PERSON_SKIP_NEXT;
		until = NULL;
		break;
	case APP_PAUSE:
		clock_day(clock_now(), today);
		if (!until || clock_parse_day(until, &t) < 0) {
			err_field(e, ERR_INVALID, "until",
				  "Enter the date as YYYY-MM-DD.");
			goto fail;
		}
		if (strcmp(until, today) <= 0) {
			err_field(e, ERR_INVALID, "until",
				  "Choose a date after today.");
			goto fail;
		}
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
	/* Leaving also cancels whatever mail is still queued for them. */
	if (store_person_set_status(st, person_id, to, until, e) < 0 ||
	    (to == PERSON_LEFT && mail_unsubscribe(st, person_id, e) < 0) ||
	    store_audit(st, p.programme_id, "self", person_status_name(to), "",
			e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	arena_release(&a);
	return rc;
}

int app_web_person_edit(struct store *st, const struct person *p,
			struct err *e)
{
	struct arena a;
	struct person old;
	int rc = -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto out;
	if (load(st, p->id, &a, &old, e) < 0)
		goto fail;
	struct person q = *p;
	q.email = old.email;
	if (check_all(&q, e) < 0 || store_web_person_details(st, &q, e) < 0 ||
	    store_audit(st, old.programme_id, "self", "edit", "", e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	arena_release(&a);
	return rc;
}

int app_web_person_erase(struct store *st, int64_t person_id,
			 const char *actor, struct err *e)
{
	struct arena a;
	struct person p;
	char detail[64];
	int rc = -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto out;
	/* The audit names the row, never the values erased. */
	snprintf(detail, sizeof detail, "person %lld", (long long)person_id);
	if (load(st, person_id, &a, &p, e) < 0 ||
	    mail_unsubscribe(st, person_id, e) < 0 ||
	    store_web_person_erase(st, person_id, e) < 0 ||
	    store_audit(st, p.programme_id, actor, "erase", detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto out;
	}
	/* Committed: now make the old values leave the files too. */
	rc = store_scrub(st, e);
out:
	arena_release(&a);
	return rc;
}

int app_web_person_erase_email(struct store *st, const struct programme *p,
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
	return app_web_person_erase(st, who.id, actor, e);
}

int app_web_outcome(struct store *st, int64_t person_id, int64_t group_id,
		    enum outcome o, int rating, const char *comment,
		    struct err *e)
{
	struct arena a;
	struct web_person_group g;
	char now[21];
	int rc = -1;
	if (rating < 0 || rating > 5)
		return err_field(e, ERR_INVALID, "rating",
				 "The rating must be between 1 and 5.");
	if (comment && strlen(comment) > TEXT_MAX)
		return err_field(e, ERR_INVALID, "comment",
				 "The comment is too long.");
	if (comment && !person_text_ok(comment, true))
		return err_field(e, ERR_INVALID, "comment",
				 "The comment contains characters we cannot accept.");
	arena_init(&a, 0);
	/* The check runs outside the write lock and the write is one short
	 * transaction (the answer and its round's figures generation), so
	 * concurrent answers queue on the lock for the shortest time.  Safe because membership only changes in
	 * drafts and a round never goes back to draft. */
	if (store_web_membership(st, person_id, group_id, &a, &g, e) < 0)
		goto out;
	if (g.state == ROUND_DRAFT) {
		err_set(e, ERR_CONFLICT, "This round has not been published.");
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
