/* Unit tests: the store on a real SQLite file, and the app operations on
 * top of it (all-or-nothing import, publish, outcomes). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "core/programme.h"
#include "store/store.h"

static char dir[64];
static char path[128];
static struct store *st;

static void open_store(void)
{
	struct err e = {0};
	strcpy(dir, "/tmp/cuppa-store-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
}

static void close_store(void)
{
	char cmd[256];
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static int64_t add_programme(const char *name, struct arena *a)
{
	struct programme p;
	struct err e = {0};
	programme_defaults(&p);
	p.name = (char *)name;
	cr_assert_eq(app_programme_add(st, &p, a, "test", &e), 0, "%s", e.msg);
	return p.id;
}

TestSuite(store, .init = open_store, .fini = close_store);

Test(store, migrations_are_recorded_and_reopen_is_idempotent)
{
	struct err e = {0};
	int v1, v2;
	cr_assert_eq(store_schema_version(st, &v1, &e), 0);
	cr_assert_geq(v1, 1);
	store_close(st);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	cr_assert_eq(store_schema_version(st, &v2, &e), 0);
	cr_assert_eq(v1, v2);
}

/* Versions are handed out in ranges per area, so a branch merged later
 * can bring a migration below a database's highest version: it is
 * applied all the same (here: 560, the figures cache, taken away). */
static int count_row(void *n, int ncol, char **vals, char **cols)
{
	(void)ncol;
	(void)vals;
	(void)cols;
	++*(int *)n;
	return 0;
}

Test(store, a_missing_lower_migration_is_applied_on_open)
{
	struct err e = {0};
	int rows = 0;
	sqlite3 *raw;
	store_close(st);
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw,
				  "DELETE FROM schema_version WHERE version = 560;"
				  "DROP TABLE insight_figures;"
				  "ALTER TABLE round DROP COLUMN figures_gen;",
				  NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(raw));
	sqlite3_close(raw);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	store_close(st);
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw,
				  "SELECT figures_gen FROM round;"
				  "SELECT stamp FROM insight_figures;"
				  "SELECT version FROM schema_version"
				  " WHERE version = 560;", count_row, &rows, NULL),
		     SQLITE_OK, "%s", sqlite3_errmsg(raw));
	cr_assert_eq(rows, 1, "version 560 recorded once");
	sqlite3_close(raw);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
}

Test(store, programme_slug_is_unique)
{
	struct arena a;
	struct programme p, got;
	struct err e = {0};
	arena_init(&a, 0);
	add_programme("Leeds Trial", &a);
	programme_defaults(&p);
	p.name = "leeds  trial";
	cr_assert_eq(app_programme_add(st, &p, &a, "test", &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_eq(store_programme_get(st, "Leeds Trial", &a, &got, &e), 0);
	cr_assert_str_eq(got.slug, "leeds-trial");
	cr_assert_eq(store_programme_get(st, "nope", &a, &got, &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);
	arena_release(&a);
}

Test(store, upsert_keeps_status_and_joined)
{
	struct arena a;
	struct person p = {.name = "Ann", .email = "ann@x.org", .organisation = "A",
			   .joined = "2026-01-01", .status = PERSON_ACTIVE};
	struct person got;
	struct err e = {0};
	bool created;
	arena_init(&a, 0);
	p.programme_id = add_programme("P", &a);
	cr_assert_eq(store_person_upsert(st, &p, &created, &e), 0, "%s", e.msg);
	cr_assert(created);
	cr_assert_eq(store_person_set_status(st, p.id, PERSON_PAUSED, "2026-06-01", &e), 0);
	p.organisation = "B";
	p.joined = "2026-05-05";
	cr_assert_eq(store_person_upsert(st, &p, &created, &e), 0);
	cr_assert_not(created);
	cr_assert_eq(store_person_get(st, p.programme_id, "ann@x.org", &a, &got, &e), 0);
	cr_assert_str_eq(got.organisation, "B");
	cr_assert_eq(got.status, PERSON_PAUSED);
	cr_assert_str_eq(got.paused_until, "2026-06-01");
	cr_assert_str_eq(got.joined, "2026-01-01");
	arena_release(&a);
}

static const char good_csv[] =
	"name,email,organisation,sector\n"
	"Ann,ann@a.org,A,health\nBo,bo@b.org,B,housing\nCy,cy@c.org,C,health\n"
	"Di,di@d.org,D,police\nEd,ed@e.org,E,health\n";

Test(store, bad_import_changes_nothing)
{
	struct arena a;
	struct programme p;
	struct import_report rep;
	struct buf pr;
	struct person *people;
	size_t n;
	struct err e = {0};
	arena_init(&a, 0);
	buf_init(&pr, 0);
	add_programme("P", &a);
	cr_assert_eq(store_programme_get(st, "p", &a, &p, &e), 0);
	cr_assert_eq(app_people_import(st, &p, good_csv, strlen(good_csv), "g.csv",
				       false, &rep, &pr, LANG_EN, &e), 0, "%s", buf_str(&pr));
	cr_assert_eq(rep.created, 5);
	const char *bad = "name,email,organisation\nAnn,ann@a.org,Changed\nZed,zed@,Z\n";
	cr_assert_eq(app_people_import(st, &p, bad, strlen(bad), "b.csv", false,
				       &rep, &pr, LANG_EN, &e), -1);
	cr_assert(strstr(buf_str(&pr), "b.csv:3: email:"));
	cr_assert_eq(store_person_list(st, p.id, &a, &people, &n, &e), 0);
	cr_assert_eq(n, 5);
	cr_assert_str_eq(people[0].organisation, "A");
	/* A dry run validates and counts but writes nothing. */
	const char *more = "name,email,organisation\nFay,fay@f.org,F\n";
	cr_assert_eq(app_people_import(st, &p, more, strlen(more), "m.csv", true,
				       &rep, &pr, LANG_EN, &e), 0);
	cr_assert_eq(rep.created, 1);
	cr_assert_eq(store_person_list(st, p.id, &a, &people, &n, &e), 0);
	cr_assert_eq(n, 5);
	buf_release(&pr);
	arena_release(&a);
}

Test(store, round_lifecycle_and_outcomes)
{
	struct arena a;
	struct programme p;
	struct import_report rep;
	struct buf pr;
	struct round_detail rd, rd2;
	struct err e = {0};
	arena_init(&a, 0);
	buf_init(&pr, 0);
	add_programme("P", &a);
	cr_assert_eq(store_programme_get(st, "p", &a, &p, &e), 0);
	cr_assert_eq(app_people_import(st, &p, good_csv, strlen(good_csv), "g.csv",
				       false, &rep, &pr, LANG_EN, &e), 0);
	cr_assert_eq(app_person_set_status(st, &p, "di@d.org", PERSON_SKIP_NEXT,
					   NULL, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_round_new(st, &p, true, 7, "test", &a, &rd, &e), 0, "%s", e.msg);
	cr_assert_eq(rd.round.number, 1);
	cr_assert_eq(rd.round.state, ROUND_DRAFT);
	cr_assert_eq(rd.ngroups, 2); /* 4 eligible people: two pairs */
	/* Outcomes need a published round. */
	cr_assert_eq(app_outcome_record(st, &p, 1, "ann@a.org", OUTCOME_MET, 5,
					NULL, &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	/* A new draft replaces the old one under the same number. */
	cr_assert_eq(app_round_new(st, &p, true, 8, "test", &a, &rd2, &e), 0);
	cr_assert_eq(rd2.round.number, 1);
	cr_assert_eq(app_round_publish(st, &p, 1, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_round_publish(st, &p, 1, "test", &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	/* skip-next is cleared by publishing. */
	struct person di;
	cr_assert_eq(store_person_get(st, p.id, "di@d.org", &a, &di, &e), 0);
	cr_assert_eq(di.status, PERSON_ACTIVE);
	cr_assert_eq(app_outcome_record(st, &p, 1, "ANN@a.org", OUTCOME_MISSED, 3,
					NULL, &e), -1);
	cr_assert_str_eq(e.field, "rating");
	cr_assert_eq(app_outcome_record(st, &p, 1, "ann@a.org", OUTCOME_MET, 5,
					"good chat", &e), 0, "%s", e.msg);
	cr_assert_eq(app_outcome_record(st, &p, 1, "di@d.org", OUTCOME_MET, 0,
					NULL, &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);
	cr_assert_eq(app_round_get(st, &p, 0, &a, &rd, &e), 0);
	cr_assert_eq(rd.round.state, ROUND_PUBLISHED);
	cr_assert_neq(rd.round.deadline[0], '\0');
	int met = 0;
	for (size_t g = 0; g < rd.ngroups; g++)
		met += app_group_outcome(&rd.groups[g]) == OUTCOME_MET;
	cr_assert_eq(met, 1);
	/* The history now forbids the pairs of round 1. */
	struct pair_history *h;
	size_t nh;
	cr_assert_eq(store_pair_history(st, p.id, &a, &h, &nh, &e), 0);
	cr_assert_eq(nh, 2);
	/* Audit rows for the draft and the publish. */
	struct audit_row *rows;
	size_t nrows;
	cr_assert_eq(store_audit_list(st, p.id, &a, &rows, &nrows, &e), 0);
	int publishes = 0;
	for (size_t i = 0; i < nrows; i++)
		publishes += strcmp(rows[i].action, "round.publish") == 0;
	cr_assert_eq(publishes, 1);
	buf_release(&pr);
	arena_release(&a);
}

/* store_tx (under app_tx and the mail scheduler): commit, roll back on
 * failure with e kept, and roll back but succeed on STORE_TX_UNDO. */
struct tx_case {
	int64_t programme_id;
	int rc;
};

static int audit_then(struct store *s, void *arg, struct err *e)
{
	struct tx_case *c = arg;
	if (store_audit(s, c->programme_id, "test", "tx.case", "", e) < 0)
		return -1;
	return c->rc < 0 ? err_set(e, ERR_CONFLICT, "planted") : c->rc;
}

static int audit_rows(void)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int n = -1;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM audit WHERE"
					" action = 'tx.case'", -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

Test(store, store_tx_commits_rolls_back_and_undoes)
{
	struct arena a;
	struct err e = {0};
	arena_init(&a, 0);
	struct tx_case c = {add_programme("Tx", &a), -1};
	cr_assert_eq(store_tx(st, audit_then, &c, &e), -1);
	cr_assert_str_eq(e.msg, "planted");
	cr_assert_eq(audit_rows(), 0, "a failed work is rolled back");
	c.rc = STORE_TX_UNDO;
	cr_assert_eq(store_tx(st, audit_then, &c, &e), 0);
	cr_assert_eq(audit_rows(), 0, "an undone work succeeds and keeps nothing");
	c.rc = 0;
	cr_assert_eq(store_tx(st, audit_then, &c, &e), 0, "%s", e.msg);
	cr_assert_eq(audit_rows(), 1, "a work that succeeds is committed");
	cr_assert_eq(store_tx(st, audit_then, &c, &e), 0, "and the next one too");
	arena_release(&a);
}
