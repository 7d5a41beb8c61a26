/* app_web_programme: see app_web_programme.h. */
#include "app/app_web_programme.h"

#include <stdio.h>

#include "app/app.h"
#include "store/store_web.h"

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

int app_web_programme_add(struct store *st, struct programme *p,
			  int64_t organiser_id, struct arena *a,
			  const char *actor, struct err *e)
{
	/* The programme and its creator's grant in one transaction. */
	if (store_begin(st, e) < 0)
		return -1;
	if (app_programme_add_in_tx(st, p, a, actor, e) < 0 ||
	    grant(st, p->id, organiser_id, actor, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_web_programme_grant(struct store *st, const struct programme *p,
			    int64_t organiser_id, const char *actor,
			    struct err *e)
{
	if (store_begin(st, e) < 0)
		return -1;
	if (grant(st, p->id, organiser_id, actor, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_web_programme_ungrant(struct store *st, const struct programme *p,
			      int64_t organiser_id, const char *actor,
			      struct err *e)
{
	char detail[48];
	snprintf(detail, sizeof detail, "organiser %lld",
		 (long long)organiser_id);
	if (store_begin(st, e) < 0)
		return -1;
	if (store_programme_organiser_remove(st, p->id, organiser_id, e) < 0 ||
	    store_audit(st, p->id, actor, "organiser.ungrant", detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_web_organiser_set(struct store *st, const char *email,
			  const char *pw_hash, const struct programme *p,
			  const char *actor, int64_t *id, bool *created,
			  bool *granted, struct err *e)
{
	bool already = false;
	*granted = false;
	if (store_begin(st, e) < 0)
		return -1;
	if (store_organiser_set(st, email, pw_hash, id, created, e) < 0 ||
	    (p && store_programme_organised_by(st, p->id, *id, &already, e) < 0) ||
	    (p && !already && grant(st, p->id, *id, actor, e) < 0) ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	*granted = p && !already;
	return 0;
}
