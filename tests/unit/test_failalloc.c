/* Allocation failure (see failalloc.h): a CSV import, forming a round,
 * rendering a page and the store's row readers, each run with its 1st, 2nd, 3rd, ... allocation
 * failing until it succeeds.  Every failed run must return an error with
 * a message and leave nothing half-written; the sanitizer build checks
 * that nothing leaks (mail composition: test_mail.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/programme.h"
#include "failalloc.h"
#include "store/store.h"
#include "store/store_dashboard.h"
#include "store/store_mail.h"
#include "web/templates.h"
#include "text/tmpl.h"

#define NPEOPLE 40
#define MAX_STEPS 100000

static char dir[64], path[128];
static struct store *st;
static struct programme prog;
static struct buf csv;

static void setup(void)
{
	struct err e = {0};
	snprintf(dir, sizeof dir, "/tmp/cuppa-failalloc-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	programme_defaults(&prog);
	prog.name = "Failing Trials";
	prog.slug = "failing-trials";
	cr_assert_eq(store_programme_insert(st, &prog, &e), 0, "%s", e.msg);
	buf_init(&csv, 0);
	buf_puts(&csv, "name,email,organisation,sector,topics,timezone\r\n");
	for (int i = 0; i < NPEOPLE; i++)
		buf_printf(&csv, "Person %d,p%d@example.org,Org %d,Sector %d,"
			   "housing;data,Europe/London\r\n", i, i, i % 7, i % 3);
}

static void teardown(void)
{
	char cmd[160];
	buf_release(&csv);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

static size_t people_count(void)
{
	struct arena a;
	struct person *ps;
	size_t n = 0;
	struct err e = {0};
	arena_init(&a, 0);
	cr_assert_eq(store_person_list(st, prog.id, &a, &ps, &n, &e), 0, "%s", e.msg);
	arena_release(&a);
	return n;
}

static size_t round_count(void)
{
	struct arena a;
	struct round *rs;
	size_t n = 0;
	struct err e = {0};
	arena_init(&a, 0);
	cr_assert_eq(store_round_list(st, prog.id, &a, &rs, &n, &e), 0, "%s", e.msg);
	arena_release(&a);
	return n;
}

static int import(struct err *e)
{
	struct import_report rep;
	struct buf problems;
	buf_init(&problems, 0);
	int rc = app_people_import(st, &prog, buf_str(&csv), buf_len(&csv),
				   "people.csv", false, &rep, &problems, LANG_EN, e);
	buf_release(&problems);
	return rc;
}

TestSuite(failalloc, .init = setup, .fini = teardown);

Test(failalloc, csv_import)
{
	long n;
	for (n = 1; n < MAX_STEPS; n++) {
		struct err e = {0};
		size_t before = people_count();
		failalloc_arm(n);
		int rc = import(&e);
		bool injected = failalloc_disarm();
		if (rc < 0) {
			cr_assert(injected, "failed with no failure injected: %s", e.msg);
			cr_assert(e.msg[0], "allocation %ld: an error without a message", n);
			cr_assert_eq(people_count(), before, "allocation %ld: half an import", n);
			continue;
		}
		/* Success, perhaps around a failure the code could absorb
		 * (an uncached statement): then it must be complete. */
		cr_assert_eq(people_count(), NPEOPLE, "allocation %ld", n);
		if (!injected)
			break;
	}
	/* The bulk upsert (store_person_upsert_many) allocates per batch, not
	 * per row: a handful of allocations, each of which must fail cleanly. */
	cr_assert(n > 5 && n < MAX_STEPS, "%ld allocations", n);
}

Test(failalloc, round_forming)
{
	struct err e = {0};
	long n;
	cr_assert_eq(import(&e), 0, "%s", e.msg);
	for (n = 1; n < MAX_STEPS; n++) {
		struct arena a;
		struct round_detail rd;
		size_t before = round_count();
		arena_init(&a, 0);
		err_clear(&e);
		failalloc_arm(n);
		int rc = app_round_new(st, &prog, true, 42, "test", &a, &rd, &e);
		bool injected = failalloc_disarm();
		if (rc == 0)
			cr_assert_eq(rd.ngroups, NPEOPLE / 2, "allocation %ld", n);
		arena_release(&a);
		if (rc < 0) {
			cr_assert(injected, "failed with no failure injected: %s", e.msg);
			cr_assert(e.msg[0], "allocation %ld: an error without a message", n);
			cr_assert_eq(round_count(), before, "allocation %ld: half a round", n);
			continue;
		}
		cr_assert_eq(round_count(), 1);
		if (!injected)
			break;
	}
	cr_assert(n > 10 && n < MAX_STEPS, "%ld allocations", n);
}

Test(failalloc, page_render)
{
	struct arena a;
	struct buf want;
	struct err e = {0};
	long n;
	arena_init(&a, 0);
	struct tv *d = tv_obj(&a), *list = tv_list(&a);
	for (int i = 0; i < NPEOPLE; i++) {
		struct tv *o = tv_push(list);
		tv_setf(o, "id", "%d", i);
		tv_setf(o, "name", "Person <%d>", i);
		tv_set(o, "organisation", "Org & Co");
		tv_set(o, "status", "active");
		tv_set(o, "joined", "2026-01-01");
	}
	tv_set(d, "programme", prog.name);
	tv_set(d, "slug", prog.slug);
	tv_set_tv(d, "people", list);
	tv_set(d, "count", "Showing 1-40 of 40");
	buf_init(&want, 0);
	cr_assert_eq(tmpl_render(&want, tpl_admin_people, d, &e), 0, "%s", e.msg);
	for (n = 1; n < MAX_STEPS; n++) {
		struct buf out;
		buf_init(&out, 0);
		err_clear(&e);
		failalloc_arm(n);
		int rc = tmpl_render(&out, tpl_admin_people, d, &e);
		bool injected = failalloc_disarm();
		if (rc < 0 || buf_failed(&out)) {
			cr_assert(injected, "failed with no failure injected: %s", e.msg);
			cr_assert(rc < 0 && e.msg[0],
				  "allocation %ld: the page is cut short without an error", n);
		} else {
			cr_assert_str_eq(buf_str(&out), buf_str(&want), "allocation %ld", n);
		}
		buf_release(&out);
		if (rc == 0 && !injected)
			break;
	}
	cr_assert(n > 1 && n < MAX_STEPS, "%ld allocations", n);
	buf_release(&want);
	arena_release(&a);
}

/* Row readers: each copies column text into the caller's arena, row by
 * row.  A refused allocation must make the read fail with a message,
 * never hand back a NULL field or a short list as if all were well.
 * Enough people that the arena grows in the middle of the rows. */
#define MANY 600
static int read_rows(struct arena *a, struct err *e)
{
	struct person *ps;
	struct round_detail rd;
	struct group *g;
	struct round r;
	char **sectors;
	size_t n, matched, ng;
	if (store_dash_people_page(st, prog.id, "", "", 0, MANY, a, &ps, &n,
				   &matched, e) < 0)
		return -1;
	cr_assert_eq(n, MANY);
	for (size_t i = 0; i < n; i++)
		cr_assert(ps[i].name && ps[i].email && ps[i].organisation &&
			  ps[i].sector && ps[i].role && ps[i].location &&
			  ps[i].timezone && ps[i].topics && ps[i].intro &&
			  ps[i].paused_until && ps[i].joined &&
			  ps[i].created_at && ps[i].language,
			  "person %zu read with a field missing", i);
	if (store_round_detail(st, prog.id, 1, a, &rd, e) < 0)
		return -1;
	cr_assert_eq(rd.ngroups, MANY / 2);
	for (size_t i = 0; i < rd.ngroups; i++)
		for (int m = 0; m < rd.groups[i].n; m++)
			cr_assert(rd.groups[i].member[m].name &&
				  rd.groups[i].member[m].email &&
				  rd.groups[i].member[m].organisation &&
				  rd.groups[i].member[m].comment,
				  "group %zu read with a field missing", i);
	if (store_dash_round_page(st, rd.round.id, 0, MANY, a, &g, &sectors, &ng,
				  e) < 0)
		return -1;
	cr_assert_eq(ng, MANY / 2);
	for (size_t i = 0; i < ng; i++)
		for (int m = 0; m < g[i].n; m++)
			cr_assert(g[i].member[m].name && g[i].member[m].email &&
				  g[i].member[m].organisation &&
				  g[i].member[m].comment && sectors[i * 3 + (size_t)m],
				  "page group %zu read with a field missing", i);
	if (store_mail_round(st, rd.round.id, a, &r, e) < 0)
		return -1;
	cr_assert(r.created_at && r.published_at && r.deadline,
		  "the round read with a field missing");
	return 0;
}

Test(failalloc, row_readers)
{
	struct err e = {0};
	struct arena a;
	struct round_detail rd;
	struct import_report rep;
	struct buf problems;
	long n;
	buf_reset(&csv);
	buf_puts(&csv, "name,email,organisation,sector,topics,timezone\r\n");
	for (int i = 0; i < MANY; i++)
		buf_printf(&csv, "Person %d,p%d@example.org,Org %d,Sector %d,"
			   "housing;data,Europe/London\r\n", i, i, i % 7, i % 3);
	buf_init(&problems, 0);
	cr_assert_eq(app_people_import(st, &prog, buf_str(&csv), buf_len(&csv),
				       "many.csv", false, &rep, &problems, LANG_EN,
				       &e), 0, "%s", e.msg);
	buf_release(&problems);
	arena_init(&a, 0);
	cr_assert_eq(app_round_new(st, &prog, true, 42, "test", &a, &rd, &e), 0,
		     "%s", e.msg);
	arena_release(&a);
	for (n = 1; n < MAX_STEPS; n++) {
		arena_init(&a, 0);
		err_clear(&e);
		failalloc_arm(n);
		int rc = read_rows(&a, &e);
		bool injected = failalloc_disarm();
		arena_release(&a);
		if (rc < 0) {
			cr_assert(injected, "failed with no failure injected: %s", e.msg);
			cr_assert(e.msg[0], "allocation %ld: an error without a message", n);
			continue;
		}
		if (!injected)
			break;
	}
	cr_assert(n > 10 && n < MAX_STEPS, "%ld allocations", n);
}
