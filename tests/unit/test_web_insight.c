/* Unit tests of the insight page's data version (store_insight_version):
 * the key of the web layer's cache of drawn pages must change with what
 * the page shows and stay put otherwise. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/programme.h"
#include "store/store_access.h"
#include "store/store_insight.h"

Test(web_insight, version_follows_the_data)
{
	char dir[] = "/tmp/cuppa-wi-XXXXXX", path[128], cmd[160];
	char v0[200], v1[200], v2[200], v3[200], other[200];
	struct store *st = NULL;
	struct err e = {0};
	struct arena a;
	struct programme p, q;
	struct person ann = {.name = "Ann", .email = "ann@x.org", .organisation = "A",
			     .joined = "2026-01-01", .status = PERSON_ACTIVE};
	bool created;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	cr_assert_eq(store_open(path, &st, &e), 0, "%s", e.msg);
	arena_init(&a, 0);
	programme_defaults(&p);
	p.name = "P";
	cr_assert_eq(app_programme_add(st, &p, &a, "test", &e), 0, "%s", e.msg);
	programme_defaults(&q);
	q.name = "Q";
	cr_assert_eq(app_programme_add(st, &q, &a, "test", &e), 0, "%s", e.msg);

	cr_assert_eq(store_insight_version(st, p.id, v0, &e), 0, "%s", e.msg);
	cr_assert_eq(store_insight_version(st, p.id, v1, &e), 0);
	cr_assert_str_eq(v0, v1, "unchanged data, same version");
	cr_assert_eq(store_insight_version(st, q.id, other, &e), 0);

	ann.programme_id = p.id;
	cr_assert_eq(store_person_upsert(st, &ann, &created, &e), 0, "%s", e.msg);
	cr_assert_eq(store_insight_version(st, p.id, v1, &e), 0);
	cr_assert_str_neq(v0, v1, "a new person changes it");
	cr_assert_eq(store_insight_version(st, q.id, v3, &e), 0);
	cr_assert_str_eq(other, v3, "another programme's version is untouched");

	cr_assert_eq(app_person_set_status(st, &p, "ann@x.org", PERSON_LEFT, "",
					   "test", &e), 0, "%s", e.msg);
	cr_assert_eq(store_insight_version(st, p.id, v2, &e), 0);
	cr_assert_str_neq(v1, v2, "a change of state changes it");

	arena_release(&a);
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}
