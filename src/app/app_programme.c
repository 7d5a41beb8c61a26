/* app_programme: programme operations (see app.h). */
#include "app/app.h"

#include <stdio.h>

#include "core/programme.h"

int app_programme_add_in_tx(struct store *st, struct programme *p,
			    struct arena *a, const char *actor, struct err *e)
{
	char slug[SLUG_MAX + 1];
	if (programme_validate(p, e) < 0 || programme_slugify(p->name, slug, e) < 0 ||
	    programme_settings_new(p->settings, a, &p->settings, e) < 0)
		return -1;
	p->slug = arena_strdup(a, slug);
	if (!p->slug)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (store_programme_insert(st, p, e) < 0 ||
	    store_audit(st, p->id, actor, "programme.add", p->slug, e) < 0)
		return -1;
	return 0;
}

int app_programme_add(struct store *st, struct programme *p, struct arena *a,
		      const char *actor, struct err *e)
{
	if (store_begin(st, e) < 0)
		return -1;
	if (app_programme_add_in_tx(st, p, a, actor, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int app_programme_update(struct store *st, const struct programme *p,
			 const char *actor, struct err *e)
{
	char detail[128];
	if (programme_validate(p, e) < 0)
		return -1;
	snprintf(detail, sizeof detail, "cadence=%d group_size=%d",
		 p->cadence_days, p->group_size);
	if (store_begin(st, e) < 0)
		return -1;
	if (store_programme_update(st, p, e) < 0 ||
	    store_audit(st, p->id, actor, "programme.update", detail, e) < 0 ||
	    store_commit(st, e) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}
