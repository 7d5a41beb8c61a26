/* app_ops: see app_ops.h. */
#include "app/app_ops.h"

#include "core/model.h"
#include "store/backup.h"
#include "store/store_schedule.h"

int app_ops_ping(struct store *st, struct err *e)
{
	return store_ping(st, e);
}

int app_ops_counts(struct store *st, struct store_ops_counts *out,
		   struct err *e)
{
	return store_ops_counts(st, out, e);
}

int app_ops_schema_version(struct store *st, int *version, struct err *e)
{
	return store_schema_version(st, version, e);
}

int app_ops_scheduler_last_run(struct store *st, int64_t *last,
			       struct err *e)
{
	struct arena a;
	struct scheduler_run r;
	int rc;
	arena_init(&a, 0);
	rc = store_scheduler_get(st, &a, &r, e);
	if (rc == 0)
		*last = r.last_run_unix;
	arena_release(&a);
	return rc;
}

int app_ops_backup(const char *db, const char *file, struct err *e)
{
	return store_backup(db, file, e);
}

int app_ops_restore(const char *db, const char *file, bool force, bool *saved,
		    struct err *e)
{
	return store_restore(db, file, force, saved, e);
}

int app_ops_mail(struct store *st, const struct programme *p, int limit,
		 struct arena *a, struct mail_counts *counts,
		 struct mail_row **failed, size_t *n, struct err *e)
{
	return store_mail_counts(st, p->id, counts, e) < 0 ||
		       store_mail_list(st, p->id, "failed", limit, a, failed, n,
				       e) < 0
		       ? -1 : 0;
}
