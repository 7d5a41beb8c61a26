/* app_grant: see app_grant.h. */
#include "app/app_grant.h"

#include <stdio.h>

#include "app/app.h"
#include "store/store_access.h"

/* The grant and its audit row, inside the caller's transaction. */
static int grant(struct store *st, int64_t programme_id, int64_t organiser_id,
		 const char *actor, struct err *e)
{
	char detail[48];
	snprintf(detail, sizeof detail, "organiser %lld",
		 (long long)organiser_id);
	if (store_programme_organiser_add(st, programme_id, organiser_id, e) < 0)
		return -1;
	return store_audit(st, programme_id, actor, "organiser.grant", detail, e);
}

/* A grant and what comes with it. */
struct programme_grant {
	struct programme *p;	/* app_grant_programme_add's new one */
	struct arena *a;
	int64_t programme_id, organiser_id;
	const char *actor;
	const char *email, *pw_hash;	/* app_grant_organiser_set's */
	int64_t *id;
	bool *created, granted;
};

static int programme_add_granted(struct app_tx *tx, void *arg, struct err *e)
{
	struct programme_grant *g = arg;
	/* The programme and its creator's grant in one transaction. */
	return app_programme_add_in_tx(tx->st, g->p, g->a, g->actor, e) < 0 ||
		       grant(tx->st, g->p->id, g->organiser_id, g->actor, e) < 0
		       ? -1 : 0;
}

int app_grant_programme_add(struct store *st, struct programme *p,
			  int64_t organiser_id, struct arena *a,
			  const char *actor, struct err *e)
{
	struct programme_grant g = {.p = p, .a = a, .organiser_id = organiser_id,
				    .actor = actor};
	return app_tx(st, programme_add_granted, &g, NULL, e);
}

static int programme_grant(struct app_tx *tx, void *arg, struct err *e)
{
	struct programme_grant *g = arg;
	return grant(tx->st, g->programme_id, g->organiser_id, g->actor, e);
}

int app_grant_add(struct store *st, const struct programme *p,
			    int64_t organiser_id, const char *actor,
			    struct err *e)
{
	struct programme_grant g = {.programme_id = p->id,
				    .organiser_id = organiser_id,
				    .actor = actor};
	return app_tx(st, programme_grant, &g, NULL, e);
}

static int programme_ungrant(struct app_tx *tx, void *arg, struct err *e)
{
	struct programme_grant *g = arg;
	return store_programme_organiser_remove(tx->st, g->programme_id,
						g->organiser_id, e);
}

int app_grant_remove(struct store *st, const struct programme *p,
			      int64_t organiser_id, const char *actor,
			      struct err *e)
{
	struct programme_grant g = {.programme_id = p->id,
				    .organiser_id = organiser_id};
	char detail[48];
	struct app_audit au = {p->id, actor, "organiser.ungrant", detail};
	snprintf(detail, sizeof detail, "organiser %lld",
		 (long long)organiser_id);
	return app_tx(st, programme_ungrant, &g, &au, e);
}

static int organiser_set(struct app_tx *tx, void *arg, struct err *e)
{
	struct programme_grant *g = arg;
	bool already = false;
	if (store_organiser_set(tx->st, g->email, g->pw_hash, g->id, g->created,
				e) < 0)
		return -1;
	if (!g->programme_id)
		return 0;
	if (store_programme_organised_by(tx->st, g->programme_id, *g->id,
					 &already, e) < 0 ||
	    (!already && grant(tx->st, g->programme_id, *g->id, g->actor, e) < 0))
		return -1;
	g->granted = !already;
	return 0;
}

int app_grant_organiser_set(struct store *st, const char *email,
			  const char *pw_hash, const struct programme *p,
			  const char *actor, int64_t *id, bool *created,
			  bool *granted, struct err *e)
{
	struct programme_grant g = {.programme_id = p ? p->id : 0,
				    .actor = actor, .email = email,
				    .pw_hash = pw_hash, .id = id,
				    .created = created};
	*granted = false;
	if (app_tx(st, organiser_set, &g, NULL, e) < 0)
		return -1;
	*granted = g.granted;
	return 0;
}
