/* app_tx: the one shape of a write in app/ (see app.h). */
#include "app/app.h"

int app_tx(struct store *st, app_work *work, void *arg,
	   struct app_audit *au, struct err *e)
{
	struct app_audit none = {0};
	struct arena a;
	struct app_tx tx = {.st = st, .a = &a, .au = au ? au : &none};
	int rc = -1;
	arena_init(&a, 0);
	if (store_begin(st, e) < 0)
		goto done;
	if (work(&tx, arg, e) < 0)
		goto fail;
	/* A dry run: everything was checked and written, none of it kept. */
	if (tx.undo) {
		store_rollback(st);
		rc = 0;
		goto done;
	}
	if ((tx.au->action &&
	     store_audit(st, tx.au->programme_id, tx.au->actor, tx.au->action,
			 tx.au->detail ? tx.au->detail : "", e) < 0) ||
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
