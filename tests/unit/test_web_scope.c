/* Who organises which programme: the store's rows and the app layer's
 * transactions behind the dashboard's and the API's scoping. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_grant.h"
#include "store/store_dashboard.h"
#include "store/store_schedule.h"
#include "store/store_access.h"
#include "web/web.h"

static struct programme new_programme(const char *name)
{
	struct programme p;
	memset(&p, 0, sizeof p);
	p.name = (char *)name;
	p.cadence_days = 30;
	p.group_size = 2;
	p.mix_attribute = "";
	p.mix_values = "";
	p.settings = "{}";
	return p;
}

/* A fresh store in dir (mkdtemp'd here) with two organisers. */
static struct store *open_two_organisers(char *dir, int64_t *o1, int64_t *o2)
{
	char path[128];
	struct store *st;
	struct err e = {0};
	bool created;
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	cr_assert_eq(store_organiser_set(st, "a@example.org", "$argon2id$x", o1,
					 &created, &e), 0, "%s", e.msg);
	cr_assert_eq(store_organiser_set(st, "b@example.org", "$argon2id$x", o2,
					 &created, &e), 0, "%s", e.msg);
	return st;
}

Test(web_scope, grants_lists_and_transactions)
{
	char dir[] = "/tmp/cuppa-web-scope-XXXXXX", cmd[256];
	struct err e = {0};
	struct arena a;
	int64_t o1, o2, *ids;
	size_t n;
	bool created, granted, yes;
	struct store *st = open_two_organisers(dir, &o1, &o2);
	arena_init(&a, 0);

	/* Created on the web: its creator organises it, nobody else. */
	struct programme p1 = new_programme("First Coffee");
	cr_assert_eq(app_grant_programme_add(st, &p1, o1, &a, "test", &e), 0, "%s", e.msg);
	cr_assert_str_eq(p1.slug, "first-coffee");
	cr_assert_eq(store_programme_organised_by(st, p1.id, o1, &yes, &e), 0);
	cr_assert(yes);
	cr_assert_eq(store_programme_organised_by(st, p1.id, o2, &yes, &e), 0);
	cr_assert(!yes);
	/* A refused creation (slug taken) leaves no grant behind. */
	struct programme dup = new_programme("First Coffee");
	cr_assert_eq(app_grant_programme_add(st, &dup, o2, &a, "test", &e), -1);
	cr_assert_eq(store_programme_ids_of(st, o2, &a, &ids, &n, &e), 0);
	cr_assert_eq(n, 0);

	/* Grant, twice (conflict), ungrant, twice (not found). */
	cr_assert_eq(app_grant_add(st, &p1, o2, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_grant_add(st, &p1, o2, "test", &e), -1);
	cr_assert_eq(e.code, ERR_CONFLICT);
	cr_assert_eq(store_programme_ids_of(st, o2, &a, &ids, &n, &e), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(ids[0], p1.id);
	cr_assert_eq(app_grant_remove(st, &p1, o2, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_grant_remove(st, &p1, o2, "test", &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);

	/* An organiser (re)set with a programme: granted once, kept. */
	struct programme p2 = new_programme("Second Coffee");
	cr_assert_eq(app_grant_programme_add(st, &p2, o1, &a, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_grant_organiser_set(st, "b@example.org", "$argon2id$y", &p2,
					   "test", &o2, &created, &granted, &e), 0,
		     "%s", e.msg);
	cr_assert(!created);
	cr_assert(granted);
	cr_assert_eq(app_grant_organiser_set(st, "b@example.org", "$argon2id$z", &p2,
					   "test", &o2, &created, &granted, &e), 0,
		     "%s", e.msg);
	cr_assert(!granted);
	cr_assert_eq(store_programme_ids_of(st, o1, &a, &ids, &n, &e), 0);
	cr_assert_eq(n, 2);
	cr_assert(ids[0] < ids[1]);
	cr_assert_eq(store_programme_ids_of(st, o2, &a, &ids, &n, &e), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(ids[0], p2.id);

	arena_release(&a);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

/* The one-query reads the dashboard starts every page with agree with
 * the separate ones they replace. */
Test(web_scope, combined_reads)
{
	char dir[] = "/tmp/cuppa-web-scope-XXXXXX", cmd[256];
	struct err e = {0};
	struct arena a;
	int64_t o1, o2;
	bool mine;
	int64_t stamp, direct;
	struct programme *ps, got;
	size_t n;
	struct store *st = open_two_organisers(dir, &o1, &o2);
	arena_init(&a, 0);
	struct programme p1 = new_programme("First Coffee");
	struct programme p2 = new_programme("Second Coffee");
	struct programme p3 = new_programme("Third Coffee");
	cr_assert_eq(app_grant_programme_add(st, &p1, o1, &a, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_grant_programme_add(st, &p2, o2, &a, "test", &e), 0, "%s", e.msg);
	cr_assert_eq(app_grant_programme_add(st, &p3, o1, &a, "test", &e), 0, "%s", e.msg);

	int64_t *stamps;
	cr_assert_eq(store_programme_list_of(st, o1, &a, &ps, &stamps, &n, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(ps[0].slug, "first-coffee");
	cr_assert_str_eq(ps[1].slug, "third-coffee");
	cr_assert_eq(store_dash_audit_stamp(st, p3.id, &direct, &e), 0);
	cr_assert_eq(stamps[1], direct);
	cr_assert(stamps[0] < stamps[1]);
	cr_assert_eq(store_programme_list_of(st, o2, &a, &ps, NULL, &n, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(n, 1);
	cr_assert_eq(ps[0].id, p2.id);

	cr_assert_eq(store_programme_get_organised(st, "first-coffee", o1, &a,
						   &got, &mine, &stamp, &e), 0, "%s", e.msg);
	cr_assert_eq(got.id, p1.id);
	cr_assert_str_eq(got.name, "First Coffee");
	cr_assert(mine);
	cr_assert_eq(store_dash_audit_stamp(st, p1.id, &direct, &e), 0);
	cr_assert(direct > 0); /* its creation is audited */
	cr_assert_eq(stamp, direct);
	cr_assert_eq(store_programme_get_organised(st, "first-coffee", o2, &a,
						   &got, &mine, &stamp, &e), 0, "%s", e.msg);
	cr_assert(!mine);
	/* By slug only, never by name (store_programme_get falls back to it). */
	cr_assert_eq(store_programme_get_organised(st, "First Coffee", o1, &a,
						   &got, &mine, &stamp, &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);
	cr_assert(!mine);

	/* A schedule state and the scheduler's run, present or not. */
	struct schedule_state ss;
	struct scheduler_run run;
	cr_assert_eq(store_schedule_get_with_run(st, p1.id, &a, &ss, &run, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(ss.programme_id, p1.id);
	cr_assert_eq(ss.slot, -1);
	cr_assert_str_eq(ss.last_step, "");
	cr_assert_str_eq(run.last_result, "");
	cr_assert_eq(store_begin(st, &e), 0);
	cr_assert_eq(store_schedule_lock(st, p1.id, &e), 0, "%s", e.msg);
	ss.slot = 4;
	ss.round = 2;
	ss.held = true;
	ss.last_step = "draft 2";
	cr_assert_eq(store_schedule_put(st, &ss, &e), 0, "%s", e.msg);
	cr_assert_eq(store_commit(st, &e), 0);
	bool held;
	cr_assert_eq(store_scheduler_lease(st, "me", 100, 200, &held, &e), 0, "%s", e.msg);
	cr_assert_eq(store_scheduler_record(st, "me", "2027-01-01T09:40:00Z", 100,
					    "ok", 3, "", &e), 0, "%s", e.msg);
	struct schedule_state one;
	struct scheduler_run one_run;
	cr_assert_eq(store_schedule_get(st, p1.id, &a, &one, &e), 0);
	cr_assert_eq(store_scheduler_get(st, &a, &one_run, &e), 0);
	cr_assert_eq(store_schedule_get_with_run(st, p1.id, &a, &ss, &run, &e), 0,
		     "%s", e.msg);
	cr_assert_eq(ss.slot, 4);
	cr_assert_eq(ss.round, 2);
	cr_assert(ss.held);
	cr_assert_str_eq(ss.last_step, one.last_step);
	cr_assert_str_eq(run.last_result, "ok");
	cr_assert_str_eq(run.last_run_at, one_run.last_run_at);
	cr_assert_eq(run.last_steps, 3);
	/* Another programme: no state of its own, the same run. */
	cr_assert_eq(store_schedule_get_with_run(st, p2.id, &a, &ss, &run, &e), 0);
	cr_assert_eq(ss.slot, -1);
	cr_assert(!ss.held);
	cr_assert_str_eq(run.last_result, "ok");

	arena_release(&a);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

/* The dispatcher checks the organiser for routes naming a programme by
 * {slug}; a route that named one any other way would escape the check. */
Test(web_scope, every_programme_route_names_it_by_slug)
{
	static const char *const prefixes[] = {"/admin/programmes/",
					       "/api/v1/programmes/"};
	for (const struct route *r = web_routes; r->pattern; r++)
		for (size_t i = 0; i < 2; i++) {
			size_t n = strlen(prefixes[i]);
			if (strncmp(r->pattern, prefixes[i], n) != 0)
				continue;
			cr_assert(strncmp(r->pattern + n, "{slug}", 6) == 0 &&
				  (r->pattern[n + 6] == '\0' || r->pattern[n + 6] == '/'),
				  "%s", r->pattern);
			cr_assert(r->flags & (WR_ADMIN | WR_API), "%s", r->pattern);
		}
}
