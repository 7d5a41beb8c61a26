/* app_tx: the one shape of a write in app/ (see app.h), on store_tx. */
#include "app/app.h"

struct tx_run {
	struct app_tx *tx;
	app_work *work;
	void *arg;
};

/* Inside store_tx's transaction: the work, then its audit row. */
static int tx_body(struct store *st, void *arg, struct err *e)
{
	struct tx_run *r = arg;
	struct app_audit *au = r->tx->au;
	if (r->work(r->tx, r->arg, e) < 0)
		return -1;
	/* A dry run: everything was checked and written, none of it kept. */
	if (r->tx->undo)
		return STORE_TX_UNDO;
	if (au->action &&
	    store_audit(st, au->programme_id, au->actor, au->action,
			au->detail ? au->detail : "", e) < 0)
		return -1;
	return 0;
}

int app_tx(struct store *st, app_work *work, void *arg,
	   struct app_audit *au, struct err *e)
{
	struct app_audit none = {0};
	struct arena a;
	struct app_tx tx = {.st = st, .a = &a, .au = au ? au : &none};
	struct tx_run r = {&tx, work, arg};
	arena_init(&a, 0);
	int rc = store_tx(st, tx_body, &r, e);
	arena_release(&a);
	return rc;
}
