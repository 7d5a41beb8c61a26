/* app_people: participants (see app.h). */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "core/person.h"
#include "core/roster.h"
#include "mail/notify.h"
#include "util/clock.h"

static void today(char out[11])
{
	clock_day(clock_now(), out);
}

int app_people_import(struct store *st, const struct programme *p,
		      const char *data, size_t len, const char *file,
		      bool dry_run, struct import_report *rep,
		      struct buf *problems, struct err *e)
{
	struct arena a;
	struct person *people;
	size_t n;
	char day[11], detail[64];
	bool consent;
	int rc = -1;
	memset(rep, 0, sizeof *rep);
	arena_init(&a, 0);
	today(day);
	if (roster_parse(data, len, file, day, &a, &people, &n, &consent,
			 problems, e) < 0)
		goto done;
	if (store_begin(st, e) < 0)
		goto done;
	/* The people and their welcomes commit together: exactly once. */
	if (store_person_import(st, p->id, people, n, consent, &rep->created,
				&rep->updated, e) < 0 ||
	    mail_enqueue_welcomes(st, p, e) < 0) {
		store_rollback(st);
		goto done;
	}
	snprintf(detail, sizeof detail, "created=%zu updated=%zu", rep->created,
		 rep->updated);
	if (dry_run) {
		store_rollback(st);
		rc = 0;
		goto done;
	}
	if (store_audit(st, p->id, "import", "people.import", detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		goto done;
	}
	rc = 0;
done:
	arena_release(&a);
	return rc;
}

int app_person_add(struct store *st, const struct programme *p,
		   struct person *who, bool *created, struct err *e)
{
	char email[EMAIL_MAX + 1], day[11];
	if (person_validate(who, e) < 0 ||
	    person_email_normalise(who->email, email, e) < 0)
		return -1;
	today(day);
	who->programme_id = p->id;
	who->email = email;
	if (!who->joined || !*who->joined)
		who->joined = day;
	int rc = store_person_upsert(st, who, created, e);
	who->email = NULL; /* pointed at our stack */
	who->joined = NULL;
	return rc;
}

int app_person_add_by_organiser(struct store *st, const struct programme *p,
				struct person *who, const bool *consent,
				bool *created, struct err *e)
{
	if (store_begin(st, e) < 0)
		return -1;
	if (app_person_add(st, p, who, created, e) < 0 ||
	    (*created && store_person_mark_added(st, who->id, e) < 0) ||
	    (consent && store_person_set_consent(st, who->id, *consent, e) < 0) ||
	    (*created && who->status == PERSON_ACTIVE &&
	     mail_enqueue_welcomes(st, p, e) < 0) ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_person_set_consent(struct store *st, const struct programme *p,
			   int64_t person_id, bool show_name, const char *actor,
			   struct err *e)
{
	char detail[64];
	snprintf(detail, sizeof detail, "person=%lld named=%s",
		 (long long)person_id, show_name ? "yes" : "no");
	if (store_begin(st, e) < 0)
		return -1;
	if (store_person_set_consent(st, person_id, show_name, e) < 0 ||
	    store_audit(st, p->id, actor, "person.consent", detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_person_set_status(struct store *st, const struct programme *p,
			  const char *email, enum person_status status,
			  const char *until, const char *actor, struct err *e)
{
	char norm[EMAIL_MAX + 1], day[11], detail[64];
	struct arena a;
	struct person who;
	int rc = -1;
	today(day);
	if (person_email_normalise(email, norm, e) < 0 ||
	    person_status_check(status, until, day, e) < 0)
		return -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (store_person_get(st, p->id, norm, &a, &who, e) < 0 ||
	    store_person_set_status(st, who.id, status, until, e) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "person=%lld status=%s", (long long)who.id,
		 person_status_name(status));
	if (store_audit(st, p->id, actor, "person.status", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}

int app_people_block(struct store *st, const struct programme *p,
		     const char *email1, const char *email2, const char *actor,
		     struct err *e)
{
	char n1[EMAIL_MAX + 1], n2[EMAIL_MAX + 1], detail[64];
	struct arena a;
	struct person x, y;
	int rc = -1;
	if (person_email_normalise(email1, n1, e) < 0 ||
	    person_email_normalise(email2, n2, e) < 0)
		return -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (store_person_get(st, p->id, n1, &a, &x, e) < 0 ||
	    store_person_get(st, p->id, n2, &a, &y, e) < 0 ||
	    store_block_add(st, p->id, x.id, y.id, e) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "persons=%lld,%lld", (long long)x.id,
		 (long long)y.id);
	if (store_audit(st, p->id, actor, "people.block", detail, e) < 0 ||
	    store_commit(st, e) < 0)
		goto fail;
	rc = 0;
	goto done;
fail:
	store_rollback(st);
done:
	arena_release(&a);
	return rc;
}
