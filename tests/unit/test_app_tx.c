/* Unit tests of app_tx, the one shape of a write in app/: the work and
 * its audit row are kept together, or neither is; a dry run keeps
 * nothing and succeeds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/programme.h"

struct probe {
	int64_t programme_id;
	bool fail, undo;
};

/* Writes one row of its own (an audit row "probe.work"), then fails or
 * asks for a dry run as told, and names the detail of the tx's row. */
static int probe(struct app_tx *tx, void *arg, struct err *e)
{
	struct probe *pr = arg;
	if (store_audit(tx->st, pr->programme_id, "test", "probe.work", "", e) < 0)
		return -1;
	tx->au->detail = arena_printf(tx->a, "detail %d", 7);
	tx->undo = pr->undo;
	if (pr->fail)
		return err_set(e, ERR_CONFLICT, "told to fail");
	return 0;
}

static size_t rows(struct store *st, int64_t pid, const char *action,
		   const char *detail)
{
	struct arena a;
	struct audit_row *r;
	struct err e = {0};
	size_t n, k = 0;
	arena_init(&a, 0);
	cr_assert_eq(store_audit_list(st, pid, &a, &r, &n, &e), 0, "%s", e.msg);
	for (size_t i = 0; i < n; i++)
		k += !strcmp(r[i].action, action) &&
		     (!detail || !strcmp(r[i].detail, detail));
	arena_release(&a);
	return k;
}

Test(app_tx, commits_work_with_its_audit_or_neither)
{
	char dir[] = "/tmp/cuppa-apptx-XXXXXX", path[128], cmd[160];
	struct store *st;
	struct arena a;
	struct err e = {0};
	struct programme p;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	arena_init(&a, 0);
	programme_defaults(&p);
	p.name = "Tx";
	cr_assert_eq(app_programme_add(st, &p, &a, "test", &e), 0, "%s", e.msg);

	struct probe pr = {.programme_id = p.id};
	struct app_audit au = {p.id, "test", "probe.tx", NULL};
	cr_assert_eq(app_tx(st, probe, &pr, &au, &e), 0, "%s", e.msg);
	cr_assert_eq(rows(st, p.id, "probe.work", NULL), 1);
	cr_assert_eq(rows(st, p.id, "probe.tx", "detail 7"), 1,
		     "the audit row carries what the work filled in");

	pr.fail = true;
	cr_assert_eq(app_tx(st, probe, &pr, &au, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_str_eq(e.msg, "told to fail");
	cr_assert_eq(rows(st, p.id, "probe.work", NULL), 1, "rolled back");
	cr_assert_eq(rows(st, p.id, "probe.tx", NULL), 1, "no audit row");

	pr.fail = false;
	pr.undo = true;
	cr_assert_eq(app_tx(st, probe, &pr, &au, &e), 0, "%s", e.msg);
	cr_assert_eq(rows(st, p.id, "probe.work", NULL), 1, "a dry run keeps nothing");
	cr_assert_eq(rows(st, p.id, "probe.tx", NULL), 1);

	pr.undo = false;
	cr_assert_eq(app_tx(st, probe, &pr, NULL, &e), 0, "%s", e.msg);
	cr_assert_eq(rows(st, p.id, "probe.work", NULL), 2, "no audit asked: work kept");
	cr_assert_eq(rows(st, p.id, "probe.tx", NULL), 1);

	/* after all that the store takes a transaction again */
	cr_assert_eq(store_begin(st, &e), 0, "%s", e.msg);
	store_rollback(st);
	arena_release(&a);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
