/* app_programme: programme operations (see app.h). */
#include "app/app.h"

#include <stdio.h>
#include <string.h>

#include "app/app_schedule.h"
#include "core/programme.h"
#include "store/store_dashboard.h"
#include "store/store_insight.h"
#include "store/store_schedule.h"

int app_programme_add_in_tx(struct store *st, struct programme *p,
			    struct arena *a, const char *actor, struct err *e)
{
	char slug[SLUG_MAX + 1];
	if (programme_validate(p, e) < 0 || app_schedule_check(p, e) < 0 ||
	    programme_slugify(p->name, slug, e) < 0 ||
	    programme_settings_new(p->settings, a, &p->settings, e) < 0)
		return -1;
	p->slug = arena_strdup(a, slug);
	if (!p->slug)
		return err_set(e, ERR_INTERNAL, "out of memory");
	if (store_programme_insert(st, p, e) < 0 ||
	    store_audit(st, p->id, actor, "programme.add", p->slug, e) < 0 ||
	    store_notify(st, STORE_SCHEDULE_CHANNEL, e) < 0)
		return -1;
	return 0;
}

struct programme_add {
	struct programme *p;
	struct arena *a;
	const char *actor;
};

static int programme_add(struct app_tx *tx, void *arg, struct err *e)
{
	struct programme_add *pa = arg;
	return app_programme_add_in_tx(tx->st, pa->p, pa->a, pa->actor, e);
}

int app_programme_add(struct store *st, struct programme *p, struct arena *a,
		      const char *actor, struct err *e)
{
	struct programme_add pa = {p, a, actor};
	return app_tx(st, programme_add, &pa, NULL, e);
}

/* Whether the times of the schedule changed (or it resumed), so the
 * scheduler must place its next round afresh. */
static bool schedule_moved(const struct programme *old,
			   const struct programme *p)
{
	struct schedule a, b;
	if (schedule_from_settings(old->settings, old->cadence_days, &a, NULL) < 0 ||
	    schedule_from_settings(p->settings, p->cadence_days, &b, NULL) < 0)
		return true;
	if (a.paused && !b.paused)
		return true;
	return a.on != b.on || a.start_day != b.start_day ||
	       a.start_min != b.start_min || strcmp(a.zone, b.zone) != 0 ||
	       a.monthly != b.monthly || a.cadence_days != b.cadence_days ||
	       a.nskips != b.nskips ||
	       memcmp(a.skips, b.skips, a.nskips * sizeof a.skips[0]) != 0;
}

static int programme_update(struct app_tx *tx, void *arg, struct err *e)
{
	const struct programme *p = arg;
	struct programme old;
	return store_programme_get_id(tx->st, p->id, tx->a, &old, e) < 0 ||
		       (schedule_moved(&old, p) &&
			store_schedule_reset(tx->st, p->id, e) < 0) ||
		       store_programme_update(tx->st, p, e) < 0 ||
		       store_notify(tx->st, STORE_SCHEDULE_CHANNEL, e) < 0
		       ? -1 : 0;
}

int app_programme_update(struct store *st, const struct programme *p,
			 const char *actor, struct err *e)
{
	char detail[128];
	struct app_audit au = {p->id, actor, "programme.update", detail};
	if (programme_validate(p, e) < 0 || app_schedule_check(p, e) < 0)
		return -1;
	snprintf(detail, sizeof detail, "cadence=%d group_size=%d",
		 p->cadence_days, p->group_size);
	return app_tx(st, programme_update, (void *)p, &au, e);
}

int app_programme_get(struct store *st, const char *slug_or_name,
		      struct arena *a, struct programme *out, struct err *e)
{
	return store_programme_get(st, slug_or_name, a, out, e);
}

int app_programme_figures(struct store *st, int64_t programme_id,
			  struct arena *a, struct dash_people_counts *people,
			  struct dash_round_counts **rounds, size_t *nrounds,
			  char version[200], struct err *e)
{
	return store_dash_people_counts(st, programme_id, people, e) < 0 ||
	       store_dash_round_counts(st, programme_id, a, rounds, nrounds, e) < 0 ||
	       store_insight_version(st, programme_id, version, e) < 0
		       ? -1 : 0;
}

int app_programme_stamp(struct store *st, int64_t programme_id,
			int64_t *stamp, struct err *e)
{
	return store_dash_audit_stamp(st, programme_id, stamp, e);
}

int app_programme_get_id(struct store *st, int64_t id, struct arena *a,
			 struct programme *out, struct err *e)
{
	return store_programme_get_id(st, id, a, out, e);
}

int app_programme_list(struct store *st, struct arena *a,
		       struct programme **out, size_t *n, struct err *e)
{
	return store_programme_list(st, a, out, n, e);
}
