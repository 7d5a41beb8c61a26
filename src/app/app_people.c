/* app_people: participants (see app.h). */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "core/person.h"
#include "core/roster.h"
#include "mail/notify.h"
#include "store/store_dashboard.h"
#include "util/clock.h"

static void today(char out[11])
{
	clock_day(clock_now(), out);
}

struct people_import {
	const struct programme *p;
	struct person *people;
	size_t n;
	bool consent, dry_run;
	struct import_report *rep;
};

static int people_import(struct app_tx *tx, void *arg, struct err *e)
{
	struct people_import *im = arg;
	struct import_report *rep = im->rep;
	/* The people and their welcomes commit together: exactly once. */
	if (store_person_import(tx->st, im->p->id, im->people, im->n,
				im->consent, &rep->created, &rep->updated, e) < 0 ||
	    mail_enqueue_welcomes(tx->st, im->p, e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "created=%zu updated=%zu",
				      rep->created, rep->updated);
	tx->undo = im->dry_run;
	return 0;
}

int app_people_import(struct store *st, const struct programme *p,
		      const char *data, size_t len, const char *file,
		      bool dry_run, struct import_report *rep,
		      struct buf *problems, enum lang lang, struct err *e)
{
	struct arena a;
	struct people_import im = {.p = p, .dry_run = dry_run, .rep = rep};
	struct app_audit au = {p->id, "import", "people.import", NULL};
	char day[11];
	int rc = -1;
	memset(rep, 0, sizeof *rep);
	arena_init(&a, 0);
	today(day);
	if (roster_parse(data, len, file, day, &a, &im.people, &im.n,
			 &im.consent, problems, lang, e) == 0)
		rc = app_tx(st, people_import, &im, &au, e);
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

struct person_add {
	const struct programme *p;
	struct person *who;
	const bool *consent;
	bool *created;
};

static int person_add_by_organiser(struct app_tx *tx, void *arg,
				   struct err *e)
{
	struct person_add *pa = arg;
	struct person *who = pa->who;
	bool created;
	if (app_person_add(tx->st, pa->p, who, pa->created, e) < 0)
		return -1;
	created = *pa->created;
	return (created && store_person_mark_added(tx->st, who->id, e) < 0) ||
		       (pa->consent && store_person_set_consent(
					       tx->st, who->id, *pa->consent, e) < 0) ||
		       (created && who->status == PERSON_ACTIVE &&
			mail_enqueue_welcomes(tx->st, pa->p, e) < 0)
		       ? -1 : 0;
}

int app_person_add_by_organiser(struct store *st, const struct programme *p,
				struct person *who, const bool *consent,
				bool *created, struct err *e)
{
	struct person_add pa = {p, who, consent, created};
	return app_tx(st, person_add_by_organiser, &pa, NULL, e);
}

struct person_consent {
	int64_t person_id;
	bool show_name;
};

static int person_consent(struct app_tx *tx, void *arg, struct err *e)
{
	struct person_consent *c = arg;
	return store_person_set_consent(tx->st, c->person_id, c->show_name, e);
}

int app_person_set_consent(struct store *st, const struct programme *p,
			   int64_t person_id, bool show_name, const char *actor,
			   struct err *e)
{
	struct person_consent c = {person_id, show_name};
	char detail[64];
	struct app_audit au = {p->id, actor, "person.consent", detail};
	snprintf(detail, sizeof detail, "person=%lld named=%s",
		 (long long)person_id, show_name ? "yes" : "no");
	return app_tx(st, person_consent, &c, &au, e);
}

struct person_status_change {
	const struct programme *p;
	const char *email;
	enum person_status status;
	const char *until;
};

static int person_status_change(struct app_tx *tx, void *arg, struct err *e)
{
	struct person_status_change *c = arg;
	struct person who;
	if (store_person_get(tx->st, c->p->id, c->email, tx->a, &who, e) < 0 ||
	    store_person_set_status(tx->st, who.id, c->status, c->until, e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "person=%lld status=%s",
				      (long long)who.id,
				      person_status_name(c->status));
	return 0;
}

int app_person_set_status(struct store *st, const struct programme *p,
			  const char *email, enum person_status status,
			  const char *until, const char *actor, struct err *e)
{
	char norm[EMAIL_MAX + 1], day[11];
	struct person_status_change c = {p, norm, status, until};
	struct app_audit au = {p->id, actor, "person.status", NULL};
	today(day);
	if (person_email_normalise(email, norm, e) < 0 ||
	    person_status_check(status, until, day, e) < 0)
		return -1;
	return app_tx(st, person_status_change, &c, &au, e);
}

struct people_block {
	const struct programme *p;
	const char *email1, *email2;
};

static int people_block(struct app_tx *tx, void *arg, struct err *e)
{
	struct people_block *b = arg;
	struct person x, y;
	if (store_person_get(tx->st, b->p->id, b->email1, tx->a, &x, e) < 0 ||
	    store_person_get(tx->st, b->p->id, b->email2, tx->a, &y, e) < 0 ||
	    store_block_add(tx->st, b->p->id, x.id, y.id, e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "persons=%lld,%lld",
				      (long long)x.id, (long long)y.id);
	return 0;
}

int app_people_block(struct store *st, const struct programme *p,
		     const char *email1, const char *email2, const char *actor,
		     struct err *e)
{
	char n1[EMAIL_MAX + 1], n2[EMAIL_MAX + 1];
	struct people_block b = {p, n1, n2};
	struct app_audit au = {p->id, actor, "people.block", NULL};
	if (person_email_normalise(email1, n1, e) < 0 ||
	    person_email_normalise(email2, n2, e) < 0)
		return -1;
	return app_tx(st, people_block, &b, &au, e);
}

int app_people_page(struct store *st, const struct programme *p,
		    const char *q, const char *status, size_t offset,
		    size_t limit, struct arena *a, struct person **out,
		    size_t *n, size_t *matched, struct err *e)
{
	return store_dash_people_page(st, p->id, q, status, offset, limit, a, out,
				      n, matched, e);
}

int app_person_get(struct store *st, const struct programme *p,
		   const char *email, struct arena *a, struct person *out,
		   struct err *e)
{
	return store_person_get(st, p->id, email, a, out, e);
}

int app_person_get_id(struct store *st, int64_t person_id, struct arena *a,
		      struct person *out, struct err *e)
{
	return store_person_get_id(st, person_id, a, out, e);
}

int app_person_list(struct store *st, const struct programme *p,
		    struct arena *a, struct person **out, size_t *n,
		    struct err *e)
{
	return store_person_list(st, p->id, a, out, n, e);
}

int app_people_blocked(struct store *st, const struct programme *p,
		       struct arena *a, struct pair_history **out, size_t *n,
		       struct err *e)
{
	return store_block_list(st, p->id, a, out, n, e);
}
