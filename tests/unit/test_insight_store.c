/* Insight on a real SQLite store: the row reader, pseudonyms and consent,
 * drafts invisible, insight_stats_add, and the dashboard fragment and
 * exports. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "insight/data.h"
#include "insight/insight_page.h"
#include "insight/insight_stats.h"
#include "insight/picture.h"
#include "store/store.h"
#include "store/store_insight.h"

static struct store *st;
static struct programme prog;
static int64_t pid[6];
static char dbpath[64];

static void setup(void)
{
	struct err e = {0};
	snprintf(dbpath, sizeof dbpath, "/tmp/cuppa-insight-%d.db", (int)getpid());
	unlink(dbpath);
	cr_assert_eq(store_open(dbpath, &st, &e), 0, "%s", e.msg);
	prog = (struct programme){.slug = "ins", .name = "Insight test",
				  .cadence_days = 30, .group_size = 2};
	cr_assert_eq(store_programme_insert(st, &prog, &e), 0, "%s", e.msg);
	static const char *const names[6] = {"Ann Ash", "Bob Birch", "Cat Cedar",
					     "Dan Dogwood", "Eve Elm", "Fay Fir"};
	static const char *const orgs[6] = {"Alpha", "Alpha", "Beta", "Beta", "Gamma", ""};
	for (int i = 0; i < 6; i++) {
		char email[64];
		bool created;
		snprintf(email, sizeof email, "p%d@example.org", i);
		struct person p = {.programme_id = prog.id, .name = (char *)names[i],
				   .email = email, .organisation = (char *)orgs[i],
				   .sector = i % 2 ? "public" : "voluntary",
				   .status = PERSON_ACTIVE, .joined = "2026-01-10",
				   .show_name = i == 0};
		cr_assert_eq(store_person_upsert(st, &p, &created, &e), 0, "%s", e.msg);
		pid[i] = p.id;
	}
	struct group g[2] = {{.n = 2}, {.n = 3}};
	g[0].member[0].person_id = pid[0];
	g[0].member[1].person_id = pid[1];
	g[1].member[0].person_id = pid[2];
	g[1].member[1].person_id = pid[3];
	g[1].member[2].person_id = pid[4];
	struct unplaced u = {.person_id = pid[5], .reason = "test"};
	struct round r = {.programme_id = prog.id, .number = 1, .state = ROUND_PUBLISHED,
			  .seed = 1, .published_at = "2026-02-01T09:00:00Z",
			  .deadline = "2026-03-01"};
	cr_assert_eq(store_round_insert(st, &r, g, 2, &u, 1, &e), 0, "%s", e.msg);
	cr_assert_eq(store_outcome_set(st, g[0].id, pid[0], OUTCOME_MET, 0, NULL, "", &e), 0);
	cr_assert_eq(store_outcome_set(st, g[1].id, pid[2], OUTCOME_MISSED, 0, NULL, "", &e), 0);
	/* A draft round 2 pairing 0 with 2: must stay invisible. */
	struct group d = {.n = 2};
	d.member[0].person_id = pid[0];
	d.member[1].person_id = pid[2];
	struct round r2 = {.programme_id = prog.id, .number = 2, .state = ROUND_DRAFT,
			   .seed = 2};
	cr_assert_eq(store_round_insert(st, &r2, &d, 1, NULL, 0, &e), 0, "%s", e.msg);
}

static void teardown(void)
{
	store_close(st);
	unlink(dbpath);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", dbpath);
	unlink(wal);
	insight_picture_cache_clear();
}

TestSuite(insight_store, .init = setup, .fini = teardown);

Test(insight_store, rows_and_labels)
{
	struct err e = {0};
	struct arena a;
	struct store_insight_rows r;
	arena_init(&a, 0);
	cr_assert_eq(store_insight_rows(st, prog.id, &a, &r, &e), 0, "%s", e.msg);
	cr_assert_eq(r.npeople, 6);
	cr_assert_eq(r.nrounds, 1);
	cr_assert_eq(r.nmembers, 5);
	cr_assert_eq(r.nunplaced, 1);
	arena_release(&a);

	struct insight_data d;
	cr_assert_eq(insight_data_load(st, prog.id, true, &d, &e), 0, "%s", e.msg);
	cr_assert_str_eq(d.in.people[0].label, "Ann Ash"); /* consented */
	cr_assert_str_eq(d.in.people[1].label, "P2");
	cr_assert_eq(d.in.ngroups, 2);
	cr_assert_eq(d.in.groups[0].status, INSIGHT_MET);
	cr_assert_eq(d.in.groups[1].status, INSIGHT_MISSED);
	cr_assert_eq(d.in.norgs, 3);
	cr_assert_eq(d.in.people[5].org, -1);
	cr_assert_eq(d.last_round, 1);
	insight_data_release(&d);
	cr_assert_eq(insight_data_load(st, prog.id, false, &d, &e), 0);
	cr_assert_str_eq(d.in.people[0].label, "P1");
	insight_data_release(&d);
}

Test(insight_store, stats_add)
{
	struct err e = {0};
	json_t *root = json_object();
	json_object_set_new(root, "keep", json_true());
	cr_assert_eq(insight_stats_add(st, &prog, 0, root, &e), 0, "%s", e.msg);
	json_t *net = json_object_get(root, "network");
	cr_assert_eq(json_integer_value(json_object_get(net, "nodes")), 6);
	cr_assert_eq(json_integer_value(json_object_get(net, "edges")), 4);
	cr_assert_eq(json_integer_value(json_object_get(net, "components")), 3);
	json_t *met = json_object_get(root, "met_network");
	cr_assert_eq(json_integer_value(json_object_get(met, "edges")), 1);
	cr_assert_eq(json_array_size(json_object_get(root, "per_round")), 1);
	cr_assert(json_array_size(json_object_get(root, "growth")) >= 2);
	cr_assert(json_is_true(json_object_get(root, "keep")));
	json_decref(root);

	root = json_object();
	cr_assert_eq(insight_stats_add(st, &prog, 2, root, &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);
	json_decref(root);
}

Test(insight_store, page_and_exports)
{
	struct err e = {0};
	struct buf b;
	buf_init(&b, 0);
	cr_assert_eq(insight_page_render(st, &prog, 0, false, LANG_EN, &b, &e), 0, "%s", e.msg);
	const char *s = buf_str(&b);
	cr_assert(strstr(s, "class=\"round-slider\""));
	cr_assert(strstr(s, "aria-current=\"page\" href=\"?round=1\""));
	cr_assert(strstr(s, "class=\"insight-network\""));
	cr_assert(strstr(s, "class=\"insight-growth\""));
	cr_assert(strstr(s, "?format=csv"));
	cr_assert_null(strstr(s, "<script"));
	cr_assert_null(strstr(s, " style=\""));
	cr_assert_null(strstr(s, "Ann Ash"));
	buf_reset(&b);
	cr_assert_eq(insight_page_render(st, &prog, 1, true, LANG_EN, &b, &e), 0);
	cr_assert(strstr(buf_str(&b), "Ann Ash"));
	cr_assert_null(strstr(buf_str(&b), "Bob Birch"));
	buf_reset(&b);
	cr_assert_eq(insight_page_render(st, &prog, 2, false, LANG_EN, &b, &e), -1);
	cr_assert_eq(e.code, ERR_NOTFOUND);

	const char *ct = NULL;
	buf_reset(&b);
	cr_assert_eq(insight_page_export(st, &prog, 0, true, &b, &ct, &e), 0);
	cr_assert_str_eq(ct, "text/csv; charset=utf-8");
	cr_assert(strncmp(buf_str(&b), "round,published,groups", 22) == 0);
	cr_assert(strstr(buf_str(&b), "\r\n1,2026-02-01,2,1,1,1,0,1,"));
	buf_reset(&b);
	cr_assert_eq(insight_page_export(st, &prog, 0, false, &b, &ct, &e), 0);
	cr_assert_str_eq(ct, "application/json");
	json_t *j = json_loads(buf_str(&b), 0, NULL);
	cr_assert_not_null(j);
	cr_assert_not_null(json_object_get(j, "met_network"));
	json_t *people = json_object_get(j, "people");
	cr_assert_eq(json_array_size(people), 6);
	json_t *p0 = json_array_get(people, 0);
	cr_assert_str_eq(json_string_value(json_object_get(p0, "id")), "P1");
	cr_assert_eq(json_integer_value(json_object_get(p0, "meetings")), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(people, 5),
							"times_unplaced")), 1);
	cr_assert_null(strstr(buf_str(&b), "Ann"));
	json_decref(j);
	buf_release(&b);
}
